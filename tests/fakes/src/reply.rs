//! How the fake produces reply content.

/// How the content of a successful reply is produced.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Reply {
    /// One of a dozen short Turkish market-chat sentences, picked by a
    /// stable hash (FNV-1a) of the last `user` message's content: the same
    /// request always gets the same sentence, in every process.
    #[default]
    Echo,
    /// Always this text.
    Fixed(String),
    /// Each successful reply takes the next text, wrapping around; the
    /// position resets when the reply is set. An empty script behaves as
    /// [`Reply::Echo`].
    Script(Vec<String>),
    /// A weak model: defective replies of one kind at a ratio
    /// ([`crate::weak`]), plain echo sentences otherwise.
    Weak(crate::weak::Weak),
    /// A real model's variety: about two thousand lines an instrument,
    /// picked by a stable hash of the last `user` message ([`crate::varied`]).
    Varied,
}

/// Echo sentences: plausible chat, no numbers, no promises, no calls to buy.
pub(crate) const ECHO_SENTENCES: [&str; 12] = [
    "Bence biraz beklemek lazım, piyasa yön arıyor.",
    "Bugün işlem hacmi oldukça sakin görünüyor.",
    "Faiz kararı öncesi piyasada temkinli bir hava var.",
    "Ben pozisyonumu biraz küçülttüm, acele etmeye gerek yok.",
    "Bankacılık hisselerinde hareket var ama yön net değil.",
    "Kur tarafında dalgalanma sürerse borsa da etkilenir.",
    "Açıkçası bu yükselişin kalıcı olduğundan emin değilim.",
    "Haber akışını takip etmeden karar vermek zor.",
    "Kısa vadede oynaklık yüksek, dikkatli olmak lazım.",
    "Enflasyon verisi gelmeden büyük adım atmam.",
    "Sanayi endeksi bugün biraz zayıf kaldı sanki.",
    "Ben kendi risk tercihime göre hareket ediyorum.",
];

/// 64-bit FNV-1a: stable across processes and platforms.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes.iter().fold(OFFSET, |h, &b| (h ^ u64::from(b)).wrapping_mul(PRIME))
}

/// SplitMix64's finaliser: spreads every input bit over the output (FNV-1a's
/// bits are poorly mixed for near-identical inputs).
pub(crate) fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The echo sentence for a last user message.
pub(crate) fn echo(last_user: &str) -> &'static str {
    let n = ECHO_SENTENCES.len() as u64;
    // The remainder is below 12, so the cast cannot truncate.
    ECHO_SENTENCES[(fnv1a(last_user.as_bytes()) % n) as usize]
}

/// Token estimate: ceil(chars / 4).
pub(crate) fn estimate_tokens(text: &str) -> u64 {
    (text.chars().count() as u64).div_ceil(4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_the_reference_vectors() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn echo_is_deterministic_and_varies_with_input() {
        assert_eq!(echo("merhaba"), echo("merhaba"));
        let distinct: std::collections::HashSet<_> = (0..200).map(|i| echo(&format!("mesaj {i}"))).collect();
        assert!(distinct.len() > 6, "only {} sentences used", distinct.len());
    }

    #[test]
    fn echo_sentences_carry_no_digits() {
        for s in ECHO_SENTENCES {
            assert!(!s.chars().any(|c| c.is_ascii_digit()), "{s}");
            assert!(!s.to_lowercase().contains("garanti"), "{s}");
        }
    }

    #[test]
    fn tokens_are_chars_over_four_rounded_up() {
        assert_eq!(estimate_tokens(""), 0);
        assert_eq!(estimate_tokens("abcd"), 1);
        assert_eq!(estimate_tokens("abcde"), 2);
        assert_eq!(estimate_tokens("çğış"), 1);
    }
}
