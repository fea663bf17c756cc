//! Putting a deployment into service without the demo, and getting back in when every
//! administrator is locked out: `mimamori init` and `mimamori admin create | reset-password |
//! unlock` (docs/operations.md, "The first hour"). These run on the server's host with the
//! database's credentials, not through the API: whoever can run them could read the database
//! anyway. Every one of them is audited as actor `host`.
//!
//! An account made or reset here gets a one-time password: the first sign-in can do nothing
//! but change it and, if the account has no authenticator, enrol one (the console's existing
//! enrolment flow).

use crate::auth::{common_passwords, password, recovery};
use crate::db;
use crate::db::staff::NewStaff;
use crate::services::audit;
use crate::services::retention;
use chrono::{DateTime, Utc};
use mimamori_shared::api::admin::{CreateUser, OrgKind};
use mimamori_shared::api::auth::StaffRole;
use mimamori_shared::api::intake::MAX_FOLLOWUP_DAYS;
use mimamori_shared::ids::OrgId;
use sea_orm::{ConnectionTrait, DbErr, TransactionSession, TransactionTrait};

/// Audit actions of the host commands (`detail` names the staff member or organisation).
pub mod action {
    /// `mimamori init` created the deployment (`detail` = `org:<prefecture id>`).
    pub const DEPLOYMENT_INIT: &str = "host.init";
    /// `mimamori admin create` made an administrator (`detail` = `staff:<id>`).
    pub const ADMIN_CREATE: &str = "host.admin_create";
    /// `mimamori admin reset-password` gave a one-time password (`detail` = `staff:<id>`).
    pub const PASSWORD_RESET: &str = "host.password_reset";
    /// `mimamori admin reset-password --reset-two-factor` also forgot the authenticator.
    pub const TWO_FACTOR_RESET: &str = "host.two_factor_reset";
    /// `mimamori admin unlock` lifted a lockout (`detail` = `staff:<id>`).
    pub const UNLOCK: &str = "host.unlock";
    /// `mimamori retention set` set the prefectures' retention period (`detail` = `years:<n>`).
    pub const RETENTION_SET: &str = "host.retention_set";
}

/// The problem with a password on the common-password list.
const COMMON: &str = "the password: it is one of the most common passwords; choose another";

/// Why a host command changed nothing.
#[derive(Debug, thiserror::Error)]
pub enum HostAdminError {
    /// `mimamori init` on a database that already holds a deployment.
    #[error(
        "the database already holds a deployment: nothing was changed (use `mimamori admin` to \
         recover access, or point MIMAMORI_DATABASE_URL at an empty database)"
    )]
    AlreadyInitialised,
    /// Settings that cannot be used, each named with what is wrong.
    #[error("nothing was changed:\n  {}", .0.join("\n  "))]
    Invalid(Vec<String>),
    /// No staff member has this login ID.
    #[error("no staff member has the login ID {0:?}")]
    NoSuchLogin(String),
    /// The login ID is in use.
    #[error("the login ID {0:?} is in use")]
    LoginTaken(String),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbErr),
    /// Hashing failed.
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

/// The first administrator's account.
#[derive(Debug, Clone)]
pub struct NewAdmin {
    /// Login ID.
    pub login_id: String,
    /// Name shown in the console.
    pub display_name: String,
    /// E-mail address (sign-in notices, the console's contact).
    pub email: String,
    /// The initial password; `None`: one is generated and shown once.
    pub password: Option<String>,
}

/// What `mimamori init` needs.
#[derive(Debug, Clone)]
pub struct InitRequest {
    /// The prefecture's name (e.g. 東京都).
    pub prefecture: String,
    /// IANA time zone of the prefecture's days (reports, cut-offs).
    pub time_zone: String,
    /// Usual follow-up period in days, for cases registered without one.
    pub followup_days: i64,
    /// How many years after the end of follow-up a case's personal data is kept
    /// (`services::retention`).
    pub retention_years: i64,
    /// The first administrator.
    pub admin: NewAdmin,
}

/// What `mimamori init` made.
#[derive(Debug, Clone)]
pub struct Initialised {
    /// The deployment's root organisation.
    pub deployment_id: i64,
    /// The prefecture.
    pub prefecture_id: i64,
    /// The administrator's staff id.
    pub admin_id: i64,
    /// The generated one-time password, to print once (`None` when it was given).
    pub generated_password: Option<String>,
}

/// A one-time password: two recovery-code groups (`k7f3-9qx2-m4hp-…`, about 118 bits from
/// the OS generator), easy to read aloud and type.
pub fn generate_password() -> String {
    format!("{}-{}", recovery::generate(), recovery::generate())
}

/// `mimamori init`: on an empty database, creates the deployment, one prefecture and its
/// first administrator (role `admin`, in the deployment, no authenticator yet, a one-time
/// password). Refuses, changing nothing, when a deployment exists or a setting is unusable.
pub async fn init(
    db: &(impl ConnectionTrait + TransactionTrait),
    request: InitRequest,
    now: DateTime<Utc>,
) -> Result<Initialised, HostAdminError> {
    let mut problems = Vec::new();
    if request.prefecture.trim().is_empty() {
        problems.push("--prefecture: the prefecture's name is required".to_owned());
    }
    if request.time_zone.parse::<chrono_tz::Tz>().is_err() {
        problems.push(format!(
            "--time-zone: {:?} is not an IANA time zone (e.g. Asia/Tokyo)",
            request.time_zone
        ));
    }
    let days = i16::try_from(request.followup_days)
        .ok()
        .filter(|d| (1..=MAX_FOLLOWUP_DAYS).contains(&i64::from(*d)));
    if days.is_none() {
        problems.push(format!(
            "--followup-days: {} is not between 1 and {MAX_FOLLOWUP_DAYS}",
            request.followup_days
        ));
    }
    let retention = retention_years(request.retention_years);
    if retention.is_none() {
        problems.push(retention_problem(request.retention_years));
    }
    let (password, generated) = password_to_use(request.admin.password.clone());
    problems.extend(admin_problems(&request.admin, &password));
    if !problems.is_empty() {
        return Err(HostAdminError::Invalid(problems));
    }
    let password_hash = password::hash(password).await?;

    let txn = db.begin().await?;
    // Checked inside the transaction: two `init`s at once make one deployment (the second
    // fails on the unique login ID at worst, and rolls back).
    if db::orgs::any_exists(&txn).await? {
        return Err(HostAdminError::AlreadyInitialised);
    }
    let zone = request.time_zone.as_str();
    let deployment = db::orgs::insert_in_zone(
        &txn,
        db::orgs::NewOrg {
            kind: OrgKind::Deployment,
            name: "Deployment",
            parent_id: None,
            phone: None,
            address: None,
            time_zone: zone,
        },
        now,
    )
    .await?;
    let prefecture = db::orgs::insert_in_zone(
        &txn,
        db::orgs::NewOrg {
            kind: OrgKind::Prefecture,
            name: request.prefecture.trim(),
            parent_id: Some(deployment.id),
            phone: None,
            address: None,
            time_zone: zone,
        },
        now,
    )
    .await?;
    if let Some(days) = days {
        db::orgs::set_default_followup_days(&txn, prefecture.id, days).await?;
    }
    db::orgs::set_retention_years(&txn, Some(prefecture.id), retention).await?;
    let admin_id = insert_admin(&txn, deployment.id, &request.admin, password_hash, now).await?;
    audit::host(
        &txn,
        action::DEPLOYMENT_INIT,
        format!("org:{}", prefecture.id),
        now,
    )
    .await?;
    audit::host(&txn, action::ADMIN_CREATE, format!("staff:{admin_id}"), now).await?;
    txn.commit().await?;
    Ok(Initialised {
        deployment_id: deployment.id,
        prefecture_id: prefecture.id,
        admin_id,
        generated_password: generated,
    })
}

/// A retention period given in years, when [`retention::YEARS_RANGE`] allows it.
fn retention_years(years: i64) -> Option<i16> {
    i16::try_from(years)
        .ok()
        .filter(|y| retention::YEARS_RANGE.contains(y))
}

fn retention_problem(years: i64) -> String {
    format!(
        "--retention-years: {years} is not between {} and {}",
        retention::YEARS_RANGE.start(),
        retention::YEARS_RANGE.end()
    )
}

/// `mimamori retention set`: every prefecture's retention period, in years after the end of
/// follow-up (audited as actor `host`). Answers how many prefectures it changed.
pub async fn set_retention(
    db: &(impl ConnectionTrait + TransactionTrait),
    years: i64,
    now: DateTime<Utc>,
) -> Result<u64, HostAdminError> {
    let Some(valid) = retention_years(years) else {
        return Err(HostAdminError::Invalid(vec![retention_problem(years)]));
    };
    let txn = db.begin().await?;
    let changed = db::orgs::set_retention_years(&txn, None, Some(valid)).await?;
    audit::host(&txn, action::RETENTION_SET, format!("years:{valid}"), now).await?;
    txn.commit().await?;
    Ok(changed)
}

/// `mimamori admin create`: another administrator in the deployment, with a one-time
/// password (for when every administrator is gone). Answers the id and the generated password.
pub async fn create_admin(
    db: &(impl ConnectionTrait + TransactionTrait),
    admin: NewAdmin,
    now: DateTime<Utc>,
) -> Result<(i64, Option<String>), HostAdminError> {
    let (password, generated) = password_to_use(admin.password.clone());
    let problems = admin_problems(&admin, &password);
    if !problems.is_empty() {
        return Err(HostAdminError::Invalid(problems));
    }
    let password_hash = password::hash(password).await?;
    let txn = db.begin().await?;
    let deployment = db::orgs::list_all(&txn)
        .await?
        .into_iter()
        .find(|org| org.kind == OrgKind::Deployment)
        .ok_or_else(|| {
            HostAdminError::Invalid(vec![
                "there is no deployment yet: run `mimamori init` first".to_owned(),
            ])
        })?;
    let id = insert_admin(&txn, deployment.id, &admin, password_hash, now).await?;
    audit::host(&txn, action::ADMIN_CREATE, format!("staff:{id}"), now).await?;
    txn.commit().await?;
    Ok((id, generated))
}

/// `mimamori admin reset-password`: a one-time password for `login_id` (any role), its
/// lockout lifted and its sessions ended; with `reset_two_factor`, its authenticator and
/// recovery codes are forgotten too (a lost phone), so it enrols again. Answers the generated
/// password.
pub async fn reset_password(
    db: &(impl ConnectionTrait + TransactionTrait),
    login_id: &str,
    new_password: Option<String>,
    reset_two_factor: bool,
    now: DateTime<Utc>,
) -> Result<Option<String>, HostAdminError> {
    let (password, generated) = password_to_use(new_password);
    if let Err(error) = mimamori_shared::values::check_new_staff_password(&password) {
        return Err(HostAdminError::Invalid(vec![format!(
            "the password: {error}"
        )]));
    }
    if common_passwords::is_common(&password) {
        return Err(HostAdminError::Invalid(vec![COMMON.to_owned()]));
    }
    let user = db::staff::find_by_login(db, login_id)
        .await?
        .ok_or_else(|| HostAdminError::NoSuchLogin(login_id.to_owned()))?;
    let password_hash = password::hash(password).await?;
    let txn = db.begin().await?;
    db::staff::set_one_time_password(&txn, user.id, password_hash).await?;
    db::staff::delete_sessions_of(&txn, user.id, None).await?;
    audit::host(
        &txn,
        action::PASSWORD_RESET,
        format!("staff:{}", user.id),
        now,
    )
    .await?;
    if reset_two_factor {
        db::staff::clear_totp(&txn, user.id).await?;
        db::staff::void_recovery_codes(&txn, user.id, now).await?;
        audit::host(
            &txn,
            action::TWO_FACTOR_RESET,
            format!("staff:{}", user.id),
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(generated)
}

/// `mimamori admin unlock`: lifts the lockout of `login_id` after too many failed sign-ins.
pub async fn unlock(
    db: &(impl ConnectionTrait + TransactionTrait),
    login_id: &str,
    now: DateTime<Utc>,
) -> Result<(), HostAdminError> {
    let user = db::staff::find_by_login(db, login_id)
        .await?
        .ok_or_else(|| HostAdminError::NoSuchLogin(login_id.to_owned()))?;
    let txn = db.begin().await?;
    db::staff::clear_failures(&txn, user.id).await?;
    audit::host(&txn, action::UNLOCK, format!("staff:{}", user.id), now).await?;
    txn.commit().await?;
    Ok(())
}

/// The password given, or a generated one (then also answered, to be shown once).
fn password_to_use(given: Option<String>) -> (String, Option<String>) {
    match given {
        Some(password) => (password, None),
        None => {
            let generated = generate_password();
            (generated.clone(), Some(generated))
        }
    }
}

/// What is wrong with an administrator's fields, by the console's own rules (`CreateUser`).
fn admin_problems(admin: &NewAdmin, password: &str) -> Vec<String> {
    let as_console_form = CreateUser {
        login_id: admin.login_id.clone(),
        display_name: admin.display_name.clone(),
        role: Some(StaffRole::Admin),
        organisation_id: Some(OrgId(0)),
        email: Some(admin.email.clone()),
        initial_password: password.to_owned(),
    };
    let mut problems: Vec<String> = as_console_form
        .validate()
        .err()
        .into_iter()
        .flatten()
        .map(|error| {
            let option = match error.field.as_str() {
                "login_id" => "--admin-login",
                "display_name" => "--admin-name",
                "email" => "--admin-email",
                "initial_password" => "the password",
                other => other,
            };
            format!("{option}: {}", error.message)
        })
        .collect();
    if common_passwords::is_common(password) {
        problems.push(COMMON.to_owned());
    }
    if admin.email.trim().is_empty() {
        problems.push("--admin-email: the administrator's e-mail address is required".to_owned());
    }
    problems
}

/// Inserts an administrator without an authenticator and with a one-time password.
async fn insert_admin(
    db: &impl ConnectionTrait,
    deployment_id: i64,
    admin: &NewAdmin,
    password_hash: String,
    now: DateTime<Utc>,
) -> Result<i64, HostAdminError> {
    let login_id = admin.login_id.trim();
    if db::staff::find_by_login(db, login_id).await?.is_some() {
        return Err(HostAdminError::LoginTaken(login_id.to_owned()));
    }
    let new = NewStaff {
        organisation_id: deployment_id,
        login_id,
        display_name: admin.display_name.trim(),
        role: StaffRole::Admin,
        password_hash: password_hash.clone(),
        // Empty: not enrolled; the first sign-in enrols after the password change.
    };
    let user = db::staff::insert(db, new, now).await?;
    db::staff::set_one_time_password(db, user.id, password_hash).await?;
    db::staff_admin::set_email(db, user.id, Some(admin.email.trim().to_owned())).await?;
    Ok(user.id)
}
