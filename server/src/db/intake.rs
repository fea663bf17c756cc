//! Registering cases and assigning them (health-centre work). Reads that decide access still go
//! through [`crate::access`]; these are the writes and the look-ups behind them.

use crate::entities::{case_search_token, patient_case};
use chrono::{DateTime, NaiveDate, Utc};
use mimamori_shared::api::cases::{CaseStatus, Sex};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect,
    Set,
};
use std::collections::BTreeSet;

/// What `patient_case` stores of a case's personal data: each field sealed
/// (`services::personal_data::Personal::seal`), the birth year and the duplicate index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedPersonal {
    pub name: String,
    pub name_kana: String,
    pub birth_date: String,
    pub birth_year: i16,
    pub phone: String,
    pub address: String,
    pub email: Option<String>,
    pub test_summary: String,
    pub interview_notes: String,
    pub duplicate_index: String,
}

/// A fully described case to insert (what a registration, an import row, a set-up or the
/// demo gives), its personal data sealed (`services::personal_data`).
#[derive(Debug, Clone)]
pub struct RegisteredCase {
    /// Case number (unique).
    pub case_number: String,
    /// Health centre with jurisdiction.
    pub health_centre_id: i64,
    /// Assigned follow-up organisation.
    pub followup_org_id: Option<i64>,
    /// Name, kana, date of birth, phone, address, e-mail, tests and notes, sealed.
    pub personal: SealedPersonal,
    /// Sex, as stored.
    pub sex: Sex,
    /// JSON array of risk factor codes.
    pub risk_factors: String,
    /// 発症日.
    pub onset_date: Option<NaiveDate>,
    /// 検体採取日.
    pub specimen_date: Option<NaiveDate>,
    /// First day of follow-up.
    pub followup_start: NaiveDate,
    /// Last day of follow-up.
    pub followup_end: NaiveDate,
    /// Reports a day (1 or 2).
    pub slots_per_day: i16,
}

impl RegisteredCase {
    /// The row to insert (status `active`).
    pub fn into_active_model(self, now: DateTime<Utc>) -> patient_case::ActiveModel {
        let personal = self.personal;
        patient_case::ActiveModel {
            case_number: Set(self.case_number),
            health_centre_id: Set(self.health_centre_id),
            followup_org_id: Set(self.followup_org_id),
            sealed_name: Set(personal.name),
            sealed_name_kana: Set(personal.name_kana),
            sealed_birth_date: Set(personal.birth_date),
            birth_year: Set(personal.birth_year),
            sex: Set(self.sex),
            sealed_phone: Set(personal.phone),
            sealed_address: Set(personal.address),
            risk_factors: Set(self.risk_factors),
            onset_date: Set(self.onset_date),
            specimen_date: Set(self.specimen_date),
            sealed_test_summary: Set(personal.test_summary),
            sealed_interview_notes: Set(personal.interview_notes),
            followup_start: Set(self.followup_start),
            followup_end: Set(self.followup_end),
            slots_per_day: Set(self.slots_per_day),
            sealed_email: Set(personal.email),
            duplicate_index: Set(Some(personal.duplicate_index)),
            status: Set(CaseStatus::Active),
            created_at: Set(now),
            ..Default::default()
        }
    }
}

/// Inserts a case (status `active`) and the search tokens it is found by.
pub async fn insert(
    db: &impl ConnectionTrait,
    new: RegisteredCase,
    search_tokens: &BTreeSet<String>,
    now: DateTime<Utc>,
) -> Result<patient_case::Model, DbErr> {
    let case = new.into_active_model(now).insert(db).await?;
    insert_search_tokens(
        db,
        search_tokens.iter().map(|token| (case.id, token.clone())),
    )
    .await?;
    Ok(case)
}

/// Stores search tokens as (case id, token), in bounded statements.
pub async fn insert_search_tokens(
    db: &impl ConnectionTrait,
    tokens: impl IntoIterator<Item = (i64, String)>,
) -> Result<(), DbErr> {
    let rows: Vec<case_search_token::ActiveModel> = tokens
        .into_iter()
        .map(|(case_id, token)| case_search_token::ActiveModel {
            token: Set(token),
            case_id: Set(case_id),
        })
        .collect();
    for chunk in rows.chunks(1_000) {
        case_search_token::Entity::insert_many(chunk.to_vec())
            .on_conflict_do_nothing()
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Replaces a case's search tokens (its names or phone changed, or it is being sealed).
pub async fn replace_search_tokens(
    db: &impl ConnectionTrait,
    case_id: i64,
    tokens: &BTreeSet<String>,
) -> Result<(), DbErr> {
    case_search_token::Entity::delete_many()
        .filter(case_search_token::Column::CaseId.eq(case_id))
        .exec(db)
        .await?;
    insert_search_tokens(db, tokens.iter().map(|token| (case_id, token.clone()))).await
}

/// The case numbers that start with `prefix` (one health centre's numbers of one day).
pub async fn numbers_with_prefix(
    db: &impl ConnectionTrait,
    prefix: &str,
) -> Result<Vec<String>, DbErr> {
    patient_case::Entity::find()
        .select_only()
        .column(patient_case::Column::CaseNumber)
        .filter(patient_case::Column::CaseNumber.starts_with(prefix))
        .into_tuple()
        .all(db)
        .await
}

/// The health centre's cases with one of `duplicate_indexes` (`personal_data::
/// duplicate_index`): the cases a new registration duplicates.
pub async fn with_duplicate_index(
    db: &impl ConnectionTrait,
    health_centre_id: i64,
    duplicate_indexes: Vec<String>,
) -> Result<Vec<patient_case::Model>, DbErr> {
    let mut found = Vec::new();
    // Bounded IN lists: an import of thousands of rows asks in chunks.
    for chunk in duplicate_indexes.chunks(500) {
        found.extend(
            patient_case::Entity::find()
                .filter(patient_case::Column::HealthCentreId.eq(health_centre_id))
                .filter(patient_case::Column::DuplicateIndex.is_in(chunk.iter().cloned()))
                .all(db)
                .await?,
        );
    }
    Ok(found)
}

/// Assigns a case to a follow-up organisation.
pub async fn set_followup_org(
    db: &impl ConnectionTrait,
    case_id: i64,
    followup_org_id: i64,
) -> Result<(), DbErr> {
    patient_case::Entity::update_many()
        .col_expr(
            patient_case::Column::FollowupOrgId,
            Expr::value(followup_org_id),
        )
        .filter(patient_case::Column::Id.eq(case_id))
        .exec(db)
        .await?;
    Ok(())
}

/// How many cases under follow-up the health centre has assigned to the organisation.
pub async fn count_active_assigned(
    db: &impl ConnectionTrait,
    followup_org_id: i64,
    health_centre_id: i64,
) -> Result<u64, DbErr> {
    use sea_orm::PaginatorTrait;
    patient_case::Entity::find()
        .filter(patient_case::Column::FollowupOrgId.eq(followup_org_id))
        .filter(patient_case::Column::HealthCentreId.eq(health_centre_id))
        .filter(patient_case::Column::Status.eq("active"))
        .count(db)
        .await
}

/// Takes the health centre's row lock for the rest of the transaction, so its registrations
/// number their cases one after the other. Writing first also keeps SQLite from refusing the
/// transaction's later write after a read (its "busy snapshot" case, which no waiting cures).
pub async fn lock_health_centre(
    db: &impl ConnectionTrait,
    health_centre_id: i64,
) -> Result<(), DbErr> {
    use crate::entities::organisation;
    organisation::Entity::update_many()
        .col_expr(
            organisation::Column::Name,
            Expr::col(organisation::Column::Name),
        )
        .filter(organisation::Column::Id.eq(health_centre_id))
        .exec(db)
        .await?;
    Ok(())
}
