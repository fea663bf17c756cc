//! An organisation's stored scheduler settings (`org_setting`).

use crate::entities::org_setting;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait};

/// The stored row of `organisation_id`, if it changed the defaults.
pub async fn find(
    db: &impl ConnectionTrait,
    organisation_id: i64,
) -> Result<Option<org_setting::Model>, DbErr> {
    org_setting::Entity::find_by_id(organisation_id)
        .one(db)
        .await
}

/// Inserts the row, or replaces every column of the existing one.
pub async fn upsert(db: &impl ConnectionTrait, row: org_setting::ActiveModel) -> Result<(), DbErr> {
    use org_setting::Column as C;
    org_setting::Entity::insert(row)
        .on_conflict(
            OnConflict::column(C::OrganisationId)
                .update_columns([
                    C::NotifyEmail,
                    C::QuietStart,
                    C::QuietEnd,
                    C::SecondNudgeMinutes,
                    C::AfternoonReminder,
                    C::Cutoff,
                    C::AfternoonCutoff,
                    C::ReportTime,
                    C::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}
