//! A bot's mood: valence (gloomy −1 … +1 cheerful) and arousal (calm 0 … 1
//! excited). Moves in what the bot holds or cares about push it, and so do
//! its own trades and how the room takes what it says ([`talk`]: agreed
//! with, contradicted, answered, ignored); it returns to the persona's own
//! resting mood at the persona's own speed ([`Temper`]: from the seed's
//! emotion profile when imported, else from the persona's tone).
//! [`empathy`]: who comforts a scared person.

pub mod empathy;
pub mod talk;

use crate::persona::Persona;
use serde::{Deserialize, Serialize};
use talk::Reception;

/// Half-life of a mood swing.
pub const MOOD_HALF_LIFE_MS: i64 = 20 * 60_000;

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Mood {
    pub valence: f64,
    pub arousal: f64,
}

impl Default for Mood {
    fn default() -> Self {
        Mood { valence: 0.0, arousal: 0.3 }
    }
}

/// Where a persona's mood rests and how fast it gets back there.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Temper {
    pub rest: Mood,
    pub half_life_ms: i64,
}

/// Tone words (folded) and what they do to the resting mood.
const CHEERFUL: &[&str] = &["neseli", "iyimser", "coskulu", "keyifli", "pozitif", "esprili", "samimi", "babacan"];
const GLOOMY: &[&str] = &["karamsar", "alayci", "supheci", "sinirli", "huysuz", "dertli", "tedirgin", "kuru"];
const EXCITED: &[&str] = &["heyecanli", "enerjik", "coskulu", "hizli", "aceleci", "dinamik", "abartili"];
const CALM: &[&str] = &["sakin", "temkinli", "sabirli", "olculu", "yavas", "soguk", "resmi", "tecrubeli"];

impl Temper {
    /// The persona's temper from its tone: the seed's emotion profile
    /// (tone and energy) when it was imported, else the persona's `tone`.
    pub fn of(p: &Persona) -> Temper {
        let seed = p.extra.get("seed_emotion_profile");
        let field = |k: &str| seed.and_then(|e| e.get(k)).and_then(|v| v.as_str()).unwrap_or_default().to_string();
        let text = match (field("tone"), field("energy")) {
            (t, e) if !t.is_empty() || !e.is_empty() => format!("{t} {e}"),
            _ => p.tone.clone(),
        };
        let words = crate::text::words(&text);
        // A word of five letters or more matches its inflections ("sakince"); a
        // shorter one only itself ("kuru" is not "kurumsal").
        let hit = |w: &str, s: &str| w == s || (s.len() >= 5 && w.starts_with(s));
        let count = |set: &[&str]| words.iter().filter(|w| set.iter().any(|s| hit(w, s))).count() as f64;
        let valence = (0.15 * (count(CHEERFUL) - count(GLOOMY))).clamp(-0.4, 0.4);
        let (excited, calm) = (count(EXCITED), count(CALM));
        let base = Mood::default();
        let arousal = (base.arousal + 0.15 * (excited - calm)).clamp(0.05, 0.8);
        // Excitable people swing back fast, calm ones slowly.
        let half_life_ms = if excited > calm {
            MOOD_HALF_LIFE_MS / 2
        } else if calm > excited {
            MOOD_HALF_LIFE_MS * 2
        } else {
            MOOD_HALF_LIFE_MS
        };
        Temper { rest: Mood { valence, arousal }, half_life_ms }
    }
}

impl Default for Temper {
    fn default() -> Self {
        Temper { rest: Mood::default(), half_life_ms: MOOD_HALF_LIFE_MS }
    }
}

impl Mood {
    /// Returns towards the persona's resting mood over `elapsed_ms`.
    pub fn decay(self, temper: &Temper, elapsed_ms: i64) -> Mood {
        let k = 0.5f64.powf(elapsed_ms.max(0) as f64 / temper.half_life_ms.max(1) as f64);
        let base = temper.rest;
        Mood {
            valence: base.valence + (self.valence - base.valence) * k,
            arousal: base.arousal + (self.arousal - base.arousal) * k,
        }
    }

    /// Reacts to a price move of `change_pct` in `symbol`: by how much of
    /// its money the books hold in it (its PnL moves), a little when it
    /// only follows it, hardly at all otherwise. Excitement saturates: each
    /// jolt takes it part of the way from where it is to the top, so a
    /// lively market keeps a bot alert, not pinned at its most excited.
    pub fn on_move(
        self,
        persona: &Persona,
        book: &crate::book::Book,
        quotes: &[crate::market::Quote],
        symbol: &str,
        change_pct: f64,
    ) -> Mood {
        let exposure = match book.position(symbol) {
            Some(p) => {
                let price = crate::book::price_of(quotes, symbol).unwrap_or(p.avg_cost);
                let share = p.qty * price / book.value(quotes).max(1.0);
                (share * 2.5).clamp(0.3, 1.0)
            }
            None if persona.cares_about(symbol) => 0.25,
            None => 0.05,
        };
        let push = (change_pct / 3.0).clamp(-1.0, 1.0) * exposure;
        Mood {
            valence: (self.valence + push * 0.5).clamp(-1.0, 1.0),
            arousal: (self.arousal + push.abs() * 0.5 * (1.0 - self.arousal)).clamp(0.0, 1.0),
        }
    }

    /// Reacts to its own trade: a stop hit stings and shakes it, a profit
    /// taken pleases; a buy on news or a dip hardly moves it (the news
    /// itself already did).
    pub fn on_trade(self, reason: crate::book::Reason) -> Mood {
        use crate::book::Reason as R;
        let (valence, arousal) = match reason {
            R::StopLoss => (-0.4, 0.1),
            R::TakeProfit => (0.3, 0.0),
            R::Doubt => (-0.1, 0.0),
            R::Dip | R::Conviction | R::News => (0.05, 0.0),
        };
        Mood { valence: (self.valence + valence).clamp(-1.0, 1.0), arousal: (self.arousal + arousal).clamp(0.0, 1.0) }
    }

    /// Reacts to how the room took what it said: agreement pleases,
    /// contradiction stings and heats it up, an answer pleases a little,
    /// a question nobody took up dampens it.
    pub fn on_talk(self, r: Reception) -> Mood {
        let (valence, arousal) = match r {
            Reception::Agreed => (0.15, 0.05),
            Reception::Contradicted => (-0.12, 0.15),
            Reception::Answered => (0.05, 0.03),
            Reception::Ignored => (-0.08, -0.05),
        };
        Mood { valence: (self.valence + valence).clamp(-1.0, 1.0), arousal: (self.arousal + arousal).clamp(0.0, 1.0) }
    }

    /// A Turkish word for the mood, for the prompt.
    pub fn describe(self) -> &'static str {
        match (self.valence, self.arousal) {
            (v, a) if v > 0.3 && a > 0.6 => "heyecanlı ve keyifli",
            (v, _) if v > 0.3 => "keyifli",
            (v, a) if v < -0.3 && a > 0.6 => "gergin",
            (v, _) if v < -0.3 => "canı sıkkın",
            (_, a) if a > 0.6 => "tetikte",
            _ => "sakin",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::persona::tests::bundled;

    #[test]
    fn a_drop_in_a_holding_sours_the_mood_and_it_recovers() {
        let p = crate::persona::tests::persona("ali_test");
        let m = Mood::default().on_move(&p, &crate::book::Book::open(&p), &[], "THYAO", -4.0);
        assert!(m.valence < -0.3 && m.arousal > 0.6, "{m:?}");
        let later = m.decay(&Temper::default(), 3 * 60 * 60_000);
        assert!(later.valence.abs() < 0.05);
    }

    #[test]
    fn a_move_moves_the_mood_by_how_much_of_the_money_is_in_it() {
        let p = bundled("mehmet_bist");
        let book = crate::book::Book::open(&p);
        let m = Mood::default();
        // GARAN is 40 % of his money, KCHOL under 10 %; EREGL he neither holds nor follows.
        let (big, small, none) = (
            m.on_move(&p, &book, &[], "GARAN", -3.0),
            m.on_move(&p, &book, &[], "KCHOL", -3.0),
            m.on_move(&p, &book, &[], "EREGL", -3.0),
        );
        assert!(big.valence < small.valence && small.valence < none.valence, "{big:?} {small:?} {none:?}");
        assert!((none.valence - m.valence).abs() < 0.05 && (none.arousal - m.arousal).abs() < 0.05);
        // Excitement closes part of the gap to the top: never past it.
        let jolted = (0..5).fold(m, |m, _| m.on_move(&p, &book, &[], "GARAN", 3.0));
        assert!(jolted.arousal > 0.9 && jolted.arousal < 1.0, "{jolted:?}");
    }

    #[test]
    fn each_persona_rests_in_its_own_mood_and_returns_at_its_own_speed() {
        let (scalper, calm, sceptic) = (bundled("can_scalp"), bundled("mehmet_bist"), bundled("selim_karsi"));
        assert_eq!(Temper::of(&bundled("tahvilci_levent")).rest.valence, 0.0, "'kurumsal' is not 'kuru'");
        let (t_scalp, t_calm, t_sceptic) = (Temper::of(&scalper), Temper::of(&calm), Temper::of(&sceptic));
        assert!(t_scalp.rest.arousal > t_calm.rest.arousal, "{t_scalp:?} {t_calm:?}");
        assert!(t_sceptic.rest.valence < 0.0 && t_calm.rest.valence == 0.0, "{t_sceptic:?}");
        assert!(t_scalp.half_life_ms < t_calm.half_life_ms);
        // The same fright, an hour later: the excitable one is back, the calm one still shaken.
        let fright = Mood { valence: -0.8, arousal: 0.9 };
        let (a, b) = (fright.decay(&t_scalp, 60 * 60_000), fright.decay(&t_calm, 60 * 60_000));
        assert!((a.valence - t_scalp.rest.valence).abs() < 0.05, "{a:?}");
        assert!(b.valence < -0.25, "{b:?}");
        // Back where it rests, not at one default for all.
        let rested = fright.decay(&t_sceptic, 24 * 60 * 60_000);
        assert!((rested.valence - t_sceptic.rest.valence).abs() < 1e-3);
    }

    #[test]
    fn the_seed_emotion_profile_sets_the_temper_of_an_imported_persona() {
        let mut p = bundled("can_scalp");
        p.extra.insert(
            "seed_emotion_profile".into(),
            serde_json::json!({"tone": "sakin ve tecrübeli", "energy": "orta tempo, sakin"}),
        );
        let t = Temper::of(&p);
        assert!(t.rest.arousal < Mood::default().arousal, "the profile, not the file's excited tone: {t:?}");
    }

    #[test]
    fn agreement_cheers_a_bot_and_an_argument_heats_it_up() {
        let m = Mood::default();
        let praised = (0..3).fold(m, |m, _| m.on_talk(Reception::Agreed));
        assert_eq!(praised.describe(), "keyifli");
        let argued = (0..4).fold(m, |m, _| m.on_talk(Reception::Contradicted));
        assert_eq!(argued.describe(), "gergin", "{argued:?}");
        let ignored = m.on_talk(Reception::Ignored);
        assert!(ignored.valence < m.valence && ignored.arousal < m.arousal);
    }

    #[test]
    fn a_stop_hit_sours_the_mood_and_a_profit_taken_lifts_it() {
        let m = Mood::default();
        assert!(m.on_trade(crate::book::Reason::StopLoss).valence < -0.3);
        assert!(m.on_trade(crate::book::Reason::TakeProfit).valence > 0.2);
    }
}
