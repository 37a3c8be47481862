//! Any bytes as the column mapping of a table (`--mapping FILE.toml`): parsed and checked, then,
//! when accepted, used to read the example table (header resolution, every row, mapping). An
//! error is a fine answer; a panic, a hang or a crash is a bug.
#![no_main]

#[allow(dead_code)]
#[path = "../bodies/mod.rs"]
mod bodies;

libfuzzer_sys::fuzz_target!(|data: &[u8]| bodies::csv_mapping::run(data));
