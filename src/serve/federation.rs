//! SERVICE calls, safely: only to endpoints on the allow-list, only over http(s), and never to
//! a loopback, private, link-local or otherwise non-public address, whatever the list says.
//!
//! The address check runs in the HTTP client's resolver, so it applies to the address actually
//! connected to (a name that resolves to a private address is refused; DNS rebinding between a
//! check and the connection cannot happen) and redirects are not followed.

use oxigraph::model::NamedNode;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsParser};
use oxigraph::sparql::{DefaultServiceHandler, QueryEvaluationError, QuerySolutionIter};
use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, ToSocketAddrs};
use std::sync::Arc;
use std::time::Duration;

/// Why a SERVICE call was refused (a 403 for the client).
#[derive(Debug, thiserror::Error)]
#[error("SERVICE <{service}> refused: {reason}")]
pub struct ServiceRefused {
    /// The service IRI.
    pub service: String,
    /// Why.
    pub reason: String,
}

/// A SERVICE call that was allowed but failed (network, remote error, bad answer).
#[derive(Debug, thiserror::Error)]
#[error("SERVICE <{service}> failed: {reason}")]
pub struct ServiceFailed {
    /// The service IRI.
    pub service: String,
    /// Why.
    pub reason: String,
}

/// The guarded SERVICE handler.
#[derive(Clone)]
pub struct Federation {
    allowed: Arc<Vec<String>>,
    agent: ureq::Agent,
}

impl std::fmt::Debug for Federation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Federation")
            .field("allowed", &self.allowed)
            .finish()
    }
}

/// Whether an address is on the public internet (not loopback, private, link-local,
/// shared, documentation, multicast, reserved or unspecified).
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public_v4(v4);
            }
            let s = v6.segments();
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (s[0] & 0xfe00) == 0xfc00 // unique local fc00::/7
                || (s[0] & 0xffc0) == 0xfe80 // link-local fe80::/10
                || (s[0] & 0xffc0) == 0xfec0 // site-local (deprecated)
                || (s[0] == 0x2001 && s[1] == 0x0db8) // documentation
                || (s[0] == 0x0064 && s[1] == 0xff9b) // NAT64: embeds an IPv4 address
                || (s[0] == 0 && s[1] == 0 && s[2] == 0 && s[3] == 0 && s[4] == 0 && s[5] == 0)) // IPv4-compatible
        }
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let o = ip.octets();
    !(ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || o[0] == 0
        || (o[0] == 100 && (o[1] & 0xc0) == 64) // shared 100.64.0.0/10
        || (o[0] == 192 && o[1] == 0 && o[2] == 0) // IETF protocol assignments
        || (o[0] == 198 && (o[1] & 0xfe) == 18) // benchmarking 198.18.0.0/15
        || o[0] >= 240) // reserved
}

/// Resolves `netloc` (`host:port`) and keeps only public addresses; none left is an error.
fn public_addresses(netloc: &str) -> io::Result<Vec<SocketAddr>> {
    let all: Vec<SocketAddr> = netloc.to_socket_addrs()?.collect();
    let public: Vec<SocketAddr> = all.iter().copied().filter(|a| is_public(a.ip())).collect();
    if public.is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!("{netloc} is not a public address"),
        ));
    }
    Ok(public)
}

/// An allow-listed endpoint that can never be called.
#[derive(Debug, thiserror::Error)]
#[error("--allow-service {service}: {reason}")]
pub struct NotCallable {
    /// The endpoint as given.
    pub service: String,
    /// Why it cannot be called.
    pub reason: String,
}

/// The host of an http(s) URL, or why it cannot be called.
fn check_url(service: &str) -> Result<(), crate::model::Invalid> {
    let lower = service.to_ascii_lowercase();
    let rest = if let Some(r) = lower.strip_prefix("http://") {
        r
    } else if let Some(r) = lower.strip_prefix("https://") {
        r
    } else {
        return Err("only http and https endpoints may be called".into());
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') {
        return Err("credentials in the URL are not accepted".into());
    }
    let host = if let Some(inner) = authority.strip_prefix('[') {
        inner.split(']').next().unwrap_or("")
    } else {
        authority.rsplit_once(':').map_or(authority, |(h, _)| h)
    };
    if host.is_empty() {
        return Err("no host".into());
    }
    if host == "localhost" || host.ends_with(".localhost") {
        return Err("localhost is not a public address".into());
    }
    if let Ok(ip) = host.parse::<IpAddr>()
        && !is_public(ip)
    {
        return Err(format!("{ip} is not a public address").into());
    }
    Ok(())
}

impl Federation {
    /// Builds the handler; every allow-listed IRI must be an http(s) URL (checked now, so a
    /// wrong list fails at start rather than at the first query).
    pub fn new(allowed: &[String], timeout: Duration) -> Result<Self, NotCallable> {
        for a in allowed {
            check_url(a).map_err(|reason| NotCallable {
                service: a.clone(),
                reason: reason.0,
            })?;
        }
        let agent = ureq::AgentBuilder::new()
            .resolver(public_addresses)
            .redirects(0)
            .timeout(timeout)
            .user_agent(crate::http::USER_AGENT)
            .build();
        Ok(Federation {
            allowed: Arc::new(allowed.to_vec()),
            agent,
        })
    }

    /// Whether `service` may be called, with the reason when not.
    pub fn check(&self, service: &str) -> Result<(), ServiceRefused> {
        let refuse = |reason: String| ServiceRefused {
            service: service.to_string(),
            reason,
        };
        check_url(service).map_err(|r| refuse(r.0))?;
        if !self.allowed.iter().any(|a| a == service) {
            return Err(refuse(
                "not on this server's allow-list (--allow-service)".into(),
            ));
        }
        Ok(())
    }
}

impl DefaultServiceHandler for Federation {
    type Error = QueryEvaluationError;

    fn handle(
        &self,
        service_name: &NamedNode,
        pattern: &spargebra::algebra::GraphPattern,
        base_iri: Option<&oxiri::Iri<String>>,
    ) -> Result<QuerySolutionIter<'static>, Self::Error> {
        let service = service_name.as_str();
        self.check(service)
            .map_err(|e| QueryEvaluationError::Service(Box::new(e)))?;
        let failed = |reason: String| {
            QueryEvaluationError::Service(Box::new(ServiceFailed {
                service: service.to_string(),
                reason,
            }))
        };
        let query = spargebra::Query::Select {
            dataset: None,
            pattern: pattern.clone(),
            base_iri: base_iri.cloned(),
        }
        .to_string();
        let response = self
            .agent
            .post(service)
            .set("Content-Type", "application/sparql-query")
            .set(
                "Accept",
                "application/sparql-results+json, application/sparql-results+xml;q=0.9",
            )
            .send_string(&query)
            .map_err(|e| match e {
                ureq::Error::Status(code, _) => failed(format!("the endpoint answered {code}")),
                ureq::Error::Transport(t) => {
                    if t.to_string().contains("not a public address") {
                        QueryEvaluationError::Service(Box::new(ServiceRefused {
                            service: service.to_string(),
                            reason: "its host does not resolve to a public address".into(),
                        }))
                    } else {
                        failed(t.to_string())
                    }
                }
            })?;
        let content_type = response.content_type().to_string();
        let format = QueryResultsFormat::from_media_type(&content_type)
            .ok_or_else(|| failed(format!("unsupported Content-Type {content_type}")))?;
        let reader = response.into_reader();
        match QueryResultsParser::from_format(format).for_reader(reader) {
            Ok(oxigraph::sparql::results::ReaderQueryResultsParserOutput::Solutions(s)) => {
                Ok(QuerySolutionIter::from(s))
            }
            Ok(_) => Err(failed("a boolean where solutions were expected".into())),
            Err(e) => Err(failed(e.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_addresses_are_not_public() {
        for a in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "64:ff9b::7f00:1",
            "255.255.255.255",
            "224.0.0.1",
        ] {
            let ip: IpAddr = a.parse().unwrap();
            assert!(!is_public(ip), "{a} counted as public");
        }
        for a in ["93.184.216.34", "208.80.154.224", "2620:0:862:ed1a::1"] {
            assert!(is_public(a.parse().unwrap()), "{a} counted as private");
        }
    }

    #[test]
    fn urls_are_checked_before_the_allow_list() {
        let fed = Federation::new(
            &["https://query.wikidata.org/sparql".to_string()],
            Duration::from_secs(1),
        )
        .unwrap();
        assert!(fed.check("https://query.wikidata.org/sparql").is_ok());
        for bad in [
            "file:///etc/passwd",
            "http://127.0.0.1:7878/sparql",
            "http://[::1]/sparql",
            "http://169.254.169.254/latest/meta-data/",
            "http://localhost/sparql",
            "gopher://example.org/",
            "https://query.wikidata.org/other",
        ] {
            assert!(fed.check(bad).is_err(), "{bad} allowed");
        }
        assert!(
            Federation::new(&["http://10.0.0.1/sparql".into()], Duration::from_secs(1)).is_err()
        );
    }
}
