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
pub const MAX_REPLY_TOKENS: u32 = 60;

/// Lines of transcript the model sees.
pub const PROMPT_LINES: usize = 6;

/// The stable part for a persona.
pub fn system_part(p: &Persona) -> String {
    let mut s = format!(
        "Senin adın {name}; {role}. Bir Telegram piyasa sohbet grubunda yazıyorsun.\n\
         Üslup: {tone}; {style}. Risk anlayışı: {risk}.\n",
        name = p.name.trim(),
        role = p.role,
        tone = p.tone,
        style = p.style,
        risk = p.risk,
    );
    if !p.phrases.is_empty() {
        s.push_str(&format!("Sık kullandığın sözler: {}.\n", p.phrases.join(", ")));
    }
    let views: Vec<String> = p
        .stances
        .iter()
        .map(|st| {
            let d = match st.direction {
                Direction::Bullish => "olumlu",
                Direction::Bearish => "olumsuz",
                Direction::Neutral => "kararsız",
            };
            format!("{} ({d}): {}", st.topic, st.view)
        })
        .collect();
    if !views.is_empty() {
        s.push_str(&format!("Görüşlerin: {}.\n", views.join("; ")));
    }
    if !p.examples.is_empty() {
        s.push_str("Senin tarzında örnek mesajlar:\n");
        for e in &p.examples {
            s.push_str(&format!("- {e}\n"));
        }
    }
    s.push_str(
        "Kurallar: Türkçe, günlük konuşma diliyle, grupta yazan biri gibi yaz. Tek kısa mesaj: \
         en fazla iki cümle, yirmi kelimeyi geçme. Yalnızca sana verilen rakamları kullan. \
         Getiri garantisi verme, kimseyi alıma ya da satıma çağırma, kişiye özel yatırım \
         tavsiyesi verme. Açıklama, liste, başlık ya da isim etiketi yazma.",
    );
    s
}

/// Builds the whole prompt for an intent.
pub fn build(p: &Persona, intent: &Intent, transcript: &Transcript) -> Prompt {
    let mut u = String::new();
    if let Some(q) = &intent.quote {
        u.push_str(&format!(
            "Piyasa: {} ({}) {} TL, günlük %{}.\n",
            q.name,
            q.symbol,
            q.price_text(),
            format_tr(q.change_pct, 2)
        ));
        if let Some(h) = p.holding_of(&q.symbol) {
            u.push_str(&format!(
                "Senin pozisyonun: {} adet, maliyet {}.\n",
                format_tr(h.size, 0),
                format_tr(h.avg_price, 2)
            ));
        }
    }
    let recent: Vec<String> =
        transcript.recent(PROMPT_LINES).map(|l| format!("{}: {}", l.author_name, l.text)).collect();
    if !recent.is_empty() {
        u.push_str(&format!("Son mesajlar:\n{}\n", recent.join("\n")));
    }
    u.push_str(&format!("Ruh halin: {}.\n", intent.mood));
    u.push_str(&task(intent));
    u.push_str(&format!("\n{} olarak tek kısa mesajını yaz:", p.name.trim()));
    Prompt { system: system_part(p), user: u, max_tokens: MAX_REPLY_TOKENS }
}

fn task(intent: &Intent) -> String {
    let about = intent.quote.as_ref().map(|q| q.name.clone()).unwrap_or_else(|| "piyasa".into());
    match &intent.goal {
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
