//! Health-centre work (docs/health-centre.md): registering a case by hand or by CSV import,
//! assigning it to a follow-up organisation and issuing the patient's invitation.

use super::auth::OrgSummary;
use super::cases::{RiskFactor, Sex};
use super::problem::{FieldError, FieldErrors, Problem};
use crate::ids::{CaseId, OrgId};
use crate::values::{ValueError, check_text_len};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Longest name or kana, in characters.
pub const NAME_MAX_CHARS: usize = 100;
/// Longest address, in characters.
pub const ADDRESS_MAX_CHARS: usize = 200;
/// Longest test summary, in characters.
pub const TEST_SUMMARY_MAX_CHARS: usize = 2_000;
/// Longest interview notes, in characters.
pub const INTERVIEW_NOTES_MAX_CHARS: usize = 4_000;
/// Follow-up period when none is given.
pub const DEFAULT_FOLLOWUP_DAYS: i64 = 10;
/// Longest follow-up period that can be set at registration.
pub const MAX_FOLLOWUP_DAYS: i64 = 30;
/// Oldest plausible age, in years, for a date of birth.
pub const MAX_AGE_YEARS: i32 = 120;

/// `POST /api/staff/cases`: a case registered by hand (the fields of the notification, 発生届).
/// Every field is checked on its own by [`RegisterCase::validate`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisterCase {
    /// 氏名; required.
    #[serde(default)]
    pub name: String,
    /// 氏名（カナ）, in katakana (hiragana is converted); required.
    #[serde(default)]
    pub name_kana: String,
    /// 生年月日; required, not in the future.
    #[serde(default)]
    pub birth_date: Option<NaiveDate>,
    /// 性別; required.
    #[serde(default)]
    pub sex: Option<Sex>,
    /// Phone: 10 or 11 digits, hyphens allowed; required.
    #[serde(default)]
    pub phone: String,
    /// 住所.
    #[serde(default)]
    pub address: String,
    /// 重症化リスク因子.
    #[serde(default)]
    pub risk_factors: Vec<RiskFactor>,
    /// 発症日: follow-up starts on it when given.
    #[serde(default)]
    pub onset_date: Option<NaiveDate>,
    /// 検体採取日: follow-up starts on it when there is no onset date.
    #[serde(default)]
    pub specimen_date: Option<NaiveDate>,
    /// Tests done (method and result).
    #[serde(default)]
    pub test_summary: String,
    /// The diagnosing institution's interview notes.
    #[serde(default)]
    pub interview_notes: String,
    /// Follow-up organisation to assign at once; it must have a contract with the health centre.
    #[serde(default)]
    pub followup_org_id: Option<OrgId>,
    /// Length of the follow-up period in days (1–30, default 10).
    #[serde(default)]
    pub followup_days: Option<i64>,
    /// Reports a day (1 or 2, default 1).
    #[serde(default)]
    pub slots_per_day: Option<i64>,
    /// The patient's e-mail address, where reminders go when web push does not reach them;
    /// optional.
    #[serde(default)]
    pub email: String,
}

/// A [`RegisterCase`] whose every field passed, normalised for storage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidCase {
    /// Name, whitespace normalised.
    pub name: String,
    /// Kana, in katakana, whitespace normalised.
    pub name_kana: String,
    /// Date of birth.
    pub birth_date: NaiveDate,
    /// Sex.
    pub sex: Sex,
    /// Phone in ASCII digits and hyphens.
    pub phone: String,
    /// Address (may be empty).
    pub address: String,
    /// Risk factors, in catalogue order, each once.
    pub risk_factors: Vec<RiskFactor>,
    /// Onset date.
    pub onset_date: Option<NaiveDate>,
    /// Specimen date.
    pub specimen_date: Option<NaiveDate>,
    /// Test summary.
    pub test_summary: String,
    /// Interview notes.
    pub interview_notes: String,
    /// Follow-up organisation, still to be checked against the contracts.
    pub followup_org_id: Option<OrgId>,
    /// First day of follow-up.
    pub followup_start: NaiveDate,
    /// Last day of follow-up.
    pub followup_end: NaiveDate,
    /// Reports a day.
    pub slots_per_day: u8,
    /// Contact e-mail, if given.
    pub email: Option<String>,
}

impl ValidCase {
    /// What two registrations of the same person share (see [`duplicate_key`]).
    pub fn duplicate_key(&self) -> DuplicateKey {
        duplicate_key(&self.name, self.birth_date, &self.phone)
    }
}

impl RegisterCase {
    /// Checks every field; `today` is the health centre's local date (dates may not be later).
    /// Follow-up starts on the onset date, else the specimen date, else today, and lasts
    /// `followup_days` days including the first.
    pub fn validate(&self, today: NaiveDate) -> Result<ValidCase, Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let name = required_text(
            &mut errors,
            "name",
            &normalise_space(&self.name),
            NAME_MAX_CHARS,
        );
        let name_kana = match to_katakana(&normalise_space(&self.name_kana)) {
            Some(kana) => required_text(&mut errors, "name_kana", &kana, NAME_MAX_CHARS),
            None => {
                push(&mut errors, "name_kana", "katakana", "use katakana");
                None
            }
        };
        let birth_date = self.birth_date_checked(&mut errors, today);
        let sex = errors.check("sex", self.sex.ok_or(ValueError::Required));
        let phone = match normalise_phone(&self.phone) {
            Ok(phone) => Some(phone),
            Err(PhoneError::Required) => errors.check("phone", Err(ValueError::Required)),
            Err(PhoneError::Format) => {
                push(
                    &mut errors,
                    "phone",
                    "phone_format",
                    "10 or 11 digits, hyphens allowed",
                );
                None
            }
        };
        let address = normalise_space(&self.address);
        errors.check("address", check_text_len(&address, ADDRESS_MAX_CHARS));
        let test_summary = self.test_summary.trim().to_owned();
        errors.check(
            "test_summary",
            check_text_len(&test_summary, TEST_SUMMARY_MAX_CHARS),
        );
        let interview_notes = self.interview_notes.trim().to_owned();
        errors.check(
            "interview_notes",
            check_text_len(&interview_notes, INTERVIEW_NOTES_MAX_CHARS),
        );
        for (field, date) in [
            ("onset_date", self.onset_date),
            ("specimen_date", self.specimen_date),
        ] {
            if let Some(date) = date {
                check_event_date(&mut errors, field, date, self.birth_date, today);
            }
        }
        let days = self.followup_days.unwrap_or(DEFAULT_FOLLOWUP_DAYS);
        let days = errors.check("followup_days", in_range(days, 1, MAX_FOLLOWUP_DAYS));
        let slots = self.slots_per_day.unwrap_or(1);
        let slots = errors.check("slots_per_day", in_range(slots, 1, 2));
        // The period must not be over before it is registered: a case found that late needs no
        // follow-up (its start date is then the wrong one, or the case needs no registration).
        let (start_field, start) = match (self.onset_date, self.specimen_date) {
            (Some(onset), _) => ("onset_date", onset),
            (None, Some(specimen)) => ("specimen_date", specimen),
            (None, None) => ("onset_date", today),
        };
        let end = days.map(|days| start + Duration::days(days - 1));
        if end.is_some_and(|end| end < today) && start <= today {
            push(
                &mut errors,
                start_field,
                "period_over",
                "the follow-up period has already ended",
            );
        }
        let email = self.email.trim();
        if !email.is_empty() && !crate::values::plausible_email(email) {
            push(
                &mut errors,
                "email",
                "email_format",
                "not an e-mail address",
            );
        }
        let email = (!email.is_empty()).then(|| email.to_owned());
        let mut risk_factors = self.risk_factors.clone();
        risk_factors.sort_by_key(|r| RiskFactor::ALL.iter().position(|a| a == r));
        risk_factors.dedup();
        errors.finish(|| {
            Some(ValidCase {
                name: name?,
                name_kana: name_kana?,
                birth_date: birth_date?,
                sex: sex?,
                phone: phone?,
                address,
                risk_factors,
                onset_date: self.onset_date,
                specimen_date: self.specimen_date,
                test_summary,
                interview_notes,
                followup_org_id: self.followup_org_id,
                followup_start: start,
                followup_end: end?,
                slots_per_day: u8::try_from(slots?).ok()?,
                email,
            })
        })
    }

    fn birth_date_checked(&self, errors: &mut FieldErrors, today: NaiveDate) -> Option<NaiveDate> {
        let date = errors.check("birth_date", self.birth_date.ok_or(ValueError::Required))?;
        if date > today {
            push(
                errors,
                "birth_date",
                "in_future",
                "must not be in the future",
            );
            return None;
        }
        if today.year() - date.year() > MAX_AGE_YEARS {
            errors.check::<()>(
                "birth_date",
                Err(ValueError::OutOfRange {
                    min: format!("{}", today.year() - MAX_AGE_YEARS),
                    max: today.to_string(),
                }),
            );
            return None;
        }
        Some(date)
    }
}

fn push(errors: &mut FieldErrors, field: &str, code: &str, message: &str) {
    errors.push(FieldError::custom(field, code, message));
}

fn required_text(errors: &mut FieldErrors, field: &str, text: &str, max: usize) -> Option<String> {
    if text.is_empty() {
        return errors.check(field, Err(ValueError::Required));
    }
    errors.check(field, check_text_len(text, max))?;
    Some(text.to_owned())
}

fn in_range(value: i64, min: i64, max: i64) -> Result<i64, ValueError> {
    if (min..=max).contains(&value) {
        Ok(value)
    } else {
        Err(ValueError::OutOfRange {
            min: min.to_string(),
            max: max.to_string(),
        })
    }
}

fn check_event_date(
    errors: &mut FieldErrors,
    field: &str,
    date: NaiveDate,
    birth: Option<NaiveDate>,
    today: NaiveDate,
) {
    if date > today {
        push(errors, field, "in_future", "must not be in the future");
    } else if birth.is_some_and(|birth| date < birth) {
        push(
            errors,
            field,
            "before_birth",
            "must not be before the date of birth",
        );
    }
}

/// Trims, turns ideographic spaces (U+3000) into plain ones and collapses runs of whitespace.
pub fn normalise_space(text: &str) -> String {
    text.split(|c: char| c.is_whitespace())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Kana as stored: full-width katakana, whether typed in hiragana, katakana or half-width
/// katakana (`crate::kana`); `None` when there is anything but katakana, the prolonged sound
/// mark, the middle dot and spaces.
pub fn to_katakana(text: &str) -> Option<String> {
    crate::kana::compose_half_width_kana(text)
        .chars()
        .map(|c| match crate::kana::hiragana_to_katakana(c) {
            c @ ('\u{30A1}'..='\u{30FA}' | '\u{30FC}'..='\u{30FE}' | '\u{30FB}' | ' ') => Some(c),
            _ => None,
        })
        .collect()
}

/// Why a phone number was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneError {
    /// Empty.
    Required,
    /// Not 10–11 digits in groups separated by single hyphens.
    Format,
}

/// A phone number as stored: full-width digits and dashes become ASCII; 10 or 11 digits
/// (Japanese fixed-line and mobile numbers), optionally grouped with single hyphens.
pub fn normalise_phone(text: &str) -> Result<String, PhoneError> {
    let ascii: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '－' | '‐' | '−' | '‑' | '–' => '-',
            other => other,
        })
        .collect();
    if ascii.is_empty() {
        return Err(PhoneError::Required);
    }
    let groups_ok = ascii
        .split('-')
        .all(|g| !g.is_empty() && g.chars().all(|c| c.is_ascii_digit()));
    let digits = ascii.chars().filter(char::is_ascii_digit).count();
    if groups_ok && (10..=11).contains(&digits) {
        Ok(ascii)
    } else {
        Err(PhoneError::Format)
    }
}

/// Name without any whitespace, date of birth, phone digits: two registrations with the same
/// key are taken to be the same person (a notification filed twice, a CSV row repeated).
pub type DuplicateKey = (String, NaiveDate, String);

/// The [`DuplicateKey`] of a name, date of birth and phone as entered.
pub fn duplicate_key(name: &str, birth_date: NaiveDate, phone: &str) -> DuplicateKey {
    let name = name
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>();
    let phone = phone
        .chars()
        .filter_map(|c| match c {
            '0'..='9' => Some(c),
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
            _ => None,
        })
        .collect::<String>();
    (name, birth_date, phone)
}

/// `POST /api/staff/cases` answer: the new case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisteredCase {
    /// Id of the new case.
    pub id: CaseId,
    /// Its generated number (`<health centre id>-<yyyymmdd>-<sequence>`).
    pub case_number: String,
}

/// A case an intake request ran into.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseRef {
    /// Id of the case.
    pub id: CaseId,
    /// Its number.
    pub case_number: String,
}

/// 409 `duplicate_case` of `POST /api/staff/cases`: the problem, and the case already
/// registered with the same name, date of birth and phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DuplicateCaseProblem {
    /// The problem (`code` = `duplicate_case`).
    #[serde(flatten)]
    pub problem: Problem,
    /// The case that is already there.
    pub existing_case: CaseRef,
}

/// `POST /api/staff/cases/import` answer: every row was stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportResult {
    /// How many cases were registered.
    pub imported: usize,
    /// Their ids, in the file's order.
    pub case_ids: Vec<CaseId>,
}

/// `PUT /api/staff/cases/{case_id}/assignment`: assign or transfer a case.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssignCase {
    /// The follow-up organisation; it must have a contract with the case's health centre.
    #[serde(default)]
    pub followup_org_id: Option<OrgId>,
}

/// `PUT /api/staff/cases/{case_id}/assignment` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssignmentView {
    /// The case.
    pub case_id: CaseId,
    /// The organisation it is now assigned to.
    pub followup_org: OrgSummary,
    /// The organisation it was taken from, for a transfer.
    pub previous_org: Option<OrgSummary>,
}

/// `GET /api/staff/contracted-orgs`: the follow-up organisations with a contract with the
/// caller's health centre, for the assignment choices.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContractedOrgList {
    /// The organisations, by name.
    pub items: Vec<OrgSummary>,
}

/// `POST /api/staff/cases/{case_id}/invitation` answer: a fresh single-use invitation. The
/// token is in `url` and is shown this once (only its hash is stored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitationView {
    /// The link the patient opens (`<public url>/invite?token=…`).
    pub url: String,
    /// When the link stops working.
    pub expires_at: DateTime<Utc>,
    /// The link as a QR code, a PNG image in base64.
    pub qr_png_base64: String,
}

#[cfg(test)]
mod tests;
