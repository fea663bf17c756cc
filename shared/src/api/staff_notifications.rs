//! The staff console's notifications (docs/notifications.md, "Staff notifications and
//! cut-off"): what one staff member is told of a red report, an escalation, the cut-off's
//! non-reporters, a notification (発生届) submitted, returned or accepted, and a patient
//! admitted, discharged or dead. They carry ids, case numbers and counts only — never a
//! patient's name or clinical details.

use super::problem::{FieldError, FieldErrors};
use crate::ids::{CaseId, CaseNotificationId, NotificationId};
use crate::values::ValueError;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Notifications of a page when `limit` is left out.
pub const LIMIT_DEFAULT: u32 = 50;
/// Most notifications one page may hold.
pub const LIMIT_MAX: u32 = 200;
/// Most ids one mark-read request may name.
pub const MARK_MAX_IDS: usize = 500;
/// Most cases a cut-off summary lists by number (the counts cover them all).
pub const SUMMARY_MAX_CASES: usize = 50;

/// What a notification is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "db", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "db",
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    /// A report was judged red: phone the patient now.
    RedReport,
    /// The cut-off passed: these cases have not reported for the slot.
    CutoffSummary,
    /// A doctor of a follow-up organisation escalated a case to the health centre.
    Escalation,
    /// A daily implementation report was compiled.
    ImplementationReport,
    /// A medical institution submitted a notification (発生届) to the health centre (again,
    /// after a return): told to the centre's staff.
    CaseNotificationSubmitted,
    /// The health centre returned a notification with a comment: told to the institution.
    CaseNotificationReturned,
    /// The health centre accepted a notification (a case now exists): told to the institution.
    CaseNotificationAccepted,
    /// An inpatient status report says the patient was admitted: home follow-up is paused.
    PatientAdmitted,
    /// An inpatient status report says the patient left hospital (home, or recovered).
    PatientDischarged,
    /// An inpatient status report says the patient died.
    PatientDied,
    /// A medical institution's case finder missed too often and is paused: told to its health
    /// centre (someone may be guessing case numbers and birth dates).
    FinderLocked,
    /// A follow-up organisation's doctor amended a finding after the organisation's access to
    /// the case lapsed: told to the case's health centre, which now holds the record.
    AmendedAfterLapse,
}

impl NotificationKind {
    /// Every kind, in declaration order.
    pub const ALL: [Self; 12] = [
        Self::RedReport,
        Self::CutoffSummary,
        Self::Escalation,
        Self::ImplementationReport,
        Self::CaseNotificationSubmitted,
        Self::CaseNotificationReturned,
        Self::CaseNotificationAccepted,
        Self::PatientAdmitted,
        Self::PatientDischarged,
        Self::PatientDied,
        Self::FinderLocked,
        Self::AmendedAfterLapse,
    ];

    /// Stable name used in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::RedReport => "red_report",
            Self::CutoffSummary => "cutoff_summary",
            Self::Escalation => "escalation",
            Self::ImplementationReport => "implementation_report",
            Self::CaseNotificationSubmitted => "case_notification_submitted",
            Self::CaseNotificationReturned => "case_notification_returned",
            Self::CaseNotificationAccepted => "case_notification_accepted",
            Self::PatientAdmitted => "patient_admitted",
            Self::PatientDischarged => "patient_discharged",
            Self::PatientDied => "patient_died",
            Self::FinderLocked => "finder_locked",
            Self::AmendedAfterLapse => "amended_after_lapse",
        }
    }

    /// Inverse of [`NotificationKind::as_str`].
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == text)
    }
}

/// A case named by a cut-off summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SummaryCase {
    /// The case.
    pub id: CaseId,
    /// Its case number (患者番号).
    pub case_number: String,
    /// Silent: it missed this slot and the one before.
    pub silent: bool,
}

/// One notification of the caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationView {
    /// The notification.
    pub id: NotificationId,
    /// What it is about.
    pub kind: NotificationKind,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// When the caller marked it read (`None`: unread).
    pub read_at: Option<DateTime<Utc>>,
    /// The case it concerns (red report, escalation, admission, discharge, death); its page
    /// is the notification's link. `None` for notices about a notification (発生届), whose
    /// recipients at an institution have no case page.
    pub case_id: Option<CaseId>,
    /// That case's number (also on an accepted notification's notice, without `case_id`).
    pub case_number: Option<String>,
    /// The notification (発生届) a notice of its submission, return or acceptance is about;
    /// its page is the link.
    #[serde(default)]
    pub notification_id: Option<CaseNotificationId>,
    /// Cut-off summary: the local day of the slot.
    pub slot_date: Option<NaiveDate>,
    /// Cut-off summary: the slot (1 morning or only, 2 afternoon).
    pub slot: Option<u8>,
    /// Cut-off summary: how many cases did not report for the slot.
    pub not_reported: Option<u32>,
    /// Cut-off summary: how many of them are silent (two missed slots in a row).
    pub silent: Option<u32>,
    /// Cut-off summary: the cases, silent first, at most [`SUMMARY_MAX_CASES`].
    #[serde(default)]
    pub cases: Vec<SummaryCase>,
    /// The organisation a notice is about (the institution whose finder was paused).
    #[serde(default)]
    pub organisation_name: Option<String>,
}

/// `GET /api/staff/notifications`: the caller's notifications, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct NotificationQuery {
    /// Cursor: notifications older than this one (the `next` of the previous page).
    pub before: Option<i64>,
    /// Page size, 1–200 (default 50).
    pub limit: Option<i64>,
    /// Only unread ones.
    #[serde(default)]
    pub unread_only: Option<bool>,
}

/// A [`NotificationQuery`] checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValidNotificationQuery {
    /// Older than this id.
    pub before: Option<i64>,
    /// Page size.
    pub limit: u32,
    /// Only unread ones.
    pub unread_only: bool,
}

impl NotificationQuery {
    /// The query, or the errors of `limit` and `before`.
    pub fn validate(&self) -> Result<ValidNotificationQuery, Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let limit = match self.limit {
            None => Some(LIMIT_DEFAULT),
            Some(limit) => errors.check(
                "limit",
                u32::try_from(limit)
                    .ok()
                    .filter(|l| (1..=LIMIT_MAX).contains(l))
                    .ok_or(ValueError::OutOfRange {
                        min: "1".into(),
                        max: LIMIT_MAX.to_string(),
                    }),
            ),
        };
        if self.before.is_some_and(|b| b < 1) {
            errors.check::<()>("before", Err(ValueError::Invalid));
        }
        errors.finish(|| {
            Some(ValidNotificationQuery {
                before: self.before,
                limit: limit?,
                unread_only: self.unread_only.unwrap_or(false),
            })
        })
    }
}

/// A page of the caller's notifications.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationList {
    /// Newest first.
    pub items: Vec<NotificationView>,
    /// How many of the caller's notifications are unread (all pages).
    pub unread: u64,
    /// The `before` of the next page, if there is one.
    pub next: Option<i64>,
}

/// `POST /api/staff/notifications/read`: marks the named notifications read, or all of them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarkNotificationsRead {
    /// These notifications (each must be the caller's).
    #[serde(default)]
    pub ids: Vec<NotificationId>,
    /// Every unread notification of the caller (`ids` must then be empty).
    #[serde(default)]
    pub all: bool,
}

impl MarkNotificationsRead {
    /// `None` for all, else the ids; or the errors of `ids`.
    pub fn validate(&self) -> Result<Option<Vec<NotificationId>>, Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        if self.all && !self.ids.is_empty() {
            errors.push(FieldError::custom(
                "ids",
                "ids_with_all",
                "give either ids or all, not both",
            ));
        } else if !self.all && self.ids.is_empty() {
            errors.check::<()>("ids", Err(ValueError::Required));
        } else if self.ids.len() > MARK_MAX_IDS {
            errors.check::<()>("ids", Err(ValueError::TooLong { max: MARK_MAX_IDS }));
        }
        errors.finish(|| {
            Some(if self.all {
                None
            } else {
                let mut ids = self.ids.clone();
                ids.sort_unstable();
                ids.dedup();
                Some(ids)
            })
        })
    }
}

/// What marking read did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarkedRead {
    /// Notifications newly marked read.
    pub marked: u64,
    /// Unread ones left.
    pub unread: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mark_read_takes_ids_or_all_but_not_both_or_neither() {
        let both = MarkNotificationsRead {
            ids: vec![NotificationId(1)],
            all: true,
        };
        assert_eq!(both.validate().unwrap_err()[0].code, "ids_with_all");
        assert!(MarkNotificationsRead::default().validate().is_err());
        let all = MarkNotificationsRead {
            ids: vec![],
            all: true,
        };
        assert_eq!(all.validate().unwrap(), None);
        let some = MarkNotificationsRead {
            ids: vec![NotificationId(3), NotificationId(1), NotificationId(3)],
            all: false,
        };
        assert_eq!(
            some.validate().unwrap(),
            Some(vec![NotificationId(1), NotificationId(3)])
        );
    }

    #[test]
    fn every_kind_is_stored_as_its_own_snake_case_code() {
        for kind in NotificationKind::ALL {
            assert_eq!(NotificationKind::parse(kind.as_str()), Some(kind));
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
        }
        assert_eq!(NotificationKind::parse("admitted"), None);
    }

    #[test]
    fn limits_out_of_range_are_field_errors() {
        for limit in [0, 201, -1] {
            let query = NotificationQuery {
                limit: Some(limit),
                ..Default::default()
            };
            assert_eq!(query.validate().unwrap_err()[0].field, "limit", "{limit}");
        }
        assert_eq!(
            NotificationQuery::default().validate().unwrap().limit,
            LIMIT_DEFAULT
        );
    }
}
