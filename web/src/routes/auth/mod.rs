//! `/api/auth`: logging in and out, one's own session, password and second
//! factor. How a console page works with it: `POST /api/auth/login` sets the
//! `piyasa_session` cookie and answers the CSRF token; a page rendered later
//! gets it from `GET /api/auth/session`; every POST/PATCH/DELETE of the
//! session sends it back as `X-CSRF-Token`.

mod login;
mod own;
mod totp;

pub use login::{LoginBody, login};
pub use own::{PasswordBody, change_password, logout, logout_all, session};
pub use totp::{TotpCodeBody, TotpDisableBody, totp_disable, totp_enable, totp_setup};

use crate::error::ApiError;
use crate::startup::AppState;
use schema::OperatorRow;

/// The account behind a session principal (it exists: the guard just read it).
async fn me(state: &AppState, p: &crate::auth::Principal) -> Result<OperatorRow, ApiError> {
    let id = p.user_id().ok_or_else(|| ApiError::internal_msg("a session route without a user"))?;
    state.auth.store.operator(id).await?.ok_or_else(|| ApiError::internal_msg("the session's account is gone"))
}
