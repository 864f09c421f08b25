//! The views an address can show: `#workshop`, `#prefecture`, `#bench`, else the planner
//! (whose address holds its share link). One fact, read by the router, the page state (only
//! the planner's address is a share link) and the benchmark.

/// The views an address can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    Planner,
    Workshop,
    /// `#bench` (or `#bench&workers=N`): the browser benchmark (docs/performance.md).
    Bench,
    /// `#prefecture`: many municipalities at once.
    Prefecture,
}

impl Route {
    /// The view of an address's hash (`#workshop`, with or without its `#`).
    pub fn from_hash(hash: &str) -> Route {
        match hash.trim_start_matches('#') {
            "workshop" => Route::Workshop,
            "prefecture" => Route::Prefecture,
            h if h == "bench" || h.starts_with("bench&") => Route::Bench,
            _ => Route::Planner,
        }
    }

    /// The view of the address in the address bar.
    pub fn current() -> Route {
        let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
        Route::from_hash(&hash)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_names_its_view() {
        assert_eq!(Route::from_hash("#workshop"), Route::Workshop);
        assert_eq!(Route::from_hash("workshop"), Route::Workshop);
        assert_eq!(Route::from_hash("#bench&workers=2"), Route::Bench);
        assert_eq!(Route::from_hash("#prefecture"), Route::Prefecture);
        // a share link is the planner's
        assert_eq!(Route::from_hash("#r=okazaki&lang=en"), Route::Planner);
        assert_eq!(Route::from_hash(""), Route::Planner);
    }
}
