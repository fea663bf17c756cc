//! The cut-off (docs/notifications.md, "Staff notifications and cut-off"): when an organisation's
//! local time passes its cut-off for a slot (`OrgSchedule::cutoff` for the morning or only slot,
//! `afternoon_cutoff` for the afternoon slot of two-report cases), its staff get a summary of the
//! active cases that have not reported for that slot, the silent ones (two missed slots in a row)
//! first: a console notification each, and an e-mail to those with an address and to the
//! organisation's notification address.
//!
//! Follow-up organisations summarise their cases; a health centre summarises its cases not yet
//! assigned to one. Each (organisation, local day, slot) is claimed with a `job_run` marker in
//! the transaction that writes the summary, so it is made once however often, late or in how
//! many instances the job runs. A summary with no case to name is claimed but not sent.

use super::context::JobContext;
use crate::db;
use crate::db::staff_notifications::CutoffScope;
use crate::entities::organisation;
use crate::outbox::Purpose;
use crate::services::job_runs;
use crate::services::org_settings::{self, OrgSchedule};
use crate::services::staff_notifications::{
    self, CENTRE_ROLES, FOLLOWUP_ROLES, FanOut, NotificationPayload, case_link,
};
use anyhow::Context;
use chrono::NaiveDate;
use mimamori_shared::api::admin::OrgKind;
use mimamori_shared::api::staff_notifications::{NotificationKind, SUMMARY_MAX_CASES, SummaryCase};
use mimamori_shared::i18n::staff_notifications::cutoff_mail;
use mimamori_shared::ids::CaseId;
use sea_orm::TransactionTrait;

/// The `job_run` job name of cut-off summaries.
pub const JOB: &str = "cutoff";

/// Makes the summaries due at `cx.now`; returns how many were sent.
pub async fn run(cx: &JobContext) -> anyhow::Result<u64> {
    let schedules = org_settings::load_all(&cx.db).await?;
    let orgs = db::orgs::list_all(&cx.db).await?;
    let mut sent = 0;
    for org in &orgs {
        let scope = match org.kind {
            OrgKind::FollowupOrg => CutoffScope::FollowupOrg(org.id),
            OrgKind::HealthCentre => CutoffScope::Unassigned(org.id),
            _ => continue,
        };
        let Some(schedule) = schedules.get(&org.id) else {
            continue;
        };
        let local = cx.now.with_timezone(&schedule.tz);
        for (slot, cutoff) in [(1, schedule.cutoff), (2, schedule.afternoon_cutoff)] {
            if local.time() < cutoff {
                continue;
            }
            let date = local.date_naive();
            if summarise(cx, org, schedule, scope, date, slot)
                .await
                .with_context(|| format!("cut-off of organisation {} slot {slot}", org.id))?
            {
                sent += 1;
            }
        }
    }
    Ok(sent)
}

/// The `job_run` scope of one summary.
pub fn scope_key(org_id: i64, date: NaiveDate, slot: i16) -> String {
    format!("{org_id}:{date}:{slot}")
}

/// Claims and makes one summary; `true` if one was sent.
async fn summarise(
    cx: &JobContext,
    org: &organisation::Model,
    schedule: &OrgSchedule,
    scope: CutoffScope,
    date: NaiveDate,
    slot: i16,
) -> anyhow::Result<bool> {
    let key = scope_key(org.id, date, slot);
    // Most ticks find the summary made: a read spares them a write transaction.
    if job_runs::done(&cx.db, JOB, &key).await? {
        return Ok(false);
    }
    let txn = cx.db.begin().await?;
    if !job_runs::claim(&txn, JOB, &key, cx.now).await? {
        txn.rollback().await?;
        return Ok(false);
    }
    let limit = u64::try_from(SUMMARY_MAX_CASES).unwrap_or(u64::MAX);
    let missed = db::staff_notifications::missed_slot(&txn, scope, date, slot, limit).await?;
    if missed.total == 0 {
        txn.commit().await?;
        return Ok(false);
    }
    // Listed silent first (`missed_slot`): they are the ones to phone before the others.
    let listed = &missed.listed;
    let (total, silent) = (
        usize::try_from(missed.total).unwrap_or(usize::MAX),
        usize::try_from(missed.silent).unwrap_or(usize::MAX),
    );
    let roles: &[&str] = match scope {
        CutoffScope::FollowupOrg(_) => &FOLLOWUP_ROLES,
        CutoffScope::Unassigned(_) => &CENTRE_ROLES,
    };
    let recipients = db::staff_notifications::active_staff(&txn, org.id, roles).await?;
    let payload = NotificationPayload {
        slot_date: Some(date),
        slot: Some(slot),
        not_reported: Some(u32::try_from(total).unwrap_or(u32::MAX)),
        silent: Some(u32::try_from(silent).unwrap_or(u32::MAX)),
        cases: listed
            .iter()
            .map(|case| SummaryCase {
                id: CaseId(case.id),
                case_number: case.case_number.clone(),
                silent: case.silent,
            })
            .collect(),
        ..Default::default()
    };
    let lines: Vec<String> = listed
        .iter()
        .map(|case| {
            let mark = if case.silent { " ★" } else { "" };
            format!(
                "{}{mark}  {}",
                case.case_number,
                case_link(&cx.config.public_url, case.id)
            )
        })
        .collect();
    let mail = cutoff_mail(
        &date.to_string(),
        slot >= 2,
        total,
        silent,
        &lines,
        total.saturating_sub(listed.len()),
        &format!("{}/staff/", cx.config.public_url.trim_end_matches('/')),
    );
    staff_notifications::fan_out(
        &txn,
        &recipients,
        FanOut {
            kind: NotificationKind::CutoffSummary,
            purpose: Purpose::CutoffSummary,
            organisation_id: org.id,
            case_id: None,
            payload: &payload,
            mail: &mail,
            dedupe_prefix: format!("cutoff:{key}"),
            extra_addresses: schedule.notify_email.iter().cloned().collect(),
        },
        cx.now,
    )
    .await?;
    txn.commit().await?;
    tracing::info!(
        organisation_id = org.id,
        %date,
        slot,
        not_reported = total,
        silent,
        recipients = recipients.len(),
        "cut-off summary made"
    );
    Ok(true)
}
