//! The planner's page: every feature's panel in its order, and the worker for every job
//! (each job slot's running id drives its worker: started when it starts, stopped when it
//! is cancelled or superseded). The one place where the features meet on screen; none of
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
use crate::ui::planner::state::{PlannerAction, RunJob};
use crate::ui::planner::targeting::TargetingRules;
use crate::ui::protocol::{Job, RunRequest};
use crate::ui::research::{Calibration, Sensitivity};
use crate::ui::state::{use_dispatch, AppState};
use crate::ui::survey::SurveyPanel;
use crate::ui::worker_client::WorkerClient;
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
    let new_client = || {
        let dispatcher = state.dispatcher();
        move |_: &()| WorkerClient::new(dispatcher)
    };
    let client = use_memo((), new_client());
    // The tornado and the calibration get workers of their own, so each can be
    // cancelled (terminated) without stopping the others.
    let tornado_client = use_memo((), new_client());
    let calib_client = use_memo((), new_client());
    let goal_client = use_memo((), new_client());
    let cost_client = use_memo((), new_client());
    let rank_client = use_memo((), new_client());
    let goals_client = use_memo((), new_client());
    let o = &state.options;
    use_job_worker(rank_client, o.rank.running_id(), o.rank.running_job(), |c, _, j: &Job| c.start_job(j));
    use_job_worker(goals_client, o.goals.running_id(), o.goals.running_job(), |c, _, j: &Job| c.start_job(j));
    let r = &state.research;
    use_job_worker(tornado_client, r.tornado.running_id(), r.tornado.running_job(), |c, _, j: &Job| c.start_job(j));
    let g = &state.goal.job;
    use_job_worker(goal_client, g.running_id(), g.running_job(), |c, _, j: &Job| c.start_job(j));
    let c = &state.cost.job;
    use_job_worker(cost_client, c.running_id(), c.running_job(), |c, _, j: &Job| c.start_job(j));
    use_job_worker(calib_client, r.calib.running_id(), r.calib.running_job(), |c, _, j: &Job| c.start_job(j));

    // Run the scenario on screen as soon as the page is up.
    {
        let client = client.clone();
        use_effect_with((), move |_| {
            client.warm_up();
            dispatch.send(PlannerAction::Run);
        });
    }
    let p = &state.planner;
    use_job_worker(client.clone(), p.run.running_id(), p.run.running_job(), |c, id, j: &RunJob| {
        c.start(&RunRequest { id, scenarios: j.scenarios.clone() })
    });

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
                    <Comparison><CostTable /></Comparison>
                    <Toolbar />
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

/// Sends the job of a slot (`id`, `job`) to `client` when it starts, with `send`; stops it
/// (terminates the worker) when it is cancelled or superseded. One hook for every job.
#[hook]
fn use_job_worker<J: 'static>(
    client: std::rc::Rc<WorkerClient>,
    id: Option<u32>,
    job: Option<std::rc::Rc<J>>,
    send: fn(&WorkerClient, u32, &J),
) {
    use_effect_with(id, move |id| {
        let id = *id;
        if let (Some(id), Some(job)) = (id, job) {
            send(&client, id, &job);
        }
        move || {
            if let Some(id) = id {
                client.stop(id);
            }
        }
    });
}
