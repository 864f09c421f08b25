//! Runs as the page shows them: one row per reporting date (the chart and the table), the
//! observed points on their months, and the comparison's CSV download (`report` holds the
//! CLI's outputs and the cell and manifest rules this one shares).

use crate::sim::experiment::montecarlo::Summary;
use crate::sim::experiment::report;

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

/// The results as CSV (one row per strategy and reporting date; rates 0..1),
/// after a `# ` comment line with the run's manifest (`report::manifest`, the command line's
/// format). The scenario name in the manifest is a JSON string and the
/// strategy cells are quoted by the core's rule (`report::csv_field`), so no name can forge a
/// row or a column.
pub fn csv(strategies: &[String], summaries: &[Summary]) -> String {
    let mut out = summaries.first().map(|s| format!("# {}\n", report::manifest(&s.header))).unwrap_or_default();
    out.push_str("strategy,date,median,p05,p25,p75,p95,observed\n");
    for (name, summary) in strategies.iter().zip(summaries) {
        let name = report::csv_field(name);
        for r in rows(summary) {
            let obs = r.observed.map(|v| format!("{v:.6}")).unwrap_or_default();
            out.push_str(&format!(
                "{name},{},{:.6},{:.6},{:.6},{:.6},{:.6},{obs}\n",
                r.date, r.median, r.p05, r.p25, r.p75, r.p95
            ));
        }
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
    fn results_csv_quotes_names_so_none_forges_a_row_or_a_column() {
        let mut sum = summary();
        sum.header.scenario = "市\nevil,row\r\n=1+1".into();
        let strategies = vec!["a,b".to_string(), "=cmd".to_string()];
        let text = csv(&strategies, &[sum.clone(), sum.clone()]);
        let lines: Vec<&str> = text.split('\n').filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), 2 + 2 * sum.months.len(), "{}", &text[..200]);
        assert!(
            lines[0].starts_with("# renkei ") && lines[0].contains(r#"scenario="市\nevil,row\r\n=1+1" hash="#),
            "{}",
            lines[0]
        );
        assert!(lines[2].starts_with("\"a,b\","), "{}", lines[2]);
        assert!(lines.iter().any(|l| l.starts_with("\"'=cmd\",")));
        assert!(lines[2..].iter().all(|l| !l.contains('\r')));
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
}
