//! How many workers the pool runs: `navigator.hardwareConcurrency`, capped at
//! [`DEFAULT_CAP`], unless the user chose a number in the settings (kept in localStorage).
//! The number changes only the speed: results are the same bytes for any pool size.

use crate::ui::shared::dom;
use std::cell::Cell;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The default's cap. Each worker is a whole wasm instance with its own copy of a run's
/// networks (memory grows with the workers), and each builds the networks and part 0 merges:
/// costs that do not shrink with more workers. A calibration batch has at most 16 proposals,
/// so beyond 8 workers each gets one or two; and 16 "cores" of a laptop are usually 8
/// physical cores with two hardware threads each. A user may still choose more.
pub const DEFAULT_CAP: usize = 8;
/// The most the setting allows.
pub const MAX_WORKERS: usize = 32;
/// localStorage key of the user's choice.
pub const STORAGE_KEY: &str = "renkei.workers";

thread_local! {
    static CHOSEN: Cell<Option<usize>> = const { Cell::new(None) };
}

/// `navigator.hardwareConcurrency` (1 when the browser does not say), capped.
pub fn default_size() -> usize {
    let nav = js_sys::Reflect::get(&js_sys::global(), &"navigator".into()).ok();
    let cores = nav.and_then(|n| js_sys::Reflect::get(&n, &"hardwareConcurrency".into()).ok()).and_then(|v| v.as_f64());
    (cores.unwrap_or(1.0) as usize).clamp(1, DEFAULT_CAP)
}

fn parse(text: &str) -> Option<usize> {
    text.trim().parse::<usize>().ok().filter(|n| (1..=MAX_WORKERS).contains(n))
}

/// The pool's size: this session's choice, else the stored one, else the default.
pub fn size() -> usize {
    CHOSEN
        .with(Cell::get)
        .or_else(|| dom::storage_get(STORAGE_KEY).as_deref().and_then(parse))
        .unwrap_or_else(default_size)
}

/// Sets the size (`None`: back to the default); `keep` stores it for later visits.
pub fn set_size(n: Option<usize>, keep: bool) {
    let n = n.map(|n| n.clamp(1, MAX_WORKERS));
    CHOSEN.with(|c| c.set(n));
    if keep {
        dom::storage_set(STORAGE_KEY, &n.map(|n| n.to_string()).unwrap_or_default());
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub ja: bool,
}

/// The setting: a number field (empty = the default), applied to the next run.
#[function_component(PoolSizeSetting)]
pub fn pool_size_setting(props: &Props) -> Html {
    let shown =
        use_state(|| CHOSEN.with(Cell::get).or_else(|| dom::storage_get(STORAGE_KEY).as_deref().and_then(parse)));
    let error = use_state(|| false);
    let onchange = {
        let (shown, error) = (shown.clone(), error.clone());
        Callback::from(move |e: Event| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            match (text.trim().is_empty(), parse(&text)) {
                (true, _) => {
                    set_size(None, true);
                    shown.set(None);
                    error.set(false);
                }
                (false, Some(n)) => {
                    set_size(Some(n), true);
                    shown.set(Some(n));
                    error.set(false);
                }
                (false, None) => error.set(true),
            }
        })
    };
    let ja = props.ja;
    let label = if ja { "並列ワーカー数" } else { "Parallel workers" };
    let help = if ja {
        format!(
            "空欄 = この端末の既定 ({}、論理コア数、上限 {DEFAULT_CAP})。結果は数によらず同じです。",
            default_size()
        )
    } else {
        format!("Empty = this device's default ({}: its logical cores, at most {DEFAULT_CAP}). Results are the same for any number.", default_size())
    };
    let err =
        if ja { format!("1〜{MAX_WORKERS} の整数") } else { format!("a whole number from 1 to {MAX_WORKERS}") };
    html! {
        <div class={classes!("field", "pool-size", error.then_some("invalid"))}>
            <label for="pool-size">
                <span class="name">{ label }</span>
                <span class="help">{ help }</span>
            </label>
            <input id="pool-size" type="number" min="1" max={MAX_WORKERS.to_string()} step="1"
                placeholder={default_size().to_string()}
                value={shown.map(|n| n.to_string()).unwrap_or_default()} {onchange}
                aria-invalid={error.then_some("true")} aria-describedby="pool-size-error" />
            <span id="pool-size-error" class="field-error" role={error.then_some("alert")}>
                { if *error { err } else { String::new() } }
            </span>
        </div>
    }
}
