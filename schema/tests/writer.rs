//! The message writer: rooms' messages stored in batches, each with its own
//! outcome, on both backends.

mod support;

use engine::transcript::AuthorKind;
use schema::{MessageStatus, MessageWriter, NewMessage, RoomRow, Store, StoreError};
use std::sync::Arc;

fn msg(room: &str, text: &str, at: i64) -> NewMessage {
    NewMessage {
        room_id: room.into(),
        author_kind: AuthorKind::Human,
        author_id: "web:ayse".into(),
        author_name: "Ayşe".into(),
        reply_to: None,
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

async fn room(store: &Store, id: &str) {
    let row =
        RoomRow { id: id.into(), name: id.into(), topic: String::new(), created_at: 1, prices: Default::default() };
    store.upsert_room(&row).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn messages_from_many_rooms_at_once_are_each_stored_once_in_their_rooms_order() {
    for (store, _dir) in support::stores("writer").await {
        let writer = MessageWriter::start(store.clone());
        for r in 0..8 {
            room(&store, &format!("oda-{r}")).await;
        }
        // Eight rooms, each writing 25 messages one after the other, all at once.
        let rooms = (0..8).map(|r| {
            let writer = writer.clone();
            tokio::spawn(async move {
                let mut ids = Vec::new();
                for i in 0..25 {
                    let row = writer.insert(msg(&format!("oda-{r}"), &format!("{r}/{i}"), i), None).await.unwrap();
                    assert_eq!(row.text, format!("{r}/{i}"), "each room gets its own row back");
                    ids.push(row.id);
                }
                ids
            })
        });
        let mut all: Vec<i64> = Vec::new();
        for ids in futures::future::join_all(rooms).await {
            all.extend(ids.unwrap());
        }
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), 200, "{}: 200 distinct rows", store.backend());
        for r in 0..8 {
            let texts: Vec<String> =
                store.recent_messages(&format!("oda-{r}"), 100).await.unwrap().into_iter().map(|m| m.text).collect();
            let want: Vec<String> = (0..25).map(|i| format!("{r}/{i}")).collect();
            assert_eq!(texts, want, "{}: room {r} in its order", store.backend());
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stale_token_refuses_its_own_message_and_the_rest_of_the_batch_is_stored() {
    for (store, _dir) in support::stores("writer_fence").await {
        room(&store, "eski").await;
        room(&store, "yeni").await;
        let old = store.take_fence("eski", "w1", 1).await.unwrap();
        store.take_fence("eski", "w2", 2).await.unwrap(); // w1's token is stale now
        let mine = store.take_fence("yeni", "w1", 3).await.unwrap();
        let batch: Arc<[(NewMessage, Option<i64>)]> = vec![
            (msg("yeni", "bir", 10), Some(mine)),
            (msg("eski", "geç kalan", 11), Some(old)),
            (msg("yeni", "iki", 12), None),
        ]
        .into();
        let rows = store.insert_messages(batch).await.unwrap();
        let texts: Vec<Option<String>> = rows.into_iter().map(|r| r.map(|r| r.text)).collect();
        assert_eq!(texts, [Some("bir".into()), None, Some("iki".into())], "{}", store.backend());
        assert_eq!(
            store.message_fences("yeni").await.unwrap().iter().map(|f| f.1).collect::<Vec<_>>(),
            [Some(mine), None]
        );
        assert!(store.recent_messages("eski", 10).await.unwrap().is_empty(), "{}", store.backend());

        // Through the writer, the stale one is a clear error of its own.
        let writer = MessageWriter::start(store.clone());
        let late = writer.insert(msg("eski", "yine geç", 13), Some(old)).await;
        assert!(
            matches!(&late, Err(StoreError::Fenced { token, .. }) if *token == old),
            "{}: {late:?}",
            store.backend()
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_message_fails_alone_and_loses_none_of_its_batch() {
    for (store, _dir) in support::stores("writer_bad").await {
        room(&store, "oda").await;
        // A batch with a message for a room that does not exist stores nothing...
        let batch: Arc<[(NewMessage, Option<i64>)]> =
            vec![(msg("oda", "iyi", 1), None), (msg("yok-boyle-oda", "kötü", 2), None)].into();
        assert!(store.insert_messages(batch).await.is_err(), "{}", store.backend());
        assert!(
            store.recent_messages("oda", 10).await.unwrap().is_empty(),
            "{}: the batch is all or none",
            store.backend()
        );

        // ...and through the writer, each message is stored again on its own.
        let writer = MessageWriter::start(store.clone());
        let sends = (0..20).map(|i| {
            let (writer, room) = (writer.clone(), if i == 7 { "yok-boyle-oda" } else { "oda" });
            async move { writer.insert(msg(room, &format!("m{i}"), i), None).await }
        });
        let results = futures::future::join_all(sends).await;
        for (i, res) in results.iter().enumerate() {
            assert_eq!(res.is_ok(), i != 7, "{}: message {i}: {res:?}", store.backend());
        }
        assert_eq!(store.recent_messages("oda", 100).await.unwrap().len(), 19, "{}", store.backend());
    }
}
