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

/// Things staff do to a case they can see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffAction {
    /// Read the case record and its reports.
    ReadCase,
    /// Write a physician finding (医師所見).
    WriteFinding,
}

/// Whether a staff role may do `action` to a case within its scope.
pub fn staff_may(role: StaffRole, action: StaffAction) -> bool {
    match action {
        StaffAction::ReadCase => true,
        StaffAction::WriteFinding => role == StaffRole::FollowupDoctor,
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
