//! The address a request comes from, for the sign-in throttle and the session list.
//!
//! Behind a reverse proxy every request's peer is the proxy, so all users would share one
//! throttle key. `Forwarded` / `X-Forwarded-For` name the real client, but anyone can send those
//! headers: they are read only when the peer is a proxy the operator listed
//! (`--trusted-proxy`), and then from the right, where the trusted proxies appended, skipping
//! every hop that is itself a trusted proxy.

use std::net::IpAddr;

use http::HeaderMap;

pub fn client_addr(
    peer: Option<IpAddr>,
    headers: &HeaderMap,
    trusted: &[IpAddr],
) -> Option<IpAddr> {
    let peer = peer?;
    if !trusted.contains(&peer) {
        return Some(peer);
    }
    let hops = forwarded_for(headers);
    // Right to left: the nearest hop first; the first one not ours is the client. A chain of
    // nothing but trusted proxies ends at the leftmost.
    let mut client = peer;
    for hop in hops.iter().rev() {
        client = *hop;
        if !trusted.contains(hop) {
            break;
        }
    }
    Some(client)
}

/// The client addresses the proxies recorded, left (first) to right (nearest): from
/// `Forwarded` if present (RFC 7239), else `X-Forwarded-For`. A hop that is not an address
/// (`unknown`, an obfuscated name) ends the list there, as nothing left of it can be trusted.
fn forwarded_for(headers: &HeaderMap) -> Vec<IpAddr> {
    let values = |name: &str| -> Vec<String> {
        headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|s| s.trim().to_string())
            .collect()
    };
    let forwarded = values("forwarded");
    let hops: Vec<String> = if forwarded.is_empty() {
        values("x-forwarded-for")
    } else {
        forwarded
            .iter()
            .filter_map(|element| {
                element.split(';').find_map(|pair| {
                    let (k, v) = pair.trim().split_once('=')?;
                    k.eq_ignore_ascii_case("for")
                        .then(|| v.trim_matches('"').to_string())
                })
            })
            .collect()
    };
    let mut out = Vec::new();
    for hop in hops.iter().rev() {
        match parse_hop(hop) {
            Some(ip) => out.push(ip),
            None => break,
        }
    }
    out.reverse();
    out
}

/// `192.0.2.1`, `192.0.2.1:4711`, `[2001:db8::1]:4711` or `2001:db8::1`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    if let Ok(ip) = hop.parse() {
        return Some(ip);
    }
    if let Some(rest) = hop.strip_prefix('[') {
        return rest.split_once(']')?.0.parse().ok();
    }
    hop.rsplit_once(':')?.0.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(
                http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        h
    }

    #[test]
    fn forwarded_headers_are_ignored_unless_the_peer_is_a_trusted_proxy() {
        let h = headers(&[("x-forwarded-for", "203.0.113.9")]);
        assert_eq!(
            client_addr(Some(ip("198.51.100.1")), &h, &[]),
            Some(ip("198.51.100.1"))
        );
        assert_eq!(
            client_addr(Some(ip("198.51.100.1")), &h, &[ip("10.0.0.1")]),
            Some(ip("198.51.100.1")),
            "a peer that is not our proxy cannot name another address"
        );
        assert_eq!(client_addr(None, &h, &[]), None);
    }

    #[test]
    fn the_nearest_untrusted_hop_is_the_client() {
        let proxy = ip("10.0.0.1");
        // The client forged a first entry; our proxy appended the real peer.
        let h = headers(&[("x-forwarded-for", "1.2.3.4, 203.0.113.9")]);
        assert_eq!(
            client_addr(Some(proxy), &h, &[proxy]),
            Some(ip("203.0.113.9"))
        );
        // Two proxies of ours in a row.
        let inner = ip("10.0.0.2");
        let h = headers(&[("x-forwarded-for", "203.0.113.9, 10.0.0.2")]);
        assert_eq!(
            client_addr(Some(proxy), &h, &[proxy, inner]),
            Some(ip("203.0.113.9"))
        );
        // Several header lines are one list.
        let h = headers(&[
            ("x-forwarded-for", "1.2.3.4"),
            ("x-forwarded-for", "203.0.113.7"),
        ]);
        assert_eq!(
            client_addr(Some(proxy), &h, &[proxy]),
            Some(ip("203.0.113.7"))
        );
    }

    #[test]
    fn forwarded_is_read_before_x_forwarded_for() {
        let proxy = ip("10.0.0.1");
        let h = headers(&[
            (
                "forwarded",
                r#"for=192.0.2.60;proto=https, for="[2001:db8:cafe::17]:4711""#,
            ),
            ("x-forwarded-for", "203.0.113.9"),
        ]);
        assert_eq!(
            client_addr(Some(proxy), &h, &[proxy]),
            Some(ip("2001:db8:cafe::17"))
        );
        let h = headers(&[("forwarded", "for=unknown")]);
        assert_eq!(
            client_addr(Some(proxy), &h, &[proxy]),
            Some(proxy),
            "no usable hop: the proxy itself"
        );
        assert_eq!(parse_hop("192.0.2.1:8080"), Some(ip("192.0.2.1")));
    }
}
