//! Importing personas into a running community: preview, then exactly that.

use crate::support::*;
use actors::ControlError;
use actors::control::ImportRequest;
use engine::community::PersonaFormat;

/// A community file of the bundled room with `personas`.
fn file(personas: &[engine::persona::Persona]) -> String {
    let room = engine::community::RoomSpec {
        slug: engine::ids::RoomId::parse(ROOM).unwrap(),
        name: "Piyasa Sohbet".into(),
        topic: String::new(),
        prices: None,
    };
    engine::community::Community { room, personas: personas.to_vec() }.to_yaml()
}

#[actix::test]
async fn a_preview_writes_nothing_and_applying_it_reaches_the_running_room() {
    tokio::time::pause();
    let (c, _dir) = start(3).await;
    let mut all = personas(5);
    all[0].tone = "bambaşka bir üslup".into();
    // The file: the first (edited), the second (as stored), the fifth (new); not the third.
    let text = file(&[all[0].clone(), all[1].clone(), all[4].clone()]);
    let req = ImportRequest { text: &text, format: PersonaFormat::Yaml, room: Some(ROOM), remove_missing: true };
    let plan = c.preview_import(&req).await.unwrap();
    let names = |v: &[engine::ids::BotId]| v.iter().map(|b| b.to_string()).collect::<Vec<_>>();
    assert_eq!(plan.added.iter().map(|p| p.username.to_string()).collect::<Vec<_>>(), [all[4].username.to_string()]);
    assert_eq!(plan.changed.len(), 1);
    assert_eq!(plan.changed[0].fields.iter().map(|f| f.field.as_str()).collect::<Vec<_>>(), ["tone"]);
    assert_eq!(names(&plan.unchanged), [all[1].username.to_string()]);
    assert_eq!(names(&plan.not_in_file), [all[2].username.to_string()]);
    assert!(c.store.bot(all[4].username.as_str()).await.unwrap().is_none(), "a preview writes nothing");

    let done = c.apply_import(&req, &plan.fingerprint).await.unwrap();
    assert_eq!(done, plan, "what was written is what was previewed");
    let stored = c.store.bot(all[0].username.as_str()).await.unwrap().unwrap().persona().unwrap();
    assert_eq!(stored.tone, "bambaşka bir üslup");
    let status = c.room_status(ROOM).await.unwrap();
    let mut running: Vec<String> = status.members.iter().map(|m| m.id.clone()).collect();
    running.sort();
    let mut want = vec![all[0].username.to_string(), all[1].username.to_string(), all[4].username.to_string()];
    want.sort();
    assert_eq!(running, want, "the new bot runs, the missing one left");
    assert!(status.inactive.iter().any(|m| m.id == all[2].username.as_str()));
    // The same preview again: the store has moved on.
    assert!(matches!(c.apply_import(&req, &plan.fingerprint).await, Err(ControlError::Conflict(_))));
}

#[actix::test]
async fn an_import_is_refused_when_the_store_changed_since_its_preview() {
    tokio::time::pause();
    let (c, _dir) = start(2).await;
    let mut all = personas(3);
    all[0].talkativeness = 0.95;
    let text = file(&[all[0].clone(), all[2].clone()]);
    let req = ImportRequest { text: &text, format: PersonaFormat::Yaml, room: Some(ROOM), remove_missing: false };
    let plan = c.preview_import(&req).await.unwrap();
    // Someone edits the persona in between.
    let edit = serde_json::json!({"tone": "aceleci"});
    c.edit_persona(all[0].username.as_str(), edit.as_object().unwrap()).await.unwrap();
    let e = c.apply_import(&req, &plan.fingerprint).await.unwrap_err();
    assert!(matches!(e, ControlError::Conflict(_)), "{e:?}");
    assert!(c.store.bot(all[2].username.as_str()).await.unwrap().is_none(), "nothing written");
    let p = c.store.bot(all[0].username.as_str()).await.unwrap().unwrap().persona().unwrap();
    assert_eq!((p.talkativeness, p.tone.as_str()), (personas(1)[0].talkativeness, "aceleci"));
    // A bad file is refused by persona and field.
    let mut bad = all[2].clone();
    bad.per_hour = 0;
    let text = file(&[bad]);
    let req = ImportRequest { text: &text, format: PersonaFormat::Yaml, room: Some(ROOM), remove_missing: false };
    match c.preview_import(&req).await {
        Err(ControlError::Invalid { field, .. }) => assert_eq!(field, format!("{}.per_hour", all[2].username)),
        other => panic!("{other:?}"),
    }
}
