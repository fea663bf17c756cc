//! Physician findings (医師所見).

use super::audit;
use crate::access::{CaseScope, StaffAction, staff_may};
use crate::auth::StaffCaller;
use crate::db;
use crate::entities::{finding, staff_user};
use crate::error::ApiError;
use chrono::{DateTime, Utc};
use mimamori_shared::api::findings::{CreateFinding, FindingView, Referral};
use mimamori_shared::ids::{CaseId, FindingId, ReportId};
use sea_orm::{ConnectionTrait, Set};

/// Writes a finding on a case the caller can see. Only doctors may (403 for other roles).
pub async fn create(
    db: &impl ConnectionTrait,
    caller: &StaffCaller,
    case_id: CaseId,
    request: &CreateFinding,
    now: DateTime<Utc>,
) -> Result<FindingView, ApiError> {
    let case = db::cases::find_in_scope(db, case_id.0, CaseScope::of(caller).condition())
        .await?
        .ok_or(ApiError::NotFound)?;
    if !staff_may(caller.role, StaffAction::WriteFinding) {
        return Err(ApiError::Forbidden);
    }
    request.validate().map_err(ApiError::Validation)?;
    if let Some(report_id) = request.report_id
        && db::reports::find_for_case(db, case.id, report_id.0)
            .await?
            .is_none()
    {
        return Err(ApiError::field(
            "report_id",
            "invalid",
            "the report is not one of this case's",
        ));
    }
    let stored = db::findings::insert(
        db,
        finding::ActiveModel {
            case_id: Set(case.id),
            report_id: Set(request.report_id.map(|r| r.0)),
            author_id: Set(caller.staff_id.0),
            assessment: Set(request.assessment.trim().to_owned()),
            plan: Set(request.plan.trim().to_owned()),
            referral: Set(request.referral.as_str().to_owned()),
            created_at: Set(now),
            amends_id: Set(None),
            ..Default::default()
        },
    )
    .await?;
    audit::staff(
        db,
        caller,
        audit::action::FINDING_CREATE,
        Some(case.id),
        now,
    )
    .await?;
    let author = db::staff::find(db, caller.staff_id.0).await?;
    Ok(to_view(&stored, author.as_ref()))
}

/// A stored finding as the API shows it.
pub fn to_view(model: &finding::Model, author: Option<&staff_user::Model>) -> FindingView {
    FindingView {
        id: FindingId(model.id),
        case_id: CaseId(model.case_id),
        report_id: model.report_id.map(ReportId),
        author_name: author.map(|a| a.display_name.clone()).unwrap_or_default(),
        assessment: model.assessment.clone(),
        plan: model.plan.clone(),
        referral: Referral::parse(&model.referral).unwrap_or_default(),
        created_at: model.created_at,
    }
}
