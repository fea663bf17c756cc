//! Creating organisations, staff and cases outside the HTTP API: used by `mimamori demo` and
//! by the integration tests to arrange a deployment. (The staff console's own registration
//! screens come with the health-centre work.)

use crate::auth::{password, totp};
use crate::db;
use crate::db::cases::NewCase;
use crate::db::staff::NewStaff;
use crate::entities::{organisation, patient_case, staff_user};
use crate::keys::Keyring;
use chrono::{DateTime, Utc};
use mimamori_shared::api::admin::OrgKind;
use mimamori_shared::api::auth::StaffRole;
use sea_orm::ConnectionTrait;

/// Creates an organisation.
pub async fn create_org(
    db: &impl ConnectionTrait,
    kind: OrgKind,
    name: &str,
    parent_id: Option<i64>,
    phone: Option<&str>,
    now: DateTime<Utc>,
) -> anyhow::Result<organisation::Model> {
    Ok(db::orgs::insert(db, kind, name, parent_id, phone, now).await?)
}

/// Creates a staff user with an enrolled authenticator: a fresh TOTP secret, stored sealed.
/// The returned model carries the secret open (what the demo prints and the tests compute
/// codes from), not as stored.
#[allow(clippy::too_many_arguments)]
pub async fn create_staff(
    db: &impl ConnectionTrait,
    keys: &Keyring,
    organisation_id: i64,
    login_id: &str,
    display_name: &str,
    role: StaffRole,
    plain_password: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<staff_user::Model> {
    let new = NewStaff {
        organisation_id,
        login_id,
        display_name,
        role,
        password_hash: password::hash(plain_password.to_owned()).await?,
    };
    let inserted = db::staff::insert(db, new, now).await?;
    let secret = totp::generate_secret();
    let sealed = totp::seal_secret(keys, inserted.id, &secret);
    let mut stored = db::staff::set_enrolled_totp_secret(db, inserted.id, sealed, now).await?;
    stored.totp_secret = secret;
    Ok(stored)
}

/// Creates a staff user without an authenticator: the first sign-in with the password leads
/// to TOTP enrolment (how accounts made by an administrator start).
pub async fn create_staff_unenrolled(
    db: &impl ConnectionTrait,
    organisation_id: i64,
    login_id: &str,
    display_name: &str,
    role: StaffRole,
    plain_password: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<staff_user::Model> {
    let new = NewStaff {
        organisation_id,
        login_id,
        display_name,
        role,
        password_hash: password::hash(plain_password.to_owned()).await?,
    };
    Ok(db::staff::insert(db, new, now).await?)
}

/// Creates a case.
pub async fn create_case(
    db: &impl ConnectionTrait,
    new: NewCase,
    now: DateTime<Utc>,
) -> anyhow::Result<patient_case::Model> {
    Ok(db::cases::insert(db, new, now).await?)
}
