//! Automatic end of follow-up (DESIGN.md §2.8, issue 5 item 4): on the first tick of the day
//! after a case's follow-up period (in its organisation's time zone), the case ends with reason
//! `period_completed`, the timeline says so, and the patient is told by push or e-mail.

use super::JobContext;
use crate::db;
use crate::db::case_events::NewEvent;
use crate::db::followup_end::Expired;
use crate::notify::push::PushMessage;
use crate::outbox::{self, EmailPayload, NewDelivery, PatientNotice, Payload, Purpose};
use crate::services::org_settings;
use mimamori_shared::api::cases::{CaseEventKind, EndReason};
use mimamori_shared::i18n::Lang;
use mimamori_shared::i18n::patient_notices::{self, Notice};
use sea_orm::TransactionTrait;
use std::collections::BTreeMap;

/// Cases ended per transaction.
const CHUNK: u64 = 500;

/// Ends every case whose period is over at `cx.now`; returns how many.
pub async fn run(cx: &JobContext) -> anyhow::Result<u64> {
    let schedules = org_settings::load_all(&cx.db).await?;
    let mut zones: BTreeMap<String, (chrono_tz::Tz, Vec<i64>)> = BTreeMap::new();
    for schedule in schedules.values() {
        zones
            .entry(schedule.tz.name().to_owned())
            .or_insert_with(|| (schedule.tz, Vec::new()))
            .1
            .push(schedule.organisation_id);
    }
    let single_zone = zones.len() <= 1;
    let mut ended = 0;
    for (tz, orgs) in zones.into_values() {
        let today = cx.now.with_timezone(&tz).date_naive();
        loop {
            let orgs = (!single_zone).then_some(orgs.as_slice());
            let batch = db::followup_end::expired(&cx.db, today, orgs, CHUNK).await?;
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
        // Conditional on the case still being active: staff may have ended it meanwhile.
        if !db::cases::end_follow_up(&txn, case.id, reason, cx.now).await? {
            continue;
        }
        ended += 1;
        db::case_events::insert(
            &txn,
            NewEvent {
                case_id: case.id,
                kind: CaseEventKind::Ended.as_str(),
                actor_staff_id: None,
                organisation_id: None,
                outcome: Some(reason),
                note: String::new(),
                related_org_id: None,
            },
            cx.now,
        )
        .await?;
        if case.lang.is_some() || case.email.is_some() {
            notices.push(notice(cx, case));
        }
    }
    outbox::enqueue(&txn, notices, cx.now).await?;
    txn.commit().await?;
    Ok(ended)
}

fn notice(cx: &JobContext, case: &Expired) -> NewDelivery {
    let lang = case
        .lang
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or_default();
    let words = patient_notices::text(lang, Notice::FollowupEnded);
    let app_url = format!("{}/", cx.config.public_url.trim_end_matches('/'));
    NewDelivery {
        dedupe_key: format!("followup_ended:{}", case.id),
        purpose: Purpose::FollowupEnded,
        case_id: Some(case.id),
        payload: Payload::Patient(PatientNotice {
            case_id: case.id,
            push: PushMessage {
                title: words.title.to_owned(),
                body: words.body.to_owned(),
                url: Some("/".to_owned()),
                tag: Some("mimamori-followup".to_owned()),
                lang: Some(lang.tag().to_owned()),
            },
            email: case.email.as_ref().map(|to| EmailPayload {
                to: to.clone(),
                subject: words.title.to_owned(),
                text_body: format!("{}\n\n{}\n{app_url}\n", words.body, words.open_app),
                attachments: Vec::new(),
            }),
            unless_reported: None,
        }),
    }
}
