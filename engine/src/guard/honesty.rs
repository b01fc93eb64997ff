//! "Are you a bot?" — detected by rules, answered truthfully in the bot's
//! voice. Not configurable: a bot never denies being an AI.

use crate::persona::Persona;
use crate::text::{Phrases, Words, clauses, fold, word_is};

// Word sets "a|b|c*" (`*`: a stem) and phrases (`~`: a gap): see `crate::text::Words`.

/// A bot or an AI: "botla", "robotlar", "ChatGPT", "makine", "program".
static AI: Words = Words::new(concat!(
    "bot|botlar|botla|botlarla|bota|botlara|robot|robotlar|robotla|robotlarla|yz|ai|chatgpt*|gpt*|llm|makine|",
    "makineyle|makina|makinayla|program|yazilim|yazilimla|algoritma|algoritmayla|otomatik",
));
/// "yapay zekâ" and "dil modeli" count at their second word.
static AI_PAIR: Phrases = Phrases::new("yapay zeka|zekaya|zekayla|zekasi; dil modeli|modeliyle");
/// Said of "you" besides AI words: "gerçek misin", "insan mısın", "botu musun".
static BEING: Words = Words::new("insan|insanlar|gercek|kisi|canli|programi|modeli|botu|robotu|asistan|asistani");
/// A person: "insan", "biri", "kişiyle".
static PERSON: Words =
    Words::new("insan|insanla|insanlar|insanlarla|kisi|kisiler|kisiyle|biri|birisi|biriyle|birisiyle");
/// "Are you …?" endings, typos included; "-sın" needs a question too.
static YOU_Q: Words = Words::new("misin|musun|misiniz|musunuz|msn|musn|misn");
static YOU_ARE: Words = Words::new("sin|sun|siniz|sunuz|degilsin|degilsiniz");
static Q: Words = Words::new("mi|mu|midir|mudur|miyiz|muyuz");
/// Words that may sit between the noun and the question: "bot değil misin".
static BETWEEN: Words = Words::new("degil|olabilir|gibi|falan|tarafindan|ile|ye|ya|e|a|la|le|yla|yle");
/// Words that put the question in this chat: "sen", "yazanlar", "burada".
static CHAT: Words = Words::new(concat!(
    "sen|seni|sana|siz|size|sizi|sizler|hepiniz|hepsi|bunlar|bunlari|yazan|yazanlar|yaziyor|yaziyo|yazdi|",
    "yaziyorsun*|cevap*|mesaj*|konusuyor*|konusan*|konustugum|yazistigim|yazisiyor*|karsimdaki|karsimda|burada|",
    "burda|burasi|buradaki*|burdaki*|hesap|hesaplar|hesabi|hesaplari|kullanici*|sohbet*|muhabbet*|chat|odada|",
    "grupta|odadaki*|gruptaki*|aranizdaki*|kanal*|yorum*|uretiyor|yonetiliyor*|kim|kiminle|yanit*",
));
/// Someone one is talking to (for "… gerçek mi?").
static INTERLOCUTOR: Words = Words::new(concat!(
    "sen|siz|sizler|hepiniz|karsimdaki|konustugum|yazistigim|konusuyor*|yazisiyor*|cevap|yazan|yazanlar|kiminle|",
    "bunlar|hesap",
));
/// "burada gerçek insan var mı": the room, behind the account, a real one.
static HERE: Words = Words::new(
    "burada|burda|aranizda|icinizde|odada|grupta|sohbette|orada|orda|arkasinda|basinda|kanalda|gercek|canli",
);
/// "… insan var mı", "… biri var mı", "… insan olan var mı".
static ANYONE: Phrases = Phrases::new(
    "insan|insanlar|biri|birisi|kimse|kisi|canli var mi|mu; insan|insanlar|biri|birisi|kimse|kisi|canli olan var mi|mu",
);
/// Things traded, which make "insan mı algoritma mı" about the market.
static MARKET: Words = Words::new("alim*|satis*|fon*|islem*|hisse*|fiyat*|emir*|piyasa*|endeks*|borsa*");
/// Words split off a fused question: "botmusun" → "bot musun".
const FUSED: &[&str] =
    &["botlar", "bot", "robot", "insan", "gercek", "zeka", "makine", "program", "chatgpt", "ai", "yz"];

/// English: who or what someone may be, and what may follow it.
static EN_ID: Words = Words::new(concat!(
    "bot|bots|ai|ais|robot|robots|human|humans|person|people|machine|chatgpt|gpt|chatbot|llm|program|computer|",
    "automated|real|actual|someone",
));
static EN_END: Words = Words::new(concat!(
    "chat|conversation|thing|generated|powered|or|right|lol|lmao|haha|really|actually|then|here|too|account|",
    "accounts|yourself|honestly|seriously|bro|man|dude|mate|behind|talking|typing|replying|writing|answering|",
    "responding|posting|either",
));
static EN_SKIP: Words = Words::new(concat!(
    "folks|yall|ya|a|an|guys|all|of|you|u|even|actually|really|just|some|kind|like|honestly|seriously|also|",
    "actual|real|here|truly|the",
));
/// "are you …", "is this …", "talking to …", "written by …", and "you a …" at the start.
static EN_ASK: Phrases = Phrases::new(concat!(
    "are|r|ar you|u|ya|yall|these|they|those|all; is anyone|anybody|someone|there|everyone|everybody; ",
    "talking|chatting|speaking|texting|talk|chat|speak|messaging|conversation|conversing to|with; ",
    "run|powered|generated|written|operated|controlled|made|driven|typed|managed by",
));
static EN_THIS: Phrases = Phrases::new("is this|that|it|he|she");
static EN_YOU: Phrases = Phrases::new("you|u|youre|ur; you re");

/// Whether a message sincerely asks if the reader is a bot or an AI.
pub fn is_bot_question(text: &str) -> bool {
    let folded = fold(text);
    let ws = unfuse(&folded);
    let asks = text.contains('?') || Q.any(&ws) || YOU_Q.any(&ws);
    turkish(&ws, asks) || clauses(text).iter().any(|c| english(&c.split(' ').collect::<Vec<_>>()))
}

fn turkish(ws: &[&str], asks: bool) -> bool {
    let ai = |i: usize| AI.has(ws[i]) || (i > 0 && AI_PAIR.at(ws, i - 1) == Some(2));
    let then = |i: usize, set: &Words| {
        ws.get(i + 1).is_some_and(|w| set.has(w))
            || (ws.get(i + 1).is_some_and(|w| BETWEEN.has(w)) && ws.get(i + 2).is_some_and(|w| set.has(w)))
    };
    let chat = CHAT.any(ws);
    let asked_ai = |i: usize| ai(i) && then(i, &Q);
    let asked_person = |i: usize| PERSON.has(ws[i]) && then(i, &Q);
    (0..ws.len()).any(|i| {
        let alive = word_is(ws[i], "biri|birisi") && i > 0 && word_is(ws[i - 1], "gercek|yasayan|canli|kanli");
        let about_you = (ai(i) || alive || BEING.has(ws[i])) && (then(i, &YOU_Q) || (asks && then(i, &YOU_ARE)));
        // "otomatik cevap mı", "bot mesajı mı": an AI word, a chat noun, the question.
        let reply_kind =
            ai(i) && ws.get(i + 1).is_some_and(|w| word_is(w, "cevap*|mesaj*|yanit*|yorum*")) && then(i + 1, &Q);
        let this_bot = i > 0 && ws[i - 1] == "bu" && word_is(ws[i], "bot|botlar|chatgpt*|gpt*|yz|ai");
        let in_chat = asked_ai(i) && (chat || this_bot);
        let person = (asked_person(i) && chat) || (ws[i] == "gercek" && then(i, &Q) && INTERLOCUTOR.any(ws));
        let either = (asked_ai(i) || asked_person(i))
            && (i + 2..(i + 6).min(ws.len())).any(|j| if ai(i) { asked_person(j) } else { asked_ai(j) })
            && (chat || !MARKET.any(ws));
        let here = |j: usize| j < ws.len() && HERE.has(ws[j]);
        let anyone =
            ANYONE.at(ws, i).is_some() && ((i > 0 && here(i - 1)) || (i > 1 && ws[i - 1] == "bir" && here(i - 2)));
        let proof = word_is(ws[i], "insan|bot|zeka|robot|gercek|makine")
            && ws.get(i + 1).is_some_and(|w| word_is(w, "oldugunu*|olmadigini*|oldugunuza|oldugundan"))
            && (asks || ws.iter().any(|w| word_is(w, "kanit*|ispat*|nasil|itiraf*|soyle|dogruyu")));
        about_you || reply_kind || in_chat || person || either || anyone || proof
    })
}

fn english(ws: &[&str]) -> bool {
    // `strict`: "is this real?" asks about a price move, not about a person.
    let id_end = |j: usize, strict: bool| {
        EN_ID.has(ws[j])
            && (!strict || !word_is(ws[j], "real|actual") || ws.get(j + 1).is_some_and(|w| EN_ID.has(w)))
            && ws.get(j + 1).is_none_or(|w| EN_END.has(w) || EN_ID.has(w))
    };
    let names = |start: usize, strict: bool| {
        (start..ws.len()).find(|&j| !EN_SKIP.has(ws[j]) || id_end(j, strict)).is_some_and(|j| id_end(j, strict))
    };
    let opens = |i: usize| i == 0 || word_is(ws[i - 1], "hey|so|wait|are|r");
    (0..ws.len()).any(|i| {
        EN_ASK.at(ws, i).is_some_and(|n| names(i + n, false))
            || EN_THIS.at(ws, i).is_some_and(|n| names(i + n, true))
            || (opens(i) && EN_YOU.at(ws, i).is_some_and(|n| names(i + n, false)))
            || (EN_ID.has(ws[i])
                && ws.get(i + 1) == Some(&"or")
                && (names(i + 2, false) || ws.get(i + 2) == Some(&"not")))
    })
}

/// Splits fused questions ("botmusun", "insanmısın", "yapayzeka") into words.
fn unfuse(folded: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for w in folded.split(' ') {
        let w = match w.strip_prefix("yapay") {
            Some(rest) if rest.starts_with("zeka") => {
                out.push("yapay");
                rest
            }
            _ => w,
        };
        let split = FUSED.iter().find_map(|stem| {
            let rest = w.strip_prefix(stem)?;
            let ok = !rest.is_empty() && (YOU_Q.has(rest) || YOU_ARE.has(rest) || Q.has(rest));
            ok.then(|| w.split_at(stem.len()))
        });
        match split {
            Some((stem, rest)) => out.extend([stem, rest]),
            None => out.push(w),
        }
    }
    out
}

/// Characters of a persona's bio its honest answer tells.
const BIO_CHARS: usize = 160;

/// The truthful answer, in the persona's voice. The words "yapay zekâ" and
/// "bot" are always in it; the Turkish one says who the character is (its
/// `bio`), as a character, not as a person's life.
pub fn honest_answer(persona: &Persona, asker_is_english: bool) -> String {
    let emoji = persona.emoji.first().map(String::as_str).unwrap_or("🤖");
    if asker_is_english {
        return format!(
            "Yes — I'm an AI persona (a bot) in a simulated market community, playing {}. {emoji}",
            persona.name.trim()
        );
    }
    let name = persona.name.trim();
    let bio = persona.bio.split_whitespace().collect::<Vec<_>>().join(" ");
    let bio = bio.trim_end_matches(['.', '!', ' ']);
    if bio.is_empty() || bio.chars().count() > BIO_CHARS {
        return format!(
            "Evet, ben bir yapay zekâ personasıyım, yani bir bot; bu simülasyon topluluğunda {name} karakterini oynuyorum. {emoji}"
        );
    }
    format!(
        "Evet, ben bir yapay zekâ personasıyım, yani bir bot; bu simülasyon topluluğunda {name} karakterini oynuyorum. \
         Karakterim kurgu: {bio}. {emoji}"
    )
}

/// A rough guess whether the asker wrote in English: two English words, or
/// one and nothing Turkish.
pub fn looks_english(text: &str) -> bool {
    static EN: Words = Words::new(concat!(
        "are|you|is|this|the|am|talking|talk|to|do|here|what|real|human|chatting|speaking|with|or|person|guys|these|",
        "anyone|there|who|honest|even|actually|written|run|by|hey|messages|account|machine|robot|automated",
    ));
    static TR: Words = Words::new("mi|mu|misin|musun|misiniz|musunuz|msn|sen|siz|bu|ben|var|yok|ve|bir");
    static R_U: Phrases = Phrases::new("r|are u|you");
    let folded = fold(text);
    let ws: Vec<&str> = folded.split(' ').collect();
    let count = ws.iter().filter(|w| EN.has(w)).count() + 2 * usize::from(R_U.at(&ws, 0).is_some());
    let turkish = text.chars().any(|c| "çğıöşüÇĞİÖŞÜ".contains(c)) || TR.any(&ws);
    count >= 2 || (count == 1 && !turkish)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ASKS: &[&str] = &[
        "Sen bot musun?",
        "bot musun sen",
        "Yapay zeka mısın?",
        "Gerçek insan mısın?",
        "Siz bot musunuz yoksa?",
        "Hepiniz bot musunuz?",
        "Are you a bot?",
        "are you human?",
        "Am I talking to a bot?",
        "Is this an AI?",
        "gerçekten insan mısın sen?",
        "Burada insan var mı?",
        "Bu yazanlar bot mu?",
        "Mehmet abi sen yapay zekâ mısın?",
        "Are you real?",
        "ChatGPT misin?",
    ];
    const NOT: &[&str] = &[
        "THYAO bugün çok iyi gitti",
        "Altın yükselir mi sizce?",
        "Dolar ne olur?",
        "botanik bahçesine gittim",
        "İnsanlar panik yapıyor",
        "What about gold today?",
    ];

    #[test]
    fn sincere_questions_in_turkish_and_english_are_detected() {
        for q in ASKS {
            assert!(is_bot_question(q), "missed: {q}");
        }
    }

    #[test]
    fn market_talk_is_not_mistaken_for_the_question() {
        for q in NOT {
            assert!(!is_bot_question(q), "false alarm: {q}");
        }
    }

    #[test]
    fn the_answer_always_says_ai_and_bot() {
        let p = crate::persona::tests::persona("ali_test");
        let tr = honest_answer(&p, false);
        assert!(tr.contains("yapay zekâ") && tr.contains("bot"));
        // The character it plays, from its bio, said to be fiction.
        let c = crate::community::Community::from_yaml(include_str!("../../../data/community.yaml")).unwrap();
        let mehmet = c.personas.iter().find(|p| p.username.as_str() == "mehmet_bist").unwrap();
        assert_eq!(
            honest_answer(mehmet, false),
            "Evet, ben bir yapay zekâ personasıyım, yani bir bot; bu simülasyon topluluğunda Mehmet Bey karakterini \
             oynuyorum. Karakterim kurgu: Serbest muhasebeci; 2001 krizini borsada yaşamış, o günden beri acele \
             etmeyen uzun vadeci bir yatırımcı. 📊"
        );
        for p in &c.personas {
            assert!(crate::guard::compliance::check(&honest_answer(p, false)).is_allowed(), "{}", p.username);
        }
        let en = honest_answer(&p, true);
        assert!(en.contains("AI") && en.contains("bot"));
    }
}
