//! The client's address, decided once per request at the edge: the connection's peer, or,
//! when the peer is one of `MIMAMORI_TRUSTED_PROXIES`, the address that proxy was asked by
//! (RFC 7239 `Forwarded`, else `X-Forwarded-For`). The rate limits and the audit log both use
//! it ([`ClientIp`] in the request's extensions).
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

/// The proxies whose forwarding headers are believed.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Arc<[IpNet]>);

impl TrustedProxies {
    /// These networks.
    pub fn new(networks: &[IpNet]) -> Self {
        Self(networks.into())
    }

    fn trusts(&self, address: IpAddr) -> bool {
        let address = canonical(address);
        self.0.iter().any(|network| network.contains(&address))
    }

    /// The client's address for a request that came from `peer` with `headers`.
    pub fn client_of(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = canonical(peer);
        if !self.trusts(peer) {
            return peer;
        }
        let mut client = peer;
        for hop in forwarded_chain(headers).into_iter().rev() {
            // An unreadable hop ("unknown", an obfuscated name) ends the chain: the last
            // address we could read is as far as we can see.
            let Some(address) = hop else { break };
            client = canonical(address);
            if !self.trusts(client) {
                break;
            }
        }
        client
    }
}

/// An IPv4 address mapped into IPv6 (`::ffff:10.0.0.1`, from a dual-stack socket) is the IPv4
/// address, so that limits and trusted networks match it.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    }
}

/// The forwarded-for hops, client first: from `Forwarded` when present, else from
/// `X-Forwarded-For`; every line of the header, in order.
fn forwarded_chain(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let joined = |name: &str| {
        let values: Vec<&str> = headers
            .get_all(name)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .collect();
        (!values.is_empty()).then(|| values.join(","))
    };
    let parsed = if let Some(value) = joined(FORWARDED.as_str()) {
        ForwardedHeaderValue::from_forwarded(&value)
    } else if let Some(value) = joined("x-forwarded-for") {
        ForwardedHeaderValue::from_x_forwarded_for(&value)
    } else {
        return Vec::new();
    };
    match parsed {
        Ok(value) => value
            .iter()
            .map(|stanza| stanza.forwarded_for_ip())
            .collect(),
        // A header we cannot read tells us nothing: the proxy itself is the client we know.
        Err(_) => Vec::new(),
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

    fn proxies(list: &[&str]) -> TrustedProxies {
        TrustedProxies::new(
            &list
                .iter()
                .filter_map(|n| n.parse().ok())
                .collect::<Vec<IpNet>>(),
        )
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
        let rfc = headers(&[("forwarded", "for=1.2.3.4, for=\"[2001:db8::17]:4711\"")]);
        assert_eq!(trusted.client_of(ip("10.0.0.2"), &rfc), ip("2001:db8::17"));
        let mapped = ip("::ffff:10.0.0.2");
        assert_eq!(
            trusted.client_of(mapped, &headers(&[("x-forwarded-for", "198.51.100.8")])),
            ip("198.51.100.8")
        );
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
