//! Partnerships that were published once and are gone from the current release: a small graph
//! of their IRIs (`prov:invalidatedAtTime`, their last title), so that their IRIs keep
//! answering (`serve` says 410 Gone, with when and where they were last published).

use crate::vocab::{dcterms, ns, prov, xsd};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, Quad, Term};
use oxigraph::store::{StorageError, Store};

/// The graph of retired partnerships.
pub fn graph() -> String {
    format!("{}graph/retired", ns::ID)
}

/// One retired partnership.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retired {
    /// Its IRI.
    pub iri: String,
    /// Its last title.
    pub title: String,
    /// The date of the release that no longer had it (`YYYY-MM-DD`).
    pub retired_on: String,
}

/// Writes `retired` into the retired graph (replacing it).
pub fn record(store: &Store, retired: &[Retired]) -> Result<(), StorageError> {
    let g = NamedNode::new_unchecked(graph());
    store.clear_graph(g.as_ref())?;
    let name = GraphName::NamedNode(g);
    let mut quads = Vec::new();
    for r in retired {
        let Ok(s) = NamedNode::new(&r.iri) else {
            continue;
        };
        quads.push(Quad::new(
            s.clone(),
            prov::INVALIDATED_AT_TIME,
            Literal::new_typed_literal(format!("{}T00:00:00Z", r.retired_on), xsd::DATE_TIME),
            name.clone(),
        ));
        quads.push(Quad::new(
            s,
            dcterms::TITLE,
            Literal::new_simple_literal(&r.title),
            name.clone(),
        ));
    }
    store.extend(quads)
}

/// The retired partnership `iri` stands for, if any: the partnership itself, anything minted
/// under its IRI (`{partnership}/...` or `{partnership}#...`: its funding nodes, its roles), or
/// its record's graph (`{base}graph/{id}` for `{base}partnership/{id}`).
pub fn lookup_under(store: &Store, iri: &str) -> Result<Option<Retired>, StorageError> {
    for candidate in owners(iri) {
        if let Some(r) = lookup(store, &candidate)? {
            return Ok(Some(r));
        }
    }
    Ok(None)
}

/// The IRIs that may own `iri`, nearest first: itself, each prefix ending before a `/` or a
/// `#`, and the partnership of a record graph (each a point lookup in the retired graph).
fn owners(iri: &str) -> Vec<String> {
    let mut out = vec![iri.to_string()];
    // The scheme and authority own nothing: cuts start after them.
    let start = iri.find("://").map_or(0, |i| i + 3);
    let authority_end = iri[start..].find('/').map_or(iri.len(), |i| start + i);
    for (i, c) in iri.char_indices().rev() {
        if i > authority_end && (c == '/' || c == '#') {
            out.push(iri[..i].to_string());
        }
    }
    if let Some(at) = iri.rfind("/graph/") {
        let id = &iri[at + "/graph/".len()..];
        let id = id.split(['/', '#']).next().unwrap_or_default();
        if !id.is_empty() {
            out.push(format!("{}/partnership/{id}", &iri[..at]));
        }
    }
    out
}

/// The retired partnership `iri`, if it is one.
pub fn lookup(store: &Store, iri: &str) -> Result<Option<Retired>, StorageError> {
    let Ok(s) = NamedNodeRef::new(iri) else {
        return Ok(None);
    };
    let g = NamedNode::new_unchecked(graph());
    let value = |p: NamedNodeRef<'_>| -> Result<Option<String>, StorageError> {
        for q in store.quads_for_pattern(Some(s.into()), Some(p), None, Some(g.as_ref().into())) {
            if let Term::Literal(l) = q?.object {
                return Ok(Some(l.value().to_string()));
            }
        }
        Ok(None)
    };
    let Some(when) = value(prov::INVALIDATED_AT_TIME)? else {
        return Ok(None);
    };
    Ok(Some(Retired {
        iri: iri.to_string(),
        title: value(dcterms::TITLE)?.unwrap_or_default(),
        retired_on: when.chars().take(10).collect(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_minted_under_a_retired_partnership_is_retired_with_it() {
        let store = Store::new().unwrap();
        let p = format!("{}partnership/atlas-7", ns::ID);
        record(
            &store,
            &[Retired {
                iri: p.clone(),
                title: "Gone".into(),
                retired_on: "2026-01-01".into(),
            }],
        )
        .unwrap();
        for iri in [
            p.clone(),
            format!("{p}/funding/afd/2020"),
            format!("{p}/funding/afd/2020/levy/1"),
            format!("{p}#role-1"),
            format!("{}graph/atlas-7", ns::ID),
        ] {
            let r = lookup_under(&store, &iri).unwrap();
            assert_eq!(r.map(|r| r.iri), Some(p.clone()), "{iri}");
        }
        for iri in [
            format!("{}partnership/atlas-70", ns::ID),
            format!("{}partnership/atlas", ns::ID),
            format!("{}graph/atlas-70", ns::ID),
            format!("{}organisation/atlas-7", ns::ID),
        ] {
            assert_eq!(lookup_under(&store, &iri).unwrap(), None, "{iri}");
        }
    }
}
