//! The cost table's part of the translation table (issue 14 §2): the cost model's fields with
//! their source (assumption, brief figure or estimate) and the way yen are written.

use super::Lang;
use renkei::sim::experiment::rows::thousands;

/// Where a cost value comes from, shown beside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// No figure in the brief: docs/model.md §9 labels it an assumption.
    Assumption,
    /// A figure of the brief (§6).
    Brief,
    /// The ministry's estimate (brief §6), not a measurement.
    Estimate,
    /// The city's own choice (0 = no support).
    Policy,
}

/// The editable fields of the cost model, in the form's order: name, Japanese, English, source.
pub const FIELDS: [(&str, &str, &str, Source); 9] = [
    ("hours_per_contact", "連絡1件の職員時間(時間)", "Staff hours per contact", Source::Assumption),
    ("hours_per_visit", "訪問1件の職員時間(移動込み)", "Staff hours per visit (travel included)", Source::Assumption),
    ("hours_per_support_case", "導入支援1件の職員時間", "Staff hours per support case", Source::Assumption),
    ("hours_per_request", "連携の依頼1件の職員時間", "Staff hours per partner request", Source::Assumption),
    (
        "hours_per_training_session",
        "研修1回の職員時間(準備込み)",
        "Staff hours per training session",
        Source::Assumption,
    ),
    ("hourly_cost_yen", "職員1時間の費用(円)", "Cost of a staff hour (¥)", Source::Assumption),
    (
        "fee_subsidy_share",
        "市が負担する利用料の割合(0〜1)",
        "Share of licence fees the city pays (0–1)",
        Source::Policy,
    ),
    ("licence_fee_yen_per_year", "事業所の年間利用料(円)", "An office's licence fee a year (¥)", Source::Brief),
    ("saving_yen_per_office_year", "事業所1か所の年間削減額(円)", "Saving per office a year (¥)", Source::Estimate),
];

impl Source {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Source::Assumption => lang.pick("仮定", "assumption"),
            Source::Brief => lang.pick("資料 §6", "brief §6"),
            Source::Estimate => lang.pick("国の推計・資料 §6", "ministry's estimate, brief §6"),
            Source::Policy => lang.pick("市の選択", "the city's choice"),
        }
    }
}

/// Yen as a planner reads them: 万円 in Japanese, ¥k / ¥M in English; `None` (no gain for the
/// money in the median replication) is ∞.
pub fn yen(lang: Lang, v: Option<f64>) -> String {
    let Some(v) = v else { return "∞".into() };
    match lang {
        Lang::Ja if v.abs() >= 1e6 => format!("{:.0}万円", v / 1e4),
        Lang::Ja if v.abs() >= 1e4 => format!("{:.1}万円", v / 1e4),
        Lang::Ja => format!("{v:.0}円"),
        Lang::En if v.abs() >= 1e6 => format!("¥{:.1}M", v / 1e6),
        Lang::En if v.abs() >= 1e5 => format!("¥{:.0}k", v / 1e3),
        Lang::En => format!("¥{}", thousands(v.round() as i64)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yen_are_written_per_language_and_none_is_infinite() {
        assert_eq!(yen(Lang::En, Some(8_600_000.0)), "¥8.6M");
        assert_eq!(yen(Lang::En, Some(412_000.0)), "¥412k");
        assert_eq!(yen(Lang::En, Some(6_923.4)), "¥6,923");
        assert_eq!(yen(Lang::En, Some(-28_000.0)), "¥-28,000");
        assert_eq!(yen(Lang::En, Some(0.0)), "¥0");
        assert_eq!(yen(Lang::Ja, Some(8_600_000.0)), "860万円");
        assert_eq!(yen(Lang::Ja, Some(3_000.0)), "3000円");
        assert_eq!(yen(Lang::Ja, Some(27_692.0)), "2.8万円");
        assert_eq!(yen(Lang::Ja, None), "∞");
    }
}
