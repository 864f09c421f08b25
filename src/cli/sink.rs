//! Where a command's results go, and the one rule every command's files obey.
//!
//! Results go to standard output, or to a file written whole or not at all. Before any work,
//! [`check`] holds every command to the same rule: no output is (after resolving symbolic
//! links, hard links and `..`) one of the command's inputs, state files or other outputs, and an
//! existing file that is not a regular file (a device, a FIFO, a socket, a symbolic link) is
//! never replaced. Inputs are read through [`read_text`], which caps their size.

use anyhow::{bail, Context, Result};
use std::fs::File;
use std::io::{Read, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// The most bytes of a JSON file (scenario, sweep, forecast, state) the CLI reads.
pub const MAX_JSON_BYTES: u64 = 256 << 20;
/// The most bytes of an office or edge table the CLI reads (20 million links fit).
pub const MAX_TABLE_BYTES: u64 = 512 << 20;
/// `text`, cut to a short prefix (`…` marks the cut): what a message echoes of a value the
/// user gave.
pub fn short(text: &str) -> String {
    renkei::sim::error::short(text, renkei::sim::error::ECHO_CHARS)
}

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

/// Whether two paths name the same file: the same device and inode when both exist (hard
/// links, symbolic links), else the same resolved path.
fn same_file(a: &Path, b: &Path) -> bool {
    if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
        return x.dev() == y.dev() && x.ino() == y.ino();
    }
    matches!((resolved(a), resolved(b)), (Some(x), Some(y)) if x == y)
}

/// The output rule, checked before any work. `outputs` are (option, file) pairs the command
/// writes; `reads` are (option, file) pairs it reads (inputs, state files). Refused: an output
/// that is a folder or ends in `/`, in a folder that does not exist, that is an existing
/// non-regular file or a symbolic link, or that is the same file as an input or another output.
pub fn check(outputs: &[(&str, &str)], reads: &[(&str, &str)]) -> Result<()> {
    for (i, &(opt, out)) in outputs.iter().enumerate() {
        let shown = short(out);
        let path = Path::new(out);
        if out.ends_with('/') || path.is_dir() {
            bail!("{opt} {shown}: is a folder; give a file name");
        }
        if path.file_name().is_none() {
            bail!("{opt} {shown}: give a file name");
        }
        let dir = folder_of(path);
        if !dir.is_dir() {
            bail!("{opt} {shown}: the folder {} does not exist", short(&dir.to_string_lossy()));
        }
        match std::fs::symlink_metadata(path) {
            Ok(m) if m.file_type().is_symlink() => bail!(
                "{opt} {shown}: is a symbolic link; renkei replaces only regular files: give the file it \
                 points to, or another name"
            ),
            Ok(m) if !m.is_file() => bail!(
                "{opt} {shown}: exists and is not a regular file (a device, FIFO or socket); renkei \
                 replaces only regular files: give another name"
            ),
            _ => {}
        }
        for &(ropt, read) in reads {
            if same_file(path, Path::new(read)) {
                bail!(
                    "{opt} {shown}: is the same file as {ropt} {}, which this command reads; write \
                     the results to another file",
                    short(read)
                );
            }
        }
        for &(oopt, other) in &outputs[i + 1..] {
            if same_file(path, Path::new(other)) {
                bail!("{opt} {shown} and {oopt} {}: are the same file; give two different files", short(other));
            }
        }
    }
    Ok(())
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Reads a whole input file of at most `max` bytes as text; messages name `option` (the
/// option, or what the file is: `scenario file`).
pub fn read_text(option: &str, path: &str, max: u64) -> Result<String> {
    let shown = short(path);
    let file = File::open(path).with_context(|| format!("cannot read {option} {shown}"))?;
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        bail!("{option} {shown}: is a folder; give a file");
    }
    // In pieces, so that a device or a binary file is refused at its first NUL byte (no text
    // file holds one) and an endless stream at the cap, not when memory runs out.
    let mut bytes = Vec::new();
    let mut reader = file.take(max + 1);
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e).with_context(|| format!("cannot read {option} {shown}")),
        };
        if let Some(i) = buf[..n].iter().position(|&b| b == 0) {
            bail!("{option} {shown}: not a text file (byte {} is NUL)", bytes.len() + i);
        }
        bytes.extend_from_slice(&buf[..n]);
        if bytes.len() as u64 > max {
            bail!("{option} {shown}: larger than {} MB, the most renkei reads", max >> 20);
        }
    }
    String::from_utf8(bytes)
        .map_err(|e| anyhow::anyhow!("{option} {shown}: not UTF-8 text (byte {} is not)", e.utf8_error().valid_up_to()))
}

impl Sink {
    /// Opens `out` (standard output when `None`) for `option`, after [`check`]ing it against
    /// `reads`, the files the command reads.
    pub fn open(option: &str, out: Option<&str>, reads: &[(&str, &str)]) -> Result<Sink> {
        let Some(out) = out else {
            return Ok(Sink::Stdout);
        };
        check(&[(option, out)], reads)?;
        let path = PathBuf::from(out);
        let dir = folder_of(&path);
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        // A legal long name stays legal: the temporary name uses at most 200 bytes of it.
        let mut cut = name.len().min(200);
        while !name.is_char_boundary(cut) {
            cut -= 1;
        }
        let tmp = dir.join(format!(".{}.renkei-{}.tmp", &name[..cut], std::process::id()));
        let file = File::options()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .with_context(|| format!("{option} {}: cannot create a file in {}", short(out), dir.display()))?;
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
