//! [`Latency`]: how long the fake waits before answering — a fixed delay or
//! a distribution (uniform, or log-normal given its median and p99, the
//! shape real LLM APIs show: most answers near the median, a long tail).

use std::time::Duration;

/// The standard normal's 99th percentile.
const Z99: f64 = 2.326_347_874;

/// A delay before each answer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Latency {
    /// Always this long.
    Fixed(Duration),
    /// Evenly spread over `[min, max]`.
    Uniform { min: Duration, max: Duration },
    /// Log-normal with this median and 99th percentile (`p99 >= median`).
    LogNormal { median: Duration, p99: Duration },
}

impl Default for Latency {
    fn default() -> Self {
        Latency::Fixed(Duration::ZERO)
    }
}

impl Latency {
    /// Parses `800ms` / `800` (fixed), `uniform:200..1200` or
    /// `lognormal:800,3000` (median, p99); numbers are milliseconds, an
    /// `ms` suffix is allowed. The error says what is wrong.
    pub fn parse(text: &str) -> Result<Latency, String> {
        let t = text.trim();
        let ms = |v: &str| -> Result<Duration, String> {
            let v = v.trim().trim_end_matches("ms");
            v.parse::<u64>()
                .map(Duration::from_millis)
                .map_err(|_| format!("'{v}' in '{text}' is not a whole number of milliseconds"))
        };
        if let Some(range) = t.strip_prefix("uniform:") {
            let (a, b) = range.split_once("..").ok_or_else(|| format!("'{text}': write uniform:MIN..MAX"))?;
            let (min, max) = (ms(a)?, ms(b)?);
            if min > max {
                return Err(format!("'{text}': MIN must not exceed MAX"));
            }
            return Ok(Latency::Uniform { min, max });
        }
        if let Some(pair) = t.strip_prefix("lognormal:") {
            let (a, b) = pair.split_once(',').ok_or_else(|| format!("'{text}': write lognormal:MEDIAN,P99"))?;
            let (median, p99) = (ms(a)?, ms(b)?);
            if median.is_zero() || p99 < median {
                return Err(format!("'{text}': MEDIAN must be positive and P99 at least MEDIAN"));
            }
            return Ok(Latency::LogNormal { median, p99 });
        }
        if t.contains(':') {
            return Err(format!("'{text}': expected MS, uniform:MIN..MAX or lognormal:MEDIAN,P99"));
        }
        ms(t).map(Latency::Fixed)
    }

    /// The delay for the request numbered `n` (deterministic: the same
    /// number always waits as long).
    pub fn sample(&self, n: u64) -> Duration {
        match *self {
            Latency::Fixed(d) => d,
            Latency::Uniform { min, max } => min + (max - min).mul_f64(unit(n, 1)),
            Latency::LogNormal { median, p99 } => {
                let sigma = (p99.as_secs_f64() / median.as_secs_f64()).ln() / Z99;
                // Box–Muller: two uniforms give one standard normal.
                let (u1, u2) = (unit(n, 1).max(1e-12), unit(n, 2));
                let z = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
                median.mul_f64((sigma * z).exp().min(1e6))
            }
        }
    }
}

/// A uniform number in `[0, 1)` from a request number and a stream (splitmix64).
fn unit(n: u64, stream: u64) -> f64 {
    let z = n.wrapping_mul(0x9e37_79b9_7f4a_7c15).wrapping_add(stream.wrapping_mul(0xbf58_476d_1ce4_e5b9));
    (crate::reply::mix64(z) >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(v: u64) -> Duration {
        Duration::from_millis(v)
    }

    #[test]
    fn the_three_forms_parse_and_bad_ones_say_why() {
        assert_eq!(Latency::parse("800ms"), Ok(Latency::Fixed(ms(800))));
        assert_eq!(Latency::parse("0"), Ok(Latency::Fixed(ms(0))));
        assert_eq!(Latency::parse("uniform:200..1200"), Ok(Latency::Uniform { min: ms(200), max: ms(1200) }));
        assert_eq!(Latency::parse("lognormal:800,3000"), Ok(Latency::LogNormal { median: ms(800), p99: ms(3000) }));
        assert!(Latency::parse("fast").unwrap_err().contains("'fast'"));
        assert!(Latency::parse("uniform:9..1").unwrap_err().contains("MIN"));
        assert!(Latency::parse("lognormal:800,100").unwrap_err().contains("P99"));
        assert!(Latency::parse("gamma:1").unwrap_err().contains("expected"));
    }

    #[test]
    fn a_lognormal_has_the_median_and_p99_it_was_given() {
        let l = Latency::LogNormal { median: ms(800), p99: ms(3000) };
        let mut v: Vec<Duration> = (0..20_000).map(|n| l.sample(n)).collect();
        v.sort();
        let (p50, p99) = (v[10_000].as_millis() as f64, v[19_800].as_millis() as f64);
        assert!((p50 / 800.0 - 1.0).abs() < 0.05, "median {p50}");
        assert!((p99 / 3000.0 - 1.0).abs() < 0.15, "p99 {p99}");
    }

    #[test]
    fn a_uniform_stays_in_its_range_and_fills_it() {
        let l = Latency::Uniform { min: ms(200), max: ms(1200) };
        let v: Vec<Duration> = (0..5_000).map(|n| l.sample(n)).collect();
        assert!(v.iter().all(|d| *d >= ms(200) && *d <= ms(1200)));
        assert!(v.iter().any(|d| *d < ms(300)) && v.iter().any(|d| *d > ms(1100)));
    }
}
