//! Creating organisations, staff and cases outside the HTTP API: used by `mimamori demo` and
//! by the integration tests to arrange a deployment. (The staff console's own registration
//! screens come with the health-centre work.)

use crate::auth::{password, totp};
use crate::db;
use crate::db::cases::NewCase;
use crate::db::intake::RegisteredCase;
use crate::db::staff::NewStaff;
use crate::entities::{organisation, patient_case, staff_user};
use crate::keys::Keyring;
use crate::services::personal_data::Personal;
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

/// Creates a case, its personal data sealed.
pub async fn create_case(
    db: &impl ConnectionTrait,
    keys: &Keyring,
    new: NewCase,
    now: DateTime<Utc>,
) -> anyhow::Result<patient_case::Model> {
    let personal = Personal {
        name: new.name,
        name_kana: new.name_kana,
        birth_date: new.birth_date,
        phone: new.phone,
        address: new.address,
        email: new.email,
        test_summary: String::new(),
        interview_notes: String::new(),
    };
    let row = RegisteredCase {
        personal: personal.seal(keys, &new.case_number),
        case_number: new.case_number,
        health_centre_id: new.health_centre_id,
        followup_org_id: new.followup_org_id,
        sex: new.sex,
        risk_factors: "[]".to_owned(),
        onset_date: None,
        specimen_date: None,
        followup_start: new.followup_start,
        followup_end: new.followup_end,
        slots_per_day: new.slots_per_day,
    };
    Ok(db::intake::insert(db, row, &personal.search_tokens(keys), now).await?)
}
