//! What the links graph says of a place: the Wikidata item it is the same as, how that link
//! was made (a link node's method, score and date; none for a link by identifier) and its
//! point. What the pages show beside a partner.

use super::WIKIDATA_LINKS_GRAPH;
use crate::vocab::{atlas, gsp, owl};
use oxigraph::model::{GraphNameRef, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, Term};
use oxigraph::store::{StorageError, Store};

/// One place's link to Wikidata.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlaceLink {
    /// The Wikidata item's IRI.
    pub item: String,
    /// `auto`, `twinned` or `reviewed` for a foreign partner; `None` for a link by identifier
    /// (SIREN, INSEE code, ISO code).
    pub method: Option<String>,
    /// The reconciliation service's score (0 to 100), when it decided.
    pub score: Option<String>,
    /// The day of the decision.
    pub date: Option<String>,
    /// Longitude and latitude of the item's point.
    pub point: Option<(f64, f64)>,
}

/// `POINT(lon lat)` as numbers.
pub fn parse_point(wkt: &str) -> Option<(f64, f64)> {
    let inner = wkt.trim().strip_prefix("POINT(")?.strip_suffix(')')?;
    let (lon, lat) = inner.trim().split_once(' ')?;
    Some((lon.trim().parse().ok()?, lat.trim().parse().ok()?))
}

fn literal(term: &Term) -> Option<String> {
    match term {
        Term::Literal(l) => Some(l.value().to_string()),
        _ => None,
    }
}

/// The link of `iri` to Wikidata, if the links graph holds one.
pub fn place_link(store: &Store, iri: &str) -> Result<Option<PlaceLink>, StorageError> {
    let (Ok(node), graph) = (
        oxigraph::model::NamedNode::new(iri),
        NamedNodeRef::new_unchecked(WIKIDATA_LINKS_GRAPH),
    ) else {
        return Ok(None);
    };
    let graph = Some(GraphNameRef::NamedNode(graph));
    let objects = |s: NamedOrBlankNodeRef<'_>, p: NamedNodeRef<'_>| {
        store
            .quads_for_pattern(Some(s), Some(p), None, graph)
            .map(|q| q.map(|q| q.object))
            .collect::<Result<Vec<Term>, StorageError>>()
    };
    let subject = NamedOrBlankNodeRef::from(node.as_ref());
    let Some(item) = objects(subject, owl::SAME_AS)?
        .into_iter()
        .find_map(|o| match o {
            Term::NamedNode(n) if n.as_str().starts_with(crate::vocab::wikidata::ENTITY) => {
                Some(n.into_string())
            }
            _ => None,
        })
    else {
        return Ok(None);
    };
    let mut link = PlaceLink {
        item,
        ..Default::default()
    };
    if let Some(q) = store
        .quads_for_pattern(
            None,
            Some(atlas::LINK_SUBJECT),
            Some(node.as_ref().into()),
            graph,
        )
        .next()
    {
        let q = q?;
        if let NamedOrBlankNode::NamedNode(l) = &q.subject {
            let l = NamedOrBlankNodeRef::from(l.as_ref());
            let first = |p| -> Result<Option<String>, StorageError> {
                Ok(objects(l, p)?.iter().find_map(literal))
            };
            link.method = first(atlas::LINK_METHOD)?;
            link.score = first(atlas::LINK_SCORE)?;
            link.date = first(atlas::LINK_DATE)?;
        }
    }
    for g in objects(subject, gsp::HAS_GEOMETRY)? {
        let Term::NamedNode(g) = g else { continue };
        let wkt = objects(NamedOrBlankNodeRef::from(g.as_ref()), gsp::AS_WKT)?;
        if let Some(point) = wkt.iter().filter_map(literal).find_map(|w| parse_point(&w)) {
            link.point = Some(point);
            break;
        }
    }
    Ok(Some(link))
}

#[cfg(test)]
mod tests {
    #[test]
    fn points_are_longitude_then_latitude() {
        assert_eq!(super::parse_point("POINT(-67.5 -18)"), Some((-67.5, -18.0)));
        assert_eq!(super::parse_point("POINT(1)"), None);
    }
}
