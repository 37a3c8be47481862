//! A real `atlas-lod serve` process on 127.0.0.1 with a free port, over a store built from the
//! bundled examples and the seed; stopped when dropped.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running server.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    /// The store folder.
    pub store: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Imports the examples and the seed into a new store in `dir`.
pub fn example_store(dir: &Path) -> PathBuf {
    let store = dir.join("store");
    let out = Command::new(env!("CARGO_BIN_EXE_atlas-lod"))
        .arg("import")
        .arg(super::repo_path("examples/pages"))
        .arg(super::repo_path("examples/records/generated.jsonl"))
        .arg(super::seed_path())
        .arg("--store")
        .arg(&store)
        .output()
        .expect("import runs");
    assert!(
        out.status.success(),
        "import failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    store
}

impl Server {
    /// Serves a fresh example store with `extra` arguments.
    pub fn start(extra: &[&str]) -> Server {
        Server::start_env(extra, &[])
    }

    /// Same, with environment variables.
    pub fn start_env(extra: &[&str], env: &[(&str, &str)]) -> Server {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = example_store(dir.path());
        let mut s = Server::on_store(&store, extra, env);
        s._dir = Some(dir);
        s
    }

    /// Serves an existing store.
    pub fn on_store(store: &Path, extra: &[&str], env: &[(&str, &str)]) -> Server {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_atlas-lod"));
        cmd.arg("serve")
            .arg("--store")
            .arg(store)
            .args(["--bind", "127.0.0.1:0"])
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("serve starts");
        let stderr = child.stderr.take().expect("stderr");
        let mut lines = BufReader::new(stderr).lines();
        let started = Instant::now();
        let url = loop {
            let Some(Ok(line)) = lines.next() else {
                let _ = child.kill();
                panic!("serve exited before listening");
            };
            if let Some(rest) = line.strip_prefix("listening on ") {
                let url = rest.split_whitespace().next().unwrap_or("");
                break url.trim_end_matches('/').to_string();
            }
            // Only catches a hang: a server that prints but never listens.
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "serve did not start"
            );
        };
        // Keep draining stderr so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Server {
            child,
            url,
            _dir: None,
            store: store.to_path_buf(),
        }
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Resident memory of the server, in KB (from /proc).
    pub fn rss_kb(&self) -> u64 {
        std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("VmRSS:"))
                    .and_then(|l| l.split_whitespace().nth(1))
                    .and_then(|v| v.parse().ok())
            })
            .unwrap_or(0)
    }

    /// Whether the process is still running.
    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

/// An HTTP agent that does not treat 4xx/5xx as errors worth panicking over.
pub fn agent() -> ureq::Agent {
    ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(60))
        .redirects(0)
        .build()
}

/// Status, content type and body of a response or an error status.
pub fn answer(r: Result<ureq::Response, ureq::Error>) -> (u16, String, String) {
    let r = match r {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("transport error: {e}"),
    };
    let status = r.status();
    let ct = r.content_type().to_string();
    let body = r.into_string().unwrap_or_default();
    (status, ct, body)
}
