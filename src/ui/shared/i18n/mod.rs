//! Japanese (default) and English labels.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Ja,
    En,
}

impl Lang {
    pub fn other(self) -> Lang {
        match self {
            Lang::Ja => Lang::En,
            Lang::En => Lang::Ja,
        }
    }

    /// Value of `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    /// The one way to say a thing in the page's language when it is not a [`Key`] of the
    /// table (text next to the view that shows it): `lang.pick("日本語", "English")`.
    pub fn pick<T>(self, ja: T, en: T) -> T {
        match self {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "ja" => Some(Lang::Ja),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// Display name of a region id (falls back to the id itself).
pub fn region_name(lang: Lang, id: &str) -> String {
    let (ja, en) = match id.to_ascii_lowercase().as_str() {
        "okazaki" => ("愛知県岡崎市", "Okazaki, Aichi"),
        "chitose" => ("北海道千歳市", "Chitose, Hokkaido"),
        "higashisonogi" => ("長崎県東彼杵町", "Higashisonogi, Nagasaki"),
        "sendai" => ("宮城県仙台市", "Sendai, Miyagi"),
        "custom" => ("独自の自治体", "Custom municipality"),
        "example" => ("例(架空の町、300事業所)", "Example (a made-up town of 300 offices)"),
        _ => return id.to_string(),
    };
    match lang {
        Lang::Ja => ja.to_string(),
        Lang::En => en.to_string(),
    }
}

/// An area's name as the page shows it: the presets' and demos' numbered areas (`圏域3`,
/// `岡崎圏域12`) read "Area 3", "Okazaki area 12" in English; other names are the user's own.
pub fn area_name(lang: Lang, name: &str) -> String {
    // the presets' named areas (`regions.rs`)
    match (lang, name) {
        (Lang::En, "東仙台") => return "Higashi-Sendai".into(),
        (Lang::En, "東彼杵町") => return "Higashisonogi".into(),
        _ => {}
    }
    let Some((city, n)) =
        name.rsplit_once("圏域").filter(|(_, n)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    else {
        return name.to_string();
    };
    let city = match city {
        "" => "",
        "千歳" => "Chitose ",
        "岡崎" => "Okazaki ",
        "仙台" => "Sendai ",
        _ => return name.to_string(),
    };
    match lang {
        Lang::Ja => name.to_string(),
        Lang::En if city.is_empty() => format!("Area {n}"),
        Lang::En => format!("{city}area {n}"),
    }
}

/// A rate in 0..1 as a percentage with one decimal.
pub fn pct(rate: f64) -> String {
    format!("{:.1}%", rate * 100.0)
}

pub mod catalogue;
pub use catalogue::{t, Key};

pub mod errors;
pub use errors::field_error;

pub mod choice;
pub mod cost;
pub mod workshop;

/// The page's language (one owner: the page state, provided above the router).
#[yew::hook]
pub fn use_lang() -> Lang {
    yew::use_context::<Lang>().unwrap_or_default()
}

#[cfg(test)]
mod area_tests {
    use super::*;

    #[test]
    fn the_presets_area_names_are_said_in_english_and_a_towns_own_are_kept() {
        assert_eq!(area_name(Lang::En, "岡崎圏域3"), "Okazaki area 3");
        assert_eq!(area_name(Lang::En, "千歳圏域5"), "Chitose area 5");
        assert_eq!(area_name(Lang::En, "圏域2"), "Area 2");
        assert_eq!(area_name(Lang::En, "東仙台"), "Higashi-Sendai");
        assert_eq!(area_name(Lang::En, "東彼杵町"), "Higashisonogi");
        assert_eq!(area_name(Lang::Ja, "岡崎圏域3"), "岡崎圏域3");
        // a planner's own names are data, shown as typed
        assert_eq!(area_name(Lang::En, "北部"), "北部");
        assert_eq!(area_name(Lang::En, "三川圏域4"), "三川圏域4");
    }
}
