//! The planner's own bars: the header (title, section links, language), the notice banner
//! and the toolbar (scenario file, share link, CSV). The page that composes them with the
//! other features' panels is `ui::page`.

use crate::ui::planner::state::PlannerAction;
use crate::ui::planner::state::PlannerState;
use crate::ui::shared::bridge::{self as engine, Problem};
use crate::ui::shared::dom;
use crate::ui::shared::i18n::use_lang;
use crate::ui::shared::i18n::{errors, t, Key};
use crate::ui::shared::i18n::{region_name, Lang};
use crate::ui::shared::labels::{issue_date, plan_label, results_title, too_large};
use crate::ui::shared::plan::RunResult;
use crate::ui::shared::store::use_slice;
use crate::ui::state::use_dispatch;
use crate::ui::state::{Action, Notice};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    /// The cost table of the run on screen, when it was computed (the CSV carries it).
    #[prop_or_default]
    pub cost: Option<Vec<engine::CostRow>>,
    /// The comparison's reference plan (the CSV's differences are taken from it).
    #[prop_or_default]
    pub reference: usize,
}

#[function_component(Toolbar)]
pub fn toolbar(props: &ToolbarProps) -> Html {
    let lang = use_lang();
    let dispatch = use_dispatch();
    let planner = use_slice::<PlannerState>();
    let share_url = use_state(|| None::<String>);
    let on_export = {
        let planner = planner.clone();
        Callback::from(move |_| {
            let name = format!("renkei-{}.json", planner.region.replace(|c: char| !c.is_alphanumeric(), "_"));
            let _ = dom::download(&name, "application/json", &planner.scenario.to_json());
        })
    };
    let on_csv = {
        let (planner, cost, reference) = (planner.clone(), props.cost.clone(), props.reference);
        Callback::from(move |_| {
            if let Some(r) = &planner.run.result {
                let name = format!("renkei-{}-results.csv", r.region.replace(|c: char| !c.is_alphanumeric(), "_"));
                let text = results_csv(lang, &planner, r, cost.as_deref(), reference);
                let _ = dom::download(&name, "text/csv", &text);
            }
        })
    };
    let on_import = {
        let (big, read) = (dispatch.clone(), dispatch.clone());
        dom::on_text_file(
            move |name, bytes| big.send(Action::FileTooLarge { name, bytes }),
            move |_, text| match text {
                Ok(text) => read.send(PlannerAction::ImportText(text)),
                Err(e) => read.send(Action::SetNotice(Some(Notice::ImportFailed(Problem::Read(e))))),
            },
        )
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
            <button id="export-csv" type="button" onclick={on_csv} disabled={planner.run.result.is_none()}>
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
                    if crate::ui::planner::share::has_imported_network(&planner.scenario) {
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

/// The results CSV (`results_csv`, the core's): the page passes what it shows — the plans by
/// their names on the page, the municipality, the plan's start and how the plans read, the
/// cost table when it was computed for this run, the comparison's reference plan.
fn results_csv(
    lang: Lang,
    planner: &PlannerState,
    r: &RunResult,
    cost: Option<&[engine::CostRow]>,
    reference: usize,
) -> String {
    let own = engine::own_plan_label(&planner.scenario);
    let labels: Vec<String> = r.strategies.iter().map(|id| plan_label(lang, id, own)).collect();
    let base = planner.run_base();
    let (view_en, view_ja) = engine::view_label(&base);
    let plan_start = engine::plan_start(&base).to_string();
    let ctx = engine::CsvContext {
        japanese: lang == Lang::Ja,
        title: &results_title(lang, &r.region, &issue_date()),
        municipality: &region_name(lang, &r.region),
        plan_start: &plan_start,
        view: lang.pick(&view_ja, &view_en),
        cost,
        reference,
    };
    let plans: Vec<engine::CsvPlan> = r
        .strategies
        .iter()
        .zip(&labels)
        .zip(&r.summaries)
        .map(|((id, name), summary)| engine::CsvPlan { id, name, summary })
        .collect();
    engine::results_csv::csv(&ctx, &plans)
}

#[function_component(NoticeBanner)]
pub fn notice_banner() -> Html {
    let lang = use_lang();
    let dispatch = use_dispatch();
    let notice = use_slice::<Option<Notice>>();
    let Some(notice) = notice.clone() else { return html! {} };
    let (title, detail) = match &notice {
        Notice::ImportFailed(p) => (t(lang, Key::ImportFailed), errors::problem(lang, p)),
        Notice::ShareFailed { message, .. } => (t(lang, Key::ShareFailed), message.clone()),
        Notice::AutosaveFailed { message, .. } => (t(lang, Key::AutosaveFailed), message.clone()),
        Notice::TooLarge { name, bytes } => (t(lang, Key::ImportFailed), too_large(lang, name, *bytes)),
    };
    let dismiss = dispatch.on(Action::SetNotice(None));
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

#[function_component(Header)]
pub fn header() -> Html {
    let lang = use_lang();
    let dispatch = use_dispatch();
    let toggle = dispatch.on(Action::ToggleLang);
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
