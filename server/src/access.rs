//! The access policy (docs/architecture.md, "Access policy"): the only place that decides what a
//! caller may see and do.
//!
//! A staff caller becomes a [`CaseScope`], which becomes a query condition on cases; handlers
//! never read a case without it. A record outside the scope is simply not found (404), so ids
//! cannot be probed; only within the scope does [`staff_may`] decide between doing it and 403.
//! Requests about no particular case (lists, registration, administration) answer 403 to roles
//! that may not use them. `tests/tests/api/policy_matrix.rs` checks every staff endpoint as every
//! role against these rules.

use crate::auth::{PatientCaller, StaffCaller};
use crate::entities::{
    audit_log, inpatient_case_link, inpatient_report, organisation, patient_case,
};
use chrono::{DateTime, Utc};
use mimamori_shared::api::admin::OrgKind;
use mimamori_shared::api::auth::StaffRole;
use mimamori_shared::api::case_notifications::NotificationStatus;
use mimamori_shared::ids::CaseId;
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, DbErr, ExprTrait};

/// Which cases a staff caller may see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseScope {
    /// Cases assigned to this follow-up organisation, until its access lapses
    /// (docs/security.md, "Lapse of a follow-up organisation's access"): a case that ended,
    /// or whose health centre's contract with the organisation ended, at or before
    /// `lapsed_at_or_before` is no longer the organisation's to read.
    FollowupOrg {
        /// The organisation.
        org: i64,
        /// Now minus `MIMAMORI_FOLLOWUP_ACCESS_DAYS`.
        lapsed_at_or_before: DateTime<Utc>,
        /// The health centres whose contract with the organisation ended at or before then.
        lapsed_centres: Vec<i64>,
    },
    /// Every case in this health centre's jurisdiction.
    HealthCentre(i64),
    /// No cases (medical institutions see what they filed, through other tables; admins manage
    /// organisations and users, not patients).
    NoCases,
}

impl CaseScope {
    /// The scope of a staff caller.
    pub fn of(caller: &StaffCaller) -> Self {
        match caller.role {
            StaffRole::FollowupStaff | StaffRole::FollowupDoctor => CaseScope::FollowupOrg {
                org: caller.org_id.0,
                lapsed_at_or_before: caller.access_lapses_at_or_before,
                lapsed_centres: caller.lapsed_health_centres.clone(),
            },
            StaffRole::HcStaff => CaseScope::HealthCentre(caller.org_id.0),
            StaffRole::InstitutionStaff | StaffRole::Admin => CaseScope::NoCases,
        }
    }

    /// The scope as a condition on `patient_case`.
    pub fn condition(self) -> Condition {
        self.condition_with(true)
    }

    /// The scope for a query that reads only cases under follow-up (the work list): the same
    /// without the end of the case, which such a case has not reached. Leaving it out keeps
    /// a running case in its organisation's list whatever `ended_at` says, and spares
    /// PostgreSQL a test on every row of a search.
    pub fn condition_under_followup(self) -> Condition {
        self.condition_with(false)
    }

    fn condition_with(self, case_end: bool) -> Condition {
        match self {
            CaseScope::FollowupOrg {
                org,
                lapsed_at_or_before,
                lapsed_centres,
            } => {
                use patient_case::Column as C;
                // The centres come as a list read with the session rather than as a subquery:
                // PostgreSQL guesses half the cases fail `NOT IN (subquery)` and then searches
                // the work list case by case (docs/performance.md, "Work list").
                Condition::all()
                    .add(C::FollowupOrgId.eq(org))
                    .add_option(case_end.then(|| {
                        Condition::any()
                            .add(C::EndedAt.is_null())
                            .add(C::EndedAt.gt(lapsed_at_or_before))
                    }))
                    .add_option(
                        (!lapsed_centres.is_empty())
                            .then(|| C::HealthCentreId.is_not_in(lapsed_centres)),
                    )
            }
            CaseScope::HealthCentre(org) => {
                Condition::all().add(patient_case::Column::HealthCentreId.eq(org))
            }
            // The id is never null, so this matches nothing on every database.
            CaseScope::NoCases => Condition::all().add(patient_case::Column::Id.is_null()),
        }
    }
}

/// Which organisations an administrator manages: their own organisation and everything under
/// it in the tree (a prefecture's health centres and their follow-up organisations and
/// institutions), or the whole deployment. Everyone else manages nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrgScope {
    /// Every organisation (an administrator of the deployment root).
    Deployment,
    /// These organisations (a subtree, root included).
    Subtree(Vec<i64>),
}

impl OrgScope {
    /// The scope of a staff caller (empty unless an administrator).
    pub async fn of(db: &impl ConnectionTrait, caller: &StaffCaller) -> Result<Self, DbErr> {
        if caller.role != StaffRole::Admin {
            return Ok(OrgScope::Subtree(Vec::new()));
        }
        let orgs = crate::db::orgs::list_all(db).await?;
        let own = orgs.iter().find(|o| o.id == caller.org_id.0);
        if own.is_some_and(|o| o.kind == OrgKind::Deployment) {
            return Ok(OrgScope::Deployment);
        }
        let mut members = vec![caller.org_id.0];
        let mut next = 0;
        // Breadth-first over the parent links; `members` only grows by children of members, so
        // a cycle in bad data cannot loop forever.
        while next < members.len() {
            let parent = members[next];
            for child in orgs.iter().filter(|o| o.parent_id == Some(parent)) {
                if !members.contains(&child.id) {
                    members.push(child.id);
                }
            }
            next += 1;
        }
        Ok(OrgScope::Subtree(members))
    }

    /// Whether `org_id` is within the scope.
    pub fn contains(&self, org_id: i64) -> bool {
        match self {
            OrgScope::Deployment => true,
            OrgScope::Subtree(ids) => ids.contains(&org_id),
        }
    }

    /// The scope as a condition on an organisation-id column.
    pub fn condition_on(&self, column: impl ColumnTrait) -> Condition {
        match self {
            OrgScope::Deployment => Condition::all(),
            OrgScope::Subtree(ids) => Condition::all().add(column.is_in(ids.clone())),
        }
    }

    /// Audit entries an administrator may read: those of staff of their organisations, and
    /// those about cases of their health centres (patients' own entries included).
    pub fn audit_condition(&self) -> Condition {
        match self {
            OrgScope::Deployment => Condition::all(),
            OrgScope::Subtree(ids) => Condition::any()
                .add(audit_log::Column::OrganisationId.is_in(ids.clone()))
                .add(
                    audit_log::Column::CaseId.in_subquery(
                        Query::select()
                            .column(patient_case::Column::Id)
                            .from(patient_case::Entity)
                            .and_where(patient_case::Column::HealthCentreId.is_in(ids.clone()))
                            .to_owned(),
                    ),
                ),
        }
    }
}

/// Things staff do. Case actions apply to a case within the caller's [`CaseScope`]; the others
/// to what [`OrgScope`] lets the caller manage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffAction {
    /// Read the case record and its reports (and the work list).
    ReadCase,
    /// Write a physician finding (医師所見) or amend one.
    WriteFinding,
    /// Enter a report on the patient's behalf after a call.
    ProxyReport,
    /// Record a phone call.
    LogCall,
    /// Mark reports reviewed.
    MarkReviewed,
    /// Write a message to the patient.
    SendMessage,
    /// Escalate a case to the health centre.
    Escalate,
    /// End follow-up with a reason.
    EndFollowUp,
    /// Extend the follow-up period with a reason.
    ExtendFollowUp,
    /// Set or clear the case's own SpO2 thresholds.
    SetThresholds,
    /// Register cases (by hand or CSV import).
    RegisterCase,
    /// Assign or transfer a case to a follow-up organisation.
    AssignCase,
    /// Issue or re-issue a patient's invitation.
    IssueInvitation,
    /// Manage organisations and contracts.
    ManageOrgs,
    /// Manage staff users (create, deactivate, reset two-factor).
    ManageUsers,
    /// Read the audit log.
    ReadAudit,
    /// Read and mark read one's own notifications (every staff role; nobody another's).
    ReadOwnNotifications,
    /// Read the daily implementation reports (実施報告): a health centre's staff those
    /// addressed to it, a follow-up organisation's staff and doctors its own.
    ReadImplementationReports,
    /// Read a case's inpatient status reports (入院患者の状況報告): the institution for the
    /// cases of its [`InpatientScope`], health-centre and follow-up staff for their cases.
    ReadInpatientReports,
    /// File an inpatient status report on a case of the institution's [`InpatientScope`].
    FileInpatientReport,
    /// Find a case admitted to the institution by case number and date of birth.
    FindInpatientCase,
    /// File or correct the institution's daily administrative test counts.
    FileTestCounts,
    /// Read the test-count summaries of the caller's health centre or its prefecture.
    ReadTestCountSummary,
    /// File notifications (発生届): draft, correct and submit the institution's own.
    FileNotification,
    /// Read the notifications submitted to the caller's health centre (the intake queue).
    ReadIntake,
    /// Accept a submitted notification (a case) or return it with a comment.
    DecideNotification,
}

/// Whether a staff role may do `action` (on a case, only within its scope).
pub fn staff_may(role: StaffRole, action: StaffAction) -> bool {
    use StaffAction::*;
    use StaffRole::*;
    match action {
        ReadCase => matches!(role, FollowupStaff | FollowupDoctor | HcStaff),
        ProxyReport | LogCall | MarkReviewed | SendMessage => {
            matches!(role, FollowupStaff | FollowupDoctor | HcStaff)
        }
        WriteFinding | Escalate => role == FollowupDoctor,
        EndFollowUp | ExtendFollowUp => matches!(role, FollowupDoctor | HcStaff),
        SetThresholds => role == FollowupDoctor,
        RegisterCase | AssignCase | IssueInvitation => role == HcStaff,
        ManageOrgs | ManageUsers | ReadAudit => role == Admin,
        ReadOwnNotifications => true,
        ReadImplementationReports => matches!(role, FollowupStaff | FollowupDoctor | HcStaff),
        ReadInpatientReports => {
            matches!(
                role,
                FollowupStaff | FollowupDoctor | HcStaff | InstitutionStaff
            )
        }
        FileInpatientReport | FindInpatientCase | FileTestCounts => role == InstitutionStaff,
        ReadTestCountSummary => role == HcStaff,
        FileNotification => role == InstitutionStaff,
        ReadIntake | DecideNotification => role == HcStaff,
    }
}

/// Whether `action` may be taken on a case that is in hospital (`hospitalised`: home follow-up
/// paused). Staff still record what they did and may end or reassign the follow-up; what
/// drives home follow-up — reports for the patient, messages to the app, escalation — waits
/// for the discharge home (409 `followup_paused`).
pub fn allowed_while_hospitalised(action: StaffAction) -> bool {
    use StaffAction::*;
    !matches!(
        action,
        ProxyReport | SendMessage | Escalate | IssueInvitation
    )
}

/// Which cases a caller may see the inpatient status reports of (and, for an institution,
/// file them on).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InpatientScope {
    /// A medical institution: the cases of notifications it filed that were accepted, the
    /// cases it found by case number and date of birth, and those it already reported on.
    Institution(i64),
    /// Health-centre and follow-up staff: the cases of their [`CaseScope`] (read-only).
    Cases(CaseScope),
}

impl InpatientScope {
    /// The scope of a staff caller.
    pub fn of(caller: &StaffCaller) -> Self {
        match caller.role {
            StaffRole::InstitutionStaff => InpatientScope::Institution(caller.org_id.0),
            _ => InpatientScope::Cases(CaseScope::of(caller)),
        }
    }

    /// The scope as a condition on `patient_case`.
    pub fn condition(self) -> Condition {
        match self {
            InpatientScope::Cases(scope) => scope.condition(),
            InpatientScope::Institution(org) => {
                use crate::entities::case_notification::{Column as N, Entity as Notification};
                let col = |name: &str| Expr::col(sea_orm::sea_query::Alias::new(name));
                let notified = Query::select()
                    .column(N::CaseId)
                    .from(Notification)
                    .and_where(N::InstitutionId.eq(org))
                    .and_where(N::Status.eq(NotificationStatus::Accepted.as_str()))
                    .and_where(N::CaseId.is_not_null())
                    .to_owned();
                let found = Query::select()
                    .expr(col("case_id"))
                    .from(inpatient_case_link::Entity)
                    .and_where(col("institution_id").eq(org))
                    .to_owned();
                let reported = Query::select()
                    .expr(col("case_id"))
                    .from(inpatient_report::Entity)
                    .and_where(col("institution_id").eq(org))
                    .to_owned();
                Condition::any()
                    .add(patient_case::Column::Id.in_subquery(notified))
                    .add(patient_case::Column::Id.in_subquery(found))
                    .add(patient_case::Column::Id.in_subquery(reported))
            }
        }
    }
}

/// The prefecture an organisation belongs to: its nearest ancestor (or itself) of kind
/// `prefecture`, else the root of its tree, so a deployment without prefectures is one area.
pub fn prefecture_of(orgs: &[organisation::Model], org_id: i64) -> Option<i64> {
    let mut current = orgs.iter().find(|o| o.id == org_id)?;
    // At most as many steps as there are organisations, so a cycle in bad data ends.
    for _ in 0..orgs.len() {
        if current.kind == OrgKind::Prefecture {
            break;
        }
        match current
            .parent_id
            .and_then(|parent| orgs.iter().find(|o| o.id == parent))
        {
            Some(parent) => current = parent,
            None => break,
        }
    }
    Some(current.id)
}

/// Whether a medical institution may find (and then report on) a case of `health_centre_id`:
/// only within its own prefecture, where admissions are arranged (a case elsewhere is "not
/// found", like a wrong date of birth).
pub fn institution_may_find(
    orgs: &[organisation::Model],
    institution_id: i64,
    health_centre_id: i64,
) -> bool {
    let ours = prefecture_of(orgs, institution_id);
    ours.is_some() && ours == prefecture_of(orgs, health_centre_id)
}

/// Which notifications (発生届) a staff caller may see. Outside it a notification is not
/// found (404), so ids cannot be probed; within it [`staff_may`] decides what the role may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotificationScope {
    /// A medical institution: every notification it filed, drafts included.
    Institution(i64),
    /// A health centre: what was submitted to it (and since accepted or returned); never a
    /// draft, which is the institution's alone until it is sent.
    HealthCentre(i64),
    /// Follow-up staff and administrators: none.
    None,
}

impl NotificationScope {
    /// The scope of a staff caller.
    pub fn of(caller: &StaffCaller) -> Self {
        match caller.role {
            StaffRole::InstitutionStaff => NotificationScope::Institution(caller.org_id.0),
            StaffRole::HcStaff => NotificationScope::HealthCentre(caller.org_id.0),
            StaffRole::FollowupStaff | StaffRole::FollowupDoctor | StaffRole::Admin => {
                NotificationScope::None
            }
        }
    }

    /// The scope as a condition on `case_notification`.
    pub fn condition(self) -> Condition {
        use crate::entities::case_notification::Column;
        match self {
            NotificationScope::Institution(org) => {
                Condition::all().add(Column::InstitutionId.eq(org))
            }
            NotificationScope::HealthCentre(org) => Condition::all()
                .add(Column::HealthCentreId.eq(org))
                .add(Column::Status.ne(NotificationStatus::Draft.as_str())),
            // The id is never null, so this matches nothing on every database.
            NotificationScope::None => Condition::all().add(Column::Id.is_null()),
        }
    }
}

/// How long after its follow-up ended a patient may still sign in and read a case: read-only,
/// then the case is no longer the sign-in's.
pub const PATIENT_READ_AFTER_END: chrono::Duration = chrono::Duration::days(30);

/// The cases a patient sign-in may still see at `now`: those not ended, and those ended less
/// than [`PATIENT_READ_AFTER_END`] ago. With `read_only`: every one of them has ended.
pub fn patient_visible_cases(
    cases: &[crate::db::patients::LinkedCase],
    now: chrono::DateTime<chrono::Utc>,
) -> (Vec<CaseId>, bool) {
    let visible: Vec<_> = cases
        .iter()
        .filter(|case| {
            case.ended_at
                .is_none_or(|ended| ended + PATIENT_READ_AFTER_END > now)
        })
        .collect();
    let read_only = visible.iter().all(|case| case.ended_at.is_some());
    (
        visible.iter().map(|case| CaseId(case.case_id)).collect(),
        read_only,
    )
}

/// Whether a patient sign-in reports for `case_id` (its own case or a household member's).
pub fn patient_may_report_for(caller: &PatientCaller, case_id: CaseId) -> bool {
    caller.case_ids.contains(&case_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_followup_doctors_write_findings() {
        for role in [
            StaffRole::FollowupStaff,
            StaffRole::HcStaff,
            StaffRole::InstitutionStaff,
            StaffRole::Admin,
        ] {
            assert!(!staff_may(role, StaffAction::WriteFinding), "{role:?}");
        }
        assert!(staff_may(
            StaffRole::FollowupDoctor,
            StaffAction::WriteFinding
        ));
    }

    fn org(id: i64, kind: OrgKind, parent_id: Option<i64>) -> organisation::Model {
        organisation::Model {
            id,
            kind,
            name: format!("org {id}"),
            parent_id,
            phone: None,
            time_zone: "Asia/Tokyo".to_owned(),
            created_at: chrono::DateTime::UNIX_EPOCH,
            default_followup_days: None,
            retention_years: None,
            address: None,
        }
    }

    #[test]
    fn institutions_find_cases_of_their_own_prefecture_only() {
        use mimamori_shared::api::admin::OrgKind;
        const PREFECTURE: OrgKind = OrgKind::Prefecture;
        const HEALTH_CENTRE: OrgKind = OrgKind::HealthCentre;
        const INSTITUTION: OrgKind = OrgKind::Institution;
        let orgs = [
            org(1, PREFECTURE, None),
            org(2, HEALTH_CENTRE, Some(1)),
            org(3, HEALTH_CENTRE, Some(1)),
            org(4, INSTITUTION, Some(2)),
            org(5, PREFECTURE, None),
            org(6, HEALTH_CENTRE, Some(5)),
            // Without prefectures, the root of the tree is the area.
            org(7, HEALTH_CENTRE, None),
            org(8, INSTITUTION, Some(7)),
        ];
        assert!(institution_may_find(&orgs, 4, 2));
        assert!(
            institution_may_find(&orgs, 4, 3),
            "another centre, same prefecture"
        );
        assert!(!institution_may_find(&orgs, 4, 6), "another prefecture");
        assert!(institution_may_find(&orgs, 8, 7));
        assert!(!institution_may_find(&orgs, 8, 2));
        assert!(!institution_may_find(&orgs, 99, 2), "unknown institution");
    }

    #[test]
    fn a_case_in_hospital_takes_no_home_follow_up_actions() {
        use StaffAction::*;
        for action in [ProxyReport, SendMessage, Escalate, IssueInvitation] {
            assert!(!allowed_while_hospitalised(action), "{action:?}");
        }
        for action in [
            ReadCase,
            LogCall,
            MarkReviewed,
            WriteFinding,
            EndFollowUp,
            AssignCase,
        ] {
            assert!(allowed_while_hospitalised(action), "{action:?}");
        }
    }
}
