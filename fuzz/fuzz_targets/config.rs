//! Any bytes as the publisher's settings (`atlas-lod.toml`): TOML parsing, unknown keys, the
//! IRIs, identifiers and e-mail checked. An error is a fine answer; a panic is a bug.
#![no_main]

#[allow(dead_code)]
#[path = "../bodies/mod.rs"]
mod bodies;

libfuzzer_sys::fuzz_target!(|data: &[u8]| bodies::config::run(data));
