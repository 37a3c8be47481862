//! Load on loopback with wrk (Debian's package): 2 threads, 32 connections, each thread
//! stopping after its quota of responses (`tests/clients/load.lua`), then wrk's totals.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// wrk's totals for a run.
#[derive(Debug)]
pub struct Load {
    /// Requests answered.
    pub requests: f64,
    /// Answers that were not 2xx or 3xx.
    pub non2xx: f64,
    /// Socket errors: connect, read, write, timeout.
    pub errors: [f64; 4],
    /// Latency median, ms.
    pub p50_ms: f64,
    /// Wall-clock time until every thread had its quota.
    pub elapsed: Duration,
    /// wrk's summary line, for messages.
    pub line: String,
}

/// Sends `quota` requests per thread (2 threads, 32 connections) cycling through `paths`
/// (path, Accept) against `url`.
pub fn run(url: &str, paths: &[(String, String)], quota: usize, dir: &Path) -> Load {
    let lua = dir.join("lua");
    std::fs::create_dir_all(&lua).unwrap();
    std::fs::copy(
        super::repo_path("tests/clients/load.lua"),
        lua.join("load.lua"),
    )
    .unwrap();
    let table: Vec<String> = paths
        .iter()
        .map(|(p, a)| format!("{{ {p:?}, {a:?} }}"))
        .collect();
    std::fs::write(
        lua.join("paths.lua"),
        format!("return {{ {} }}\n", table.join(",\n")),
    )
    .unwrap();
    let done = dir.join("done");
    std::fs::create_dir_all(&done).unwrap();
    let started = Instant::now();
    let mut wrk = Command::new("wrk")
        .env("LOAD_QUOTA", quota.to_string())
        .env("LOAD_DONE_DIR", &done)
        .args([
            "-t",
            "2",
            "-c",
            "32",
            "-d",
            "1800s",
            "--timeout",
            "10s",
            "-s",
        ])
        .arg(lua.join("load.lua"))
        .arg(url)
        .stdout(Stdio::piped())
        .spawn()
        .expect("wrk runs (Debian package wrk, from scripts/test-tools.sh)");
    // Until both threads have sent their quota, or wrk stops by itself at the end of its
    // duration (which only catches a hang: the quota's assertions then fail on the counts).
    while std::fs::read_dir(&done).map(|d| d.count()).unwrap_or(0) < 2
        && matches!(wrk.try_wait(), Ok(None))
    {
        std::thread::sleep(Duration::from_millis(100));
    }
    let elapsed = started.elapsed();
    // wrk runs for its whole duration otherwise; SIGINT makes it print its summary.
    let _ = Command::new("kill")
        .args(["-INT", &wrk.id().to_string()])
        .status();
    let out = wrk.wait_with_output().expect("wrk output");
    let out = String::from_utf8_lossy(&out.stdout).into_owned();
    let line = out
        .lines()
        .find(|l| l.starts_with("requests="))
        .unwrap_or_else(|| panic!("no summary from wrk: {out}"))
        .to_string();
    let field = |name: &str| -> f64 {
        line.split_whitespace()
            .find_map(|kv| kv.strip_prefix(&format!("{name}=")))
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("{name} in {line}"))
    };
    Load {
        requests: field("requests"),
        non2xx: field("non2xx"),
        errors: [
            field("connect"),
            field("read"),
            field("write"),
            field("timeout"),
        ],
        p50_ms: field("p50_ms"),
        elapsed,
        line,
    }
}
