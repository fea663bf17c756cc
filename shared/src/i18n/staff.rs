//! UI strings of the staff console.

use super::{Lang, pick};

/// A string of the staff console.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    /// The console's name.
    AppName,
}

impl Text {
    /// The string in `lang`.
    pub fn get(self, lang: Lang) -> &'static str {
        match self {
            Text::AppName => pick(lang, "みまもり 職員コンソール", "Mimamori staff console"),
        }
    }
}
