//! Any bytes as a table read through the example mapping: decoding, delimiter detection,
//! header resolution, every row, then mapping the records.
#![no_main]

#[allow(dead_code)]
#[path = "../bodies/mod.rs"]
mod bodies;

libfuzzer_sys::fuzz_target!(|data: &[u8]| bodies::csv_table::run(data));
