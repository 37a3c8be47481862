//! The `atlas-lod` command line: a thin layer over the library.

mod cli;

/// mimalloc: the SHACL engine allocates many small objects per record, and with the system
/// allocator validation of 15,000 records took 7.7 s instead of 5.4 s (bench/validate.sh).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(cli::main());
}
