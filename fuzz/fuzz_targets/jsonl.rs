//! Any bytes as JSON Lines of canonical records: reading every line, then mapping the records.
#![no_main]

#[allow(dead_code)]
#[path = "../bodies/mod.rs"]
mod bodies;

libfuzzer_sys::fuzz_target!(|data: &[u8]| bodies::jsonl::run(data));
