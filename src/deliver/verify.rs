//! `verify`: what whoever holds a downloaded bundle can check by themselves. Every
//! distribution of the catalogue is there with its size and SHA-256; the N-Quads dump's
//! RDFC-1.0 canonical hash, computed by an implementation independent of the one that wrote it
//! (sophia's, over sophia's N-Quads parser and in-memory dataset), equals
//! `atlas.canonical.sha256`; the Turtle, N-Triples, N-Quads and JSON-LD dumps hold the same
//! triples; the data conforms to the shipped shapes; the folder holds exactly the catalogue's
//! files and those [`crate::publish::manifest`] names beside them, each as `SHA256SUMS` lists it, and
//! `SHA256SUMS` itself has the SHA-256 given with `--expect`, when one is.
//!
//! What it cannot check is said ([`crate::publish::manifest::UNCHECKED`]): without `--expect`, a
//! checksum file in the same folder detects accidents, not forgery.

use crate::validate::{Severity, Validator};
use crate::vocab::{dcat, spdx};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedOrBlankNode, Quad, Term, Triple};
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};

/// One thing that does not hold, said in one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The file it is about.
    pub file: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

/// Why verification could not run at all (not a finding: the bundle is not there).
#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct VerifyError {
    /// The path given.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

fn finding(file: &str, message: impl Into<String>) -> Finding {
    Finding {
        file: file.to_string(),
        message: message.into(),
    }
}

fn read_all(path: &Path) -> std::io::Result<Vec<u8>> {
    let bytes = std::fs::read(path)?;
    if path.extension().is_some_and(|e| e == "gz") {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(bytes.as_slice()).read_to_end(&mut out)?;
        return Ok(out);
    }
    Ok(bytes)
}

/// The distributions of the catalogue: (file name, byte size, SHA-256).
fn distributions(catalog: &[Triple]) -> Vec<(String, Option<u64>, Option<String>)> {
    let objects = |s: &NamedOrBlankNode, p: oxigraph::model::NamedNodeRef<'_>| -> Vec<&Term> {
        catalog
            .iter()
            .filter(|t| &t.subject == s && t.predicate.as_ref() == p)
            .map(|t| &t.object)
            .collect()
    };
    let as_node = |t: &Term| -> Option<NamedOrBlankNode> {
        match t {
            Term::NamedNode(n) => Some(n.clone().into()),
            Term::BlankNode(b) => Some(b.clone().into()),
            _ => None,
        }
    };
    let literal = |t: &Term| match t {
        Term::Literal(l) => Some(l.value().to_string()),
        _ => None,
    };
    let mut out = Vec::new();
    for t in catalog
        .iter()
        .filter(|t| t.predicate.as_ref() == dcat::DISTRIBUTION_PROP)
    {
        let Some(d) = as_node(&t.object) else {
            continue;
        };
        let Some(url) = objects(&d, dcat::DOWNLOAD_URL)
            .into_iter()
            .find_map(|o| match o {
                Term::NamedNode(n) => Some(n.as_str().to_string()),
                _ => None,
            })
        else {
            continue;
        };
        let name = url.rsplit('/').next().unwrap_or_default().to_string();
        let size = objects(&d, dcat::BYTE_SIZE)
            .into_iter()
            .find_map(literal)
            .and_then(|s| s.parse().ok());
        let sha = objects(&d, spdx::CHECKSUM)
            .into_iter()
            .filter_map(as_node)
            .find_map(|c| {
                objects(&c, spdx::CHECKSUM_VALUE)
                    .into_iter()
                    .find_map(literal)
            });
        out.push((name, size, sha));
    }
    out.sort();
    out.dedup();
    out
}

/// The RDFC-1.0 canonical N-Quads SHA-256 of an N-Quads document, by sophia.
pub fn independent_canonical_sha256(nquads: &[u8]) -> Result<String, String> {
    use sophia_api::source::QuadSource;
    let dataset: sophia_inmem::dataset::LightDataset =
        sophia_turtle::parser::nq::parse_bufread(std::io::BufReader::new(nquads))
            .collect_quads()
            .map_err(|e| e.to_string())?;
    let mut canonical = Vec::new();
    sophia_c14n::rdfc10::normalize(&dataset, &mut canonical).map_err(|e| e.to_string())?;
    Ok(hex::encode(Sha256::digest(&canonical)))
}

/// The triples of a dump (graph names dropped: Turtle and N-Triples have none), as text.
fn triples(bytes: &[u8], format: RdfFormat) -> Result<BTreeSet<String>, String> {
    RdfParser::from_format(format)
        .for_slice(bytes)
        .map(|q| {
            q.map(|q| Triple::from(q).to_string())
                .map_err(|e| e.to_string())
        })
        .collect()
}

/// The bundle holds exactly the catalogue's distributions (`listed`) and the files allowed
/// beside them, each as `SHA256SUMS` lists it; `SHA256SUMS` itself hashes to `expect`.
fn check_whole(
    dir: &Path,
    listed: &BTreeSet<String>,
    expect: Option<&str>,
    findings: &mut Vec<Finding>,
) {
    use crate::publish::manifest::{self, MANIFEST};
    let text = match std::fs::read(dir.join(MANIFEST)) {
        Ok(t) => t,
        Err(e) => {
            findings.push(finding(
                MANIFEST,
                format!("unreadable ({e}): which files the bundle holds, the catalogue's own among them, cannot be checked"),
            ));
            return;
        }
    };
    let actual = hex::encode(Sha256::digest(&text));
    if let Some(expect) = expect
        && !actual.eq_ignore_ascii_case(expect.trim())
    {
        findings.push(finding(
            MANIFEST,
            format!("SHA-256 is {actual}; --expect says {expect}"),
        ));
    }
    let sums = match manifest::parse(&String::from_utf8_lossy(&text)) {
        Ok(m) => m,
        Err(e) => {
            findings.push(finding(MANIFEST, e));
            return;
        }
    };
    let present = match manifest::files(dir) {
        Ok(p) => p,
        Err(e) => {
            findings.push(finding(".", format!("cannot be listed: {e}")));
            return;
        }
    };
    for name in &present {
        let path = dir.join(name);
        if !std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
            findings.push(finding(name, "is not a plain file"));
        } else if !sums.contains_key(name) {
            findings.push(finding(
                name,
                format!("is in the bundle but not in {MANIFEST}: added after publishing?"),
            ));
        } else if !listed.contains(name) && !manifest::allowed_outside_catalogue(name) {
            findings.push(finding(
                name,
                "is neither a distribution of the catalogue nor one of the files a bundle holds beside them",
            ));
        }
    }
    for (name, sha) in &sums {
        if !present.contains(name) {
            findings.push(finding(name, format!("listed in {MANIFEST} but missing")));
            continue;
        }
        match crate::publish::measure(&dir.join(name)) {
            Ok((_, h)) if h != *sha => findings.push(finding(
                name,
                format!("SHA-256 is {h}; {MANIFEST} says {sha}"),
            )),
            Ok(_) => {}
            Err(e) => findings.push(finding(name, format!("unreadable: {e}"))),
        }
    }
    for name in listed {
        if !sums.contains_key(name) {
            findings.push(finding(
                name,
                format!("a distribution of the catalogue that {MANIFEST} does not list"),
            ));
        }
    }
}

/// Verifies the bundle in `path` (its folder, or its `catalog.ttl`). `shapes` are the shapes
/// the data must conform to (ours, and any the publisher added); `expect`, the SHA-256 of the
/// bundle's `SHA256SUMS` as `publish` printed it, if the caller has it.
pub fn verify(
    path: &Path,
    validator: &Validator,
    expect: Option<&str>,
) -> Result<Vec<Finding>, VerifyError> {
    let (dir, catalog_path): (PathBuf, PathBuf) = if path.is_dir() {
        (path.to_path_buf(), path.join("catalog.ttl"))
    } else {
        (
            path.parent().map(Path::to_path_buf).unwrap_or_default(),
            path.to_path_buf(),
        )
    };
    let err = |message: String| VerifyError {
        path: catalog_path.display().to_string(),
        message,
    };
    let text = std::fs::read(&catalog_path).map_err(|e| err(e.to_string()))?;
    let catalog: Vec<Triple> = RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(&text)
        .map(|q| q.map(Triple::from))
        .collect::<Result<_, _>>()
        .map_err(|e| err(e.to_string()))?;
    let mut findings = Vec::new();

    // Every distribution: there, of its size, with its checksum.
    let listed = distributions(&catalog);
    if listed.is_empty() {
        findings.push(finding("catalog.ttl", "describes no distribution"));
    }
    // The folder as a whole: nothing added, nothing missing, the catalogue itself unchanged.
    let names: BTreeSet<String> = listed.iter().map(|(n, _, _)| n.clone()).collect();
    check_whole(&dir, &names, expect, &mut findings);
    for (name, size, sha) in &listed {
        let file = dir.join(name);
        let bytes = match std::fs::read(&file) {
            Ok(b) => b,
            Err(e) => {
                findings.push(finding(
                    name,
                    format!("listed in the catalogue but unreadable: {e}"),
                ));
                continue;
            }
        };
        if let Some(size) = size
            && *size != bytes.len() as u64
        {
            findings.push(finding(
                name,
                format!("is {} bytes; the catalogue says {size}", bytes.len()),
            ));
        }
        let actual = hex::encode(Sha256::digest(&bytes));
        match sha {
            Some(s) if *s != actual => findings.push(finding(
                name,
                format!("SHA-256 is {actual}; the catalogue says {s}"),
            )),
            None => findings.push(finding(name, "the catalogue gives no SHA-256")),
            _ => {}
        }
    }

    // The canonical hash, recomputed independently.
    let nq = match read_all(&dir.join("atlas.nq.gz")) {
        Ok(b) => b,
        Err(e) => {
            findings.push(finding("atlas.nq.gz", format!("unreadable: {e}")));
            return Ok(findings);
        }
    };
    let stated = std::fs::read_to_string(dir.join("atlas.canonical.sha256"))
        .ok()
        .and_then(|t| t.split_whitespace().next().map(str::to_string));
    match (independent_canonical_sha256(&nq), stated) {
        (Ok(h), Some(s)) if h != s => findings.push(finding(
            "atlas.nq.gz",
            format!("its RDFC-1.0 canonical SHA-256 (recomputed by sophia) is {h}; atlas.canonical.sha256 says {s}"),
        )),
        (Err(e), _) => findings.push(finding("atlas.nq.gz", format!("does not parse as N-Quads: {e}"))),
        (_, None) => findings.push(finding("atlas.canonical.sha256", "missing or empty")),
        _ => {}
    }

    // The four dumps, the same triples.
    let reference = triples(&nq, RdfFormat::NQuads).unwrap_or_default();
    for (name, format) in [
        ("atlas.ttl.gz", RdfFormat::Turtle),
        ("atlas.nt.gz", RdfFormat::NTriples),
        (
            "atlas.jsonld.gz",
            RdfFormat::JsonLd {
                profile: oxigraph::io::JsonLdProfileSet::empty(),
            },
        ),
    ] {
        let parsed = read_all(&dir.join(name))
            .map_err(|e| e.to_string())
            .and_then(|b| triples(&b, format));
        match parsed {
            Err(e) => findings.push(finding(name, format!("unreadable: {e}"))),
            Ok(t) if t != reference => {
                let missing = reference.difference(&t).count();
                let extra = t.difference(&reference).count();
                findings.push(finding(
                    name,
                    format!("holds {extra} triple(s) the N-Quads dump has not, and lacks {missing} it has"),
                ));
            }
            Ok(_) => {}
        }
    }

    // The data against the shapes, record graph by record graph.
    let quads: Vec<Quad> = RdfParser::from_format(RdfFormat::NQuads)
        .for_slice(&nq)
        .filter_map(Result::ok)
        .collect();
    match crate::jobs::validate::validate_dataset(validator, "atlas.nq.gz", quads) {
        Ok(reports) => {
            for r in reports {
                for f in r
                    .findings
                    .iter()
                    .filter(|f| f.severity == Severity::Violation)
                {
                    findings.push(finding(
                        "atlas.nq.gz",
                        format!("{}: {}", r.record, f.message("en")),
                    ));
                }
            }
        }
        Err(e) => findings.push(finding("atlas.nq.gz", format!("validation failed: {e}"))),
    }
    Ok(findings)
}
