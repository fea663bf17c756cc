//! Hand-off notices (docs/notifications.md, "Staff notifications and cut-off"): when a record
//! passes from one organisation to another, the receiving side is told at once, by a console
//! notification and an e-mail (through [`fan_out`]), in the transaction of the change itself:
//!
//! - a notification (発生届) submitted → the staff of the health centre it is addressed to;
//! - returned with a comment, or accepted → the staff of the institution that filed it;
//! - an inpatient status report that admits, discharges or records the death of a patient →
//!   the case's follow-up organisation's staff on duty (its health centre's, without one).
//!
//! Each recipient can open the record the notice links to: the centre sees what was submitted
//! to it, the institution what it filed, the follow-up organisation the cases assigned to it
//! (`access::NotificationScope`, `access::CaseScope`). Notices carry ids and numbers only.
//!
//! Once each: the change that causes a notice is a conditional update (a notification's status,
//! a case's state under its row lock), so a retried request changes nothing and tells nobody;
//! the e-mails' dedupe keys name the record and the change besides.

use super::staff_notifications::{
    CENTRE_ROLES, FanOut, INSTITUTION_ROLES, NotificationPayload, case_link, fan_out, on_duty_for,
};
use crate::db;
use crate::db::inpatient::CaseState;
use crate::entities::{case_notification, patient_case, staff_user};
use crate::outbox::Purpose;
use chrono::{DateTime, Utc};
use mimamori_shared::api::cases::CaseStatus;
use mimamori_shared::api::inpatient::InpatientOutcome;
use mimamori_shared::api::staff_notifications::NotificationKind;
use mimamori_shared::i18n::staff_notifications::{
    StaffMail, case_notification_accepted_mail, case_notification_returned_mail,
    case_notification_submitted_mail, inpatient_mail,
};
use sea_orm::{ConnectionTrait, DbErr};

/// The console's page of a notification for `kind`'s recipients: the health centre decides
/// on it in the intake (`/staff/intake/<id>`), the institution reads or corrects it under
/// `/staff/case-notifications/<id>`.
fn notification_link(public_url: &str, kind: NotificationKind, id: i64) -> String {
    let page = match kind {
        NotificationKind::CaseNotificationSubmitted => "intake",
        _ => "case-notifications",
    };
    format!("{}/staff/{page}/{id}", public_url.trim_end_matches('/'))
}

/// The moment of a change as a key part: the `submitted_at` or `decided_at` the change stores.
/// Two submissions (or returns) of one notification never share it, as a decision by a person
/// on the other side lies between any two.
fn moment(now: DateTime<Utc>) -> i64 {
    now.timestamp_micros()
}

/// What happened to a notification (発生届) that the other side is told of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotificationChange<'a> {
    /// The institution submitted it (first, or again after a return): the health centre it is
    /// addressed to decides on it.
    Submitted,
    /// The health centre returned it with a comment: the institution corrects it.
    Returned,
    /// The health centre accepted it as case `case_number` (made or linked): the institution
    /// needs the number for its inpatient reports.
    Accepted {
        /// The case's number.
        case_number: &'a str,
    },
}

/// Tells the other side of `notification` of `change`: for a submission every active staff
/// member of the health centre it is addressed to, for a return or an acceptance every active
/// staff member of the filing institution. Run it in the transaction of the change.
///
/// An institution's notices go to all its staff, not only to the doctor who filed: every one of
/// them sees and may correct what the institution filed (`NotificationScope::Institution`), the
/// form is often typed by a clerk for the doctor, and a return told only to a doctor who is
/// off duty would wait unseen while the patient is not yet followed up. The filer, if still
/// active, is among them.
pub async fn notify_notification(
    db: &impl ConnectionTrait,
    public_url: &str,
    notification: &case_notification::Model,
    change: NotificationChange<'_>,
    now: DateTime<Utc>,
) -> Result<usize, DbErr> {
    let id = notification.id;
    let (kind, organisation_id, roles) = match change {
        NotificationChange::Submitted => (
            NotificationKind::CaseNotificationSubmitted,
            notification.health_centre_id,
            &CENTRE_ROLES,
        ),
        NotificationChange::Returned => (
            NotificationKind::CaseNotificationReturned,
            notification.institution_id,
            &INSTITUTION_ROLES,
        ),
        NotificationChange::Accepted { .. } => (
            NotificationKind::CaseNotificationAccepted,
            notification.institution_id,
            &INSTITUTION_ROLES,
        ),
    };
    let link = notification_link(public_url, kind, id);
    // A submission and a return can happen again (returned, corrected, submitted anew), each
    // a new event keyed by its moment; an acceptance is final.
    let (mail, dedupe_prefix, case_number) = match change {
        NotificationChange::Submitted => (
            case_notification_submitted_mail(id, &link),
            format!("case_notification:{id}:submitted:{}", moment(now)),
            None,
        ),
        NotificationChange::Returned => (
            case_notification_returned_mail(id, &link),
            format!("case_notification:{id}:returned:{}", moment(now)),
            None,
        ),
        NotificationChange::Accepted { case_number } => (
            case_notification_accepted_mail(id, case_number, &link),
            format!("case_notification:{id}:accepted"),
            Some(case_number.to_owned()),
        ),
    };
    let recipients = db::staff_notifications::active_staff(db, organisation_id, roles).await?;
    let notice = Notice {
        kind,
        // No case link: an institution has no case page, and a submission has no case yet.
        case_id: None,
        payload: NotificationPayload {
            case_number,
            notification_id: Some(id),
            ..Default::default()
        },
        mail,
        dedupe_prefix,
    };
    tell(db, (organisation_id, recipients), notice, now).await
}

/// Whether an inpatient status report with `outcome` is news to the case's follow-up staff,
/// and which: it is when it is the case's first report (even a discharge: a stay they did not
/// know of), or when it changes the case's state (`before` → `after`). A report that leaves the
/// state as it was — a transfer between hospitals, an update of the stay, a retried request —
/// tells nobody.
pub fn inpatient_notice(
    outcome: InpatientOutcome,
    first_report: bool,
    before: CaseStatus,
    after: CaseState,
) -> Option<NotificationKind> {
    let after = match after {
        CaseState::Active => CaseStatus::Active,
        CaseState::Hospitalised => CaseStatus::Hospitalised,
        CaseState::Ended(_) => CaseStatus::Ended,
    };
    if !first_report && before == after {
        return None;
    }
    Some(match outcome {
        InpatientOutcome::Inpatient | InpatientOutcome::Transferred => {
            NotificationKind::PatientAdmitted
        }
        InpatientOutcome::DischargedHome | InpatientOutcome::Recovered => {
            NotificationKind::PatientDischarged
        }
        InpatientOutcome::Died => NotificationKind::PatientDied,
    })
}

/// An inpatient status report (`report_id`) admitted, discharged or recorded the death of the
/// patient of `case` (`kind`, from [`inpatient_notice`]): tells the case's follow-up
/// organisation's staff on duty, or its health centre's without one, as a red report does.
/// Run it in the report's transaction, with `case` as read under its lock.
pub async fn notify_inpatient(
    db: &impl ConnectionTrait,
    public_url: &str,
    case: &patient_case::Model,
    report_id: i64,
    kind: NotificationKind,
    now: DateTime<Utc>,
) -> Result<usize, DbErr> {
    let Some(mail) = inpatient_mail(kind, &case.case_number, &case_link(public_url, case.id))
    else {
        return Err(DbErr::Custom(format!(
            "{} is not an inpatient notice",
            kind.as_str()
        )));
    };
    let notice = Notice {
        kind,
        case_id: Some(case.id),
        payload: NotificationPayload {
            case_number: Some(case.case_number.clone()),
            ..Default::default()
        },
        mail,
        dedupe_prefix: format!("inpatient:{report_id}:{}", kind.as_str()),
    };
    tell(db, on_duty_for(db, case, now).await?, notice, now).await
}

/// One hand-off notice, the same for every recipient.
struct Notice {
    kind: NotificationKind,
    case_id: Option<i64>,
    payload: NotificationPayload,
    mail: StaffMail,
    dedupe_prefix: String,
}

/// Tells `recipients`, staff of `organisation_id`, of `notice`; returns how many.
async fn tell(
    db: &impl ConnectionTrait,
    (organisation_id, recipients): (i64, Vec<staff_user::Model>),
    notice: Notice,
    now: DateTime<Utc>,
) -> Result<usize, DbErr> {
    let count = fan_out(
        db,
        &recipients,
        FanOut {
            kind: notice.kind,
            purpose: Purpose::Handoff(notice.kind),
            organisation_id,
            case_id: notice.case_id,
            payload: &notice.payload,
            mail: &notice.mail,
            dedupe_prefix: notice.dedupe_prefix.clone(),
            extra_addresses: Vec::new(),
        },
        now,
    )
    .await?;
    // The key names the record and the change by ids only.
    tracing::info!(
        kind = notice.kind.as_str(),
        key = notice.dedupe_prefix,
        recipients = count,
        "hand-off notified"
    );
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_inpatient_report_is_news_when_first_or_when_it_changes_the_case() {
        use CaseStatus::{Active, Hospitalised};
        use InpatientOutcome as O;
        use NotificationKind as K;
        let ended = CaseState::Ended("died");
        for (outcome, first, before, after, notice) in [
            (
                O::Inpatient,
                true,
                Active,
                CaseState::Hospitalised,
                Some(K::PatientAdmitted),
            ),
            (
                O::Transferred,
                true,
                Active,
                CaseState::Hospitalised,
                Some(K::PatientAdmitted),
            ),
            // Readmission after a discharge home.
            (
                O::Inpatient,
                false,
                Active,
                CaseState::Hospitalised,
                Some(K::PatientAdmitted),
            ),
            // Still in hospital: an update, a transfer, the same report sent again.
            (
                O::Inpatient,
                false,
                Hospitalised,
                CaseState::Hospitalised,
                None,
            ),
            (
                O::Transferred,
                false,
                Hospitalised,
                CaseState::Hospitalised,
                None,
            ),
            (
                O::DischargedHome,
                false,
                Hospitalised,
                CaseState::Active,
                Some(K::PatientDischarged),
            ),
            (O::DischargedHome, false, Active, CaseState::Active, None),
            // A stay the staff did not know of, reported after the discharge.
            (
                O::DischargedHome,
                true,
                Active,
                CaseState::Active,
                Some(K::PatientDischarged),
            ),
            (
                O::DischargedHome,
                false,
                Hospitalised,
                CaseState::Ended("period_completed"),
                Some(K::PatientDischarged),
            ),
            (
                O::Recovered,
                false,
                Active,
                CaseState::Ended("hospitalised"),
                Some(K::PatientDischarged),
            ),
            (O::Died, false, Hospitalised, ended, Some(K::PatientDied)),
            (O::Died, true, Active, ended, Some(K::PatientDied)),
        ] {
            assert_eq!(
                inpatient_notice(outcome, first, before, after),
                notice,
                "{outcome:?} first={first} {before:?} → {after:?}"
            );
        }
    }

    #[test]
    fn the_health_centre_decides_in_the_intake_and_the_institution_reads_its_own_page() {
        assert_eq!(
            notification_link(
                "https://m.example/",
                NotificationKind::CaseNotificationSubmitted,
                7
            ),
            "https://m.example/staff/intake/7"
        );
        for kind in [
            NotificationKind::CaseNotificationReturned,
            NotificationKind::CaseNotificationAccepted,
        ] {
            assert_eq!(
                notification_link("https://m.example", kind, 7),
                "https://m.example/staff/case-notifications/7"
            );
        }
    }
}
