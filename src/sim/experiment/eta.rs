//! The time a running job still needs, as a job that can estimate it reports it with its
//! progress (the calibration does: `calibrate::eta`), and the words the page says it in.

use serde::{Deserialize, Serialize};

/// What a running job says of its remaining time.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Eta {
    /// Too early: not enough progress yet to say.
    Estimating,
    /// Seconds still needed, a range (`low_s <= high_s`, both finite and non-negative).
    Remaining { low_s: f64, high_s: f64 },
}

/// An estimate rounded to what a person reads: a range of seconds is said in whole minutes,
/// under a minute as one figure in steps of 5 seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Words {
    Estimating,
    /// About this many seconds (a multiple of 5), under a minute.
    Seconds(u32),
    /// About this many minutes.
    About(u32),
    /// Between these many minutes.
    Between(u32, u32),
}

/// A range whose ends are within this ratio is said as one figure ("about N min").
const ONE_FIGURE: f64 = 1.25;

impl Eta {
    /// A range of seconds, put in order and made finite and non-negative.
    pub fn remaining(a: f64, b: f64) -> Eta {
        let fix = |x: f64| if x.is_finite() { x.max(0.0) } else { 0.0 };
        let (a, b) = (fix(a), fix(b));
        Eta::Remaining { low_s: a.min(b), high_s: a.max(b) }
    }

    pub fn words(&self) -> Words {
        let Eta::Remaining { low_s, high_s } = *self else { return Words::Estimating };
        if high_s < 60.0 {
            return Words::Seconds(((((low_s + high_s) / 2.0) / 5.0).round() * 5.0).max(5.0) as u32);
        }
        let (lo, hi) = ((low_s / 60.0).floor().max(1.0) as u32, (high_s / 60.0).ceil().max(1.0) as u32);
        if lo >= hi || high_s <= ONE_FIGURE * low_s {
            Words::About((((low_s + high_s) / 2.0) / 60.0).round().max(1.0) as u32)
        } else {
            Words::Between(lo, hi)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_range_is_said_in_whole_minutes() {
        assert_eq!(Eta::Estimating.words(), Words::Estimating);
        assert_eq!(Eta::remaining(10.0, 50.0).words(), Words::Seconds(30));
        assert_eq!(Eta::remaining(0.0, 1.0).words(), Words::Seconds(5));
        assert_eq!(Eta::remaining(170.0, 190.0).words(), Words::About(3));
        assert_eq!(Eta::remaining(400.0, 130.0).words(), Words::Between(2, 7));
        assert_eq!(Eta::remaining(50.0, 70.0).words(), Words::Between(1, 2));
        assert_eq!(Eta::remaining(61.0, 70.0).words(), Words::About(1));
        assert_eq!(Eta::remaining(f64::NAN, f64::INFINITY), Eta::Remaining { low_s: 0.0, high_s: 0.0 });
    }
}
