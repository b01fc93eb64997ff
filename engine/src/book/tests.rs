use super::claims::check;
use super::style::{ONE_PLACE_SHARE, Step, Style, decide};
use super::*;
use crate::belief::Beliefs;
use crate::market::{Headline, MarketSim};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::persona::tests::bundled as persona;

fn quote(symbol: &str, price: f64) -> Quote {
    Quote { symbol: symbol.into(), name: symbol.into(), price, change_pct: 0.0, decimals: 2 }
}

fn trade(symbol: &str, side: Side, qty: f64, price: f64, at: i64) -> Trade {
    Trade { symbol: symbol.into(), side, qty, price, at: Millis(at), reason: Reason::Conviction }
}

#[test]
fn the_books_open_from_the_persona_and_trades_move_cash_and_cost() {
    let p = persona("mehmet_bist");
    let mut b = Book::open(&p);
    assert_eq!(b.position("garan"), Some(&Position { qty: 5000.0, avg_cost: 98.5 }));
    let opening = b.cash;
    assert_eq!(opening, default_cash(&p), "no cash in the file: as much as the holdings cost");
    b.apply(trade("GARAN", Side::Buy, 1000.0, 110.0, 1)).unwrap();
    assert!((b.cash - (opening - 110_000.0)).abs() < 1e-6);
    let avg = (5000.0 * 98.5 + 1000.0 * 110.0) / 6000.0;
    assert!((b.position("GARAN").unwrap().avg_cost - avg).abs() < 1e-9);
    b.apply(trade("GARAN", Side::Sell, 6000.0, 120.0, 2)).unwrap();
    assert!(b.position("GARAN").is_none(), "sold out");
    assert!((b.realised - 6000.0 * (120.0 - avg)).abs() < 1e-6);
    assert_eq!(b.recent().len(), 2);
}

#[test]
fn a_trade_the_books_cannot_cover_is_refused_and_changes_nothing() {
    let p = persona("mehmet_bist");
    let mut b = Book::open(&p);
    let before = b.clone();
    let e = b.apply(trade("THYAO", Side::Buy, 1e6, 300.0, 1)).unwrap_err();
    assert!(matches!(e, BookError::NoCash { .. }), "{e}");
    let e = b.apply(trade("GARAN", Side::Sell, 5001.0, 100.0, 1)).unwrap_err();
    assert_eq!(e.to_string(), "GARAN: selling 5001 of 5000 held");
    let e = b.apply(trade("ASELS", Side::Sell, 1.0, 100.0, 1)).unwrap_err();
    assert!(matches!(e, BookError::Oversold { .. }));
    assert!(b.apply(trade("THYAO", Side::Buy, -1.0, 300.0, 1)).is_err());
    assert!(b.apply(trade("THYAO", Side::Buy, 1.0, f64::NAN, 1)).is_err());
    assert_eq!(b, before);
}

#[test]
fn risk_and_horizon_set_the_style() {
    let scalper = Style::of(&persona("can_scalp"));
    let holder = Style::of(&persona("temettu_zeynep"));
    let careful = Style::of(&persona("nuri_amca"));
    assert!(scalper.per_day > 5.0 * holder.per_day, "{scalper:?} {holder:?}");
    assert!(scalper.stake > holder.stake && holder.stake > careful.stake);
    assert!(scalper.take_profit_pct < holder.take_profit_pct && scalper.stop_loss_pct < careful.stop_loss_pct);
}

/// A month of the simulated market, stepped every 5 minutes, for one persona.
fn month(name: &str, seed: u64) -> (Persona, Vec<Trade>, Book) {
    let p = persona(name);
    let (style, mut book, mut beliefs) = (Style::of(&p), Book::open(&p), Beliefs::of(&p));
    let (mut sim, mut rng) = (MarketSim::new(seed), ChaCha8Rng::seed_from_u64(seed));
    let mut trades = Vec::new();
    let step_ms = 5 * Millis::MINUTE;
    for i in 1..=(30 * 24 * 12) {
        let moves = sim.step(step_ms, 1.0);
        let quotes = sim.snapshot();
        for m in &moves {
            beliefs.on_move(&p, m);
        }
        beliefs.decay(&p, step_ms);
        let step =
            Step { quotes: &quotes, moves: &moves, headline: None, elapsed_ms: step_ms, now: Millis(i * step_ms) };
        if let Some(t) = decide(&p, &style, &book, &beliefs, &step, &mut rng) {
            book.apply(t.clone()).expect("decide only orders what the books cover");
            trades.push(t);
        }
    }
    (p, trades, book)
}

#[test]
fn a_month_of_trading_reconciles_and_follows_the_style() {
    let (p, trades, book) = month("can_scalp", 3);
    reconciles(&p, &trades, &book).unwrap();
    let (q, calm, calm_book) = month("nuri_amca", 3);
    reconciles(&q, &calm, &calm_book).unwrap();
    assert!(trades.len() > 3 * calm.len().max(1), "scalper {} trades, careful {}", trades.len(), calm.len());
    assert!(!trades.is_empty() && trades.len() < 30 * 24, "{} trades in a month", trades.len());
    let again = month("can_scalp", 3).1;
    assert_eq!(trades, again, "deterministic given the seed");
    // Tampered books do not reconcile.
    let mut wrong = book.clone();
    wrong.cash += 1.0;
    assert!(reconciles(&p, &trades, &wrong).unwrap_err().starts_with("cash"));
    assert!(reconciles(&p, &trades[1..], &book).is_err());
}

#[test]
fn never_do_rules_bind_the_trading_one_place_caps_a_position_and_the_crowd_moves_no_trade() {
    // "tüm parayı tek hisseye koymam": a month of buying leaves no position
    // above its share of the money (bought into; a price run may lift one).
    let (p, trades, book) = month("mehmet_bist", 11);
    let style = Style::of(&p);
    assert_eq!(style.max_share, ONE_PLACE_SHARE);
    let mut replay = Book::open(&p);
    for t in &trades {
        replay.apply(t.clone()).unwrap();
        if t.side == Side::Buy {
            let quotes = [quote(&t.symbol, t.price)];
            let share = replay.position(&t.symbol).unwrap().qty * t.price / replay.value(&quotes);
            assert!(share <= ONE_PLACE_SHARE + 0.01, "{} at {share:.2} of the money", t.symbol);
        }
    }
    assert_eq!(replay, book);
    assert!(trades.iter().any(|t| t.side == Side::Buy), "{trades:?}");
    // "kalabalığın coşkusuyla işlem yapmam": news makes the contrarian trade nothing.
    let selim = persona("selim_karsi");
    assert!(!Style::of(&selim).on_news && Style::of(&persona("can_scalp")).on_news);
    let (mut bull, book) = (Beliefs::of(&selim), Book::open(&selim));
    let h =
        Headline { symbol: "SISE".into(), direction: 1, text: "Şişecam rekor kâr".into(), ..Headline::default() };
    for _ in 0..5 {
        bull.on_headline(&selim, &h);
    }
    let quotes = [quote("SISE", 37.6)];
    let news = (0..40).filter_map(|seed| {
        let step = Step { quotes: &quotes, moves: &[], headline: Some(&h), elapsed_ms: 60_000, now: Millis(0) };
        decide(&selim, &Style::of(&selim), &book, &bull, &step, &mut ChaCha8Rng::seed_from_u64(seed))
    });
    assert!(news.filter(|t| t.reason == Reason::News).count() == 0);
    // "pozisyon büyüklüğümü abartmam": half the stake of its appetite.
    let burak = persona("doviz_kerem");
    let stake = Style::of(&burak).stake;
    let mut free = burak.clone();
    free.never_do.clear();
    assert!((Style::of(&free).stake - 2.0 * stake).abs() < 1e-9, "{stake}");
}

#[test]
fn a_stop_loss_sells_everything_and_a_winner_is_halved() {
    let p = persona("teknik_burak");
    let (style, book, beliefs) = (Style::of(&p), Book::open(&p), Beliefs::of(&p));
    let held = book.positions().iter().next().map(|(s, pos)| (s.clone(), *pos)).unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let crash = [quote(&held.0, held.1.avg_cost * (1.0 - (style.stop_loss_pct + 1.0) / 100.0))];
    let step = Step { quotes: &crash, moves: &[], headline: None, elapsed_ms: 6 * Millis::HOUR, now: Millis(0) };
    let t = decide(&p, &style, &book, &beliefs, &step, &mut rng).unwrap();
    assert_eq!((t.side, t.qty, t.reason), (Side::Sell, held.1.qty, Reason::StopLoss));
    let boom = [quote(&held.0, held.1.avg_cost * (1.0 + (style.take_profit_pct + 1.0) / 100.0))];
    let step = Step { quotes: &boom, ..step };
    let t = decide(&p, &style, &book, &beliefs, &step, &mut rng).unwrap();
    assert_eq!((t.side, t.reason), (Side::Sell, Reason::TakeProfit));
    assert!(t.qty < held.1.qty && t.qty >= held.1.qty / 2.0 - 1.0);
}

/// Buys on good news about THYAO over 40 seeds, for a persona holding it near its cost.
fn news_buys(name: &str) -> Vec<Trade> {
    let p = persona(name);
    let (style, book) = (Style::of(&p), Book::open(&p));
    let mut beliefs = Beliefs::of(&p);
    let h =
        Headline {
            symbol: "THYAO".into(), direction: 1, text: "THY yolcu rekoru kırdı".into(), ..Headline::default()
        };
    beliefs.on_headline(&p, &h);
    // Near the cost: no limit is hit, the headline decides.
    let cost = book.position("THYAO").unwrap().avg_cost;
    let quotes = [quote("THYAO", cost * 1.01)];
    let bought = (0..40).filter_map(|seed| {
        let step = Step { quotes: &quotes, moves: &[], headline: Some(&h), elapsed_ms: 60_000, now: Millis(0) };
        decide(&p, &style, &book, &beliefs, &step, &mut ChaCha8Rng::seed_from_u64(seed))
    });
    let bought: Vec<Trade> = bought.collect();
    assert!(bought.iter().all(|t| t.side == Side::Buy && t.reason == Reason::News && t.qty * t.price <= book.cash));
    bought
}

#[test]
fn good_news_makes_a_day_trader_buy_and_a_long_holder_mostly_let_it_pass() {
    let fast = news_buys("can_scalp");
    assert!(fast.len() >= 15, "{} of 40", fast.len());
    let long = news_buys("mehmet_bist").len();
    assert!(long < fast.len() / 3, "long holder {long}, day trader {}", fast.len());
}

#[test]
fn a_ticker_just_traded_is_left_alone_for_the_styles_while() {
    let p = persona("can_scalp");
    let (style, mut book) = (Style::of(&p), Book::open(&p));
    let mut beliefs = Beliefs::of(&p);
    let h =
        Headline {
            symbol: "THYAO".into(), direction: 1, text: "THY yolcu rekoru kırdı".into(), ..Headline::default()
        };
    beliefs.on_headline(&p, &h);
    let quotes = [quote("THYAO", 312.0)];
    book.apply(trade("THYAO", Side::Buy, 10.0, 311.0, 0)).unwrap();
    let at = |ms: i64, seed: u64| {
        let step = Step { quotes: &quotes, moves: &[], headline: Some(&h), elapsed_ms: 60_000, now: Millis(ms) };
        decide(&p, &style, &book, &beliefs, &step, &mut ChaCha8Rng::seed_from_u64(seed))
    };
    assert!((0..40).all(|seed| at(60_000, seed).is_none()), "a minute after its last trade");
    assert!((0..40).any(|seed| at(style.cooldown_ms() + 60_000, seed).is_some()), "after its while");
    assert!(Style::of(&persona("mehmet_bist")).cooldown_ms() > 4 * style.cooldown_ms());
}

#[test]
fn a_draft_the_books_contradict_is_caught() {
    let p = persona("mehmet_bist");
    let mut b = Book::open(&p);
    let now = Millis(10 * Millis::DAY);
    // GARAN bought at 98,5, now 90: a loss of 8,6 %.
    let quotes = [quote("GARAN", 90.0), quote("THYAO", 300.0), quote("KCHOL", 151.0)];
    let bad = [
        ("GARAN'ı geçen hafta sattım, iyi ki de satmışım.", None),
        ("GARAN'da kârımı aldım, bekliyorum.", None),
        ("Akbank'tan 500 adet aldım dün.", None),
        ("Aselsan'ı dün sattım, iyi ki de satmışım.", None),
        ("GARAN'da %40 kârdayım şu an.", None),
        ("Şükür kârdayım, keyfim yerinde.", Some("GARAN")),
        ("Bende GARAN pozisyonum yok zaten.", None),
        ("Hepsini dün sattım, tamamen nakitteyim şimdi.", None),
        ("Portföyü boşalttım, nakde geçtim.", Some("THYAO")),
        // The embedded model, 2026-12-07, with no stop in the books.
        ("thy'de hacim geldi. stop yedim, destek üstünde tutunuyor.", None),
        ("Yine stop oldum, canım sıkkın.", None),
    ];
    for (text, topic) in bad {
        let c = check(text, topic, &b, &quotes, now).unwrap_err();
        assert!(c.instruction().starts_with("Defterine göre"), "{text}: {c}");
    }
    assert_eq!(check("GARAN'da %40 kârdayım.", None, &b, &quotes, now).unwrap_err().what, "GARAN %8,6 zararda");
    let fine = [
        ("THY bu çeyrekte kârda, bilanço iyi.", None),
        ("Bu sabah bir haber aldım, bankalar hareketli.", Some("AKBNK")),
        ("GARAN'da biraz zarardayım ama sabırlıyım.", None),
        ("GARAN'da %8 zarardayım, beklerim.", None),
        ("THY'de kârdayım, 600 adet duruyor.", None),
        ("Satmayı düşünüyorum ama acele yok.", Some("GARAN")),
    ];
    for (text, topic) in fine {
        assert_eq!(check(text, topic, &b, &quotes, now), Ok(()), "{text}");
    }
    // Once the books hold the sale, the claim is true.
    b.apply(trade("GARAN", Side::Sell, 2000.0, 91.0, now.0 - Millis::DAY)).unwrap();
    assert_eq!(check("GARAN'ın bir kısmını sattım dün.", None, &b, &quotes, now), Ok(()));
    assert_eq!(check("GARAN'da stop yedim dün.", None, &b, &quotes, now), Ok(()));
    assert!(super::claims::makes_claim("stop yedim yine"));
}

#[test]
fn a_bot_in_cash_may_say_so_but_not_that_it_just_sold_everything() {
    let mut p = persona("mehmet_bist");
    p.holdings.clear();
    let b = Book::open(&p);
    let now = Millis(10 * Millis::DAY);
    assert_eq!(check("Ben tamamen nakitteyim, bekliyorum.", None, &b, &[], now), Ok(()));
    let c = check("Hepsini dün sattım.", None, &b, &[], now).unwrap_err();
    assert_eq!(c.what, "son günlerde hiç satış yapmadın");
}
