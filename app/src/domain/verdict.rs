//! The verdict rule of api-v1.md: recognition rate, Wilson interval at 90 %, thresholds.
//! The server's aggregates and the browser's live preview both call [`evaluate`].

use serde::{Deserialize, Serialize};

use super::rating::Counts;

/// z for a two-sided 90 % interval.
pub const Z_90: f64 = 1.6449;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Good,
    Partial,
    Insufficient,
    InsufficientData,
}

impl Verdict {
    pub fn code(self) -> &'static str {
        match self {
            Verdict::Good => "good",
            Verdict::Partial => "partial",
            Verdict::Insufficient => "insufficient",
            Verdict::InsufficientData => "insufficient_data",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Thresholds {
    pub good_min: f64,
    pub partial_min: f64,
    pub min_n: u32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            good_min: 0.75,
            partial_min: 0.50,
            min_n: 3,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ThresholdError {
    #[error("thresholds must lie between 0 and 1")]
    OutOfRange,
    #[error("partial_min must be below good_min")]
    Unordered,
    #[error("min_n must be at least 1")]
    MinNZero,
}

impl Thresholds {
    pub fn validate(&self) -> Result<(), ThresholdError> {
        let in_unit = |x: f64| x.is_finite() && (0.0..=1.0).contains(&x);
        if !in_unit(self.good_min) || !in_unit(self.partial_min) {
            return Err(ThresholdError::OutOfRange);
        }
        if self.partial_min >= self.good_min {
            return Err(ThresholdError::Unordered);
        }
        if self.min_n == 0 {
            return Err(ThresholdError::MinNZero);
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ItemStats {
    pub n: u32,
    /// `None` when nobody took a position (n = 0).
    pub rate: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    pub verdict: Verdict,
    pub stable: bool,
}

/// Wilson score interval for a proportion `p` observed over `n` respondents.
pub fn wilson(p: f64, n: u32, z: f64) -> (f64, f64) {
    let n = f64::from(n);
    let z2 = z * z;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denom;
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

pub fn evaluate(counts: &Counts, t: &Thresholds) -> ItemStats {
    let n = counts.n();
    if n == 0 {
        return ItemStats {
            n,
            rate: None,
            ci_low: None,
            ci_high: None,
            verdict: Verdict::InsufficientData,
            stable: false,
        };
    }
    let rate = (f64::from(counts.recognised) + 0.5 * f64::from(counts.partly)) / f64::from(n);
    let (lo, hi) = wilson(rate, n, Z_90);
    let verdict = if n < t.min_n {
        Verdict::InsufficientData
    } else if rate >= t.good_min {
        Verdict::Good
    } else if rate >= t.partial_min {
        Verdict::Partial
    } else {
        Verdict::Insufficient
    };
    let stable = match verdict {
        Verdict::Good => lo >= t.good_min,
        Verdict::Partial => lo >= t.partial_min && hi < t.good_min,
        Verdict::Insufficient => hi < t.partial_min,
        Verdict::InsufficientData => false,
    };
    ItemStats {
        n,
        rate: Some(rate),
        ci_low: Some(lo),
        ci_high: Some(hi),
        verdict,
        stable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rating::Rating;
    use proptest::prelude::*;

    fn counts(r: u32, p: u32, nr: u32, nd: u32) -> Counts {
        Counts {
            recognised: r,
            partly: p,
            not_recognised: nr,
            not_discussed: nd,
        }
    }

    #[test]
    fn not_discussed_is_left_out_of_n() {
        let s = evaluate(&counts(3, 0, 0, 5), &Thresholds::default());
        assert_eq!(s.n, 3);
        assert_eq!(s.rate, Some(1.0));
        assert_eq!(s.verdict, Verdict::Good);
    }

    #[test]
    fn partly_counts_half() {
        let s = evaluate(&counts(1, 2, 1, 0), &Thresholds::default());
        assert_eq!(s.rate, Some(0.5));
        assert_eq!(s.verdict, Verdict::Partial);
    }

    #[test]
    fn below_min_n_is_insufficient_data_even_with_a_rate() {
        let s = evaluate(&counts(2, 0, 0, 0), &Thresholds::default());
        assert_eq!(s.verdict, Verdict::InsufficientData);
        assert_eq!(s.rate, Some(1.0));
        assert!(!s.stable);
    }

    #[test]
    fn nobody_answered() {
        let s = evaluate(&counts(0, 0, 0, 4), &Thresholds::default());
        assert_eq!(
            (s.n, s.rate, s.verdict),
            (0, None, Verdict::InsufficientData)
        );
    }

    #[test]
    fn wilson_matches_a_hand_computed_value() {
        // p = 0.8, n = 10, z = 1.6449: centre 0.7361…, half 0.1953… (computed by hand)
        let (lo, hi) = wilson(0.8, 10, Z_90);
        assert!((lo - 0.5408).abs() < 1e-3, "lo {lo}");
        assert!((hi - 0.9314).abs() < 1e-3, "hi {hi}");
    }

    #[test]
    fn boundaries_are_inclusive() {
        let t = Thresholds::default();
        assert_eq!(evaluate(&counts(3, 0, 1, 0), &t).verdict, Verdict::Good); // 0.75
        assert_eq!(
            evaluate(&counts(1, 0, 1, 0), &Thresholds { min_n: 2, ..t }).verdict,
            Verdict::Partial
        ); // 0.50
    }

    #[test]
    fn many_unanimous_answers_are_stable() {
        let s = evaluate(&counts(40, 0, 0, 0), &Thresholds::default());
        assert!(s.stable);
        let s = evaluate(&counts(0, 0, 40, 0), &Thresholds::default());
        assert_eq!(s.verdict, Verdict::Insufficient);
        assert!(s.stable);
    }

    #[test]
    fn threshold_validation() {
        assert!(Thresholds::default().validate().is_ok());
        assert_eq!(
            Thresholds {
                good_min: 0.5,
                partial_min: 0.5,
                min_n: 3
            }
            .validate(),
            Err(ThresholdError::Unordered)
        );
        assert_eq!(
            Thresholds {
                good_min: 1.5,
                partial_min: 0.5,
                min_n: 3
            }
            .validate(),
            Err(ThresholdError::OutOfRange)
        );
        assert_eq!(
            Thresholds {
                good_min: f64::NAN,
                partial_min: 0.5,
                min_n: 3
            }
            .validate(),
            Err(ThresholdError::OutOfRange)
        );
        assert_eq!(
            Thresholds {
                min_n: 0,
                ..Thresholds::default()
            }
            .validate(),
            Err(ThresholdError::MinNZero)
        );
    }

    proptest! {
        #[test]
        fn interval_contains_rate_and_stays_in_unit(r in 0u32..200, p in 0u32..200, nr in 0u32..200) {
            let s = evaluate(&counts(r, p, nr, 0), &Thresholds::default());
            if let (Some(rate), Some(lo), Some(hi)) = (s.rate, s.ci_low, s.ci_high) {
                prop_assert!((0.0..=1.0).contains(&rate));
                prop_assert!(0.0 <= lo && lo <= rate + 1e-12 && rate <= hi + 1e-12 && hi <= 1.0);
            }
        }

        #[test]
        fn stable_implies_interval_inside_band(r in 0u32..300, p in 0u32..300, nr in 0u32..300,
                                               good in 0.55f64..0.95, gap in 0.05f64..0.5, min_n in 1u32..10) {
            let t = Thresholds { good_min: good, partial_min: (good - gap).max(0.0), min_n };
            let s = evaluate(&counts(r, p, nr, 0), &t);
            if s.stable {
                let (lo, hi) = (s.ci_low.unwrap(), s.ci_high.unwrap());
                match s.verdict {
                    Verdict::Good => prop_assert!(lo >= t.good_min),
                    Verdict::Partial => prop_assert!(lo >= t.partial_min && hi < t.good_min),
                    Verdict::Insufficient => prop_assert!(hi < t.partial_min),
                    Verdict::InsufficientData => prop_assert!(false, "insufficient data is never stable"),
                }
            }
        }

        #[test]
        fn counts_from_ratings_agree_with_add(ratings in proptest::collection::vec(0usize..4, 0..100)) {
            let ratings: Vec<Rating> = ratings.into_iter().map(|i| Rating::ALL[i]).collect();
            let c: Counts = ratings.iter().copied().collect();
            prop_assert_eq!(c.n() + c.not_discussed, ratings.len() as u32);
        }
    }
}
