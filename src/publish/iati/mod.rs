//! The Atlas as an IATI 2.03 activity file (`export iati`, `iati-activities.xml` in a bundle):
//! one `iati-activity` per partnership, read from the store with SPARQL.
//!
//! The decisions (see `docs/iati.md`):
//! - the funding rows are `planned-disbursement`s, one per funder, year and amount (the main
//!   amount, and each 1% levy apart, marked with `atlas:levy-law`): the Atlas amounts are what a
//!   funder declared it brings in a year, not money seen moving on a day (a `transaction` needs
//!   its day), and several funders' budgets for one year would overlap (IATI budgets must not);
//!   every euro of the funding rows is written once;
//! - a year without a day is written as the first day of its period (1 January, or the period
//!   1 January – 31 December) with a narrative saying only the year is known;
//! - the sectors are the main theme's DAC purpose code (vocabulary 1, 100 %), the main theme
//!   (vocabulary 99) and the other themes (vocabulary 98, in equal shares because IATI asks for
//!   percentages and the Atlas gives no weights);
//! - an activity the schema would reject (no title, no description, no country, no start,
//!   no status, a funding row without a year) is left out, named in a warning.

pub mod bundle;
mod read;
mod xml;

use crate::model::Amount;
use oxigraph::store::Store;
use std::io::Write;

pub use read::activities;

/// The codes of the IATI 2.03 OrganisationType codelist (none withdrawn; `tests/it/iati.rs`
/// checks them against the codelist itself).
pub const ORGANISATION_TYPES: &[&str] = &[
    "10", "11", "15", "21", "22", "23", "24", "30", "40", "60", "70", "71", "72", "73", "80", "90",
];

/// The file name in a bundle.
pub const FILE_NAME: &str = "iati-activities.xml";

/// Who reports the file.
#[derive(Debug, Clone)]
pub struct Reporter {
    /// The IATI organisation identifier (the prefix of every activity identifier).
    pub identifier: String,
    /// The IATI OrganisationType code.
    pub organisation_type: String,
    /// The organisation's name.
    pub name: String,
    /// Prefix of SIREN-based identifiers of French authorities (`PREFIX-SIREN`), when known.
    pub siren_prefix: Option<String>,
}

impl Reporter {
    /// The reporting organisation the publisher's settings name, or `None` when they give no
    /// IATI identifier (`[iati] organisation`): an identifier is never made up.
    pub fn from_config(config: &crate::publish::config::Config) -> Option<Reporter> {
        Some(Reporter {
            identifier: config.iati.organisation.clone()?,
            organisation_type: config.iati.organisation_type.clone(),
            name: config.publisher.name.clone(),
            siren_prefix: config.iati.siren_prefix.clone(),
        })
    }
}

/// One participating organisation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Participant {
    /// IATI OrganisationRole code (1 funding, 2 accountable, 4 implementing).
    pub role: u8,
    /// Name, as the Atlas writes it.
    pub name: String,
    /// The organisation's IRI.
    pub iri: String,
    /// IATI identifier, when one is known (never made up).
    pub reference: Option<String>,
    /// IATI OrganisationType code, when known (`11` for French local authorities).
    pub organisation_type: Option<&'static str>,
    /// The country (EU authority IRI), for foreign partners.
    pub country: Option<String>,
}

/// One funding amount: a funding row's main amount, or one of its levies.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Flow {
    /// The year.
    pub year: i32,
    /// The funder's name.
    pub funder: String,
    /// The funder's IATI identifier, when known.
    pub funder_ref: Option<String>,
    /// The funding row's IRI (or the levy's).
    pub iri: String,
    /// The 1% law of a levy (its IRI), `Some("")` for a levy whose law the page did not say.
    pub levy_law: Option<String>,
    /// The amount.
    pub amount: Amount,
}

/// A sector line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sector {
    /// IATI SectorVocabulary code (`1`, `98`, `99`).
    pub vocabulary: &'static str,
    /// The code.
    pub code: String,
    /// The label (French), when we have one.
    pub label: String,
    /// Percentage, in hundredths.
    pub percent_hundredths: u32,
}

/// One activity, as it will be written.
#[derive(Debug, Clone)]
pub struct Activity {
    /// The partnership's IRI (`linked-data-uri`).
    pub iri: String,
    /// The local identifier (the IRI's last segment).
    pub id: String,
    /// Title (French).
    pub title: String,
    /// Descriptions by IATI DescriptionType (1 general, 2 objectives, 3 target groups).
    pub descriptions: Vec<(u8, String)>,
    /// IATI ActivityStatus code.
    pub status: String,
    /// Start year.
    pub start_year: Option<i32>,
    /// End date (`YYYY-MM-DD`), and whether the partnership is closed (actual end).
    pub end_date: Option<String>,
    /// Participating organisations, sorted.
    pub participants: Vec<Participant>,
    /// Recipient countries (ISO 3166-1 alpha-2), sorted.
    pub countries: Vec<String>,
    /// Sectors.
    pub sectors: Vec<Sector>,
    /// Funding, sorted by year, funder, row.
    pub flows: Vec<Flow>,
}

/// A partnership left out of the file, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    /// The partnership's IRI.
    pub iri: String,
    /// Why.
    pub reason: String,
}

/// What an export wrote.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Activities written.
    pub activities: usize,
    /// Partnerships left out, each with its reason.
    pub left_out: Vec<LeftOut>,
    /// The sum of every amount written.
    pub total: Amount,
}

/// What can go wrong.
#[derive(Debug, thiserror::Error)]
pub enum IatiError {
    /// A query failed.
    #[error("reading the store for IATI: {0}")]
    Store(#[from] crate::store::describe::DescribeError),
    /// Writing failed.
    #[error("writing the IATI file: {0}")]
    Io(#[from] std::io::Error),
}

/// Writes the activity file of `activities` (at least one: IATI's schema wants one) to `out`;
/// returns the sum of the amounts written.
pub fn write(
    out: &mut dyn Write,
    reporter: &Reporter,
    activities: &[Activity],
) -> Result<Amount, IatiError> {
    Ok(xml::write(out, reporter, activities)?)
}

/// Reads every partnership of the store and writes the activity file to `out`, unless no
/// partnership makes a valid activity: then nothing is written (an `iati-activities` without
/// an activity is not valid IATI) and the summary says 0.
pub fn export(
    store: &Store,
    reporter: &Reporter,
    out: &mut dyn Write,
) -> Result<Summary, IatiError> {
    let (list, left_out) = activities(store, reporter)?;
    let total = if list.is_empty() {
        Amount::default()
    } else {
        write(out, reporter, &list)?
    };
    Ok(Summary {
        activities: list.len(),
        left_out,
        total,
    })
}

/// `n` equal shares of 100 %, in hundredths, the remainder on the first ones: they sum to
/// exactly 100 % (IATI's rule) without claiming weights the Atlas does not give.
pub fn shares(n: usize) -> Vec<u32> {
    let Ok(n32) = u32::try_from(n) else {
        return Vec::new();
    };
    if n32 == 0 {
        return Vec::new();
    }
    let base = 10_000 / n32;
    let rest = 10_000 % n32;
    (0..n32).map(|i| base + u32::from(i < rest)).collect()
}

#[cfg(test)]
mod tests {
    use super::shares;

    #[test]
    fn shares_sum_to_a_hundred() {
        for n in 1..40 {
            assert_eq!(shares(n).iter().sum::<u32>(), 10_000, "{n}");
        }
        assert_eq!(shares(3), vec![3334, 3333, 3333]);
        assert!(shares(0).is_empty());
    }
}
