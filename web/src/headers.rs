//! Security headers on every response, the room's, the API's and errors
//! alike: a CSP without inline script (nothing of Piyasa's needs it), no
//! MIME sniffing, no framing, no referrer leaving the site, and HSTS when
//! `server.hsts_max_age_secs` says Piyasa is served over TLS.

use actix_web::middleware::DefaultHeaders;

/// The Content-Security-Policy: own origin only, no inline script, no framing.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
     frame-ancestors 'none'";

pub fn security_headers(hsts_max_age_secs: u64) -> DefaultHeaders {
    let h = DefaultHeaders::new()
        .add(("Content-Security-Policy", CSP))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("X-Frame-Options", "DENY"))
        .add(("Referrer-Policy", "no-referrer"))
        .add(("Cross-Origin-Opener-Policy", "same-origin"));
    if hsts_max_age_secs > 0 {
        h.add(("Strict-Transport-Security", format!("max-age={hsts_max_age_secs}; includeSubDomains")))
    } else {
        h
    }
}
