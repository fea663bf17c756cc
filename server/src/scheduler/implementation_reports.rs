//! Daily implementation reports (実施報告): at each health centre's report time, one report per
//! follow-up organisation serving it, stored once and e-mailed to the health centre
//! (`services::implementation_reports`, which also
//! compiles a given day on demand).

use super::context::JobContext;
use crate::db;
use crate::db::implementation_reports::{Pair, Window};
use crate::services::implementation_reports::compile::{
    JOB, compile, names, recipients, scope, store, window,
};
use crate::services::{org_settings, time};
use chrono::{DateTime, Days, NaiveDate, Utc};
use mimamori_shared::api::implementation_reports::ImplementationCounts;
use sea_orm::{ConnectionTrait, TransactionTrait};
use std::collections::BTreeMap;

/// Runs the job for `cx.now`: compiles and stores the reports of every health centre whose
/// report time has passed and whose day is not done yet. Returns how many reports were stored.
pub async fn run(cx: &JobContext) -> anyhow::Result<u64> {
    run_due(&cx.db, cx.now).await
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
