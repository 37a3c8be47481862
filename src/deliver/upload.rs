//! Upload to data.gouv.fr with the udata API v1: dry run by default (each planned request
//! printed); with `--yes`, each file is uploaded (`POST /datasets/{id}/upload/`, multipart field
//! `file`) or replaced (`POST /datasets/{id}/resources/{rid}/upload/`), unless the dataset
//! already has it with the same checksum. `X-API-KEY` carries the key; reads are retried with
//! back-off on 429, 5xx and network errors, uploads only on 429 or when no connection could be
//! made (a retried upload after a 5xx could create the resource twice); 401/403/404/413 get a
//! clear error.

use crate::http::{Failure, HttpError};
use serde::Deserialize;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The production API.
pub const PRODUCTION_API: &str = "https://www.data.gouv.fr/api/1";

/// What can go wrong.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    /// 401.
    #[error("{url}: the API key was refused (401): check DATAGOUV_API_KEY")]
    Unauthorized {
        /// The request.
        url: String,
    },
    /// 403.
    #[error("{url}: this API key may not edit dataset {dataset} (403)")]
    Forbidden {
        /// The request.
        url: String,
        /// The dataset.
        dataset: String,
    },
    /// 404.
    #[error("{url}: dataset {dataset} not found (404): check --dataset and --api-base")]
    NotFound {
        /// The request.
        url: String,
        /// The dataset.
        dataset: String,
    },
    /// 413.
    #[error("{url}: {file} is too large for the server (413)")]
    TooLarge {
        /// The request.
        url: String,
        /// The file.
        file: String,
    },
    /// Another status.
    #[error("{url}: the server answered {status}: {body}")]
    Status {
        /// The request.
        url: String,
        /// The status.
        status: u16,
        /// The start of the answer.
        body: String,
    },
    /// Network, after retries.
    #[error("{url}: {message} (after {attempts} attempts)")]
    Transport {
        /// The request.
        url: String,
        /// The cause.
        message: String,
        /// Attempts made.
        attempts: u32,
    },
    /// The dataset's description could not be read.
    #[error("{url}: unexpected answer: {message}")]
    BadAnswer {
        /// The request.
        url: String,
        /// What is wrong.
        message: String,
    },
    /// A bundle file.
    #[error("{path}: {source}")]
    File {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// `--yes` without a key.
    #[error("DATAGOUV_API_KEY is not set: uploading needs an API key")]
    NoKey,
}

impl UploadError {
    /// Whether running again may complete the upload: no answer (refused, reset, timed out,
    /// cut short), a 429 or a 5xx. The other errors are refusals or ours to fix.
    pub fn transient(&self) -> bool {
        match self {
            UploadError::Status { status, .. } => *status == 429 || *status >= 500,
            UploadError::Transport { .. } => true,
            _ => false,
        }
    }
}

/// How to upload.
#[derive(Debug, Clone)]
pub struct UploadOptions {
    /// API root, e.g. `https://demo.data.gouv.fr/api/1`.
    pub api_base: String,
    /// The dataset id or slug.
    pub dataset: String,
    /// The API key (needed for `--yes`).
    pub api_key: Option<String>,
    /// Really send (otherwise print the plan only).
    pub execute: bool,
    /// Attempts per request for transient failures.
    pub attempts: u32,
    /// First back-off delay (doubled at each retry).
    pub backoff: Duration,
    /// The longest one request may take, from connecting to the last byte of the answer (the
    /// file sent included): a server that trickles its answer cannot hold the upload forever.
    pub timeout: Duration,
}

#[derive(Debug, Deserialize)]
struct Dataset {
    #[serde(default)]
    resources: Vec<Resource>,
}

#[derive(Debug, Deserialize)]
struct Resource {
    id: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    checksum: Option<Checksum>,
}

#[derive(Debug, Deserialize)]
struct Checksum {
    #[serde(rename = "type")]
    kind: String,
    value: String,
}

/// What will be (or was) done with one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// The dataset has it with the same checksum.
    Unchanged {
        /// File name.
        file: String,
    },
    /// New resource.
    Upload {
        /// File name.
        file: String,
        /// The request.
        url: String,
    },
    /// Replace resource `rid`'s file.
    Replace {
        /// File name.
        file: String,
        /// The resource.
        rid: String,
        /// The request.
        url: String,
    },
}

impl std::fmt::Display for Action {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Action::Unchanged { file } => write!(f, "unchanged {file} (same checksum): no request"),
            Action::Upload { file, url } => {
                write!(f, "POST {url} (multipart file={file}): new resource")
            }
            Action::Replace { file, rid, url } => {
                write!(
                    f,
                    "POST {url} (multipart file={file}): replaces resource {rid}"
                )
            }
        }
    }
}

fn digest(path: &Path, kind: &str) -> Result<Option<String>, UploadError> {
    use sha2::Digest as _;
    let err = |source| UploadError::File {
        path: path.display().to_string(),
        source,
    };
    let mut f = File::open(path).map_err(err)?;
    let mut buf = vec![0u8; 1 << 16];
    let mut sha1 = sha1::Sha1::new();
    let mut sha256 = sha2::Sha256::new();
    loop {
        let n = f.read(&mut buf).map_err(err)?;
        if n == 0 {
            break;
        }
        sha1.update(&buf[..n]);
        sha256.update(&buf[..n]);
    }
    Ok(match kind.to_ascii_lowercase().as_str() {
        "sha1" => Some(hex::encode(sha1.finalize())),
        "sha256" => Some(hex::encode(sha256.finalize())),
        _ => None,
    })
}

struct Client {
    agent: ureq::Agent,
    options: UploadOptions,
}

impl Client {
    fn status_error(&self, url: &str, file: &str, status: u16, body: String) -> UploadError {
        let url = url.to_string();
        match status {
            401 => UploadError::Unauthorized { url },
            403 => UploadError::Forbidden {
                url,
                dataset: self.options.dataset.clone(),
            },
            404 => UploadError::NotFound {
                url,
                dataset: self.options.dataset.clone(),
            },
            413 => UploadError::TooLarge {
                url,
                file: file.to_string(),
            },
            _ => UploadError::Status {
                url,
                status,
                body: body.chars().take(300).collect(),
            },
        }
    }

    /// Sends through the shared retry loop ([`crate::http::send_with`]): a read is retried on
    /// 429, 5xx and network errors, an upload only on 429 or when no connection was made.
    fn send(
        &self,
        url: &str,
        file: &str,
        idempotent: bool,
        make: &dyn Fn() -> Result<ureq::Response, crate::http::Failure>,
    ) -> Result<ureq::Response, UploadError> {
        let retry = crate::http::Retry {
            attempts: self.options.attempts,
            backoff: self.options.backoff,
            idempotent,
            ..Default::default()
        };
        crate::http::send_with(retry, url, make, |_, _| {}).map_err(|e| match e {
            HttpError::Status { status, body, .. } => self.status_error(url, file, status, body),
            HttpError::Transport {
                message, attempts, ..
            } => UploadError::Transport {
                url: url.to_string(),
                message,
                attempts,
            },
            HttpError::Local { source, .. } => UploadError::File {
                path: file.to_string(),
                source,
            },
        })
    }

    fn with_key(&self, r: ureq::Request) -> ureq::Request {
        let r = r.set("User-Agent", crate::http::USER_AGENT);
        match &self.options.api_key {
            Some(k) => r.set("X-API-KEY", k),
            None => r,
        }
    }

    /// The dataset's description, read again when its body stops short (a reset or a cut
    /// connection after the status): a read may be repeated.
    fn dataset(&self) -> Result<Dataset, UploadError> {
        let url = format!(
            "{}/datasets/{}/",
            self.options.api_base, self.options.dataset
        );
        let attempts = self.options.attempts.max(1);
        let mut attempt = 0;
        let text = loop {
            attempt += 1;
            let r = self.send(&url, "", true, &|| {
                self.with_key(self.agent.get(&url))
                    .set("Accept", "application/json")
                    .call()
                    .map_err(|e| Failure::Http(Box::new(e)))
            })?;
            match r.into_string() {
                Ok(text) => break text,
                Err(e) if attempt >= attempts => {
                    return Err(UploadError::Transport {
                        url,
                        message: format!("the answer stopped short: {e}"),
                        attempts: attempt,
                    });
                }
                Err(_) => std::thread::sleep(self.options.backoff),
            }
        };
        serde_json::from_str::<Dataset>(&text).map_err(|e| UploadError::BadAnswer {
            url,
            message: e.to_string(),
        })
    }

    fn post_file(&self, url: &str, path: &Path) -> Result<(), UploadError> {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let size = std::fs::metadata(path)
            .map_err(|source| UploadError::File {
                path: path.display().to_string(),
                source,
            })?
            .len();
        // A boundary that cannot occur in the file name; the body is streamed from disk.
        let boundary = "atlas-lod-boundary-7d3f1c9e2b";
        let head = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\nContent-Type: application/octet-stream\r\n\r\n",
            name.replace(['"', '\r', '\n'], "_")
        );
        let tail = format!("\r\n--{boundary}--\r\n");
        let length = head.len() as u64 + size + tail.len() as u64;
        self.send(url, &name, false, &|| {
            let file = File::open(path).map_err(Failure::Local)?;
            let body = std::io::Cursor::new(head.clone().into_bytes())
                .chain(file)
                .chain(std::io::Cursor::new(tail.clone().into_bytes()));
            self.with_key(self.agent.post(url))
                .set(
                    "Content-Type",
                    &format!("multipart/form-data; boundary={boundary}"),
                )
                .set("Content-Length", &length.to_string())
                .send(body)
                .map_err(|e| Failure::Http(Box::new(e)))
        })?;
        Ok(())
    }
}

/// Plans (and with `execute`, performs) the upload of `files`; returns the actions in order.
pub fn run(
    files: &[PathBuf],
    options: &UploadOptions,
    mut print: impl FnMut(&Action),
) -> Result<Vec<Action>, UploadError> {
    if options.execute && options.api_key.is_none() {
        return Err(UploadError::NoKey);
    }
    let client = Client {
        agent: ureq::AgentBuilder::new()
            .timeout_connect(Duration::from_secs(30).min(options.timeout))
            .timeout(options.timeout)
            .build(),
        options: options.clone(),
    };
    let dataset = client.dataset()?;
    let base = format!("{}/datasets/{}", options.api_base, options.dataset);
    let mut actions = Vec::new();
    for path in files {
        let file = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let existing = dataset.resources.iter().find(|r| r.title == file);
        let action = match existing {
            Some(r) => {
                let same = match &r.checksum {
                    Some(c) => {
                        digest(path, &c.kind)?.is_some_and(|d| d.eq_ignore_ascii_case(&c.value))
                    }
                    None => false,
                };
                if same {
                    Action::Unchanged { file }
                } else {
                    Action::Replace {
                        file,
                        rid: r.id.clone(),
                        url: format!("{base}/resources/{}/upload/", r.id),
                    }
                }
            }
            None => Action::Upload {
                file,
                url: format!("{base}/upload/"),
            },
        };
        print(&action);
        if options.execute {
            match &action {
                Action::Upload { url, .. } | Action::Replace { url, .. } => {
                    client.post_file(url, path)?
                }
                Action::Unchanged { .. } => {}
            }
        }
        actions.push(action);
    }
    Ok(actions)
}
