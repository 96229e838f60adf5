//! Ranging: per-beacon RSSI filtering, distance from a path-loss model and proximity zones.
//!
//! Three filters: the running average with sample expiry of the Android Beacon Library
//! (`RunningAverageRssiFilter`: samples older than the window are dropped, the top and bottom
//! tenth are discarded and the rest averaged), a 1-D Kalman filter, and the library's ARMA filter.
//!
//! The default is the Kalman filter (process noise 0.5 dB², measurement noise 9 dB²): on the
//! generated walker traces (`tests/beacons_sim.rs`) it gives the same enters and exits as a 3 s
//! running average, but a visitor who steps from 8 m to 1 m enters after 0.3 s of adverts
//! instead of 1.6 s (`benches/beacons.rs`), within one 1.1 s scan cycle. Shorter running
//! averages (1–1.5 s) react faster but let the shadowing through: early enters from 4–5 m.
//! Time is what the caller says it is: nothing here reads a clock.

use std::collections::VecDeque;

/// Milliseconds since the Unix epoch (or any fixed origin the caller keeps to).
pub type Millis = i64;

/// Which RSSI filter a tracked beacon gets.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FilterConfig {
    /// Trimmed mean of the samples of the last `window_ms` (the Android Beacon Library's default
    /// is 20 s, meant for a phone standing still; a walking visitor wants a few seconds).
    RunningAverage {
        /// The averaging window in milliseconds.
        window_ms: u32,
    },
    /// A 1-D Kalman filter: `process_noise` (dB² a sample) lets the estimate follow a walker,
    /// `measurement_noise` (dB²) is how much one reading is trusted.
    Kalman {
        /// How much the estimate may move per sample (dB²).
        process_noise: f32,
        /// How noisy one reading is (dB²).
        measurement_noise: f32,
    },
    /// Auto-regressive moving average: `value -= coefficient × (value − sample)`
    /// (the Android Beacon Library's `ArmaRssiFilter`, coefficient 0.1).
    Arma {
        /// How far the value moves towards each sample (clamped to 0–1).
        coefficient: f32,
    },
}

impl Default for FilterConfig {
    fn default() -> Self {
        FilterConfig::Kalman {
            process_noise: 0.5,
            measurement_noise: 9.0,
        }
    }
}

/// At most this many samples are kept for the running average (a bound on memory per beacon).
pub const MAX_SAMPLES: usize = 128;

#[derive(Debug, Clone, Copy)]
struct Sample {
    /// Milliseconds after the filter's origin (the first sample).
    at: u32,
    rssi: i8,
}

#[derive(Debug, Clone)]
enum State {
    Running {
        window_ms: u32,
        origin: Millis,
        samples: VecDeque<Sample>,
    },
    Kalman {
        q: f32,
        r: f32,
        x: f32,
        p: f32,
        n: u32,
    },
    Arma {
        c: f32,
        value: f32,
        n: u32,
    },
}

/// One beacon's RSSI filter.
#[derive(Debug, Clone)]
pub struct RssiFilter {
    state: State,
}

impl RssiFilter {
    /// A filter configured by `config`, with no samples yet.
    pub fn new(config: FilterConfig) -> RssiFilter {
        let state = match config {
            FilterConfig::RunningAverage { window_ms } => State::Running {
                window_ms: window_ms.max(1),
                origin: 0,
                samples: VecDeque::new(),
            },
            FilterConfig::Kalman {
                process_noise,
                measurement_noise,
            } => State::Kalman {
                q: process_noise.max(0.0),
                r: measurement_noise.max(f32::EPSILON),
                x: 0.0,
                p: 0.0,
                n: 0,
            },
            FilterConfig::Arma { coefficient } => State::Arma {
                c: coefficient.clamp(0.0, 1.0),
                value: 0.0,
                n: 0,
            },
        };
        RssiFilter { state }
    }

    /// Adds one reading taken at `at`. Readings must come in time order; an older one than the
    /// newest is taken as of the newest.
    pub fn add(&mut self, at: Millis, rssi: i8) {
        match &mut self.state {
            State::Running {
                window_ms,
                origin,
                samples,
            } => {
                if samples.is_empty() {
                    *origin = at;
                }
                let mut rel = at.saturating_sub(*origin);
                if rel > i64::from(u32::MAX / 2) {
                    // Long-lived filter: move the origin forward, keeping the samples' times.
                    let shift = rel - i64::from(*window_ms);
                    samples.retain(|s| i64::from(s.at) >= shift);
                    for s in samples.iter_mut() {
                        s.at = (i64::from(s.at) - shift).max(0) as u32;
                    }
                    *origin = origin.saturating_add(shift);
                    rel -= shift;
                }
                let last = samples.back().map_or(0, |s| s.at);
                let at = (rel.max(0) as u32).max(last);
                if samples.len() == MAX_SAMPLES {
                    samples.pop_front();
                }
                samples.push_back(Sample { at, rssi });
                expire(
                    samples,
                    *origin,
                    *window_ms,
                    origin.saturating_add(i64::from(at)),
                );
            }
            State::Kalman { q, r, x, p, n } => {
                let z = f32::from(rssi);
                if *n == 0 {
                    *x = z;
                    *p = *r;
                } else {
                    *p += *q;
                    let k = *p / (*p + *r);
                    *x += k * (z - *x);
                    *p *= 1.0 - k;
                }
                *n = n.saturating_add(1);
            }
            State::Arma { c, value, n } => {
                let z = f32::from(rssi);
                if *n == 0 {
                    *value = z;
                } else {
                    *value -= *c * (*value - z);
                }
                *n = n.saturating_add(1);
            }
        }
    }

    /// The filtered RSSI at `now` (dBm), `None` when no reading is left.
    pub fn value(&mut self, now: Millis) -> Option<f32> {
        match &mut self.state {
            State::Running {
                window_ms,
                origin,
                samples,
            } => {
                expire(samples, *origin, *window_ms, now);
                trimmed_mean(samples)
            }
            State::Kalman { x, n, .. } => (*n > 0).then_some(*x),
            State::Arma { value, n, .. } => (*n > 0).then_some(*value),
        }
    }

    /// Readings the filter holds (running average) or has seen (the others).
    pub fn samples(&self) -> usize {
        match &self.state {
            State::Running { samples, .. } => samples.len(),
            State::Kalman { n, .. } | State::Arma { n, .. } => *n as usize,
        }
    }

    /// Heap bytes this filter holds.
    pub fn heap_bytes(&self) -> usize {
        match &self.state {
            State::Running { samples, .. } => samples.capacity() * std::mem::size_of::<Sample>(),
            _ => 0,
        }
    }
}

fn expire(samples: &mut VecDeque<Sample>, origin: Millis, window_ms: u32, now: Millis) {
    let oldest = now.saturating_sub(i64::from(window_ms));
    while samples
        .front()
        .is_some_and(|s| origin.saturating_add(i64::from(s.at)) <= oldest)
    {
        samples.pop_front();
    }
}

/// Mean of the samples without the top and bottom tenth, as the Android Beacon Library does.
fn trimmed_mean(samples: &VecDeque<Sample>) -> Option<f32> {
    let n = samples.len();
    if n == 0 {
        return None;
    }
    let mut buf = [0i8; MAX_SAMPLES];
    for (slot, s) in buf.iter_mut().zip(samples.iter()) {
        *slot = s.rssi;
    }
    let values = &mut buf[..n.min(MAX_SAMPLES)];
    values.sort_unstable();
    let cut = values.len() / 10;
    let kept = &values[cut..values.len() - cut];
    let sum: i32 = kept.iter().map(|&v| i32::from(v)).sum();
    Some(sum as f32 / kept.len() as f32)
}

/// Distance in metres from the expected RSSI at 1 m and a filtered RSSI, by the log-distance
/// path-loss model `rssi = p1m − 10·n·log10(d)`; `exponent` n is 2 in free space, 2–4 indoors.
pub fn distance_m(power_at_1m: i8, rssi: f32, exponent: f32) -> f32 {
    let n = if exponent.is_finite() && exponent > 0.1 {
        exponent
    } else {
        2.0
    };
    10f32.powf((f32::from(power_at_1m) - rssi) / (10.0 * n))
}

/// Proximity zones, as the mobile platforms report them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Zone {
    /// Within half a metre.
    Immediate,
    /// Within three metres.
    Near,
    /// Further.
    Far,
    /// No usable estimate.
    Unknown,
}

impl Zone {
    /// The zone of an estimated distance in metres (`None`, negative or not finite: unknown).
    pub fn from_distance(d: Option<f32>) -> Zone {
        match d {
            Some(d) if d.is_finite() && d >= 0.0 => {
                if d < 0.5 {
                    Zone::Immediate
                } else if d < 3.0 {
                    Zone::Near
                } else {
                    Zone::Far
                }
            }
            _ => Zone::Unknown,
        }
    }

    /// The zone's name (`immediate`, `near`, `far`, `unknown`).
    pub fn as_str(self) -> &'static str {
        match self {
            Zone::Immediate => "immediate",
            Zone::Near => "near",
            Zone::Far => "far",
            Zone::Unknown => "unknown",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn running_average_trims_outliers_and_expires_samples() {
        let mut f = RssiFilter::new(FilterConfig::RunningAverage { window_ms: 1_000 });
        assert_eq!(f.value(0), None);
        for i in 0..9 {
            f.add(i * 100, -60);
        }
        f.add(900, -20); // one outlier in ten is trimmed away
        assert_eq!(f.value(950), Some(-60.0));
        // At 1 500 ms only the samples after 500 ms remain.
        assert_eq!(f.samples(), 10);
        f.value(1_500);
        assert_eq!(f.samples(), 4);
        assert_eq!(f.value(5_000), None);
    }

    #[test]
    fn running_average_keeps_a_bounded_number_of_samples() {
        let mut f = RssiFilter::new(FilterConfig::RunningAverage { window_ms: 60_000 });
        for i in 0..1_000 {
            f.add(i, -70);
        }
        assert_eq!(f.samples(), MAX_SAMPLES);
        // Out-of-order and far-future times do not panic.
        f.add(-5, -70);
        f.add(i64::MAX / 2, -70);
        f.add(i64::MIN, -70);
        assert!(f.value(i64::MAX / 2).is_some());
    }

    #[test]
    fn kalman_and_arma_follow_a_step() {
        for cfg in [
            FilterConfig::Kalman {
                process_noise: 0.5,
                measurement_noise: 9.0,
            },
            FilterConfig::Arma { coefficient: 0.1 },
        ] {
            let mut f = RssiFilter::new(cfg);
            assert_eq!(f.value(0), None);
            f.add(0, -80);
            assert_eq!(f.value(0), Some(-80.0));
            for i in 1..200 {
                f.add(i * 100, -60);
            }
            let v = f.value(20_000).unwrap();
            assert!((v + 60.0).abs() < 1.0, "{cfg:?}: {v}");
        }
    }

    #[test]
    fn distance_and_zones() {
        assert!((distance_m(-59, -59.0, 2.0) - 1.0).abs() < 1e-6);
        assert!((distance_m(-59, -79.0, 2.0) - 10.0).abs() < 1e-4);
        assert!((distance_m(-59, -79.0, f32::NAN) - 10.0).abs() < 1e-4);
        assert_eq!(Zone::from_distance(Some(0.2)), Zone::Immediate);
        assert_eq!(Zone::from_distance(Some(2.0)), Zone::Near);
        assert_eq!(Zone::from_distance(Some(12.0)), Zone::Far);
        assert_eq!(Zone::from_distance(Some(f32::INFINITY)), Zone::Unknown);
        assert_eq!(Zone::from_distance(None), Zone::Unknown);
    }
}
