//! The prefecture view's markup: the file and the run, the total and its chart, the table of
//! municipalities and the allocation. Every figure is read from the core's view (`Prefecture`).

use super::state::{best, Column, PrefectureAction, Shown, SAMPLE, SAMPLE_NAME};
use super::Handle;
use crate::ui::shared::bridge::{FiguresText, Problem};
use crate::ui::shared::i18n::cost::yen;
use crate::ui::shared::i18n::{errors, field_error, pct, Lang};
use crate::ui::shared::kit::{Field, FilePick, Panel, ScrollBox};
use crate::ui::shared::labels::option_label;
use crate::ui::workers::RunStatus;
use renkei::sim::experiment::prefecture::{file, Prefecture, Total};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The national policy only, as the planner names a town's own plan.
const OWN: (&str, &str) = ("国の施策のみ", "National policy only");

#[derive(Properties, PartialEq)]
pub struct ViewProps {
    pub state: Handle,
    pub lang: Lang,
    pub on_toggle_lang: Callback<()>,
    pub on_open: Callback<FiguresText>,
}

/// A count with thousands separators.
fn count(v: f64) -> String {
    let s = format!("{:.0}", v.round().abs());
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if v.round() < 0.0 {
        out.insert(0, '-');
    }
    out
}

/// "42.4% (36.4–46.9%)": a rate's median and 90% band.
fn band(median: f64, p05: f64, p95: f64) -> Html {
    html! { <>{ pct(median) }<span class="band">{ format!(" ({}–{})", pct(p05), pct(p95)) }</span></> }
}

#[function_component(View)]
pub fn view(p: &ViewProps) -> Html {
    let (s, lang) = (&p.state, p.lang);
    let dispatch = |a: fn(String) -> PrefectureAction| {
        let s = s.clone();
        Callback::from(move |e: InputEvent| s.dispatch(a(e.target_unchecked_into::<HtmlInputElement>().value())))
    };
    let on_file = {
        let s = s.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(f) = input.files().and_then(|f| f.get(0)) else { return };
            input.set_value("");
            let s = s.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let name = f.name();
                // A file far over the limit is not read into memory (the core refuses it anyway).
                if f.size() > 2.0 * file::MAX_BYTES as f64 {
                    return s.dispatch(PrefectureAction::ReadFailed(format!("{name}: {} bytes", f.size())));
                }
                match wasm_bindgen_futures::JsFuture::from(f.text()).await {
                    Ok(t) => s.dispatch(PrefectureAction::Load { name, text: t.as_string().unwrap_or_default() }),
                    Err(e) => s.dispatch(PrefectureAction::ReadFailed(format!("{name}: {e:?}"))),
                }
            });
        })
    };
    let on_sample = {
        let s = s.clone();
        Callback::from(move |_| s.dispatch(PrefectureAction::Load { name: SAMPLE_NAME.into(), text: SAMPLE.into() }))
    };
    let on_run = {
        let s = s.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            s.dispatch(PrefectureAction::Run)
        })
    };
    let on_cancel = {
        let s = s.clone();
        Callback::from(move |_| s.dispatch(PrefectureAction::Cancel))
    };
    let toggle = {
        let t = p.on_toggle_lang.clone();
        Callback::from(move |_| t.emit(()))
    };
    let field = |id: &'static str, key: &'static str, label: (&str, &str), help: (&str, &str), value: &str, set| {
        let err = s.errors.get(key).map(|e| field_error(lang, e));
        html! {
            <Field {id} label={html! { lang.pick(label.0, label.1) }} value={value.to_string()} oninput={set}
                inputmode="numeric" help={html! { lang.pick(help.0, help.1) }} error={err.map(AttrValue::from)} />
        }
    };
    let running = s.job.running_id().is_some();
    let chosen = s.file.as_ref().map(|(name, _)| AttrValue::from(name.clone()));
    html! {
        <main id="prefecture" class="prefecture">
            <header class="pf-header">
                <h1>{ lang.pick("都道府県:市町村ごとの見通しと予算の使い道", "Prefecture: each municipality's forecast and where a budget adds most") }</h1>
                <button id="pf-lang" type="button" lang={lang.other().code()} onclick={toggle}>
                    { lang.pick("English", "日本語") }
                </button>
            </header>
            <section class="panel" aria-labelledby="pf-file-title">
                <h2 id="pf-file-title">{ lang.pick("市町村の表", "The prefecture file") }</h2>
                <p class="help">
                    { lang.pick("1行に1市町村のCSV: ", "CSV with one municipality a row: ") }
                    <code lang="en">{ "municipality,offices,areas,adopted,date[,out_of_scope][,centre_kind]" }</code>
                    { lang.pick(
                        "(見出し行が必要)。ファイルはこのブラウザの中だけで読み、送信しません。各市町村は最新の実績の日から2027-03-31まで、国の施策のみと各取組で試算します。",
                        " (header required). The file is read in this browser only and sent nowhere. Each municipality runs from its latest figure to 2027-03-31 under the national policy only and every strategy.") }
                </p>
                <div class="pf-load">
                    <FilePick id="pf-file" label={lang.pick("市町村の表 (CSV)", "Municipalities (CSV)")}
                        accept=".csv,.tsv,.txt,text/csv,text/plain" chosen={chosen} {lang} onchange={on_file} />
                    <button id="pf-sample" type="button" onclick={on_sample}>
                        { lang.pick("架空県のサンプルを読み込む(10市町村)", "Load the fictional sample (10 municipalities)") }
                    </button>
                </div>
                if let Some((name, _)) = &s.file {
                    <p id="pf-loaded" aria-live="polite">
                        { name.clone() }{ ": " }
                        if s.problem.is_none() {
                            { lang.pick(format!("{}市町村を読み込みました", s.towns), format!("{} municipalities read", s.towns)) }
                        }
                    </p>
                }
                if let Some(problem) = &s.problem { <Problems problem={problem.clone()} {lang} /> }
                <form class="fields" onsubmit={on_run} aria-label={lang.pick("試算の設定", "Run settings")}>
                    { field("pf-budget", "budget", ("予算(円、任意)", "Budget (yen, optional)"),
                        ("今日から2027-03-31までの市町村の費用の期待値。入れると、追加導入が最も増える配分を示します(貪欲法)",
                         "Expected city cost from today to 2027-03-31; given, the allocation that adds the most adopters is shown (greedy)"),
                        &s.budget, dispatch(PrefectureAction::SetBudget)) }
                    { field("pf-reps", "reps", ("試行回数", "Replications"),
                        ("各試算の試行回数(1以上)。少ないと速く、帯が粗くなります", "Per run (1 or more); fewer is faster, with rougher bands"),
                        &s.reps, dispatch(PrefectureAction::SetReps)) }
                    <button id="pf-run" type="submit" class="primary" disabled={s.file.is_none() || running}>
                        { lang.pick("試算する", "Run") }
                    </button>
                </form>
                <Status status={s.job.status.clone()} {lang} on_cancel={on_cancel} />
            </section>
            if let Some(shown) = &s.job.result {
                <Results state={s.clone()} shown={shown.clone()} {lang} on_open={p.on_open.clone()} />
            }
        </main>
    }
}

#[derive(Properties, PartialEq)]
struct ProblemsProps {
    problem: Problem,
    lang: Lang,
}

/// A refused file: every problem on its own line (each names the row and the column).
#[function_component(Problems)]
fn problems(p: &ProblemsProps) -> Html {
    let lines: Vec<String> = errors::problem(p.lang, &p.problem).lines().map(String::from).collect();
    html! {
        <div id="pf-problems" class="error" role="alert">
            <p>{ p.lang.pick(format!("読み込めませんでした({}件):", lines.len()), format!("The file was refused ({} problems):", lines.len())) }</p>
            <ul>{ for lines.into_iter().map(|l| html! { <li>{ l }</li> }) }</ul>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct StatusProps {
    status: RunStatus,
    lang: Lang,
    on_cancel: Callback<MouseEvent>,
}

#[function_component(Status)]
fn status(p: &StatusProps) -> Html {
    let lang = p.lang;
    match &p.status {
        RunStatus::Running { done, total, .. } => html! {
            <div id="pf-status" class="status" aria-live="polite">
                <progress max={total.max(&1).to_string()} value={done.to_string()}
                    aria-label={lang.pick("試算の進み具合", "Progress")}></progress>
                <span>{ lang.pick(format!("{done} / {total} 試行"), format!("{done} / {total} replications")) }</span>
                <button id="pf-cancel" type="button" onclick={p.on_cancel.clone()}>{ lang.pick("中止", "Cancel") }</button>
            </div>
        },
        RunStatus::Cancelled => {
            html! { <p id="pf-status" class="status">{ lang.pick("中止しました", "Cancelled") }</p> }
        }
        RunStatus::Failed(pr) => {
            html! { <p id="pf-status" class="error" role="alert">{ errors::problem(lang, pr) }</p> }
        }
        RunStatus::Idle => html! {},
    }
}

#[derive(Properties, PartialEq)]
struct ResultsProps {
    state: Handle,
    shown: std::rc::Rc<Shown>,
    lang: Lang,
    on_open: Callback<FiguresText>,
}

#[function_component(Results)]
fn results(p: &ResultsProps) -> Html {
    let (v, lang) = (&p.shown.view, p.lang);
    html! {
        <>
            <Panel id="pf-total" title={html! { lang.pick("県全体", "The prefecture") }}>
                <p>
                    { lang.pick(format!("{}事業所。今日 ", count(v.total.offices as f64)), format!("{} offices. Today ", count(v.total.offices as f64))) }
                    <strong id="pf-today">{ pct(v.total.adopted_today as f64 / v.total.offices.max(1) as f64) }</strong>
                    { lang.pick(format!(" → {}(国の施策のみ) ", v.date), format!(" → {} (national policy only) ", v.date)) }
                    <strong id="pf-forecast">{ band(v.total.rate.median, v.total.rate.p05, v.total.rate.p95) }</strong>
                    <span id="pf-total-count" data-median={v.total.median.to_string()} data-p05={v.total.p05.to_string()} data-p95={v.total.p95.to_string()}>
                        { lang.pick(format!(" 導入 {} 事業所({}–{})", count(v.total.median), count(v.total.p05), count(v.total.p95)),
                            format!(" {} adopting offices ({}–{})", count(v.total.median), count(v.total.p05), count(v.total.p95))) }
                    </span>
                </p>
                <TotalChart view={p.shown.clone()} {lang} />
                <p class="help">{ lang.pick(
                    "帯は90%(試行の5–95パーセンタイル)。県全体の帯は、同じ試行番号の市町村を足し合わせた値から読みます(中央値の合計ではありません)。",
                    "Bands are 90% (5th–95th percentile over replications). The prefecture's band is read from the sums of the municipalities' same replication (joint), not from summed medians.") }</p>
            </Panel>
            <Table state={p.state.clone()} shown={p.shown.clone()} {lang} on_open={p.on_open.clone()} />
            if let (Some(picked), Some(at)) = (&v.allocation, &v.allocation_total) {
                <Panel id="pf-allocation" title={html! { lang.pick("予算の配分", "The budget's allocation") }}>
                    <p>
                        { lang.pick(format!("予算 {} のうち {} を使い、追加導入 ", yen(lang, Some(at.budget)), yen(lang, Some(at.city_yen))),
                            format!("Of {}, {} spent for ", yen(lang, Some(at.budget)), yen(lang, Some(at.city_yen)))) }
                        <strong id="pf-allocation-gain">{ format!("{:.1}", at.additional_adopters) }</strong>
                        <span class="band">{ format!(" ({:.0}–{:.0})", at.additional_adopters_band.p05, at.additional_adopters_band.p95) }</span>
                        { lang.pick(" 事業所。県全体は ", " additional adopting offices; the prefecture reaches ") }
                        { band(at.total.rate.median, at.total.rate.p05, at.total.rate.p95) }
                    </p>
                    if picked.is_empty() {
                        <p>{ lang.pick("予算内で追加導入を増やす取組はありません。", "No option adds adopters within the budget.") }</p>
                    } else {
                        <table class="data">
                            <thead><tr>
                                <th scope="col">{ lang.pick("市町村", "Municipality") }</th>
                                <th scope="col" class="text">{ lang.pick("取組", "Option") }</th>
                                <th scope="col" class="num">{ lang.pick("費用(期待値)", "Expected cost") }</th>
                                <th scope="col" class="num">{ lang.pick("追加導入(期待値)", "Additional adopters") }</th>
                            </tr></thead>
                            <tbody>{ for picked.iter().map(|c| html! {
                                <tr data-pick={format!("{}:{}", c.municipality, c.strategy)}>
                                    <th scope="row">{ c.municipality.clone() }</th>
                                    <td>{ option_label(lang, &c.strategy, OWN) }</td>
                                    <td class="num">{ yen(lang, Some(c.city_yen)) }</td>
                                    <td class="num">{ format!("{:.1}", c.additional_adopters) }</td>
                                </tr>
                            }) }</tbody>
                        </table>
                    }
                </Panel>
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct TableProps {
    state: Handle,
    shown: std::rc::Rc<Shown>,
    lang: Lang,
    on_open: Callback<FiguresText>,
}

#[function_component(Table)]
fn table(p: &TableProps) -> Html {
    let (v, lang, s) = (&p.shown.view, p.lang, &p.state);
    let header = |column: Column, ja: &str, en: &str, num: bool| {
        let sort = {
            let s = s.clone();
            Callback::from(move |_| s.dispatch(PrefectureAction::Sort(column)))
        };
        let aria = match s.sort {
            (c, false) if c == column => "ascending",
            (c, true) if c == column => "descending",
            _ => "none",
        };
        html! {
            <th scope="col" class={classes!(num.then_some("num"))} aria-sort={aria}>
                <button type="button" class="sort" onclick={sort}>{ lang.pick(ja, en) }</button>
            </th>
        }
    };
    let row = |m: usize| {
        let t = &v.municipalities[m];
        let own = &t.options[0];
        let b = best(v, m);
        let open = {
            let (s, on_open) = (s.clone(), p.on_open.clone());
            Callback::from(move |_| {
                if let Some(f) = s.figures(m) {
                    on_open.emit(f)
                }
            })
        };
        let today = t.today.adopted as f64 / t.today.offices.max(1) as f64;
        html! {
            <tr data-line={t.line.to_string()} data-municipality={t.municipality.clone()}
                data-median={own.median.to_string()} data-rate={own.rate.median.to_string()}>
                <th scope="row">
                    <button type="button" class="link pf-open" onclick={open}
                        title={lang.pick("計画で開く", "Open in the planner")}>{ t.municipality.clone() }</button>
                </th>
                <td class="num">{ format!("{}/{} ", t.today.adopted, t.today.offices) }<span class="band">{ format!("{} {}", pct(today), t.today.date) }</span></td>
                <td class="num pf-forecast">{ band(own.rate.median, own.rate.p05, own.rate.p95) }</td>
                <td>{ b.map_or_else(|| lang.pick("なし", "none").to_string(), |b| option_label(lang, &b.strategy, OWN)) }</td>
                <td class="num">{ b.map_or(String::new(), |b| format!("+{:.1}", b.additional_adopters)) }</td>
                <td class="num">{ b.map_or(String::new(), |b| yen(lang, b.yen_per_additional_adopter)) }</td>
            </tr>
        }
    };
    html! {
        <section id="pf-municipalities" class="panel" aria-labelledby="pf-table-title">
            <h2 id="pf-table-title">{ lang.pick("市町村", "Municipalities") }</h2>
            <p class="help">{ lang.pick(
                "見出しで並べ替え。名前を押すと、その市町村を計画の「あなたの自治体」で開きます。最良の取組は、追加導入1事業所あたりの費用が最も安い取組(国の施策のみとの差、同じ試行どうし)。",
                "Sort by a heading. A name opens that municipality in the planner (Your municipality). The best option is the one with the cheapest additional adopter (paired with the national policy only).") }</p>
            <ScrollBox label={lang.pick("市町村ごとの見通しの表", "Each municipality's forecast (table)")}>
                <table class="data" id="pf-table">
                    <thead><tr>
                        { header(Column::Name, "市町村", "Municipality", false) }
                        { header(Column::Today, "今日(導入/事業所)", "Today (adopted/offices)", true) }
                        { header(Column::Forecast, &format!("{}の導入率(国の施策のみ)", v.date), &format!("Rate on {} (national policy only)", v.date), true) }
                        <th scope="col" class="text">{ lang.pick("最良の取組", "Best option") }</th>
                        { header(Column::Gain, "追加導入", "Additional adopters", true) }
                        { header(Column::YenPer, "追加導入1事業所あたりの費用", "Yen per additional adopter", true) }
                    </tr></thead>
                    <tbody>{ for s.order(v).into_iter().map(row) }</tbody>
                </table>
            </ScrollBox>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ChartProps {
    view: std::rc::Rc<Shown>,
    lang: Lang,
}

/// Today against the horizon: the prefecture's rate as bars (the core gives the horizon, not
/// the months between), the horizon's 90% band as a whisker; with a budget, the allocated plan.
#[function_component(TotalChart)]
fn total_chart(p: &ChartProps) -> Html {
    let (v, lang): (&Prefecture, Lang) = (&p.view.view, p.lang);
    let today = v.total.adopted_today as f64 / v.total.offices.max(1) as f64;
    let mut bars: Vec<(String, f64, Option<&Total>)> = vec![
        (lang.pick("今日", "Today").to_string(), today, None),
        (
            lang.pick(format!("{} 国の施策のみ", v.date), format!("{} national policy only", v.date)),
            v.total.rate.median,
            Some(&v.total),
        ),
    ];
    if let Some(at) = &v.allocation_total {
        bars.push((
            lang.pick(format!("{} 予算の配分", v.date), format!("{} with the allocation", v.date)),
            at.total.rate.median,
            Some(&at.total),
        ));
    }
    let (w, label_w, row_h) = (640.0, 230.0, 34.0);
    let h = row_h * bars.len() as f64 + 24.0;
    let x = |r: f64| label_w + r.clamp(0.0, 1.0) * (w - label_w - 60.0);
    let described: Vec<String> = bars.iter().map(|(l, r, _)| format!("{l}: {}", pct(*r))).collect();
    html! {
        <svg id="pf-chart" class="pf-chart" viewBox={format!("0 0 {w} {h}")} role="img"
            aria-label={format!("{}: {}", lang.pick("県全体の導入率", "The prefecture's adoption rate"), described.join(", "))}>
            { for bars.iter().enumerate().map(|(i, (label, r, band))| {
                let y = 8.0 + i as f64 * row_h;
                html! {
                    <g>
                        <text x={(label_w - 8.0).to_string()} y={(y + 17.0).to_string()} text-anchor="end" class="label">{ label.clone() }</text>
                        <rect x={label_w.to_string()} y={y.to_string()} width={(x(*r) - label_w).max(1.0).to_string()} height="24"
                            class={if i == 0 { "bar today" } else { "bar" }} />
                        if let Some(t) = band {
                            <line x1={x(t.rate.p05).to_string()} x2={x(t.rate.p95).to_string()} y1={(y + 12.0).to_string()} y2={(y + 12.0).to_string()} class="whisker" />
                        }
                        <text x={(x(band.map_or(*r, |t| t.rate.p95)) + 6.0).to_string()} y={(y + 17.0).to_string()} class="value">{ pct(*r) }</text>
                    </g>
                }
            }) }
            // 0%, 50% and 100% ticks
            { for [0.0, 0.5, 1.0].iter().map(|t| html! {
                <text x={x(*t).to_string()} y={(h - 2.0).to_string()} text-anchor="middle" class="tick">{ format!("{:.0}%", t * 100.0) }</text>
            }) }
        </svg>
    }
}
