//! Sign-in of staff (ID + password + TOTP) and patients (invitation, then case number + password).

use super::problem::{FieldError, FieldErrors};
use super::staff_security::SignInCode;
use crate::i18n::Lang;
use crate::ids::{CaseId, OrgId, StaffId};
use crate::values::{ValueError, check_new_password};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Staff roles; what each may see is decided by the access policy (docs/architecture.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "db", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "db",
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
#[serde(rename_all = "snake_case")]
pub enum StaffRole {
    /// Nurse or clerk of a follow-up organisation.
    FollowupStaff,
    /// Doctor of a follow-up organisation: may also write physician findings.
    FollowupDoctor,
    /// Health-centre staff: every case in the centre's jurisdiction.
    HcStaff,
    /// Doctor or clerk of a medical institution: what the institution filed.
    InstitutionStaff,
    /// Administrator of a prefecture or the deployment.
    Admin,
}

impl StaffRole {
    /// Stable name used in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::FollowupStaff => "followup_staff",
            Self::FollowupDoctor => "followup_doctor",
            Self::HcStaff => "hc_staff",
            Self::InstitutionStaff => "institution_staff",
            Self::Admin => "admin",
        }
    }

    /// Inverse of [`StaffRole::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::FollowupStaff,
            Self::FollowupDoctor,
            Self::HcStaff,
            Self::InstitutionStaff,
            Self::Admin,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
    }
}

/// An organisation as shown to users.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrgSummary {
    /// Id of the organisation.
    pub id: OrgId,
    /// Display name.
    pub name: String,
    /// Phone number patients may call, if the organisation gives one.
    pub phone: Option<String>,
    /// Postal address, if recorded (the 発生届 gives the filing institution's).
    #[serde(default)]
    pub address: Option<String>,
}

/// `POST /api/staff/session`: the three factors of a staff sign-in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffSignIn {
    /// The staff member's login ID.
    #[serde(default)]
    pub login_id: String,
    /// Password.
    #[serde(default)]
    pub password: String,
    /// Current six-digit code of the authenticator app (RFC 6238), or one of the staff
    /// member's recovery codes (`k7f3-9qx2-m4hp`). Left empty at the first sign-in, before an
    /// authenticator is enrolled; the server asks for it (422) when one is.
    #[serde(default)]
    pub totp_code: String,
}

impl StaffSignIn {
    /// Checks that ID and password are present and the code, if given, has the shape of a
    /// TOTP code or a recovery code. An empty code passes here: whether the account needs one
    /// is known only once the password has been checked (first sign-in enrols instead).
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        errors.check("login_id", required(&self.login_id));
        errors.check("password", required(&self.password));
        if SignInCode::classify(&self.totp_code) == SignInCode::Invalid {
            errors.push(FieldError::custom(
                "totp_code",
                "invalid",
                "enter the 6-digit code or a recovery code",
            ));
        }
        errors.finish(|| Some(()))
    }
}

/// The signed-in staff member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffMe {
    /// Id of the staff member.
    pub id: StaffId,
    /// Login ID.
    pub login_id: String,
    /// Name shown in the console.
    pub display_name: String,
    /// Role.
    pub role: StaffRole,
    /// The organisation the staff member belongs to.
    pub organisation: OrgSummary,
    /// The session was opened with the password only: the staff member must enrol an
    /// authenticator app (`/api/staff/totp/enrolment`) before anything else is allowed.
    #[serde(default)]
    pub must_enrol_totp: bool,
    /// The password is a one-time password (given at `mimamori init` or by a host's reset):
    /// the staff member must change it (`PUT /api/staff/me/password`) before anything else,
    /// enrolment included; the server answers 403 `password_change_required` meanwhile.
    #[serde(default)]
    pub must_change_password: bool,
}

/// `POST /api/patient/invitations/redeem`: a patient opens an invitation and sets a password.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RedeemInvitation {
    /// The token from the invitation link.
    #[serde(default)]
    pub token: String,
    /// The password the patient chooses.
    #[serde(default)]
    pub password: String,
    /// Language chosen on the first screen.
    #[serde(default)]
    pub lang: Lang,
}

impl RedeemInvitation {
    /// Checks the token is present and the password follows the length rule.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        errors.check("token", required(&self.token));
        errors.check("password", check_new_password(&self.password));
        errors.finish(|| Some(()))
    }
}

/// `POST /api/patient/session`: sign-in with case number and password.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PatientSignIn {
    /// Case number printed on the invitation letter.
    #[serde(default)]
    pub case_number: String,
    /// Password.
    #[serde(default)]
    pub password: String,
}

impl PatientSignIn {
    /// Checks both fields are present.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        errors.check("case_number", required(&self.case_number));
        errors.check("password", required(&self.password));
        errors.finish(|| Some(()))
    }
}

/// A case the signed-in patient reports for (their own, or a household member's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PatientCaseView {
    /// Id of the case.
    pub case_id: CaseId,
    /// Case number.
    pub case_number: String,
    /// The patient's name, so a household can tell members apart.
    pub name: String,
    /// First day of the follow-up period.
    pub followup_start: NaiveDate,
    /// Last day of the follow-up period.
    pub followup_end: NaiveDate,
    /// Day N of the follow-up period today (1 on the first day).
    pub day: i64,
    /// Reports expected a day (1 or 2).
    pub slots_per_day: u8,
    /// The health centre: its phone number is the first thing shown on a red report.
    pub health_centre: OrgSummary,
    /// Whether the current slot already has a report.
    pub reported_current_slot: bool,
    /// Under follow-up, or paused while the patient is in hospital (the app then asks for no
    /// report). Absent from older servers: active.
    #[serde(default)]
    pub status: super::cases::CaseStatus,
    /// The SpO2 thresholds a doctor set for this patient, if any: the app's offline danger
    /// advice judges with them as the server does.
    #[serde(default)]
    pub thresholds: Option<crate::triage::CaseThresholds>,
}

/// `GET /api/patient/me`: what the signed-in patient may report for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PatientMe {
    /// Preferred language.
    pub lang: Lang,
    /// The cases this sign-in reports for, the account's own first.
    pub cases: Vec<PatientCaseView>,
    /// Wrong passwords given for the case number since the last sign-in: set in the answer to a
    /// sign-in, so the patient learns that someone may have tried; 0 otherwise.
    #[serde(default)]
    pub failed_sign_ins: u32,
}

fn required(text: &str) -> Result<(), ValueError> {
    if text.trim().is_empty() {
        Err(ValueError::Required)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staff_sign_in_takes_a_totp_code_a_recovery_code_or_none() {
        let ok = StaffSignIn {
            login_id: "dr".into(),
            password: "pw".into(),
            totp_code: "123456".into(),
        };
        assert!(ok.validate().is_ok());
        for code in ["", "k7f3-9qx2-m4hp"] {
            let request = StaffSignIn {
                totp_code: code.into(),
                ..ok.clone()
            };
            assert!(request.validate().is_ok(), "{code:?}");
        }
        let errors = StaffSignIn {
            totp_code: "12a456".into(),
            ..ok.clone()
        }
        .validate()
        .unwrap_err();
        assert_eq!(errors[0].field, "totp_code");
        let errors = StaffSignIn::default().validate().unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["login_id", "password"]);
    }

    #[test]
    fn staff_me_from_an_older_server_needs_no_enrolment() {
        let json = r#"{"id":1,"login_id":"a","display_name":"A","role":"admin",
            "organisation":{"id":2,"name":"O","phone":null}}"#;
        let me: StaffMe = serde_json::from_str(json).unwrap();
        assert!(!me.must_enrol_totp);
    }

    #[test]
    fn role_names_round_trip() {
        for role in [
            StaffRole::FollowupStaff,
            StaffRole::FollowupDoctor,
            StaffRole::HcStaff,
            StaffRole::Admin,
        ] {
            assert_eq!(StaffRole::parse(role.as_str()), Some(role));
        }
    }
}
