//! The planner's page: every feature's panel in its order, and the planner's run (each
//! panel starts its own jobs). The one place where the features meet on screen; none of
//! them imports another.

use crate::ui::compare::Comparison;
use crate::ui::cost::CostTable;
use crate::ui::goal::GoalPanel;
use crate::ui::import::NetworkImport;
use crate::ui::options::goals::OptionGoals;
use crate::ui::options::OptionsPanel;
use crate::ui::planner::controls::{Controls, Fields, RegionUndo, Strategies};
use crate::ui::planner::custom::CustomMunicipality;
use crate::ui::planner::lever_view::LeverPanel;
use crate::ui::planner::page::{Header, NoticeBanner, Toolbar};
use crate::ui::planner::results::{Results, StatusBar};
use crate::ui::planner::state::PlannerAction;
use crate::ui::planner::targeting::TargetingRules;
use crate::ui::research::{Calibration, Sensitivity};
use crate::ui::state::{use_dispatch, AppState};
use crate::ui::survey::SurveyPanel;
use crate::ui::workers::{use_job, RunKind};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PlannerPageProps {
    /// The page state (this page sends each job slot's work to its worker).
    pub state: UseReducerHandle<AppState>,
}

#[function_component(PlannerPage)]
pub fn planner_page(props: &PlannerPageProps) -> Html {
    let state = &props.state;
    let dispatch = use_dispatch();
    // The planner's run: its worker pool, and the first run as soon as the page is up. Every
    // other job is started by its own panel (`use_job` in the feature's view).
    let run = {
        let dispatch = dispatch.clone();
        use_job::<RunKind, _>(state.planner.run.running(), move |e| dispatch.send(PlannerAction::Job(e)))
    };
    use_effect_with((), move |_| {
        run.warm_up();
        dispatch.send(PlannerAction::Run);
    });
    // The comparison's reference plan: the differences on screen and in the results CSV.
    let reference = use_state(|| 0usize);
    let on_reference = {
        let reference = reference.clone();
        Callback::from(move |k: usize| reference.set(k))
    };

    html! {
        <>
            <Header />
            // Two columns from 1100 px: the inputs beside the result, so the chart is in the
            // first screen at 1366×768; one column, inputs first, below that.
            <main class="planner">
                <div class="side">
                    // "Your municipality" first: the region choice starts with the planner's own town
                    <CustomMunicipality />
                    <Controls />
                    <RegionUndo />
                    <Strategies />
                    <Fields />
                </div>
                <div class="main-col">
                    <NoticeBanner />
                    <StatusBar />
                    <Results drivers={state.options.rank.result.as_ref().map(|r| r.drivers.clone())} />
                    // Right under the chart: at 1366×768 the ranking's top rows are in view.
                    <OptionsPanel target={state.goal.target()} />
                    <Comparison reference={*reference} {on_reference}><CostTable /></Comparison>
                    <Toolbar cost={state.cost.priced(state.planner.plan().result_key.as_deref()).cloned()}
                        reference={*reference} />
                    <LeverPanel />
                    // Further panels go here, one component each; see DEVELOPERS.md "Adding a panel".
                    <TargetingRules />
                    <GoalPanel><OptionGoals /></GoalPanel>
                    <SurveyPanel />
                    <Sensitivity />
                    <NetworkImport />
                    <Calibration />
                </div>
            </main>
        </>
    }
}
