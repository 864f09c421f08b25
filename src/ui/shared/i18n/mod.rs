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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Title,
    Subtitle,
    /// Label of the language button: names the *other* language.
    SwitchLang,
    Region,
    Run,
    Cancel,
    Running,
    Cancelled,
    Failed,
    Results,
    ChartCaption,
    Month,
    Median,
    Band90,
    Band50,
    Observed,
    ElapsedMs,
    Replications,
    FatalError,
    Settings,
    Parameters,
    Seed,
    FixErrors,
    Strategies,
    ExportJson,
    ImportJson,
    ShareUrl,
    ExportCsv,
    ImportFailed,
    ShareFailed,
    AutosaveFailed,
    DownloadUnreadable,
    Dismiss,
    ShareHelp,
    UncertaintyMode,
    ModePosterior,
    ModeFixed,
    BandsPosterior,
    BandsFixed,
    PosteriorVersion,
    PinnedValues,
    OthersDrawn,
    NotIdentifiedList,
    OriginDrawn,
    OriginNotIdentified,
    OriginPinned,
    OriginFixed,
    OriginAssumption,
    YAxisTitle,
    /// The x axis of the time charts.
    XAxisTitle,
    /// The y axis of the difference chart.
    DiffAxisTitle,
    Today,
    /// The view switch: plans from the last observation, or the counterfactual.
    ViewMode,
    ViewToday,
    ViewCounterfactual,
    /// The note of a counterfactual run.
    ViewCounterfactualNote,
}

pub fn t(lang: Lang, key: Key) -> &'static str {
    use Key::*;
    match (lang, key) {
        (Lang::Ja, Title) => "ケアプランデータ連携システム 普及シミュレーター",
        (Lang::En, Title) => "Care Plan Data Linkage System adoption simulator",
        (Lang::Ja, Subtitle) => "事業所の導入が地域でどう広がるかを試算します（モンテカルロ法）",
        (Lang::En, Subtitle) => "How adoption spreads among the care offices of a region (Monte Carlo)",
        (Lang::Ja, SwitchLang) => "English",
        (Lang::En, SwitchLang) => "日本語",
        (Lang::Ja, Region) => "地域",
        (Lang::En, Region) => "Region",
        (Lang::Ja, Run) => "実行",
        (Lang::En, Run) => "Run",
        (Lang::Ja, Cancel) => "中止",
        (Lang::En, Cancel) => "Cancel",
        (Lang::Ja, Running) => "計算中",
        (Lang::En, Running) => "Running",
        (Lang::Ja, Cancelled) => "中止しました",
        (Lang::En, Cancelled) => "Cancelled",
        (Lang::Ja, Failed) => "計算できませんでした",
        (Lang::En, Failed) => "The run failed",
        (Lang::Ja, Results) => "結果",
        (Lang::En, Results) => "Results",
        (Lang::Ja, ChartCaption) => "導入率の推移（中央値、50%・90%区間、実績）",
        (Lang::En, ChartCaption) => "Adoption rate over time (median, 50% and 90% bands, observed)",
        (Lang::Ja, Month) => "月",
        (Lang::En, Month) => "Month",
        (Lang::Ja, Median) => "中央値",
        (Lang::En, Median) => "Median",
        (Lang::Ja, Band90) => "90%区間",
        (Lang::En, Band90) => "90% band",
        (Lang::Ja, Band50) => "50%区間",
        (Lang::En, Band50) => "50% band",
        (Lang::Ja, Observed) => "実績",
        (Lang::En, Observed) => "Observed",
        (Lang::Ja, ElapsedMs) => "計算時間",
        (Lang::En, ElapsedMs) => "Run time",
        (Lang::Ja, Replications) => "試行回数",
        (Lang::En, Replications) => "Replications",
        (Lang::Ja, FatalError) => "エラーが発生しました。ページを再読み込みしてください。",
        (Lang::En, FatalError) => "Something went wrong. Please reload the page.",
        (Lang::Ja, Settings) => "計算の設定",
        (Lang::En, Settings) => "Run settings",
        (Lang::Ja, Parameters) => "モデルのパラメータ",
        (Lang::En, Parameters) => "Model parameters",
        (Lang::Ja, Seed) => "乱数シード",
        (Lang::En, Seed) => "Random seed",
        (Lang::Ja, ExportJson) => "シナリオを保存(JSON)",
        (Lang::En, ExportJson) => "Save scenario (JSON)",
        (Lang::Ja, ImportJson) => "シナリオを読み込む",
        (Lang::En, ImportJson) => "Open scenario",
        (Lang::Ja, ShareUrl) => "共有URL",
        (Lang::En, ShareUrl) => "Share link",
        (Lang::Ja, ExportCsv) => "結果をCSVで保存",
        (Lang::En, ExportCsv) => "Save results (CSV)",
        (Lang::Ja, ImportFailed) => "このファイルは読み込めませんでした",
        (Lang::En, ImportFailed) => "This file could not be opened",
        (Lang::Ja, ShareFailed) => "共有URLを読み込めませんでした。既定の設定で表示しています",
        (Lang::En, ShareFailed) => "The share link could not be read; showing the defaults",
        (Lang::Ja, AutosaveFailed) => "前回の自動保存を読み込めませんでした。既定の設定で表示しています",
        (Lang::En, AutosaveFailed) => "The autosave could not be read; showing the defaults",
        (Lang::Ja, DownloadUnreadable) => "読み込めなかった内容を保存",
        (Lang::En, DownloadUnreadable) => "Save the unreadable text",
        (Lang::Ja, Dismiss) => "閉じる",
        (Lang::En, Dismiss) => "Dismiss",
        (Lang::Ja, ShareHelp) => "このURLで今の設定を開けます(アドレスバーのURLも同じです)",
        (Lang::En, ShareHelp) => "This link opens the current settings (the address bar holds the same link)",
        (Lang::Ja, Strategies) => "比較する取組(最大4つ)",
        (Lang::En, Strategies) => "Strategies to compare (up to 4)",
        (Lang::Ja, UncertaintyMode) => "不確かさの扱い",
        (Lang::En, UncertaintyMode) => "Uncertainty",
        (Lang::Ja, ModePosterior) => "事後分布から引く(既定)",
        (Lang::En, ModePosterior) => "Drawn from the posterior (default)",
        (Lang::Ja, ModeFixed) => "パラメータを固定",
        (Lang::En, ModeFixed) => "Parameters fixed",
        (Lang::Ja, BandsPosterior) => {
            "区間は事業所と取引網の偶然に加え、較正したパラメータの不確かさ(試行ごとに事後分布から抽出)を含みます"
        }
        (Lang::En, BandsPosterior) => {
            "the bands hold the randomness of offices and networks and the uncertainty of the calibrated parameters (each replication draws them from the posterior)"
        }
        (Lang::Ja, BandsFixed) => "パラメータは表示の値に固定。区間は事業所と取引網の偶然だけを含みます(パラメータの不確かさは含みません)",
        (Lang::En, BandsFixed) => {
            "parameters fixed at the values shown: the bands hold only the randomness of offices and networks, not the uncertainty of the parameters"
        }
        (Lang::Ja, PosteriorVersion) => "事後分布",
        (Lang::En, PosteriorVersion) => "posterior",
        (Lang::Ja, PinnedValues) => "固定した値",
        (Lang::En, PinnedValues) => "values you set (held fixed)",
        (Lang::Ja, OthersDrawn) => "他は事後分布から",
        (Lang::En, OthersDrawn) => "the others are drawn from the posterior",
        (Lang::Ja, NotIdentifiedList) => "データでは決まらないパラメータ(事前分布の幅のまま)",
        (Lang::En, NotIdentifiedList) => "Parameters the data do not identify (drawn over their prior width)",
        (Lang::Ja, OriginDrawn) => "データで較正:事後分布から抽出",
        (Lang::En, OriginDrawn) => "calibrated from data: drawn from the posterior",
        (Lang::Ja, OriginNotIdentified) => "データでは決まらない:事前分布の幅のまま",
        (Lang::En, OriginNotIdentified) => "not identified by the data: drawn over its prior width",
        (Lang::Ja, OriginPinned) => "入力した値に固定(他は事後分布から)",
        (Lang::En, OriginPinned) => "held at the value you set (others drawn)",
        (Lang::Ja, OriginFixed) => "較正済み:固定モードのため表示の値",
        (Lang::En, OriginFixed) => "calibrated; fixed mode uses the value shown",
        (Lang::Ja, OriginAssumption) => "仮定:較正していない固定値",
        (Lang::En, OriginAssumption) => "assumption: not calibrated, fixed",
        (Lang::Ja, YAxisTitle) => "導入率",
        (Lang::En, YAxisTitle) => "Adoption rate",
        (Lang::Ja, XAxisTitle) => "年月",
        (Lang::En, XAxisTitle) => "Month",
        (Lang::Ja, DiffAxisTitle) => "基準との差(ポイント)",
        (Lang::En, DiffAxisTitle) => "Difference (points)",
        (Lang::Ja, Today) => "今日",
        (Lang::En, Today) => "today",
        (Lang::Ja, ViewMode) => "比べ方",
        (Lang::En, ViewMode) => "View",
        (Lang::Ja, ViewToday) => "最新の実績(今日)からの計画",
        (Lang::En, ViewToday) => "Plans from today (the last observation)",
        (Lang::Ja, ViewCounterfactual) => "もし2025年9月から別の方法をとっていたら(反実仮想)",
        (Lang::En, ViewCounterfactual) => "Counterfactual: what if the region had done this from 2025-09",
        (Lang::Ja, ViewCounterfactualNote) => {
            "反実仮想:各取組は2025年9月から地域の実績の取組に代えて行ったものとして計算しています。今日からの選択肢ではありません。"
        }
        (Lang::En, ViewCounterfactualNote) => {
            "Counterfactual: each strategy runs from 2025-09 in place of the region's plan — alternative pasts, not options from today."
        }
        (Lang::Ja, FixErrors) => "入力に誤りがあります。赤い欄を直してください。",
        (Lang::En, FixErrors) => "Some fields are not valid: fix the ones in red.",
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
