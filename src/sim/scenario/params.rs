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

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Params {
    /// Innovation rate p (per year): adoption decisions independent of partners.
    pub p: f64,
    /// Imitation rate q (per year) at full partner adoption.
    pub q: f64,
    pub response: Response,
    /// Threshold θ of the S-shaped response (share of partners).
    pub threshold: f64,
    /// Steepness n of the S-shaped response.
    pub steepness: f64,
    /// Probability that one outreach contact moves a not-adopted office to planning.
    pub outreach_efficacy: f64,
    /// Relative increase of outreach efficacy when the centre itself has adopted.
    pub advocate_boost: f64,
    /// Probability that a training attendee who has not adopted decides to adopt.
    pub training_efficacy: f64,
    /// Probability that an individual visit moves a not-adopted office to planning.
    pub visit_efficacy: f64,
    /// Probability that a partner's request moves a not-adopted office to planning.
    pub request_efficacy: f64,
    /// Setup completion rate (per year) from planning to adopted; `null` = at once (two-state core case).
    pub setup_rate: Option<f64>,
    /// Share of offices with a barrier (care software not ready, certificate, ICT rules).
    pub barrier_share: f64,
    /// Factor on the setup rate of an office with a barrier.
    pub barrier_factor: f64,
    /// Factor on the decision rate (and on lever success) of an office with a barrier:
    /// without ready care software an office cannot start. Initial adopters are drawn
    /// from offices without a barrier, so the offices left in an advanced region are harder.
    #[serde(default = "default_barrier_decision")]
    pub barrier_decision: f64,
    /// Rate (per year) at which an office's barrier lifts (care-software versions that support
    /// the linkage arrive over time, brief §1). Assumption; calibrated.
    pub readiness_rate: f64,
    /// Relative increase of the setup rate under hands-on support (and decrease of drop-out).
    pub support_boost: f64,
    /// Rate (per year) at which planning offices give up and return to not adopted.
    pub planning_dropout: f64,
    /// Stopping rate (per year) of an adopter with at least one active link.
    pub stop_rate: f64,
    /// Factor on the stopping rate of an adopter with no active link.
    pub isolation_factor: f64,
    /// Probability that an adopter who started under a fee waiver and has no active link stops when it ends.
    pub waiver_end_stop: f64,
    /// Relative increase of the decision rate while the licence fee is waived.
    pub waiver_boost: f64,
    /// Relative increase of the decision rate before a policy deadline (times the deadline's weight).
    pub deadline_boost: f64,
}

impl Default for Params {
    /// The point a fixed-parameter run uses (`"uncertainty": "fixed"`; default runs draw every
    /// calibrated parameter from the shipped posterior instead, data/posterior.json). The
    /// calibrated parameters are the posterior medians, to 3 significant digits, of
    /// `renkei calibrate --particles 400 --generations 12 --seed 20261130` on every figure of
    /// brief §4 and §4a (data/calibration.json, docs/calibration.md); nine of the thirteen are not
    /// identified by the data, so a single point hides most of the uncertainty. Every other
    /// value is fixed, with its evidence or "assumption" in docs/model.md §8.
    fn default() -> Params {
        Params {
            p: 0.0901,
            q: 0.271,
            response: Response::Threshold,
            threshold: 0.461,
            steepness: 2.0,
            outreach_efficacy: 0.728,
            advocate_boost: 1.0,
            training_efficacy: 0.537,
            visit_efficacy: 0.178,
            request_efficacy: 0.3,
            setup_rate: Some(29.5),
            barrier_share: 0.590,
            barrier_factor: 0.3,
            barrier_decision: 0.265,
            readiness_rate: 0.561,
            support_boost: 2.0,
            planning_dropout: 2.18,
            stop_rate: 0.0129,
            isolation_factor: 3.0,
            waiver_end_stop: 0.2,
            waiver_boost: 4.47,
            deadline_boost: 0.5,
        }
    }
}

/// One numeric parameter's name, allowed range, unit and one-line help (for the UI and errors).
#[derive(Clone, Copy, Debug, Serialize)]
pub struct ParamInfo {
    pub name: &'static str,
    pub min: f64,
    pub max: f64,
    pub unit: &'static str,
    pub help_en: &'static str,
    pub help_ja: &'static str,
}

macro_rules! info {
    ($n:expr, $lo:expr, $hi:expr, $u:expr, $en:expr, $ja:expr) => {
        ParamInfo { name: $n, min: $lo, max: $hi, unit: $u, help_en: $en, help_ja: $ja }
    };
}

/// Every numeric parameter with its range; `Params::get`/`set` use the same names.
pub const PARAM_INFO: &[ParamInfo] = &[
    info!("p", 0.0, 5.0, "/year", "Adoption rate without partner influence", "取引先に関係なく導入を決める率"),
    info!("q", 0.0, 20.0, "/year", "Adoption rate when all partners use it", "取引先が全て導入済みのときの導入決定率"),
    info!(
        "threshold",
        0.01, 1.0, "share", "Partner share at which the S-curve turns up", "足並みを揃える閾値(取引先の導入割合)"
    ),
    info!("steepness", 1.0, 10.0, "", "How sharply the S-curve turns", "閾値の急峻さ"),
    info!(
        "outreach_efficacy",
        0.0, 1.0, "prob.", "Chance one centre contact leads to a decision", "包括の働きかけ1回で導入を決める確率"
    ),
    info!(
        "advocate_boost",
        0.0,
        10.0,
        "×",
        "Extra efficacy when the centre itself uses the system",
        "包括自身が導入済みのときの効果の上乗せ"
    ),
    info!(
        "training_efficacy",
        0.0, 1.0, "prob.", "Chance a training attendee decides to adopt", "研修参加事業所が導入を決める確率"
    ),
    info!(
        "visit_efficacy",
        0.0, 1.0, "prob.", "Chance an individual visit leads to a decision", "個別訪問で導入を決める確率"
    ),
    info!(
        "request_efficacy",
        0.0, 1.0, "prob.", "Chance a partner's request leads to a decision", "取引先からの依頼で導入を決める確率"
    ),
    info!(
        "setup_rate",
        0.1,
        100.0,
        "/year",
        "Setup completions per year (12 = one month on average)",
        "導入準備の完了率(12で平均1か月)"
    ),
    info!(
        "barrier_share",
        0.0, 1.0, "share", "Offices whose software or ICT is not ready", "ソフト・ICT環境が未対応の事業所の割合"
    ),
    info!(
        "barrier_factor",
        0.0, 1.0, "×", "Setup speed of an office with a barrier", "障壁のある事業所の準備速度の倍率"
    ),
    info!(
        "barrier_decision",
        0.0, 1.0, "×", "Decision speed of an office with a barrier", "障壁のある事業所の導入決定の倍率"
    ),
    info!(
        "readiness_rate",
        0.0,
        5.0,
        "/year",
        "Rate at which a barrier lifts (care software becomes ready)",
        "障壁が解消する率(介護ソフトの対応版が届く)"
    ),
    info!("support_boost", 0.0, 20.0, "×", "Extra setup speed with hands-on support", "伴走支援による準備速度の上乗せ"),
    info!("planning_dropout", 0.0, 10.0, "/year", "Rate of giving up during setup", "準備中に断念する率"),
    info!(
        "stop_rate",
        0.0, 5.0, "/year", "Stopping rate of an adopter with active links", "連携先のある導入済み事業所の利用停止率"
    ),
    info!(
        "isolation_factor",
        1.0, 50.0, "×", "Stopping rate multiplier with no active link", "連携先がない場合の停止率の倍率"
    ),
    info!(
        "waiver_end_stop",
        0.0,
        1.0,
        "prob.",
        "Chance an isolated free-pass adopter stops when the waiver ends",
        "無料期間終了時に連携先のない事業所が停止する確率"
    ),
    info!(
        "waiver_boost",
        0.0, 20.0, "×", "Extra decision rate while the fee is waived", "ライセンス料無料期間中の導入決定率の上乗せ"
    ),
    info!(
        "deadline_boost",
        0.0, 20.0, "×", "Extra decision rate before a policy deadline", "制度上の期限前の導入決定率の上乗せ"
    ),
];

impl Params {
    /// A numeric parameter by name (`setup_rate` is `None` when setup is instantaneous).
    pub fn get(&self, name: &str) -> Option<f64> {
        Some(match name {
            "p" => self.p,
            "q" => self.q,
            "threshold" => self.threshold,
            "steepness" => self.steepness,
            "outreach_efficacy" => self.outreach_efficacy,
            "advocate_boost" => self.advocate_boost,
            "training_efficacy" => self.training_efficacy,
            "visit_efficacy" => self.visit_efficacy,
            "request_efficacy" => self.request_efficacy,
            "setup_rate" => self.setup_rate?,
            "barrier_share" => self.barrier_share,
            "barrier_factor" => self.barrier_factor,
            "barrier_decision" => self.barrier_decision,
            "readiness_rate" => self.readiness_rate,
            "support_boost" => self.support_boost,
            "planning_dropout" => self.planning_dropout,
            "stop_rate" => self.stop_rate,
            "isolation_factor" => self.isolation_factor,
            "waiver_end_stop" => self.waiver_end_stop,
            "waiver_boost" => self.waiver_boost,
            "deadline_boost" => self.deadline_boost,
            _ => return None,
        })
    }

    /// Sets a numeric parameter by name, checking its range.
    pub fn set(&mut self, name: &str, v: f64) -> Result<(), SimError> {
        let info = PARAM_INFO
            .iter()
            .find(|i| i.name == name)
            .ok_or_else(|| SimError::invalid(format!("params.{name}"), "no such parameter"))?;
        check_range(&format!("params.{name}"), v, info.min, info.max)?;
        let slot = match name {
            "p" => &mut self.p,
            "q" => &mut self.q,
            "threshold" => &mut self.threshold,
            "steepness" => &mut self.steepness,
            "outreach_efficacy" => &mut self.outreach_efficacy,
            "advocate_boost" => &mut self.advocate_boost,
            "training_efficacy" => &mut self.training_efficacy,
            "visit_efficacy" => &mut self.visit_efficacy,
            "request_efficacy" => &mut self.request_efficacy,
            "setup_rate" => {
                self.setup_rate = Some(v);
                return Ok(());
            }
            "barrier_share" => &mut self.barrier_share,
            "barrier_factor" => &mut self.barrier_factor,
            "barrier_decision" => &mut self.barrier_decision,
            "readiness_rate" => &mut self.readiness_rate,
            "support_boost" => &mut self.support_boost,
            "planning_dropout" => &mut self.planning_dropout,
            "stop_rate" => &mut self.stop_rate,
            "isolation_factor" => &mut self.isolation_factor,
            "waiver_end_stop" => &mut self.waiver_end_stop,
            "waiver_boost" => &mut self.waiver_boost,
            "deadline_boost" => &mut self.deadline_boost,
            _ => return Err(SimError::invalid(format!("params.{name}"), "no such parameter")),
        };
        *slot = v;
        Ok(())
    }

    pub fn validate(&self) -> Result<(), SimError> {
        for info in PARAM_INFO {
            if let Some(v) = self.get(info.name) {
                check_range(&format!("params.{}", info.name), v, info.min, info.max)?;
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

fn default_barrier_decision() -> f64 {
    Params::default().barrier_decision
}

pub fn check_range(field: &str, v: f64, min: f64, max: f64) -> Result<(), SimError> {
    if !v.is_finite() || v < min || v > max {
        return Err(SimError::invalid(field, format!("{v} is out of range: allowed {min} to {max}")));
    }
    Ok(())
}
