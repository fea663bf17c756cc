//! The offline queue: a report made without signal waits on the device and is sent when the network
//! returns, always with the idempotency key it was made with, so the server stores it once however
//! often it is resent (201 the first time, 200 after).
//!
//! This module is the pure part, tested natively: what a queued report is, how the queue is kept
//! in local storage (one JSON array per case, under [`storage_key`]), which reports to send and
//! in what order, and what an answer means for the report. When and how often to send is
//! `sync.rs`.

use crate::api::ApiError;
use chrono::{DateTime, Utc};
use mimamori_shared::api::reports::{CreateReport, ReportView};
use mimamori_shared::ids::CaseId;
use mimamori_shared::triage::Flag;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Prefix of the local-storage keys of the queue; the case id follows.
pub const STORAGE_PREFIX: &str = "mimamori.queue.";

/// A report waiting on the device to be sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueuedReport {
    /// Whose report it is.
    pub case_id: CaseId,
    /// The request exactly as it will be sent, idempotency key included.
    pub request: CreateReport,
    /// The app's own judgement, so the danger advice can be shown while the report waits.
    pub local_flag: Flag,
    /// When the patient pressed "send" (the device's clock).
    pub queued_at: DateTime<Utc>,
}

impl QueuedReport {
    /// The idempotency key every attempt of this report carries.
    pub fn key(&self) -> Option<Uuid> {
        self.request.idempotency_key
    }
}

/// The local-storage key of a case's queue.
pub fn storage_key(case_id: CaseId) -> String {
    format!("{STORAGE_PREFIX}{case_id}")
}

/// The case whose queue a local-storage key holds, if it is a queue's key.
pub fn case_of_storage_key(key: &str) -> Option<CaseId> {
    key.strip_prefix(STORAGE_PREFIX)?.parse().ok()
}

/// Reads a stored queue. Entries that cannot be read, have no key or repeat a key are left out:
/// one damaged entry must not keep the others from being sent.
pub fn parse(text: &str) -> Vec<QueuedReport> {
    let Ok(values) = serde_json::from_str::<Vec<serde_json::Value>>(text) else {
        return Vec::new();
    };
    let mut queue = Vec::new();
    for value in values {
        if let Ok(report) = serde_json::from_value::<QueuedReport>(value) {
            enqueue(&mut queue, report);
        }
    }
    queue
}

/// The stored form of a queue (a JSON array).
pub fn to_json(queue: &[QueuedReport]) -> String {
    // Serialising plain data cannot fail; an empty array is the safe answer if it ever did.
    serde_json::to_string(queue).unwrap_or_else(|_| String::from("[]"))
}

/// Adds a report unless one with the same key is already waiting (a second tap, or the same
/// report queued from two tabs). Returns whether it was added; a report without a key is never
/// queued, since resending it could store it twice.
pub fn enqueue(queue: &mut Vec<QueuedReport>, report: QueuedReport) -> bool {
    match report.key() {
        Some(key) if !queue.iter().any(|r| r.key() == Some(key)) => {
            queue.push(report);
            true
        }
        _ => false,
    }
}

/// Takes the report with this key out of the queue; returns whether it was there.
pub fn remove(queue: &mut Vec<QueuedReport>, key: Uuid) -> bool {
    let before = queue.len();
    queue.retain(|r| r.key() != Some(key));
    queue.len() != before
}

/// What to send in one round: the reports of the cases this sign-in may report for, oldest
/// first (staff read them in the order they were made), leaving out those already on their way.
/// Reports of other cases wait for their own sign-in: sent now they would only be refused.
pub fn to_send<'a>(
    queue: &'a [QueuedReport],
    cases: &[CaseId],
    in_flight: &[Uuid],
) -> Vec<&'a QueuedReport> {
    let mut due: Vec<&QueuedReport> = queue
        .iter()
        .filter(|r| cases.contains(&r.case_id))
        .filter(|r| r.key().is_some_and(|k| !in_flight.contains(&k)))
        .collect();
    due.sort_by_key(|r| (r.queued_at, r.key()));
    due
}

/// What an attempt to send a queued report came to (`T`: the stored report).
#[derive(Debug, Clone, PartialEq)]
pub enum Attempt<T = ReportView> {
    /// Stored by the server (201), or found already stored under the same key (200).
    Sent(T),
    /// No answer, or a passing refusal (server trouble, rate limit): keep it, try again later.
    Retry,
    /// The session ended (401): keep it; it goes once the patient has signed in again.
    SignInNeeded,
    /// Refused for good (422, 404…): resending the same request cannot succeed, so it leaves the
    /// queue and the patient is told.
    Refused(ApiError),
}

impl<T> Attempt<T> {
    /// Whether the report leaves the queue.
    pub fn is_final(&self) -> bool {
        matches!(self, Attempt::Sent(_) | Attempt::Refused(_))
    }
}

/// Reads the answer to one attempt.
pub fn after_attempt<T>(result: Result<T, ApiError>) -> Attempt<T> {
    match result {
        Ok(report) => Attempt::Sent(report),
        Err(error) if is_transient(&error) => Attempt::Retry,
        Err(error) if error.status() == Some(401) => Attempt::SignInNeeded,
        Err(error) => Attempt::Refused(error),
    }
}

/// Whether a failed call may succeed later unchanged: no answer at all, a timeout, a rate limit,
/// server trouble, or an answer that is not ours (a captive portal's or a proxy's page).
pub fn is_transient(error: &ApiError) -> bool {
    match error {
        ApiError::Network => true,
        ApiError::Unexpected { status } => !(400..500).contains(status) || *status == 408,
        ApiError::Problem(problem) => matches!(problem.status, 408 | 429 | 500..),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;
    use mimamori_shared::api::Problem;

    fn at(minutes: i64) -> DateTime<Utc> {
        DateTime::<Utc>::UNIX_EPOCH + Duration::days(20_000) + Duration::minutes(minutes)
    }

    fn queued(case: i64, key: u128, minutes: i64) -> QueuedReport {
        QueuedReport {
            case_id: CaseId(case),
            request: CreateReport {
                idempotency_key: Some(Uuid::from_u128(key)),
                temperature_c: Some(37.2),
                spo2: Some(92),
                ..CreateReport::default()
            },
            local_flag: Flag::Red,
            queued_at: at(minutes),
        }
    }

    fn keys(queue: &[&QueuedReport]) -> Vec<u128> {
        queue
            .iter()
            .filter_map(|r| r.key())
            .map(|k| k.as_u128())
            .collect()
    }

    fn problem(status: u16) -> ApiError {
        ApiError::Problem(Box::new(Problem {
            kind: "about:blank".into(),
            title: "t".into(),
            status,
            detail: None,
            code: "c".into(),
            errors: Vec::new(),
        }))
    }

    #[test]
    fn a_stored_queue_reads_back_with_its_keys() {
        let queue = vec![queued(1, 10, 0), queued(1, 11, 5)];
        let text = to_json(&queue);
        assert!(text.contains(&Uuid::from_u128(10).to_string()), "{text}");
        assert_eq!(parse(&text), queue);
    }

    #[test]
    fn damaged_or_keyless_entries_do_not_hide_the_others() {
        let good = queued(1, 10, 0);
        let mut keyless = queued(1, 11, 1);
        keyless.request.idempotency_key = None;
        let text = format!(
            "[{}, {{\"case_id\": \"x\"}}, {}, 42, {}]",
            serde_json::to_string(&good).unwrap_or_default(),
            serde_json::to_string(&keyless).unwrap_or_default(),
            serde_json::to_string(&good).unwrap_or_default(),
        );
        assert_eq!(parse(&text), vec![good]);
        assert!(parse("not json").is_empty());
        assert!(parse("").is_empty());
    }

    #[test]
    fn the_same_key_is_queued_once() {
        let mut queue = Vec::new();
        assert!(enqueue(&mut queue, queued(1, 10, 0)));
        assert!(!enqueue(&mut queue, queued(1, 10, 3)), "a second tap");
        assert!(enqueue(&mut queue, queued(1, 11, 3)), "another report");
        assert_eq!(queue.len(), 2);
        let mut keyless = queued(1, 12, 4);
        keyless.request.idempotency_key = None;
        assert!(!enqueue(&mut queue, keyless));
        assert!(remove(&mut queue, Uuid::from_u128(10)));
        assert!(!remove(&mut queue, Uuid::from_u128(10)));
        assert_eq!(queue.len(), 1);
    }

    #[test]
    fn reports_are_sent_oldest_first_for_the_signed_in_cases_only() {
        let queue = vec![queued(1, 12, 9), queued(2, 20, 1), queued(1, 11, 2)];
        assert_eq!(keys(&to_send(&queue, &[CaseId(1)], &[])), [11, 12]);
        assert_eq!(
            keys(&to_send(&queue, &[CaseId(1), CaseId(2)], &[])),
            [20, 11, 12]
        );
        assert!(to_send(&queue, &[], &[]).is_empty(), "signed out");
    }

    #[test]
    fn a_report_on_its_way_is_not_sent_again_in_parallel() {
        let queue = vec![queued(1, 11, 0), queued(1, 12, 1)];
        let due = to_send(&queue, &[CaseId(1)], &[Uuid::from_u128(11)]);
        assert_eq!(keys(&due), [12]);
    }

    #[test]
    fn each_answer_decides_what_becomes_of_the_report() {
        let cases: Vec<(Result<u8, ApiError>, &str)> = vec![
            (Ok(7), "sent"),
            (Err(ApiError::Network), "retry"),
            (Err(problem(503)), "retry"),
            (Err(problem(500)), "retry"),
            (Err(problem(429)), "retry"),
            (Err(problem(408)), "retry"),
            (Err(ApiError::Unexpected { status: 502 }), "retry"),
            (Err(ApiError::Unexpected { status: 200 }), "retry"),
            (Err(problem(401)), "sign in"),
            (Err(problem(404)), "refused"),
            (Err(problem(422)), "refused"),
            (Err(ApiError::Unexpected { status: 403 }), "refused"),
        ];
        for (result, expected) in cases {
            let label = format!("{result:?}");
            let got = match after_attempt(result) {
                Attempt::Sent(report) => {
                    assert_eq!(report, 7);
                    "sent"
                }
                Attempt::Retry => "retry",
                Attempt::SignInNeeded => "sign in",
                Attempt::Refused(_) => "refused",
            };
            assert_eq!(got, expected, "{label}");
        }
    }

    #[test]
    fn only_sent_and_refused_reports_leave_the_queue() {
        assert!(Attempt::Sent(7).is_final());
        assert!(Attempt::<u8>::Refused(problem(404)).is_final());
        assert!(!Attempt::<u8>::Retry.is_final());
        assert!(!Attempt::<u8>::SignInNeeded.is_final());
    }

    #[test]
    fn storage_keys_name_their_case() {
        assert_eq!(storage_key(CaseId(42)), "mimamori.queue.42");
        assert_eq!(case_of_storage_key("mimamori.queue.42"), Some(CaseId(42)));
        assert_eq!(case_of_storage_key("mimamori.lang"), None);
        assert_eq!(case_of_storage_key("mimamori.queue.x"), None);
    }
}
