//! Throttling of patient sign-ins (docs/security.md "Patient sign-in"): case numbers are sequential
//! and printed on letters, so failed passwords are counted per case number — known or not, so the
//! answer never tells whether a number exists — and per client address across case numbers. Both
//! are keyed by a blind index (`sign_in.case`, `sign_in.address`): the table stores no case number
//! an attacker typed and no address.
//!
//! Per case number: the first [`FREE_FAILURES`] failures cost nothing; each further one makes the
//! number wait ([`backoff`]: 30 s, doubling), and the [`LOCK_AT`]th locks it for [`LOCK`]. While
//! it waits every attempt is answered 429 with `Retry-After`, the right password too, without
//! checking it. Per address: [`ADDRESS_FAILURES`] failures across numbers lock the address for
//! [`LOCK`]. Failures are forgotten after a success (the number's) or a quiet [`FORGET_AFTER`].

use crate::db;
use crate::error::ApiError;
use crate::keys::Keyring;
use chrono::{DateTime, Duration, Utc};
use sea_orm::ConnectionTrait;

/// Failures of one case number before it has to wait.
pub const FREE_FAILURES: i32 = 5;
/// The failure of one case number that locks it.
pub const LOCK_AT: i32 = 10;
/// How long a lock lasts.
pub const LOCK: Duration = Duration::minutes(15);
/// Failures from one client address, across case numbers, that lock the address.
pub const ADDRESS_FAILURES: i32 = 30;
/// A key's failures are forgotten once its last was this long ago.
pub const FORGET_AFTER: Duration = Duration::hours(24);

/// The keys one sign-in attempt is counted under.
#[derive(Debug, Clone)]
pub struct Attempt {
    case_key: String,
    address_key: Option<String>,
}

/// What a failure led to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Failure {
    /// The case number's failures, this one included.
    pub failures: i32,
    /// This failure locked the case number (the [`LOCK_AT`]th).
    pub locked_now: bool,
}

impl Attempt {
    /// The keys of an attempt on `case_number` from `client_addr`.
    pub fn new(keys: &Keyring, case_number: &str, client_addr: Option<&str>) -> Self {
        Self {
            case_key: format!(
                "case:{}",
                keys.blind_index("sign_in.case", case_number.trim())
            ),
            // An IPv6 client is counted by its /64, as by the rate limits.
            address_key: client_addr.map(|addr| {
                let counted = addr.parse().map_or_else(
                    |_| addr.to_owned(),
                    |ip| crate::limits::client_addr::counted_as(ip).to_string(),
                );
                format!("addr:{}", keys.blind_index("sign_in.address", &counted))
            }),
        }
    }

    fn all(&self) -> Vec<String> {
        std::iter::once(self.case_key.clone())
            .chain(self.address_key.clone())
            .collect()
    }

    /// 429 with `Retry-After` while the case number or the address must wait.
    pub async fn check(
        &self,
        db: &impl ConnectionTrait,
        now: DateTime<Utc>,
    ) -> Result<(), ApiError> {
        match blocked_until(db, self.all(), now).await? {
            Some(until) => Err(wait_until(
                "sign_in_locked",
                "too many failed sign-ins: wait before trying again",
                until,
                now,
            )),
            None => Ok(()),
        }
    }

    /// Counts a failed password and makes the number (and the address) wait as the rules say.
    pub async fn failed(
        &self,
        db: &impl ConnectionTrait,
        now: DateTime<Utc>,
    ) -> Result<Failure, ApiError> {
        let forget_before = now - FORGET_AFTER;
        let failures =
            db::sign_in_throttle::record_failure(db, &self.case_key, now, forget_before).await?;
        if let Some(wait) = backoff(failures) {
            db::sign_in_throttle::block(db, &self.case_key, now + wait).await?;
        }
        if let Some(address) = &self.address_key {
            let from_address =
                db::sign_in_throttle::record_failure(db, address, now, forget_before).await?;
            if from_address >= ADDRESS_FAILURES {
                db::sign_in_throttle::block(db, address, now + LOCK).await?;
            }
        }
        Ok(Failure {
            failures,
            locked_now: failures == LOCK_AT,
        })
    }

    /// Forgets the case number's failures after the right password; returns how many there
    /// were (the patient is told). The address's count stays.
    pub async fn succeeded(&self, db: &impl ConnectionTrait) -> Result<i32, ApiError> {
        Ok(db::sign_in_throttle::clear(db, &self.case_key).await?)
    }
}

/// How long a case number waits after its `failures`th failure: nothing for the first
/// [`FREE_FAILURES`], then 30 s doubling each time, and [`LOCK`] from the [`LOCK_AT`]th on.
pub fn backoff(failures: i32) -> Option<Duration> {
    if failures < FREE_FAILURES {
        None
    } else if failures >= LOCK_AT {
        Some(LOCK)
    } else {
        let doublings = u32::try_from(failures - FREE_FAILURES).unwrap_or(0);
        Some(Duration::seconds(30 * (1_i64 << doublings)))
    }
}

/// The latest time any of `keys` is blocked until, when one still is at `now` (shared with
/// `finder_throttle`, which counts in the same table).
pub async fn blocked_until(
    db: &impl ConnectionTrait,
    keys: Vec<String>,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, sea_orm::DbErr> {
    Ok(db::sign_in_throttle::find(db, keys)
        .await?
        .into_iter()
        .filter_map(|row| row.blocked_until)
        .filter(|until| *until > now)
        .max())
}

/// 429 `code` with `Retry-After` rounded up to `until`: a client that waits exactly that long
/// is let in.
pub fn wait_until(
    code: &'static str,
    detail: &'static str,
    until: DateTime<Utc>,
    now: DateTime<Utc>,
) -> ApiError {
    let seconds = ((until - now).num_milliseconds() + 999)
        .div_euclid(1_000)
        .max(1);
    ApiError::TooManyRequests {
        code,
        detail,
        retry_after_seconds: u64::try_from(seconds).unwrap_or(1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_grows_after_five_failures_and_the_tenth_locks() {
        let waits: Vec<Option<i64>> = (1..=12)
            .map(|n| backoff(n).map(|d| d.num_seconds()))
            .collect();
        assert_eq!(
            waits,
            [
                None,
                None,
                None,
                None,
                Some(30),
                Some(60),
                Some(120),
                Some(240),
                Some(480),
                Some(900),
                Some(900),
                Some(900)
            ]
        );
    }
}
