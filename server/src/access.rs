//! The access policy (DESIGN.md §1): the only place that decides what a caller may see and do.
//!
//! A staff caller becomes a [`CaseScope`], which becomes a query condition on cases; handlers
//! never read a case without it. A record outside the scope is simply not found (404), so ids
//! cannot be probed.

use crate::auth::{PatientCaller, StaffCaller};
use crate::entities::patient_case;
use mimamori_shared::api::auth::StaffRole;
use mimamori_shared::ids::CaseId;
use sea_orm::{ColumnTrait, Condition};

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
