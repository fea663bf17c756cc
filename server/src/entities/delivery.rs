//! `delivery`: the outbox. Every push and e-mail is a row before it is sent; a sender claims
//! rows (`FOR UPDATE SKIP LOCKED` on PostgreSQL), so several instances never send one twice.

use crate::outbox::{Channel, Purpose, Status};
use sea_orm::entity::prelude::*;

/// A row of `delivery`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "delivery")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// What makes it one delivery (e.g. `reminder:42:2026-11-24:1:1`).
    #[sea_orm(unique)]
    pub dedupe_key: String,
    /// `push` or `email`.
    pub channel: Channel,
    /// Why it is sent (`Purpose::as_str`).
    pub purpose: Purpose,
    pub case_id: Option<i64>,
    /// JSON of `outbox::Payload`.
    pub payload: String,
    /// `pending`, `sending`, `sent`, `failed` or `skipped`.
    pub status: Status,
    pub attempts: i32,
    /// Not to be sent before this moment (retries back off).
    pub not_before: DateTimeUtc,
    /// A claim lasts until then; a sender that died leaves the row to be claimed again.
    pub claimed_until: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
    /// Why the last attempt failed (a code, never personal data).
    pub last_error: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
