//! wasm-bindgen tests run in headless Chromium by scripts/test.sh.

use super::shared::{chart, i18n::Lang};
use super::{engine, panic, protocol::FromWorker};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn default_summary() -> engine::Summary {
    let mut calls = 0;
    let s = engine::run(&engine::default_scenario(), &mut |_, _| calls += 1).unwrap();
    assert!(calls > 0, "progress is reported");
    s
}

#[wasm_bindgen_test]
fn the_default_scenario_runs_in_wasm() {
    let s = default_summary();
    assert!(!s.months.is_empty());
    for m in &s.months {
        let q = &m.rate;
        assert!(q.p05 <= q.p25 && q.p25 <= q.median && q.median <= q.p75 && q.p75 <= q.p95);
        assert!((0.0..=1.0).contains(&q.median));
    }
}

#[wasm_bindgen_test]
fn chart_draws_on_a_canvas() {
    let canvas: HtmlCanvasElement = document().create_element("canvas").unwrap().unchecked_into();
    canvas.set_width(600);
    canvas.set_height(300);
    document().body().unwrap().append_child(&canvas).unwrap();
    let sum = default_summary();
    chart::draw(canvas.clone(), &[("a".to_string(), &sum), ("b".to_string(), &sum)], Lang::Ja).unwrap();
    let ctx: CanvasRenderingContext2d = canvas.get_context("2d").unwrap().unwrap().unchecked_into();
    let data = ctx.get_image_data(0.0, 0.0, 600.0, 300.0).unwrap().data();
    let inked = data.chunks(4).filter(|p| p[3] > 0 && !(p[0] > 240 && p[1] > 240 && p[2] > 240)).count();
    assert!(inked > 1000, "only {inked} coloured pixels");
    canvas.remove();
}

#[wasm_bindgen_test]
fn panic_banner_is_shown_at_the_top() {
    panic::show_banner("test detail");
    let el = document().get_element_by_id("fatal-error").expect("banner");
    let text = el.text_content().unwrap();
    assert!(text.contains("test detail"));
    assert!(text.contains("再読み込み"));
    el.remove();
}

#[wasm_bindgen_test]
fn worker_messages_round_trip_through_json() {
    let msg = FromWorker::Done { id: 7, summaries: vec![default_summary()], elapsed_ms: 1.5 };
    let text = serde_json::to_string(&msg).unwrap();
    match serde_json::from_str::<FromWorker>(&text).unwrap() {
        FromWorker::Done { id, summaries, .. } => {
            let summary = &summaries[0];
            assert_eq!(id, 7);
            // serde_json without `float_roundtrip` may move the last bit.
            let (a, b) = (engine::rows(summary), engine::rows(&default_summary()));
            assert_eq!(a.len(), b.len());
            for (x, y) in a.iter().zip(&b) {
                assert_eq!(x.date, y.date);
                assert!((x.median - y.median).abs() < 1e-12);
                assert!((x.p95 - y.p95).abs() < 1e-12);
            }
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[wasm_bindgen_test]
fn tornado_runs_in_wasm_and_draws_its_bars() {
    let scn = engine::preset("higashisonogi").unwrap();
    let ranges = engine::tornado_ranges(&scn, &engine::shipped_summary());
    let ranges = &ranges[..4];
    let mut calls = 0;
    let t = engine::run_tornado(&scn, ranges, &mut |_, _| calls += 1).unwrap();
    assert_eq!(calls, 1 + ranges.len(), "progress per parameter");
    assert_eq!(t.bars.len(), 4);
    let canvas: HtmlCanvasElement = document().create_element("canvas").unwrap().unchecked_into();
    canvas.set_width(700);
    canvas.set_height(chart::tornado_height(4));
    document().body().unwrap().append_child(&canvas).unwrap();
    let labels: Vec<String> = t.bars.iter().map(|b| engine::param_label(&b.param, true)).collect();
    chart::draw_tornado(canvas.clone(), &t, &labels, Lang::Ja).unwrap();
    let ctx: CanvasRenderingContext2d = canvas.get_context("2d").unwrap().unwrap().unchecked_into();
    let data = ctx.get_image_data(0.0, 0.0, 700.0, chart::tornado_height(4) as f64).unwrap().data();
    let inked = data.chunks(4).filter(|p| p[3] > 0 && !(p[0] > 240 && p[1] > 240 && p[2] > 240)).count();
    assert!(inked > 1000, "only {inked} coloured pixels");
    canvas.remove();
}

#[wasm_bindgen_test]
fn job_messages_round_trip_through_json() {
    use crate::ui::protocol::Job;
    let request = engine::CalibRequest { regions: vec!["chitose".into()], particles: 4, generations: 1, seed: 1 };
    let job = Job::Calibrate { id: 9, request };
    let text = serde_json::to_string(&job).unwrap();
    assert_eq!(serde_json::from_str::<Job>(&text).unwrap(), job);
    // a plain run request is not mistaken for a job
    let run = crate::ui::protocol::RunRequest { id: 3, scenarios: vec![] };
    assert!(serde_json::from_str::<Job>(&serde_json::to_string(&run).unwrap()).is_err());
}
