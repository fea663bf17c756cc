//! Reminder fan-out benchmark: N enrolled cases, each with one subscribed device, all
//! due their first reminder at 08:00 in Tokyo; measures the reminder job (deciding and
//! enqueuing N outbox rows) and the sender (claiming them, encrypting and signing each push, and
//! posting it to a local push service that answers 201), and prints the rates. The push service
//! runs in this process on 127.0.0.1, so the figure is what the server side can do on this
//! machine, the push service's share of the CPU included.
//!
//! ```text
//! bench_push [--database-url sqlite://…|postgres://…] [--subscriptions 100000]
//! ```
//!
//! The database must be empty (a fresh SQLite file by default); `scripts/bench-push.sh` makes
//! one and removes it after.

use anyhow::{Context, bail};
use axum::http::StatusCode;
use chrono::{NaiveDate, TimeZone, Utc};
use mimamori_server::config::Config;
use mimamori_server::db::intake::RegisteredCase;
use mimamori_server::entities::{
    patient_account, patient_account_case, patient_case, push_subscription,
};
use mimamori_server::outbox::sender::Sender;
use mimamori_server::services::personal_data::Personal;
use mimamori_server::services::setup;
use mimamori_server::startup;
use mimamori_tests::push_service::{Browser, PushService};
use sea_orm::{ConnectionTrait, EntityTrait, Set};
use secrecy::SecretString;
use std::sync::Arc;
use std::time::Instant;

/// Rows per INSERT.
const CHUNK: usize = 1_000;

struct Options {
    database_url: String,
    subscriptions: usize,
}

fn options() -> anyhow::Result<Options> {
    let mut args = std::env::args().skip(1);
    let mut options = Options {
        database_url: format!(
            "sqlite://{}?mode=rwc",
            std::env::temp_dir()
                .join(format!("mimamori_bench_push_{}.db", std::process::id()))
                .display()
        ),
        subscriptions: 100_000,
    };
    while let Some(flag) = args.next() {
        let mut value = || args.next().with_context(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--database-url" => options.database_url = value()?,
            "--subscriptions" => options.subscriptions = value()?.parse()?,
            other => bail!("unknown argument {other}"),
        }
    }
    Ok(options)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let options = options()?;
    let config = Arc::new(Config {
        database_url: SecretString::from(options.database_url.clone()),
        db_max_connections: 16,
        // The push service here is a local http receiver.
        limits: mimamori_server::limits::LimitSettings {
            push_allow_local: true,
            ..Default::default()
        },
        ..Config::default()
    });
    let db = startup::connect_and_migrate(&config).await?;
    // A fresh database: keys of its own, kept nowhere (nothing here is opened again).
    let keys = Arc::new(
        mimamori_server::keys::Keyring::open(
            &db,
            mimamori_server::keys::KeyFile::generate(),
            Utc::now(),
        )
        .await?,
    );
    let service = PushService::start_counting(StatusCode::CREATED).await?;
    let at = chrono_tz::Asia::Tokyo
        .with_ymd_and_hms(2026, 11, 24, 8, 0, 0)
        .single()
        .context("08:00 in Tokyo")?
        .with_timezone(&Utc);

    let started = Instant::now();
    fill(&db, &keys, &service, options.subscriptions, at).await?;
    println!(
        "setup: {} enrolled cases with a subscription each in {:.1} s ({})",
        options.subscriptions,
        started.elapsed().as_secs_f64(),
        db.get_database_backend().as_str()
    );

    let started = Instant::now();
    let jobs = mimamori_server::scheduler::run_due(&db, &config, &keys, at).await;
    let enqueue_s = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let sender = Sender::new(db.clone(), keys.clone(), &config, at).await?;
    let sent = sender.drain(at).await?;
    let send_s = started.elapsed().as_secs_f64();
    let received = service.count();
    let total = enqueue_s + send_s;
    println!(
        "reminder job: {} enqueued in {enqueue_s:.2} s ({:.0}/s)",
        jobs.reminders,
        jobs.reminders as f64 / enqueue_s
    );
    println!(
        "sender: {} sent, {} failed, {} to retry in {send_s:.2} s ({:.0}/s); push service received {received}",
        sent.sent,
        sent.failed,
        sent.retried,
        sent.sent as f64 / send_s
    );
    println!(
        "fan-out, job and sending together: {:.0} reminders/s",
        sent.sent as f64 / total
    );
    if received != options.subscriptions as u64 || sent.sent != received {
        bail!(
            "expected {} pushes, the service received {received}",
            options.subscriptions
        );
    }
    Ok(())
}

/// A health centre, a follow-up organisation and `count` cases, each with an enrolled account
/// and one subscribed device.
async fn fill(
    db: &impl ConnectionTrait,
    keys: &mimamori_server::keys::Keyring,
    service: &PushService,
    count: usize,
    now: chrono::DateTime<Utc>,
) -> anyhow::Result<()> {
    let centre = setup::create_org(
        db,
        mimamori_shared::api::admin::OrgKind::HealthCentre,
        "Bench HC",
        None,
        None,
        now,
    )
    .await?;
    let org = setup::create_org(
        db,
        mimamori_shared::api::admin::OrgKind::FollowupOrg,
        "Bench clinic",
        Some(centre.id),
        None,
        now,
    )
    .await?;
    let browser = Browser::new();
    let (p256dh, auth) = (browser.p256dh(), browser.auth_b64());
    let start = NaiveDate::from_ymd_opt(2026, 11, 20).context("date")?;
    let ids: Vec<i64> = (1..=i64::try_from(count)?).collect();
    for chunk in ids.chunks(CHUNK) {
        // Sealed as the server stores them (the sender opens a case only for its e-mail).
        let cases = chunk
            .iter()
            .map(|&id| -> anyhow::Result<patient_case::ActiveModel> {
                let case_number = format!("B-{id:07}");
                let personal = Personal {
                    name: format!("患者 {id}"),
                    name_kana: "カンジャ".to_owned(),
                    birth_date: NaiveDate::from_ymd_opt(1960, 1, 1).context("date")?,
                    phone: format!("090-{:04}-{:04}", id / 10_000, id % 10_000),
                    address: String::new(),
                    email: None,
                    test_summary: String::new(),
                    interview_notes: String::new(),
                };
                let mut case = RegisteredCase {
                    personal: personal.seal(keys, &case_number),
                    case_number,
                    health_centre_id: centre.id,
                    followup_org_id: Some(org.id),
                    sex: mimamori_shared::api::cases::Sex::Female,
                    risk_factors: "[]".to_owned(),
                    onset_date: None,
                    specimen_date: None,
                    followup_start: start,
                    followup_end: start + chrono::Duration::days(9),
                    slots_per_day: 1,
                }
                .into_active_model(now);
                case.id = Set(id);
                Ok(case)
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        patient_case::Entity::insert_many(cases)
            .exec_without_returning(db)
            .await?;
        let accounts = chunk.iter().map(|&id| patient_account::ActiveModel {
            id: Set(id),
            password_hash: Set("not-used".to_owned()),
            lang: Set(mimamori_shared::i18n::Lang::Ja),
            created_at: Set(now),
            reminders_enabled: Set(true),
            reminder_window_start: Set("08:00".to_owned()),
            reminder_window_end: Set("10:00".to_owned()),
            own_case_id: Set(Some(id)),
        });
        patient_account::Entity::insert_many(accounts)
            .exec_without_returning(db)
            .await?;
        let links = chunk.iter().map(|&id| patient_account_case::ActiveModel {
            account_id: Set(id),
            case_id: Set(id),
        });
        patient_account_case::Entity::insert_many(links)
            .exec_without_returning(db)
            .await?;
        // Sealed as the server stores them, so the sender opens each as in production.
        let subscriptions = chunk.iter().map(|&id| {
            let endpoint = service.endpoint(&format!("device-{id}"));
            let sealed =
                mimamori_server::services::push::seal_subscription(keys, &endpoint, &p256dh, &auth);
            mimamori_server::db::push::new_row(id, sealed, now)
        });
        push_subscription::Entity::insert_many(subscriptions)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}
