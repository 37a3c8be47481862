//! `--authorities FILE.csv`: SIREN and INSEE (COG) codes for our French partners, from the
//! public list of French local authorities (name, SIREN, INSEE code, type).
//!
//! A partner matches an authority when their names agree once normalised (accents, case,
//! punctuation, the type words and leading articles set aside) and their types agree. A partner
//! whose name says no type ("Lyon") matches on the name alone. No match, or more than one, is
//! reported on the record as a warning and nothing is attached: codes are never guessed.

use super::mapping::Delimiter;
use super::{decode, tabular};
use crate::model::Record;
use crate::model::names::normalise;
use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The authorities file cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("authorities {file}: {message}")]
pub struct AuthoritiesError {
    /// The file.
    pub file: String,
    /// What is wrong.
    pub message: String,
}

/// The kinds of French local authority that decide a match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// Commune (ville, mairie).
    Commune,
    /// Département (conseil départemental).
    Departement,
    /// Région (conseil régional).
    Region,
    /// Inter-communal body with its own tax (communauté de communes, d'agglomération, urbaine,
    /// métropole).
    Epci,
    /// Collectivité à statut particulier or d'outre-mer (Corse, Martinique, ...).
    Particuliere,
}

/// Type words at the start of a name, longest first, with the kind they say.
const PREFIXES: &[(&str, Kind)] = &[
    ("communaute d agglomeration", Kind::Epci),
    ("communaute de communes", Kind::Epci),
    ("communaute urbaine", Kind::Epci),
    ("metropole", Kind::Epci),
    ("eurometropole", Kind::Epci),
    ("conseil departemental", Kind::Departement),
    ("conseil general", Kind::Departement),
    ("departement", Kind::Departement),
    ("conseil regional", Kind::Region),
    ("region", Kind::Region),
    ("collectivite territoriale", Kind::Particuliere),
    ("collectivite", Kind::Particuliere),
    ("commune", Kind::Commune),
    ("mairie", Kind::Commune),
    ("ville", Kind::Commune),
];

/// The kind a type cell says (`COM`, `Commune`, `CA`, `Communauté d'agglomération`, `DEP`...).
fn kind_of_type(cell: &str) -> Option<Kind> {
    let n = normalise(cell);
    let code = match n.as_str() {
        "com" | "commune" | "communes" => Some(Kind::Commune),
        "dep" | "departement" | "departements" => Some(Kind::Departement),
        "reg" | "region" | "regions" => Some(Kind::Region),
        "cc" | "ca" | "cu" | "met" | "metro" | "met69" | "ept" | "epci" => Some(Kind::Epci),
        "ctu" | "csp" | "com outre mer" | "ctm" => Some(Kind::Particuliere),
        _ => None,
    };
    code.or_else(|| {
        PREFIXES
            .iter()
            .find(|(p, _)| n.starts_with(p))
            .map(|(_, k)| *k)
    })
}

/// The kind a name says by its first words, and the rest of the name as a key.
fn split_name(name: &str) -> (Option<Kind>, String) {
    let n = normalise(name);
    for (prefix, kind) in PREFIXES {
        if let Some(rest) = n.strip_prefix(prefix)
            && (rest.is_empty() || rest.starts_with(' '))
        {
            let key = core(rest);
            if !key.is_empty() {
                return (Some(*kind), key);
            }
        }
    }
    (None, core(&n))
}

/// A normalised name without leading articles (`de la`, `du`, `d`, `l`...).
fn core(n: &str) -> String {
    let mut words: Vec<&str> = n.split_whitespace().collect();
    while words.len() > 1
        && matches!(
            words[0],
            "de" | "du" | "des" | "d" | "la" | "le" | "les" | "l"
        )
    {
        words.remove(0);
    }
    words.join(" ")
}

/// One authority of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authority {
    /// Its name as written in the list.
    pub name: String,
    /// Its kind, from the type column (or its name).
    pub kind: Option<Kind>,
    /// SIREN.
    pub siren: Option<String>,
    /// INSEE / COG code.
    pub insee: Option<String>,
}

/// How partners fared against the list, over a whole run.
#[derive(Debug, Default)]
pub struct Counts {
    matched: AtomicUsize,
    unmatched: AtomicUsize,
    ambiguous: AtomicUsize,
}

impl Counts {
    /// (matched, unmatched, ambiguous) partners so far.
    pub fn get(&self) -> (usize, usize, usize) {
        (
            self.matched.load(Ordering::Relaxed),
            self.unmatched.load(Ordering::Relaxed),
            self.ambiguous.load(Ordering::Relaxed),
        )
    }
}

/// The list, indexed by kind and name.
#[derive(Debug, Default)]
pub struct Authorities {
    file: String,
    all: Vec<Authority>,
    by_kind: HashMap<(Kind, String), Vec<usize>>,
    by_name: HashMap<String, Vec<usize>>,
    /// What became of the partners looked up.
    pub counts: Counts,
}

/// Header names (normalised) accepted for each column, in order of preference.
const NAME_COLUMNS: &[&str] = &[
    "nom",
    "libelle",
    "name",
    "nom collectivite",
    "lib",
    "raison sociale",
];
const SIREN_COLUMNS: &[&str] = &["siren", "numero siren", "siren collectivite"];
const INSEE_COLUMNS: &[&str] = &[
    "insee",
    "code insee",
    "cog",
    "code cog",
    "code commune",
    "code",
];
const TYPE_COLUMNS: &[&str] = &[
    "type",
    "nature",
    "categorie",
    "type collectivite",
    "nature juridique",
];

impl Authorities {
    /// Reads the list from a CSV file (`,`, `;` or tab; UTF-8 or Windows-1252).
    pub fn load(path: &Path) -> Result<Self, AuthoritiesError> {
        let file = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| AuthoritiesError {
            file: file.clone(),
            message: e.to_string(),
        })?;
        Self::parse(&bytes, &file)
    }

    /// Reads the list from CSV bytes; `file` names it in errors.
    pub fn parse(bytes: &[u8], file: &str) -> Result<Self, AuthoritiesError> {
        let err = |message: String| AuthoritiesError {
            file: file.to_string(),
            message,
        };
        let (text, _) = decode::decode(bytes).map_err(|e| err(e.to_string()))?;
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(tabular::delimiter(&text, Delimiter::Auto))
            .flexible(true)
            .from_reader(text.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| err(e.to_string()))?
            .iter()
            .map(normalise)
            .collect();
        let column = |names: &[&str]| {
            names
                .iter()
                .find_map(|n| header.iter().position(|h| h == n))
        };
        let name_col = column(NAME_COLUMNS).ok_or_else(|| {
            err(format!(
                "no name column (one of: {}) in the header {header:?}",
                NAME_COLUMNS.join(", ")
            ))
        })?;
        let siren_col = column(SIREN_COLUMNS);
        let insee_col = column(INSEE_COLUMNS);
        if siren_col.is_none() && insee_col.is_none() {
            return Err(err(format!(
                "neither a SIREN column ({}) nor an INSEE column ({}) in the header {header:?}",
                SIREN_COLUMNS.join(", "),
                INSEE_COLUMNS.join(", ")
            )));
        }
        let type_col = column(TYPE_COLUMNS);
        let mut list = Self {
            file: file.to_string(),
            ..Default::default()
        };
        for (i, row) in reader.records().enumerate() {
            let row = row.map_err(|e| err(format!("row {}: {e}", i + 2)))?;
            let cell = |c: Option<usize>| {
                c.and_then(|c| row.get(c))
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
            };
            let Some(name) = cell(Some(name_col)) else {
                continue;
            };
            let siren =
                cell(siren_col).filter(|s| s.len() == 9 && s.bytes().all(|b| b.is_ascii_digit()));
            let insee = cell(insee_col);
            let (name_kind, key) = split_name(&name);
            let kind = cell(type_col).and_then(|t| kind_of_type(&t)).or(name_kind);
            let idx = list.all.len();
            list.all.push(Authority {
                name,
                kind,
                siren,
                insee,
            });
            if let Some(k) = kind {
                list.by_kind.entry((k, key.clone())).or_default().push(idx);
            }
            list.by_name.entry(key).or_default().push(idx);
        }
        if list.all.is_empty() {
            return Err(err("no authority in the file".into()));
        }
        Ok(list)
    }

    /// How many authorities the list holds.
    pub fn len(&self) -> usize {
        self.all.len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.all.is_empty()
    }

    /// The authorities a partner's name designates: one is a match, several are ambiguous.
    pub fn lookup(&self, name: &str) -> Vec<&Authority> {
        let (kind, key) = split_name(name);
        let found = match kind {
            Some(k) => self.by_kind.get(&(k, key)),
            None => self.by_name.get(&key),
        };
        found
            .map(|v| v.iter().map(|&i| &self.all[i]).collect())
            .unwrap_or_default()
    }

    /// Attaches SIREN and INSEE codes to the record's French partners that match exactly one
    /// authority; warns on the record for the others. Codes already on a partner are kept.
    pub fn attach(&self, record: &mut Record) {
        let line = record.source.line;
        let mut warnings = Vec::new();
        for partner in &mut record.french_partners {
            let found = self.lookup(&partner.name);
            match found.as_slice() {
                [one] => {
                    self.counts.matched.fetch_add(1, Ordering::Relaxed);
                    if partner.siren.is_none() {
                        partner.siren = one.siren.clone();
                    }
                    if partner.insee.is_none() {
                        partner.insee = one.insee.clone();
                    }
                }
                [] => {
                    self.counts.unmatched.fetch_add(1, Ordering::Relaxed);
                    warnings.push(format!(
                        "{:?} matches no authority of {}: no SIREN or INSEE code attached",
                        partner.name, self.file
                    ));
                }
                many => {
                    self.counts.ambiguous.fetch_add(1, Ordering::Relaxed);
                    let which: Vec<String> = many
                        .iter()
                        .map(|a| {
                            format!("{} (SIREN {})", a.name, a.siren.as_deref().unwrap_or("-"))
                        })
                        .collect();
                    warnings.push(format!(
                        "{:?} matches {} authorities of {}: {}; not guessed",
                        partner.name,
                        many.len(),
                        self.file,
                        which.join(", ")
                    ));
                }
            }
        }
        for w in warnings {
            record.warn(line, "french_partners", w);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIST: &str = "nom;siren;insee;type\n\
        Chartres Métropole;200033181;;CA\n\
        Saint-Denis;219300662;93066;COM\n\
        Saint-Denis;219740412;97411;COM\n\
        Gironde;223300015;33;DEP\n\
        Lyon;216901231;69123;COM\n";

    #[test]
    fn names_match_by_kind_and_core() {
        let a = Authorities::parse(LIST.as_bytes(), "list.csv").map_err(|e| e.to_string());
        let a = match a {
            Ok(a) => a,
            Err(e) => panic!("{e}"),
        };
        let one = |n: &str| {
            a.lookup(n)
                .iter()
                .map(|x| x.name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            one("Communauté d'agglomération Chartres métropole"),
            ["Chartres Métropole"]
        );
        assert_eq!(one("Conseil départemental de la Gironde"), ["Gironde"]);
        assert_eq!(one("Département de la Gironde"), ["Gironde"]);
        assert!(
            one("Région Gironde").is_empty(),
            "a region is not a département"
        );
        assert_eq!(
            one("Ville de Saint-Denis").len(),
            2,
            "two communes: ambiguous"
        );
        assert_eq!(one("LYON"), ["Lyon"]);
        assert!(one("Villeurbanne").is_empty());
    }
}
