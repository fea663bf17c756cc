//! `staff_session`: a signed-in staff browser. Only the token's hash is stored.

use sea_orm::entity::prelude::*;

/// How far a staff session got (`staff_session.stage`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")]
pub enum SessionStage {
    /// All three factors checked: the session may do what the role allows.
    Full,
    /// Password checked, no authenticator enrolled yet: only enrolment, "who am I" and
    /// sign-out are allowed (`auth::EnrollingStaffCaller`).
    Enrol,
}

/// A row of `staff_session`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "staff_session")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub token_hash: String,
    pub staff_id: i64,
    pub created_at: DateTimeUtc,
    pub last_seen_at: DateTimeUtc,
    /// `full`, or `enrol` (password checked, TOTP enrolment still to do: nothing else allowed).
    pub stage: SessionStage,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
