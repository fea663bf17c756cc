//! Staff notifications (docs/notifications.md, "Staff notifications and cut-off"): a red report
//! tells the staff on duty at once, an escalation tells the health centre, the cut-off tells an
//! organisation who has not reported. Each recipient gets a console notification
//! (`staff_notification`) and, with an e-mail address, an e-mail through the outbox — both in the
//! transaction of the work that caused them, so a stored report always has its notifications and
//! never twice.
//!
//! Notifications and e-mails carry the case number and a link to the console's case page,
//! never the patient's name or clinical details: e-mail leaves the system.

use super::audit;
use crate::access::{StaffAction, staff_may};
use crate::auth::{STAFF_ABSOLUTE_TIMEOUT, STAFF_IDLE_TIMEOUT, StaffCaller};
use crate::db;
use crate::db::staff_notifications::NewNotification;
use crate::entities::{patient_case, staff_notification, staff_user};
use crate::error::ApiError;
use crate::outbox::{self, EmailPayload, NewDelivery, Payload, Purpose};
use chrono::{DateTime, NaiveDate, Utc};
use mimamori_shared::api::staff_notifications::{
    MarkNotificationsRead, MarkedRead, NotificationKind, NotificationList, NotificationQuery,
    NotificationView, SummaryCase,
};
use mimamori_shared::i18n::staff_notifications::{StaffMail, escalation_mail, red_report_mail};
use mimamori_shared::ids::{CaseId, CaseNotificationId, NotificationId};
use sea_orm::{ConnectionTrait, DbErr};
use serde::{Deserialize, Serialize};

/// Roles of a follow-up organisation's staff (`StaffRole::as_str`).
pub const FOLLOWUP_ROLES: [&str; 2] = ["followup_staff", "followup_doctor"];
/// Roles of a health centre's staff.
pub const CENTRE_ROLES: [&str; 1] = ["hc_staff"];
/// Roles of a medical institution's staff.
pub const INSTITUTION_ROLES: [&str; 1] = ["institution_staff"];

/// What a notification row stores besides its columns: ids, case numbers and counts only.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationPayload {
    /// The case's number (red report, escalation, inpatient reports, an accepted notification).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_number: Option<String>,
    /// The notification (発生届) submitted, returned or accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notification_id: Option<i64>,
    /// The report that was red.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report_id: Option<i64>,
    /// Cut-off: the slot's local day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slot_date: Option<NaiveDate>,
    /// Cut-off: the slot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slot: Option<i16>,
    /// Cut-off: how many cases missed the slot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_reported: Option<u32>,
    /// Cut-off: how many of them are silent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub silent: Option<u32>,
    /// Cut-off: the cases listed (capped).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cases: Vec<SummaryCase>,
    /// The organisation a notice is about (an institution whose finder was paused).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation_name: Option<String>,
}

/// One fan-out: the same notification and e-mail to every recipient.
pub struct FanOut<'a> {
    /// What it is.
    pub kind: NotificationKind,
    /// Why the e-mails are sent.
    pub purpose: Purpose,
    /// The organisation the recipients belong to.
    pub organisation_id: i64,
    /// The case concerned.
    pub case_id: Option<i64>,
    /// Stored with each row.
    pub payload: &'a NotificationPayload,
    /// The e-mail, sent to each recipient with an address.
    pub mail: &'a StaffMail,
    /// Makes each e-mail's dedupe key: `<prefix>:staff:<id>` (or `:to:<address>`).
    pub dedupe_prefix: String,
    /// Addresses to mail besides the recipients' own (an organisation's notification address).
    pub extra_addresses: Vec<String>,
}

/// Writes a notification for each of `recipients` and enqueues their e-mails. Returns how many
/// staff were notified.
pub async fn fan_out(
    db: &impl ConnectionTrait,
    recipients: &[staff_user::Model],
    out: FanOut<'_>,
    now: DateTime<Utc>,
) -> Result<usize, DbErr> {
    let payload = serde_json::to_string(out.payload)
        .map_err(|error| DbErr::Custom(format!("notification payload: {error}")))?;
    db::staff_notifications::insert_many(
        db,
        recipients
            .iter()
            .map(|staff| NewNotification {
                staff_id: staff.id,
                organisation_id: out.organisation_id,
                kind: out.kind,
                case_id: out.case_id,
                payload: payload.clone(),
            })
            .collect(),
        now,
    )
    .await?;
    let email = |to: &str, key: String| NewDelivery {
        dedupe_key: key,
        purpose: out.purpose,
        case_id: out.case_id,
        payload: Payload::Email(EmailPayload {
            to: to.to_owned(),
            subject: out.mail.subject.clone(),
            text_body: out.mail.body.clone(),
            attachments: Vec::new(),
        }),
    };
    let mut mails: Vec<NewDelivery> = recipients
        .iter()
        .filter_map(|staff| {
            let to = staff
                .email
                .as_deref()
                .map(str::trim)
                .filter(|e| !e.is_empty())?;
            Some(email(
                to,
                format!("{}:staff:{}", out.dedupe_prefix, staff.id),
            ))
        })
        .collect();
    for address in &out.extra_addresses {
        let already = recipients
            .iter()
            .any(|s| s.email.as_deref().map(str::trim) == Some(address.as_str()));
        if !already {
            mails.push(email(
                address,
                format!("{}:to:{address}", out.dedupe_prefix),
            ));
        }
    }
    outbox::enqueue(db, mails, now).await?;
    Ok(recipients.len())
}

/// A bell (no e-mail) of `kind` for every active staff member of health centre `centre_id`.
pub async fn ring_centre(
    db: &impl ConnectionTrait,
    centre_id: i64,
    kind: NotificationKind,
    case_id: Option<i64>,
    payload: &NotificationPayload,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let payload = serde_json::to_string(payload)
        .map_err(|error| DbErr::Custom(format!("notification payload: {error}")))?;
    let staff = db::staff_notifications::active_staff(db, centre_id, &CENTRE_ROLES).await?;
    db::staff_notifications::insert_many(
        db,
        staff
            .iter()
            .map(|member| NewNotification {
                staff_id: member.id,
                organisation_id: centre_id,
                kind,
                case_id,
                payload: payload.clone(),
            })
            .collect(),
        now,
    )
    .await?;
    Ok(())
}

/// The console's page of a case, for links in notifications and e-mails.
pub fn case_link(public_url: &str, case_id: i64) -> String {
    format!("{}/staff/cases/{case_id}", public_url.trim_end_matches('/'))
}

/// Who is told at once about `case`: its follow-up organisation's staff on duty (signed in
/// now), or all its active staff when nobody is; a case without a follow-up organisation goes
/// to its health centre's staff the same way. Returns (organisation, recipients).
pub(crate) async fn on_duty_for(
    db: &impl ConnectionTrait,
    case: &patient_case::Model,
    now: DateTime<Utc>,
) -> Result<(i64, Vec<staff_user::Model>), DbErr> {
    let (org, roles): (i64, &[&str]) = match case.followup_org_id {
        Some(org) => (org, &FOLLOWUP_ROLES),
        None => (case.health_centre_id, &CENTRE_ROLES),
    };
    let staff = db::staff_notifications::active_staff(db, org, roles).await?;
    let on_duty = db::staff_notifications::on_duty(
        db,
        staff.iter().map(|s| s.id).collect(),
        now - STAFF_IDLE_TIMEOUT,
        now - STAFF_ABSOLUTE_TIMEOUT,
    )
    .await?;
    if on_duty.is_empty() {
        return Ok((org, staff));
    }
    Ok((
        org,
        staff
            .into_iter()
            .filter(|s| on_duty.contains(&s.id))
            .collect(),
    ))
}

/// What telling staff needs from the configuration.
#[derive(Debug, Clone, Copy)]
pub struct NotifySettings<'a> {
    /// The deployment's address, for links to the case.
    pub public_url: &'a str,
    /// A case's red reports e-mail each recipient at most once in this many minutes.
    pub red_mail_interval_minutes: u32,
}

impl<'a> From<&'a crate::config::Config> for NotifySettings<'a> {
    fn from(config: &'a crate::config::Config) -> Self {
        Self {
            public_url: &config.public_url,
            red_mail_interval_minutes: config.limits.red_mail_interval_minutes,
        }
    }
}

impl NotifySettings<'_> {
    /// The dedupe key of a red report's e-mails: one per case, unreviewed red episode
    /// (`episode`: the oldest red report of the case nobody has reviewed yet) and interval. So
    /// red after red that nobody has looked at mails each nurse once an interval, not once a
    /// report; a red after the last one was reviewed mails at once. Intervals count from the
    /// epoch (each hour from :00 by default), so every instance agrees on them.
    pub fn red_mail_key(&self, case_id: i64, episode: i64, now: DateTime<Utc>) -> String {
        let interval = i64::from(self.red_mail_interval_minutes.max(1)) * 60;
        format!(
            "red_report_case:{case_id}:{episode}:{}",
            now.timestamp().div_euclid(interval)
        )
    }
}

/// A version of a report of `case` was judged red (the report as stored, or a correction):
/// tells the staff on duty (see [`on_duty_for`]), except `author`, the staff member who
/// entered it on the patient's behalf and knows already. Run it in the transaction that stored
/// the version. Every red version rings the console's bell; the e-mails are paced
/// ([`NotifySettings::red_mail_key`]).
pub async fn notify_red_report(
    db: &impl ConnectionTrait,
    notify: NotifySettings<'_>,
    case: &patient_case::Model,
    report_id: i64,
    author: Option<i64>,
    now: DateTime<Utc>,
) -> Result<usize, DbErr> {
    let (org, mut recipients) = on_duty_for(db, case, now).await?;
    recipients.retain(|s| Some(s.id) != author);
    // In the transaction that stored the report, so the new one counts.
    let episode = db::reports::first_unreviewed_red(db, case.id)
        .await?
        .unwrap_or(report_id);
    let payload = NotificationPayload {
        case_number: Some(case.case_number.clone()),
        report_id: Some(report_id),
        ..Default::default()
    };
    let mail = red_report_mail(&case.case_number, &case_link(notify.public_url, case.id));
    let count = fan_out(
        db,
        &recipients,
        FanOut {
            kind: NotificationKind::RedReport,
            purpose: Purpose::RedReport,
            organisation_id: org,
            case_id: Some(case.id),
            payload: &payload,
            mail: &mail,
            dedupe_prefix: notify.red_mail_key(case.id, episode, now),
            extra_addresses: Vec::new(),
        },
        now,
    )
    .await?;
    tracing::info!(
        case_id = case.id,
        report_id,
        recipients = count,
        "red report notified"
    );
    Ok(count)
}

/// A doctor escalated `case` (timeline entry `event_id`): tells every active staff member of
/// its health centre. Run it in the escalation's transaction.
pub async fn notify_escalation(
    db: &impl ConnectionTrait,
    public_url: &str,
    case: &patient_case::Model,
    event_id: i64,
    now: DateTime<Utc>,
) -> Result<usize, DbErr> {
    let recipients =
        db::staff_notifications::active_staff(db, case.health_centre_id, &CENTRE_ROLES).await?;
    let payload = NotificationPayload {
        case_number: Some(case.case_number.clone()),
        ..Default::default()
    };
    let mail = escalation_mail(&case.case_number, &case_link(public_url, case.id));
    fan_out(
        db,
        &recipients,
        FanOut {
            kind: NotificationKind::Escalation,
            purpose: Purpose::Escalation,
            organisation_id: case.health_centre_id,
            case_id: Some(case.id),
            payload: &payload,
            mail: &mail,
            dedupe_prefix: format!("escalation:{event_id}"),
            extra_addresses: Vec::new(),
        },
        now,
    )
    .await
}

fn view(row: staff_notification::Model) -> NotificationView {
    // A payload that no longer reads still shows its kind and case (a red report's bell must
    // not vanish for want of its slot), and the damage is logged so someone mends the row.
    let payload = match serde_json::from_str::<NotificationPayload>(&row.payload) {
        Ok(payload) => payload,
        Err(error) => {
            tracing::error!(id = row.id, %error, "staff notification payload does not read");
            NotificationPayload::default()
        }
    };
    NotificationView {
        id: NotificationId(row.id),
        kind: row.kind,
        created_at: row.created_at,
        read_at: row.read_at,
        case_id: row.case_id.map(CaseId),
        case_number: payload.case_number,
        notification_id: payload.notification_id.map(CaseNotificationId),
        slot_date: payload.slot_date,
        slot: payload.slot.and_then(|s| u8::try_from(s).ok()),
        not_reported: payload.not_reported,
        silent: payload.silent,
        cases: payload.cases,
        organisation_name: payload.organisation_name,
    }
}

/// The caller's own notifications, newest first, with the unread count. Every staff role has
/// them; nobody reads another's. Audited (they name case numbers).
pub async fn list(
    db: &impl ConnectionTrait,
    caller: &StaffCaller,
    query: &NotificationQuery,
    now: DateTime<Utc>,
) -> Result<NotificationList, ApiError> {
    if !staff_may(caller.role, StaffAction::ReadOwnNotifications) {
        return Err(ApiError::Forbidden);
    }
    let query = query.validate().map_err(ApiError::Validation)?;
    let mut rows = db::staff_notifications::list(
        db,
        caller.staff_id.0,
        query.before,
        query.unread_only,
        u64::from(query.limit) + 1,
    )
    .await?;
    let next = if rows.len() > query.limit as usize {
        rows.truncate(query.limit as usize);
        rows.last().map(|row| row.id)
    } else {
        None
    };
    let unread = db::staff_notifications::unread_count(db, caller.staff_id.0).await?;
    audit::staff(db, caller, audit::action::NOTIFICATIONS_READ, None, now).await?;
    Ok(NotificationList {
        items: rows.into_iter().map(view).collect(),
        unread,
        next,
    })
}

/// Marks the caller's notifications read: the ids named (each must be the caller's, else 404
/// and nothing changes) or all. Audited.
pub async fn mark_read(
    db: &impl ConnectionTrait,
    caller: &StaffCaller,
    request: &MarkNotificationsRead,
    now: DateTime<Utc>,
) -> Result<MarkedRead, ApiError> {
    if !staff_may(caller.role, StaffAction::ReadOwnNotifications) {
        return Err(ApiError::Forbidden);
    }
    let only = request.validate().map_err(ApiError::Validation)?;
    let only = match only {
        None => None,
        Some(ids) => {
            let ids: Vec<i64> = ids.into_iter().map(|id| id.0).collect();
            let own = db::staff_notifications::ids_of(db, caller.staff_id.0, ids.clone()).await?;
            if own.len() != ids.len() {
                // Another's notification is not found, like a record outside a scope.
                return Err(ApiError::NotFound);
            }
            Some(ids)
        }
    };
    let marked = db::staff_notifications::mark_read(db, caller.staff_id.0, only, now).await?;
    let unread = db::staff_notifications::unread_count(db, caller.staff_id.0).await?;
    audit::staff_detail(
        db,
        caller,
        audit::action::NOTIFICATIONS_MARK_READ,
        None,
        format!("marked:{marked}"),
        now,
    )
    .await?;
    Ok(MarkedRead { marked, unread })
}
