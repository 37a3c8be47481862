//! What the server parses from requests before any query runs: `Accept`, `Accept-Language` and
//! `If-None-Match` headers, query strings and form bodies (the query's shape checked, then the
//! query or update parsed, as the endpoint does), Linked Data paths, and SERVICE addresses.
//!
//! The input is read whole for each parser, and also cut at its first three newlines into
//! `Accept`, `Accept-Language`, `If-None-Match` and a query string, so that each header meets
//! every parser with its own value.
#![no_main]

#[allow(dead_code)]
#[path = "../bodies/mod.rs"]
mod bodies;

libfuzzer_sys::fuzz_target!(|data: &[u8]| bodies::http_inputs::run(data));
