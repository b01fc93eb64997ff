//! The Telegram channel started with the application.

use fakes::FakeTelegram;

use crate::helpers::{TG_KEY as KEY_A, TG_TOKEN as TOKEN};

/// `piyasa run` with `telegram.enabled`: the channel starts with the app,
/// bots get their AI profile, a person's message from the group reaches the
/// room, and the webhook route is mounted and guarded.
#[actix_web::test]
async fn the_application_starts_the_channel_when_telegram_is_enabled() {
    use crate::helpers::{ROOM, TestApp, test_settings};
    use secrecy::SecretString;
    let fake = FakeTelegram::start();
    fake.add_bot(TOKEN, "mehmet_piyasa_bot", true);
    let chat = fake.add_group("Piyasa");
    fake.add_members(chat, &["mehmet_piyasa_bot"]);
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("t.db").display());
    let llm = fakes::FakeLlm::start();
    let mut s = test_settings(&db, &llm.base_url());
    s.telegram.enabled = true;
    s.telegram.api_base_url = fake.base_url();
    s.telegram.token_key = Some(SecretString::from(KEY_A));
    s.telegram.startup_stagger_ms = 0;
    s.telegram.poll_timeout_s = 1;
    // The bundled room runs on simulated prices: allowed here, and labelled.
    s.market.allow_simulated_telegram = true;
    // The community file maps the room to the group (its `telegram:` section).
    let file = dir.path().join("community.yaml");
    std::fs::write(&file, format!("{}\ntelegram:\n  chat_id: {chat}\n", web::settings::BUNDLED_COMMUNITY)).unwrap();
    s.community.file = Some(file);
    s.validate().unwrap();
    let store = schema::Store::connect(&db).await.unwrap();
    let community = engine::community::Community::from_yaml(web::settings::BUNDLED_COMMUNITY).unwrap();
    actors::Community::import(&store, &community, "🤖", 1).await.unwrap();
    telegram::admin::add_bot(&store, &s.telegram, "mehmet_bist", &SecretString::from(TOKEN), true, 1).await.unwrap();

    let app = web::startup::Application::build(&s).await.expect("the application builds");
    assert!(app.telegram.is_some());
    let (port, server) = (app.port, app.server_handle());
    actix_web::rt::spawn(app.run_until_stopped());
    let t = TestApp::new(port, &db, llm, server, store.clone());

    let r = t.client.post(t.url("/telegram/webhook/mehmet_bist")).json(&serde_json::json!({})).send().await.unwrap();
    assert_eq!(r.status(), 401, "the webhook route is mounted and wants the secret");
    fake.human_says(chat, 31, "Yasemin", "altın ne olur bu hafta", None);
    let mut arrived = false;
    for _ in 0..300 {
        if t.messages().await.iter().any(|m| m["text"] == "altın ne olur bu hafta") {
            arrived = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(arrived, "the person's Telegram message reached the room");
    assert!(fake.profile("mehmet_piyasa_bot").0.unwrap().starts_with("🤖"));
    let description = fake.profile("mehmet_piyasa_bot").1.unwrap();
    assert!(description.contains("fiyatlar simüledir"), "the bot says its prices are simulated: {description}");
    assert_eq!(store.telegram_chat(ROOM).await.unwrap().unwrap().chat_id, chat);
}

/// Honest prices: a room on simulated prices linked to a real group does
/// not start unless the operator says so, and the error names the setting.
#[actix_web::test]
async fn a_telegram_room_on_simulated_prices_refuses_to_start_without_the_flag() {
    use crate::helpers::{ROOM, test_settings};
    use secrecy::SecretString;
    let fake = FakeTelegram::start();
    fake.add_bot(TOKEN, "mehmet_piyasa_bot", true);
    let chat = fake.add_group("Piyasa");
    fake.add_members(chat, &["mehmet_piyasa_bot"]);
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("t.db").display());
    let llm = fakes::FakeLlm::start();
    let mut s = test_settings(&db, &llm.base_url());
    s.telegram.enabled = true;
    s.telegram.api_base_url = fake.base_url();
    s.telegram.token_key = Some(SecretString::from(KEY_A));
    let file = dir.path().join("community.yaml");
    std::fs::write(&file, format!("{}\ntelegram:\n  chat_id: {chat}\n", web::settings::BUNDLED_COMMUNITY)).unwrap();
    s.community.file = Some(file.clone());
    let store = schema::Store::connect(&db).await.unwrap();
    let community = engine::community::Community::from_yaml(web::settings::BUNDLED_COMMUNITY).unwrap();
    actors::Community::import(&store, &community, "🤖", 1).await.unwrap();
    telegram::admin::add_bot(&store, &s.telegram, "mehmet_bist", &SecretString::from(TOKEN), true, 1).await.unwrap();
    let e = match web::startup::Application::build(&s).await {
        Ok(_) => panic!("a simulated room started in a Telegram group"),
        Err(e) => format!("{e:#}"),
    };
    assert!(e.contains("room 'piyasa-sohbet'") && e.contains(&chat.to_string()), "{e}");
    assert!(e.contains("simulated prices") && e.contains("market.allow_simulated_telegram"), "{e}");
    assert!(fake.calls().iter().all(|c| c.method != "sendMessage"), "nothing was said in the group");
    // The same room switched to live prices (what `piyasa market prices` does:
    // the store, not the community file, which only seeds it) starts.
    let mut row = store.room(ROOM).await.unwrap().unwrap();
    row.prices = engine::market::PriceMode::Live;
    store.upsert_room(&row).await.unwrap();
    let app = web::startup::Application::build(&s).await.expect("a live room starts");
    assert_eq!(app.state.community.room("piyasa-sohbet").unwrap().prices, engine::market::PriceMode::Live);
}

/// An admin adds a persona's account and maps a room while Piyasa runs:
/// the token is checked and never comes back (answers, listing, audit), the
/// profile says it is an AI at once, and the group's messages reach the room.
#[actix_web::test]
async fn an_admin_adds_an_account_and_maps_a_room_through_the_api() {
    use crate::auth_helpers::Cred;
    use crate::helpers::{ROOM, spawn_app_with_telegram};
    use reqwest::Method;
    use serde_json::{Value, json};
    let (app, fake, chat) = spawn_app_with_telegram().await;
    let admin = Cred::Key(app.admin_key.clone());
    let call = |m: Method, p: String, b: Option<Value>| {
        let admin = admin.clone();
        let app = &app;
        async move {
            let r = app.call(m, &p, &admin, b.map(|b| b.to_string()).as_deref()).await;
            (r.status().as_u16(), r.text().await.unwrap())
        }
    };

    let (st, body) =
        call(Method::POST, "/api/telegram/bots".into(), Some(json!({"bot": "mehmet_bist", "token": "bozuk-token"})))
            .await;
    assert_eq!(st, 400, "{body}");
    assert!(body.contains("\"field\":\"token\"") && !body.contains("bozuk-token"), "{body}");
    let (st, body) = call(
        Method::POST,
        "/api/telegram/bots".into(),
        Some(json!({"bot": "mehmet_bist", "token": TOKEN, "listener": true})),
    )
    .await;
    assert_eq!(st, 201, "{body}");
    assert!(body.contains("mehmet_piyasa_bot") && !body.contains(TOKEN), "{body}");
    assert!(fake.profile("mehmet_piyasa_bot").0.unwrap().starts_with("🤖"), "the AI marker is set at once");

    let (st, body) = call(Method::PUT, format!("/api/telegram/rooms/{ROOM}"), Some(json!({"chat_id": chat}))).await;
    assert_eq!(st, 200, "{body}");
    fake.human_says(chat, 41, "Yasemin", "bankalar bugün neden düştü", None);
    let mut arrived = false;
    for _ in 0..300 {
        if app.messages().await.iter().any(|m| m["text"] == "bankalar bugün neden düştü") {
            arrived = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(arrived, "the mapped group's message reached the room");
    let (st, listing) = call(Method::GET, "/api/telegram".into(), None).await;
    assert_eq!(st, 200);
    assert!(
        listing.contains("mehmet_bist") && listing.contains(&chat.to_string()) && !listing.contains(TOKEN),
        "{listing}"
    );

    // The console's Telegram page shows the account, its AI profile name and its running poller.
    app.create_user("tg_admin", "admin").await;
    let session = Cred::Session(app.login("tg_admin", crate::auth_helpers::PASSWORD).await);
    let page = app.call(Method::GET, "/console/telegram", &session, None).await.text().await.unwrap();
    assert!(page.contains("@mehmet_piyasa_bot") && page.contains("data-poller=\"running\""), "{page}");
    assert!(page.contains("🤖") && !page.contains(TOKEN), "the profile name, never the token");

    assert_eq!(call(Method::DELETE, format!("/api/telegram/rooms/{ROOM}"), None).await.0, 204);
    assert_eq!(call(Method::DELETE, "/api/telegram/bots/mehmet_bist".into(), None).await.0, 204);
    let (st, body) = call(Method::DELETE, "/api/telegram/bots/mehmet_bist".into(), None).await;
    assert_eq!(st, 404, "{body}");
    let (_, audit) = call(Method::GET, "/api/audit?limit=500".into(), None).await;
    for action in ["telegram.bot.add", "telegram.room.map", "telegram.room.unmap", "telegram.bot.remove"] {
        assert!(audit.contains(action), "no {action}: {audit}");
    }
    assert!(!audit.contains(TOKEN) && !audit.contains("AAbbCC"), "no token in the audit log");
    app.stop().await;
}
