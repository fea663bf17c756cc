//! Daily implementation reports (実施報告, issue 5 item 5; DESIGN.md §2 flow 8): every day at a
//! health centre's report time, one report per follow-up organisation serving it, stored once
//! and e-mailed to the health centre with CSV and XLSX attachments; and the staff API that
//! lists and downloads them.
//!
//! Every count is defined from stored timestamps, for local day D in the health centre's time
//! zone and the cut C = D at its report time, so compiling a past date again gives the same
//! numbers (docs/notifications.md, "Daily implementation reports", defines each count).

use super::audit;
use super::org_settings::{self, OrgSchedule};
use super::{job_runs, time};
use crate::access::{StaffAction, staff_may};
use crate::auth::StaffCaller;
use crate::db;
use crate::db::implementation_reports::{Pair, Window};
use crate::entities::{implementation_report, organisation};
use crate::error::ApiError;
use crate::outbox::{self, EmailPayload, NewDelivery, Payload, Purpose, StoredAttachment};
use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use mimamori_shared::api::FieldError;
use mimamori_shared::api::auth::StaffRole;
use mimamori_shared::api::implementation_reports::{
    ImplementationCounts, ImplementationReportList, ImplementationReportQuery,
    ImplementationReportView, MAX_ITEMS,
};
use mimamori_shared::i18n::Lang;
use mimamori_shared::i18n::staff_reports_daily::count_label;
use mimamori_shared::ids::OrgId;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, TransactionSession, TransactionTrait,
};
use std::collections::{BTreeMap, HashMap, HashSet};

/// The `job_run` job name of a health centre's reports of one day (scope `{hc}:{date}`).
pub const JOB: &str = "implementation_report";

/// MIME type of the CSV attachment and download.
pub const CSV_TYPE: &str = "text/csv; charset=utf-8";
/// MIME type of the XLSX attachment and download.
pub const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

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
    // A case in hospital cannot report: it is not a non-reporter (issue 6).
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

/// What the scheduler does each tick: for every health centre whose report time has passed
/// today (or yesterday, catching up a day the server was down at that time; never a day before
/// the centre existed), compiles and stores the day's reports unless done already. Returns how
/// many reports were stored.
pub async fn run_due(
    db: &(impl ConnectionTrait + TransactionTrait),
    now: DateTime<Utc>,
) -> anyhow::Result<u64> {
    let schedules = org_settings::load_all(db).await?;
    let centres = db::implementation_reports::health_centres(db).await?;
    let mut candidates: Vec<(i64, NaiveDate)> = Vec::new();
    for centre in &centres {
        let Some(schedule) = schedules.get(&centre.id) else {
            continue;
        };
        let local = now.with_timezone(&schedule.tz);
        let today = local.date_naive();
        let created = time::local_date(centre.created_at, schedule.tz);
        let mut days = Vec::with_capacity(2);
        if let Some(yesterday) = today.checked_sub_days(Days::new(1)) {
            days.push(yesterday);
        }
        if now >= window(today, schedule).cut {
            days.push(today);
        }
        candidates.extend(
            days.into_iter()
                .filter(|day| *day >= created)
                .map(|day| (centre.id, day)),
        );
    }
    let done = db::implementation_reports::done_scopes(
        db,
        JOB,
        candidates
            .iter()
            .map(|(hc, day)| scope(*hc, *day))
            .collect(),
    )
    .await?;
    let mut by_window: BTreeMap<(NaiveDate, DateTime<Utc>, DateTime<Utc>), Vec<i64>> =
        BTreeMap::new();
    for (hc, day) in candidates {
        if done.contains(&scope(hc, day)) {
            continue;
        }
        if let Some(schedule) = schedules.get(&hc) {
            let w = window(day, schedule);
            by_window
                .entry((w.day, w.start, w.cut))
                .or_default()
                .push(hc);
        }
    }
    let mut stored = 0;
    for ((day, start, cut), hc_ids) in by_window {
        let w = Window { day, start, cut };
        let counts = compile(db, &hc_ids, &w).await?;
        let recipients = recipients(db, &hc_ids, &schedules).await?;
        let names = names(db, &counts).await?;
        for hc in hc_ids {
            let own: BTreeMap<Pair, ImplementationCounts> = counts
                .range((hc, i64::MIN)..=(hc, i64::MAX))
                .map(|(pair, c)| (*pair, *c))
                .collect();
            stored += store(
                db,
                hc,
                day,
                &own,
                recipients.get(&hc).map(Vec::as_slice).unwrap_or(&[]),
                &names,
                true,
                now,
            )
            .await?;
        }
    }
    Ok(stored)
}

fn scope(hc: i64, day: NaiveDate) -> String {
    format!("{hc}:{day}")
}

/// Who gets a health centre's reports: its notification address if set, else each active
/// health-centre staff member with an address. Each with the dedupe suffix of the delivery.
async fn recipients(
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

async fn names(
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
async fn store(
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

/// The file name of a report's CSV or XLSX file (ASCII, so every mail client and browser keeps
/// it).
pub fn file_name(row: &implementation_report::Model, ext: &str) -> String {
    format!(
        "implementation-report_{}_hc{}_org{}.{ext}",
        row.report_date, row.health_centre_id, row.followup_org_id
    )
}

/// A CSV file as the offices' spreadsheets read it: UTF-8 with a byte-order mark (so Excel in
/// Japan reads it as UTF-8), CRLF line ends, the header row, then the rows. Every CSV the
/// server hands out (implementation reports, test-count summaries) is written by this.
pub fn csv_with_bom<R, F>(headers: &[&str], rows: R) -> anyhow::Result<Vec<u8>>
where
    R: IntoIterator<Item = Vec<F>>,
    F: AsRef<[u8]>,
{
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(vec![0xEF, 0xBB, 0xBF]);
    writer.write_record(headers)?;
    for row in rows {
        writer.write_record(&row)?;
    }
    writer.into_inner().map_err(|e| anyhow::anyhow!("{e}"))
}

/// One report as a table row.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// The day reported on.
    pub day: NaiveDate,
    /// Name of the health centre.
    pub health_centre: String,
    /// Name of the follow-up organisation.
    pub followup_org: String,
    /// The counts.
    pub counts: ImplementationCounts,
}

impl Sheet {
    /// The Japanese column headers.
    pub fn headers() -> Vec<&'static str> {
        let mut headers = vec!["報告日", "保健所", "委託先"];
        headers.extend(
            ImplementationCounts::default()
                .entries()
                .iter()
                .map(|(key, _)| count_label(key, Lang::Ja)),
        );
        headers
    }

    /// CSV: UTF-8 with a byte-order mark (so Excel in Japan reads it as UTF-8), CRLF line ends,
    /// a Japanese header row and one row of data.
    pub fn csv(&self) -> anyhow::Result<Vec<u8>> {
        let mut record = vec![
            self.day.to_string(),
            self.health_centre.clone(),
            self.followup_org.clone(),
        ];
        record.extend(self.counts.entries().iter().map(|(_, n)| n.to_string()));
        csv_with_bom(&Self::headers(), [record])
    }

    /// XLSX: one worksheet 「実施報告」 with the same header row and data row as the CSV; the
    /// counts are numbers.
    pub fn xlsx(&self) -> anyhow::Result<Vec<u8>> {
        use rust_xlsxwriter::{Format, Workbook};
        let mut workbook = Workbook::new();
        let bold = Format::new().set_bold();
        let sheet = workbook.add_worksheet();
        sheet.set_name("実施報告")?;
        for (col, header) in Self::headers().into_iter().enumerate() {
            sheet.write_string_with_format(0, col_index(col), header, &bold)?;
        }
        sheet.write_string(1, 0, self.day.to_string())?;
        sheet.write_string(1, 1, &self.health_centre)?;
        sheet.write_string(1, 2, &self.followup_org)?;
        for (i, (_, n)) in self.counts.entries().iter().enumerate() {
            // Counts stay far below 2^53, exact as f64.
            sheet.write_number(1, col_index(i + 3), *n as f64)?;
        }
        sheet.set_column_width(1, 20)?;
        sheet.set_column_width(2, 20)?;
        Ok(workbook.save_to_buffer()?)
    }

    /// Subject and plain-text body of the e-mail: Japanese, then English.
    pub fn email(&self) -> (String, String) {
        let subject = format!(
            "【見守り】実施報告 {} {} / Implementation report",
            self.day, self.followup_org
        );
        let mut body = format!(
            "{} 御中\n\n{} の健康観察の実施状況を報告します（委託先：{}）。\n\n",
            self.health_centre, self.day, self.followup_org
        );
        for (key, n) in self.counts.entries() {
            body.push_str(&format!("{}：{n}\n", count_label(key, Lang::Ja)));
        }
        body.push_str(
            "\n同じ内容を CSV と Excel のファイルで添付します。スタッフ画面の「実施報告」でも確認できます。\n\n",
        );
        body.push_str("----\n");
        body.push_str(&format!(
            "To {}: the implementation report of {} for {}.\n\n",
            self.health_centre, self.followup_org, self.day
        ));
        for (key, n) in self.counts.entries() {
            body.push_str(&format!("{}: {n}\n", count_label(key, Lang::En)));
        }
        body.push_str(
            "\nThe same figures are attached as CSV and Excel files, and shown on the staff \
             console's \"Implementation reports\" page.\n",
        );
        (subject, body)
    }
}

fn col_index(col: usize) -> u16 {
    u16::try_from(col).unwrap_or(u16::MAX)
}

// ---------------------------------------------------------------------------------------------
// The staff API.

/// Which reports a caller may read: a health centre's staff those addressed to it, follow-up
/// staff and doctors those of their organisation. Others are refused (403).
fn scope_of(caller: &StaffCaller) -> Result<Condition, ApiError> {
    use implementation_report::Column as I;
    if !staff_may(caller.role, StaffAction::ReadImplementationReports) {
        return Err(ApiError::Forbidden);
    }
    match caller.role {
        StaffRole::HcStaff => Ok(Condition::all().add(I::HealthCentreId.eq(caller.org_id.0))),
        StaffRole::FollowupStaff | StaffRole::FollowupDoctor => {
            Ok(Condition::all().add(I::FollowupOrgId.eq(caller.org_id.0)))
        }
        StaffRole::InstitutionStaff | StaffRole::Admin => Err(ApiError::Forbidden),
    }
}

fn counts_of(row: &implementation_report::Model) -> Result<ImplementationCounts, ApiError> {
    serde_json::from_str(&row.counts)
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("stored report counts: {e}")))
}

async fn views(
    db: &impl ConnectionTrait,
    rows: &[implementation_report::Model],
) -> Result<Vec<ImplementationReportView>, ApiError> {
    let mut ids: Vec<i64> = rows
        .iter()
        .flat_map(|r| [r.health_centre_id, r.followup_org_id])
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let names: HashMap<i64, String> = db::implementation_reports::organisations(db, ids)
        .await?
        .into_iter()
        .map(|o: organisation::Model| (o.id, o.name))
        .collect();
    rows.iter()
        .map(|row| {
            Ok(ImplementationReportView {
                id: row.id,
                report_date: row.report_date,
                health_centre_id: OrgId(row.health_centre_id),
                health_centre_name: names
                    .get(&row.health_centre_id)
                    .cloned()
                    .unwrap_or_default(),
                followup_org_id: OrgId(row.followup_org_id),
                followup_org_name: names.get(&row.followup_org_id).cloned().unwrap_or_default(),
                compiled_at: row.compiled_at,
                counts: counts_of(row)?,
            })
        })
        .collect()
}

/// The caller's reports within the dates, newest first. Audited.
pub async fn list(
    db: &impl ConnectionTrait,
    caller: &StaffCaller,
    query: &ImplementationReportQuery,
    now: DateTime<Utc>,
) -> Result<ImplementationReportList, ApiError> {
    let scope = scope_of(caller)?;
    if let (Some(from), Some(to)) = (query.from, query.to)
        && from > to
    {
        return Err(ApiError::Validation(vec![FieldError::custom(
            "to",
            "before_from",
            "must not be before `from`",
        )]));
    }
    let rows = db::implementation_reports::list(db, scope, query.from, query.to, MAX_ITEMS).await?;
    audit::staff(
        db,
        caller,
        audit::action::IMPLEMENTATION_REPORTS_LIST,
        None,
        now,
    )
    .await?;
    Ok(ImplementationReportList {
        items: views(db, &rows).await?,
    })
}

async fn find(
    db: &impl ConnectionTrait,
    caller: &StaffCaller,
    id: i64,
) -> Result<implementation_report::Model, ApiError> {
    let scope = scope_of(caller)?;
    db::implementation_reports::find(db, scope, id)
        .await?
        .ok_or(ApiError::NotFound)
}

/// One report of the caller's scope (404 outside it). Audited.
pub async fn get(
    db: &impl ConnectionTrait,
    caller: &StaffCaller,
    id: i64,
    now: DateTime<Utc>,
) -> Result<ImplementationReportView, ApiError> {
    let row = find(db, caller, id).await?;
    audit::staff_detail(
        db,
        caller,
        audit::action::IMPLEMENTATION_REPORT_READ,
        None,
        format!("report:{id}"),
        now,
    )
    .await?;
    let mut views = views(db, std::slice::from_ref(&row)).await?;
    views.pop().ok_or(ApiError::NotFound)
}

/// The format of a downloaded report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    /// CSV, UTF-8 with BOM.
    Csv,
    /// Excel workbook.
    Xlsx,
}

/// A report as a file.
#[derive(Debug, Clone)]
pub struct ReportFile {
    /// File name for Content-Disposition.
    pub filename: String,
    /// MIME type.
    pub content_type: &'static str,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// One report of the caller's scope as a CSV or XLSX file, as attached to the e-mail. Audited.
pub async fn file(
    db: &impl ConnectionTrait,
    caller: &StaffCaller,
    id: i64,
    format: FileFormat,
    now: DateTime<Utc>,
) -> Result<ReportFile, ApiError> {
    let row = find(db, caller, id).await?;
    let view = views(db, std::slice::from_ref(&row))
        .await?
        .pop()
        .ok_or(ApiError::NotFound)?;
    let sheet = Sheet {
        day: view.report_date,
        health_centre: view.health_centre_name,
        followup_org: view.followup_org_name,
        counts: view.counts,
    };
    let (ext, content_type, bytes) = match format {
        FileFormat::Csv => ("csv", CSV_TYPE, sheet.csv()?),
        FileFormat::Xlsx => ("xlsx", XLSX_TYPE, sheet.xlsx()?),
    };
    audit::staff_detail(
        db,
        caller,
        audit::action::IMPLEMENTATION_REPORT_READ,
        None,
        format!("report:{id}:{ext}"),
        now,
    )
    .await?;
    Ok(ReportFile {
        filename: file_name(&row, ext),
        content_type,
        bytes,
    })
}
