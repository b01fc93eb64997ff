//! How much a persona cares to comfort someone: a person who says they are
//! scared or hurting ([`crate::fallback::worried`]) is answered by the warm
//! personas more often than by the cold ones. From the seed's emotion
//! profile (`empathy: "yüksek - yeni başlayanlara yardımcı"`) when it was
//! imported, else from the persona's tone words.

use crate::persona::Persona;

/// Tone words (folded) of a warm persona and of a cold one.
const WARM: &[&str] = &["samimi", "babacan", "nazik", "ogretici", "sefkatli", "yardimsever", "anlayisli", "sabirli"];
const COLD: &[&str] = &["alayci", "kuru", "soguk", "sert", "dobra", "resmi", "kurumsal"];

/// The persona's weight for comforting someone: 0.3 (cold) … 2.0 (very warm), 1.0 plain.
pub fn empathy(p: &Persona) -> f64 {
    let seed = p.extra.get("seed_emotion_profile").and_then(|e| e.get("empathy")).and_then(|v| v.as_str());
    // The level comes first: "çok yüksek - herkesin görüşüne saygılı".
    if let Some(level) = seed.map(|s| crate::text::fold(s.split('-').next().unwrap_or_default())) {
        return match level.trim() {
            "cok yuksek" => 2.0,
            "yuksek" => 1.6,
            "orta" => 1.0,
            "dusuk" => 0.5,
            "cok dusuk" => 0.3,
            _ => 1.0,
        };
    }
    let words = crate::text::words(&p.tone);
    let any = |set: &[&str]| words.iter().any(|w| set.iter().any(|s| w.starts_with(s)));
    match (any(WARM), any(COLD)) {
        (true, false) => 1.5,
        (false, true) => 0.6,
        _ => 1.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warm_personas_care_more_than_cold_ones_from_the_seed_or_the_tone() {
        let bundled = crate::persona::tests::bundled;
        assert_eq!(empathy(&bundled("mehmet_bist")), 1.5, "sakin, tecrübeli, öğretici");
        assert_eq!(empathy(&bundled("selim_karsi")), 0.6, "alaycı, sorgulayıcı, soğukkanlı");
        let mut p = bundled("selim_karsi");
        for (level, weight) in [("yüksek - yeni başlayanlara yardımcı", 1.6), ("düşük - gerçeklere odaklanmış", 0.5)]
        {
            p.extra.insert("seed_emotion_profile".into(), serde_json::json!({ "empathy": level }));
            assert_eq!(empathy(&p), weight, "{level}");
        }
    }
}
