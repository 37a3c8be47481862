//! What the server parses from requests before any query runs: `Accept`, `Accept-Language` and
//! `If-None-Match` headers, query strings and form bodies (the query's shape checked, then the
//! query or update parsed, as the endpoint does), Linked Data paths, and SERVICE addresses.
//!
//! The input is read whole for each parser, and also cut at its first three newlines into
//! `Accept`, `Accept-Language`, `If-None-Match` and a query string, so that each header meets
//! every parser with its own value.

use atlas_lod::serve::{cache, federation, limits, linked_data, negotiate, sparql::SparqlRequest};

fn request(pairs: &[u8]) {
    let mut r = SparqlRequest::default();
    r.add_pairs(pairs);
    if let Some(q) = r.query {
        let _ = limits::shape(&q);
        let _ = atlas_lod::serve::sparql::parse_query(&q);
    }
    if let Some(u) = r.update
        && limits::check(&u, "update").is_ok()
    {
        let _ = oxigraph::sparql::SparqlEvaluator::new().parse_update(&u);
    }
}

/// One input.
pub fn run(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = negotiate::choose(Some(&text), negotiate::RESULTS);
    let _ = negotiate::choose(Some(&text), negotiate::GRAPHS);
    let _ = negotiate::language(Some(&text), Some(&text));
    let _ = cache::etag_matches(&text, "W/\"0123.0-abcdef\"");
    request(data);
    let _ = linked_data::candidates(&text, "http://127.0.0.1:7878/");
    let _ = atlas_lod::serve::html::local_href(&text, "http://127.0.0.1:7878/");
    if let Ok(f) = federation::Federation::new(&[], std::time::Duration::from_secs(1)) {
        let _ = f.check(&text);
    }
    let mut fields = text.splitn(4, '\n');
    let (accept, language, if_none_match, query) = (
        fields.next().unwrap_or_default(),
        fields.next().unwrap_or_default(),
        fields.next().unwrap_or_default(),
        fields.next().unwrap_or_default(),
    );
    let _ = negotiate::choose(Some(accept), negotiate::RESULTS);
    let _ = negotiate::language(Some(query), Some(language));
    let _ = cache::etag_matches(if_none_match, accept);
    request(query.as_bytes());
}
