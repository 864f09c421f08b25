//! wasm-bindgen tests run in headless Chromium by scripts/test.sh.

use super::shared::{chart, i18n::Lang};
use super::{engine, panic};
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
fn summaries_cross_as_bytes_and_blocks_merge_to_the_single_run_in_wasm() {
    let whole = default_summary();
    // the bytes a worker transfers give the summary back to the bit
    let back = engine::summary_from_bytes(&engine::summary_bytes(&whole).unwrap()).unwrap();
    assert_eq!(engine::fingerprint(&back), engine::fingerprint(&whole));
    // three blocks, as three workers run them, merged by part 0
    let scn = engine::default_scenario();
    let prep = engine::prepare(&scn).unwrap();
    let block = |p| engine::run_block(&prep, p, 3, &mut |_, _| {}).unwrap();
    let bytes: Vec<Vec<u8>> = (1..3).map(|p| engine::block_bytes(&prep, &block(p), p, 3).unwrap()).collect();
    let refs: Vec<&[u8]> = bytes.iter().map(Vec::as_slice).collect();
    let merged = engine::merge_blocks(&prep, block(0), &refs).unwrap();
    assert_eq!(engine::fingerprint(&merged), engine::fingerprint(&whole));
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
