//! An organisation's scheduler settings as administrators edit them
//! (`GET`/`PUT /api/staff/admin/orgs/{id}/settings`): where its summaries are e-mailed,
//! the quiet hours, the second nudge, the afternoon reminder, the cut-offs and the time of the
//! daily implementation report. Times are local "HH:MM" in the organisation's time zone.

use super::problem::{FieldError, FieldErrors};
use crate::ids::OrgId;
use crate::values::ValueError;
use crate::values::plausible_email;
use chrono::NaiveTime;
use serde::{Deserialize, Serialize};

/// Shortest delay of the second nudge, in minutes.
pub const SECOND_NUDGE_MIN: i64 = 5;
/// Longest delay of the second nudge, in minutes.
pub const SECOND_NUDGE_MAX: i64 = 240;

/// The settings in force for an organisation (its own, or the defaults).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrgSettingsView {
    /// The organisation.
    pub organisation_id: OrgId,
    /// Its time zone (IANA name); every time below is local to it.
    pub time_zone: String,
    /// Where its reports and summaries are e-mailed besides its staff's own addresses.
    pub notify_email: Option<String>,
    /// Nothing is sent to patients from this time…
    pub quiet_start: String,
    /// …until this one.
    pub quiet_end: String,
    /// Minutes from the first reminder to the second nudge (5–240).
    pub second_nudge_minutes: u32,
    /// First reminder of the afternoon slot of two-report cases.
    pub afternoon_reminder: String,
    /// The morning (or only) slot must be reported by then.
    pub cutoff: String,
    /// The afternoon slot must be reported by then.
    pub afternoon_cutoff: String,
    /// When a health centre's daily implementation reports are compiled.
    pub report_time: String,
    /// Whether the organisation changed the defaults (`false`: these are the defaults).
    pub customised: bool,
}

/// `PUT /api/staff/admin/orgs/{id}/settings`: every field, as the form shows them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateOrgSettings {
    /// E-mail address for summaries; empty or absent for none.
    #[serde(default)]
    pub notify_email: Option<String>,
    /// "HH:MM".
    #[serde(default)]
    pub quiet_start: String,
    /// "HH:MM".
    #[serde(default)]
    pub quiet_end: String,
    /// 5–240.
    #[serde(default)]
    pub second_nudge_minutes: Option<i64>,
    /// "HH:MM".
    #[serde(default)]
    pub afternoon_reminder: String,
    /// "HH:MM".
    #[serde(default)]
    pub cutoff: String,
    /// "HH:MM", later than `cutoff`.
    #[serde(default)]
    pub afternoon_cutoff: String,
    /// "HH:MM".
    #[serde(default)]
    pub report_time: String,
}

/// An [`UpdateOrgSettings`] checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidOrgSettings {
    /// Trimmed address, `None` when left empty.
    pub notify_email: Option<String>,
    /// Quiet hours start.
    pub quiet_start: NaiveTime,
    /// Quiet hours end.
    pub quiet_end: NaiveTime,
    /// Minutes.
    pub second_nudge_minutes: i32,
    /// Afternoon reminder.
    pub afternoon_reminder: NaiveTime,
    /// Morning (or only) cut-off.
    pub cutoff: NaiveTime,
    /// Afternoon cut-off.
    pub afternoon_cutoff: NaiveTime,
    /// Daily report time.
    pub report_time: NaiveTime,
}

/// Parses a strict 24-hour "HH:MM" (two digits each).
pub fn parse_hh_mm(text: &str) -> Option<NaiveTime> {
    let text = text.trim();
    let bytes = text.as_bytes();
    if bytes.len() != 5 || bytes[2] != b':' {
        return None;
    }
    NaiveTime::parse_from_str(text, "%H:%M").ok()
}

/// "HH:MM" of a time.
pub fn format_hh_mm(time: NaiveTime) -> String {
    time.format("%H:%M").to_string()
}

impl UpdateOrgSettings {
    /// The settings, or an error for each field that is missing or malformed.
    pub fn validate(&self) -> Result<ValidOrgSettings, Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let mut time = |field: &str, text: &str| -> Option<NaiveTime> {
            if text.trim().is_empty() {
                return errors.check(field, Err(ValueError::Required));
            }
            let parsed = parse_hh_mm(text);
            if parsed.is_none() {
                errors.push(FieldError::custom(
                    field,
                    "time_format",
                    "use HH:MM (00:00–23:59)",
                ));
            }
            parsed
        };
        let quiet_start = time("quiet_start", &self.quiet_start);
        let quiet_end = time("quiet_end", &self.quiet_end);
        let afternoon_reminder = time("afternoon_reminder", &self.afternoon_reminder);
        let cutoff = time("cutoff", &self.cutoff);
        let afternoon_cutoff = time("afternoon_cutoff", &self.afternoon_cutoff);
        let report_time = time("report_time", &self.report_time);
        if let (Some(morning), Some(afternoon)) = (cutoff, afternoon_cutoff)
            && afternoon <= morning
        {
            errors.push(FieldError::custom(
                "afternoon_cutoff",
                "before_cutoff",
                "must be later than the morning cut-off",
            ));
        }
        let nudge = match self.second_nudge_minutes {
            None => errors.check("second_nudge_minutes", Err(ValueError::Required)),
            Some(minutes) => errors.check(
                "second_nudge_minutes",
                i32::try_from(minutes)
                    .ok()
                    .filter(|m| (SECOND_NUDGE_MIN..=SECOND_NUDGE_MAX).contains(&i64::from(*m)))
                    .ok_or(ValueError::OutOfRange {
                        min: SECOND_NUDGE_MIN.to_string(),
                        max: SECOND_NUDGE_MAX.to_string(),
                    }),
            ),
        };
        let notify_email = self
            .notify_email
            .as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(str::to_owned);
        if notify_email.as_deref().is_some_and(|e| !plausible_email(e)) {
            errors.push(FieldError::custom(
                "notify_email",
                "email_format",
                "not an e-mail address",
            ));
        }
        errors.finish(|| {
            Some(ValidOrgSettings {
                notify_email,
                quiet_start: quiet_start?,
                quiet_end: quiet_end?,
                second_nudge_minutes: nudge?,
                afternoon_reminder: afternoon_reminder?,
                cutoff: cutoff?,
                afternoon_cutoff: afternoon_cutoff?,
                report_time: report_time?,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> UpdateOrgSettings {
        UpdateOrgSettings {
            notify_email: Some(" desk@clinic.example ".into()),
            quiet_start: "21:00".into(),
            quiet_end: "08:00".into(),
            second_nudge_minutes: Some(60),
            afternoon_reminder: "15:00".into(),
            cutoff: "12:00".into(),
            afternoon_cutoff: "18:00".into(),
            report_time: "17:00".into(),
        }
    }

    #[test]
    fn a_complete_form_is_valid_and_trimmed() {
        let settings = valid().validate().unwrap();
        assert_eq!(
            settings.notify_email.as_deref(),
            Some("desk@clinic.example")
        );
        assert_eq!(format_hh_mm(settings.cutoff), "12:00");
    }

    /// A change made to a valid form.
    type Change = fn(&mut UpdateOrgSettings);

    #[test]
    fn each_bad_field_has_its_own_error() {
        let cases: [(Change, &str, &str); 8] = [
            (
                |r| r.quiet_start = "9:00".into(),
                "quiet_start",
                "time_format",
            ),
            (|r| r.quiet_end = "24:00".into(), "quiet_end", "time_format"),
            (|r| r.cutoff = String::new(), "cutoff", "required"),
            (
                |r| r.afternoon_cutoff = "11:00".into(),
                "afternoon_cutoff",
                "before_cutoff",
            ),
            (
                |r| r.report_time = "17:60".into(),
                "report_time",
                "time_format",
            ),
            (
                |r| r.second_nudge_minutes = Some(4),
                "second_nudge_minutes",
                "out_of_range",
            ),
            (
                |r| r.second_nudge_minutes = Some(241),
                "second_nudge_minutes",
                "out_of_range",
            ),
            (
                |r| r.notify_email = Some("nobody".into()),
                "notify_email",
                "email_format",
            ),
        ];
        for (change, field, code) in cases {
            let mut request = valid();
            change(&mut request);
            let errors = request.validate().unwrap_err();
            assert_eq!(errors.len(), 1, "{field}: {errors:?}");
            assert_eq!(
                (errors[0].field.as_str(), errors[0].code.as_str()),
                (field, code)
            );
        }
    }

    #[test]
    fn an_empty_address_means_none() {
        let mut request = valid();
        request.notify_email = Some("  ".into());
        assert_eq!(request.validate().unwrap().notify_email, None);
    }
}
