//! An organisation's scheduler times and notification address: the stored `org_setting` row,
//! or the defaults below for an organisation that never changed them. Times are local to the
//! organisation's time zone.

use super::time;
use crate::entities::{org_setting, organisation};
use chrono::{Duration, NaiveTime};
use chrono_tz::Tz;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait};
use std::collections::HashMap;

/// What the scheduler needs to know about one organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgSchedule {
    /// The organisation.
    pub organisation_id: i64,
    /// Its time zone (Asia/Tokyo by default).
    pub tz: Tz,
    /// Where its reports and summaries are e-mailed (besides its staff's own addresses).
    pub notify_email: Option<String>,
    /// Nothing is sent to patients from this local time…
    pub quiet_start: NaiveTime,
    /// …until this one.
    pub quiet_end: NaiveTime,
    /// From the first reminder to the second nudge.
    pub second_nudge: Duration,
    /// First reminder for the afternoon slot of a two-slot case.
    pub afternoon_reminder: NaiveTime,
    /// The morning (or only) slot must be reported by then.
    pub cutoff: NaiveTime,
    /// The afternoon slot must be reported by then.
    pub afternoon_cutoff: NaiveTime,
    /// A health centre's daily implementation reports are compiled at this time.
    pub report_time: NaiveTime,
}

fn hm(hour: u32, minute: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or_default()
}

impl OrgSchedule {
    /// The defaults: quiet 21:00–08:00, second nudge after 60 minutes, afternoon reminder at
    /// 15:00, cut-offs at 12:00 and 18:00, daily report at 17:00.
    pub fn defaults(organisation_id: i64, tz: Tz) -> Self {
        Self {
            organisation_id,
            tz,
            notify_email: None,
            quiet_start: hm(21, 0),
            quiet_end: hm(8, 0),
            second_nudge: Duration::minutes(60),
            afternoon_reminder: hm(15, 0),
            cutoff: hm(12, 0),
            afternoon_cutoff: hm(18, 0),
            report_time: hm(17, 0),
        }
    }

    /// Whether `local` falls in the quiet hours (which may wrap past midnight).
    pub fn is_quiet(&self, local: NaiveTime) -> bool {
        if self.quiet_start <= self.quiet_end {
            self.quiet_start <= local && local < self.quiet_end
        } else {
            local >= self.quiet_start || local < self.quiet_end
        }
    }

    fn from_row(org: &organisation::Model, row: Option<&org_setting::Model>) -> Self {
        let mut schedule = Self::defaults(org.id, time::zone(&org.time_zone));
        let Some(row) = row else {
            return schedule;
        };
        let parse = |text: &str, fallback: NaiveTime| {
            NaiveTime::parse_from_str(text, "%H:%M").unwrap_or(fallback)
        };
        schedule.notify_email = row.notify_email.clone();
        schedule.quiet_start = parse(&row.quiet_start, schedule.quiet_start);
        schedule.quiet_end = parse(&row.quiet_end, schedule.quiet_end);
        schedule.second_nudge = Duration::minutes(i64::from(row.second_nudge_minutes.max(1)));
        schedule.afternoon_reminder = parse(&row.afternoon_reminder, schedule.afternoon_reminder);
        schedule.cutoff = parse(&row.cutoff, schedule.cutoff);
        schedule.afternoon_cutoff = parse(&row.afternoon_cutoff, schedule.afternoon_cutoff);
        schedule.report_time = parse(&row.report_time, schedule.report_time);
        schedule
    }
}

/// Organisations that share a time zone: the scheduler's jobs query once per zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zone {
    /// The zone.
    pub tz: Tz,
    /// Its organisations' ids.
    pub orgs: Vec<i64>,
    /// Whether this is the deployment's only zone (then its queries need no organisation
    /// filter).
    pub only: bool,
}

impl Zone {
    /// The organisations to restrict a query to; `None` when the zone is the only one.
    pub fn filter(&self) -> Option<&[i64]> {
        (!self.only).then_some(self.orgs.as_slice())
    }
}

/// `schedules` grouped by time zone, in zone-name order.
pub fn by_zone(schedules: &HashMap<i64, OrgSchedule>) -> Vec<Zone> {
    let mut zones: std::collections::BTreeMap<&str, Zone> = std::collections::BTreeMap::new();
    for schedule in schedules.values() {
        zones
            .entry(schedule.tz.name())
            .or_insert_with(|| Zone {
                tz: schedule.tz,
                orgs: Vec::new(),
                only: false,
            })
            .orgs
            .push(schedule.organisation_id);
    }
    let only = zones.len() <= 1;
    zones
        .into_values()
        .map(|mut zone| {
            zone.only = only;
            zone.orgs.sort_unstable();
            zone
        })
        .collect()
}

/// The schedule of one organisation; `None` if it does not exist.
pub async fn load(db: &impl ConnectionTrait, org_id: i64) -> Result<Option<OrgSchedule>, DbErr> {
    let Some(org) = organisation::Entity::find_by_id(org_id).one(db).await? else {
        return Ok(None);
    };
    let row = org_setting::Entity::find_by_id(org_id).one(db).await?;
    Ok(Some(OrgSchedule::from_row(&org, row.as_ref())))
}

/// The schedule of every organisation, by id (the scheduler reads them once a tick; a
/// deployment has a few thousand organisations at most).
pub async fn load_all(db: &impl ConnectionTrait) -> Result<HashMap<i64, OrgSchedule>, DbErr> {
    let rows: HashMap<i64, org_setting::Model> = org_setting::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|row| (row.organisation_id, row))
        .collect();
    Ok(organisation::Entity::find()
        .all(db)
        .await?
        .iter()
        .map(|org| (org.id, OrgSchedule::from_row(org, rows.get(&org.id))))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quiet_hours_wrap_past_midnight() {
        let schedule = OrgSchedule::defaults(1, time::DEFAULT_TZ);
        assert!(schedule.is_quiet(hm(21, 0)));
        assert!(schedule.is_quiet(hm(23, 59)));
        assert!(schedule.is_quiet(hm(0, 0)));
        assert!(schedule.is_quiet(hm(7, 59)));
        assert!(!schedule.is_quiet(hm(8, 0)));
        assert!(!schedule.is_quiet(hm(20, 59)));
    }

    #[test]
    fn quiet_hours_within_one_day() {
        let mut schedule = OrgSchedule::defaults(1, time::DEFAULT_TZ);
        schedule.quiet_start = hm(12, 0);
        schedule.quiet_end = hm(13, 0);
        assert!(schedule.is_quiet(hm(12, 30)));
        assert!(!schedule.is_quiet(hm(13, 0)));
        assert!(!schedule.is_quiet(hm(11, 59)));
    }
}
