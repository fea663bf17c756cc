//! Notifications of a case (発生届) filed online by medical institutions (docs/institutions.md):
//! the institution's side — the form's defaults, drafts, corrections and submission — and the views
//! both sides read. The health centre's decisions are in [`super::notification_intake`].
//!
//! Who sees what is [`NotificationScope`]'s: an institution its own notifications, a health
//! centre what was submitted to it; outside the scope a notification is not found (404).

use super::handoff_notices::{self, NotificationChange};
use super::intake::existing_duplicates;
use super::sealed_notifications::{self, form_of};
use super::staff_auth::org_summary;
use super::{audit, time};
use crate::access::{NotificationScope, StaffAction, staff_may};
use crate::auth::StaffCaller;
use crate::db;
use crate::db::case_notifications::{Filing, StatusChange};
use crate::entities::{case_notification, organisation};
use crate::error::ApiError;
use crate::keys::Keyring;
use chrono::{DateTime, Utc};
use mimamori_shared::api::admin::OrgKind;
use mimamori_shared::api::case_notifications::{
    NotificationDefaults, NotificationForm, NotificationList, NotificationQuery,
    NotificationStatus, NotificationSummary, NotificationView,
};
use mimamori_shared::api::intake::{CaseRef, duplicate_key};
use mimamori_shared::ids::{CaseId, CaseNotificationId};
use sea_orm::{ConnectionTrait, TransactionSession, TransactionTrait};
use std::collections::HashMap;

/// Statuses in which the institution may still change the form and submit it.
fn editable() -> [&'static str; 2] {
    [
        NotificationStatus::Draft.as_str(),
        NotificationStatus::Returned.as_str(),
    ]
}

/// What a new notification starts from: the caller's institution and the health centre it
/// will go to, and [`NotificationForm::with_defaults`] with the caller's name and today in the
/// institution's time zone. Institution staff only (403); 409 `no_health_centre` when the
/// institution is not placed under a health centre.
pub async fn defaults(
    db: &impl ConnectionTrait,
    caller: &StaffCaller,
    now: DateTime<Utc>,
) -> Result<NotificationDefaults, ApiError> {
    let (institution, centre) = own_institution(db, caller).await?;
    let staff = db::staff::find(db, caller.staff_id.0)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    let today = time::local_date(now, time::zone(&institution.time_zone));
    Ok(NotificationDefaults {
        institution: org_summary(&institution),
        health_centre: org_summary(&centre),
        form: NotificationForm::with_defaults(today, &staff.display_name),
    })
}

/// Saves a new draft (only [`NotificationForm::check_draft`] applies). It is routed now, to
/// the institution's health centre.
pub async fn create(
    db: &(impl ConnectionTrait + TransactionTrait),
    keys: &Keyring,
    caller: &StaffCaller,
    form: &NotificationForm,
    now: DateTime<Utc>,
) -> Result<NotificationView, ApiError> {
    let (institution, centre) = own_institution(db, caller).await?;
    check_draft(form)?;
    let seal_id = crate::services::sealed_text::new_seal_id();
    let columns = sealed_notifications::columns(keys, &seal_id, form)?;
    let filing = Filing {
        institution_id: institution.id,
        health_centre_id: centre.id,
        created_by: caller.staff_id.0,
    };
    let txn = db.begin().await?;
    let model = db::case_notifications::insert_draft(&txn, filing, seal_id, columns, now).await?;
    record(
        &txn,
        caller,
        audit::action::NOTIFICATION_CREATE,
        &model,
        now,
    )
    .await?;
    txn.commit().await?;
    view(db, keys, caller, model).await
}

/// Replaces the form of a draft or returned notification (409 `not_editable` once it is
/// submitted or accepted).
pub async fn update(
    db: &(impl ConnectionTrait + TransactionTrait),
    keys: &Keyring,
    caller: &StaffCaller,
    id: CaseNotificationId,
    form: &NotificationForm,
    now: DateTime<Utc>,
) -> Result<NotificationView, ApiError> {
    let current = filed(db, caller, id).await?;
    if !editable().contains(&current.status.as_str()) {
        return Err(not_editable());
    }
    check_draft(form)?;
    let columns = sealed_notifications::columns(keys, &current.seal_id, form)?;
    let txn = db.begin().await?;
    if !db::case_notifications::update_form(&txn, current.id, &editable(), columns, now).await? {
        return Err(not_editable());
    }
    record(
        &txn,
        caller,
        audit::action::NOTIFICATION_UPDATE,
        &current,
        now,
    )
    .await?;
    txn.commit().await?;
    reloaded(db, keys, caller, current.id).await
}

/// Submits a draft or returned notification to its health centre: every check of
/// [`NotificationForm::validate`] applies (422 listing every field), and the normalised form is
/// what is stored and sent. The centre's staff are told in the same transaction (a notice
/// linking to the notification under `public_url`); a retried submission is 409 and tells
/// nobody again.
pub async fn submit(
    db: &(impl ConnectionTrait + TransactionTrait),
    keys: &Keyring,
    public_url: &str,
    caller: &StaffCaller,
    id: CaseNotificationId,
    now: DateTime<Utc>,
) -> Result<NotificationView, ApiError> {
    let current = filed(db, caller, id).await?;
    if !editable().contains(&current.status.as_str()) {
        return Err(not_editable());
    }
    let institution = db::orgs::find(db, current.institution_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("institution {} is gone", current.institution_id))?;
    let today = time::local_date(now, time::zone(&institution.time_zone));
    let normal = form_of(keys, &current)?
        .validate(today)
        .map_err(ApiError::Validation)?;
    let columns = sealed_notifications::columns(keys, &current.seal_id, &normal)?;
    let txn = db.begin().await?;
    let submitted = StatusChange {
        to: NotificationStatus::Submitted.as_str(),
        by: None,
        return_comment: None,
    };
    if !db::case_notifications::update_form(&txn, current.id, &editable(), columns, now).await?
        || !db::case_notifications::set_status(&txn, current.id, &editable(), submitted, now)
            .await?
    {
        return Err(not_editable());
    }
    handoff_notices::notify_notification(
        &txn,
        public_url,
        &current,
        NotificationChange::Submitted,
        now,
    )
    .await?;
    record(
        &txn,
        caller,
        audit::action::NOTIFICATION_SUBMIT,
        &current,
        now,
    )
    .await?;
    txn.commit().await?;
    reloaded(db, keys, caller, current.id).await
}

/// The caller's notifications, last changed first: an institution's own (drafts included), a
/// health centre's queue (never drafts). Other roles get 403.
pub async fn list(
    db: &impl ConnectionTrait,
    keys: &Keyring,
    caller: &StaffCaller,
    query: &NotificationQuery,
    now: DateTime<Utc>,
) -> Result<NotificationList, ApiError> {
    if !staff_may(caller.role, StaffAction::FileNotification)
        && !staff_may(caller.role, StaffAction::ReadIntake)
    {
        return Err(ApiError::Forbidden);
    }
    let scope = NotificationScope::of(caller).condition();
    let rows =
        db::case_notifications::list(db, scope, query.status.map(NotificationStatus::as_str))
            .await?;
    audit::staff(db, caller, audit::action::NOTIFICATIONS_LIST, None, now).await?;
    Ok(NotificationList {
        items: summaries(db, keys, &rows).await?,
    })
}

/// One notification in the caller's scope (404 otherwise), with the whole form.
pub async fn get(
    db: &impl ConnectionTrait,
    keys: &Keyring,
    caller: &StaffCaller,
    id: CaseNotificationId,
    now: DateTime<Utc>,
) -> Result<NotificationView, ApiError> {
    let model = in_scope(db, caller, id).await?;
    record(db, caller, audit::action::NOTIFICATION_READ, &model, now).await?;
    view(db, keys, caller, model).await
}

/// A notification in the caller's scope; 404 outside it.
pub(crate) async fn in_scope(
    db: &impl ConnectionTrait,
    caller: &StaffCaller,
    id: CaseNotificationId,
) -> Result<case_notification::Model, ApiError> {
    db::case_notifications::find_in_scope(db, id.0, NotificationScope::of(caller).condition())
        .await?
        .ok_or(ApiError::NotFound)
}

/// A notification the caller's institution filed and the caller may change (403 for a health
/// centre looking at one submitted to it).
async fn filed(
    db: &impl ConnectionTrait,
    caller: &StaffCaller,
    id: CaseNotificationId,
) -> Result<case_notification::Model, ApiError> {
    let model = in_scope(db, caller, id).await?;
    if !staff_may(caller.role, StaffAction::FileNotification) {
        return Err(ApiError::Forbidden);
    }
    Ok(model)
}

/// The caller's institution and the health centre with jurisdiction over it (its parent).
async fn own_institution(
    db: &impl ConnectionTrait,
    caller: &StaffCaller,
) -> Result<(organisation::Model, organisation::Model), ApiError> {
    if !staff_may(caller.role, StaffAction::FileNotification) {
        return Err(ApiError::Forbidden);
    }
    let institution = db::orgs::find(db, caller.org_id.0)
        .await?
        .filter(|org| org.kind == OrgKind::Institution)
        .ok_or(ApiError::Forbidden)?;
    let centre = match institution.parent_id {
        Some(parent) => db::orgs::find(db, parent).await?,
        None => None,
    };
    let centre = centre
        .filter(|org| org.kind == OrgKind::HealthCentre)
        .ok_or(ApiError::Conflict {
            code: "no_health_centre",
            detail: "The institution is not placed under a health centre; an administrator \
                     must place it first.",
        })?;
    Ok((institution, centre))
}

fn check_draft(form: &NotificationForm) -> Result<(), ApiError> {
    let errors = form.check_draft();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}

fn not_editable() -> ApiError {
    ApiError::Conflict {
        code: "not_editable",
        detail: "The notification has been submitted; it can be changed only when the health \
                 centre returns it.",
    }
}

/// Audits an action on a notification; the case, once there is one, is the entry's case.
pub(crate) async fn record(
    db: &impl ConnectionTrait,
    caller: &StaffCaller,
    action: &str,
    model: &case_notification::Model,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    audit::staff_detail(
        db,
        caller,
        action,
        model.case_id,
        format!("notification:{}", model.id),
        now,
    )
    .await
}

/// The view of a notification after a change the caller made.
pub(crate) async fn reloaded(
    db: &impl ConnectionTrait,
    keys: &Keyring,
    caller: &StaffCaller,
    id: i64,
) -> Result<NotificationView, ApiError> {
    let model = db::case_notifications::find(db, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    view(db, keys, caller, model).await
}

/// The whole view of a notification; a health centre looking at a submitted one also gets
/// the case already registered for the same person, if any.
pub(crate) async fn view(
    db: &impl ConnectionTrait,
    keys: &Keyring,
    caller: &StaffCaller,
    model: case_notification::Model,
) -> Result<NotificationView, ApiError> {
    let form = form_of(keys, &model)?;
    let submitted = model.status == NotificationStatus::Submitted;
    let possible_duplicate = match (form.birth_date, NotificationScope::of(caller)) {
        (Some(birth), NotificationScope::HealthCentre(_)) if submitted => {
            let key = duplicate_key(&form.patient_name, birth, &form.phone);
            existing_duplicates(db, keys, model.health_centre_id, &[key])
                .await?
                .into_values()
                .next()
        }
        _ => None,
    };
    let summary = summaries(db, keys, std::slice::from_ref(&model))
        .await?
        .pop()
        .ok_or_else(|| anyhow::anyhow!("no summary of notification {}", model.id))?;
    Ok(NotificationView {
        summary,
        form,
        possible_duplicate,
    })
}

/// List entries, with the organisations and cases they name read in one query each.
async fn summaries(
    db: &impl ConnectionTrait,
    keys: &Keyring,
    rows: &[case_notification::Model],
) -> Result<Vec<NotificationSummary>, ApiError> {
    let mut org_ids: Vec<i64> = rows
        .iter()
        .flat_map(|r| [r.institution_id, r.health_centre_id])
        .collect();
    org_ids.sort_unstable();
    org_ids.dedup();
    let orgs: HashMap<i64, organisation::Model> = db::orgs::find_many(db, org_ids)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let case_ids: Vec<i64> = rows.iter().filter_map(|r| r.case_id).collect();
    let cases: HashMap<i64, String> = db::cases::find_many(db, case_ids)
        .await?
        .into_iter()
        .map(|c| (c.id, c.case_number))
        .collect();
    rows.iter()
        .map(|row| {
            let org = |id: i64| {
                orgs.get(&id)
                    .map(org_summary)
                    .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("organisation {id} is gone")))
            };
            let patient = sealed_notifications::listed_patient(keys, row)?;
            Ok(NotificationSummary {
                id: CaseNotificationId(row.id),
                status: row.status,
                patient_name: patient.name,
                patient_kana: patient.kana,
                birth_date: patient.birth_date,
                severity: row.severity,
                needs_admission: row.needs_admission,
                diagnosis_date: row.diagnosis_date,
                institution: org(row.institution_id)?,
                health_centre: org(row.health_centre_id)?,
                updated_at: row.updated_at,
                submitted_at: row.submitted_at,
                decided_at: row.decided_at,
                return_comment: row
                    .sealed_return_comment
                    .as_deref()
                    .map(|sealed| {
                        keys.unseal(
                            sealed_notifications::RETURN_COMMENT_FIELD,
                            &row.seal_id,
                            sealed,
                        )
                    })
                    .transpose()?,
                case: row.case_id.and_then(|id| {
                    cases.get(&id).map(|number| CaseRef {
                        id: CaseId(id),
                        case_number: number.clone(),
                    })
                }),
            })
        })
        .collect()
}
