//! Runs as the page shows them: one row per reporting date (the chart and the table), the
//! observed points on their months, and the office count a rate is said of (`Denominator`).
//! The page's CSV download is `results_csv`.

use crate::sim::experiment::montecarlo::Summary;
use crate::sim::scenario::Scenario;

/// One month of the result, as the chart and the table show it (rates 0..1).
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub date: String,
    pub median: f64,
    pub p05: f64,
    pub p25: f64,
    pub p75: f64,
    pub p95: f64,
    pub observed: Option<f64>,
}

/// Flattens a summary into rows (observed points joined on their month).
pub fn rows(summary: &Summary) -> Vec<Row> {
    summary
        .months
        .iter()
        .map(|m| Row {
            date: m.date.clone(),
            median: m.rate.median,
            p05: m.rate.p05,
            p25: m.rate.p25,
            p75: m.rate.p75,
            p95: m.rate.p95,
            observed: summary.observed.iter().find(|o| same_month(&o.date, &m.date)).map(|o| o.rate),
        })
        .collect()
}

/// Observed points as (month index in `summary.months`, rate).
pub fn observed_points(summary: &Summary) -> Vec<(usize, f64)> {
    summary
        .observed
        .iter()
        .filter_map(|o| summary.months.iter().position(|m| same_month(&m.date, &o.date)).map(|i| (i, o.rate)))
        .collect()
}

/// Whether two `YYYY-MM-DD` dates fall in one month (an observation dated mid-month belongs
/// to that month's report).
fn same_month(a: &str, b: &str) -> bool {
    a.len() >= 7 && b.len() >= 7 && a[..7] == b[..7]
}

/// The office count every rate the user sees is a share of, and the count a rate is said in:
/// the national database's count at the latest figure (brief §4: "adopting offices / offices
/// in the database at that date"). The model keeps the office count it starts with (a preset's
/// first figure: Okazaki 664 on 2025-08-31) and is set to the latest figure's share (122/681 on
/// 2026-02-28 is 119 of its 664), so its rate is that share; the database has grown since
/// its start (681). A scenario without figures (an imported network, the workshop's demos)
/// says its own office count.
#[derive(Clone, Debug, PartialEq)]
pub struct Denominator {
    /// The offices a rate is a share of.
    pub offices: u32,
    /// The latest figure's date (`None`: the scenario's own count, no figure).
    pub date: Option<String>,
}

impl Denominator {
    /// From the latest of `figures` (`YYYY-MM-DD`, offices), else the model's own `modelled` count.
    pub fn new(figures: impl IntoIterator<Item = (String, u32)>, modelled: usize) -> Denominator {
        match figures.into_iter().max_by(|a, b| a.0.cmp(&b.0)) {
            Some((date, offices)) => Denominator { offices, date: Some(date) },
            None => Denominator { offices: modelled as u32, date: None },
        }
    }

    /// The denominator of a run (its observed figures, else its home offices).
    pub fn of(summary: &Summary) -> Denominator {
        Denominator::new(summary.observed.iter().map(|o| (o.date.clone(), o.offices)), summary.header.home_offices)
    }

    /// The denominator of a scenario whose world has `modelled` home offices (the workshop's).
    pub fn of_scenario(scn: &Scenario, modelled: usize) -> Denominator {
        Denominator::new(scn.observed.iter().map(|o| (o.date.to_string(), o.offices)), modelled)
    }

    /// `rate` (0..1) as a count of these offices, rounded.
    pub fn count(&self, rate: f64) -> u32 {
        (rate * self.offices as f64).round().max(0.0) as u32
    }

    /// `modelled` of `of` model offices as a count of these offices (the workshop's counters).
    pub fn scale(&self, modelled: u32, of: usize) -> u32 {
        if of == 0 {
            return 0;
        }
        self.count(modelled as f64 / of as f64)
    }

    /// The one line that says it, in Japanese or English.
    pub fn line(&self, japanese: bool) -> String {
        let n = thousands(self.offices as i64);
        match (&self.date, japanese) {
            (Some(d), true) => format!("導入率 = 導入事業所 ÷ {n} 事業所(全国データベースの {d} 時点の数)"),
            (Some(d), false) => {
                format!("Adoption rate = adopting offices ÷ {n} offices (the national database's count on {d})")
            }
            (None, true) => format!("導入率 = 導入事業所 ÷ {n} 事業所(このシナリオの事業所数)"),
            (None, false) => format!("Adoption rate = adopting offices ÷ {n} offices (this scenario's offices)"),
        }
    }
}

/// 6923 → "6,923" (the page's counts and yen, the CSV's notes).
pub fn thousands(v: i64) -> String {
    let digits = v.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if v < 0 {
        out.insert(0, '-');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::experiment::montecarlo::{self, ObservedPoint, Quiet};
    use crate::sim::scenario::regions;

    fn summary() -> Summary {
        let mut s = regions::preset("higashisonogi").expect("preset");
        s.replications = 2;
        montecarlo::run(&s, &mut Quiet).expect("runs")
    }

    #[test]
    fn an_observation_joins_the_report_of_its_month() {
        let mut sum = summary();
        let month = sum.months[1].date.clone();
        sum.observed = vec![ObservedPoint { date: format!("{}-15", &month[..7]), rate: 0.25, ..Default::default() }];
        assert_eq!(observed_points(&sum), vec![(1, 0.25)]);
        let r = rows(&sum);
        assert_eq!((r[1].observed, r[0].observed), (Some(0.25), None));
        assert_eq!(r.len(), sum.months.len());
        assert_eq!(r[1].median, sum.months[1].rate.median);
    }

    #[test]
    fn the_denominator_is_the_database_count_at_the_latest_figure() {
        let sum = summary();
        // Higashisonogi: 0/25 on 2025-08-31, 14/21 on 2026-02-28; the model keeps 25 offices
        assert_eq!(sum.header.home_offices, 25);
        let d = Denominator::of(&sum);
        assert_eq!(d, Denominator { offices: 21, date: Some("2026-02-28".into()) });
        assert_eq!(d.count(14.0 / 21.0), 14);
        assert_eq!(d.scale(17, 25), 14, "17 of the model's 25 is 68%, 14 of 21");
        assert_eq!(d.scale(3, 0), 0);
        let none = Denominator::new(std::iter::empty(), 2000);
        assert_eq!(none.line(false), "Adoption rate = adopting offices ÷ 2,000 offices (this scenario's offices)");
        assert_eq!(d.line(true), "導入率 = 導入事業所 ÷ 21 事業所(全国データベースの 2026-02-28 時点の数)");
        assert_eq!(thousands(-1234567), "-1,234,567");
        let scn = regions::preset("okazaki").expect("preset");
        let okazaki = Denominator::of_scenario(&scn, 664);
        assert_eq!((okazaki.offices, okazaki.date.as_deref()), (681, Some("2026-02-28")));
    }
}
