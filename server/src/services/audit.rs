//! Writing the audit log: who did what to which case, from where (docs/audit.md).

use crate::auth::{PatientCaller, StaffCaller};
use crate::db;
use crate::entities::audit_log;
use chrono::{DateTime, Utc};
use mimamori_shared::api::auth::StaffRole;
use sea_orm::{ConnectionTrait, DbErr, Set};

/// Audited actions, as stored.
pub mod action {
    /// An administrator read the audit log.
    pub const AUDIT_READ: &str = "audit.read";
    /// A signed-in caller was answered 403 or 404 (`auth::denials`).
    pub const ACCESS_DENIED: &str = "access.denied";
    /// Staff read a case record.
    pub const CASE_READ: &str = "case.read";
    /// Staff listed a day's reports (names and values of many patients).
    pub const REPORTS_LIST: &str = "reports.list";
    /// Staff read the work list (names and flags of many patients).
    pub const WORKLIST_READ: &str = "worklist.read";
    /// A doctor wrote a finding.
    pub const FINDING_CREATE: &str = "finding.create";
    /// A report was stored.
    pub const REPORT_CREATE: &str = "report.create";
    /// A patient read their own reports.
    pub const REPORTS_READ_OWN: &str = "reports.read_own";
    /// A patient signed in (the case is the number signed in with).
    pub const PATIENT_SIGN_IN: &str = "patient.sign_in";
    /// A patient sign-in failed (the case when the number is one; the address always).
    pub const PATIENT_SIGN_IN_FAILED: &str = "patient.sign_in_failed";
    /// A patient sign-in was refused unchecked: the number or the address must wait.
    pub const PATIENT_SIGN_IN_REFUSED: &str = "patient.sign_in_refused";
    /// Ten failures in a row locked a case number's sign-in for 15 minutes.
    pub const PATIENT_SIGN_IN_LOCKED: &str = "patient.sign_in_locked";
    /// Staff signed in.
    pub const STAFF_SIGN_IN: &str = "staff.sign_in";
    /// A staff sign-in failed.
    pub const STAFF_SIGN_IN_FAILED: &str = "staff.sign_in_failed";
    /// A staff member without an authenticator signed in with the password, to enrol one.
    pub const STAFF_SIGN_IN_TO_ENROL: &str = "staff.sign_in_to_enrol";
    /// A sign-in was refused because the account is locked.
    pub const STAFF_SIGN_IN_LOCKED: &str = "staff.sign_in_locked";
    /// Repeated failures locked a staff account.
    pub const STAFF_LOCKED: &str = "staff.locked";
    /// A staff member signed in with a recovery code instead of the authenticator's code.
    pub const STAFF_RECOVERY_CODE_USED: &str = "staff.recovery_code_used";
    /// A staff member was given a new (pending) TOTP secret.
    pub const STAFF_TOTP_SECRET_ISSUED: &str = "staff.totp_secret_issued";
    /// A staff member confirmed their authenticator; recovery codes were issued.
    pub const STAFF_TOTP_ENROLLED: &str = "staff.totp_enrolled";
    /// A staff member changed their password.
    pub const STAFF_PASSWORD_CHANGED: &str = "staff.password_changed";
    /// A patient added a household member's case to their sign-in.
    pub const HOUSEHOLD_ADD: &str = "household.add";
    /// A patient corrected the current slot's report.
    pub const REPORT_CORRECT: &str = "report.correct";
    /// Staff wrote a message to a patient.
    pub const MESSAGE_CREATE: &str = "message.create";
    /// A patient read the messages of a case.
    pub const MESSAGES_READ_OWN: &str = "messages.read_own";
    /// A patient redeemed an invitation.
    pub const INVITATION_REDEEM: &str = "invitation.redeem";
    /// Staff logged a phone call to a patient.
    pub const CALL_CREATE: &str = "call.create";
    /// Staff entered a report for a patient after a call (代理入力).
    pub const REPORT_PROXY: &str = "report.proxy";
    /// Staff corrected a report after a call.
    pub const REPORT_PROXY_CORRECT: &str = "report.proxy_correct";
    /// A doctor set or cleared a case's own SpO2 thresholds.
    pub const CASE_THRESHOLDS_SET: &str = "case.thresholds_set";
    /// A doctor or the health centre extended the follow-up period.
    pub const CASE_EXTEND: &str = "case.extend";
    /// Staff marked reports reviewed.
    pub const REPORTS_REVIEW: &str = "reports.review";
    /// A doctor amended a finding (a new row; the original is kept).
    pub const FINDING_AMEND: &str = "finding.amend";
    /// A doctor amended a finding of their organisation's after its access to the case lapsed
    /// (the health centre is told; `services::findings::amend`).
    pub const FINDING_AMEND_AFTER_LAPSE: &str = "finding.amend_after_lapse";
    /// A doctor escalated a case to the health centre.
    pub const CASE_ESCALATE: &str = "case.escalate";
    /// Staff ended a case's follow-up.
    pub const CASE_END: &str = "case.end";
    /// Health-centre staff registered a case (by hand; `detail` = `manual` or `csv`).
    pub const CASE_REGISTER: &str = "case.register";
    /// Health-centre staff imported cases from a CSV file (`detail` = how many).
    pub const CASE_IMPORT: &str = "case.import";
    /// Health-centre staff assigned or transferred a case (`detail` = `org:<id>`).
    pub const CASE_ASSIGN: &str = "case.assign";
    /// Health-centre staff issued a patient invitation (earlier unused ones revoked).
    pub const INVITATION_ISSUE: &str = "invitation.issue";
    /// An administrator created an organisation (`detail` = `org:<id>`).
    pub const ORG_CREATE: &str = "org.create";
    /// An administrator made a contract (`detail` = `contract:<id>`).
    pub const CONTRACT_CREATE: &str = "contract.create";
    /// An administrator ended a contract (`detail` = `contract:<id>`).
    pub const CONTRACT_DELETE: &str = "contract.delete";
    /// An administrator created a staff user (`detail` = `staff:<id>`).
    pub const STAFF_CREATE: &str = "staff.create";
    /// An administrator deactivated a staff user (`detail` = `staff:<id>`).
    pub const STAFF_DEACTIVATE: &str = "staff.deactivate";
    /// An administrator reset a staff user's two-factor sign-in (`detail` = `staff:<id>`).
    pub const STAFF_RESET_2FA: &str = "staff.reset_2fa";
    /// Staff listed daily implementation reports.
    pub const IMPLEMENTATION_REPORTS_LIST: &str = "implementation_reports.list";
    /// Staff read or downloaded one implementation report (`detail` = `report:<id>` or
    /// `report:<id>:csv|xlsx`).
    pub const IMPLEMENTATION_REPORT_READ: &str = "implementation_report.read";
    /// Staff read their own notifications.
    pub const NOTIFICATIONS_READ: &str = "notifications.read";
    /// Staff marked their own notifications read (`detail` = `marked:<count>`).
    pub const NOTIFICATIONS_MARK_READ: &str = "notifications.mark_read";
    /// An administrator read an organisation's scheduler settings (`detail` = `org:<id>`).
    pub const ORG_SETTINGS_READ: &str = "org_settings.read";
    /// An administrator changed an organisation's scheduler settings (`detail` = `org:<id>`).
    pub const ORG_SETTINGS_UPDATE: &str = "org_settings.update";
    /// Institution staff listed the cases they may file inpatient status reports on.
    pub const INPATIENTS_LIST: &str = "inpatients.list";
    /// Institution staff found a case by case number and date of birth (linked from then on).
    pub const INPATIENT_FIND: &str = "inpatient.find";
    /// Institution staff searched and nothing matched (counted by `finder_throttle`).
    pub const INPATIENT_FIND_MISSED: &str = "inpatient.find_missed";
    /// An institution's finder was paused after too many misses.
    pub const INPATIENT_FINDER_LOCKED: &str = "inpatient.finder_locked";
    /// Staff read a case's inpatient status reports.
    pub const INPATIENT_REPORTS_READ: &str = "inpatient_reports.read";
    /// Institution staff filed an inpatient status report (`detail` = `report:<id>:<outcome>`).
    pub const INPATIENT_REPORT_CREATE: &str = "inpatient_report.create";
    /// Institution staff filed or corrected a day's test counts (`detail` =
    /// `date:<date>:revision:<n>`).
    pub const TEST_COUNT_UPDATE: &str = "test_count.update";
    /// Staff listed notifications (発生届): an institution its own, a health centre its queue.
    pub const NOTIFICATIONS_LIST: &str = "case_notifications.list";
    /// Staff read one notification (`detail` = `notification:<id>`).
    pub const NOTIFICATION_READ: &str = "case_notification.read";
    /// An institution saved a new draft notification (`detail` = `notification:<id>`).
    pub const NOTIFICATION_CREATE: &str = "case_notification.create";
    /// An institution changed a draft or returned notification (`detail` = `notification:<id>`).
    pub const NOTIFICATION_UPDATE: &str = "case_notification.update";
    /// An institution submitted a notification (`detail` = `notification:<id>`).
    pub const NOTIFICATION_SUBMIT: &str = "case_notification.submit";
    /// A health centre accepted a notification (`detail` = `notification:<id>:created` or
    /// `notification:<id>:linked`; the case is the entry's case).
    pub const NOTIFICATION_ACCEPT: &str = "case_notification.accept";
    /// A health centre returned a notification with a comment (`detail` = `notification:<id>`).
    pub const NOTIFICATION_RETURN: &str = "case_notification.return";
    /// The retention purge removed a case's personal data (`services::retention`; the case is
    /// the entry's case, `detail` = `years:<retention period>`).
    pub const RETENTION_PURGE: &str = "retention.purge";
    /// The retention purge deleted a notification that never became a case (`detail` =
    /// `notification:<id>`).
    pub const RETENTION_PURGE_NOTIFICATION: &str = "retention.purge_notification";
}

/// Appends an entry for a staff caller.
pub async fn staff(
    db: &impl ConnectionTrait,
    caller: &StaffCaller,
    action: &str,
    case_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    db::audit::append(
        db,
        audit_log::ActiveModel {
            at: Set(now),
            actor_kind: Set("staff".to_owned()),
            actor_id: Set(Some(caller.staff_id.0)),
            role: Set(Some(caller.role.as_str().to_owned())),
            organisation_id: Set(Some(caller.org_id.0)),
            action: Set(action.to_owned()),
            case_id: Set(case_id),
            client_addr: Set(caller.client_addr.clone()),
            ..Default::default()
        },
    )
    .await
}

/// Appends an entry for a patient caller.
pub async fn patient(
    db: &impl ConnectionTrait,
    caller: &PatientCaller,
    action: &str,
    case_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    db::audit::append(db, patient_entry(caller, action, case_id, now)).await
}

/// The entry [`patient`] appends, for a statement that writes it together with the change it
/// records (PostgreSQL's one-statement report write).
pub fn patient_entry(
    caller: &PatientCaller,
    action: &str,
    case_id: Option<i64>,
    now: DateTime<Utc>,
) -> audit_log::ActiveModel {
    entry(
        "patient",
        Some(caller.account_id),
        action,
        case_id,
        caller.client_addr.clone(),
        now,
    )
}

/// Appends an entry for an actor known only by kind and optional id (a failed sign-in, a
/// redemption before the account exists, the system).
pub async fn anonymous(
    db: &impl ConnectionTrait,
    actor_kind: &str,
    actor_id: Option<i64>,
    action: &str,
    case_id: Option<i64>,
    client_addr: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    db::audit::append(
        db,
        entry(actor_kind, actor_id, action, case_id, client_addr, now),
    )
    .await
}

fn entry(
    actor_kind: &str,
    actor_id: Option<i64>,
    action: &str,
    case_id: Option<i64>,
    client_addr: Option<String>,
    now: DateTime<Utc>,
) -> audit_log::ActiveModel {
    audit_log::ActiveModel {
        at: Set(now),
        actor_kind: Set(actor_kind.to_owned()),
        actor_id: Set(actor_id),
        action: Set(action.to_owned()),
        case_id: Set(case_id),
        client_addr: Set(client_addr),
        ..Default::default()
    }
}

/// Appends an entry for a command run on the server's host (`mimamori init`, `mimamori admin
/// …`; actor kind `host`), with `detail` naming what it concerned (`staff:12`, `org:3`).
pub async fn host(
    db: &impl ConnectionTrait,
    action: &str,
    detail: String,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    without_person(db, "host", action, None, detail, now).await
}

/// An entry whose actor is no person (`host`, `system`), about a case or not.
async fn without_person(
    db: &impl ConnectionTrait,
    actor_kind: &str,
    action: &str,
    case_id: Option<i64>,
    detail: String,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    db::audit::append(
        db,
        audit_log::ActiveModel {
            at: Set(now),
            actor_kind: Set(actor_kind.to_owned()),
            action: Set(action.to_owned()),
            case_id: Set(case_id),
            detail: Set(Some(detail)),
            ..Default::default()
        },
    )
    .await
}

/// Appends a staff sign-in event: the actor is the member the login ID named (`None` for an
/// unknown login ID), with their organisation and role.
pub async fn staff_sign_in(
    db: &impl ConnectionTrait,
    member: Option<(i64, i64, StaffRole)>,
    action: &str,
    client_addr: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let mut row = entry("staff", member.map(|m| m.0), action, None, client_addr, now);
    if let Some((_, organisation_id, role)) = member {
        row.organisation_id = Set(Some(organisation_id));
        row.role = Set(Some(role.as_str().to_owned()));
    }
    db::audit::append(db, row).await
}

/// Appends an entry made by the server itself (actor `system`), with `detail` in ids only.
pub async fn system(
    db: &impl ConnectionTrait,
    action: &str,
    detail: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    without_person(db, "system", action, None, detail.to_owned(), now).await
}

/// Appends an entry made by the server itself about a case, with `detail` in ids only.
pub async fn system_case(
    db: &impl ConnectionTrait,
    action: &str,
    case_id: i64,
    detail: String,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    without_person(db, "system", action, Some(case_id), detail, now).await
}

/// Appends an entry for a staff caller with `detail`: what else the action concerned, as ids
/// (`staff:12`, `org:3`), never personal data.
pub async fn staff_detail(
    db: &impl ConnectionTrait,
    caller: &StaffCaller,
    action: &str,
    case_id: Option<i64>,
    detail: String,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    db::audit::append(
        db,
        audit_log::ActiveModel {
            at: Set(now),
            actor_kind: Set("staff".to_owned()),
            actor_id: Set(Some(caller.staff_id.0)),
            role: Set(Some(caller.role.as_str().to_owned())),
            organisation_id: Set(Some(caller.org_id.0)),
            action: Set(action.to_owned()),
            case_id: Set(case_id),
            client_addr: Set(caller.client_addr.clone()),
            detail: Set(Some(detail)),
            ..Default::default()
        },
    )
    .await
}
