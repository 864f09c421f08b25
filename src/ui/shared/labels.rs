//! Names and numbers as every view says them: a plan or option by its label, a lever
//! dimension and its unit, a difference in points, the title line of a saved result. Kept
//! here, below the features, because several features say the same thing.

use crate::ui::shared::bridge as engine;
use crate::ui::shared::bridge_options::{page_id, DriversOut};
use crate::ui::shared::bridge_planning::DIMENSIONS;
use crate::ui::shared::i18n::Lang;

/// Label of a strategy id in the page's language.
pub fn strategy_label(lang: Lang, id: &str) -> String {
    engine::strategy_options()
        .into_iter()
        .find(|o| o.0 == id)
        .map(|(_, ja, en)| match lang {
            Lang::Ja => ja.to_string(),
            Lang::En => en.to_string(),
        })
        .unwrap_or_else(|| id.to_string())
}

/// Label of a strategy id, the own plan named `own` (`engine::own_plan_label` of the scenario:
/// a town's is the national policy only).
pub fn plan_label(lang: Lang, id: &str, own: (&str, &str)) -> String {
    if id == engine::ACTUAL {
        lang.pick(own.0, own.1).to_string()
    } else {
        strategy_label(lang, id)
    }
}

/// A rate difference in percentage points, with its sign.
pub fn pp(d: f64) -> String {
    let v = d * 100.0;
    let v = if v.abs() < 0.05 { 0.0 } else { v };
    format!("{v:+.1} pt")
}

/// An option's name as the page says it.
/// `own` names the scenario's own plan (`engine::own_plan_label`: a town's is the national
/// policy only).
pub fn option_label(lang: Lang, option: &str, own: (&str, &str)) -> String {
    plan_label(lang, page_id(option), own)
}

/// The split in a few words, beside the chart's headline.
pub fn drivers_short(lang: Lang, d: &DriversOut) -> String {
    lang.pick(
        format!("計画の上昇 {}({}〜{})のうち 国の日程と自然な広がり {}、市の計画 {}(中央値、下の順位表)",
            pp(d.total.median), d.from_date, d.date, pp(d.calendar.median), pp(d.local.median)),
        format!("Of the plan's rise {} ({} to {}): national calendar and own momentum {}, local plan {} (medians; ranking below)",
            pp(d.total.median), d.from_date, d.date, pp(d.calendar.median), pp(d.local.median)),
    )
}

/// A lever dimension as the page names it.
pub fn dimension_label(lang: Lang, name: &str) -> String {
    let ja = match name {
        "outreach.contacts_per_month" => "センターの働きかけ(1センター・月あたりの接触数)",
        "visits.per_month" => "訪問(月あたりの事業所数)",
        "support.per_month" => "導入支援(月あたりの件数)",
        "outreach.focus_areas" => "重点地域の数(大きい順)",
        "training.attendance" => "研修の参加事業所数",
        "free_pass.end" => "フリーパスの終了日",
        "requests.per_month" => "取引先への働きかけ(月あたりの件数)",
        other => other,
    };
    let en = match name {
        "outreach.contacts_per_month" => "Centre outreach (contacts per centre per month)",
        "visits.per_month" => "Visits (offices per month)",
        "support.per_month" => "Support (cases per month)",
        "outreach.focus_areas" => "Focus areas (largest first)",
        "training.attendance" => "Training (offices attending)",
        "free_pass.end" => "End of the free pass",
        "requests.per_month" => "Partner requests (followed up per month)",
        other => DIMENSIONS.iter().find(|d| d.0 == other).map_or(other, |d| d.2),
    };
    lang.pick(ja, en).to_string()
}

/// The unit a dimension's value is read in (none for the free pass's date).
pub fn unit(lang: Lang, name: &str) -> &'static str {
    match name {
        "outreach.contacts_per_month" => lang.pick(" 件/センター・月", " contacts per centre per month"),
        "visits.per_month" => lang.pick(" 事業所/月", " offices per month"),
        "support.per_month" => lang.pick(" 件/月", " cases per month"),
        "outreach.focus_areas" => lang.pick(" 地域", " areas"),
        "training.attendance" => lang.pick(" 事業所", " offices"),
        "requests.per_month" => lang.pick(" 件/月", " requests per month"),
        _ => "",
    }
}

/// Today (the browser's clock, UTC) as `YYYY-MM-DD`: the day a saved result was made.
pub fn issue_date() -> String {
    js_sys::Date::new_0().to_iso_string().as_string().unwrap_or_default().chars().take(10).collect()
}

/// The line that names a saved result: the municipality as the page shows it and the day it
/// was made (`issue_date`).
pub fn results_title(lang: Lang, region: &str, today: &str) -> String {
    let name = crate::ui::shared::i18n::region_name(lang, region);
    match lang {
        Lang::Ja => format!("{name} 導入の見通し（Renkei、{today} 作成）"),
        Lang::En => format!("{name}: adoption outlook (Renkei, made {today})"),
    }
}

/// Why a file was refused for its size, in the page's language.
pub fn too_large(lang: Lang, name: &str, bytes: f64) -> String {
    let mb = |b: f64| format!("{:.1} MB", b / (1u64 << 20) as f64);
    match lang {
        Lang::Ja => format!(
            "{name} は {} あり、読み込める大きさ({})を超えています。ファイルを分けるか、コマンドライン(renkei)を使ってください",
            mb(bytes),
            mb(engine::MAX_IMPORT_BYTES)
        ),
        Lang::En => format!(
            "{name} is {}, over the {} this page reads; split the file or use the command line (renkei)",
            mb(bytes),
            mb(engine::MAX_IMPORT_BYTES)
        ),
    }
}

/// A parameter's unit in the page's language (the core declares it in English, `params!`).
pub fn unit_label(lang: Lang, unit: &str) -> String {
    let ja = match unit {
        "/year" => "/年",
        "prob." => "確率",
        "share" => "割合",
        other => other,
    };
    let en = match unit {
        "prob." => "probability",
        other => other,
    };
    lang.pick(ja, en).to_string()
}

/// A name given in both languages as data, `English (日本語)` (the national calendar's
/// deadlines, `scenario::strategies::calendar`), said in the page's language; any other name is
/// the user's own and shown as typed.
pub fn bilingual_name(lang: Lang, name: &str) -> String {
    let split = name
        .strip_suffix(')')
        .and_then(|s| s.rsplit_once(" ("))
        .filter(|(en, ja)| en.is_ascii() && !ja.is_empty() && !ja.chars().any(|c| c.is_ascii_alphabetic()));
    match split {
        Some((en, ja)) => lang.pick(ja, en).to_string(),
        None => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_calendars_deadline_names_are_said_in_the_pages_language_and_a_users_kept() {
        assert_eq!(bilingual_name(Lang::Ja, "wage-support pledge (賃上げ支援)"), "賃上げ支援");
        assert_eq!(bilingual_name(Lang::En, "wage-support pledge (賃上げ支援)"), "wage-support pledge");
        for lang in [Lang::Ja, Lang::En] {
            assert_eq!(bilingual_name(lang, "市の期限"), "市の期限");
            assert_eq!(bilingual_name(lang, "city deadline (FY2027)"), "city deadline (FY2027)");
            assert_eq!(bilingual_name(lang, "期限 (市)"), "期限 (市)");
        }
    }

    #[test]
    fn every_unit_the_core_declares_has_a_japanese_word() {
        for info in crate::ui::shared::bridge::PARAM_INFO {
            let ja = unit_label(Lang::Ja, info.unit);
            assert!(!ja.chars().any(|c| c.is_ascii_alphabetic()), "{}: {ja}", info.name);
        }
    }
}
