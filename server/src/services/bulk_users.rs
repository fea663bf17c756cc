//! CSV import of staff users (docs/operations.md "Organisations and staff by CSV"), all or nothing.
//! Each user gets a one-time password, answered once for the administrator to hand over: the first
//! sign-in can do nothing but change it, then enrols an authenticator (the flow of
//! `mimamori init`'s administrator).

use super::admin_orgs::managed_scope;
use super::{audit, csv_file, host_admin};
use crate::access::StaffAction;
use crate::auth::StaffCaller;
use crate::auth::password;
use crate::db;
use crate::db::staff::NewStaff;
use crate::entities::organisation;
use crate::error::ApiError;
use chrono::{DateTime, Utc};
use mimamori_shared::api::FieldError;
use mimamori_shared::api::admin::CreateUser;
use mimamori_shared::api::auth::StaffRole;
use mimamori_shared::api::bulk_import::{ImportedUser, UserColumn, UserImportResult, parse_role};
use mimamori_shared::api::intake_csv::ImportColumn;
use mimamori_shared::ids::OrgId;
use sea_orm::{ConnectionTrait, TransactionSession, TransactionTrait};
use std::collections::HashMap;

/// Most users in one file. Each one-time password is hashed with argon2 (tens of
/// milliseconds): a health centre's or an organisation's staff fit, a whole prefecture takes
/// several files.
pub const MAX_ROWS: usize = 300;

/// A row that passed every check.
struct ValidUser {
    login_id: String,
    display_name: String,
    role: StaffRole,
    organisation: organisation::Model,
    email: Option<String>,
    one_time_password: String,
}

/// Imports the users of a CSV file. Answers 422 with every problem by row and stores nothing,
/// or creates every user with a one-time password and answers them.
pub async fn import(
    db: &(impl ConnectionTrait + TransactionTrait),
    caller: &StaffCaller,
    body: &[u8],
    now: DateTime<Utc>,
) -> Result<UserImportResult, ApiError> {
    let scope = managed_scope(db, caller, StaffAction::ManageUsers).await?;
    let (columns, rows) = csv_file::read_file::<UserColumn>(body, MAX_ROWS)?;
    let orgs: Vec<organisation::Model> = db::orgs::list_all(db)
        .await?
        .into_iter()
        .filter(|org| scope.contains(org.id))
        .collect();

    let mut errors: Vec<(u64, FieldError)> = Vec::new();
    let mut valid: Vec<ValidUser> = Vec::new();
    let mut first_row: HashMap<String, u64> = HashMap::new();
    for (row, cells) in &rows {
        let get = |column| csv_file::cell(&columns, cells, column);
        match read_row(get, &orgs) {
            Ok(user) => {
                let login = user.login_id.to_lowercase();
                if let Some(first) = first_row.get(&login) {
                    errors.push((
                        *row,
                        FieldError::custom(
                            UserColumn::LoginId.field(),
                            "duplicate_in_file",
                            format!("the same login ID as row {first}"),
                        ),
                    ));
                } else if db::staff::find_by_login(db, &user.login_id)
                    .await?
                    .is_some()
                {
                    errors.push((
                        *row,
                        FieldError::custom(
                            UserColumn::LoginId.field(),
                            "login_taken",
                            "this login ID is already in use",
                        ),
                    ));
                } else {
                    first_row.insert(login, *row);
                    valid.push(user);
                }
            }
            Err(found) => errors.extend(found.into_iter().map(|e| (*row, e))),
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(csv_file::listed::<UserColumn>(errors)));
    }
    store(db, caller, valid, now).await
}

/// Checks one row with the console's rules for a new user, and finds its organisation.
fn read_row<'a>(
    get: impl Fn(UserColumn) -> &'a str,
    orgs: &[organisation::Model],
) -> Result<ValidUser, Vec<FieldError>> {
    let mut errors = Vec::new();
    let role_cell = get(UserColumn::Role);
    let role = parse_role(role_cell);
    if role.is_none() && !role_cell.is_empty() {
        errors.push(FieldError::custom(
            UserColumn::Role.field(),
            "unknown_role",
            format!("not a role: {role_cell}"),
        ));
    }
    let org_name = get(UserColumn::Organisation);
    let matching: Vec<&organisation::Model> = orgs.iter().filter(|o| o.name == org_name).collect();
    let organisation = match matching.as_slice() {
        [org] => Some(*org),
        [] if org_name.is_empty() => {
            errors.push(FieldError::custom(
                UserColumn::Organisation.field(),
                "required",
                "required",
            ));
            None
        }
        [] => {
            errors.push(FieldError::custom(
                UserColumn::Organisation.field(),
                "unknown_organisation",
                format!("no organisation named {org_name} that you manage"),
            ));
            None
        }
        _ => {
            errors.push(FieldError::custom(
                UserColumn::Organisation.field(),
                "ambiguous_organisation",
                format!("several organisations are named {org_name}: rename one first"),
            ));
            None
        }
    };
    let one_time_password = host_admin::generate_password();
    let form = CreateUser {
        login_id: get(UserColumn::LoginId).to_owned(),
        display_name: get(UserColumn::Name).to_owned(),
        role,
        organisation_id: organisation.map(|o| OrgId(o.id)).or(Some(OrgId(0))),
        email: Some(get(UserColumn::Email).to_owned()),
        initial_password: one_time_password.clone(),
    };
    if let Err(found) = form.validate() {
        // `role` reported above when the cell was not empty.
        errors.extend(
            found
                .into_iter()
                .filter(|e| e.field != "role" || role_cell.is_empty()),
        );
    }
    if let (Some(role), Some(org)) = (role, organisation)
        && !org.kind.fits_role(role)
    {
        errors.push(FieldError::custom(
            UserColumn::Role.field(),
            "role_mismatch",
            "this role does not belong to that kind of organisation",
        ));
    }
    match (role, organisation) {
        (Some(role), Some(org)) if errors.is_empty() => Ok(ValidUser {
            login_id: form.login_id.trim().to_owned(),
            display_name: form.display_name.trim().to_owned(),
            role,
            organisation: org.clone(),
            email: Some(get(UserColumn::Email).to_owned()).filter(|e| !e.is_empty()),
            one_time_password,
        }),
        _ => Err(never_silent(errors)),
    }
}

/// A row refused must say why: an empty list would drop it without a word while the rest of
/// the file is stored.
pub(crate) fn never_silent(mut errors: Vec<FieldError>) -> Vec<FieldError> {
    if errors.is_empty() {
        errors.push(FieldError::custom(
            "",
            "unreadable_row",
            "this row cannot be read",
        ));
    }
    errors
}

/// Creates every user in one transaction, each with a one-time password and no authenticator.
async fn store(
    db: &(impl ConnectionTrait + TransactionTrait),
    caller: &StaffCaller,
    valid: Vec<ValidUser>,
    now: DateTime<Utc>,
) -> Result<UserImportResult, ApiError> {
    // Hashed before the transaction: argon2 takes its time and the write lock should not wait.
    let mut hashes = Vec::with_capacity(valid.len());
    for user in &valid {
        hashes.push(password::hash(user.one_time_password.clone()).await?);
    }
    let txn = db.begin().await?;
    let mut users = Vec::with_capacity(valid.len());
    for (user, hash) in valid.into_iter().zip(hashes) {
        let inserted = db::staff::insert(
            &txn,
            NewStaff {
                organisation_id: user.organisation.id,
                login_id: &user.login_id,
                display_name: &user.display_name,
                role: user.role,
                password_hash: hash.clone(),
                // Empty: not enrolled; the first sign-in enrols after the password change.
            },
            now,
        )
        .await?;
        db::staff::set_one_time_password(&txn, inserted.id, hash).await?;
        db::staff_admin::set_email(&txn, inserted.id, user.email).await?;
        audit::staff_detail(
            &txn,
            caller,
            audit::action::STAFF_CREATE,
            None,
            format!("staff:{}", inserted.id),
            now,
        )
        .await?;
        users.push(ImportedUser {
            login_id: user.login_id,
            display_name: user.display_name,
            organisation: user.organisation.name,
            one_time_password: user.one_time_password,
        });
    }
    txn.commit().await?;
    Ok(UserImportResult { users })
}
