//! The triage work list (docs/api-slice.md, "Work list"): the caller's active cases ordered red →
//! amber → not reported → unreviewed → the rest, newest report first within each, with counts per
//! bucket, filters, search and keyset pagination.

use super::org_settings::{self, OrgSchedule};
use super::personal_data;
use super::{audit, cases::age_on, time};
use crate::access::{CaseScope, StaffAction, staff_may};
use crate::auth::StaffCaller;
use crate::db;
use crate::db::worklist::{After, CaseFilter, LatestRow, Moment, PageRow, Search};
use crate::entities::codes::known_codes;
use crate::error::ApiError;
use crate::keys::{Keyring, KeyringError};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use mimamori_shared::api::cases::RiskFactor;
use mimamori_shared::api::worklist::{
    Assigned, Bucket, BucketCounts, LatestReport, OrgFilter, RiskFilter, WorkList, WorkListCursor,
    WorkListFilter, WorkListOrg, WorkListQuery, WorkListRow,
};
use mimamori_shared::ids::{CaseId, OrgId, ReportId, StaffId};
use mimamori_shared::kana::search_form;
use sea_orm::ConnectionTrait;
use std::collections::HashMap;

/// One page of the caller's work list with the counts per bucket. Audited once per call.
pub async fn list(
    db: &impl ConnectionTrait,
    keys: &Keyring,
    caller: &StaffCaller,
    query: &WorkListQuery,
    now: DateTime<Utc>,
) -> Result<WorkList, ApiError> {
    if !staff_may(caller.role, StaffAction::ReadCase) {
        return Err(ApiError::Forbidden);
    }
    let filter = query.validate().map_err(ApiError::Validation)?;
    let scope = CaseScope::of(caller);
    let own_org = db::orgs::find(db, caller.org_id.0).await?;
    let tz = own_org
        .as_ref()
        .map_or(time::DEFAULT_TZ, |o| time::zone(&o.time_zone));
    // Every page of one walk is judged at the first page's moment.
    let as_of = filter.after.map_or(now, |cursor| cursor.as_of);
    let today = time::local_date(as_of, tz);
    let schedule = org_settings::load(db, caller.org_id.0)
        .await?
        .unwrap_or_else(|| OrgSchedule::defaults(caller.org_id.0, tz));
    let moment = moment_at(as_of, &schedule);
    let is_centre = matches!(scope, CaseScope::HealthCentre(_));
    let cases = case_filter(keys, caller, scope, &filter, today);
    let limit = filter.limit as usize;

    let mut counts = BucketCounts::default();
    for (rank, count) in db::worklist::counts(db, &cases, moment).await? {
        if let Some(bucket) = Bucket::from_rank(rank.into()) {
            counts.set(bucket, u64::try_from(count).unwrap_or(0));
        }
    }
    let after = filter.after.map(|cursor| After {
        as_of: cursor.as_of,
        bucket: cursor.bucket.rank().into(),
        last_report_at: cursor.last_report_at,
        id: cursor.id.0,
    });
    let mut rows = db::worklist::page(
        db,
        &cases,
        moment,
        filter.bucket.map(|b| b.rank().into()),
        after,
        // One more than asked tells whether there is a next page.
        filter.limit as u64 + 1,
    )
    .await?;
    let next = if rows.len() > limit {
        rows.truncate(limit);
        rows.last().and_then(|row| {
            Some(
                WorkListCursor {
                    as_of,
                    bucket: Bucket::from_rank(row.bucket.into())?,
                    last_report_at: row.last_report_at,
                    id: CaseId(row.id),
                }
                .encode(),
            )
        })
    } else {
        None
    };

    let latest: HashMap<i64, LatestRow> = db::worklist::latest_reports(
        db,
        rows.iter()
            .filter_map(|r| Some((r.id, r.last_report_at?)))
            .collect(),
    )
    .await?
    .into_iter()
    .fold(HashMap::new(), |mut newest, report| {
        // Two reports stored in the same instant: the later id is the newer.
        let keep = newest
            .get(&report.case_id)
            .is_none_or(|kept: &LatestRow| kept.id < report.id);
        if keep {
            newest.insert(report.case_id, report);
        }
        newest
    });
    let mut staff_ids: Vec<i64> = rows.iter().filter_map(|r| r.assigned_staff_id).collect();
    staff_ids.sort_unstable();
    staff_ids.dedup();
    let staff_names: HashMap<i64, String> = db::staff::find_many(db, staff_ids)
        .await?
        .into_iter()
        .map(|s| (s.id, s.display_name))
        .collect();
    let (org_names, orgs) = if is_centre {
        let orgs = db::worklist::followup_orgs_of_centre(db, caller.org_id.0).await?;
        let mut names: HashMap<i64, String> = orgs.iter().map(|o| (o.id, o.name.clone())).collect();
        // A case may still sit with an organisation whose contract has ended.
        let missing: Vec<i64> = rows
            .iter()
            .filter_map(|r| r.followup_org_id)
            .filter(|id| !names.contains_key(id))
            .collect();
        if !missing.is_empty() {
            for org in db::orgs::find_many(db, missing).await? {
                names.insert(org.id, org.name);
            }
        }
        let mut orgs: Vec<WorkListOrg> = orgs
            .into_iter()
            .map(|o| WorkListOrg {
                id: OrgId(o.id),
                name: o.name,
            })
            .collect();
        orgs.sort_by(|a, b| a.name.cmp(&b.name));
        (names, orgs)
    } else {
        (HashMap::new(), Vec::new())
    };

    audit::staff(db, caller, audit::action::WORKLIST_READ, None, now).await?;
    let items = rows
        .into_iter()
        .map(|row| {
            let latest = latest.get(&row.id).map(latest_view);
            to_row(
                keys,
                row,
                today,
                latest,
                &staff_names,
                is_centre,
                &org_names,
            )
        })
        .collect::<Result<_, KeyringError>>()?;
    Ok(WorkList {
        counts,
        items,
        next,
        as_of,
        orgs,
    })
}

/// The filters as column values.
fn case_filter(
    keys: &Keyring,
    caller: &StaffCaller,
    scope: CaseScope,
    filter: &WorkListFilter,
    today: NaiveDate,
) -> CaseFilter {
    CaseFilter {
        scope: scope.condition_under_followup(),
        assigned: filter.assigned.map(|assigned| match assigned {
            Assigned::Me => Some(caller.staff_id.0),
            Assigned::Nobody => None,
            Assigned::Staff(StaffId(id)) => Some(id),
        }),
        followup_start: filter
            .day
            .map(|day| today - Duration::days(i64::from(day) - 1)),
        // 65 or over this year: born 65 years before this year or earlier. The year of birth
        // is what is kept in clear (the date is sealed), so a patient who turns 65 later this
        // year is counted already: the filter errs towards the group at risk.
        born: filter
            .age65
            .and_then(|over| Some((over, i16::try_from(today.year()).ok()?.checked_sub(65)?))),
        risk: filter.risk.map(|risk| match risk {
            RiskFilter::Any => None,
            RiskFilter::Factor(factor) => Some(factor.as_str()),
        }),
        org: filter.org.map(|org| match org {
            OrgFilter::Unassigned => None,
            OrgFilter::Org(OrgId(id)) => Some(id),
        }),
        search: filter.q.as_deref().map(|q| search(keys, q)),
    }
}

fn latest_view(report: &LatestRow) -> LatestReport {
    LatestReport {
        id: ReportId(report.id),
        flag: report.flag.shown("health_report", report.id),
        temperature_c: f64::from(report.temperature_tenths) / 10.0,
        spo2: report.spo2.and_then(|v| u8::try_from(v).ok()),
        submitted_at: report.submitted_at,
        entered_by: report.entered_by.0,
        slot_date: report.slot_date,
        slot: u8::try_from(report.slot).unwrap_or(1),
        reviewed: report.reviewed_at.is_some(),
        corrected: report.version > 1,
    }
}

fn to_row(
    keys: &Keyring,
    row: PageRow,
    today: NaiveDate,
    latest: Option<LatestReport>,
    staff_names: &HashMap<i64, String>,
    is_centre: bool,
    org_names: &HashMap<i64, String>,
) -> Result<WorkListRow, KeyringError> {
    let number = row.case_number.as_str();
    let birth_date = personal_data::open_birth_date(keys, number, &row.sealed_birth_date)?;
    let name = keys.unseal(personal_data::NAME_FIELD, number, &row.sealed_name)?;
    let name_kana = keys.unseal(
        personal_data::NAME_KANA_FIELD,
        number,
        &row.sealed_name_kana,
    )?;
    // Unknown codes (a newer server's) are left out, and logged, rather than failing the list.
    let risk_factors = known_codes::<RiskFactor>("patient_case", row.id, &row.risk_factors);
    Ok(WorkListRow {
        id: CaseId(row.id),
        age: age_on(birth_date, today),
        sex: row.sex,
        day: time::day_number(row.followup_start, today),
        slots_per_day: u8::try_from(row.slots_per_day).unwrap_or(1),
        // Ranks come from the query's own CASE, which gives only known ones.
        bucket: Bucket::from_rank(row.bucket.into()).unwrap_or(Bucket::NeedsAttention),
        unreviewed_flag: row
            .unreviewed_flag
            .as_ref()
            .map(|flag| flag.shown("patient_case", row.id)),
        latest,
        risk_factors,
        assigned_staff_id: row.assigned_staff_id.map(StaffId),
        assigned_staff_name: row
            .assigned_staff_id
            .and_then(|id| staff_names.get(&id).cloned()),
        followup_org_id: row.followup_org_id.filter(|_| is_centre).map(OrgId),
        followup_org_name: row
            .followup_org_id
            .filter(|_| is_centre)
            .and_then(|id| org_names.get(&id).cloned()),
        escalated: row.escalated_at.is_some(),
        status: row.status,
        case_number: row.case_number,
        name,
        name_kana,
    })
}

/// What a search text matches: a case number containing it (in its search form), or a case
/// with one of its blind-index tokens (`personal_data::query_tokens`: the start of a name or
/// kana typed any way, or a whole phone number).
pub fn search(keys: &Keyring, q: &str) -> Search {
    Search {
        case_number: search_form(q),
        tokens: personal_data::query_tokens(keys, q),
    }
}

/// The newest slots whose cut-off has passed at `at` in the organisation's time zone: for a
/// case with one report a day, today once the cut-off has passed, else yesterday; for a case
/// with two, today's afternoon after the afternoon cut-off, today's morning after the morning
/// one, else yesterday's afternoon.
pub fn moment_at(at: DateTime<Utc>, schedule: &OrgSchedule) -> Moment {
    let local = at.with_timezone(&schedule.tz);
    let today = local.date_naive();
    let yesterday = today.pred_opt().unwrap_or(today);
    let time = local.time();
    let due_one = if time >= schedule.cutoff {
        today
    } else {
        yesterday
    };
    let due_two = if time >= schedule.afternoon_cutoff {
        (today, 2)
    } else if time >= schedule.cutoff {
        (today, 1)
    } else {
        (yesterday, 2)
    };
    Moment { due_one, due_two }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slot_is_due_once_its_cut_off_has_passed_in_tokyo() {
        let schedule = OrgSchedule::defaults(1, time::DEFAULT_TZ);
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        // UTC hours of 11:59, 12:00, 17:59 and 18:00 in Tokyo on the 23rd.
        let at = |h, m| {
            DateTime::parse_from_rfc3339(&format!("2026-11-23T{h:02}:{m:02}:00Z"))
                .unwrap()
                .with_timezone(&Utc)
        };
        let cases = [
            (at(2, 59), day(22), (day(22), 2)),
            (at(3, 0), day(23), (day(23), 1)),
            (at(8, 59), day(23), (day(23), 1)),
            (at(9, 0), day(23), (day(23), 2)),
        ];
        for (when, one, two) in cases {
            let moment = moment_at(when, &schedule);
            assert_eq!((moment.due_one, moment.due_two), (one, two), "{when}");
        }
    }
}
