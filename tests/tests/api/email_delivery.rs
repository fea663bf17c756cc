//! E-mail delivery: a real SMTP server (mailin-embedded) receives what the mailer sends, and the
//! outbox folder receives `.eml` files when no SMTP URL is set; both are read back with a MIME
//! parser, as a mail client would.

use mail_parser::{MessageParser, MimeHeaders};
use mailin_embedded::response::{NO_MAILBOX, OK};
use mailin_embedded::{Handler, Response, Server};
use mimamori_server::config::Config;
use mimamori_server::notify::email::{Attachment, MailError, MailMessage, Mailer};
use secrecy::SecretString;
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

const FROM: &str = "見守りセンター <noreply@mimamori.example>";
const TO: &str = "hokenjo@city.example.jp";
const SUBJECT: &str = "【見守り】11月24日の実施状況報告（新宿区保健所）";
const CSV_TYPE: &str = "text/csv; charset=utf-8";
const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A long line too, so quoted-printable or base64 line breaks must be undone by the reader.
fn text_body() -> String {
    format!(
        "新宿区保健所 御中\n\n本日の健康観察の実施状況を添付のとおり報告します。\n{}\n以上\n",
        "観察対象者数：1,234名、未報告：56名、赤：3名、黄：12名。".repeat(4)
    )
}

/// CSV as Excel in Japan opens it: UTF-8 with a BOM, CRLF line ends.
fn csv_bytes() -> Vec<u8> {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice("保健所,観察中,新規,未報告\r\n新宿区保健所,1234,20,56\r\n".as_bytes());
    bytes
}

/// Every byte value, standing in for an XLSX file.
fn binary_bytes() -> Vec<u8> {
    (0..=255u8).cycle().take(3000).collect()
}

fn report_message() -> MailMessage {
    MailMessage {
        to: TO.to_owned(),
        subject: SUBJECT.to_owned(),
        text_body: text_body(),
        attachments: vec![
            Attachment {
                filename: "実施状況_2026-11-24.csv".to_owned(),
                content_type: CSV_TYPE.to_owned(),
                bytes: csv_bytes(),
            },
            Attachment {
                filename: "report-2026-11-24.xlsx".to_owned(),
                content_type: XLSX_TYPE.to_owned(),
                bytes: binary_bytes(),
            },
        ],
    }
}

/// What the SMTP server received in one transaction.
#[derive(Debug, Clone)]
struct Received {
    envelope_from: String,
    envelope_to: Vec<String>,
    data: Vec<u8>,
}

/// mailin's handler: one clone per connection, all sharing the list of received messages.
#[derive(Clone)]
struct Inbox {
    received: Arc<Mutex<Vec<Received>>>,
    rcpt_reply: Response,
    current: Option<Received>,
}

impl Handler for Inbox {
    fn rcpt(&mut self, _to: &str) -> Response {
        self.rcpt_reply.clone()
    }

    fn data_start(&mut self, _domain: &str, from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.current = Some(Received {
            envelope_from: from.to_owned(),
            envelope_to: to.to_vec(),
            data: Vec::new(),
        });
        OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        if let Some(current) = &mut self.current {
            current.data.extend_from_slice(buf);
        }
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        if let Some(current) = self.current.take() {
            self.received.lock().unwrap().push(current);
        }
        OK
    }
}

/// Starts an SMTP server on a free port, answering RCPT with `rcpt_reply`; returns its port and
/// what it receives. The server's thread ends with the test process.
fn start_smtp_server(rcpt_reply: Response) -> (u16, Arc<Mutex<Vec<Received>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let received = Arc::new(Mutex::new(Vec::new()));
    let mut server = Server::new(Inbox {
        received: received.clone(),
        rcpt_reply,
        current: None,
    });
    server.with_name("smtp.test").with_tcp_listener(listener);
    // mailin's error is not `Send`; the thread only ends if the server fails to start.
    std::thread::spawn(move || server.serve().map_err(|e| e.to_string()));
    (port, received)
}

fn smtp_mailer(port: u16) -> Mailer {
    Mailer::from_config(&Config {
        smtp_url: Some(SecretString::from(format!("smtp://127.0.0.1:{port}"))),
        mail_from: FROM.to_owned(),
        ..Config::default()
    })
    .unwrap()
}

fn temp_dir(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("mimamori-{name}-{}", uuid::Uuid::new_v4()))
}

/// Reads a raw message as a mail client would and checks every part of the daily report.
fn assert_is_the_report(raw: &[u8], message_id: &str) {
    let message = MessageParser::default().parse(raw).expect("a MIME message");

    let from = message.from().and_then(|a| a.first()).expect("From");
    assert_eq!(from.address(), Some("noreply@mimamori.example"));
    assert_eq!(from.name(), Some("見守りセンター"));
    let to = message.to().and_then(|a| a.first()).expect("To");
    assert_eq!(to.address(), Some(TO));
    assert_eq!(message.subject(), Some(SUBJECT));
    assert_eq!(
        message.message_id().map(|id| format!("<{id}>")).as_deref(),
        Some(message_id)
    );

    let content_type = message.content_type().expect("Content-Type");
    assert_eq!(
        (content_type.ctype(), content_type.subtype()),
        ("multipart", Some("mixed"))
    );
    assert_eq!(
        message.body_text(0).map(|t| t.replace("\r\n", "\n")),
        Some(text_body())
    );

    let attachments: Vec<_> = message.attachments().collect();
    assert_eq!(attachments.len(), 2, "two attachments");
    let csv = attachments[0];
    assert_eq!(csv.attachment_name(), Some("実施状況_2026-11-24.csv"));
    let csv_type = csv.content_type().expect("CSV content type");
    assert_eq!(
        (csv_type.ctype(), csv_type.subtype()),
        ("text", Some("csv"))
    );
    assert_eq!(csv_type.attribute("charset"), Some("utf-8"));
    assert_eq!(csv.contents(), csv_bytes().as_slice(), "CSV byte for byte");
    let xlsx = attachments[1];
    assert_eq!(xlsx.attachment_name(), Some("report-2026-11-24.xlsx"));
    let xlsx_type = xlsx.content_type().expect("XLSX content type");
    assert_eq!(
        format!(
            "{}/{}",
            xlsx_type.ctype(),
            xlsx_type.subtype().unwrap_or("")
        ),
        XLSX_TYPE
    );
    assert_eq!(
        xlsx.contents(),
        binary_bytes().as_slice(),
        "XLSX byte for byte"
    );

    // Nothing but 7-bit ASCII on the wire: Japanese is encoded, never sent raw.
    assert!(raw.is_ascii(), "the message is 7-bit clean");
}

#[tokio::test]
async fn report_mail_arrives_over_smtp_with_japanese_subject_and_attachments() {
    let (port, received) = start_smtp_server(OK);
    let mailer = smtp_mailer(port);
    assert!(!mailer.writes_to_outbox());

    let sent = mailer.send(&report_message()).await.unwrap();

    let received = received.lock().unwrap().clone();
    assert_eq!(received.len(), 1, "one SMTP transaction");
    let mail = &received[0];
    assert_eq!(mail.envelope_from, "noreply@mimamori.example");
    assert_eq!(mail.envelope_to, vec![TO.to_owned()]);
    assert_is_the_report(&mail.data, &sent.message_id);
}

#[tokio::test]
async fn mail_without_attachments_is_a_single_utf8_text_part() {
    let (port, received) = start_smtp_server(OK);
    let message = MailMessage {
        to: "山田 太郎 <taro@example.jp>".to_owned(),
        subject: "健康観察の入力をお願いします".to_owned(),
        text_body: "本日の健康観察がまだ入力されていません。\n".to_owned(),
        attachments: Vec::new(),
    };
    smtp_mailer(port).send(&message).await.unwrap();

    let data = received.lock().unwrap()[0].data.clone();
    let parsed = MessageParser::default()
        .parse(&data)
        .expect("a MIME message");
    let to = parsed.to().and_then(|a| a.first()).expect("To");
    assert_eq!(
        (to.name(), to.address()),
        (Some("山田 太郎"), Some("taro@example.jp"))
    );
    assert_eq!(parsed.subject(), Some("健康観察の入力をお願いします"));
    let content_type = parsed.content_type().expect("Content-Type");
    assert_eq!(
        (content_type.ctype(), content_type.subtype()),
        ("text", Some("plain"))
    );
    assert_eq!(content_type.attribute("charset"), Some("utf-8"));
    assert_eq!(
        parsed
            .body_text(0)
            .map(|t| t.replace("\r\n", "\n"))
            .as_deref(),
        Some("本日の健康観察がまだ入力されていません。\n")
    );
    assert_eq!(parsed.attachment_count(), 0);
}

#[tokio::test]
async fn refused_recipient_is_a_permanent_error() {
    let (port, received) = start_smtp_server(NO_MAILBOX);

    let error = smtp_mailer(port).send(&report_message()).await.unwrap_err();

    assert!(matches!(error, MailError::Permanent(_)), "{error:?}");
    assert!(!error.is_transient());
    assert!(received.lock().unwrap().is_empty());
}

#[tokio::test]
async fn unreachable_smtp_server_is_a_transient_error() {
    // A port that was free a moment ago: nothing listens there.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();

    let error = smtp_mailer(port).send(&report_message()).await.unwrap_err();

    assert!(matches!(error, MailError::Transient(_)), "{error:?}");
    assert!(error.is_transient());
}

#[tokio::test]
async fn without_smtp_url_mail_is_written_to_the_outbox_as_eml() {
    let dir = temp_dir("outbox");
    let mailer = Mailer::from_config(&Config {
        smtp_url: None,
        mail_from: FROM.to_owned(),
        mail_outbox_dir: dir.clone(),
        ..Config::default()
    })
    .unwrap();
    assert!(mailer.writes_to_outbox());

    let sent = mailer.send(&report_message()).await.unwrap();

    let files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "one file in the outbox: {files:?}");
    assert_eq!(files[0].extension().and_then(|e| e.to_str()), Some("eml"));
    assert_is_the_report(&std::fs::read(&files[0]).unwrap(), &sent.message_id);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn invalid_recipient_is_refused_before_anything_is_written() {
    let dir = temp_dir("outbox-invalid");
    let mailer = Mailer::from_config(&Config {
        mail_outbox_dir: dir.clone(),
        ..Config::default()
    })
    .unwrap();
    let message = MailMessage {
        to: "not an address".to_owned(),
        ..report_message()
    };

    let error = mailer.send(&message).await.unwrap_err();

    assert!(matches!(error, MailError::InvalidRecipient(_)), "{error:?}");
    assert!(!error.is_transient());
    assert!(!dir.exists(), "no outbox file for a refused message");
}
