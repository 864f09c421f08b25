//! Reading one slice of the page state. The page state (`ui::state`) provides each slice as a
//! context of its own, so a component re-renders when the slice it reads changes, not on every
//! action of the page (a job's progress re-rendered all 29 readers of the whole state once).

use yew::prelude::*;

/// The slice `T` of the page state, as provided above the router.
#[hook]
pub fn use_slice<T: Clone + PartialEq + 'static>() -> T {
    use_context::<T>().expect("the page state provides every slice above the router")
}
