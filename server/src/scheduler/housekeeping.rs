//! Daily housekeeping: sessions that can no longer be used and invitations that can no longer be
//! redeemed are deleted once a day (UTC), so the database keeps no token hash longer than it is
//! good for (docs/security.md, "Retention"). A staff session ends 12 hours after sign-in or 30
//! minutes after its last request, a patient's at its expiry; an invitation is kept 30 days after
//! it was used or expired, so that a patient who opens an old link is told it was used or has
//! expired (and to sign in, or ask for a new one) rather than that it is unknown; counts of failed
//! sign-ins go a day after the last failure once they refuse nothing. Then the
//! retention purge (`services::retention`) removes the personal data of cases ended longer ago
//! than their prefecture's retention period.

use super::context::JobContext;
use crate::auth::{STAFF_ABSOLUTE_TIMEOUT, STAFF_IDLE_TIMEOUT};
use crate::db;
use crate::services::{job_runs, retention, sign_in_throttle};
use chrono::Duration;
use sea_orm::TransactionTrait;

/// How long a used or expired invitation is kept.
pub const INVITATION_KEPT: Duration = Duration::days(30);

/// The job's name in `job_run`.
const JOB: &str = "housekeeping";

/// Deletes, once a day, what can no longer be used; returns how many rows went (0 on every
/// later tick of the day).
pub async fn run(cx: &JobContext) -> anyhow::Result<u64> {
    let scope = cx.now.date_naive().to_string();
    if job_runs::done(&cx.db, JOB, &scope).await? {
        return Ok(0);
    }
    let txn = cx.db.begin().await?;
    if !job_runs::claim(&txn, JOB, &scope, cx.now).await? {
        return Ok(0);
    }
    let deleted = db::housekeeping::delete_staff_sessions(
        &txn,
        cx.now - STAFF_ABSOLUTE_TIMEOUT,
        cx.now - STAFF_IDLE_TIMEOUT,
    )
    .await?
        + db::housekeeping::delete_patient_sessions(&txn, cx.now).await?
        + db::housekeeping::delete_invitations(&txn, cx.now - INVITATION_KEPT).await?
        + db::sign_in_throttle::delete_quiet(&txn, cx.now - sign_in_throttle::FORGET_AFTER).await?;
    txn.commit().await?;
    // After the day's mark: a purge that fails half-way is taken up again tomorrow, case by
    // case (each is purged once, in its own transaction).
    let mail_outbox = cx
        .config
        .smtp_url
        .is_none()
        .then_some(cx.config.mail_outbox_dir.as_path());
    let purged = retention::run(&cx.db, &cx.keys, mail_outbox, cx.now).await?;
    Ok(deleted + purged.total())
}
