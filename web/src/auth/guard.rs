//! The one place roles are enforced: a middleware on every resource of the
//! route table, holding that resource's [`Access`] per method. It resolves
//! the caller, answers 401/403 before the handler runs, checks the CSRF
//! token of a session's state-changing request, and leaves the
//! [`Principal`] in the request for the handler and the audit log.

use super::{Access, Auth, Principal};
use crate::error::{ApiError, ErrorCode};
use crate::startup::AppState;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::http::header::LOCATION;
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpResponse, web};
use std::collections::HashMap;
use std::rc::Rc;

/// A resource's access per method (HEAD is checked as GET).
pub type AccessMap = Rc<HashMap<Method, Access>>;

/// Refusals are answered here as responses (not errors), so the outer
/// middlewares (security headers) see them like any other response.
pub async fn check<B: MessageBody + 'static>(
    map: AccessMap,
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let method = if req.method() == Method::HEAD { Method::GET } else { req.method().clone() };
    // A method the resource does not have falls through to its 405.
    let access = match map.get(&method) {
        None | Some(Access::Public) => return Ok(next.call(req).await?.map_into_boxed_body()),
        Some(a) => *a,
    };
    match admit(access, &method, &req).await {
        Ok(principal) => {
            req.extensions_mut().insert(principal);
            Ok(next.call(req).await?.map_into_boxed_body())
        }
        Err(e) if matches!(access, Access::Console(_)) && needs_login(e.code) => {
            let to = crate::console::login_url(req.path());
            let (req, _) = req.into_parts();
            Ok(ServiceResponse::new(req, HttpResponse::SeeOther().insert_header((LOCATION, to)).finish()))
        }
        Err(e) => Ok(req.error_response(e)),
    }
}

/// A console page asked without a live session: the answer is the login page.
fn needs_login(code: ErrorCode) -> bool {
    matches!(code, ErrorCode::Unauthenticated | ErrorCode::SessionExpired)
}

async fn admit(access: Access, method: &Method, req: &ServiceRequest) -> Result<Principal, ApiError> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| ApiError::internal_msg("the application state is missing"))?;
    let principal = state.auth.resolve(req.request()).await?;
    let principal = authorize(access, principal, method)?;
    if let Some(s) = &principal.session
        && !is_safe(method)
        && !Auth::csrf_ok(req.request(), s)
    {
        return Err(ApiError::new(
            ErrorCode::CsrfFailed,
            "a session's state-changing request needs the X-CSRF-Token header (GET /api/auth/session gives it)",
        ));
    }
    Ok(principal)
}

fn is_safe(m: &Method) -> bool {
    matches!(*m, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Who may pass: 401 without credentials, 403 with credentials that do not reach.
pub fn authorize(access: Access, principal: Option<Principal>, method: &Method) -> Result<Principal, ApiError> {
    let Some(p) = principal else {
        return Err(ApiError::new(ErrorCode::Unauthenticated, "this route needs a session or an API key"));
    };
    let denied = |why: String| Err(ApiError::new(ErrorCode::Forbidden, why));
    match access {
        Access::Public => Ok(p),
        Access::Metrics if p.role.is_some() || matches!(p.actor, super::Actor::MetricsToken) => Ok(p),
        Access::Metrics => denied("metrics need the metrics token or a viewer".into()),
        Access::Role(need) => match p.role {
            Some(have) if have >= need => Ok(p),
            _ => denied(format!("{method} on this route needs the {} role", need.as_str())),
        },
        Access::Session | Access::Console(_) if p.session.is_none() => {
            Err(ApiError::new(ErrorCode::SessionRequired, "this route is for a console session, not an API key"))
        }
        Access::Session => Ok(p),
        Access::Console(need) => match p.role {
            Some(have) if have >= need => Ok(p),
            _ => denied(format!("this console page needs the {} role", need.as_str())),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::{Actor, Role, SessionRef};

    fn user(role: Role, session: bool) -> Principal {
        Principal {
            actor: Actor::User { id: 1, username: "a".into() },
            role: Some(role),
            session: session.then(|| SessionRef {
                id_hash: String::new(),
                csrf_token: String::new(),
                created_at: 0,
                expires_at: 0,
            }),
            ip: "127.0.0.1".into(),
        }
    }

    #[test]
    fn roles_include_the_ones_below_and_keys_cannot_use_session_routes() {
        let get = Method::GET;
        let code = |a, p| authorize(a, p, &get).map(|_| ()).map_err(|e| e.code);
        assert_eq!(code(Access::Role(Role::Viewer), None), Err(ErrorCode::Unauthenticated));
        assert_eq!(code(Access::Role(Role::Admin), Some(user(Role::Operator, true))), Err(ErrorCode::Forbidden));
        assert_eq!(code(Access::Role(Role::Operator), Some(user(Role::Admin, false))), Ok(()));
        assert_eq!(code(Access::Session, Some(user(Role::Admin, false))), Err(ErrorCode::SessionRequired));
        assert_eq!(code(Access::Session, Some(user(Role::Viewer, true))), Ok(()));
        assert_eq!(code(Access::Console(Role::Viewer), None), Err(ErrorCode::Unauthenticated));
        assert_eq!(
            code(Access::Console(Role::Viewer), Some(user(Role::Admin, false))),
            Err(ErrorCode::SessionRequired)
        );
        assert_eq!(code(Access::Console(Role::Admin), Some(user(Role::Operator, true))), Err(ErrorCode::Forbidden));
        assert_eq!(code(Access::Console(Role::Operator), Some(user(Role::Operator, true))), Ok(()));
        let token = Principal { actor: Actor::MetricsToken, role: None, session: None, ip: String::new() };
        assert_eq!(code(Access::Metrics, Some(token.clone())), Ok(()));
        assert_eq!(code(Access::Role(Role::Viewer), Some(token)), Err(ErrorCode::Forbidden));
    }
}
