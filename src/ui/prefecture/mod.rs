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
use crate::ui::workers::{use_job, PrefectureKind};
use state::{PrefectureAction, PrefectureState};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PrefectureProps {
    pub lang: Lang,
    pub on_toggle_lang: Callback<()>,
    /// Open a municipality in the planner.
    pub on_open: Callback<FiguresText>,
}

#[function_component(PrefecturePage)]
pub fn prefecture_page(p: &PrefectureProps) -> Html {
    let state = use_reducer(PrefectureState::default);
    // A pool of its own: the planner's runs and this view's never cancel each other.
    let d = state.dispatcher();
    use_job::<PrefectureKind, _>(state.job.running(), move |e| d.dispatch(PrefectureAction::Job(e)));
    html! { <view::View state={state} lang={p.lang} on_toggle_lang={p.on_toggle_lang.clone()} on_open={p.on_open.clone()} /> }
}

/// The page's handle on the state (the view dispatches through it).
pub type Handle = UseReducerHandle<PrefectureState>;
