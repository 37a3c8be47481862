//! Names of things in the store, for pages, tables and charts: a resource's label and a theme's
//! path up its scheme.

use crate::vocab::{self, skos};
use oxigraph::model::{NamedNodeRef, NamedOrBlankNodeRef, Term};
use oxigraph::store::{StorageError, Store};

/// A label for `iri` from any graph: its title, preferred label, label or name, in that order
/// of properties; French first, then untagged, then any language. `None` when it has none (or
/// is not an IRI).
pub fn label(store: &Store, iri: &str) -> Result<Option<String>, StorageError> {
    let Ok(node) = NamedNodeRef::new(iri) else {
        return Ok(None);
    };
    for p in vocab::LABEL_PROPERTIES {
        let mut untagged: Option<String> = None;
        let mut other: Option<String> = None;
        for q in store.quads_for_pattern(Some(NamedOrBlankNodeRef::from(node)), Some(p), None, None)
        {
            if let Term::Literal(l) = &q?.object {
                match l.language() {
                    Some("fr") => return Ok(Some(l.value().to_string())),
                    None => {
                        untagged.get_or_insert_with(|| l.value().to_string());
                    }
                    Some(_) => {
                        other.get_or_insert_with(|| l.value().to_string());
                    }
                }
            }
        }
        if let Some(l) = untagged.or(other) {
            return Ok(Some(l));
        }
    }
    Ok(None)
}

/// The path of a theme concept, top first, following `skos:broader` (at most 8 levels, no
/// cycles).
pub fn theme_path(store: &Store, concept: &str) -> Result<Vec<String>, StorageError> {
    let mut path = vec![concept.to_string()];
    let mut current = concept.to_string();
    for _ in 0..8 {
        let Ok(node) = NamedNodeRef::new(&current) else {
            break;
        };
        let mut broader = None;
        for q in store.quads_for_pattern(
            Some(NamedOrBlankNodeRef::from(node)),
            Some(skos::BROADER),
            None,
            None,
        ) {
            if let Term::NamedNode(n) = q?.object {
                broader = Some(n.into_string());
                break;
            }
        }
        match broader {
            Some(b) if !path.contains(&b) => {
                path.push(b.clone());
                current = b;
            }
            _ => break,
        }
    }
    path.reverse();
    Ok(path)
}
