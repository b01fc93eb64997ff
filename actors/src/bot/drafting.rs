//! One turn's drafting with the model: ask, clean, guard, and ask again
//! with the reason; a draft the guard blocks is regenerated once, then
//! dropped. A rehearsal (`super::rehearse`) runs the same drafting and keeps
//! every attempt ([`Attempt`]) without counting guard blocks.

use super::MAX_DRAFTS;
use super::MAX_GUARD_BLOCKS;
use crate::clock::Clock;
use crate::gateway::{Generate, Generation};
use crate::guard::{self, TurnGuard};
use actix::prelude::*;
use engine::book::{Book, claims};
use engine::budget::Tier;
use engine::guard::stance::Push;
use engine::intent::Intent;
use engine::market::Quote;
use engine::persona::Persona;
use engine::postprocess::{self, Reject};
use engine::prompt::Prompt;
use engine::quality;
use schema::Store;
use tracing::Instrument;

pub(super) enum Outcome {
    Text {
        text: String,
        generation: Generation,
        refused: u32,
        stances: Vec<Push>,
    },
    Refused {
        generation: Option<Generation>,
        refused: u32,
    },
    /// The guard blocked the draft and its regeneration: nothing is sent.
    Dropped(&'static str),
    Failed(String),
}

/// One draft of a rehearsal: what the model wrote and why it was refused.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Attempt {
    /// The model's text as it came.
    pub text: String,
    /// Why the cleaner, the quality checks or the guard refused it; none: taken.
    pub refused: Option<String>,
    pub provider: String,
    pub tokens_in: u32,
    pub tokens_out: u32,
    pub latency_ms: i64,
    pub cached: bool,
}

/// One turn's drafting with the model, and what it needs.
pub(super) struct Drafting {
    pub(super) gateway: Recipient<Generate>,
    pub(super) persona: std::sync::Arc<Persona>,
    pub(super) intent: Intent,
    pub(super) prompt: Prompt,
    pub(super) seed: u64,
    pub(super) tier: Tier,
    pub(super) recent: Vec<String>,
    /// The lines the bot saw (author's name, text), oldest first.
    pub(super) window: Vec<(String, String)>,
    pub(super) guard: TurnGuard,
    pub(super) store: Store,
    pub(super) clock: Clock,
    /// The bot's books when the turn began, and the prices: what the draft
    /// says of its trades and PnL is checked against them.
    pub(super) book: std::sync::Arc<Book>,
    pub(super) quotes: std::sync::Arc<[Quote]>,
}

impl Drafting {
    /// Asks the model up to [`MAX_DRAFTS`] times, telling it why a draft was
    /// refused; a draft the guard blocks is regenerated once, then dropped.
    pub(super) async fn run(self) -> Outcome {
        self.run_traced(true).await.0
    }

    /// [`Drafting::run`], keeping every attempt; `count` says whether guard
    /// blocks are counted in the room's statistics (not for a rehearsal).
    pub(super) async fn run_traced(self, count: bool) -> (Outcome, Vec<Attempt>) {
        let mut attempts = Vec::new();
        let outcome = self.drafts(count, &mut attempts).await;
        (outcome, attempts)
    }

    async fn drafts(&self, count: bool, attempts: &mut Vec<Attempt>) -> Outcome {
        let mut last = None;
        let mut hint: Option<String> = None;
        let mut blocks = 0;
        for attempt in 0..MAX_DRAFTS {
            let mut p = self.prompt.clone();
            if let Some(h) = &hint {
                p.add_hint(h);
            }
            let seed = self.seed.wrapping_add(u64::from(attempt) * 7919);
            let room = Some(self.guard.room_id.clone());
            let span = tracing::info_span!("draft.attempt", attempt, refused = tracing::field::Empty);
            let request = Generate::new(p.clone(), seed, self.tier, room).traced(span.clone());
            let generation = match self.gateway.send(request).instrument(span.clone()).await {
                Ok(Ok(g)) => g,
                Ok(Err(e)) => return Outcome::Failed(e.to_string()),
                Err(e) => return Outcome::Failed(format!("gateway unavailable: {e}")),
            };
            let cleaned = span.in_scope(|| {
                judge(
                    &generation.completion.text,
                    &self.persona,
                    &self.intent,
                    &p,
                    &self.window,
                    &self.recent,
                    &self.quotes,
                )
                .and_then(|t| self.check_books(t))
                .and_then(|t| self.guard.review(&t, &self.intent).map(|stances| (t, stances)))
            });
            if let Err(reject) = &cleaned {
                span.record("refused", tracing::field::display(reject));
            }
            attempts.push(Attempt {
                text: generation.completion.text.clone(),
                refused: cleaned.as_ref().err().map(ToString::to_string),
                provider: generation.provider.clone(),
                tokens_in: generation.completion.tokens_in,
                tokens_out: generation.completion.tokens_out,
                latency_ms: generation.latency_ms,
                cached: generation.cached,
            });
            match cleaned {
                Ok((text, stances)) => return Outcome::Text { text, generation, refused: attempt, stances },
                Err(reject) => {
                    let draft = generation.completion.text.as_str();
                    tracing::debug!(bot = %self.persona.username, %reject, draft, "draft refused");
                    if let Some(code) = reject.guard_code() {
                        if count {
                            let bot = self.persona.username.as_str();
                            guard::count_block(&self.store, self.clock, &self.guard, bot, code).await;
                        }
                        blocks += 1;
                        if blocks >= MAX_GUARD_BLOCKS {
                            // A person asked for advice: the templated decline
                            // answers them rather than silence.
                            if self.intent.answers_advice().is_some() {
                                return Outcome::Refused { generation: Some(generation), refused: attempt + 1 };
                            }
                            return Outcome::Dropped(code);
                        }
                    }
                    hint = Some(hint_for(&reject));
                    last = Some(generation);
                }
            }
        }
        Outcome::Refused { generation: last, refused: MAX_DRAFTS }
    }
}

impl Drafting {
    /// Refuses a draft whose claims about the bot's trades or PnL its
    /// books contradict ("GARAN'ı sattım" while it holds GARAN).
    fn check_books(&self, text: String) -> Result<String, Reject> {
        let topic = self.intent.quote.as_ref().map(|q| q.symbol.as_str());
        match claims::check(&text, topic, &self.book, &self.quotes, self.clock.now()) {
            Ok(()) => Ok(text),
            Err(c) => Err(Reject::Books(c)),
        }
    }
}

/// A draft as a turn judges it before the guard: cleaned, refused when it
/// repeats one of the `recent` texts or one of the persona's voice examples
/// (or copies six words in a row of one), then refused for the defects it may
/// not have, against the `window` the bot saw (author's name, text), the
/// names in it, the whole `prompt` and the feed's numbers. The prompt-layout
/// harness (`examples/prompt_layouts.rs`) judges its drafts with it too.
pub fn judge(
    raw: &str,
    persona: &Persona,
    intent: &Intent,
    prompt: &Prompt,
    window: &[(String, String)],
    recent: &[String],
    quotes: &[Quote],
) -> Result<String, Reject> {
    let text = postprocess::clean(raw, persona, intent)?;
    // Said again, or a stretch of a line the bot saw said again.
    if postprocess::is_repeat(&text, recent) || quality::leak::copies_a_stretch(&text, recent) {
        return Err(Reject::Repeat);
    }
    // The examples show the voice; said as they stand they answer nothing
    // ("Aselsan'da stop yedim yine 😅" to a question about the banks).
    if postprocess::is_repeat(&text, &persona.examples) || quality::leak::copies_a_stretch(&text, &persona.examples) {
        return Err(Reject::Example);
    }
    let lines: Vec<quality::Line<'_>> = window.iter().map(|(author, text)| quality::Line { author, text }).collect();
    let mut members: Vec<&str> = window.iter().map(|(author, _)| author.as_str()).collect();
    members.sort_unstable();
    members.dedup();
    let whole = format!("{}\n{}", prompt.system, prompt.user);
    let ctx = quality::Context {
        window: &lines,
        members: &members,
        prompt: Some(&whole),
        allowed_numbers: Some(&intent.allowed_numbers),
        answers_advice_request: Some(intent.answers_advice().is_some()),
        quotes: Some((quotes, intent.quote.as_ref())),
    };
    postprocess::check_defects(&text, intent, &ctx)?;
    Ok(text)
}

fn hint_for(reject: &Reject) -> String {
    let fixed = match reject {
        Reject::Stance(o) => return o.instruction(),
        Reject::Books(c) => return c.instruction(),
        Reject::Leak(l) => l.instruction(),
        Reject::Guard(v) => v.instruction(),
        Reject::UnknownNumber(_) => "Yalnızca sana verilen rakamları kullan.",
        Reject::NotTurkish => "Sadece Türkçe yaz.",
        Reject::Assistant => "Asistan gibi değil, sohbet eden biri gibi yaz.",
        Reject::Echo => "Talimatları tekrar etme, sadece mesajı yaz.",
        Reject::Empty => "Bir ya da iki kısa cümle yaz.",
        Reject::Repeat => "Başkalarının yazdığını tekrarlama, kendi sözlerinle yaz.",
        Reject::Example => "Örnek cümlelerini aynen yazma; şimdiki konuya kendi sözlerinle yaz.",
        Reject::Defect(d) => defect_hint(*d),
        Reject::AdviceHype => "Kimseyi gaza getirme, al ya da sat deme; garanti olmadığını söyle ve bir soru sor.",
    };
    fixed.to_string()
}

/// What the model is told after a draft with defect `d`.
fn defect_hint(d: quality::Defect) -> &'static str {
    use quality::Defect;
    match d {
        Defect::Echo => "Karşındakinin cümlesini tekrarlama; kendi fikrini ve bir nedenini söyle.",
        Defect::Label => "Mesaja isim ya da başlık koyarak başlama, doğrudan konuş.",
        Defect::InstructionLeak | Defect::PromptDataLeak => {
            "Sana verilen bilgileri aynen okuma; kendi sözlerinle konuş."
        }
        Defect::PriceOnly => "Sadece fiyatı söyleme; ne düşündüğünü ve nedenini yaz.",
        Defect::English | Defect::OtherScript => "Sadece Türkçe yaz.",
        Defect::AssistantTone => "Asistan gibi değil, sohbet eden biri gibi yaz.",
        Defect::HypeToAdvice => "Kimseyi gaza getirme, al ya da sat deme; garanti olmadığını söyle.",
        Defect::UnknownNumber => "Yalnızca sana verilen rakamları kullan.",
        Defect::WrongMove => "Fiyatın bugün hangi yöne gittiğini verilen bilgiye göre doğru söyle.",
        Defect::Contentless => "Boş laf etme: konu hakkında somut bir şey söyle, bir hisse, bir neden ya da bir soru.",
    }
}
