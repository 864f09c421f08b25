//! The results CSV the page downloads, made to be read without the page: comment lines that
//! say what it is (the title, the command line's manifest, the municipality, the period, the
//! plan's start, the uncertainty mode, the bands, the rate's denominator, what the differences
//! and the cost are against), then one row per plan and reporting date with the plan's name as
//! the page shows it, its id, the rate's quantiles (units in the column names), the count they
//! stand for, and — where the page computed them — the paired difference from the reference
//! plan the comparison shows and the cost. The page passes the names in its language; the words here are Japanese or
//! English to match. Every text cell, and every comment line, goes through `report::csv_field`,
//! so no name can forge a row or a column or run as a spreadsheet formula.

use crate::sim::experiment::compare::paired_difference;
use crate::sim::experiment::cost::{Band, Row as CostRow};
use crate::sim::experiment::montecarlo::Summary;
use crate::sim::experiment::report::{csv_field, manifest};
use crate::sim::experiment::rows::{rows, Denominator};
use std::fmt::Write;

/// One plan of the run: its id, its name as the page shows it, its summary.
pub struct Plan<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub summary: &'a Summary,
}

/// What the page knows of the run beyond its summaries, in the page's language.
pub struct Context<'a> {
    pub japanese: bool,
    /// The title line: the municipality as the page names it and the day the file was made.
    pub title: &'a str,
    /// The municipality as the page names it.
    pub municipality: &'a str,
    /// The first day the plans' own levers act on (`forward::plan_start`).
    pub plan_start: &'a str,
    /// How the plans read (the page's line under the result's heading).
    pub view: &'a str,
    /// The cost table of this run (`cost::compare`, one row per plan), when it was computed.
    pub cost: Option<&'a [CostRow]>,
    /// The plan the differences are taken from (the comparison's reference; the first when out
    /// of range).
    pub reference: usize,
}

/// The results as CSV: comment lines, a header, one row per plan and reporting date.
pub fn csv(ctx: &Context, plans: &[Plan]) -> String {
    let ja = ctx.japanese;
    let pick = |j: &'static str, e: &'static str| if ja { j } else { e };
    let Some(first) = plans.first() else { return String::new() };
    let h = &first.summary.header;
    let den = Denominator::of(first.summary);
    let months = &first.summary.months;
    let period = match (months.first(), months.last()) {
        (Some(a), Some(b)) => format!("{} – {}", a.date, b.date),
        _ => String::new(),
    };
    let mode = match (h.uncertainty.as_str(), ja) {
        ("posterior", true) => "posterior(各試行で較正済みパラメータを事後分布から抽出)",
        ("posterior", false) => "posterior (each replication draws the calibrated parameters from the posterior)",
        (_, true) => "fixed(パラメータを固定、試行間の違いは偶然のみ)",
        (_, false) => "fixed (parameters fixed: replications differ by chance only)",
    };
    let paired = plans.len() > 1;
    let ri = if ctx.reference < plans.len() { ctx.reference } else { 0 };
    let reference = &plans[ri];
    let cost = ctx.cost.filter(|c| c.len() == plans.len());
    let mut notes = vec![
        ctx.title.to_string(),
        manifest(h),
        format!("{}: {}", pick("自治体", "Municipality"), ctx.municipality),
        format!("{}: {period}", pick("期間(月末ごと)", "Period (month ends)")),
        format!("{}: {} ({})", pick("計画の開始", "Plan starts"), ctx.plan_start, ctx.view),
        format!("{}: {mode}", pick("不確かさの扱い", "Uncertainty")),
        match ja {
            true => format!("区間: 50%区間 = 25%点〜75%点、90%区間 = 5%点〜95%点({} 回の試行の分位点)", h.replications),
            false => format!(
                "Bands: 50% band = p25 to p75; 90% band = p05 to p95 (quantiles of {} replications)",
                h.replications
            ),
        },
        den.line(ja),
    ];
    if paired {
        notes.push(match ja {
            true => format!("基準との差: 各案の試行 i −「{}」の試行 i(同じ乱数)、ポイント(pt)", reference.name),
            false => format!(
                "Difference: replication i of each plan minus replication i of the reference (same seed), in points (pt); reference: {}",
                reference.name
            ),
        });
    }
    if let Some(c) = cost.and_then(|c| c.first()) {
        notes.push(match ja {
            true => format!("費用: 計画の開始から {} まで(円)。1件増あたりは国の日程のみと比べて。空欄は中央の試行で導入が増えなかった", c.date),
            false => format!("Cost: from the plan's start to {} (yen); per additional adopter against the national calendar only; empty where the median replication gained none", c.date),
        });
    }
    let mut out = String::new();
    for n in notes {
        let _ = writeln!(out, "{}", note(&n));
    }
    let of = count_unit(&den, ja);
    let mut head: Vec<String> = if ja {
        vec![
            "戦略".into(),
            "戦略ID".into(),
            "日付".into(),
            "導入率 中央値(割合 0〜1)".into(),
            "導入率 5%点(割合 0〜1)".into(),
            "導入率 25%点(割合 0〜1)".into(),
            "導入率 75%点(割合 0〜1)".into(),
            "導入率 95%点(割合 0〜1)".into(),
            "実績(割合 0〜1)".into(),
            format!("導入事業所 中央値({of})"),
        ]
    } else {
        vec![
            "strategy".into(),
            "strategy id".into(),
            "date".into(),
            "rate median (share 0-1)".into(),
            "rate p05 (share 0-1)".into(),
            "rate p25 (share 0-1)".into(),
            "rate p75 (share 0-1)".into(),
            "rate p95 (share 0-1)".into(),
            "observed (share 0-1)".into(),
            format!("adopting offices median ({of})"),
        ]
    };
    if paired {
        let cols: [&str; 4] = if ja {
            ["基準との差 中央値(pt)", "基準との差 5%点(pt)", "基準との差 95%点(pt)", "基準を上回った割合(0〜1)"]
        } else {
            ["difference median (pt)", "difference p05 (pt)", "difference p95 (pt)", "share ahead (0-1)"]
        };
        head.extend(cols.iter().map(|c| c.to_string()));
    }
    if cost.is_some() {
        let cols: [&str; 4] = if ja {
            ["市の費用 中央値(円)", "市の費用 5%点(円)", "市の費用 95%点(円)", "導入1件増あたりの費用 中央値(円)"]
        } else {
            [
                "city cost median (yen)",
                "city cost p05 (yen)",
                "city cost p95 (yen)",
                "cost per additional adopter median (yen)",
            ]
        };
        head.extend(cols.iter().map(|c| c.to_string()));
    }
    let head: Vec<String> = head.iter().map(|c| csv_field(c).into_owned()).collect();
    let _ = writeln!(out, "{}", head.join(","));
    for (k, plan) in plans.iter().enumerate() {
        let (name, id) = (csv_field(plan.name), csv_field(plan.id));
        for (i, r) in rows(plan.summary).iter().enumerate() {
            let obs = r.observed.map(|v| format!("{v:.6}")).unwrap_or_default();
            let _ = write!(
                out,
                "{name},{id},{},{:.6},{:.6},{:.6},{:.6},{:.6},{obs},{}",
                r.date,
                r.median,
                r.p05,
                r.p25,
                r.p75,
                r.p95,
                den.count(r.median)
            );
            if paired {
                match paired_difference(plan.summary, reference.summary, i).ok().filter(|_| k != ri) {
                    Some(p) => {
                        let d = &p.difference;
                        let _ = write!(
                            out,
                            ",{:.4},{:.4},{:.4},{:.6}",
                            d.median * 100.0,
                            d.p05 * 100.0,
                            d.p95 * 100.0,
                            p.share_ahead
                        );
                    }
                    None => out.push_str(",,,,"),
                }
            }
            if let Some(c) = cost.map(|c| &c[k]) {
                if c.date == r.date {
                    let y = |b: Option<f64>| b.map(|v| format!("{v:.0}")).unwrap_or_default();
                    let Band { median, p05, p95, .. } = c.cost.city_yen;
                    let per = c.against_baseline.yen_per_additional_adopter.median;
                    let _ = write!(out, ",{},{},{},{}", y(median), y(p05), y(p95), y(per));
                } else {
                    out.push_str(",,,,");
                }
            }
            out.push('\n');
        }
    }
    out
}

/// A comment line as one cell: line breaks in a name become spaces, and a line holding a
/// comma is quoted whole (so it cannot open a second cell, which could run as a formula). A
/// line without one stays as written: the manifest is the command line's, character for
/// character (its quotes sit inside the cell, which spreadsheets read as written).
fn note(text: &str) -> String {
    let line = format!("# {}", text.replace(['\r', '\n'], " "));
    if line.contains(',') {
        format!("\"{}\"", line.replace('"', "\"\""))
    } else {
        line
    }
}

/// "681 事業所中" / "of 681 offices": what the count column counts.
fn count_unit(den: &Denominator, ja: bool) -> String {
    let n = crate::sim::experiment::rows::thousands(den.offices as i64);
    if ja {
        format!("{n} 事業所中")
    } else {
        format!("of {n} offices")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::experiment::cost::{CostTotal, Effectiveness};
    use crate::sim::experiment::montecarlo::{self, Quiet};
    use crate::sim::scenario::{municipality, regions};

    fn okazaki(reps: u32) -> Summary {
        let mut s = regions::preset("okazaki").expect("preset");
        municipality::from_latest(&mut s).expect("conditions");
        s.replications = reps;
        montecarlo::run(&s, &mut Quiet).expect("runs")
    }

    fn ctx<'a>(japanese: bool, cost: Option<&'a [CostRow]>) -> Context<'a> {
        Context {
            japanese,
            title: "愛知県岡崎市 導入の見通し(2026-12-07 作成)",
            municipality: "愛知県岡崎市",
            plan_start: "2026-03-01",
            view: "2026-02-28時点(実績 122/681 事業所)からの計画",
            cost,
            reference: 0,
        }
    }

    #[test]
    fn the_file_says_what_it_is_without_the_page() {
        let sum = okazaki(4);
        let plans = [
            Plan { id: "actual", name: "シナリオの取組", summary: &sum },
            Plan { id: "focus_training", name: "重点圏域+全市研修", summary: &sum },
        ];
        let text = csv(&ctx(true, None), &plans);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "# 愛知県岡崎市 導入の見通し(2026-12-07 作成)");
        assert_eq!(lines[1], format!("# {}", manifest(&sum.header)), "the command line's manifest");
        assert!(lines[1].starts_with("# renkei ") && lines[1].ends_with("replications=4"), "{}", lines[1]);
        assert!(lines.contains(&"# 自治体: 愛知県岡崎市"));
        assert!(lines.iter().any(|l| l.starts_with("# 計画の開始: 2026-03-01")));
        assert!(lines.iter().any(|l| l.starts_with("# 不確かさの扱い: posterior")));
        assert!(lines.iter().any(|l| l.contains("90%区間 = 5%点〜95%点")));
        // the denominator: the database count at the latest figure, not the model's 664
        assert!(lines.contains(&"# 導入率 = 導入事業所 ÷ 681 事業所(全国データベースの 2026-02-28 時点の数)"));
        assert!(lines.iter().any(|l| l.starts_with("# 基準との差") && l.contains("シナリオの取組")));
        let head = lines.iter().position(|l| l.starts_with("戦略,")).expect("header row");
        let cols: Vec<&str> = lines[head].split(',').collect();
        assert!(cols.contains(&"導入事業所 中央値(681 事業所中)"), "{cols:?}");
        assert!(cols.contains(&"基準との差 中央値(pt)"));
        let data = &lines[head + 1..];
        assert_eq!(data.len(), 2 * sum.months.len());
        let row: Vec<&str> = data[0].split(',').collect();
        assert_eq!((row[0], row[1]), ("シナリオの取組", "actual"));
        assert_eq!(row.len(), cols.len());
        let median: f64 = row[3].parse().unwrap();
        assert_eq!(row[9], Denominator::of(&sum).count(median).to_string());
        assert_eq!(&row[10..], &["", "", "", ""], "the reference has no difference from itself");
        let other: Vec<&str> = data[sum.months.len()].split(',').collect();
        assert_eq!(other[0], "重点圏域+全市研修");
        assert_eq!(other[10], "0.0000", "the same run paired with itself");
        // English: the same facts in English words
        let en = csv(&ctx(false, None), &plans[..1]);
        assert!(en
            .lines()
            .any(|l| l
                == "# Adoption rate = adopting offices ÷ 681 offices (the national database's count on 2026-02-28)"));
        assert!(en.lines().any(|l| l.starts_with("strategy,strategy id,date,rate median (share 0-1)")));
        assert!(!en.contains("difference"), "one plan: no difference columns");
        // the comparison's reference: the differences are taken from the second plan
        let mut second = ctx(true, None);
        second.reference = 1;
        let text = csv(&second, &plans);
        assert!(text.lines().any(|l| l.starts_with("# 基準との差") && l.contains("「重点圏域+全市研修」")));
        let rows: Vec<Vec<&str>> = text.lines().skip(head + 1).map(|l| l.split(',').collect()).collect();
        assert_eq!(rows[0][10], "0.0000", "the first plan paired with the reference");
        assert_eq!(&rows[sum.months.len()][10..], &["", "", "", ""], "the reference itself");
    }

    #[test]
    fn cost_columns_appear_when_priced_on_the_cost_rows_date() {
        let sum = okazaki(2);
        let last = sum.months.last().unwrap().date.clone();
        let b = Band::default;
        let city = Band { median: Some(1_234_567.4), p05: Some(1e6), p95: Some(1.5e6), mean: None };
        let row = CostRow {
            strategy: "actual".into(),
            date: last.clone(),
            rate: b(),
            cost: CostTotal {
                city_yen: city,
                staff_hours: b(),
                subsidy_yen: b(),
                office_fees_yen: b(),
                saving_yen_estimate: b(),
                contacts: b(),
                visits: b(),
                support_cases: b(),
                requests: b(),
                training_sessions: b(),
            },
            against_baseline: Effectiveness {
                date: last,
                additional_adopters: b(),
                additional_active_links: b(),
                additional_city_yen: b(),
                yen_per_additional_adopter: b(),
                yen_per_additional_active_link: b(),
                yen_per_additional_adopter_of_means: None,
                yen_per_additional_active_link_of_means: None,
            },
        };
        let rows = [row];
        let plans = [Plan { id: "actual", name: "own", summary: &sum }];
        let text = csv(&ctx(false, Some(&rows)), &plans);
        assert!(text.contains("# Cost: from the plan's start to "), "{text}");
        let lines: Vec<&str> = text.lines().filter(|l| !l.starts_with('#') && !l.starts_with("\"#")).collect();
        assert!(lines[0].ends_with(
            "city cost median (yen),city cost p05 (yen),city cost p95 (yen),cost per additional adopter median (yen)"
        ));
        assert!(lines.last().unwrap().ends_with(",1234567,1000000,1500000,"), "{}", lines.last().unwrap());
        assert!(lines[1].ends_with(",,,,"), "cost only on its date: {}", lines[1]);
        // a cost table of another run (other plans) is left out
        let two =
            [Plan { id: "actual", name: "own", summary: &sum }, Plan { id: "baseline", name: "b", summary: &sum }];
        assert!(!csv(&ctx(false, Some(&rows)), &two).contains("city cost"));
    }

    #[test]
    fn no_name_forges_a_row_a_column_or_a_formula() {
        let mut sum = okazaki(2);
        sum.header.scenario = "市\nevil,row\r\n=1+1".into();
        let plans = [Plan { id: "a,b", name: "a,b", summary: &sum }, Plan { id: "x", name: "=cmd", summary: &sum }];
        let mut c = ctx(true, None);
        c.municipality = "町,=HYPERLINK(\"x\")\n次の行";
        let text = csv(&c, &plans);
        let lines: Vec<&str> = text.split('\n').filter(|l| !l.is_empty()).collect();
        let notes = lines.iter().take_while(|l| l.starts_with('#') || l.starts_with("\"#")).count();
        assert_eq!(lines.len(), notes + 1 + 2 * sum.months.len(), "{}", &text[..400]);
        assert!(lines[1].contains(r#"scenario=""市\nevil,row\r\n=1+1"" hash="#), "{}", lines[1]);
        assert!(lines.contains(&"\"# 自治体: 町,=HYPERLINK(\"\"x\"\") 次の行\""), "{text}");
        assert!(lines.iter().any(|l| l.starts_with("\"a,b\",\"a,b\",")));
        assert!(lines.iter().any(|l| l.starts_with("\"'=cmd\",x,")));
        assert!(!text.contains('\r'));
    }
}
