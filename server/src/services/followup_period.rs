//! The follow-up period and the review gate (docs/triage.md#the-review-gate): extending the
//! period, and holding a case whose period is over while signs say a person must decide.

use super::{audit, case_events};
use crate::access::{CaseScope, StaffAction};
use crate::auth::StaffCaller;
use crate::db;
use crate::db::case_events::NewEvent;
use crate::entities::codes::StoredFlag;
use crate::entities::codes::known_codes;
use crate::entities::patient_case;
use crate::error::ApiError;
use crate::keys::Keyring;
use crate::outbox::{NewDelivery, PatientNotice, Payload, Purpose};
use chrono::{DateTime, Duration, Utc};
use mimamori_shared::api::case_actions::ExtendFollowUp;
use mimamori_shared::api::cases::CaseEventKind;
use mimamori_shared::end_review::{self, CaseFacts, EndReviewSign, ReportFacts};
use mimamori_shared::i18n::Lang;
use mimamori_shared::i18n::patient_notices::Notice;
use mimamori_shared::ids::CaseId;
use sea_orm::{ConnectionTrait, TransactionSession, TransactionTrait};

/// A doctor or the health centre extends the follow-up period by some days with a reason. A
/// case the review gate held goes back under follow-up until the new end; the patient is told.
/// Returns the case as it now is.
pub async fn extend(
    db: &(impl ConnectionTrait + TransactionTrait),
    keys: &Keyring,
    public_url: &str,
    caller: &StaffCaller,
    case_id: CaseId,
    request: &ExtendFollowUp,
    now: DateTime<Utc>,
) -> Result<patient_case::Model, ApiError> {
    let case =
        super::case_gate::case_for_action(db, caller, case_id, StaffAction::ExtendFollowUp).await?;
    let days = request.validate().map_err(ApiError::Validation)?;
    let txn = db.begin().await?;
    db::cases::lock(&txn, case.id).await?;
    // From the later of the current end and yesterday: extending a held case whose period
    // ended days ago gives the patient the days asked for from now.
    let today = now.date_naive();
    let from = case.followup_end.max(today - Duration::days(1));
    let new_end = from + Duration::days(days);
    if !db::cases::extend_follow_up(&txn, case.id, new_end).await? {
        return Err(ApiError::followup_ended());
    }
    case_events::record(
        &txn,
        keys,
        NewEvent {
            case_id: case.id,
            kind: CaseEventKind::Extended,
            actor_staff_id: Some(caller.staff_id.0),
            organisation_id: Some(caller.org_id.0),
            outcome: Some(days.to_string().into()),
            note: request.reason.trim().to_owned(),
            related_org_id: None,
        },
        now,
    )
    .await?;
    let lang = db::patients::account_of_case(&txn, case.id)
        .await?
        .map_or(Lang::Ja, |account| account.lang);
    let notice = patient_notice(
        public_url,
        case.id,
        lang,
        case.sealed_email.is_some(),
        Notice::FollowupExtended,
        format!("followup_extended:{}:{new_end}", case.id),
    );
    crate::outbox::enqueue(&txn, vec![notice], now).await?;
    audit::staff(&txn, caller, audit::action::CASE_EXTEND, Some(case.id), now).await?;
    txn.commit().await?;
    db::cases::find_in_scope(db, case.id, CaseScope::of(caller).condition())
        .await?
        .ok_or(ApiError::NotFound)
}

/// A notice about the follow-up period to the patient of `case_id` in `lang` (push, then
/// e-mail if the case has an address), sent once under `key`: the end, the hold for review,
/// an extension.
pub fn patient_notice(
    public_url: &str,
    case_id: i64,
    lang: Lang,
    has_email: bool,
    notice: Notice,
    key: String,
) -> NewDelivery {
    NewDelivery {
        dedupe_key: key,
        purpose: Purpose::FollowupEnded,
        case_id: Some(case_id),
        payload: Payload::Patient(PatientNotice::new(
            case_id,
            public_url,
            lang,
            notice,
            "mimamori-followup",
            has_email,
            None,
        )),
    }
}

/// The review gate's signs for a case whose period is over at `now` (empty: it may end).
pub async fn gate_signs(
    db: &impl ConnectionTrait,
    case_id: i64,
    escalated_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<Vec<EndReviewSign>, sea_orm::DbErr> {
    let since = now - Duration::hours(end_review::RECENT_RED_HOURS);
    let reports = db::followup_end::gate_reports(db, case_id, since).await?;
    let facts = CaseFacts {
        reports: reports
            .iter()
            .map(|r| ReportFacts {
                submitted_at: r.submitted_at,
                flag: match &r.flag {
                    StoredFlag::Known(flag) => Some(*flag),
                    StoredFlag::Unknown(_) => None,
                },
                reviewed: r.reviewed_at.is_some(),
                temperature_tenths: u16::try_from(r.temperature_tenths).unwrap_or(0),
            })
            .collect(),
        escalated_at,
    };
    Ok(end_review::signs(&facts, now))
}

/// The signs stored on a held case, as codes.
pub fn signs_json(signs: &[EndReviewSign]) -> String {
    serde_json::to_string(signs).unwrap_or_else(|_| "[]".to_owned())
}

/// The signs stored on held case `case_id`; codes this build does not know are left out and
/// logged (the case stays held, whatever they were).
pub fn parse_signs(case_id: i64, stored: Option<&str>) -> Vec<EndReviewSign> {
    stored.map_or_else(Vec::new, |text| known_codes("patient_case", case_id, text))
}
