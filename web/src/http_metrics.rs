//! Every HTTP request counted and timed for `/metrics`, by its route
//! pattern (`/api/rooms/{room}/messages`, never the raw path: bounded
//! labels, nobody's name), method and status. Requests that match no
//! route, or past their deadline (`limits`), count as `unmatched`.

use crate::startup::AppState;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web;
use std::time::Instant;

pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let metrics = req.app_data::<web::Data<AppState>>().map(|s| s.community.meter.metrics().clone());
    let method = req.method().clone();
    let res = match next.call(req).await {
        Ok(res) => res,
        // Past the request deadline (`limits`): counted, then answered by actix.
        Err(e) => {
            if let Some(m) = &metrics {
                m.http("unmatched", method.as_str(), e.as_response_error().status_code().as_u16(), started.elapsed());
            }
            return Err(e);
        }
    };
    if let Some(m) = metrics {
        let route = res.request().match_pattern().unwrap_or_else(|| "unmatched".into());
        m.http(&route, res.request().method().as_str(), res.status().as_u16(), started.elapsed());
    }
    Ok(res)
}
