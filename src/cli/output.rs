//! Where a command writes a file it was given: `-` is standard output, as for the inputs.

use anyhow::{Context, Result, bail};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Whether a path given for an output means standard output.
pub fn is_stdout(path: Option<&Path>) -> bool {
    path.is_none_or(|p| p.as_os_str() == "-")
}

/// The writer for an output option: standard output when absent or `-`, else the file,
/// created (or truncated).
pub fn create(path: Option<&Path>) -> Result<Box<dyn Write>> {
    match path {
        Some(p) if !is_stdout(Some(p)) => {
            Ok(Box::new(std::fs::File::create(p).with_context(|| {
                format!("cannot create {}", p.display())
            })?))
        }
        _ => Ok(Box::new(std::io::stdout().lock())),
    }
}

/// The writer for an optional output that is written only when asked for (`--rejects`,
/// `--report`): `None` when absent, standard output for `-`.
pub fn create_if(path: Option<&Path>) -> Result<Option<Box<dyn Write>>> {
    path.map(|p| create(Some(p))).transpose()
}

/// Refuses two outputs sharing standard output: their lines would interleave into neither.
pub fn one_on_stdout(outputs: &[(&str, bool)]) -> Result<()> {
    let on_stdout: Vec<&str> = outputs
        .iter()
        .filter(|(_, stdout)| *stdout)
        .map(|(name, _)| *name)
        .collect();
    if on_stdout.len() > 1 {
        bail!(
            "{} cannot all go to standard output: give a file to all but one",
            on_stdout.join(" and ")
        );
    }
    Ok(())
}

/// The files among the outputs given (not `-`), which a folder walk must not read as input.
pub fn files(outputs: &[Option<&PathBuf>]) -> Vec<PathBuf> {
    outputs
        .iter()
        .flatten()
        .filter(|p| !is_stdout(Some(p.as_path())))
        .map(|p| (*p).clone())
        .collect()
}
