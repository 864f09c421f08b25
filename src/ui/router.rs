//! The page root: the page state (above every view, [`state::Provide`]) and the one place that
//! maps the address to a view ([`Route`]): `#workshop` shows the workshop, `#prefecture` the
//! prefecture view, `#bench` the benchmark, anything else the planner. A new view is one more
//! [`Route`] and one more arm in [`Root`]'s match. The language has one owner, the page state:
//! every view shows it and changes it through the state, and it is kept for the next visit.

use crate::ui::page::PlannerPage;
use crate::ui::planner::state::PlannerAction;
use crate::ui::prefecture::PrefecturePage;
use crate::ui::shared::bridge::FiguresText;
use crate::ui::shared::dom;
use crate::ui::shared::i18n::{choice, t, Key, Lang};
use crate::ui::shared::route::Route;
use crate::ui::state::{self, Action, Provide};
use crate::ui::workshop::Workshop;
use gloo_events::EventListener;
use yew::prelude::*;

#[function_component(Root)]
pub fn root() -> Html {
    let state = use_reducer(state::load);
    let route = use_state(Route::current);
    let lang = state.lang;
    // The planner is mounted the first time it is shown (so opening `#workshop` does not
    // start its Monte-Carlo run), then kept, hidden, so its results survive a visit elsewhere.
    let planner_mounted = use_mut_ref(|| false);
    if *route == Route::Planner {
        *planner_mounted.borrow_mut() = true;
    }
    let show_planner = *planner_mounted.borrow();
    // The prefecture view likewise, so its results survive a visit to a municipality.
    let prefecture_mounted = use_mut_ref(|| false);
    if *route == Route::Prefecture {
        *prefecture_mounted.borrow_mut() = true;
    }
    let show_prefecture = *prefecture_mounted.borrow();
    {
        let route = route.clone();
        use_effect_with((), move |_| {
            let listener =
                web_sys::window().map(|w| EventListener::new(&w, "hashchange", move |_| route.set(Route::current())));
            move || drop(listener)
        });
    }
    // The language: remembered for the next visit, `<html lang>` and the title follow it.
    use_effect_with((lang, *route), move |(lang, route)| {
        choice::remember(*lang);
        let title = match route {
            Route::Workshop => t(*lang, Key::WorkshopTitle),
            Route::Prefecture => t(*lang, Key::PrefectureTitle),
            Route::Planner | Route::Bench => t(*lang, Key::Title),
        };
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            if let Some(el) = doc.document_element() {
                let _ = el.set_attribute("lang", lang.code());
            }
            doc.set_title(title);
        }
    });
    // Autosave, and on the planner keep the address bar a share link of the current state.
    use_effect_with((state.share_text(), *route), |(text, route)| {
        dom::storage_set(dom::AUTOSAVE_KEY, text);
        if *route == Route::Planner {
            dom::replace_hash(text);
        }
    });
    let toggle = {
        let d = state.dispatcher();
        Callback::from(move |_| d.dispatch(Action::ToggleLang))
    };
    let on_planner = *route == Route::Planner;
    let view = match *route {
        // The benchmark owns the whole page: nothing else may compete for the cores.
        Route::Bench => {
            return html! { <Provide state={state.clone()} progress={state.progress()}><crate::ui::bench::BenchPage /></Provide> }
        }
        Route::Planner | Route::Prefecture => html! {},
        Route::Workshop => html! { <Workshop {lang} on_toggle_lang={toggle.clone()} /> },
    };
    // A municipality of the prefecture view opened in the planner.
    let on_open = {
        let d = state.dispatcher();
        Callback::from(move |figures: FiguresText| {
            d.dispatch(Action::Planner(PlannerAction::OpenTown(Box::new(figures))));
            if let Some(w) = web_sys::window() {
                let _ = w.location().set_hash("");
            }
        })
    };
    html! {
        <Provide state={state.clone()} progress={state.progress()}>
            if on_planner {
                <SkipLink {lang} />
            }
            <nav class="views" aria-label={t(lang, Key::Nav)}>
                <a id="nav-planner" href="#" aria-current={on_planner.then_some("page")}>{ t(lang, Key::Planner) }</a>
                <a id="nav-workshop" href="#workshop" aria-current={(*route == Route::Workshop).then_some("page")}>
                    { t(lang, Key::Workshop) }</a>
                <a id="nav-prefecture" href="#prefecture" aria-current={(*route == Route::Prefecture).then_some("page")}>
                    { t(lang, Key::Prefecture) }</a>
            </nav>
            if show_planner {
                <div id="planner-view" hidden={!on_planner}>
                    <PlannerPage state={state.clone()} />
                </div>
            }
            if show_prefecture {
                <div id="prefecture-view" hidden={*route != Route::Prefecture}>
                    <PrefecturePage {lang} on_toggle_lang={toggle} {on_open} />
                </div>
            }
            { view }
        </Provide>
    }
}

#[derive(Properties, PartialEq)]
struct SkipLinkProps {
    lang: Lang,
}

/// A link past the planner's inputs to its result (keyboard users: the first tab stop).
#[function_component(SkipLink)]
fn skip_link(p: &SkipLinkProps) -> Html {
    let onclick = Callback::from(|e: MouseEvent| {
        // Not a `#results` address: the hash is the share link.
        e.prevent_default();
        crate::ui::shared::dom::jump_to("results");
    });
    html! {
        <a id="skip-link" class="skip-link" href="#results" {onclick}>
            { p.lang.pick("結果へ移動", "Skip to the results") }
        </a>
    }
}
