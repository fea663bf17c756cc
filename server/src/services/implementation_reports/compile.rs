//! Compiling a day's implementation reports: the counts of each pair of health centre and
//! follow-up organisation over the day's window, stored once and e-mailed.

use super::export::{CSV_TYPE, Sheet, XLSX_TYPE, file_name};
use crate::db;
use crate::db::implementation_reports::{Pair, Window};
use crate::outbox::{self, EmailPayload, NewDelivery, Payload, Purpose, StoredAttachment};
use crate::services::job_runs;
use crate::services::org_settings::{self, OrgSchedule};
use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use mimamori_shared::api::implementation_reports::ImplementationCounts;
use sea_orm::{ConnectionTrait, DbErr, TransactionSession, TransactionTrait};
use std::collections::{BTreeMap, HashMap, HashSet};

/// The `job_run` job name of a health centre's reports of one day (scope `{hc}:{date}`).
pub const JOB: &str = "implementation_report";

/// The moment `time` on local day `day` in `tz`; the earlier of two in a repeated hour, and
/// the hour after a skipped one.
fn at_local(day: NaiveDate, time: NaiveTime, tz: Tz) -> DateTime<Utc> {
    let local = day.and_time(time);
    match tz.from_local_datetime(&local).earliest() {
        Some(moment) => moment.with_timezone(&Utc),
        None => tz
            .from_local_datetime(&(local + chrono::Duration::hours(1)))
            .earliest()
            .map(|m| m.with_timezone(&Utc))
            .unwrap_or_else(|| local.and_utc()),
    }
}

/// The window of local day `day` for a health centre with `schedule`.
pub fn window(day: NaiveDate, schedule: &OrgSchedule) -> Window {
    Window {
        day,
        start: at_local(day, NaiveTime::MIN, schedule.tz),
        cut: at_local(day, schedule.report_time, schedule.tz),
    }
}

/// Compiles the counts of every pair of the health centres `hc_ids` for one window, with seven
/// grouped queries whatever the number of pairs. Pairs without any activity get zeros.
pub async fn compile(
    db: &impl ConnectionTrait,
    hc_ids: &[i64],
    w: &Window,
) -> Result<BTreeMap<Pair, ImplementationCounts>, DbErr> {
    let mut counts: BTreeMap<Pair, ImplementationCounts> = BTreeMap::new();
    for pair in db::implementation_reports::pairs(db, hc_ids).await? {
        counts.insert(pair, ImplementationCounts::default());
    }
    let n = |value: i64| u64::try_from(value).unwrap_or(0);
    for (pair, under, new) in db::implementation_reports::case_counts(db, hc_ids, w).await? {
        let entry = counts.entry(pair).or_default();
        entry.under_followup = n(under);
        entry.new_cases = n(new);
    }
    for (pair, labels, count) in db::implementation_reports::ended_counts(db, hc_ids, w).await? {
        let entry = counts.entry(pair).or_default();
        let slot = match labels.first().cloned().flatten().as_deref() {
            Some("period_completed") => &mut entry.ended_period_completed,
            Some("hospitalised") => &mut entry.ended_hospitalised,
            Some("transferred") => &mut entry.ended_transferred,
            Some("died") => &mut entry.ended_died,
            _ => &mut entry.ended_other,
        };
        *slot += n(count);
    }
    for (pair, labels, count) in db::implementation_reports::report_counts(db, hc_ids, w).await? {
        let entry = counts.entry(pair).or_default();
        let entered_by = labels.first().cloned().flatten();
        let flag = labels.get(1).cloned().flatten();
        if entered_by.as_deref() == Some("staff") {
            entry.reports_proxy += n(count);
        } else {
            entry.reports_app += n(count);
        }
        match flag.as_deref() {
            Some("red") => entry.red += n(count),
            Some("amber") => entry.amber += n(count),
            _ => {}
        }
    }
    let reported: HashMap<Pair, u64> = db::implementation_reports::reported_cases(db, hc_ids, w)
        .await?
        .into_iter()
        .map(|(pair, count)| (pair, n(count)))
        .collect();
    // A case in hospital cannot report: it is not a non-reporter.
    let in_hospital: HashMap<Pair, u64> =
        db::implementation_reports::in_hospital_unreported(db, hc_ids, w)
            .await?
            .into_iter()
            .map(|(pair, count)| (pair, n(count)))
            .collect();
    for (pair, entry) in counts.iter_mut() {
        entry.not_reported = entry
            .under_followup
            .saturating_sub(reported.get(pair).copied().unwrap_or(0))
            .saturating_sub(in_hospital.get(pair).copied().unwrap_or(0));
    }
    for (pair, count) in db::implementation_reports::call_counts(db, hc_ids, w).await? {
        counts.entry(pair).or_default().contact_attempts = n(count);
    }
    for (pair, count) in db::implementation_reports::finding_counts(db, hc_ids, w).await? {
        counts.entry(pair).or_default().findings = n(count);
    }
    let admitted: HashSet<(Pair, i64)> = db::implementation_reports::admission_cases(db, hc_ids, w)
        .await?
        .into_iter()
        .collect();
    for (pair, _case) in admitted {
        counts.entry(pair).or_default().referred_admission += 1;
    }
    Ok(counts)
}

/// Compiles the reports of one health centre for any local date, from what is stored (for
/// re-runs and checks): the same numbers every time for a date whose report time has passed.
/// `None` if the organisation does not exist.
pub async fn compile_for_date(
    db: &impl ConnectionTrait,
    health_centre_id: i64,
    day: NaiveDate,
) -> Result<Option<BTreeMap<Pair, ImplementationCounts>>, DbErr> {
    let Some(schedule) = org_settings::load(db, health_centre_id).await? else {
        return Ok(None);
    };
    compile(db, &[health_centre_id], &window(day, &schedule))
        .await
        .map(Some)
}

/// Compiles and stores the reports of one health centre for `day`, e-mailing each newly stored
/// one; pairs already reported that day are left alone, so this never sends twice. For the
/// scheduler, and for an administrator re-running a missed day. Returns how many reports were
/// stored.
pub async fn compile_and_store(
    db: &(impl ConnectionTrait + TransactionTrait),
    health_centre_id: i64,
    day: NaiveDate,
    now: DateTime<Utc>,
) -> anyhow::Result<u64> {
    let Some(schedule) = org_settings::load(db, health_centre_id).await? else {
        return Ok(0);
    };
    let w = window(day, &schedule);
    let counts = compile(db, &[health_centre_id], &w).await?;
    let recipients = recipients(
        db,
        &[health_centre_id],
        &HashMap::from([(health_centre_id, schedule)]),
    )
    .await?;
    let names = names(db, &counts).await?;
    store(
        db,
        health_centre_id,
        day,
        &counts,
        recipients
            .get(&health_centre_id)
            .map(Vec::as_slice)
            .unwrap_or(&[]),
        &names,
        false,
        now,
    )
    .await
}

/// The `job_run` scope of health centre `hc`'s reports of `day`.
pub(crate) fn scope(hc: i64, day: NaiveDate) -> String {
    format!("{hc}:{day}")
}

/// Who gets a health centre's reports: its notification address if set, else each active
/// health-centre staff member with an address. Each with the dedupe suffix of the delivery.
pub(crate) async fn recipients(
    db: &impl ConnectionTrait,
    hc_ids: &[i64],
    schedules: &HashMap<i64, OrgSchedule>,
) -> Result<HashMap<i64, Vec<(String, String)>>, DbErr> {
    let mut out: HashMap<i64, Vec<(String, String)>> = HashMap::new();
    let mut without: Vec<i64> = Vec::new();
    for hc in hc_ids {
        match schedules
            .get(hc)
            .and_then(|s| s.notify_email.clone())
            .filter(|a| !a.trim().is_empty())
        {
            Some(address) => {
                out.insert(*hc, vec![("notify".to_owned(), address)]);
            }
            None => without.push(*hc),
        }
    }
    if !without.is_empty() {
        for user in db::implementation_reports::hc_staff_with_email(db, &without).await? {
            if let Some(address) = user.email.filter(|a| !a.trim().is_empty()) {
                out.entry(user.organisation_id)
                    .or_default()
                    .push((format!("staff:{}", user.id), address));
            }
        }
    }
    Ok(out)
}

pub(crate) async fn names(
    db: &impl ConnectionTrait,
    counts: &BTreeMap<Pair, ImplementationCounts>,
) -> Result<HashMap<i64, String>, DbErr> {
    let mut ids: Vec<i64> = counts.keys().flat_map(|(hc, org)| [*hc, *org]).collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(db::implementation_reports::organisations(db, ids)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect())
}

/// Stores one health centre's reports of a day in one transaction, with their e-mails, and
/// takes the day's `job_run` marker. With `require_claim`, nothing is done if the marker was
/// taken already (another run did the day).
#[allow(clippy::too_many_arguments)]
pub(crate) async fn store(
    db: &(impl ConnectionTrait + TransactionTrait),
    hc: i64,
    day: NaiveDate,
    counts: &BTreeMap<Pair, ImplementationCounts>,
    recipients: &[(String, String)],
    names: &HashMap<i64, String>,
    require_claim: bool,
    now: DateTime<Utc>,
) -> anyhow::Result<u64> {
    let txn = db.begin().await?;
    let claimed = job_runs::claim(&txn, JOB, &scope(hc, day), now).await?;
    if require_claim && !claimed {
        txn.rollback().await?;
        return Ok(0);
    }
    let mut stored = 0;
    for (pair, pair_counts) in counts {
        let json = serde_json::to_string(pair_counts)?;
        let Some(row) =
            db::implementation_reports::insert_once(&txn, *pair, day, json, now).await?
        else {
            continue;
        };
        stored += 1;
        let sheet = Sheet {
            day,
            health_centre: names.get(&pair.0).cloned().unwrap_or_default(),
            followup_org: names.get(&pair.1).cloned().unwrap_or_default(),
            counts: *pair_counts,
        };
        let attachments = vec![
            StoredAttachment::new(file_name(&row, "csv"), CSV_TYPE, &sheet.csv()?),
            StoredAttachment::new(file_name(&row, "xlsx"), XLSX_TYPE, &sheet.xlsx()?),
        ];
        let (subject, text_body) = sheet.email();
        let deliveries = recipients
            .iter()
            .map(|(key, address)| NewDelivery {
                dedupe_key: format!("implementation_report:{}:{key}", row.id),
                purpose: Purpose::ImplementationReport,
                case_id: None,
                payload: Payload::Email(EmailPayload {
                    to: address.clone(),
                    subject: subject.clone(),
                    text_body: text_body.clone(),
                    attachments: attachments.clone(),
                }),
            })
            .collect();
        outbox::enqueue(&txn, deliveries, now).await?;
    }
    txn.commit().await?;
    Ok(stored)
}
