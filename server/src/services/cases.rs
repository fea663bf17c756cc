//! Reading cases: the staff case record, the staff's daily report list and the patient's view
//! of the cases they report for.

use super::personal_data::{self, Personal};
use super::{audit, case_events, findings, messages, reports, staff_auth::org_summary, time};
use crate::access::{CaseScope, StaffAction, staff_may};
use crate::auth::{PatientCaller, StaffCaller};
use crate::db;
use crate::entities::{organisation, patient_case};
use crate::error::ApiError;
use crate::keys::Keyring;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use mimamori_shared::api::auth::{PatientCaseView, PatientMe, StaffRole};
use mimamori_shared::api::cases::{CaseActions, CaseStatus, CaseView, RiskFactor, StaffSummary};
use mimamori_shared::api::reports::{DailyReportList, DailyReportRow};
use mimamori_shared::ids::{CaseId, StaffId};
use sea_orm::ConnectionTrait;
use std::collections::HashMap;

/// The case record for staff; every read is audited.
pub async fn get_for_staff(
    db: &impl ConnectionTrait,
    keys: &Keyring,
    caller: &StaffCaller,
    case_id: CaseId,
    now: DateTime<Utc>,
) -> Result<CaseView, ApiError> {
    let case = db::cases::find_in_scope(db, case_id.0, CaseScope::of(caller).condition())
        .await?
        .ok_or(ApiError::NotFound)?;
    audit::staff(db, caller, audit::action::CASE_READ, Some(case.id), now).await?;
    view_for_staff(db, keys, caller, &case, now).await
}

/// The record of a case the caller may see (the caller has checked the scope and audits).
pub async fn view_for_staff(
    db: &impl ConnectionTrait,
    keys: &Keyring,
    caller: &StaffCaller,
    case: &patient_case::Model,
    now: DateTime<Utc>,
) -> Result<CaseView, ApiError> {
    let orgs = orgs_by_id(db, [Some(case.health_centre_id), case.followup_org_id]).await?;
    let health_centre = orgs.get(&case.health_centre_id).ok_or(ApiError::NotFound)?;
    let today = time::local_date(now, time::zone(&health_centre.time_zone));
    let report_models = db::reports::list_for_case(db, case.id).await?;
    let report_views = report_models
        .iter()
        .map(|r| reports::to_view(keys, r))
        .collect::<Result<Vec<_>, _>>()?;
    let assigned_staff = match case.assigned_staff_id {
        Some(id) => db::staff::find(db, id).await?.map(|s| StaffSummary {
            id: StaffId(s.id),
            name: s.display_name,
        }),
        None => None,
    };
    let status = case.status;
    let personal = Personal::open(keys, case)?;
    let thresholds = match db::thresholds::current(db, case.id).await? {
        Some(row) => {
            let set_by = db::staff::find(db, row.set_by)
                .await?
                .map(|s| s.display_name);
            Some(super::case_thresholds::view(keys, &row, set_by)?)
        }
        None => None,
    };
    Ok(CaseView {
        id: CaseId(case.id),
        case_number: case.case_number.clone(),
        age: age_on(personal.birth_date, today),
        birth_date: personal.birth_date,
        name: personal.name,
        name_kana: personal.name_kana,
        sex: case.sex,
        phone: personal.phone,
        health_centre: org_summary(health_centre),
        followup_org: case
            .followup_org_id
            .and_then(|id| orgs.get(&id))
            .map(org_summary),
        followup_start: case.followup_start,
        followup_end: case.followup_end,
        day: time::day_number(case.followup_start, today),
        reports: report_views,
        findings: findings::list_for_case(db, keys, case.id).await?,
        messages: messages::list_for_case(db, keys, case.id).await?,
        address: personal.address,
        risk_factors: risk_factors(case),
        onset_date: case.onset_date,
        specimen_date: case.specimen_date,
        test_summary: personal.test_summary,
        interview_notes: personal.interview_notes,
        slots_per_day: u8::try_from(case.slots_per_day).unwrap_or(1),
        status,
        end_reason: case.end_reason,
        ended_at: case.ended_at,
        end_review_signs: super::followup_period::parse_signs(
            case.id,
            case.end_review_signs.as_deref(),
        ),
        thresholds,
        assigned_staff,
        escalated_at: case.escalated_at,
        events: case_events::list_for_case(db, keys, case.id).await?,
        allowed: allowed_actions(caller.role, status),
        inpatient_reports: super::inpatient::views_for_case(db, keys, case.id).await?,
    })
}

/// The case actions the policy allows `role` while the case is `status`: none once ended but
/// amending a finding, and in hospital only those that do not drive home follow-up.
fn allowed_actions(role: StaffRole, status: CaseStatus) -> CaseActions {
    let may = |action| {
        staff_may(role, action)
            && match status {
                CaseStatus::Active | CaseStatus::EndReview => true,
                CaseStatus::Hospitalised => crate::access::allowed_while_hospitalised(action),
                CaseStatus::Ended => false,
            }
    };
    CaseActions {
        log_call: may(StaffAction::LogCall),
        proxy_report: may(StaffAction::ProxyReport),
        mark_reviewed: may(StaffAction::MarkReviewed),
        write_finding: may(StaffAction::WriteFinding),
        amend_finding: staff_may(role, StaffAction::WriteFinding),
        escalate: may(StaffAction::Escalate),
        end_follow_up: may(StaffAction::EndFollowUp),
        extend_follow_up: may(StaffAction::ExtendFollowUp),
        set_thresholds: may(StaffAction::SetThresholds),
        send_message: may(StaffAction::SendMessage),
    }
}

/// The stored risk-factor codes (a JSON array); unknown codes are left out rather than failing
/// the whole record, and logged.
fn risk_factors(case: &patient_case::Model) -> Vec<RiskFactor> {
    let codes: Vec<String> = if case.risk_factors.trim().is_empty() {
        Vec::new()
    } else {
        serde_json::from_str(&case.risk_factors).unwrap_or_else(|_| {
            tracing::warn!(
                case_id = case.id,
                "risk_factors is not a JSON array of codes"
            );
            Vec::new()
        })
    };
    codes
        .iter()
        .filter_map(|code| RiskFactor::parse(code))
        .collect()
}

/// The reports of one day (today in the caller's organisation's time zone by default) for the
/// caller's scope: red first, then amber, then the rest, newest first within each.
pub async fn daily_reports(
    db: &impl ConnectionTrait,
    keys: &Keyring,
    caller: &StaffCaller,
    date: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> Result<DailyReportList, ApiError> {
    if !staff_may(caller.role, StaffAction::ReadCase) {
        return Err(ApiError::Forbidden);
    }
    let date = match date {
        Some(date) => date,
        None => {
            let org = db::orgs::find(db, caller.org_id.0).await?;
            time::local_date(
                now,
                org.map_or(time::DEFAULT_TZ, |o| time::zone(&o.time_zone)),
            )
        }
    };
    let rows = db::reports::list_for_day(db, date, CaseScope::of(caller).condition()).await?;
    audit::staff(db, caller, audit::action::REPORTS_LIST, None, now).await?;
    let mut items = rows
        .iter()
        .map(|(report, case)| {
            Ok(DailyReportRow {
                report: reports::to_view(keys, report)?,
                case_number: case.case_number.clone(),
                patient_name: personal_data::open_name(keys, case)?,
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    // Stable sort: rows arrive newest first, so within a flag they stay newest first.
    items.sort_by_key(|row| std::cmp::Reverse(row.report.flag));
    Ok(DailyReportList { date, items })
}

/// What a signed-in patient reports for.
pub async fn patient_me(
    db: &impl ConnectionTrait,
    keys: &Keyring,
    caller: &PatientCaller,
    now: DateTime<Utc>,
) -> Result<PatientMe, ApiError> {
    let account = db::patients::find_account(db, caller.account_id)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    let mut cases = db::cases::find_many(db, caller.case_ids.iter().map(|c| c.0).collect()).await?;
    cases.sort_by_key(|c| c.id);
    let orgs = orgs_by_id(db, cases.iter().map(|c| Some(c.health_centre_id))).await?;
    let mut views = Vec::with_capacity(cases.len());
    for case in &cases {
        let health_centre = orgs.get(&case.health_centre_id).ok_or(ApiError::NotFound)?;
        views.push(patient_case_view(db, keys, case, health_centre, now).await?);
    }
    Ok(PatientMe {
        lang: account.lang,
        cases: views,
        failed_sign_ins: 0,
    })
}

async fn patient_case_view(
    db: &impl ConnectionTrait,
    keys: &Keyring,
    case: &patient_case::Model,
    health_centre: &organisation::Model,
    now: DateTime<Utc>,
) -> Result<PatientCaseView, ApiError> {
    let tz = time::zone(&health_centre.time_zone);
    let (today, slot) = time::slot_of(now, tz, case.slots_per_day);
    Ok(PatientCaseView {
        case_id: CaseId(case.id),
        case_number: case.case_number.clone(),
        name: personal_data::open_name(keys, case)?,
        followup_start: case.followup_start,
        followup_end: case.followup_end,
        day: time::day_number(case.followup_start, today),
        slots_per_day: u8::try_from(case.slots_per_day).unwrap_or(1),
        health_centre: org_summary(health_centre),
        reported_current_slot: db::reports::exists_for_slot(db, case.id, today, slot).await?,
        status: case.status,
        thresholds: reports::case_thresholds(case).map(|(thresholds, _)| thresholds),
    })
}

async fn orgs_by_id(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Option<i64>>,
) -> Result<HashMap<i64, organisation::Model>, ApiError> {
    let ids: Vec<i64> = ids.into_iter().flatten().collect();
    Ok(db::orgs::find_many(db, ids)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect())
}

/// Age in whole years on `day`.
pub fn age_on(birth: NaiveDate, day: NaiveDate) -> u32 {
    let mut age = day.year() - birth.year();
    if (day.month(), day.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    u32::try_from(age).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::age_on;
    use chrono::NaiveDate;

    #[test]
    fn age_counts_whole_years() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(age_on(d(1950, 11, 24), d(2026, 11, 23)), 75);
        assert_eq!(age_on(d(1950, 11, 23), d(2026, 11, 23)), 76);
        assert_eq!(age_on(d(2030, 1, 1), d(2026, 11, 23)), 0);
    }
}
