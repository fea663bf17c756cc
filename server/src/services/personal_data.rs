//! A case's personal data, sealed at rest (docs/security.md, "Encryption at rest").
//!
//! `patient_case` keeps name, kana, date of birth, phone, address, e-mail, the tests done and
//! the interview notes (which hold the whereabouts) sealed by the keyring, with the column and
//! the case number as associated data: the case number is known before the row has an id and
//! never changes. What must be found without opening every case is a blind index beside them:
//!
//! - `duplicate_index`: name, date of birth and phone together ([`duplicate_index`]), so a
//!   second registration of the same person is one lookup in the health centre's cases;
//! - `case_search_token`: the work-list search ([`Personal::search_tokens`]). Each name and
//!   kana is cut into its parts (family and given name, as separated by a space) and the whole
//!   without spaces; every prefix of those, up to [`MAX_PREFIX`] characters, in its search form
//!   (`mimamori_shared::kana::search_form`: kana typed any way, full-width letters, case), is
//!   stored as an HMAC, and so is every end of the phone number's digits of at least
//!   [`MIN_PHONE_TAIL`] digits. A search is the HMAC of what was typed, looked up. So a search
//!   finds a case by the start of its family name, given name or full name, in kanji or kana,
//!   and by its phone number or its last four digits or more, but no longer by a piece from
//!   the middle of a name; the case number is not personal data and is still matched anywhere
//!   (`LIKE`, in clear).
//! - `birth_year`: in clear, for the "65 or over" filter and age bands.
//!
//! Equal tokens show that two cases share a name prefix, as any blind index shows equality;
//! they show neither the prefix nor the name without the blind-index key.

use crate::db;
use crate::db::intake::SealedPersonal;
use crate::entities::patient_case;
use crate::keys::{Keyring, KeyringError};
use crate::services::sealed_text;
use chrono::{Datelike, NaiveDate};
use mimamori_shared::api::intake::DuplicateKey;
use mimamori_shared::kana::search_form;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};
use std::collections::BTreeSet;

/// The sealed columns of `patient_case`, as named in the associated data.
pub const NAME_FIELD: &str = "patient_case.name";
/// 氏名（カナ）.
pub const NAME_KANA_FIELD: &str = "patient_case.name_kana";
/// 生年月日.
pub const BIRTH_DATE_FIELD: &str = "patient_case.birth_date";
/// Phone.
pub const PHONE_FIELD: &str = "patient_case.phone";
/// 住所.
pub const ADDRESS_FIELD: &str = "patient_case.address";
/// Contact e-mail.
pub const EMAIL_FIELD: &str = "patient_case.email";
/// Tests done.
pub const TEST_SUMMARY_FIELD: &str = "patient_case.test_summary";
/// Interview notes.
pub const INTERVIEW_NOTES_FIELD: &str = "patient_case.interview_notes";

/// Blind-index purposes.
const NAME_PREFIX: &str = "case.name_prefix";
const PHONE: &str = "case.phone";
const DUPLICATE: &str = "case.duplicate";

/// The longest name prefix stored as a token: a longer search is looked up by its first
/// `MAX_PREFIX` characters.
pub const MAX_PREFIX: usize = 16;

/// The shortest end of a phone number a search finds it by.
pub const MIN_PHONE_TAIL: usize = 4;

/// A case's personal data, open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Personal {
    /// 氏名.
    pub name: String,
    /// 氏名（カナ）, full-width katakana.
    pub name_kana: String,
    /// 生年月日.
    pub birth_date: NaiveDate,
    /// Phone, as stored by the intake (`normalise_phone`).
    pub phone: String,
    /// 住所.
    pub address: String,
    /// Contact e-mail.
    pub email: Option<String>,
    /// Tests done.
    pub test_summary: String,
    /// Interview notes.
    pub interview_notes: String,
}

impl Personal {
    /// Sealed for the case `case_number`.
    pub fn seal(&self, keys: &Keyring, case_number: &str) -> SealedPersonal {
        let seal = |field: &str, text: &str| keys.seal(field, case_number, text);
        SealedPersonal {
            name: seal(NAME_FIELD, &self.name),
            name_kana: seal(NAME_KANA_FIELD, &self.name_kana),
            birth_date: seal(BIRTH_DATE_FIELD, &sealed_text::date_text(self.birth_date)),
            birth_year: i16::try_from(self.birth_date.year()).unwrap_or(i16::MAX),
            phone: seal(PHONE_FIELD, &self.phone),
            address: seal(ADDRESS_FIELD, &self.address),
            email: self.email.as_deref().map(|email| seal(EMAIL_FIELD, email)),
            test_summary: seal(TEST_SUMMARY_FIELD, &self.test_summary),
            interview_notes: seal(INTERVIEW_NOTES_FIELD, &self.interview_notes),
            duplicate_index: duplicate_index(
                keys,
                &mimamori_shared::api::intake::duplicate_key(
                    &self.name,
                    self.birth_date,
                    &self.phone,
                ),
            ),
        }
    }

    /// The personal data of a stored case.
    pub fn open(keys: &Keyring, case: &patient_case::Model) -> Result<Self, KeyringError> {
        let number = case.case_number.as_str();
        Ok(Self {
            name: open_name(keys, case)?,
            name_kana: keys.unseal(NAME_KANA_FIELD, number, &case.sealed_name_kana)?,
            birth_date: open_birth_date(keys, number, &case.sealed_birth_date)?,
            phone: keys.unseal(PHONE_FIELD, number, &case.sealed_phone)?,
            address: keys.unseal(ADDRESS_FIELD, number, &case.sealed_address)?,
            email: open_email(keys, case)?,
            test_summary: keys.unseal(TEST_SUMMARY_FIELD, number, &case.sealed_test_summary)?,
            interview_notes: keys.unseal(
                INTERVIEW_NOTES_FIELD,
                number,
                &case.sealed_interview_notes,
            )?,
        })
    }

    /// The search tokens the case is found by (see the module's documentation).
    pub fn search_tokens(&self, keys: &Keyring) -> BTreeSet<String> {
        let mut tokens = BTreeSet::new();
        for text in [&self.name, &self.name_kana] {
            let parts: Vec<&str> = text.split_whitespace().collect();
            let whole = parts.concat();
            for part in parts.iter().copied().chain([whole.as_str()]) {
                let form: Vec<char> = search_form(part).chars().collect();
                for len in 1..=form.len().min(MAX_PREFIX) {
                    let prefix: String = form[..len].iter().collect();
                    tokens.insert(keys.blind_index(NAME_PREFIX, &prefix));
                }
            }
        }
        // The number by its end: the whole, or its last four digits or more.
        if let Some(digits) = phone_digits(&self.phone) {
            let digits: Vec<char> = digits.chars().collect();
            for start in 0..=digits.len().saturating_sub(MIN_PHONE_TAIL) {
                let tail: String = digits[start..].iter().collect();
                tokens.insert(keys.blind_index(PHONE, &tail));
            }
        }
        tokens
    }
}

/// Stores `personal` as the personal data of `case`, in place of what it held: sealed, with
/// its duplicate index and its search tokens made again. (The in-place upgrade of cases stored
/// in clear, and changes to a case's personal data.)
pub async fn replace(
    db: &impl ConnectionTrait,
    keys: &Keyring,
    case: &patient_case::Model,
    personal: &Personal,
) -> Result<(), DbErr> {
    let values = personal.seal(keys, &case.case_number);
    let mut row: patient_case::ActiveModel = case.clone().into();
    row.sealed_name = Set(values.name);
    row.sealed_name_kana = Set(values.name_kana);
    row.sealed_birth_date = Set(values.birth_date);
    row.birth_year = Set(values.birth_year);
    row.sealed_phone = Set(values.phone);
    row.sealed_address = Set(values.address);
    row.sealed_email = Set(values.email);
    row.sealed_test_summary = Set(values.test_summary);
    row.sealed_interview_notes = Set(values.interview_notes);
    row.duplicate_index = Set(Some(values.duplicate_index));
    row.update(db).await?;
    db::intake::replace_search_tokens(db, case.id, &personal.search_tokens(keys)).await
}

/// The tokens a search text is looked up by: its name prefix (at most [`MAX_PREFIX`]
/// characters of its search form) and, when it is a phone number, its digits.
pub fn query_tokens(keys: &Keyring, text: &str) -> Vec<String> {
    let form: String = search_form(text).chars().take(MAX_PREFIX).collect();
    let mut tokens = Vec::new();
    if !form.is_empty() {
        tokens.push(keys.blind_index(NAME_PREFIX, &form));
    }
    if let Some(digits) = phone_digits(text) {
        tokens.push(keys.blind_index(PHONE, &digits));
    }
    tokens
}

/// The digits of a phone number (full-width ones too), when `text` is one: digits with
/// spaces, hyphens, brackets, dots or a plus between them, nothing else.
fn phone_digits(text: &str) -> Option<String> {
    let form = search_form(text);
    let mut digits = String::new();
    for c in form.chars() {
        match c {
            '0'..='9' => digits.push(c),
            '-' | '‐' | '−' | 'ー' | '(' | ')' | '+' | '.' => {}
            _ => return None,
        }
    }
    (!digits.is_empty()).then_some(digits)
}

/// The blind index of a [`DuplicateKey`] (name without spaces, date of birth, phone digits).
pub fn duplicate_index(keys: &Keyring, key: &DuplicateKey) -> String {
    let (name, birth_date, phone) = key;
    keys.blind_index(
        DUPLICATE,
        &format!(
            "{name}\u{1f}{}\u{1f}{phone}",
            sealed_text::date_text(*birth_date)
        ),
    )
}

/// A sealed date of birth of the case `case_number`, opened.
pub fn open_birth_date(
    keys: &Keyring,
    case_number: &str,
    sealed: &str,
) -> Result<NaiveDate, KeyringError> {
    sealed_text::open_date(keys, BIRTH_DATE_FIELD, case_number, sealed)
}

/// The name of a stored case, opened (what lists show without the rest).
pub fn open_name(keys: &Keyring, case: &patient_case::Model) -> Result<String, KeyringError> {
    keys.unseal(NAME_FIELD, &case.case_number, &case.sealed_name)
}

/// The contact e-mail of a stored case, opened, if it has one.
pub fn open_email(
    keys: &Keyring,
    case: &patient_case::Model,
) -> Result<Option<String>, KeyringError> {
    case.sealed_email
        .as_deref()
        .map(|email| keys.unseal(EMAIL_FIELD, &case.case_number, email))
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::KeyFile;

    fn keys() -> Keyring {
        Keyring::unsaved(KeyFile::generate())
    }

    fn stored(case_number: &str, sealed: &SealedPersonal) -> patient_case::Model {
        let day = NaiveDate::from_ymd_opt(2026, 12, 7).expect("a date");
        patient_case::Model {
            id: 1,
            case_number: case_number.to_owned(),
            health_centre_id: 1,
            followup_org_id: None,
            sealed_name: sealed.name.clone(),
            sealed_name_kana: sealed.name_kana.clone(),
            sealed_birth_date: sealed.birth_date.clone(),
            birth_year: sealed.birth_year,
            sex: mimamori_shared::api::cases::Sex::Female,
            sealed_phone: sealed.phone.clone(),
            followup_start: day,
            followup_end: day,
            slots_per_day: 1,
            status: mimamori_shared::api::cases::CaseStatus::Active,
            created_at: chrono::Utc::now(),
            sealed_address: sealed.address.clone(),
            risk_factors: "[]".to_owned(),
            onset_date: None,
            specimen_date: None,
            sealed_test_summary: sealed.test_summary.clone(),
            sealed_interview_notes: sealed.interview_notes.clone(),
            end_reason: None,
            ended_at: None,
            assigned_staff_id: None,
            escalated_at: None,
            last_report_at: None,
            last_slot_date: None,
            last_slot: None,
            unreviewed_flag: None,
            sealed_email: sealed.email.clone(),
            reminded_slot_date: None,
            reminded_slot: None,
            reminded_nudge: None,
            reminded_at: None,
            spo2_red_at_most: None,
            spo2_amber_at_most: None,
            threshold_version: None,
            end_review_since: None,
            end_review_signs: None,
            duplicate_index: Some(sealed.duplicate_index.clone()),
            purged_at: None,
        }
    }

    fn hanako() -> Personal {
        Personal {
            name: "山田 花子".to_owned(),
            name_kana: "ヤマダ ハナコ".to_owned(),
            birth_date: NaiveDate::from_ymd_opt(1958, 4, 1).unwrap(),
            phone: "090-1234-5678".to_owned(),
            address: "東京都新宿区西新宿2-8-1".to_owned(),
            email: Some("hanako@example.jp".to_owned()),
            test_summary: "抗原定性 陽性".to_owned(),
            interview_notes: "居所: 実家".to_owned(),
        }
    }

    #[test]
    fn personal_data_opens_only_in_its_own_case() {
        let keys = keys();
        let sealed = hanako().seal(&keys, "1-20261207-0001");
        assert_eq!(sealed.birth_year, 1958);
        assert!(!sealed.name.contains("山田"));
        assert!(!sealed.birth_date.contains("1958"));
        let mut case = stored("1-20261207-0001", &sealed);
        assert_eq!(Personal::open(&keys, &case).unwrap(), hanako());
        // Moved to another case, the same values do not open.
        case.case_number = "1-20261207-0002".to_owned();
        assert!(Personal::open(&keys, &case).is_err());
        // Nor does one column's value in another column.
        case.case_number = "1-20261207-0001".to_owned();
        case.sealed_phone = sealed.address.clone();
        assert!(Personal::open(&keys, &case).is_err());
    }

    #[test]
    fn a_case_is_found_by_the_start_of_any_part_of_its_names_typed_any_way() {
        let keys = keys();
        let tokens = hanako().search_tokens(&keys);
        for typed in [
            "山",
            "山田",
            "花子",
            "山田花子",
            "山田 花",
            "やまだ",
            "ﾔﾏﾀﾞ",
            "ハナ",
            "やまだはなこ",
            "090-1234-5678",
            "０９０１２３４５６７８",
            "5678",
            "1234-5678",
        ] {
            let found = query_tokens(&keys, typed)
                .iter()
                .any(|token| tokens.contains(token));
            assert!(found, "{typed}");
        }
        for typed in ["田", "花田", "090-1234", "678", "ダハナ", "1958-04-01"] {
            let found = query_tokens(&keys, typed)
                .iter()
                .any(|token| tokens.contains(token));
            assert!(!found, "{typed}");
        }
    }

    #[test]
    fn tokens_depend_on_the_blind_index_key() {
        let one = hanako().search_tokens(&keys());
        let other = hanako().search_tokens(&keys());
        assert!(one.is_disjoint(&other));
    }
}
