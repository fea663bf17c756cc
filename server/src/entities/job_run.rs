//! `job_run`: markers of scheduled work done, one per (job, scope), so each unit of work
//! happens once whichever instance gets there first.

use sea_orm::entity::prelude::*;

/// A row of `job_run`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "job_run")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The job (`cutoff_summary`, …).
    pub job: String,
    /// What the run covered (e.g. `org:7:2026-11-24:1`).
    pub scope: String,
    pub ran_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
