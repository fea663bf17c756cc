//! `audit_log`: append-only record of every read and write of patient data.

use sea_orm::entity::prelude::*;

/// A row of `audit_log`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub at: DateTimeUtc,
    /// `staff`, `patient` or `system`.
    pub actor_kind: String,
    pub actor_id: Option<i64>,
    pub role: Option<String>,
    pub organisation_id: Option<i64>,
    pub action: String,
    pub case_id: Option<i64>,
    pub client_addr: Option<String>,
    pub prev_hash: Option<String>,
    pub hash: Option<String>,
    /// Position in the hash chain, given when the entry is sealed.
    pub seq: Option<i64>,
    /// What else the action concerned (ids only, never personal data).
    pub detail: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
