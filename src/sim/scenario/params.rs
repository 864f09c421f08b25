//! Behavioural parameters shared by every region: the quantities calibration fits.
//! Rates are per year; the engine steps weekly (1/52 year). See docs/model.md.

use crate::sim::error::SimError;
use serde::{Deserialize, Serialize};

/// The shape of the network response g(s), s = share of an office's partners that have adopted.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Response {
    /// g(s) = s: the Bass imitation term.
    Linear,
    /// g(s) = (1+θ^n) s^n / (s^n + θ^n): offices wait until enough partners move ("in step").
    Threshold,
}

/// One numeric parameter's name, allowed range, unit, one-line help (for the UI and errors)
/// and its slot in [`Params`]. Written by [`params!`] from the parameter's one declaration.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct ParamInfo {
    pub name: &'static str,
    pub min: f64,
    pub max: f64,
    pub unit: &'static str,
    pub help_en: &'static str,
    pub help_ja: &'static str,
    /// Reads the parameter (`None` when an optional one is unset).
    #[serde(skip)]
    pub get: fn(&Params) -> Option<f64>,
    /// Writes the parameter, without checking its range ([`Params::set`] checks).
    #[serde(skip)]
    pub put: fn(&mut Params, f64),
}

/// A numeric parameter's storage: `f64`, or `Option<f64>` where `null` means something.
trait Slot {
    fn value(&self) -> Option<f64>;
    fn store(&mut self, v: f64);
}

impl Slot for f64 {
    fn value(&self) -> Option<f64> {
        Some(*self)
    }
    fn store(&mut self, v: f64) {
        *self = v;
    }
}

impl Slot for Option<f64> {
    fn value(&self) -> Option<f64> {
        *self
    }
    fn store(&mut self, v: f64) {
        *self = Some(v);
    }
}

/// Declares every parameter once: its doc comment, field, default and, for a numeric one,
/// `=> [min, max] unit, help_en, help_ja`. The struct, `Default`, `PARAM_INFO` (so `get`/`set`
/// by name and `validate`) all come from this one list, in its order (the JSON field order).
macro_rules! params {
    ($( $(#[$meta:meta])* $name:ident : $ty:ty = $default:expr
        $(=> [$lo:expr, $hi:expr] $unit:literal, $en:literal, $ja:literal)? ; )*) => {
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields, default)]
        pub struct Params {
            $( $(#[$meta])* pub $name: $ty, )*
        }

        impl Default for Params {
            /// The point a fixed-parameter run uses (`"uncertainty": "fixed"`; default runs
            /// draw every calibrated parameter from the shipped posterior instead,
            /// data/posterior.json). The calibrated parameters are the posterior medians, to 3
            /// significant digits, of `renkei calibrate --particles 400 --generations 12 --seed
            /// 20261130` on every figure of brief §4 and §4a (data/calibration.json,
            /// docs/calibration.md); seven of the thirteen are not identified by the data, so a
            /// single point hides most of the uncertainty. Every other value is fixed, with its
            /// evidence or "assumption" in docs/model.md §8.
            fn default() -> Params {
                Params { $( $name: $default, )* }
            }
        }

        /// Every numeric parameter with its range, in declaration order.
        pub const PARAM_INFO: &[ParamInfo] = &[ $( $( ParamInfo {
            name: stringify!($name),
            min: $lo,
            max: $hi,
            unit: $unit,
            help_en: $en,
            help_ja: $ja,
            get: |p| Slot::value(&p.$name),
            put: |p, v| Slot::store(&mut p.$name, v),
        }, )? )* ];
    };
}

params! {
    /// Innovation rate p (per year): adoption decisions independent of partners.
    p: f64 = 0.0942 => [0.0, 5.0] "/year", "Adoption rate without partner influence", "取引先に関係なく導入を決める率";
    /// Imitation rate q (per year) at full partner adoption.
    q: f64 = 0.287 => [0.0, 20.0] "/year", "Adoption rate when all partners use it", "取引先が全て導入済みのときの導入決定率";
    /// The shape of the network response g(s).
    response: Response = Response::Threshold;
    /// Threshold θ of the S-shaped response (share of partners).
    threshold: f64 = 0.513 => [0.01, 1.0] "share", "Partner share at which the S-curve turns up", "足並みを揃える閾値(取引先の導入割合)";
    /// Steepness n of the S-shaped response.
    steepness: f64 = 2.0 => [1.0, 10.0] "", "How sharply the S-curve turns", "閾値の急峻さ";
    /// Probability that one outreach contact moves a not-adopted office to planning.
    outreach_efficacy: f64 = 0.719 => [0.0, 1.0] "prob.", "Chance one centre contact leads to a decision", "包括の働きかけ1回で導入を決める確率";
    /// Relative increase of outreach efficacy when the centre itself has adopted.
    advocate_boost: f64 = 1.0 => [0.0, 10.0] "×", "Extra efficacy when the centre itself uses the system", "包括自身が導入済みのときの効果の上乗せ";
    /// Probability that a training attendee who has not adopted decides to adopt.
    training_efficacy: f64 = 0.548 => [0.0, 1.0] "prob.", "Chance a training attendee decides to adopt", "研修参加事業所が導入を決める確率";
    /// Probability that an individual visit moves a not-adopted office to planning.
    visit_efficacy: f64 = 0.177 => [0.0, 1.0] "prob.", "Chance an individual visit leads to a decision", "個別訪問で導入を決める確率";
    /// Probability that a partner's request moves a not-adopted office to planning.
    request_efficacy: f64 = 0.3 => [0.0, 1.0] "prob.", "Chance a partner's request leads to a decision", "取引先からの依頼で導入を決める確率";
    /// Setup completion rate (per year) from planning to adopted; `null` = at once (two-state core case).
    setup_rate: Option<f64> = Some(30.0) => [0.1, 100.0] "/year", "Setup completions per year (12 = one month on average)", "導入準備の完了率(12で平均1か月)";
    /// Share of offices with a barrier (care software not ready, certificate, ICT rules).
    barrier_share: f64 = 0.585 => [0.0, 1.0] "share", "Offices whose software or ICT is not ready", "ソフト・ICT環境が未対応の事業所の割合";
    /// Factor on the setup rate of an office with a barrier.
    barrier_factor: f64 = 0.3 => [0.0, 1.0] "×", "Setup speed of an office with a barrier", "障壁のある事業所の準備速度の倍率";
    /// Factor on the decision rate (and on lever success) of an office with a barrier:
    /// without ready care software an office cannot start. Initial adopters are drawn
    /// from offices without a barrier, so the offices left in an advanced region are harder.
    barrier_decision: f64 = 0.245 => [0.0, 1.0] "×", "Decision speed of an office with a barrier", "障壁のある事業所の導入決定の倍率";
    /// Rate (per year) at which an office's barrier lifts (care-software versions that support
    /// the linkage arrive over time, brief §1). Assumption; calibrated.
    readiness_rate: f64 = 0.573 => [0.0, 5.0] "/year", "Rate at which a barrier lifts (care software becomes ready)", "障壁が解消する率(介護ソフトの対応版が届く)";
    /// Relative increase of the setup rate under hands-on support (and decrease of drop-out).
    support_boost: f64 = 2.0 => [0.0, 20.0] "×", "Extra setup speed with hands-on support", "伴走支援による準備速度の上乗せ";
    /// Rate (per year) at which planning offices give up and return to not adopted.
    planning_dropout: f64 = 2.09 => [0.0, 10.0] "/year", "Rate of giving up during setup", "準備中に断念する率";
    /// Stopping rate (per year) of an adopter with at least one active link.
    stop_rate: f64 = 0.0128 => [0.0, 5.0] "/year", "Stopping rate of an adopter with active links", "連携先のある導入済み事業所の利用停止率";
    /// Factor on the stopping rate of an adopter with no active link.
    isolation_factor: f64 = 3.0 => [1.0, 50.0] "×", "Stopping rate multiplier with no active link", "連携先がない場合の停止率の倍率";
    /// Probability that an adopter who started under a fee waiver and has no active link stops when it ends.
    waiver_end_stop: f64 = 0.2 => [0.0, 1.0] "prob.", "Chance an isolated free-pass adopter stops when the waiver ends", "無料期間終了時に連携先のない事業所が停止する確率";
    /// Relative increase of the decision rate while the licence fee is waived.
    waiver_boost: f64 = 4.37 => [0.0, 20.0] "×", "Extra decision rate while the fee is waived", "ライセンス料無料期間中の導入決定率の上乗せ";
    /// Relative increase of the decision rate before a policy deadline (times the deadline's weight).
    deadline_boost: f64 = 0.5 => [0.0, 20.0] "×", "Extra decision rate before a policy deadline", "制度上の期限前の導入決定率の上乗せ";
}

/// The declaration of a numeric parameter, by name.
pub fn info(name: &str) -> Option<&'static ParamInfo> {
    PARAM_INFO.iter().find(|i| i.name == name)
}

/// `params` of a scenario read only from a JSON object: serde would read an array by position,
/// silently giving its numbers to whichever parameters come first.
pub fn from_object<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Params, D::Error> {
    struct Object;
    impl<'de> serde::de::Visitor<'de> for Object {
        type Value = Params;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an object of named parameters, e.g. {\"q\": 0.3}")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Params, A::Error> {
            Params::deserialize(serde::de::value::MapAccessDeserializer::new(map))
        }
    }
    d.deserialize_map(Object)
}

impl Params {
    /// A numeric parameter by name (`setup_rate` is `None` when setup is instantaneous).
    pub fn get(&self, name: &str) -> Option<f64> {
        (info(name)?.get)(self)
    }

    /// Sets a numeric parameter by name, checking its range.
    pub fn set(&mut self, name: &str, v: f64) -> Result<(), SimError> {
        let field = format!("params.{name}");
        let info = info(name)
            .ok_or_else(|| SimError::unknown(&field, name, &PARAM_INFO.iter().map(|i| i.name).collect::<Vec<_>>()))?;
        check_range(&field, v, info.min, info.max)?;
        (info.put)(self, v);
        Ok(())
    }

    pub fn validate(&self) -> Result<(), SimError> {
        // Read through each entry's own accessor and the field named only on an error: a
        // calibration validates every proposal's parameters for each region, and looking each
        // name up again and formatting it were most of the check's cost.
        for info in PARAM_INFO {
            if let Some(v) = (info.get)(self) {
                if !in_range(v, info.min, info.max) {
                    return Err(SimError::range(format!("params.{}", info.name), v, info.min, info.max));
                }
            }
        }
        Ok(())
    }

    /// The network response g(s) for a partner share s in [0, 1]; g(0)=0, g(1)=1.
    #[inline]
    pub fn response(&self, s: f64) -> f64 {
        self.response_with(s, self.threshold_power())
    }

    /// θ^n, constant during a run (the engine computes it once).
    pub fn threshold_power(&self) -> f64 {
        power(self.threshold, self.steepness)
    }

    /// g(s) given θ^n.
    #[inline]
    pub fn response_with(&self, s: f64, tn: f64) -> f64 {
        match self.response {
            Response::Linear => s,
            Response::Threshold => {
                if s <= 0.0 {
                    return 0.0;
                }
                let sn = power(s, self.steepness);
                (1.0 + tn) * sn / (sn + tn)
            }
        }
    }
}

/// x^n with exact repeated multiplication for small whole n (the common case, and
/// cheaper than `pow`); `libm::pow` otherwise. Both are the same on every platform.
#[inline]
fn power(x: f64, n: f64) -> f64 {
    if n == n.trunc() && (1.0..=8.0).contains(&n) {
        let mut r = x;
        for _ in 1..n as u32 {
            r *= x;
        }
        r
    } else {
        libm::pow(x, n)
    }
}

pub fn check_range(field: &str, v: f64, min: f64, max: f64) -> Result<(), SimError> {
    if !in_range(v, min, max) {
        return Err(SimError::range(field, v, min, max));
    }
    Ok(())
}

/// Is `v` a finite number in [min, max]?
fn in_range(v: f64, min: f64, max: f64) -> bool {
    v.is_finite() && v >= min && v <= max
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_declared_parameter_is_read_and_set_by_its_own_name_and_nothing_else() {
        let base = Params::default();
        base.validate().expect("defaults in range");
        for info in PARAM_INFO {
            let mut p = base.clone();
            let v = info.min + (info.max - info.min) * 0.25;
            p.set(info.name, v).expect("in range");
            assert_eq!(p.get(info.name), Some(v), "{}", info.name);
            for other in PARAM_INFO.iter().filter(|o| o.name != info.name) {
                assert_eq!(p.get(other.name), base.get(other.name), "setting {} moved {}", info.name, other.name);
            }
            let err = p.set(info.name, info.max + 1.0).expect_err("above range").to_string();
            assert!(err.contains(&format!("params.{}", info.name)), "{err}");
        }
        assert!(base.get("response").is_none() && Params::default().set("nope", 1.0).is_err());
    }
}
