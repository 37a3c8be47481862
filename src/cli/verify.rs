//! `verify BUNDLE|CATALOG`: checks a downloaded bundle by itself (see
//! `atlas_lod::deliver::verify`).

use anyhow::Result;
use atlas_lod::validate::Validator;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The bundle folder, or its catalog.ttl.
    bundle: PathBuf,
    /// Shapes (Turtle) the data must also conform to; may be repeated.
    #[arg(long = "shapes", value_name = "FILE")]
    shapes: Vec<PathBuf>,
    /// The SHA-256 of the bundle's SHA256SUMS, as publish printed it (kept apart from the
    /// bundle): without it a forger who rewrites SHA256SUMS too goes unseen.
    #[arg(long, value_name = "SHA256")]
    expect: Option<String>,
}

/// Exit 0 when everything holds, 1 with one line per finding, 2 when there is no bundle there.
pub fn run(args: Args) -> Result<i32> {
    let validator = Validator::new(&super::reading::read_shapes(&args.shapes)?)?;
    let findings =
        atlas_lod::deliver::verify::verify(&args.bundle, &validator, args.expect.as_deref())?;
    for f in &findings {
        println!("{f}");
    }
    // What no check here covers, said every time (on standard error, like every note).
    let unchecked = atlas_lod::publish::manifest::UNCHECKED;
    super::messages::note(format_args!("not checked: {}", unchecked[0]));
    if args.expect.is_none() {
        super::messages::note(format_args!("not checked: {}", unchecked[1]));
    }
    if findings.is_empty() {
        super::messages::summary(format_args!(
            "{}: every file, checksum, canonical hash, dump and shape holds; the folder holds exactly the catalogue's files and those listed beside them{}",
            args.bundle.display(),
            if args.expect.is_some() {
                "; SHA256SUMS is the one expected"
            } else {
                ""
            }
        ));
        Ok(super::messages::SUCCESS)
    } else {
        Ok(super::messages::REJECTED)
    }
}
