//! "Your municipality" (issue 20): a planner's own town from its figures — offices, areas,
//! the latest adopted count and its date, optionally earlier figures, out-of-scope and
//! external offices, the centres' kind and the survey's counts. The fields are read by the core
//! (`FiguresText`) and built by its one constructor (`engine::town_scenario`); the town is
//! planned from its latest figure, its own plan the national policy only. Under the form, the
//! values the town took by default (`scenario.assumed`), each with its basis and the field
//! that changes it.

use crate::ui::planner::state::PlannerAction;
use crate::ui::planner::state::PlannerState;
use crate::ui::shared::bridge::Scenario;
use crate::ui::shared::i18n::use_lang;
use crate::ui::shared::i18n::{field_error, Lang};
use crate::ui::shared::kit::Field;
use crate::ui::shared::store::use_slice;
use crate::ui::state::use_dispatch;
use crate::ui::state::Action;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// A form field: (field, Japanese label, English label, Japanese help, English help).
type Spec = (&'static str, &'static str, &'static str, &'static str, &'static str);

const REQUIRED: [Spec; 5] = [
    ("name", "自治体名", "Name", "例: 三川町", "e.g. Mikawa"),
    (
        "offices",
        "事業所数",
        "Offices",
        "全国のデータベースの事業所数(導入率の分母、包括を含む)",
        "Offices in the national database (the rate's denominator), centres included",
    ),
    (
        "areas",
        "日常生活圏域",
        "Daily-life areas",
        "数(例: 3)、または 名前:事業所数 をカンマ区切り(例: 北部:40, 中部, 南部)",
        "A count (e.g. 3), or NAME:OFFICES separated by commas (e.g. North:40, Centre, South)",
    ),
    (
        "adopted",
        "導入済みの事業所数(最新の実績)",
        "Adopted offices (latest figure)",
        "導入事業所数、またはその時点の事業所数を添えて 導入数/事業所数(例: 18/120)",
        "A, or A/N with that date's office count",
    ),
    ("on", "最新の実績の日付", "Date of that figure", "YYYY-MM-DD(例: 2026-02-28)", "YYYY-MM-DD (e.g. 2026-02-28)"),
];

const OPTIONAL: [Spec; 4] = [
    (
        "observed",
        "以前の実績",
        "Earlier figures",
        "日付 導入数/事業所数 をカンマ区切り(例: 2025-08-31 10/118)。あると反実仮想の表示も選べます",
        "DATE A/N separated by commas (e.g. 2025-08-31 10/118); with one, the counterfactual view is offered",
    ),
    (
        "out_of_scope",
        "対象外の事業所数",
        "Out-of-scope offices",
        "ケアプランのやりとりをしない事業所(空欄: 千歳市の割合)",
        "Offices with no care-plan exchange (empty: Chitose's share)",
    ),
    (
        "external",
        "市外の取引先事業所数",
        "Partner offices outside",
        "近隣市町村の取引先(空欄: なし)",
        "Offices of neighbouring municipalities that trade with this one (empty: none)",
    ),
    (
        "survey",
        "調査の件数(圏域ごと)",
        "Survey counts per area",
        "圏域:未導入/これから導入予定/導入済み をカンマ区切り(例: 圏域1:30/5/5)。導入済みの合計は最新の実績と同じに",
        "AREA:NOT_ADOPTED/PLANNING/ADOPTED separated by commas (e.g. North:30/5/5); the adopted add up to the latest figure",
    ),
];

#[function_component(CustomMunicipality)]
pub fn custom_municipality() -> Html {
    let lang = use_lang();
    let dispatch = use_dispatch();
    let planner = use_slice::<PlannerState>();
    let p = &planner;
    let set = |field: &'static str| {
        let dispatch = dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            dispatch.send(Action::Planner(PlannerAction::TownField { field: field.into(), text }))
        })
    };
    let create = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            dispatch.send(Action::Planner(PlannerAction::CreateTown));
        })
    };
    let text = |field: &str| -> String {
        let t = &p.town;
        match field {
            "name" => &t.name,
            "offices" => &t.offices,
            "areas" => &t.areas,
            "adopted" => &t.adopted,
            "on" => &t.on,
            "observed" => &t.observed,
            "out_of_scope" => &t.out_of_scope,
            "external" => &t.external,
            "survey" => &t.survey,
            _ => &t.centre_kind,
        }
        .clone()
    };
    let field = |&(f, ja, en, help_ja, help_en): &Spec| {
        let id = format!("town-{}", f.replace('_', "-"));
        let err = p.errors.get(&format!("town.{f}")).map(|e| field_error(lang, e));
        let mode = if matches!(f, "name" | "areas" | "observed" | "survey" | "on") { "text" } else { "numeric" };
        html! {
            <Field {id} label={html! { lang.pick(ja, en) }} value={text(f)} oninput={set(f)} inputmode={mode}
                help={html! { lang.pick(help_ja, help_en) }} error={err.map(AttrValue::from)} />
        }
    };
    let kind = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let text = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            dispatch.send(Action::Planner(PlannerAction::TownField { field: "centre_kind".into(), text }))
        })
    };
    let option = |value: &'static str, ja: &'static str, en: &'static str| {
        html! { <option {value} selected={p.town.centre_kind == value}>{ lang.pick(ja, en) }</option> }
    };
    let general = p.errors.get("town").map(|e| field_error(lang, e));
    let optional_open =
        OPTIONAL.iter().any(|s| !text(s.0).is_empty() || p.errors.contains_key(&format!("town.{}", s.0)))
            || !p.town.centre_kind.is_empty();
    html! {
        <details id="custom" class="panel town" open={p.is_town() || p.errors.keys().any(|k| k.starts_with("town"))}>
            <summary>{ lang.pick("あなたの自治体", "Your municipality") }</summary>
            <form onsubmit={create} class="fields" aria-label={lang.pick("あなたの自治体の実績", "Your municipality's figures")}>
                <p class="help">{ lang.pick(
                    "自治体の実績から、最新の実績の日(今日)からの計画を作ります。取組は国の施策のみから始まります。空欄の項目は4地域と同じ根拠の既定値を使い、下に仮定として示します。",
                    "Builds your town from its figures, planned from the latest one (today). Its plan starts as the national policy only. Empty fields take the four regions' defaults, listed below as assumptions.") }</p>
                { for REQUIRED.iter().map(field) }
                <details id="town-optional" open={optional_open}>
                    <summary>{ lang.pick("任意の項目", "Optional figures") }</summary>
                    { for OPTIONAL.iter().map(field) }
                    <div class="field">
                        <label for="town-centre-kind">{ lang.pick("地域包括支援センターの運営", "Centres run by") }</label>
                        <select id="town-centre-kind" onchange={kind}>
                            { option("", "既定(委託とみなす)", "Default (commissioned)") }
                            { option("commissioned", "委託", "Commissioned") }
                            { option("direct", "直営", "The municipality (direct)") }
                        </select>
                        if let Some(m) = p.errors.get("town.centre_kind").map(|e| field_error(lang, e)) {
                            <p class="error" role="alert" id="town-centre-kind-error">{ m }</p>
                        }
                    </div>
                </details>
                if let Some(m) = general { <p class="error" role="alert" id="town-error">{ m }</p> }
                <button id="custom-create" type="submit">{ lang.pick("作成して実行", "Create and run") }</button>
            </form>
            if p.is_town() { <Assumptions scenario={p.scenario.clone()} /> }
        </details>
    }
}

#[derive(Properties, PartialEq)]
struct AssumptionsProps {
    scenario: std::rc::Rc<Scenario>,
}

/// An assumed value: its label, the value in the scenario, the Japanese basis (English: the
/// core's own), and the form field that changes it.
fn assumption(lang: Lang, field: &str, s: &Scenario) -> (String, String, Option<&'static str>, Option<&'static str>) {
    let p = &s.population;
    let offices = |n: u32| lang.pick(format!("{n}事業所"), format!("{n} offices"));
    let (ja, en, value, basis_ja, change): (&str, &str, String, &str, Option<(&'static str, &'static str)>) = match field {
        "population.out_of_scope" => (
            "対象外の事業所",
            "Out-of-scope offices",
            offices(p.out_of_scope),
            "千歳市の構成(169事業所中81、資料 §4a)の割合。最新の実績の導入数が入る範囲まで。仮定",
            Some(("対象外の事業所数", "Out-of-scope offices")),
        ),
        "population.areas.centre" => (
            "包括の運営",
            "Centres run by",
            lang.pick("委託", "commissioned").to_string(),
            "多くのセンターは法人への委託で運営されている(資料 §2)。仮定",
            Some(("地域包括支援センターの運営", "Centres run by")),
        ),
        "population.initial_adopted" => (
            "2025-08-31の導入数",
            "Adopted on 2025-08-31",
            offices(p.initial_adopted),
            "この日の実績がないため全国の導入率9.8%(資料 §6)、最初の実績の方が少なければその数。最新の実績の日にはその件数に合わせます。仮定",
            Some(("以前の実績", "Earlier figures")),
        ),
        "population.external_offices" => (
            "市外の取引先",
            "Partner offices outside",
            offices(p.external_offices),
            "市外の取引先なし(境界をまたいで取引する小さな町は、東彼杵町のように加えてください)。仮定",
            Some(("市外の取引先事業所数", "Partner offices outside")),
        ),
        "population.care_management_share" => (
            "居宅介護支援事業所の割合",
            "Care-management offices",
            format!("{:.0}%", p.care_management_share * 100.0),
            "対象事業所の25%。公表された内訳がないための仮定",
            None,
        ),
        "network" => (
            "取引のつながり",
            "Partner network",
            lang.pick("生成", "generated").to_string(),
            "居宅介護支援事業所あたり平均12の取引先(ポアソン分布)、80%は同じ圏域、サービス事業所の取引先数は裾の重い分布(資料 §6)。仮定",
            None,
        ),
        other => (other, other, String::new(), "", None),
    };
    (
        lang.pick(ja, en).to_string(),
        value,
        (!basis_ja.is_empty()).then_some(basis_ja),
        change.map(|(ja, en)| lang.pick(ja, en)),
    )
}

/// The values the town took by default, each with its basis and where to change it.
#[function_component(Assumptions)]
fn assumptions(props: &AssumptionsProps) -> Html {
    let lang = use_lang();
    let s = &props.scenario;
    html! {
        <section id="town-assumed" aria-labelledby="town-assumed-title">
            <h2 id="town-assumed-title" class="sub">{ lang.pick("仮定した値(上の欄で変えられます)", "Assumed values (change them above)") }</h2>
            <ul>
                { for s.assumed.iter().map(|a| {
                    let (label, value, basis_ja, change) = assumption(lang, &a.field, s);
                    let basis = match (lang, basis_ja) {
                        (Lang::Ja, Some(b)) => b.to_string(),
                        _ => a.basis.clone(),
                    };
                    html! {
                        <li data-field={a.field.clone()}>
                            <strong>{ label }</strong>{ ": " }<span class="value">{ value }</span>
                            <span class="help">{ " — " }{ basis }</span>
                            if let Some(c) = change {
                                <span class="help">{ lang.pick(format!("(「{c}」で変更)"), format!(" (change: {c})")) }</span>
                            }
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
