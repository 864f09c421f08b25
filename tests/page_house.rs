//! The page's house (`src/ui`), read from its own imports: the features import no other
//! feature but through `shared/` and `workers/`, and no file imports a file that imports it
//! back, however long the circle. The page once stood on 8 floors with 20 arrows running back
//! up and one circle through all its features (`state.rs` ↔ every slice, router ↔ bench,
//! pool ↔ its workers); these tests keep it from growing back.
//!
//! Imports are read as text: `use` trees (braces expanded), and paths written inline
//! (`crate::ui::x::Y`, `super::x`). Test files are left out (they may reach anywhere).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Folders of `src/ui` that hold one feature each. The rest of `src/ui` is the base layer
/// (`shared/`, `workers/`) or the app that puts the features together: the router, the page
/// state (`state`), the planner's page (`page`) and the benchmark page (`bench`, which runs
/// every feature's job on its defaults).
const FEATURES: [&str; 10] =
    ["planner", "compare", "options", "goal", "cost", "survey", "research", "import", "workshop", "prefecture"];

/// What every feature may use besides its own folder: the base layer, the workers, and the
/// page state (`state.rs`, which composes the slices: a slice's file must not import it back,
/// which the circle test checks).
const FOR_ALL: [&str; 3] = ["shared", "workers", "state"];

/// Aliases `src/ui/mod.rs` declares (`pub(crate) use shared::bridge as engine;`).
const ALIASES: [(&str, &str); 1] = [("engine", "shared::bridge")];

/// A module of `src/ui` by its path below `ui` (`planner::state`), and its file.
fn modules(ui: &Path) -> BTreeMap<Vec<String>, PathBuf> {
    fn walk(dir: &Path, at: &[String], out: &mut BTreeMap<Vec<String>, PathBuf>) {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            let name = e.file_name().to_string_lossy().to_string();
            if p.is_dir() {
                if name != "tests" {
                    let mut next = at.to_vec();
                    next.push(name);
                    walk(&p, &next, out);
                }
            } else if let Some(stem) = name.strip_suffix(".rs") {
                if stem == "tests" || stem == "browser_tests" {
                    continue;
                }
                let mut m = at.to_vec();
                if stem != "mod" {
                    m.push(stem.to_string());
                }
                out.insert(m, p);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(ui, &[], &mut out);
    out
}

/// The source without comments (so a doc comment naming a module is no import) and without
/// `#[cfg(test)] mod tests { ... }` blocks.
fn code_of(text: &str) -> String {
    let mut out = String::new();
    let mut skip_depth: Option<i32> = None;
    let mut depth = 0i32;
    let mut pending_test = false;
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or_default();
        let trimmed = code.trim();
        if trimmed.starts_with("#[cfg(test)]") || trimmed.starts_with("#[cfg(all(test") {
            pending_test = true;
            continue;
        }
        if pending_test && trimmed.starts_with("mod ") && trimmed.ends_with('{') {
            skip_depth = Some(depth);
        }
        pending_test = false;
        let opens = code.matches('{').count() as i32;
        let closes = code.matches('}').count() as i32;
        let skipping = skip_depth.is_some();
        depth += opens - closes;
        if let Some(d) = skip_depth {
            if depth <= d {
                skip_depth = None;
            }
        }
        if !skipping {
            out.push_str(code);
            out.push('\n');
        }
    }
    out
}

/// Expands a `use` tree (`a::{b, c::{d, e}}`) into its paths.
fn expand(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        return vec![tree.split(" as ").next().unwrap_or_default().trim().to_string()];
    };
    let prefix = &tree[..open];
    let inner = tree[open + 1..].strip_suffix('}').unwrap_or(&tree[open + 1..]);
    let (mut parts, mut depth, mut start) = (Vec::new(), 0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .flat_map(|p| expand(p).into_iter().map(move |q| format!("{prefix}{q}")))
        .collect()
}

/// Every path the file names, absolute below `ui` (segments), from `use` and inline paths.
fn paths(code: &str, me: &[String], is_mod: bool) -> Vec<Vec<String>> {
    let mut raw: Vec<String> = Vec::new();
    for stmt in code.split(';') {
        // `use` after the start of a statement, a block's brace or a visibility (`pub(crate) use`)
        let found = stmt.match_indices("use ").find(|(i, _)| {
            let before = stmt[..*i].trim_end();
            let word_start = stmt[..*i].chars().last().is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
            word_start && (before.is_empty() || before.ends_with(['{', '}', ')']) || before.ends_with("pub"))
        });
        if let Some((pos, _)) = found {
            raw.extend(expand(&stmt[pos + 4..]));
        }
    }
    // inline paths
    for start in ["crate::ui::", "super::"] {
        let mut from = 0;
        while let Some(i) = code[from..].find(start) {
            let at = from + i;
            let prev = code[..at].chars().last().unwrap_or(' ');
            let tail: String =
                code[at..].chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':').collect();
            if !(prev.is_alphanumeric() || prev == '_' || prev == ':') {
                raw.push(tail.clone());
            }
            from = at + tail.len().max(1);
        }
    }
    // a mod.rs stands for its folder, so `super` leaves the folder
    let here: Vec<String> = if is_mod { me.to_vec() } else { me[..me.len().saturating_sub(1)].to_vec() };
    raw.into_iter()
        .filter_map(|p| {
            let segs: Vec<String> = p.split("::").map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
            let mut out: Vec<String> = if segs.first().map(String::as_str) == Some("crate") {
                if segs.get(1).map(String::as_str) != Some("ui") {
                    return None;
                }
                segs[2..].to_vec()
            } else if segs.first().map(String::as_str) == Some("super") {
                let ups = segs.iter().take_while(|s| *s == "super").count();
                let mut base = here.clone();
                for _ in 1..ups {
                    base.pop();
                }
                base.extend(segs[ups..].iter().cloned());
                base
            } else if segs.first().map(String::as_str) == Some("self") {
                let mut base = me.to_vec();
                base.extend(segs[1..].iter().cloned());
                base
            } else {
                return None;
            };
            if let Some((_, to)) = ALIASES.iter().find(|(a, _)| out.first().map(String::as_str) == Some(*a)) {
                let mut v: Vec<String> = to.split("::").map(str::to_string).collect();
                v.extend(out.drain(1..));
                out = v;
            }
            Some(out)
        })
        .collect()
}

/// The file-to-file imports of `src/ui` (module paths), self-imports left out.
fn graph() -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui");
    let mods = modules(&ui);
    let mut g: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (m, file) in &mods {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let is_mod = file.file_name().is_some_and(|n| n == "mod.rs");
        let code = code_of(&text);
        let mut to = BTreeSet::new();
        for p in paths(&code, m, is_mod) {
            // the longest prefix that is a module of its own
            let target = (0..=p.len()).rev().map(|k| p[..k].to_vec()).find(|k| mods.contains_key(k));
            if let Some(t) = target {
                if &t != m {
                    to.insert(t);
                }
            }
        }
        g.insert(m.clone(), to);
    }
    g
}

fn name(m: &[String]) -> String {
    if m.is_empty() {
        "ui".into()
    } else {
        m.join("::")
    }
}

#[test]
fn the_reader_sees_the_imports_it_must() {
    // The test is only as good as its reader: a file that plainly imports another must show it.
    let g = graph();
    let planner_page = g.get(&vec!["planner".to_string(), "page".to_string()]).cloned().unwrap_or_default();
    assert!(!planner_page.is_empty(), "planner::page imports something");
    assert!(planner_page.iter().any(|m| m.first().map(String::as_str) == Some("shared")), "{planner_page:?}");
    assert!(g.len() > 50, "every file of src/ui is read: {}", g.len());
    assert_eq!(
        expand("a::{b, c::{d, e as f}}"),
        vec!["a::b".to_string(), "a::c::d".to_string(), "a::c::e".to_string()]
    );
}

#[test]
fn features_import_no_feature_but_through_shared_and_workers() {
    let g = graph();
    let mut wrong = Vec::new();
    for (from, tos) in &g {
        let Some(f) = from.first().filter(|f| FEATURES.contains(&f.as_str())) else { continue };
        for to in tos {
            let top = to.first().map(String::as_str).unwrap_or("ui");
            if top != f && !FOR_ALL.contains(&top) {
                wrong.push(format!("{} -> {}", name(from), name(to)));
            }
        }
    }
    for (from, tos) in &g {
        let top = from.first().map(String::as_str).unwrap_or("ui");
        if top == "shared" || top == "workers" {
            for to in tos {
                let t = to.first().map(String::as_str).unwrap_or("ui");
                let allowed = if top == "shared" { vec!["shared"] } else { vec!["shared", "workers"] };
                if !allowed.contains(&t) {
                    wrong.push(format!("{} -> {}", name(from), name(to)));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "imports across the house's walls:\n{}", wrong.join("\n"));
}

#[test]
fn no_import_circle_among_the_page_files() {
    let g = graph();
    // Tarjan's strongly connected components.
    struct T<'a> {
        g: &'a BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        index: BTreeMap<Vec<String>, usize>,
        low: BTreeMap<Vec<String>, usize>,
        stack: Vec<Vec<String>>,
        on: BTreeSet<Vec<String>>,
        next: usize,
        out: Vec<Vec<Vec<String>>>,
    }
    fn visit(t: &mut T, v: &Vec<String>) {
        t.index.insert(v.clone(), t.next);
        t.low.insert(v.clone(), t.next);
        t.next += 1;
        t.stack.push(v.clone());
        t.on.insert(v.clone());
        let succ: Vec<Vec<String>> = t.g.get(v).into_iter().flatten().cloned().collect();
        for w in succ {
            if !t.index.contains_key(&w) {
                visit(t, &w);
                let lw = t.low[&w];
                let lv = t.low[v];
                t.low.insert(v.clone(), lv.min(lw));
            } else if t.on.contains(&w) {
                let iw = t.index[&w];
                let lv = t.low[v];
                t.low.insert(v.clone(), lv.min(iw));
            }
        }
        if t.low[v] == t.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = t.stack.pop() {
                t.on.remove(&w);
                let done = &w == v;
                comp.push(w);
                if done {
                    break;
                }
            }
            if comp.len() > 1 {
                t.out.push(comp);
            }
        }
    }
    let mut t = T {
        g: &g,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        next: 0,
        out: Vec::new(),
    };
    let keys: Vec<Vec<String>> = g.keys().cloned().collect();
    for v in &keys {
        if !t.index.contains_key(v) {
            visit(&mut t, v);
        }
    }
    let circles: Vec<String> = t
        .out
        .iter()
        .map(|c| {
            let names: Vec<String> = c.iter().map(|m| name(m)).collect();
            let ties: Vec<String> = c
                .iter()
                .flat_map(|a| g[a].iter().filter(|b| c.contains(b)).map(move |b| format!("{} -> {}", name(a), name(b))))
                .collect();
            format!("{}\n    {}", names.join(", "), ties.join("\n    "))
        })
        .collect();
    assert!(circles.is_empty(), "import circles in src/ui:\n{}", circles.join("\n"));
}
