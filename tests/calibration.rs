//! Region presets, the ABC-SMC calibration and the fit report (issue 3).

use renkei::sim::calibrate::{self, Config, Prior, Proposal, Target};
use renkei::sim::date::Date;
use renkei::sim::error::SimError;
use renkei::sim::montecarlo::{Quiet, Workspace};
use renkei::sim::params::Params;
use renkei::sim::regions;

/// Regions whose fit target the shipped model is known to miss, with the reason
/// (docs/calibration.md, "Where the model still fails"). Their error is still bounded below.
/// (None since early adopters are drawn from offices without a barrier: see docs/model.md §2.)
const KNOWN_MISSES: &[(&str, &str)] = &[];

/// Leave-one-out predictions known to miss the 5-point target (docs/calibration.md).
const KNOWN_LOO_MISSES: &[(&str, &str)] = &[(
    "chitose",
    "the other three regions start near 0% and cannot pin how hard the offices left in an advanced region are",
)];

#[test]
fn presets_load_and_validate() {
    let at = Date::parse(calibrate::TARGET_DATE).expect("target date");
    for r in regions::REGIONS {
        let s = regions::preset(r).unwrap_or_else(|| panic!("preset {r}"));
        s.validate().unwrap_or_else(|e| panic!("{r}: {e}"));
        assert_eq!(s.name, r);
        assert!(s.end >= Date::parse("2027-03-31").expect("date"), "{r}: horizon ends {}", s.end);
        assert!(s.observed.iter().any(|o| o.date == at), "{r}: no observation at {at}");
        assert!(!s.strategy.levers.is_empty(), "{r}: no strategy");
        let t = Target::preset(r, 1.0).unwrap_or_else(|e| panic!("{r}: {e}"));
        assert!(t.observed > 0.0 && t.observed < 1.0);
        assert!(t.scale() > 0.0 && t.scale() <= calibrate::MAX_SCALE);
    }
}

fn tiny_config(seed: u64) -> Config {
    Config {
        particles: 8,
        generations: 2,
        batch: 6,
        seed,
        priors: vec![Prior::new("p", 0.0, 0.15), Prior::new("outreach_efficacy", 0.0, 1.0)],
        ..Config::default()
    }
}

fn tiny_calibration(seed: u64, chunk: usize) -> calibrate::Posterior {
    let targets = vec![Target::preset("higashisonogi", 0.1).expect("target")];
    let cfg = tiny_config(seed);
    let base = Params::default();
    let c2 = cfg.clone();
    // Evaluate each batch in chunks of `chunk` with fresh workspaces, as a worker would.
    let mut eval = |b: &[Proposal]| -> Result<Vec<f64>, SimError> {
        let mut out = Vec::new();
        for part in b.chunks(chunk) {
            let mut ws: Vec<Workspace> = Vec::new();
            out.extend(calibrate::evaluate_batch(&targets, &base, &c2, part, &mut ws)?);
        }
        Ok(out)
    };
    calibrate::calibrate(cfg, &mut eval, &mut Quiet).expect("calibration runs")
}

#[test]
fn seeded_calibration_is_reproducible() {
    let a = tiny_calibration(7, 6);
    let b = tiny_calibration(7, 6);
    let c = tiny_calibration(7, 2);
    assert_eq!(a, b, "same seed, same posterior");
    assert_eq!(a.particles, c.particles, "the chunking does not change the result");
    assert_eq!(a.weights, c.weights);
    assert_eq!(a.particles.len(), 8);
    assert!((a.weights.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    assert_eq!(a.generations.len(), 2);
    let d = tiny_calibration(8, 6);
    assert_ne!(a.particles, d.particles, "another seed, another posterior");
}

#[test]
fn calibration_rejects_bad_settings() {
    let mut cfg = tiny_config(1);
    cfg.priors.push(Prior::new("no_such_parameter", 0.0, 1.0));
    assert!(cfg.validate().is_err());
    let mut cfg = tiny_config(1);
    cfg.priors[0].hi = 99.0; // p allows at most 5
    assert!(cfg.validate().is_err());
    let mut cfg = tiny_config(1);
    cfg.particles = 1;
    assert!(cfg.validate().is_err());
    assert!(Target::preset("atlantis", 1.0).is_err());
}

fn known_miss(region: &str) -> bool {
    KNOWN_MISSES.iter().any(|(r, _)| *r == region)
}

/// A test of the data: the shipped defaults reproduce the observed regions (issue 3 targets).
/// Ignored until the recalibration that follows the structural change of issue 9 item 4
/// (out-of-scope offices, lifting barriers, M(t) on own decisions only, pledges): the shipped
/// defaults were fitted to the old structure. Run with `--ignored` to see how far they are.
#[test]
#[ignore = "defaults predate the structure of issue 9 item 4; un-ignore after recalibrating"]
fn fit_with_shipped_defaults_meets_targets() {
    let params = Params::default();
    for r in regions::REGIONS {
        let row = calibrate::fit_region(r, &params, 100, 20250831).expect("fit");
        eprintln!("{r}: observed {:.3} median {:.3} [{:.3}, {:.3}]", row.observed, row.median, row.p05, row.p95);
        if known_miss(r) {
            assert!(row.error <= 0.08, "{r}: error {:.3} grew beyond the documented miss", row.error);
        } else {
            assert!(calibrate::meets_target(&row), "{r}: {row:?}");
        }
    }
}

/// The committed leave-one-region-out result (written by `renkei calibrate --loo`).
#[test]
fn leave_one_out_file_meets_targets() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/loo.json");
    let text = std::fs::read_to_string(path).expect("data/loo.json is committed");
    let v: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let rows = v["leave_one_out"].as_array().expect("leave_one_out rows");
    assert_eq!(rows.len(), 4);
    for row in rows {
        let region = row["region"].as_str().expect("region");
        let err = (row["median"].as_f64().expect("median") - row["observed"].as_f64().expect("observed")).abs();
        if KNOWN_LOO_MISSES.iter().any(|(r, _)| *r == region) {
            assert!(err <= 0.12, "{region}: leave-one-out error {err:.3} grew beyond the documented miss");
        } else {
            assert!(err <= 0.05, "{region}: leave-one-out error {err:.3}");
        }
    }
}
