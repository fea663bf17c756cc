//! Load patients: the sign-ins `mimamori demo --cases N --accounts-file PATH` wrote, signed in
//! over HTTP as the patient app does (`POST /api/patient/session`, then `GET /api/patient/me`
//! for the case id).

use anyhow::{Context, bail};
use mimamori_shared::api::auth::PatientMe;
use reqwest::header::{COOKIE, SET_COOKIE};
use serde_json::json;
use std::path::Path;

/// The session cookie's name on the plain-http loopback servers the load runs against.
const COOKIE_NAME: &str = mimamori_server::auth::cookies::SessionCookie::Patient.name(false);

/// A sign-in from the accounts file.
#[derive(Debug, Clone)]
pub struct Account {
    /// Case number.
    pub case_number: String,
    /// Password.
    pub password: String,
}

/// A signed-in patient.
#[derive(Debug, Clone)]
pub struct Patient {
    /// The case the patient reports for.
    pub case_id: i64,
    /// `Cookie` header value carrying the session.
    pub cookie: String,
}

/// Reads up to `limit` accounts (`case number<TAB>password` a line).
pub fn read_accounts(path: &Path, limit: usize) -> anyhow::Result<Vec<Account>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let accounts: Vec<Account> = text
        .lines()
        .filter(|line| !line.trim().is_empty())
        .take(limit)
        .map(|line| {
            let (case_number, password) = line
                .split_once('\t')
                .with_context(|| format!("{}: a line without a tab", path.display()))?;
            Ok(Account {
                case_number: case_number.to_owned(),
                password: password.to_owned(),
            })
        })
        .collect::<anyhow::Result<_>>()?;
    if accounts.is_empty() {
        bail!("{}: no accounts", path.display());
    }
    Ok(accounts)
}

/// Signs each account in, `parallel` at a time (each sign-in is an argon2 verification on the
/// server, so more in parallel than cores only queues).
pub async fn sign_in_all(
    client: &reqwest::Client,
    base_url: &str,
    accounts: &[Account],
    parallel: usize,
) -> anyhow::Result<Vec<Patient>> {
    let parallel = parallel.clamp(1, accounts.len().max(1));
    let mut tasks = tokio::task::JoinSet::new();
    for lane in 0..parallel {
        let lane_accounts: Vec<Account> = accounts
            .iter()
            .skip(lane)
            .step_by(parallel)
            .cloned()
            .collect();
        let (client, base_url) = (client.clone(), base_url.to_owned());
        tasks.spawn(async move {
            let mut signed_in = Vec::with_capacity(lane_accounts.len());
            for account in &lane_accounts {
                signed_in.push(sign_in(&client, &base_url, account).await?);
            }
            anyhow::Ok(signed_in)
        });
    }
    let mut patients = Vec::with_capacity(accounts.len());
    while let Some(lane) = tasks.join_next().await {
        patients.extend(lane.context("sign-in task")??);
    }
    Ok(patients)
}

/// Signs one account in and finds its case.
pub async fn sign_in(
    client: &reqwest::Client,
    base_url: &str,
    account: &Account,
) -> anyhow::Result<Patient> {
    let response = client
        .post(format!("{base_url}/api/patient/session"))
        .json(&json!({ "case_number": account.case_number, "password": account.password }))
        .send()
        .await
        .context("signing in")?;
    if !response.status().is_success() {
        bail!(
            "sign-in of {} failed: {}",
            account.case_number,
            response.status()
        );
    }
    let prefix = format!("{COOKIE_NAME}=");
    let token = response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix(&prefix))
        .and_then(|v| v.split(';').next())
        .context("no session cookie in the sign-in answer")?
        .to_owned();
    let cookie = format!("{prefix}{token}");
    let me: PatientMe = client
        .get(format!("{base_url}/api/patient/me"))
        .header(COOKIE, &cookie)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let case_id = me
        .cases
        .first()
        .context("the account has no case")?
        .case_id
        .0;
    Ok(Patient { case_id, cookie })
}
