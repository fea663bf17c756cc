//! Administrative test counts (検査件数) per medical institution per day: PCR and antigen
//! tests performed and positive. An institution files one record a day and may correct
//! it (the record is replaced and its revision goes up; the audit log keeps every version).
//! Health centres see their institutions' figures, and the prefecture's, by day and by
//! institution, and export them as CSV.
//!
//! Routes (all under `/api/staff`):
//! - `GET /test-counts?from=&to=` → [`TestCountList`] (institution staff: its own days)
//! - `PUT /test-counts/{date}` [`TestCountForm`] → [`TestCountView`] (institution staff)
//! - `GET /test-counts/summary?level=health_centre|prefecture&from=&to=` → [`TestCountSummary`]
//!   (health-centre staff: their centre, or the prefecture it belongs to)
//! - `GET /test-counts/summary.csv?…` → the same as CSV (UTF-8 with BOM, one row per
//!   institution and day)

use super::auth::OrgSummary;
use super::cases::{StaffSummary, codes};
use super::problem::{FieldError, FieldErrors};
use crate::values::ValueError;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Most tests of one kind one institution can report for one day.
pub const MAX_TESTS_PER_DAY: i64 = 100_000;
/// How many days back a count may still be filed or corrected.
pub const CORRECTION_DAYS: i64 = 31;
/// Longest range of a summary, in days.
pub const MAX_SUMMARY_DAYS: i64 = 366;

/// `PUT /api/staff/test-counts/{date}`: the day's counts; all four are required.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TestCountForm {
    /// PCR tests performed.
    #[serde(default)]
    pub pcr_performed: Option<i64>,
    /// PCR tests positive (at most performed).
    #[serde(default)]
    pub pcr_positive: Option<i64>,
    /// Antigen tests performed.
    #[serde(default)]
    pub antigen_performed: Option<i64>,
    /// Antigen tests positive (at most performed).
    #[serde(default)]
    pub antigen_positive: Option<i64>,
}

/// Counts of one day (or a sum of days).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TestCounts {
    /// PCR tests performed.
    pub pcr_performed: u64,
    /// PCR tests positive.
    pub pcr_positive: u64,
    /// Antigen tests performed.
    pub antigen_performed: u64,
    /// Antigen tests positive.
    pub antigen_positive: u64,
}

impl TestCounts {
    /// Adds another day's counts.
    pub fn add(&mut self, other: &TestCounts) {
        self.pcr_performed += other.pcr_performed;
        self.pcr_positive += other.pcr_positive;
        self.antigen_performed += other.antigen_performed;
        self.antigen_positive += other.antigen_positive;
    }
}

impl TestCountForm {
    /// Checks the counts and the date (`today` is the institution's local date: no future day,
    /// none older than [`CORRECTION_DAYS`]); the date's error is reported under `date`.
    pub fn validate(
        &self,
        date: NaiveDate,
        today: NaiveDate,
    ) -> Result<TestCounts, Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        if date > today {
            errors.push(FieldError::custom(
                "date",
                "in_future",
                "must not be in the future",
            ));
        } else if date < today - Duration::days(CORRECTION_DAYS) {
            errors.push(FieldError::custom(
                "date",
                "too_old",
                format!("only the last {CORRECTION_DAYS} days can be filed or corrected"),
            ));
        }
        let mut count = |field: &str, value: Option<i64>| -> Option<u64> {
            let value = errors.check(field, value.ok_or(ValueError::Required))?;
            if !(0..=MAX_TESTS_PER_DAY).contains(&value) {
                errors.check::<()>(
                    field,
                    Err(ValueError::OutOfRange {
                        min: "0".into(),
                        max: MAX_TESTS_PER_DAY.to_string(),
                    }),
                );
                return None;
            }
            u64::try_from(value).ok()
        };
        let pcr_performed = count("pcr_performed", self.pcr_performed);
        let pcr_positive = count("pcr_positive", self.pcr_positive);
        let antigen_performed = count("antigen_performed", self.antigen_performed);
        let antigen_positive = count("antigen_positive", self.antigen_positive);
        for (field, positive, performed) in [
            ("pcr_positive", pcr_positive, pcr_performed),
            ("antigen_positive", antigen_positive, antigen_performed),
        ] {
            if let (Some(positive), Some(performed)) = (positive, performed)
                && positive > performed
            {
                errors.push(FieldError::custom(
                    field,
                    "more_than_performed",
                    "more positive than performed",
                ));
            }
        }
        errors.finish(|| {
            Some(TestCounts {
                pcr_performed: pcr_performed?,
                pcr_positive: pcr_positive?,
                antigen_performed: antigen_performed?,
                antigen_positive: antigen_positive?,
            })
        })
    }
}

/// One institution's record of one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TestCountView {
    /// The day counted.
    pub date: NaiveDate,
    /// The counts.
    pub counts: TestCounts,
    /// 1 when first filed; each correction adds one.
    pub revision: u32,
    /// When last filed or corrected.
    pub updated_at: DateTime<Utc>,
    /// Who last filed or corrected it.
    pub updated_by: StaffSummary,
}

/// `GET /api/staff/test-counts`: the institution's days, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TestCountList {
    /// The institution.
    pub institution: OrgSummary,
    /// Its days in the range.
    pub items: Vec<TestCountView>,
}

codes! {
    /// Which area a summary covers.
    SummaryLevel {
        /// The caller's health centre: its institutions.
        HealthCentre = "health_centre",
        /// The prefecture the caller's health centre belongs to: all its centres' institutions.
        Prefecture = "prefecture",
    }
}

/// One day of a summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayTotal {
    /// The day.
    pub date: NaiveDate,
    /// Sum over the institutions that filed that day.
    pub counts: TestCounts,
    /// How many institutions filed that day.
    pub institutions_reporting: u32,
}

/// One institution of a summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InstitutionTotal {
    /// The institution.
    pub institution: OrgSummary,
    /// Its health centre.
    pub health_centre: OrgSummary,
    /// Sum over the days it filed in the range.
    pub counts: TestCounts,
    /// How many days it filed.
    pub days_reported: u32,
}

/// `GET /api/staff/test-counts/summary`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TestCountSummary {
    /// Which area.
    pub level: SummaryLevel,
    /// The health centre or prefecture covered.
    pub area: OrgSummary,
    /// First day, inclusive.
    pub from: NaiveDate,
    /// Last day, inclusive.
    pub to: NaiveDate,
    /// Each day of the range, oldest first (days nobody filed have zero counts).
    pub by_day: Vec<DayTotal>,
    /// Each institution of the area, by name (institutions that filed nothing included).
    pub by_institution: Vec<InstitutionTotal>,
    /// Sum of the whole range and area.
    pub total: TestCounts,
}

/// `GET /api/staff/test-counts` query: both optional (default: the last [`CORRECTION_DAYS`]
/// days up to today).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct TestCountQuery {
    /// First day, inclusive.
    pub from: Option<NaiveDate>,
    /// Last day, inclusive.
    pub to: Option<NaiveDate>,
}

/// `GET /api/staff/test-counts/summary` (and `.csv`) query: `level` defaults to
/// `health_centre`, `to` to today, `from` to six days before `to`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct TestCountSummaryQuery {
    /// Which area.
    pub level: Option<SummaryLevel>,
    /// First day, inclusive.
    pub from: Option<NaiveDate>,
    /// Last day, inclusive.
    pub to: Option<NaiveDate>,
}

/// The days a query covers: `to` defaults to `today`, `from` to `default_days - 1` days before
/// `to`. `from` after `to` is an error on `from`; more than [`MAX_SUMMARY_DAYS`] days one on
/// `to`.
pub fn date_range(
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    today: NaiveDate,
    default_days: i64,
) -> Result<(NaiveDate, NaiveDate), Vec<FieldError>> {
    let to = to.unwrap_or(today);
    let from = from.unwrap_or(to - Duration::days(default_days - 1));
    if from > to {
        return Err(vec![FieldError::custom(
            "from",
            "after_to",
            "must not be after the last day",
        )]);
    }
    if (to - from).num_days() + 1 > MAX_SUMMARY_DAYS {
        return Err(vec![FieldError::custom(
            "to",
            "range_too_long",
            format!("at most {MAX_SUMMARY_DAYS} days"),
        )]);
    }
    Ok((from, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    #[test]
    fn counts_must_be_whole_and_positive_at_most_performed() {
        let form = TestCountForm {
            pcr_performed: Some(10),
            pcr_positive: Some(11),
            antigen_performed: Some(-1),
            antigen_positive: None,
        };
        let errors = form.validate(today(), today()).unwrap_err();
        let fields: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            fields,
            vec![
                ("antigen_performed", "out_of_range"),
                ("antigen_positive", "required"),
                ("pcr_positive", "more_than_performed"),
            ]
        );
    }

    #[test]
    fn only_recent_days_can_be_filed() {
        let form = TestCountForm {
            pcr_performed: Some(3),
            pcr_positive: Some(1),
            antigen_performed: Some(0),
            antigen_positive: Some(0),
        };
        assert!(form.validate(today(), today()).is_ok());
        let tomorrow = today() + Duration::days(1);
        assert_eq!(
            form.validate(tomorrow, today()).unwrap_err()[0].code,
            "in_future"
        );
        let old = today() - Duration::days(CORRECTION_DAYS + 1);
        assert_eq!(form.validate(old, today()).unwrap_err()[0].code, "too_old");
    }

    #[test]
    fn a_range_defaults_to_the_last_days_and_is_bounded() {
        assert_eq!(
            date_range(None, None, today(), 7).unwrap(),
            (today() - Duration::days(6), today())
        );
        let errors = date_range(Some(today()), Some(today() - Duration::days(1)), today(), 7);
        assert_eq!(errors.unwrap_err()[0].field, "from");
        let long = date_range(
            Some(today() - Duration::days(MAX_SUMMARY_DAYS)),
            Some(today()),
            today(),
            7,
        );
        assert_eq!(long.unwrap_err()[0].code, "range_too_long");
        let longest = date_range(
            Some(today() - Duration::days(MAX_SUMMARY_DAYS - 1)),
            Some(today()),
            today(),
            7,
        );
        assert!(longest.is_ok());
    }
}
