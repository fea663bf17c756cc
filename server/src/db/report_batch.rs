//! PostgreSQL: many everyday reports, of different cases, written in one statement.
//!
//! The same write as [`super::reports::insert_with_summary_and_audit`] — lock the case as read,
//! store the report unless its key is stored, add it to the case's summary, append its audit
//! entry — for a batch of reports at once: one round trip, one executor set-up and one commit
//! (one WAL flush) for the batch instead of one each (the batches are gathered by
//! [`super::report_batcher`]).

use super::cases::{SummaryValue, report_summary_set_of};
use super::reports::{CaseAsRead, bind_set_values, quoted, set_columns};
use crate::entities::{audit_log, health_report};
use mimamori_shared::api::cases::CaseStatus;
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use std::collections::HashSet;

/// One report to write: the case as it was read when the report's slot and rules were worked
/// out, the judged report and its audit entry.
#[derive(Debug, Clone)]
pub struct ReportToWrite {
    /// The case.
    pub case_id: i64,
    /// Its status as read.
    pub status: CaseStatus,
    /// Its reports a day as read.
    pub slots_per_day: i16,
    /// Its health centre as read.
    pub health_centre_id: i64,
    /// The report, judged.
    pub report: health_report::ActiveModel,
    /// The audit entry of its creation.
    pub audit: audit_log::ActiveModel,
}

impl ReportToWrite {
    /// The case as read, for the one-report write.
    pub fn as_read(&self) -> CaseAsRead {
        CaseAsRead {
            case_id: self.case_id,
            status: self.status,
            slots_per_day: self.slots_per_day,
            health_centre_id: self.health_centre_id,
        }
    }

    /// The columns its report and its audit entry set: reports can share a statement only when
    /// these are the same.
    pub fn columns(&self) -> (Vec<&'static str>, Vec<&'static str>) {
        (set_columns(&self.report), set_columns(&self.audit))
    }
}

/// Writes `batch` in one statement and returns the reports it stored. A report is left out,
/// with nothing of it written, when its case under the lock is no longer as read or its key
/// is already stored; the caller sends those the transaction path, as for one report. Every
/// case may appear once, and all must set the same columns ([`ReportToWrite::columns`]);
/// otherwise nothing is written and an error returned.
pub async fn insert_many_with_summary_and_audit(
    db: &impl ConnectionTrait,
    batch: &[&ReportToWrite],
) -> Result<Vec<health_report::Model>, DbErr> {
    let Some(first) = batch.first() else {
        return Ok(Vec::new());
    };
    let columns = first.columns();
    let mut cases = HashSet::new();
    if batch
        .iter()
        .any(|item| !cases.insert(item.case_id) || item.columns() != columns)
    {
        return Err(DbErr::Custom(
            "a report batch must have one report a case, all setting the same columns".to_owned(),
        ));
    }
    let mut binds = super::Binds::new(db.get_database_backend());
    let mut rows = Vec::with_capacity(batch.len());
    for item in batch {
        let mut row = vec![
            binds.bind(item.case_id),
            binds.bind(item.status.as_str()),
            binds.bind(item.slots_per_day),
            binds.bind(item.health_centre_id),
        ];
        // Every item sets the same columns (checked above), so its values line up with them.
        row.extend(bind_set_values(&mut binds, &item.report));
        row.extend(bind_set_values(&mut binds, &item.audit));
        rows.push(format!("({})", row.join(", ")));
    }
    let named = |prefix: &str, columns: &[&str]| {
        columns
            .iter()
            .map(|c| format!("{prefix}{c}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (report_columns, audit_columns) = &columns;
    let input_columns = format!(
        "k_case_id, k_status, k_slots_per_day, k_health_centre_id, {}, {}",
        named("r_", report_columns),
        named("a_", audit_columns)
    );
    let set = report_summary_set_of(|value| {
        match value {
            SummaryValue::At => "s.submitted_at",
            SummaryValue::Day => "s.slot_date",
            SummaryValue::Slot => "s.slot",
            SummaryValue::Flag => "s.flag",
        }
        .to_owned()
    });
    // The cases are locked in id order, so two batches, or a batch and a transaction that
    // locks several cases, wait for each other instead of deadlocking. Every part sees the
    // statement's snapshot; each locked row is rechecked at its latest version after a wait,
    // and the summary's UPDATE applies to that version (as for one report).
    let sql = format!(
        "WITH input ({input_columns}) AS (VALUES {values}), \
         locked AS (SELECT c.id FROM patient_case c JOIN input i ON i.k_case_id = c.id \
           AND c.status = i.k_status AND c.slots_per_day = i.k_slots_per_day \
           AND c.health_centre_id = i.k_health_centre_id ORDER BY c.id FOR UPDATE OF c), \
         stored AS (INSERT INTO health_report ({report_quoted}) \
           SELECT {report_values} FROM input i JOIN locked l ON l.id = i.k_case_id \
           ON CONFLICT (case_id, idempotency_key) DO NOTHING RETURNING *), \
         summary AS (UPDATE patient_case {set} FROM stored s WHERE patient_case.id = s.case_id), \
         audit AS (INSERT INTO audit_log ({audit_quoted}) \
           SELECT {audit_values} FROM input i JOIN stored s ON s.case_id = i.k_case_id) \
         SELECT * FROM stored",
        values = rows.join(", "),
        report_quoted = quoted(report_columns),
        report_values = named("i.r_", report_columns),
        audit_quoted = quoted(audit_columns),
        audit_values = named("i.a_", audit_columns),
    );
    let stored = db.query_all_raw(binds.statement(sql)).await?;
    stored
        .iter()
        .map(|row| health_report::Model::from_query_result(row, ""))
        .collect()
}
