//! Measures the compilation of one day's implementation reports: fills an empty database with
//! `--centres` health centres (3 follow-up organisations each) and `--cases` cases with a day of
//! reports, calls, findings and ends, generated in SQL (a few statements, not one per row), then
//! times `compile` over every centre for that day and the scheduler's `run_due` at the report time
//! (compile, store, and enqueue one e-mail with CSV and XLSX per report). Target: under 60 s for
//! 469 centres and 1.5 million cases (docs/performance.md).
//!
//! ```text
//! bench_reports [--database-url URL] [--centres 469] [--cases 1500000]
//! ```
//!
//! Without `--database-url` a fresh SQLite file in the temporary folder is used. A PostgreSQL
//! URL must name an empty database (it is migrated first).

use anyhow::{Context, bail};
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use mimamori_server::config::Config;
use mimamori_server::db::implementation_reports::Window;
use mimamori_server::entities::{contract, org_setting, organisation};
use mimamori_server::scheduler::implementation_reports::run_due;
use mimamori_server::services::{implementation_reports, setup};
use mimamori_shared::api::admin::OrgKind;
use mimamori_shared::api::auth::StaffRole;
use sea_orm::{
    ActiveValue::Set, ConnectionTrait, DatabaseBackend, DatabaseConnection, EntityTrait, Statement,
    Value,
};
use secrecy::SecretString;
use std::time::Instant;

struct Options {
    database_url: Option<String>,
    centres: i64,
    cases: i64,
}

fn options() -> anyhow::Result<Options> {
    let mut args = std::env::args().skip(1);
    let mut options = Options {
        database_url: None,
        centres: 469,
        cases: 1_500_000,
    };
    while let Some(flag) = args.next() {
        let mut value = || args.next().with_context(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--database-url" => options.database_url = Some(value()?),
            "--centres" => options.centres = value()?.parse()?,
            "--cases" => options.cases = value()?.parse()?,
            other => bail!("unknown argument {other}"),
        }
    }
    if options.centres < 1 || options.cases < 1 {
        bail!("--centres and --cases must be positive");
    }
    Ok(options)
}

/// Organisations per health centre.
const ORGS_PER_CENTRE: i64 = 3;
/// Ids of follow-up organisations start here (health centres are 1..=centres).
const ORG_BASE: i64 = 1_000_000;

/// `?` placeholders become `$1, $2, …` on PostgreSQL.
fn sql(backend: DatabaseBackend, text: &str) -> String {
    if backend != DatabaseBackend::Postgres {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut n = 0;
    for c in text.chars() {
        if c == '?' {
            n += 1;
            out.push_str(&format!("${n}"));
        } else {
            out.push(c);
        }
    }
    out
}

/// The series 1..=n as a CTE `s(i)`.
fn series(backend: DatabaseBackend, n: i64) -> String {
    match backend {
        DatabaseBackend::Postgres => format!("WITH s(i) AS (SELECT generate_series(1, {n})) "),
        _ => format!(
            "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {n}) "
        ),
    }
}

async fn exec(db: &DatabaseConnection, text: &str, values: Vec<Value>) -> anyhow::Result<u64> {
    let backend = db.get_database_backend();
    let result = db
        .execute_raw(Statement::from_sql_and_values(
            backend,
            sql(backend, text),
            values,
        ))
        .await
        .with_context(|| text.chars().take(80).collect::<String>())?;
    Ok(result.rows_affected())
}

fn tokyo(day: NaiveDate, hour: u32) -> DateTime<Utc> {
    chrono_tz::Asia::Tokyo
        .from_local_datetime(&day.and_hms_opt(hour, 0, 0).unwrap_or_default())
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_default()
}

async fn fill(
    db: &DatabaseConnection,
    keys: &mimamori_server::keys::Keyring,
    o: &Options,
    day: NaiveDate,
) -> anyhow::Result<()> {
    let backend = db.get_database_backend();
    let long_ago = tokyo(day - Duration::days(30), 9);
    let mut orgs = Vec::new();
    let mut contracts = Vec::new();
    let mut settings = Vec::new();
    for hc in 1..=o.centres {
        orgs.push(organisation::ActiveModel {
            id: Set(hc),
            kind: Set(OrgKind::HealthCentre),
            name: Set(format!("保健所 {hc}")),
            parent_id: Set(None),
            phone: Set(None),
            time_zone: Set("Asia/Tokyo".to_owned()),
            created_at: Set(long_ago),
            default_followup_days: Set(None),
            retention_years: Set(None),
            address: Set(None),
        });
        settings.push(org_setting::ActiveModel {
            organisation_id: Set(hc),
            notify_email: Set(Some(format!("hc{hc}@city.example.jp"))),
            quiet_start: Set("21:00".to_owned()),
            quiet_end: Set("08:00".to_owned()),
            second_nudge_minutes: Set(60),
            afternoon_reminder: Set("15:00".to_owned()),
            cutoff: Set("12:00".to_owned()),
            afternoon_cutoff: Set("18:00".to_owned()),
            report_time: Set("17:00".to_owned()),
            updated_at: Set(long_ago),
        });
        for k in 0..ORGS_PER_CENTRE {
            let id = ORG_BASE + (hc - 1) * ORGS_PER_CENTRE + k;
            orgs.push(organisation::ActiveModel {
                id: Set(id),
                kind: Set(OrgKind::FollowupOrg),
                name: Set(format!("委託先 {hc}-{k}")),
                parent_id: Set(Some(hc)),
                phone: Set(None),
                time_zone: Set("Asia/Tokyo".to_owned()),
                created_at: Set(long_ago),
                default_followup_days: Set(None),
                retention_years: Set(None),
                address: Set(None),
            });
            contracts.push(contract::ActiveModel {
                followup_org_id: Set(id),
                health_centre_id: Set(hc),
                created_at: Set(long_ago),
                ..Default::default()
            });
        }
    }
    for chunk in orgs.chunks(1_000) {
        organisation::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(db)
            .await?;
    }
    for chunk in contracts.chunks(1_000) {
        contract::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(db)
            .await?;
    }
    for chunk in settings.chunks(1_000) {
        org_setting::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(db)
            .await?;
    }
    let doctor = setup::create_staff(
        db,
        keys,
        ORG_BASE,
        "bench.doctor",
        "bench.doctor",
        StaffRole::FollowupDoctor,
        "a bench password",
        long_ago,
    )
    .await?;

    // Cases: one in ten registered on the day (and starting it), the rest three days before.
    let started = Instant::now();
    let n = exec(
        db,
        &format!(
            "{}INSERT INTO patient_case (case_number, health_centre_id, followup_org_id, name, \
             name_kana, birth_date, sex, phone, followup_start, followup_end, slots_per_day, \
             status, created_at) \
             SELECT 'B' || i, 1 + (i % {c}), {base} + (i % {c}) * {k} + ((i / {c}) % {k}), \
             '患者', 'カンジャ', ?, 'female', '090-0000-0000', \
             CASE WHEN i % 10 = 0 THEN ? ELSE ? END, ?, 1, 'active', \
             CASE WHEN i % 10 = 0 THEN ? ELSE ? END FROM s",
            series(backend, o.cases),
            c = o.centres,
            base = ORG_BASE,
            k = ORGS_PER_CENTRE,
        ),
        vec![
            NaiveDate::from_ymd_opt(1960, 1, 1)
                .unwrap_or_default()
                .into(),
            day.into(),
            (day - Duration::days(3)).into(),
            (day + Duration::days(7)).into(),
            tokyo(day, 9).into(),
            tokyo(day - Duration::days(3), 9).into(),
        ],
    )
    .await?;
    println!("{n} cases in {:.1} s", started.elapsed().as_secs_f64());

    // Ends during the day: one in twenty (one in a hundred hospitalised).
    let started = Instant::now();
    let n = exec(
        db,
        "UPDATE patient_case SET status = 'ended', ended_at = ?, \
         end_reason = CASE WHEN id % 100 = 0 THEN 'hospitalised' ELSE 'period_completed' END \
         WHERE id % 20 = 0",
        vec![tokyo(day, 10).into()],
    )
    .await?;
    println!("{n} ended in {:.1} s", started.elapsed().as_secs_f64());

    // Reports: six in seven cases report (one in twenty by proxy); 1 in 50 red, 1 in 10 amber.
    let started = Instant::now();
    let n = exec(
        db,
        "INSERT INTO health_report (case_id, idempotency_key, slot_date, slot, submitted_at, \
         temperature_tenths, symptoms, urgent_signs, note, flag, reasons, ruleset_version, \
         entered_by) \
         SELECT id, 'k' || id, ?, 1, ?, 365, '{}', '[]', '', \
         CASE WHEN id % 50 = 1 THEN 'red' WHEN id % 10 = 1 THEN 'amber' ELSE 'none' END, \
         '[]', 'bench', CASE WHEN id % 20 = 3 THEN 'staff' ELSE 'patient' END \
         FROM patient_case WHERE id % 7 <> 0",
        vec![day.into(), tokyo(day, 9).into()],
    )
    .await?;
    println!("{n} reports in {:.1} s", started.elapsed().as_secs_f64());

    // Calls to a third of the non-reporters; findings on one case in fifty.
    let started = Instant::now();
    let calls = exec(
        db,
        "INSERT INTO case_event (case_id, kind, organisation_id, outcome, note, created_at) \
         SELECT id, 'call', followup_org_id, 'no_answer', '', ? FROM patient_case \
         WHERE id % 7 = 0 AND id % 3 = 0",
        vec![tokyo(day, 12).into()],
    )
    .await?;
    let findings = exec(
        db,
        "INSERT INTO finding (case_id, author_id, assessment, plan, referral, created_at) \
         SELECT id, ?, 'bench', '', \
         CASE WHEN id % 200 = 0 THEN 'admission' ELSE 'none' END, ? FROM patient_case \
         WHERE id % 50 = 0",
        vec![doctor.id.into(), tokyo(day, 13).into()],
    )
    .await?;
    println!(
        "{calls} calls and {findings} findings in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    // The day before was reported already (the steady state: one day due per tick).
    exec(
        db,
        &format!(
            "INSERT INTO job_run (job, scope, ran_at) SELECT ?, id || ':{}', ? \
             FROM organisation WHERE kind = 'health_centre'",
            day - Duration::days(1)
        ),
        vec![
            implementation_reports::JOB.into(),
            tokyo(day - Duration::days(1), 17).into(),
        ],
    )
    .await?;
    db.execute_unprepared("ANALYZE").await?;
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let o = options()?;
    let url = match &o.database_url {
        Some(url) => url.clone(),
        None => {
            let path = std::env::temp_dir().join("mimamori-bench-reports.db");
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
            format!("sqlite://{}?mode=rwc", path.display())
        }
    };
    let config = Config {
        database_url: SecretString::from(url),
        ..Config::default()
    };
    let db = mimamori_server::startup::connect_and_migrate(&config).await?;
    // A fresh database: keys of its own, kept nowhere (nothing here is opened again).
    let keys = mimamori_server::keys::Keyring::open(
        &db,
        mimamori_server::keys::KeyFile::generate(),
        chrono::Utc::now(),
    )
    .await?;
    let day = NaiveDate::from_ymd_opt(2026, 11, 23).context("date")?;
    println!(
        "database: {:?}; {} health centres, {} follow-up organisations, {} cases",
        db.get_database_backend(),
        o.centres,
        o.centres * ORGS_PER_CENTRE,
        o.cases
    );
    fill(&db, &keys, &o, day).await?;

    let w = Window {
        day,
        start: tokyo(day, 0),
        cut: tokyo(day, 17),
    };
    let hc_ids: Vec<i64> = (1..=o.centres).collect();
    let started = Instant::now();
    let counts = implementation_reports::compile(&db, &hc_ids, &w).await?;
    let compile_s = started.elapsed().as_secs_f64();
    let total =
        |f: fn(&mimamori_shared::api::implementation_reports::ImplementationCounts) -> u64| {
            counts.values().map(f).sum::<u64>()
        };
    println!(
        "compile: {} reports in {compile_s:.2} s (under follow-up {}, not reported {}, \
         reports {}, calls {}, findings {}, admissions {})",
        counts.len(),
        total(|c| c.under_followup),
        total(|c| c.not_reported),
        total(|c| c.reports_app + c.reports_proxy),
        total(|c| c.contact_attempts),
        total(|c| c.findings),
        total(|c| c.referred_admission),
    );

    let started = Instant::now();
    let stored = run_due(&db, w.cut + Duration::minutes(1)).await?;
    println!(
        "scheduler run at the report time: {stored} reports compiled, stored and e-mailed \
         (outbox) in {:.2} s",
        started.elapsed().as_secs_f64()
    );
    let started = Instant::now();
    let again = run_due(&db, w.cut + Duration::minutes(2)).await?;
    println!(
        "next tick: {again} reports in {:.3} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
