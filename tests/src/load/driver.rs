//! The load loop: C workers on one HTTP client, each sending a new report as soon as its last
//! one is answered, or — with a rate — at its place in a fixed schedule. With a rate, latency
//! counts from the scheduled moment, so a slow server cannot hide its queue by slowing the
//! client down (coordinated omission).

use super::bodies;
use super::journal::Entry;
use super::patients::Patient;
use hdrhistogram::Histogram;
use rand::SeedableRng;
use rand::rngs::StdRng;
use reqwest::header::{CONTENT_TYPE, COOKIE};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// How to load.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Concurrent connections (each a worker with one request in flight).
    pub concurrency: usize,
    /// How long to send.
    pub duration: Duration,
    /// Requests per second over all workers; `None` sends as fast as answers come.
    pub rate: Option<f64>,
    /// How long to wait for an answer before counting the request as unanswered.
    pub timeout: Duration,
    /// Keep every request's key, body and answer (for the durability check).
    pub journal: bool,
    /// Seed of the report values.
    pub seed: u64,
}

/// Answers in one second of a run: 2xx, 503, other statuses, none.
pub type Second = [u64; 4];

/// Where the reports go.
#[derive(Debug, Clone)]
pub enum Target {
    /// The server's report endpoint (`POST /api/patient/cases/{id}/reports`), on one instance
    /// or several in turn (as a round-robin load balancer spreads requests).
    Reports {
        /// `http://host:port` of each instance.
        base_urls: Vec<String>,
    },
    /// The baseline: an echo endpoint taking the same bodies and cookies.
    Echo {
        /// The endpoint's URL.
        url: String,
    },
}

/// What a run measured.
#[derive(Debug)]
pub struct Outcome {
    /// From the first request sent to the last answer.
    pub elapsed: Duration,
    /// Latency of every answered request, in microseconds.
    pub latency: Histogram<u64>,
    /// Answers by HTTP status.
    pub statuses: BTreeMap<u16, u64>,
    /// Requests that got no answer (connection refused or broken, timeout).
    pub unanswered: u64,
    /// 5xx answers whose body was not problem+json.
    pub server_errors_not_problem: u64,
    /// Every request, when journaling.
    pub entries: Vec<Entry>,
    /// Answers per second of the run (by the moment each request was sent or scheduled).
    pub timeline: Vec<Second>,
}

impl Outcome {
    /// Prints the timeline, a line per second: `t=12s 2xx 1530 503 0 other 0 none 0`.
    pub fn print_timeline(&self) {
        for (second, [ok, unavailable, other, none]) in self.timeline.iter().enumerate() {
            println!("t={second}s 2xx {ok} 503 {unavailable} other {other} none {none}");
        }
    }

    /// 2xx answers.
    pub fn succeeded(&self) -> u64 {
        self.statuses
            .iter()
            .filter(|(status, _)| (200..300).contains(*status))
            .map(|(_, n)| n)
            .sum()
    }

    /// 2xx answers per second.
    pub fn throughput(&self) -> f64 {
        self.succeeded() as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// A latency quantile in milliseconds.
    pub fn ms(&self, quantile: f64) -> f64 {
        self.latency.value_at_quantile(quantile) as f64 / 1000.0
    }

    /// Prints the figures under `label`.
    pub fn print(&self, label: &str) {
        let answered: u64 = self.statuses.values().sum();
        println!(
            "{label}: {answered} answered in {:.1} s, {:.0} succeeded/s; latency ms p50 {:.1}, \
             p95 {:.1}, p99 {:.1}, max {:.1}",
            self.elapsed.as_secs_f64(),
            self.throughput(),
            self.ms(0.50),
            self.ms(0.95),
            self.ms(0.99),
            self.latency.max() as f64 / 1000.0,
        );
        let statuses: Vec<String> = self
            .statuses
            .iter()
            .map(|(status, n)| format!("{status}: {n}"))
            .collect();
        println!(
            "{label}: statuses {}; unanswered: {}; 5xx not problem+json: {}",
            statuses.join(", "),
            self.unanswered,
            self.server_errors_not_problem
        );
    }
}

/// One worker's tallies.
struct Tally {
    latency: Histogram<u64>,
    statuses: BTreeMap<u16, u64>,
    unanswered: u64,
    not_problem: u64,
    entries: Vec<Entry>,
    timeline: Vec<Second>,
}

impl Tally {
    fn count(&mut self, second: usize, status: u16) {
        if self.timeline.len() <= second {
            self.timeline.resize(second + 1, [0; 4]);
        }
        let column = match status {
            0 => 3,
            200..=299 => 0,
            503 => 1,
            _ => 2,
        };
        self.timeline[second][column] += 1;
    }
}

/// Runs the load against `target` for the patients (round robin, so with more patients than
/// workers no two requests in flight are for the same case).
pub async fn run(
    client: &reqwest::Client,
    target: &Target,
    patients: Arc<Vec<Patient>>,
    settings: &Settings,
) -> anyhow::Result<Outcome> {
    anyhow::ensure!(!patients.is_empty(), "no patients");
    let counter = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let mut workers = tokio::task::JoinSet::new();
    for worker in 0..settings.concurrency.max(1) {
        let (client, target, patients, counter, settings) = (
            client.clone(),
            target.clone(),
            patients.clone(),
            counter.clone(),
            settings.clone(),
        );
        workers.spawn(async move {
            work(
                &client,
                &target,
                &patients,
                &counter,
                &settings,
                started,
                worker as u64,
            )
            .await
        });
    }
    let mut outcome = Outcome {
        elapsed: Duration::ZERO,
        latency: histogram()?,
        statuses: BTreeMap::new(),
        unanswered: 0,
        server_errors_not_problem: 0,
        entries: Vec::new(),
        timeline: Vec::new(),
    };
    while let Some(tally) = workers.join_next().await {
        let tally = tally??;
        outcome.latency.add(&tally.latency)?;
        for (status, n) in tally.statuses {
            *outcome.statuses.entry(status).or_default() += n;
        }
        outcome.unanswered += tally.unanswered;
        outcome.server_errors_not_problem += tally.not_problem;
        outcome.entries.extend(tally.entries);
        if outcome.timeline.len() < tally.timeline.len() {
            outcome.timeline.resize(tally.timeline.len(), [0; 4]);
        }
        for (total, second) in outcome.timeline.iter_mut().zip(&tally.timeline) {
            for (t, n) in total.iter_mut().zip(second) {
                *t += n;
            }
        }
    }
    outcome.elapsed = started.elapsed();
    Ok(outcome)
}

fn histogram() -> anyhow::Result<Histogram<u64>> {
    // 1 µs to 10 minutes, 3 significant digits.
    Ok(Histogram::new_with_bounds(1, 600_000_000, 3)?)
}

async fn work(
    client: &reqwest::Client,
    target: &Target,
    patients: &[Patient],
    counter: &AtomicU64,
    settings: &Settings,
    started: Instant,
    worker: u64,
) -> anyhow::Result<Tally> {
    let mut rng = StdRng::seed_from_u64(settings.seed.wrapping_mul(1_000_003) ^ worker);
    let mut tally = Tally {
        latency: histogram()?,
        statuses: BTreeMap::new(),
        unanswered: 0,
        not_problem: 0,
        entries: Vec::new(),
        timeline: Vec::new(),
    };
    let end = started + settings.duration;
    loop {
        let n = counter.fetch_add(1, Ordering::Relaxed);
        let scheduled = match settings.rate {
            Some(rate) => {
                let at = started + Duration::from_secs_f64(n as f64 / rate);
                if at >= end {
                    break;
                }
                tokio::time::sleep_until(at.into()).await;
                at
            }
            None => {
                let now = Instant::now();
                if now >= end {
                    break;
                }
                now
            }
        };
        let patient = &patients[(n % patients.len() as u64) as usize];
        let report = bodies::report(&mut rng);
        let body = serde_json::to_string(&report)?;
        let url = match target {
            Target::Reports { base_urls } => {
                // Shifted by one each round through the patients, so that a patient's reports
                // do not always reach the same instance when the counts share a factor.
                let round = n / patients.len() as u64;
                let base_url = &base_urls[((n + round) % base_urls.len() as u64) as usize];
                format!("{base_url}/api/patient/cases/{}/reports", patient.case_id)
            }
            Target::Echo { url } => url.clone(),
        };
        let sent = client
            .post(url)
            .header(CONTENT_TYPE, "application/json")
            .header(COOKIE, &patient.cookie)
            .body(body.clone())
            .send()
            .await;
        let (status, report_id) = match sent {
            Ok(response) => {
                let status = response.status().as_u16();
                let problem = response
                    .headers()
                    .get(CONTENT_TYPE)
                    .is_some_and(|v| v.as_bytes() == b"application/problem+json");
                match response.bytes().await {
                    Ok(bytes) => {
                        tally
                            .latency
                            .saturating_record(scheduled.elapsed().as_micros() as u64);
                        *tally.statuses.entry(status).or_default() += 1;
                        if status >= 500 && !problem {
                            tally.not_problem += 1;
                        }
                        let id = (settings.journal && (200..300).contains(&status))
                            .then(|| report_id(&bytes))
                            .flatten();
                        (status, id)
                    }
                    Err(_) => (0, None),
                }
            }
            Err(_) => (0, None),
        };
        tally.count((scheduled - started).as_secs() as usize, status);
        if status == 0 {
            tally.unanswered += 1;
            // The server is down (killed, restarting): do not spin on refused connections.
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        if settings.journal {
            tally.entries.push(Entry {
                case_id: patient.case_id,
                key: report
                    .idempotency_key
                    .map(|k| k.to_string())
                    .unwrap_or_default(),
                body,
                status,
                report_id,
            });
        }
    }
    Ok(tally)
}

/// The `id` of a stored report's JSON.
fn report_id(bytes: &[u8]) -> Option<i64> {
    #[derive(serde::Deserialize)]
    struct Stored {
        id: i64,
    }
    serde_json::from_slice::<Stored>(bytes).ok().map(|s| s.id)
}

/// An HTTP client for `concurrency` connections kept alive, answers awaited up to `timeout`.
pub fn client(concurrency: usize, timeout: Duration) -> anyhow::Result<reqwest::Client> {
    Ok(reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .tcp_nodelay(true)
        .timeout(timeout)
        .build()?)
}
