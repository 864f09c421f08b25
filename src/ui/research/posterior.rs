//! A posterior as the calibration panel shows it: each parameter's histogram over its prior
//! range with the legend that says what its shaded band and line are, and the identification
//! table (how far the data pin each parameter down), from the calibration run on this page
//! or, before one, from the posterior shipped with the app.

use crate::ui::research::sensitivity::fmt;
use crate::ui::shared::bridge::{self as engine, Identification, ParamSummary, Posterior};
use crate::ui::shared::i18n::Lang;
use crate::ui::shared::kit::{columns, Table};
use yew::prelude::*;

/// The id of the legend line that says what a histogram's shaded band is (each band points at it).
const BAND_CAPTION: &str = "calib-band-caption";

/// Histograms of every parameter of `posterior`, and their legend.
#[derive(Properties, PartialEq)]
pub struct HistogramsProps {
    pub posterior: Posterior,
    pub lang: Lang,
}

#[function_component(Histograms)]
pub fn histograms(p: &HistogramsProps) -> Html {
    let lang = p.lang;
    html! {
        <>
            <div id="calib-posterior" class="histograms">
                { for p.posterior.summary.iter().enumerate().map(|(k, s)| html! {
                    <Histogram summary={s.clone()} shares={engine::histogram(&p.posterior, k, 12)} {lang} />
                }) }
            </div>
            <ul id="calib-posterior-legend" class="chart-legend">
                <li id={BAND_CAPTION}><span class="band hist" aria-hidden="true"></span>{ lang.pick(
                    "帯: 事後分布の90%区間(重み付きの5〜95パーセンタイル)",
                    "Shaded band: the posterior's 90% interval (weighted 5th to 95th percentile)") }</li>
                <li><span class="bar" aria-hidden="true"></span>{ lang.pick(
                    "棒: 事前分布の範囲を12に分けた各区間の粒子の重み",
                    "Bars: the particles' weight in each twelfth of the prior range") }</li>
                <li><span class="line median" aria-hidden="true"></span>{ lang.pick("線: 中央値", "Line: the median") }</li>
                <li>{ lang.pick(
                    "横軸: 事前分布の範囲(左端が下限、右端が上限)。数値は 中央値 [5% – 95%]",
                    "x axis: the prior range, its lower end at the left. Figures: median [5% – 95%]") }</li>
            </ul>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct HistogramProps {
    summary: ParamSummary,
    shares: Vec<f64>,
    lang: Lang,
}

/// A small SVG histogram of one parameter's posterior over its prior range.
#[function_component(Histogram)]
fn histogram(p: &HistogramProps) -> Html {
    let s = &p.summary;
    let (w, h) = (180.0, 60.0);
    let n = p.shares.len().max(1) as f64;
    let top = p.shares.iter().cloned().fold(0.0f64, f64::max).max(1e-9);
    let x = |v: f64| ((v - s.prior_lo) / (s.prior_hi - s.prior_lo).max(f64::MIN_POSITIVE)).clamp(0.0, 1.0) * w;
    let label = match p.lang {
        Lang::Ja => format!("{}: 中央値 {}、90%区間 {} – {}", s.name, fmt(s.median), fmt(s.p05), fmt(s.p95)),
        Lang::En => format!("{}: median {}, 90% interval {} – {}", s.name, fmt(s.median), fmt(s.p05), fmt(s.p95)),
    };
    html! {
        <figure class="histogram" data-param={s.name.clone()}>
            <svg width={w.to_string()} height={(h + 2.0).to_string()} viewBox={format!("0 0 {w} {}", h + 2.0)}
                role="img" aria-label={label}>
                <rect x={x(s.p05).to_string()} y="0" width={(x(s.p95) - x(s.p05)).max(1.0).to_string()}
                    height={h.to_string()} class="band" data-caption={BAND_CAPTION} />
                { for p.shares.iter().enumerate().map(|(i, v)| {
                    let bh = v / top * (h - 4.0);
                    html! { <rect class="bin" x={(i as f64 * w / n + 1.0).to_string()} y={(h - bh).to_string()}
                        width={(w / n - 2.0).max(1.0).to_string()} height={bh.to_string()} /> }
                }) }
                <line class="median" x1={x(s.median).to_string()} x2={x(s.median).to_string()} y1="0" y2={h.to_string()} />
                <line class="axis" x1="0" x2={w.to_string()} y1={h.to_string()} y2={h.to_string()} />
            </svg>
            <figcaption>
                <code class="name">{ &s.name }</code>{ format!(" {} [{} – {}]", fmt(s.median), fmt(s.p05), fmt(s.p95)) }
            </figcaption>
        </figure>
    }
}

/// Which posterior the identification tags come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagSource {
    /// The calibration run on this page (its result on screen).
    Calibrated,
    /// The posterior shipped with the app, before any calibration on this page.
    Shipped,
}

#[derive(Properties, PartialEq)]
pub struct IdentTableProps {
    pub summary: Vec<ParamSummary>,
    pub source: TagSource,
    pub lang: Lang,
}

/// Each parameter's 90% interval against its prior range, and what that says: identified,
/// weakly identified or not identified (`ParamSummary::identification`).
#[function_component(IdentTable)]
pub fn ident_table(p: &IdentTableProps) -> Html {
    let lang = p.lang;
    let (source, code) = match p.source {
        TagSource::Calibrated => (
            lang.pick(
                "判定はこのページで実行した較正(上の設定)の事後分布によるものです。計画画面の実行が使う同梱の事後分布ではありません。",
                "Tags from the calibration run on this page (the settings above), not from the posterior shipped with the app that the planner's runs draw from.",
            ),
            "calibrated",
        ),
        TagSource::Shipped => (
            lang.pick(
                "判定はアプリに同梱の事後分布(計画画面の実行が使うもの)によるものです。較正を実行すると、その結果で判定し直します。",
                "Tags from the posterior shipped with the app (the one the planner's runs draw from). Run a calibration to tag the parameters by your own.",
            ),
            "shipped",
        ),
    };
    html! {
        <section id="calib-ident" data-source={code} aria-labelledby="calib-ident-title">
            <h3 id="calib-ident-title">{ lang.pick("データでどこまで決まるか", "How far the data pin each parameter down") }</h3>
            <p id="calib-ident-source" class="meta">{ source }</p>
            <Table id="calib-ident-table" class="ident" head={columns(lang, &[
                ("パラメータ", "Parameter"), ("90%区間の幅 / 事前分布の幅", "90% interval width / prior width"), ("判定", "Tag"),
            ])}>
                    { for p.summary.iter().map(|s| {
                        let tag = s.identification();
                        html! {
                            <tr data-param={s.name.clone()} data-tag={tag_code(tag)}>
                                <td>{ help(lang, &s.name) }{ " " }<code>{ &s.name }</code></td>
                                <td class="num">{ format!("{:.0}%", 100.0 * s.width_ratio) }</td>
                                <td><span class={classes!("tag", tag_code(tag))}>{ tag_text(lang, tag) }</span></td>
                            </tr>
                        }
                    }) }
            </Table>
            <p class="meta">{ match lang {
                Lang::Ja => format!("90%区間が事前分布の幅の{:.0}%以下なら「データで決まる」、{:.0}%以下なら「弱く決まる」、それより広ければ「決まらない」(事前分布の幅のまま)。",
                    100.0 * engine::WEAKLY_IDENTIFIED_WIDTH, 100.0 * engine::IDENTIFIED_WIDTH),
                Lang::En => format!("A 90% interval up to {:.0}% of the prior width: identified; up to {:.0}%: weakly identified; wider: not identified (about as wide as the prior).",
                    100.0 * engine::WEAKLY_IDENTIFIED_WIDTH, 100.0 * engine::IDENTIFIED_WIDTH),
            } }</p>
        </section>
    }
}

fn tag_code(t: Identification) -> &'static str {
    match t {
        Identification::Identified => "identified",
        Identification::Weakly => "weakly",
        Identification::NotIdentified => "not-identified",
    }
}

fn tag_text(lang: Lang, t: Identification) -> &'static str {
    match t {
        Identification::Identified => lang.pick("データで決まる", "identified"),
        Identification::Weakly => lang.pick("データで弱く決まる", "weakly identified"),
        Identification::NotIdentified => lang.pick("データでは決まらない", "not identified"),
    }
}

/// A parameter's one-line description in the page's language (its code is shown beside it).
fn help(lang: Lang, name: &str) -> &'static str {
    engine::PARAM_INFO
        .iter()
        .find(|i| i.name == name)
        .map(|i| if lang == Lang::Ja { i.help_ja } else { i.help_en })
        .unwrap_or("")
}
