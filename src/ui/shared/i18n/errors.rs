//! The core's and the importer's messages in the page's language. The core keeps them typed
//! (`SimError`, its `Reason`s and `RowProblem`s); English is the core's own `Display`, so the
//! CLI and the English page say the same words, and only Japanese is written here.

use super::Lang;
use crate::ui::shared::bridge::{
    one_of, Bound, FieldError, Named, Problem, Reason, Requirement, RowProblem, SimError, Tally, WhatIfProblem,
    WHAT_IF_SYNTAX,
};

/// Why a field's value was refused (the field itself is named by where the message sits).
pub fn reason(lang: Lang, r: &Reason) -> String {
    if lang == Lang::En {
        return r.to_string();
    }
    match r {
        Reason::Range { value, min, max } => format!("{value} は範囲外です({min} 以上 {max} 以下)"),
        Reason::NotNumber { text } => format!("「{text}」は数値ではありません"),
        Reason::NotDate { text } => format!("「{text}」は日付(YYYY-MM-DD)ではありません"),
        Reason::Unknown { value, allowed } => format!("「{value}」は使えません。使える値: {}", allowed.join("、")),
        Reason::Before { date, limit, after } => {
            let what = match after.as_ref() {
                "start" => "開始日",
                "announce" => "告知日",
                other => other,
            };
            format!("{what}より前の日付です({date} < {limit})")
        }
        Reason::NotAfter { date, limit, after } => {
            let what = if *after == "start" { "シナリオの開始日" } else { after };
            format!("{date} は{what}({limit})より後の日付にしてください")
        }
        Reason::Needs(r) => requirement(*r).into(),
        Reason::TooMany { value, of } => match of {
            Bound::HomeOffices { home } => format!("{value} は市町村内の事業所数 {home} を超えています"),
            Bound::HomeLessCentres { home, areas } => format!(
                "{value} は市町村内の事業所数 {home} から各圏域のセンター({areas})を除いた数を超えています"
            ),
            Bound::External { external } => format!("{value} は外部の事業所数 {external} を超えています"),
            Bound::CentresAndAdopters { centres, adopters } => {
                format!("{value} はセンターの数({centres})以下、かつ初期導入数({adopters})以下にしてください")
            }
        },
        Reason::Disagree { value, other, tally } => match tally {
            Tally::SurveyArea { area } => format!(
                "未導入 + これから導入予定 + 導入済み = {value} ですが、地区「{area}」の事業所は {other} 件です。一致させてください"
            ),
            Tally::SurveyAdopted => {
                format!("{value} ですが、調査の導入済みは {other} 件です。一致させてください")
            }
            Tally::TableArea { area } => {
                format!("{value} ですが、事業所表の地区「{area}」の事業所は {other} 件です。一致させてください")
            }
            Tally::TableHome => format!(
                "市町村内の事業所 {value} 件ですが、事業所表には {other} 件あります。表のすべての地区を挙げてください"
            ),
            Tally::Table => format!("{value} ですが、事業所表では {other} です。つながり表を使うときは一致させてください"),
            Tally::Areas => format!(
                "地区の事業所数の合計は {value} 件ですが、市町村の事業所数は {other} 件です。一致させてください(件数のない地区は残りを1件以上ずつ分けます)"
            ),
        },
        Reason::Duplicate { value, what: Named::AreaName } => {
            format!("「{value}」が2回使われています(前後の空白は無視して比べます)。地区名は重複できません")
        }
        Reason::Duplicate { value, what: Named::FigureDate } => {
            format!("{value} の実績が2つあります。1つの日付に1つの実績にしてください")
        }
        Reason::Duplicate { value, .. } => format!("「{value}」が2回出てきます"),
        Reason::NoSuch { value, what } => match what {
            Named::AreaName | Named::Area => format!("「{value}」という地区はありません"),
            Named::SurveyCounts => format!("地区「{value}」の件数がありません。すべての地区を挙げてください"),
            Named::Parameter => format!("「{value}」はパラメータではありません"),
            Named::FigureDate => format!("{value} の実績はありません"),
            Named::Column => format!("見出し行に必須の列「{value}」がありません"),
            Named::Municipality => format!("「{value}」という市町村はありません"),
        },
        Reason::Adopters { adopters, offices } => format!(
            "事業所 {offices} 件のうち導入 {adopters} 件: 導入数は 0 以上・事業所数以下、事業所数は 1 以上にしてください"
        ),
        Reason::Outside { date, start, end } => {
            format!("{date} は開始日 {start} より後(4日以上あと)、終了日 {end} 以前にしてください")
        }
        Reason::NotObserved { date, observed } => {
            let dates: Vec<String> = observed.iter().map(|d| d.to_string()).collect();
            let dates = if dates.is_empty() { "なし".to_string() } else { dates.join("、") };
            format!("{date} の観測値(observed)がないため、この日から計画できません(観測日: {dates})")
        }
        Reason::BeforeCondition { date, first, condition } => format!(
            "{date} は、今日({condition})の翌日 {first} より前です。今日からの計画はそれ以降に効きます(別の過去を試すには condition を外して反実仮想にしてください)"
        ),
        Reason::WhatIf { text, problem } => {
            let m = match problem {
                WhatIfProblem::NoEquals => "「=」がありません".to_string(),
                WhatIfProblem::NotDate { text } => format!("「{text}」は日付(YYYY-MM-DD)ではありません"),
                WhatIfProblem::TrainingParts => "研修には 日付:対象:参加数 が必要です".to_string(),
                WhatIfProblem::Audience { value } => format!("対象「{value}」は centres か offices にしてください"),
                WhatIfProblem::Attendance { value } => format!("参加数「{value}」は 0〜1000000 の整数にしてください"),
                WhatIfProblem::NoArea => "地区を1つ以上挙げてください".to_string(),
                WhatIfProblem::UnknownKind { value } => format!("「{value}」という仮定はありません"),
                WhatIfProblem::Deadlines { value } => {
                    format!("期限の強さ「{value}」は none・assumed・strong のいずれかにしてください")
                }
            };
            format!("「{text}」: {m}。書き方: {WHAT_IF_SYNTAX}")
        }
        Reason::NoFreePass { date, strategy } => format!(
            "free_pass_end={date}: 取組「{strategy}」には終了日のある利用料免除(無料期間)がないため、動かせません"
        ),
        Reason::BeforeFirstReport { date } => format!("{date} は計算の最初の集計日より前です"),
        Reason::FigureDate { date, first, last } => format!(
            "{date} はモデルの暦の外です。実績の日付は {first}(全国の最初の数字)から {last}(計画の終わりの前日)までにしてください"
        ),
        Reason::NotOrdered { lo, hi } => format!("{lo},{hi}: A ≤ B となる2つの数値にしてください"),
        Reason::NotPositive { value } => format!("{value}: 0 より大きい値にしてください"),
        Reason::Text(m) => format!("入力が正しくありません: {m}"),
    }
}

/// A fixed rule of the scenario in Japanese.
fn requirement(r: Requirement) -> &'static str {
    match r {
        Requirement::AnArea => "地区が少なくとも1つ必要です",
        Requirement::NotEmpty => "空にはできません",
        Requirement::TheCentre => "1 以上にしてください(センター自身を含みます)",
        Requirement::NoSurveyWithTable => {
            "事業所表を使うときは調査の件数を入れられません。事業所表に survey 列を加えてください"
        }
        Requirement::NoCentresWithSurvey => {
            "調査の件数があるときは空(null)にしてください。各地区で何件が使っているかは件数が示します"
        }
        Requirement::NoCentresWithTable => {
            "事業所表を使うときは空(null)にしてください。どのセンターが使っているかは表の adopted 列が示します"
        }
        Requirement::SetupRate => {
            "調査に「これから導入予定」の事業所があるときは空(null)にできません。それらの事業所は準備中から始まります"
        }
        Requirement::ATraining => {
            "training.attendance: 計画に事業所向けの研修がありません。規模を決めるには研修を1つ加えてください(例: --what-if training=2026-06-15:offices:100)"
        }
        Requirement::DateAndCount => "日付とその日の導入事業所数が必要です: 日付:導入数 または 日付:導入数/事業所数(例: 2025-08-31:10/118)",
    }
}

/// The table's name as the import panel calls it.
pub fn table_name(lang: Lang, table: &str) -> String {
    match (lang, table) {
        (Lang::Ja, "offices") => "事業所表".into(),
        (Lang::Ja, "edges") => "つながり表".into(),
        (Lang::Ja, "prefecture") => "市町村の表".into(),
        (Lang::En, "prefecture") => "prefecture file".into(),
        (Lang::En, "offices") => "office table".into(),
        (Lang::En, "edges") => "link table".into(),
        (_, other) => other.into(),
    }
}

/// What is wrong with one row of an imported table.
pub fn row_problem(lang: Lang, p: &RowProblem) -> String {
    if lang == Lang::En {
        return p.to_string();
    }
    match p {
        RowProblem::EmptyTable => "表が空です。見出し行 id,area,role が必要です".into(),
        RowProblem::Header { found } => format!(
            "見出し行に id、area、role の列が必要です(区切りはカンマ・タブ・セミコロン)。読み取った見出し: {found}"
        ),
        RowProblem::NoRows => "見出し行の後に事業所の行がありません".into(),
        RowProblem::EmptyCell { column } if &**column == "area" => "area 列が空です(市町村内の事業所には必須)".into(),
        RowProblem::EmptyCell { column } => format!("{column} 列が空です"),
        RowProblem::BadCell { column, value, allowed } => {
            format!("{column} 列の値「{value}」は使えません。使える値: {}", one_of(allowed, "、"))
        }
        RowProblem::Disagree { adopted, survey } => {
            format!("adopted 列「{adopted}」と survey 列({survey})が食い違っています")
        }
        RowProblem::DuplicateId { id } => format!("id「{id}」が2回出てきます"),
        RowProblem::TooFewCells => "事業所IDが2つ(カンマかタブで区切って)必要です".into(),
        RowProblem::UnknownOffice { id, first } => format!(
            "事業所「{id}」は事業所表にありません{}",
            if *first { "(見出し行なら列名を書きます。例: from,to)" } else { "" }
        ),
        RowProblem::SelfLink { id } => format!("事業所「{id}」が自分自身とつながっています"),
        RowProblem::OutOfScopeLink { id } => {
            format!("事業所「{id}」は対象外(out_of_scope)のため、つながりを持てません")
        }
        RowProblem::AllExternal => "すべての事業所が外部です。市町村内の事業所が少なくとも1つ必要です".into(),
        RowProblem::SecondCentre { area } => format!("圏域「{area}」にはすでにセンターがあります(1圏域に1つ)"),
    }
}

/// `事業所表 3行目: …` / `office table, row 3: …`.
pub fn row_error(lang: Lang, table: &str, row: usize, problem: &str) -> String {
    match lang {
        Lang::Ja => format!("{} {row}行目: {problem}", table_name(lang, table)),
        Lang::En => format!("{}, row {row}: {problem}", table_name(lang, table)),
    }
}

/// A field the page's own forms name, as the form labels it (the goal panel's fields); any
/// other field keeps the core's path (`params.q`, `strategy.levers[2].end`), which the page
/// shows beside the field it names.
pub fn field_label(lang: Lang, field: &str) -> &str {
    let (ja, en) = match field {
        "goal.rate" => ("目標の導入率", "goal rate"),
        "goal.prob" => ("確率", "probability"),
        "goal.by" => ("期日", "date"),
        "goal.lever" => ("手段", "lever"),
        "goal.low" => ("範囲の下端", "range from"),
        "goal.high" => ("範囲の上端", "range to"),
        _ => return field,
    };
    lang.pick(ja, en)
}

/// A core error as a sentence naming its field or row.
pub fn sim_error(lang: Lang, e: &SimError) -> String {
    match (lang, e) {
        (_, SimError::Invalid { field, reason: r }) => format!("{}: {}", field_label(lang, field), reason(lang, r)),
        (_, SimError::Row { table, row, problem }) => row_error(lang, table, *row, &row_problem(lang, problem)),
        (_, SimError::Rows { table, problems }) => {
            let lines: Vec<String> = problems
                .iter()
                .map(|p| row_error(lang, table, p.row, &format!("{}: {}", p.column, reason(lang, &p.reason))))
                .collect();
            lines.join("\n")
        }
        (Lang::En, e) => e.to_string(),
        (Lang::Ja, SimError::Parse(m)) => format!("Renkei のシナリオ(JSON)として読めません: {m}"),
        (Lang::Ja, SimError::Table { table, row, message }) => row_error(lang, table, *row, message),
        (Lang::Ja, SimError::TooLarge(m)) => format!("大きすぎます: {m}"),
        (Lang::Ja, SimError::Work { work, max }) => format!(
            "試行回数 × 事業所数 × 週数 = {work:.2e} で、上限 {max:.0e} を超えます。試行回数を減らすか、期間を短くしてください"
        ),
        (Lang::Ja, SimError::Cancelled) => "中止しました".into(),
        (Lang::Ja, SimError::Internal(m)) => format!("内部エラーです(シナリオを添えて報告してください): {m}"),
    }
}

/// Why a run or an import was refused.
pub fn problem(lang: Lang, p: &Problem) -> String {
    match (lang, p) {
        (_, Problem::Sim(e)) => sim_error(lang, e),
        (Lang::En, p) => p.to_string(),
        (Lang::Ja, Problem::Memory { need, allowed }) => format!(
            "この計算には約 {need} のメモリが要りますが、ブラウザのタブで使えるのは {allowed} までです。試行回数・圏域・事業所数・期間・比較する取組を減らしてください(コマンドライン版 renkei run なら余裕があります)"
        ),
        (Lang::Ja, Problem::Read(m)) => format!("ブラウザがファイルを読めませんでした: {m}"),
        (Lang::Ja, Problem::Worker(m)) => format!("計算用のワーカーが止まりました: {m}"),
        (Lang::Ja, Problem::NoRunToPrice) => "比較の結果が出てから計算できます".into(),
    }
}

/// A field error in the page's language.
pub fn field_error(lang: Lang, e: &FieldError) -> String {
    use FieldError::*;
    match (lang, e) {
        (Lang::Ja, NotNumber) => "数値を入力してください".into(),
        (Lang::En, NotNumber) => "Enter a number".into(),
        (Lang::Ja, NotWhole) => "0以上の整数を入力してください".into(),
        (Lang::En, NotWhole) => "Enter a whole number (0 or more)".into(),
        (Lang::Ja, NotDate) => "日付を入力してください".into(),
        (Lang::En, NotDate) => "Enter a date".into(),
        (Lang::Ja, Range { min, max }) => format!("{min} 以上 {max} 以下で入力してください"),
        (Lang::En, Range { min, max }) => format!("Must be between {min} and {max}"),
        // next to the field: its reason alone; a scenario-wide error names what it is about
        (_, Sim(SimError::Invalid { reason: r, .. })) => reason(lang, r),
        (_, Sim(e)) => sim_error(lang, e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::shared::bridge::{apply_field, default_scenario, import_tables, Date, SAMPLE_EDGES, SAMPLE_OFFICES};
    use renkei::sim::scenario::forward::WhatIf;
    use renkei::sim::scenario::survey::SurveyArea;

    fn kana(s: &str) -> bool {
        s.chars().any(|c| ('\u{3040}'..='\u{30ff}').contains(&c) || ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    #[test]
    fn a_parameter_out_of_range_is_the_fields_own_range_in_both_languages() {
        let (field, e) = apply_field(&default_scenario(), "params.q", "21").expect_err("q is at most 20 a year");
        assert_eq!(field, "params.q");
        assert_eq!(e, FieldError::Range { min: 0.0, max: 20.0 }, "set_param's range, not a second check");
        assert!(field_error(Lang::Ja, &e).contains("以上"));
        assert!(!kana(&field_error(Lang::En, &e)));
        let (_, e) = apply_field(&default_scenario(), "replications", "0").expect_err("at least one");
        assert!(matches!(e, FieldError::Range { min, .. } if min == 1.0), "{e:?}");
    }

    #[test]
    fn every_structured_reason_and_row_problem_is_japanese_in_japanese_and_english_in_english() {
        let d = Date::parse("2026-01-31").expect("date");
        let reasons = [
            Reason::Range { value: 2.0, min: 0.0, max: 1.0 },
            Reason::NotNumber { text: "x".into() },
            Reason::NotDate { text: "x".into() },
            Reason::Unknown { value: "x".into(), allowed: vec!["a".into(), "b".into()] },
            Reason::Before { date: d, limit: d, after: "start".into() },
            Reason::Before { date: d, limit: d, after: "announce".into() },
            Reason::NotAfter { date: d, limit: d, after: "start".into() },
            Reason::TooMany { value: 5, of: Bound::HomeOffices { home: 4 } },
            Reason::TooMany { value: 5, of: Bound::HomeLessCentres { home: 4, areas: 2 } },
            Reason::TooMany { value: 5, of: Bound::External { external: 4 } },
            Reason::TooMany { value: 5, of: Bound::CentresAndAdopters { centres: 2, adopters: 3 } },
            Reason::Disagree { value: 5, other: 4, tally: Tally::SurveyArea { area: "north".into() } },
            Reason::Disagree { value: 5, other: 4, tally: Tally::SurveyAdopted },
            Reason::Disagree { value: 5, other: 4, tally: Tally::TableArea { area: "north".into() } },
            Reason::Disagree { value: 5, other: 4, tally: Tally::TableHome },
            Reason::Disagree { value: 5, other: 4, tally: Tally::Table },
            Reason::Disagree { value: 5, other: 4, tally: Tally::Areas },
            Reason::Duplicate { value: "x".into(), what: Named::FigureDate },
            Reason::FigureDate { date: d, first: d, last: d },
            Reason::Adopters { adopters: 5, offices: 4 },
            Reason::Outside { date: d, start: d, end: d },
            Reason::NotObserved { date: d, observed: vec![d] },
            Reason::NotObserved { date: d, observed: vec![] },
            Reason::BeforeCondition { date: d, first: d, condition: d },
            Reason::NoFreePass { date: d, strategy: "x".into() },
            Reason::BeforeFirstReport { date: d },
            Reason::NotOrdered { lo: 2.0, hi: 1.0 },
            Reason::NotPositive { value: 0.0 },
        ];
        let requirements = [
            Requirement::AnArea,
            Requirement::NotEmpty,
            Requirement::TheCentre,
            Requirement::NoSurveyWithTable,
            Requirement::NoCentresWithSurvey,
            Requirement::NoCentresWithTable,
            Requirement::SetupRate,
            Requirement::ATraining,
            Requirement::DateAndCount,
        ];
        let names = [Named::AreaName, Named::Area, Named::SurveyCounts, Named::Parameter, Named::FigureDate];
        let what_ifs = [
            WhatIfProblem::NoEquals,
            WhatIfProblem::NotDate { text: "x".into() },
            WhatIfProblem::TrainingParts,
            WhatIfProblem::Audience { value: "x".into() },
            WhatIfProblem::Attendance { value: "x".into() },
            WhatIfProblem::NoArea,
            WhatIfProblem::UnknownKind { value: "x".into() },
            WhatIfProblem::Deadlines { value: "x".into() },
        ];
        let reasons = reasons
            .into_iter()
            .chain(requirements.map(Reason::Needs))
            .chain(names.map(|what| Reason::Duplicate { value: "x".into(), what }))
            .chain(names.map(|what| Reason::NoSuch { value: "x".into(), what }))
            .chain(what_ifs.map(|problem| Reason::WhatIf { text: "x".into(), problem }));
        for r in reasons {
            let r = &r;
            assert!(kana(&reason(Lang::Ja, r)), "{r:?}");
            assert!(!kana(&reason(Lang::En, r)), "{r:?}");
        }
        let id = || "o1".to_string();
        let problems = [
            RowProblem::EmptyTable,
            RowProblem::Header { found: "a,b".into() },
            RowProblem::NoRows,
            RowProblem::EmptyCell { column: "id".into() },
            RowProblem::EmptyCell { column: "area".into() },
            RowProblem::BadCell {
                column: "role".into(),
                value: "x".into(),
                allowed: ["cm".into(), "provider".into()].into(),
            },
            RowProblem::Disagree { adopted: "1".into(), survey: "Planning".into() },
            RowProblem::DuplicateId { id: id() },
            RowProblem::TooFewCells,
            RowProblem::UnknownOffice { id: id(), first: true },
            RowProblem::SelfLink { id: id() },
            RowProblem::OutOfScopeLink { id: id() },
            RowProblem::AllExternal,
            RowProblem::SecondCentre { area: "north".into() },
        ];
        for p in &problems {
            let e = SimError::Row { table: "edges".into(), row: 4, problem: p.clone() };
            let (ja, en) = (sim_error(Lang::Ja, &e), sim_error(Lang::En, &e));
            assert!(kana(&ja) && ja.contains("4行目"), "{ja}");
            assert!(!kana(&en) && en.contains("row 4"), "{en}");
        }
        let work = SimError::Work { work: 3e10, max: 2e10 };
        assert!(kana(&sim_error(Lang::Ja, &work)));
        assert_eq!(sim_error(Lang::En, &work), work.to_string(), "English is the CLI's own words");
    }

    #[test]
    fn survey_counts_that_disagree_with_the_area_are_refused_in_the_pages_language() {
        let mut scn = default_scenario();
        let a = &scn.population.areas[0];
        let wrong = SurveyArea { area: a.name.clone(), not_adopted: a.offices + 1, planning: 0, adopted: 0 };
        scn.survey = Some(vec![wrong]);
        let e = scn.validate().expect_err("one office too many");
        assert!(matches!(&e, SimError::Invalid { reason: Reason::Disagree { .. }, .. }), "{e:?}");
        let (ja, en) = (sim_error(Lang::Ja, &e), sim_error(Lang::En, &e));
        assert!(ja.starts_with("survey[0]: ") && ja.contains("一致") && !ja.contains("must agree"), "{ja}");
        assert!(en.contains("must agree") && en.contains(&a.name) && !kana(&en.replace(&a.name, "")), "{en}");
        let e = WhatIf::parse("training=2026-06-15:people:3").expect_err("no such audience");
        let ja = sim_error(Lang::Ja, &e);
        assert!(ja.contains("対象「people」") && !ja.contains("must be"), "{ja}");
    }

    #[test]
    fn an_imported_table_with_a_bad_role_is_refused_in_the_pages_language() {
        let bad = SAMPLE_OFFICES.replacen(",care_management,", ",wizard,", 1);
        let e = import_tables(&default_scenario(), &bad, SAMPLE_EDGES, "town").expect_err("no wizards");
        let (ja, en) = (sim_error(Lang::Ja, &e), sim_error(Lang::En, &e));
        assert!(ja.contains("事業所表") && ja.contains("role 列") && ja.contains("wizard"), "{ja}");
        assert!(en.contains("office table") && en.contains("column role") && !kana(&en), "{en}");
    }
}
