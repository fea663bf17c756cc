//! Notifications of a case (発生届) filed online by medical institutions, and the health
//! centre's intake of them (docs/institutions.md, docs/health-centre.md).
//!
//! An institution fills a [`NotificationForm`], saves it as a draft as often as it likes
//! (only [`NotificationForm::check_draft`] applies), and submits it
//! ([`NotificationForm::validate`] applies in full). A submitted notification goes to the
//! health centre with jurisdiction over the institution (the institution's parent
//! organisation), which accepts it (creating the case, or linking it to a case already
//! registered) or returns it with a comment; a returned notification can be edited and
//! submitted again.
//!
//! Routes (all under `/api/staff`; `case-notifications`, because `/api/staff/notifications` is
//! the console's own notification list, the bell):
//! - `GET  /case-notifications/defaults` → [`NotificationDefaults`] (institution staff)
//! - `GET  /case-notifications?status=` → [`NotificationList`] (an institution: what it filed;
//!   a health centre: what was submitted to it, drafts never)
//! - `POST /case-notifications` [`NotificationForm`] → 201 [`NotificationView`] (a new draft)
//! - `GET  /case-notifications/{id}` → [`NotificationView`]
//! - `PUT  /case-notifications/{id}` [`NotificationForm`] → [`NotificationView`] (draft or
//!   returned)
//! - `POST /case-notifications/{id}/submit` → [`NotificationView`] (422 with every field error)
//! - `POST /case-notifications/{id}/accept` [`AcceptNotification`] → [`AcceptedNotification`]
//!   (409 `duplicate_case` with the existing case unless `link_to_case` names it)
//! - `POST /case-notifications/{id}/return` [`ReturnNotification`] → [`NotificationView`]

use super::auth::OrgSummary;
use super::cases::{RiskFactor, Sex, codes};
use super::intake::{
    ADDRESS_MAX_CHARS, CaseRef, MAX_AGE_YEARS, NAME_MAX_CHARS, PhoneError, normalise_phone,
    normalise_space, to_katakana,
};
use super::problem::{FieldError, FieldErrors};
use crate::ids::{CaseId, CaseNotificationId, OrgId};
use crate::values::{ValueError, check_text_len};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Longest free-text note on a notification, in characters.
pub const NOTES_MAX_CHARS: usize = 2_000;
/// Longest comment when a health centre returns a notification, in characters.
pub const RETURN_COMMENT_MAX_CHARS: usize = 1_000;

codes! {
    /// Where a notification is in its life.
    NotificationStatus {
        /// Saved by the institution, not yet sent; only the institution sees it.
        Draft = "draft",
        /// Sent to the health centre, waiting in its intake queue.
        Submitted = "submitted",
        /// Accepted by the health centre: a case exists (new or already registered).
        Accepted = "accepted",
        /// Returned by the health centre with a comment; the institution may correct and resubmit.
        Returned = "returned",
    }
}

codes! {
    /// 検査方法: how the diagnosis was confirmed.
    TestMethod {
        /// PCR 法 (核酸検出).
        Pcr = "pcr",
        /// 抗原定性検査.
        AntigenQualitative = "antigen_qualitative",
        /// 抗原定量検査.
        AntigenQuantitative = "antigen_quantitative",
        /// LAMP 法等.
        Lamp = "lamp",
        /// その他.
        Other = "other",
    }
}

codes! {
    /// 検査結果. A notification needs a positive result.
    TestResult {
        /// 陽性.
        Positive = "positive",
        /// 陰性.
        Negative = "negative",
    }
}

codes! {
    /// 重症度, as on the notification and the inpatient status report (2022 classification).
    Severity {
        /// 軽症.
        Mild = "mild",
        /// 中等症Ⅰ.
        ModerateI = "moderate_i",
        /// 中等症Ⅱ.
        ModerateIi = "moderate_ii",
        /// 重症.
        Severe = "severe",
    }
}

codes! {
    /// A symptom on the notification or an inpatient status report (症状).
    ClinicalSymptom {
        /// 発熱.
        Fever = "fever",
        /// 咳.
        Cough = "cough",
        /// 咽頭痛.
        SoreThroat = "sore_throat",
        /// 全身倦怠感.
        Fatigue = "fatigue",
        /// 頭痛.
        Headache = "headache",
        /// 呼吸困難.
        Breathlessness = "breathlessness",
        /// 味覚・嗅覚障害.
        TasteSmellDisorder = "taste_smell_disorder",
        /// 下痢.
        Diarrhoea = "diarrhoea",
        /// 肺炎像.
        Pneumonia = "pneumonia",
        /// 重篤な肺炎 / ARDS.
        Ards = "ards",
    }
}

codes! {
    /// 妊娠の有無.
    Pregnancy {
        /// なし.
        No = "no",
        /// あり.
        Yes = "yes",
        /// 不明.
        Unknown = "unknown",
    }
}

/// The notification form (2022 item set). Every field may be empty in a draft; the
/// institution's own details and the health centre come from the institution's organisation
/// record, not from the form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationForm {
    /// 患者氏名; required.
    #[serde(default)]
    pub patient_name: String,
    /// フリガナ, katakana (hiragana is converted); required.
    #[serde(default)]
    pub patient_kana: String,
    /// 性別; required.
    #[serde(default)]
    pub sex: Option<Sex>,
    /// 生年月日; required (the age is shown from it).
    #[serde(default)]
    pub birth_date: Option<NaiveDate>,
    /// 住所; required.
    #[serde(default)]
    pub address: String,
    /// 居所, when the patient stays somewhere other than the address.
    #[serde(default)]
    pub whereabouts: String,
    /// 電話番号: 10 or 11 digits, hyphens allowed; required.
    #[serde(default)]
    pub phone: String,
    /// E-mail for reminders; optional.
    #[serde(default)]
    pub email: String,
    /// 診断した医師の氏名; required (pre-filled with the signed-in doctor).
    #[serde(default)]
    pub doctor_name: String,
    /// 診断日; required, not in the future.
    #[serde(default)]
    pub diagnosis_date: Option<NaiveDate>,
    /// 検体採取日; required, not after the diagnosis.
    #[serde(default)]
    pub specimen_date: Option<NaiveDate>,
    /// 発症日; required unless `asymptomatic`, not after the diagnosis.
    #[serde(default)]
    pub onset_date: Option<NaiveDate>,
    /// 無症状病原体保有者: no onset date and no symptoms.
    #[serde(default)]
    pub asymptomatic: bool,
    /// 検査方法; required.
    #[serde(default)]
    pub test_method: Option<TestMethod>,
    /// 検査結果; required and positive.
    #[serde(default)]
    pub test_result: Option<TestResult>,
    /// 症状 (each once).
    #[serde(default)]
    pub symptoms: Vec<ClinicalSymptom>,
    /// 重症度; required.
    #[serde(default)]
    pub severity: Option<Severity>,
    /// 重症化リスク因子.
    #[serde(default)]
    pub risk_factors: Vec<RiskFactor>,
    /// 妊娠の有無; only for a female patient.
    #[serde(default)]
    pub pregnancy: Option<Pregnancy>,
    /// 入院の要否: admission needed.
    #[serde(default)]
    pub needs_admission: bool,
    /// 新たな酸素投与: new oxygen therapy started.
    #[serde(default)]
    pub new_oxygen: bool,
    /// Anything else the health centre should know.
    #[serde(default)]
    pub notes: String,
}

impl NotificationForm {
    /// The form an institution starts from: today's dates, a positive result, mild severity,
    /// the signed-in doctor as the diagnosing doctor. Fields a doctor must decide are left empty.
    pub fn with_defaults(today: NaiveDate, doctor_name: &str) -> Self {
        Self {
            doctor_name: doctor_name.to_owned(),
            diagnosis_date: Some(today),
            specimen_date: Some(today),
            test_result: Some(TestResult::Positive),
            severity: Some(Severity::Mild),
            ..Self::default()
        }
    }

    /// The checks a draft must pass: lengths and the format of what is filled in. Missing
    /// fields are fine in a draft.
    pub fn check_draft(&self) -> Vec<FieldError> {
        let mut errors = FieldErrors::default();
        self.check_filled(&mut errors, None);
        errors.finish(|| Some(())).err().unwrap_or_default()
    }

    /// Every check of a submission; `today` is the institution's local date. The normalised
    /// form comes back (kana in katakana, phone in ASCII, whitespace collapsed, lists in
    /// catalogue order each once).
    pub fn validate(&self, today: NaiveDate) -> Result<NotificationForm, Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let normal = self.check_filled(&mut errors, Some(today));
        for (field, empty) in [
            ("patient_name", self.patient_name.trim().is_empty()),
            ("patient_kana", self.patient_kana.trim().is_empty()),
            ("sex", self.sex.is_none()),
            ("birth_date", self.birth_date.is_none()),
            ("address", self.address.trim().is_empty()),
            ("phone", self.phone.trim().is_empty()),
            ("doctor_name", self.doctor_name.trim().is_empty()),
            ("diagnosis_date", self.diagnosis_date.is_none()),
            ("specimen_date", self.specimen_date.is_none()),
            ("test_method", self.test_method.is_none()),
            ("test_result", self.test_result.is_none()),
            ("severity", self.severity.is_none()),
        ] {
            if empty {
                errors.check::<()>(field, Err(ValueError::Required));
            }
        }
        if self.asymptomatic {
            if self.onset_date.is_some() {
                push(
                    &mut errors,
                    "onset_date",
                    "asymptomatic",
                    "an asymptomatic case has no onset date",
                );
            }
            if !self.symptoms.is_empty() {
                push(
                    &mut errors,
                    "symptoms",
                    "asymptomatic",
                    "an asymptomatic case has no symptoms",
                );
            }
        } else if self.onset_date.is_none() {
            errors.check::<()>("onset_date", Err(ValueError::Required));
        }
        if self.test_result == Some(TestResult::Negative) {
            push(
                &mut errors,
                "test_result",
                "not_positive",
                "a notification needs a positive test result",
            );
        }
        errors.finish(|| Some(normal))
    }

    /// Checks what is filled in and builds the normalised form; with `today`, dates are also
    /// checked against it and against each other.
    fn check_filled(&self, errors: &mut FieldErrors, today: Option<NaiveDate>) -> NotificationForm {
        let mut normal = self.clone();
        normal.patient_name = normalise_space(&self.patient_name);
        errors.check(
            "patient_name",
            check_text_len(&normal.patient_name, NAME_MAX_CHARS),
        );
        let kana = normalise_space(&self.patient_kana);
        match to_katakana(&kana) {
            Some(kana) => {
                errors.check("patient_kana", check_text_len(&kana, NAME_MAX_CHARS));
                normal.patient_kana = kana;
            }
            None => push(errors, "patient_kana", "katakana", "use katakana"),
        }
        normal.address = normalise_space(&self.address);
        errors.check(
            "address",
            check_text_len(&normal.address, ADDRESS_MAX_CHARS),
        );
        normal.whereabouts = normalise_space(&self.whereabouts);
        errors.check(
            "whereabouts",
            check_text_len(&normal.whereabouts, ADDRESS_MAX_CHARS),
        );
        match normalise_phone(&self.phone) {
            Ok(phone) => normal.phone = phone,
            Err(PhoneError::Required) => normal.phone = String::new(),
            Err(PhoneError::Format) => {
                push(
                    errors,
                    "phone",
                    "phone_format",
                    "10 or 11 digits, hyphens allowed",
                );
            }
        }
        normal.email = self.email.trim().to_owned();
        if !normal.email.is_empty() && !crate::values::plausible_email(&normal.email) {
            push(errors, "email", "email_format", "not an e-mail address");
        }
        normal.doctor_name = normalise_space(&self.doctor_name);
        errors.check(
            "doctor_name",
            check_text_len(&normal.doctor_name, NAME_MAX_CHARS),
        );
        normal.notes = self.notes.trim().to_owned();
        errors.check("notes", check_text_len(&normal.notes, NOTES_MAX_CHARS));
        if self.pregnancy.is_some() && self.sex.is_some_and(|sex| sex != Sex::Female) {
            push(
                errors,
                "pregnancy",
                "not_applicable",
                "only for a female patient",
            );
        }
        normal.symptoms = in_catalogue_order(&self.symptoms, ClinicalSymptom::ALL);
        normal.risk_factors = in_catalogue_order(&self.risk_factors, RiskFactor::ALL);
        if let Some(today) = today {
            self.check_dates(errors, today);
        }
        normal
    }

    fn check_dates(&self, errors: &mut FieldErrors, today: NaiveDate) {
        if let Some(birth) = self.birth_date {
            if birth > today {
                push(
                    errors,
                    "birth_date",
                    "in_future",
                    "must not be in the future",
                );
            } else if today.year() - birth.year() > MAX_AGE_YEARS {
                errors.check::<()>(
                    "birth_date",
                    Err(ValueError::OutOfRange {
                        min: format!("{}", today.year() - MAX_AGE_YEARS),
                        max: today.to_string(),
                    }),
                );
            }
        }
        for (field, date) in [
            ("diagnosis_date", self.diagnosis_date),
            ("specimen_date", self.specimen_date),
            ("onset_date", self.onset_date),
        ] {
            let Some(date) = date else { continue };
            if date > today {
                push(errors, field, "in_future", "must not be in the future");
            } else if self.birth_date.is_some_and(|birth| date < birth) {
                push(
                    errors,
                    field,
                    "before_birth",
                    "must not be before the date of birth",
                );
            } else if field != "diagnosis_date"
                && self
                    .diagnosis_date
                    .is_some_and(|diagnosis| date > diagnosis)
            {
                push(
                    errors,
                    field,
                    "after_diagnosis",
                    "must not be after the diagnosis date",
                );
            }
        }
    }
}

/// `items` in the order of `all`, each once.
fn in_catalogue_order<T: Copy + PartialEq>(items: &[T], all: &[T]) -> Vec<T> {
    all.iter().copied().filter(|a| items.contains(a)).collect()
}

fn push(errors: &mut FieldErrors, field: &str, code: &str, message: &str) {
    errors.push(FieldError::custom(field, code, message));
}

/// `GET /api/staff/case-notifications/defaults`: what a new notification starts from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationDefaults {
    /// The filing institution (the caller's organisation), shown read-only on the form.
    pub institution: OrgSummary,
    /// The health centre the notification will go to (the institution's jurisdiction).
    pub health_centre: OrgSummary,
    /// [`NotificationForm::with_defaults`] for the caller, today in the institution's zone.
    pub form: NotificationForm,
}

/// `GET /api/staff/case-notifications?status=`: only notifications with this status.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct NotificationQuery {
    /// Only this status (a health centre asking for `draft` gets an empty list).
    #[serde(default)]
    pub status: Option<NotificationStatus>,
}

/// A notification in a list (the institution's own list or a health centre's intake queue).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationSummary {
    /// Id of the notification.
    pub id: CaseNotificationId,
    /// Where it is.
    pub status: NotificationStatus,
    /// 患者氏名 (may be empty in a draft).
    pub patient_name: String,
    /// フリガナ.
    pub patient_kana: String,
    /// 生年月日.
    pub birth_date: Option<NaiveDate>,
    /// 重症度.
    pub severity: Option<Severity>,
    /// 入院の要否.
    pub needs_admission: bool,
    /// 診断日.
    pub diagnosis_date: Option<NaiveDate>,
    /// The filing institution.
    pub institution: OrgSummary,
    /// The health centre it goes (or went) to.
    pub health_centre: OrgSummary,
    /// Last saved.
    pub updated_at: DateTime<Utc>,
    /// When it was (last) submitted.
    pub submitted_at: Option<DateTime<Utc>>,
    /// When the health centre accepted or returned it.
    pub decided_at: Option<DateTime<Utc>>,
    /// The health centre's comment when it returned it.
    pub return_comment: Option<String>,
    /// The case, once accepted.
    pub case: Option<CaseRef>,
}

/// `GET /api/staff/case-notifications`, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationList {
    /// The notifications.
    pub items: Vec<NotificationSummary>,
}

/// One notification with its whole form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationView {
    /// Status, names and dates.
    pub summary: NotificationSummary,
    /// The form as saved (normalised).
    pub form: NotificationForm,
    /// For a health centre looking at a submitted notification: a case already registered
    /// with the same name, date of birth and phone, if any.
    pub possible_duplicate: Option<CaseRef>,
}

/// `POST /api/staff/case-notifications/{id}/accept`: how the health centre takes the case on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AcceptNotification {
    /// Follow-up organisation to assign at once (must have a contract with the centre).
    #[serde(default)]
    pub followup_org_id: Option<OrgId>,
    /// Length of the follow-up period in days (1–30, default 10).
    #[serde(default)]
    pub followup_days: Option<i64>,
    /// Reports a day (1 or 2, default 1).
    #[serde(default)]
    pub slots_per_day: Option<i64>,
    /// The case already registered for this person (the `existing_case` of a 409
    /// `duplicate_case`): the notification is linked to it and no new case is made.
    #[serde(default)]
    pub link_to_case: Option<CaseId>,
}

/// The answer to an accept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AcceptedNotification {
    /// The case the notification now belongs to.
    pub case: CaseRef,
    /// Whether that case was made by this accept (false: linked to an existing case).
    pub created: bool,
}

/// `POST /api/staff/case-notifications/{id}/return`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReturnNotification {
    /// What the institution should correct; required.
    #[serde(default)]
    pub comment: String,
}

impl ReturnNotification {
    /// The trimmed comment, or the field error.
    pub fn validate(&self) -> Result<String, Vec<FieldError>> {
        let comment = self.comment.trim();
        let mut errors = FieldErrors::default();
        if comment.is_empty() {
            errors.check::<()>("comment", Err(ValueError::Required));
        } else {
            errors.check("comment", check_text_len(comment, RETURN_COMMENT_MAX_CHARS));
        }
        errors.finish(|| Some(comment.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    fn filled() -> NotificationForm {
        NotificationForm {
            patient_name: "見守　花子".into(),
            patient_kana: "みまもり はなこ".into(),
            sex: Some(Sex::Female),
            birth_date: NaiveDate::from_ymd_opt(1950, 4, 1),
            address: "東京都新宿区1-1".into(),
            phone: "０９０-1234-5678".into(),
            onset_date: NaiveDate::from_ymd_opt(2026, 11, 22),
            test_method: Some(TestMethod::Pcr),
            symptoms: vec![
                ClinicalSymptom::Cough,
                ClinicalSymptom::Fever,
                ClinicalSymptom::Cough,
            ],
            ..NotificationForm::with_defaults(today(), "医師 一郎")
        }
    }

    fn fields(errors: &[FieldError]) -> Vec<(&str, &str)> {
        errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect()
    }

    #[test]
    fn a_filled_form_is_normalised() {
        let form = filled().validate(today()).unwrap();
        assert_eq!(form.patient_name, "見守 花子");
        assert_eq!(form.patient_kana, "ミマモリ ハナコ");
        assert_eq!(form.phone, "090-1234-5678");
        assert_eq!(
            form.symptoms,
            vec![ClinicalSymptom::Fever, ClinicalSymptom::Cough]
        );
    }

    #[test]
    fn an_empty_draft_is_fine_but_cannot_be_submitted() {
        assert!(NotificationForm::default().check_draft().is_empty());
        let errors = NotificationForm::default().validate(today()).unwrap_err();
        let fields = fields(&errors);
        for field in [
            "patient_name",
            "sex",
            "birth_date",
            "phone",
            "diagnosis_date",
            "onset_date",
        ] {
            assert!(fields.contains(&(field, "required")), "{field}: {fields:?}");
        }
    }

    #[test]
    fn a_draft_with_a_bad_phone_or_kana_is_refused() {
        let form = NotificationForm {
            phone: "12".into(),
            patient_kana: "Hanako".into(),
            ..NotificationForm::default()
        };
        assert_eq!(
            fields(&form.check_draft()),
            vec![("patient_kana", "katakana"), ("phone", "phone_format")]
        );
    }

    #[test]
    fn dates_are_checked_against_today_birth_and_diagnosis() {
        let form = NotificationForm {
            specimen_date: NaiveDate::from_ymd_opt(2026, 11, 25),
            onset_date: NaiveDate::from_ymd_opt(1940, 1, 1),
            diagnosis_date: NaiveDate::from_ymd_opt(2026, 11, 20),
            ..filled()
        };
        let errors = form.validate(today()).unwrap_err();
        assert_eq!(
            fields(&errors),
            vec![
                ("specimen_date", "in_future"),
                ("onset_date", "before_birth")
            ]
        );
        let later = NotificationForm {
            specimen_date: NaiveDate::from_ymd_opt(2026, 11, 23),
            diagnosis_date: NaiveDate::from_ymd_opt(2026, 11, 22),
            ..filled()
        };
        assert_eq!(
            fields(&later.validate(today()).unwrap_err()),
            vec![("specimen_date", "after_diagnosis")]
        );
    }

    #[test]
    fn asymptomatic_cases_have_no_onset_and_results_must_be_positive() {
        let form = NotificationForm {
            asymptomatic: true,
            test_result: Some(TestResult::Negative),
            sex: Some(Sex::Male),
            pregnancy: Some(Pregnancy::No),
            ..filled()
        };
        assert_eq!(
            fields(&form.validate(today()).unwrap_err()),
            vec![
                ("pregnancy", "not_applicable"),
                ("onset_date", "asymptomatic"),
                ("symptoms", "asymptomatic"),
                ("test_result", "not_positive"),
            ]
        );
        let fine = NotificationForm {
            asymptomatic: true,
            onset_date: None,
            symptoms: Vec::new(),
            ..filled()
        };
        assert!(fine.validate(today()).is_ok());
    }

    #[test]
    fn a_return_needs_a_comment() {
        assert!(ReturnNotification::default().validate().is_err());
        let ok = ReturnNotification {
            comment: " 電話番号を確認してください ".into(),
        };
        assert_eq!(ok.validate().unwrap(), "電話番号を確認してください");
    }
}
