//! README and docs/ name files of this repository; they drifted from the code once (paths of
//! modules that had moved). Every repository path they name in backticks, links or images
//! must exist.

use std::path::Path;

/// The top-level folders and files a path of this repository starts with.
const ROOTS: [&str; 10] =
    ["src/", "docs/", "tests/", "e2e/", "scripts/", "data/", "www/", "examples/", ".ci/", "Cargo"];

/// Kinds of the repository's own files they may name without their folder (`engine.rs`,
/// `scenario/forward.rs`); a bare `okazaki.json` is a user's file, not one of the repository's.
const EXTENSIONS: [&str; 4] = [".rs", ".md", ".mjs", ".sh"];

/// Candidate paths in `text`: words inside backticks, markdown link targets and image sources
/// that start with a repository root, or end like a file of the repository.
fn paths(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 1 {
            out.extend(part.split_whitespace().map(str::to_string));
        }
    }
    for part in text.split("](").skip(1) {
        if let Some(end) = part.find(')') {
            out.push(part[..end].to_string());
        }
    }
    out.into_iter()
        .map(|p| p.trim_matches(|c: char| "\"'(),;:[]".contains(c)).to_string())
        .map(|p| p.split('#').next().unwrap_or_default().to_string())
        .filter(|p| ROOTS.iter().any(|r| p.starts_with(r)) || EXTENSIONS.iter().any(|x| p.ends_with(x)))
        .filter(|p| !p.starts_with('/') && !p.starts_with("..") && !p.starts_with("http") && !p.contains("://"))
        // Placeholders and patterns name no one file.
        .filter(|p| {
            !p.contains(['*', '<', '{', '…', '=', '$']) && !["REGION", "NAME", "DIR"].iter().any(|w| p.contains(w))
        })
        .collect()
}

/// Every file of the repository (outside build output and installed packages), relative.
fn tree(root: &Path, dir: &Path, out: &mut Vec<String>) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        let name = e.file_name().to_string_lossy().to_string();
        if ["target", "node_modules", "dist", "dist-single", ".git"].contains(&name.as_str()) {
            continue;
        }
        if p.is_dir() {
            tree(root, &p, out);
        } else if let Ok(r) = p.strip_prefix(root) {
            out.push(r.to_string_lossy().replace('\\', "/"));
        }
    }
}

#[test]
fn every_path_readme_and_docs_name_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("README.md"), root.join("DEVELOPERS.md")];
    for e in std::fs::read_dir(root.join("docs")).expect("docs/") {
        let p = e.expect("entry").path();
        if p.extension().is_some_and(|x| x == "md") {
            files.push(p);
        }
    }
    let mut all = Vec::new();
    tree(root, root, &mut all);
    let mut missing = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("readable");
        for p in paths(&text) {
            // A link from docs/x.md may be relative to docs/.
            let relative = f.parent().map(|d| d.join(&p));
            let rooted = ROOTS.iter().any(|r| p.starts_with(r));
            // A file named without its folder must be the end of some file's path.
            let named = !rooted && all.iter().any(|f| f == &p || f.ends_with(&format!("/{p}")));
            if !named && !root.join(&p).exists() && !relative.is_some_and(|r| r.exists()) {
                missing.push(format!("{}: {p}", f.strip_prefix(root).unwrap_or(f).display()));
            }
        }
    }
    assert!(missing.is_empty(), "paths named but not in the repository:\n{}", missing.join("\n"));
}

#[test]
fn the_path_finder_sees_backticks_links_and_images() {
    let found =
        paths("see `src/sim/x.rs`, `engine.rs` and [doc](docs/y.md#part) and ![pic](docs/img/z.png), not `cargo test`");
    assert_eq!(found, vec!["src/sim/x.rs", "engine.rs", "docs/y.md", "docs/img/z.png"]);
}

#[test]
fn readme_stays_short_and_docs_speak_without_issue_numbers() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README");
    assert!(readme.lines().count() <= 250, "README has {} lines; details belong in docs/", readme.lines().count());
    let mut files = vec![("README.md".to_string(), readme)];
    for e in std::fs::read_dir(root.join("docs")).expect("docs/").flatten() {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "md") {
            files.push((p.display().to_string(), std::fs::read_to_string(&p).expect("readable")));
        }
    }
    for (name, text) in files {
        let lower = text.to_lowercase();
        let hit = lower.match_indices("issue ").find(|(i, _)| lower[i + 6..].starts_with(|c: char| c.is_ascii_digit()));
        assert!(
            hit.is_none(),
            "{name} names an issue number (say what the thing does): {:?}",
            hit.map(|(i, _)| &text[i..(i + 12).min(text.len())])
        );
    }
}
