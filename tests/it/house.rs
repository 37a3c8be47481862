//! The house's limits (no file under `src/` over 600 lines, no function over 150), read from
//! the tree by `scripts/house-figures.py`, the script whose figures the closing notes quote.

use std::path::Path;
use std::process::Command;

fn figures(root: &Path) -> std::process::Output {
    Command::new("python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/house-figures.py"))
        .arg("--check")
        .arg("--root")
        .arg(root)
        .output()
        .unwrap_or_else(|e| panic!("cannot run python3 scripts/house-figures.py: {e}"))
}

#[test]
fn no_file_over_600_lines_and_no_function_over_150() {
    let o = figures(Path::new(env!("CARGO_MANIFEST_DIR")));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // The figures are read from a real tree: a library with hundreds of functions.
    let functions: usize = out
        .lines()
        .find_map(|l| l.split("functions: ").nth(1))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_default();
    assert!(functions > 500, "too few functions seen:\n{out}");
}

#[test]
fn the_check_sees_a_long_function_and_a_long_file() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("house-figures");
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("src")).unwrap_or_else(|e| panic!("{e}"));
    // 151 lines from `fn` to its brace, with braces in a string, a char and a comment that
    // must not end it early.
    let mut long_fn = String::from("fn long() {\n    let s = \"}\"; let c = '}'; // }\n");
    long_fn.push_str(&"    let _x = 1;\n".repeat(148));
    long_fn.push_str("}\n");
    std::fs::write(root.join("src/long_fn.rs"), &long_fn).unwrap_or_else(|e| panic!("{e}"));
    let o = figures(&root);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "a 151-line function passed");
    assert!(err.contains("long_fn.rs:1 long: 151 lines"), "{err}");

    std::fs::write(
        root.join("src/long_fn.rs"),
        long_fn.replacen("    let _x = 1;\n", "", 1),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        figures(&root).status.success(),
        "a 150-line function failed"
    );

    std::fs::write(root.join("src/long_file.rs"), "// a line\n".repeat(601))
        .unwrap_or_else(|e| panic!("{e}"));
    let o = figures(&root);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        !o.status.success() && err.contains("long_file.rs: 601 lines"),
        "{err}"
    );
}
