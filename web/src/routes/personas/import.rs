//! `POST /api/import/preview` and `POST /api/import`: a persona file (a
//! community YAML, a YAML list, or the seed project's JSON) compared with
//! the store, then written exactly as previewed: the apply names the
//! preview's fingerprint and is refused (409 `conflict`) when the store
//! changed since.

use crate::audit::{self, Entry};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::startup::AppState;
use actix_web::{HttpResponse, web};
use actors::control::ImportRequest;
use engine::community::PersonaFormat;
use engine::control::ImportPlan;
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ImportBody {
    /// The file's text.
    text: String,
    /// `auto` (the default: seed JSON when the text starts with `{`), `yaml` or `seed`.
    #[serde(default)]
    format: Option<String>,
    /// The room to import into; none: the room a community file names.
    #[serde(default)]
    room: Option<String>,
    /// Members of the room that the file does not name leave it.
    #[serde(default)]
    remove_missing: bool,
    /// For `POST /api/import`: the preview's `fingerprint`; the import is
    /// refused when the store changed since. The preview does not read it.
    #[serde(default)]
    fingerprint: Option<String>,
}

fn request(b: &ImportBody) -> Result<ImportRequest<'_>, ApiError> {
    let format = match b.format.as_deref().unwrap_or("auto") {
        "auto" => PersonaFormat::Auto,
        "yaml" => PersonaFormat::Yaml,
        "seed" => PersonaFormat::Seed,
        other => return Err(ApiError::field("format", format!("'{other}' is not auto, yaml or seed"))),
    };
    Ok(ImportRequest { text: &b.text, format, room: b.room.as_deref(), remove_missing: b.remove_missing })
}

/// `POST /api/import/preview`: what the import would do; writes nothing.
pub async fn preview(state: web::Data<AppState>, body: web::Json<ImportBody>) -> Result<HttpResponse, ApiError> {
    let plan = state.community.preview_import(&request(&body)?).await?;
    Ok(HttpResponse::Ok().json(plan))
}

/// What the audit log keeps of an import: who was added, changed, joined or left.
fn summary(plan: &ImportPlan) -> serde_json::Value {
    let added: Vec<&str> = plan.added.iter().map(|p| p.username.as_str()).collect();
    let changed: Vec<serde_json::Value> = plan
        .changed
        .iter()
        .map(|c| json!({"bot": c.username, "fields": c.fields.iter().map(|f| &f.field).collect::<Vec<_>>()}))
        .collect();
    let left = if plan.remove_missing { plan.not_in_file.clone() } else { Vec::new() };
    json!({"added": added, "changed": changed, "joined": plan.joining, "left": left})
}

/// `POST /api/import`: writes the previewed import, all or nothing.
pub async fn apply(
    state: web::Data<AppState>,
    p: Principal,
    body: web::Json<ImportBody>,
) -> Result<HttpResponse, ApiError> {
    let Some(fingerprint) = body.fingerprint.as_deref() else {
        return Err(ApiError::field("fingerprint", "give the fingerprint of the preview to apply"));
    };
    let plan = state.community.apply_import(&request(&body)?, fingerprint).await?;
    let e = Entry::new("persona.import", Some(plan.room.to_string())).after(summary(&plan));
    audit::record(&state.auth.store, &state.clock, &p, e).await?;
    Ok(HttpResponse::Ok().json(plan))
}
