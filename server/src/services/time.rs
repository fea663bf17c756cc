//! Local days and report slots in an organisation's time zone.

use chrono::{DateTime, NaiveDate, Timelike, Utc};
use chrono_tz::Tz;

/// The default time zone of organisations.
pub const DEFAULT_TZ: Tz = chrono_tz::Asia::Tokyo;

/// Parses an IANA zone name, falling back to Asia/Tokyo for an unknown one.
pub fn zone(name: &str) -> Tz {
    name.parse().unwrap_or(DEFAULT_TZ)
}

/// The local date of `at` in `tz`.
pub fn local_date(at: DateTime<Utc>, tz: Tz) -> NaiveDate {
    at.with_timezone(&tz).date_naive()
}

/// Local hour from which a report counts for the second slot of a two-slot day.
pub const SECOND_SLOT_FROM_HOUR: u32 = 14;

/// The (day, slot) a report made at `at` belongs to: slot 1, or slot 2 from 14:00 local time on
/// a case with two reports a day.
pub fn slot_of(at: DateTime<Utc>, tz: Tz, slots_per_day: i16) -> (NaiveDate, i16) {
    let local = at.with_timezone(&tz);
    let slot = if slots_per_day >= 2 && local.hour() >= SECOND_SLOT_FROM_HOUR {
        2
    } else {
        1
    };
    (local.date_naive(), slot)
}

/// Day N of a follow-up period that started on `start` (1 on the first day).
pub fn day_number(start: NaiveDate, today: NaiveDate) -> i64 {
    (today - start).num_days() + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn day_boundary_is_midnight_in_tokyo_not_utc() {
        // 2026-11-23 14:59 UTC is 23:59 in Tokyo; one minute later it is the next day there.
        let before = Utc.with_ymd_and_hms(2026, 11, 23, 14, 59, 0).unwrap();
        let after = Utc.with_ymd_and_hms(2026, 11, 23, 15, 0, 0).unwrap();
        assert_eq!(
            local_date(before, DEFAULT_TZ),
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
        );
        assert_eq!(
            local_date(after, DEFAULT_TZ),
            NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
        );
    }

    #[test]
    fn second_slot_starts_at_14_local() {
        let morning = Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).unwrap(); // 09:00 JST
        let afternoon = Utc.with_ymd_and_hms(2026, 11, 23, 5, 0, 0).unwrap(); // 14:00 JST
        assert_eq!(slot_of(morning, DEFAULT_TZ, 2).1, 1);
        assert_eq!(slot_of(afternoon, DEFAULT_TZ, 2).1, 2);
        assert_eq!(slot_of(afternoon, DEFAULT_TZ, 1).1, 1);
    }

    #[test]
    fn day_numbers_start_at_one() {
        let start = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        assert_eq!(day_number(start, start), 1);
        assert_eq!(
            day_number(start, NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()),
            4
        );
    }
}
