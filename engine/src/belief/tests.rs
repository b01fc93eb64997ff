use super::*;
use crate::ids::Millis;

use crate::persona::tests::bundled as persona;

fn headline(symbol: &str, direction: i8) -> Headline {
    Headline { symbol: symbol.into(), direction, text: "Garanti'ye rekor ceza".into(), ..Headline::default() }
}

#[test]
fn a_run_of_bad_news_about_a_holding_turns_a_bull_cautious_and_time_brings_him_back() {
    let p = persona("mehmet_bist");
    let mut b = Beliefs::of(&p);
    assert_eq!(b.get("GARAN"), 0.9);
    for _ in 0..6 {
        b.on_headline(&p, &headline("GARAN", -1));
    }
    assert!(b.get("GARAN") <= -VIEW_AT, "{}", b.get("GARAN"));
    let now = b.persona_now(&p);
    let s = now.stance_on("GARAN").unwrap();
    assert_eq!(s.direction, Direction::Bearish);
    assert_eq!(s.view, "«Garanti'ye rekor ceza» haberinden sonra GARAN için temkinliyim.", "it says why");
    assert!(b.changed(&p, "GARAN") && !b.changed(&p, "KCHOL"));
    // A long holder keeps a swing for days, not hours.
    b.decay(&p, 12 * Millis::HOUR);
    assert!(b.get("GARAN") < 0.3, "half a day later still shaken: {}", b.get("GARAN"));
    b.decay(&p, 4 * Millis::DAY);
    assert!(b.get("GARAN") > 0.7, "back towards the stance: {}", b.get("GARAN"));
    assert_eq!(b.persona_now(&p), p, "an agreeing belief leaves the persona as written");
}

#[test]
fn a_firm_conviction_turns_cautious_but_never_round_and_a_weak_one_can() {
    let p = persona("mehmet_bist");
    let mut b = Beliefs::of(&p);
    for _ in 0..30 {
        b.on_headline(&p, &headline("GARAN", -1));
        b.on_headline(&p, &headline("BTCUSD", 1));
    }
    let reach = b.outlook().reach(Some(Confidence::High));
    assert!((b.get("GARAN") - (0.9 - reach)).abs() < 1e-9, "held at its reach: {}", b.get("GARAN"));
    assert!(b.get("GARAN") > -0.3, "a firm bull is not made a bear by headlines");
    assert_eq!(b.get("BTCUSD"), 1.0, "a weak bearish view (−0.3) turns fully round");
}

#[test]
fn each_persona_trusts_the_news_as_far_as_its_nature_and_its_field_allow() {
    let (scalper, holder, sceptic, economist) =
        (persona("can_scalp"), persona("mehmet_bist"), persona("selim_karsi"), persona("ayse_makro"));
    let moved = |p: &Persona, h: &Headline| {
        let mut b = Beliefs::of(p);
        let before = b.get("THYAO");
        b.on_headline(p, h);
        (b.get("THYAO") - before).abs()
    };
    let company = Headline { symbol: "THYAO".into(), direction: 1, text: "THY rekor".into(), ..Headline::default() };
    let (s, h, k) = (moved(&scalper, &company), moved(&holder, &company), moved(&sceptic, &company));
    assert!(s > h && s > k, "the day trader moves most: {s} {h} {k}");
    assert!(Outlook::of(&sceptic).trust_company < Outlook::of(&persona("teknik_burak")).trust_company);
    // A rates headline touching several tickers: the economist trusts it
    // more than the company news; the day trader the other way round.
    let macro_news = Headline {
        symbol: MACRO_SYMBOL.into(),
        direction: -1,
        text: "Merkez Bankası faizi sürpriz artırdı".into(),
        tickers: vec!["THYAO".into(), "GARAN".into()],
        ..Headline::default()
    };
    let (e, sc) = (Outlook::of(&economist), Outlook::of(&scalper));
    assert!(e.trust(&macro_news) > e.trust(&company), "{e:?}");
    assert!(sc.trust(&macro_news) < sc.trust(&company), "{sc:?}");
}

const MACRO_SYMBOL: &str = crate::market::MACRO;

#[test]
fn a_day_traders_swing_fades_in_hours_a_long_holders_lasts_days() {
    let (scalper, holder) = (persona("can_scalp"), persona("mehmet_bist"));
    let swing_after = |p: &Persona, ms: i64| {
        let mut b = Beliefs::of(p);
        let base = b.get("THYAO");
        b.on_headline(p, &Headline { symbol: "THYAO".into(), direction: -1, text: "x".into(), ..Headline::default() });
        let hit = base - b.get("THYAO");
        b.decay(p, ms);
        (base - b.get("THYAO")) / hit
    };
    assert!(swing_after(&scalper, 6 * Millis::HOUR) < 0.15);
    assert!(swing_after(&holder, 6 * Millis::HOUR) > 0.8);
    assert!(swing_after(&holder, 5 * Millis::DAY) < 0.15);
}

#[test]
fn a_losing_position_settles_the_belief_lower_and_says_so_until_it_heals() {
    let p = persona("mehmet_bist");
    let mut b = Beliefs::of(&p);
    b.mark([("GARAN".to_string(), -18.0)]);
    b.decay(&p, 10 * Millis::DAY);
    assert!((b.get("GARAN") - (0.9 - PNL_SHIFT)).abs() < 0.01, "{}", b.get("GARAN"));
    assert!(!b.changed(&p, "GARAN"), "a loser loses faith, not his view");
    assert_eq!(b.why("GARAN"), Some(&Why::Pnl(-18.0)));
    // A weakly held view turns on the loss alone.
    let weak = persona("selim_karsi");
    let mut w = Beliefs::of(&weak);
    w.mark([("SISE".to_string(), -30.0)]);
    w.decay(&weak, 10 * Millis::DAY);
    let view = w.persona_now(&weak).stance_on("SISE").unwrap().view.clone();
    assert_eq!(view, "Pozisyonum zarar yazdığı için SISE konusunda kafam karıştı.");
    // Healed: the shift and the reason go.
    w.mark([("SISE".to_string(), 1.0)]);
    w.decay(&weak, 10 * Millis::DAY);
    assert!(w.why("SISE").is_none() && !w.changed(&weak, "SISE"));
}

#[test]
fn news_about_a_stranger_moves_less_and_neutral_news_not_at_all() {
    let p = persona("mehmet_bist");
    let mut b = Beliefs::of(&p);
    b.on_headline(&p, &headline("EREGL", 1));
    b.on_headline(&p, &headline("GARAN", -1));
    assert!(0.9 - b.get("GARAN") > 2.0 * b.get("EREGL"), "{b:?}");
    assert!(b.get("EREGL") > 0.0);
    let before = b.clone();
    b.on_headline(&p, &headline("THYAO", 0));
    assert_eq!(b, before);
    b.on_move(&p, &Move { symbol: "THYAO".into(), change_pct: -9.0, step_pct: -9.0 });
    assert!(b.get("THYAO") < before.get("THYAO"));
    assert_eq!(b.why("THYAO"), Some(&Why::Move(-9.0)));
}
