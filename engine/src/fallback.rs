//! Short templated messages for when the model fails or is refused: the
//! room keeps a voice, the numbers are the feed's. A person's advice or
//! guarantee request gets a decline ([`advice`]); near one, no hype emoji.
//!
//! # Layout
//! - [`advice`]: the in-character decline to an advice or guarantee request.

pub mod advice;

use crate::intent::{Goal, Intent};
use crate::market::format_tr;
use crate::persona::Persona;
use rand::Rng;

/// A short message for the intent, built without any model.
pub fn reaction(persona: &Persona, intent: &Intent, rng: &mut impl Rng) -> String {
    if let (Goal::AnswerHuman { text, .. }, Some(kind)) = (&intent.goal, intent.answers_advice()) {
        return advice::decline(persona, kind, crate::guard::advice::in_english(text), rng);
    }
    // Near a person's advice request, no rockets: only the persona's calm emoji.
    let pool: Vec<&String> = (persona.emoji.iter())
        .filter(|e| intent.advice.is_none() || !crate::guard::lexicon::advice::HYPE_EMOJI.contains(&e.as_str()))
        .collect();
    let emoji = if pool.is_empty() { String::new() } else { format!(" {}", pool[rng.random_range(0..pool.len())]) };
    let q = intent.quote.as_ref();
    let text = match (&intent.goal, q) {
        (Goal::DiscloseAi { english }, _) => {
            return crate::guard::honesty::honest_answer(persona, *english);
        }
        (Goal::Ask, Some(q)) => format!("{} neden böyle hareket ediyor, bilen var mı?", q.name),
        (_, Some(q)) => {
            let dir = if q.change_pct > 0.05 {
                "artıda"
            } else if q.change_pct < -0.05 {
                "ekside"
            } else {
                "yatay"
            };
            let picks = [
                format!(
                    "{} {} seviyesinde, günlük %{} {dir}.",
                    q.name,
                    q.price_text(),
                    format_tr(q.change_pct.abs(), 2)
                ),
                format!("{} {dir} gidiyor, {} görüyoruz.", q.name, q.price_text()),
                format!("{} tarafı {dir}, bakalım gün nasıl kapanacak.", q.name),
            ];
            picks[rng.random_range(0..picks.len())].clone()
        }
        (Goal::AnswerHuman { .. }, None) => "İyi soru, ben de tam bunu düşünüyordum.".into(),
        _ => ["Piyasa bugün yön arıyor.", "Sakin bir gün gibi.", "Haber akışını izliyorum."][rng.random_range(0..3)]
            .into(),
    };
    format!("{text}{emoji}")
}
