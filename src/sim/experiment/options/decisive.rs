//! The unknown that decides (issue 21 §3; docs/model.md, "The unknown that decides").
//!
//! In a posterior run each replication draws its parameters from the calibrated posterior by
//! (seed, replication), and two options run with the same seed share every draw. So the share
//! of replications in which A ends above B is the share of posterior draws ("plausible worlds")
//! in which A beats B, chance included. Which drawn parameter the paired difference depends on
//! most is read from Spearman's rank correlation, over replications, between each drawn
//! parameter and the difference A − B.

use crate::sim::scenario::posterior::{self, Uncertainty};
use crate::sim::scenario::Scenario;
use serde::{Deserialize, Serialize};

use super::Spread;

/// At least this share of draws on one side reads as "A beats B" (else it depends).
pub const CLEAR: f64 = 0.9;

/// How a rank correlation compares with what chance alone gives over `n` replications: above
/// 3/√n (about three standard errors of ρ under independence, so that among the 13 drawn
/// parameters chance alone crosses it in about 3% of comparisons) it is read as a dependence.
pub fn noise_level(n: usize) -> f64 {
    3.0 / (n.max(1) as f64).sqrt()
}

/// One drawn parameter and how the paired difference depends on it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dependence {
    pub parameter: String,
    /// Spearman's rank correlation over replications between the drawn value and A − B
    /// (positive: the larger the parameter, the more A gains over B).
    pub spearman: f64,
    /// Does the calibration identify it (`not_identified` of the shipped posterior)?
    pub identified: bool,
}

/// What the sentence says, for a page to put in its own language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// A ends above B in at least 90% of the draws.
    ABeatsB,
    /// B ends above A in at least 90% of the draws.
    BBeatsA,
    /// Neither, and the difference depends on a drawn parameter the data do not identify:
    /// measuring it would settle the choice.
    DependsOnUnidentified,
    /// Neither, and the difference depends most on a parameter the calibration identifies.
    DependsOnIdentified,
    /// Neither, and no drawn parameter explains the difference beyond chance (or none is
    /// drawn): it is the chance of networks and events, which no pilot settles.
    Chance,
}

/// Option A against option B over the posterior draws.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Decisive {
    pub a: String,
    pub b: String,
    /// Share of replications (posterior draws) in which A ends strictly above B.
    pub share_a_beats_b: f64,
    /// Share in which they end equal.
    pub share_tied: f64,
    /// A − B at the horizon, paired by replication (rate units).
    pub difference: Spread,
    pub replications: usize,
    /// The parameter the difference depends on most (largest |ρ|), if any is drawn.
    pub decisive: Option<Dependence>,
    /// Every drawn parameter, largest |ρ| first.
    pub parameters: Vec<Dependence>,
    /// |ρ| at or below this is within what chance alone gives (3/√replications).
    pub noise_level: f64,
    pub verdict: Verdict,
    /// The verdict in English (the page builds its own from the fields).
    pub sentence: String,
}

/// The drawn parameters of `scn`'s replications: (name, value per replication, identified).
/// Empty for fixed parameters.
pub fn drawn(scn: &Scenario) -> Vec<(String, Vec<f64>, bool)> {
    if scn.uncertainty != Uncertainty::Posterior {
        return vec![];
    }
    let p = posterior::shipped();
    let draws: Vec<usize> = (0..scn.replications as u64).map(|rep| p.draw(scn.seed, rep)).collect();
    p.names
        .iter()
        .enumerate()
        .filter(|(_, n)| !scn.pinned.contains(n))
        .map(|(k, n)| {
            let values = draws.iter().map(|&i| p.particles[i][k]).collect();
            (n.clone(), values, !p.not_identified.contains(n))
        })
        .collect()
}

/// Ranks with ties sharing their mean rank.
fn ranks(v: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..v.len()).collect();
    idx.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
    let mut r = vec![0.0; v.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && v[idx[j + 1]] == v[idx[i]] {
            j += 1;
        }
        let mean = (i + j) as f64 / 2.0;
        for &k in &idx[i..=j] {
            r[k] = mean;
        }
        i = j + 1;
    }
    r
}

/// Spearman's rank correlation (Pearson's on mid-ranks); 0 when either side is constant.
pub fn spearman(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len().min(y.len());
    if n < 2 {
        return 0.0;
    }
    let (rx, ry) = (ranks(&x[..n]), ranks(&y[..n]));
    let m = (n - 1) as f64 / 2.0;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in rx.iter().zip(&ry) {
        sxy += (a - m) * (b - m);
        sxx += (a - m) * (a - m);
        syy += (b - m) * (b - m);
    }
    if sxx == 0.0 || syy == 0.0 {
        return 0.0;
    }
    sxy / (sxx * syy).sqrt()
}

/// Option `a` (horizon rate per replication) against `b`, with the drawn parameters of the
/// run (from [`drawn`]).
pub fn compare(a: &str, ha: &[f64], b: &str, hb: &[f64], drawn: &[(String, Vec<f64>, bool)]) -> Decisive {
    let diff: Vec<f64> = ha.iter().zip(hb).map(|(x, y)| x - y).collect();
    let n = diff.len();
    let share = |f: &dyn Fn(f64) -> bool| diff.iter().filter(|&&d| f(d)).count() as f64 / n.max(1) as f64;
    let (a_wins, tied) = (share(&|d| d > 0.0), share(&|d| d == 0.0));
    let b_wins = 1.0 - a_wins - tied;
    let mut parameters: Vec<Dependence> = drawn
        .iter()
        .map(|(name, values, identified)| Dependence {
            parameter: name.clone(),
            spearman: spearman(values, &diff),
            identified: *identified,
        })
        .collect();
    parameters.sort_by(|x, y| y.spearman.abs().total_cmp(&x.spearman.abs()));
    let top = parameters.first().cloned();
    let noise = noise_level(n);
    let explains = top.as_ref().filter(|d| d.spearman.abs() > noise);
    let verdict = if a_wins >= CLEAR {
        Verdict::ABeatsB
    } else if b_wins >= CLEAR {
        Verdict::BBeatsA
    } else {
        match explains {
            Some(d) if !d.identified => Verdict::DependsOnUnidentified,
            Some(_) => Verdict::DependsOnIdentified,
            None => Verdict::Chance,
        }
    };
    let pct = |x: f64| format!("{:.0}%", 100.0 * x);
    // "q (rank correlation -0.41: the larger it is, the more B gains)"
    let on = |d: &Dependence| {
        format!(
            "{} (rank correlation {:+.2}: the larger it is, the more {} gains)",
            d.parameter,
            d.spearman,
            if d.spearman > 0.0 { a } else { b }
        )
    };
    let split = format!("{a} beats {b} in {} of plausible worlds, {b} beats {a} in {}", pct(a_wins), pct(b_wins));
    let sentence = match (verdict, explains) {
        (Verdict::ABeatsB | Verdict::BBeatsA, _) => {
            let (w, l, s) = if verdict == Verdict::ABeatsB { (a, b, a_wins) } else { (b, a, b_wins) };
            let mut t = format!("{w} beats {l} in {} of plausible worlds (posterior draws)", pct(s));
            if let Some(d) = explains {
                t.push_str(&format!("; the margin depends most on {}", on(d)));
            }
            t
        }
        (Verdict::DependsOnUnidentified, Some(d)) => format!(
            "{split}: which is better depends on {}, which the data do not pin down; a pilot that measures it would \
             settle the choice",
            on(d)
        ),
        (Verdict::DependsOnIdentified, Some(d)) => format!(
            "{split}: the difference depends most on {}, which the calibration identifies: the choice is close \
             rather than unknown",
            on(d)
        ),
        _ => format!(
            "{split}: no drawn parameter explains the difference beyond chance (|rank correlation| ≤ {noise:.2}); \
             it is the chance of networks and events, which no pilot would settle: the two are about equal"
        ),
    };
    Decisive {
        a: a.to_string(),
        b: b.to_string(),
        share_a_beats_b: a_wins,
        share_tied: tied,
        difference: Spread::of(diff),
        replications: n,
        decisive: top,
        parameters,
        noise_level: noise,
        verdict,
        sentence,
    }
}

/// [`compare`] for two options of a scenario run with the same seed.
pub fn decisive(scn: &Scenario, a: &str, ha: &[f64], b: &str, hb: &[f64]) -> Decisive {
    compare(a, ha, b, hb, &drawn(scn))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spearman_is_one_for_a_monotone_relation_and_handles_ties() {
        let x = [1.0, 2.0, 3.0, 4.0, 5.0];
        let y = [0.1, 0.4, 0.9, 1.6, 2.5];
        assert!((spearman(&x, &y) - 1.0).abs() < 1e-12);
        let down: Vec<f64> = y.iter().map(|v| -v).collect();
        assert!((spearman(&x, &down) + 1.0).abs() < 1e-12);
        assert_eq!(spearman(&x, &[1.0; 5]), 0.0, "a constant side has no correlation");
        assert_eq!(ranks(&[3.0, 1.0, 3.0, 2.0]), vec![2.5, 0.0, 2.5, 1.0]);
    }

    #[test]
    fn a_difference_driven_by_an_unidentified_parameter_is_said_to_depend_on_it() {
        // A − B = θ − 0.5 (θ uniform over 0..1): A wins half the draws, and θ decides.
        let n = 200;
        let theta: Vec<f64> = (0..n).map(|i| ((i * 37) % n) as f64 / n as f64).collect();
        let other: Vec<f64> = (0..n).map(|i| ((i * 91) % n) as f64 / n as f64).collect();
        let hb = vec![0.4; n];
        let ha: Vec<f64> = theta.iter().map(|t| 0.4 + (t - 0.5) * 0.1).collect();
        let drawn = vec![("other".to_string(), other, true), ("training_efficacy".to_string(), theta, false)];
        let d = compare("A", &ha, "B", &hb, &drawn);
        assert_eq!(d.verdict, Verdict::DependsOnUnidentified, "{}", d.sentence);
        let top = d.decisive.as_ref().expect("a parameter");
        assert_eq!(top.parameter, "training_efficacy");
        assert!(top.spearman > 0.99);
        assert!(d.sentence.contains("training_efficacy") && d.sentence.contains("pilot"), "{}", d.sentence);
        // Shifted up, A beats B in every draw: the sentence says so.
        let ha2: Vec<f64> = ha.iter().map(|v| v + 0.06).collect();
        let d2 = compare("A", &ha2, "B", &hb, &drawn);
        assert_eq!(d2.verdict, Verdict::ABeatsB);
        assert_eq!(d2.share_a_beats_b, 1.0);
        assert!(d2.sentence.starts_with("A beats B in 100% of plausible worlds"), "{}", d2.sentence);
    }

    #[test]
    fn without_drawn_parameters_a_split_is_chance() {
        let ha = [0.1, 0.3, 0.2, 0.4];
        let hb = [0.2, 0.2, 0.3, 0.3];
        let d = compare("A", &ha, "B", &hb, &[]);
        assert_eq!(d.verdict, Verdict::Chance);
        assert!(d.decisive.is_none());
        assert_eq!(d.share_a_beats_b, 0.5);
    }
}
