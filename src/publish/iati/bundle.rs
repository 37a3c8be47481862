//! `iati-activities.xml` in a bundle: the same file as `export iati`, written by the bundle's
//! one file-writing helper when the publisher's settings name its IATI organisation
//! (`[iati] organisation`), and left out otherwise. An IATI identifier is the publisher's own,
//! registered with IATI: a bundle without one holds no IATI file rather than one reported by
//! an organisation we made up, and the run says which key to set.

use super::{FILE_NAME, IatiError, LeftOut, Reporter, activities};
use crate::publish::PublishError;
use crate::publish::config::Config;
use crate::publish::files::{Planned, write_with};
use crate::vocab::iati;
use oxigraph::store::Store;
use std::path::Path;

/// The file, as the catalogue and the README describe it.
pub(in crate::publish) const PLANNED: Planned = Planned {
    name: FILE_NAME,
    media_type: "application/xml",
    file_type: "XML",
    gzip: false,
    title_fr: "Activités au format IATI 2.03 (une activité par partenariat, financements en décaissements prévus, thématiques en codes CAD de l'OCDE)",
    title_en: "Activities in IATI 2.03 (one activity per partnership, funding as planned disbursements, themes as OECD DAC codes)",
};

/// The standard a file of the bundle conforms to, when one is named (`dct:conformsTo`).
pub(in crate::publish) fn conforms_to(name: &str) -> Option<&'static str> {
    (name == FILE_NAME).then_some(iati::STANDARD_2_03)
}

/// What the bundle's IATI step did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum InBundle {
    /// No `[iati] organisation` in the settings: no file.
    #[default]
    NotConfigured,
    /// The file was written.
    Written {
        /// Activities in it.
        activities: usize,
        /// Partnerships left out, each with its reason.
        left_out: Vec<LeftOut>,
    },
    /// No partnership makes a valid activity: no file (IATI wants at least one).
    NoneValid {
        /// Partnerships left out, each with its reason.
        left_out: Vec<LeftOut>,
    },
}

impl InBundle {
    /// The file's description, when it was written.
    pub(in crate::publish) fn planned(&self) -> Option<&'static Planned> {
        matches!(self, InBundle::Written { .. }).then_some(&PLANNED)
    }
}

impl From<IatiError> for PublishError {
    fn from(e: IatiError) -> Self {
        match e {
            IatiError::Store(e) => PublishError::Query(e),
            IatiError::Io(e) => PublishError::Io(e),
        }
    }
}

/// Writes `iati-activities.xml` into `out` from `store`, when `config` names the reporting
/// organisation.
pub(in crate::publish) fn step(
    out: &Path,
    store: &Store,
    config: &Config,
) -> Result<InBundle, PublishError> {
    let Some(reporter) = Reporter::from_config(config) else {
        return Ok(InBundle::NotConfigured);
    };
    let (list, left_out) = activities(store, &reporter)?;
    if list.is_empty() {
        return Ok(InBundle::NoneValid { left_out });
    }
    write_with(out, FILE_NAME, false, |w| super::write(w, &reporter, &list))?;
    Ok(InBundle::Written {
        activities: list.len(),
        left_out,
    })
}
