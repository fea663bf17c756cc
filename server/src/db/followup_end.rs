//! The end-of-period job's query.

use crate::entities::codes::StoredFlag;
use crate::entities::health_report;
use chrono::{DateTime, NaiveDate, Utc};
use mimamori_shared::i18n::Lang;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter,
    QuerySelect, Value,
};

/// An active case whose follow-up period is over, with its patient's language if enrolled.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct Expired {
    pub id: i64,
    /// The contact e-mail, sealed: only whether there is one is read here.
    pub email: Option<String>,
    /// When the case was escalated to the health centre, if it was.
    pub escalated_at: Option<DateTime<Utc>>,
    /// `None` when no patient account reports for the case.
    pub lang: Option<Lang>,
}

/// Up to `limit` active cases whose `followup_end` is before `today`, of the given
/// organisations (follow-up organisation, or health centre when unassigned; `None`: all).
pub async fn expired(
    db: &impl ConnectionTrait,
    today: NaiveDate,
    orgs: Option<&[i64]>,
    limit: u64,
) -> Result<Vec<Expired>, DbErr> {
    let mut binds = super::Binds::new(db.get_database_backend());
    let mut bind = |value: Value| binds.bind(value);
    let today = bind(today.into());
    let mut sql = format!(
        "SELECT c.id, c.email, c.escalated_at, \
           (SELECT MIN(a.lang) FROM patient_account_case l \
              JOIN patient_account a ON a.id = l.account_id WHERE l.case_id = c.id) AS lang \
         FROM patient_case c WHERE c.status = 'active' AND c.followup_end < {today}"
    );
    if let Some(orgs) = orgs {
        if orgs.is_empty() {
            return Ok(Vec::new());
        }
        let list: Vec<String> = orgs.iter().map(|id| bind((*id).into())).collect();
        sql.push_str(&format!(
            " AND COALESCE(c.followup_org_id, c.health_centre_id) IN ({})",
            list.join(", ")
        ));
    }
    let limit = bind(i64::try_from(limit).unwrap_or(i64::MAX).into());
    sql.push_str(&format!(" ORDER BY c.id LIMIT {limit}"));
    Expired::find_by_statement(binds.statement(sql))
        .all(db)
        .await
}

/// What the review gate reads of one report.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct GateReport {
    pub submitted_at: DateTime<Utc>,
    pub flag: StoredFlag,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub temperature_tenths: i16,
}

/// The reports of a case the review gate looks at: every unreviewed one, and every one made
/// after `since` (the longest look-back of the gate's rules).
pub async fn gate_reports(
    db: &impl ConnectionTrait,
    case_id: i64,
    since: DateTime<Utc>,
) -> Result<Vec<GateReport>, DbErr> {
    use health_report::Column as R;
    health_report::Entity::find()
        .select_only()
        .columns([R::SubmittedAt, R::Flag, R::ReviewedAt, R::TemperatureTenths])
        .filter(R::CaseId.eq(case_id))
        .filter(
            Condition::any()
                .add(R::ReviewedAt.is_null())
                .add(R::SubmittedAt.gt(since)),
        )
        .into_model::<GateReport>()
        .all(db)
        .await
}
