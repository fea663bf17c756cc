//! Reminders to report (docs/notifications.md, "Reminders").
//!
//! A case whose patient has not reported for the current slot is reminded when the patient's
//! window opens (slot 1: the account's own window, 08:00–10:00 by default; slot 2 of a two-slot
//! case: from the organisation's afternoon reminder time, for as long as the patient's window
//! lasts), and nudged a second time `second_nudge` after the first if still silent and still in
//! the window. Never in the organisation's quiet hours, never outside the follow-up period,
//! never for a case that is not active (ended or hospitalised), never twice for the same
//! (date, slot, nudge): the case's `reminded_*` columns and the outbox key both say so.
//! The job enqueues; `outbox::sender` sends by web push, then e-mail, and writes the timeline.

use super::context::JobContext;
use crate::db::reminders::{self, Candidate, CandidateQuery};
use crate::outbox::{self, NewDelivery, PatientNotice, Payload, Purpose};
use crate::services::org_settings::{self, OrgSchedule};
use crate::services::time::SECOND_SLOT_FROM_HOUR;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Timelike, Utc};
use mimamori_shared::i18n::patient_notices::Notice;
use sea_orm::TransactionTrait;
use std::collections::{HashMap, HashSet};

/// Cases handled per transaction (keeps SQLite's write lock short under the morning rush).
const CHUNK: usize = 1_000;

/// Enqueues every reminder due at `cx.now`; returns how many.
pub async fn run(cx: &JobContext) -> anyhow::Result<u64> {
    let schedules = org_settings::load_all(&cx.db).await?;
    let mut enqueued = 0;
    // One query per time zone and slot.
    for zone in org_settings::by_zone(&schedules) {
        let min_nudge = zone
            .orgs
            .iter()
            .filter_map(|id| schedules.get(id))
            .map(|s| s.second_nudge)
            .min()
            .unwrap_or_else(|| Duration::minutes(60));
        let local = cx.now.with_timezone(&zone.tz);
        let afternoon = local.hour() >= SECOND_SLOT_FROM_HOUR;
        let mut slots = vec![1];
        if afternoon {
            slots.push(2);
        }
        for slot in slots {
            let query = CandidateQuery {
                today: local.date_naive(),
                slot,
                now_hm: local.format("%H:%M").to_string(),
                nudge_before: cx.now - min_nudge,
                orgs: zone.filter().map(<[i64]>::to_vec),
                include_two_slot: !afternoon,
            };
            let candidates = reminders::candidates(&cx.db, &query).await?;
            let due = due_reminders(candidates, &schedules, slot, cx.now);
            enqueued += enqueue(cx, due, query.today, slot).await?;
        }
    }
    Ok(enqueued)
}

/// A reminder decided on.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Due {
    case: Candidate,
    nudge: i16,
}

/// Which candidates are due which nudge now, by their organisation's times.
fn due_reminders(
    candidates: Vec<Candidate>,
    schedules: &HashMap<i64, OrgSchedule>,
    slot: i16,
    now: DateTime<Utc>,
) -> Vec<Due> {
    let mut seen = HashSet::new();
    candidates
        .into_iter()
        // A case reported for by two accounts appears twice; one reminder is enough.
        .filter(|case| seen.insert(case.id))
        .filter_map(|case| {
            let org = case.followup_org_id.unwrap_or(case.health_centre_id);
            let schedule = schedules.get(&org)?;
            let nudge = nudge_due(&case, schedule, slot, now)?;
            Some(Due { case, nudge })
        })
        .collect()
}

/// The nudge (1 or 2) `case` is due for `slot` at `now`, if any.
fn nudge_due(
    case: &Candidate,
    schedule: &OrgSchedule,
    slot: i16,
    now: DateTime<Utc>,
) -> Option<i16> {
    let local = now.with_timezone(&schedule.tz);
    let (today, at) = (local.date_naive(), local.time());
    let (start, end) = window(case, schedule, slot)?;
    if at < start || at >= end || schedule.is_quiet(at) {
        return None;
    }
    let already = match (case.reminded_slot_date, case.reminded_slot) {
        (Some(date), Some(reminded)) if date == today && reminded == slot => {
            case.reminded_nudge.unwrap_or(0)
        }
        _ => 0,
    };
    match already {
        0 => Some(1),
        1 if case
            .reminded_at
            .is_some_and(|first| first + schedule.second_nudge <= now) =>
        {
            Some(2)
        }
        _ => None,
    }
}

/// The local window in which `slot` of `case` may be reminded.
fn window(case: &Candidate, schedule: &OrgSchedule, slot: i16) -> Option<(NaiveTime, NaiveTime)> {
    let parse = |text: &str| NaiveTime::parse_from_str(text, "%H:%M").ok();
    let start = parse(&case.reminder_window_start)?;
    let end = parse(&case.reminder_window_end)?;
    if slot == 1 {
        // The afternoon slot takes over at 14:00 for a two-slot case.
        let afternoon = NaiveTime::from_hms_opt(SECOND_SLOT_FROM_HOUR, 0, 0)?;
        let end = if case.slots_per_day >= 2 {
            end.min(afternoon)
        } else {
            end
        };
        Some((start, end))
    } else {
        let length = end - start;
        let start = schedule.afternoon_reminder;
        let (end, wrapped) = start.overflowing_add_signed(length);
        // A window that would pass midnight ends at the day's last minute.
        let last_minute = NaiveTime::from_hms_opt(23, 59, 0)?;
        Some((start, if wrapped == 0 { end } else { last_minute }))
    }
}

/// Enqueues the reminders and marks the cases, chunk by chunk, each chunk in one transaction.
async fn enqueue(
    cx: &JobContext,
    due: Vec<Due>,
    today: NaiveDate,
    slot: i16,
) -> anyhow::Result<u64> {
    let mut enqueued = 0;
    for chunk in due.chunks(CHUNK) {
        let deliveries = chunk
            .iter()
            .map(|due| delivery(cx, due, today, slot))
            .collect();
        let txn = cx.db.begin().await?;
        enqueued += outbox::enqueue(&txn, deliveries, cx.now).await?;
        for nudge in [1, 2] {
            let ids = chunk
                .iter()
                .filter(|due| due.nudge == nudge)
                .map(|due| due.case.id)
                .collect();
            reminders::mark_reminded(&txn, ids, today, slot, nudge, cx.now).await?;
        }
        txn.commit().await?;
    }
    Ok(enqueued)
}

/// The outbox row of one reminder: push in the patient's language, e-mail as the fallback.
fn delivery(cx: &JobContext, due: &Due, today: NaiveDate, slot: i16) -> NewDelivery {
    let notice = if due.nudge == 1 {
        Notice::Reminder
    } else {
        Notice::SecondReminder
    };
    NewDelivery {
        dedupe_key: format!("reminder:{}:{today}:{slot}:{}", due.case.id, due.nudge),
        purpose: Purpose::Reminder,
        case_id: Some(due.case.id),
        payload: Payload::Patient(PatientNotice::new(
            due.case.id,
            &cx.config.public_url,
            due.case.lang,
            notice,
            // A second nudge replaces the first if it is still on the screen.
            "mimamori-reminder",
            due.case.email.is_some(),
            Some((today, slot)),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::time;
    use chrono::TimeZone;

    fn candidate() -> Candidate {
        Candidate {
            id: 1,
            health_centre_id: 10,
            followup_org_id: Some(20),
            slots_per_day: 1,
            email: None,
            reminded_slot_date: None,
            reminded_slot: None,
            reminded_nudge: None,
            reminded_at: None,
            lang: mimamori_shared::i18n::Lang::Ja,
            reminder_window_start: "08:00".into(),
            reminder_window_end: "10:00".into(),
        }
    }

    fn tokyo(hour: u32, minute: u32) -> DateTime<Utc> {
        time::DEFAULT_TZ
            .with_ymd_and_hms(2026, 11, 24, hour, minute, 0)
            .single()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    }

    #[test]
    fn first_reminder_in_the_window_only() {
        let schedule = OrgSchedule::defaults(20, time::DEFAULT_TZ);
        let case = candidate();
        assert_eq!(nudge_due(&case, &schedule, 1, tokyo(7, 59)), None);
        assert_eq!(nudge_due(&case, &schedule, 1, tokyo(8, 0)), Some(1));
        assert_eq!(nudge_due(&case, &schedule, 1, tokyo(10, 0)), None);
    }

    #[test]
    fn second_nudge_after_the_delay() {
        let schedule = OrgSchedule::defaults(20, time::DEFAULT_TZ);
        let mut case = candidate();
        case.reminded_slot_date = NaiveDate::from_ymd_opt(2026, 11, 24);
        case.reminded_slot = Some(1);
        case.reminded_nudge = Some(1);
        case.reminded_at = Some(tokyo(8, 0));
        assert_eq!(nudge_due(&case, &schedule, 1, tokyo(8, 59)), None);
        assert_eq!(nudge_due(&case, &schedule, 1, tokyo(9, 0)), Some(2));
        case.reminded_nudge = Some(2);
        assert_eq!(nudge_due(&case, &schedule, 1, tokyo(9, 30)), None);
    }

    #[test]
    fn a_window_in_quiet_hours_waits_for_them_to_end() {
        let schedule = OrgSchedule::defaults(20, time::DEFAULT_TZ);
        let mut case = candidate();
        case.reminder_window_start = "06:00".into();
        assert_eq!(nudge_due(&case, &schedule, 1, tokyo(6, 0)), None);
        assert_eq!(nudge_due(&case, &schedule, 1, tokyo(8, 0)), Some(1));
    }

    #[test]
    fn afternoon_slot_follows_the_organisation() {
        let schedule = OrgSchedule::defaults(20, time::DEFAULT_TZ);
        let mut case = candidate();
        case.slots_per_day = 2;
        assert_eq!(nudge_due(&case, &schedule, 2, tokyo(14, 30)), None);
        assert_eq!(nudge_due(&case, &schedule, 2, tokyo(15, 0)), Some(1));
        assert_eq!(nudge_due(&case, &schedule, 2, tokyo(17, 0)), None);
    }
}
