//! `patient_account`: a patient's sign-in; it may report for several cases (a household).

use mimamori_shared::i18n::Lang;
use sea_orm::entity::prelude::*;

/// A row of `patient_account`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "patient_account")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub password_hash: String,
    pub lang: Lang,
    pub created_at: DateTimeUtc,
    pub reminders_enabled: bool,
    /// Local "HH:MM".
    pub reminder_window_start: String,
    /// Local "HH:MM".
    pub reminder_window_end: String,
    /// The case the account was made for (a household's representative's own); a re-issued
    /// invitation for it resets the password, one for another case of the account does not.
    pub own_case_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
