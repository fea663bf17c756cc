//! Measures the first page of the work list against a running server: signs in as a staff member,
//! warms up, then sends each query `--requests` times in sequence and prints mean, p50, p95, p99
//! and max in milliseconds. Exits with status 1 when a query's p95 is over `--budget-ms`.
//! `scripts/bench-worklist.sh` sets up the data and the server.
//!
//! ```text
//! bench_worklist --base-url http://127.0.0.1:8080 --login dr.chuo --password … --totp-secret …
//!     [--requests 300] [--warmup 30] [--budget-ms 100] [--query '?risk=any' …]
//! ```

use anyhow::{Context, bail};
use mimamori_shared::api::worklist::WorkList;
use serde_json::json;
use std::time::{Duration, Instant};

/// The queries measured when none is given: the default first page, a filtered one and a
/// search (a kana prefix that matches many names, so it is not the easy case).
const DEFAULT_QUERIES: [&str; 3] = ["", "?risk=any&age65=true", "?q=%E3%83%A4%E3%83%9E"];

struct Options {
    base_url: String,
    login: String,
    password: String,
    totp_secret: String,
    requests: usize,
    warmup: usize,
    budget_ms: f64,
    queries: Vec<String>,
}

fn options() -> anyhow::Result<Options> {
    let mut args = std::env::args().skip(1);
    let mut options = Options {
        base_url: String::new(),
        login: String::new(),
        password: String::new(),
        totp_secret: String::new(),
        requests: 300,
        warmup: 30,
        budget_ms: 100.0,
        queries: Vec::new(),
    };
    while let Some(flag) = args.next() {
        let mut value = || args.next().with_context(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--base-url" => options.base_url = value()?,
            "--login" => options.login = value()?,
            "--password" => options.password = value()?,
            "--totp-secret" => options.totp_secret = value()?,
            "--requests" => options.requests = value()?.parse()?,
            "--warmup" => options.warmup = value()?.parse()?,
            "--budget-ms" => options.budget_ms = value()?.parse()?,
            "--query" => options.queries.push(value()?),
            other => bail!("unknown argument {other}"),
        }
    }
    if options.base_url.is_empty() || options.login.is_empty() || options.password.is_empty() {
        bail!("--base-url, --login, --password and --totp-secret are required");
    }
    if options.queries.is_empty() {
        options.queries = DEFAULT_QUERIES.iter().map(|q| (*q).to_owned()).collect();
    }
    options.requests = options.requests.max(1);
    Ok(options)
}

/// The `p`-th percentile (nearest rank) of sorted durations, in ms.
fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    let index = rank.clamp(1, sorted.len()) - 1;
    sorted[index].as_secs_f64() * 1000.0
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let options = options()?;
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .context("HTTP client")?;
    let code = mimamori_server::auth::totp::code_at(&options.totp_secret, chrono::Utc::now())?;
    let signed_in = client
        .post(format!("{}/api/staff/session", options.base_url))
        .json(&json!({
            "login_id": options.login,
            "password": options.password,
            "totp_code": code,
        }))
        .send()
        .await
        .context("signing in")?;
    if !signed_in.status().is_success() {
        bail!(
            "sign-in failed: {} {}",
            signed_in.status(),
            signed_in.text().await.unwrap_or_default()
        );
    }

    println!(
        "work list, first page: {} sequential requests per query after {} warm-up requests",
        options.requests, options.warmup
    );
    println!(
        "{:<32} {:>7} {:>6} {:>8} {:>8} {:>8} {:>8} {:>8}",
        "query", "cases", "rows", "mean", "p50", "p95", "p99", "max"
    );
    let mut over_budget = Vec::new();
    for query in &options.queries {
        let url = format!("{}/api/staff/worklist{query}", options.base_url);
        let fetch = || async {
            let response = client.get(&url).send().await?;
            if !response.status().is_success() {
                bail!("{url}: {}", response.status());
            }
            Ok(response.json::<WorkList>().await?)
        };
        for _ in 0..options.warmup {
            fetch().await?;
        }
        let mut times = Vec::with_capacity(options.requests);
        let mut last = None;
        for _ in 0..options.requests {
            let started = Instant::now();
            let list = fetch().await?;
            times.push(started.elapsed());
            last = Some(list);
        }
        times.sort();
        let mean =
            times.iter().map(Duration::as_secs_f64).sum::<f64>() * 1000.0 / times.len() as f64;
        let p95 = percentile(&times, 95.0);
        let last = last.context("no request was made")?;
        println!(
            "{:<32} {:>7} {:>6} {:>8.1} {:>8.1} {:>8.1} {:>8.1} {:>8.1}",
            if query.is_empty() { "(default)" } else { query },
            last.counts.total(),
            last.items.len(),
            mean,
            percentile(&times, 50.0),
            p95,
            percentile(&times, 99.0),
            percentile(&times, 100.0)
        );
        if p95 >= options.budget_ms {
            over_budget.push(query.clone());
        }
    }
    println!(
        "(times in ms, measured by the client over loopback; budget: p95 < {} ms)",
        options.budget_ms
    );
    if !over_budget.is_empty() {
        eprintln!("over budget: {over_budget:?}");
        std::process::exit(1);
    }
    Ok(())
}
