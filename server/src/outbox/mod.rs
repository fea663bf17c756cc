//! The delivery outbox (docs/notifications.md, "Outbox and sender"): every push and e-mail is first
//! a `delivery` row, enqueued in the same transaction as the work that caused it, then claimed and
//! sent by a sender (`outbox::sender`). A row's `dedupe_key` makes enqueuing idempotent, so a job
//! that runs twice — or in two instances — enqueues once; a claim (`FOR UPDATE SKIP LOCKED` on
//! PostgreSQL) makes one sender send it.

pub mod sender;

use crate::entities::delivery;
pub use crate::entities::delivery::{Channel, Purpose, Status};
use crate::notify::email::Attachment;
use crate::notify::push::PushMessage;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, NaiveDate, Utc};
use mimamori_shared::i18n::Lang;
use mimamori_shared::i18n::patient_notices::{self, Notice};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait};
use serde::{Deserialize, Serialize};

/// One e-mail as stored in the outbox: everything needed to send it, attachments included, so
/// a sender needs nothing else and a resend sends the same bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailPayload {
    /// One mailbox.
    pub to: String,
    /// Subject (UTF-8).
    pub subject: String,
    /// Plain-text body (UTF-8).
    pub text_body: String,
    /// Files, base64 in storage.
    #[serde(default)]
    pub attachments: Vec<StoredAttachment>,
}

/// An attachment of a stored e-mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredAttachment {
    /// File name shown to the recipient.
    pub filename: String,
    /// MIME type.
    pub content_type: String,
    /// The bytes, base64.
    pub base64: String,
}

impl StoredAttachment {
    /// An attachment holding `bytes`.
    pub fn new(filename: impl Into<String>, content_type: impl Into<String>, bytes: &[u8]) -> Self {
        Self {
            filename: filename.into(),
            content_type: content_type.into(),
            base64: STANDARD.encode(bytes),
        }
    }

    /// Back to the mailer's form; `None` if the stored text is not base64.
    pub fn to_attachment(&self) -> Option<Attachment> {
        Some(Attachment {
            filename: self.filename.clone(),
            content_type: self.content_type.clone(),
            bytes: STANDARD.decode(&self.base64).ok()?,
        })
    }
}

/// A message to a patient: web push to every device of the case's patient account(s), then
/// e-mail to the case's contact address when no push reached a device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatientNotice {
    /// The case it concerns; its timeline records what happened.
    pub case_id: i64,
    /// What the device shows.
    pub push: PushMessage,
    /// The e-mail sent when no push reached a device (`None`: the case has no address).
    pub email: Option<PatientEmail>,
    /// Only send while this (local date, slot) is still unreported: a reminder made moot by a
    /// report that arrived in between is skipped.
    #[serde(default)]
    pub unless_reported: Option<(NaiveDate, i16)>,
}

impl PatientNotice {
    /// `notice` in `lang` for a case: the push, and the same words with a link to the app
    /// (`public_url`) by e-mail if the case has an address (`has_email`). `tag` lets a newer
    /// notification of the same kind replace an unread one on the device.
    pub fn new(
        case_id: i64,
        public_url: &str,
        lang: Lang,
        notice: Notice,
        tag: &str,
        has_email: bool,
        unless_reported: Option<(NaiveDate, i16)>,
    ) -> Self {
        let words = patient_notices::text(lang, notice);
        let app_url = format!("{}/", public_url.trim_end_matches('/'));
        Self {
            case_id,
            push: PushMessage {
                title: words.title.to_owned(),
                body: words.body.to_owned(),
                url: Some("/".to_owned()),
                tag: Some(tag.to_owned()),
                lang: Some(lang.tag().to_owned()),
            },
            email: has_email.then(|| PatientEmail {
                subject: words.title.to_owned(),
                text_body: format!("{}\n\n{}\n{app_url}\n", words.body, words.open_app),
            }),
            unless_reported,
        }
    }
}

/// The e-mail of a [`PatientNotice`]. It names no address: the sender opens the case's sealed
/// contact address when it sends, so the outbox holds no patient's address. (Rows written
/// before carried a `to`, which is ignored.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatientEmail {
    /// Subject.
    pub subject: String,
    /// Plain-text body.
    pub text_body: String,
}

/// What a delivery carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Payload {
    /// To a patient, push first.
    Patient(PatientNotice),
    /// One e-mail (staff, health centres).
    Email(EmailPayload),
}

impl Payload {
    /// The channel stored with the row.
    pub fn channel(&self) -> Channel {
        match self {
            Self::Patient(_) => Channel::Push,
            Self::Email(_) => Channel::Email,
        }
    }
}

/// A delivery to enqueue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDelivery {
    /// Identifies this delivery among all ever made: enqueuing a key again does nothing.
    pub dedupe_key: String,
    /// Why it is sent.
    pub purpose: Purpose,
    /// The case concerned, if any.
    pub case_id: Option<i64>,
    /// What to send.
    pub payload: Payload,
}

/// Most rows in one INSERT (SQLite allows 32,766 bound values; a row binds 11).
const INSERT_CHUNK: usize = 1_000;

/// Enqueues `deliveries` to be sent from `now`; a key already enqueued is skipped. Returns how
/// many rows were new. Run it in the transaction that did the work, so both happen or neither.
pub async fn enqueue(
    db: &impl ConnectionTrait,
    deliveries: Vec<NewDelivery>,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let mut inserted = 0;
    let mut rows = Vec::with_capacity(deliveries.len().min(INSERT_CHUNK));
    for new in deliveries {
        let payload = serde_json::to_string(&new.payload)
            .map_err(|error| DbErr::Custom(format!("delivery payload: {error}")))?;
        rows.push(delivery::ActiveModel {
            dedupe_key: Set(new.dedupe_key),
            channel: Set(new.payload.channel()),
            purpose: Set(new.purpose),
            case_id: Set(new.case_id),
            payload: Set(payload),
            status: Set(Status::Pending),
            attempts: Set(0),
            not_before: Set(now),
            claimed_until: Set(None),
            created_at: Set(now),
            sent_at: Set(None),
            last_error: Set(None),
            ..Default::default()
        });
        if rows.len() == INSERT_CHUNK {
            inserted += insert_rows(db, std::mem::take(&mut rows)).await?;
        }
    }
    if !rows.is_empty() {
        inserted += insert_rows(db, rows).await?;
    }
    Ok(inserted)
}

async fn insert_rows(
    db: &impl ConnectionTrait,
    rows: Vec<delivery::ActiveModel>,
) -> Result<u64, DbErr> {
    let result = delivery::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::column(delivery::Column::DedupeKey)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await;
    match result {
        Ok(count) => Ok(count),
        // Every row was already there.
        Err(DbErr::RecordNotInserted) => Ok(0),
        Err(error) => Err(error),
    }
}
