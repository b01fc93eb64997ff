use super::*;

const EXAMPLE: &str = include_str!("../../../data/scenarios/faiz-ve-bilanco-gunu.yaml");
/// Monday 2026-11-23 00:00 Istanbul.
const MONDAY: Millis = Millis(1_795_899_600_000);

fn err(text: &str) -> String {
    Scenario::parse(text, "t").unwrap_err().to_string()
}

#[test]
fn the_example_scenario_parses_into_a_day_of_news_and_shocks() {
    let s = Scenario::parse(EXAMPLE, "file").unwrap();
    assert_eq!(s.name, "faiz-ve-bilanco-gunu");
    let t = s.timeline(MONDAY, 180);
    let hours: Vec<f64> = t.iter().map(|(at, _)| at.since(MONDAY) as f64 / Millis::HOUR as f64).collect();
    assert_eq!(hours, [2.0, 10.0, 11.5, 14.0, 16.0]);
    let thy = t[0].1;
    assert_eq!(thy.headline.as_ref().map(|h| (h.symbol.as_str(), h.direction)), Some(("THYAO", -1)));
    assert_eq!(thy.shocks, [("THYAO".to_string(), -8.0)]);
    let garan = t[1].1;
    assert!(garan.headline.as_ref().unwrap().text.contains("beklentilerin üzerinde"));
    assert_eq!(garan.shocks, [("GARAN".to_string(), 5.0)]);
    let btc = t[2].1;
    assert_eq!(btc.headline.as_ref().map(|h| h.symbol.as_str()), Some("BTCUSD"));
    assert!(btc.shocks.is_empty(), "its direction moves the price instead");
    let rates = t[3].1;
    assert_eq!(rates.headline.as_ref().map(|h| (h.symbol.as_str(), h.direction)), Some(("MACRO", -1)));
    assert!(rates.shocks.contains(&("USDTRY".to_string(), -1.0)));
    assert_eq!(t[4].1.shocks, [("XU100".to_string(), 2.5)]);
    assert_eq!(t[0].1.line, 9, "events know their line");
    assert!(thy.headline.as_ref().unwrap().source == "scenario:faiz-ve-bilanco-gunu");
}

#[test]
fn errors_name_the_line_of_the_event() {
    let text = "name: x\nevents:\n  - at: \"+1m\"\n    headline: \"Bir haber\"\n  - at: \"+2m\"\n    jump: 5\n";
    assert_eq!(err(text), "line 5: jump: needs a symbol (symbol: THYAO)");
    let text = "events:\n- at: \"+1m\"\n  jump: 5\n  symbol: THYAO\n- at: soon\n  headline: x y z\n";
    assert!(err(text).starts_with("line 5: at: 'soon' is not a time"), "{}", err(text));
    let text = "events:\n  - at: \"+1m\"\n    jump: 5\n    symbol: THYOA\n";
    assert!(err(text).starts_with("line 2: symbol: 'THYOA' is not a market symbol"), "{}", err(text));
    let text = "events:\n  - at: \"+1m\"\n    jump: 90%\n    symbol: THYAO\n";
    assert!(err(text).starts_with("line 2: jump: 90% is out of range"), "{}", err(text));
    let text = "events:\n  - at: \"+1m\"\n    earnings: THYAO\n    result: great\n";
    assert_eq!(err(text), "line 2: result: 'great' is not beat, miss or inline");
    let text = "events:\n  - at: \"+1m\"\n    rate_decision: 100\n    bank: BoE\n";
    assert_eq!(err(text), "line 2: bank: 'BoE' is not TCMB or Fed");
    let text = "events:\n  - at: \"+1m\"\n    headline: x y z\n    earnings: THYAO\n";
    assert!(err(text).starts_with("line 2: an event is one of"), "{}", err(text));
}

#[test]
fn yaml_faults_and_unknown_keys_name_their_line_too() {
    let text = "events:\n  - at: \"+1m\"\n    hedline: \"typo\"\n";
    let e = err(text);
    assert!(e.starts_with("line 3: ") && e.contains("unknown field `hedline`"), "{e}");
    let e = err("events:\n  - at: [\n");
    assert!(e.starts_with("line "), "{e}");
    assert_eq!(err("events: []\n"), "events: the scenario has no events");
}

#[test]
fn times_parse_as_offsets_or_local_clock_times() {
    let v = |s: &str| yaml_serde::Value::String(s.into());
    assert_eq!(parse_at(&v("+90s")), Ok(At::After(90_000)));
    assert_eq!(parse_at(&v("1h30m")), Ok(At::After(90 * 60_000)));
    assert_eq!(parse_at(&v("+1d")), Ok(At::After(Millis::DAY)));
    assert_eq!(parse_at(&v("14:05")), Ok(At::Clock(14 * 60 + 5)));
    for bad in ["-5m", "25:00", "1x", "", "+", "9:5", "14:00:00"] {
        assert!(parse_at(&v(bad)).is_err(), "{bad}");
    }
    // 14:00 after a 15:00 start is the next day's.
    let three_pm = MONDAY.plus_ms(15 * Millis::HOUR);
    assert_eq!(resolve(At::Clock(14 * 60), three_pm, 180), three_pm.plus_ms(23 * Millis::HOUR));
    assert_eq!(resolve(At::Clock(15 * 60), three_pm, 180), three_pm);
}

#[test]
fn rate_decisions_and_earnings_move_the_right_way() {
    let cut = Scenario::parse("events:\n  - at: \"+1m\"\n    rate_decision: -500\n", "t").unwrap();
    let e = &cut.events[0];
    assert_eq!(e.headline.as_ref().unwrap().direction, 1);
    assert!(e.headline.as_ref().unwrap().text.contains("500 baz puan indirdi"));
    assert!(e.shocks.iter().any(|(s, p)| s == "XU100" && *p > 0.0));
    let hold = Scenario::parse("events:\n  - at: \"+1m\"\n    rate_decision: 0\n", "t").unwrap();
    assert!(hold.events[0].shocks.is_empty());
    let miss = Scenario::parse("events:\n  - at: \"+1m\"\n    earnings: THYAO\n    result: miss\n", "t").unwrap();
    assert!(miss.events[0].shocks[0].1 < 0.0);
}
