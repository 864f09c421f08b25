//! The workshop's phrases built from numbers (its fixed texts are in the catalogue).

use super::{t, Key, Lang};

/// The tipping moment in words a trainer can say aloud (on the map and under the series):
/// the model's threshold θ stays in the guide's background, not in the sentence.
pub fn tipped_note(lang: Lang, area: &str, week: u32) -> String {
    match lang {
        Lang::Ja => format!("第{week}週　{area}が転換：事業所の半数以上で、取引先の十分な割合が導入済みに"),
        Lang::En => format!("Week {week}: {area} tipped: most offices there now see enough partners using it"),
    }
}

/// A speed option: "4 weeks/s", "1 week/s", "4 週/秒".
pub fn speed_label(lang: Lang, weeks_per_second: f64) -> String {
    let unit = match lang {
        Lang::En if weeks_per_second == 1.0 => "week/s",
        _ => t(lang, Key::WeeksPerSecond),
    };
    format!("{weeks_per_second} {unit}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_week_per_second_is_singular() {
        assert_eq!(speed_label(Lang::En, 1.0), "1 week/s");
        assert_eq!(speed_label(Lang::En, 4.0), "4 weeks/s");
        assert_eq!(speed_label(Lang::Ja, 1.0), "1 週/秒");
    }
}
