//! Receiving: long polling (409), webhooks (secret), people's messages
//! answered in thread by the right bot, commands, edits, profiles.

use crate::helpers::*;
use actix_web::{App, test as atest};
use engine::transcript::AuthorKind;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(30);

#[actix::test]
async fn a_mention_gets_a_threaded_reply_from_that_bot() {
    let w = world(4, 20, true).await;
    let (_community, _ch) = live(&w, 20).await;
    let asked = w.fake.human_says(w.chat, 42, "Ayşe", "@piyasa3_bot sence THYAO yükselir mi?", None);
    let answered =
        eventually(WAIT, async || w.fake.messages(w.chat).iter().any(|m| m.from_bot && m.reply_to == Some(asked)))
            .await;
    assert!(answered, "no threaded reply; chat: {:?}", w.fake.messages(w.chat));
    let reply = w.fake.messages(w.chat).into_iter().find(|m| m.from_bot && m.reply_to == Some(asked)).unwrap();
    assert_eq!(reply.from_name, "piyasa3_bot");
    // The person's message entered the room once, under their Telegram id.
    let rows = w.store.recent_messages(ROOM, 50).await.unwrap();
    let humans: Vec<_> = rows.iter().filter(|r| r.author_kind == AuthorKind::Human).collect();
    assert_eq!(humans.len(), 1);
    assert_eq!((humans[0].author_id.as_str(), humans[0].author_name.as_str()), ("tg:42", "Ayşe"));
}

#[actix::test]
async fn start_and_privacy_are_answered_and_profiles_say_ai() {
    let w = world(2, 20, true).await;
    let (_community, _ch) = live(&w, 20).await;
    let start = w.fake.human_says(w.chat, 7, "Cem", "/start@piyasa2_bot", None);
    let privacy = w.fake.human_says(w.chat, 7, "Cem", "/privacy", None);
    let replies = async || {
        let m = w.fake.messages(w.chat);
        let of = |id| m.iter().filter(|x| x.from_bot && x.reply_to == Some(id)).cloned().collect::<Vec<_>>();
        (of(start), of(privacy))
    };
    assert!(
        eventually(WAIT, async || {
            let (a, b) = replies().await;
            !a.is_empty() && !b.is_empty()
        })
        .await
    );
    // The listener sees `/start@piyasa2_bot` too; once both have read it,
    // nothing else answers it (the room would, through its first bot).
    assert!(eventually(WAIT, async || w.bots.iter().all(|b| w.fake.pending_updates(&b.1) == 0)).await);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let from_bots = w.fake.messages(w.chat).into_iter().filter(|m| m.from_bot).count();
    assert_eq!(from_bots, 2, "one answer to each command: {:?}", w.fake.messages(w.chat));
    let room = w.store.recent_messages(ROOM, 50).await.unwrap();
    assert!(!room.iter().any(|m| m.text.contains("/start@")), "a command for one bot entered the room");
    let (a, b) = replies().await;
    assert_eq!(a.len(), 1, "only the bot asked answers /start@…");
    assert_eq!(a[0].from_name, "piyasa2_bot");
    assert!(a[0].text.contains("yapay zekâ personasıyım"), "{}", a[0].text);
    assert_eq!(b.len(), 1, "a bare /privacy is answered once");
    assert_eq!(b[0].text, engine::disclosure::DEFAULT_PRIVACY_POLICY);
    let (name, description, short) = w.fake.profile("piyasa1_bot");
    assert!(name.unwrap().starts_with("🤖"));
    assert!(description.unwrap().contains("yapay zekâ"));
    assert_eq!(short.unwrap(), engine::disclosure::profile_short_description());
}

#[actix::test]
async fn a_second_consumer_of_a_token_is_reported_and_the_bot_hears_again_once_it_is_gone() {
    let w = world(2, 20, true).await;
    w.fake.occupy_polling("piyasa2_bot");
    let (_community, ch) = live(&w, 20).await;
    assert!(eventually(WAIT, async || !ch.reports().is_empty()).await);
    let report = ch.reports().join("\n");
    assert!(report.contains(&w.bots[1].0) && report.contains("another consumer"), "{report}");
    assert!(report.contains("409"), "{report}");
    assert!(!report.contains(&w.bots[1].2), "the token must never appear in a report");
    assert_eq!(ch.poller_running(&w.bots[1].0), Some(false), "a bot that hears nothing is not shown as running");
    assert_eq!(ch.conflicted(), [w.bots[1].0.clone()]);
    // It tries again, with a growing wait (100 ms, 200, 400, …), not in a tight loop.
    let polls = || w.fake.calls_of("getUpdates").into_iter().filter(|c| c.bot == "piyasa2_bot").count();
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert!((2..=6).contains(&polls()), "{} polls in about a second", polls());
    w.fake.release_polling("piyasa2_bot");
    assert!(eventually(WAIT, async || ch.reports().is_empty()).await, "the report stays after the conflict ended");
    assert_eq!(ch.poller_running(&w.bots[1].0), Some(true));
    w.fake.human_says(w.chat, 8, "Cem", "@piyasa2_bot geri geldin mi", None);
    assert!(eventually(WAIT, async || w.fake.pending_updates("piyasa2_bot") == 0).await, "the bot reads again");
}

#[actix::test]
async fn a_webhook_call_without_the_secret_changes_nothing() {
    let w = world(2, 20, true).await;
    let (_community, ch) = live(&w, 20).await;
    let app = atest::init_service(App::new().configure(telegram::webhook::configure(ch.clone()))).await;
    let update = serde_json::json!({"update_id": 900, "message": {
        "message_id": 77, "date": 1, "chat": {"id": w.chat, "type": "group", "title": "x"},
        "from": {"id": 99, "is_bot": false, "first_name": "Sahte"}, "text": "merhaba"}});
    let uri = format!("/telegram/webhook/{}", w.bots[0].0);
    for secret in [None, Some("yanlış")] {
        let mut req = atest::TestRequest::post().uri(&uri).set_json(&update);
        if let Some(s) = secret {
            req = req.insert_header((telegram::webhook::SECRET_HEADER, s));
        }
        let resp = atest::call_service(&app, req.to_request()).await;
        assert_eq!(resp.status(), 401);
    }
    assert!(w.store.message_for_tg(w.chat, 77).await.unwrap().is_none());
    let secret = telegram::api::webhook_secret(&secrecy::SecretString::from(w.bots[0].2.clone()));
    let req = webhook_call(&uri, &secret).set_json(&update).to_request();
    assert_eq!(atest::call_service(&app, req).await.status(), 200);
    assert!(w.store.message_for_tg(w.chat, 77).await.unwrap().is_some(), "the right secret lets it in");
    // The same update again is a duplicate: still one message.
    let req = webhook_call(&uri, &secret).set_json(&update).to_request();
    assert_eq!(atest::call_service(&app, req).await.status(), 200);
    let humans =
        w.store.recent_messages(ROOM, 50).await.unwrap().into_iter().filter(|r| r.author_kind == AuthorKind::Human);
    assert_eq!(humans.count(), 1);
}

#[actix::test]
async fn an_edit_updates_the_stored_message_and_the_room_and_unknown_chats_are_ignored() {
    let w = world(2, 20, true).await;
    let (community, _ch) = live(&w, 20).await;
    // Paused: no bot line pushes the person's out of the prompt.
    let room = community.room(ROOM).unwrap().clone();
    room.set_paused(true).await.unwrap();
    let id = w.fake.human_says(w.chat, 5, "Defne", "dolar kaç oldu", None);
    assert!(eventually(WAIT, async || w.store.message_for_tg(w.chat, id).await.unwrap().is_some()).await);
    w.fake.human_edits(w.chat, id, "euro kaç oldu");
    let ours = w.store.message_for_tg(w.chat, id).await.unwrap().unwrap();
    assert!(
        eventually(WAIT, async || w.store.message(ours).await.unwrap().unwrap().text == "euro kaç oldu").await,
        "the edit did not reach the store"
    );
    // The next prompt quotes the person as they now read.
    let prompt = room.rehearse(&w.bots[1].0, None, 0).await.unwrap().prompt.user;
    assert!(prompt.contains("euro kaç oldu") && !prompt.contains("dolar kaç oldu"), "{prompt}");
    let other = w.fake.add_group("Başka grup");
    w.fake.add_members(other, &["piyasa1_bot"]);
    let stranger = w.fake.human_says(other, 6, "Ece", "burası neresi", None);
    // The listener consumes the update (it confirms it with the next offset) and ignores it.
    assert!(eventually(WAIT, async || w.fake.pending_updates("piyasa1_bot") == 0).await);
    assert!(w.store.message_for_tg(other, stranger).await.unwrap().is_none(), "an unknown chat must not be enabled");
}

#[actix::test]
async fn people_in_a_group_just_upgraded_to_a_supergroup_are_heard_before_any_bot_sends() {
    let w = world(2, 20, true).await;
    let (_community, _ch) = live(&w, 20).await;
    let new_chat = w.fake.migrate(w.chat);
    let moved = async || w.store.telegram_chat(ROOM).await.unwrap().unwrap().chat_id == new_chat;
    assert!(eventually(WAIT, moved).await, "the room did not follow the new chat id");
    // From the service messages, not from a failed send.
    assert!(w.fake.calls_of("sendMessage").iter().all(|c| c.status != 400), "a send found the migration first");
    let id = w.fake.human_says(new_chat, 5, "Defne", "grup büyüdü, selam herkese", None);
    let heard = async || w.store.message_for_tg(new_chat, id).await.unwrap().is_some();
    assert!(eventually(WAIT, heard).await, "a person's message in the supergroup was dropped");
}

#[actix::test]
async fn a_bot_kicked_from_the_group_is_no_longer_chosen_by_the_room() {
    let w = world(4, 20, true).await;
    let (community, _ch) = live(&w, 20).await;
    w.fake.kick(w.chat, "piyasa2_bot");
    let first = w.fake.human_says(w.chat, 8, "Ece", "@piyasa2_bot altın için ne diyorsun?", None);
    let room = community.room(ROOM).unwrap().clone();
    let kicked = w.bots[1].0.clone();
    let gone = eventually(WAIT, async || room.members().await.unwrap().iter().all(|m| m.id != kicked)).await;
    assert!(gone, "the room still has the kicked bot");
    let member = w.store.members(ROOM).await.unwrap().into_iter().find(|m| m.bot_id == kicked).unwrap();
    assert!(!member.active && member.reason.unwrap().contains("kicked"));
    // Asked again, someone else answers; the kicked bot never tries again.
    let second = w.fake.human_says(w.chat, 8, "Ece", "@piyasa2_bot orada mısın?", None);
    let answered = async || w.fake.messages(w.chat).into_iter().find(|m| m.from_bot && m.reply_to == Some(second));
    assert!(eventually(WAIT, async || answered().await.is_some()).await, "nobody answered the second question");
    assert_ne!(answered().await.unwrap().from_name, "piyasa2_bot");
    let tries = w.fake.calls_of("sendMessage").into_iter().filter(|c| c.bot == "piyasa2_bot").count();
    assert_eq!(tries, 1, "one 403, then silence (first question: {first})");
}
