//! E-mail delivery (reminders, escalations, daily implementation reports) with lettre.
//!
//! With `MIMAMORI_SMTP_URL` set, mail goes to that SMTP server; without it (the embedded default)
//! each message is written as an `.eml` file to the outbox folder, so a laptop run needs no mail
//! server and every message can still be opened. Messages are UTF-8 throughout: headers such as a
//! Japanese subject are RFC 2047 encoded and attachments travel as base64 parts of a
//! `multipart/mixed` body, so their bytes (a CSV's BOM included) arrive unchanged.

use crate::config::Config;
use anyhow::Context;
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Attachment as AttachmentPart, Body, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp;
use lettre::{
    AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    transport::file,
};
use secrecy::ExposeSecret;
use std::fmt;
use std::path::PathBuf;
use std::time::Instant;

/// One e-mail to one recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailMessage {
    /// Recipient address, `someone@example.jp` or `名前 <someone@example.jp>`.
    pub to: String,
    /// Subject line, any Unicode text.
    pub subject: String,
    /// Plain-text body, any Unicode text; sent as `text/plain; charset=utf-8`.
    pub text_body: String,
    /// Files attached after the body (the daily report's CSV and XLSX).
    pub attachments: Vec<Attachment>,
}

/// A file attached to a [`MailMessage`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// File name shown to the recipient; may be Japanese (RFC 2231 encoded).
    pub filename: String,
    /// MIME type, e.g. `text/csv; charset=utf-8`.
    pub content_type: String,
    /// The file's bytes, delivered unchanged.
    pub bytes: Vec<u8>,
}

/// A message that left: for SMTP the server accepted it, for the outbox its file was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentMail {
    /// The `Message-ID` header given to the message (`<…@domain>`), for the record and for logs.
    pub message_id: String,
}

/// Why a message was not sent. [`MailError::is_transient`] tells whether trying again later may
/// succeed. Messages carry no address or content, so the error can be logged as it is.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The recipient address does not parse.
    #[error("the recipient address is not a valid e-mail address")]
    InvalidRecipient(#[source] lettre::address::AddressError),
    /// An attachment's content type does not parse.
    #[error("attachment {index} has an invalid content type")]
    InvalidContentType {
        /// Position of the attachment in [`MailMessage::attachments`].
        index: usize,
    },
    /// The message could not be assembled.
    #[error("the message could not be built")]
    Build(#[source] lettre::error::Error),
    /// The SMTP server answered 4xx, or could not be reached, timed out or broke the connection:
    /// worth trying again later.
    #[error("SMTP delivery failed for now")]
    Transient(#[source] smtp::Error),
    /// The SMTP server answered 5xx (recipient refused, authentication failed, message rejected),
    /// or the TLS handshake failed: trying again will not help until something is changed.
    #[error("SMTP delivery was refused")]
    Permanent(#[source] smtp::Error),
    /// The outbox folder could not be created.
    #[error("the outbox folder could not be created")]
    OutboxFolder(#[source] std::io::Error),
    /// The outbox file could not be written.
    #[error("the message could not be written to the outbox folder")]
    Outbox(#[source] file::Error),
}

impl MailError {
    /// Whether sending the same message again later may succeed.
    pub fn is_transient(&self) -> bool {
        match self {
            Self::Transient(_) | Self::OutboxFolder(_) => true,
            Self::Outbox(error) => error.is_io(),
            _ => false,
        }
    }

    fn from_smtp(error: smtp::Error) -> Self {
        if error.is_permanent() || error.is_tls() || error.is_client() {
            Self::Permanent(error)
        } else {
            // 4xx replies, timeouts, refused or dropped connections.
            Self::Transient(error)
        }
    }
}

enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Outbox {
        dir: PathBuf,
        transport: AsyncFileTransport<Tokio1Executor>,
    },
}

/// Sends e-mail through SMTP or, without an SMTP URL, into the outbox folder. Build one at startup
/// and share it (`Arc<Mailer>`); each send opens its own SMTP connection.
pub struct Mailer {
    from: Mailbox,
    transport: Transport,
}

// Hand-written so the SMTP URL's credentials can never reach a log through `{:?}`.
impl fmt::Debug for Mailer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let transport = match &self.transport {
            Transport::Smtp(_) => "smtp",
            Transport::Outbox { .. } => "outbox",
        };
        f.debug_struct("Mailer")
            .field("transport", &transport)
            .finish_non_exhaustive()
    }
}

/// Creates the outbox folder readable by the server's user only: the mails carry names.
async fn create_private_dir(dir: &std::path::Path) -> std::io::Result<()> {
    let mut builder = tokio::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    builder.mode(0o700);
    builder.create(dir).await
}

impl Mailer {
    /// Builds the mailer from `smtp_url`, `mail_from` and `mail_outbox_dir`.
    ///
    /// Errors when the sender does not parse or the SMTP URL is malformed (unknown scheme or `tls`
    /// parameter); the error never repeats the URL, which holds a password. No connection is
    /// made here.
    pub fn from_config(config: &Config) -> anyhow::Result<Self> {
        let from: Mailbox = config
            .mail_from
            .parse()
            .context("MIMAMORI_MAIL_FROM is not a valid mailbox")?;
        let transport = match &config.smtp_url {
            Some(url) => Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose_secret())
                    .context("MIMAMORI_SMTP_URL is not a valid SMTP URL")?
                    .build(),
            ),
            None => Transport::Outbox {
                dir: config.mail_outbox_dir.clone(),
                transport: AsyncFileTransport::new(&config.mail_outbox_dir),
            },
        };
        Ok(Self { from, transport })
    }

    /// Whether messages go to the outbox folder rather than an SMTP server.
    pub fn writes_to_outbox(&self) -> bool {
        matches!(self.transport, Transport::Outbox { .. })
    }

    /// Sends one message. Logs its `Message-ID`, transport, attachment count and duration, never
    /// an address or content.
    pub async fn send(&self, message: &MailMessage) -> Result<SentMail, MailError> {
        let started = Instant::now();
        let message_id = self.new_message_id();
        let email = self.build(message, &message_id)?;
        let result = match &self.transport {
            Transport::Smtp(transport) => transport
                .send(email)
                .await
                .map(drop)
                .map_err(MailError::from_smtp),
            Transport::Outbox { dir, transport } => match create_private_dir(dir).await {
                Ok(()) => transport
                    .send(email)
                    .await
                    .map(drop)
                    .map_err(MailError::Outbox),
                Err(error) => Err(MailError::OutboxFolder(error)),
            },
        };
        let transport = if self.writes_to_outbox() {
            "outbox"
        } else {
            "smtp"
        };
        let duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        match &result {
            Ok(()) => tracing::info!(
                %message_id,
                transport,
                attachments = message.attachments.len(),
                duration_ms,
                "e-mail sent"
            ),
            Err(error) => tracing::warn!(
                %message_id,
                transport,
                transient = error.is_transient(),
                error = %error,
                duration_ms,
                "e-mail not sent"
            ),
        }
        result.map(|()| SentMail { message_id })
    }

    /// `<uuid@sender's domain>`: unique, and free of the host name lettre would otherwise use.
    fn new_message_id(&self) -> String {
        format!(
            "<{}@{}>",
            uuid::Uuid::new_v4().simple(),
            self.from.email.domain()
        )
    }

    fn build(&self, message: &MailMessage, message_id: &str) -> Result<Message, MailError> {
        let to: Mailbox = message.to.parse().map_err(MailError::InvalidRecipient)?;
        let builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(message.subject.as_str())
            .message_id(Some(message_id.to_owned()));
        let text = SinglePart::plain(message.text_body.clone());
        let email = if message.attachments.is_empty() {
            builder.singlepart(text)
        } else {
            let mut body = MultiPart::mixed().singlepart(text);
            for (index, attachment) in message.attachments.iter().enumerate() {
                body = body.singlepart(attachment_part(index, attachment)?);
            }
            builder.multipart(body)
        };
        email.map_err(MailError::Build)
    }
}

fn attachment_part(index: usize, attachment: &Attachment) -> Result<SinglePart, MailError> {
    let content_type = ContentType::parse(&attachment.content_type)
        .map_err(|_| MailError::InvalidContentType { index })?;
    // Base64 always: lettre would pick quoted-printable for a CSV, and line-ending normalisation
    // on the way must not change a single byte of a report.
    let body = Body::new_with_encoding(attachment.bytes.clone(), ContentTransferEncoding::Base64)
        .unwrap_or_else(Body::new);
    Ok(AttachmentPart::new(attachment.filename.clone()).body(body, content_type))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outbox_mailer() -> Mailer {
        let config = Config {
            mail_outbox_dir: std::env::temp_dir().join("mimamori-unused-outbox"),
            ..Config::default()
        };
        Mailer::from_config(&config).unwrap_or_else(|e| panic!("{e:#}"))
    }

    #[test]
    fn the_default_configuration_writes_to_the_outbox() {
        assert!(outbox_mailer().writes_to_outbox());
    }

    #[test]
    fn an_unknown_smtp_scheme_is_refused_without_repeating_the_url() {
        let config = Config {
            smtp_url: Some("imap://user:secret-password@mail.example.jp".into()),
            ..Config::default()
        };
        let error = Mailer::from_config(&config).map(|_| ()).unwrap_err();
        assert!(!format!("{error:#}").contains("secret-password"));
        let mailer_debug = format!(
            "{:?}",
            Mailer::from_config(&Config {
                smtp_url: Some("smtp://user:secret-password@mail.example.jp:587".into()),
                ..Config::default()
            })
        );
        assert!(!mailer_debug.contains("secret-password"), "{mailer_debug}");
    }

    #[test]
    fn an_invalid_recipient_or_content_type_is_a_permanent_error() {
        let mailer = outbox_mailer();
        let mut message = MailMessage {
            to: "not an address".to_owned(),
            subject: "件名".to_owned(),
            text_body: "本文".to_owned(),
            attachments: Vec::new(),
        };
        let error = mailer
            .build(&message, "<x@localhost>")
            .map(|_| ())
            .unwrap_err();
        assert!(matches!(error, MailError::InvalidRecipient(_)));
        assert!(!error.is_transient());

        message.to = "hokenjo@example.jp".to_owned();
        message.attachments.push(Attachment {
            filename: "a.csv".to_owned(),
            content_type: "not a type".to_owned(),
            bytes: b"a".to_vec(),
        });
        let error = mailer
            .build(&message, "<x@localhost>")
            .map(|_| ())
            .unwrap_err();
        assert!(matches!(error, MailError::InvalidContentType { index: 0 }));
    }
}
