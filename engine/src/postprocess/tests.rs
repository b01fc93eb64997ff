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
fn assistant_tone_english_and_echo_are_refused() {
    let p = persona("ali_test");
    assert_eq!(clean("Elbette! İşte mesajım: borsa iyi", &p, &intent(&[])), Err(Reject::Assistant));
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
fn a_message_that_repeats_a_recent_one_is_spotted() {
    let recent = vec!["Koç Holding bugün sakin görünüyor.".to_string()];
    assert!(is_repeat("Koç holding bugün sakin görünüyor!", &recent));
    assert!(!is_repeat("Bence Koç Holding yarın hareketlenir.", &recent));
}

#[test]
fn other_scripts_are_not_turkish() {
    let p = persona("ali_test");
    assert_eq!(clean("Altın bugün 很好 gidiyor.", &p, &intent(&[])), Err(Reject::NotTurkish));
    assert_eq!(clean("Доллар растет сегодня.", &p, &intent(&[])), Err(Reject::NotTurkish));
    assert!(clean("Şişecam güçlü, İş Bankası da öyle.", &p, &intent(&[])).is_ok());
}

/// The set definition `is_repeat` must keep: Jaccard of distinct folded words.
fn repeat_by_sets(text: &str, recent: &[String]) -> bool {
    let words = |t: &str| -> std::collections::HashSet<String> { crate::text::words(t).into_iter().collect() };
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
        const VOCAB: [&str; 8] = ["Borsa", "borsa,", "bugün", "SAKİN", "sakin", "kur", "yükseliyor", "ama"];
        let line = |ws: &[usize]| ws.iter().map(|&i| VOCAB[i]).collect::<Vec<_>>().join(" ");
        let recent: Vec<String> = recent.iter().map(|r| line(r)).collect();
        let text = line(&text);
        proptest::prop_assert_eq!(is_repeat(&text, &recent), repeat_by_sets(&text, &recent));
    }
}
