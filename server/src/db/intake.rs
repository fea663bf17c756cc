//! Registering cases and assigning them (health-centre work). Reads that decide access still go
//! through [`crate::access`]; these are the writes and the look-ups behind them.

use crate::entities::patient_case;
use chrono::{DateTime, NaiveDate, Utc};
use mimamori_shared::api::cases::{CaseStatus, Sex};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect,
    Set,
};

/// A fully described case to insert (what a registration or an import row gives).
#[derive(Debug, Clone)]
pub struct RegisteredCase {
    /// Case number (unique).
    pub case_number: String,
    /// Health centre with jurisdiction.
    pub health_centre_id: i64,
    /// Assigned follow-up organisation.
    pub followup_org_id: Option<i64>,
    /// 氏名.
    pub name: String,
    /// 氏名（カナ）.
    pub name_kana: String,
    /// 生年月日.
    pub birth_date: NaiveDate,
    /// Sex, as stored.
    pub sex: Sex,
    /// Phone.
    pub phone: String,
    /// 住所.
    pub address: String,
    /// JSON array of risk factor codes.
    pub risk_factors: String,
    /// 発症日.
    pub onset_date: Option<NaiveDate>,
    /// 検体採取日.
    pub specimen_date: Option<NaiveDate>,
    /// Tests done.
    pub test_summary: String,
    /// Interview notes.
    pub interview_notes: String,
    /// First day of follow-up.
    pub followup_start: NaiveDate,
    /// Last day of follow-up.
    pub followup_end: NaiveDate,
    /// Reports a day (1 or 2).
    pub slots_per_day: i16,
    /// Contact e-mail.
    pub email: Option<String>,
}

/// Inserts a case (status `active`).
pub async fn insert(
    db: &impl ConnectionTrait,
    new: RegisteredCase,
    now: DateTime<Utc>,
) -> Result<patient_case::Model, DbErr> {
    patient_case::ActiveModel {
        case_number: Set(new.case_number),
        health_centre_id: Set(new.health_centre_id),
        followup_org_id: Set(new.followup_org_id),
        name: Set(new.name),
        name_kana: Set(new.name_kana),
        birth_date: Set(new.birth_date),
        sex: Set(new.sex),
        phone: Set(new.phone),
        address: Set(new.address),
        risk_factors: Set(new.risk_factors),
        onset_date: Set(new.onset_date),
        specimen_date: Set(new.specimen_date),
        test_summary: Set(new.test_summary),
        interview_notes: Set(new.interview_notes),
        followup_start: Set(new.followup_start),
        followup_end: Set(new.followup_end),
        slots_per_day: Set(new.slots_per_day),
        email: Set(new.email),
        status: Set(CaseStatus::Active),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
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

/// The health centre's cases born on one of `birth_dates`: the candidates a new registration
/// may duplicate (the comparison of names and phones is the caller's, on normalised values).
pub async fn born_on(
    db: &impl ConnectionTrait,
    health_centre_id: i64,
    birth_dates: Vec<NaiveDate>,
) -> Result<Vec<patient_case::Model>, DbErr> {
    if birth_dates.is_empty() {
        return Ok(Vec::new());
    }
    let mut found = Vec::new();
    // Bounded IN lists: an import of thousands of rows asks in chunks.
    for chunk in birth_dates.chunks(500) {
        found.extend(
            patient_case::Entity::find()
                .filter(patient_case::Column::HealthCentreId.eq(health_centre_id))
                .filter(patient_case::Column::BirthDate.is_in(chunk.iter().copied()))
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
