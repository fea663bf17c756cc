//! Rate limits (GCRA, from the `governor` crate), kept in memory per instance: per client
//! address on the whole API and, tighter, on the paths where a guess or a heavy request is
//! worth the most; per account on reports and messages. A refusal is 429 problem+json with
//! `Retry-After`.
//!
//! In memory per instance on purpose: the limits stop floods, not careful guessing, which the
//! sign-in throttles stored in the database stop across instances
//! (`services::sign_in_throttle`). With N instances behind a balancer an address gets up to N
//! times the rate.

use super::client_addr::ClientIp;
use super::settings::{LimitSettings, RateSpec};
use crate::error::ApiError;
use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::Arc;

/// The paths of the tighter per-address limit: sign-in, invitation redemption, password change,
/// the inpatient case finder and the CSV imports (POST or PUT only).
pub const TIGHT_PATHS: [&str; 9] = [
    "/api/patient/session",
    "/api/patient/invitations/redeem",
    "/api/staff/session",
    "/api/staff/totp/enrolment/confirm",
    "/api/staff/me/password",
    "/api/staff/inpatients/find",
    "/api/staff/cases/import",
    "/api/staff/admin/orgs/import",
    "/api/staff/admin/users/import",
];

/// Who a per-account limit counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Account {
    /// A patient account (a household's sign-in).
    Patient(i64),
    /// A staff member.
    Staff(i64),
}

/// One keyed limit and how its refusals read.
struct Limit<K: Hash + Eq + Clone> {
    limiter: DefaultKeyedRateLimiter<K>,
    /// The metric label.
    name: &'static str,
    detail: &'static str,
}

impl<K: Hash + Eq + Clone> Limit<K> {
    fn new(spec: RateSpec, name: &'static str, detail: &'static str) -> Self {
        Self {
            limiter: RateLimiter::keyed(quota(spec)),
            name,
            detail,
        }
    }

    /// One more request for `key`: `Ok`, or the 429 to answer.
    fn check(&self, key: &K) -> Result<(), ApiError> {
        self.limiter.check_key(key).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            metrics::counter!(crate::metrics::name::LIMITED, "limit" => self.name).increment(1);
            ApiError::TooManyRequests {
                code: "rate_limited",
                detail: self.detail,
                // Rounded up: a client that waits exactly this long is let in.
                retry_after_seconds: wait.as_secs() + u64::from(wait.subsec_nanos() > 0),
            }
        })
    }

    fn forget_idle(&self) {
        self.limiter.retain_recent();
        self.limiter.shrink_to_fit();
    }
}

/// `count` at once, then one more each `period / count`.
fn quota(spec: RateSpec) -> Quota {
    let interval = spec.period / spec.count.get();
    Quota::with_period(interval.max(std::time::Duration::from_nanos(1)))
        .unwrap_or_else(|| Quota::per_second(spec.count))
        .allow_burst(spec.count)
}

/// Every rate limit of one instance; cheap to share.
pub struct Limiters {
    api: Limit<IpAddr>,
    tight: Limit<IpAddr>,
    reports: Limit<Account>,
    messages: Limit<Account>,
}

impl std::fmt::Debug for Limiters {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Limiters").finish_non_exhaustive()
    }
}

impl Limiters {
    /// The limits `settings` describe.
    pub fn new(settings: &LimitSettings) -> Self {
        Self {
            api: Limit::new(
                settings.rate_api,
                "api",
                "too many requests from this address; wait and try again",
            ),
            tight: Limit::new(
                settings.rate_sign_in,
                "sign_in",
                "too many sign-in attempts from this address; wait and try again",
            ),
            reports: Limit::new(
                settings.rate_reports,
                "reports",
                "too many reports from this sign-in; wait and try again",
            ),
            messages: Limit::new(
                settings.rate_messages,
                "messages",
                "too many messages; wait and try again",
            ),
        }
    }

    /// One more report from `account`.
    pub fn report(&self, account: Account) -> Result<(), ApiError> {
        self.reports.check(&account)
    }

    /// One more message from `account`.
    pub fn message(&self, account: Account) -> Result<(), ApiError> {
        self.messages.check(&account)
    }

    /// Drops the state of keys that have been quiet long enough to be back at a full burst,
    /// so a scan from many addresses does not keep memory.
    pub fn forget_idle(&self) {
        self.api.forget_idle();
        self.tight.forget_idle();
        self.reports.forget_idle();
        self.messages.forget_idle();
    }
}

/// Middleware on `/api`: the per-address limits, before any handler (and any password hash)
/// runs. A request without a known address (no connection info, as in some tests) passes.
pub async fn limit_by_address(
    State(limiters): State<Arc<Limiters>>,
    request: Request,
    next: Next,
) -> Response {
    if let Some(ClientIp(address)) = request.extensions().get::<ClientIp>().copied() {
        let address = super::client_addr::counted_as(address);
        if let Err(refused) = limiters.api.check(&address) {
            return refused.into_response();
        }
        let tight = matches!(*request.method(), Method::POST | Method::PUT)
            && TIGHT_PATHS.contains(&request.uri().path());
        if tight && let Err(refused) = limiters.tight.check(&address) {
            return refused.into_response();
        }
    }
    next.run(request).await
}

/// Forgets idle keys once a minute, for as long as the server runs.
pub async fn forget_idle_every_minute(limiters: Arc<Limiters>) {
    let mut ticks = tokio::time::interval(std::time::Duration::from_secs(60));
    loop {
        ticks.tick().await;
        limiters.forget_idle();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::num::NonZeroU32;
    use std::time::Duration;

    #[test]
    fn a_burst_passes_and_the_next_is_refused_with_the_wait() {
        let spec = RateSpec::new(
            NonZeroU32::new(3).unwrap_or(NonZeroU32::MIN),
            Duration::from_secs(60),
        );
        let limit: Limit<u8> = Limit::new(spec, "test", "slow down");
        for _ in 0..3 {
            assert!(limit.check(&1).is_ok());
        }
        match limit.check(&1) {
            Err(ApiError::TooManyRequests {
                retry_after_seconds,
                ..
            }) => assert!(
                (1..=20).contains(&retry_after_seconds),
                "{retry_after_seconds}"
            ),
            other => panic!("expected 429, got {other:?}"),
        }
        assert!(limit.check(&2).is_ok(), "another key has its own burst");
    }
}
