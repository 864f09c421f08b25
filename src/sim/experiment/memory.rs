//! The memory a run will need, estimated from the scenario before it starts, so that a
//! run too large for the machine is refused with a message instead of aborting with
//! "memory allocation failed" after minutes of work. The figures follow what
//! `montecarlo` keeps (measured, see docs/reliability.md); they err on the high side.

use crate::sim::experiment::montecarlo::NETWORK_POOL;
use crate::sim::scenario::strategy::Lever;
use crate::sim::scenario::tables;
use crate::sim::scenario::{Network, Scenario};

/// Memory by part, in bytes.
#[derive(Clone, Debug, PartialEq)]
pub struct Estimate {
    pub parts: Vec<(&'static str, u64)>,
}

impl Estimate {
    pub fn total(&self) -> u64 {
        self.parts.iter().map(|p| p.1).fold(0, u64::saturating_add)
    }

    /// `network 1.2 GB, replication tally 5.8 GB, ...` (parts of at least 1 MB).
    pub fn describe(&self) -> String {
        let big: Vec<String> =
            self.parts.iter().filter(|p| p.1 >= 1 << 20).map(|(n, b)| format!("{n} {}", human(*b))).collect();
        big.join(", ")
    }
}

/// Bytes as `1.2 GB` / `35 MB` (powers of 1024, as the limit is given).
pub fn human(bytes: u64) -> String {
    let b = bytes as f64;
    match bytes {
        b2 if b2 >= 1 << 30 => format!("{:.1} GB", b / (1u64 << 30) as f64),
        b2 if b2 >= 1 << 20 => format!("{:.0} MB", b / (1u64 << 20) as f64),
        _ => format!("{:.0} kB", b / 1024.0),
    }
}

/// The estimate for `scn` run on `threads` threads; `with_paths` when every replication's
/// trajectory is written out too (`run --paths`).
pub fn estimate(scn: &Scenario, threads: usize, with_paths: bool) -> Estimate {
    let pop = &scn.population;
    let n = pop.home_offices() as u64 + pop.external_offices as u64;
    let areas = pop.areas.len() as u64;
    let reps = scn.replications as u64;
    // Reporting dates: the start, every month end and the end.
    let dates = (scn.start.days_until(scn.end).max(0) as u64 * 12 / 365) + 3;
    let metrics = 8 + areas;
    let (world, links) = match &scn.network {
        Network::Generated { mean_partners, cross_border, .. } => {
            let cms = (n as f64 * pop.care_management_share) as u64 + areas;
            let links = (cms as f64 * mean_partners.max(1.0) * (1.1 + cross_border)) as u64 + 16;
            // CSR (offsets, neighbours twice), roles, areas, members, the kept edge list, provider lists.
            (24 * n + 16 * links, links)
        }
        Network::Complete => {
            let links = n * n.saturating_sub(1) / 2;
            (16 * n + 8 * links, links)
        }
        Network::Table { edges, offices } => {
            let links = tables::data_lines(edges) as u64;
            // The parsed table (ids, areas as text, an index) lives while the world is built.
            (16 * n + 16 * links + 2 * (offices.len() as u64 + edges.len() as u64), links)
        }
    };
    let resample = matches!(scn.network, Network::Generated { resample: true, .. });
    let pool = if resample { (NETWORK_POOL as u64).min(reps).min(((256u64 << 20) / world.max(1)).max(1)) } else { 1 };
    let monthly = scn
        .strategy
        .levers
        .iter()
        .filter(|l| matches!(l, Lever::Visits { .. } | Lever::Support { .. } | Lever::PartnerRequest { .. }))
        .count() as u64;
    let threads = (threads.max(1) as u64).min(reps.max(1));
    // A replication's working state (`Sim::state_bytes`: 64 B per office at national scale, with
    // margin) plus each monthly lever's candidate list, and the replication's record (a value
    // per date and metric, a vector per date) until it is added to the tally, in every thread.
    let per_thread = 100 * n + 4 * n * monthly + 8 * links / 4 + dates * (8 * metrics + 48);
    // The tally (`montecarlo::Tally`), per date and metric: a counter per value the metric can
    // take (a whole number of offices, or such a number over a fixed denominator) or, when
    // there are fewer replications than values, a numerator per replication (4 B either way);
    // the active-link share of resampled networks as a value per replication (8 B).
    let kept = |values: u64| 4 * values.min(reps);
    let fixed = kept(pop.home_offices() as u64 + 1) + 6 * kept(n + 1);
    let active = if pool > 1 { 8 * reps } else { kept(links + 1) };
    let by_area: u64 = pop.areas.iter().map(|a| kept(a.offices as u64 + 1)).sum();
    let tally = dates * (fixed + active + by_area);
    // The summary's quantiles (48 B each) and the paths (f32 per replication and date).
    let summary = dates * metrics * 64 + reps * (dates * 4 + 32);
    // The output text: about 200 B per quantile block pretty-printed, 30 B per path value.
    let output = dates * metrics * 200 + if with_paths { reps * dates * 30 } else { 0 };
    // Two phases, measured with /usr/bin/time (docs/reliability.md): the replications
    // (networks, threads, the tally, then the summary), and the output (tally freed, the
    // summary copied once while the JSON is made, and the text).
    // The program itself, its allocator and the scenario (measured: about 4 MB; with margin).
    const PROGRAM: u64 = 16 << 20;
    let run = vec![
        ("program", PROGRAM),
        ("network", world.saturating_mul(pool)),
        ("working state", per_thread.saturating_mul(threads)),
        ("replication tally", tally),
        ("summary", summary),
    ];
    let write = vec![
        ("program", PROGRAM),
        ("network", world.saturating_mul(pool)),
        ("summary", 2 * summary),
        ("output", output),
    ];
    let (run, write) = (Estimate { parts: run }, Estimate { parts: write });
    if run.total() >= write.total() {
        run
    } else {
        write
    }
}
