//! `/console/account` (any session): one's own account: the second factor
//! (`POST /api/auth/totp/setup`, `/enable`, `/disable`), the password
//! (`POST /api/auth/password`) and logging out everywhere
//! (`POST /api/auth/logout-all`).

use super::{Frame, render};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::startup::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

#[derive(Template)]
#[template(path = "console/account.html")]
struct Page {
    f: Frame,
    totp_enabled: bool,
}

pub async fn page(req: HttpRequest, state: web::Data<AppState>, p: Principal) -> Result<HttpResponse, ApiError> {
    let id = p.user_id().ok_or_else(|| ApiError::internal_msg("a console session without a user"))?;
    let user = state.auth.store.operator(id).await?.ok_or_else(|| ApiError::internal_msg("the account is gone"))?;
    render(&Page { f: Frame::new(&req, &p, "account")?, totp_enabled: user.totp_enabled })
}
