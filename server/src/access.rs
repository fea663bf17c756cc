//! The access policy (DESIGN.md §1): the only place that decides what a caller may see and do.
//!
//! A staff caller becomes a [`CaseScope`], which becomes a query condition on cases; handlers
//! never read a case without it. A record outside the scope is simply not found (404), so ids
//! cannot be probed; only within the scope does [`staff_may`] decide between doing it and 403.
//! Requests about no particular case (lists, registration, administration) answer 403 to roles
//! that may not use them. `tests/tests/api/policy_matrix.rs` checks every staff endpoint as every
//! role against these rules.

use crate::auth::{PatientCaller, StaffCaller};
use crate::entities::{audit_log, patient_case};
use mimamori_shared::api::auth::StaffRole;
use mimamori_shared::ids::CaseId;
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, DbErr};

/// Which cases a staff caller may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseScope {
    /// Cases assigned to this follow-up organisation.
    FollowupOrg(i64),
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
            StaffRole::FollowupStaff | StaffRole::FollowupDoctor => {
                CaseScope::FollowupOrg(caller.org_id.0)
            }
            StaffRole::HcStaff => CaseScope::HealthCentre(caller.org_id.0),
            StaffRole::InstitutionStaff | StaffRole::Admin => CaseScope::NoCases,
        }
    }

    /// The scope as a condition on `patient_case`.
    pub fn condition(self) -> Condition {
        match self {
            CaseScope::FollowupOrg(org) => {
                Condition::all().add(patient_case::Column::FollowupOrgId.eq(org))
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
        if own.is_some_and(|o| o.kind == crate::db::orgs::kind::DEPLOYMENT) {
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
        EndFollowUp => matches!(role, FollowupDoctor | HcStaff),
        RegisterCase | AssignCase | IssueInvitation => role == HcStaff,
        ManageOrgs | ManageUsers | ReadAudit => role == Admin,
        ReadOwnNotifications => true,
        ReadImplementationReports => matches!(role, FollowupStaff | FollowupDoctor | HcStaff),
    }
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
}
