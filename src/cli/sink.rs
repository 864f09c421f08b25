//! Where a command's results go: standard output, or a file written whole or not at
//! all. The file is opened before any work, so a missing folder, a folder given as the
//! file or an input named as the output is reported at once, not after the simulation.

use anyhow::{bail, Context, Result};
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

pub enum Sink {
    Stdout,
    /// Results go to `tmp` (beside `path`, so the rename stays on one file system) and are
    /// renamed to `path` once complete: an interrupted run leaves the old file (or none) and
    /// at most a `.NAME.renkei-PID.tmp` beside it, never a truncated `NAME`.
    File {
        path: PathBuf,
        tmp: PathBuf,
        file: Option<File>,
    },
}

/// The file a path names, with symbolic links and `..` resolved; for a file that does not
/// exist yet, its folder resolved and its name appended.
fn resolved(p: &Path) -> Option<PathBuf> {
    if let Ok(c) = p.canonicalize() {
        return Some(c);
    }
    let parent = match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    Some(parent.canonicalize().ok()?.join(p.file_name()?))
}

impl Sink {
    /// `inputs` are files the command reads: writing over one of them is refused.
    pub fn open(out: Option<&str>, inputs: &[&str]) -> Result<Sink> {
        let Some(out) = out else {
            return Ok(Sink::Stdout);
        };
        let path = PathBuf::from(out);
        if path.is_dir() {
            bail!("--out {out}: is a folder; give a file name");
        }
        let Some(name) = path.file_name() else {
            bail!("--out {out}: give a file name");
        };
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !dir.is_dir() {
            bail!("--out {out}: the folder {} does not exist", dir.display());
        }
        let target = resolved(&path);
        for input in inputs {
            if target.is_some() && resolved(Path::new(input)) == target {
                bail!("--out {out}: is the input file {input}; write the results to another file");
            }
        }
        let tmp = dir.join(format!(".{}.renkei-{}.tmp", name.to_string_lossy(), std::process::id()));
        let file = File::options()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .with_context(|| format!("--out {out}: cannot create a file in {}", dir.display()))?;
        Ok(Sink::File { path, tmp, file: Some(file) })
    }

    /// Writes the whole text, then (for a file) makes it appear under its name at once.
    pub fn write(mut self, text: &str) -> Result<()> {
        match &mut self {
            Sink::Stdout => {
                let mut out = std::io::stdout().lock();
                out.write_all(text.as_bytes()).context("cannot write to stdout")?;
                out.flush().context("cannot write to stdout")
            }
            Sink::File { path, tmp, file } => {
                let mut f = file.take().context("output already written")?;
                f.write_all(text.as_bytes()).with_context(|| format!("cannot write {}", tmp.display()))?;
                f.sync_all().with_context(|| format!("cannot write {}", tmp.display()))?;
                drop(f);
                std::fs::rename(&*tmp, &*path).with_context(|| format!("cannot write {}", path.display()))?;
                *tmp = PathBuf::new(); // renamed: nothing left to remove
                Ok(())
            }
        }
    }
}

impl Drop for Sink {
    /// A run that failed or was refused leaves no temporary file behind.
    fn drop(&mut self) {
        if let Sink::File { tmp, .. } = self {
            if !tmp.as_os_str().is_empty() {
                let _ = std::fs::remove_file(&*tmp);
            }
        }
    }
}
