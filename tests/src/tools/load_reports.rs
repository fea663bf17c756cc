//! Load generator for report submission (docs/performance.md, "Report submission under
//! load"). `scripts/bench-load.sh` and the durability scripts drive it.
//!
//! ```text
//! load_reports run --base-url URL --accounts FILE [--patients 500] [--concurrency 32]
//!     [--duration 60] [--rate R] [--timeout 30] [--no-baseline] [--baseline-duration S]
//!     [--journal FILE] [--timeline] [--seed N]
//! load_reports check --base-url URL --accounts FILE --database-url URL --journal FILE
//!     [--resend-acknowledged 200]
//! load_reports echo
//! ```
//!
//! `run` signs the patients of the accounts file (`mimamori demo --cases N --accounts-file
//! FILE`) in over HTTP, submits reports for `--duration` seconds with `--concurrency`
//! connections (as fast as answers come, or `--rate` a second), prints throughput, latency
//! percentiles and answers by status, then does the same against a bare axum JSON echo endpoint
//! (`load_reports echo`, started as a separate process) and prints the ratios. `--timeline`
//! prints the answers of each second. `--journal` keeps every report sent and its answer;
//! `check` then proves that nothing acknowledged was lost and that resending the rest stores
//! each report exactly once (exit status 1 otherwise).
//!
//! `--base-url` may list several instances of one deployment, comma-separated: patients sign in
//! on the first, and reports go to each in turn, as a round-robin load balancer sends them.

use anyhow::{Context, bail};
use mimamori_tests::load::{check, driver, echo, journal, patients};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug)]
struct Options {
    base_url: String,
    accounts: PathBuf,
    patients: usize,
    concurrency: usize,
    duration: f64,
    rate: Option<f64>,
    timeout: f64,
    baseline: bool,
    baseline_duration: Option<f64>,
    journal: Option<PathBuf>,
    timeline: bool,
    seed: u64,
    database_url: String,
    resend_acknowledged: usize,
}

impl Options {
    /// The instances `--base-url` names (comma-separated); the first is where patients sign in.
    fn base_urls(&self) -> Vec<String> {
        self.base_url.split(',').map(str::to_owned).collect()
    }
}

fn options(mut args: impl Iterator<Item = String>) -> anyhow::Result<Options> {
    let mut options = Options {
        base_url: String::new(),
        accounts: PathBuf::new(),
        patients: 500,
        concurrency: 32,
        duration: 60.0,
        rate: None,
        timeout: 30.0,
        baseline: true,
        baseline_duration: None,
        journal: None,
        timeline: false,
        seed: 7,
        database_url: String::new(),
        resend_acknowledged: 200,
    };
    while let Some(flag) = args.next() {
        let mut value = || args.next().with_context(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--base-url" => options.base_url = value()?,
            "--accounts" => options.accounts = value()?.into(),
            "--patients" => options.patients = value()?.parse()?,
            "--concurrency" => options.concurrency = value()?.parse()?,
            "--duration" => options.duration = value()?.parse()?,
            "--rate" => options.rate = Some(value()?.parse()?).filter(|r: &f64| *r > 0.0),
            "--timeout" => options.timeout = value()?.parse()?,
            "--no-baseline" => options.baseline = false,
            "--baseline-duration" => options.baseline_duration = Some(value()?.parse()?),
            "--journal" => options.journal = Some(value()?.into()),
            "--timeline" => options.timeline = true,
            "--seed" => options.seed = value()?.parse()?,
            "--database-url" => options.database_url = value()?,
            "--resend-acknowledged" => options.resend_acknowledged = value()?.parse()?,
            other => bail!("unknown argument {other}"),
        }
    }
    if options.base_url.is_empty() || options.accounts.as_os_str().is_empty() {
        bail!("--base-url and --accounts are required");
    }
    Ok(options)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    match args.next().as_deref() {
        Some("run") => run(options(args)?).await,
        Some("check") => check(options(args)?).await,
        Some("echo") => echo::serve().await,
        _ => bail!("usage: load_reports run|check|echo … (see the source's first lines)"),
    }
}

async fn run(options: Options) -> anyhow::Result<()> {
    let accounts = patients::read_accounts(&options.accounts, options.patients)?;
    let sign_in_client = reqwest::Client::new();
    let started = std::time::Instant::now();
    let base_urls = options.base_urls();
    let patients =
        Arc::new(patients::sign_in_all(&sign_in_client, &base_urls[0], &accounts, 4).await?);
    println!(
        "signed in {} patients over HTTP in {:.1} s",
        patients.len(),
        started.elapsed().as_secs_f64()
    );
    let settings = driver::Settings {
        concurrency: options.concurrency,
        duration: Duration::from_secs_f64(options.duration),
        rate: options.rate,
        timeout: Duration::from_secs_f64(options.timeout),
        journal: options.journal.is_some(),
        seed: options.seed,
    };
    println!(
        "load: {} connections for {} s, {}",
        settings.concurrency,
        options.duration,
        settings
            .rate
            .map_or("as fast as answers come".to_owned(), |r| format!(
                "{r} requests/s scheduled"
            ))
    );
    let client = driver::client(settings.concurrency, settings.timeout)?;
    if base_urls.len() > 1 {
        println!("instances: {} in turn", base_urls.len());
    }
    let target = driver::Target::Reports { base_urls };
    let reports = driver::run(&client, &target, patients.clone(), &settings).await?;
    drop(client);
    if options.timeline {
        reports.print_timeline();
    }
    reports.print("reports");
    if let Some(path) = &options.journal {
        journal::write(path, &reports.entries)?;
        println!(
            "journal: {} reports in {}",
            reports.entries.len(),
            path.display()
        );
    }
    if options.baseline {
        let echo = echo::spawn().await?;
        let settings = driver::Settings {
            duration: Duration::from_secs_f64(
                options.baseline_duration.unwrap_or(options.duration),
            ),
            journal: false,
            ..settings
        };
        let client = driver::client(settings.concurrency, settings.timeout)?;
        let target = driver::Target::Echo {
            url: echo.url.clone(),
        };
        let baseline = driver::run(&client, &target, patients, &settings).await?;
        baseline.print("baseline (axum JSON echo, separate process)");
        println!(
            "ratio to baseline: throughput {:.3}; p50 {:.1}x, p99 {:.1}x",
            reports.throughput() / baseline.throughput().max(1e-9),
            reports.ms(0.50) / baseline.ms(0.50).max(1e-3),
            reports.ms(0.99) / baseline.ms(0.99).max(1e-3),
        );
    }
    Ok(())
}

async fn check(options: Options) -> anyhow::Result<()> {
    let base_url = options.base_urls().swap_remove(0);
    let path = options.journal.context("--journal is required")?;
    if options.database_url.is_empty() {
        bail!("--database-url is required");
    }
    let entries = journal::read(&path)?;
    let counts = check::run(
        &entries,
        &check::Settings {
            base_url,
            database_url: options.database_url,
            accounts: options.accounts,
            acknowledged_sample: options.resend_acknowledged,
        },
    )
    .await?;
    println!(
        "sent {}, acknowledged {}; before resending: lost {}, acknowledged with a wrong id {}, \
         unacknowledged but stored {}",
        counts.sent,
        counts.acknowledged,
        counts.lost,
        counts.wrong_id,
        counts.unacknowledged_stored
    );
    let resent: Vec<String> = counts
        .resent
        .iter()
        .map(|(s, n)| format!("{s}: {n}"))
        .collect();
    println!(
        "resent: {} (statuses {}); failed resends {}, acknowledged resends not 200 with the same id {}",
        counts.resent.values().sum::<usize>(),
        resent.join(", "),
        counts.resend_failed,
        counts.acknowledged_resend_wrong
    );
    println!(
        "after resending: stored {}, not exactly once {}, duplicated {}; report.create audit entries {}",
        counts.stored, counts.not_exactly_once, counts.duplicated, counts.audited
    );
    if counts.passed() {
        println!("durability check PASSED: 0 lost, 0 duplicated");
        Ok(())
    } else {
        println!("durability check FAILED");
        std::process::exit(1);
    }
}
