//! Telegram refuses texts over 4096 characters. Long text is cut into parts
//! at sentence ends (else at a space, else anywhere), each part within the
//! limit, nothing lost and nothing reordered.

/// Telegram's longest message text, in characters.
pub const MAX_MESSAGE_CHARS: usize = 4096;

/// Parts of `text`, each at most `max` characters, cut after a sentence end
/// where possible. Whitespace at the cuts is dropped; an empty text gives none.
pub fn split_text(text: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut parts = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        if rest.chars().count() <= max {
            parts.push(rest.to_string());
            break;
        }
        let cut = cut_point(rest, max);
        let (head, tail) = rest.split_at(cut);
        parts.push(head.trim_end().to_string());
        rest = tail.trim_start();
    }
    parts
}

/// The first part of `text` ended at a sentence boundary, at most `max` characters.
pub fn shorten(text: &str, max: usize) -> String {
    split_text(text, max).into_iter().next().unwrap_or_default()
}

/// Byte index to cut `text` (longer than `max` characters) at.
fn cut_point(text: &str, max: usize) -> usize {
    // Byte index just past the `max`-th character.
    let limit = text.char_indices().nth(max).map_or(text.len(), |(i, _)| i);
    let window = &text[..limit];
    let sentence = window
        .char_indices()
        .filter(|(i, c)| {
            matches!(c, '.' | '!' | '?' | '…' | '\n')
                && window[i + c.len_utf8()..].chars().next().is_none_or(char::is_whitespace)
        })
        .map(|(i, c)| i + c.len_utf8())
        .next_back();
    let space = window.char_indices().filter(|(_, c)| c.is_whitespace()).map(|(i, _)| i).next_back();
    match (sentence, space) {
        (Some(i), _) if i > 0 => i,
        (_, Some(i)) if i > 0 => i,
        _ => limit,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn long_text_is_cut_after_a_sentence() {
        let text = format!("{} Bitti. {}", "a".repeat(10), "b".repeat(10));
        assert_eq!(split_text(&text, 20), [format!("{} Bitti.", "a".repeat(10)), "b".repeat(10)]);
        assert_eq!(shorten("Kısa. Uzun bir cümle burada.", 12), "Kısa.");
        assert!(split_text("   ", 10).is_empty());
    }

    #[test]
    fn a_word_longer_than_the_limit_is_cut_anyway() {
        assert_eq!(split_text("çççççç", 4), ["çççç", "çç"]);
    }

    proptest! {
        #[test]
        fn parts_fit_and_keep_every_word(words in prop::collection::vec("[a-zçğış]{1,12}[.!?]?", 0..120), max in 8usize..200) {
            let text = words.join(" ");
            let parts = split_text(&text, max);
            for p in &parts {
                prop_assert!(p.chars().count() <= max);
                prop_assert!(!p.is_empty());
            }
            let squash = |s: &str| s.split_whitespace().collect::<String>();
            prop_assert_eq!(squash(&parts.join(" ")), squash(&text));
        }
    }
}
