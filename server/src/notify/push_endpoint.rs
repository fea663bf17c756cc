//! Which push endpoints the server will POST to (docs/security.md, "Push endpoints"). A
//! subscription's endpoint comes from a browser, that is from anyone with a patient sign-in, so
//! without a rule the server could be made to send requests inside the deployment's network
//! (SSRF).
//!
//! The rule: https, to a host on the allow-list (the major browsers' push services by
//! default), whose every resolved address is public. It is checked when a subscription is
//! made and again on every connection (the HTTP client's resolver drops internal addresses), so
//! a name that later resolves inside (DNS rebinding) is still refused. Tests and a developer's
//! machine may allow local http endpoints (`MIMAMORI_PUSH_ALLOW_LOCAL`); production refuses to
//! start with that set (`config_check`).

use ipnet::IpNet;
use reqwest::Url;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, LazyLock};

/// The push services of Chrome and Android (FCM), Firefox (Mozilla autopush), Edge (Windows
/// Push Notification Services) and Safari (Apple), as browsers give them in
/// `PushSubscription.endpoint`. `*.` matches any subdomain.
pub const DEFAULT_PUSH_HOSTS: [&str; 6] = [
    "fcm.googleapis.com",
    "android.googleapis.com",
    "updates.push.services.mozilla.com",
    "*.notify.windows.com",
    "web.push.apple.com",
    "*.push.apple.com",
];

/// Why an endpoint is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// Not a URL with a host.
    #[error("not a URL with a host")]
    NotUrl,
    /// Not https.
    #[error("not https")]
    NotHttps,
    /// The host is not a push service on the allow-list.
    #[error("host not on the push allow-list")]
    HostNotAllowed,
    /// The host resolves to no address, or to an internal one.
    #[error("host resolves to an internal or no address")]
    NotPublic,
}

/// The rule, from the configuration.
#[derive(Debug, Clone)]
pub struct EndpointPolicy {
    hosts: Arc<[String]>,
    allow_local: bool,
}

impl EndpointPolicy {
    /// Endpoints on `hosts` (`*` alone: any public host); with `allow_local`, anything at all.
    pub fn new(hosts: &[String], allow_local: bool) -> Self {
        Self {
            hosts: hosts.iter().map(|h| h.to_ascii_lowercase()).collect(),
            allow_local,
        }
    }

    /// Any endpoint, local http included: for tests and benchmarks with a local receiver.
    pub fn allow_local() -> Self {
        Self::new(&[], true)
    }

    /// Whether local endpoints are allowed (no check at all).
    pub fn allows_local(&self) -> bool {
        self.allow_local
    }

    /// Checks `endpoint` as given at subscription: scheme, allow-list and the addresses its
    /// host resolves to now.
    pub async fn check(&self, endpoint: &str) -> Result<(), Refusal> {
        let Some((host, port)) = self.name_to_resolve(endpoint.trim())? else {
            return Ok(());
        };
        let addresses: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), port))
            .await
            .map_err(|_| Refusal::NotPublic)?
            .collect();
        if addresses.is_empty() || !addresses.iter().all(|a| is_public(a.ip())) {
            return Err(Refusal::NotPublic);
        }
        Ok(())
    }

    /// Checks what can be checked without the network, before each send: scheme, allow-list,
    /// and an address written in the URL (names are checked by [`PublicOnlyResolver`]).
    pub fn check_before_send(&self, endpoint: &str) -> Result<(), Refusal> {
        self.name_to_resolve(endpoint).map(|_| ())
    }

    /// Scheme, allow-list and an address written in the URL; then the host name and port still
    /// to resolve (`None`: nothing is left to check, local endpoints being allowed or the host
    /// an address already judged).
    fn name_to_resolve(&self, endpoint: &str) -> Result<Option<(String, u16)>, Refusal> {
        if self.allow_local {
            return Ok(None);
        }
        let url = Url::parse(endpoint).map_err(|_| Refusal::NotUrl)?;
        if url.scheme() != "https" {
            return Err(Refusal::NotHttps);
        }
        let host = url.host_str().ok_or(Refusal::NotUrl)?;
        let host = host.trim_start_matches('[').trim_end_matches(']');
        if !self.host_allowed(host) {
            return Err(Refusal::HostNotAllowed);
        }
        match host.parse::<IpAddr>() {
            Ok(address) if is_public(address) => Ok(None),
            Ok(_) => Err(Refusal::NotPublic),
            Err(_) => Ok(Some((
                host.to_owned(),
                url.port_or_known_default().unwrap_or(443),
            ))),
        }
    }

    fn host_allowed(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        self.hosts.iter().any(|pattern| {
            pattern == "*"
                || *pattern == host
                || pattern
                    .strip_prefix("*.")
                    .is_some_and(|domain| host.ends_with(&format!(".{domain}")))
        })
    }
}

/// The HTTP client's resolver when local endpoints are not allowed: resolves as the system
/// does and keeps public addresses only, so a connection can never be made inside, whatever
/// the name resolved to when the subscription was made.
#[derive(Debug, Clone, Copy, Default)]
pub struct PublicOnlyResolver;

impl reqwest::dns::Resolve for PublicOnlyResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let public: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .filter(|address| is_public(address.ip()))
                .collect();
            if public.is_empty() {
                return Err(Box::new(std::io::Error::other(format!(
                    "{host} has no public address"
                )))
                    as Box<dyn std::error::Error + Send + Sync>);
            }
            Ok(Box::new(public.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// Networks that are not the public internet (IANA's special-purpose registries, RFC 6890 and
/// its updates): loopback, private, shared (CGNAT), link-local, documentation, benchmarking,
/// multicast, reserved, and IPv6's unique-local, link-local, NAT64 and discard prefixes.
static INTERNAL: LazyLock<Vec<IpNet>> = LazyLock::new(|| {
    [
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "172.16.0.0/12",
        "192.0.0.0/24",
        "192.0.2.0/24",
        "192.88.99.0/24",
        "192.168.0.0/16",
        "198.18.0.0/15",
        "198.51.100.0/24",
        "203.0.113.0/24",
        "224.0.0.0/4",
        "240.0.0.0/4",
        // IPv4-compatible (deprecated, and `::`, `::1`) and IPv4-translated addresses.
        "::/96",
        "::ffff:0:0:0/96",
        "64:ff9b::/96",
        "64:ff9b:1::/48",
        "100::/64",
        "2001::/23",
        "2001:db8::/32",
        "2002::/16",
        "fc00::/7",
        "fe80::/10",
        "ff00::/8",
    ]
    .iter()
    .filter_map(|net| net.parse().ok())
    .collect()
});

/// Whether `address` is on the public internet. An IPv4 address mapped into IPv6 is judged as
/// IPv4; the other IPv6 forms that embed one (compatible, translated) are internal.
pub fn is_public(address: IpAddr) -> bool {
    let address = crate::limits::client_addr::canonical(address);
    !INTERNAL.iter().any(|net| net.contains(&address))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap_or(IpAddr::from([127, 0, 0, 1]))
    }

    #[test]
    fn internal_addresses_are_not_public() {
        for inside in [
            "127.0.0.1",
            "10.0.0.1",
            "172.20.1.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::127.0.0.1",
            "::ffff:0:127.0.0.1",
        ] {
            assert!(!is_public(ip(inside)), "{inside} counted as public");
        }
        for outside in ["142.250.196.106", "2404:6800:4004:80a::200a", "8.8.8.8"] {
            assert!(is_public(ip(outside)), "{outside} counted as internal");
        }
    }

    #[test]
    fn the_allow_list_matches_hosts_and_subdomains() {
        let hosts: Vec<String> = DEFAULT_PUSH_HOSTS.iter().map(|h| (*h).to_owned()).collect();
        let policy = EndpointPolicy::new(&hosts, false);
        assert!(policy.host_allowed("fcm.googleapis.com"));
        assert!(policy.host_allowed("wns2-by3p.notify.windows.com"));
        assert!(!policy.host_allowed("notify.windows.com.evil.example"));
        assert!(!policy.host_allowed("googleapis.com"));
        assert_eq!(
            policy.check_before_send("http://fcm.googleapis.com/x"),
            Err(Refusal::NotHttps)
        );
        assert_eq!(
            EndpointPolicy::new(&["*".to_owned()], false).check_before_send("https://10.0.0.1/x"),
            Err(Refusal::NotPublic)
        );
    }
}
