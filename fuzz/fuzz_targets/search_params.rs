//! Any bytes as the query string of `/search` and `/suggest`: the parameters read as the
//! server reads them, then asked of the search index of the seed page and the example pages
//! (French analysis, the prefix of the last word, filters, pages), and of the code lookup of
//! the reconciliation service. The same bytes as a reconciliation batch (`queries=`, JSON)
//! and a data extension request, each query read as `/reconcile` reads it and asked for its
//! candidates. An empty answer is fine; a panic is a bug.
#![no_main]

#[allow(dead_code)]
#[path = "../bodies/mod.rs"]
mod bodies;

libfuzzer_sys::fuzz_target!(|data: &[u8]| bodies::search_params::run(data));
