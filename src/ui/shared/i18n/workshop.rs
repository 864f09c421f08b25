//! The workshop's part of the translation table.

use super::Lang;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum W {
    Title,
    Nav,
    Planner,
    Workshop,
    /// The prefecture view's tab (`#prefecture`).
    Prefecture,
    PrefectureTitle,
    Scenario,
    Play,
    Pause,
    Step,
    Back,
    Reset,
    Speed,
    WeeksPerSecond,
    Date,
    Week,
    Adopted,
    Planning,
    Stopped,
    ActiveLinks,
    Centres,
    NotAdopted,
    Legend,
    Keys,
    Canvas,
    Guide,
    Guide1,
    Guide2,
    Guide3,
    RunScattered,
    RunClustered,
    Compare,
    FinalAdopted,
    FinalLinks,
    Scattered,
    Clustered,
    Centre,
    ActiveLink,
    Series,
    SeriesAdopted,
    SeriesLinks,
    Tipped,
    WatchTitle,
}

pub fn wt(lang: Lang, k: W) -> &'static str {
    use W::*;
    let (ja, en) = match k {
        Title => ("ワークショップ：連携の広がりを見る", "Workshop: watch the linkage spread"),
        Nav => ("表示の切り替え", "Views"),
        Planner => ("計画", "Planner"),
        Workshop => ("ワークショップ", "Workshop"),
        Prefecture => ("都道府県", "Prefecture"),
        PrefectureTitle => ("都道府県:市町村ごとの見通し", "Prefecture: every municipality's forecast"),
        Scenario => ("シナリオ", "Scenario"),
        Play => ("再生", "Play"),
        Pause => ("一時停止", "Pause"),
        Step => ("1週進む", "Step a week"),
        Back => ("1週戻る", "Back a week"),
        Reset => ("最初から", "Restart"),
        Speed => ("速さ", "Speed"),
        WeeksPerSecond => ("週/秒", "weeks/s"),
        Date => ("日付", "Date"),
        Week => ("週", "Week"),
        Adopted => ("導入済み", "Adopted"),
        Planning => ("導入予定", "Planning"),
        Stopped => ("停止", "Stopped"),
        NotAdopted => ("未導入", "Not adopted"),
        ActiveLinks => ("有効な連携（両方が導入済み）", "Active links (both ends adopted)"),
        Centres => ("包括センター導入", "Centres adopted"),
        Legend => ("凡例", "Legend"),
        Keys => ("キー操作（プレゼン用リモコン可）：スペース＝再生／一時停止、→・PageDown＝1週進む、←・PageUp＝1週戻る、Home＝最初から", "Keys (a presenter's clicker works too): Space = play/pause, → or PageDown = step a week, ← or PageUp = back a week, Home = restart"),
        Canvas => ("事業所の取引ネットワーク。圏域ごとにまとまり、大きな四角が地域包括支援センター、緑の線が有効な連携", "Partner network of the offices, grouped by area; large squares are the centres, green lines active links"),
        Guide => ("ガイド付きデモ", "Guided demo"),
        Guide1 => ("同じ2,000事業所・同じ取引ネットワーク・同じ40の先行導入事業所で、配置だけを変えて比べます。", "Same 2,000 offices, same partner network, same 40 first adopters: only where they are differs."),
        Guide2 => ("① 散在型：先行導入が市内に点在。取引先のほとんどが未導入なので、連携の効果が出ず広がりません。", "① Scattered: first adopters spread over the city. Most of their partners have not adopted, so linking pays little and it does not spread."),
        Guide3 => ("② 集中型：1つの圏域に集中し、その圏域のセンターが自ら導入して働きかけます。圏域内で閾値を超え（ティッピングポイント）、有効な連携が一気に増えます。", "② Clustered: all in one area whose centre adopts itself and reaches out. The area passes the threshold (the tipping point) and active links take off."),
        RunScattered => ("① 散在型を再生", "Play ① scattered"),
        RunClustered => ("② 集中型を再生", "Play ② clustered"),
        Compare => ("比較（期間の終わり）", "Comparison (end of the horizon)"),
        FinalAdopted => ("導入済み", "Adopted"),
        FinalLinks => ("有効な連携", "Active links"),
        Scattered => ("デモ① 散在型", "Demo ① scattered"),
        Clustered => ("デモ② 集中型（センター主導）", "Demo ② clustered (centre leads)"),
        Centre => ("地域包括支援センター", "Community support centre"),
        ActiveLink => ("有効な連携", "Active link"),
        Series => ("導入率と有効な連携の割合の推移", "Adopted share and active-link share, week by week"),
        SeriesAdopted => ("— 導入済みの割合", "— adopted share"),
        SeriesLinks => ("- - 有効な連携の割合", "- - active-link share"),
        Tipped => ("転換", "tipped"),
        WatchTitle => ("2つの再生で見るところ", "What the two runs show"),
    };
    lang.pick(ja, en)
}

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
        _ => wt(lang, W::WeeksPerSecond),
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
