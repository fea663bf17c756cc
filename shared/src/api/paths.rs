//! The path parameters of the API, one type per shape of path. The server extracts them with
//! `ApiPath` (an id that does not parse is a problem+json 404) and documents them from these
//! types, so a parameter's name, type and description are written once.

use crate::ids::{
    CaseId, CaseNotificationId, ContractId, FindingId, ImplementationReportId, OrgId, ReportId,
    StaffId,
};
use serde::{Deserialize, Serialize};

/// `…/cases/{case_id}…`
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Path))]
pub struct CasePath {
    /// The case.
    pub case_id: CaseId,
}

/// `…/cases/{case_id}/reports/{report_id}…`
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Path))]
pub struct CaseReportPath {
    /// The case.
    pub case_id: CaseId,
    /// One of its reports.
    pub report_id: ReportId,
}

/// `…/cases/{case_id}/findings/{finding_id}…`
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Path))]
pub struct CaseFindingPath {
    /// The case.
    pub case_id: CaseId,
    /// One of its findings (the one amended).
    pub finding_id: FindingId,
}

/// `…/contracts/{contract_id}`
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Path))]
pub struct ContractPath {
    /// The contract.
    pub contract_id: ContractId,
}

/// `…/case-notifications/{notification_id}…`
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Path))]
pub struct NotificationPath {
    /// The notification (発生届).
    pub notification_id: CaseNotificationId,
}

/// `…/orgs/{org_id}…`
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Path))]
pub struct OrgPath {
    /// The organisation.
    pub org_id: OrgId,
}

/// `…/implementation-reports/{report_id}…`
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Path))]
pub struct ImplementationReportPath {
    /// The implementation report.
    pub report_id: ImplementationReportId,
}

/// `…/users/{staff_id}…`
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Path))]
pub struct StaffPath {
    /// The staff user.
    pub staff_id: StaffId,
}
