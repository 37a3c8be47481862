//! The integration tests, one binary: each module drives the real binary (`atlas-lod`) or the
//! library on the bundled examples, the seed page of `../shared` and generated data. One binary
//! links RocksDB, the SHACL engine and the HTTP stack once instead of once per file.

mod common;

mod answers;
mod bad_inputs;
mod bundle_swap;
mod charts;
mod cli;
mod cli_output;
mod crashes;
mod disk_full;
mod docs;
mod faults;
mod federated;
mod formats;
mod fuzz_corpus;
mod generate;
mod house;
mod iati;
mod layers;
mod link;
mod load_bench;
mod mutations;
mod ontology;
mod places;
mod privacy_forms;
mod publish;
mod push;
mod queries;
mod reconcile;
mod releases;
mod search;
mod seed;
mod serve;
mod serve_abuse;
mod serve_clients;
mod serve_limits;
mod shacl_suite;
mod shapes;
mod statistics;
mod store;
mod store_base;
mod tabular;
mod trust;
mod upload;
mod variants;
