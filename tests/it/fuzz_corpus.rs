//! The fuzz targets' bodies (`fuzz/bodies/`), compiled with the library on every test run (so
//! that a target cannot drift from the API it exercises) and run on every input kept in
//! `fuzz/seeds/`: the corpus libFuzzer found, replayed without the instrumented build.

#[path = "../../fuzz/bodies/mod.rs"]
pub mod bodies;

#[test]
fn every_kept_input_of_every_fuzz_target_runs_without_a_panic() {
    // libFuzzer's main thread has 8 MiB of stack: the bodies run on one as large.
    let worker = std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(|| {
            let mut ran = Vec::new();
            for (target, run) in bodies::TARGETS {
                let dir = crate::common::repo_path(&format!("fuzz/seeds/{target}"));
                let mut inputs: Vec<_> = std::fs::read_dir(&dir)
                    .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
                    .map(|e| e.map(|e| e.path()).unwrap_or_else(|e| panic!("{e}")))
                    .collect();
                inputs.sort();
                for path in &inputs {
                    let data = std::fs::read(path).unwrap_or_else(|e| panic!("{e}"));
                    run(&data);
                }
                ran.push((target, inputs.len()));
            }
            ran
        })
        .unwrap_or_else(|e| panic!("{e}"));
    let ran = worker
        .join()
        .unwrap_or_else(|_| panic!("a fuzz body panicked"));
    for (target, n) in ran {
        assert!(n > 0, "fuzz/seeds/{target} keeps no input");
    }
}
