//! What a bot believes about each ticker: −1 (sure it goes down) … +1 (sure
//! it goes up). It starts at the persona's stance, headlines and large moves
//! push it (more for what the bot holds or follows), and it drifts back to
//! the stance over hours. The bot's prompt shows the belief, not only the
//! stance written in its persona file.

use crate::market::{Headline, Move};
use crate::persona::{Confidence, Direction, Persona, Stance};
use std::collections::BTreeMap;

/// Half-life of a news-driven swing in belief.
pub const BELIEF_HALF_LIFE_MS: i64 = 3 * 60 * 60_000;
/// How far one headline pushes the belief of a bot that holds the ticker.
pub const HEADLINE_PUSH: f64 = 0.45;
/// A move of this many percent in one step pushes a holder's belief by
/// [`MOVE_PUSH`].
const MOVE_SCALE_PCT: f64 = 5.0;
const MOVE_PUSH: f64 = 0.2;
/// Beliefs beyond this are a view (bullish or bearish).
pub const VIEW_AT: f64 = 0.2;

/// A bot's beliefs, by ticker.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Beliefs {
    values: BTreeMap<String, f64>,
}

/// The belief a stance stands for.
pub fn baseline(p: &Persona, symbol: &str) -> f64 {
    p.stance_on(symbol).map_or(0.0, |s| {
        let sure = match s.confidence {
            Confidence::Low => 0.3,
            Confidence::Medium => 0.6,
            Confidence::High => 0.9,
        };
        match s.direction {
            Direction::Bullish => sure,
            Direction::Bearish => -sure,
            Direction::Neutral => 0.0,
        }
    })
}

/// How much news about `symbol` moves this persona: holders most.
fn exposure(p: &Persona, symbol: &str) -> f64 {
    if p.holding_of(symbol).is_some() {
        1.0
    } else if p.cares_about(symbol) {
        0.7
    } else {
        0.3
    }
}

impl Beliefs {
    /// The persona's stances as beliefs.
    pub fn of(p: &Persona) -> Self {
        let values = p.stances.iter().map(|s| (s.topic.to_ascii_uppercase(), baseline(p, &s.topic))).collect();
        Beliefs { values }
    }

    /// The belief about `symbol` (0 when the bot has none).
    pub fn get(&self, symbol: &str) -> f64 {
        self.values.get(symbol).copied().unwrap_or(0.0)
    }

    /// Every belief held, by ticker.
    pub fn all(&self) -> &BTreeMap<String, f64> {
        &self.values
    }

    /// Drifts every belief back towards the persona's stance over `elapsed_ms`.
    pub fn decay(&mut self, p: &Persona, elapsed_ms: i64) {
        let k = 0.5f64.powf(elapsed_ms.max(0) as f64 / BELIEF_HALF_LIFE_MS as f64);
        for (symbol, v) in &mut self.values {
            let base = baseline(p, symbol);
            *v = base + (*v - base) * k;
        }
    }

    /// A headline pushes the belief about each ticker it names, its way.
    pub fn on_headline(&mut self, p: &Persona, h: &Headline) {
        if h.direction == 0 {
            return;
        }
        for s in h.symbols() {
            self.push(s, f64::from(h.direction.signum()) * HEADLINE_PUSH * exposure(p, s));
        }
    }

    /// A large move pulls belief the same way (people chase moves).
    pub fn on_move(&mut self, p: &Persona, m: &Move) {
        let size = (m.step_pct / MOVE_SCALE_PCT).clamp(-1.0, 1.0);
        self.push(&m.symbol, size * MOVE_PUSH * exposure(p, &m.symbol));
    }

    fn push(&mut self, symbol: &str, by: f64) {
        let v = self.values.entry(symbol.to_ascii_uppercase()).or_insert(0.0);
        *v = (*v + by).clamp(-1.0, 1.0);
    }

    /// The persona as the prompt should see it now: each stance's direction
    /// follows the belief, and a view the news gave it is added. The
    /// persona's own words stay when the belief agrees with them.
    pub fn persona_now(&self, p: &Persona) -> Persona {
        let mut out = p.clone();
        for (symbol, &v) in &self.values {
            let now = if v >= VIEW_AT {
                Direction::Bullish
            } else if v <= -VIEW_AT {
                Direction::Bearish
            } else {
                Direction::Neutral
            };
            let changed = |view: &str| match now {
                Direction::Bullish => format!("Son haberlerden sonra {symbol} için iyimserim. {view}"),
                Direction::Bearish => format!("Son haberlerden sonra {symbol} için temkinliyim. {view}"),
                Direction::Neutral => format!("Son haberler {symbol} için kafamı karıştırdı. {view}"),
            };
            match out.stances.iter_mut().find(|s| s.topic.eq_ignore_ascii_case(symbol)) {
                Some(s) if s.direction != now => {
                    s.view = changed("").trim().to_string();
                    s.direction = now;
                }
                Some(_) => {}
                None if now != Direction::Neutral => out.stances.push(Stance {
                    topic: symbol.clone(),
                    direction: now,
                    confidence: Confidence::Low,
                    view: changed("").trim().to_string(),
                }),
                None => {}
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn persona() -> Persona {
        let c = crate::community::Community::from_yaml(include_str!("../../data/community.yaml")).unwrap();
        c.personas.into_iter().find(|p| p.username.as_str() == "mehmet_bist").unwrap()
    }

    fn headline(symbol: &str, direction: i8) -> Headline {
        Headline { symbol: symbol.into(), direction, text: "x".into(), ..Headline::default() }
    }

    #[test]
    fn bad_news_about_a_holding_turns_a_bull_cautious_and_time_brings_him_back() {
        let p = persona();
        let mut b = Beliefs::of(&p);
        assert_eq!(b.get("GARAN"), 0.9);
        b.on_headline(&p, &headline("GARAN", -1));
        b.on_headline(&p, &headline("GARAN", -1));
        b.on_headline(&p, &headline("GARAN", -1));
        assert!(b.get("GARAN") < -0.2, "{}", b.get("GARAN"));
        let now = b.persona_now(&p);
        let s = now.stance_on("GARAN").unwrap();
        assert_eq!(s.direction, Direction::Bearish);
        assert!(s.view.contains("temkinliyim"), "{}", s.view);
        b.decay(&p, 12 * 60 * 60_000);
        assert!(b.get("GARAN") > 0.7, "back towards the stance: {}", b.get("GARAN"));
        assert_eq!(b.persona_now(&p), p, "an agreeing belief leaves the persona as written");
    }

    #[test]
    fn news_about_a_stranger_moves_less_and_neutral_news_not_at_all() {
        let p = persona();
        let mut b = Beliefs::of(&p);
        b.on_headline(&p, &headline("BTCUSD", 1));
        let stranger = b.get("BTCUSD");
        b.on_headline(&p, &headline("THYAO", 1));
        assert!(b.get("THYAO") > stranger);
        let before = b.clone();
        b.on_headline(&p, &headline("THYAO", 0));
        assert_eq!(b, before);
        b.on_move(&p, &Move { symbol: "THYAO".into(), change_pct: -9.0, step_pct: -9.0 });
        assert!(b.get("THYAO") < before.get("THYAO"));
    }
}
