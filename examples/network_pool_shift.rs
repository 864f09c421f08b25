//! How far a calibration's pool of networks moves each figure's mean (docs/calibration.md,
//! "networks"). A calibration target's replications run on networks picked from one pool of 64
//! drawn per calibration (`montecarlo::network_pool`), so each figure's expected value is the
//! pool's, not the generator's. This draws `POOLS` pools per target and, at the default
//! parameters (the posterior medians), the figures' means over `reps` replications in each; the
//! spread of those means beyond their Monte Carlo noise is the pool's shift. Printed in units of
//! each figure's observation SD, beside the noise of one evaluation's mean (what the ABC's
//! distance already carries).
//!
//! `cargo run --release --example network_pool_shift [REPS] [NAME=VALUE ...]` (default 256
//! replications at the default parameters; NAME=VALUE sets a parameter, e.g. `q=2.4`, to look
//! where the network matters more; about 1 min on one core at 2048).
use renkei::sim::experiment::calibrate::{self, Networks, Source, Target};
use renkei::sim::experiment::montecarlo::Workspace;
use renkei::sim::rng;
use renkei::sim::scenario::params::Params;

const POOLS: u64 = 8;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let reps: u32 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(256);
    let mut params = Params::default();
    for arg in std::env::args().skip(2) {
        let (name, value) = arg.split_once('=').ok_or("parameters are given as NAME=VALUE")?;
        params.set(name, value.parse()?)?;
    }
    println!("figure | evaluation's noise (SD) | pool shift (SD) | pools' spread | replications' share of it");
    for region in calibrate::all_targets() {
        let t = Target::preset(&region, 1.0)?;
        // The national target's replications cost ten regional ones: a quarter as many.
        let n = if region == "national" { reps / 4 } else { reps }.max(8);
        // means[pool][figure], and each figure's replication variance pooled over pools.
        let mut means = vec![vec![0.0; t.figures.len()]; POOLS as usize];
        let mut var = vec![0.0; t.figures.len()];
        for c in 0..POOLS {
            let mut ws = Workspace::default();
            let values = t.simulate(Source::Fixed(&params), rng::mix64(c ^ 0xABC), n, Networks::Pool(c), &mut ws)?;
            for (k, v) in values.iter().enumerate() {
                let m = v.iter().sum::<f64>() / v.len() as f64;
                means[c as usize][k] = m;
                var[k] += v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (v.len() - 1) as f64 / POOLS as f64;
            }
        }
        for (k, f) in t.figures.iter().enumerate() {
            let m = means.iter().map(|p| p[k]).sum::<f64>() / POOLS as f64;
            let spread = means.iter().map(|p| (p[k] - m).powi(2)).sum::<f64>() / (POOLS - 1) as f64;
            // The spread of pool means = the pool's shift² + the replications' noise²/n.
            let noise = var[k] / n as f64;
            let shift = (spread - noise).max(0.0).sqrt();
            let eval = (var[k] / t.reps as f64).sqrt();
            println!(
                "{} | {:.3} | {:.3} | {:.3} | {:.0}%",
                f.name,
                eval / f.sd,
                shift / f.sd,
                spread.sqrt() / f.sd,
                100.0 * noise / spread.max(f64::MIN_POSITIVE)
            );
        }
    }
    Ok(())
}
