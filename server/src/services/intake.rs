//! Registering cases (docs/health-centre.md): by hand or by CSV import, with duplicate detection
//! and a generated case number. Both paths validate with the same shared rules and store through
//! [`store_cases`], so an imported row is exactly what the form would have registered.

use super::personal_data::{self, Personal};
use super::{audit, time};
use crate::access::{StaffAction, staff_may};
use crate::auth::StaffCaller;
use crate::db;
use crate::db::case_events::NewEvent;
use crate::db::intake::RegisteredCase as NewRow;
use crate::entities::{organisation, patient_case};
use crate::error::ApiError;
use crate::keys::Keyring;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use mimamori_shared::api::Problem;
use mimamori_shared::api::admin::OrgKind;
use mimamori_shared::api::cases::CaseEventKind;
use mimamori_shared::api::intake::{
    CaseRef, ContractedOrgList, DuplicateCaseProblem, DuplicateKey, RegisterCase, RegisteredCase,
    ValidCase,
};
use mimamori_shared::ids::CaseId;
use sea_orm::{ConnectionTrait, DbErr, SqlErr, TransactionSession, TransactionTrait};
use std::collections::{BTreeSet, HashMap};

/// How often a registration is tried again when a concurrent one took the same case number.
const NUMBER_ATTEMPTS: usize = 5;

/// Why a registration by hand failed: any API error, or the person is already registered.
#[derive(Debug)]
pub enum RegisterError {
    /// An ordinary failure (403, 422, …).
    Api(ApiError),
    /// 409 `duplicate_case`: a case with the same name, date of birth and phone exists.
    Duplicate(CaseRef),
}

impl From<ApiError> for RegisterError {
    fn from(error: ApiError) -> Self {
        RegisterError::Api(error)
    }
}

impl From<DbErr> for RegisterError {
    fn from(error: DbErr) -> Self {
        RegisterError::Api(error.into())
    }
}

impl IntoResponse for RegisterError {
    fn into_response(self) -> Response {
        match self {
            RegisterError::Api(error) => error.into_response(),
            RegisterError::Duplicate(existing) => {
                let body = DuplicateCaseProblem {
                    problem: Problem {
                        kind: "about:blank".to_owned(),
                        title: "Conflict".to_owned(),
                        status: StatusCode::CONFLICT.as_u16(),
                        detail: Some(format!(
                            "A case with the same name, date of birth and phone is already \
                             registered: {}",
                            existing.case_number
                        )),
                        code: "duplicate_case".to_owned(),
                        errors: Vec::new(),
                    },
                    existing_case: existing,
                };
                let mut response = (StatusCode::CONFLICT, axum::Json(body)).into_response();
                response.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/problem+json"),
                );
                response
            }
        }
    }
}

/// Registers one case by hand (health-centre staff). Follow-up starts on the onset date, else
/// the specimen date, else today; the follow-up organisation, if given, must have a contract
/// with the health centre. The case's timeline gets `registered` (and `assignment`).
pub async fn register(
    db: &(impl ConnectionTrait + TransactionTrait),
    keys: &Keyring,
    caller: &StaffCaller,
    request: &RegisterCase,
    now: DateTime<Utc>,
) -> Result<RegisteredCase, RegisterError> {
    let centre = own_health_centre(db, caller, StaffAction::RegisterCase).await?;
    let today = time::local_date(now, time::zone(&centre.time_zone));
    let mut request = request.clone();
    request.followup_days = request
        .followup_days
        .or(db::orgs::prefecture_followup_days(db, &centre).await?);
    let case = request.validate(today).map_err(ApiError::Validation)?;
    if let Some(org) = case.followup_org_id
        && !contracted_ids(db, centre.id).await?.contains(&org.0)
    {
        return Err(no_contract("followup_org_id").into());
    }
    let existing = existing_duplicates(db, keys, centre.id, &[case.duplicate_key()]).await?;
    if let Some(found) = existing.into_values().next() {
        return Err(RegisterError::Duplicate(found));
    }
    let stored = store_cases(
        db,
        keys,
        caller,
        &centre,
        &[case],
        Source::Manual,
        today,
        now,
    )
    .await?;
    let first = stored
        .first()
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("registration stored no case")))?;
    Ok(RegisteredCase {
        id: CaseId(first.id),
        case_number: first.case_number.clone(),
    })
}

/// The follow-up organisations with a contract with the caller's health centre.
pub async fn contracted_orgs(
    db: &impl ConnectionTrait,
    caller: &StaffCaller,
) -> Result<ContractedOrgList, ApiError> {
    let centre = own_health_centre(db, caller, StaffAction::AssignCase).await?;
    let orgs = db::contracts::followup_orgs_of(db, centre.id).await?;
    Ok(ContractedOrgList {
        items: orgs
            .iter()
            .filter(|o| o.kind == OrgKind::FollowupOrg)
            .map(crate::services::staff_auth::org_summary)
            .collect(),
    })
}

/// The caller's health centre, when their role may do `action` (403 otherwise).
pub(crate) async fn own_health_centre(
    db: &impl ConnectionTrait,
    caller: &StaffCaller,
    action: StaffAction,
) -> Result<organisation::Model, ApiError> {
    if !staff_may(caller.role, action) {
        return Err(ApiError::Forbidden);
    }
    db::orgs::find(db, caller.org_id.0)
        .await?
        .filter(|org| org.kind == OrgKind::HealthCentre)
        .ok_or(ApiError::Forbidden)
}

/// 422 for a follow-up organisation without a contract with the health centre.
pub(crate) fn no_contract(field: &str) -> ApiError {
    ApiError::field(
        field,
        "no_contract",
        "not a follow-up organisation with a contract with this health centre",
    )
}

/// Ids of the follow-up organisations contracted with `health_centre_id`.
pub(crate) async fn contracted_ids(
    db: &impl ConnectionTrait,
    health_centre_id: i64,
) -> Result<BTreeSet<i64>, DbErr> {
    Ok(db::contracts::followup_orgs_of(db, health_centre_id)
        .await?
        .into_iter()
        .filter(|o| o.kind == OrgKind::FollowupOrg)
        .map(|o| o.id)
        .collect())
}

/// The health centre's cases that have one of `keys`, by key: looked up by their blind
/// index (`personal_data::duplicate_index`).
pub(crate) async fn existing_duplicates(
    db: &impl ConnectionTrait,
    keyring: &Keyring,
    health_centre_id: i64,
    keys: &[DuplicateKey],
) -> Result<HashMap<DuplicateKey, CaseRef>, DbErr> {
    let by_index: HashMap<String, &DuplicateKey> = keys
        .iter()
        .map(|key| (personal_data::duplicate_index(keyring, key), key))
        .collect();
    let indexes = by_index.keys().cloned().collect();
    let mut found = HashMap::new();
    for case in db::intake::with_duplicate_index(db, health_centre_id, indexes).await? {
        let Some(key) = case
            .duplicate_index
            .as_ref()
            .and_then(|index| by_index.get(index))
        else {
            continue;
        };
        found.entry((*key).clone()).or_insert(CaseRef {
            id: CaseId(case.id),
            case_number: case.case_number,
        });
    }
    Ok(found)
}

/// How cases came in, as recorded on the timeline and in the audit log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    /// The registration form.
    Manual,
    /// A CSV import.
    Csv,
    /// A medical institution's notification (発生届), accepted by the health centre.
    Notification,
}

impl Source {
    fn as_str(self) -> &'static str {
        match self {
            Source::Manual => "manual",
            Source::Csv => "csv",
            Source::Notification => "notification",
        }
    }
}

/// Stores validated cases in one transaction with consecutive case numbers
/// (`<health centre id>-<yyyymmdd>-<sequence>`), their timeline entries and audit entries.
/// Registrations of one health centre take its row lock first, so they number one after the
/// other and a person registered twice at the same moment is refused the second time (409
/// `duplicate_case`); should a number still be taken (another server's clock on another day), the unique
/// index refuses it and the whole batch is tried again; nothing is half-stored.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn store_cases(
    db: &(impl ConnectionTrait + TransactionTrait),
    keys: &Keyring,
    caller: &StaffCaller,
    centre: &organisation::Model,
    cases: &[ValidCase],
    source: Source,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Vec<patient_case::Model>, ApiError> {
    let prefix = format!("{}-{}-", centre.id, today.format("%Y%m%d"));
    for _ in 0..NUMBER_ATTEMPTS {
        let txn = db.begin().await?;
        db::intake::lock_health_centre(&txn, centre.id).await?;
        // Checked again under the lock: the caller's check ran before it, and a second
        // registration of the same person may have committed in between.
        let duplicate_keys: Vec<DuplicateKey> =
            cases.iter().map(ValidCase::duplicate_key).collect();
        if !existing_duplicates(&txn, keys, centre.id, &duplicate_keys)
            .await?
            .is_empty()
        {
            txn.rollback().await?;
            return Err(ApiError::Conflict {
                code: "duplicate_case",
                detail: "A case with the same name, date of birth and phone was registered \
                         a moment ago.",
            });
        }
        let mut next = next_sequence(&txn, &prefix).await?;
        let mut stored = Vec::with_capacity(cases.len());
        let mut clashed = false;
        for case in cases {
            let personal = personal(case);
            let row = new_row(
                keys,
                case,
                &personal,
                format!("{prefix}{next:04}"),
                centre.id,
            )?;
            next += 1;
            let tokens = personal.search_tokens(keys);
            match db::intake::insert(&txn, row, &tokens, now).await {
                Ok(model) => stored.push(model),
                Err(error) if is_unique_violation(&error) => {
                    clashed = true;
                    break;
                }
                Err(error) => return Err(error.into()),
            }
        }
        if clashed {
            txn.rollback().await?;
            continue;
        }
        for model in &stored {
            record(&txn, keys, caller, model, source, now).await?;
        }
        if source == Source::Csv {
            audit::staff_detail(
                &txn,
                caller,
                audit::action::CASE_IMPORT,
                None,
                format!("cases:{}", stored.len()),
                now,
            )
            .await?;
        }
        txn.commit().await?;
        return Ok(stored);
    }
    Err(ApiError::Conflict {
        code: "busy",
        detail: "Other registrations took the case numbers; please try again.",
    })
}

async fn record(
    db: &impl ConnectionTrait,
    keys: &Keyring,
    caller: &StaffCaller,
    case: &patient_case::Model,
    source: Source,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let event = |kind: CaseEventKind, outcome: &'static str| NewEvent {
        case_id: case.id,
        kind,
        actor_staff_id: Some(caller.staff_id.0),
        organisation_id: Some(caller.org_id.0),
        outcome: Some(outcome.into()),
        note: String::new(),
        related_org_id: case.followup_org_id,
    };
    crate::services::case_events::add(
        db,
        keys,
        event(CaseEventKind::Registered, source.as_str()),
        now,
    )
    .await?;
    if case.followup_org_id.is_some() {
        crate::services::case_events::add(
            db,
            keys,
            event(CaseEventKind::Assignment, "assign"),
            now,
        )
        .await?;
    }
    audit::staff_detail(
        db,
        caller,
        audit::action::CASE_REGISTER,
        Some(case.id),
        source.as_str().to_owned(),
        now,
    )
    .await
}

async fn next_sequence(db: &impl ConnectionTrait, prefix: &str) -> Result<u32, DbErr> {
    let numbers = db::intake::numbers_with_prefix(db, prefix).await?;
    Ok(numbers
        .iter()
        .filter_map(|n| n.strip_prefix(prefix)?.parse::<u32>().ok())
        .max()
        .map_or(1, |max| max + 1))
}

fn is_unique_violation(error: &DbErr) -> bool {
    matches!(error.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}

fn personal(case: &ValidCase) -> Personal {
    Personal {
        name: case.name.clone(),
        name_kana: case.name_kana.clone(),
        birth_date: case.birth_date,
        phone: case.phone.clone(),
        address: case.address.clone(),
        email: case.email.clone(),
        test_summary: case.test_summary.clone(),
        interview_notes: case.interview_notes.clone(),
    }
}

fn new_row(
    keys: &Keyring,
    case: &ValidCase,
    personal: &Personal,
    case_number: String,
    centre_id: i64,
) -> Result<NewRow, ApiError> {
    let codes: Vec<&str> = case.risk_factors.iter().map(|r| r.as_str()).collect();
    Ok(NewRow {
        personal: personal.seal(keys, &case_number),
        case_number,
        health_centre_id: centre_id,
        followup_org_id: case.followup_org_id.map(|o| o.0),
        sex: case.sex,
        risk_factors: serde_json::to_string(&codes).map_err(anyhow::Error::from)?,
        onset_date: case.onset_date,
        specimen_date: case.specimen_date,
        followup_start: case.followup_start,
        followup_end: case.followup_end,
        slots_per_day: i16::from(case.slots_per_day),
    })
}
