//! `staff_user`: a staff member of any role.

use mimamori_shared::api::auth::StaffRole;
use sea_orm::entity::prelude::*;

/// A row of `staff_user`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "staff_user")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organisation_id: i64,
    #[sea_orm(unique)]
    pub login_id: String,
    pub display_name: String,
    pub role: StaffRole,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// Base32 TOTP secret (RFC 6238).
    pub totp_secret: String,
    /// Last TOTP time step accepted, so a code is never accepted twice.
    pub totp_last_step: Option<i64>,
    pub failed_attempts: i32,
    pub locked_until: Option<DateTimeUtc>,
    pub active: bool,
    pub created_at: DateTimeUtc,
    /// When TOTP enrolment was confirmed; null until the first sign-in enrols it.
    pub totp_enrolled_at: Option<DateTimeUtc>,
    pub password_changed_at: Option<DateTimeUtc>,
    /// Where staff notifications go, if given.
    pub email: Option<String>,
    /// Signed in with a one-time password (`mimamori init`, `mimamori admin reset-password`):
    /// nothing but changing it is allowed until it is changed.
    pub must_change_password: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
