//! Which prompt layout the embedded model writes best from: the same turns
//! (six bundled personas; a person's question, another person's question, a
//! reply to a bot, a fresh turn) drafted under each [`Layout`], and each
//! draft judged as a live turn judges it (the cleaner, the repeat check and
//! the quality defects against the window, the prompt and the feed). Prints
//! every draft with its verdict and a table of how many were taken.
//!
//! ```text
//! cargo run --features local-llm -p actors --example prompt_layouts -- [MODEL] [SEEDS] [LAYOUTS]
//! ```
//! MODEL defaults to the shipped GGUF, SEEDS (drafts per turn and layout) to
//! 1, LAYOUTS (comma-separated: lines,focused,bare,chat) to all.

use actors::bot::judge;
use actors::llm::{Provider, ProviderConfig, ProviderKind};
use engine::community::Community;
use engine::floor::{Grant, Reason};
use engine::ids::{BotId, Millis};
use engine::market::MarketSim;
use engine::mood::Mood;
use engine::postprocess::Reject;
use engine::prompt::{self, Layout};
use engine::transcript::{AuthorKind, Line, Transcript};
use rand::SeedableRng;
use std::collections::BTreeMap;

/// The room as the turns see it: lines seen in a real run on 2026-12-06.
const ROOM: &[(&str, AuthorKind, &str)] = &[
    ("Selim", AuthorKind::Bot, "Herkes rekor yolcu sayısını konuşuyor, maliyet tarafına bakan yok."),
    ("Yasemin", AuthorKind::Human, "Bugün bankalar neden bu kadar düştü, bilen var mı?"),
    ("Mehmet Bey", AuthorKind::Bot, "Bankalarda satış var ama ben günü kapanışta değerlendiririm."),
    ("Tolga", AuthorKind::Human, "Altın mı dolar mı, siz hangisini tutuyorsunuz?"),
];

#[actix::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let model = args.next().unwrap_or_else(|| "models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf".into());
    let seeds: u64 = args.next().map(|s| s.parse()).transpose()?.unwrap_or(1);
    let wanted = args.next().unwrap_or_default();
    let layouts: Vec<Layout> =
        Layout::ALL.into_iter().filter(|l| wanted.is_empty() || wanted.split(',').any(|w| w == l.name())).collect();
    let mut c = ProviderConfig::new("local", ProviderKind::Local);
    c.options.model_path = Some(model.into());
    let provider = Provider::from_config(&c)?;
    let community = Community::from_yaml(include_str!("../../data/community.yaml"))?;
    // A day with moves, the banks down (the room asks why): a prompt that
    // gets a direction wrong shows up as a refused draft.
    let mut market = MarketSim::new(3);
    market.step(2 * 3_600_000, 1.0);
    for (symbol, pct) in [("GARAN", -2.4), ("AKBNK", -1.9), ("THYAO", 1.6), ("USDTRY", 0.5), ("GRAMALTIN", -0.8)] {
        market.shock(symbol, pct);
    }
    let quotes = market.snapshot();
    let transcript = room();
    let window: Vec<(String, String)> = transcript.iter().map(|l| (l.author_name.clone(), l.text.clone())).collect();
    let recent: Vec<String> = transcript.iter().map(|l| l.text.clone()).collect();
    let mut taken: BTreeMap<&str, (u32, u32)> = BTreeMap::new();
    let mut reasons: BTreeMap<(&str, String), u32> = BTreeMap::new();
    for persona in community.personas.iter().take(6) {
        for reply_to in [Some(2), Some(4), Some(3), None] {
            let grant = Grant { bot: BotId::parse(persona.username.as_str())?, reply_to, reason: Reason::Fresh };
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
            let intent = engine::intent::form(persona, Mood::default(), &grant, &transcript, &quotes, &[], &mut rng);
            for &layout in &layouts {
                let name = layout.name();
                let p = prompt::build_with(persona, &intent, &transcript, layout);
                for seed in 0..seeds {
                    let out = provider.complete(&p, seed).await?;
                    let verdict = judge(&out.text, persona, &intent, &p, &window, &recent, &quotes);
                    let row = taken.entry(name).or_default();
                    row.1 += 1;
                    match &verdict {
                        Ok(_) => row.0 += 1,
                        Err(r) => *reasons.entry((name, reason(r))).or_default() += 1,
                    }
                    println!("{name:8} {:16} {reply_to:?}: {:?} -> {verdict:?}", persona.username, out.text);
                }
            }
        }
    }
    println!("\n| layout | drafts taken |\n|---|---|");
    for (layout, (ok, all)) in &taken {
        println!("| {layout} | {ok} / {all} |");
    }
    println!("\n| layout | refused for | drafts |\n|---|---|---|");
    for ((layout, why), n) in &reasons {
        println!("| {layout} | {why} | {n} |");
    }
    Ok(())
}

fn room() -> Transcript {
    let mut t = Transcript::default();
    for (i, (name, kind, text)) in ROOM.iter().enumerate() {
        let id = i as i64 + 1;
        let author_id = if *kind == AuthorKind::Human { format!("web:{name}") } else { name.to_lowercase() };
        t.push(Line {
            id,
            author_id,
            author_name: (*name).into(),
            kind: *kind,
            text: (*text).into(),
            reply_to: None,
            at: Millis(id * 1000),
            bot_depth: 0,
        });
    }
    t
}

/// A refusal's kind without its details (the number, the stance).
fn reason(r: &Reject) -> String {
    match r {
        Reject::UnknownNumber(_) => "unknown number".into(),
        Reject::Stance(_) => "stance cap".into(),
        other => other.to_string(),
    }
}
