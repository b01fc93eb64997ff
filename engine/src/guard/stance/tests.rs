use super::*;
use proptest::prelude::*;

fn push(symbol: &str, up: bool) -> Push {
    Push { symbol: symbol.into(), direction: if up { Direction::Bullish } else { Direction::Bearish } }
}

#[test]
fn expectations_and_judgements_push_facts_and_questions_do_not() {
    assert_eq!(classify("THYAO bence yükselir", None), [push("THYAO", true)]);
    assert_eq!(classify("THYAO'nun yükseleceğini sanmıyorum", None), [push("THYAO", false)]);
    assert_eq!(classify("ALTIN UCUZ DEĞİL", None), [push("GRAMALTIN", false)]);
    assert_eq!(classify("dolar duser bu hafta", None), [push("USDTRY", false)]);
    assert_eq!(
        classify("Garanti'yi topluyorum, Aselsan pahalı kaldı", None),
        [push("ASELS", false), push("GARAN", true)]
    );
    for neutral in [
        "THYAO bugün %2 yükseldi",
        "Dolar düşer mi sizce?",
        "Bitcoin yükselir mi bilmem",
        "THYAO ucuz ama riskli",
        "Garantili kazanç yok",
        "Hacim düşük, izliyorum",
        "altın her zaman yükselir diyenlere inanmam",
        "dolar kuru reel kur deniyormuş, not alıyorum",
    ] {
        assert_eq!(classify(neutral, None), [], "{neutral}");
    }
}

#[test]
fn a_clause_without_a_ticker_speaks_of_the_topic_or_the_last_one_named() {
    assert_eq!(classify("Bence daha gider", Some("THYAO")), [push("THYAO", true)]);
    assert_eq!(classify("Akbank'a baktım. Çok ucuz", Some("THYAO")), [push("AKBNK", true)]);
    assert_eq!(classify("Bence daha gider", None), []);
}

#[test]
fn tickers_are_found_whatever_the_suffix() {
    assert_eq!(tickers_in("THYAO'yu ve akbankı izliyorum, BİM de var"), ["THYAO", "AKBNK", "BIMAS"]);
    assert!(tickers_in("garantili kazanç, fırsat").is_empty());
}

#[test]
fn a_one_sided_room_refuses_the_next_push_and_names_it() {
    let cap = StanceCap { cap: 0.5, window: 10, min_sample: 4 };
    let mut ledger = StanceLedger::default();
    let up = [push("THYAO", true)];
    ledger.record(up.to_vec(), &cap);
    // 2 of max(2, 4): allowed; the third of four is not.
    assert!(ledger.check(&up, &cap).is_ok());
    ledger.record(up.to_vec(), &cap);
    let err = ledger.check(&up, &cap).unwrap_err();
    assert_eq!((err.symbol.as_str(), err.count, err.of), ("THYAO", 3, 3));
    assert!(err.instruction().contains("THYAO"));
    // The other side and other tickers are free.
    assert!(ledger.check(&[push("THYAO", false), push("GARAN", true)], &cap).is_ok());
    // Neutral messages dilute the window.
    for _ in 0..4 {
        ledger.record(Vec::new(), &cap);
    }
    assert!(ledger.check(&up, &cap).is_ok());
}

fn arb_push() -> impl Strategy<Value = Vec<Push>> {
    prop::collection::vec((0..3usize, any::<bool>()), 0..3).prop_map(|v| {
        let mut out: Vec<Push> = v.into_iter().map(|(t, up)| push(["THYAO", "GARAN", "USDTRY"][t], up)).collect();
        out.sort_by(|a, b| a.symbol.cmp(&b.symbol));
        out.dedup_by(|a, b| a.symbol == b.symbol);
        out
    })
}

proptest! {
    /// Whatever the bots try, every window of delivered messages keeps each
    /// (ticker, direction) within the cap.
    #[test]
    fn no_window_of_delivered_messages_exceeds_the_cap(
        drafts in prop::collection::vec(arb_push(), 1..120),
        cap in 0.2f64..1.0,
        window in 2usize..30,
        min_sample in 1usize..10,
    ) {
        let cap = StanceCap { cap, window, min_sample: min_sample.min(window) };
        let mut ledger = StanceLedger::default();
        let mut delivered: Vec<Vec<Push>> = Vec::new();
        for d in drafts {
            if ledger.check(&d, &cap).is_ok() {
                ledger.record(d.clone(), &cap);
                delivered.push(d);
            }
        }
        for end in 1..=delivered.len() {
            let w = &delivered[end.saturating_sub(window)..end];
            for p in w.iter().flatten() {
                let count = w.iter().filter(|m| m.contains(p)).count();
                prop_assert!(count as f64 <= cap.cap * w.len().max(cap.min_sample) as f64 + 1e-9);
            }
        }
    }

    /// Classifying never panics and only names known tickers or the topic.
    #[test]
    fn classify_is_total(text in "\\PC{0,80}") {
        for p in classify(&text, Some("THYAO")) {
            prop_assert!(p.direction != Direction::Neutral);
        }
    }
}
