//! Results beyond the main chart: differences from a reference strategy paired
//! by seed, milestones, the active-link share, small charts by area, and the
//! main chart as PNG with its manifest in the footer. Labels are kept here
//! (Japanese by default, English with the header's toggle).

pub mod charts;

use crate::ui::compare::charts::{self as charts_more, MAX_AREAS};
use crate::ui::shared::bridge::{self as engine, Summary};
use crate::ui::shared::i18n::{area_name, use_lang};
use crate::ui::shared::i18n::{errors, pct, Lang};
use crate::ui::shared::kit::{columns, CanvasChart, Draw, Table};
use crate::ui::shared::labels::plan_label;
use crate::ui::shared::labels::pp;
use crate::ui::shared::plan::use_plan;
use crate::ui::shared::plan::RunResult;
use crate::ui::shared::readout::Readout;
use renkei::sim::experiment::goal;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{HtmlCanvasElement, HtmlSelectElement};
use yew::prelude::*;

/// Dates the difference table shows when the run reports them (plus the last date).
pub const DIFF_DATES: [&str; 3] = ["2026-03-31", "2026-09-30", "2027-03-31"];

/// One line naming the run, as the command line writes it (`report::manifest`: version,
/// scenario, hash, seed, replications): the page, the PNG's footer and the CSV say the same.
pub fn manifest(s: &Summary) -> String {
    engine::manifest(&s.header)
}

/// The PNG's title, one entry a line: what it is (the municipality as the page names it, the
/// day it was made), the plans by their names on the page, the dates and the bands drawn, and
/// the rate's denominator (`Denominator::line`).
pub fn png_title(lang: Lang, region: &str, labels: &[String], first: &Summary, issued: &str) -> Vec<String> {
    let period = match (first.months.first(), first.months.last()) {
        (Some(a), Some(b)) => format!("{} – {}", a.date, b.date),
        _ => String::new(),
    };
    let bands = match labels.len() {
        1 => lang.pick("線は中央値、帯は50%区間と90%区間", "line: median; bands: 50% and 90%"),
        _ => lang.pick("線は各案の中央値、帯は90%区間", "lines: each plan's median; bands: 90%"),
    };
    vec![
        crate::ui::shared::labels::results_title(lang, region, issued),
        labels.join(" / "),
        format!("{} {period} · {bands}", lang.pick("期間", "Period")),
        engine::Denominator::of(first).line(lang == Lang::Ja),
    ]
}

/// The difference of every plan from the reference plan (`ref_idx`), paired by replication.
#[derive(Clone, PartialEq)]
struct DifferenceChart(Rc<RunResult>, Lang, usize);

impl Draw for DifferenceChart {
    fn draw(&self, canvas: HtmlCanvasElement) -> Result<(), String> {
        let DifferenceChart(r, lang, ref_idx) = self;
        let series: Vec<(usize, _)> = r
            .summaries
            .iter()
            .enumerate()
            .filter(|(k, _)| k != ref_idx)
            .map(|(k, s)| (k, charts_more::difference_series(s, &r.summaries[*ref_idx])))
            .collect();
        charts_more::draw_difference(canvas, &series, *lang)
    }
}

/// The share of links with both ends using the system, per plan.
#[derive(Clone, PartialEq)]
struct ActiveChart(Rc<RunResult>, Lang, (&'static str, &'static str));

impl Draw for ActiveChart {
    fn draw(&self, canvas: HtmlCanvasElement) -> Result<(), String> {
        let ActiveChart(r, lang, own) = self;
        charts_more::draw_active(canvas, &labelled(r, *lang, *own), lang.pick("中央値", "median"))
    }
}

/// One area's adoption rate (median) per plan.
#[derive(Clone, PartialEq)]
struct AreaChart(Rc<RunResult>, String, usize);

impl Draw for AreaChart {
    fn draw(&self, canvas: HtmlCanvasElement) -> Result<(), String> {
        let AreaChart(r, name, area) = self;
        let summaries: Vec<&Summary> = r.summaries.iter().collect();
        charts_more::draw_area(canvas, name, &summaries, *area)
    }
}

#[derive(Properties, PartialEq)]
pub struct ComparisonProps {
    /// Shown under the paired differences (the page puts the cost table there).
    #[prop_or_default]
    pub children: Html,
    /// The plan the differences are taken from (index into the run's plans), and its change:
    /// held by the page, which gives it to the results CSV too.
    pub reference: usize,
    pub on_reference: Callback<usize>,
}

#[function_component(Comparison)]
pub fn comparison(props: &ComparisonProps) -> Html {
    let plan = use_plan();
    let lang = use_lang();
    let Some(result) = plan.result.clone() else { return html! {} };
    let Some(first) = result.summaries.first() else { return html! {} };
    let own = plan.own();
    let labels: Vec<String> = result.strategies.iter().map(|id| plan_label(lang, id, own)).collect();
    let many = result.summaries.len() > 1;
    let ref_idx = if props.reference < result.summaries.len() { props.reference } else { 0 };
    let on_reference = props.on_reference.reform(|e: Event| {
        let sel: HtmlSelectElement = e.target_unchecked_into();
        sel.value().parse().unwrap_or(0)
    });
    let on_png = {
        let text = manifest(first);
        let (result, labels) = (result.clone(), labels.clone());
        Callback::from(move |_| {
            let Some(first) = result.summaries.first() else { return };
            let title = png_title(lang, &result.region, &labels, first, &crate::ui::shared::labels::issue_date());
            let name = format!("renkei-{}-chart.png", result.region.replace(|c: char| !c.is_alphanumeric(), "_"));
            if let Err(e) = export_png(&name, &title, &text) {
                web_sys::console::warn_1(&e);
            }
        })
    };
    let dates = engine::date_indices(first, &DIFF_DATES);
    let diff_points = std::rc::Rc::new(charts_more::difference_points(
        lang,
        &(0..result.summaries.len())
            .filter(|&k| many && k != ref_idx)
            .map(|k| {
                (k, labels[k].clone(), charts_more::difference_series(&result.summaries[k], &result.summaries[ref_idx]))
            })
            .collect::<Vec<_>>(),
    ));
    let areas = &first.header.areas;
    html! {
        <section id="comparison" class="results more">
            <p class="toolbar">
                <button id="export-png" type="button" onclick={on_png}>{ lang.pick("グラフをPNGで保存", "Save chart as PNG") }</button>
                <code id="manifest" class="meta" lang="en">{ manifest(first) }</code>
            </p>
            if many {
                <h3>{ lang.pick("基準との差(同じ乱数の組ごと)", "Difference from a reference (paired by seed)") }</h3>
                <p class="help">{ lang.pick(
    "各戦略の反復 i から基準戦略の反復 i を引いた差の中央値と90%範囲、および基準より高かった反復の割合。",
                    "Median and 90% band of replication i of each strategy minus replication i of the reference, and the share of replications where the strategy is ahead.") }</p>
                <label for="compare-reference">{ lang.pick("基準の戦略", "Reference strategy") }</label>
                <select id="compare-reference" onchange={on_reference}>
                    { for labels.iter().enumerate().map(|(k, l)| html! {
                        <option value={k.to_string()} selected={k == ref_idx}>{ l }</option>
                    }) }
                </select>
                <figure>
                    <Readout id="difference-readout" points={diff_points.clone()} plot={charts_more::DIFF_PLOT}
                        label={lang.pick("基準との差のグラフ。←→キーで月ごとの値を読み上げます",
                            "Difference chart: ← and → read the values month by month")}>
                    <CanvasChart<DifferenceChart> id="difference-chart" width={900} height={300}
                        label={lang.pick("基準との差(中央値と90%範囲、同じ乱数の組ごと)",
                            "Difference from the reference (median and 90% band, paired by seed)")}
                        data={DifferenceChart(result.clone(), lang, ref_idx)} />
                    </Readout>
                    <figcaption>{ lang.pick(
                        "線は差の中央値、帯は差の90%範囲(反復ごとの差)。色は結果の凡例と同じ。0の線より上なら基準より高い。",
                        "Lines: median difference; bands: 90% range of the per-replication difference. Colours as in the results legend; above the zero line means ahead of the reference.") }</figcaption>
                </figure>
                <Table id="difference-table" attrs={vec![("data-reference", result.strategies[ref_idx].clone().into())]}
                    head={columns(lang, &[
                        ("戦略", "Strategy"), ("日付", "Date"), ("差の中央値", "Median difference"), ("90%範囲", "90% band"),
                        ("上回った割合", "Share ahead"),
                    ])}>
                        { for result.summaries.iter().enumerate().filter(|(k, _)| *k != ref_idx).flat_map(|(k, s)| {
                            let reference = &result.summaries[ref_idx];
                            let label = labels[k].clone();
                            dates.iter().map(move |&d| match engine::paired_difference(s, reference, d) {
                                Ok(p) => html! {
                                    <tr class="diff" data-strategy={k.to_string()}>
                                        <td class={format!("strategy s{k}")}>{ label.clone() }</td>
                                        <td>{ p.date.clone() }</td>
                                        <td class="num median">{ pp(p.difference.median) }</td>
                                        <td class="num band">{ format!("{} – {}", pp(p.difference.p05), pp(p.difference.p95)) }</td>
                                        <td class="num ahead">{ pct(p.share_ahead) }</td>
                                    </tr>
                                },
                                Err(e) => html! { <tr><td>{ label.clone() }</td><td colspan="4">{ errors::sim_error(lang, &e) }</td></tr> },
                            }).collect::<Vec<_>>()
                        }) }
                </Table>
            }
            { props.children.clone() }
            <h3>{ lang.pick("到達までの月数", "Months until a level is reached") }</h3>
            <Table id="milestones-table" head={[
                columns(lang, &[
                    ("戦略", "Strategy"), ("水準", "Level"), ("中央値(月)", "Median (months)"),
                    ("90%範囲(月)", "90% range (months)"),
                ]),
                vec![match first.months.last() {
                    Some(m) => lang.pick(format!("{}に水準以上の割合", m.date), format!("Share at or above it on {}", m.date)),
                    None => lang.pick("期末に水準以上の割合".to_string(), "Share at or above it at the end".to_string()),
                }.into()],
            ].concat()}>
                    { for result.summaries.iter().enumerate().flat_map(|(k, s)| {
                        let label = labels[k].clone();
                        let never = lang.pick("未到達", "not reached");
                        s.milestones.iter().map(move |m| {
                            let f = |x: Option<f64>| x.map(|v| format!("{v:.1}")).unwrap_or_else(|| never.to_string());
                            html! {
                                <tr class="milestone">
                                    <td class={format!("strategy s{k}")}>{ label.clone() }</td>
                                    <td class="num">{ format!("{:.0}%", m.level * 100.0) }</td>
                                    <td class="num">{ f(m.median_months) }</td>
                                    <td class="num">{ format!("{} – {}", f(m.p05_months), f(m.p95_months)) }</td>
                                    // The goal seek's rule at the horizon, so this agrees with it and with
                                    // the ranking's target probability for the same plan.
                                    <td class="num">{ goal::share_reaching_at_end(s, m.level).map(pct).unwrap_or_else(|| "–".into()) }</td>
                                </tr>
                            }
                        }).collect::<Vec<_>>()
                    }) }
            </Table>
            <h3>{ lang.pick("両端が利用している連携の割合", "Share of links with both ends using the system") }</h3>
            <figure>
                <CanvasChart<ActiveChart> id="active-chart" width={900} height={300}
                    label={lang.pick("連携の割合(中央値と90%範囲)", "Active-link share (median and 90% band)")}
                    data={ActiveChart(result.clone(), lang, own)} />
                <figcaption>{ lang.pick("線は中央値、帯は90%範囲", "Lines: median; bands: 90% range") }</figcaption>
            </figure>
            <h3>{ lang.pick("地区別の導入率(中央値)", "Adoption rate by area (median)") }</h3>
            <div id="area-charts" class="small-multiples">
                { for areas.iter().enumerate().take(MAX_AREAS).map(|(a, name)| html! {
                    <CanvasChart<AreaChart> id={format!("area-chart-{a}")} class="area-chart" width={220} height={150}
                        label={area_name(lang, name)} data={AreaChart(result.clone(), area_name(lang, name), a)} />
                }) }
            </div>
            if areas.len() > MAX_AREAS {
                <p id="area-note" class="help">{ match lang {
                    Lang::Ja => format!("{}地区のうち最初の{}地区を表示しています。", areas.len(), MAX_AREAS),
                    Lang::En => format!("Showing the first {} of {} areas.", MAX_AREAS, areas.len()),
                } }</p>
            }
        </section>
    }
}

fn labelled<'a>(r: &'a RunResult, lang: Lang, own: (&str, &str)) -> Vec<(String, &'a Summary)> {
    r.strategies.iter().map(|id| plan_label(lang, id, own)).zip(r.summaries.iter()).collect()
}

/// The mark and colour of a legend item of the page (`#chart-legend`), by its swatch's class.
fn legend_mark(class: &str) -> (&'static str, &'static str) {
    match class {
        "line s0" => ("━", "rgb(31, 111, 139)"),
        "line s1" => ("━", "rgb(214, 120, 30)"),
        "line s2" => ("━", "rgb(70, 140, 60)"),
        "line s3" => ("━", "rgb(140, 80, 160)"),
        "band b50" => ("■", "rgba(31, 111, 139, .45)"),
        "band b90" => ("■", "rgba(31, 111, 139, .2)"),
        "dot" => ("●", "rgb(200, 40, 40)"),
        _ => ("┆", "rgb(90, 90, 90)"),
    }
}

/// `text` cut into lines no wider than `width` in the context's font: at the last ` / `, space
/// or Japanese comma that fits, else at any character (Japanese has no spaces).
fn wrap(ctx: &web_sys::CanvasRenderingContext2d, text: &str, width: f64) -> Vec<String> {
    let fits = |s: &str| ctx.measure_text(s).map(|m| m.width()).unwrap_or(0.0) <= width;
    let mut lines = Vec::new();
    let mut rest: &str = text;
    while !fits(rest) {
        let ends: Vec<usize> = rest.char_indices().map(|(i, c)| i + c.len_utf8()).collect();
        let Some(&most) = ends.iter().take_while(|&&e| fits(&rest[..e])).last() else { break };
        let cut = rest[..most].rfind([' ', '、', '/']).filter(|&i| i > most / 3).map(|i| i + 1).unwrap_or(most);
        lines.push(rest[..cut].trim_end().to_string());
        rest = rest[cut..].trim_start();
    }
    lines.push(rest.to_string());
    lines
}

/// Copies `#chart` onto a taller canvas under a title band (`title`, [`png_title`]: its first
/// line large, each line wrapped to the width), writes the legend (the page's `#chart-legend`,
/// which sits outside the plot) and the manifest in the footer, and downloads it as PNG (a
/// data: URL of a same-origin canvas; nothing leaves the page).
fn export_png(filename: &str, title: &[String], manifest: &str) -> Result<(), wasm_bindgen::JsValue> {
    let doc = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let src: HtmlCanvasElement = doc.get_element_by_id("chart").ok_or("no #chart")?.dyn_into()?;
    let items = doc.query_selector_all("#chart-legend li")?;
    let legend: Vec<(String, String)> = (0..items.length())
        .filter_map(|i| items.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
        .map(|li| {
            let class = li.first_element_child().map(|e| e.class_name()).unwrap_or_default();
            (class, li.text_content().unwrap_or_default())
        })
        .collect();
    let (row, width) = (22.0, src.width() as f64);
    let out: HtmlCanvasElement = doc.create_element("canvas")?.dyn_into()?;
    out.set_width(src.width());
    let ctx: web_sys::CanvasRenderingContext2d = out.get_context("2d")?.ok_or("no 2d context")?.dyn_into()?;
    // Lay the legend out in rows (measured with the font it is drawn in), then size the canvas.
    let place = |ctx: &web_sys::CanvasRenderingContext2d| {
        ctx.set_font("14px sans-serif");
        let (mut x, mut y, mut at) = (12.0, row, Vec::new());
        for (class, text) in &legend {
            let w = 22.0 + ctx.measure_text(text).map(|m| m.width()).unwrap_or(0.0);
            if x > 12.0 && x + w > width - 12.0 {
                (x, y) = (12.0, y + row);
            }
            at.push((x, y, class.clone(), text.clone()));
            x += w + 18.0;
        }
        (at, y)
    };
    let (_, rows_end) = place(&ctx);
    let footer = rows_end + 34.0;
    // The title's lines, each in its font, wrapped; the band's height follows.
    let fonts = |i: usize| if i == 0 { ("bold 20px sans-serif", 28.0) } else { ("15px sans-serif", 21.0) };
    let mut lines: Vec<(usize, String)> = Vec::new();
    for (i, t) in title.iter().enumerate() {
        ctx.set_font(fonts(i).0);
        lines.extend(wrap(&ctx, t, width - 24.0).into_iter().map(|l| (i, l)));
    }
    let head = 10.0 + lines.iter().map(|(i, _)| fonts(*i).1).sum::<f64>();
    out.set_height(src.height() + (head + footer) as u32);
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, out.width() as f64, out.height() as f64);
    ctx.set_fill_style_str("#1d2327");
    let mut y = 4.0;
    for (i, line) in &lines {
        let (font, height) = fonts(*i);
        ctx.set_font(font);
        y += height;
        ctx.fill_text(line, 12.0, y - 6.0)?;
    }
    ctx.draw_image_with_html_canvas_element(&src, 0.0, head)?;
    let (at, _) = place(&ctx);
    let top = head + src.height() as f64;
    for (x, y, class, text) in at {
        let (mark, colour) = legend_mark(&class);
        ctx.set_fill_style_str(colour);
        ctx.fill_text(mark, x, top + y)?;
        ctx.set_fill_style_str("#222222");
        ctx.fill_text(&text, x + 22.0, top + y)?;
    }
    ctx.set_fill_style_str("#444444");
    ctx.set_font("12px sans-serif");
    ctx.fill_text(manifest, 12.0, top + footer - 10.0)?;
    let url = out.to_data_url_with_type("image/png")?;
    let a: web_sys::HtmlAnchorElement = doc.create_element("a")?.dyn_into()?;
    a.set_href(&url);
    a.set_download(filename);
    a.click();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_are_signed_points() {
        assert_eq!(pp(0.0123), "+1.2 pt");
        assert_eq!(pp(-0.05), "-5.0 pt");
        assert_eq!(pp(-0.0001), "+0.0 pt");
    }

    #[test]
    fn manifest_is_the_command_lines() {
        let mut s = Summary::default();
        s.header.version = "0.1.0".into();
        s.header.scenario = "okazaki".into();
        s.header.scenario_hash = "abc123".into();
        s.header.seed = 42;
        s.header.replications = 200;
        assert_eq!(manifest(&s), r#"renkei 0.1.0 scenario="okazaki" hash=abc123 seed=42 replications=200"#);
    }

    #[test]
    fn the_png_title_names_the_town_plans_dates_bands_denominator_and_day() {
        let mut scn = engine::preset("okazaki").unwrap();
        scn.replications = 2;
        let s = engine::run(&scn, &mut |_, _| {}).unwrap();
        let labels = vec!["シナリオの取組".to_string(), "重点圏域+全市研修".to_string()];
        let ja = png_title(Lang::Ja, "okazaki", &labels, &s, "2026-12-07");
        assert_eq!(ja[0], "愛知県岡崎市 導入の見通し（Renkei、2026-12-07 作成）");
        assert_eq!(ja[1], "シナリオの取組 / 重点圏域+全市研修");
        assert_eq!(ja[2], "期間 2025-08-31 – 2027-03-31 · 線は各案の中央値、帯は90%区間");
        assert_eq!(ja[3], "導入率 = 導入事業所 ÷ 681 事業所(全国データベースの 2026-02-28 時点の数)");
        let en = png_title(Lang::En, "okazaki", &labels[..1], &s, "2026-12-07");
        assert!(en[0].starts_with("Okazaki") && en[0].ends_with("made 2026-12-07)"), "{}", en[0]);
        assert!(en[2].ends_with("line: median; bands: 50% and 90%"), "{}", en[2]);
        assert!(en[3].contains("681 offices"), "{}", en[3]);
    }
}
