//! For search engines: `/robots.txt` (everything may be read; where the sitemap is) and
//! `/sitemap.xml` (the home page, the catalogue and every partnership, organisation, country
//! and theme page; an index of several sitemaps past 50,000 addresses, as the protocol wants).

use super::html::local_href;
use super::respond::Failure;
use super::state::Shared;
use crate::model::format::xml_escape;
use crate::vocab::{atlas, ns, org, rdf, skos};
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use oxigraph::model::{NamedNodeRef, NamedOrBlankNode, Term};
use oxigraph::store::{StorageError, Store};
use std::collections::BTreeSet;

/// Addresses in one sitemap at most (the sitemaps protocol's limit).
pub const PER_SITEMAP: usize = 50_000;

fn subjects_of(
    store: &Store,
    p: NamedNodeRef<'_>,
    o: NamedNodeRef<'_>,
) -> Result<BTreeSet<String>, StorageError> {
    store
        .quads_for_pattern(None, Some(p), Some(o.into()), None)
        .map(|q| {
            q.map(|q| match q.subject {
                NamedOrBlankNode::NamedNode(n) => n.into_string(),
                NamedOrBlankNode::BlankNode(_) => String::new(),
            })
        })
        .collect()
}

/// Every page address of the site, sorted, the home page and the catalogue first.
pub fn page_urls(store: &Store, base_url: &str) -> Result<Vec<String>, StorageError> {
    let mut pages = BTreeSet::new();
    let local = |iri: &str| -> Option<String> {
        let href = local_href(iri, base_url);
        href.strip_prefix('/')
            .map(|path| format!("{base_url}{path}"))
    };
    for class in [atlas::PARTNERSHIP, org::ORGANIZATION, skos::CONCEPT] {
        for s in subjects_of(store, rdf::TYPE, class)? {
            let ours = class != skos::CONCEPT || s.starts_with(ns::THEME);
            if ours && let Some(u) = local(&s) {
                pages.insert(u);
            }
        }
    }
    pages.extend(local(ns::THEME));
    for q in store.quads_for_pattern(None, Some(atlas::COUNTRY_PROP), None, None) {
        if let Term::NamedNode(c) = q?.object
            && let Some(code) = c.as_str().rsplit('/').next()
            && code.len() == 3
        {
            pages.insert(format!("{base_url}country/{code}"));
        }
    }
    let mut out = vec![base_url.to_string(), format!("{base_url}catalog")];
    out.extend(pages.into_iter().filter(|p| !p.is_empty()));
    Ok(out)
}

/// The sitemap document for `urls`.
pub fn urlset(urls: &[String]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for u in urls {
        out.push_str(&format!("<url><loc>{}</loc></url>\n", xml_escape(u)));
    }
    out.push_str("</urlset>\n");
    out
}

/// The sitemap index pointing to `parts` sitemaps (`sitemaps/1`...).
pub fn index(base_url: &str, parts: usize) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for i in 1..=parts {
        out.push_str(&format!(
            "<sitemap><loc>{}sitemaps/{i}</loc></sitemap>\n",
            xml_escape(base_url)
        ));
    }
    out.push_str("</sitemapindex>\n");
    out
}

fn xml(body: String) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/xml; charset=utf-8"),
        )],
        body,
    )
        .into_response()
}

async fn urls(state: &Shared) -> Result<Vec<String>, Failure> {
    let job = state.clone();
    Ok(tokio::task::spawn_blocking(move || page_urls(&job.store, &job.base_url)).await??)
}

/// `GET /sitemap.xml`: the addresses, or an index of sitemaps past [`PER_SITEMAP`].
pub async fn sitemap(State(state): State<Shared>) -> Response {
    match urls(&state).await {
        Ok(u) if u.len() <= PER_SITEMAP => xml(urlset(&u)),
        Ok(u) => xml(index(&state.base_url, u.len().div_ceil(PER_SITEMAP))),
        Err(e) => e.into_response(),
    }
}

/// `GET /sitemaps/{n}`: the n-th part of a split sitemap.
pub async fn sitemap_part(State(state): State<Shared>, Path(n): Path<String>) -> Response {
    let n: Option<usize> = n.parse().ok();
    let all = match urls(&state).await {
        Ok(u) => u,
        Err(e) => return e.into_response(),
    };
    match n.filter(|n| *n >= 1) {
        Some(n) if (n - 1) * PER_SITEMAP < all.len() => {
            let end = (n * PER_SITEMAP).min(all.len());
            xml(urlset(&all[(n - 1) * PER_SITEMAP..end]))
        }
        _ => super::respond::error_response(StatusCode::NOT_FOUND, "no such sitemap"),
    }
}

/// `GET /robots.txt`.
pub async fn robots(State(state): State<Shared>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        )],
        format!(
            "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
            state.base_url
        ),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemaps_escape_and_index() {
        let set = urlset(&["http://h/a?b=1&c=2".into()]);
        assert!(set.contains("<loc>http://h/a?b=1&amp;c=2</loc>"), "{set}");
        let idx = index("http://h/", 3);
        assert!(idx.contains("<loc>http://h/sitemaps/3</loc>"));
        assert_eq!(idx.matches("<sitemap>").count(), 3);
    }
}
