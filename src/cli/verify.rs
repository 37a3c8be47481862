//! `verify BUNDLE|CATALOG`: checks a downloaded bundle by itself (see
//! `atlas_lod::publish::verify`).

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
}

/// Exit 0 when everything holds, 1 with one line per finding, 2 when there is no bundle there.
pub fn run(args: Args) -> Result<i32> {
    let validator = Validator::new(&super::reading::read_shapes(&args.shapes)?)?;
    let findings = atlas_lod::publish::verify::verify(&args.bundle, &validator)?;
    for f in &findings {
        println!("{f}");
    }
    if findings.is_empty() {
        super::messages::summary(format_args!(
            "{}: every file, checksum, canonical hash, dump and shape holds",
            args.bundle.display()
        ));
        Ok(super::messages::SUCCESS)
    } else {
        Ok(super::messages::REJECTED)
    }
}
