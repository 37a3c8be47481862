//! What each fuzz target does with one input, shared by the fuzz targets (`fuzz_targets/`,
//! under libFuzzer) and the test suite (`tests/it/fuzz_corpus.rs`, which runs every kept input
//! of `seeds/` through them): the tests keep the bodies compiling with the library, and replay
//! the corpus on every CI run.

pub mod atlas_page;
pub mod config;
pub mod csv_mapping;
pub mod csv_table;
pub mod http_inputs;
pub mod jsonl;
pub mod search_params;

/// What a target does with one input.
pub type Body = fn(&[u8]);

/// Every target, by name (its folder under `seeds/`), with what it does with one input.
pub const TARGETS: [(&str, Body); 7] = [
    ("atlas_page", atlas_page::run),
    ("jsonl", jsonl::run),
    ("csv_table", csv_table::run),
    ("http_inputs", http_inputs::run),
    ("csv_mapping", csv_mapping::run),
    ("config", config::run),
    ("search_params", search_params::run),
];
