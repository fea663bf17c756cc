//! The triage work list: every active case of the caller's scope, most urgent first — red, amber,
//! not reported, unreviewed, the rest — newest report first within each.

use super::problem::{FieldError, FieldErrors};
use super::reports::EnteredBy;
use crate::api::cases::{CaseStatus, RiskFactor, Sex};
use crate::ids::{CaseId, OrgId, ReportId, StaffId};
use crate::triage::Flag;
use crate::values::ValueError;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Rows of a page when `limit` is left out.
pub const LIMIT_DEFAULT: u32 = 50;
/// Most rows one page may hold.
pub const LIMIT_MAX: u32 = 200;
/// Longest search text, in characters.
pub const SEARCH_MAX_CHARS: usize = 100;
/// Highest day of follow-up the `day` filter takes (periods are 10 days, extended rarely).
pub const DAY_MAX: u32 = 60;

/// Where a case stands in the work list, most urgent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Bucket {
    /// A stored code the server does not know (a flag written by a newer version, or damaged):
    /// above red, so nothing unknown can hide a patient.
    NeedsAttention,
    /// An unreviewed red report.
    Red,
    /// The follow-up period is over but the review gate held the case (docs/triage.md): a
    /// doctor or the health centre ends it or extends the period.
    EndReview,
    /// An unreviewed amber report (and no unreviewed red one).
    Amber,
    /// No report for the current slot (today's, or this afternoon's on a two-report day).
    NotReported,
    /// Reported, with reports nobody has reviewed yet, none of them flagged.
    Unreviewed,
    /// Reported and reviewed: nothing to do now.
    Rest,
}

impl Bucket {
    /// Every bucket, in the order of the list.
    pub const ALL: [Bucket; 7] = [
        Bucket::NeedsAttention,
        Bucket::Red,
        Bucket::EndReview,
        Bucket::Amber,
        Bucket::NotReported,
        Bucket::Unreviewed,
        Bucket::Rest,
    ];

    /// Stable name used in the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Bucket::NeedsAttention => "needs_attention",
            Bucket::Red => "red",
            Bucket::EndReview => "end_review",
            Bucket::Amber => "amber",
            Bucket::NotReported => "not_reported",
            Bucket::Unreviewed => "unreviewed",
            Bucket::Rest => "rest",
        }
    }

    /// Inverse of [`Bucket::as_str`].
    pub fn parse(s: &str) -> Option<Bucket> {
        Bucket::ALL.into_iter().find(|b| b.as_str() == s)
    }

    /// Position in the list (0 = most urgent), as the server's query sorts it.
    pub fn rank(self) -> i16 {
        match self {
            Bucket::NeedsAttention => 0,
            Bucket::Red => 1,
            Bucket::EndReview => 2,
            Bucket::Amber => 3,
            Bucket::NotReported => 4,
            Bucket::Unreviewed => 5,
            Bucket::Rest => 6,
        }
    }

    /// Inverse of [`Bucket::rank`].
    pub fn from_rank(rank: i64) -> Option<Bucket> {
        Bucket::ALL
            .into_iter()
            .find(|b| i64::from(b.rank()) == rank)
    }
}

/// `GET /api/staff/worklist`: filters and the page wanted. Every value is text as sent, so each
/// can be checked and reported on its own field ([`WorkListQuery::validate`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct WorkListQuery {
    /// Only this bucket: `needs_attention`, `red`, `end_review`, `amber`, `not_reported`,
    /// `unreviewed` or `rest`. The counts
    /// always cover every bucket.
    pub bucket: Option<String>,
    /// Whose cases: `me`, `none` (nobody named) or a staff id.
    pub assigned: Option<String>,
    /// Only cases on this day N of their follow-up (1 = first day).
    pub day: Option<String>,
    /// `true`: only patients aged 65 or over; `false`: only those under 65.
    pub age65: Option<String>,
    /// Only cases with this risk factor code, or `any` risk factor.
    pub risk: Option<String>,
    /// Health centres: only cases of this follow-up organisation id, or `none` (not assigned).
    pub org: Option<String>,
    /// Search: part of the name, the kana, the case number or the phone number.
    pub q: Option<String>,
    /// Where the previous page ended (its `next`); opaque.
    pub after: Option<String>,
    /// Rows per page, 1–200 (50 when left out).
    pub limit: Option<String>,
}

/// Whose cases the list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assigned {
    /// The caller's.
    Me,
    /// Cases nobody is named for.
    Nobody,
    /// This staff member's.
    Staff(StaffId),
}

/// The risk-factor filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RiskFilter {
    /// At least one risk factor.
    Any,
    /// This risk factor.
    Factor(RiskFactor),
}

/// The organisation filter of health centres.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgFilter {
    /// Cases not yet assigned to a follow-up organisation.
    Unassigned,
    /// Cases of this follow-up organisation.
    Org(OrgId),
}

/// A position in the list: the last row of a page, and when the walk through the pages began
/// (so every page of one walk judges "not reported" at the same moment).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkListCursor {
    /// When the first page was read.
    pub as_of: DateTime<Utc>,
    /// Bucket of the last row.
    pub bucket: Bucket,
    /// Newest report of the last row, if it has one.
    pub last_report_at: Option<DateTime<Utc>>,
    /// Id of the last row.
    pub id: CaseId,
}

impl WorkListCursor {
    /// The cursor as the API sends it (`next`, `after`). Clients pass it back unchanged.
    pub fn encode(&self) -> String {
        let nanos = |t: DateTime<Utc>| t.timestamp_nanos_opt().unwrap_or_default();
        let last = self
            .last_report_at
            .map_or_else(|| "n".to_owned(), |t| nanos(t).to_string());
        format!(
            "w1.{}.{}.{last}.{}",
            self.bucket.rank(),
            nanos(self.as_of),
            self.id.0
        )
    }

    /// Inverse of [`WorkListCursor::encode`]; `None` for anything it did not write.
    pub fn decode(text: &str) -> Option<Self> {
        let mut parts = text.split('.');
        if parts.next()? != "w1" {
            return None;
        }
        let bucket = Bucket::from_rank(parts.next()?.parse().ok()?)?;
        let as_of = DateTime::from_timestamp_nanos(parts.next()?.parse().ok()?);
        let last_report_at = match parts.next()? {
            "n" => None,
            nanos => Some(DateTime::from_timestamp_nanos(nanos.parse().ok()?)),
        };
        let id = CaseId(parts.next()?.parse().ok().filter(|id: &i64| *id > 0)?);
        if parts.next().is_some() {
            return None;
        }
        Some(Self {
            as_of,
            bucket,
            last_report_at,
            id,
        })
    }
}

/// A [`WorkListQuery`] whose values were checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkListFilter {
    /// Only this bucket.
    pub bucket: Option<Bucket>,
    /// Whose cases.
    pub assigned: Option<Assigned>,
    /// Day N of follow-up.
    pub day: Option<u32>,
    /// 65 or over (`true`) or under 65 (`false`).
    pub age65: Option<bool>,
    /// Risk factors.
    pub risk: Option<RiskFilter>,
    /// Follow-up organisation (health centres).
    pub org: Option<OrgFilter>,
    /// Search text, trimmed, not empty.
    pub q: Option<String>,
    /// Continue after this position.
    pub after: Option<WorkListCursor>,
    /// Rows per page.
    pub limit: u32,
}

fn invalid(field: &str, message: &str) -> FieldError {
    FieldError::custom(field, "invalid", message)
}

fn out_of_range(field: &str, min: u32, max: u32) -> FieldError {
    FieldError::new(
        field,
        &ValueError::OutOfRange {
            min: min.to_string(),
            max: max.to_string(),
        },
    )
}

/// A whole number within `min..=max`, or the field's error.
fn number(field: &str, text: &str, min: u32, max: u32) -> Result<u32, FieldError> {
    let value: i64 = text
        .trim()
        .parse()
        .map_err(|_| invalid(field, "must be a whole number"))?;
    u32::try_from(value)
        .ok()
        .filter(|v| (min..=max).contains(v))
        .ok_or_else(|| out_of_range(field, min, max))
}

/// The value of a parameter that was given, recording its error if it is wrong.
fn check<T>(errors: &mut FieldErrors, result: Option<Result<T, FieldError>>) -> Option<T> {
    match result? {
        Ok(value) => Some(value),
        Err(error) => {
            errors.push(error);
            None
        }
    }
}

fn positive_id(text: &str) -> Option<i64> {
    text.trim().parse().ok().filter(|id: &i64| *id > 0)
}

impl WorkListQuery {
    /// Checks every value; empty values count as left out. Errors name the query parameter.
    pub fn validate(&self) -> Result<WorkListFilter, Vec<FieldError>> {
        let given = |value: &Option<String>| {
            value
                .as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        let mut errors = FieldErrors::default();
        let bucket = check(
            &mut errors,
            given(&self.bucket).map(|v| {
                Bucket::parse(&v).ok_or_else(|| {
                    invalid("bucket", "use needs_attention, red, end_review, amber, not_reported, unreviewed or rest")
                })
            }),
        );
        let assigned = check(
            &mut errors,
            given(&self.assigned).map(|v| match v.as_str() {
                "me" => Ok(Assigned::Me),
                "none" => Ok(Assigned::Nobody),
                other => positive_id(other)
                    .map(|id| Assigned::Staff(StaffId(id)))
                    .ok_or_else(|| invalid("assigned", "use me, none or a staff id")),
            }),
        );
        let day = check(
            &mut errors,
            given(&self.day).map(|v| number("day", &v, 1, DAY_MAX)),
        );
        let age65 = check(
            &mut errors,
            given(&self.age65).map(|v| match v.as_str() {
                "true" => Ok(true),
                "false" => Ok(false),
                _ => Err(invalid("age65", "use true or false")),
            }),
        );
        let risk = check(
            &mut errors,
            given(&self.risk).map(|v| match v.as_str() {
                "any" => Ok(RiskFilter::Any),
                code => RiskFactor::parse(code)
                    .map(RiskFilter::Factor)
                    .ok_or_else(|| invalid("risk", "use a risk factor code or any")),
            }),
        );
        let org = check(
            &mut errors,
            given(&self.org).map(|v| match v.as_str() {
                "none" => Ok(OrgFilter::Unassigned),
                other => positive_id(other)
                    .map(|id| OrgFilter::Org(OrgId(id)))
                    .ok_or_else(|| invalid("org", "use an organisation id or none")),
            }),
        );
        let q = check(
            &mut errors,
            given(&self.q).map(|v| {
                if v.chars().count() > SEARCH_MAX_CHARS {
                    Err(FieldError::new(
                        "q",
                        &ValueError::TooLong {
                            max: SEARCH_MAX_CHARS,
                        },
                    ))
                } else {
                    Ok(v)
                }
            }),
        );
        let after = check(
            &mut errors,
            given(&self.after).map(|v| {
                WorkListCursor::decode(&v)
                    .ok_or_else(|| invalid("after", "pass back the `next` of the previous page"))
            }),
        );
        let limit = check(
            &mut errors,
            given(&self.limit).map(|v| number("limit", &v, 1, LIMIT_MAX)),
        );
        // A value left out and a value in error are both `None` here; `finish` only builds the
        // filter when nothing was in error.
        errors.finish(|| {
            Some(WorkListFilter {
                bucket,
                assigned,
                day,
                age65,
                risk,
                org,
                q,
                after,
                limit: limit.unwrap_or(LIMIT_DEFAULT),
            })
        })
    }
}

/// How many cases of the filtered scope are in each bucket (whatever `bucket` asked for).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BucketCounts {
    /// Cases with a stored code the server does not know.
    #[serde(default)]
    pub needs_attention: u64,
    /// Cases with an unreviewed red report.
    pub red: u64,
    /// Cases whose period is over, held by the review gate.
    #[serde(default)]
    pub end_review: u64,
    /// Cases with an unreviewed amber report.
    pub amber: u64,
    /// Cases without a report for the current slot.
    pub not_reported: u64,
    /// Cases with unreviewed, unflagged reports.
    pub unreviewed: u64,
    /// Everything else.
    pub rest: u64,
}

impl BucketCounts {
    /// The count of one bucket.
    pub fn get(&self, bucket: Bucket) -> u64 {
        match bucket {
            Bucket::NeedsAttention => self.needs_attention,
            Bucket::Red => self.red,
            Bucket::EndReview => self.end_review,
            Bucket::Amber => self.amber,
            Bucket::NotReported => self.not_reported,
            Bucket::Unreviewed => self.unreviewed,
            Bucket::Rest => self.rest,
        }
    }

    /// Sets the count of one bucket.
    pub fn set(&mut self, bucket: Bucket, count: u64) {
        match bucket {
            Bucket::NeedsAttention => self.needs_attention = count,
            Bucket::Red => self.red = count,
            Bucket::EndReview => self.end_review = count,
            Bucket::Amber => self.amber = count,
            Bucket::NotReported => self.not_reported = count,
            Bucket::Unreviewed => self.unreviewed = count,
            Bucket::Rest => self.rest = count,
        }
    }

    /// Every case of the filtered scope.
    pub fn total(&self) -> u64 {
        Bucket::ALL.into_iter().map(|b| self.get(b)).sum()
    }
}

/// The newest report of a case, as much of it as a row shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LatestReport {
    /// Id of the report.
    pub id: ReportId,
    /// Flag given on arrival.
    pub flag: Flag,
    /// 体温 °C.
    pub temperature_c: f64,
    /// SpO2 %, if measured.
    pub spo2: Option<u8>,
    /// When it arrived.
    pub submitted_at: DateTime<Utc>,
    /// Who entered it.
    pub entered_by: EnteredBy,
    /// Day of its slot.
    pub slot_date: NaiveDate,
    /// Slot of the day (1 or 2).
    pub slot: u8,
    /// Whether staff marked it reviewed.
    pub reviewed: bool,
    /// Whether it was corrected after it was first stored (its version is above 1).
    #[serde(default)]
    pub corrected: bool,
}

/// One case of the work list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkListRow {
    /// Id of the case.
    pub id: CaseId,
    /// Case number.
    pub case_number: String,
    /// 氏名.
    pub name: String,
    /// 氏名（カナ）.
    pub name_kana: String,
    /// Age in whole years today.
    pub age: u32,
    /// 性別.
    pub sex: Sex,
    /// Day N of the follow-up period today.
    pub day: i64,
    /// Reports a day (1 or 2).
    pub slots_per_day: u8,
    /// Where the case stands.
    pub bucket: Bucket,
    /// Highest flag among the unreviewed reports (none when every report is reviewed).
    pub unreviewed_flag: Option<Flag>,
    /// The newest report, if any.
    pub latest: Option<LatestReport>,
    /// Risk factors for severe disease.
    pub risk_factors: Vec<RiskFactor>,
    /// The staff member in charge, if one is named.
    pub assigned_staff_id: Option<StaffId>,
    /// Their display name.
    pub assigned_staff_name: Option<String>,
    /// The follow-up organisation (filled for health-centre callers).
    pub followup_org_id: Option<OrgId>,
    /// Its name (filled for health-centre callers).
    pub followup_org_name: Option<String>,
    /// Whether a doctor escalated the case to the health centre.
    pub escalated: bool,
    /// `active`, `hospitalised` while the patient is in hospital (home follow-up paused; such
    /// a case is never "not reported"), or `end_review` when the period is over and the review
    /// gate holds the case.
    #[serde(default)]
    pub status: CaseStatus,
}

/// A follow-up organisation the caller may filter by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkListOrg {
    /// Id of the organisation.
    pub id: OrgId,
    /// Its name.
    pub name: String,
}

/// `GET /api/staff/worklist`: counts and one page of rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WorkList {
    /// Cases per bucket, for the whole filtered scope.
    pub counts: BucketCounts,
    /// This page's rows, most urgent first.
    pub items: Vec<WorkListRow>,
    /// Pass as `after` for the next page; absent on the last page.
    pub next: Option<String>,
    /// The moment the list describes ("not reported" is judged at this time). Continuation
    /// pages keep the first page's moment; cases that changed after it come back at the top of
    /// the next first page instead of twice in one walk.
    pub as_of: DateTime<Utc>,
    /// Follow-up organisations the `org` filter offers (health centres only; empty otherwise).
    #[serde(default)]
    pub orgs: Vec<WorkListOrg>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(pairs: &[(&str, &str)]) -> WorkListQuery {
        let mut q = WorkListQuery::default();
        for (key, value) in pairs {
            let value = Some((*value).to_owned());
            match *key {
                "bucket" => q.bucket = value,
                "assigned" => q.assigned = value,
                "day" => q.day = value,
                "age65" => q.age65 = value,
                "risk" => q.risk = value,
                "org" => q.org = value,
                "q" => q.q = value,
                "after" => q.after = value,
                "limit" => q.limit = value,
                other => panic!("no field {other}"),
            }
        }
        q
    }

    #[test]
    fn an_empty_query_is_the_default_first_page() {
        let filter = WorkListQuery::default().validate().unwrap();
        assert_eq!(filter.limit, LIMIT_DEFAULT);
        assert_eq!(filter.bucket, None);
        assert_eq!(filter.after, None);
        let blank = query(&[("q", "  "), ("bucket", "")]).validate().unwrap();
        assert_eq!((blank.q, blank.bucket), (None, None));
    }

    #[test]
    fn every_value_is_read() {
        let filter = query(&[
            ("bucket", "not_reported"),
            ("assigned", "12"),
            ("day", "3"),
            ("age65", "true"),
            ("risk", "diabetes"),
            ("org", "none"),
            ("q", " ヤマダ "),
            ("limit", "200"),
        ])
        .validate()
        .unwrap();
        assert_eq!(filter.bucket, Some(Bucket::NotReported));
        assert_eq!(filter.assigned, Some(Assigned::Staff(StaffId(12))));
        assert_eq!(filter.day, Some(3));
        assert_eq!(filter.age65, Some(true));
        assert_eq!(filter.risk, Some(RiskFilter::Factor(RiskFactor::Diabetes)));
        assert_eq!(filter.org, Some(OrgFilter::Unassigned));
        assert_eq!(filter.q.as_deref(), Some("ヤマダ"));
        assert_eq!(filter.limit, 200);
    }

    #[test]
    fn each_bad_value_names_its_field() {
        let cases = [
            ("bucket", "purple", "invalid"),
            ("assigned", "someone", "invalid"),
            ("assigned", "-3", "invalid"),
            ("day", "0", "out_of_range"),
            ("day", "61", "out_of_range"),
            ("day", "two", "invalid"),
            ("age65", "yes", "invalid"),
            ("risk", "vampirism", "invalid"),
            ("org", "0", "invalid"),
            ("after", "garbage", "invalid"),
            ("limit", "0", "out_of_range"),
            ("limit", "201", "out_of_range"),
            ("limit", "1e3", "invalid"),
        ];
        for (field, value, code) in cases {
            let errors = query(&[(field, value)]).validate().unwrap_err();
            assert_eq!(errors.len(), 1, "{field}={value}");
            assert_eq!(
                (errors[0].field.as_str(), errors[0].code.as_str()),
                (field, code),
                "{field}={value}"
            );
        }
        let long = "あ".repeat(SEARCH_MAX_CHARS + 1);
        let errors = query(&[("q", &long)]).validate().unwrap_err();
        assert_eq!(
            (errors[0].field.as_str(), errors[0].code.as_str()),
            ("q", "too_long")
        );
        let both = query(&[("day", "x"), ("limit", "x")])
            .validate()
            .unwrap_err();
        assert_eq!(both.len(), 2, "every bad value is reported at once");
    }

    #[test]
    fn cursors_round_trip_and_reject_anything_else() {
        let at = DateTime::from_timestamp_nanos(1_795_000_000_123_456_789);
        for last_report_at in [Some(at), None] {
            let cursor = WorkListCursor {
                as_of: at,
                bucket: Bucket::Unreviewed,
                last_report_at,
                id: CaseId(42),
            };
            assert_eq!(WorkListCursor::decode(&cursor.encode()), Some(cursor));
        }
        for bad in [
            "",
            "w1",
            "w1.9.0.n.1",
            "w1.0.0.n.0",
            "w1.0.0.n.1.2",
            "w2.0.0.n.1",
        ] {
            assert_eq!(WorkListCursor::decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn bucket_ranks_follow_the_list_order() {
        for (i, bucket) in Bucket::ALL.into_iter().enumerate() {
            assert_eq!(i64::from(bucket.rank()), i as i64);
            assert_eq!(Bucket::from_rank(i as i64), Some(bucket));
            assert_eq!(Bucket::parse(bucket.as_str()), Some(bucket));
        }
    }
}
