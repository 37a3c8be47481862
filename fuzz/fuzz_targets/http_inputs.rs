//! What the server parses from requests before any query runs: `Accept` headers, query
//! strings and form bodies, Linked Data paths, and SERVICE addresses.
#![no_main]

use atlas_lod::serve::{federation, linked_data, negotiate, sparql::SparqlRequest};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = negotiate::choose(Some(&text), negotiate::RESULTS);
    let _ = negotiate::choose(Some(&text), negotiate::GRAPHS);
    let mut r = SparqlRequest::default();
    r.add_pairs(data);
    let _ = linked_data::candidates(&text, "http://127.0.0.1:7878/");
    let _ = linked_data::local_href(&text, "http://127.0.0.1:7878/");
    if let Ok(f) = federation::Federation::new(&[], std::time::Duration::from_secs(1)) {
        let _ = f.check(&text);
    }
    if let Some(q) = r.query {
        let _ = atlas_lod::serve::sparql::parse_query(&q);
    }
});
