//! Names of things in the store, for pages, tables and charts: a resource's label and a theme's
//! path up its scheme.

use crate::rdf::vocab::{dcterms, foaf, rdfs, skos};
use oxigraph::model::{NamedNodeRef, NamedOrBlankNodeRef, Term};
use oxigraph::store::Store;

/// A label for `iri` from any graph: its title, preferred label, label or name, in that order
/// of properties; French first, then untagged, then any language.
pub fn label(store: &Store, iri: &str) -> Option<String> {
    let node = NamedNodeRef::new(iri).ok()?;
    for p in [dcterms::TITLE, skos::PREF_LABEL, rdfs::LABEL, foaf::NAME] {
        let mut untagged: Option<String> = None;
        let mut other: Option<String> = None;
        for q in store
            .quads_for_pattern(
                Some(NamedOrBlankNodeRef::from(node)),
                Some(NamedNodeRef::new_unchecked(p)),
                None,
                None,
            )
            .flatten()
        {
            if let Term::Literal(l) = &q.object {
                match l.language() {
                    Some("fr") => return Some(l.value().to_string()),
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
            return Some(l);
        }
    }
    None
}

/// The path of a theme concept, top first, following `skos:broader` (at most 8 levels, no
/// cycles).
pub fn theme_path(store: &Store, concept: &str) -> Vec<String> {
    let mut path = vec![concept.to_string()];
    let mut current = concept.to_string();
    for _ in 0..8 {
        let Ok(node) = NamedNodeRef::new(&current) else {
            break;
        };
        let broader = store
            .quads_for_pattern(
                Some(NamedOrBlankNodeRef::from(node)),
                Some(NamedNodeRef::new_unchecked(skos::BROADER)),
                None,
                None,
            )
            .flatten()
            .find_map(|q| match q.object {
                Term::NamedNode(n) => Some(n.into_string()),
                _ => None,
            });
        match broader {
            Some(b) if !path.contains(&b) => {
                path.push(b.clone());
                current = b;
            }
            _ => break,
        }
    }
    path.reverse();
    path
}
