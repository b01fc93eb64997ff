//! Prompt assembly. The stable part (rules, persona, voice) comes first and is
//! byte-identical between a bot's calls, so providers can cache it; the
//! dynamic part (market, transcript, intent) comes last.

use crate::intent::{Goal, Intent};
use crate::market::format_tr;
use crate::persona::{Direction, Persona};
use crate::transcript::Transcript;
use serde::{Deserialize, Serialize};

/// A chat prompt: a system message and one user message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prompt {
    pub system: String,
    pub user: String,
    /// Upper bound for the reply, in tokens.
    pub max_tokens: u32,
}

/// Upper bound for one reply: two short sentences.
pub const MAX_REPLY_TOKENS: u32 = 48;

/// Lines of transcript the model sees.
pub const PROMPT_LINES: usize = 4;

/// Examples of the persona's voice the model sees.
pub const PROMPT_EXAMPLES: usize = 3;

/// The stable part for a persona: who it is, how it writes, the rules.
/// Short on purpose: a small CPU model reads ~30–60 prompt tokens a second.
pub fn system_part(p: &Persona) -> String {
    let mut s = format!(
        "Sen {name}: {role}. Bir piyasa sohbet grubunda yazıyorsun. Üslubun: {tone}; {style}.\n",
        name = p.name.trim(),
        role = p.role,
        tone = p.tone,
        style = p.style,
    );
    if !p.examples.is_empty() {
        let ex: Vec<String> = p.examples.iter().take(PROMPT_EXAMPLES).map(|e| format!("\"{e}\"")).collect();
        s.push_str(&format!("Tarzına örnekler: {}\n", ex.join(" / ")));
    }
    s.push_str(
        "Kurallar: Türkçe, gündelik dille tek kısa mesaj yaz (en fazla iki cümle). Sadece verilen \
         rakamları kullan. Getiri garantisi verme, kimseyi alım satıma çağırma, kişiye tavsiye verme. \
         Açıklama, liste ya da isim etiketi yazma.",
    );
    s
}

/// Builds the whole prompt for an intent: the stable part, then the market,
/// the persona's view on the topic, the recent lines and the task.
pub fn build(p: &Persona, intent: &Intent, transcript: &Transcript) -> Prompt {
    let mut u = String::new();
    if let Some(q) = &intent.quote {
        u.push_str(&format!("Piyasa: {} {} TL, günlük %{}.\n", q.name, q.price_text(), format_tr(q.change_pct, 2)));
        if let Some(h) = p.holding_of(&q.symbol) {
            u.push_str(&format!("Pozisyonun: {} adet, maliyet {}.\n", format_tr(h.size, 0), format_tr(h.avg_price, 2)));
        }
        if let Some(st) = p.stance_on(&q.symbol) {
            let d = match st.direction {
                Direction::Bullish => "olumlu",
                Direction::Bearish => "olumsuz",
                Direction::Neutral => "kararsız",
            };
            u.push_str(&format!("Görüşün ({d}): {}\n", st.view));
        }
    }
    let recent: Vec<String> =
        transcript.recent(PROMPT_LINES).map(|l| format!("{}: {}", l.author_name, l.text)).collect();
    if !recent.is_empty() {
        u.push_str(&format!("Son mesajlar:\n{}\n", recent.join("\n")));
    }
    u.push_str(&format!("Ruh halin: {}. ", intent.mood));
    u.push_str(&task(intent));
    Prompt { system: system_part(p), user: u, max_tokens: MAX_REPLY_TOKENS }
}

/// The task line for a person who asked for personal advice or a guarantee.
pub const DECLINE_ADVICE: &str = "Bu kişisel yatırım tavsiyesi ya da garanti isteği: kendi üslubunla kibarca \
     reddet, al ya da sat deme, fiyat gazı ve emoji gazı yapma; riski söyle (garanti yok, her şeyi tek hisseye \
     koymak yoğunlaşma riski) ve ona bir soru sor (vadesi, kaybı ne kadar kaldırabileceği).";

/// Added to every other task while a person's advice request is in the window.
pub const NO_HYPE_NEAR_ADVICE: &str = " Odada biri kişisel yatırım tavsiyesi ya da garanti istedi: onu gaza \
     getirme, al ya da sat deme, kesinlik ya da fırsat vaadi yazma.";

fn task(intent: &Intent) -> String {
    let mut t = goal_task(intent);
    if intent.advice.is_some_and(|a| !a.answering) {
        t.push_str(NO_HYPE_NEAR_ADVICE);
    }
    t
}

fn goal_task(intent: &Intent) -> String {
    let about = intent.quote.as_ref().map(|q| q.name.clone()).unwrap_or_else(|| "piyasa".into());
    match &intent.goal {
        Goal::AnswerHuman { author, text } if intent.answers_advice().is_some() => {
            format!("Görev: {author} sana yazdı: \"{text}\". {DECLINE_ADVICE}")
        }
        Goal::AnswerHuman { author, text } => {
            format!("Görev: {author} sana yazdı: \"{text}\". Ona kısa ve samimi cevap ver.")
        }
        Goal::ReplyBot { author, text } => {
            format!("Görev: {author} şunu yazdı: \"{text}\". Kendi görüşünle kısa cevap ver.")
        }
        Goal::ReactMove => format!("Görev: {about} fiyat hareketine kısa bir yorum yap."),
        Goal::ReactHeadline { text } => format!("Görev: şu habere kısa yorum yap: \"{text}\"."),
        Goal::Chat => format!("Görev: {about} hakkında gruba kısa bir şey yaz."),
        Goal::Ask => format!("Görev: {about} hakkında gruba saf bir soru sor."),
        Goal::DiscloseAi { .. } => "Görev: yapay zekâ olduğunu söyle.".into(),
    }
}
