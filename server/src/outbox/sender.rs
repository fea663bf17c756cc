//! Claims due outbox rows and sends them.
//!
//! A claim is one statement that marks up to [`BATCH`] due rows `sending` until a lease ends:
//! on PostgreSQL the rows are picked with `FOR UPDATE SKIP LOCKED`, so two instances claiming at
//! once get different rows; on SQLite (one instance) the statement is atomic by itself. A sender
//! that dies mid-batch leaves its rows to be claimed again when the lease ends (a push or mail
//! already handed over may then go twice: at least once, never lost). The rows of a batch are
//! sent concurrently and their results written back together.

use super::{Channel, EmailPayload, PatientNotice, Payload, Purpose, Status};
use crate::clock::Clock;
use crate::config::Config;
use crate::db;
use crate::db::deliveries::Claimed;
use crate::entities::{patient_account, patient_account_case, patient_case, push_subscription};
use crate::keys::Keyring;
use crate::notify::email::{MailMessage, Mailer};
use crate::notify::push::{self, PushOutcome, PushSender, Urgency};
use crate::services::sealed_text::{self, EVENT_NOTE_FIELD};
use chrono::{DateTime, Duration, Utc};
use mimamori_shared::api::cases::{CaseEventKind, CaseStatus};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};
use std::collections::HashMap;
use std::sync::Arc;

/// Most rows one claim takes.
const BATCH: u64 = 500;
/// Sends in flight at once (push services and SMTP servers answer in tens of milliseconds).
const CONCURRENCY: usize = 64;
/// How long a claim lasts before another sender may take the row.
const LEASE: Duration = Duration::minutes(5);
/// Attempts before a delivery is given up (push falls back to e-mail before that).
const MAX_ATTEMPTS: i32 = 5;

/// What one drain did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DrainSummary {
    /// Delivered.
    pub sent: u64,
    /// Given up.
    pub failed: u64,
    /// Moot, not sent.
    pub skipped: u64,
    /// Failed for now, to be tried again later.
    pub retried: u64,
}

/// Sends outbox rows. Cheap to share.
#[derive(Debug, Clone)]
pub struct Sender {
    db: DatabaseConnection,
    /// Opens the stored push subscriptions.
    keys: Arc<Keyring>,
    push: Arc<PushSender>,
    mailer: Arc<Mailer>,
}

/// How one delivery ended.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    /// Sent by this channel (`push` or `email`).
    Sent(&'static str),
    /// Moot.
    Skipped,
    /// Try again at this moment.
    Retry(DateTime<Utc>, &'static str),
    /// Given up, with a code.
    Failed(&'static str),
}

/// One row's outcome and what it changed besides.
#[derive(Debug)]
struct Done {
    row: Claimed,
    outcome: Outcome,
    /// Blind indexes of the endpoints the push service no longer knows.
    gone_endpoints: Vec<String>,
}

/// What a batch of patient notices needs from the database, read once per batch.
#[derive(Debug, Default)]
struct Recipients {
    cases: HashMap<i64, patient_case::Model>,
    /// Subscriptions of the accounts that report for each case (reminders turned on).
    subscriptions: HashMap<i64, Vec<push_subscription::Model>>,
}

impl Sender {
    /// A sender using the stored VAPID key and the configured mail transport.
    pub async fn new(
        db: DatabaseConnection,
        keys: Arc<Keyring>,
        config: &Config,
        now: DateTime<Utc>,
    ) -> anyhow::Result<Self> {
        let push = PushSender::from_db(
            &db,
            &keys,
            now,
            push::contact_for(&config.public_url),
            config.limits.push_endpoints(),
        )
        .await
        .map_err(|error| anyhow::anyhow!("push sender: {error:?}"))?;
        let mailer = Mailer::from_config(config)?;
        Ok(Self {
            db,
            keys,
            push: Arc::new(push),
            mailer: Arc::new(mailer),
        })
    }

    /// Claims and sends every row due at `now`, batch after batch, until none is left. Two
    /// workers claim in turn, so one batch is written back while the next is being sent.
    pub async fn drain(&self, now: DateTime<Utc>) -> anyhow::Result<DrainSummary> {
        let (first, second) = tokio::join!(self.drain_worker(now), self.drain_worker(now));
        let (first, second) = (first?, second?);
        Ok(DrainSummary {
            sent: first.sent + second.sent,
            failed: first.failed + second.failed,
            skipped: first.skipped + second.skipped,
            retried: first.retried + second.retried,
        })
    }

    async fn drain_worker(&self, now: DateTime<Utc>) -> anyhow::Result<DrainSummary> {
        let mut summary = DrainSummary::default();
        loop {
            let batch = db::deliveries::claim(&self.db, now, now + LEASE, BATCH).await?;
            if batch.is_empty() {
                return Ok(summary);
            }
            let recipients = Arc::new(self.recipients(&batch).await?);
            let done = self.send_all(batch, recipients, now).await;
            self.record(&done, now).await?;
            for item in &done {
                let outcome = match item.outcome {
                    Outcome::Sent(_) => "sent",
                    Outcome::Skipped => "skipped",
                    Outcome::Retry(..) => "retry",
                    Outcome::Failed(_) => "failed",
                };
                metrics::counter!(
                    crate::metrics::name::DELIVERIES,
                    "channel" => crate::metrics::channel_label(item.row.channel),
                    "outcome" => outcome
                )
                .increment(1);
                match item.outcome {
                    Outcome::Sent(_) => summary.sent += 1,
                    Outcome::Skipped => summary.skipped += 1,
                    Outcome::Retry(..) => summary.retried += 1,
                    Outcome::Failed(_) => summary.failed += 1,
                }
            }
        }
    }

    /// Drains every second until the process ends.
    pub async fn run(self, clock: Arc<dyn Clock>) {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(1));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(error) = self.drain(clock.now()).await {
                tracing::warn!(error = %format!("{error:#}"), "sending the outbox failed; will retry");
            }
        }
    }

    /// Sends a batch, [`CONCURRENCY`] at a time, each send its own task so that encryption
    /// and signing use every core.
    async fn send_all(
        &self,
        batch: Vec<Claimed>,
        recipients: Arc<Recipients>,
        now: DateTime<Utc>,
    ) -> Vec<Done> {
        let permits = Arc::new(tokio::sync::Semaphore::new(CONCURRENCY));
        let mut tasks = tokio::task::JoinSet::new();
        let mut done = Vec::with_capacity(batch.len());
        for row in batch {
            let Ok(permit) = permits.clone().acquire_owned().await else {
                break;
            };
            let (sender, recipients) = (self.clone(), recipients.clone());
            tasks.spawn(async move {
                let result = sender.send_one(row, &recipients, now).await;
                drop(permit);
                result
            });
            // Collect what finished, so results do not pile up in the set.
            while let Some(finished) = tasks.try_join_next() {
                done.extend(finished.ok());
            }
        }
        while let Some(finished) = tasks.join_next().await {
            match finished {
                Ok(result) => done.push(result),
                // A panicking send leaves its row claimed; the lease ends and it is tried again.
                Err(error) => tracing::error!(%error, "a delivery task failed"),
            }
        }
        done
    }

    async fn recipients(&self, batch: &[Claimed]) -> Result<Recipients, DbErr> {
        // Only patient notices (channel `push`) are sent to a case's devices.
        let case_ids: Vec<i64> = batch
            .iter()
            .filter(|row| row.channel == Channel::Push)
            .filter_map(|row| row.case_id)
            .collect();
        if case_ids.is_empty() {
            return Ok(Recipients::default());
        }
        let cases = patient_case::Entity::find()
            .filter(patient_case::Column::Id.is_in(case_ids.clone()))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|case| (case.id, case))
            .collect();
        let links = patient_account_case::Entity::find()
            .filter(patient_account_case::Column::CaseId.is_in(case_ids))
            .all(&self.db)
            .await?;
        let account_ids: Vec<i64> = links.iter().map(|link| link.account_id).collect();
        let enabled: std::collections::HashSet<i64> = patient_account::Entity::find()
            .filter(patient_account::Column::Id.is_in(account_ids.clone()))
            .filter(patient_account::Column::RemindersEnabled.eq(true))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|account| account.id)
            .collect();
        let mut by_account: HashMap<i64, Vec<push_subscription::Model>> = HashMap::new();
        for stored in push_subscription::Entity::find()
            .filter(push_subscription::Column::AccountId.is_in(account_ids))
            .all(&self.db)
            .await?
        {
            // One that does not open (altered, or moved from another row) is not sent to.
            let subscription = match crate::services::push::open_subscription(&self.keys, &stored) {
                Ok(opened) => opened,
                Err(error) => {
                    tracing::warn!(subscription_id = stored.id, %error, "push subscription skipped");
                    continue;
                }
            };
            by_account
                .entry(subscription.account_id)
                .or_default()
                .push(subscription);
        }
        let mut subscriptions: HashMap<i64, Vec<push_subscription::Model>> = HashMap::new();
        for link in links {
            if enabled.contains(&link.account_id) {
                subscriptions.entry(link.case_id).or_default().extend(
                    by_account
                        .get(&link.account_id)
                        .cloned()
                        .unwrap_or_default(),
                );
            }
        }
        Ok(Recipients {
            cases,
            subscriptions,
        })
    }

    async fn send_one(&self, row: Claimed, recipients: &Recipients, now: DateTime<Utc>) -> Done {
        let payload: Result<Payload, _> = serde_json::from_str(&row.payload);
        let (result, gone_endpoints) = match payload {
            Ok(Payload::Email(email)) => (self.send_email(&email, &row, now).await, Vec::new()),
            Ok(Payload::Patient(notice)) => self.send_patient(&notice, &row, recipients, now).await,
            Err(error) => {
                tracing::error!(delivery_id = row.id, %error, "undecodable delivery payload");
                (Outcome::Failed("bad_payload"), Vec::new())
            }
        };
        Done {
            row,
            outcome: result,
            gone_endpoints,
        }
    }

    async fn send_email(&self, email: &EmailPayload, row: &Claimed, now: DateTime<Utc>) -> Outcome {
        let Some(attachments) = email
            .attachments
            .iter()
            .map(super::StoredAttachment::to_attachment)
            .collect::<Option<Vec<_>>>()
        else {
            return Outcome::Failed("bad_attachment");
        };
        let message = MailMessage {
            to: email.to.clone(),
            subject: email.subject.clone(),
            text_body: email.text_body.clone(),
            attachments,
        };
        match self.mailer.send(&message).await {
            Ok(_) => Outcome::Sent("email"),
            Err(error) if error.is_transient() && row.attempts < MAX_ATTEMPTS => {
                tracing::info!(
                    delivery_id = row.id,
                    attempts = row.attempts,
                    "mail deferred"
                );
                Outcome::Retry(now + backoff(row.attempts), "mail_transient")
            }
            Err(error) => {
                tracing::warn!(delivery_id = row.id, error = %error, "mail not delivered");
                Outcome::Failed("mail_rejected")
            }
        }
    }

    async fn send_patient(
        &self,
        notice: &PatientNotice,
        row: &Claimed,
        recipients: &Recipients,
        now: DateTime<Utc>,
    ) -> (Outcome, Vec<String>) {
        let Some(case) = recipients.cases.get(&notice.case_id) else {
            return (Outcome::Skipped, Vec::new());
        };
        if is_moot(notice, case, row) {
            return (Outcome::Skipped, Vec::new());
        }
        let subscriptions = recipients
            .subscriptions
            .get(&notice.case_id)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let urgency = if row.purpose == Purpose::Reminder {
            Urgency::Normal
        } else {
            Urgency::High
        };
        let delivery = push::Delivery {
            urgency,
            ..push::Delivery::default()
        };
        let mut delivered = false;
        let mut retry_after: Option<Duration> = None;
        let mut gone = Vec::new();
        for subscription in subscriptions {
            match self.push.send(subscription, &notice.push, delivery).await {
                PushOutcome::Delivered => delivered = true,
                PushOutcome::Gone => {
                    gone.push(subscription.endpoint_index.clone().unwrap_or_default());
                }
                PushOutcome::Failed(failure) if failure.is_retryable() => {
                    let wait = match failure {
                        push::PushFailure::Status {
                            retry_after_seconds: Some(seconds),
                            ..
                        } => Duration::seconds(i64::try_from(seconds).unwrap_or(3_600)),
                        _ => backoff(row.attempts),
                    };
                    retry_after = Some(retry_after.map_or(wait, |w| w.max(wait)));
                }
                PushOutcome::Failed(_) => {}
            }
        }
        if delivered {
            return (Outcome::Sent("push"), gone);
        }
        // A push service that may recover gets a few more tries before the e-mail goes.
        if let Some(wait) = retry_after
            && row.attempts < 3
        {
            return (Outcome::Retry(now + wait, "push_transient"), gone);
        }
        let email = match &notice.email {
            Some(email) => match crate::services::personal_data::open_email(&self.keys, case) {
                // None: the address was removed since the notice was made.
                Ok(address) => address.map(|to| EmailPayload {
                    to,
                    subject: email.subject.clone(),
                    text_body: email.text_body.clone(),
                    attachments: Vec::new(),
                }),
                Err(error) => {
                    tracing::warn!(delivery_id = row.id, %error, "contact address does not open");
                    return (Outcome::Failed("unopenable_address"), gone);
                }
            },
            None => None,
        };
        let result = match &email {
            Some(email) => match self.send_email(email, row, now).await {
                Outcome::Failed(_) if row.attempts < MAX_ATTEMPTS => {
                    Outcome::Retry(now + backoff(row.attempts), "mail_transient")
                }
                other => other,
            },
            None => Outcome::Failed("no_channel"),
        };
        (result, gone)
    }

    /// Writes a batch's results: statuses, the case timeline for reminders, and the removal of
    /// subscriptions the push service no longer knows.
    async fn record(&self, done: &[Done], now: DateTime<Utc>) -> Result<(), DbErr> {
        let mut by_status: HashMap<(Status, Option<&'static str>), Vec<i64>> = HashMap::new();
        let mut events = Vec::new();
        for item in done {
            match &item.outcome {
                Outcome::Retry(at, code) => {
                    delivery_entity::update_many()
                        .col_expr(
                            delivery_column::Status,
                            Expr::value(Status::Pending.as_str()),
                        )
                        .col_expr(delivery_column::NotBefore, Expr::value(*at))
                        .col_expr(
                            delivery_column::ClaimedUntil,
                            Expr::value(None::<DateTime<Utc>>),
                        )
                        .col_expr(delivery_column::LastError, Expr::value(*code))
                        .filter(delivery_column::Id.eq(item.row.id))
                        .exec(&self.db)
                        .await?;
                }
                Outcome::Sent(channel) => by_status
                    .entry((Status::Sent, Some(channel)))
                    .or_default()
                    .push(item.row.id),
                Outcome::Skipped => by_status
                    .entry((Status::Skipped, None))
                    .or_default()
                    .push(item.row.id),
                Outcome::Failed(code) => by_status
                    .entry((Status::Failed, Some(code)))
                    .or_default()
                    .push(item.row.id),
            }
            if item.row.purpose == Purpose::Reminder
                && let Some(case_id) = item.row.case_id
            {
                let outcome = match item.outcome {
                    Outcome::Sent("push") => Some("sent_push"),
                    Outcome::Sent(_) => Some("sent_email"),
                    Outcome::Failed(_) => Some("failed"),
                    Outcome::Skipped | Outcome::Retry(..) => None,
                };
                if let Some(outcome) = outcome {
                    let seal_id = sealed_text::new_seal_id();
                    events.push(crate::entities::case_event::ActiveModel {
                        case_id: Set(case_id),
                        kind: Set(CaseEventKind::Reminder),
                        actor_staff_id: Set(None),
                        organisation_id: Set(None),
                        outcome: Set(Some(outcome.to_owned())),
                        sealed_note: Set(self.keys.seal(EVENT_NOTE_FIELD, &seal_id, "")),
                        seal_id: Set(seal_id),
                        related_org_id: Set(None),
                        created_at: Set(now),
                        ..Default::default()
                    });
                }
            }
        }
        for ((status, code), ids) in by_status {
            for ids in ids.chunks(BATCH as usize) {
                let mut update = delivery_entity::update_many()
                    .col_expr(delivery_column::Status, Expr::value(status.as_str()))
                    .col_expr(
                        delivery_column::ClaimedUntil,
                        Expr::value(None::<DateTime<Utc>>),
                    );
                update = match status {
                    // The channel that carried it, for the record.
                    Status::Sent => update
                        .col_expr(delivery_column::SentAt, Expr::value(now))
                        .col_expr(
                            delivery_column::Channel,
                            Expr::value(code.unwrap_or("push")),
                        ),
                    _ => update.col_expr(delivery_column::LastError, Expr::value(code)),
                };
                update
                    .filter(delivery_column::Id.is_in(ids.to_vec()))
                    .exec(&self.db)
                    .await?;
            }
        }
        if !events.is_empty() {
            crate::entities::case_event::Entity::insert_many(events)
                .exec_without_returning(&self.db)
                .await?;
        }
        let gone: Vec<String> = done
            .iter()
            .flat_map(|item| item.gone_endpoints.iter().cloned())
            .collect();
        if !gone.is_empty() {
            crate::db::push::delete_endpoints(&self.db, gone).await?;
        }
        Ok(())
    }
}

use crate::entities::delivery::{Column as delivery_column, Entity as delivery_entity};

/// Whether a patient notice no longer needs sending: a reminder for a case that ended or is in
/// hospital (home follow-up paused), or whose slot was reported in the meantime.
fn is_moot(notice: &PatientNotice, case: &patient_case::Model, row: &Claimed) -> bool {
    if row.purpose != Purpose::Reminder {
        return false;
    }
    if case.status != CaseStatus::Active {
        return true;
    }
    match (notice.unless_reported, case.last_slot_date, case.last_slot) {
        (Some((date, slot)), Some(last_date), Some(last_slot)) => {
            (last_date, last_slot) >= (date, slot)
        }
        _ => false,
    }
}

/// Wait before attempt `attempts + 1`: 1, 2, 4, 8… minutes, at most an hour.
fn backoff(attempts: i32) -> Duration {
    let exponent = u32::try_from(attempts.clamp(1, 7) - 1).unwrap_or(0);
    Duration::minutes(2_i64.pow(exponent).min(60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        assert_eq!(backoff(1), Duration::minutes(1));
        assert_eq!(backoff(2), Duration::minutes(2));
        assert_eq!(backoff(4), Duration::minutes(8));
        assert_eq!(backoff(9), Duration::minutes(60));
    }
}
