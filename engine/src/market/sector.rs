//! Sectors as people name them in chat ("bankalar neden düştü?",
//! "holdingler ne alemde") and the Borsa İstanbul tickers in each, so that a
//! question about a sector is answered with a quote from it and not with
//! whatever the bot happens to follow. Static market knowledge, no IO.

use super::Quote;
use crate::text::fold;

/// One sector: the folded word stems people use for it, and its tickers.
#[derive(Debug, Clone, Copy)]
pub struct Sector {
    pub name: &'static str,
    /// Folded stems; a word of the text that starts with one names the sector.
    stems: &'static [&'static str],
    pub symbols: &'static [&'static str],
}

/// The sectors people ask about, with their larger listed companies.
pub const SECTORS: &[Sector] = &[
    Sector {
        name: "bankalar",
        stems: &["banka", "bankaci"],
        symbols: &["GARAN", "AKBNK", "YKBNK", "ISCTR", "HALKB", "VAKBN"],
    },
    Sector { name: "holdingler", stems: &["holding"], symbols: &["KCHOL", "SAHOL", "DOHOL", "AGHOL"] },
    Sector { name: "havacılık", stems: &["havayol", "havacilik", "ucak"], symbols: &["THYAO", "PGSUS", "TAVHL"] },
    Sector { name: "savunma", stems: &["savunma"], symbols: &["ASELS", "SDTTR", "OTKAR"] },
    Sector { name: "demir çelik", stems: &["celik", "metal"], symbols: &["EREGL", "KRDMD", "ISDMR"] },
    Sector { name: "otomotiv", stems: &["otomotiv", "otomobil"], symbols: &["FROTO", "TOASO", "DOAS"] },
    Sector { name: "perakende", stems: &["perakende", "gida"], symbols: &["BIMAS", "MGROS", "SOKM"] },
    Sector {
        name: "enerji",
        stems: &["enerji", "rafineri", "petrol", "akaryakit"],
        symbols: &["TUPRS", "AKSEN", "ENJSA"],
    },
    Sector { name: "telekom", stems: &["telekom", "iletisim"], symbols: &["TCELL", "TTKOM"] },
];

/// The first sector `text` names, if any.
pub fn named_in(text: &str) -> Option<&'static Sector> {
    let folded = fold(text);
    folded.split(' ').find_map(|w| SECTORS.iter().find(|s| s.stems.iter().any(|st| w.starts_with(st))))
}

/// The quote of the sector `text` names that moved most today (the one a
/// "why did the banks fall?" is most likely about); none when the text names
/// no sector or the feed has none of its tickers.
pub fn quote_for(text: &str, quotes: &[Quote]) -> Option<Quote> {
    let sector = named_in(text)?;
    quotes
        .iter()
        .filter(|q| sector.symbols.contains(&q.symbol.as_str()))
        .max_by(|a, b| a.change_pct.abs().total_cmp(&b.change_pct.abs()))
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quote(symbol: &str, change_pct: f64) -> Quote {
        Quote { symbol: symbol.into(), name: symbol.into(), price: 10.0, change_pct, decimals: 2 }
    }

    #[test]
    fn a_sector_word_in_any_form_picks_the_sectors_biggest_mover() {
        let quotes = [quote("KCHOL", 3.0), quote("GARAN", -0.4), quote("AKBNK", -2.1), quote("THYAO", 1.0)];
        for q in ["Bugün bankalar neden bu kadar düştü?", "bankaların durumu ne", "Bankacılık endeksi?"] {
            assert_eq!(quote_for(q, &quotes).map(|q| q.symbol).as_deref(), Some("AKBNK"), "{q}");
        }
        assert_eq!(quote_for("Havayolu hisseleri uçuyor mu", &quotes).map(|q| q.symbol).as_deref(), Some("THYAO"));
        assert_eq!(quote_for("holdinglere ne oldu", &quotes).map(|q| q.symbol).as_deref(), Some("KCHOL"));
    }

    #[test]
    fn no_sector_or_no_ticker_of_it_in_the_feed_gives_nothing() {
        let quotes = [quote("GARAN", 1.0)];
        assert!(quote_for("Bugün hava çok güzel", &quotes).is_none());
        assert!(quote_for("savunma hisseleri nasıl", &quotes).is_none(), "no defence ticker in this feed");
    }
}
