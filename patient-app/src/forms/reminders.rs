//! The reminder window as typed into two time inputs, and its conversion into
//! [`ReminderPreferences`] checked by the same rules the server applies.

use chrono::NaiveTime;
use mimamori_shared::api::FieldError;
use mimamori_shared::api::patient::ReminderPreferences;
use mimamori_shared::values::ValueError;

/// What the two time inputs hold (`HH:MM`, as `<input type="time">` gives it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WindowDraft {
    /// Start of the window.
    pub start: String,
    /// End of the window.
    pub end: String,
}

impl WindowDraft {
    /// The inputs showing the stored window.
    pub fn from_preferences(preferences: &ReminderPreferences) -> Self {
        Self {
            start: preferences.window_start.format("%H:%M").to_string(),
            end: preferences.window_end.format("%H:%M").to_string(),
        }
    }

    /// Preferences with this window and `enabled`, or every field error (`window_start`,
    /// `window_end`), the server's rules included.
    pub fn to_preferences(&self, enabled: bool) -> Result<ReminderPreferences, Vec<FieldError>> {
        let start = parse_time(&self.start);
        let end = parse_time(&self.end);
        let mut errors = Vec::new();
        if let Err(e) = &start {
            errors.push(FieldError::new("window_start", e));
        }
        if let Err(e) = &end {
            errors.push(FieldError::new("window_end", e));
        }
        let (Ok(window_start), Ok(window_end)) = (start, end) else {
            return Err(errors);
        };
        let preferences = ReminderPreferences {
            enabled,
            window_start,
            window_end,
        };
        preferences.validate().map(|()| preferences)
    }
}

/// Parses `HH:MM` (or `HH:MM:SS`, which some browsers give).
fn parse_time(text: &str) -> Result<NaiveTime, ValueError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(ValueError::Required);
    }
    NaiveTime::parse_from_str(text, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(text, "%H:%M:%S"))
        .map_err(|_| ValueError::Invalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn window(start: &str, end: &str) -> WindowDraft {
        WindowDraft {
            start: start.into(),
            end: end.into(),
        }
    }

    fn codes(draft: &WindowDraft) -> Vec<(String, String)> {
        match draft.to_preferences(true) {
            Ok(_) => Vec::new(),
            Err(errors) => errors.into_iter().map(|e| (e.field, e.code)).collect(),
        }
    }

    #[test]
    fn the_stored_window_fills_the_inputs_and_comes_back_unchanged() {
        let stored = ReminderPreferences::default();
        let draft = WindowDraft::from_preferences(&stored);
        assert_eq!(draft, window("08:00", "10:00"));
        assert_eq!(draft.to_preferences(true), Ok(stored));
        let off = draft.to_preferences(false).map(|p| p.enabled);
        assert_eq!(off, Ok(false));
        assert!(window("07:30:00", "08:00").to_preferences(true).is_ok());
    }

    #[test]
    fn bad_windows_are_refused_beside_the_field_to_fix() {
        let pair = |f: &str, c: &str| (f.to_owned(), c.to_owned());
        assert_eq!(
            codes(&window("", "10:00")),
            [pair("window_start", "required")]
        );
        assert_eq!(
            codes(&window("8時", "")),
            [
                pair("window_start", "invalid"),
                pair("window_end", "required")
            ]
        );
        assert_eq!(
            codes(&window("05:00", "10:00")),
            [pair("window_start", "out_of_range")]
        );
        assert_eq!(
            codes(&window("08:00", "08:10")),
            [pair("window_end", "too_short")]
        );
        assert_eq!(
            codes(&window("20:00", "22:00")),
            [pair("window_end", "out_of_range")]
        );
    }
}
