//! The simulated market of the embedded default: a seeded random walk with
//! occasional jumps, and bundled headlines. Every price a bot quotes comes
//! from here (or a real feed), never from the model.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

/// One instrument the simulator moves.
#[derive(Debug, Clone, Copy)]
pub struct Instrument {
    pub symbol: &'static str,
    pub name: &'static str,
    pub start: f64,
    /// Daily volatility (standard deviation of the log return over a day).
    pub daily_vol: f64,
    pub decimals: usize,
}

/// The instruments of the embedded market.
pub const INSTRUMENTS: &[Instrument] = &[
    Instrument { symbol: "XU100", name: "BIST 100", start: 10250.0, daily_vol: 0.015, decimals: 0 },
    Instrument { symbol: "USDTRY", name: "Dolar/TL", start: 41.8, daily_vol: 0.004, decimals: 2 },
    Instrument { symbol: "EURTRY", name: "Euro/TL", start: 48.3, daily_vol: 0.005, decimals: 2 },
    Instrument { symbol: "GRAMALTIN", name: "Gram altın", start: 5450.0, daily_vol: 0.012, decimals: 0 },
    Instrument { symbol: "BTCUSD", name: "Bitcoin", start: 96000.0, daily_vol: 0.035, decimals: 0 },
    Instrument { symbol: "THYAO", name: "Türk Hava Yolları", start: 312.0, daily_vol: 0.022, decimals: 2 },
    Instrument { symbol: "GARAN", name: "Garanti BBVA", start: 128.0, daily_vol: 0.025, decimals: 2 },
    Instrument { symbol: "AKBNK", name: "Akbank", start: 64.0, daily_vol: 0.025, decimals: 2 },
    Instrument { symbol: "ASELS", name: "Aselsan", start: 148.0, daily_vol: 0.024, decimals: 2 },
    Instrument { symbol: "EREGL", name: "Ereğli Demir Çelik", start: 27.5, daily_vol: 0.02, decimals: 2 },
    Instrument { symbol: "SISE", name: "Şişecam", start: 39.0, daily_vol: 0.021, decimals: 2 },
    Instrument { symbol: "KCHOL", name: "Koç Holding", start: 178.0, daily_vol: 0.018, decimals: 2 },
    Instrument { symbol: "BIMAS", name: "BİM", start: 520.0, daily_vol: 0.016, decimals: 2 },
    Instrument { symbol: "TUPRS", name: "Tüpraş", start: 172.0, daily_vol: 0.02, decimals: 2 },
    Instrument { symbol: "FROTO", name: "Ford Otosan", start: 1010.0, daily_vol: 0.019, decimals: 2 },
    Instrument { symbol: "SAHOL", name: "Sabancı Holding", start: 92.0, daily_vol: 0.02, decimals: 2 },
    Instrument { symbol: "YKBNK", name: "Yapı Kredi", start: 31.0, daily_vol: 0.026, decimals: 2 },
];

/// A price as shown and quoted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    pub symbol: String,
    pub name: String,
    pub price: f64,
    /// Change since the session's reference price, in percent.
    pub change_pct: f64,
    #[serde(skip)]
    pub decimals: usize,
}

impl Quote {
    /// The price written the way bots and the room write it ("312,40").
    pub fn price_text(&self) -> String {
        format_tr(self.price, self.decimals)
    }
}

/// Formats a number Turkish style: comma decimals, dot thousands.
pub fn format_tr(value: f64, decimals: usize) -> String {
    let s = format!("{value:.decimals$}");
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    if frac.is_empty() { format!("{sign}{grouped}") } else { format!("{sign}{grouped},{frac}") }
}

/// A move worth talking about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Move {
    pub symbol: String,
    pub change_pct: f64,
    /// Size of the move in this step, in percent.
    pub step_pct: f64,
}

/// Step moves at or above this size are reported as events.
pub const NOTABLE_STEP_PCT: f64 = 0.6;

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
            let old = self.prices[i];
            self.prices[i] = old * r.exp();
            let step_pct = (self.prices[i] / old - 1.0) * 100.0;
            if step_pct.abs() >= NOTABLE_STEP_PCT {
                moves.push(Move { symbol: inst.symbol.into(), change_pct: self.change_pct(i), step_pct });
            }
        }
        moves
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

    /// A random index below `n`, from the market's own seeded stream.
    pub fn pick(&mut self, n: usize) -> usize {
        self.rng.random_range(0..n.max(1))
    }
}

fn round_to(v: f64, decimals: usize) -> f64 {
    let p = 10f64.powi(decimals as i32);
    (v * p).round() / p
}

/// A bundled headline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Headline {
    pub symbol: String,
    /// Expected effect: +1, 0 or −1.
    pub direction: i8,
    pub text: String,
}

/// The bundled Turkish headlines.
pub const BUNDLED_HEADLINES: &str = include_str!("../../data/headlines.tr.txt");

/// Parses `SYMBOL|+|text` lines; bad lines are reported with their number.
pub fn parse_headlines(text: &str) -> Result<Vec<Headline>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.splitn(3, '|');
        let (Some(sym), Some(dir), Some(t)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(format!("line {}: expected SYMBOL|direction|text", n + 1));
        };
        let direction = match dir.trim() {
            "+" => 1,
            "-" => -1,
            "0" => 0,
            other => {
                return Err(format!("line {}: direction '{other}' is not +, - or 0", n + 1));
            }
        };
        out.push(Headline { symbol: sym.trim().into(), direction, text: t.trim().into() });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_market() {
        let (mut a, mut b) = (MarketSim::new(7), MarketSim::new(7));
        for _ in 0..100 {
            assert_eq!(a.step(5_000, 24.0), b.step(5_000, 24.0));
        }
        assert_eq!(a.snapshot(), b.snapshot());
        assert_ne!(MarketSim::new(8).step(5_000, 24.0).len() + 1, 0);
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
    fn turkish_number_format() {
        assert_eq!(format_tr(10250.4, 0), "10.250");
        assert_eq!(format_tr(312.456, 2), "312,46");
        assert_eq!(format_tr(-1234567.0, 1), "-1.234.567,0");
    }

    #[test]
    fn the_bundled_headlines_parse() {
        let h = parse_headlines(BUNDLED_HEADLINES).unwrap();
        assert!(h.len() >= 40, "{}", h.len());
        assert!(parse_headlines("THYAO|x|metin").unwrap_err().contains("line 1"));
    }
}
