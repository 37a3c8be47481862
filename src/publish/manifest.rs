//! `SHA256SUMS`: the SHA-256 of every file of a bundle, the catalogue included, in the format
//! of coreutils' `sha256sum` (so that `sha256sum -c SHA256SUMS` checks a bundle without this
//! tool). `publish` prints the manifest's own SHA-256; given to `verify --expect`, it ties every
//! byte of the bundle to a hash kept elsewhere.
//!
//! Which files a bundle may hold outside its catalogue is said here, explicitly:
//! [`OUTSIDE_CATALOGUE`], the charts ([`CHART_IDS`]), the manifest itself, and the `store/`
//! folder, which is not checked at all (see [`UNCHECKED`]).

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io;
use std::path::Path;

/// The manifest's file name.
pub const MANIFEST: &str = "SHA256SUMS";

/// The folder of the bundle that neither the catalogue nor the manifest covers.
pub const STORE: &str = "store";

/// Files a bundle holds beside the catalogue's distributions, each with why it is not one.
pub const OUTSIDE_CATALOGUE: &[(&str, &str)] = &[
    ("catalog.ttl", "the catalogue itself"),
    ("catalog.rdf", "the catalogue itself, in RDF/XML"),
    ("catalog.jsonld", "the catalogue itself, in JSON-LD"),
    (
        "schema-org.jsonld",
        "the catalogue's description for search engines",
    ),
];

/// The charts `publish` writes in `charts/` (`ID.svg`, `ID.png`, `ID.csv`): illustrations of
/// the README, not distributions of the dataset.
pub const CHART_IDS: &[&str] = &[
    "funding-per-year",
    "countries-map",
    "countries-ranked",
    "themes",
    "lifecycle",
];

/// What `verify` cannot check, said every time it runs.
pub const UNCHECKED: &[&str] = &[
    "store/, the server's working copy of the data (rebuilt from the inputs by every publish; RocksDB rewrites its files when opened)",
    "SHA256SUMS sits in the same folder as the files it lists: it detects accidental changes, not a forger who rewrites it too; only --expect with the SHA-256 that publish printed (kept elsewhere) ties the bundle to its publisher",
];

/// Whether `name` (a path inside the bundle, `/`-separated) may be in a bundle without being a
/// distribution of its catalogue (the manifest aside).
pub fn allowed_outside_catalogue(name: &str) -> bool {
    if OUTSIDE_CATALOGUE.iter().any(|(n, _)| *n == name) {
        return true;
    }
    name.strip_prefix("charts/")
        .and_then(|f| f.rsplit_once('.'))
        .is_some_and(|(id, ext)| CHART_IDS.contains(&id) && matches!(ext, "svg" | "png" | "csv"))
}

/// Every file under `dir`, as `/`-separated paths, sorted: the store and the manifest left
/// out. Anything that is neither a file nor a folder (a link, a pipe) is returned too, so
/// that it is reported rather than skipped.
pub fn files(dir: &Path) -> io::Result<Vec<String>> {
    let mut out = Vec::new();
    // Links are not followed: a link is listed as what it is, and reported.
    let mut entries = walkdir::WalkDir::new(dir).min_depth(1).into_iter();
    while let Some(e) = entries.next() {
        let e = e.map_err(io::Error::from)?;
        let rel = e
            .path()
            .strip_prefix(dir)
            .map_err(io::Error::other)?
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if e.file_type().is_dir() {
            if rel == STORE {
                entries.skip_current_dir();
            }
        } else if rel != MANIFEST {
            out.push(rel);
        }
    }
    out.sort();
    Ok(out)
}

/// Writes `dir/SHA256SUMS` over every file of [`files`]; returns the manifest's own SHA-256.
pub fn write(dir: &Path) -> io::Result<String> {
    let mut text = String::new();
    for name in files(dir)? {
        let (_, sha) = super::measure(&dir.join(&name))?;
        text.push_str(&format!("{sha}  {name}\n"));
    }
    std::fs::write(dir.join(MANIFEST), &text)?;
    Ok(hex::encode(Sha256::digest(text.as_bytes())))
}

/// Reads a manifest: file name to SHA-256. A line that is not `HEX  NAME` is an error naming
/// its number.
pub fn parse(text: &str) -> Result<BTreeMap<String, String>, String> {
    let mut out = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        let parsed = line.split_once("  ").filter(|(h, n)| {
            h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()) && !n.is_empty()
        });
        let Some((hash, name)) = parsed else {
            return Err(format!("line {} is not `SHA256  FILE`", i + 1));
        };
        if out.insert(name.to_string(), hash.to_lowercase()).is_some() {
            return Err(format!("line {} names {name} a second time", i + 1));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_manifest_lists_every_file_but_the_store_and_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("charts")).unwrap();
        std::fs::create_dir_all(dir.path().join("store")).unwrap();
        std::fs::write(dir.path().join("catalog.ttl"), "x").unwrap();
        std::fs::write(dir.path().join("charts/themes.svg"), "<svg/>").unwrap();
        std::fs::write(dir.path().join("store/CURRENT"), "y").unwrap();
        let sha = write(dir.path()).unwrap();
        let text = std::fs::read_to_string(dir.path().join(MANIFEST)).unwrap();
        assert_eq!(sha, hex::encode(Sha256::digest(text.as_bytes())));
        let m = parse(&text).unwrap();
        assert_eq!(
            m.keys().collect::<Vec<_>>(),
            ["catalog.ttl", "charts/themes.svg"]
        );
        assert!(parse("abc  x\n").is_err());
    }

    #[test]
    fn only_the_named_files_are_allowed_outside_the_catalogue() {
        assert!(allowed_outside_catalogue("catalog.ttl"));
        assert!(allowed_outside_catalogue("charts/themes.png"));
        assert!(!allowed_outside_catalogue("charts/evil.svg"));
        assert!(!allowed_outside_catalogue("charts/themes.js"));
        assert!(!allowed_outside_catalogue("notes.txt"));
    }
}
