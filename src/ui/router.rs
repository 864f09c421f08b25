//! The page root: the one place that maps the address to a view. `#workshop` shows the
//! workshop, `#prefecture` the prefecture view, anything else the planner. A new view (a `#bench` page, ...) is one more
//! [`Route`] and one more arm in [`Root`]'s match.

use crate::ui::planner::page::OpenTown;
use crate::ui::planner::App;
use crate::ui::prefecture::PrefecturePage;
use crate::ui::shared::bridge::FiguresText;
use crate::ui::shared::i18n::workshop::{wt, W};
use crate::ui::shared::i18n::Lang;
use crate::ui::workshop::Workshop;
use gloo_events::EventListener;
use yew::prelude::*;

/// Fired on the window when a view changes the page's language, so the tabs follow it.
pub const LANG_EVENT: &str = "renkei-lang";

/// The views an address can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    Planner,
    Workshop,
    /// `#bench` (or `#bench&workers=N`): the browser benchmark (docs/performance.md).
    Bench,
    /// `#prefecture`: many municipalities at once (issue 26).
    Prefecture,
}

impl Route {
    pub fn from_hash(hash: &str) -> Route {
        match hash {
            "#workshop" => Route::Workshop,
            "#prefecture" => Route::Prefecture,
            h if h == "#bench" || h.starts_with("#bench&") => Route::Bench,
            _ => Route::Planner,
        }
    }

    fn current() -> Route {
        let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
        Route::from_hash(&hash)
    }
}

fn html_lang() -> Lang {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("lang"))
        .and_then(|c| Lang::from_code(&c))
        .unwrap_or_default()
}

#[function_component(Root)]
pub fn root() -> Html {
    let route = use_state(Route::current);
    let lang = use_state(crate::ui::shared::i18n::choice::page_lang);
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
    // A municipality the prefecture view opens in the planner.
    let open_town = use_state(|| None::<std::rc::Rc<OpenTown>>);
    {
        let route = route.clone();
        let lang = lang.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                EventListener::new(&w, "hashchange", move |_| {
                    let now = Route::current();
                    if now != Route::Planner {
                        lang.set(html_lang());
                    }
                    route.set(now);
                })
            });
            move || drop(listener)
        });
    }
    // The planner's language (its own state) reaches the tabs through `<html lang>`.
    let redraw = use_force_update();
    use_effect_with((), move |_| {
        let r = redraw.clone();
        let listener = web_sys::window().map(|w| EventListener::new(&w, LANG_EVENT, move |_| r.force_update()));
        // The planner's first effect ran before this one (children first): catch up once.
        redraw.force_update();
        move || drop(listener)
    });
    // Views other than the planner keep <html lang> and the title in step with their language.
    use_effect_with((*lang, *route), move |(lang, route)| {
        let title = match route {
            Route::Workshop => W::Title,
            Route::Prefecture => W::PrefectureTitle,
            _ => return,
        };
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            if let Some(el) = doc.document_element() {
                let _ = el.set_attribute("lang", lang.code());
            }
            doc.set_title(wt(*lang, title));
        }
    });
    let toggle = {
        let lang = lang.clone();
        Callback::from(move |_| {
            let l = lang.other();
            crate::ui::shared::i18n::choice::choose(l);
            lang.set(l);
        })
    };
    let on_planner = *route == Route::Planner;
    let l = if on_planner { html_lang() } else { *lang };
    let view = match *route {
        // The benchmark owns the whole page: nothing else may compete for the cores.
        Route::Bench => return html! { <crate::ui::bench::BenchPage /> },
        Route::Planner => html! {},
        Route::Workshop => html! { <Workshop lang={*lang} on_toggle_lang={toggle.clone()} /> },
        Route::Prefecture => html! {},
    };
    let on_open = {
        let (open_town, lang) = (open_town.clone(), *lang);
        Callback::from(move |figures: FiguresText| {
            let seq = open_town.as_ref().map_or(0, |o| o.seq + 1);
            open_town.set(Some(std::rc::Rc::new(OpenTown { seq, figures, lang })));
            if let Some(w) = web_sys::window() {
                let _ = w.location().set_hash("");
            }
        })
    };
    html! {
        <>
            if on_planner {
                <SkipLink lang={l} />
            }
            <nav class="views" aria-label={wt(l, W::Nav)}>
                <a id="nav-planner" href="#" aria-current={on_planner.then_some("page")}>{ wt(l, W::Planner) }</a>
                <a id="nav-workshop" href="#workshop" aria-current={(*route == Route::Workshop).then_some("page")}>
                    { wt(l, W::Workshop) }</a>
                <a id="nav-prefecture" href="#prefecture" aria-current={(*route == Route::Prefecture).then_some("page")}>
                    { wt(l, W::Prefecture) }</a>
            </nav>
            if show_planner {
                <div id="planner-view" hidden={!on_planner}>
                    <App open={(*open_town).clone()} />
                </div>
            }
            if show_prefecture {
                <div id="prefecture-view" hidden={*route != Route::Prefecture}>
                    <PrefecturePage lang={*lang} on_toggle_lang={toggle} {on_open} />
                </div>
            }
            { view }
        </>
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
