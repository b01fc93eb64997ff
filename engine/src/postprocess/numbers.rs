//! The numbers a text writes (Turkish style: "1.234,5", "%2,3", "312.40")
//! and whether the feed gave them: a draft may quote only the feed's prices
//! and moves, small counts and years.

use super::Reject;

/// Numbers written in a text, Turkish style ("1.234,5", "%2,3", "312.40").
/// Digits that are part of a name are not numbers: glued to letters
/// ("XU100", "Bist30") or after the word BIST ("BIST 100").
pub fn numbers_in(text: &str) -> Vec<(String, f64)> {
    written_numbers(text).into_iter().map(|n| (n.raw, n.value)).collect()
}

/// A number as written, and whether it is a percentage that reads as a move
/// ("%27", "yüzde 27", "yüzde-27", "27%"; not a share: "%10'u").
struct Written {
    raw: String,
    value: f64,
    percent: bool,
}

fn written_numbers(text: &str) -> Vec<Written> {
    let mut out = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            let in_name = (start > 0 && chars[start - 1].is_alphabetic()) || after_bist(&chars[..start]);
            while i < chars.len()
                && (chars[i].is_ascii_digit()
                    || ((chars[i] == '.' || chars[i] == ',') && chars.get(i + 1).is_some_and(char::is_ascii_digit)))
            {
                i += 1;
            }
            let raw: String = chars[start..i].iter().collect();
            if let Some(value) = parse_tr_number(&raw).filter(|_| !in_name) {
                // "%10'undan fazlası" is a share of something, not a move.
                let share = chars.get(i).is_some_and(|c| matches!(c, '\'' | '’'));
                let percent = !share && (after_percent(&chars[..start]) || chars.get(i) == Some(&'%'));
                out.push(Written { raw, value, percent });
            }
        } else {
            i += 1;
        }
    }
    out
}

/// Whether the text before a number ends with "%" or the word "yüzde"
/// (then a space or a hyphen: "yüzde-27" was seen on the embedded model).
fn after_percent(before: &[char]) -> bool {
    let s: String = before[before.len().saturating_sub(8)..].iter().collect();
    let s = s.trim_end_matches([' ', '-']);
    s.ends_with('%') || s.to_lowercase().ends_with("yüzde")
}

/// Whether the text before a number ends with the word "BIST" and a space.
fn after_bist(before: &[char]) -> bool {
    let n = before.len();
    n >= 5
        && before[n - 1] == ' '
        && before[n - 5..n - 1].iter().map(char::to_ascii_uppercase).eq("BIST".chars())
        && (n == 5 || !before[n - 6].is_alphanumeric())
}

fn parse_tr_number(raw: &str) -> Option<f64> {
    let tr = raw.replace('.', "").replace(',', ".");
    let plain = raw.replace(',', "");
    // "312.40" (English decimals) and "10.250" (Turkish thousands) are both seen.
    let candidates = [tr.parse::<f64>().ok(), plain.parse::<f64>().ok()];
    candidates.into_iter().flatten().next()
}

pub(super) fn check_numbers(text: &str, allowed: &[f64]) -> Result<(), Reject> {
    match unknown_number(text, allowed) {
        Some(raw) => Err(Reject::UnknownNumber(raw)),
        None => Ok(()),
    }
}

/// The first number of `text` that is neither in `allowed` (the feed) nor a
/// small count or a year, as written. A percentage is never a count: it is
/// the feed's (or the feed's rounded to a whole number).
pub fn unknown_number(text: &str, allowed: &[f64]) -> Option<String> {
    for Written { raw, value: v, percent } in written_numbers(text) {
        let variants = [v, parse_alt(&raw).unwrap_or(v)];
        let ok = variants.iter().any(|&x| {
            let whole = x.fract() == 0.0;
            // Small counts ("2 gün", "20 yıl") and years are not market data.
            (!percent && whole && (x <= 30.0 || (1990.0..=2035.0).contains(&x)))
                || allowed.iter().any(|a| close(x, *a) || (percent && whole && x == a.abs().round()))
        });
        if !ok {
            return Some(raw);
        }
    }
    None
}

fn parse_alt(raw: &str) -> Option<f64> {
    raw.replace(',', "").parse().ok()
}

fn close(x: f64, a: f64) -> bool {
    let tol = (a.abs() * 0.005).max(0.011);
    (x - a).abs() <= tol || (x - a.round()).abs() < 1e-9 && (a - a.round()).abs() < 0.5 && a.abs() >= 100.0
}
