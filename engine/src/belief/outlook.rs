//! How a persona takes the news, from what its file says of it: how much it
//! trusts a kind of headline, how long a swing in its belief lasts, and how
//! far the news and its PnL may move it from its written stance.

use crate::book::style::Horizon;
use crate::market::Headline;
use crate::persona::{Confidence, Persona};
use crate::text::fold;

/// A persona's way with the news.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outlook {
    /// How much a headline about a company or price moves it (1 = fully).
    pub trust_company: f64,
    /// How much a macro headline (rates, FX, inflation) moves it.
    pub trust_macro: f64,
    /// Half-life of a news-driven swing.
    pub half_life_ms: i64,
    /// How far a belief may stray from the written stance, by its confidence.
    stubborn: f64,
}

/// Words (folded) of a persona who doubts what it reads, or believes it.
const DOUBTING: &[&str] = &["supheci", "sorgulayici", "alayci", "inatci", "karsit", "temkinli"];
const CREDULOUS: &[&str] = &["heyecanli", "coskulu", "tedirgin", "cekingen", "abartili", "aceleci"];
/// Words of a persona who reads the economy: it trusts macro news.
const MACRO_MINDED: &[&str] = &["ekonomist", "makro", "enflasyon", "faiz", "para politika", "merkez bank", "tahvil"];

impl Outlook {
    pub fn of(p: &Persona) -> Outlook {
        let tone = fold(&p.tone);
        let about = fold(&format!("{} {} {}", p.role, p.bio, p.style));
        let has = |text: &str, set: &[&str]| set.iter().any(|w| text.contains(w));
        // A day trader lives on company news and forgets it by evening; a
        // long holder hears it, discounts it and keeps it for days.
        let (trust, half_life_h): (f64, i64) = match Horizon::of(p) {
            Horizon::Short => (1.0, 2),
            Horizon::Medium => (0.8, 8),
            Horizon::Long => (0.5, 36),
        };
        let temper = if has(&tone, DOUBTING) {
            0.6
        } else if has(&tone, CREDULOUS) {
            1.25
        } else {
            1.0
        };
        let trust_company = trust * temper;
        let trust_macro = if has(&about, MACRO_MINDED) { (trust * 1.5).min(1.2) * temper } else { trust_company * 0.8 };
        let stubborn = if tone.contains("inatci") { 0.75 } else { 1.0 };
        Outlook { trust_company, trust_macro, half_life_ms: half_life_h * crate::ids::Millis::HOUR, stubborn }
    }

    /// How much this headline moves the persona.
    pub fn trust(&self, h: &Headline) -> f64 {
        let macro_news = h.tickers.len() > 1 || h.symbol.is_empty() || h.symbol == crate::market::MACRO;
        if macro_news { self.trust_macro } else { self.trust_company }
    }

    /// How far the belief on a stance held with `confidence` (none: no
    /// stance) may stray from it: a firm conviction can turn cautious, not
    /// bearish; a weak one can turn round; on a ticker it has no stance on,
    /// the news can give it a view but not a certainty.
    pub fn reach(&self, confidence: Option<Confidence>) -> f64 {
        let r = match confidence {
            Some(Confidence::High) => 1.1,
            Some(Confidence::Medium) => 1.4,
            Some(Confidence::Low) => 1.3,
            None => 0.8,
        };
        r * self.stubborn
    }
}

impl Default for Outlook {
    fn default() -> Self {
        Outlook { trust_company: 0.8, trust_macro: 0.8, half_life_ms: 8 * crate::ids::Millis::HOUR, stubborn: 1.0 }
    }
}
