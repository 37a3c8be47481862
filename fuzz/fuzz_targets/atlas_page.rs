//! Any bytes as an Atlas page: decoding, reading, then mapping what was read to RDF. An error
//! is a fine answer; a panic, a hang or a crash is a bug.
#![no_main]

#[allow(dead_code)]
#[path = "../bodies/mod.rs"]
mod bodies;

libfuzzer_sys::fuzz_target!(|data: &[u8]| bodies::atlas_page::run(data));
