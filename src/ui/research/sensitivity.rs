//! Sensitivity: the tornado of the scenario on screen.

use crate::ui::research::state::ResearchState;
use crate::ui::research::state::{RangeSource, ResearchAction};
use crate::ui::shared::bridge as engine;
use crate::ui::shared::chart;
use crate::ui::shared::i18n::use_lang;
use crate::ui::shared::i18n::{pct, region_name, Lang};
use crate::ui::shared::kit::{columns, CanvasChart, Draw, JobControls, Panel, Table};
use crate::ui::shared::plan::use_plan;
use crate::ui::shared::store::use_slice;
use crate::ui::state::use_dispatch;
use crate::ui::state::Action;
use crate::ui::workers::{use_job, TornadoKind};
use std::rc::Rc;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

// ---------------------------------------------------------------------------

/// The tornado chart of a result, in a language.
#[derive(Clone, PartialEq)]
struct TornadoChart(Rc<crate::ui::research::state::TornadoResult>, Lang);

impl Draw for TornadoChart {
    fn draw(&self, canvas: HtmlCanvasElement) -> Result<(), String> {
        let TornadoChart(r, lang) = self;
        let labels: Vec<String> =
            r.tornado.bars.iter().map(|b| engine::param_label(&b.param, *lang == Lang::Ja)).collect();
        chart::draw_tornado(canvas, &r.tornado, &labels, *lang)
    }
}

#[function_component(Sensitivity)]
pub fn sensitivity() -> Html {
    let lang = use_lang();
    let dispatch = use_dispatch();
    let plan = use_plan();
    let research = use_slice::<ResearchState>();
    use_job::<TornadoKind, _>(research.tornado.running(), dispatch.map(|e| ResearchAction::TornadoJob(Box::new(e))));
    let on_run = dispatch.on(Action::Research(ResearchAction::RunTornado));
    let on_cancel = dispatch.on(Action::Research(ResearchAction::CancelTornado));
    let running = research.tornado.running_id().is_some();
    let source = match &research.tornado.result {
        Some(r) => r.source,
        None if research.calib.result.is_some() => RangeSource::Calibrated,
        None => RangeSource::Shipped,
    };
    let source_text = match source {
        RangeSource::Shipped => lang.pick(
"範囲: 較正済みパラメータは同梱の事後分布の90%区間、その他は現在値の±50%。",
            "Ranges: the shipped posterior's 90% interval for calibrated parameters, ±50% of the value for the others.",
        ),
        RangeSource::Calibrated => lang.pick(
"範囲: 較正済みパラメータはこのページで較正した事後分布の90%区間、その他は現在値の±50%。",
            "Ranges: the 90% interval of the calibration run on this page for calibrated parameters, ±50% for the others.",
        ),
    };
    html! {
        <Panel id="sensitivity" title={html! { lang.pick("感度分析(トルネード図)", "Sensitivity (tornado chart)") }} help={html! { <>
                { lang.pick(
    "表示中のシナリオについて、パラメータを一つずつ範囲の下端・上端に変え、期間末の導入率(中央値)がどれだけ動くかを比べます。",
                    "For the scenario on screen, each parameter in turn is set to the low and the high end of its range; the bars show how far the end-of-horizon adoption rate (median) moves.") }
                { format!(" {} {} ", source_text, match lang {
                    Lang::Ja => format!("各{}回試行。", engine::TORNADO_REPS),
                    Lang::En => format!("{} replications each.", engine::TORNADO_REPS),
                }) }
            </> }}>
            <JobControls id="tornado" run_label={lang.pick("感度分析を実行", "Run sensitivity")} {on_run} {on_cancel}
                {running} run_disabled={!plan.fields_ok} status={research.tornado.status.clone()}
                unit={lang.pick("シナリオ", "scenarios")} {lang} />
            if let Some(r) = research.tornado.result.clone() {
                <figure>
                    <CanvasChart<TornadoChart> id="tornado-chart" width={900}
                        height={chart::tornado_height(r.tornado.bars.len())}
                        attrs={vec![("data-bars", r.tornado.bars.len().to_string().into())]}
                        label={lang.pick("トルネード図", "Tornado chart")} data={TornadoChart(r.clone(), lang)} />
                    <figcaption>
                        { match lang {
                            Lang::Ja => format!("{} の {} 時点の導入率。基準 {}。左: 下端、右: 上端(色は凡例)。{:.0} ms",
                                region_name(lang, &r.region), r.tornado.date, pct(r.tornado.base_rate), r.elapsed_ms),
                            Lang::En => format!("Adoption rate of {} at {}. Base {}. {:.0} ms",
                                region_name(lang, &r.region), r.tornado.date, pct(r.tornado.base_rate), r.elapsed_ms),
                        } }
                    </figcaption>
                </figure>
                // the tornado to full precision, for the check that any number of workers gives it
                <Table id="tornado-table" attrs={vec![("data-tornado", serde_json::to_string(&r.tornado).unwrap_or_default().into())]}
                    head={columns(lang, &[
                        ("パラメータ", "Parameter"), ("下端", "Low"), ("上端", "High"), ("下端での導入率", "Rate at low"),
                        ("上端での導入率", "Rate at high"), ("振れ幅", "Swing"),
                    ])}>
                        { for r.tornado.bars.iter().map(|b| html! {
                            <tr data-param={b.param.clone()}>
                                <td>{ engine::param_label(&b.param, lang == Lang::Ja) }</td>
                                <td class="num">{ fmt(b.low) }</td>
                                <td class="num">{ fmt(b.high) }</td>
                                <td class="num">{ pct(b.rate_low) }</td>
                                <td class="num">{ pct(b.rate_high) }</td>
                                <td class="num">{ format!("{:.1} pt", b.swing() * 100.0) }</td>
                            </tr>
                        }) }
                </Table>
            }
        </Panel>
    }
}

pub fn fmt(v: f64) -> String {
    if v != 0.0 && v.abs() < 0.01 {
        format!("{v:.4}")
    } else {
        format!("{v:.3}")
    }
}
