//! The page's notice: a message shown above the results until dismissed or replaced (a file
//! or link that could not be read). Any feature may raise one through the page state.

use crate::ui::shared::bridge::Problem;

/// A message shown above the results until dismissed or replaced.
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    /// An imported file was refused (the core's message names the field).
    ImportFailed(Problem),
    /// The share link in the address bar could not be read; `text` is the link's `#...` part,
    /// offered as a download (the address bar is rewritten with the state shown).
    ShareFailed { message: String, text: String },
    /// The autosave could not be read; `text` is what was saved, offered as a download
    /// (the next autosave overwrites it).
    AutosaveFailed { message: String, text: String },
    /// A file over [`crate::ui::shared::bridge::MAX_IMPORT_BYTES`], refused before it was read.
    TooLarge { name: String, bytes: f64 },
}

impl Notice {
    /// The unreadable text behind the notice, if any, and a file name to save it under.
    pub fn unreadable(&self) -> Option<(&'static str, &str)> {
        match self {
            Notice::ShareFailed { text, .. } => Some(("renkei-unreadable-link.txt", text)),
            Notice::AutosaveFailed { text, .. } => Some(("renkei-unreadable-autosave.txt", text)),
            Notice::ImportFailed(_) | Notice::TooLarge { .. } => None,
        }
    }
}
