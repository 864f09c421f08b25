//! Experiments (BehaviorSpace-style): a base scenario, parameter values on a grid
//! or sampled from ranges, a list of seeds, and a results table. Points are
//! numbered; a shard runs a contiguous slice of rows, so the slices of N shards
//! concatenate into exactly the table a single run gives.

use crate::sim::error::SimError;
use crate::sim::experiment::montecarlo::{self, Progress};
use crate::sim::rng;
use crate::sim::scenario::regions;
use crate::sim::scenario::{self, Scenario};
// The cell writer lives in the report module; this path stays while src/ui moves over.
pub use crate::sim::experiment::report::csv_field;
use crate::sim::experiment::report::Manifest;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sweep {
    /// A region preset name, or a whole scenario document.
    pub scenario: ScenarioRef,
    /// Grid: every combination of the listed values (paths like `params.q`).
    #[serde(default)]
    pub grid: BTreeMap<String, Vec<Value>>,
    /// Sample: `n` points drawn uniformly from `[lo, hi]` per path.
    #[serde(default)]
    pub sample: Option<Sample>,
    /// Seeds; every point runs once per seed.
    #[serde(default = "default_seeds")]
    pub seeds: Vec<u64>,
    /// Replications per (point, seed); default: the scenario's.
    #[serde(default)]
    pub replications: Option<u32>,
}

fn default_seeds() -> Vec<u64> {
    vec![1]
}

/// Most rows (points × seeds) one sweep may have: each row is a run, and the table is kept
/// in memory until it is written.
pub const MAX_ROWS: usize = 1_000_000;

#[derive(Clone, Debug, Serialize)]
#[serde(untagged)]
pub enum ScenarioRef {
    Region(String),
    Inline(Box<Scenario>),
}

// By hand instead of `untagged`: serde's untagged enum reports any error inside an inline
// scenario as "did not match any variant", hiding which field was wrong.
impl<'de> Deserialize<'de> for ScenarioRef {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<ScenarioRef, D::Error> {
        use serde::de::Error;
        match Value::deserialize(d)? {
            Value::String(name) => Ok(ScenarioRef::Region(name)),
            v @ Value::Object(_) => match scenario::from_value::<Scenario>(v) {
                Ok(s) => Ok(ScenarioRef::Inline(Box::new(s))),
                Err(e) => Err(D::Error::custom(e)),
            },
            _ => Err(D::Error::custom("expected a region preset name or a scenario document (an object)")),
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sample {
    pub n: u32,
    pub ranges: BTreeMap<String, [f64; 2]>,
    #[serde(default)]
    pub seed: u64,
}

/// Sets a value inside a JSON document by a dotted path with optional indexes: `strategy.levers[2].per_month`.
pub fn set_path(doc: &mut Value, path: &str, v: Value) -> Result<(), SimError> {
    let mut cur = &mut *doc;
    for part in path.split('.') {
        let (key, idx) = match part.split_once('[') {
            Some((k, rest)) => {
                let i: usize = rest
                    .trim_end_matches(']')
                    .parse()
                    .map_err(|_| SimError::invalid(path, format!("`{part}`: index is not a number")))?;
                (k, Some(i))
            }
            None => (part, None),
        };
        cur = cur.get_mut(key).ok_or_else(|| SimError::invalid(path, format!("no field `{key}` in the scenario")))?;
        if let Some(i) = idx {
            cur = cur.get_mut(i).ok_or_else(|| SimError::invalid(path, format!("index {i} is out of range")))?;
        }
    }
    *cur = v;
    // A swept parameter is the sweep's to set: in a posterior run it is pinned, the others drawn.
    if let Some(name) = path.strip_prefix("params.") {
        if let Some(obj) = doc.as_object_mut() {
            let pinned = obj.entry("pinned").or_insert_with(|| Value::Array(Vec::new()));
            if let Some(list) = pinned.as_array_mut() {
                if !list.iter().any(|x| x.as_str() == Some(name)) {
                    list.push(Value::from(name));
                }
            }
        }
    }
    Ok(())
}

/// One row of the results table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Row {
    pub row: usize,
    pub point: usize,
    pub seed: u64,
    pub values: Vec<Value>,
    pub date: String,
    pub median: f64,
    pub p05: f64,
    pub p95: f64,
    pub mean: f64,
}

impl Sweep {
    pub fn from_json(text: &str) -> Result<Sweep, SimError> {
        let s: Sweep = scenario::parse_json(text)?;
        if s.seeds.is_empty() {
            return Err(SimError::invalid("seeds", "list at least one seed"));
        }
        if s.grid.is_empty() == s.sample.is_none() {
            return Err(SimError::invalid("grid", "give exactly one of `grid` and `sample`"));
        }
        let what = if s.sample.is_some() { "sample.ranges" } else { "grid" };
        if s.paths().iter().any(|p| p == "seed") {
            // A row's seed comes from `seeds`; a `seed` column would show a value never used.
            return Err(SimError::invalid(format!("{what}.seed"), "list seeds in `seeds`, not as a parameter"));
        }
        if let Some(sample) = &s.sample {
            for (path, [lo, hi]) in &sample.ranges {
                if !(lo.is_finite() && hi.is_finite() && lo <= hi) {
                    return Err(SimError::invalid(
                        format!("sample.ranges.{path}"),
                        format!("[{lo}, {hi}]: need two finite numbers with low ≤ high"),
                    ));
                }
            }
        }
        let points = s.points_len();
        if points == 0 || points > MAX_ROWS {
            return Err(SimError::invalid(what, format!("{points} points; allowed 1 to {MAX_ROWS}")));
        }
        let rows = s.rows_len();
        if rows > MAX_ROWS {
            return Err(SimError::TooLarge(format!(
                "{points} points × {} seeds = {rows} rows (runs); at most {MAX_ROWS}: fewer points or seeds",
                s.seeds.len()
            )));
        }
        s.base()?;
        Ok(s)
    }

    pub fn base(&self) -> Result<Scenario, SimError> {
        let mut s = match &self.scenario {
            ScenarioRef::Region(name) => regions::preset(name).ok_or_else(|| {
                SimError::invalid(
                    "scenario",
                    format!("no region preset named `{name}`; known: {}", regions::names().join(", ")),
                )
            })?,
            ScenarioRef::Inline(s) => (**s).clone(),
        };
        if let Some(r) = self.replications {
            s.replications = r;
        }
        s.validate()?;
        Ok(s)
    }

    /// What produced the table: the base scenario (name, hash of its document), the replications
    /// per row, the seeds and the number of rows.
    pub fn manifest(&self) -> Result<Manifest, SimError> {
        let base = self.base()?;
        let seeds: Vec<String> = self.seeds.iter().map(u64::to_string).collect();
        Ok(Manifest::new()
            .text("sweep", &base.name)
            .word("hash", base.hash())
            .word("replications", base.replications)
            .word("seeds", seeds.join(","))
            .word("rows", self.rows_len()))
    }

    /// The parameter paths, in column order.
    pub fn paths(&self) -> Vec<String> {
        match &self.sample {
            Some(s) => s.ranges.keys().cloned().collect(),
            None => self.grid.keys().cloned().collect(),
        }
    }

    /// Saturates instead of overflowing, so a grid of astronomically many points is refused.
    pub fn points_len(&self) -> usize {
        match &self.sample {
            Some(s) => s.n as usize,
            None => self.grid.values().map(Vec::len).fold(1, usize::saturating_mul),
        }
    }

    /// The values of point `i` (grid: the last path varies fastest).
    pub fn point(&self, i: usize) -> Vec<Value> {
        match &self.sample {
            Some(s) => {
                let mut r = rng::stream(s.seed, i as u64, 0x5eed);
                s.ranges.values().map(|[lo, hi]| Value::from(lo + (hi - lo) * rng::uniform(&mut r))).collect()
            }
            None => {
                let mut rest = i;
                let mut vals: Vec<Value> = Vec::new();
                for v in self.grid.values().rev() {
                    vals.push(v[rest % v.len()].clone());
                    rest /= v.len();
                }
                vals.reverse();
                vals
            }
        }
    }

    pub fn rows_len(&self) -> usize {
        self.points_len().saturating_mul(self.seeds.len())
    }

    /// Rows of shard `index` of `count` (contiguous slices).
    pub fn shard(&self, index: usize, count: usize) -> std::ops::Range<usize> {
        let n = self.rows_len();
        (n * index / count)..(n * (index + 1) / count)
    }

    /// The scenario of one point and seed, checked; errors name the point and its values.
    fn scenario_at(&self, base: &Value, paths: &[String], point: usize, seed: u64) -> Result<Scenario, SimError> {
        let values = self.point(point);
        let at = |e: SimError| {
            let vals: Vec<String> = paths.iter().zip(&values).map(|(p, v)| format!("{p} = {v}")).collect();
            SimError::invalid(format!("point {point} ({})", vals.join(", ")), e.to_string())
        };
        let mut doc = base.clone();
        for (p, v) in paths.iter().zip(&values) {
            set_path(&mut doc, p, v.clone()).map_err(at)?;
        }
        set_path(&mut doc, "seed", Value::from(seed)).map_err(at)?;
        let scn: Scenario = scenario::from_value(doc).map_err(at)?;
        scn.validate().map_err(at)?;
        Ok(scn)
    }

    fn base_value(&self) -> Result<Value, SimError> {
        serde_json::to_value(self.base()?).map_err(|e| SimError::Parse(e.to_string()))
    }

    /// Checks every point (each with the first seed; seeds do not change what is valid) before
    /// any run, so one bad point at the end cannot throw away the rows computed before it.
    /// `each` sees every point's scenario (the command line estimates its memory there).
    pub fn check(&self, each: &mut dyn FnMut(usize, &Scenario) -> Result<(), SimError>) -> Result<(), SimError> {
        let base = self.base_value()?;
        let paths = self.paths();
        let seed = self.seeds.first().copied().unwrap_or_default();
        for point in 0..self.points_len() {
            let scn = self.scenario_at(&base, &paths, point, seed)?;
            each(point, &scn)?;
        }
        Ok(())
    }

    /// Runs the rows of `range`; `run` executes one scenario (threads natively, a worker in the browser).
    /// Every point is checked first (`check`).
    pub fn run(
        &self,
        range: std::ops::Range<usize>,
        progress: &mut dyn Progress,
        run: &mut dyn FnMut(&Scenario) -> Result<montecarlo::Summary, SimError>,
    ) -> Result<Vec<Row>, SimError> {
        self.check(&mut |_, _| Ok(()))?;
        let base = self.base_value()?;
        let paths = self.paths();
        let total = range.len();
        let mut rows = Vec::with_capacity(total);
        for (k, row) in range.enumerate() {
            let point = row / self.seeds.len();
            let seed = self.seeds[row % self.seeds.len()];
            let values = self.point(point);
            let scn = self.scenario_at(&base, &paths, point, seed)?;
            let summary = run(&scn)?;
            let last = summary.months.last().cloned().unwrap_or_default();
            rows.push(Row {
                row,
                point,
                seed,
                values,
                date: last.date,
                median: last.rate.median,
                p05: last.rate.p05,
                p95: last.rate.p95,
                mean: last.rate.mean,
            });
            if !progress.progress(k + 1, total) {
                return Err(SimError::Cancelled);
            }
        }
        Ok(rows)
    }
}

/// The table as CSV (`report::sweep_csv`): with `header` (shard 0) the manifest line and the
/// column names first, so shards concatenate into the single-run table.
pub fn rows_csv(sweep: &Sweep, rows: &[Row], header: bool) -> Result<String, SimError> {
    Ok(crate::sim::experiment::report::sweep_csv(&sweep.manifest()?, &sweep.paths(), rows, header))
}
