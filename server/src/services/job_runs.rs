//! Markers of scheduled work done (`job_run`): the first instance to insert the marker of a
//! unit of work does it; any other, or a second run, sees it taken. Insert the marker in the
//! transaction that does the work, so a crash leaves neither.

use crate::entities::job_run;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
};

/// Claims `(job, scope)`; `true` if this call inserted the marker (do the work), `false` if it
/// was done before.
pub async fn claim(
    db: &impl ConnectionTrait,
    job: &str,
    scope: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let result = job_run::Entity::insert(job_run::ActiveModel {
        job: Set(job.to_owned()),
        scope: Set(scope.to_owned()),
        ran_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([job_run::Column::Job, job_run::Column::Scope])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await;
    match result {
        Ok(count) => Ok(count == 1),
        Err(DbErr::RecordNotInserted) => Ok(false),
        Err(error) => Err(error),
    }
}

/// Whether `(job, scope)` was claimed already: a read that spares a write transaction to the
/// many ticks that find the work done.
pub async fn done(db: &impl ConnectionTrait, job: &str, scope: &str) -> Result<bool, DbErr> {
    Ok(job_run::Entity::find()
        .filter(job_run::Column::Job.eq(job))
        .filter(job_run::Column::Scope.eq(scope))
        .count(db)
        .await?
        > 0)
}
