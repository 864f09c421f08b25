//! The page's components. State lives in [`AppContext`].

use super::chart;
use super::dom;
use super::engine;
use super::i18n::{field_error, pct, region_name, t, Key, Lang};
use super::protocol::{Job, RunRequest};
use super::research::{Calibration, NetworkImport, Sensitivity};
use super::state::{Action, AppContext, AppState, Notice, RunStatus};
use super::worker_client::WorkerClient;
use web_sys::{HtmlCanvasElement, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[hook]
pub(super) fn use_app() -> AppContext {
    use_context::<AppContext>().expect("AppContext is provided by <App>")
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(initial_state);
    let client = {
        let dispatcher = state.dispatcher();
        use_memo((), move |_| WorkerClient::new(dispatcher))
    };
    // The tornado and the calibration get workers of their own, so each can be
    // cancelled (terminated) without stopping the others.
    let tornado_client = {
        let dispatcher = state.dispatcher();
        use_memo((), move |_| WorkerClient::new(dispatcher))
    };
    let calib_client = {
        let dispatcher = state.dispatcher();
        use_memo((), move |_| WorkerClient::new(dispatcher))
    };
    use_job_worker(tornado_client, state.tornado_running_id(), state.tornado_job.clone());
    use_job_worker(calib_client, state.calib_running_id(), state.calib_job.clone());

    // Run the default scenario as soon as the page is up.
    {
        let state = state.clone();
        let client = client.clone();
        use_effect_with((), move |_| {
            client.warm_up();
            state.dispatch(Action::Run);
        });
    }

    // Send each new run to the worker; stop it if it is superseded or cancelled.
    {
        let scenarios = if state.running_id().is_some() { state.run_scenarios() } else { Vec::new() };
        let client = client.clone();
        use_effect_with(state.running_id(), move |id| {
            let id = *id;
            if let Some(id) = id {
                client.start(&RunRequest { id, scenarios });
            }
            move || {
                if let Some(id) = id {
                    client.stop(id);
                }
            }
        });
    }

    // Autosave, and keep the address bar a share link of the current state.
    use_effect_with(state.share_text(), |text| {
        dom::storage_set(dom::AUTOSAVE_KEY, text);
        dom::replace_hash(text);
    });

    // Keep <html lang> and the title in step with the language.
    use_effect_with(state.lang, |lang| {
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            if let Some(el) = doc.document_element() {
                let _ = el.set_attribute("lang", lang.code());
            }
            doc.set_title(t(*lang, Key::Title));
        }
    });

    html! {
        <ContextProvider<AppContext> context={state}>
            <Header />
            <main>
                <Controls />
                <NoticeBanner />
                // Results right under the controls, so that pressing 実行 shows them on a
                // 1366×768 screen (issue 11); the inputs that shape them follow.
                <StatusBar />
                <Results />
                <super::compare::Comparison />
                <Toolbar />
                <Strategies />
                <super::custom::CustomMunicipality />
                <Fields />
                <super::levers::LeverPanel />
                <Sensitivity />
                <NetworkImport />
                <Calibration />
            </main>
        </ContextProvider<AppContext>>
    }
}

/// Sends job `id` to `client` when it starts; stops it (terminates the worker)
/// when it is cancelled or superseded.
#[hook]
fn use_job_worker(client: std::rc::Rc<WorkerClient>, id: Option<u32>, job: Option<std::rc::Rc<Job>>) {
    use_effect_with(id, move |id| {
        let id = *id;
        if let Some(job) = job.filter(|j| id == Some(j.id())) {
            client.start_job(&job);
        }
        move || {
            if let Some(id) = id {
                client.stop(id);
            }
        }
    });
}

/// The first state: the share link in the address bar, else the autosave, else the
/// defaults (`AppState::initial`). An unreadable autosave is also copied to
/// `dom::UNREADABLE_KEY`, since the next autosave overwrites it.
fn initial_state() -> AppState {
    let s = AppState::initial(dom::hash(), dom::storage_get(dom::AUTOSAVE_KEY));
    if let Some(Notice::AutosaveFailed { text, .. }) = &s.notice {
        dom::storage_set(dom::UNREADABLE_KEY, text);
    }
    s
}

#[function_component(Toolbar)]
fn toolbar() -> Html {
    let app = use_app();
    let lang = app.lang;
    let share_url = use_state(|| None::<String>);
    let on_export = {
        let app = app.clone();
        Callback::from(move |_| {
            let name = format!("renkei-{}.json", app.region.replace(|c: char| !c.is_alphanumeric(), "_"));
            let _ = dom::download(&name, "application/json", &app.scenario.to_json());
        })
    };
    let on_csv = {
        let app = app.clone();
        Callback::from(move |_| {
            if let Some(r) = &app.result {
                let name = format!("renkei-{}-results.csv", r.region.replace(|c: char| !c.is_alphanumeric(), "_"));
                let _ = dom::download(&name, "text/csv", &engine::csv(&r.strategies, &r.summaries));
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
                app.dispatch(Action::FileTooLarge { table: None, name: file.name(), bytes: file.size() });
                return;
            }
            let app = app.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                    Ok(text) => app.dispatch(Action::ImportText(text.as_string().unwrap_or_default())),
                    Err(e) => app.dispatch(Action::SetNotice(Some(Notice::ImportFailed(format!("{e:?}"))))),
                }
            });
        })
    };
    let on_share = {
        let share_url = share_url.clone();
        Callback::from(move |_| share_url.set(Some(dom::href())))
    };
    let on_focus = Callback::from(|e: FocusEvent| {
        let input: HtmlInputElement = e.target_unchecked_into();
        input.select();
    });
    html! {
        <section class="toolbar">
            <button id="export-json" type="button" onclick={on_export}>{ t(lang, Key::ExportJson) }</button>
            <label class="button" for="import-file">{ t(lang, Key::ImportJson) }</label>
            <input id="import-file" class="visually-hidden" type="file" accept=".json,application/json" onchange={on_import} />
            <button id="share" type="button" onclick={on_share}>{ t(lang, Key::ShareUrl) }</button>
            <button id="export-csv" type="button" onclick={on_csv} disabled={app.result.is_none()}>
                { t(lang, Key::ExportCsv) }
            </button>
            if let Some(url) = (*share_url).clone() {
                <div class="share">
                    <input id="share-url" type="text" readonly=true value={url} onfocus={on_focus} />
                    <span class="help">{ t(lang, Key::ShareHelp) }</span>
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
        Notice::ImportFailed(m) => (t(lang, Key::ImportFailed), m.clone()),
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
            <button id="lang-toggle" type="button" lang={lang.other().code()} onclick={toggle}>
                { t(lang, Key::SwitchLang) }
            </button>
        </header>
    }
}

#[function_component(Controls)]
fn controls() -> Html {
    let app = use_app();
    let lang = app.lang;
    let on_region = {
        let app = app.clone();
        Callback::from(move |e: Event| {
            let sel: HtmlSelectElement = e.target_unchecked_into();
            app.dispatch(Action::SelectRegion(sel.value()));
        })
    };
    let on_run = {
        let app = app.clone();
        Callback::from(move |_| app.dispatch(Action::Run))
    };
    let on_cancel = {
        let app = app.clone();
        Callback::from(move |_| app.dispatch(Action::Cancel))
    };
    let running = app.running_id().is_some();
    let blocked = !app.errors.is_empty();
    html! {
        <section class="controls" aria-label={t(lang, Key::Region)}>
            <label for="region">{ t(lang, Key::Region) }</label>
            <select id="region" onchange={on_region}>
                if engine::preset(&app.region).is_none() {
                    <option value={app.region.clone()} selected=true>{ &app.region }</option>
                }
                { for engine::region_names().into_iter().map(|id| {
                    let selected = id == app.region;
                    html! { <option value={id.clone()} {selected}>{ region_name(lang, &id) }</option> }
                }) }
            </select>
            <button id="run" type="button" onclick={on_run} disabled={blocked}>{ t(lang, Key::Run) }</button>
            <button id="cancel" type="button" onclick={on_cancel} disabled={!running}>
                { t(lang, Key::Cancel) }
            </button>
            <super::evidence::UncertaintySwitch />
            <super::evidence::ViewSwitch />
            <super::evidence::FreePassWhatIf />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct FieldProps {
    field: String,
    label: AttrValue,
    help: AttrValue,
    /// Where the value comes from (`evidence::Origin`), for parameters.
    #[prop_or_default]
    origin: Option<super::evidence::Origin>,
}

/// One text field bound to `Action::SetField`, with its error under it.
#[function_component(Field)]
fn field(props: &FieldProps) -> Html {
    let app = use_app();
    let id = format!("field-{}", props.field.replace('.', "-"));
    let value =
        app.drafts.get(&props.field).cloned().unwrap_or_else(|| engine::field_text(&app.scenario, &props.field));
    let error = app.errors.get(&props.field).map(|e| field_error(app.lang, e));
    let oninput = {
        let app = app.clone();
        let field = props.field.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            app.dispatch(Action::SetField { field: field.clone(), text: input.value() });
        })
    };
    let err_id = format!("{id}-error");
    html! {
        <div class={classes!("field", error.is_some().then_some("invalid"))}>
            <label for={id.clone()}>
                <span class="name">{ props.label.clone() }</span>
                <span class="help">{ props.help.clone() }</span>
                if let Some(o) = props.origin {
                    <span class={classes!("origin", super::evidence::origin_class(o))}
                        data-origin={super::evidence::origin_class(o)}>
                        { super::evidence::origin_label(app.lang, o) }
                    </span>
                }
            </label>
            <input id={id.clone()} type="text" inputmode="decimal" {value} {oninput}
                aria-invalid={error.is_some().to_string()} aria-describedby={err_id.clone()} />
            <span id={err_id} class="field-error" role={error.is_some().then_some("alert")}>
                { error.unwrap_or_default() }
            </span>
        </div>
    }
}

#[function_component(Fields)]
fn fields() -> Html {
    let app = use_app();
    let lang = app.lang;
    html! {
        <section class="fields">
            <details id="settings" open=true>
                <summary>{ t(lang, Key::Settings) }</summary>
                <div class="grid">
                    <Field field="replications" label={t(lang, Key::Replications)} help="" />
                    <Field field="seed" label={t(lang, Key::Seed)} help="" />
                    <super::pool_size::PoolSizeSetting ja={lang == Lang::Ja} />
                </div>
            </details>
            <details id="parameters">
                <summary>{ t(lang, Key::Parameters) }</summary>
                <div class="grid">
                    { for engine::PARAM_INFO.iter().map(|i| {
                        let help = match lang { Lang::Ja => i.help_ja, Lang::En => i.help_en };
                        let range = format!(" [{} – {}{}{}]", i.min, i.max,
                            if i.unit.is_empty() { "" } else { " " }, i.unit);
                        html! {
                            <Field field={engine::param_field(i.name)} label={i.name}
                                help={format!("{help}{range}")}
                                origin={Some(super::evidence::origin(&app.scenario, i.name))} />
                        }
                    }) }
                </div>
            </details>
            if !app.errors.is_empty() {
                <p id="fix-errors" class="banner error" role="alert">{ t(lang, Key::FixErrors) }</p>
            }
        </section>
    }
}

#[function_component(StatusBar)]
fn status_bar() -> Html {
    let app = use_app();
    let lang = app.lang;
    match app.status.clone() {
        RunStatus::Idle => html! { <div id="status" class="status idle" data-state="idle"></div> },
        RunStatus::Running { done, total, .. } => {
            let pct_done = if total > 0 { (done as f64 / total as f64 * 100.0).round() } else { 0.0 };
            html! {
                <div id="status" class="status running" data-state="running" role="status">
                    <span>{ t(lang, Key::Running) }{ format!(" {pct_done:.0}%") }</span>
                    <progress id="progress" max={total.max(1).to_string()} value={done.to_string()}></progress>
                </div>
            }
        }
        RunStatus::Cancelled => html! {
            <div id="status" class="status cancelled" data-state="cancelled" role="status">
                { t(lang, Key::Cancelled) }
            </div>
        },
        RunStatus::Failed(msg) => html! {
            <div id="status" class="status banner error" data-state="failed" role="alert">
                { t(lang, Key::Failed) }{ ": " }{ msg }
            </div>
        },
    }
}

/// Label of a strategy id in the page's language.
pub fn strategy_label(lang: Lang, id: &str) -> String {
    engine::strategy_options()
        .into_iter()
        .find(|o| o.0 == id)
        .map(|(_, ja, en)| match lang {
            Lang::Ja => ja.to_string(),
            Lang::En => en.to_string(),
        })
        .unwrap_or_else(|| id.to_string())
}

#[function_component(Strategies)]
fn strategies() -> Html {
    let app = use_app();
    let lang = app.lang;
    let full = app.strategies.len() >= engine::MAX_COMPARE;
    html! {
        <details id="strategies" class="strategies" open=true>
            <summary>{ t(lang, Key::Strategies) }{ format!(" ({}/{})", app.strategies.len(), engine::MAX_COMPARE) }</summary>
            <div class="grid">
                { for engine::strategy_options().into_iter().map(|(id, ja, en)| {
                    let pos = app.strategies.iter().position(|n| n == id);
                    let checked = pos.is_some();
                    let disabled = (!checked && full) || (checked && app.strategies.len() == 1);
                    let onchange = {
                        let app = app.clone();
                        Callback::from(move |_: Event| app.dispatch(Action::ToggleStrategy(id.to_string())))
                    };
                    html! {
                        <label class="check" for={format!("strategy-{id}")}>
                            <input type="checkbox" id={format!("strategy-{id}")} value={id}
                                {checked} {disabled} {onchange} />
                            if let Some(p) = pos {
                                <span class={format!("swatch s{p}")}></span>
                            }
                            <span>{ match lang { Lang::Ja => ja, Lang::En => en } }</span>
                        </label>
                    }
                }) }
            </div>
        </details>
    }
}

#[function_component(Results)]
fn results() -> Html {
    let app = use_app();
    let lang = app.lang;
    let canvas = use_node_ref();
    {
        let canvas = canvas.clone();
        let result = app.result.clone();
        use_effect_with((result, lang), move |(result, lang)| {
            if let (Some(r), Some(c)) = (result, canvas.cast::<HtmlCanvasElement>()) {
                let series: Vec<(String, &engine::Summary)> =
                    r.strategies.iter().map(|id| strategy_label(*lang, id)).zip(r.summaries.iter()).collect();
                if let Err(e) = chart::draw(c, &series, *lang) {
                    web_sys::console::warn_1(&format!("chart: {e}").into());
                }
            }
        });
    }
    let Some(result) = app.result.clone() else {
        return html! { <section id="results" class="results empty"></section> };
    };
    let tables: Vec<Vec<engine::Row>> = result.summaries.iter().map(engine::rows).collect();
    let labels: Vec<String> = result.strategies.iter().map(|id| strategy_label(lang, id)).collect();
    let many = tables.len() > 1;
    let n_rows = tables.first().map(Vec::len).unwrap_or(0);
    html! {
        <section id="results" class="results" data-run-id={result.id.to_string()}
            data-strategies={result.strategies.join(",")}>
            <h2>{ t(lang, Key::Results) }{ " — " }{ region_name(lang, &result.region) }</h2>
            <super::evidence::ViewNote />
            <figure>
                <canvas id="chart" ref={canvas} width="900" height="420"
                    role="img" aria-label={t(lang, Key::ChartCaption)}></canvas>
                <figcaption>{ t(lang, Key::ChartCaption) }</figcaption>
            </figure>
            <super::evidence::UncertaintyNote />
            <p class="meta">
                { t(lang, Key::ElapsedMs) }{ format!(": {:.0} ms", result.elapsed_ms) }
            </p>
            <table id="results-table">
                <thead>
                    if many {
                        <tr class="strategy-names">
                            <th></th>
                            { for labels.iter().enumerate().map(|(k, l)| html! {
                                <th colspan="3" class={format!("strategy s{k}")}>{ l }</th>
                            }) }
                            <th></th>
                        </tr>
                    }
                    <tr>
                        <th>{ t(lang, Key::Month) }</th>
                        { for tables.iter().map(|_| html! { <>
                            <th>{ t(lang, Key::Median) }</th>
                            <th>{ t(lang, Key::Band50) }</th>
                            <th>{ t(lang, Key::Band90) }</th>
                        </> }) }
                        <th>{ t(lang, Key::Observed) }</th>
                    </tr>
                </thead>
                <tbody>
                    { for (0..n_rows).map(|i| {
                        let first = &tables[0][i];
                        html! {
                            <tr>
                                <td>{ &first.date }</td>
                                { for tables.iter().map(|tb| {
                                    let r = &tb[i];
                                    html! { <>
                                        <td class="num">{ pct(r.median) }</td>
                                        <td class="num">{ format!("{} – {}", pct(r.p25), pct(r.p75)) }</td>
                                        <td class="num">{ format!("{} – {}", pct(r.p05), pct(r.p95)) }</td>
                                    </> }
                                }) }
                                <td class="num">{ first.observed.map(pct).unwrap_or_default() }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </section>
    }
}
