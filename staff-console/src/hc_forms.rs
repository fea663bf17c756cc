//! The health centre's and administrators' forms: contents → requests, and field errors →
//! messages beside the fields (codes of these screens are translated by `HcText` and
//! `AdminText`).

use chrono::NaiveDate;
use mimamori_shared::Lang;
use mimamori_shared::api::auth::StaffRole;
use mimamori_shared::api::cases::{RiskFactor, Sex};
use mimamori_shared::api::intake::RegisterCase;
use mimamori_shared::api::{FieldError, Problem};
use mimamori_shared::i18n::staff_admin::AdminText;
use mimamori_shared::i18n::staff_hc::HcText;
use mimamori_shared::ids::OrgId;

/// Field errors of one form, from local validation or a 422.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Errors(pub Vec<FieldError>);

impl Errors {
    /// The errors a problem lists.
    pub fn from_problem(problem: &Problem) -> Self {
        Self(problem.errors.clone())
    }

    /// The code of the first error of `field`.
    pub fn code(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field || e.field.starts_with(&format!("{field}[")))
            .map(|e| e.code.as_str())
    }

    /// The health-centre message for `field`.
    pub fn hc(&self, lang: Lang, field: &str) -> Option<&'static str> {
        self.code(field).map(|c| HcText::field_error(c).get(lang))
    }

    /// The administration message for `field`.
    pub fn admin(&self, lang: Lang, field: &str) -> Option<&'static str> {
        self.code(field)
            .map(|c| AdminText::field_error(c).get(lang))
    }

    /// Whether some error is about a field the form does not show.
    pub fn has_other_than(&self, shown: &[&str]) -> bool {
        self.0.iter().any(|e| {
            !shown
                .iter()
                .any(|f| e.field == *f || e.field.starts_with(&format!("{f}[")))
        })
    }

    /// Whether there is no error.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// What the registration form holds (text as typed; dates as `<input type=date>` gives them).
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterForm {
    /// 氏名.
    pub name: String,
    /// フリガナ.
    pub name_kana: String,
    /// 生年月日, `YYYY-MM-DD` or empty.
    pub birth_date: String,
    /// 性別 code or empty.
    pub sex: String,
    /// 電話番号.
    pub phone: String,
    /// メールアドレス.
    pub email: String,
    /// 住所.
    pub address: String,
    /// Ticked risk factors.
    pub risk_factors: Vec<RiskFactor>,
    /// 発症日.
    pub onset_date: String,
    /// 検体採取日.
    pub specimen_date: String,
    /// 検査.
    pub test_summary: String,
    /// 聞き取りメモ.
    pub interview_notes: String,
    /// Chosen organisation id, or empty.
    pub followup_org_id: String,
    /// Days, as typed.
    pub followup_days: String,
    /// `1` or `2`.
    pub slots_per_day: String,
}

impl Default for RegisterForm {
    fn default() -> Self {
        Self {
            name: String::new(),
            name_kana: String::new(),
            birth_date: String::new(),
            sex: String::new(),
            phone: String::new(),
            email: String::new(),
            address: String::new(),
            risk_factors: Vec::new(),
            onset_date: String::new(),
            specimen_date: String::new(),
            test_summary: String::new(),
            interview_notes: String::new(),
            followup_org_id: String::new(),
            followup_days: "10".to_owned(),
            slots_per_day: "1".to_owned(),
        }
    }
}

impl RegisterForm {
    /// Fields the form shows errors beside.
    pub const FIELDS: [&'static str; 15] = [
        "name",
        "name_kana",
        "birth_date",
        "sex",
        "phone",
        "email",
        "address",
        "risk_factors",
        "onset_date",
        "specimen_date",
        "test_summary",
        "interview_notes",
        "followup_org_id",
        "followup_days",
        "slots_per_day",
    ];

    /// The request, or the errors to show (checked with the shared rules as of `today`).
    pub fn to_request(&self, today: NaiveDate) -> Result<RegisterCase, Errors> {
        let date = |s: &str| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
        let number = |s: &str| s.trim().parse::<i64>().ok();
        let request = RegisterCase {
            name: self.name.clone(),
            name_kana: self.name_kana.clone(),
            birth_date: date(&self.birth_date),
            sex: Sex::parse(&self.sex),
            phone: self.phone.clone(),
            address: self.address.clone(),
            risk_factors: self.risk_factors.clone(),
            onset_date: date(&self.onset_date),
            specimen_date: date(&self.specimen_date),
            test_summary: self.test_summary.clone(),
            interview_notes: self.interview_notes.clone(),
            followup_org_id: number(&self.followup_org_id).map(OrgId),
            followup_days: number(&self.followup_days),
            slots_per_day: number(&self.slots_per_day),
            email: self.email.clone(),
        };
        match request.validate(today) {
            Ok(_) => Ok(request),
            Err(errors) => Err(Errors(errors)),
        }
    }

    /// Ticks or unticks a risk factor.
    pub fn toggle(&mut self, factor: RiskFactor, on: bool) {
        self.risk_factors.retain(|f| *f != factor);
        if on {
            self.risk_factors.push(factor);
        }
    }
}

/// The roles an administrator may give, in the order the form offers them.
pub const ROLES: [StaffRole; 5] = [
    StaffRole::FollowupStaff,
    StaffRole::FollowupDoctor,
    StaffRole::HcStaff,
    StaffRole::InstitutionStaff,
    StaffRole::Admin,
];

/// The role chosen in a `<select>` (its `as_str` code), if any.
pub fn parse_role(value: &str) -> Option<StaffRole> {
    StaffRole::parse(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default()
    }

    #[test]
    fn an_empty_form_shows_the_required_fields_in_the_forms_words() {
        let errors = RegisterForm::default()
            .to_request(today())
            .err()
            .unwrap_or_default();
        for field in ["name", "name_kana", "birth_date", "sex", "phone"] {
            assert_eq!(
                errors.hc(Lang::Ja, field),
                Some("入力してください。"),
                "{field}"
            );
        }
        assert!(!errors.has_other_than(&RegisterForm::FIELDS));
    }

    #[test]
    fn a_filled_form_becomes_the_request() {
        let mut form = RegisterForm {
            name: "山田 花子".into(),
            name_kana: "やまだ はなこ".into(),
            birth_date: "1948-03-12".into(),
            sex: "female".into(),
            phone: "090-1234-5678".into(),
            onset_date: "2026-11-20".into(),
            followup_org_id: "4".into(),
            ..RegisterForm::default()
        };
        form.toggle(RiskFactor::Diabetes, true);
        form.toggle(RiskFactor::Obesity, true);
        form.toggle(RiskFactor::Diabetes, false);
        let request = form.to_request(today()).unwrap_or_default();
        assert_eq!(request.sex, Some(Sex::Female));
        assert_eq!(request.followup_org_id, Some(OrgId(4)));
        assert_eq!(request.followup_days, Some(10));
        assert_eq!(request.risk_factors, [RiskFactor::Obesity]);
        assert_eq!(request.onset_date, NaiveDate::from_ymd_opt(2026, 11, 20));
    }

    #[test]
    fn roles_are_chosen_by_code() {
        assert_eq!(parse_role("hc_staff"), Some(StaffRole::HcStaff));
    }
}
