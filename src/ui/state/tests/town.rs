//! "Your municipality" (issue 20): a town from its figures, planned from its latest one, its
//! plan the national policy only, its assumptions listed, kept by the share link and autosave.

use super::*;
use renkei::sim::date::d;
use renkei::sim::scenario::municipality;

/// Types the form's fields and creates the town.
fn create(s: Rc<AppState>, fields: &[(&str, &str)]) -> Rc<AppState> {
    let s = fields.iter().fold(s, |s, (field, text)| {
        reduce(s, Action::Planner(PlannerAction::TownField { field: field.to_string(), text: text.to_string() }))
    });
    reduce(s, Action::Planner(PlannerAction::CreateTown))
}

const MIKAWA: [(&str, &str); 5] =
    [("name", "三川町"), ("offices", "120"), ("areas", "3"), ("adopted", "18"), ("on", "2026-02-28")];

#[test]
fn a_town_runs_planned_from_its_latest_figure_through_the_core_constructor() {
    let s = create(Rc::new(AppState::default()), &MIKAWA);
    let p = &s.planner;
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    assert_eq!(p.region, "三川町");
    assert!(p.is_town());
    assert!(s.running_id().is_some(), "created and run");
    let f = p.town.figures().expect("the form's figures");
    // the run is the core's municipality, exactly: planned from 2026-02-28 at 18 of 120
    assert_eq!(p.run_scenarios(), vec![municipality::municipality(&f).expect("the town")]);
    assert_eq!(p.run_base().condition.map(|c| c.date), Some(d("2026-02-28")));
    assert!(p.plans_from_today());
    let (en, _) = renkei::sim::scenario::forward::view_label(&p.run_base());
    assert!(en.contains("observed 18/120 offices): the national policy only before"), "{en}");
    // known only by its latest figure: no past to be counterfactual about
    assert!(!p.offers_counterfactual());
    let cf = reduce(s.clone(), Action::Planner(PlannerAction::SetCounterfactual(true)));
    assert!(cf.planner.plans_from_today(), "the counterfactual view is not offered, so runs stay from today");
    // its own plan is the national policy only, and says so
    assert_eq!(engine::own_plan_label(&p.scenario), ("国の施策のみ", "National policy only"));
    assert_eq!(
        engine::own_plan_label(&engine::preset("okazaki").unwrap()).0,
        "シナリオの取組(地域の実績、その後も継続)"
    );
    let with_lever = reduce(s.clone(), Action::Planner(PlannerAction::AddLever(LeverKind::Outreach)));
    assert_eq!(engine::own_plan_label(&with_lever.planner.scenario).1, "National policy + your levers");
    // the defaults are listed, none of them a silent 0
    let assumed: Vec<&str> = p.scenario.assumed.iter().map(|a| a.field.as_str()).collect();
    for f in ["population.out_of_scope", "population.areas.centre", "population.external_offices"] {
        assert!(assumed.contains(&f), "{f} in {assumed:?}");
    }
    assert_eq!(
        p.scenario.population.out_of_scope,
        municipality::default_out_of_scope(120, 18),
        "the presets' out-of-scope rule"
    );
}

#[test]
fn an_earlier_figure_offers_the_counterfactual_view() {
    let mut fields = MIKAWA.to_vec();
    fields.push(("observed", "2025-08-31 10/118"));
    let s = create(Rc::new(AppState::default()), &fields);
    assert!(s.planner.errors.is_empty(), "{:?}", s.planner.errors);
    assert!(s.planner.offers_counterfactual());
    let cf = reduce(s, Action::Planner(PlannerAction::SetCounterfactual(true)));
    assert!(!cf.planner.plans_from_today(), "the counterfactual view runs from the earlier figure");
    assert_eq!(cf.planner.run_base().start, d("2025-08-31"));
    // the presets keep theirs
    let okazaki = reduce(Rc::new(AppState::default()), Action::Planner(PlannerAction::SelectRegion("okazaki".into())));
    assert!(okazaki.planner.offers_counterfactual());
}

#[test]
fn a_bad_field_is_named_and_the_scenario_on_screen_stays() {
    let s = reduce(Rc::new(AppState::default()), Action::Planner(PlannerAction::Run));
    let before = s.planner.scenario.clone();
    let running = s.running_id();
    let cases: [(&str, &str, &str); 5] = [
        ("areas", "500", "town.areas"),
        ("offices", "abc", "town.offices"),
        ("adopted", "130", "town.adopted"),
        ("on", "2027-05-01", "town.on"),
        ("out_of_scope", "110", "town.out_of_scope"),
    ];
    for (field, text, key) in cases {
        let mut fields = MIKAWA.to_vec();
        fields.push((field, text));
        let bad = create(s.clone(), &fields);
        assert!(bad.planner.errors.contains_key(key), "{field}={text}: {:?}", bad.planner.errors);
        assert_eq!(bad.planner.scenario, before, "the previous scenario stays");
        assert_eq!(bad.running_id(), running, "no new run");
        let msg = errors::field_error(Lang::Ja, &bad.planner.errors[key]);
        assert!(!msg.is_empty() && !msg.contains("入力が正しくありません"), "{key}: {msg}");
    }
    let bad =
        create(s, &[("areas", "500"), ("name", "三川町"), ("offices", "120"), ("adopted", "18"), ("on", "2026-02-28")]);
    assert_eq!(bad.planner.errors.get("town.areas"), Some(&FieldError::Range { min: 1.0, max: 120.0 }));
    let fixed = create(bad, &[("areas", "3")]);
    assert!(fixed.planner.errors.is_empty(), "{:?}", fixed.planner.errors);
    assert_eq!(fixed.planner.region, "三川町");
}

#[test]
fn the_share_link_and_the_autosave_restore_the_town_and_its_form() {
    let mut fields = MIKAWA.to_vec();
    fields.extend([("areas", "北部:40, 中部, 南部"), ("centre_kind", "direct"), ("observed", "2025-11-30 12")]);
    let s = create(Rc::new(AppState::default()), &fields);
    assert!(s.planner.errors.is_empty(), "{:?}", s.planner.errors);
    let s = reduce(s, Action::SetLang(Lang::En));
    let text = s.share_text();
    assert!(text.contains("sz="), "the town travels whole: {text}");
    for back in [AppState::initial(Some(format!("#{text}")), None), AppState::initial(None, Some(text.clone()))] {
        assert_eq!(back.notice, None);
        assert_eq!(back.planner.region, "三川町");
        assert_eq!(back.planner.scenario, s.planner.scenario);
        assert!(back.planner.is_town());
        assert_eq!(back.lang, Lang::En);
        // the form shows the town's figures again, the defaults left empty
        let t = &back.planner.town;
        assert_eq!(
            (t.name.as_str(), t.offices.as_str(), t.adopted.as_str(), t.on.as_str()),
            ("三川町", "120", "18", "2026-02-28")
        );
        assert_eq!(t.areas, "北部:40, 中部:40, 南部:40");
        assert_eq!((t.centre_kind.as_str(), t.out_of_scope.as_str()), ("direct", ""));
        assert_eq!(t.observed, "2025-11-30 12");
        assert_eq!(engine::town_scenario(t).expect("the same town again"), s.planner.scenario.as_ref().clone());
        assert_eq!(back.planner.run_scenarios(), s.planner.run_scenarios());
    }
}

#[test]
fn the_survey_table_gives_a_town_its_counts_on_the_latest_date_and_keeps_the_planners_levers() {
    use crate::ui::survey::state::SurveyAction;
    let s = create(Rc::new(AppState::default()), &MIKAWA);
    let s = reduce(s, Action::Planner(PlannerAction::AddLever(LeverKind::Outreach)));
    let levers = s.planner.scenario.strategy.levers.clone();
    // the table starts from the town's latest figure: 18 adopted, not the assumed 12 of 2025-08-31
    let rows = s.survey.shown(&s.planner.scenario);
    assert_eq!(rows.iter().map(|(c, _)| c.adopted).sum::<u32>(), 18);
    let (first, texts) = rows[0].clone();
    let not: u32 = texts[0].parse().expect("count");
    let s = reduce(
        s,
        Action::Survey(SurveyAction::Set { area: first.area.clone(), column: 0, text: (not - 3).to_string() }),
    );
    let s = reduce(s, Action::Survey(SurveyAction::Set { area: first.area.clone(), column: 1, text: "3".into() }));
    let s = reduce(s, Action::Survey(SurveyAction::Apply));
    assert_eq!(s.survey.error, None);
    let p = &s.planner;
    assert_eq!(p.scenario.start, d("2026-02-28"), "the counts are the state on the latest figure's date");
    assert_eq!(p.scenario.survey.as_ref().map(|c| c[0].planning), Some(3));
    assert!(p.town.survey.contains("/3/"), "{}", p.town.survey);
    assert_eq!(p.scenario.strategy.levers, levers, "the planner's lever is kept");
    assert!(s.running_id().is_some());
    // counts that disagree with the latest figure are refused, the town stays
    let before = s.planner.scenario.clone();
    let s = reduce(s, Action::Survey(SurveyAction::Set { area: first.area.clone(), column: 2, text: "99".into() }));
    let s = reduce(s, Action::Survey(SurveyAction::Apply));
    assert!(s.survey.error.is_some());
    assert_eq!(s.planner.scenario, before);
    let s = reduce(s, Action::Survey(SurveyAction::Clear));
    assert_eq!(s.planner.scenario.survey, None);
    assert_eq!(s.planner.scenario.start, d("2025-08-31"));
}
