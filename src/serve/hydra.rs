//! The DCAT-AP catalogue of a published bundle (`catalog.ttl` beside the store, or
//! `--catalog FILE`), read once and cut into pages with Hydra (`?page=N`,
//! `hydra:PartialCollectionView` with first/last/next/previous), which is what the
//! data.gouv.fr DCAT harvester follows.

use crate::vocab::{dcat, hydra, rdf, xsd};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{Literal, NamedNode, NamedOrBlankNode, Term, Triple};
use std::collections::{HashSet, VecDeque};
use std::path::Path;

/// Datasets per page unless `?page_size=` says otherwise.
pub const PAGE_SIZE: usize = 50;

/// Reads a catalogue file (parsed as is: a store would turn derived integer datatypes into
/// xsd:integer).
pub fn load(path: &Path) -> Result<Vec<Triple>, CatalogError> {
    let text = std::fs::read(path).map_err(|source| CatalogError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let triples: Vec<Triple> = RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(&text)
        .map(|q| {
            q.map(Triple::from).map_err(|source| CatalogError::Parse {
                path: path.to_path_buf(),
                source,
            })
        })
        .collect::<Result<_, _>>()?;
    // A file with no catalogue in it would start a server whose /catalog is a 404.
    if !triples
        .iter()
        .any(|t| matches!(&t.object, Term::NamedNode(n) if n.as_str() == dcat::CATALOG.as_str()))
    {
        return Err(CatalogError::NoCatalog {
            path: path.to_path_buf(),
        });
    }
    Ok(triples)
}

/// Why the catalogue offered at `/catalog` cannot be served.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    /// The file cannot be read.
    #[error("catalogue {}: {source}", path.display())]
    Read {
        /// The file.
        path: std::path::PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The file describes no `dcat:Catalog`.
    #[error("catalogue {}: no dcat:Catalog in it", path.display())]
    NoCatalog {
        /// The file.
        path: std::path::PathBuf,
    },
    /// The file is not Turtle.
    #[error("catalogue {}: {source}", path.display())]
    Parse {
        /// The file.
        path: std::path::PathBuf,
        /// The parser's message, with its position.
        source: oxigraph::io::RdfSyntaxError,
    },
}

fn nn(iri: &str) -> NamedNode {
    NamedNode::new_unchecked(iri)
}

/// One page of the catalogue: the catalogue node, the datasets of this page and everything
/// reachable from them, plus the Hydra view.
pub fn page(triples: &[Triple], page: usize, size: usize, self_url: &str) -> Option<Vec<Triple>> {
    let catalog = triples.iter().find_map(|t| {
        (t.predicate.as_str() == rdf::TYPE.as_str()
            && matches!(&t.object, Term::NamedNode(n) if n.as_str() == dcat::CATALOG.as_str()))
        .then(|| t.subject.clone())
    })?;
    let mut datasets: Vec<Term> = triples
        .iter()
        .filter(|t| t.subject == catalog && t.predicate.as_str() == dcat::DATASET_PROP.as_str())
        .map(|t| t.object.clone())
        .collect();
    datasets.sort_by_cached_key(ToString::to_string);
    let size = size.max(1);
    let pages = datasets.len().div_ceil(size).max(1);
    if page == 0 || page > pages {
        return None;
    }
    let on_page: HashSet<&Term> = datasets.iter().skip((page - 1) * size).take(size).collect();
    let off_page: HashSet<&Term> = datasets.iter().filter(|d| !on_page.contains(d)).collect();
    // Reachability from the catalogue, not crossing into datasets of other pages.
    let mut keep: Vec<Triple> = Vec::new();
    let mut seen: HashSet<NamedOrBlankNode> = HashSet::new();
    let mut queue = VecDeque::from([catalog.clone()]);
    seen.insert(catalog.clone());
    while let Some(s) = queue.pop_front() {
        for t in triples.iter().filter(|t| t.subject == s) {
            if off_page.contains(&t.object) {
                continue;
            }
            keep.push(t.clone());
            let next = match &t.object {
                Term::NamedNode(n) => Some(NamedOrBlankNode::from(n.clone())),
                Term::BlankNode(b) => Some(NamedOrBlankNode::from(b.clone())),
                _ => None,
            };
            if let Some(n) = next
                && seen.insert(n.clone())
            {
                queue.push_back(n);
            }
        }
    }
    let url = |p: usize| nn(&format!("{self_url}?page={p}"));
    let view = url(page);
    let int = |n: usize| Literal::new_typed_literal(n.to_string(), xsd::INTEGER.into_owned());
    keep.push(Triple::new(catalog, hydra::VIEW.into_owned(), view.clone()));
    keep.push(Triple::new(
        view.clone(),
        rdf::TYPE.into_owned(),
        hydra::PARTIAL_COLLECTION_VIEW.into_owned(),
    ));
    keep.push(Triple::new(view.clone(), hydra::FIRST.into_owned(), url(1)));
    keep.push(Triple::new(
        view.clone(),
        hydra::LAST.into_owned(),
        url(pages),
    ));
    if page < pages {
        keep.push(Triple::new(
            view.clone(),
            hydra::NEXT.into_owned(),
            url(page + 1),
        ));
    }
    if page > 1 {
        keep.push(Triple::new(
            view.clone(),
            hydra::PREVIOUS.into_owned(),
            url(page - 1),
        ));
    }
    keep.push(Triple::new(
        view.clone(),
        hydra::TOTAL_ITEMS.into_owned(),
        int(datasets.len()),
    ));
    keep.push(Triple::new(
        view,
        hydra::ITEMS_PER_PAGE.into_owned(),
        int(size),
    ));
    Some(keep)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog_of(n: usize) -> Vec<Triple> {
        let c = nn("http://e/catalog");
        let mut t = vec![Triple::new(
            c.clone(),
            rdf::TYPE.into_owned(),
            dcat::CATALOG.into_owned(),
        )];
        for i in 0..n {
            let d = nn(&format!("http://e/dataset/{i:02}"));
            t.push(Triple::new(
                c.clone(),
                dcat::DATASET_PROP.into_owned(),
                d.clone(),
            ));
            t.push(Triple::new(
                d.clone(),
                rdf::TYPE.into_owned(),
                dcat::DATASET.into_owned(),
            ));
            let dist = nn(&format!("http://e/dist/{i:02}"));
            t.push(Triple::new(
                d,
                dcat::DISTRIBUTION_PROP.into_owned(),
                dist.clone(),
            ));
            t.push(Triple::new(
                dist,
                rdf::TYPE.into_owned(),
                dcat::DISTRIBUTION.into_owned(),
            ));
        }
        t
    }

    fn has(t: &[Triple], p: oxigraph::model::NamedNodeRef<'_>, o: &str) -> bool {
        t.iter()
            .any(|x| x.predicate.as_ref() == p && x.object.to_string() == o)
    }

    #[test]
    fn pages_split_datasets_and_link_each_other() {
        let all = catalog_of(5);
        let p1 = page(&all, 1, 2, "http://s/catalog").unwrap();
        let p3 = page(&all, 3, 2, "http://s/catalog").unwrap();
        let datasets = |t: &[Triple]| {
            t.iter()
                .filter(|x| x.predicate.as_str() == dcat::DATASET_PROP.as_str())
                .count()
        };
        assert_eq!((datasets(&p1), datasets(&p3)), (2, 1));
        // Distributions follow their dataset onto its page only.
        assert!(
            p1.iter()
                .any(|x| x.subject.to_string() == "<http://e/dist/01>")
        );
        assert!(
            !p1.iter()
                .any(|x| x.subject.to_string() == "<http://e/dist/02>")
        );
        assert!(has(&p1, hydra::NEXT, "<http://s/catalog?page=2>"));
        assert!(!has(&p1, hydra::PREVIOUS, "<http://s/catalog?page=0>"));
        assert!(has(&p3, hydra::PREVIOUS, "<http://s/catalog?page=2>"));
        assert!(
            !p3.iter()
                .any(|x| x.predicate.as_str() == hydra::NEXT.as_str())
        );
        assert!(has(&p3, hydra::LAST, "<http://s/catalog?page=3>"));
        assert!(page(&all, 4, 2, "http://s/catalog").is_none());
        assert!(page(&all, 0, 2, "http://s/catalog").is_none());
    }
}
