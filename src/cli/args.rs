//! A small argument reader: positional arguments and `--flag value` options.

use anyhow::{bail, Context, Result};

pub struct Args {
    pub positional: Vec<String>,
    options: Vec<(String, Option<String>)>,
}

impl Args {
    /// `flags` take no value; every other `--name` takes the next argument.
    pub fn parse(raw: &[String], flags: &[&str]) -> Result<Args> {
        let mut positional = Vec::new();
        let mut options = Vec::new();
        let mut it = raw.iter();
        while let Some(a) = it.next() {
            if let Some(name) = a.strip_prefix("--") {
                let (name, inline) = match name.split_once('=') {
                    Some((n, v)) => (n.to_string(), Some(v.to_string())),
                    None => (name.to_string(), None),
                };
                if flags.contains(&name.as_str()) {
                    options.push((name, None));
                } else {
                    let v = match inline {
                        Some(v) => v,
                        None => it.next().cloned().with_context(|| format!("--{name} needs a value"))?,
                    };
                    options.push((name, Some(v)));
                }
            } else {
                positional.push(a.clone());
            }
        }
        Ok(Args { positional, options })
    }

    pub fn flag(&self, name: &str) -> bool {
        self.options.iter().any(|(n, _)| n == name)
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.options.iter().rev().find(|(n, _)| n == name).and_then(|(_, v)| v.as_deref())
    }

    /// Every value given for a repeatable option, in order.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.options.iter().filter(|(n, _)| n == name).filter_map(|(_, v)| v.as_deref()).collect()
    }

    pub fn number<T: std::str::FromStr>(&self, name: &str) -> Result<Option<T>> {
        match self.get(name) {
            None => Ok(None),
            Some(v) => match v.parse() {
                Ok(x) => Ok(Some(x)),
                Err(_) => bail!("--{name} {v}: not a valid number"),
            },
        }
    }

    /// Rejects options outside `known`, so a typo is not silently ignored.
    pub fn only(&self, known: &[&str]) -> Result<()> {
        for (n, _) in &self.options {
            if !known.contains(&n.as_str()) {
                bail!(
                    "unknown option --{n} (known: {})",
                    known.iter().map(|k| format!("--{k}")).collect::<Vec<_>>().join(" ")
                );
            }
        }
        Ok(())
    }
}
