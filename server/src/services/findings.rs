//! Physician findings (医師所見). An amendment is a new finding pointing at the one it amends;
//! the finding amended is never changed, so the record keeps what was written, by whom and when.

use super::audit;
use super::case_gate::{case_for_action, in_scope_for};
use crate::access::{StaffAction, staff_may};
use crate::auth::StaffCaller;
use crate::db;
use crate::entities::{finding, patient_case, staff_user};
use crate::error::ApiError;
use crate::keys::{Keyring, KeyringError};
use crate::services::sealed_text;
use crate::services::staff_notifications::{NotificationPayload, ring_centre};
use chrono::{DateTime, Utc};
use mimamori_shared::api::findings::{CreateFinding, FindingView};
use mimamori_shared::api::staff_notifications::NotificationKind;
use mimamori_shared::ids::{CaseId, FindingId, ReportId};
use sea_orm::{Condition, ConnectionTrait, Set};
use std::collections::HashMap;

/// The sealed columns of `finding`, as named in the associated data (the row's `seal_id`).
pub const ASSESSMENT_FIELD: &str = "finding.assessment";
/// The plan.
pub const PLAN_FIELD: &str = "finding.plan";

/// Writes a finding on a case the caller can see. Only doctors may (403 for other roles); not
/// on an ended case (409).
pub async fn create(
    db: &impl ConnectionTrait,
    keys: &Keyring,
    caller: &StaffCaller,
    case_id: CaseId,
    request: &CreateFinding,
    now: DateTime<Utc>,
) -> Result<FindingView, ApiError> {
    let case = case_for_action(db, caller, case_id, StaffAction::WriteFinding).await?;
    request.validate().map_err(ApiError::Validation)?;
    check_report(db, case.id, request.report_id).await?;
    let stored = db::findings::insert(
        db,
        new_finding(keys, caller, case.id, request, request.report_id, None, now),
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
    Ok(to_view(keys, &stored, author.as_ref())?)
}

/// Amends a finding of the case: stores the new text as a finding whose `amends_id` is
/// `finding_id`. Without a `report_id` the amendment is about the same report as the finding
/// amended. A finding of another case is 404. An ended case's findings may still be amended
/// (an amendment corrects the record; it is not follow-up).
///
/// After the organisation's access to the case lapsed (`access::CaseScope`), a doctor of the
/// organisation may still amend a finding one of its doctors wrote, and nothing else: the
/// amendment goes to the health centre, whose staff are told, and the answer shows only the
/// amendment (docs/security.md, "Lapse of a follow-up organisation's access").
pub async fn amend(
    db: &impl ConnectionTrait,
    keys: &Keyring,
    caller: &StaffCaller,
    case_id: CaseId,
    finding_id: FindingId,
    request: &CreateFinding,
    now: DateTime<Utc>,
) -> Result<FindingView, ApiError> {
    let (case, amended, lapsed) =
        match in_scope_for(db, caller, case_id, StaffAction::WriteFinding).await {
            Ok(case) => {
                let amended = db::findings::find_for_case(db, case.id, finding_id.0)
                    .await?
                    .ok_or(ApiError::NotFound)?;
                (case, amended, false)
            }
            Err(ApiError::NotFound) if staff_may(caller.role, StaffAction::WriteFinding) => {
                let (case, amended) = lapsed_finding(db, caller, case_id, finding_id).await?;
                (case, amended, true)
            }
            Err(error) => return Err(error),
        };
    request.validate().map_err(ApiError::Validation)?;
    check_report(db, case.id, request.report_id).await?;
    let report_id = request.report_id.or(amended.report_id.map(ReportId));
    let stored = db::findings::insert(
        db,
        new_finding(
            keys,
            caller,
            case.id,
            request,
            report_id,
            Some(amended.id),
            now,
        ),
    )
    .await?;
    let action = if lapsed {
        tell_health_centre(db, caller, &case, now).await?;
        audit::action::FINDING_AMEND_AFTER_LAPSE
    } else {
        audit::action::FINDING_AMEND
    };
    audit::staff(db, caller, action, Some(case.id), now).await?;
    let author = db::staff::find(db, caller.staff_id.0).await?;
    Ok(to_view(keys, &stored, author.as_ref())?)
}

/// A case out of the caller's scope and its finding `finding_id`, when one of the caller's
/// organisation's doctors wrote that finding (the organisation once followed the case); 404
/// otherwise, so nothing about other cases can be probed. A purged case is 404.
async fn lapsed_finding(
    db: &impl ConnectionTrait,
    caller: &StaffCaller,
    case_id: CaseId,
    finding_id: FindingId,
) -> Result<(patient_case::Model, finding::Model), ApiError> {
    let amended = db::findings::find_for_case(db, case_id.0, finding_id.0)
        .await?
        .ok_or(ApiError::NotFound)?;
    let author = db::staff::find(db, amended.author_id).await?;
    if author.is_none_or(|author| author.organisation_id != caller.org_id.0) {
        return Err(ApiError::NotFound);
    }
    let case = db::cases::find_in_scope(db, case_id.0, Condition::all())
        .await?
        .filter(|case| case.purged_at.is_none())
        .ok_or(ApiError::NotFound)?;
    Ok((case, amended))
}

/// Tells every active staff member of the case's health centre that a finding was amended
/// after the organisation's access lapsed: the health centre now holds the record.
async fn tell_health_centre(
    db: &impl ConnectionTrait,
    caller: &StaffCaller,
    case: &patient_case::Model,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let organisation = db::orgs::find(db, caller.org_id.0).await?;
    let payload = NotificationPayload {
        case_number: Some(case.case_number.clone()),
        organisation_name: organisation.map(|o| o.name),
        ..Default::default()
    };
    ring_centre(
        db,
        case.health_centre_id,
        NotificationKind::AmendedAfterLapse,
        Some(case.id),
        &payload,
        now,
    )
    .await?;
    Ok(())
}

/// The findings of a case for its record: originals newest first, each with its amendments
/// oldest first; every entry but the newest of its group is marked superseded.
pub async fn list_for_case(
    db: &impl ConnectionTrait,
    keys: &Keyring,
    case_id: i64,
) -> Result<Vec<FindingView>, ApiError> {
    let models = db::findings::list_for_case(db, case_id).await?;
    let mut author_ids: Vec<i64> = models.iter().map(|f| f.author_id).collect();
    author_ids.sort_unstable();
    author_ids.dedup();
    let authors: HashMap<i64, staff_user::Model> = db::staff::find_many(db, author_ids)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let views = models
        .iter()
        .map(|f| to_view(keys, f, authors.get(&f.author_id)))
        .collect::<Result<_, _>>()?;
    Ok(group(views))
}

/// Groups findings (newest first) under the original each one amends, directly or through
/// other amendments. An amendment whose original is missing stands on its own.
fn group(newest_first: Vec<FindingView>) -> Vec<FindingView> {
    let parent: HashMap<FindingId, Option<FindingId>> =
        newest_first.iter().map(|f| (f.id, f.amends_id)).collect();
    let root_of = |mut id: FindingId| {
        // Bounded by the number of findings, so a (corrupt) cycle cannot loop forever.
        for _ in 0..parent.len() {
            match parent.get(&id).copied().flatten() {
                Some(up) if parent.contains_key(&up) => id = up,
                _ => break,
            }
        }
        id
    };
    let mut amendments: HashMap<FindingId, Vec<FindingView>> = HashMap::new();
    let mut roots = Vec::new();
    for finding in newest_first {
        let root = root_of(finding.id);
        if root == finding.id {
            roots.push(finding);
        } else {
            amendments.entry(root).or_default().push(finding);
        }
    }
    for root in &mut roots {
        let mut list = amendments.remove(&root.id).unwrap_or_default();
        list.reverse();
        root.superseded = !list.is_empty();
        let last = list.len().saturating_sub(1);
        for (i, amendment) in list.iter_mut().enumerate() {
            amendment.superseded = i < last;
        }
        root.amendments = list;
    }
    roots
}

async fn check_report(
    db: &impl ConnectionTrait,
    case_id: i64,
    report_id: Option<ReportId>,
) -> Result<(), ApiError> {
    if let Some(report_id) = report_id
        && db::reports::find_for_case(db, case_id, report_id.0)
            .await?
            .is_none()
    {
        return Err(ApiError::field(
            "report_id",
            "invalid",
            "the report is not one of this case's",
        ));
    }
    Ok(())
}

fn new_finding(
    keys: &Keyring,
    caller: &StaffCaller,
    case_id: i64,
    request: &CreateFinding,
    report_id: Option<ReportId>,
    amends_id: Option<i64>,
    now: DateTime<Utc>,
) -> finding::ActiveModel {
    let seal_id = sealed_text::new_seal_id();
    finding::ActiveModel {
        case_id: Set(case_id),
        report_id: Set(report_id.map(|r| r.0)),
        author_id: Set(caller.staff_id.0),
        sealed_assessment: Set(keys.seal(ASSESSMENT_FIELD, &seal_id, request.assessment.trim())),
        sealed_plan: Set(keys.seal(PLAN_FIELD, &seal_id, request.plan.trim())),
        seal_id: Set(seal_id),
        referral: Set(request.referral),
        created_at: Set(now),
        amends_id: Set(amends_id),
        ..Default::default()
    }
}

/// A stored finding as the API shows it (on its own: no amendments attached).
pub fn to_view(
    keys: &Keyring,
    model: &finding::Model,
    author: Option<&staff_user::Model>,
) -> Result<FindingView, KeyringError> {
    Ok(FindingView {
        id: FindingId(model.id),
        case_id: CaseId(model.case_id),
        report_id: model.report_id.map(ReportId),
        author_name: author.map(|a| a.display_name.clone()).unwrap_or_default(),
        assessment: keys.unseal(ASSESSMENT_FIELD, &model.seal_id, &model.sealed_assessment)?,
        plan: keys.unseal(PLAN_FIELD, &model.seal_id, &model.sealed_plan)?,
        referral: model.referral,
        created_at: model.created_at,
        amends_id: model.amends_id.map(FindingId),
        superseded: false,
        amendments: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(id: i64, amends: Option<i64>) -> FindingView {
        FindingView {
            id: FindingId(id),
            case_id: CaseId(1),
            report_id: None,
            author_name: "dr".into(),
            assessment: format!("text {id}"),
            plan: String::new(),
            referral: mimamori_shared::api::findings::Referral::None,
            created_at: DateTime::UNIX_EPOCH,
            amends_id: amends.map(FindingId),
            superseded: false,
            amendments: Vec::new(),
        }
    }

    fn ids(list: &[FindingView]) -> Vec<i64> {
        list.iter().map(|f| f.id.0).collect()
    }

    #[test]
    fn amendments_gather_under_their_original_oldest_first() {
        // Newest first, as stored: 4 amends 3 which amends 1; 2 stands alone.
        let grouped = group(vec![
            finding(4, Some(3)),
            finding(3, Some(1)),
            finding(2, None),
            finding(1, None),
        ]);
        assert_eq!(ids(&grouped), [2, 1]);
        assert!(!grouped[0].superseded && grouped[0].amendments.is_empty());
        let original = &grouped[1];
        assert!(original.superseded, "the original is replaced, not removed");
        assert_eq!(ids(&original.amendments), [3, 4]);
        assert!(original.amendments[0].superseded);
        assert!(!original.amendments[1].superseded, "the newest is current");
    }

    #[test]
    fn an_amendment_without_its_original_stands_alone() {
        let grouped = group(vec![finding(5, Some(99))]);
        assert_eq!(ids(&grouped), [5]);
        assert!(!grouped[0].superseded);
    }
}
