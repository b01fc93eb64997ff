use super::*;
use crate::market::Quote;
use crate::persona::tests::persona;
use rand::SeedableRng;

fn chatter(name: &str, price: f64, change_pct: f64) -> Intent {
    let q = Quote { symbol: name.into(), name: name.into(), price, change_pct, decimals: 2 };
    Intent {
        goal: Goal::Chat,
        allowed_numbers: vec![price, change_pct, change_pct.abs()],
        quote: Some(q),
        mood: "sakin".into(),
        reply_to: None,
        to_human: false,
        advice: None,
        position: None,
        memory: Default::default(),
    }
}

#[test]
fn a_template_never_says_the_fixed_part_of_a_line_the_room_just_saw() {
    // The embedded model's room, 2026-12-07: two bots in a row fell back to
    // the same template.
    let seen = vec!["Dolar/TL artıda, 41,86 görünüyor; ben günü kapanışta değerlendiririm.".to_string()];
    let p = persona("ali_test");
    for (name, price, change) in [("Dolar/TL", 41.86, 0.42), ("THY", 312.4, -1.3)] {
        let intent = chatter(name, price, change);
        for seed in 0..40 {
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
            let t = fresh_reaction(&p, &intent, &seen, &mut rng).expect("six templates to choose from");
            assert!(!t.contains("günü kapanışta değerlendiririm"), "{t}");
        }
    }
    // Without that line among the last three, the same template is among
    // the draws (a room living on templates must not run out of them).
    let older: Vec<String> = seen
        .iter()
        .cloned()
        .chain(["Bankalar sakin.", "Altın yatay.", "Faiz kararı yarın."].map(String::from))
        .collect();
    for earlier in [&[][..], &older[..]] {
        let drawn: Vec<String> = (0..40)
            .map(|seed| {
                let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
                fresh_reaction(&p, &chatter("THY", 312.4, -1.3), earlier, &mut rng).unwrap()
            })
            .collect();
        assert!(drawn.iter().any(|t| t.contains("günü kapanışta değerlendiririm")), "{drawn:?}");
    }
}

#[test]
fn when_every_template_was_just_said_the_room_hears_none() {
    let p = persona("ali_test");
    let intent = chatter("THY", 312.4, -1.3);
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
    let seen: Vec<String> = (0..200).map(|_| reaction(&p, &intent, &mut rng)).collect();
    assert!(fresh_reaction(&p, &intent, &seen, &mut rng).is_err());
}
