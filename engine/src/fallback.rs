//! Short templated messages for when the model fails or is refused: the
//! room keeps a voice, the numbers are the feed's.

use crate::intent::{Goal, Intent};
use crate::market::format_tr;
use crate::persona::Persona;
use rand::Rng;

/// A short message for the intent, built without any model.
pub fn reaction(persona: &Persona, intent: &Intent, rng: &mut impl Rng) -> String {
    let emoji = if persona.emoji.is_empty() {
        String::new()
    } else {
        format!(" {}", persona.emoji[rng.random_range(0..persona.emoji.len())])
    };
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
