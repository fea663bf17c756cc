//! Administrative test counts (行政検査実施数): an institution files one record a day and may
//! correct it (replaced, revision counted up, every version in the audit log); health centres read
//! sums by day and by institution for their centre or their prefecture, also as CSV. Not patient
//! data, but official figures: every write is audited.

use super::implementation_reports::{CSV_TYPE, ReportFile, csv_with_bom};
use super::{audit, time};
use crate::access::{StaffAction, prefecture_of, staff_may};
use crate::auth::StaffCaller;
use crate::db;
use crate::entities::{organisation, test_count};
use crate::error::ApiError;
use crate::services::staff_auth::org_summary;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use mimamori_shared::api::admin::OrgKind;
use mimamori_shared::api::cases::StaffSummary;
use mimamori_shared::api::test_counts::{
    CORRECTION_DAYS, DayTotal, InstitutionTotal, SummaryLevel, TestCountForm, TestCountList,
    TestCountQuery, TestCountSummary, TestCountSummaryQuery, TestCountView, TestCounts, date_range,
};
use mimamori_shared::ids::StaffId;
use sea_orm::{ConnectionTrait, Set, TransactionSession, TransactionTrait};
use std::collections::{BTreeMap, HashMap};

/// Days a summary covers when the query names none.
const DEFAULT_SUMMARY_DAYS: i64 = 7;

/// The caller's own organisation, when the role may do `action` (403 otherwise).
async fn own_org(
    db: &impl ConnectionTrait,
    caller: &StaffCaller,
    action: StaffAction,
) -> Result<organisation::Model, ApiError> {
    if !staff_may(caller.role, action) {
        return Err(ApiError::Forbidden);
    }
    db::orgs::find(db, caller.org_id.0)
        .await?
        .ok_or(ApiError::Forbidden)
}

/// `PUT /test-counts/{date}`: files the day's counts, or corrects them (the record is
/// replaced and its revision goes up). `date` is `YYYY-MM-DD` in the institution's time zone;
/// every error is a 422 field error (`date` or a count).
pub async fn put(
    db: &(impl ConnectionTrait + TransactionTrait),
    caller: &StaffCaller,
    date: &str,
    form: &TestCountForm,
    now: DateTime<Utc>,
) -> Result<TestCountView, ApiError> {
    let institution = own_org(db, caller, StaffAction::FileTestCounts).await?;
    let today = time::local_date(now, time::zone(&institution.time_zone));
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d");
    let counts = match (date, form.validate(date.unwrap_or(today), today)) {
        (Ok(_), Ok(counts)) => counts,
        (Ok(_), Err(errors)) => return Err(ApiError::Validation(errors)),
        (Err(_), result) => {
            let mut errors = vec![mimamori_shared::api::FieldError::custom(
                "date",
                "invalid",
                "a date as YYYY-MM-DD",
            )];
            errors.extend(result.err().unwrap_or_default());
            return Err(ApiError::Validation(errors));
        }
    };
    let date = date.unwrap_or(today);
    // An institution is placed under the health centre with jurisdiction over it.
    let health_centre_id = institution.parent_id.ok_or(ApiError::Conflict {
        code: "no_health_centre",
        detail: "The institution is not placed under a health centre.",
    })?;
    let number = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
    let txn = db.begin().await?;
    db::test_counts::lock_institution(&txn, institution.id).await?;
    let existing = db::test_counts::find(&txn, institution.id, date).await?;
    let revision = existing.as_ref().map_or(1, |row| row.revision + 1);
    let mut row: test_count::ActiveModel = match existing {
        Some(row) => row.into(),
        None => test_count::ActiveModel {
            institution_id: Set(institution.id),
            date: Set(date),
            ..Default::default()
        },
    };
    row.health_centre_id = Set(health_centre_id);
    row.pcr_performed = Set(number(counts.pcr_performed));
    row.pcr_positive = Set(number(counts.pcr_positive));
    row.antigen_performed = Set(number(counts.antigen_performed));
    row.antigen_positive = Set(number(counts.antigen_positive));
    row.revision = Set(revision);
    row.updated_at = Set(now);
    row.updated_by = Set(caller.staff_id.0);
    let saved = db::test_counts::save(&txn, row).await?;
    audit::staff_detail(
        &txn,
        caller,
        audit::action::TEST_COUNT_UPDATE,
        None,
        format!("date:{date}:revision:{revision}"),
        now,
    )
    .await?;
    txn.commit().await?;
    let names = staff_names(db, std::slice::from_ref(&saved)).await?;
    Ok(view(&saved, &names))
}

/// `GET /test-counts`: the institution's own days in the range (default: the days that can
/// still be corrected), newest first.
pub async fn list(
    db: &impl ConnectionTrait,
    caller: &StaffCaller,
    query: &TestCountQuery,
    now: DateTime<Utc>,
) -> Result<TestCountList, ApiError> {
    let institution = own_org(db, caller, StaffAction::FileTestCounts).await?;
    let today = time::local_date(now, time::zone(&institution.time_zone));
    let (from, to) = date_range(query.from, query.to, today, CORRECTION_DAYS + 1)
        .map_err(ApiError::Validation)?;
    let rows = db::test_counts::of_institution(db, institution.id, from, to).await?;
    let names = staff_names(db, &rows).await?;
    Ok(TestCountList {
        institution: org_summary(&institution),
        items: rows.iter().map(|row| view(row, &names)).collect(),
    })
}

/// `GET /test-counts/summary`: the sums of the caller's health centre's institutions, or of
/// every institution of its prefecture, by day (every day of the range) and by institution
/// (every institution of the area, by name).
pub async fn summary(
    db: &impl ConnectionTrait,
    caller: &StaffCaller,
    query: &TestCountSummaryQuery,
    now: DateTime<Utc>,
) -> Result<TestCountSummary, ApiError> {
    Ok(summary_with_rows(db, caller, query, now).await?.0)
}

/// The summary and the records it sums.
async fn summary_with_rows(
    db: &impl ConnectionTrait,
    caller: &StaffCaller,
    query: &TestCountSummaryQuery,
    now: DateTime<Utc>,
) -> Result<(TestCountSummary, Vec<test_count::Model>), ApiError> {
    let centre = own_org(db, caller, StaffAction::ReadTestCountSummary).await?;
    let today = time::local_date(now, time::zone(&centre.time_zone));
    let (from, to) = date_range(query.from, query.to, today, DEFAULT_SUMMARY_DAYS)
        .map_err(ApiError::Validation)?;
    let level = query.level.unwrap_or(SummaryLevel::HealthCentre);
    let orgs = db::orgs::list_all(db).await?;
    let by_id: HashMap<i64, &organisation::Model> = orgs.iter().map(|o| (o.id, o)).collect();
    let (area, centres): (&organisation::Model, Vec<i64>) = match level {
        SummaryLevel::HealthCentre => (&centre, vec![centre.id]),
        SummaryLevel::Prefecture => {
            let prefecture = prefecture_of(&orgs, centre.id)
                .and_then(|id| by_id.get(&id).copied())
                .filter(|org| org.kind == OrgKind::Prefecture)
                .ok_or_else(|| {
                    ApiError::field(
                        "level",
                        "no_prefecture",
                        "this health centre is not placed under a prefecture",
                    )
                })?;
            let centres = orgs
                .iter()
                .filter(|o| o.kind == OrgKind::HealthCentre && o.parent_id == Some(prefecture.id))
                .map(|o| o.id)
                .collect();
            (prefecture, centres)
        }
    };
    let rows = db::test_counts::of_centres(db, centres.clone(), from, to).await?;
    // Every institution of the area, and any that filed here before moving elsewhere.
    let mut institutions: BTreeMap<i64, i64> = orgs
        .iter()
        .filter(|o| o.kind == OrgKind::Institution)
        .filter_map(|o| {
            o.parent_id
                .filter(|p| centres.contains(p))
                .map(|p| (o.id, p))
        })
        .collect();
    for row in &rows {
        institutions
            .entry(row.institution_id)
            .or_insert(row.health_centre_id);
    }
    let mut by_institution: Vec<InstitutionTotal> = institutions
        .iter()
        .filter_map(|(&id, &centre_id)| {
            let institution = by_id.get(&id)?;
            let centre = by_id.get(&centre_id)?;
            let mut total = InstitutionTotal {
                institution: org_summary(institution),
                health_centre: org_summary(centre),
                counts: TestCounts::default(),
                days_reported: 0,
            };
            for row in rows.iter().filter(|r| r.institution_id == id) {
                total.counts.add(&counts_of(row));
                total.days_reported += 1;
            }
            Some(total)
        })
        .collect();
    by_institution.sort_by(|a, b| {
        a.institution
            .name
            .cmp(&b.institution.name)
            .then(a.institution.id.0.cmp(&b.institution.id.0))
    });
    let by_day: Vec<DayTotal> = days(from, to)
        .map(|date| {
            let mut day = DayTotal {
                date,
                counts: TestCounts::default(),
                institutions_reporting: 0,
            };
            for row in rows.iter().filter(|r| r.date == date) {
                day.counts.add(&counts_of(row));
                day.institutions_reporting += 1;
            }
            day
        })
        .collect();
    let mut total = TestCounts::default();
    for day in &by_day {
        total.add(&day.counts);
    }
    let summary = TestCountSummary {
        level,
        area: org_summary(area),
        from,
        to,
        by_day,
        by_institution,
        total,
    };
    Ok((summary, rows))
}

/// The column headers of the summary CSV.
pub const CSV_HEADERS: [&str; 8] = [
    "日付",
    "保健所",
    "医療機関",
    "PCR検査実施件数",
    "PCR検査陽性件数",
    "抗原検査実施件数",
    "抗原検査陽性件数",
    "報告",
];

/// `GET /test-counts/summary.csv`: the summary's figures as one row per institution and day
/// (UTF-8 with BOM, Japanese headers); a day an institution did not file has empty counts and
/// 未報告 in the last column.
pub async fn summary_csv(
    db: &impl ConnectionTrait,
    caller: &StaffCaller,
    query: &TestCountSummaryQuery,
    now: DateTime<Utc>,
) -> Result<ReportFile, ApiError> {
    let (summary, rows) = summary_with_rows(db, caller, query, now).await?;
    let filed: HashMap<(i64, NaiveDate), &test_count::Model> = rows
        .iter()
        .map(|row| ((row.institution_id, row.date), row))
        .collect();
    let mut lines = Vec::new();
    for day in days(summary.from, summary.to) {
        for institution in &summary.by_institution {
            let mut line = vec![
                day.to_string(),
                institution.health_centre.name.clone(),
                institution.institution.name.clone(),
            ];
            match filed.get(&(institution.institution.id.0, day)) {
                Some(row) => {
                    let c = counts_of(row);
                    line.extend(
                        [
                            c.pcr_performed,
                            c.pcr_positive,
                            c.antigen_performed,
                            c.antigen_positive,
                        ]
                        .map(|n| n.to_string()),
                    );
                    line.push("済".to_owned());
                }
                None => {
                    line.extend(std::iter::repeat_n(String::new(), 4));
                    line.push("未報告".to_owned());
                }
            }
            lines.push(line);
        }
    }
    Ok(ReportFile {
        filename: format!(
            "test-counts_{}_{}_{}.csv",
            summary.level.as_str(),
            summary.from,
            summary.to
        ),
        content_type: CSV_TYPE,
        bytes: csv_with_bom(&CSV_HEADERS, lines)?,
    })
}

fn days(from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    let count = (to - from).num_days().max(-1) + 1;
    (0..count).map(move |n| from + Duration::days(n))
}

fn counts_of(row: &test_count::Model) -> TestCounts {
    let n = |v: i64| u64::try_from(v).unwrap_or(0);
    TestCounts {
        pcr_performed: n(row.pcr_performed),
        pcr_positive: n(row.pcr_positive),
        antigen_performed: n(row.antigen_performed),
        antigen_positive: n(row.antigen_positive),
    }
}

async fn staff_names(
    db: &impl ConnectionTrait,
    rows: &[test_count::Model],
) -> Result<HashMap<i64, String>, ApiError> {
    let mut ids: Vec<i64> = rows.iter().map(|r| r.updated_by).collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(db::staff::find_many(db, ids)
        .await?
        .into_iter()
        .map(|s| (s.id, s.display_name))
        .collect())
}

fn view(row: &test_count::Model, names: &HashMap<i64, String>) -> TestCountView {
    TestCountView {
        date: row.date,
        counts: counts_of(row),
        revision: u32::try_from(row.revision).unwrap_or(0),
        updated_at: row.updated_at,
        updated_by: StaffSummary {
            id: StaffId(row.updated_by),
            name: names.get(&row.updated_by).cloned().unwrap_or_default(),
        },
    }
}
