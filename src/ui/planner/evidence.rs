//! Evidence or assumption: which uncertainty mode a chart uses, which parameters the user
//! pinned, and for each parameter whether the data calibrate it, leave it unidentified, or it
//! is an assumption. The lists come from the shipped posterior (`posterior::shipped()`), never
//! from this file.

use crate::ui::planner::state::PlannerAction;
use crate::ui::planner::state::PlannerState;
use crate::ui::shared::bridge::{self as engine, Header, Scenario, Uncertainty};
use crate::ui::shared::i18n::use_lang;
use crate::ui::shared::i18n::{t, Key, Lang};
use crate::ui::shared::store::use_slice;
use crate::ui::state::use_dispatch;
use yew::prelude::*;

/// Where a parameter's value in a run comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Calibrated, drawn from the posterior per replication.
    Drawn,
    /// Calibrated but not identified by the data: drawn over (nearly) its prior width.
    NotIdentified,
    /// Calibrated, but set by the user: held at that value.
    Pinned,
    /// Calibrated, held at the scenario's value because the run is in fixed mode.
    Fixed,
    /// Not calibrated: an assumption, the same in every replication.
    Assumption,
}

pub fn origin(scn: &Scenario, name: &str) -> Origin {
    let post = engine::shipped_posterior();
    if !post.calibrates(name) {
        return Origin::Assumption;
    }
    if scn.uncertainty == Uncertainty::Fixed {
        return Origin::Fixed;
    }
    if scn.pinned.iter().any(|n| n == name) {
        return Origin::Pinned;
    }
    if post.not_identified.iter().any(|n| n == name) {
        Origin::NotIdentified
    } else {
        Origin::Drawn
    }
}

pub fn origin_label(lang: Lang, o: Origin) -> &'static str {
    t(
        lang,
        match o {
            Origin::Drawn => Key::OriginDrawn,
            Origin::NotIdentified => Key::OriginNotIdentified,
            Origin::Pinned => Key::OriginPinned,
            Origin::Fixed => Key::OriginFixed,
            Origin::Assumption => Key::OriginAssumption,
        },
    )
}

pub fn origin_class(o: Origin) -> &'static str {
    match o {
        Origin::Drawn => "drawn",
        Origin::NotIdentified => "not-identified",
        Origin::Pinned => "pinned",
        Origin::Fixed => "fixed",
        Origin::Assumption => "assumption",
    }
}

/// What a run's bands hold, from its header (and the values of its pinned parameters), as
/// pieces of text: `true` marks a code (the posterior's version, parameter names), shown as
/// code, the same in both languages.
pub fn bands_parts(lang: Lang, header: &Header, scn: &Scenario) -> Vec<(String, bool)> {
    if header.uncertainty == "fixed" {
        return vec![(t(lang, Key::BandsFixed).to_string(), false)];
    }
    let text = |s: String| (s, false);
    let code = |s: String| (s, true);
    let sep = if lang == Lang::Ja { "。" } else { ". " };
    let version = header.posterior_version.clone().unwrap_or_default();
    let mut parts = vec![
        text(format!("{} ({}: ", t(lang, Key::BandsPosterior), t(lang, Key::PosteriorVersion))),
        code(version),
        text(")".into()),
    ];
    let pinned: Vec<String> = engine::shipped_posterior()
        .names
        .iter()
        .filter(|n| !header.drawn.contains(n))
        .map(|n| format!("{n} = {}", scn.params.get(n).map(|v| v.to_string()).unwrap_or_else(|| "—".into())))
        .collect();
    if !pinned.is_empty() {
        parts.push(text(format!("{sep}{}: ", t(lang, Key::PinnedValues))));
        parts.push(code(pinned.join(", ")));
        parts.push(text(format!("; {}", t(lang, Key::OthersDrawn))));
    }
    let not_id = &engine::shipped_posterior().not_identified;
    if !not_id.is_empty() {
        parts.push(text(format!("{sep}{}: ", t(lang, Key::NotIdentifiedList))));
        parts.push(code(not_id.join(", ")));
    }
    parts
}

/// [`bands_parts`] as one line of text.
pub fn bands_text(lang: Lang, header: &Header, scn: &Scenario) -> String {
    bands_parts(lang, header, scn).into_iter().map(|(s, _)| s).collect()
}

/// The note beside the chart: the mode and what the bands hold.
#[function_component(UncertaintyNote)]
pub fn uncertainty_note() -> Html {
    let lang = use_lang();
    let planner = use_slice::<PlannerState>();
    let Some(header) = planner.run.result.as_ref().and_then(|r| r.summaries.first()).map(|s| s.header.clone()) else {
        return html! {};
    };
    let mode = if header.uncertainty == "fixed" { Key::ModeFixed } else { Key::ModePosterior };
    html! {
        <p id="uncertainty-note" class="uncertainty-note" data-mode={header.uncertainty.clone()}>
            <strong>{ t(lang, Key::UncertaintyMode) }{ ": " }{ t(lang, mode) }</strong>
            { " — " }
            { for bands_parts(lang, &header, &planner.scenario).into_iter().map(|(s, is_code)| if is_code {
                html! { <code lang="en">{ s }</code> }
            } else {
                html! { <>{ s }</> }
            }) }
        </p>
    }
}

/// The switch between posterior-predictive and fixed-parameter runs.
#[function_component(UncertaintySwitch)]
pub fn uncertainty_switch() -> Html {
    let lang = use_lang();
    let dispatch = use_dispatch();
    let planner = use_slice::<PlannerState>();
    let current = planner.scenario.uncertainty;
    let radio = |mode: Uncertainty, key: Key| {
        let code = engine::uncertainty_code(mode);
        let onchange = {
            let dispatch = dispatch.clone();
            Callback::from(move |_: Event| {
                dispatch.send(crate::ui::state::Action::Planner(PlannerAction::SetField {
                    field: "uncertainty".into(),
                    text: code.into(),
                }))
            })
        };
        html! {
            <label class="check" for={format!("uncertainty-{code}")}>
                <input type="radio" name="uncertainty" id={format!("uncertainty-{code}")} value={code}
                    checked={current == mode} {onchange} />
                <span>{ t(lang, key) }</span>
            </label>
        }
    };
    html! {
        <fieldset id="uncertainty" class="uncertainty-switch">
            <legend>{ t(lang, Key::UncertaintyMode) }</legend>
            { radio(Uncertainty::Posterior, Key::ModePosterior) }
            { radio(Uncertainty::Fixed, Key::ModeFixed) }
        </fieldset>
    }
}

/// The switch between plans from the last observation (the default) and the counterfactual
/// view; shown only for a scenario with an observation to plan from, the counterfactual only
/// where there is an earlier one (`PlannerState::offers_counterfactual`).
#[function_component(ViewSwitch)]
pub fn view_switch() -> Html {
    let lang = use_lang();
    let dispatch = use_dispatch();
    let planner = use_slice::<PlannerState>();
    if renkei::sim::scenario::forward::last_observation(&planner.scenario).is_none() {
        return html! {};
    }
    let radio = |cf: bool, code: &'static str, key: Key| {
        let onchange = {
            let dispatch = dispatch.clone();
            Callback::from(move |_: Event| {
                dispatch.send(crate::ui::state::Action::Planner(PlannerAction::SetCounterfactual(cf)))
            })
        };
        html! {
            <label class="check" for={format!("view-{code}")}>
                <input type="radio" name="view" id={format!("view-{code}")} value={code}
                    checked={(planner.counterfactual && planner.offers_counterfactual()) == cf} {onchange} />
                <span>{ t(lang, key) }</span>
            </label>
        }
    };
    html! {
        <fieldset id="view" class="uncertainty-switch">
            <legend>{ t(lang, Key::ViewMode) }</legend>
            { radio(false, "today", Key::ViewToday) }
            // only where a figure before "today" gives the alternative past something to stand on
            if planner.offers_counterfactual() { { radio(true, "cf", Key::ViewCounterfactual) } }
        </fieldset>
    }
}

/// What-if for every compared plan, the region's own included: the free pass ends early.
#[function_component(FreePassWhatIf)]
pub fn free_pass_what_if() -> Html {
    let lang = use_lang();
    let dispatch = use_dispatch();
    let planner = use_slice::<PlannerState>();
    let ja = lang == Lang::Ja;
    let onchange = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let date = renkei::sim::date::Date::parse(&select.value());
            dispatch.send(crate::ui::state::Action::Planner(PlannerAction::SetFreePassEnd(date)))
        })
    };
    let current = planner.free_pass_end.map(|d| d.to_string()).unwrap_or_default();
    let option = |value: &'static str, ja_label: &'static str, en_label: &'static str| {
        html! {
            <option value={value} selected={current == value}>{ if ja { ja_label } else { en_label } }</option>
        }
    };
    html! {
        <label class="what-if" for="free-pass-end">
            <span>{ if ja { "もしフリーパスが(全ての取組に適用)" } else { "What if the free pass (applies to every plan)" } }</span>
            <select id="free-pass-end" {onchange}>
                { option("", "公表どおり2027年3月末まで", "runs to March 2027, as published") }
                { option("2026-05-31", "2026年5月末で終了", "ends on 2026-05-31") }
                { option("2026-09-30", "2026年9月末で終了", "ends on 2026-09-30") }
                { option("2026-12-31", "2026年12月末で終了", "ends on 2026-12-31") }
            </select>
        </label>
    }
}

/// The note under the results heading: how to read the strategies (from today, or counterfactual).
#[function_component(ViewNote)]
pub fn view_note() -> Html {
    let lang = use_lang();
    let planner = use_slice::<PlannerState>();
    let Some(header) = planner.run.result.as_ref().and_then(|r| r.summaries.first()).map(|s| s.header.clone()) else {
        return html! {};
    };
    if let Some(today) = &header.today {
        let base = planner.run_base();
        let (en, ja) = renkei::sim::scenario::forward::view_label(&base);
        let text = match lang {
            Lang::Ja => ja,
            Lang::En => en,
        };
        html! {
            <p id="view-note" class="view-note" data-view="today" data-today={today.clone()}>
                <strong>{ t(lang, Key::ViewToday) }{ ": " }</strong>{ text }
            </p>
        }
    } else if planner.counterfactual {
        html! {
            <p id="view-note" class="view-note" data-view="cf">
                <strong>{ t(lang, Key::ViewCounterfactual) }</strong>{ " — " }{ t(lang, Key::ViewCounterfactualNote) }
            </p>
        }
    } else {
        html! {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_parameter_has_an_origin_that_follows_the_mode_and_the_pins() {
        let base = engine::preset("okazaki").unwrap();
        let post = engine::shipped_posterior();
        for info in engine::PARAM_INFO {
            let o = origin(&base, info.name);
            if post.calibrates(info.name) {
                let expect = if post.not_identified.iter().any(|n| n == info.name) {
                    Origin::NotIdentified
                } else {
                    Origin::Drawn
                };
                assert_eq!(o, expect, "{}", info.name);
            } else {
                assert_eq!(o, Origin::Assumption, "{}", info.name);
            }
        }
        let q = engine::apply_field(&base, "params.q", "2.5").unwrap();
        assert_eq!(origin(&q, "q"), Origin::Pinned);
        let fixed = engine::apply_field(&base, "uncertainty", "fixed").unwrap();
        assert_eq!(origin(&fixed, "q"), Origin::Fixed);
    }

    #[test]
    fn the_bands_text_names_the_mode_and_the_pins() {
        let base = engine::preset("okazaki").unwrap();
        let s = engine::apply_field(&base, "params.q", "2.5").unwrap();
        let mut small = s.clone();
        small.replications = 2;
        let mut h = engine::run(&small, &mut |_, _| {}).expect("runs").header;
        h.uncertainty = "posterior".into();
        h.posterior_version = Some("v9".into());
        h.drawn = engine::shipped_posterior().names.iter().filter(|n| *n != "q").cloned().collect();
        let ja = bands_text(Lang::Ja, &h, &s);
        assert!(ja.contains("v9") && ja.contains("固定した値: q = 2.5"), "{ja}");
        h.uncertainty = "fixed".into();
        assert!(!bands_text(Lang::En, &h, &s).contains("q = 2.5"));
    }
}
