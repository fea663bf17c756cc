//! Messages from staff to a patient, shown in the patient app's history.

use super::audit;
use crate::access::CaseScope;
use crate::auth::{PatientCaller, StaffCaller};
use crate::db;
use crate::entities::patient_message;
use crate::error::ApiError;
use crate::keys::{Keyring, KeyringError};
use crate::services::sealed_text;
use chrono::{DateTime, Utc};
use mimamori_shared::api::patient::{CreateMessage, MessageList, MessageView};
use mimamori_shared::ids::CaseId;
use sea_orm::{ConnectionTrait, Set};
use std::collections::HashMap;

/// The sealed column of `patient_message`, as named in the associated data (the row's
/// `seal_id`).
pub const BODY_FIELD: &str = "patient_message.body";

/// Staff write to the patient of a case within their scope.
pub async fn create(
    db: &impl ConnectionTrait,
    keys: &Keyring,
    caller: &StaffCaller,
    case_id: CaseId,
    request: &CreateMessage,
    now: DateTime<Utc>,
) -> Result<MessageView, ApiError> {
    let case = db::cases::find_in_scope(db, case_id.0, CaseScope::of(caller).condition())
        .await?
        .ok_or(ApiError::NotFound)?;
    // The record is read-only once follow-up has ended, and the app is paused while the
    // patient is in hospital.
    super::case_gate::check_status(case.status, crate::access::StaffAction::SendMessage)?;
    request.validate().map_err(ApiError::Validation)?;
    let seal_id = sealed_text::new_seal_id();
    let stored = db::messages::insert(
        db,
        patient_message::ActiveModel {
            case_id: Set(case.id),
            author_id: Set(caller.staff_id.0),
            organisation_id: Set(caller.org_id.0),
            sealed_body: Set(keys.seal(BODY_FIELD, &seal_id, request.body.trim())),
            seal_id: Set(seal_id),
            created_at: Set(now),
            ..Default::default()
        },
    )
    .await?;
    audit::staff(
        db,
        caller,
        audit::action::MESSAGE_CREATE,
        Some(case.id),
        now,
    )
    .await?;
    let org = db::orgs::find(db, caller.org_id.0).await?;
    Ok(to_view(
        keys,
        &stored,
        org.map(|o| o.name).unwrap_or_default(),
    )?)
}

/// The messages of a case, newest first, with the sending organisation's name.
pub async fn list_for_case(
    db: &impl ConnectionTrait,
    keys: &Keyring,
    case_id: i64,
) -> Result<Vec<MessageView>, ApiError> {
    let rows = db::messages::list_for_case(db, case_id).await?;
    let mut org_ids: Vec<i64> = rows.iter().map(|m| m.organisation_id).collect();
    org_ids.dedup();
    let names: HashMap<i64, String> = db::orgs::find_many(db, org_ids)
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    Ok(rows
        .iter()
        .map(|m| {
            to_view(
                keys,
                m,
                names.get(&m.organisation_id).cloned().unwrap_or_default(),
            )
        })
        .collect::<Result<_, _>>()?)
}

/// A patient reads the messages of one of the cases the sign-in reports for.
pub async fn list_for_patient(
    db: &impl ConnectionTrait,
    keys: &Keyring,
    caller: &PatientCaller,
    case_id: CaseId,
    now: DateTime<Utc>,
) -> Result<MessageList, ApiError> {
    if !crate::access::patient_may_report_for(caller, case_id) {
        return Err(ApiError::NotFound);
    }
    audit::patient(
        db,
        caller,
        audit::action::MESSAGES_READ_OWN,
        Some(case_id.0),
        now,
    )
    .await?;
    Ok(MessageList {
        items: list_for_case(db, keys, case_id.0).await?,
    })
}

fn to_view(
    keys: &Keyring,
    model: &patient_message::Model,
    from: String,
) -> Result<MessageView, KeyringError> {
    Ok(MessageView {
        id: model.id,
        case_id: CaseId(model.case_id),
        body: keys.unseal(BODY_FIELD, &model.seal_id, &model.sealed_body)?,
        from,
        created_at: model.created_at,
    })
}
