//! Whom outreach and visits approach first (issue 14 §3): a rule per lever kind, set in the
//! scenario (`scenario.targeting`), so the share link (its whole-scenario form) and the saved
//! JSON carry it. `random` for both is stored as no targeting, as the CLI does.

use crate::ui::planner::state::PlannerState;
use crate::ui::planner::targeting_rule::Aim;
use crate::ui::shared::bridge::SimError;
use crate::ui::shared::dom;
use crate::ui::shared::i18n::use_lang;
use crate::ui::shared::i18n::{errors, Lang};
use crate::ui::shared::kit::Panel;
use crate::ui::shared::store::use_slice;
use crate::ui::state::use_dispatch;
use crate::ui::state::Action;
use renkei::sim::experiment::report;
use renkei::sim::scenario::targeting::{Rule, RULES};
use renkei::sim::scenario::Network;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

fn rule_label(lang: Lang, rule: Rule) -> &'static str {
    match rule {
        Rule::Random => lang.pick("無作為(これまでどおり)", "At random (as today)"),
        Rule::MostPartners => lang.pick("取引先の多い事業所から", "Most partners first"),
        Rule::NearThreshold => lang.pick("取引先の導入割合が高い事業所から", "Highest share of partners adopted first"),
        Rule::LargeCareManagement => lang.pick("大きい居宅介護支援事業所から", "Large care-management offices first"),
        Rule::PartnerRequests => {
            lang.pick("導入済みの取引先が求める事業所から", "Partners that adopters ask for first")
        }
    }
}

#[function_component(TargetingRules)]
pub fn targeting_rules() -> Html {
    let lang = use_lang();
    let dispatch = use_dispatch();
    let planner = use_slice::<PlannerState>();
    let t = planner.scenario.targeting.clone().unwrap_or_default();
    let error = use_state(|| None::<SimError>);
    let select = |aim: Aim, id: &'static str, label: &'static str, current: Rule| {
        let dispatch = dispatch.clone();
        let onchange = Callback::from(move |e: Event| {
            let el: HtmlSelectElement = e.target_unchecked_into();
            dispatch.send(Action::SetTargeting { aim, rule: el.value() });
        });
        html! {
            <label for={id}>{ label }
                <select {id} {onchange}>
                    { for RULES.iter().map(|(name, rule)| html! {
                        <option value={*name} selected={*rule == current}>{ rule_label(lang, *rule) }</option>
                    }) }
                </select>
            </label>
        }
    };
    // The list a centre takes on its rounds: only an imported network has real offices to list.
    let rounds = matches!(planner.scenario.network, Network::Table { .. }).then(|| {
        let scn = planner.scenario.clone();
        let error = error.clone();
        let rule = if t.outreach == Rule::Random { t.visits } else { t.outreach };
        let onclick = Callback::from(move |_| match report::rounds_csv(&scn, rule, &[]) {
            Ok(text) => {
                error.set(None);
                let _ = dom::download(&format!("rounds-{}.csv", rule.name()), "text/csv", &text);
            }
            Err(e) => error.set(Some(e)),
        });
        html! {
            <p class="controls">
                <button id="rounds-csv" type="button" {onclick}>
                    { lang.pick("訪問順の事業所一覧(CSV)", "Ranked office list for the rounds (CSV)") }
                </button>
                <span class="meta">{ lang.pick(
                    "取込んだネットワークの未導入の事業所を、センターの働きかけの規則(無作為なら訪問の規則)の順に並べます。",
                    "The imported network's offices not yet using the system, in the order of the outreach rule (the visits rule when outreach is at random).",
                ) }</span>
            </p>
        }
    });
    html! {
        <Panel id="targeting" title={html! { lang.pick("誰から働きかけるか", "Whom to approach first") }}>
            <div class="controls">
                { select(Aim::Outreach, "targeting-outreach", lang.pick("センターの働きかけ", "Centre outreach"), t.outreach) }
                { select(Aim::Visits, "targeting-visits", lang.pick("訪問", "Visits"), t.visits) }
            </div>
            { for rounds }
            if let Some(e) = (*error).clone() {
                <p id="rounds-error" class="banner error" role="alert">{ errors::sim_error(lang, &e) }</p>
            }
        </Panel>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::planner::share;
    use crate::ui::planner::targeting_rule::with_rule;
    use crate::ui::shared::bridge::Scenario;
    use crate::ui::state::AppState;
    use std::rc::Rc;
    use yew::Reducible;

    #[test]
    fn a_rule_is_set_in_the_scenario_travels_in_the_share_link_and_random_is_none() {
        let s = Rc::new(AppState::default());
        let s = s.reduce(Action::SetTargeting { aim: Aim::Visits, rule: "near_threshold".into() });
        let t = s.planner.scenario.targeting.clone().expect("set");
        assert_eq!((t.outreach, t.visits), (Rule::Random, Rule::NearThreshold));
        assert!(s.planner.has_edits());
        let back = share::decode(&s.share_text()).expect("the link reads back");
        assert_eq!(back.scenario.targeting, Some(t));
        let before = s.clone();
        let s = s.reduce(Action::SetTargeting { aim: Aim::Visits, rule: "no_such_rule".into() });
        assert!(Rc::ptr_eq(&before, &s), "an unknown rule changes nothing");
        let s = s.reduce(Action::SetTargeting { aim: Aim::Visits, rule: "random".into() });
        assert_eq!(s.planner.scenario.targeting, None);
    }

    #[test]
    fn a_rule_changes_the_result_of_a_plan_with_visits() {
        use crate::ui::shared::bridge as engine;
        use crate::ui::shared::bridge_planning::{apply_goal, GoalAnswer};
        let mut scn = engine::preset("higashisonogi").expect("preset");
        scn.replications = 4;
        let by = crate::ui::shared::bridge::Date::parse("2027-03-31").expect("date");
        let visits = GoalAnswer {
            lever: "visits.per_month".into(),
            x: Some(10.0),
            shown: None,
            probability: 1.0,
            reachable: true,
            evaluations: 1,
            inversions: 0,
            lever_added: false,
            by,
            range: (String::new(), String::new()),
            replications: 4,
        };
        let scn = apply_goal(&scn, &visits).ok().flatten().expect("visits set");
        let ranked = with_rule(&scn, Aim::Visits, "most_partners").expect("a rule");
        let run = |s: &Scenario| engine::run(s, &mut |_, _| {}).expect("runs");
        assert_ne!(run(&scn).paths, run(&ranked).paths, "visiting the most-partnered first changes who adopts");
    }
}
