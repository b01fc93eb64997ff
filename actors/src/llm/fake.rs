//! The deterministic `fake` provider: short Turkish chat lines chosen by a
//! stable hash of the prompt and seed. Same prompt and seed, same text.

use super::{Completion, ProviderConfig, ProviderError, estimate_tokens};
use engine::prompt::Prompt;

const LINES: &[&str] = &[
    "Bence biraz beklemek lazım, piyasa yön arıyor.",
    "Hacim düşük, acele etmeye gerek yok.",
    "Bugün haber akışı yoğun, dikkatli olmak lazım.",
    "Ben pozisyonumu koruyorum, sabır şart.",
    "Kapanışa doğru netleşir diye düşünüyorum.",
    "Grafikte destek bölgesi çalışıyor gibi.",
    "Makro tarafta belirsizlik var, temkinliyim.",
    "Dün de benzer bir hareket olmuştu, izliyorum.",
    "Sizce bu haber fiyatlanmış mıdır?",
    "Ben de aynı şeyi düşünüyordum aslında.",
    "Kısa vadede dalgalı olur bence.",
    "Uzun vadeli bakınca çok bir şey değişmiyor.",
];

pub struct FakeProvider {
    name: String,
    /// Configured lines (`lines` in the provider entry), else [`LINES`].
    lines: Vec<String>,
}

impl FakeProvider {
    pub fn new(c: &ProviderConfig) -> Self {
        FakeProvider { name: c.name.clone(), lines: c.lines.clone() }
    }

    pub fn complete(&self, prompt: &Prompt, seed: u64) -> Result<Completion, ProviderError> {
        let h = fnv1a(prompt.user.as_bytes()) ^ seed.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let text = if self.lines.is_empty() {
            LINES[(h % LINES.len() as u64) as usize].to_string()
        } else {
            self.lines[(h % self.lines.len() as u64) as usize].clone()
        };
        let _ = &self.name;
        Ok(Completion {
            tokens_in: estimate_tokens(&prompt.system) + estimate_tokens(&prompt.user),
            tokens_out: estimate_tokens(&text),
            text,
            model: "fake".into(),
        })
    }
}

/// 64-bit FNV-1a: stable across runs and platforms (unlike std's hasher).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}
