//! Micro-benchmarks of the engine's hot paths, one decision each, on the
//! bundled community and a full transcript window (what a room holds in a
//! busy hour): floor control, the pacing step, prompt assembly, the
//! repeat (dedup) lookup and the compliance guard.
//!
//! `cargo bench -p engine --bench hot_paths`; numbers in docs/BENCHMARKS.md.

use criterion::{Criterion, criterion_group, criterion_main};
use engine::community::Community;
use engine::floor::{self, Candidate, FloorSettings, FloorState};
use engine::guard::compliance;
use engine::ids::Millis;
use engine::intent;
use engine::market::MarketSim;
use engine::mood::Mood;
use engine::pacing::{self, PacingSettings};
use engine::persona::Persona;
use engine::postprocess;
use engine::prompt;
use engine::transcript::{AuthorKind, Line, Transcript, WINDOW_LINES};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::hint::black_box;

const COMMUNITY: &str = include_str!("../../data/community.yaml");
const NOW: Millis = Millis(1_795_899_600_000 + 10 * Millis::HOUR);
const TEXTS: [&str; 6] = [
    "Bence biraz beklemek lazım, piyasa yön arıyor.",
    "Bugün işlem hacmi oldukça sakin görünüyor.",
    "Faiz kararı öncesi piyasada temkinli bir hava var.",
    "THYAO için ne düşünüyorsunuz, kapanışa kadar tutar mı?",
    "Kur tarafında dalgalanma sürerse borsa da etkilenir.",
    "Ben kendi risk tercihime göre hareket ediyorum.",
];

fn personas() -> Vec<Persona> {
    // expect: the bundled community is validated by the engine's own tests.
    Community::from_yaml(COMMUNITY).expect("the bundled community").personas
}

/// A full window: bots talking, one person asking, replies threaded.
fn transcript(personas: &[Persona]) -> Transcript {
    let mut t = Transcript::default();
    for i in 0..WINDOW_LINES as i64 {
        let human = i % 10 == 3;
        let p = &personas[i as usize % personas.len()];
        t.push(Line {
            id: i + 1,
            author_id: if human { "web:Deniz".into() } else { p.username.to_string() },
            author_name: if human { "Deniz".into() } else { p.name.clone() },
            kind: if human { AuthorKind::Human } else { AuthorKind::Bot },
            text: TEXTS[i as usize % TEXTS.len()].into(),
            reply_to: (i % 3 == 0 && i > 0).then_some(i),
            at: Millis(NOW.0 - (WINDOW_LINES as i64 - i) * 20_000),
            bot_depth: 0,
        });
    }
    t
}

fn hot_paths(c: &mut Criterion) {
    let personas = personas();
    let t = transcript(&personas);
    let state = FloorState::from_transcript(&t);
    let settings = FloorSettings::default();
    let mut rng = ChaCha8Rng::seed_from_u64(7);

    let candidates: Vec<Candidate<'_>> = personas
        .iter()
        .map(|p| Candidate {
            persona: p,
            ready: true,
            present: true,
            answerable: true,
            awake: true,
            exposure: 1.5,
            arousal: 0.4,
            sent_last_hour: 2,
        })
        .collect();
    c.bench_function("floor_choose", |b| {
        b.iter(|| floor::choose(black_box(&candidates), &t, &state, &settings, NOW, &mut rng))
    });

    let pacing = PacingSettings::default();
    let recent: Vec<(i64, f64)> = t.iter().rev().take(32).map(|l| (NOW.since(l.at), 1.0)).collect();
    c.bench_function("pacing_next_tick", |b| {
        b.iter(|| {
            let activity = pacing::activity_at(&pacing, NOW);
            pacing::next_tick_ms(&pacing, black_box(&recent), activity, &mut rng)
        })
    });

    let quotes = MarketSim::new(0).snapshot();
    // expect: a full window with bots always yields a grant.
    let grant = floor::choose(&candidates, &t, &state, &settings, NOW, &mut rng).expect("a speaker");
    let persona = personas.iter().find(|p| p.username == grant.bot).unwrap_or(&personas[0]);
    let intent = intent::form(persona, Mood::default(), &grant, &t, &quotes, &[], &mut rng);
    c.bench_function("prompt_build", |b| b.iter(|| prompt::build(black_box(persona), &intent, &t)));

    let recent_texts: Vec<String> = t.iter().map(|l| l.text.clone()).collect();
    let draft = "Bence kapanışa doğru biraz toparlanma olur, acele etmiyorum.";
    c.bench_function("dedup_is_repeat", |b| b.iter(|| postprocess::is_repeat(black_box(draft), &recent_texts)));

    c.bench_function("guard_check_reply", |b| b.iter(|| compliance::check_reply(black_box(draft), true)));
}

criterion_group!(benches, hot_paths);
criterion_main!(benches);
