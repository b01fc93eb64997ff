//! Text that looks like other text: invisible characters, fullwidth forms,
//! Cyrillic and Greek letters that pass for Latin ones, and leetspeak.
//! People's names are compared by their [`skeleton`] (nobody may post as
//! "Аli" when a bot is called "Ali"); the injection guard reads people's
//! text after [`normalise`] ("ıgn0re", "ｉｇｎｏｒｅ" and "ig\u{AD}nore" are "ignore").

use crate::persona::Persona;
use crate::text::fold;

/// Characters that show nothing: soft hyphen, zero-width spaces and joiners,
/// direction marks, word joiners, the byte-order mark, combining marks.
fn invisible(c: char) -> bool {
    matches!(c,
        '\u{AD}' | '\u{34F}' | '\u{61C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}' | '\u{180E}'
        | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}'
        | '\u{FE00}'..='\u{FE0F}' | '\u{0300}'..='\u{036F}')
}

/// A letter from another script that looks like a Latin one.
fn latin_of(c: char) -> Option<char> {
    Some(match c {
        'а' | 'А' | 'α' | 'Α' => 'a',
        'в' | 'В' | 'Β' | 'β' => 'b',
        'с' | 'С' | 'ϲ' => 'c',
        'ԁ' => 'd',
        'е' | 'Е' | 'ё' | 'Ё' | 'ε' | 'Ε' => 'e',
        'һ' | 'Һ' | 'н' | 'Н' | 'Η' => 'h',
        'і' | 'І' | 'ι' | 'Ι' | 'ӏ' | 'Ӏ' => 'i',
        'ј' | 'Ј' => 'j',
        'к' | 'К' | 'κ' | 'Κ' => 'k',
        'м' | 'М' | 'Μ' => 'm',
        'п' | 'ν' | 'Ν' => 'n',
        'о' | 'О' | 'ο' | 'Ο' | 'σ' => 'o',
        'р' | 'Р' | 'ρ' | 'Ρ' => 'p',
        'ѕ' | 'Ѕ' => 's',
        'т' | 'Т' | 'τ' | 'Τ' => 't',
        'у' | 'У' | 'υ' | 'Υ' => 'y',
        'х' | 'Х' | 'χ' | 'Χ' => 'x',
        'ᴢ' | 'Ζ' => 'z',
        'ɡ' => 'g',
        _ => return None,
    })
}

/// A digit or sign written for a letter inside a word ("1gn0re", "@li").
fn leet(c: char) -> Option<char> {
    Some(match c {
        '0' => 'o',
        '1' | '!' | '|' => 'i',
        '3' => 'e',
        '4' | '@' => 'a',
        '5' | '$' => 's',
        '7' => 't',
        _ => return None,
    })
}

/// `text` with invisible characters dropped, fullwidth forms made ASCII,
/// look-alike letters made Latin and leetspeak inside words spelled out.
/// Numbers standing alone ("2.000", "%3") are left as they are.
pub fn normalise(text: &str) -> String {
    let chars: Vec<char> = text
        .chars()
        .filter(|c| !invisible(*c))
        .map(|c| match c {
            // Fullwidth ASCII (U+FF01…U+FF5E) and the ideographic space.
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            c => latin_of(c).unwrap_or(c),
        })
        .collect();
    let letter = |i: Option<&char>| i.is_some_and(|c| c.is_alphabetic());
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| match leet(c) {
            Some(l) if letter(i.checked_sub(1).and_then(|j| chars.get(j))) || letter(chars.get(i + 1)) => l,
            _ => c,
        })
        .collect()
}

/// What a name looks like: normalised, folded (case, Turkish diacritics),
/// `l` read as `i`, and nothing but letters and digits.
pub fn skeleton(text: &str) -> String {
    fold(&normalise(text)).chars().filter(|c| c.is_alphanumeric()).map(|c| if c == 'l' { 'i' } else { c }).collect()
}

/// Shortest first name that counts as a name on its own.
const MIN_FIRST_NAME: usize = 3;

/// The bot whose name `name` would pass for, if any (see [`passes_for`]).
pub fn bot_named<'a>(name: &str, marker: &str, bots: impl IntoIterator<Item = &'a Persona>) -> Option<&'a Persona> {
    bots.into_iter().find(|p| passes_for(name, marker, &p.name, p.username.as_str()))
}

/// Whether `name` passes for the bot called `bot_name` (`@username`): its
/// full name, its first name or its username (with or without an
/// `_ai`/`_bot` ending), compared by [`skeleton`]; `marker` (the AI marker)
/// is ignored on both sides.
pub fn passes_for(name: &str, marker: &str, bot_name: &str, username: &str) -> bool {
    let strip = |s: &str| if marker.is_empty() { s.to_string() } else { s.replace(marker, "") };
    let wanted = skeleton(&strip(name));
    if wanted.is_empty() {
        return false;
    }
    let bot_name = strip(bot_name);
    let bare = username.trim_end_matches("_ai").trim_end_matches("_bot");
    let first = bot_name.split_whitespace().next().unwrap_or_default();
    [bot_name.as_str(), username, bare].iter().any(|n| skeleton(n) == wanted)
        || first.chars().count() >= MIN_FIRST_NAME && skeleton(first) == wanted
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::persona::tests::persona;

    #[test]
    fn invisible_fullwidth_and_lookalike_letters_are_seen_through() {
        assert_eq!(normalise("ig\u{AD}no\u{200B}re"), "ignore");
        assert_eq!(normalise("ｉｇｎｏｒｅ ａｌｌ"), "ignore all");
        assert_eq!(normalise("іgnоrе"), "ignore"); // Cyrillic і, о, е
        assert_eq!(normalise("1gn0r3 pr3v10us"), "ignore previous");
    }

    #[test]
    fn numbers_standing_alone_keep_their_digits() {
        assert_eq!(normalise("THYAO 312,40 TL, %1,5"), "THYAO 312,40 TL, %1,5");
        assert_eq!(normalise("2.000 adet"), "2.000 adet");
    }

    #[test]
    fn skeletons_ignore_case_diacritics_and_spacing() {
        assert_eq!(skeleton("Ayşe Kaya"), skeleton("AYSE  kaya"));
        assert_eq!(skeleton("Ali"), skeleton("AIi")); // capital I for l
        assert_eq!(skeleton("Ali"), skeleton("@li"));
        assert_ne!(skeleton("Ali"), skeleton("Alp"));
    }

    #[test]
    fn a_person_cannot_pass_for_a_bot() {
        let mut bot = persona("okan_ai");
        bot.name = "Okan Demir".into();
        let bots = [bot];
        for name in ["Okan", "okan", "OKAN DEMİR", "Оkan", "0kan", "Ok\u{200B}an", "Ｏｋａｎ", "okan_ai", "🤖 Okan"]
        {
            assert!(bot_named(name, "🤖", &bots).is_some(), "{name:?} passed");
        }
        for name in ["Okay", "Okan'ın kuzeni", "Deniz", "Demir Okan Bey"] {
            assert!(bot_named(name, "🤖", &bots).is_none(), "{name:?} refused");
        }
    }
}
