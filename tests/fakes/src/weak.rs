//! A weak model: the ways small models fail in a chat room, each with a
//! ratio. The defective reply is built from the request itself (the
//! person's words, the names in the transcript, lines of the prompt), the
//! way a 1.5B model copies what it was shown.

use crate::reply::{echo, fnv1a};
use crate::wire::RecordedRequest;

/// One way a small model fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weakness {
    /// Repeats the person's message, lightly changed.
    Parrot,
    /// Starts with another member's name and a colon.
    SpeakerLabel,
    /// Says a line of its own instructions.
    InstructionEcho,
    /// Says a data line of its prompt (the quote, its position).
    PromptDataEcho,
    /// Answers in English.
    English,
    /// Sounds like an assistant.
    AssistantTone,
    /// Cheers the stock on ("uçacak 🚀").
    Hype,
    /// Quotes a number nobody gave it.
    InventedNumber,
    /// Runs on for many sentences and stops mid-word.
    Rambling,
    /// Says one of the persona's voice examples as it stands, whatever it answers.
    VoiceExample,
    /// Names two instruments and says nothing about them ("Altın dolar'dır.").
    Empty,
    /// Claims a sale its books do not hold ("GARAN'ı dün sattım…").
    FalseTrade,
    /// Says the prompt's instrument moved the other way today than its
    /// market line shows (where the move is clear).
    WrongMove,
}

impl Weakness {
    /// Every weakness, for tests that try each.
    pub const ALL: [Weakness; 13] = [
        Weakness::Parrot,
        Weakness::SpeakerLabel,
        Weakness::InstructionEcho,
        Weakness::PromptDataEcho,
        Weakness::English,
        Weakness::AssistantTone,
        Weakness::Hype,
        Weakness::InventedNumber,
        Weakness::Rambling,
        Weakness::VoiceExample,
        Weakness::Empty,
        Weakness::FalseTrade,
        Weakness::WrongMove,
    ];
}

/// A weakness and how often it shows (0.0 never … 1.0 every reply).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weak {
    pub weakness: Weakness,
    pub ratio: f64,
}

/// The reply of a weak model to `request` (the `n`-th request): defective
/// with probability `ratio` (by a stable hash), else a plain echo sentence.
pub(crate) fn reply(weak: Weak, request: &RecordedRequest, n: u64) -> String {
    let user = request.last_user_message();
    let system = request.messages.iter().find(|(role, _)| role == "system").map_or("", |(_, c)| c.as_str());
    let draw = (fnv1a(format!("{n}:{user}").as_bytes()) % 10_000) as f64 / 10_000.0;
    if draw >= weak.ratio {
        return echo(user).to_owned();
    }
    let plain = echo(user);
    // A prompt that answers a message gives it as the user turn itself, the
    // facts and the task in the system message; otherwise the user turn holds them.
    let whole = format!("{system}\n{user}");
    let said = if user.contains("Görev:") { quoted(user) } else { Some(user).filter(|u| !u.trim().is_empty()) };
    match weak.weakness {
        Weakness::Parrot => match said {
            Some(said) => format!("Merhaba arkadaşlar, {}", said.trim_end_matches(['?', '.', '!'])),
            None => last_line_text(user).unwrap_or(plain).to_owned(),
        },
        Weakness::SpeakerLabel => {
            let name = names(user).into_iter().next().or_else(|| task_author(system)).unwrap_or("Güncel");
            format!("{name}: {}", last_line_text(user).or(said).unwrap_or(plain))
        }
        Weakness::InstructionEcho => sentences(system)
            .into_iter()
            .rev()
            .find(|s| s.chars().count() > 12)
            .unwrap_or("Kendi görüşünle kısa cevap ver.")
            .to_owned(),
        Weakness::PromptDataEcho => whole
            .lines()
            .find(|l| ["Piyasa:", "Pozisyonun:"].iter().any(|k| l.starts_with(k)))
            .or_else(|| user.lines().find(|l| l.chars().any(|c| c.is_ascii_digit())))
            .unwrap_or("Pozisyonun: 2.000 adet, maliyet 37,50.")
            .to_owned(),
        Weakness::English => "I think the market will go up today, this is a good price for the stock.".to_owned(),
        Weakness::AssistantTone => format!("Elbette! Size yardımcı olabilirim. {plain}"),
        Weakness::Hype => "Bu hisse uçacak 🚀 kaçırmayın, hemen alın, kesin kazandırır!".to_owned(),
        Weakness::InventedNumber => format!("{} Bence yarın 47,85 olur.", plain.trim_end_matches('.')),
        Weakness::VoiceExample => examples(system).into_iter().next().unwrap_or(plain).to_owned(),
        Weakness::Empty => EMPTY.to_owned(),
        Weakness::FalseTrade => FALSE_TRADE.to_owned(),
        Weakness::WrongMove => wrong_move(&whole).unwrap_or_else(|| plain.to_owned()),
        Weakness::Rambling => format!(
            "{plain} {plain} Ayrıca şunu da eklemek isterim ki piyasalar genel olarak çok değişken ve bu yüzden herkes kendi araştırmasını yapmalı, öte yandan merkez bankasının kararları da önemli çünkü faiz oranları değiştiğinde kur ve borsa birlikte hareket edebil"
        ),
    }
}

/// The reply of [`Weakness::FalseTrade`]: a sale of GARAN, which only a bot
/// whose books record one may claim (no number in it, so only the books can
/// refuse it).
pub const FALSE_TRADE: &str = "GARAN'ı dün sattım, iyi ki de satmışım.";

/// What [`Weakness::WrongMove`] says of the instrument of a prompt's market
/// line ("Piyasa: THY 312,40 TL, bugün %1,25 ekside."): the other way than
/// it moved, when it moved at least 0,3 %; else nothing.
pub fn wrong_move(prompt: &str) -> Option<String> {
    let line = prompt.lines().find_map(|l| l.strip_prefix("Piyasa: "))?;
    let (head, change) = line.rsplit_once(", bugün %")?;
    let (size, way) = change.trim_end_matches('.').split_once(' ')?;
    let size: f64 = size.replace('.', "").replace(',', ".").parse().ok()?;
    let name = head.rsplitn(3, ' ').nth(2)?;
    if size < 0.3 {
        return None;
    }
    Some(match way {
        "ekside" => format!("{name} bugün {RISE}"),
        _ => format!("{name} bugün {FALL}"),
    })
}

/// [`wrong_move`]'s claims.
pub const RISE: &str = "yeşilde, güzel yükseldi.";
pub const FALL: &str = "sert düştü, moraller bozuk.";

/// The reply of [`Weakness::Empty`].
pub const EMPTY: &str = "Altın dolar'dır.";

/// The persona's voice examples the system message shows
/// ("Tarzına örnekler: \"…\" / \"…\"").
pub fn examples(system: &str) -> Vec<&str> {
    let Some(line) = system.lines().find_map(|l| l.strip_prefix("Tarzına örnekler:")) else { return Vec::new() };
    line.split('"').skip(1).step_by(2).filter(|e| !e.trim().is_empty()).collect()
}

/// The text inside the first «…» or "…" of the prompt (the person's words).
fn quoted(text: &str) -> Option<&str> {
    for (open, close) in [('«', '»'), ('"', '"')] {
        if let Some(start) = text.find(open) {
            let rest = &text[start + open.len_utf8()..];
            if let Some(end) = rest.find(close) {
                return Some(&rest[..end]).filter(|s| !s.trim().is_empty());
            }
        }
    }
    None
}

/// Names of the transcript lines ("Name: text" or "Name (kişi): «text»").
fn names(text: &str) -> Vec<&str> {
    text.lines()
        .filter_map(|l| l.split_once(':').map(|(n, _)| n.trim_end_matches(" (kişi)").trim()))
        .filter(|n| !n.is_empty() && n.chars().count() <= 32 && n.chars().next().is_some_and(|c| !c.is_lowercase()))
        .filter(|n| {
            !["Görev", "Piyasa", "Son mesajlar", "Ruh halin", "Pozisyonun", "Kurallar"].iter().any(|k| n.starts_with(k))
        })
        .collect()
}

/// Who the system message's task says wrote the message answered
/// ("Görev: Deniz sana şimdiki mesajı yazdı.").
fn task_author(system: &str) -> Option<&str> {
    let task = &system[system.find("Görev: ")? + "Görev: ".len()..];
    task.split_once(" sana ").map(|(name, _)| name.trim()).filter(|n| !n.is_empty() && n.chars().count() <= 32)
}

/// The text of the last transcript line the prompt shows.
fn last_line_text(text: &str) -> Option<&str> {
    text.lines()
        .filter(|l| names(l).len() == 1)
        .filter_map(|l| l.split_once(": ").map(|(_, t)| t.trim_matches(['«', '»', ' '])))
        .next_back()
}

fn sentences(text: &str) -> Vec<&str> {
    text.split_inclusive(['.', '\n']).map(str::trim).filter(|s| !s.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(system: &str, user: &str) -> RecordedRequest {
        RecordedRequest {
            model: String::new(),
            messages: vec![("system".into(), system.into()), ("user".into(), user.into())],
            authorization: None,
            stream: false,
            body: serde_json::Value::Null,
        }
    }

    const USER: &str = "Piyasa: THY 312,40 TL, bugün %1,25 artıda.\nSon mesajlar:\nMehmet Bey: Bence yatay.\n\
                        Deniz (kişi): «bugün THY hakkında ne düşünüyorsunuz?»\nGörev: Deniz sana yazdı: «bugün THY hakkında ne düşünüyorsunuz?». Ona kısa cevap ver.";

    #[test]
    fn each_weakness_copies_what_the_prompt_showed() {
        let r = request("Sen Ali: yatırımcı. Kurallar: Türkçe yaz. Sadece verilen rakamları kullan.", USER);
        let at = |w| reply(Weak { weakness: w, ratio: 1.0 }, &r, 1);
        assert_eq!(at(Weakness::Parrot), "Merhaba arkadaşlar, bugün THY hakkında ne düşünüyorsunuz");
        assert!(at(Weakness::SpeakerLabel).starts_with("Mehmet Bey: "), "{}", at(Weakness::SpeakerLabel));
        assert_eq!(at(Weakness::InstructionEcho), "Sadece verilen rakamları kullan.");
        assert_eq!(at(Weakness::PromptDataEcho), "Piyasa: THY 312,40 TL, bugün %1,25 artıda.");
        assert!(at(Weakness::Hype).contains('🚀'));
        let r =
            request("Sen Ali: yatırımcı.\nTarzına örnekler: \"Stop yedim yine 😅\" / \"Sabır abi\"\nKurallar: x", USER);
        assert_eq!(reply(Weak { weakness: Weakness::VoiceExample, ratio: 1.0 }, &r, 1), "Stop yedim yine 😅");
    }

    #[test]
    fn a_prompt_that_gives_the_message_as_the_user_turn_is_copied_the_same_way() {
        let system = "Sen Ali: yatırımcı. Kurallar: Türkçe yaz.\nPiyasa: THY 312,40 TL, bugün %1,25 artıda.\n\
                      Ruh halin: sakin. Görev: Deniz sana şimdiki mesajı yazdı. Ona kısa cevap ver.";
        let r = request(system, "bugün THY hakkında ne düşünüyorsunuz?");
        let at = |w| reply(Weak { weakness: w, ratio: 1.0 }, &r, 1);
        assert_eq!(at(Weakness::Parrot), "Merhaba arkadaşlar, bugün THY hakkında ne düşünüyorsunuz");
        assert_eq!(at(Weakness::SpeakerLabel), "Deniz: bugün THY hakkında ne düşünüyorsunuz?");
        assert_eq!(at(Weakness::InstructionEcho), "Ona kısa cevap ver.");
        assert_eq!(at(Weakness::PromptDataEcho), "Piyasa: THY 312,40 TL, bugün %1,25 artıda.");
    }

    #[test]
    fn the_ratio_is_how_often_the_weakness_shows() {
        let r = request("Sen Ali.", USER);
        let weak = Weak { weakness: Weakness::English, ratio: 0.3 };
        let shown = (0..1000).filter(|n| reply(weak, &r, *n).starts_with("I think")).count();
        assert!((230..370).contains(&shown), "{shown} of 1000");
        let never = Weak { ratio: 0.0, ..weak };
        assert!((0..100).all(|n| !reply(never, &r, n).starts_with("I think")));
    }
}
