//! Turkish-aware text folding: lower case, diacritics removed, punctuation as
//! spaces, runs of spaces collapsed. Guards match on folded text so that
//! "KESİN yükselir", "kesin yukselir" and "kesin   yükselir!!" look alike.

/// Folds text for matching.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last_space = true;
    for c in text.chars() {
        let mapped = match c {
            'İ' | 'I' | 'ı' | 'i' | 'î' | 'Î' => 'i',
            'Ş' | 'ş' => 's',
            'Ğ' | 'ğ' => 'g',
            'Ü' | 'ü' | 'û' | 'Û' => 'u',
            'Ö' | 'ö' => 'o',
            'Ç' | 'ç' => 'c',
            'Â' | 'â' => 'a',
            '%' => '%',
            c if c.is_alphanumeric() => c.to_lowercase().next().unwrap_or(c),
            _ => ' ',
        };
        if mapped == ' ' {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.push(mapped);
            last_space = false;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Folded words of a text.
pub fn words(text: &str) -> Vec<String> {
    fold(text).split(' ').filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// Whether a folded text contains a word starting with `stem` (Turkish is
/// agglutinative: "garanti" matches "garantili", "garantisi").
pub fn has_stem(folded: &str, stem: &str) -> bool {
    folded.split(' ').any(|w| w.starts_with(stem))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_removes_case_diacritics_and_punctuation() {
        assert_eq!(fold("KESİN Yükselir!!  Şimdi"), "kesin yukselir simdi");
        assert_eq!(fold("%100 kâr"), "%100 kar");
        assert!(has_stem(&fold("Garantili kazanç"), "garanti"));
    }
}
