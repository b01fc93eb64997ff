//! What an operator does in the console, as they would do it.

use crate::auth_helpers::{Cred, PASSWORD};
use crate::browser::{self, WAIT};
use crate::helpers::{ROOM, spawn_app};
use crate::log_in;
use serde_json::{Value, json};
use std::time::Duration;
use thirtyfour::Key;
use tokio::time::Instant;

/// RFC 4648 base32 (no padding), as the TOTP setup answers the secret.
fn base32_decode(s: &str) -> Vec<u8> {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let (mut bits, mut acc, mut out) = (0u32, 0u64, Vec::new());
    for c in s.trim_end_matches('=').bytes() {
        let v = alphabet.iter().position(|&a| a == c.to_ascii_uppercase()).expect("a base32 character") as u64;
        acc = (acc << 5) | v;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

#[actix_web::test]
async fn an_admin_turns_on_totp_logs_in_with_it_and_sees_every_page() {
    let app = spawn_app().await;
    app.create_user("ayse", "admin").await;
    let b = browser::start().await;

    // The console sends a stranger to the login page and back afterwards.
    b.goto(&app.url("/console/llm")).await;
    b.wait_for("#login").await;
    assert!(b.url().await.ends_with("/console/login?next=/console/llm"), "{}", b.url().await);
    b.shot("login").await;
    b.fill("#login", "username", "ayse").await;
    b.fill("#login", "password", PASSWORD).await;
    b.click("#login button[type=submit]").await;
    b.wait_for("body[data-page=llm]").await;

    // Set up TOTP on the account page: the secret, a code, the recovery codes.
    b.click("#me").await;
    b.click("#totp-setup").await;
    let secret = b.wait_text("#totp-secret", "the secret", |t| t.len() >= 16).await;
    let code = web::auth::totp::hotp(&base32_decode(&secret), (app.clock.now_ms() / 30_000) as u64, 6);
    b.fill("#totp-enable", "code", &code).await;
    b.click("#totp-enable button[type=submit]").await;
    let codes = b.wait_text("#recovery-codes", "recovery codes", |t| t.lines().count() >= 8).await;
    b.shot("account").await;
    assert!(app.store.operator_by_username("ayse").await.unwrap().unwrap().totp_enabled, "TOTP is on");

    // Log out; the password alone is no longer enough, the code is.
    b.click("[data-logout]").await;
    b.wait_for("#login").await;
    b.fill("#login", "username", "ayse").await;
    b.fill("#login", "password", PASSWORD).await;
    b.click("#login button[type=submit]").await;
    b.wait_text("#login .form-error", "the second factor asked for", |t| t.contains("TOTP")).await;
    assert_eq!(b.js("return document.activeElement.name").await, "code", "the code field has the focus");
    app.clock.advance(30_000);
    let code = web::auth::totp::hotp(&base32_decode(&secret), (app.clock.now_ms() / 30_000) as u64, 6);
    b.fill("#login", "code", &code).await;
    b.click("#login button[type=submit]").await;
    b.wait_for("body[data-page=dashboard]").await;
    assert!(!codes.contains(&code));

    // Every page, as an admin sees it (the dashboard light, dark and on a phone).
    b.wait_for(&format!("#board-{ROOM}")).await;
    b.shot("dashboard").await;
    b.click("[data-theme-toggle]").await;
    b.wait_for("html[data-theme=dark]").await;
    b.shot("dashboard-dark").await;
    b.resize(390, 844).await;
    b.shot("dashboard-phone").await;
    b.resize(1280, 800).await;
    b.click("[data-theme-toggle]").await;
    b.wait_for("html[data-theme=light]").await;
    for (path, page, name) in [
        ("/console/rooms", "rooms", "rooms"),
        (&format!("/console/rooms/{ROOM}") as &str, "rooms", "room-live"),
        ("/console/personas", "personas", "personas"),
        ("/console/llm", "llm", "llm"),
        ("/console/guard", "guard", "guard"),
        ("/console/settings", "settings", "settings-admin"),
        ("/console/telegram", "telegram", "telegram"),
        ("/console/audit", "audit", "audit"),
        ("/console/users", "users", "users"),
    ] {
        b.goto(&app.url(path)).await;
        b.wait_for(&format!("body[data-page={page}]")).await;
        if name == "room-live" {
            b.wait_for("#feed li").await;
        }
        b.shot(name).await;
    }
    // The audit log has what was just done, with who did it.
    b.goto(&app.url("/console/audit")).await;
    let audit = b.text("#audit-table").await;
    for action in ["totp.enable", "session.login", "session.logout"] {
        assert!(audit.contains(action), "{action} missing from the audit page:\n{audit}");
    }

    // English on request, and it stays.
    b.click("[data-lang=en]").await;
    b.wait_for("html[lang=en]").await;
    assert_eq!(b.text("h1").await, "Audit log");
    b.goto(&app.url("/console")).await;
    assert_eq!(b.text("h1").await, "Dashboard");
    assert!(b.text("nav").await.contains("Users and keys"));
    b.quit().await;
    app.stop().await;
}

#[actix_web::test]
async fn the_dashboard_updates_while_the_room_talks() {
    let app = spawn_app().await;
    app.create_user("mehmet", "operator").await;
    let b = browser::start().await;
    log_in(&b, &app, "mehmet").await;
    let card = format!("#board-{ROOM}");
    let first: i64 = b.text(&format!("{card} [data-k=msgs10]")).await.parse().expect("a count");
    // A marker that a reload would lose: the numbers must change in place.
    b.js("window.stillHere = true; return null").await;

    // A person writes; the bots talk and answer.
    app.say("Defne", "Bugün BIST neden düştü sizce?").await;
    let seen = b
        .wait_text(&format!("{card} [data-k=msgs10]"), "more messages", |t| t.parse::<i64>().unwrap_or(0) > first + 1)
        .await;
    b.wait_text(&format!("{card} [data-k=people_answered]"), "a person answered", |t| t != "0").await;
    b.wait_text(&format!("{card} [data-k=first_reply_ms_p50]"), "a first-reply time", |t| t.ends_with(" ms")).await;
    assert_eq!(b.js("return window.stillHere === true").await, true, "the page was not reloaded");
    // The API says the same as the page.
    let d: Value = app.admin_get("/api/dashboard").await.json().await.unwrap();
    let api_count: i64 =
        d["rooms"][0]["messages_per_minute"].as_array().unwrap().iter().filter_map(Value::as_i64).sum();
    assert!(api_count >= seen.parse::<i64>().unwrap(), "the API has at least what the page showed");
    // The plots are drawn (uPlot canvases).
    assert!(b.has("#chart-mpm canvas").await && b.has("#chart-latency canvas").await);
    b.quit().await;
    app.stop().await;
}

#[actix_web::test]
async fn an_operator_watches_the_room_live_and_posts_as_a_person() {
    let app = spawn_app().await;
    app.create_user("zeynep", "operator").await;
    let b = browser::start().await;
    log_in(&b, &app, "zeynep").await;
    b.click("a[href=\"/console/rooms\"]").await;
    b.click(&format!("a[href=\"/console/rooms/{ROOM}\"]")).await;
    b.wait_for("#feed").await;
    b.fill("#post-as-person", "author", "Operatör Ece").await;
    b.fill("#post-as-person", "text", "@herkes altın için ne düşünüyorsunuz?").await;
    b.click("#post-as-person button[type=submit]").await;
    // The message comes back through the stream, and a bot answers it.
    b.wait_text("#feed", "the person's message", |t| t.contains("altın için ne düşünüyorsunuz")).await;
    let deadline = Instant::now() + WAIT;
    loop {
        let answered = b.js("return Array.from(document.querySelectorAll('#feed li.bot .reply')).some(r => r.textContent.includes('Operatör Ece'))").await;
        if answered == true {
            break;
        }
        assert!(Instant::now() < deadline, "no bot replied to the person in the live view");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // A bad post is refused with the API's reason, naming the field.
    b.fill("#post-as-person", "author", "🤖 Ece").await;
    b.fill("#post-as-person", "text", "bot adı alınamaz").await;
    b.click("#post-as-person button[type=submit]").await;
    b.wait_text("#post-as-person .form-error", "the refusal", |t| !t.is_empty()).await;
    assert_eq!(
        b.js("return document.querySelector('#post-as-person [name=author]').getAttribute('aria-invalid')").await,
        "true"
    );
    b.quit().await;
    app.stop().await;
}

#[actix_web::test]
async fn a_viewer_sees_no_edit_buttons_and_the_api_refuses_them_anyway() {
    let app = spawn_app().await;
    app.create_user("izleyici", "viewer").await;
    let b = browser::start().await;
    log_in(&b, &app, "izleyici").await;
    // From the keyboard: the first Tab is the skip link, Enter lands in the page's content.
    b.wait_for("body").await.send_keys(Key::Tab).await.expect("Tab");
    assert_eq!(b.js("return document.activeElement.className").await, "skip");
    b.driver.active_element().await.expect("the focus").send_keys(Key::Enter).await.expect("Enter");
    assert_eq!(b.js("return document.activeElement.id").await, "main");
    // No admin pages in the navigation; opened by hand, they are refused.
    assert!(!b.has("a[href=\"/console/users\"]").await && !b.has("a[href=\"/console/audit\"]").await);
    let r = app.call(reqwest::Method::GET, "/console/users", &Cred::Anonymous, None).await;
    assert_eq!(r.status(), 303, "no session: to the login page");
    b.goto(&app.url("/console/users")).await;
    assert!(b.text("body").await.contains("admin role"), "a viewer gets the 403 for the users page");
    // No buttons that change anything.
    for (path, forbidden) in [
        ("/console/rooms", "a[download], button[data-api], form[data-api]"),
        (&format!("/console/rooms/{ROOM}") as &str, "#post-as-person, a[download], button[data-api], form[data-api]"),
        ("/console/personas", "a[download], button[data-api], form[data-api]"),
        ("/console/guard", "#forget, button[data-api], form[data-api]"),
        ("/console/llm", "button[data-api], form[data-api]"),
        ("/console/settings", "button[data-api], form[data-api]"),
    ] {
        b.goto(&app.url(path)).await;
        b.wait_for("main h1").await;
        assert!(!b.has(forbidden).await, "{path} shows {forbidden} to a viewer");
    }
    b.goto(&app.url("/console/personas")).await;
    b.shot("personas-viewer").await;
    // The API refuses a viewer's changes even when sent from the page with its CSRF token.
    let statuses = b
        .js(r#"
        const csrf = document.querySelector('meta[name="csrf-token"]').content;
        const call = (m, u, body) => {
            const x = new XMLHttpRequest();
            x.open(m, u, false);
            x.setRequestHeader('X-CSRF-Token', csrf);
            x.setRequestHeader('Content-Type', 'application/json');
            x.send(body ? JSON.stringify(body) : null);
            return x.status;
        };
        return [
            call('POST', '/api/users', {username: 'sneaky', password: 'uzun ve gizli bir parola 43', role: 'admin'}),
            call('POST', '/api/keys', {name: 'sneaky', role: 'admin'}),
            call('DELETE', '/api/privacy/users/web:Defne'),
            call('GET', '/api/rooms/piyasa-sohbet/personas'),
            call('GET', '/api/dashboard'),
            call('POST', '/api/rooms/piyasa-sohbet/pause'),
            call('PUT', '/api/settings/compliance.stance_cap', {value: 0.4}),
        ];
    "#)
        .await;
    assert_eq!(statuses, json!([403, 403, 403, 403, 200, 403, 403]));
    assert!(app.store.operator_by_username("sneaky").await.unwrap().is_none(), "nothing was created");
    b.quit().await;
    app.stop().await;
}
