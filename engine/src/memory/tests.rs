use super::*;

const DAY: i64 = Millis::DAY;

fn said(m: &mut Memory, at: i64, to: Option<&str>, about: Option<&str>, text: &str) {
    m.said(Episode {
        at: Millis(at),
        to: to.map(str::to_string),
        about: about.map(str::to_string),
        text: text.into(),
        leaning: None,
    });
}

#[test]
fn what_it_said_on_a_ticker_days_ago_is_recalled_not_what_is_on_screen() {
    let mut m = Memory::default();
    said(&mut m, 0, None, Some("THYAO"), "THY'de 300 desteği önemli, altına inerse çıkarım.");
    said(&mut m, DAY, None, Some("GARAN"), "Bankalarda temettü sezonu yaklaşıyor.");
    said(&mut m, 3 * DAY - 10 * 60_000, None, Some("THYAO"), "THY bugün sakin.");
    let now = Millis(3 * DAY);
    let r = m.recall("THY için ne düşünüyorsun?", Some("THYAO"), None, now);
    assert_eq!(
        r.said,
        Some((3, "THY'de 300 desteği önemli, altına inerse çıkarım.".to_string())),
        "the 10-minute-old line is on screen"
    );
    // No ticker, but the words: Turkish stems match "temettü" and "bankalar" in other forms.
    let r = m.recall("Bankaların temettüleri ne zaman?", None, None, now);
    assert_eq!(r.said.map(|s| s.0), Some(2));
    // Nothing about it, nothing recalled; nor past the recall window.
    assert_eq!(m.recall("Altın ne olur?", Some("GRAMALTIN"), None, now).said, None);
    assert_eq!(m.recall("THY?", Some("THYAO"), None, Millis(30 * DAY)).said, None);
}

#[test]
fn a_person_back_after_days_is_recognised_with_what_they_asked() {
    let mut m = Memory::default();
    m.met("web:ayse", "Ayşe", "THY'yi alayım mı sizce?", Some("THYAO"), Millis(0));
    m.met("web:ayse", "Ayşe", "THY neden düştü?", Some("THYAO"), Millis(60_000));
    m.met("web:ayse", "Ayşe", "Altın?", Some("GRAMALTIN"), Millis(120_000));
    let card = m.card("web:ayse").unwrap();
    assert_eq!((card.talks, card.main_topic()), (3, Some("THYAO")));
    assert_eq!(m.recall("selam", None, Some("web:ayse"), Millis(DAY)).returning, None, "a day is not away");
    // Seen talking to others in the room yesterday: not away either.
    let mut around = m.clone();
    around.saw("web:ayse", Millis(2 * DAY));
    around.saw("web:stranger", Millis(2 * DAY));
    assert_eq!(around.recall("selam", None, Some("web:ayse"), Millis(3 * DAY + 120_000)).returning, None);
    assert!(around.card("web:stranger").is_none(), "seeing someone makes no card");
    let back = m.recall("selam, yine ben", None, Some("web:ayse"), Millis(3 * DAY + 120_000)).returning.unwrap();
    assert_eq!((back.days, back.topic.as_deref()), (3, Some("THYAO")));
    assert_eq!(welcome_back(&back, false), "Tekrar hoş geldin! 3 gün önce THYAO hakkında sormuştun, aklımda.");
    let yesterday = Returning { name: "Ayşe".into(), days: 1, topic: None, rapport: Rapport::Plain };
    assert_eq!(welcome_back(&yesterday, true), "Tekrar hoş geldiniz! En son dün konuşmuştuk.");
    let gold = Returning { name: "Ali".into(), days: 4, topic: Some("GRAMALTIN".into()), rapport: Rapport::Plain };
    assert_eq!(welcome_back(&gold, false), "Tekrar hoş geldin! 4 gün önce Gram altın hakkında sormuştun, aklımda.");
    assert!(crate::guard::compliance::check(&welcome_back(&back, false)).is_allowed());
}

#[test]
fn a_person_who_argued_is_welcomed_back_knowing_it_and_one_who_agreed_too() {
    use crate::mood::talk::Reception as R;
    let mut m = Memory::default();
    m.met("web:ali", "Ali", "GARAN yükselir mi?", Some("GARAN"), Millis(0));
    m.replied("web:ali", R::Contradicted);
    assert_eq!(m.card("web:ali").unwrap().rapport(), Rapport::Plain, "one reply is no pattern");
    m.replied("web:ali", R::Contradicted);
    m.replied("web:ali", R::Answered);
    m.replied("web:stranger", R::Agreed);
    assert!(m.card("web:stranger").is_none(), "a reply alone makes no card");
    let back = m.recall("selam", None, Some("web:ali"), Millis(3 * DAY)).returning.unwrap();
    assert_eq!(back.rapport, Rapport::Argued);
    assert_eq!(
        welcome_back(&back, false),
        "Tekrar hoş geldin! 3 gün önce GARAN hakkında sormuştun, aklımda. Geçen sefer pek anlaşamamıştık ama \
         fikrini merak ediyorum."
    );
    for _ in 0..5 {
        m.replied("web:ali", R::Agreed);
    }
    assert_eq!(m.card("web:ali").unwrap().rapport(), Rapport::Warm);
    assert!(crate::guard::compliance::check(&welcome_back(&back, true)).is_allowed());
}

#[test]
fn a_saying_from_when_the_bot_leaned_the_other_way_is_recalled_as_a_changed_view() {
    let mut m = Memory::default();
    let text = "THY'ye güveniyorum, sabır lazım.".to_string();
    m.said(Episode { at: Millis(0), to: None, about: Some("THYAO".into()), text, leaning: Some(1) });
    let later = Millis(2 * DAY);
    let r = m.recall("THY ne olur?", Some("THYAO"), None, later);
    assert!(r.said.is_some() && !r.changed);
    assert!(r.clone().leaning_now(-1).changed, "bullish then, bearish now");
    assert!(!r.leaning_now(1).changed);
    // Nothing recalled, nothing changed.
    assert!(!m.recall("altın?", Some("GRAMALTIN"), None, later).leaning_now(-1).changed);
}

#[test]
fn forgetting_a_person_drops_their_card_and_what_was_said_to_them() {
    let mut m = Memory::default();
    m.met("web:ayse", "Ayşe", "THY?", Some("THYAO"), Millis(0));
    m.met("web:ali", "Ali", "GARAN?", Some("GARAN"), Millis(5 * DAY));
    said(&mut m, 0, Some("web:ayse"), Some("THYAO"), "Ayşe, THY'de sabırlı ol derim.");
    said(&mut m, 1, None, Some("THYAO"), "THY'de hacim düşük.");
    said(&mut m, 5 * DAY, Some("web:ali"), Some("GARAN"), "GARAN'da bilanço bekleniyor.");
    m.forget("web:ayse");
    assert!(m.card("web:ayse").is_none() && m.card("web:ali").is_some());
    assert!(m.episodes().all(|e| e.to.as_deref() != Some("web:ayse")));
    assert_eq!(m.episodes().count(), 2, "what it said to the room stays");
    m.forget_before(Millis(DAY));
    assert!(m.card("web:ali").is_some(), "seen after the cut");
    m.forget_before(Millis(6 * DAY));
    assert!(m.card("web:ali").is_none());
    assert_eq!(m.episodes().map(|e| e.text.as_str()).collect::<Vec<_>>(), ["THY'de hacim düşük."]);
}

#[test]
fn the_memory_keeps_the_newest_episodes() {
    let mut m = Memory::default();
    for i in 0..(EPISODES_KEPT as i64 + 5) {
        said(&mut m, i, None, None, "x");
    }
    assert_eq!(m.episodes().count(), EPISODES_KEPT);
    assert_eq!(m.episodes().next().unwrap().at, Millis(5));
}
