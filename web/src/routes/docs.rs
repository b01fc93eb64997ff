//! `GET /api/openapi.json`: the OpenAPI 3.1 document, built from the route
//! table (so a registered route cannot be missing from it); request bodies
//! are described by their `utoipa::ToSchema` derives.

use super::table::{RouteDef, table};
use crate::auth::{Access, Role};
use actix_web::HttpResponse;
use serde_json::{Map, Value, json};
use std::sync::OnceLock;

pub async fn openapi() -> HttpResponse {
    static DOC: OnceLock<String> = OnceLock::new();
    let doc = DOC.get_or_init(|| document().to_string());
    HttpResponse::Ok().content_type("application/json").body(doc.as_str())
}

/// The whole document.
pub fn document() -> Value {
    let mut paths = Map::new();
    let mut schemas = Map::new();
    schemas.insert("Error".into(), error_schema());
    for r in table() {
        let item = paths.entry(r.path.to_string()).or_insert_with(|| json!({}));
        item[r.method.as_str().to_lowercase()] = operation(&r, &mut schemas);
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Piyasa",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The people's side (room, history, stream, posting) is open; operators log in \
                (POST /api/auth/login: session cookie, CSRF token) or send an API key \
                (Authorization: Bearer pk_…). A session's state-changing requests carry X-CSRF-Token. \
                Roles: viewer < operator < admin. Errors: {code, message, field?}.",
        },
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "session": {"type": "apiKey", "in": "cookie", "name": crate::auth::session::COOKIE},
                "apiKey": {"type": "http", "scheme": "bearer", "description": "pk_ + 64 hex, made by an admin"},
                "metricsToken": {"type": "http", "scheme": "bearer", "description": "metrics.token"},
            },
        },
    })
}

fn operation(r: &RouteDef, schemas: &mut Map<String, Value>) -> Value {
    let mut params: Vec<Value> = r
        .path
        .split('/')
        .filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}))
        .collect();
    params.extend(
        r.query
            .iter()
            .map(|(name, d)| json!({"name": name, "in": "query", "description": d, "schema": {"type": "string"}})),
    );
    let (access, security) = match r.access {
        Access::Public => ("public", json!([])),
        Access::Metrics => ("metrics token or viewer", json!([{"metricsToken": []}, {"apiKey": []}, {"session": []}])),
        Access::Role(role) => (role_name(role), json!([{"apiKey": []}, {"session": []}])),
        Access::Session => ("any console session", json!([{"session": []}])),
        Access::Console(role) => (console_access(role), json!([{"session": []}])),
    };
    let tag = r.path.trim_start_matches("/api/").trim_start_matches('/').split('/').next().unwrap_or("room");
    let tag = if tag.is_empty() || tag == "assets" || tag == "favicon.ico" { "room" } else { tag };
    let mut op = json!({
        "operationId": format!("{}_{}", r.method.as_str().to_lowercase(), r.path.replace(['/', '{', '}', '.', '-'], "_").trim_matches('_')),
        "summary": r.summary,
        "tags": [tag],
        "x-access": access,
        "security": security,
        "parameters": params,
        "responses": {
            "2XX": {"description": format!("success ({})", r.produces)},
            "4XX": {"description": "the request was refused; nothing changed",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
        },
    });
    if let Some((name, schema)) = r.body {
        schemas.insert(name.to_string(), serde_json::to_value(schema()).unwrap_or(Value::Null));
        op["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{name}")}}}});
    }
    op
}

/// A console page: a session of at least the role; without one, a redirect to the login page.
fn console_access(role: Role) -> &'static str {
    match role {
        Role::Viewer => "console session (viewer); otherwise 303 to /console/login",
        Role::Operator => "console session (operator); otherwise 303 to /console/login",
        Role::Admin => "console session (admin); otherwise 303 to /console/login",
    }
}

fn role_name(role: Role) -> &'static str {
    role.as_str()
}

fn error_schema() -> Value {
    json!({
        "type": "object",
        "required": ["code", "message"],
        "properties": {
            "code": {"type": "string", "description": "stable snake_case code (web::error::ErrorCode)"},
            "message": {"type": "string"},
            "field": {"type": "string", "description": "the body field at fault"},
        },
    })
}
