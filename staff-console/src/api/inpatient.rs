//! Calls of the inpatient status reports (入院患者の状況報告).

use super::{decode, json, transport};
use mimamori_shared::api::Problem;
use mimamori_shared::api::inpatient::{
    FindInpatientCase, InpatientCase, InpatientCaseList, InpatientHistory, InpatientReportForm,
    InpatientReportView,
};
use mimamori_shared::ids::CaseId;

/// `GET /api/staff/inpatients`: the cases the institution may report on, in hospital first.
pub async fn inpatients() -> Result<InpatientCaseList, Problem> {
    let (status, body) = transport::send("GET", "/api/staff/inpatients", None).await?;
    decode(status, &body)
}

/// `POST /api/staff/inpatients/find`: a case admitted here that another institution notified;
/// 404 when the number and date of birth do not both match.
pub async fn find(request: &FindInpatientCase) -> Result<InpatientCase, Problem> {
    let url = "/api/staff/inpatients/find";
    let (status, body) = transport::send("POST", url, Some(json(request)?)).await?;
    decode(status, &body)
}

/// `GET /api/staff/cases/{id}/inpatient-reports`: every report of the case, newest first.
pub async fn history(id: CaseId) -> Result<InpatientHistory, Problem> {
    let (status, body) = transport::send("GET", &reports_url(id), None).await?;
    decode(status, &body)
}

/// `POST /api/staff/cases/{id}/inpatient-reports`: a new report (201).
pub async fn file_report(
    id: CaseId,
    request: &InpatientReportForm,
) -> Result<InpatientReportView, Problem> {
    let (status, body) = transport::send("POST", &reports_url(id), Some(json(request)?)).await?;
    decode(status, &body)
}

fn reports_url(id: CaseId) -> String {
    format!("/api/staff/cases/{id}/inpatient-reports")
}
