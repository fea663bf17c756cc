//! The limits' settings (`MIMAMORI_RATE_*`, `MIMAMORI_TRUSTED_PROXIES`, …), part of
//! [`crate::config::Config`]. docs/security.md "Limits" lists each with its default and the
//! threat it answers.

use ipnet::IpNet;
use serde::{Deserialize, Deserializer};
use std::num::NonZeroU32;
use std::str::FromStr;
use std::time::Duration;

/// "N requests per period", written `N/period` with the period as `s`, `min`, `h` or a number
/// of them (`30/12h`). N requests may come at once; after that one more each period ÷ N.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateSpec {
    /// How many.
    pub count: NonZeroU32,
    /// In how long.
    pub period: Duration,
}

impl RateSpec {
    /// `count` per `period`.
    pub const fn new(count: NonZeroU32, period: Duration) -> Self {
        Self { count, period }
    }
}

impl FromStr for RateSpec {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || format!("`{text}` is not a rate such as 30/min, 1200/min or 30/12h");
        let (count, period) = text.trim().split_once('/').ok_or_else(bad)?;
        let count: NonZeroU32 = count.trim().parse().map_err(|_| bad())?;
        let period = period.trim();
        let unit_at = period.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
        let (times, unit) = period.split_at(unit_at);
        let times: u64 = if times.is_empty() {
            1
        } else {
            times.parse().map_err(|_| bad())?
        };
        let seconds = match unit {
            "s" => 1,
            "min" => 60,
            "h" => 3_600,
            "d" => 86_400,
            _ => return Err(bad()),
        };
        if times == 0 {
            return Err(bad());
        }
        Ok(Self::new(count, Duration::from_secs(times * seconds)))
    }
}

impl std::fmt::Display for RateSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}s", self.count, self.period.as_secs())
    }
}

impl<'de> Deserialize<'de> for RateSpec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Every limit, with the defaults a prefecture's deployment runs with.
#[derive(Debug, Clone, Deserialize)]
pub struct LimitSettings {
    /// Requests to `/api` from one client address (`MIMAMORI_RATE_API`, default `1200/min`):
    /// generous, because a health centre's staff may all come from one address.
    #[serde(default = "default_rate_api")]
    pub rate_api: RateSpec,
    /// Sign-in, invitation redemption, password change, the inpatient finder and CSV import
    /// from one client address (`MIMAMORI_RATE_SIGN_IN`, default `30/min`): the paths where a
    /// guess or a heavy request is worth the most.
    #[serde(default = "default_rate_sign_in")]
    pub rate_sign_in: RateSpec,
    /// Reports from one patient account (`MIMAMORI_RATE_REPORTS`, default `30/12h`, about
    /// 30 a reporting slot).
    #[serde(default = "default_rate_reports")]
    pub rate_reports: RateSpec,
    /// Messages from one staff member (`MIMAMORI_RATE_MESSAGES`, default `30/h`).
    #[serde(default = "default_rate_messages")]
    pub rate_messages: RateSpec,
    /// Longest a request may take before it is answered 503 (`MIMAMORI_REQUEST_TIMEOUT_SECONDS`,
    /// default 30).
    #[serde(default = "default_request_timeout_seconds")]
    pub request_timeout_seconds: u64,
    /// Requests served at once (`MIMAMORI_MAX_CONCURRENT_REQUESTS`, default 512); more are
    /// answered 503 at once rather than queued without end.
    #[serde(default = "default_max_concurrent_requests")]
    pub max_concurrent_requests: usize,
    /// A case's red reports e-mail its staff at most once in this many minutes
    /// (`MIMAMORI_RED_MAIL_INTERVAL_MINUTES`, default 60); every red report still rings the
    /// console's bell and tops the work list.
    #[serde(default = "default_red_mail_interval_minutes")]
    pub red_mail_interval_minutes: u32,
    /// Proxies whose `Forwarded` / `X-Forwarded-For` headers are believed
    /// (`MIMAMORI_TRUSTED_PROXIES`, addresses or networks separated by commas; default none).
    #[serde(default, deserialize_with = "networks")]
    pub trusted_proxies: Vec<IpNet>,
    /// The header those proxies name the client in (`MIMAMORI_FORWARDED_HEADER`:
    /// `x-forwarded-for`, the default, or `forwarded`); the other is never read.
    #[serde(default)]
    pub forwarded_header: super::client_addr::ForwardedHeader,
    /// Hosts push subscriptions may point at (`MIMAMORI_PUSH_HOSTS`, separated by commas; `*.`
    /// matches subdomains, `*` alone any public host). Default: the major browsers' push
    /// services ([`crate::notify::push_endpoint::DEFAULT_PUSH_HOSTS`]).
    #[serde(default = "default_push_hosts", deserialize_with = "list_of_strings")]
    pub push_hosts: Vec<String>,
    /// Allows push endpoints anywhere, local http included (`MIMAMORI_PUSH_ALLOW_LOCAL`, default
    /// false): for tests and a developer's local push receiver only; production refuses it.
    #[serde(default)]
    pub push_allow_local: bool,
    /// Days a follow-up organisation may still read a case after the case ended or the
    /// organisation's contract with the case's health centre ended, whichever is first
    /// (`MIMAMORI_FOLLOWUP_ACCESS_DAYS`, default 30). After that only an amendment to a finding
    /// its doctors wrote is taken, and the health centre is told (`services::findings`).
    #[serde(default = "default_followup_access_days")]
    pub followup_access_days: u32,
}

impl LimitSettings {
    /// The push endpoint rule these settings describe.
    pub fn push_endpoints(&self) -> crate::notify::push_endpoint::EndpointPolicy {
        crate::notify::push_endpoint::EndpointPolicy::new(&self.push_hosts, self.push_allow_local)
    }

    /// How long a follow-up organisation keeps reading a case after it (or the contract)
    /// ended.
    pub fn followup_access(&self) -> chrono::Duration {
        chrono::Duration::days(i64::from(self.followup_access_days))
    }

    /// The request timeout as a duration.
    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout_seconds.max(1))
    }
}

impl Default for LimitSettings {
    fn default() -> Self {
        Self {
            rate_api: default_rate_api(),
            rate_sign_in: default_rate_sign_in(),
            rate_reports: default_rate_reports(),
            rate_messages: default_rate_messages(),
            request_timeout_seconds: default_request_timeout_seconds(),
            max_concurrent_requests: default_max_concurrent_requests(),
            red_mail_interval_minutes: default_red_mail_interval_minutes(),
            trusted_proxies: Vec::new(),
            forwarded_header: super::client_addr::ForwardedHeader::default(),
            push_hosts: default_push_hosts(),
            push_allow_local: false,
            followup_access_days: default_followup_access_days(),
        }
    }
}

fn rate(count: u32, seconds: u64) -> RateSpec {
    RateSpec::new(
        NonZeroU32::new(count).unwrap_or(NonZeroU32::MIN),
        Duration::from_secs(seconds),
    )
}
fn default_rate_api() -> RateSpec {
    rate(1_200, 60)
}
fn default_rate_sign_in() -> RateSpec {
    rate(30, 60)
}
fn default_rate_reports() -> RateSpec {
    rate(30, 12 * 3_600)
}
fn default_rate_messages() -> RateSpec {
    rate(30, 3_600)
}
fn default_request_timeout_seconds() -> u64 {
    30
}
fn default_max_concurrent_requests() -> usize {
    512
}
fn default_red_mail_interval_minutes() -> u32 {
    60
}
fn default_followup_access_days() -> u32 {
    30
}
fn default_push_hosts() -> Vec<String> {
    crate::notify::push_endpoint::DEFAULT_PUSH_HOSTS
        .iter()
        .map(|host| (*host).to_owned())
        .collect()
}

/// A list given as one comma-separated string (an environment variable) or as a list (TOML).
pub fn list_of_strings<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    let items = match OneOrMany::deserialize(deserializer)? {
        OneOrMany::One(text) => text.split(',').map(str::to_owned).collect(),
        OneOrMany::Many(items) => items,
    };
    Ok(items
        .into_iter()
        .map(|item| item.trim().to_owned())
        .filter(|item| !item.is_empty())
        .collect())
}

/// A network (`10.0.0.0/8`), or a bare address as a network of one.
pub fn parse_network(text: &str) -> Option<IpNet> {
    text.parse::<IpNet>()
        .ok()
        .or_else(|| text.parse::<std::net::IpAddr>().ok().map(IpNet::from))
}

/// Networks from [`list_of_strings`] ([`parse_network`]).
fn networks<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<IpNet>, D::Error> {
    list_of_strings(deserializer)?
        .iter()
        .map(|item| {
            parse_network(item).ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "`{item}` is not an address or a network such as 10.0.0.0/8"
                ))
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_read_as_written() {
        let spec: RateSpec = "30/12h".parse().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(spec.count.get(), 30);
        assert_eq!(spec.period, Duration::from_secs(12 * 3_600));
        let spec: RateSpec = "1200/min".parse().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((spec.count.get(), spec.period.as_secs()), (1_200, 60));
        for bad in ["", "30", "0/min", "30/", "30/0s", "30/week", "x/s"] {
            assert!(bad.parse::<RateSpec>().is_err(), "{bad} was accepted");
        }
    }
}
