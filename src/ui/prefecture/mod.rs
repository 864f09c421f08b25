//! The prefecture view (`#prefecture`, issue 26; docs/prefecture.md): a prefecture file read
//! in the browser (or the fictional sample), every municipality run under the national policy
//! only and every library strategy in the view's own pool of workers, and the core's view
//! (`experiment::prefecture`) shown: the prefecture total with its joint band, a sortable
//! table of the municipalities, and with a budget its greedy allocation. A municipality's
//! name opens it in the planner with its figures. State and reducer: [`state`].

pub mod state;
mod view;

use crate::ui::shared::bridge::FiguresText;
use crate::ui::shared::i18n::Lang;
use crate::ui::workers::pool::Pool;
use crate::ui::workers::protocol::PoolEvent;
use state::{PrefectureAction, PrefectureState};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PrefectureProps {
    pub lang: Lang,
    pub on_toggle_lang: Callback<()>,
    /// Open a municipality in the planner.
    pub on_open: Callback<FiguresText>,
}

/// The reducer's action for an event of the view's pool.
fn action(e: PoolEvent) -> Option<PrefectureAction> {
    Some(match e {
        PoolEvent::Progress { id, done, total } => PrefectureAction::Progress { id, done, total },
        PoolEvent::PrefectureFinished { id, outcomes, .. } => PrefectureAction::Finished { id, outcomes },
        PoolEvent::Failed { id, message } => PrefectureAction::Failed { id, message },
        _ => return None,
    })
}

#[function_component(PrefecturePage)]
pub fn prefecture_page(p: &PrefectureProps) -> Html {
    let state = use_reducer(PrefectureState::default);
    // A pool of its own: the planner's runs and this view's never cancel each other.
    let pool = {
        let d = state.dispatcher();
        use_memo((), move |_| Pool::new(move |e| action(e).into_iter().for_each(|a| d.dispatch(a))))
    };
    {
        let pool = pool.clone();
        let job = state.job.running_job();
        use_effect_with(state.job.running_id(), move |id| {
            let id = *id;
            if let (Some(_), Some(job)) = (id, job) {
                pool.start_job(&job);
            }
            move || {
                if let Some(id) = id {
                    pool.stop(id);
                }
            }
        });
    }
    {
        let pool = pool.clone();
        use_effect_with((), move |_| move || pool.shutdown());
    }
    html! { <view::View state={state} lang={p.lang} on_toggle_lang={p.on_toggle_lang.clone()} on_open={p.on_open.clone()} /> }
}

/// The page's handle on the state (the view dispatches through it).
pub type Handle = UseReducerHandle<PrefectureState>;
