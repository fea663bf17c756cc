//! Sending the offline queue: when the app starts, when the network comes back (`online`),
//! every [`RETRY_MS`] while reports wait, and when the patient taps "send now".
//!
//! Every report goes through the queue: the form stores it on the device first and then makes
//! the first attempt ([`send`]), so a report is never lost to a closed tab or a dead battery
//! half-way through a send. What the queue holds and what an answer means is `queue.rs`.

use crate::api;
use crate::api::ApiError;
use crate::platform;
use crate::queue::{self, Attempt, QueuedReport};
use crate::state::{AppState, Session};
use chrono::{DateTime, Utc};
use dioxus::prelude::*;
use mimamori_shared::api::reports::ReportView;
use mimamori_shared::i18n::patient::Text;
use mimamori_shared::ids::CaseId;
use uuid::Uuid;

/// How often waiting reports are retried while the browser believes it is online (the `online`
/// event covers the return from airplane mode; this covers a signal that comes back quietly).
pub const RETRY_MS: i32 = 30_000;

/// What the app knows about reports kept on this device.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outbox {
    /// Reports waiting to be sent (every case on this device), as in local storage.
    pub waiting: Vec<QueuedReport>,
    /// Keys of the reports being sent right now.
    pub in_flight: Vec<Uuid>,
    /// Reports that reached the server during this visit.
    pub sent: Vec<(Uuid, ReportView)>,
    /// How many waiting reports were sent in the background since the patient last closed the
    /// "sent" notice.
    pub sent_unseen: usize,
    /// Reports the server refused for good in the background, until the patient closes the notice.
    pub refused_unseen: usize,
    /// The last attempt that found no network (shown as "last tried at").
    pub last_failed: Option<DateTime<Utc>>,
    /// What the screen-reader announcer says: "sent" once reports that had to wait have gone.
    /// Set only on a change, so a retry every half minute is not read out every half minute.
    pub announcement: Option<Text>,
}

impl Outbox {
    /// The waiting reports of these cases (the signed-in account's).
    pub fn waiting_for(&self, cases: &[CaseId]) -> usize {
        self.waiting
            .iter()
            .filter(|r| cases.contains(&r.case_id))
            .count()
    }

    /// Whether the report with this key is still waiting.
    pub fn is_waiting(&self, key: Uuid) -> bool {
        self.waiting.iter().any(|r| r.key() == Some(key))
    }

    /// The stored report, once the one with this key has reached the server.
    pub fn sent_report(&self, key: Uuid) -> Option<&ReportView> {
        self.sent.iter().find(|(k, _)| *k == key).map(|(_, r)| r)
    }

    /// Whether a send is under way.
    pub fn sending(&self) -> bool {
        !self.in_flight.is_empty()
    }
}

/// Every report waiting in this device's local storage, whatever the case.
pub fn load_stored() -> Vec<QueuedReport> {
    let mut all = Vec::new();
    for key in platform::storage_keys() {
        if queue::case_of_storage_key(&key).is_none() {
            continue;
        }
        for report in queue::parse(&platform::storage_get(&key).unwrap_or_default()) {
            queue::enqueue(&mut all, report);
        }
    }
    all
}

/// Applies a change to a case's stored queue. Read, change, write: another tab may have queued
/// or sent a report meanwhile, and its change must not be overwritten.
fn change_stored(case_id: CaseId, change: impl FnOnce(&mut Vec<QueuedReport>)) {
    let key = queue::storage_key(case_id);
    let mut stored = queue::parse(&platform::storage_get(&key).unwrap_or_default());
    change(&mut stored);
    if stored.is_empty() {
        platform::storage_remove(&key);
    } else if !platform::storage_set(&key, &queue::to_json(&stored)) {
        // Private browsing or a full disk: the report still waits in memory for this visit.
        warn!("the offline queue could not be stored on this device");
    }
}

/// The cases the signed-in account may report for (none when no one is signed in).
fn signed_in_cases(state: AppState) -> Vec<CaseId> {
    match &*state.session().peek() {
        Session::SignedIn(me) => me.cases.iter().map(|c| c.case_id).collect(),
        _ => Vec::new(),
    }
}

/// Stores a new report on the device and makes the first attempt to send it (none when the
/// browser knows it is offline). The form shows what came of it.
pub async fn send(state: AppState, report: QueuedReport) -> Attempt {
    let Some(key) = report.key() else {
        return Attempt::Retry;
    };
    change_stored(report.case_id, |stored| {
        queue::enqueue(stored, report.clone());
    });
    let mut outbox = state.outbox();
    queue::enqueue(&mut outbox.write().waiting, report.clone());
    let attempt = if platform::is_online() {
        attempt(state, &report, key, false).await
    } else {
        // Certainly offline: no attempt, which would only fail.
        state.set_online(false);
        outbox.write().last_failed = Some(Utc::now());
        Attempt::Retry
    };
    if matches!(attempt, Attempt::Retry) {
        // The page shows (and focuses) "waiting to send"; the announcer keeps quiet until the
        // report has gone, and then says so.
        outbox.write().announcement = None;
    }
    attempt
}

/// Sends every waiting report of the signed-in account, oldest first, until one finds no
/// network. Safe to call at any moment and as often as wanted: a report already on its way is
/// skipped, and a report that did arrive but is sent again is stored once (same key).
pub async fn flush(state: AppState) {
    let cases = signed_in_cases(state);
    let mut outbox = state.outbox();
    // A round under way goes on through the whole queue: a second one would only duplicate it.
    if cases.is_empty() || outbox.peek().sending() {
        return;
    }
    // Reports queued by another tab of the app are sent too.
    for report in load_stored() {
        queue::enqueue(&mut outbox.write().waiting, report);
    }
    let due: Vec<QueuedReport> = {
        let current = outbox.peek();
        queue::to_send(&current.waiting, &cases, &current.in_flight)
            .into_iter()
            .cloned()
            .collect()
    };
    let mut sent_any = false;
    for report in due {
        let Some(key) = report.key() else { continue };
        match attempt(state, &report, key, true).await {
            Attempt::Sent(_) => sent_any = true,
            Attempt::Refused(_) => {}
            Attempt::Retry | Attempt::SignInNeeded => break,
        }
    }
    if sent_any {
        // The server knows which slots now have a report ("already sent today").
        state.refresh_session().await;
    }
}

/// One attempt to send a waiting report, and its consequence for the queue.
async fn attempt(state: AppState, report: &QueuedReport, key: Uuid, background: bool) -> Attempt {
    let mut outbox = state.outbox();
    outbox.write().in_flight.push(key);
    let result = api::create_report(report.case_id, &report.request).await;
    state.set_online(!matches!(result, Err(ApiError::Network)));
    let attempt = queue::after_attempt(result);
    outbox.write().in_flight.retain(|k| *k != key);
    if attempt.is_final() {
        change_stored(report.case_id, |stored| {
            queue::remove(stored, key);
        });
    }
    let cases = signed_in_cases(state);
    let mut current = outbox.write();
    match &attempt {
        Attempt::Sent(stored) => {
            queue::remove(&mut current.waiting, key);
            current.sent.push((key, stored.clone()));
            current.last_failed = None;
            if background {
                current.sent_unseen += 1;
                if current.waiting_for(&cases) == 0 {
                    current.announcement = Some(Text::QueueSentTitle);
                }
            }
        }
        Attempt::Refused(error) => {
            queue::remove(&mut current.waiting, key);
            log_refusal(error);
            if background {
                current.refused_unseen += 1;
            }
        }
        Attempt::Retry => current.last_failed = Some(Utc::now()),
        Attempt::SignInNeeded => {
            drop(current);
            // The report stays queued; it goes once the patient has signed in again.
            state.signed_out();
        }
    }
    attempt
}

fn log_refusal(error: &ApiError) {
    // The status and code only: the report itself is clinical text.
    warn!(status = ?error.status(), code = ?error.code(), "a queued report was refused");
}

/// Starts the background sending; call once, in the root component.
pub fn use_queue_sync(state: AppState) {
    use_hook(|| {
        let outbox = state.outbox();
        spawn(async move {
            loop {
                platform::window_event("online").await;
                state.set_online(true);
                // The session may have been read from the device while offline: ask again.
                state.refresh_session().await;
                flush(state).await;
            }
        });
        spawn(async move {
            loop {
                platform::window_event("offline").await;
                state.set_online(false);
            }
        });
        spawn(async move {
            loop {
                platform::sleep_ms(RETRY_MS).await;
                // `navigator.onLine` false is certain; true is worth a try.
                if !platform::is_online() {
                    continue;
                }
                if !outbox.peek().waiting.is_empty() {
                    flush(state).await;
                } else if !state.online() {
                    // Nothing to send, but the app still says "no signal": look again.
                    state.refresh_session().await;
                }
            }
        });
    });
}
