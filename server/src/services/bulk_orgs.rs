//! CSV import of organisations (docs/operations.md "Organisations and staff by CSV"): health
//! centres, follow-up organisations and medical institutions under the administrator's prefecture,
//! with their contracts, all or nothing.
//!
//! A row's parent is named: an organisation the administrator manages, or one on an earlier
//! row of the same file (so a file can hold a health centre and the organisations under it).
//! Every row is checked with the rules of the console's form before anything is stored.

use super::admin_orgs::managed_scope;
use super::{audit, csv_file, org_settings_admin};
use crate::access::StaffAction;
use crate::auth::StaffCaller;
use crate::db;
use crate::entities::organisation;
use crate::error::ApiError;
use chrono::{DateTime, Utc};
use mimamori_shared::api::FieldError;
use mimamori_shared::api::admin::{CreateOrg, OrgKind};
use mimamori_shared::api::bulk_import::{OrgColumn, OrgImportResult, parse_org_kind, split_names};
use mimamori_shared::api::intake::normalise_phone;
use mimamori_shared::api::intake_csv::ImportColumn;
use mimamori_shared::ids::OrgId;
use mimamori_shared::values::plausible_email;
use sea_orm::{ConnectionTrait, TransactionSession, TransactionTrait};

/// Most organisations in one file (a prefecture has tens of health centres, each with tens of
/// organisations).
pub const MAX_ROWS: usize = 2_000;

/// Where a row's parent (or a contract's health centre) is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// Stored already.
    Stored(i64),
    /// On an earlier row of the file (index into the valid rows).
    Row(usize),
}

/// A row that passed every check, ready to store.
#[derive(Debug)]
struct ValidOrg {
    kind: OrgKind,
    name: String,
    parent: Place,
    address: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    time_zone: Option<String>,
    contracts: Vec<Place>,
}

/// Imports the organisations of a CSV file. Answers 422 with every problem by row and stores
/// nothing, or stores every row with its contracts.
pub async fn import(
    db: &(impl ConnectionTrait + TransactionTrait),
    caller: &StaffCaller,
    body: &[u8],
    now: DateTime<Utc>,
) -> Result<OrgImportResult, ApiError> {
    let scope = managed_scope(db, caller, StaffAction::ManageOrgs).await?;
    let (columns, rows) = csv_file::read_file::<OrgColumn>(body, MAX_ROWS)?;
    let stored: Vec<organisation::Model> = db::orgs::list_all(db)
        .await?
        .into_iter()
        .filter(|org| scope.contains(org.id))
        .collect();

    let mut errors: Vec<(u64, FieldError)> = Vec::new();
    let mut valid: Vec<ValidOrg> = Vec::new();
    for (row, cells) in &rows {
        match read_row(&columns, cells, &stored, &valid) {
            Ok(org) => valid.push(org),
            Err(found) => errors.extend(found.into_iter().map(|e| (*row, e))),
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(csv_file::listed::<OrgColumn>(errors)));
    }
    store(db, caller, &stored, &valid, now).await
}

fn error(column: OrgColumn, code: &str, message: impl Into<String>) -> FieldError {
    FieldError::custom(column.field(), code, message)
}

/// Checks one row against what is stored and the rows before it.
fn read_row(
    columns: &[OrgColumn],
    cells: &[String],
    stored: &[organisation::Model],
    earlier: &[ValidOrg],
) -> Result<ValidOrg, Vec<FieldError>> {
    let get = |column| csv_file::cell(columns, cells, column);
    let mut errors = Vec::new();
    let kind_cell = get(OrgColumn::Kind);
    let kind = parse_org_kind(kind_cell);
    if kind.is_none() && !kind_cell.is_empty() {
        errors.push(error(
            OrgColumn::Kind,
            "unknown_kind",
            format!("not 保健所, 委託先 or 医療機関: {kind_cell}"),
        ));
    }
    // The console's rules for name and phone; the parent is looked up below.
    let form = CreateOrg {
        kind,
        name: get(OrgColumn::Name).to_owned(),
        parent_id: Some(OrgId(0)),
        phone: Some(get(OrgColumn::Phone).to_owned()),
        time_zone: None,
        address: Some(get(OrgColumn::Address).to_owned()),
    };
    if let Err(found) = form.validate() {
        errors.extend(
            found
                .into_iter()
                .filter(|e| e.field != "kind" || kind_cell.is_empty()),
        );
    }
    let address = get(OrgColumn::Address);
    let email = get(OrgColumn::Email);
    if !email.is_empty() && !plausible_email(email) {
        errors.push(error(
            OrgColumn::Email,
            "email_format",
            "not an e-mail address",
        ));
    }
    let time_zone = get(OrgColumn::TimeZone);
    if !time_zone.is_empty() && time_zone.parse::<chrono_tz::Tz>().is_err() {
        errors.push(error(
            OrgColumn::TimeZone,
            "invalid",
            format!("not an IANA time zone (e.g. Asia/Tokyo): {time_zone}"),
        ));
    }
    let name = get(OrgColumn::Name);
    let parent = kind.and_then(|kind| {
        let parent_kind = kind.parent_kind()?;
        let parent_name = get(OrgColumn::Parent);
        if parent_name.is_empty() {
            errors.push(error(OrgColumn::Parent, "required", "required"));
            return None;
        }
        let found = locate(parent_name, parent_kind, stored, earlier);
        if found.is_none() {
            errors.push(error(
                OrgColumn::Parent,
                "unknown_parent",
                format!(
                    "no {} named {parent_name} here or on an earlier row",
                    kind_name(parent_kind)
                ),
            ));
        }
        found
    });
    if let (Some(kind), Some(parent)) = (kind, parent) {
        let taken = stored.iter().any(|o| {
            o.kind == kind && o.name == name && Place::Stored(o.parent_id.unwrap_or(0)) == parent
        }) || earlier
            .iter()
            .any(|o| o.kind == kind && o.name == name && o.parent == parent);
        if taken {
            errors.push(error(
                OrgColumn::Name,
                "duplicate_org",
                "an organisation of this kind and name is already under that parent",
            ));
        }
    }
    let mut contracts = Vec::new();
    let contract_names = split_names(get(OrgColumn::Contracts));
    if !contract_names.is_empty() && kind != Some(OrgKind::FollowupOrg) {
        errors.push(error(
            OrgColumn::Contracts,
            "contracts_followup_only",
            "only a follow-up organisation (委託先) has contracts",
        ));
    } else {
        for centre in &contract_names {
            match locate(centre, OrgKind::HealthCentre, stored, earlier) {
                Some(place) if !contracts.contains(&place) => contracts.push(place),
                Some(_) => {}
                None => errors.push(error(
                    OrgColumn::Contracts,
                    "unknown_health_centre",
                    format!("no health centre named {centre} here or on an earlier row"),
                )),
            }
        }
    }
    match (kind, parent) {
        (Some(kind), Some(parent)) if errors.is_empty() => Ok(ValidOrg {
            kind,
            name: name.to_owned(),
            parent,
            address: non_empty(address),
            phone: non_empty(get(OrgColumn::Phone)).map(|p| normalise_phone(&p).unwrap_or(p)),
            email: non_empty(email),
            time_zone: non_empty(time_zone),
            contracts,
        }),
        _ => Err(super::bulk_users::never_silent(errors)),
    }
}

/// The one organisation of `kind` named `name`, stored (in the scope) or on an earlier row;
/// `None` when there is none or more than one.
fn locate(
    name: &str,
    kind: OrgKind,
    stored: &[organisation::Model],
    earlier: &[ValidOrg],
) -> Option<Place> {
    let mut found = stored
        .iter()
        .filter(|o| o.kind == kind && o.name == name)
        .map(|o| Place::Stored(o.id))
        .chain(
            earlier
                .iter()
                .enumerate()
                .filter(|(_, o)| o.kind == kind && o.name == name)
                .map(|(i, _)| Place::Row(i)),
        );
    let first = found.next()?;
    found.next().is_none().then_some(first)
}

fn kind_name(kind: OrgKind) -> &'static str {
    match kind {
        OrgKind::Deployment => "deployment",
        OrgKind::Prefecture => "prefecture (都道府県)",
        OrgKind::HealthCentre => "health centre (保健所)",
        OrgKind::FollowupOrg => "follow-up organisation (委託先)",
        OrgKind::Institution => "medical institution (医療機関)",
    }
}

fn non_empty(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_owned())
}

/// Stores every row in one transaction, in file order (a parent always comes first).
async fn store(
    db: &(impl ConnectionTrait + TransactionTrait),
    caller: &StaffCaller,
    stored: &[organisation::Model],
    valid: &[ValidOrg],
    now: DateTime<Utc>,
) -> Result<OrgImportResult, ApiError> {
    let txn = db.begin().await?;
    let mut made: Vec<organisation::Model> = Vec::with_capacity(valid.len());
    let mut contracts = 0;
    for org in valid {
        let parent = match org.parent {
            Place::Stored(id) => stored.iter().find(|o| o.id == id),
            Place::Row(index) => made.get(index),
        }
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("parent not stored before its row")))?;
        let zone = org
            .time_zone
            .clone()
            .unwrap_or_else(|| parent.time_zone.clone());
        let inserted = db::orgs::insert_in_zone(
            &txn,
            db::orgs::NewOrg {
                kind: org.kind,
                name: &org.name,
                parent_id: Some(parent.id),
                phone: org.phone.as_deref(),
                address: org.address.as_deref(),
                time_zone: &zone,
            },
            now,
        )
        .await?;
        if let Some(email) = &org.email {
            db::org_settings::upsert(
                &txn,
                org_settings_admin::default_row(inserted.id, Some(email.clone()), now),
            )
            .await?;
        }
        audit::staff_detail(
            &txn,
            caller,
            audit::action::ORG_CREATE,
            None,
            format!("org:{}", inserted.id),
            now,
        )
        .await?;
        for centre in &org.contracts {
            let centre_id = match centre {
                Place::Stored(id) => *id,
                Place::Row(index) => made.get(*index).map_or(0, |o| o.id),
            };
            let contract = db::contracts::insert(&txn, inserted.id, centre_id, now).await?;
            audit::staff_detail(
                &txn,
                caller,
                audit::action::CONTRACT_CREATE,
                None,
                format!("contract:{}", contract.id),
                now,
            )
            .await?;
            contracts += 1;
        }
        made.push(inserted);
    }
    txn.commit().await?;
    Ok(OrgImportResult {
        organisations: made.len(),
        contracts,
    })
}
