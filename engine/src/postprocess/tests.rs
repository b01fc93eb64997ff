use super::*;
use crate::intent::{Goal, Intent};
use crate::persona::tests::persona;

fn intent(nums: &[f64]) -> Intent {
    Intent {
        goal: Goal::Chat,
        quote: None,
        mood: "sakin".into(),
        allowed_numbers: nums.to_vec(),
        reply_to: None,
        to_human: false,
        advice: None,
        position: None,
        memory: Default::default(),
    }
}

#[test]
fn role_labels_and_markup_are_stripped() {
    let p = persona("ali_test");
    let out = clean("Test ali_test: **THY** bugün sakin görünüyor.", &p, &intent(&[])).unwrap();
    assert_eq!(out, "THY bugün sakin görünüyor.");
    let out = clean("Asistan: Borsa biraz yorgun.\n\nİkinci paragraf", &p, &intent(&[])).unwrap();
    assert_eq!(out, "Borsa biraz yorgun.");
}

#[test]
fn a_character_the_model_cut_in_half_does_not_show() {
    // The embedded model, 2026-12-07: an emoji cut at the token limit reached the room as "�".
    let out =
        clean("Tüpraş güçlü nakit yaratıyor. Bu iş hacmi sakin seyretti \u{FFFD}", &persona("ali_test"), &intent(&[]));
    // The broken end goes, and with it the unfinished sentence.
    assert_eq!(out, Ok("Tüpraş güçlü nakit yaratıyor.".to_string()));
}

#[test]
fn assistant_tone_english_and_echo_are_refused() {
    let p = persona("ali_test");
    assert_eq!(clean("Elbette! İşte mesajım: borsa iyi", &p, &intent(&[])), Err(Reject::Assistant));
    // The embedded model, 2026-12-07.
    let sorry = "Üzgünüm, ancak ben bir yazı yazıcısı ve bu konuda genel bilgi vermiyorum.";
    assert_eq!(clean(sorry, &p, &intent(&[])), Err(Reject::Assistant));
    assert_eq!(clean("The market is up and this is good for you", &p, &intent(&[])), Err(Reject::NotTurkish));
    assert_eq!(clean("Görev: kısa yorum yap", &p, &intent(&[])), Err(Reject::Echo));
}

#[test]
fn numbers_must_come_from_the_feed() {
    let p = persona("ali_test");
    assert!(clean("THYAO 312,40 olmuş, %1,25 artıda.", &p, &intent(&[312.4, 1.25])).is_ok());
    assert_eq!(clean("THYAO 350 olur bence.", &p, &intent(&[312.4])), Err(Reject::UnknownNumber("350".into())));
    assert!(clean("Borsa 10.250 civarı, 20 yıldır izliyorum.", &p, &intent(&[10250.0])).is_ok());
}

#[test]
fn a_percentage_is_not_a_small_count() {
    // The embedded model, 2026-12-07: "yüzde-27" for a move of 0,4 % passed
    // as a count like "20 yıl".
    let p = persona("ali_test");
    let feed = intent(&[41.86, 0.42]);
    for text in
        ["Dolar yüzde-27 yükselir bence.", "Dolar yüzde 27 yükselir.", "Dolar %27 yükselir.", "Dolar 27% yükselir."]
    {
        assert_eq!(clean(text, &p, &feed), Err(Reject::UnknownNumber("27".into())), "{text}");
    }
    assert!(clean("Dolar %0,42 artıda, 20 yıldır böyle.", &p, &feed).is_ok());
    // A share of something is a count like any other.
    assert!(clean("Portföyün %10'undan fazlasını tek hisseye koymam.", &p, &feed).is_ok());
    // The feed's move rounded to a whole number is the feed's.
    assert!(clean("THYAO yüzde 3 düştü, sakin olmak lazım.", &p, &intent(&[312.4, -3.2, 3.2])).is_ok());
}

#[test]
fn an_index_name_is_not_a_number_the_feed_must_give() {
    // Seen on the embedded model: every draft about "BIST 100" was refused
    // for its 100, and the room's first message fell back to a template.
    let p = persona("ali_test");
    assert!(clean("BIST 100 bugün yatay, kapanışa bakacağım.", &p, &intent(&[10250.0])).is_ok());
    assert!(clean("XU100 yine 10.250 civarında dolanıyor.", &p, &intent(&[10250.0])).is_ok());
    assert!(clean("Bist30 endeksi de sakin.", &p, &intent(&[])).is_ok());
    assert_eq!(
        clean("BIST 100 bence 350 puan yükselir.", &p, &intent(&[10250.0])),
        Err(Reject::UnknownNumber("350".into()))
    );
    assert_eq!(crate::postprocess::numbers_in("BIST 100 %1,5 ekside"), vec![("1,5".to_string(), 1.5)]);
}

#[test]
fn broken_endings_are_cut_at_the_last_sentence() {
    let p = persona("ali_test");
    let out = clean("Dolar sakin gidiyor. Bence bir süre böyle devam eder ama yine de", &p, &intent(&[])).unwrap();
    assert_eq!(out, "Dolar sakin gidiyor.");
}

#[test]
fn guarded_text_is_refused_with_the_reason() {
    let p = persona("ali_test");
    assert!(matches!(clean("Bu hisse kesin yükselecek, kaçırmayın!", &p, &intent(&[])), Err(Reject::Guard(_))));
}

#[test]
fn only_two_sentences_are_kept_and_the_word_piyasa_is_fine() {
    let p = persona("ali_test");
    let out = clean("Piyasa sakin. Ben bekliyorum. Üçüncü cümle de var.", &p, &intent(&[])).unwrap();
    assert_eq!(out, "Piyasa sakin. Ben bekliyorum.");
    assert_eq!(clean("Görev: yaz. Piyasa: iyi", &p, &intent(&[])), Err(Reject::Echo));
}

#[test]
fn a_bot_does_not_call_itself_by_name() {
    let mut p = persona("ali_test");
    p.name = "Mehmet Bey".into();
    // Seen on the embedded model, 2026-12-06.
    let out = clean("Mehmet Bey, altın ve dolar arasında bir değişiklik olabilir.", &p, &intent(&[])).unwrap();
    assert_eq!(out, "Altın ve dolar arasında bir değişiklik olabilir.");
    let out = clean("Mehmet, işler karışık bugün.", &p, &intent(&[])).unwrap();
    assert_eq!(out, "İşler karışık bugün.");
    let out = clean("Mehmet Bey bence haklı, GARAN güçlü.", &p, &intent(&[])).unwrap();
    assert_eq!(out, "Mehmet Bey bence haklı, GARAN güçlü.");
}

#[test]
fn a_message_that_repeats_a_recent_one_is_spotted() {
    let recent = vec!["Koç Holding bugün sakin görünüyor.".to_string()];
    assert!(is_repeat("Koç holding bugün sakin görünüyor!", &recent));
    assert!(!is_repeat("Bence Koç Holding yarın hareketlenir.", &recent));
    // Seen on the embedded model, 2026-12-06: the same line, another suffix.
    assert!(is_repeat("Altın dolar'tur.", &["Altın dolar'dır.".to_string()]));
    assert!(is_repeat("Koç Holding'de bugün sakinlik görünüyor.", &recent));
}

#[test]
fn other_scripts_are_not_turkish() {
    let p = persona("ali_test");
    assert_eq!(clean("Altın bugün 很好 gidiyor.", &p, &intent(&[])), Err(Reject::NotTurkish));
    assert_eq!(clean("Доллар растет сегодня.", &p, &intent(&[])), Err(Reject::NotTurkish));
    assert!(clean("Şişecam güçlü, İş Bankası da öyle.", &p, &intent(&[])).is_ok());
}

/// The set definition `is_repeat` must keep: Jaccard of distinct word stems.
fn repeat_by_sets(text: &str, recent: &[String]) -> bool {
    let words = |t: &str| -> std::collections::HashSet<String> {
        let joined = t.replace(['\'', '’'], "");
        crate::text::words(&joined).into_iter().map(|w| w.chars().take(REPEAT_STEM).collect()).collect()
    };
    let mine = words(text);
    !mine.is_empty()
        && recent.iter().any(|r| {
            let other = words(r);
            let all = mine.union(&other).count() as f64;
            all > 0.0 && mine.intersection(&other).count() as f64 / all >= REPEAT_SIMILARITY
        })
}

proptest::proptest! {
    #[test]
    fn repeat_detection_is_jaccard_of_distinct_folded_words(
        text in proptest::collection::vec(0usize..8, 0..9),
        recent in proptest::collection::vec(proptest::collection::vec(0usize..8, 0..9), 0..6),
    ) {
        const VOCAB: [&str; 8] = ["Borsa", "borsa'da,", "bugün", "SAKİN", "sakin", "kur", "yükseliyor", "yükselir"];
        let line = |ws: &[usize]| ws.iter().map(|&i| VOCAB[i]).collect::<Vec<_>>().join(" ");
        let recent: Vec<String> = recent.iter().map(|r| line(r)).collect();
        let text = line(&text);
        proptest::prop_assert_eq!(is_repeat(&text, &recent), repeat_by_sets(&text, &recent));
    }
}

/// A turn answering `text`, written by a person, after `before` (bot lines).
fn turn_after(text: &str, before_bot: &[&str], answer_person: bool) -> Intent {
    use crate::floor::{Grant, Reason};
    use crate::transcript::{AuthorKind, Line, Transcript};
    let mut t = Transcript::default();
    let mut push = |id: i64, kind: AuthorKind, text: &str| {
        let who = if kind == AuthorKind::Human { "Deniz" } else { "bot_x" };
        t.push(Line {
            id,
            author_id: who.into(),
            author_name: who.into(),
            kind,
            text: text.into(),
            reply_to: None,
            at: crate::ids::Millis(id * 1000),
            bot_depth: 0,
        })
    };
    push(1, AuthorKind::Human, text);
    for (i, b) in before_bot.iter().enumerate() {
        push(2 + i as i64, AuthorKind::Bot, b);
    }
    let last = 1 + before_bot.len() as i64;
    let reply_to = if answer_person { 1 } else { last };
    let grant =
        Grant { bot: crate::ids::BotId::parse("ali_test").unwrap(), reply_to: Some(reply_to), reason: Reason::Thread };
    let mut rng = <rand_chacha::ChaCha8Rng as rand::SeedableRng>::seed_from_u64(1);
    crate::intent::form(&persona("ali_test"), crate::mood::Mood::default(), &grant, &t, &[], &[], &mut rng)
}

#[test]
fn answering_an_advice_request_records_it_and_the_prompt_asks_for_a_decline() {
    let i = turn_after("hepsini THY'ye mi yatırayım, kesin kazandırır mı?", &[], true);
    assert_eq!(i.answers_advice(), Some(crate::guard::advice::AdviceKind::Concentration));
    let whole = |i: &Intent| {
        let p = crate::prompt::build(&persona("ali_test"), i, &crate::transcript::Transcript::default());
        format!("{}\n{}", p.system, p.user)
    };
    assert!(whole(&i).contains(crate::prompt::DECLINE_ADVICE), "{}", whole(&i));
    let plain = turn_after("THY neden düştü bugün?", &[], true);
    assert_eq!(plain.advice, None);
    assert!(!whole(&plain).contains(crate::prompt::DECLINE_ADVICE), "{}", whole(&plain));
}

#[test]
fn a_draft_cheering_on_an_advice_request_is_refused_with_advice_hype() {
    let p = persona("ali_test");
    let i = turn_after("THY alayım mı?", &[], true);
    assert_eq!(clean("THY artıda gidiyor 🚀", &p, &i), Err(Reject::AdviceHype));
    assert_eq!(
        clean("Bence kaçırma, bu fırsat bir daha gelmez.", &p, &i).map_err(|r| r.guard_code().is_some()),
        Err(true)
    );
    assert_eq!(Reject::AdviceHype.guard_code(), Some("advice_hype"));
    let ok = "Sana kişisel tavsiye veremem; garanti yok, her şeyi tek hisseye koymak riskli. Vaden ne?";
    assert!(clean(ok, &p, &i).is_ok());
    // The same rocket without a request nearby is ordinary chat.
    assert!(clean("THY artıda gidiyor 🚀", &p, &intent(&[])).is_ok());
}

#[test]
fn other_bots_commenting_after_an_advice_request_may_not_hype_either() {
    let p = persona("ali_test");
    let i = turn_after("Tüm birikimimi THY'ye koyayım mı?", &["Sana tavsiye veremem, garanti yok."], false);
    assert!(matches!(i.goal, Goal::ReplyBot { .. }));
    assert_eq!(i.advice.map(|a| a.answering), Some(false));
    assert_eq!(clean("Bence de THY uçar, hemen gir!", &p, &i), Err(Reject::AdviceHype));
    let prompt = crate::prompt::build(&p, &i, &crate::transcript::Transcript::default());
    assert!(format!("{}\n{}", prompt.system, prompt.user).contains(crate::prompt::NO_HYPE_NEAR_ADVICE));
    let far: Vec<&str> = vec!["Piyasa sakin."; crate::intent::ADVICE_WINDOW_LINES];
    assert_eq!(turn_after("THY alayım mı?", &far, false).advice, None, "out of the window");
}

#[test]
fn the_fallback_declines_an_advice_request_and_passes_the_guards() {
    let p = persona("ali_test");
    let mut rng = <rand_chacha::ChaCha8Rng as rand::SeedableRng>::seed_from_u64(2);
    for (ask, english) in [("THY alayım mı, kesin kazandırır mı?", false), ("Should I buy THY?", true)] {
        let i = turn_after(ask, &[], true);
        let d = crate::fallback::reaction(&p, &i, &mut rng);
        assert_eq!(check_template(&d, &i), Ok(()), "{d}");
        assert_eq!(d.contains("I can't"), english, "{d}");
        assert!(fold(&d).contains("garanti") || d.contains("guarantee"), "{d}");
    }
    let mut rocket = p.clone();
    rocket.emoji = vec!["🚀".into()];
    let near = turn_after("THY alayım mı?", &["Tavsiye veremem."], false);
    for _ in 0..8 {
        assert!(!crate::fallback::reaction(&rocket, &near, &mut rng).contains('🚀'));
    }
}

#[test]
fn a_mention_whose_message_scrolled_out_of_the_bots_lines_is_no_threaded_reply() {
    // Found by the Telegram fuzz: a flood of people pushed the mentioned
    // message out of the lines the bot got; the turn must not panic nor
    // thread an answer under a message it never read.
    use crate::floor::{Grant, Reason};
    let bot = crate::ids::BotId::parse("ali_test").unwrap();
    let grant = Grant { bot, reply_to: Some(77), reason: Reason::Mentioned };
    let mut rng = <rand_chacha::ChaCha8Rng as rand::SeedableRng>::seed_from_u64(1);
    let t = crate::transcript::Transcript::default();
    let i = crate::intent::form(&persona("ali_test"), crate::mood::Mood::default(), &grant, &t, &[], &[], &mut rng);
    assert_eq!((i.reply_to, i.to_human), (None, false));
}
