//! What our outgoing HTTP clients share (Wikidata queries, Graph Store pushes, uploads to
//! data.gouv.fr): a polite User-Agent, one retry loop with back-off (honouring `Retry-After`)
//! that knows which requests may be sent twice, and HTTP authentication, Basic or Digest
//! (RFC 7616, MD5 with `qop=auth`, as Virtuoso asks).

use md5::{Digest, Md5};
use std::sync::Mutex;
use std::time::Duration;

/// The User-Agent of every request: who we are and where to read about us.
pub const USER_AGENT: &str = concat!(
    "atlas-lod/",
    env!("CARGO_PKG_VERSION"),
    " (+https://w3id.org/atlas-lod; linked data of the French Atlas of decentralised cooperation)"
);

/// How to retry transient failures.
#[derive(Debug, Clone, Copy)]
pub struct Retry {
    /// Attempts in all (at least 1).
    pub attempts: u32,
    /// First delay, doubled at each retry; a longer `Retry-After` wins.
    pub backoff: Duration,
    /// The longest wait accepted from `Retry-After`.
    pub max_wait: Duration,
    /// Whether the request may be sent twice (a read, a PUT). One that is not (an upload that
    /// creates a resource) is retried only when the server surely did not act on it: a 429,
    /// or no connection made at all; after a 5xx or a timeout it may have been stored.
    pub idempotent: bool,
}

impl Default for Retry {
    fn default() -> Self {
        Self {
            attempts: 5,
            backoff: Duration::from_secs(1),
            max_wait: Duration::from_secs(120),
            idempotent: true,
        }
    }
}

/// Why one attempt gave no answer.
#[derive(Debug)]
pub enum Failure {
    /// The request failed (boxed: ureq's error is large).
    Http(Box<ureq::Error>),
    /// Preparing it failed on this side (a file to send cannot be read): not retried.
    Local(std::io::Error),
}

impl From<Box<ureq::Error>> for Failure {
    fn from(e: Box<ureq::Error>) -> Self {
        Failure::Http(e)
    }
}

/// The last failure, once the attempts are spent.
#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    /// The server answered with an error status.
    #[error("{url}: HTTP {status} after {attempts} attempt(s): {body}")]
    Status {
        /// The address.
        url: String,
        /// The status.
        status: u16,
        /// The start of the body.
        body: String,
        /// Attempts made.
        attempts: u32,
        /// The `WWW-Authenticate` challenge of a 401.
        challenge: Option<String>,
    },
    /// No answer (refused, reset, timed out).
    #[error("{url}: {message} (after {attempts} attempt(s))")]
    Transport {
        /// The address.
        url: String,
        /// What happened.
        message: String,
        /// Attempts made.
        attempts: u32,
    },
    /// The request could not be prepared on this side.
    #[error("{url}: {source}")]
    Local {
        /// The address.
        url: String,
        /// The cause.
        source: std::io::Error,
    },
}

impl HttpError {
    /// Whether trying again later may succeed: no answer (refused, reset, timed out, cut
    /// short), a 429 or a 5xx. A 4xx otherwise is a refusal that the same request will get
    /// again, and a local failure is ours to fix.
    pub fn transient(&self) -> bool {
        match self {
            HttpError::Status { status, .. } => *status == 429 || *status >= 500,
            HttpError::Transport { .. } => true,
            HttpError::Local { .. } => false,
        }
    }
}

/// Seconds a `Retry-After` header asks for (the delay form only).
fn retry_after(r: &ureq::Response) -> Option<Duration> {
    r.header("Retry-After")
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs)
}

/// Sends `make()` (the error boxed: ureq's is large) until it succeeds, retrying what
/// [`Retry::idempotent`] allows; `on_retry` hears of each wait.
pub fn send(
    retry: Retry,
    url: &str,
    mut make: impl FnMut() -> Result<ureq::Response, Box<ureq::Error>>,
    on_retry: impl FnMut(u32, Duration),
) -> Result<ureq::Response, HttpError> {
    send_with(retry, url, || make().map_err(Failure::from), on_retry)
}

/// [`send`], for a request whose preparation may fail on this side ([`Failure::Local`], never
/// retried).
pub fn send_with(
    retry: Retry,
    url: &str,
    mut make: impl FnMut() -> Result<ureq::Response, Failure>,
    mut on_retry: impl FnMut(u32, Duration),
) -> Result<ureq::Response, HttpError> {
    let attempts = retry.attempts.max(1);
    let mut delay = retry.backoff;
    for attempt in 1..=attempts {
        let last = attempt == attempts;
        let failure = match make() {
            Ok(r) => return Ok(r),
            Err(Failure::Local(source)) => {
                return Err(HttpError::Local {
                    url: url.to_string(),
                    source,
                });
            }
            Err(Failure::Http(e)) => *e,
        };
        let wait = match failure {
            ureq::Error::Status(status, r) => {
                let transient = status == 429 || (retry.idempotent && status >= 500);
                if !transient || last {
                    let challenge = r.header("WWW-Authenticate").map(str::to_string);
                    let body: String = r.into_string().unwrap_or_default();
                    return Err(HttpError::Status {
                        url: url.to_string(),
                        status,
                        body: body.chars().take(300).collect(),
                        attempts: attempt,
                        challenge,
                    });
                }
                retry_after(&r).map_or(delay, |d| d.max(delay))
            }
            ureq::Error::Transport(t) => {
                let never_sent = matches!(
                    t.kind(),
                    ureq::ErrorKind::ConnectionFailed | ureq::ErrorKind::Dns
                );
                if last || !(retry.idempotent || never_sent) {
                    return Err(HttpError::Transport {
                        url: url.to_string(),
                        message: t.to_string(),
                        attempts: attempt,
                    });
                }
                delay
            }
        };
        let wait = wait.min(retry.max_wait);
        on_retry(attempt, wait);
        std::thread::sleep(wait);
        delay *= 2;
    }
    Err(HttpError::Transport {
        url: url.to_string(),
        message: "no attempt made".into(),
        attempts,
    })
}

/// A user and password, and the server's last Digest challenge.
#[derive(Debug)]
pub struct Credentials {
    user: String,
    password: String,
    challenge: Mutex<Option<Challenge>>,
}

#[derive(Debug, Clone)]
struct Challenge {
    digest: bool,
    realm: String,
    nonce: String,
    opaque: Option<String>,
    qop_auth: bool,
    count: u32,
}

fn md5_hex(text: &str) -> String {
    hex::encode(Md5::digest(text.as_bytes()))
}

/// `key="value"` pairs of a `WWW-Authenticate` header.
fn params(header: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = header;
    while let Some(eq) = rest.find('=') {
        let key = rest[..eq]
            .trim()
            .trim_start_matches(',')
            .trim()
            .to_lowercase();
        let after = &rest[eq + 1..];
        let (value, next) = if let Some(quoted) = after.strip_prefix('"') {
            match quoted.find('"') {
                Some(end) => (&quoted[..end], &quoted[end + 1..]),
                None => (quoted, ""),
            }
        } else {
            match after.find(',') {
                Some(end) => (&after[..end], &after[end..]),
                None => (after, ""),
            }
        };
        out.push((key, value.trim().to_string()));
        rest = next;
    }
    out
}

impl Credentials {
    /// Credentials for `user`.
    pub fn new(user: String, password: String) -> Self {
        Self {
            user,
            password,
            challenge: Mutex::new(None),
        }
    }

    /// Remembers the server's challenge from a 401 answer; false when it offers no scheme we
    /// speak.
    pub fn learn(&self, www_authenticate: &str) -> bool {
        let lower = www_authenticate.trim_start().to_lowercase();
        let digest = lower.starts_with("digest");
        if !digest && !lower.starts_with("basic") {
            return false;
        }
        let rest = www_authenticate
            .trim_start()
            .split_once(' ')
            .map_or("", |(_, r)| r);
        let p = params(rest);
        let get = |k: &str| p.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
        if digest && get("algorithm").is_some_and(|a| !a.eq_ignore_ascii_case("md5")) {
            return false;
        }
        let challenge = Challenge {
            digest,
            realm: get("realm").unwrap_or_default(),
            nonce: get("nonce").unwrap_or_default(),
            opaque: get("opaque"),
            qop_auth: get("qop").is_some_and(|q| q.split(',').any(|x| x.trim() == "auth")),
            count: 0,
        };
        if let Ok(mut c) = self.challenge.lock() {
            *c = Some(challenge);
        }
        true
    }

    /// The `Authorization` header for a request, once a challenge is known (Basic is sent
    /// without one).
    pub fn authorization(&self, method: &str, uri: &str) -> Option<String> {
        let mut guard = self.challenge.lock().ok()?;
        let c = guard.as_mut()?;
        if !c.digest {
            let token = base64(format!("{}:{}", self.user, self.password).as_bytes());
            return Some(format!("Basic {token}"));
        }
        c.count += 1;
        let nc = format!("{:08x}", c.count);
        let cnonce = md5_hex(&format!("{}:{}:{}", c.nonce, c.count, uri))[..16].to_string();
        let ha1 = md5_hex(&format!("{}:{}:{}", self.user, c.realm, self.password));
        let ha2 = md5_hex(&format!("{method}:{uri}"));
        let response = if c.qop_auth {
            md5_hex(&format!("{ha1}:{}:{nc}:{cnonce}:auth:{ha2}", c.nonce))
        } else {
            md5_hex(&format!("{ha1}:{}:{ha2}", c.nonce))
        };
        let mut header = format!(
            "Digest username=\"{}\", realm=\"{}\", nonce=\"{}\", uri=\"{uri}\", algorithm=MD5, response=\"{response}\"",
            self.user, c.realm, c.nonce
        );
        if c.qop_auth {
            header.push_str(&format!(", qop=auth, nc={nc}, cnonce=\"{cnonce}\""));
        }
        if let Some(o) = &c.opaque {
            header.push_str(&format!(", opaque=\"{o}\""));
        }
        Some(header)
    }
}

/// Standard base64 with padding (for Basic authentication).
fn base64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_matches_rfc_2617_example() {
        // RFC 2617, section 3.5: Mufasa / Circle Of Life.
        let c = Credentials::new("Mufasa".into(), "Circle Of Life".into());
        assert!(c.learn(
            "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""
        ));
        let ha1 = md5_hex("Mufasa:testrealm@host.com:Circle Of Life");
        let ha2 = md5_hex("GET:/dir/index.html");
        let response = |cnonce: &str| {
            md5_hex(&format!(
                "{ha1}:dcd98b7102dd2f0e8b11d0f600bfb0c093:00000001:{cnonce}:auth:{ha2}"
            ))
        };
        // The RFC's own worked example pins the formula.
        assert_eq!(response("0a4f113b"), "6629fae49393a05397450978507c4ef1");
        let header = c
            .authorization("GET", "/dir/index.html")
            .unwrap_or_default();
        assert!(header.starts_with("Digest username=\"Mufasa\", realm=\"testrealm@host.com\""));
        assert!(
            header.contains("nc=00000001")
                && header.contains("opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"")
        );
        let p = params(header.trim_start_matches("Digest "));
        let get = |k: &str| {
            p.iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        assert_eq!(get("response"), response(&get("cnonce")));
    }

    #[test]
    fn basic_is_base64() {
        assert_eq!(
            base64(b"Aladdin:open sesame"),
            "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
        assert_eq!(base64(b"a"), "YQ==");
        assert_eq!(base64(b"ab"), "YWI=");
    }
}
