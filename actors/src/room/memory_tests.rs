//! A bot's memory in a running room: read back from the stored messages
//! when the bot starts (how people took what it said too), a person back
//! after days is greeted with what the bot remembers of them; a person
//! forgotten (privacy) is a stranger again.

use super::rhythm_tests::{advance, quiet_market_store, start_quiet};
use super::tests::{TUESDAY_11, personas};
use super::*;
use crate::privacy::PersonId;
use schema::{MessageStatus, NewMessage};

/// Posts as `who`, @mentioning the bot, and returns the bot's answer to it.
async fn ask(room: &RoomHandle, rx: &mut broadcast::Receiver<RoomEvent>, who: &str, bot: &str, text: &str) -> String {
    let text = format!("@{bot} {text}");
    let posted = room.post(HumanName::parse(who, "🤖").unwrap(), HumanText::parse(&text).unwrap(), None).await.unwrap();
    let got = advance(rx, 5).await;
    let reply = got.iter().find(|m| m.reply_to.as_ref().is_some_and(|r| r.id == posted.id));
    reply.unwrap_or_else(|| panic!("{text:?} was not answered: {got:?}")).text.clone()
}

/// A stored message of `days` ago.
fn said(room: &str, kind: AuthorKind, who: &str, text: &str, reply_to: Option<i64>, days: i64) -> NewMessage {
    let at = TUESDAY_11.0 - days * Millis::DAY;
    let (id, name) = match kind {
        AuthorKind::Human => (format!("web:{who}"), who.to_string()),
        _ => (who.to_string(), format!("🤖 {who}")),
    };
    NewMessage {
        room_id: room.into(),
        author_kind: kind,
        author_id: id,
        author_name: name,
        reply_to,
        bot_depth: 0,
        text: text.into(),
        status: MessageStatus::Sent,
        status_reason: None,
        created_at: at,
        sent_at: Some(at),
        provider: None,
        model: None,
        tokens_in: None,
        tokens_out: None,
        latency_ms: None,
    }
}

#[actix::test]
async fn a_person_back_after_three_days_is_remembered_and_a_forgotten_one_is_not() {
    tokio::time::pause();
    let (store, _dir) = quiet_market_store(1).await;
    let bot = personas(1)[0].username.to_string();
    let room = store.rooms().await.unwrap()[0].id.clone();
    // Three days ago the bot answered Ece about THY and Ali about gold.
    for (who, question, answer) in [
        ("Ece", "@{bot} THYAO ne olur sence?", "THY'de sabır lazım."),
        ("Ali", "Altın ne olur?", "Altın güvenli liman."),
    ] {
        let q =
            store.insert_message(&said(&room, AuthorKind::Human, who, &question.replace("{bot}", &bot), None, 3)).await;
        let a = said(&room, AuthorKind::Bot, &bot, answer, Some(q.unwrap().id), 3);
        let a = store.insert_message(&a).await.unwrap();
        // Ece agreed with the answer, twice; the card keeps it across the restart.
        if who == "Ece" {
            for agree in ["Aynen, haklısın.", "Bence de öyle, sabır şart."] {
                store.insert_message(&said(&room, AuthorKind::Human, who, agree, Some(a.id), 3)).await.unwrap();
            }
        }
    }
    let c = start_quiet(store).await;
    let room = c.rooms()[0].clone();
    let mut rx = room.subscribe().await.unwrap();
    c.forget(&PersonId::parse("web:Ali").unwrap()).await.unwrap();
    advance(&mut rx, 1).await;
    let back = ask(&room, &mut rx, "Ece", &bot, "Selam, yine ben. Bankalar ne durumda?").await;
    assert!(back.starts_with("Tekrar hoş geldin! 3 gün önce THYAO hakkında sormuştun, aklımda."), "{back}");
    assert!(back.contains("İyi anlaşmıştık."), "how the talk went is remembered: {back}");
    let stranger = ask(&room, &mut rx, "Ali", &bot, "Merhaba, altın için ne dersin?").await;
    assert!(!stranger.contains("hoş geldin"), "a forgotten person is a stranger: {stranger}");
    // Once greeted, Ece is no longer away.
    let again = ask(&room, &mut rx, "Ece", &bot, "Peki dolar?").await;
    assert!(!again.contains("hoş geldin"), "{again}");
}
