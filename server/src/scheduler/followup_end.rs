//! Automatic end of follow-up (docs/notifications.md, "End of follow-up"): on the first tick of the
//! day after a case's follow-up period (in its organisation's time zone), the case ends with reason
//! `period_completed`, the timeline says so, and the patient is told by push or e-mail — unless the
//! review gate (`mimamori_shared::end_review`, docs/triage.md) finds signs that a person must
//! decide: then the case is held as `end_review` (its own bucket at the top of the work list), the
//! timeline records the signs, and the patient is asked to keep reporting.

use super::context::JobContext;
use crate::db;
use crate::db::case_events::NewEvent;
use crate::db::followup_end::Expired;
use crate::outbox::{self, NewDelivery};
use crate::services::followup_period;
use crate::services::org_settings;
use mimamori_shared::api::cases::{CaseEventKind, EndReason};
use mimamori_shared::end_review::{self, EndReviewSign};
use mimamori_shared::i18n::Lang;
use mimamori_shared::i18n::patient_notices::Notice;
use sea_orm::{ConnectionTrait, TransactionTrait};

/// Cases ended per transaction.
const CHUNK: u64 = 500;

/// Ends every case whose period is over at `cx.now`; returns how many.
pub async fn run(cx: &JobContext) -> anyhow::Result<u64> {
    let schedules = org_settings::load_all(&cx.db).await?;
    let mut ended = 0;
    for zone in org_settings::by_zone(&schedules) {
        let today = cx.now.with_timezone(&zone.tz).date_naive();
        loop {
            let batch = db::followup_end::expired(&cx.db, today, zone.filter(), CHUNK).await?;
            if batch.is_empty() {
                break;
            }
            ended += end_batch(cx, &batch).await?;
        }
    }
    Ok(ended)
}

async fn end_batch(cx: &JobContext, batch: &[Expired]) -> anyhow::Result<u64> {
    let reason = EndReason::PeriodCompleted.as_str();
    let txn = cx.db.begin().await?;
    let mut ended = 0;
    let mut notices = Vec::new();
    for case in batch {
        let signs = followup_period::gate_signs(&txn, case.id, case.escalated_at, cx.now).await?;
        if !signs.is_empty() {
            hold(cx, &txn, case, &signs, &mut notices).await?;
            continue;
        }
        // Conditional on the case still being active: staff may have ended it meanwhile.
        if !db::cases::end_follow_up(&txn, case.id, reason, cx.now).await? {
            continue;
        }
        ended += 1;
        crate::services::case_events::add(
            &txn,
            &cx.keys,
            NewEvent {
                case_id: case.id,
                kind: CaseEventKind::Ended,
                actor_staff_id: None,
                organisation_id: None,
                outcome: Some(reason.into()),
                note: String::new(),
                related_org_id: None,
            },
            cx.now,
        )
        .await?;
        if case.lang.is_some() || case.email.is_some() {
            notices.push(notice(
                cx,
                case,
                Notice::FollowupEnded,
                format!("followup_ended:{}", case.id),
            ));
        }
    }
    outbox::enqueue(&txn, notices, cx.now).await?;
    txn.commit().await?;
    Ok(ended)
}

/// Holds a case for review: status `end_review`, a timeline entry with the signs and the
/// rules' version, and a notice asking the patient to keep reporting.
async fn hold(
    cx: &JobContext,
    txn: &impl ConnectionTrait,
    case: &Expired,
    signs: &[EndReviewSign],
    notices: &mut Vec<NewDelivery>,
) -> anyhow::Result<()> {
    let json = followup_period::signs_json(signs);
    if !db::cases::hold_for_end_review(txn, case.id, &json, cx.now).await? {
        return Ok(());
    }
    let codes: Vec<&str> = signs.iter().map(|sign| sign.as_str()).collect();
    crate::services::case_events::add(
        txn,
        &cx.keys,
        NewEvent {
            case_id: case.id,
            kind: CaseEventKind::EndReview,
            actor_staff_id: None,
            organisation_id: None,
            outcome: Some("held".into()),
            // The signs, with the rules' version that found them.
            note: format!(
                "{}: {}",
                end_review::END_REVIEW_RULES_VERSION,
                codes.join(",")
            ),
            related_org_id: None,
        },
        cx.now,
    )
    .await?;
    tracing::info!(
        case_id = case.id,
        signs = codes.join(","),
        "follow-up end held for review"
    );
    if case.lang.is_some() || case.email.is_some() {
        notices.push(notice(
            cx,
            case,
            Notice::FollowupEndUnderReview,
            format!("followup_end_review:{}", case.id),
        ));
    }
    Ok(())
}

/// `notice` to the patient of an expired case, in the language its query read with it.
fn notice(cx: &JobContext, case: &Expired, notice: Notice, key: String) -> NewDelivery {
    // A case without an account is told by e-mail, in Japanese.
    let lang = case.lang.unwrap_or(Lang::Ja);
    followup_period::patient_notice(
        &cx.config.public_url,
        case.id,
        lang,
        case.email.is_some(),
        notice,
        key,
    )
}
