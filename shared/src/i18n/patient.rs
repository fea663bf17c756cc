//! UI strings of the patient app.

use super::{Lang, pick};

/// A string of the patient app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    /// The app's name.
    AppName,
}

impl Text {
    /// The string in `lang`.
    pub fn get(self, lang: Lang) -> &'static str {
        match self {
            Text::AppName => pick(lang, "みまもり 健康観察", "Mimamori health check"),
        }
    }
}
