//! The simulated market of the embedded default: a seeded random walk with
//! occasional jumps. Headlines move it (their direction, a fraction of a
//! day's volatility) and an operator's shock jumps it; it resumes from saved
//! prices after a restart instead of starting over.

use super::{Headline, INSTRUMENTS, Move, NOTABLE_STEP_PCT, Quote, SavedQuote, round_to};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// How far a headline moves its tickers, in days' volatility (times 1 to 1.5).
pub const HEADLINE_IMPULSE_VOL: f64 = 0.75;
/// A macro headline moves the index by this share of a ticker headline's impulse.
const MACRO_SHARE: f64 = 0.5;
/// The index a macro headline moves.
const INDEX: &str = "XU100";
/// Largest shock an operator or a scenario may apply, in percent either way.
pub const MAX_SHOCK_PCT: f64 = 50.0;

/// The seeded market.
#[derive(Debug, Clone)]
pub struct MarketSim {
    rng: ChaCha8Rng,
    prices: Vec<f64>,
    reference: Vec<f64>,
}

impl MarketSim {
    pub fn new(seed: u64) -> Self {
        let prices: Vec<f64> = INSTRUMENTS.iter().map(|i| i.start).collect();
        MarketSim { rng: ChaCha8Rng::seed_from_u64(seed), reference: prices.clone(), prices }
    }

    /// A market that goes on from saved prices (a restart); symbols it does
    /// not know, and prices that are not positive, are ignored.
    pub fn resume(seed: u64, saved: &[SavedQuote]) -> Self {
        let mut m = MarketSim::new(seed);
        for q in saved {
            if let Some(i) = index(&q.symbol)
                && q.price.is_finite()
                && q.price > 0.0
            {
                m.prices[i] = q.price;
                m.reference[i] = if q.reference.is_finite() && q.reference > 0.0 { q.reference } else { q.price };
            }
        }
        m
    }

    /// Advances the market by `dt_ms` of simulated time (time compressed by
    /// `speedup`, so a demo sees a day's movement in an hour), returns notable moves.
    pub fn step(&mut self, dt_ms: i64, speedup: f64) -> Vec<Move> {
        let day_frac = (dt_ms as f64 / 86_400_000.0) * speedup;
        let mut moves = Vec::new();
        for (i, inst) in INSTRUMENTS.iter().enumerate() {
            let sigma = inst.daily_vol * day_frac.sqrt();
            let mut r = sigma * self.normal();
            // Jumps: rare, a few sigma of a day.
            // About one jump per instrument per simulated day.
            if self.rng.random::<f64>() < day_frac.min(1.0) {
                r += inst.daily_vol
                    * (1.0 + self.rng.random::<f64>())
                    * if self.rng.random::<bool>() { 1.0 } else { -1.0 };
            }
            if let Some(m) = self.jump(i, r.exp()) {
                moves.push(m);
            }
        }
        moves
    }

    /// Jumps `symbol` by `pct` percent now (an operator's or a scenario's
    /// shock). None when the symbol is unknown or the size out of range.
    pub fn shock(&mut self, symbol: &str, pct: f64) -> Option<Move> {
        let i = index(symbol)?;
        if !pct.is_finite() || pct.abs() > MAX_SHOCK_PCT {
            return None;
        }
        let old = self.prices[i];
        self.prices[i] = old * (1.0 + pct / 100.0);
        Some(Move { symbol: INSTRUMENTS[i].symbol.into(), change_pct: self.change_pct(i), step_pct: pct })
    }

    /// A headline's direction moves its tickers (a macro headline, the
    /// index): a fraction of a day's volatility, its size drawn from the
    /// market's own seeded stream. Neutral news moves nothing.
    pub fn on_headline(&mut self, h: &Headline) -> Vec<Move> {
        if h.direction == 0 {
            return Vec::new();
        }
        let symbols = h.symbols();
        let (targets, share): (Vec<&str>, f64) =
            if symbols.is_empty() { (vec![INDEX], MACRO_SHARE) } else { (symbols, 1.0) };
        let mut moves = Vec::new();
        for s in targets {
            let Some(i) = index(s) else { continue };
            let size = HEADLINE_IMPULSE_VOL * share * (1.0 + 0.5 * self.rng.random::<f64>());
            let r = f64::from(h.direction.signum()) * INSTRUMENTS[i].daily_vol * size;
            if let Some(m) = self.jump(i, r.exp()) {
                moves.push(m);
            }
        }
        moves
    }

    /// Multiplies price `i` by `factor`; the move, if notable.
    fn jump(&mut self, i: usize, factor: f64) -> Option<Move> {
        let old = self.prices[i];
        self.prices[i] = old * factor;
        let step_pct = (self.prices[i] / old - 1.0) * 100.0;
        (step_pct.abs() >= NOTABLE_STEP_PCT).then(|| Move {
            symbol: INSTRUMENTS[i].symbol.into(),
            change_pct: self.change_pct(i),
            step_pct,
        })
    }

    fn normal(&mut self) -> f64 {
        let u1: f64 = self.rng.random::<f64>().max(1e-12);
        let u2: f64 = self.rng.random();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    fn change_pct(&self, i: usize) -> f64 {
        (self.prices[i] / self.reference[i] - 1.0) * 100.0
    }

    /// All quotes now.
    pub fn snapshot(&self) -> Vec<Quote> {
        INSTRUMENTS
            .iter()
            .enumerate()
            .map(|(i, inst)| Quote {
                symbol: inst.symbol.into(),
                name: inst.name.into(),
                price: round_to(self.prices[i], inst.decimals),
                change_pct: round_to(self.change_pct(i), 2),
                decimals: inst.decimals,
            })
            .collect()
    }

    /// The prices to keep across a restart.
    pub fn saved(&self, at_ms: i64) -> Vec<SavedQuote> {
        INSTRUMENTS
            .iter()
            .enumerate()
            .map(|(i, inst)| SavedQuote {
                symbol: inst.symbol.into(),
                price: self.prices[i],
                reference: self.reference[i],
                change_pct: None,
                source: "simulator".into(),
                at_ms,
            })
            .collect()
    }

    /// A random index below `n`, from the market's own seeded stream.
    pub fn pick(&mut self, n: usize) -> usize {
        self.rng.random_range(0..n.max(1))
    }
}

fn index(symbol: &str) -> Option<usize> {
    INSTRUMENTS.iter().position(|i| i.symbol.eq_ignore_ascii_case(symbol))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn price(m: &MarketSim, symbol: &str) -> f64 {
        m.snapshot().into_iter().find(|q| q.symbol == symbol).unwrap().price
    }

    #[test]
    fn the_same_seed_gives_the_same_market() {
        let (mut a, mut b) = (MarketSim::new(7), MarketSim::new(7));
        for _ in 0..100 {
            assert_eq!(a.step(5_000, 24.0), b.step(5_000, 24.0));
        }
        assert_eq!(a.snapshot(), b.snapshot());
        let mut c = MarketSim::new(8);
        for _ in 0..100 {
            c.step(5_000, 24.0);
        }
        assert_ne!(a.snapshot(), c.snapshot());
    }

    #[test]
    fn prices_stay_positive_and_move() {
        let mut m = MarketSim::new(1);
        for _ in 0..2_000 {
            m.step(5_000, 24.0);
        }
        let s = m.snapshot();
        assert!(s.iter().all(|q| q.price > 0.0));
        assert!(s.iter().any(|q| q.change_pct.abs() > 0.1));
    }

    #[test]
    fn a_bad_headline_pushes_its_ticker_down_and_a_good_one_up() {
        let mut m = MarketSim::new(3);
        let before = price(&m, "THYAO");
        let bad = Headline { symbol: "THYAO".into(), direction: -1, text: "x".into(), ..Headline::default() };
        let moves = m.on_headline(&bad);
        assert_eq!(moves.len(), 1);
        assert!(moves[0].step_pct < -1.0, "{moves:?}");
        assert!(price(&m, "THYAO") < before);
        let good = Headline { direction: 1, ..bad.clone() };
        assert!(m.on_headline(&good)[0].step_pct > 1.0);
        let flat = Headline { direction: 0, ..bad };
        assert!(m.on_headline(&flat).is_empty());
    }

    #[test]
    fn macro_news_moves_the_index_and_unknown_tickers_nothing() {
        let mut m = MarketSim::new(3);
        let rate_cut = Headline { symbol: "MACRO".into(), direction: 1, text: "x".into(), ..Headline::default() };
        let moves = m.on_headline(&rate_cut);
        assert_eq!(moves.iter().map(|m| m.symbol.as_str()).collect::<Vec<_>>(), ["XU100"]);
        let unknown = Headline { symbol: "ZZZZ".into(), direction: -1, tickers: vec!["ZZZZ".into()], ..rate_cut };
        assert!(m.on_headline(&unknown).is_empty());
    }

    #[test]
    fn a_shock_jumps_by_its_size_and_refuses_nonsense() {
        let mut m = MarketSim::new(1);
        let before = price(&m, "GARAN");
        let mv = m.shock("garan", -8.0).unwrap();
        assert_eq!(mv.symbol, "GARAN");
        assert!((price(&m, "GARAN") / before - 0.92).abs() < 1e-3);
        assert!(m.shock("NOPE", 5.0).is_none());
        assert!(m.shock("GARAN", 80.0).is_none());
        assert!(m.shock("GARAN", f64::NAN).is_none());
    }

    #[test]
    fn a_resumed_market_goes_on_from_the_saved_prices() {
        let mut m = MarketSim::new(5);
        m.shock("THYAO", 10.0);
        let saved = m.saved(1_000);
        let resumed = MarketSim::resume(5, &saved);
        assert_eq!(price(&resumed, "THYAO"), price(&m, "THYAO"));
        let thy = resumed.snapshot().into_iter().find(|q| q.symbol == "THYAO").unwrap();
        assert!((thy.change_pct - 10.0).abs() < 0.01, "the reference survives: {}", thy.change_pct);
        let garbage = [SavedQuote { price: -1.0, ..saved[0].clone() }];
        assert_eq!(MarketSim::resume(5, &garbage).snapshot(), MarketSim::new(5).snapshot());
    }
}
