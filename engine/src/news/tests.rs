use super::*;
use crate::market::{BUNDLED_HEADLINES, parse_headlines};

fn c(text: &str) -> (Vec<String>, i8) {
    let c = classify(text);
    (c.tickers, c.direction)
}

#[test]
fn aliases_name_the_tickers_in_turkish_and_english() {
    assert_eq!(c("THY'nin yolcu sayısı rekor kırdı").0, ["THYAO"]);
    assert_eq!(c("Türk Hava Yolları filosunu büyütüyor").0, ["THYAO"]);
    assert_eq!(c("Turkish Airlines posts record profit").0, ["THYAO"]);
    assert_eq!(c("Bitcoin 100 bin doları aştı").0[0], "BTCUSD");
    assert_eq!(c("Dolar/TL güne yükselişle başladı").0, ["USDTRY"]);
    assert_eq!(c("Gram altın rekor tazeledi").0, ["GRAMALTIN"]);
    assert_eq!(c("Gold hits a record as the dollar weakens").0, ["GRAMALTIN", "USDTRY"]);
    assert_eq!(c("Garanti BBVA ile Akbank'tan ortak açıklama").0, ["GARAN", "AKBNK"]);
    assert_eq!(c("Garanti kârını yüzde 20 artırdı").0, ["GARAN"]);
    assert!(c("Kira artışlarında yeni dönem").0.is_empty(), "no ticker in a rent story");
}

#[test]
fn direction_reads_facts_both_ways_and_knows_that_more_inflation_is_worse() {
    assert_eq!(c("Aselsan yeni ihracat sözleşmesi imzaladı").1, 1);
    assert_eq!(c("Tüpraş planlı bakım nedeniyle üretime ara verdi").1, -1);
    assert_eq!(c("Bitcoin sert düştü").1, -1);
    assert_eq!(c("Bitcoin surges past $100,000").1, 1);
    assert_eq!(c("Garanti quarterly profit beats expectations").1, 1);
    assert_eq!(c("Enflasyon beklentilerin altında geldi").1, 1);
    assert_eq!(c("Enflasyon beklentilerin üzerinde açıklandı").1, -1);
    assert_eq!(c("Merkez Bankası politika faizini 250 baz puan artırdı").1, -1);
    assert_eq!(c("Fed cuts interest rates by 50 basis points").1, 1);
    assert_eq!(c("THY yaz sezonu uçuş planını açıkladı").1, 0);
}

#[test]
fn most_bundled_headlines_get_the_direction_their_author_gave_them() {
    // The bundled file carries hand-made labels: the rules are measured on them.
    let all = parse_headlines(BUNDLED_HEADLINES).unwrap();
    let labelled: Vec<_> = all.iter().filter(|h| h.direction != 0).collect();
    let agree = labelled.iter().filter(|h| classify(&h.text).direction == h.direction).count();
    let wrong_way = labelled.iter().filter(|h| classify(&h.text).direction == -h.direction).count();
    assert!(agree * 100 >= labelled.len() * 70, "{agree} of {} agree", labelled.len());
    assert!(wrong_way * 100 <= labelled.len() * 10, "{wrong_way} of {} the wrong way", labelled.len());
}

#[test]
fn topics_come_from_words_and_tickers() {
    let t = classify("TCMB politika faizini sabit tuttu, dolar yatay").topics;
    assert_eq!(t, ["fx", "rates"]);
    assert!(classify("Akbank bilançosu açıklandı").topics.contains(&"banking".to_string()));
    assert!(classify("Brent petrol 90 doları gördü").topics.contains(&"energy".to_string()));
}

#[test]
fn a_feed_title_becomes_a_tidy_headline_and_an_empty_one_nothing() {
    let h = headline_from("  Aselsan   yeni sipariş aldı\n", "feed:aa").unwrap();
    assert_eq!((h.text.as_str(), h.symbol.as_str(), h.direction), ("Aselsan yeni sipariş aldı", "ASELS", 1));
    assert_eq!(h.source, "feed:aa");
    let long = "kelime ".repeat(60);
    let cut = headline_from(&long, "feed:x").unwrap().text;
    assert!(cut.chars().count() <= MAX_HEADLINE_CHARS + 1 && cut.ends_with('…'), "{cut}");
    assert!(headline_from(" - ", "feed:x").is_none());
    let m = headline_from("Enflasyon beklentilerin altında", "feed:x").unwrap();
    assert_eq!(m.symbol, MACRO);
}

#[test]
fn an_operator_names_the_ticker_and_direction_and_the_rules_fill_the_rest() {
    let h = operator_headline("Havayolu şirketine soruşturma", Some("THYAO"), Some(-1), "operator");
    assert_eq!((h.symbol.as_str(), h.direction, h.tickers.clone()), ("THYAO", -1, vec!["THYAO".to_string()]));
    let h = operator_headline("THY rekor kâr açıkladı", None, None, "operator");
    assert_eq!((h.symbol.as_str(), h.direction), ("THYAO", 1));
}

#[test]
fn headlines_reach_the_rooms_that_follow_them() {
    let yaml = include_str!("../../../data/community.yaml");
    let personas = crate::community::Community::from_yaml(yaml).unwrap().personas;
    let bist: Vec<_> = personas.iter().filter(|p| p.username.as_str() == "mehmet_bist").collect();
    let room = RoomInterests::of(bist);
    let thy = headline_from("THY yolcu sayısında rekor", "feed:x").unwrap();
    let eth = headline_from("Ethereum yükseldi", "feed:x").unwrap();
    let rates = headline_from("Merkez Bankası faizi indirdi", "feed:x").unwrap();
    assert!(relevance(&thy, &room) >= RELEVANT);
    assert!(relevance(&eth, &room) < RELEVANT, "a crypto story does not reach a BIST investor's room");
    assert!(relevance(&rates, &room) >= RELEVANT, "rates concern every market room");
}
