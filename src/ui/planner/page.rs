//! The planner's page: the workers for every job, autosave and share link, the header,
//! the notice banner and the order of the panels. State lives in [`AppContext`].

use crate::ui::cost::{jobs::CostKind, state::CostAction};
use crate::ui::goal::{jobs::GoalKind, state::GoalAction};
use crate::ui::import::NetworkImport;
use crate::ui::options::jobs::{GoalsKind, RankKind};
use crate::ui::options::state::OptionsAction;
use crate::ui::planner::controls::{plan_label, Controls, Fields, RegionUndo, Strategies};
use crate::ui::planner::results::{Results, StatusBar};
use crate::ui::planner::share;
use crate::ui::planner::state::PlannerAction;
use crate::ui::research::state::ResearchAction;
use crate::ui::research::{Calibration, Sensitivity};
use crate::ui::shared::bridge::{self as engine, Problem};
use crate::ui::shared::dom;
use crate::ui::shared::i18n::{choice, errors, t, Key, Lang};
use crate::ui::shared::use_app;
use crate::ui::state::{Action, AppContext, AppState, Notice};
use crate::ui::workers::{use_job, CalibrateKind, RunKind, TornadoKind};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// A town the page asks the planner to open (the prefecture view's municipality): `seq`
/// tells one request from the next, so the same town may be opened again.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenTown {
    pub seq: u32,
    pub figures: engine::FiguresText,
    /// The language of the view that opened it, which the planner takes.
    pub lang: Lang,
}

#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    #[prop_or_default]
    pub open: Option<std::rc::Rc<OpenTown>>,
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let state = use_reducer(initial_state);
    // One pool per job, so each can be cancelled (its workers terminated) without stopping
    // the others; each job's events go to its slice as its own action.
    let p = &state.planner;
    let run = use_job::<RunKind, _>(p.run.running(), to(&state, |e| Action::Planner(PlannerAction::Job(e))));
    let r = &state.research;
    use_job::<TornadoKind, _>(
        r.tornado.running(),
        to(&state, |e| Action::Research(ResearchAction::TornadoJob(Box::new(e)))),
    );
    use_job::<CalibrateKind, _>(
        r.calib.running(),
        to(&state, |e| Action::Research(ResearchAction::CalibJob(Box::new(e)))),
    );
    use_job::<GoalKind, _>(state.goal.job.running(), to(&state, |e| Action::Goal(GoalAction::Job(e))));
    use_job::<CostKind, _>(state.cost.job.running(), to(&state, |e| Action::Cost(CostAction::Job(e))));
    let o = &state.options;
    use_job::<RankKind, _>(o.rank.running(), to(&state, |e| Action::Options(OptionsAction::RankJob(e))));
    use_job::<GoalsKind, _>(o.goals.running(), to(&state, |e| Action::Options(OptionsAction::GoalsJob(e))));

    // Run the default scenario as soon as the page is up.
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            run.warm_up();
            state.dispatch(Action::Planner(PlannerAction::Run));
        });
    }

    // Autosave, and keep the address bar a share link of the current state.
    use_effect_with(state.share_text(), |text| {
        dom::storage_set(dom::AUTOSAVE_KEY, text);
        dom::replace_hash(text);
    });

    // The workshop chose a language: the planner follows (one language on every tab).
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                gloo_events::EventListener::new(&w, choice::CHOSEN_EVENT, move |_| {
                    if let Some(l) = choice::stored() {
                        state.dispatch(Action::SetLang(l));
                    }
                })
            });
            move || drop(listener)
        });
    }

    // Keep <html lang> and the title in step with the language, and remember it.
    use_effect_with(state.lang, |lang| {
        choice::remember(*lang);
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            if let Some(el) = doc.document_element() {
                let _ = el.set_attribute("lang", lang.code());
            }
            doc.set_title(t(*lang, Key::Title));
        }
        // The router's tabs follow the page's language (`router::LANG_EVENT`).
        if let Some(w) = web_sys::window() {
            if let Ok(ev) = web_sys::Event::new(crate::ui::router::LANG_EVENT) {
                let _ = w.dispatch_event(&ev);
            }
        }
    });

    // A town opened from elsewhere (after the first state and its first run, so it wins over the autosave).
    {
        let state = state.clone();
        use_effect_with(props.open.clone(), move |open| {
            if let Some(o) = open {
                state.dispatch(Action::SetLang(o.lang));
                state.dispatch(Action::Planner(PlannerAction::OpenTown(Box::new(o.figures.clone()))));
            }
        });
    }

    html! {
        <ContextProvider<AppContext> context={state}>
            <Header />
            // Two columns from 1100 px: the inputs beside the result, so the chart is in the
            // first screen at 1366×768 (issue 11); one column, inputs first, below that.
            <main class="planner">
                <div class="side">
                    // "Your municipality" first: the region choice starts with the planner's own town
                    <crate::ui::planner::custom::CustomMunicipality />
                    <Controls />
                    <RegionUndo />
                    <Strategies />
                    <Fields />
                </div>
                <div class="main-col">
                    <NoticeBanner />
                    <StatusBar />
                    <Results />
                    // Right under the chart: at 1366×768 the ranking's top rows are in view.
                    <crate::ui::options::OptionsPanel />
                    <crate::ui::compare::Comparison />
                    <Toolbar />
                    <crate::ui::planner::lever_view::LeverPanel />
                    // Further panels (research, and the planner's questions to come) go here,
                    // one component each; see DEVELOPERS.md "Adding a panel".
                    <crate::ui::planner::targeting::TargetingRules />
                    <crate::ui::goal::GoalPanel />
                    <crate::ui::survey::SurveyPanel />
                    <Sensitivity />
                    <NetworkImport />
                    <Calibration />
                </div>
            </main>
        </ContextProvider<AppContext>>
    }
}

/// Dispatches an event as the page's action `wrap` makes of it.
fn to<E: 'static>(state: &UseReducerHandle<AppState>, wrap: fn(E) -> Action) -> impl Fn(E) + 'static {
    let d = state.dispatcher();
    move |e| d.dispatch(wrap(e))
}

/// The first state: the share link in the address bar, else the autosave, else the
/// defaults (`AppState::initial`). An unreadable autosave is also copied to
/// `dom::UNREADABLE_KEY`, since the next autosave overwrites it.
fn initial_state() -> AppState {
    let (hash, autosave) = (dom::hash(), dom::storage_get(dom::AUTOSAVE_KEY));
    let lang_of = |t: &Option<String>| t.as_deref().and_then(|t| share::decode(t).ok()).and_then(|s| s.lang);
    // The language: a share link's, else the user's last choice (on any view), else the
    // autosave's (saved before the choice was kept), else the browser's.
    let lang = lang_of(&hash)
        .or_else(choice::stored)
        .or_else(|| if hash.is_none() { lang_of(&autosave) } else { None })
        .unwrap_or_else(choice::browser);
    let mut s = AppState::initial(hash, autosave);
    s.lang = lang;
    if let Some(Notice::AutosaveFailed { text, .. }) = &s.notice {
        dom::storage_set(dom::UNREADABLE_KEY, text);
    }
    s
}

/// The line that names a saved result: the municipality as the page shows it and the day.
pub fn results_title(lang: Lang, region: &str) -> String {
    let name = crate::ui::shared::i18n::region_name(lang, region);
    let today: String =
        js_sys::Date::new_0().to_iso_string().as_string().unwrap_or_default().chars().take(10).collect();
    match lang {
        Lang::Ja => format!("{name} 導入の見通し（Renkei、{today} 作成）"),
        Lang::En => format!("{name}: adoption outlook (Renkei, made {today})"),
    }
}

#[function_component(Toolbar)]
fn toolbar() -> Html {
    let app = use_app();
    let lang = app.lang;
    let share_url = use_state(|| None::<String>);
    let on_export = {
        let app = app.clone();
        Callback::from(move |_| {
            let name = format!("renkei-{}.json", app.planner.region.replace(|c: char| !c.is_alphanumeric(), "_"));
            let _ = dom::download(&name, "application/json", &app.planner.scenario.to_json());
        })
    };
    let on_csv = {
        let app = app.clone();
        Callback::from(move |_| {
            if let Some(r) = &app.planner.run.result {
                let name = format!("renkei-{}-results.csv", r.region.replace(|c: char| !c.is_alphanumeric(), "_"));
                // The file says what it is without the page: the strategies by the names the
                // page shows, under a line naming the municipality and the day it was saved.
                let own = engine::own_plan_label(&app.planner.scenario);
                let labels: Vec<String> = r.strategies.iter().map(|id| plan_label(app.lang, id, own)).collect();
                let title = results_title(app.lang, &r.region);
                let _ = dom::download(&name, "text/csv", &format!("# {title}\n{}", engine::csv(&labels, &r.summaries)));
            }
        })
    };
    let on_import = {
        let app = app.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            input.set_value("");
            if file.size() > engine::MAX_IMPORT_BYTES {
                app.dispatch(Action::FileTooLarge { name: file.name(), bytes: file.size() });
                return;
            }
            let app = app.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                    Ok(text) => {
                        app.dispatch(Action::Planner(PlannerAction::ImportText(text.as_string().unwrap_or_default())))
                    }
                    Err(e) => {
                        app.dispatch(Action::SetNotice(Some(Notice::ImportFailed(Problem::Read(format!("{e:?}"))))))
                    }
                }
            });
        })
    };
    // The link goes to the clipboard with a visible confirmation; where the browser refuses,
    // the box below holds it, selected, to copy by hand.
    let copied = use_state(|| None::<bool>);
    let on_share = {
        let (share_url, copied) = (share_url.clone(), copied.clone());
        Callback::from(move |_| {
            let url = dom::href();
            share_url.set(Some(url.clone()));
            copied.set(None);
            let copied = copied.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let ok = dom::copy_text(&url).await;
                copied.set(Some(ok));
                if !ok {
                    dom::select_input("share-url");
                }
            });
        })
    };
    let on_focus = Callback::from(|e: FocusEvent| {
        let input: HtmlInputElement = e.target_unchecked_into();
        input.select();
    });
    html! {
        <section class="toolbar">
            <button id="export-json" type="button" onclick={on_export.clone()}>{ t(lang, Key::ExportJson) }</button>
            <label class="button" for="import-file">{ t(lang, Key::ImportJson) }</label>
            <input id="import-file" class="visually-hidden" type="file" accept=".json,application/json" onchange={on_import} />
            <button id="share" type="button" onclick={on_share}>{ t(lang, Key::ShareUrl) }</button>
            <button id="export-csv" type="button" onclick={on_csv} disabled={app.planner.run.result.is_none()}>
                { t(lang, Key::ExportCsv) }
            </button>
            if let Some(url) = (*share_url).clone() {
                <div class="share">
                    <p id="share-copied" role="status" class={if *copied == Some(true) { "ok" } else { "help" }}>
                        { match *copied {
                            Some(true) => lang.pick("✓ リンクをクリップボードにコピーしました", "✓ Link copied to the clipboard"),
                            Some(false) => lang.pick("コピーできませんでした。下の欄のリンクを選択済みです: Ctrl+C でコピーしてください", "Could not copy: the link below is selected, press Ctrl+C to copy it"),
                            None => "",
                        } }</p>
                    <input id="share-url" type="text" readonly=true value={url} onfocus={on_focus}
                        aria-label={t(lang, Key::ShareUrl)} />
                    <span class="help">{ t(lang, Key::ShareHelp) }</span>
                    if crate::ui::planner::share::has_imported_network(&app.planner.scenario) {
                        <p id="share-no-network" class="banner warn">
                            { lang.pick(
                                "このリンクは取り込んだネットワークを含みません(ファイルの大きさになるため)。シナリオのファイルを保存して、リンクと一緒に送ってください。",
                                "This link does not carry the imported network (it would be the size of the files). Save the scenario file and send it with the link.") }
                            <button id="share-save-file" type="button" onclick={on_export.clone()}>{ t(lang, Key::ExportJson) }</button>
                        </p>
                    }
                </div>
            }
        </section>
    }
}

#[function_component(NoticeBanner)]
fn notice_banner() -> Html {
    let app = use_app();
    let lang = app.lang;
    let Some(notice) = app.notice.clone() else { return html! {} };
    let (title, detail) = match &notice {
        Notice::ImportFailed(p) => (t(lang, Key::ImportFailed), errors::problem(lang, p)),
        Notice::ShareFailed { message, .. } => (t(lang, Key::ShareFailed), message.clone()),
        Notice::AutosaveFailed { message, .. } => (t(lang, Key::AutosaveFailed), message.clone()),
        Notice::TooLarge { name, bytes } => (t(lang, Key::ImportFailed), too_large(lang, name, *bytes)),
    };
    let dismiss = {
        let app = app.clone();
        Callback::from(move |_| app.dispatch(Action::SetNotice(None)))
    };
    let save = notice.unreadable().map(|(file, text)| {
        let (file, text) = (file.to_string(), text.to_string());
        Callback::from(move |_| {
            let _ = dom::download(&file, "text/plain", &text);
        })
    });
    html! {
        <div id="notice" class="banner error" role="alert">
            <strong>{ title }</strong>{ ": " }<span class="detail">{ detail }</span>
            if let Some(save) = save {
                <button id="notice-download" type="button" onclick={save}>{ t(lang, Key::DownloadUnreadable) }</button>
            }
            <button type="button" class="dismiss" onclick={dismiss}>{ t(lang, Key::Dismiss) }</button>
        </div>
    }
}

/// Why a file was refused for its size, in the page's language.
pub fn too_large(lang: Lang, name: &str, bytes: f64) -> String {
    let mb = |b: f64| format!("{:.1} MB", b / (1u64 << 20) as f64);
    match lang {
        Lang::Ja => format!(
            "{name} は {} あり、読み込める大きさ({})を超えています。ファイルを分けるか、コマンドライン(renkei)を使ってください",
            mb(bytes),
            mb(engine::MAX_IMPORT_BYTES)
        ),
        Lang::En => format!(
            "{name} is {}, over the {} this page reads; split the file or use the command line (renkei)",
            mb(bytes),
            mb(engine::MAX_IMPORT_BYTES)
        ),
    }
}

#[function_component(Header)]
fn header() -> Html {
    let app = use_app();
    let lang = app.lang;
    let toggle = {
        let app = app.clone();
        Callback::from(move |_| app.dispatch(Action::ToggleLang))
    };
    html! {
        <header>
            <div>
                <h1 id="title">{ t(lang, Key::Title) }</h1>
                <p class="subtitle">{ t(lang, Key::Subtitle) }</p>
            </div>
            <crate::ui::planner::section_nav::SectionNav />
            <button id="lang-toggle" type="button" lang={lang.other().code()} onclick={toggle}>
                { t(lang, Key::SwitchLang) }
            </button>
        </header>
    }
}
