//! `sign_in_throttle`: failed sign-ins counted per key (a case number's or a client address's
//! blind index), and until when the key is refused (`services::sign_in_throttle`).

use sea_orm::entity::prelude::*;

/// A row of `sign_in_throttle`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sign_in_throttle")]
pub struct Model {
    /// `case:<blind index>` or `addr:<blind index>`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    /// Failures since the last success (or since a quiet day).
    pub failures: i32,
    pub last_failure_at: DateTimeUtc,
    /// Refused until then (back-off or lock); `None`: not refused.
    pub blocked_until: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
