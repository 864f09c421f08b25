//! Experiments (BehaviorSpace-style): a base scenario, parameter values on a grid
//! or sampled from ranges, a list of seeds, and a results table. Points are
//! numbered; a shard runs a contiguous slice of rows, so the slices of N shards
//! concatenate into exactly the table a single run gives.

use super::error::SimError;
use super::montecarlo::{self, Progress};
use super::regions;
use super::rng;
use super::scenario::Scenario;
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

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ScenarioRef {
    Region(String),
    Inline(Box<Scenario>),
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
        let s: Sweep = serde_json::from_str(text).map_err(|e| SimError::Parse(e.to_string()))?;
        if s.seeds.is_empty() {
            return Err(SimError::invalid("seeds", "list at least one seed"));
        }
        if s.grid.is_empty() == s.sample.is_none() {
            return Err(SimError::invalid("grid", "give exactly one of `grid` and `sample`"));
        }
        let points = s.points_len();
        if points == 0 || points > 1_000_000 {
            return Err(SimError::invalid("grid", format!("{points} points; allowed 1 to 1000000")));
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

    /// The parameter paths, in column order.
    pub fn paths(&self) -> Vec<String> {
        match &self.sample {
            Some(s) => s.ranges.keys().cloned().collect(),
            None => self.grid.keys().cloned().collect(),
        }
    }

    pub fn points_len(&self) -> usize {
        match &self.sample {
            Some(s) => s.n as usize,
            None => self.grid.values().map(Vec::len).product(),
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
        self.points_len() * self.seeds.len()
    }

    /// Rows of shard `index` of `count` (contiguous slices).
    pub fn shard(&self, index: usize, count: usize) -> std::ops::Range<usize> {
        let n = self.rows_len();
        (n * index / count)..(n * (index + 1) / count)
    }

    /// Runs the rows of `range`; `run` executes one scenario (threads natively, a worker in the browser).
    pub fn run(
        &self,
        range: std::ops::Range<usize>,
        progress: &mut dyn Progress,
        run: &mut dyn FnMut(&Scenario) -> Result<montecarlo::Summary, SimError>,
    ) -> Result<Vec<Row>, SimError> {
        let base = serde_json::to_value(self.base()?).map_err(|e| SimError::Parse(e.to_string()))?;
        let paths = self.paths();
        let total = range.len();
        let mut rows = Vec::with_capacity(total);
        for (k, row) in range.enumerate() {
            let point = row / self.seeds.len();
            let seed = self.seeds[row % self.seeds.len()];
            let values = self.point(point);
            let mut doc = base.clone();
            for (p, v) in paths.iter().zip(&values) {
                set_path(&mut doc, p, v.clone())?;
            }
            set_path(&mut doc, "seed", Value::from(seed))?;
            let scn: Scenario =
                serde_json::from_value(doc).map_err(|e| SimError::Parse(format!("point {point}: {e}")))?;
            scn.validate()?;
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

/// The table as CSV; the header line only when `header` (shard 0), so shards concatenate.
pub fn rows_csv(paths: &[String], rows: &[Row], header: bool) -> String {
    let mut out = String::new();
    if header {
        out.push_str("row,point,seed");
        for p in paths {
            out.push(',');
            out.push_str(p);
        }
        out.push_str(",date,median,p05,p95,mean\n");
    }
    for r in rows {
        out.push_str(&format!("{},{},{}", r.row, r.point, r.seed));
        for v in &r.values {
            out.push(',');
            out.push_str(&v.to_string());
        }
        out.push_str(&format!(",{},{:.6},{:.6},{:.6},{:.6}\n", r.date, r.median, r.p05, r.p95, r.mean));
    }
    out
}
