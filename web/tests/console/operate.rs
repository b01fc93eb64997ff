//! An operator changing the community from the console: the kill switch, a
//! room's own setting, a new persona (a refusal naming the field first), the
//! bot added to a room, a persona file imported after its preview, and an
//! admin's run-time setting.

use crate::browser::{self, WAIT};
use crate::helpers::{ROOM, SEED, spawn_app};
use crate::log_in;
use serde_json::Value;
use std::time::Duration;
use tokio::time::Instant;

/// Bot messages in the room after the message `after`.
async fn bot_messages_after(app: &crate::helpers::TestApp, after: i64) -> Vec<Value> {
    app.messages()
        .await
        .into_iter()
        .filter(|m| m["id"].as_i64() > Some(after) && m["author"]["kind"] == "bot")
        .collect()
}

#[actix_web::test]
async fn an_operator_pauses_a_room_and_it_falls_silent_then_staffs_it_from_the_console() {
    let app = spawn_app().await;
    app.create_user("operator1", "operator").await;
    let b = browser::start().await;
    log_in(&b, &app, "operator1").await;

    // The kill switch: paused, the room says nothing for the bots however it is asked.
    b.goto(&app.url(&format!("/console/rooms/{ROOM}"))).await;
    b.wait_for("#room-state[data-state=running]").await;
    b.click("#pause-toggle").await;
    b.wait_for("#room-state[data-state=paused]").await;
    b.shot("room-paused").await;
    let asked = app.say("Defne", "@herkes kimse yok mu, altın ne olur?").await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(
        bot_messages_after(&app, asked["id"].as_i64().unwrap()).await,
        Vec::<Value>::new(),
        "a paused room spoke"
    );
    b.click("#pause-toggle").await;
    b.wait_for("#room-state[data-state=running]").await;
    let asked = app.say("Defne", "@herkes şimdi altın için ne düşünüyorsunuz?").await;
    let deadline = Instant::now() + WAIT;
    while bot_messages_after(&app, asked["id"].as_i64().unwrap()).await.is_empty() {
        assert!(Instant::now() < deadline, "the resumed room did not answer");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // The room's own setting: a bad value is refused with the reason, a good one is shown as the room's own.
    let row = "#room-settings tr[data-key=\"pacing.mean_gap_ms\"]";
    b.fill(&format!("{row} form"), "value", "-5").await;
    b.click(&format!("{row} button[type=submit]")).await;
    b.wait_text(&format!("{row} .form-error"), "the refusal", |t| t.contains("pacing.mean_gap_ms")).await;
    b.fill(&format!("{row} form"), "value", "45000").await;
    b.click(&format!("{row} button[type=submit]")).await;
    b.wait_text(&format!("{row} td:nth-child(2)"), "the new value", |t| t == "45000").await;
    assert!(b.has(&format!("{row} .badge.warn")).await, "marked as the room's own");
    b.shot("room-operator").await;

    // A new persona: a wrong field is named, then it is made, and it joins the room.
    b.goto(&app.url("/console/personas")).await;
    let form = "#create-persona";
    b.fill(
        form,
        "persona",
        r#"{"username": "altin_meraklisi", "name": "Altın Meraklısı", "role": "altın yatırımcısı", "yas": 40}"#,
    )
    .await;
    b.click(&format!("{form} button[type=submit]")).await;
    b.wait_text(&format!("{form} .form-error"), "the refusal", |t| t.contains("yas")).await;
    b.fill(form, "persona", r#"{"username": "altin_meraklisi", "name": "Altın Meraklısı", "role": "altın yatırımcısı", "watchlist": ["XAUTRY"]}"#).await;
    b.click(&format!("{form} button[type=submit]")).await;
    b.wait_for("#bots-table tr[data-bot=altin_meraklisi]").await;
    b.goto(&app.url(&format!("/console/rooms/{ROOM}"))).await;
    b.wait_for("#add-member select option[value=altin_meraklisi]").await.click().await.expect("chosen");
    b.click("#add-member button[type=submit]").await;
    b.wait_for(".members li[data-bot=altin_meraklisi]").await;
    let members: Vec<Value> = app.get_members().await.json().await.unwrap();
    assert!(members.iter().any(|m| m["id"] == "altin_meraklisi" && m["active"] == true), "{members:?}");

    // Dry-run it from the personas page: its drafts are shown, nothing is sent.
    b.goto(&app.url("/console/personas")).await;
    let row = "#bots-table tr[data-bot=altin_meraklisi]";
    b.click(&format!("{row} details.dry-run summary")).await;
    let before = app.messages().await.len();
    b.fill(&format!("{row} form.rehearse"), "text", "@altin_meraklisi ons altın neden üç gündür yatay, sence?").await;
    b.fill(&format!("{row} form.rehearse"), "samples", "2").await;
    b.click(&format!("{row} form.rehearse button[type=submit]")).await;
    let shown = b.wait_text(&format!("{row} .rehearsal"), "the drafts", |t| t.contains("Tur 2")).await;
    assert!(shown.contains("token") && shown.contains("Prompt"), "{shown}");
    assert_eq!(
        b.js(&format!("return document.querySelectorAll('{row} .rehearsal .attempts li').length >= 2")).await,
        true
    );
    b.shot("personas-dry-run").await;
    // The made-up line and answers to it stay out of the room (the bot itself goes on talking there).
    // (Worded unlike anything people say in this test: a reply to their real questions is not a leak.)
    let asked = "neden üç gündür yatay";
    let leaked = app.messages().await.into_iter().skip(before).find(|m| {
        m["text"].as_str().is_some_and(|t| t.contains(asked))
            || m["reply_to"]["text"].as_str().is_some_and(|t| t.contains(asked))
    });
    assert_eq!(leaked, None, "a dry run sent something");

    // Silence it from the personas page, and back.
    b.goto(&app.url("/console/personas")).await;
    b.click("#bots-table tr[data-bot=altin_meraklisi] button[data-api$=\"/silence\"]").await;
    b.wait_for("#bots-table tr[data-bot=altin_meraklisi][data-silenced=true]").await;
    b.click("#bots-table tr[data-bot=altin_meraklisi] button[data-api$=\"/resume\"]").await;
    b.wait_for("#bots-table tr[data-bot=altin_meraklisi][data-silenced=false]").await;

    // Import the seed file into a new room: the preview first, then exactly that.
    let r = app
        .call(
            reqwest::Method::POST,
            "/api/rooms",
            &crate::auth_helpers::Cred::Key(app.admin_key.clone()),
            Some(r#"{"slug": "seed-odasi", "name": "Seed odası"}"#),
        )
        .await;
    assert_eq!(r.status(), 201);
    b.goto(&app.url("/console/personas")).await;
    let seed = std::fs::read_to_string(SEED).unwrap().replace('\n', " ");
    b.js(&format!(
        "document.querySelector('#import-preview textarea').value = {}; return null",
        serde_json::to_string(&seed).unwrap()
    ))
    .await;
    b.wait_for("#import-preview select[name=room] option[value=seed-odasi]").await.click().await.expect("chosen");
    b.click("#import-preview button[type=submit]").await;
    let plan = b.wait_text("#import-preview .plan-text", "the plan", |t| !t.is_empty()).await;
    assert!(plan.contains("mehmet_trader") && plan.contains("zeynep_newbie"), "{plan}");
    b.shot("personas-import").await;
    b.click("#import-preview .apply-import").await;
    let deadline = Instant::now() + 2 * WAIT;
    // What the page showed on the way (a toast clears itself after a few seconds).
    let mut shown = Vec::new();
    loop {
        let m: Vec<Value> = app.admin_get("/api/rooms/seed-odasi/members").await.json().await.unwrap();
        if m.len() >= 6 {
            break;
        }
        let toast = b.js("const t = document.querySelector('#toast'); return t ? t.textContent : ''").await;
        if toast.as_str().is_some_and(|t| !t.is_empty()) && shown.last() != Some(&toast) {
            shown.push(toast);
        }
        let audit: Value = app.admin_get("/api/audit?action=persona.import").await.json().await.unwrap_or_default();
        assert!(Instant::now() < deadline, "the import did not land: {m:?}; the page showed {shown:?}; audit {audit}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    b.quit().await;
    app.stop().await;
}

#[actix_web::test]
async fn an_admin_changes_a_run_time_setting_and_resets_it() {
    let app = spawn_app().await;
    app.create_user("admin1", "admin").await;
    let b = browser::start().await;
    log_in(&b, &app, "admin1").await;
    b.click("a[href=\"/console/settings\"]").await;
    let row = "#live-settings tr[data-key=\"compliance.stance_cap\"]";
    b.fill(&format!("{row} form"), "value", "0.4").await;
    b.click(&format!("{row} button[type=submit]")).await;
    b.wait_text(&format!("{row} td:nth-child(2)"), "the new value", |t| t == "0.4").await;
    b.shot("settings").await;
    // The configuration it started with, each value's origin, no secret.
    assert!(b.text("#config tr[data-key=\"database.url\"]").await.contains("sqlite://"));
    assert!(!b.text("#config").await.contains("pk_"), "no key on the page");
    let s: Value = app.admin_get("/api/settings").await.json().await.unwrap();
    assert_eq!(s["current"]["compliance"]["stance_cap"], 0.4);
    b.click(&format!("{row} button[data-method=DELETE]")).await;
    b.wait_for(&format!("{row}:not(:has(.badge))")).await;
    let s: Value = app.admin_get("/api/settings").await.json().await.unwrap();
    assert_eq!(s["current"]["compliance"]["stance_cap"], s["base"]["compliance"]["stance_cap"]);

    // The provider chain, edited as JSON: a refusal names the entry, a good chain is swapped in live.
    b.click("a[href=\"/console/llm\"]").await;
    let chain = b.js("return document.querySelector('#llm-chain textarea').value").await;
    let chain = chain.as_str().unwrap();
    let mut doc: Value = serde_json::from_str(chain).unwrap();
    assert!(!chain.contains("api_key\""), "no key in the editor: {chain}");
    doc["chain"][0]["kind"] = "nereden".into();
    b.js(&format!(
        "document.querySelector('#llm-chain textarea').value = {}; return null",
        serde_json::to_string(&doc.to_string()).unwrap()
    ))
    .await;
    b.click("#llm-chain button[type=submit]").await;
    b.wait_text("#llm-chain .form-error", "the refusal", |t| !t.is_empty()).await;
    doc["chain"][0]["kind"] = "openai".into();
    doc["chain"][0]["max_concurrency"] = 2.into();
    b.js(&format!(
        "document.querySelector('#llm-chain textarea').value = {}; return null",
        serde_json::to_string(&doc.to_string()).unwrap()
    ))
    .await;
    b.click("#llm-chain button[type=submit]").await;
    b.wait_for("#llm-chain button[data-method=DELETE]").await;
    let v: Value = app.admin_get("/api/llm/providers").await.json().await.unwrap();
    assert_eq!((v["stored"].as_bool(), v["chain"][0]["max_concurrency"].as_u64()), (Some(true), Some(2)), "{v}");
    b.shot("llm-edit").await;

    // Telegram is off here: the page says how to turn it on and offers no form.
    b.click("a[href=\"/console/telegram\"]").await;
    assert!(b.text("#tg-off").await.contains("telegram.enabled"));
    assert!(!b.has("#tg-add").await);
    b.quit().await;
    app.stop().await;
}
