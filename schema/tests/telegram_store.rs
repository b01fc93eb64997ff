//! Telegram tables, each test against a fresh SQLite file and a fresh
//! PostgreSQL database (PostgreSQL at `PIYASA_TEST_PG`, default
//! 127.0.0.1:5432, trust auth).

use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
use engine::telegram::outbox::OutboxStatus::{self, *};
use engine::transcript::AuthorKind;
use schema::{MessageStatus, NewMessage, NewOutbox, OutboxMove, RoomRow, Store, TelegramBotRow, TelegramChatRow};

async fn fresh_pg() -> String {
    let admin =
        std::env::var("PIYASA_TEST_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    let name = format!("piyasa_tg_{}_{}", std::process::id(), nanos % 1_000_000_007);
    let mut c = AsyncPgConnection::establish(&admin).await.expect("PostgreSQL must run for the store tests");
    c.batch_execute(&format!("CREATE DATABASE {name}")).await.unwrap();
    format!("{}/{name}", admin.rsplit_once('/').unwrap().0)
}

async fn stores() -> Vec<(Store, Option<tempfile::TempDir>)> {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("t.db").display());
    let sqlite = Store::connect(&url).await.unwrap();
    let pg = Store::connect(&fresh_pg().await).await.unwrap();
    vec![(sqlite, Some(dir)), (pg, None)]
}

async fn room(store: &Store) -> &'static str {
    let room = RoomRow {
        id: "oda-tg".into(),
        name: "Oda".into(),
        topic: String::new(),
        created_at: 1,
        prices: Default::default(),
    };
    store.upsert_room(&room).await.unwrap();
    "oda-tg"
}

fn planned(room: &str, text: &str) -> NewOutbox {
    NewOutbox {
        room_id: room.into(),
        message_id: None,
        bot_id: "kaan_kripto".into(),
        chat_id: -100,
        thread_id: Some(7),
        reply_to_tg: None,
        text: text.into(),
        status: Planned,
        reason: None,
        created_at: 1,
        updated_at: 1,
        traceparent: Some(TRACEPARENT.into()),
    }
}

/// A bot message's trace, kept with its outbox rows.
const TRACEPARENT: &str = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

fn mv(from: OutboxStatus, to: OutboxStatus) -> OutboxMove<'static> {
    OutboxMove { from, to, reason: None, tg_message_id: None, chat_id: None, now_ms: 2 }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_outbox_message_moves_once_and_a_crash_leaves_it_unknown() {
    for (store, _dir) in stores().await {
        let room = room(&store).await;
        let a = store.insert_outbox(&planned(room, "bir")).await.unwrap();
        let b = store.insert_outbox(&planned(room, "iki")).await.unwrap();
        assert!(store.move_outbox(a.id, &mv(Planned, Sending)).await.unwrap());
        // A second claim of the same row loses: it is already sending.
        assert!(!store.move_outbox(a.id, &mv(Planned, Sending)).await.unwrap(), "{}", store.backend());
        assert!(store.move_outbox(b.id, &mv(Planned, Sending)).await.unwrap());
        let sent = OutboxMove { tg_message_id: Some(42), ..mv(Sending, Sent) };
        assert!(store.move_outbox(b.id, &sent).await.unwrap());
        // The process dies with `a` in flight.
        assert_eq!(store.outbox_recover(3).await.unwrap(), 1);
        let rows = store.outbox(room).await.unwrap();
        assert_eq!(rows.iter().map(|r| r.status).collect::<Vec<_>>(), [Unknown, Sent]);
        assert_eq!((rows[1].tg_message_id, rows[1].attempts, rows[1].thread_id), (Some(42), 1, Some(7)));
        assert_eq!(rows[1].traceparent.as_deref(), Some(TRACEPARENT), "the send goes on in the message's trace");
        assert!(store.outbox_with_status(Planned).await.unwrap().is_empty());
        // The state machine refuses an illegal move before touching the row.
        assert!(store.move_outbox(a.id, &mv(Unknown, Sending)).await.is_err());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_migrated_group_takes_the_room_along_and_a_lost_chat_pauses_it() {
    for (store, _dir) in stores().await {
        let room = room(&store).await;
        let chat =
            TelegramChatRow { room_id: room.into(), chat_id: -5, thread_id: None, paused_reason: None, updated_at: 1 };
        store.upsert_telegram_chat(&chat).await.unwrap();
        assert_eq!(store.migrate_telegram_chat(-5, -1005, 2).await.unwrap(), 1);
        store.pause_telegram_chat(room, Some("400: chat not found"), 3).await.unwrap();
        let got = store.telegram_chat(room).await.unwrap().unwrap();
        assert_eq!((got.chat_id, got.paused_reason.as_deref()), (-1005, Some("400: chat not found")));
        assert!(store.remove_telegram_chat(room).await.unwrap());
        assert!(store.telegram_chats().await.unwrap().is_empty());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn telegram_ids_map_both_ways_and_updates_are_handled_once() {
    for (store, _dir) in stores().await {
        let room = room(&store).await;
        let m = store
            .insert_message(&NewMessage {
                room_id: room.into(),
                author_kind: AuthorKind::Human,
                author_id: "tg:1".into(),
                author_name: "Ayşe".into(),
                reply_to: None,
                bot_depth: 0,
                text: "selam".into(),
                status: MessageStatus::Sent,
                status_reason: None,
                created_at: 1,
                sent_at: Some(1),
                provider: None,
                model: None,
                tokens_in: None,
                tokens_out: None,
                latency_ms: None,
            })
            .await
            .unwrap();
        store.map_tg_message(-100, 9, m.id).await.unwrap();
        store.map_tg_message(-100, 9, m.id).await.unwrap();
        assert_eq!(store.message_for_tg(-100, 9).await.unwrap(), Some(m.id));
        assert_eq!(store.tg_for_message(-100, m.id).await.unwrap(), Some(9));
        assert_eq!(store.message_for_tg(-200, 9).await.unwrap(), None);
        store.edit_message_text(m.id, "selam, düzeltildi").await.unwrap();
        assert_eq!(store.message(m.id).await.unwrap().unwrap().text, "selam, düzeltildi");
        assert!(store.mark_update_seen("dinleyici", 10, 1).await.unwrap());
        assert!(!store.mark_update_seen("dinleyici", 10, 2).await.unwrap(), "{}", store.backend());
        assert!(store.mark_update_seen("dinleyici", 11, 2).await.unwrap());
        assert_eq!(store.last_seen_update("dinleyici").await.unwrap(), Some(11));
        assert_eq!(store.last_seen_update("other").await.unwrap(), None);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bot_accounts_keep_only_ciphertext_and_can_be_removed() {
    for (store, _dir) in stores().await {
        let row = TelegramBotRow {
            bot_id: "kaan_kripto".into(),
            tg_user_id: 77,
            tg_username: "kaan_piyasa_bot".into(),
            token_cipher: "v1:abc".into(),
            listener: true,
            created_at: 1,
        };
        store.upsert_telegram_bot(&row).await.unwrap();
        store.set_token_cipher("kaan_kripto", "v1:def").await.unwrap();
        let got = store.telegram_bot("kaan_kripto").await.unwrap().unwrap();
        assert_eq!((got.token_cipher.as_str(), got.listener), ("v1:def", true));
        assert!(!format!("{got:?}").contains("v1:def"), "Debug must not print the token ciphertext");
        assert!(store.remove_telegram_bot("kaan_kripto").await.unwrap());
        assert!(!store.remove_telegram_bot("kaan_kripto").await.unwrap());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kicked_bot_membership_becomes_inactive_with_its_reason() {
    for (store, _dir) in stores().await {
        let room = room(&store).await;
        let yaml = include_str!("../../data/community.yaml");
        let p = engine::community::Community::from_yaml(yaml).unwrap().personas.remove(0);
        store.upsert_bot(&p, &p.display_name("🤖"), 1).await.unwrap();
        store.join(room, p.username.as_str()).await.unwrap();
        store.set_member_active(room, p.username.as_str(), false, Some("403: bot was kicked")).await.unwrap();
        let m = store.members(room).await.unwrap().remove(0);
        assert_eq!((m.active, m.reason.as_deref()), (false, Some("403: bot was kicked")));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn housekeeping_prunes_old_operational_rows_and_keeps_what_is_still_in_play() {
    use schema::{PruneBefore, Pruned};
    for (store, _dir) in stores().await {
        let room = room(&store).await;
        // Seen updates: two old ones of one bot (its newest is the poll offset), one recent.
        for (bot, id, at) in [("a", 1, 10), ("a", 2, 20), ("b", 5, 10), ("b", 6, 500)] {
            store.mark_update_seen(bot, id, at).await.unwrap();
        }
        // Outbox: an old sent row, an old planned row (still to send), a recent sent row.
        let old_sent = store.insert_outbox(&NewOutbox { updated_at: 10, ..planned(room, "eski") }).await.unwrap();
        store.move_outbox(old_sent.id, &OutboxMove { now_ms: 10, ..mv(Planned, Sending) }).await.unwrap();
        store.move_outbox(old_sent.id, &OutboxMove { now_ms: 10, ..mv(Sending, Sent) }).await.unwrap();
        store.insert_outbox(&NewOutbox { updated_at: 10, ..planned(room, "bekleyen") }).await.unwrap();
        let new_sent = store.insert_outbox(&planned(room, "yeni")).await.unwrap();
        store.move_outbox(new_sent.id, &OutboxMove { now_ms: 500, ..mv(Planned, Sending) }).await.unwrap();
        store.move_outbox(new_sent.id, &OutboxMove { now_ms: 500, ..mv(Sending, Sent) }).await.unwrap();
        store.record_guard_block(room, "kaan_kripto", "hype", 10).await.unwrap();
        store.record_guard_block(room, "kaan_kripto", "hype", 500).await.unwrap();

        store.request_forget("web:Ayşe", 10).await.unwrap();
        store.request_forget("tg:42", 500).await.unwrap();

        let cut = PruneBefore { seen_updates: 100, finished_outbox: 100, guard_blocks: 100, forget_requests: 100 };
        let done = store.prune_operational(cut).await.unwrap();
        let expected = Pruned { seen_updates: 2, finished_outbox: 1, guard_blocks: 1, forget_requests: 1 };
        assert_eq!(done, expected, "{}", store.backend());
        let last = store.last_forget_request().await.unwrap();
        assert_eq!(store.forget_requests_after(last - 1).await.unwrap(), [(last, "tg:42".to_string())]);
        assert_eq!(store.last_seen_update("a").await.unwrap(), Some(2), "the offset survives");
        assert_eq!(store.last_seen_update("b").await.unwrap(), Some(6));
        let left: Vec<String> = store.outbox(room).await.unwrap().into_iter().map(|r| r.text).collect();
        assert_eq!(left, ["bekleyen", "yeni"]);
        assert_eq!(store.guard_counts().await.unwrap()[0].count, 1);
        assert_eq!(store.prune_operational(cut).await.unwrap(), Pruned::default(), "idempotent");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_send_starts_only_under_the_rooms_fence_and_a_new_owner_recovers_only_its_room() {
    for (store, _dir) in stores().await {
        let room = room(&store).await;
        let baska =
            RoomRow { id: "baska-oda".into(), name: "Başka".into(), ..store.room(room).await.unwrap().unwrap() };
        store.upsert_room(&baska).await.unwrap();
        let other = store.insert_outbox(&planned("baska-oda", "öbür oda")).await.unwrap();
        store.move_outbox(other.id, &mv(Planned, Sending)).await.unwrap();
        let old = store.take_fence(room, "w1", 1).await.unwrap();
        let row = store.insert_outbox(&planned(room, "merhaba")).await.unwrap();
        assert!(store.move_outbox_fenced(row.id, &mv(Planned, Sending), room, old).await.unwrap());
        let next = store.insert_outbox(&planned(room, "ikinci")).await.unwrap();
        // Another worker takes the room: the former owner starts no send any more.
        let new = store.take_fence(room, "w2", 2).await.unwrap();
        let late = store.move_outbox_fenced(next.id, &mv(Planned, Sending), room, old).await;
        assert!(matches!(late, Err(schema::StoreError::Fenced { .. })), "{late:?}");
        // The new owner: the send left in flight is unknown, the other room's is not touched.
        assert_eq!(store.outbox_recover_in(Some(room), 3).await.unwrap(), 1);
        let planned_now: Vec<String> =
            store.outbox_planned_in(room).await.unwrap().into_iter().map(|r| r.text).collect();
        assert_eq!(planned_now, ["ikinci"]);
        assert!(store.move_outbox_fenced(next.id, &mv(Planned, Sending), room, new).await.unwrap());
        let status: Vec<_> = store.outbox(room).await.unwrap().into_iter().map(|r| r.status).collect();
        assert_eq!(status, [Unknown, Sending]);
        assert_eq!(store.outbox("baska-oda").await.unwrap()[0].status, Sending);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn updates_wait_in_the_inbox_for_their_room_and_go_with_the_persons_data() {
    for (store, _dir) in stores().await {
        let row = |room: &str, person: &str, at: i64| schema::NewInbox {
            room_id: room.into(),
            bot_id: "kaan_kripto".into(),
            person_id: Some(person.into()),
            update_json: format!("{{\"update_id\": {at}}}"),
            created_at: at,
        };
        store.push_inbox(&row("oda-a", "tg:1", 10)).await.unwrap();
        store.push_inbox(&row("oda-b", "tg:2", 20)).await.unwrap();
        store.push_inbox(&row("oda-a", "tg:2", 30)).await.unwrap();
        store.push_inbox(&row("oda-c", "tg:3", 40)).await.unwrap();
        let mine = store.inbox_for(&["oda-a".into(), "oda-b".into()], 10).await.unwrap();
        let at: Vec<i64> = mine.iter().map(|r| r.created_at).collect();
        assert_eq!(at, [10, 20, 30], "this worker's rooms, oldest first");
        store.drop_inbox(mine[0].id).await.unwrap();
        // Forgetting a person reaches what still waits; retention the old rest.
        store.forget_human("tg:2").await.unwrap();
        assert!(store.inbox_for(&["oda-a".into(), "oda-b".into()], 10).await.unwrap().is_empty());
        store.purge_human_messages(41).await.unwrap();
        assert!(store.inbox_for(&["oda-c".into()], 10).await.unwrap().is_empty());
    }
}
