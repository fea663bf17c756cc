//! The client's address, decided once per request at the edge: the connection's peer, or,
//! when the peer is one of `MIMAMORI_TRUSTED_PROXIES`, the address that proxy was asked by, in
//! the one header it is configured to write (`MIMAMORI_FORWARDED_HEADER`: `X-Forwarded-For`
//! by default, or RFC 7239 `Forwarded`). The rate limits and the audit log both use it
//! ([`ClientIp`] in the request's extensions).
//!
//! The chain is read from the right (the hop nearest to us) and trusted hops are skipped, so a
//! client cannot choose its address by sending its own header: whatever it wrote is left of
//! the first untrusted hop and never read.

use axum::extract::{ConnectInfo, Request, State};
use axum::http::HeaderMap;
use axum::http::header::FORWARDED;
use axum::middleware::Next;
use axum::response::Response;
use forwarded_header_value::ForwardedHeaderValue;
use ipnet::IpNet;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

/// The client's address as decided by [`resolve`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

/// Which header a trusted proxy names the client in (`MIMAMORI_FORWARDED_HEADER`). One only:
/// a proxy that writes one header passes the other through as the client sent it, so reading
/// both would let a client choose its address.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ForwardedHeader {
    /// `X-Forwarded-For: client, proxy1` (nginx, Apache, most load balancers).
    #[default]
    XForwardedFor,
    /// RFC 7239 `Forwarded: for=client, for=proxy1`.
    Forwarded,
}

/// The proxies whose forwarding header is believed.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies {
    networks: Arc<[IpNet]>,
    header: ForwardedHeader,
}

impl TrustedProxies {
    /// These networks, naming the client in `header`.
    pub fn new(networks: &[IpNet], header: ForwardedHeader) -> Self {
        Self {
            networks: networks.into(),
            header,
        }
    }

    fn trusts(&self, address: IpAddr) -> bool {
        let address = canonical(address);
        self.networks
            .iter()
            .any(|network| network.contains(&address))
    }

    /// The client's address for a request that came from `peer` with `headers`.
    pub fn client_of(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = canonical(peer);
        if !self.trusts(peer) {
            return peer;
        }
        let mut client = peer;
        for hop in self.hops(headers).iter().rev() {
            // An unreadable hop ("unknown", an obfuscated name, garbage a client wrote) ends
            // the chain: the last address we could read is as far as we can see.
            let Some(address) = parse_hop(hop, self.header) else {
                break;
            };
            client = canonical(address);
            if !self.trusts(client) {
                break;
            }
        }
        client
    }

    /// The entries of the configured header, client first, every line of it in order.
    fn hops<'h>(&self, headers: &'h HeaderMap) -> Vec<&'h str> {
        let name = match self.header {
            ForwardedHeader::XForwardedFor => "x-forwarded-for",
            ForwardedHeader::Forwarded => FORWARDED.as_str(),
        };
        headers
            .get_all(name)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|line| line.split(','))
            .collect()
    }
}

/// An address, written bare, with a port, or bracketed; for `Forwarded`, one element's `for=`
/// (parsed by the forwarded-header-value crate).
fn parse_hop(hop: &str, header: ForwardedHeader) -> Option<IpAddr> {
    match header {
        ForwardedHeader::Forwarded => ForwardedHeaderValue::from_forwarded(hop.trim())
            .ok()?
            .proximate_forwarded_for_ip(),
        ForwardedHeader::XForwardedFor => {
            let hop = hop.trim();
            hop.parse::<IpAddr>()
                .ok()
                .or_else(|| hop.parse::<SocketAddr>().ok().map(|s| s.ip()))
                .or_else(|| {
                    hop.strip_prefix('[')
                        .and_then(|h| h.strip_suffix(']'))
                        .and_then(|h| h.parse().ok())
                })
        }
    }
}

/// The key an address is counted under by the limits: itself for IPv4, its /64 for IPv6 (a
/// home connection gets a /64 at least, so one person could otherwise take a fresh address for
/// every attempt).
pub fn counted_as(address: IpAddr) -> IpAddr {
    match canonical(address) {
        IpAddr::V6(v6) => {
            let prefix = u128::from(v6) & !((1_u128 << 64) - 1);
            IpAddr::V6(std::net::Ipv6Addr::from(prefix))
        }
        v4 => v4,
    }
}

/// An IPv4 address mapped into IPv6 (`::ffff:10.0.0.1`, from a dual-stack socket) is the IPv4
/// address, so that limits, trusted networks and the push endpoint rule match it.
pub fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    }
}

/// Middleware: puts the request's [`ClientIp`] in its extensions (nothing when the server runs
/// without connection info).
pub async fn resolve(
    State(trusted): State<TrustedProxies>,
    mut request: Request,
    next: Next,
) -> Response {
    if let Some(ConnectInfo(peer)) = request.extensions().get::<ConnectInfo<SocketAddr>>() {
        let client = trusted.client_of(peer.ip(), request.headers());
        request.extensions_mut().insert(ClientIp(client));
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap_or(IpAddr::from([0, 0, 0, 0]))
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_static(value));
        }
        map
    }

    fn proxies_with(list: &[&str], header: ForwardedHeader) -> TrustedProxies {
        TrustedProxies::new(
            &list
                .iter()
                .filter_map(|n| super::super::settings::parse_network(n))
                .collect::<Vec<IpNet>>(),
            header,
        )
    }

    fn proxies(list: &[&str]) -> TrustedProxies {
        proxies_with(list, ForwardedHeader::XForwardedFor)
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_says() {
        let spoofed = headers(&[("x-forwarded-for", "198.51.100.7")]);
        assert_eq!(
            proxies(&["10.0.0.0/8"]).client_of(ip("203.0.113.9"), &spoofed),
            ip("203.0.113.9")
        );
        assert_eq!(
            TrustedProxies::default().client_of(ip("10.0.0.2"), &spoofed),
            ip("10.0.0.2")
        );
    }

    #[test]
    fn a_trusted_proxy_names_the_client_and_a_spoofed_left_part_is_ignored() {
        let trusted = proxies(&["10.0.0.0/8"]);
        let forwarded = headers(&[("x-forwarded-for", "1.2.3.4, 198.51.100.7, 10.0.0.5")]);
        assert_eq!(
            trusted.client_of(ip("10.0.0.2"), &forwarded),
            ip("198.51.100.7")
        );
        let with_port = headers(&[("x-forwarded-for", "198.51.100.9:4711")]);
        assert_eq!(
            trusted.client_of(ip("10.0.0.2"), &with_port),
            ip("198.51.100.9")
        );
        let mapped = ip("::ffff:10.0.0.2");
        assert_eq!(
            trusted.client_of(mapped, &headers(&[("x-forwarded-for", "198.51.100.8")])),
            ip("198.51.100.8")
        );
        let rfc = proxies_with(&["10.0.0.0/8"], ForwardedHeader::Forwarded);
        let forwarded = headers(&[("forwarded", "for=1.2.3.4, for=\"[2001:db8::17]:4711\"")]);
        assert_eq!(
            rfc.client_of(ip("10.0.0.2"), &forwarded),
            ip("2001:db8::17")
        );
    }

    #[test]
    fn only_the_configured_header_is_read() {
        // The proxy appends X-Forwarded-For and passes the client's own Forwarded through.
        let both = headers(&[
            ("forwarded", "for=6.6.6.6"),
            ("x-forwarded-for", "198.51.100.7"),
        ]);
        assert_eq!(
            proxies(&["10.0.0.2"]).client_of(ip("10.0.0.2"), &both),
            ip("198.51.100.7")
        );
        assert_eq!(
            proxies_with(&["10.0.0.2"], ForwardedHeader::Forwarded)
                .client_of(ip("10.0.0.2"), &both),
            ip("6.6.6.6")
        );
    }

    #[test]
    fn garbage_from_the_client_does_not_hide_the_hop_the_proxy_added() {
        let trusted = proxies(&["10.0.0.2"]);
        let forwarded = headers(&[("x-forwarded-for", "x, 198.51.100.7")]);
        assert_eq!(
            trusted.client_of(ip("10.0.0.2"), &forwarded),
            ip("198.51.100.7")
        );
    }

    #[test]
    fn ipv6_clients_are_counted_by_their_64() {
        assert_eq!(counted_as(ip("2001:db8:1:2:aaaa::1")), ip("2001:db8:1:2::"));
        assert_eq!(counted_as(ip("2001:db8:1:2:ffff::9")), ip("2001:db8:1:2::"));
        assert_eq!(counted_as(ip("198.51.100.7")), ip("198.51.100.7"));
        assert_eq!(counted_as(ip("::ffff:198.51.100.7")), ip("198.51.100.7"));
    }

    #[test]
    fn an_unreadable_hop_stops_at_the_last_known_address() {
        let trusted = proxies(&["10.0.0.0/8"]);
        let forwarded = headers(&[("forwarded", "for=unknown")]);
        assert_eq!(
            trusted.client_of(ip("10.0.0.2"), &forwarded),
            ip("10.0.0.2")
        );
        assert_eq!(
            trusted.client_of(ip("10.0.0.2"), &HeaderMap::new()),
            ip("10.0.0.2")
        );
    }
}
