//! Every defect on crafted Turkish lines, and a corpus of clean chat lines
//! (engine/testdata/quality/clean.txt) that must not be flagged.

use super::*;

const MEMBERS: &[&str] = &["okan_usta_1", "ece_hanim_2", "kerem_3", "web:Deniz"];
const FEED: &[f64] = &[37.60, 3.58, 312.40, 38.20];
const WINDOW: &[Line] = &[
    Line { author: "web:Deniz", text: "bugün THY hakkında ne düşünüyorsunuz?" },
    Line { author: "okan_usta_1", text: "Faiz kararı yarın, herkes bekliyor." },
    Line { author: "ece_hanim_2", text: "Altın yine rekor denemesinde." },
];

fn ctx() -> Context<'static> {
    Context {
        window: WINDOW,
        members: MEMBERS,
        prompt: None,
        allowed_numbers: Some(FEED),
        answers_advice_request: Some(true),
        quotes: None,
    }
}

#[test]
fn each_defect_is_found_on_a_crafted_line() {
    let cases: &[(&str, Defect)] = &[
        ("Merhaba arkadaşlar, bugün THY için bir konu düşünüyorum.", Defect::Echo),
        ("Faiz kararı yarın, herkes bunu bekliyor.", Defect::Echo),
        ("Okan: bence bekleyelim, acele yok.", Defect::Label),
        ("🤖 Ece Hanım 2: sabır şart.", Defect::Label),
        ("Güncel: piyasa yön arıyor, sakin.", Defect::Label),
        ("Kendi görüşünle kısa cevap ver.", Defect::InstructionLeak),
        ("Pozisyonun: 2.000 adet, maliyet 37,50.", Defect::PromptDataLeak),
        ("THYAO 37,60 seviyesinde, günlük %3,58 ekside.", Defect::PriceOnly),
        ("I think the market will go up today.", Defect::English),
        ("Рынок сегодня спокойный.", Defect::OtherScript),
        ("Elbette, size nasıl yardımcı olabilirim?", Defect::AssistantTone),
        ("Kaçırmayın, bu hisse uçacak 🚀", Defect::HypeToAdvice),
        ("THYAO bence 45,80 olur, sabır.", Defect::UnknownNumber),
        ("Katılıyorum, aynen öyle.", Defect::Contentless),
    ];
    for (text, want) in cases {
        let got = defects(text, &ctx());
        assert!(got.contains(want), "{text}: want {want}, got {got:?}");
    }
}

#[test]
fn hype_is_a_defect_only_towards_an_advice_request() {
    let text = "Kaçırmayın, bu hisse uçacak 🚀";
    let chat = Context { answers_advice_request: Some(false), ..ctx() };
    assert!(!defects(text, &chat).contains(&Defect::HypeToAdvice));
    let unknown = Context { answers_advice_request: None, ..ctx() };
    assert!(!defects(text, &unknown).contains(&Defect::HypeToAdvice));
}

#[test]
fn a_move_the_feed_did_not_make_is_found_only_with_the_feed() {
    use crate::market::Quote;
    let q = |symbol: &str, name: &str, change_pct: f64| Quote {
        symbol: symbol.into(),
        name: name.into(),
        price: 100.0,
        change_pct,
        decimals: 2,
    };
    let feed = [q("GARAN", "Garanti BBVA", -1.8), q("THYAO", "THY", 2.1)];
    let with = Context { quotes: Some((&feed, Some(&feed[1]))), ..ctx() };
    let text = "Bu gün bankalar büyük bir artış oldu.";
    assert_eq!(defects(text, &with), vec![Defect::WrongMove]);
    assert!(defects(text, &ctx()).is_empty());
    assert!(defects("Bankalar ekside, sert düşüş var, dikkatli olmak lazım.", &with).is_empty());
}

#[test]
fn numbers_are_checked_only_when_the_feed_is_known() {
    let text = "THYAO bence 45,80 olur, sabır.";
    let no_feed = Context { allowed_numbers: None, ..ctx() };
    assert!(defects(text, &no_feed).is_empty());
}

#[test]
fn codes_are_distinct_snake_case_names() {
    let codes: Vec<&str> = Defect::ALL.iter().map(|d| d.code()).collect();
    let mut unique = codes.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), codes.len());
    assert!(codes.iter().all(|c| c.chars().all(|c| c.is_ascii_lowercase() || c == '_')));
    assert_eq!(serde_json::to_string(&Defect::HypeToAdvice).unwrap(), "\"hype_to_advice\"");
}

#[test]
fn clean_chat_lines_are_not_flagged() {
    let corpus = include_str!("../../testdata/quality/clean.txt");
    let lines: Vec<&str> = corpus.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')).collect();
    assert!(lines.len() >= 30, "only {} clean lines", lines.len());
    let flagged: Vec<(&str, Vec<Defect>)> =
        lines.iter().map(|l| (*l, defects(l, &ctx()))).filter(|(_, d)| !d.is_empty()).collect();
    println!("clean corpus: {} of {} lines flagged ({:.1}%)", flagged.len(), lines.len(), {
        100.0 * flagged.len() as f64 / lines.len() as f64
    });
    assert!(flagged.is_empty(), "false positives: {flagged:#?}");
}

#[test]
fn a_draft_that_glues_the_style_examples_together_is_a_copy_and_one_in_their_voice_is_not() {
    let examples = [
        "bitcoin yine sallanıyor ama volatilite bu işin doğası, hodl modundayım 💎🙌".to_string(),
        "on-chain tarafta hareket var, halving döngüsünü düşününce acelem yok, uzun vadede ben buradayım ₿".to_string(),
    ];
    // From a real run of the embedded model (2026-12-07).
    let glued = "Bitcoin yine sallanıyor ama volatilite bu işin doğası, hodl modundayım 💎🙌 / on-chain tarafta hareket var, halving döngüsünü düşününce";
    assert!(super::leak::copies_a_stretch(glued, &examples));
    for own in [
        "Bitcoin bugün yine sallanıyor, volatilite bu işin doğası; ben acele etmiyorum ₿",
        "Halving yaklaşırken on-chain veriler sakin.",
    ] {
        assert!(!super::leak::copies_a_stretch(own, &examples), "{own}");
    }
    // The next bot saying again a stretch of the line before (the same run).
    let before = ["Banksaların bu kadar düştü çünkü günlük %0,26'deki ekonomik kaynaklar artıyor.".to_string()];
    let again = "Bitcoin fiyatı önce %0,26'deki ekonomik kaynaklar artıyor. Bu nedenle günlük fiyat düşüyor";
    assert!(super::leak::copies_a_stretch(again, &before));
    assert!(!super::leak::copies_a_stretch("Bankalar bugün %0,26 ekside, kaynaklar tartışılır.", &before));
}
