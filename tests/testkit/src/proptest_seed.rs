//! One configuration for every property test of the workspace, so that a failure can be
//! replayed and CI does not pass or fail by chance.
//!
//! The seed of proptest's generator comes from `PROPTEST_RNG_SEED` when it is set (proptest's
//! own variable); otherwise, when `CI` is set, it is [`CI_SEED`], the same on every run;
//! otherwise it is drawn at random once per test binary. Either way it is written once per test
//! binary to stderr, outside the test harness's capture, as
//! `proptest seed: N (replay with PROPTEST_RNG_SEED=N)`. Running the same test with that
//! variable generates the same cases. A failure is also saved, shrunk, by proptest in
//! `proptest-regressions/` beside the test's source (committed: it is replayed first on every
//! later run).
//!
//! ```text
//! proptest! {
//!     #![proptest_config(campanile_testkit::proptest_seed::with_cases(256))]
//!     #[test]
//!     fn holds(x in any::<u8>()) { /* … */ }
//! }
//! ```

use proptest::test_runner::{Config, FileFailurePersistence, RngAlgorithm, RngSeed};
use std::io::Write;
use std::sync::OnceLock;

/// proptest's variable for a fixed seed, read here too.
pub const SEED_VAR: &str = "PROPTEST_RNG_SEED";
/// The seed CI uses when `PROPTEST_RNG_SEED` is not set. Changing it explores other cases; a
/// failure it finds is saved in `proptest-regressions/` and then kept.
pub const CI_SEED: u64 = 20_261_204;

/// Where a run's seed came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeedSource {
    /// `PROPTEST_RNG_SEED`.
    Variable,
    /// [`CI_SEED`], because `CI` is set.
    Ci,
    /// Drawn at random for this test binary.
    Random,
}

/// The seed for `seed_var` (the value of `PROPTEST_RNG_SEED`) and `ci` (the value of `CI`), and
/// where it came from; `random` draws one when neither gives it. A `PROPTEST_RNG_SEED` that is
/// not a number is an error rather than a silent random seed.
pub fn choose_seed(
    seed_var: Option<&str>,
    ci: Option<&str>,
    random: impl FnOnce() -> u64,
) -> Result<(u64, SeedSource), String> {
    if let Some(text) = seed_var.map(str::trim).filter(|t| !t.is_empty()) {
        return text
            .parse()
            .map(|seed| (seed, SeedSource::Variable))
            .map_err(|_| format!("{SEED_VAR}={text:?} is not a number from 0 to {}", u64::MAX));
    }
    if ci.is_some_and(|v| !v.is_empty() && v != "false" && v != "0") {
        return Ok((CI_SEED, SeedSource::Ci));
    }
    Ok((random(), SeedSource::Random))
}

/// This test binary's seed, chosen from the environment once and printed once.
pub fn seed() -> u64 {
    static SEED: OnceLock<u64> = OnceLock::new();
    *SEED.get_or_init(|| {
        let var = std::env::var(SEED_VAR).ok();
        let ci = std::env::var("CI").ok();
        let (seed, source) = choose_seed(var.as_deref(), ci.as_deref(), random_seed)
            .unwrap_or_else(|e| panic!("{e}"));
        let why = match source {
            SeedSource::Variable => "from PROPTEST_RNG_SEED",
            SeedSource::Ci => "fixed, because CI is set",
            SeedSource::Random => "random",
        };
        // Straight to stderr: the harness captures what tests print with `eprintln!` and shows
        // it only for a failing test; the seed belongs in every log.
        let _ = writeln!(
            std::io::stderr(),
            "proptest seed: {seed} ({why}; replay with {SEED_VAR}={seed})"
        );
        seed
    })
}

fn random_seed() -> u64 {
    use std::hash::{BuildHasher, RandomState};
    RandomState::new().hash_one(std::time::SystemTime::now())
}

/// proptest's defaults (and its other `PROPTEST_*` variables) with this binary's seed, the
/// ChaCha generator (so that a seed means the same cases whatever `PROPTEST_RNG_ALGORITHM`
/// says), and failures saved in `proptest-regressions/` beside the test's source.
pub fn config() -> Config {
    Config {
        rng_seed: RngSeed::Fixed(seed()),
        rng_algorithm: RngAlgorithm::ChaCha,
        failure_persistence: Some(Box::new(FileFailurePersistence::SourceParallel(
            "proptest-regressions",
        ))),
        ..Config::default()
    }
}

/// [`config`] with `cases` cases (as `ProptestConfig::with_cases`).
pub fn with_cases(cases: u32) -> Config {
    Config { cases, ..config() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_variable_wins_then_ci_then_chance() {
        let never = || -> u64 { panic!("no random seed needed") };
        assert_eq!(
            choose_seed(Some("42"), Some("true"), never),
            Ok((42, SeedSource::Variable))
        );
        assert_eq!(
            choose_seed(None, Some("true"), never),
            Ok((CI_SEED, SeedSource::Ci))
        );
        assert_eq!(
            choose_seed(Some(" "), Some("1"), never),
            Ok((CI_SEED, SeedSource::Ci))
        );
        assert_eq!(choose_seed(None, None, || 7), Ok((7, SeedSource::Random)));
        assert_eq!(
            choose_seed(None, Some("false"), || 7),
            Ok((7, SeedSource::Random))
        );
        assert!(choose_seed(Some("abc"), Some("true"), never).is_err());
    }

    #[test]
    fn the_config_carries_the_seed_and_the_cases() {
        let c = with_cases(17);
        assert_eq!(c.cases, 17);
        assert_eq!(c.rng_seed, RngSeed::Fixed(seed()));
        assert_eq!(c.rng_algorithm, RngAlgorithm::ChaCha);
        assert!(c.failure_persistence.is_some());
    }

    #[test]
    fn one_seed_means_the_same_cases() {
        use proptest::strategy::{Strategy, ValueTree};
        use proptest::test_runner::TestRunner;
        let draw = || {
            let mut runner = TestRunner::new(config());
            (0..8)
                .map(|_| {
                    proptest::collection::vec(0u32..1000, 5)
                        .new_tree(&mut runner)
                        .unwrap()
                        .current()
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(draw(), draw());
    }
}
