//! `delivery`: the outbox. Every push and e-mail is a row before it is sent; a sender claims
//! rows (`FOR UPDATE SKIP LOCKED` on PostgreSQL), so several instances never send one twice.

use super::codes::UnknownCode;
use mimamori_shared::api::staff_notifications::NotificationKind;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// A row of `delivery`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "delivery")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// What makes it one delivery (e.g. `reminder:42:2026-11-24:1:1`).
    #[sea_orm(unique)]
    pub dedupe_key: String,
    /// `push` or `email`.
    pub channel: Channel,
    /// Why it is sent (`Purpose::as_str`).
    pub purpose: Purpose,
    pub case_id: Option<i64>,
    /// JSON of `outbox::Payload`.
    pub payload: String,
    /// `pending`, `sending`, `sent`, `failed` or `skipped`.
    pub status: Status,
    pub attempts: i32,
    /// Not to be sent before this moment (retries back off).
    pub not_before: DateTimeUtc,
    /// A claim lasts until then; a sender that died leaves the row to be claimed again.
    pub claimed_until: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
    /// Why the last attempt failed (a code, never personal data).
    pub last_error: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// Why a delivery is sent. Stored as its code; a hand-off notice under its notification kind's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, DeriveValueType)]
#[serde(rename_all = "snake_case")]
#[sea_orm(
    value_type = "String",
    from_str = "Purpose::from_code",
    to_str = "Purpose::to_code"
)]
pub enum Purpose {
    /// A reminder to report (first or second nudge).
    Reminder,
    /// The patient is told that follow-up ended.
    FollowupEnded,
    /// Staff on duty are told of a red report.
    RedReport,
    /// An organisation's staff get the non-reporters at the cut-off.
    CutoffSummary,
    /// A doctor escalated a case to the health centre.
    Escalation,
    /// The daily implementation report to a health centre.
    ImplementationReport,
    /// A hand-off notice (a notification submitted, returned or accepted; a patient admitted,
    /// discharged or dead), stored under its notification kind's code.
    Handoff(NotificationKind),
}

impl Purpose {
    /// Stable name used in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Reminder => "reminder",
            Self::FollowupEnded => "followup_ended",
            Self::RedReport => "red_report",
            Self::CutoffSummary => "cutoff_summary",
            Self::Escalation => "escalation",
            Self::ImplementationReport => "implementation_report",
            Self::Handoff(kind) => kind.as_str(),
        }
    }

    /// Inverse of [`Purpose::as_str`]; a code this build does not know is an error.
    pub fn from_code(code: &str) -> Result<Self, UnknownCode> {
        let plain = [
            Self::Reminder,
            Self::FollowupEnded,
            Self::RedReport,
            Self::CutoffSummary,
            Self::Escalation,
            Self::ImplementationReport,
        ];
        plain
            .into_iter()
            .find(|purpose| purpose.as_str() == code)
            .or_else(|| NotificationKind::parse(code).map(Self::Handoff))
            .ok_or_else(|| UnknownCode(code.to_owned()))
    }

    /// The code to store.
    pub fn to_code(&self) -> String {
        self.as_str().to_owned()
    }
}

/// How a delivery goes out, stored with the row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")]
pub enum Channel {
    /// Web push to the patient's subscriptions (e-mail when none takes it).
    Push,
    /// One e-mail.
    Email,
}

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")]
pub enum Status {
    /// Waiting to be claimed (from `not_before`).
    Pending,
    /// Claimed by a sender until `claimed_until`.
    Sending,
    /// Delivered (push accepted by the push service, or mail accepted by the SMTP server).
    Sent,
    /// Given up: no channel reached the recipient.
    Failed,
    /// Not sent because it became moot (reported in between, follow-up ended).
    Skipped,
}

impl Status {
    /// Stable name used in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Sending => "sending",
            Self::Sent => "sent",
            Self::Failed => "failed",
            Self::Skipped => "skipped",
        }
    }
}
