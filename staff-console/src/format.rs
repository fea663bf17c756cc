//! How values are written on screen: pure functions, so they are tested natively.

use chrono::{DateTime, FixedOffset, Local, NaiveDate, Offset, Utc};
use mimamori_shared::Lang;
use mimamori_shared::api::Problem;
use mimamori_shared::api::reports::ReportView;
use mimamori_shared::i18n::staff::Text;

use crate::api::NETWORK_STATUS;

/// Temperature with one decimal, as entered: `37.5 ℃`.
pub fn temperature(celsius: f64) -> String {
    format!("{celsius:.1} ℃")
}

/// SpO2 in percent, or "not measured" for a patient without an oximeter.
pub fn spo2(lang: Lang, spo2: Option<u8>) -> String {
    match spo2 {
        Some(value) => format!("{value} %"),
        None => Text::NotMeasured.get(lang).to_owned(),
    }
}

/// Pulse per minute, or "not measured".
pub fn pulse(lang: Lang, pulse: Option<u8>) -> String {
    match pulse {
        Some(value) => format!("{value} /min"),
        None => Text::NotMeasured.get(lang).to_owned(),
    }
}

/// The slot of the day: first (or only) or second.
pub fn slot(lang: Lang, slot: u8) -> String {
    match slot {
        1 => Text::SlotFirst.get(lang).to_owned(),
        2 => Text::SlotSecond.get(lang).to_owned(),
        other => other.to_string(),
    }
}

/// A calendar day, ISO style as Japanese forms and HER-SYS write it.
pub fn date(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// A follow-up period: `2024-05-01 – 2024-05-10`.
pub fn period(start: NaiveDate, end: NaiveDate) -> String {
    format!("{} – {}", date(start), date(end))
}

/// Time of day (`HH:MM`) of an instant at `offset`.
pub fn time_at(at: DateTime<Utc>, offset: FixedOffset) -> String {
    at.with_timezone(&offset).format("%H:%M").to_string()
}

/// Date and time (`YYYY-MM-DD HH:MM`) of an instant at `offset`.
pub fn date_time_at(at: DateTime<Utc>, offset: FixedOffset) -> String {
    at.with_timezone(&offset)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// The browser's UTC offset at `at` (chrono asks JavaScript's `Date` on wasm), so times show as
/// the staff member's clock shows them; in Japan that is Asia/Tokyo.
pub fn local_offset(at: DateTime<Utc>) -> FixedOffset {
    at.with_timezone(&Local).offset().fix()
}

/// [`time_at`] in the browser's time zone.
pub fn local_time(at: DateTime<Utc>) -> String {
    time_at(at, local_offset(at))
}

/// [`date_time_at`] in the browser's time zone.
pub fn local_date_time(at: DateTime<Utc>) -> String {
    date_time_at(at, local_offset(at))
}

/// A report named in a list or `<select>`: day, slot, local time and flag.
pub fn report_name(lang: Lang, report: &ReportView) -> String {
    format!(
        "{} {} ({}) {}",
        date(report.slot_date),
        slot(lang, report.slot),
        local_time(report.submitted_at),
        report.flag.label(lang)
    )
}

/// The message for a failed call, for anything not handled field by field.
pub fn problem(problem: &Problem) -> Text {
    match problem.status {
        NETWORK_STATUS => Text::ErrorNetwork,
        403 => Text::ErrorForbidden,
        404 => Text::ErrorCaseNotFound,
        429 => Text::ErrorTooManyAttempts,
        500.. => Text::ErrorServer,
        _ => Text::ErrorGeneric,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::local_problem;
    use chrono::TimeZone;

    const TOKYO_SECONDS: i32 = 9 * 3600;

    #[test]
    fn values_are_written_with_units() {
        assert_eq!(temperature(37.0), "37.0 ℃");
        assert_eq!(temperature(38.5), "38.5 ℃");
        assert_eq!(spo2(Lang::En, Some(93)), "93 %");
        assert_eq!(spo2(Lang::Ja, None), "未測定");
        assert_eq!(pulse(Lang::En, None), "not measured");
        assert_eq!(slot(Lang::Ja, 2), "2回目");
    }

    #[test]
    fn times_show_on_the_local_clock_across_midnight() {
        let tokyo = FixedOffset::east_opt(TOKYO_SECONDS).unwrap_or(Utc.fix());
        // 23:30 UTC on 30 April is 08:30 on 1 May in Tokyo.
        let at = Utc
            .with_ymd_and_hms(2024, 4, 30, 23, 30, 0)
            .single()
            .unwrap_or_default();
        assert_eq!(time_at(at, tokyo), "08:30");
        assert_eq!(date_time_at(at, tokyo), "2024-05-01 08:30");
    }

    #[test]
    fn period_is_written_start_to_end() {
        let start = NaiveDate::from_ymd_opt(2024, 5, 1).unwrap_or_default();
        let end = NaiveDate::from_ymd_opt(2024, 5, 10).unwrap_or_default();
        assert_eq!(period(start, end), "2024-05-01 – 2024-05-10");
    }

    #[test]
    fn problems_get_a_message_by_status() {
        let by_status = |status| problem(&local_problem(status, "x", String::new()));
        assert_eq!(by_status(NETWORK_STATUS), Text::ErrorNetwork);
        assert_eq!(by_status(403), Text::ErrorForbidden);
        assert_eq!(by_status(404), Text::ErrorCaseNotFound);
        assert_eq!(by_status(503), Text::ErrorServer);
        assert_eq!(by_status(400), Text::ErrorGeneric);
    }
}
