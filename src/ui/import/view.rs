//! The network import: two CSV tables, the column mapping, the check and the run.

use crate::ui::import::state::ImportState;
use crate::ui::import::state::{ImportAction, TableKind};
use crate::ui::shared::bridge as engine;
use crate::ui::shared::dom;
use crate::ui::shared::i18n::use_lang;
use crate::ui::shared::i18n::{errors, Lang};
use crate::ui::shared::kit::{FilePick, Panel};
use crate::ui::shared::plan::use_plan;
use crate::ui::shared::store::use_slice;
use crate::ui::state::use_dispatch;
use crate::ui::state::Action;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

// ---------------------------------------------------------------------------

#[function_component(NetworkImport)]
pub fn network_import() -> Html {
    let lang = use_lang();
    let dispatch = use_dispatch();
    let plan = use_plan();
    let import = use_slice::<ImportState>();
    let on_file = |kind: TableKind| {
        let (big, read) = (dispatch.clone(), dispatch.clone());
        dom::on_text_file(
            move |name, bytes| big.send(ImportAction::TooLarge { name, bytes }),
            // a file the browser cannot read is refused by the table's reader, naming it
            move |name, text| read.send(ImportAction::Table { kind, name, text: text.unwrap_or_else(|e| e) }),
        )
    };
    let sample = |name: &'static str, text: &'static str| {
        Callback::from(move |_| {
            let _ = dom::download(name, "text/csv", text);
        })
    };
    let on_run = dispatch.on(Action::RunImported);
    let imp = &import;
    let headers = imp.headers();
    let missing = imp.missing();
    let file_name =
        |f: &Option<crate::ui::import::state::TableFile>| f.as_ref().map(|f| AttrValue::from(f.name.clone()));
    let imp_default = import.municipality(lang, &plan.region);
    let on_name = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            dispatch.send(Action::Import(ImportAction::SetName(input.value())));
        })
    };
    html! {
        <Panel id="import" title={html! { lang.pick("実際のネットワークを読み込む", "Import a real network") }} help={html! { <>
                // the column names are codes a file carries, the same in both languages
                { lang.pick("事業所一覧(列 ", "Choose the office table (columns ") }
                <code lang="en">{ "id, area, role, adopted, external, barrier" }</code>
                { lang.pick("、任意で ", "; optionally ") }<code lang="en">{ "survey" }</code>
                { lang.pick(": 未導入・これから導入予定・導入済み)と取引関係(列 ", ": the survey's group, not_adopted, planning or adopted) and the partner edge list (columns ") }
                <code lang="en">{ "from, to" }</code>
                { lang.pick(")の CSV を選んでください。ファイルはこのブラウザの中だけで読み込まれ、送信されません。",
                    ") as CSV. The files are read inside this browser and never sent anywhere.") }
            </> }}>
            <div class="controls">
                <button id="sample-offices" type="button" onclick={sample("offices.csv", engine::SAMPLE_OFFICES)}>
                    { lang.pick("見本: ", "Sample: ") }<code lang="en">{ "offices.csv" }</code>
                </button>
                <button id="sample-edges" type="button" onclick={sample("edges.csv", engine::SAMPLE_EDGES)}>
                    { lang.pick("見本: ", "Sample: ") }<code lang="en">{ "edges.csv" }</code>
                </button>
            </div>
            <div class="grid">
                <FilePick id="import-offices" label={lang.pick("事業所一覧 (CSV)", "Office table (CSV)")}
                    accept=".csv,text/csv" chosen={file_name(&imp.offices)} {lang} onchange={on_file(TableKind::Offices)} />
                <FilePick id="import-edges" label={lang.pick("取引関係 (CSV)", "Edge list (CSV)")}
                    accept=".csv,text/csv" chosen={file_name(&imp.edges)} {lang} onchange={on_file(TableKind::Edges)} />
            </div>
            if !missing.is_empty() {
                <fieldset id="import-mapping" class="mapping">
                    <legend>{ lang.pick("列の対応(見出しが違うときに選んでください)", "Column mapping (the headers differ: pick the columns)") }</legend>
                    { for missing.iter().map(|col| {
                        let col = *col;
                        let chosen = imp.mapping.get(col).cloned().unwrap_or_default();
                        let onchange = {
                            let dispatch = dispatch.clone();
                            Callback::from(move |e: Event| {
                                let sel: HtmlSelectElement = e.target_unchecked_into();
                                dispatch.send(Action::Import(ImportAction::MapColumn { column: col.to_string(), header: sel.value() }));
                            })
                        };
                        html! {
                            <label class="check" for={format!("map-{col}")}>
                                <span class="name">{ col }</span>
                                <select id={format!("map-{col}")} {onchange}>
                                    <option value="" selected={chosen.is_empty()}>{ lang.pick("(選択)", "(choose)") }</option>
                                    { for headers.iter().map(|h| html! {
                                        <option value={h.clone()} selected={*h == chosen}>{ h }</option>
                                    }) }
                                </select>
                            </label>
                        }
                    }) }
                </fieldset>
            }
            { match (&imp.too_large, &imp.preview) {
                (Some((name, bytes)), _) => html! {
                    <p id="import-error" class="banner error" role="alert">
                        { lang.pick("読み込めません: ", "Cannot import: ") }
                        <span class="detail">{ crate::ui::shared::labels::too_large(lang, name, *bytes) }</span>
                    </p>
                },
                (None, Some(Err(e))) => match imp.row_errors.clone() {
                    None => html! {
                        <p id="import-error" class="banner error" role="alert">
                            { lang.pick("読み込めません: ", "Cannot import: ") }
                            <span class="detail">{ errors::sim_error(lang, e) }</span>
                        </p>
                    },
                    Some(rows) => html! {
                        <div id="import-error" class="banner error" role="alert">
                            { lang.pick("読み込めません。誤りのある行:", "Cannot import. Rows with errors:") }
                            <ul id="import-row-errors">
                                { for rows.shown.iter().map(|r| html! {
                                    <li data-table={r.table.clone()} data-row={r.row.to_string()}>
                                        <span class="where">{ row_place(lang, &r.table, r.row) }</span>{ ": " }
                                        <span class="detail">{ errors::row_problem(lang, &r.problem) }</span>
                                    </li>
                                }) }
                            </ul>
                            if rows.more > 0 || rows.capped {
                                <p id="import-row-more">{ more_rows(lang, rows.more, rows.capped) }</p>
                            }
                        </div>
                    },
                },
                (None, Some(Ok(p))) => html! {
                    <div id="import-preview" role="status">
                        <p>
                            { match lang {
                                Lang::Ja => format!("事業所 {} (ほか市外 {})、圏域 {}、取引関係 {} 本、導入済み {}。",
                                    p.offices, p.external, p.areas, p.links, p.adopters),
                                Lang::En => format!("{} offices (+{} external), {} areas, {} links, {} adopters.",
                                    p.offices, p.external, p.areas, p.links, p.adopters),
                            } }
                        </p>
                        if let Some(groups) = imp.survey.clone() {
                            <p class="help">{ lang.pick("事業所の表の survey 列(調査の区分、地区ごと):",
                                "The office table's survey column (the survey's groups, per area):") }</p>
                            <crate::ui::shared::survey_table::GroupTable id="import-survey" counts={(*groups).clone()} />
                        }
                        <label for="import-name">{ lang.pick("自治体名(結果の見出し)", "Municipality (the results' title)") }</label>
                        <input id="import-name" type="text" value={imp.name.clone()}
                            placeholder={imp_default.clone()} onchange={on_name} />
                        <button id="import-run" type="button" onclick={on_run}>
                            { lang.pick("このネットワークで実行(選んだ取組で)", "Run on this network (with the chosen strategies)") }
                        </button>
                    </div>
                },
                (None, None) => html! {},
            } }
        </Panel>
    }
}

/// "office table, row 5" in the page's language.
fn row_place(lang: Lang, table: &str, row: usize) -> String {
    match lang {
        Lang::Ja => format!("{} {row}行目", errors::table_name(lang, table)),
        Lang::En => format!("{}, row {row}", errors::table_name(lang, table)),
    }
}

/// The count of row errors not listed.
fn more_rows(lang: Lang, more: usize, capped: bool) -> String {
    match (lang, capped) {
        (Lang::Ja, false) => format!("ほか {more} 行に誤りがあります。"),
        (Lang::Ja, true) => format!("ほか少なくとも {more} 行に誤りがあります。"),
        (Lang::En, false) => format!("{more} more rows have errors."),
        (Lang::En, true) => format!("At least {more} more rows have errors."),
    }
}
