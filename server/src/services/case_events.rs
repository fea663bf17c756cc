//! The case timeline as staff see it: who did what, from which organisation. Entries' notes are
//! sealed at rest (`sealed_text::EVENT_NOTE_FIELD`, the row's `seal_id`).

use crate::db;
use crate::db::case_events::NewEvent;
use crate::entities::case_event;
use crate::error::ApiError;
use crate::keys::{Keyring, KeyringError};
use crate::services::sealed_text::{self, EVENT_NOTE_FIELD};
use chrono::{DateTime, Utc};
use mimamori_shared::api::cases::CaseEventView;
use mimamori_shared::ids::{CaseEventId, CaseId};
use sea_orm::{ConnectionTrait, DbErr};
use std::collections::HashMap;

/// A case's timeline, newest first.
pub async fn list_for_case(
    db: &impl ConnectionTrait,
    keys: &Keyring,
    case_id: i64,
) -> Result<Vec<CaseEventView>, ApiError> {
    let rows = db::case_events::list_for_case(db, case_id).await?;
    let names = Names::load(db, &rows).await?;
    Ok(rows
        .iter()
        .map(|row| names.view(keys, row))
        .collect::<Result<_, _>>()?)
}

/// Adds an entry at `now`, its note sealed.
pub async fn add(
    db: &impl ConnectionTrait,
    keys: &Keyring,
    new: NewEvent,
    now: DateTime<Utc>,
) -> Result<case_event::Model, DbErr> {
    let seal_id = sealed_text::new_seal_id();
    let sealed_note = keys.seal(EVENT_NOTE_FIELD, &seal_id, &new.note);
    db::case_events::insert(db, new, seal_id, sealed_note, now).await
}

/// Adds an entry at `now` and gives it back as the timeline shows it.
pub async fn record(
    db: &impl ConnectionTrait,
    keys: &Keyring,
    new: NewEvent,
    now: DateTime<Utc>,
) -> Result<CaseEventView, ApiError> {
    let row = add(db, keys, new, now).await?;
    let names = Names::load(db, std::slice::from_ref(&row)).await?;
    Ok(names.view(keys, &row)?)
}

/// Names of the staff and organisations the entries mention.
struct Names {
    staff: HashMap<i64, String>,
    orgs: HashMap<i64, String>,
}

impl Names {
    async fn load(db: &impl ConnectionTrait, rows: &[case_event::Model]) -> Result<Self, ApiError> {
        let mut staff_ids: Vec<i64> = rows.iter().filter_map(|r| r.actor_staff_id).collect();
        staff_ids.sort_unstable();
        staff_ids.dedup();
        let mut org_ids: Vec<i64> = rows
            .iter()
            .flat_map(|r| [r.organisation_id, r.related_org_id])
            .flatten()
            .collect();
        org_ids.sort_unstable();
        org_ids.dedup();
        let staff = db::staff::find_many(db, staff_ids)
            .await?
            .into_iter()
            .map(|s| (s.id, s.display_name))
            .collect();
        let orgs = db::orgs::find_many(db, org_ids)
            .await?
            .into_iter()
            .map(|o| (o.id, o.name))
            .collect();
        Ok(Self { staff, orgs })
    }

    /// The entry as the API shows it.
    fn view(&self, keys: &Keyring, row: &case_event::Model) -> Result<CaseEventView, KeyringError> {
        let org = |id: Option<i64>| id.and_then(|id| self.orgs.get(&id)).cloned();
        Ok(CaseEventView {
            id: CaseEventId(row.id),
            case_id: CaseId(row.case_id),
            kind: row.kind,
            at: row.created_at,
            actor_name: row
                .actor_staff_id
                .and_then(|id| self.staff.get(&id))
                .cloned(),
            actor_org: org(row.organisation_id),
            outcome: row.outcome.clone(),
            note: keys.unseal(EVENT_NOTE_FIELD, &row.seal_id, &row.sealed_note)?,
            related_org: org(row.related_org_id),
        })
    }
}
