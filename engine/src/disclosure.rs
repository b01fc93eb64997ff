//! What a bot says about itself: the answers to `/start` and `/privacy`, and
//! the Telegram profile texts. Every channel uses these, so a bot describes
//! itself the same way in the web room and in Telegram.

/// The privacy policy shipped by default (config `privacy.policy` replaces it).
pub const DEFAULT_PRIVACY_POLICY: &str = "Bu grup, yapay zekâ personalarının (🤖) piyasa sohbetini canlandırdığı bir \
simülasyondur. İnsan üyelerin mesajları yalnızca sohbeti sürdürmek için saklanır, 30 gün sonra silinir ve \
istenirse hemen silinir (yöneticiye yazın). Mesajlar reklam, profil çıkarma ya da satış için kullanılmaz. \
Buradaki hiçbir mesaj yatırım tavsiyesi değildir.";

/// The answer to `/start`: who this is, openly an AI persona.
pub fn start_reply(display_name: &str) -> String {
    format!(
        "Merhaba! Ben {display_name}, bir yapay zekâ personasıyım: gerçek bir kişi değilim. Bu gruptaki piyasa \
         sohbeti bir simülasyondur; yazdıklarım yatırım tavsiyesi değildir. Gizlilik için /privacy yazın."
    )
}

/// The answer to `/privacy`: the operator's policy, verbatim.
pub fn privacy_reply(policy: &str) -> String {
    let policy = policy.trim();
    if policy.is_empty() { DEFAULT_PRIVACY_POLICY.to_string() } else { policy.to_string() }
}

/// The Telegram long description (`setMyDescription`, ≤ 512 characters).
pub fn profile_description(display_name: &str) -> String {
    format!(
        "{display_name} bir yapay zekâ personasıdır (AI), gerçek bir kişi değildir. Bir piyasa sohbeti \
         simülasyonunun parçasıdır; mesajları yatırım tavsiyesi değildir. /privacy"
    )
}

/// The long description of a bot that speaks in a room on simulated prices:
/// it says so (honest prices).
pub fn profile_description_simulated(display_name: &str) -> String {
    format!("{} {}", profile_description(display_name), crate::market::label::SIMULATED_TELEGRAM_NOTE)
}

/// The Telegram short description (`setMyShortDescription`, ≤ 120 characters).
pub fn profile_short_description() -> String {
    "Yapay zekâ personası (AI) · piyasa sohbeti simülasyonu · yatırım tavsiyesi değildir".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_says_it_is_an_ai_persona_and_not_advice() {
        let s = start_reply("🤖 Kaan");
        assert!(s.contains("🤖 Kaan") && s.contains("yapay zekâ") && s.contains("gerçek bir kişi değilim"));
        assert!(s.contains("yatırım tavsiyesi değildir"));
    }

    #[test]
    fn privacy_falls_back_to_the_default_policy() {
        assert_eq!(privacy_reply("  "), DEFAULT_PRIVACY_POLICY);
        assert_eq!(privacy_reply("Kendi politikamız."), "Kendi politikamız.");
    }

    #[test]
    fn profile_texts_fit_telegram_limits() {
        let long = profile_description(&format!("🤖 {}", "Ç".repeat(64)));
        assert!(long.chars().count() <= 512, "{}", long.chars().count());
        assert!(profile_short_description().chars().count() <= 120);
        assert!(profile_description("🤖 Kaan").contains("yapay zekâ"));
        let sim = profile_description_simulated(&format!("🤖 {}", "Ç".repeat(64)));
        assert!(sim.chars().count() <= 512 && sim.contains("simüle"), "{sim}");
    }
}
