//! What a bot believes about each ticker: −1 (sure it goes down) … +1 (sure
//! it goes up). It starts at the persona's stance; headlines (weighted by
//! how much the persona trusts that kind of news, [`Outlook`]) and large
//! moves push it, more for what the bot holds or follows; it drifts back
//! over the persona's own half-life towards the stance, shifted by how its
//! position is doing, and never further from the stance than the persona's
//! conviction allows. The bot remembers why a view changed, and its prompt
//! shows the belief with that reason, not only the stance in its file.

pub mod outlook;
mod saved;

use crate::market::{Headline, Move};
use crate::persona::{Confidence, Direction, Persona, Stance};
pub use outlook::Outlook;
pub use saved::Saved;
use std::collections::BTreeMap;

/// How far one headline pushes the belief of a bot that holds the ticker
/// and trusts the news fully.
pub const HEADLINE_PUSH: f64 = 0.45;
/// A move of this many percent in one step pushes a holder's belief by
/// [`MOVE_PUSH`].
const MOVE_SCALE_PCT: f64 = 5.0;
const MOVE_PUSH: f64 = 0.2;
/// Beliefs beyond this are a view (bullish or bearish).
pub const VIEW_AT: f64 = 0.2;
/// A position's loss (or gain) of this many percent shifts the belief it
/// settles at by [`PNL_SHIFT`] (a loser loses faith, a winner gains it).
const PNL_SCALE_PCT: f64 = 10.0;
const PNL_SHIFT: f64 = 0.25;
/// Characters of a headline kept as the reason for a view.
const WHY_CHARS: usize = 70;

/// Why a belief moved last, said when the view changes.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Why {
    /// A headline (its text).
    News(String),
    /// A move of this many percent in one step.
    Move(f64),
    /// The position's profit or loss, in percent.
    Pnl(f64),
}

/// A bot's beliefs, by ticker.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Beliefs {
    values: BTreeMap<String, f64>,
    outlook: Outlook,
    /// The PnL of each position, which shifts where the belief settles.
    pnl: BTreeMap<String, f64>,
    why: BTreeMap<String, Why>,
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

/// The direction a belief stands for.
fn direction_of(v: f64) -> Direction {
    if v >= VIEW_AT {
        Direction::Bullish
    } else if v <= -VIEW_AT {
        Direction::Bearish
    } else {
        Direction::Neutral
    }
}

impl Beliefs {
    /// The persona's stances as beliefs.
    pub fn of(p: &Persona) -> Self {
        let values = p.stances.iter().map(|s| (s.topic.to_ascii_uppercase(), baseline(p, &s.topic))).collect();
        Beliefs { values, outlook: Outlook::of(p), ..Beliefs::default() }
    }

    /// The belief about `symbol` (0 when the bot has none).
    pub fn get(&self, symbol: &str) -> f64 {
        self.values.get(symbol).copied().unwrap_or(0.0)
    }

    /// Which way it leans on `symbol`: −1, 0 or +1 (a view, see [`VIEW_AT`]).
    pub fn leaning(&self, symbol: &str) -> i8 {
        match direction_of(self.get(&symbol.to_ascii_uppercase())) {
            Direction::Bullish => 1,
            Direction::Bearish => -1,
            Direction::Neutral => 0,
        }
    }

    /// Every belief held, by ticker.
    pub fn all(&self) -> &BTreeMap<String, f64> {
        &self.values
    }

    /// How the persona takes the news.
    pub fn outlook(&self) -> &Outlook {
        &self.outlook
    }

    /// Why the view on `symbol` moved last, if news, a move or the PnL did.
    pub fn why(&self, symbol: &str) -> Option<&Why> {
        self.why.get(symbol)
    }

    /// Where the belief about `symbol` settles: the stance, shifted by how
    /// the position is doing, within the persona's reach.
    fn anchor(&self, p: &Persona, symbol: &str) -> f64 {
        let base = baseline(p, symbol);
        let shift =
            self.pnl.get(symbol).map_or(0.0, |pct| (pct / PNL_SCALE_PCT * PNL_SHIFT).clamp(-PNL_SHIFT, PNL_SHIFT));
        self.bounded(p, symbol, base + shift)
    }

    /// `v` kept within the persona's reach of its stance on `symbol`.
    pub(crate) fn bounded(&self, p: &Persona, symbol: &str, v: f64) -> f64 {
        let base = baseline(p, symbol);
        let reach = self.outlook.reach(p.stance_on(symbol).map(|s| s.confidence));
        v.clamp(base - reach, base + reach).clamp(-1.0, 1.0)
    }

    /// Drifts every belief back over `elapsed_ms` towards where it settles.
    pub fn decay(&mut self, p: &Persona, elapsed_ms: i64) {
        let k = 0.5f64.powf(elapsed_ms.max(0) as f64 / self.outlook.half_life_ms.max(1) as f64);
        let symbols: Vec<String> = self.values.keys().cloned().collect();
        for symbol in symbols {
            let anchor = self.anchor(p, &symbol);
            let v = self.values.get_mut(&symbol).expect("listed");
            *v = anchor + (*v - anchor) * k;
        }
    }

    /// The books' PnL on each position (percent), which shifts where the
    /// beliefs settle; a position closed no longer shifts anything.
    pub fn mark(&mut self, pnl: impl IntoIterator<Item = (String, f64)>) {
        let before = std::mem::take(&mut self.pnl);
        self.pnl = pnl.into_iter().map(|(s, pct)| (s.to_ascii_uppercase(), pct)).collect();
        for (s, pct) in &self.pnl {
            let was = before.get(s).copied().unwrap_or(0.0);
            // A loss that deepens past the scale is a reason of its own.
            if pct.abs() >= PNL_SCALE_PCT && was.abs() < PNL_SCALE_PCT {
                self.why.insert(s.clone(), Why::Pnl(*pct));
            }
            self.values.entry(s.clone()).or_insert(0.0);
        }
        // A loss (or gain) that has healed is no reason any more.
        self.why.retain(|s, w| {
            !matches!(w, Why::Pnl(_)) || self.pnl.get(s).is_some_and(|p| p.abs() >= PNL_SCALE_PCT / 2.0)
        });
    }

    /// A headline pushes the belief about each ticker it names, its way, as
    /// far as the persona trusts that kind of news.
    pub fn on_headline(&mut self, p: &Persona, h: &Headline) {
        if h.direction == 0 {
            return;
        }
        let trust = self.outlook.trust(h);
        for s in h.symbols() {
            self.push(p, s, f64::from(h.direction.signum()) * HEADLINE_PUSH * trust * exposure(p, s));
            self.why.insert(s.to_ascii_uppercase(), Why::News(h.text.chars().take(WHY_CHARS).collect()));
        }
    }

    /// A large move pulls belief the same way (people chase moves).
    pub fn on_move(&mut self, p: &Persona, m: &Move) {
        let size = (m.step_pct / MOVE_SCALE_PCT).clamp(-1.0, 1.0);
        let by = size * MOVE_PUSH * exposure(p, &m.symbol);
        self.push(p, &m.symbol, by);
        if by.abs() >= MOVE_PUSH / 2.0 {
            self.why.insert(m.symbol.to_ascii_uppercase(), Why::Move(m.step_pct));
        }
    }

    fn push(&mut self, p: &Persona, symbol: &str, by: f64) {
        let symbol = symbol.to_ascii_uppercase();
        let v = self.get(&symbol) + by;
        let v = self.bounded(p, &symbol, v);
        self.values.insert(symbol, v);
    }

    /// The persona as the prompt should see it now: each stance's direction
    /// follows the belief, with the reason the view changed, and a view the
    /// news gave it is added. The persona's own words stay when the belief
    /// agrees with them.
    pub fn persona_now(&self, p: &Persona) -> Persona {
        let mut out = p.clone();
        for (symbol, &v) in &self.values {
            let now = direction_of(v);
            let changed = || self.changed_view(symbol, now);
            match out.stances.iter_mut().find(|s| s.topic.eq_ignore_ascii_case(symbol)) {
                Some(s) if s.direction != now => {
                    s.view = changed();
                    s.direction = now;
                }
                Some(_) => {}
                None if now != Direction::Neutral => out.stances.push(Stance {
                    topic: symbol.clone(),
                    direction: now,
                    confidence: Confidence::Low,
                    view: changed(),
                }),
                None => {}
            }
        }
        out
    }

    /// Whether the view on `symbol` is no longer the persona's written one.
    pub fn changed(&self, p: &Persona, symbol: &str) -> bool {
        let written = p.stance_on(symbol).map_or(Direction::Neutral, |s| s.direction);
        self.values.get(&symbol.to_ascii_uppercase()).is_some_and(|&v| direction_of(v) != written)
    }

    /// "«THY'ye soruşturma açıldı» haberinden sonra THYAO için temkinliyim."
    fn changed_view(&self, symbol: &str, now: Direction) -> String {
        let feel = match now {
            Direction::Bullish => format!("{symbol} için iyimserim"),
            Direction::Bearish => format!("{symbol} için temkinliyim"),
            Direction::Neutral => format!("{symbol} konusunda kafam karıştı"),
        };
        match self.why.get(symbol) {
            Some(Why::News(text)) => format!("«{text}» haberinden sonra {feel}."),
            // No numbers: the prompt's market and position lines give them.
            Some(Why::Move(pct)) => {
                let way = if *pct < 0.0 { "sert düşünce" } else { "sert yükselince" };
                format!("Fiyat {way} {feel}.")
            }
            Some(Why::Pnl(pct)) => {
                let way = if *pct < 0.0 { "zarar yazdığı" } else { "kâr getirdiği" };
                format!("Pozisyonum {way} için {feel}.")
            }
            None => format!("Son haberlerden sonra {feel}."),
        }
    }
}

#[cfg(test)]
mod tests;
