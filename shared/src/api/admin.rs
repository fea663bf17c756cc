//! Administration: the organisation tree, contracts between follow-up organisations and health
//! centres, and staff users. An administrator manages what is under their own organisation (a
//! prefecture, or the whole deployment).

use super::auth::{OrgSummary, StaffRole};
use super::intake::{ADDRESS_MAX_CHARS, normalise_phone};
use super::problem::{FieldError, FieldErrors};
use crate::ids::{ContractId, OrgId, StaffId};
use crate::values::{ValueError, check_new_staff_password, check_text_len};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Longest organisation or display name, in characters.
pub const ADMIN_NAME_MAX_CHARS: usize = 100;
/// Shortest and longest login ID.
pub const LOGIN_ID_CHARS: (usize, usize) = (3, 64);
/// Longest e-mail address (RFC 5321).
pub use crate::values::EMAIL_MAX_CHARS;

/// What an organisation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "db", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
#[cfg_attr(
    feature = "db",
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    /// The whole deployment (the root; created at installation, never through the API).
    Deployment,
    /// 都道府県等.
    Prefecture,
    /// 保健所.
    HealthCentre,
    /// 委託先: a follow-up organisation (地区医師会, clinic, nursing agency).
    FollowupOrg,
    /// 医療機関.
    Institution,
}

impl OrgKind {
    /// Every kind, root first.
    pub const ALL: [OrgKind; 5] = [
        OrgKind::Deployment,
        OrgKind::Prefecture,
        OrgKind::HealthCentre,
        OrgKind::FollowupOrg,
        OrgKind::Institution,
    ];

    /// Stable name used in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::Deployment => "deployment",
            OrgKind::Prefecture => "prefecture",
            OrgKind::HealthCentre => "health_centre",
            OrgKind::FollowupOrg => "followup_org",
            OrgKind::Institution => "institution",
        }
    }

    /// Inverse of [`OrgKind::as_str`].
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The kind an organisation of this kind must be created under (`None`: not through the
    /// API). Prefectures sit under the deployment, health centres under a prefecture, follow-up
    /// organisations and medical institutions under a health centre.
    pub fn parent_kind(self) -> Option<OrgKind> {
        match self {
            OrgKind::Deployment => None,
            OrgKind::Prefecture => Some(OrgKind::Deployment),
            OrgKind::HealthCentre => Some(OrgKind::Prefecture),
            OrgKind::FollowupOrg | OrgKind::Institution => Some(OrgKind::HealthCentre),
        }
    }

    /// The organisation kinds a user of `role` may belong to.
    pub fn fits_role(self, role: StaffRole) -> bool {
        match role {
            StaffRole::FollowupStaff | StaffRole::FollowupDoctor => self == OrgKind::FollowupOrg,
            StaffRole::HcStaff => self == OrgKind::HealthCentre,
            StaffRole::InstitutionStaff => self == OrgKind::Institution,
            StaffRole::Admin => matches!(self, OrgKind::Prefecture | OrgKind::Deployment),
        }
    }
}

/// One organisation of the tree, with the organisations under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrgNode {
    /// Id of the organisation.
    pub id: OrgId,
    /// Kind.
    pub kind: OrgKind,
    /// Name.
    pub name: String,
    /// The organisation above it, if any.
    pub parent_id: Option<OrgId>,
    /// Phone number patients may call.
    pub phone: Option<String>,
    /// IANA time zone of its days.
    pub time_zone: String,
    /// 所在地, if given.
    #[serde(default)]
    pub address: Option<String>,
    /// The organisations under it, by kind then name.
    #[cfg_attr(feature = "openapi", schema(no_recursion))]
    pub children: Vec<OrgNode>,
}

/// `GET /api/staff/admin/orgs`: the part of the organisation tree the administrator manages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrgTree {
    /// The top organisations (the administrator's own, usually one).
    pub roots: Vec<OrgNode>,
}

/// `POST /api/staff/admin/orgs`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateOrg {
    /// Kind; required (not `deployment`).
    #[serde(default)]
    pub kind: Option<OrgKind>,
    /// Name; required.
    #[serde(default)]
    pub name: String,
    /// The organisation above it, of the kind [`OrgKind::parent_kind`] says; required.
    #[serde(default)]
    pub parent_id: Option<OrgId>,
    /// Phone number patients may call.
    #[serde(default)]
    pub phone: Option<String>,
    /// IANA time zone; the parent's when left out.
    #[serde(default)]
    pub time_zone: Option<String>,
    /// Postal address (所在地); a medical institution's goes on its 発生届.
    #[serde(default)]
    pub address: Option<String>,
}

impl CreateOrg {
    /// Checks the fields that need no lookup (the parent and the time zone are the server's).
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        match self.kind {
            None => {
                errors.check::<()>("kind", Err(ValueError::Required));
            }
            Some(kind) if kind.parent_kind().is_none() => {
                errors.check::<()>("kind", Err(ValueError::Invalid));
            }
            Some(_) => {}
        }
        check_name(&mut errors, "name", &self.name);
        if self.parent_id.is_none() {
            errors.check::<()>("parent_id", Err(ValueError::Required));
        }
        if let Some(phone) = self.phone.as_deref().filter(|p| !p.trim().is_empty())
            && normalise_phone(phone).is_err()
        {
            errors.push(FieldError::custom(
                "phone",
                "phone_format",
                "10 or 11 digits",
            ));
        }
        if let Some(address) = &self.address {
            errors.check("address", check_text_len(address.trim(), ADDRESS_MAX_CHARS));
        }
        errors.finish(|| Some(()))
    }
}

fn check_name(errors: &mut FieldErrors, field: &str, name: &str) {
    if name.trim().is_empty() {
        errors.check::<()>(field, Err(ValueError::Required));
    } else {
        errors.check(field, check_text_len(name.trim(), ADMIN_NAME_MAX_CHARS));
    }
}

/// A contract (委託契約): a follow-up organisation serves a health centre.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContractView {
    /// Id of the contract.
    pub id: ContractId,
    /// The follow-up organisation.
    pub followup_org: OrgSummary,
    /// The health centre it serves.
    pub health_centre: OrgSummary,
    /// When it was made.
    pub created_at: DateTime<Utc>,
}

/// `GET /api/staff/admin/contracts`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContractList {
    /// Contracts, by health centre then follow-up organisation.
    pub items: Vec<ContractView>,
}

/// `POST /api/staff/admin/contracts`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateContract {
    /// The follow-up organisation; required.
    #[serde(default)]
    pub followup_org_id: Option<OrgId>,
    /// The health centre; required.
    #[serde(default)]
    pub health_centre_id: Option<OrgId>,
}

impl CreateContract {
    /// Checks that both ends are given.
    pub fn validate(&self) -> Result<(OrgId, OrgId), Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let followup = errors.check(
            "followup_org_id",
            self.followup_org_id.ok_or(ValueError::Required),
        );
        let centre = errors.check(
            "health_centre_id",
            self.health_centre_id.ok_or(ValueError::Required),
        );
        errors.finish(|| Some((followup?, centre?)))
    }
}

/// A staff user as administrators see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserView {
    /// Id of the user.
    pub id: StaffId,
    /// Login ID.
    pub login_id: String,
    /// Display name.
    pub display_name: String,
    /// Role.
    pub role: StaffRole,
    /// Organisation.
    pub organisation: OrgSummary,
    /// E-mail address for staff notifications.
    pub email: Option<String>,
    /// Whether the user may sign in.
    pub active: bool,
    /// Whether the user has enrolled an authenticator (false until the first sign-in, and
    /// again after an administrator resets two-factor authentication).
    pub totp_enrolled: bool,
    /// Locked after repeated failures until then, if locked now.
    pub locked_until: Option<DateTime<Utc>>,
    /// When the user was created.
    pub created_at: DateTime<Utc>,
}

/// `GET /api/staff/admin/users`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserList {
    /// Users, by organisation then login ID.
    pub items: Vec<UserView>,
}

/// Filters of `GET /api/staff/admin/users`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct UserQuery {
    /// Only users of this organisation.
    #[serde(default)]
    pub organisation_id: Option<OrgId>,
    /// Only users with this role.
    #[serde(default)]
    pub role: Option<StaffRole>,
    /// Only active (true) or deactivated (false) users.
    #[serde(default)]
    pub active: Option<bool>,
}

/// `POST /api/staff/admin/users`. The user enrols an authenticator at their first sign-in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateUser {
    /// Login ID: 3–64 letters, digits, `.`, `_` or `-`; unique.
    #[serde(default)]
    pub login_id: String,
    /// Display name; required.
    #[serde(default)]
    pub display_name: String,
    /// Role; required, and it must fit the organisation's kind.
    #[serde(default)]
    pub role: Option<StaffRole>,
    /// Organisation; required.
    #[serde(default)]
    pub organisation_id: Option<OrgId>,
    /// E-mail address.
    #[serde(default)]
    pub email: Option<String>,
    /// First password, handed over in person; at least 8 characters.
    #[serde(default)]
    pub initial_password: String,
}

impl CreateUser {
    /// Checks the fields that need no lookup.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let login = self.login_id.trim();
        let (min, max) = LOGIN_ID_CHARS;
        if login.is_empty() {
            errors.check::<()>("login_id", Err(ValueError::Required));
        } else if login.len() < min || login.len() > max {
            errors.check::<()>(
                "login_id",
                Err(ValueError::OutOfRange {
                    min: min.to_string(),
                    max: max.to_string(),
                }),
            );
        } else if !login
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        {
            errors.push(FieldError::custom(
                "login_id",
                "login_format",
                "letters, digits, '.', '_' and '-' only",
            ));
        }
        check_name(&mut errors, "display_name", &self.display_name);
        if self.role.is_none() {
            errors.check::<()>("role", Err(ValueError::Required));
        }
        if self.organisation_id.is_none() {
            errors.check::<()>("organisation_id", Err(ValueError::Required));
        }
        let email = self.email.as_deref().map(str::trim).unwrap_or_default();
        if !email.is_empty() && !crate::values::plausible_email(email) {
            errors.push(FieldError::custom(
                "email",
                "email_format",
                "not an e-mail address",
            ));
        }
        errors.check(
            "initial_password",
            check_new_staff_password(&self.initial_password),
        );
        errors.finish(|| Some(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(errors: Vec<FieldError>) -> Vec<(String, String)> {
        errors.into_iter().map(|e| (e.field, e.code)).collect()
    }

    #[test]
    fn organisations_sit_under_the_kind_above_them() {
        assert_eq!(
            OrgKind::HealthCentre.parent_kind(),
            Some(OrgKind::Prefecture)
        );
        assert_eq!(
            OrgKind::Institution.parent_kind(),
            Some(OrgKind::HealthCentre)
        );
        assert_eq!(OrgKind::Deployment.parent_kind(), None);
        for kind in OrgKind::ALL {
            assert_eq!(OrgKind::parse(kind.as_str()), Some(kind));
        }
    }

    #[test]
    fn roles_fit_their_kind_of_organisation() {
        assert!(OrgKind::FollowupOrg.fits_role(StaffRole::FollowupDoctor));
        assert!(!OrgKind::HealthCentre.fits_role(StaffRole::FollowupDoctor));
        assert!(OrgKind::HealthCentre.fits_role(StaffRole::HcStaff));
        assert!(OrgKind::Prefecture.fits_role(StaffRole::Admin));
        assert!(!OrgKind::HealthCentre.fits_role(StaffRole::Admin));
    }

    #[test]
    fn a_new_organisation_needs_kind_name_and_parent() {
        let errors = CreateOrg::default().validate().unwrap_err();
        assert_eq!(
            fields(errors),
            [
                ("kind".into(), "required".into()),
                ("name".into(), "required".into()),
                ("parent_id".into(), "required".into())
            ]
        );
        let deployment = CreateOrg {
            kind: Some(OrgKind::Deployment),
            name: "x".into(),
            parent_id: Some(OrgId(1)),
            phone: Some("12".into()),
            time_zone: None,
            address: Some("長".repeat(201)),
        };
        assert_eq!(
            fields(deployment.validate().unwrap_err()),
            [
                ("kind".into(), "invalid".into()),
                ("phone".into(), "phone_format".into()),
                ("address".into(), "too_long".into())
            ]
        );
    }

    #[test]
    fn a_new_user_is_checked_field_by_field() {
        let user = CreateUser {
            login_id: "a b".into(),
            display_name: " ".into(),
            role: None,
            organisation_id: None,
            email: Some("nobody".into()),
            initial_password: "short".into(),
        };
        assert_eq!(
            fields(user.validate().unwrap_err()),
            [
                ("login_id".into(), "login_format".into()),
                ("display_name".into(), "required".into()),
                ("role".into(), "required".into()),
                ("organisation_id".into(), "required".into()),
                ("email".into(), "email_format".into()),
                ("initial_password".into(), "too_short".into())
            ]
        );
        let ok = CreateUser {
            login_id: "nurse.sato".into(),
            display_name: "佐藤 看護師".into(),
            role: Some(StaffRole::FollowupStaff),
            organisation_id: Some(OrgId(3)),
            email: Some("sato@example.jp".into()),
            initial_password: "long enough pass".into(),
        };
        assert_eq!(ok.validate(), Ok(()));
    }
}
