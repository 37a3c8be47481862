//! The flags of every command that maps records to RDF (`convert`, `import`, `validate`,
//! `publish`), declared once: the instance namespace and the contacts profile.

use super::values::Contacts;
use anyhow::Result;
use atlas_lod::rdf::{Base, MapOptions};

/// `--base` and `--contacts`.
#[derive(clap::Args, Debug, Clone)]
pub struct MappingArgs {
    /// Namespace of the minted instance IRIs (a store keeps the one it was first given).
    #[arg(long, default_value = atlas_lod::vocab::ns::ID)]
    pub base: String,
    /// How much of the contacts (personal data) to write: `role` (no names, no e-mails) unless
    /// `full` is asked for.
    #[arg(long, value_enum, default_value = "role")]
    pub contacts: Contacts,
}

impl MappingArgs {
    /// The mapping options these flags ask for (the base checked).
    pub fn map_options(&self) -> Result<MapOptions> {
        Ok(MapOptions {
            base: Base::new(&self.base)?,
            contacts: self.contacts.into(),
            ..Default::default()
        })
    }
}
