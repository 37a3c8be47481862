//! The `atlas-lod` command line: a thin layer over the library.

mod cli;

/// mimalloc, also for C and C++ (feature `override` of libmimalloc-sys): the SHACL engine
/// allocates many small objects per record; with the system allocator validating 15,000
/// records took 3.7 s instead of 2.9 s (bench/validate.sh). Overriding malloc matters: oxigraph
/// frees RocksDB's malloc'd error strings with the Rust allocator, and with a Rust-only
/// mimalloc a locked store was a segfault (tests/it/store.rs covers it).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(cli::main());
}
