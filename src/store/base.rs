//! The instance namespace a store's records were minted under (`--base`), recorded beside the
//! store's files so that a second import cannot mix two namespaces in one store and `serve`
//! knows which IRIs it answers for. Kept in a file of the store folder rather than as a quad:
//! the data (and so every dump and count) stays exactly what the inputs made.

use super::StoreError;
use crate::rdf::Base;
use std::path::Path;

/// The file, inside the store folder, that holds the base IRI (one line). RocksDB leaves the
/// files it did not make alone.
pub const FILE: &str = "atlas-lod-base.txt";

/// The base IRI recorded for the store in `path`, if any (stores made before it was recorded
/// have none).
pub fn recorded(path: &Path) -> Result<Option<String>, StoreError> {
    match std::fs::read_to_string(path.join(FILE)) {
        Ok(text) => Ok(Some(text.trim().to_string())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(StoreError::Io(std::io::Error::new(
            e.kind(),
            format!("{}: {e}", path.join(FILE).display()),
        ))),
    }
}

/// Records `base` for the store in `path`; refuses when the store already holds records of
/// another base (`holds_data`: whether the store has any quad yet).
pub fn record(path: &Path, base: &Base, holds_data: bool) -> Result<(), StoreError> {
    match recorded(path)? {
        Some(held) if held == base.as_str() => return Ok(()),
        Some(held) if holds_data => {
            return Err(StoreError::OtherBase {
                path: path.display().to_string(),
                held,
                asked: base.as_str().to_string(),
            });
        }
        _ => {}
    }
    // Written whole, then renamed: a crash leaves the old line or the new one.
    let tmp = path.join(format!("{FILE}.tmp"));
    std::fs::write(&tmp, format!("{}\n", base.as_str()))
        .and_then(|()| std::fs::rename(&tmp, path.join(FILE)))
        .map_err(|e| {
            StoreError::Io(std::io::Error::new(
                e.kind(),
                format!("{}: {e}", path.join(FILE).display()),
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_base_is_refused_once_the_store_holds_data() {
        let dir = std::env::temp_dir().join(format!("atlas-lod-base-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(recorded(&dir).ok().flatten(), None);
        let a = Base::default();
        let b = Base::new("https://data.example.org/atlas/").unwrap_or_else(|e| panic!("{e}"));
        record(&dir, &a, false).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(recorded(&dir).ok().flatten().as_deref(), Some(a.as_str()));
        record(&dir, &a, true).unwrap_or_else(|e| panic!("{e}"));
        let refused = record(&dir, &b, true);
        assert!(
            matches!(&refused, Err(StoreError::OtherBase { held, .. }) if held == a.as_str()),
            "{refused:?}"
        );
        record(&dir, &b, false).unwrap_or_else(|e| panic!("an empty store takes any base: {e}"));
        assert_eq!(recorded(&dir).ok().flatten().as_deref(), Some(b.as_str()));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
