//! The stand-in for the servers our data leaves for (`tests/clients/fake_udata.py`): the udata
//! API v1 of data.gouv.fr and a SPARQL 1.1 Graph Store, on 127.0.0.1 with a free port, stopped
//! when dropped. Faults are set at run time, one (step, kind) at a time.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// Every kind of fault the stand-in injects (what each does: the stand-in's docstring and
/// docs/reliability.md).
pub const FAULTS: &[&str] = &[
    "500",
    "503",
    "503-retry-after",
    "429",
    "reset",
    "timeout",
    "trickle",
    "cut",
];

/// A running stand-in.
pub struct StandIn {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
}

impl Drop for StandIn {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl StandIn {
    /// Starts one serving dataset `atlas-test` to the key `good-key`, with `env` (the
    /// stand-in's FAKE_UDATA_* settings) on top.
    pub fn start(env: &[(&str, &str)]) -> StandIn {
        let mut cmd = Command::new("python3");
        cmd.arg(super::repo_path("tests/clients/fake_udata.py"))
            .stdout(Stdio::piped())
            .env("FAKE_UDATA_KEY", "good-key")
            .env("FAKE_UDATA_DATASET", "atlas-test");
        // Later settings win: a case may name another dataset.
        for (k, v) in env {
            cmd.env(k, v);
        }
        // Its stderr would only show clients hanging up after a refusal or a fault.
        cmd.stderr(Stdio::null());
        let mut child = cmd.spawn().expect("python3 runs the stand-in");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("the stand-in prints its port");
        let port: u16 = line
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("no port: {line:?}"));
        StandIn {
            child,
            base: format!("http://127.0.0.1:{port}"),
        }
    }

    /// The udata API root.
    pub fn api(&self) -> String {
        format!("{}/api/1", self.base)
    }

    /// The Graph Store endpoint.
    pub fn graph_store(&self) -> String {
        format!("{}/gs", self.base)
    }

    fn control(&self, path: &str, body: &str) {
        ureq::post(&format!("{}{path}", self.base))
            .send_string(body)
            .unwrap_or_else(|e| panic!("{path}: {e}"));
    }

    /// Makes every request of `step` fail as `kind` until [`StandIn::heal`].
    pub fn fault(&self, step: &str, kind: &str) {
        self.control(
            "/_fault",
            &serde_json::json!({"step": step, "kind": kind}).to_string(),
        );
    }

    /// Removes the fault.
    pub fn heal(&self) {
        self.control("/_fault", "{}");
    }

    /// Empties the dataset, the graphs and the log, and heals.
    pub fn reset(&self) {
        self.control("/_reset", "");
    }

    /// Every request seen, as JSON (`method`, `path`, `status`, `note`).
    pub fn log(&self) -> Vec<serde_json::Value> {
        self.get("/_log").as_array().cloned().unwrap_or_default()
    }

    /// The dataset's resources and the graphs (`graphs`: IRI -> `sha1`, `triples`).
    pub fn state(&self) -> serde_json::Value {
        self.get("/_state")
    }

    fn get(&self, path: &str) -> serde_json::Value {
        let body = ureq::get(&format!("{}{path}", self.base))
            .call()
            .unwrap_or_else(|e| panic!("{path}: {e}"))
            .into_string()
            .expect("body");
        serde_json::from_str(&body).expect("JSON")
    }

    /// The dataset's resources.
    pub fn resources(&self) -> Vec<serde_json::Value> {
        self.state()["resources"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Puts a graph directly (as an earlier push would have).
    pub fn put_graph(&self, graph: &str, ntriples: &str) {
        ureq::put(&self.graph_store())
            .query("graph", graph)
            .send_string(ntriples)
            .unwrap_or_else(|e| panic!("PUT {graph}: {e}"));
    }
}
