//! Throttling of the inpatient case finder (docs/security.md "Limits"). A find that matches gives
//! an institution lasting access to a case, so misses are counted per institution: after [`MISSES`]
//! misses with no quiet [`WINDOW`] between them the finder is paused for the institution for
//! [`PAUSE`] (429 with `Retry-After`), the miss that paused it tells the institution's health
//! centre, and every miss is audited.
//!
//! Counted in the sign-in throttle table (`sign_in_throttle`, key `finder:org:<id>`), so the
//! count holds across instances and restarts. A match does not clear the count: one known case
//! must not buy more guesses.

use crate::auth::StaffCaller;
use crate::db;
use crate::error::ApiError;
use crate::services::audit;
use crate::services::sign_in_throttle::{blocked_until, wait_until};
use crate::services::staff_notifications::{NotificationPayload, ring_centre};
use chrono::{DateTime, Duration, Utc};
use mimamori_shared::api::staff_notifications::NotificationKind;
use sea_orm::ConnectionTrait;

/// Misses of one institution that pause its finder.
pub const MISSES: i32 = 20;
/// Misses are forgotten after this long without one.
pub const WINDOW: Duration = Duration::hours(1);
/// How long the finder stays paused.
pub const PAUSE: Duration = Duration::hours(1);

fn key(institution_id: i64) -> String {
    format!("finder:org:{institution_id}")
}

/// 429 with `Retry-After` while the caller's institution is paused.
pub async fn check(
    db: &impl ConnectionTrait,
    caller: &StaffCaller,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    match blocked_until(db, vec![key(caller.org_id.0)], now).await? {
        Some(until) => Err(wait_until(
            "finder_locked",
            "too many searches found nothing: the finder is paused for this institution",
            until,
            now,
        )),
        None => Ok(()),
    }
}

/// Counts a miss, audits it, and at the [`MISSES`]th pauses the finder and tells the health
/// centre the institution belongs to. Run it in its own transaction: a miss answers 404, and
/// what it counted must stay.
pub async fn missed(
    db: &impl ConnectionTrait,
    caller: &StaffCaller,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let key = key(caller.org_id.0);
    let misses = db::sign_in_throttle::record_failure(db, &key, now, now - WINDOW).await?;
    audit::staff(db, caller, audit::action::INPATIENT_FIND_MISSED, None, now).await?;
    if misses >= MISSES {
        db::sign_in_throttle::block(db, &key, now + PAUSE).await?;
    }
    if misses == MISSES {
        audit::staff(
            db,
            caller,
            audit::action::INPATIENT_FINDER_LOCKED,
            None,
            now,
        )
        .await?;
        tell_health_centre(db, caller.org_id.0, now).await?;
        tracing::warn!(
            institution_id = caller.org_id.0,
            "inpatient finder paused after too many misses"
        );
    }
    Ok(())
}

/// A bell for every staff member of the institution's health centre, naming the institution.
async fn tell_health_centre(
    db: &impl ConnectionTrait,
    institution_id: i64,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let orgs = db::orgs::list_all(db).await?;
    let Some(institution) = orgs.iter().find(|o| o.id == institution_id) else {
        return Ok(());
    };
    let Some(centre) = institution.parent_id else {
        return Ok(());
    };
    let payload = NotificationPayload {
        organisation_name: Some(institution.name.clone()),
        ..Default::default()
    };
    ring_centre(
        db,
        centre,
        NotificationKind::FinderLocked,
        None,
        &payload,
        now,
    )
    .await?;
    Ok(())
}
