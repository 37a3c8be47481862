//! The page's section headings and table headers, and how a line is matched to them.
//!
//! A heading is matched with tolerance: case and accents (by [`normalise`]), a plural
//! (`Bénéficiaires` for `Bénéficiaire(s)`), one letter changed, added or dropped in a word,
//! and, in headings of four words or more, one word dropped, added or replaced. A match that
//! was not exact is said in a warning by the reader. A line that is one edit away from two
//! different headings matches neither: a guess between two sections is never made.
//!
//! Table headers name their table whatever heading came before: a contacts header under a
//! partners heading opens the contacts table, so that a person's row never becomes a partner.

use crate::model::names::normalise;

/// Where a line belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum Section {
    Preamble,
    DiplomaticPost,
    Title,
    FirstAgreementYear,
    Theme(usize),
    OtherThemes,
    StartYear,
    Status,
    EndDate,
    Context,
    History,
    Objective,
    Description,
    Kind,
    /// A heading with no value of its own ("Mise en œuvre du partenariat").
    Group,
    Implementers,
    Owners,
    Beneficiaries,
    ForeignPartners,
    ForeignContacts,
    FrenchPartners,
    Funding,
    Volunteers,
    Footer,
    /// Lines after a heading that is not known: never read into a field.
    Unknown,
}

impl Section {
    /// The record field a section fills (the name warnings use).
    pub(super) fn field(self) -> &'static str {
        match self {
            Section::Preamble | Section::Group | Section::Footer | Section::Unknown => "page",
            Section::DiplomaticPost => "diplomatic_post.contacts",
            Section::Title => "title",
            Section::FirstAgreementYear => "first_agreement_year",
            Section::Theme(_) => "main_theme",
            Section::OtherThemes => "other_themes",
            Section::StartYear => "start_year",
            Section::Status => "status",
            Section::EndDate => "end_date",
            Section::Context => "context",
            Section::History => "history",
            Section::Objective => "objective",
            Section::Description => "description",
            Section::Kind => "kind",
            Section::Implementers => "implementers",
            Section::Owners => "project_owners",
            Section::Beneficiaries => "beneficiaries",
            Section::ForeignPartners => "foreign_partners",
            Section::ForeignContacts => "foreign_contacts",
            Section::FrenchPartners => "french_partners",
            Section::Funding => "funding",
            Section::Volunteers => "volunteers",
        }
    }

    /// Sections of free text, where a line ending in a colon is the text's own sub-heading.
    pub(super) fn is_free_text(self) -> bool {
        matches!(
            self,
            Section::Context
                | Section::History
                | Section::Objective
                | Section::Description
                | Section::Beneficiaries
        )
    }

    /// Sections whose rows are people (names, e-mails): never quoted in a message.
    pub(super) fn is_personal(self) -> bool {
        matches!(
            self,
            Section::DiplomaticPost | Section::ForeignContacts | Section::Volunteers
        )
    }
}

/// Headings as the Atlas writes them.
const HEADINGS: &[(&str, Section)] = &[
    ("Titre", Section::Title),
    (
        "Année de première signature de la convention",
        Section::FirstAgreementYear,
    ),
    ("Thématique d'intervention", Section::Theme(0)),
    ("Sous-thématique d'intervention", Section::Theme(1)),
    ("Sous-sous-thématique d'intervention", Section::Theme(2)),
    (
        "Autres thématiques mises en œuvre pour le partenariat",
        Section::OtherThemes,
    ),
    ("Année de début du partenariat", Section::StartYear),
    ("Le partenariat est", Section::Status),
    ("Date de fin du partenariat", Section::EndDate),
    ("Contexte", Section::Context),
    ("Historique", Section::History),
    ("Objectif du partenariat", Section::Objective),
    ("Description détaillée du partenariat", Section::Description),
    ("Votre partenariat prend la forme d'un(e)", Section::Kind),
    ("Le partenariat prend la forme d'un(e)", Section::Kind),
    ("Mise en œuvre du partenariat", Section::Group),
    ("Maître(s) d'œuvre", Section::Implementers),
    ("Maître(s) d'ouvrage", Section::Owners),
    ("Bénéficiaire(s)", Section::Beneficiaries),
    (
        "Partenaires étrangers du partenariat",
        Section::ForeignPartners,
    ),
    (
        "Contacts dans les partenaires étrangers du partenariat",
        Section::ForeignContacts,
    ),
    (
        "Collectivités territoriales partenaires du partenariat",
        Section::FrenchPartners,
    ),
    ("Financement du partenariat", Section::Funding),
    ("Évaluations, communication et perspectives", Section::Group),
    (
        "Volontaires impliqués dans le partenariat (VSI, service civique, etc.) d'Échange et de Solidarité",
        Section::Volunteers,
    ),
    ("PIED DE PAGE", Section::Footer),
];

/// The diplomatic post's heading, followed on its line by the post's name in quotes.
pub(super) const DIPLOMATIC_HEADING: &str = "Contacts dans le poste diplomatique";

/// Table header rows as the Atlas writes them (a header is matched on its first words: the
/// funding header goes on with one column per 1% levy).
const TABLE_HEADERS: &[(&str, Section)] = &[
    (
        "Thématique éligible Sous-thématique Sous-sous-thématique Priorité",
        Section::OtherThemes,
    ),
    (
        "Nom de la collectivité étrangère Pays",
        Section::ForeignPartners,
    ),
    (
        "Nom de la collectivité étrangère Nom Prénom Fonction Courriel",
        Section::ForeignContacts,
    ),
    (
        "Nom de la collectivité territoriale",
        Section::FrenchPartners,
    ),
    ("Nom du financeur Montant en euros", Section::Funding),
    (
        "Nom Prénom Mission Champs d'action Entité d'affectation",
        Section::Volunteers,
    ),
];

/// How a line matched a heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Match {
    /// As the Atlas writes it (case, accents and punctuation aside).
    Exact(Section),
    /// With a typo, a plural or a word more or less: `heading` is the one it was read as.
    Near {
        section: Section,
        heading: &'static str,
    },
    /// One edit away from headings of different sections: none is chosen.
    Ambiguous,
}

/// The words a heading is compared on: normalised, one-letter words (`d`, `l`, the `s` of
/// `(s)`) dropped, and a plural `s` or `x` taken off.
fn words(text: &str) -> Vec<String> {
    normalise(text)
        .split(' ')
        .filter(|w| w.len() > 1)
        .map(|w| {
            if w.len() > 3 && (w.ends_with('s') || w.ends_with('x')) {
                w[..w.len() - 1].to_string()
            } else {
                w.to_string()
            }
        })
        .collect()
}

/// The known headings and table headers, folded once: (normalised, words) by the text as
/// written. Every line of every page is compared with them, so they are not folded per line.
static FOLDED: std::sync::LazyLock<std::collections::HashMap<&'static str, (String, Vec<String>)>> =
    std::sync::LazyLock::new(|| {
        HEADINGS
            .iter()
            .chain(TABLE_HEADERS.iter())
            .map(|(h, _)| *h)
            .chain([DIPLOMATIC_HEADING])
            .map(|h| (h, (normalise(h), words(h))))
            .collect()
    });

/// A known heading or table header, normalised and as words.
fn folded(known: &'static str) -> (String, Vec<String>) {
    FOLDED
        .get(known)
        .cloned()
        .unwrap_or_else(|| (normalise(known), words(known)))
}

/// Levenshtein distance between two short ASCII words, stopping early past `limit`.
fn letters_apart(a: &str, b: &str, limit: usize) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len().abs_diff(b.len()) > limit {
        return limit + 1;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Two words are the same word with one letter off, when long enough for that to be a typo
/// rather than another word.
fn same_word(a: &str, b: &str) -> bool {
    a == b || (a.len().min(b.len()) >= 4 && letters_apart(a, b, 1) <= 1)
}

/// Word-level edit distance: a word added, dropped or replaced costs 1; a typo inside a word
/// costs nothing.
fn words_apart(a: &[String], b: &[String]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, wa) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, wb) in b.iter().enumerate() {
            let cost = usize::from(!same_word(wa, wb));
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Edits a line may be from a heading of `n` words and still be read as it.
fn tolerance(n: usize) -> usize {
    if n >= 4 { 1 } else { 0 }
}

/// The best match of `line` among `candidates`, by word-level distance within tolerance.
fn best<'a>(
    line: &str,
    candidates: impl Iterator<Item = &'a (&'static str, Section)>,
) -> Option<Match> {
    let key = normalise(line);
    let line_words = words(line);
    if line_words.is_empty() || line_words.len() > 24 {
        return None;
    }
    let mut found: Vec<(usize, Section, &'static str)> = Vec::new();
    for (heading, section) in candidates {
        let (folded_heading, h) = folded(heading);
        if folded_heading == key {
            return Some(Match::Exact(*section));
        }
        let d = words_apart(&line_words, &h);
        if d <= tolerance(h.len()) {
            found.push((d, *section, heading));
        } else if line_words.len() >= 4
            && line_words.len() < h.len()
            && line_words.iter().zip(&h).all(|(a, b)| same_word(a, b))
        {
            // The heading cut short ("Contact dans les partenaires etrangers"): its first
            // four words or more, in order.
            found.push((h.len() - line_words.len(), *section, heading));
        }
    }
    pick(found)
}

/// Whether a heading or table header starts with `word` (a cheap test before [`heading`]).
pub(super) fn may_open(word: &str) -> bool {
    let w = normalise(word);
    HEADINGS
        .iter()
        .chain(TABLE_HEADERS.iter())
        .any(|(h, _)| folded(h).0.split(' ').next() == w.split(' ').next())
}

/// Whether a heading ends with `word` (a cheap test before [`heading`]).
pub(super) fn may_close(word: &str) -> bool {
    let w = normalise(word);
    HEADINGS
        .iter()
        .any(|(h, _)| folded(h).0.rsplit(' ').next() == w.rsplit(' ').next())
}

/// The nearest of the candidates found (distance, section, heading): none when two sections
/// are as near.
fn pick(mut found: Vec<(usize, Section, &'static str)>) -> Option<Match> {
    let least = found.iter().map(|f| f.0).min()?;
    found.retain(|f| f.0 == least);
    let (_, section, heading) = found[0];
    if found.iter().any(|f| f.1 != section) {
        return Some(Match::Ambiguous);
    }
    Some(Match::Near { section, heading })
}

/// Whether `line` is a section heading, and which.
pub(super) fn heading(line: &str) -> Option<Match> {
    let key = normalise(line);
    // The volunteers' heading is long and its tail varies ("(VSI, service civique, etc.)").
    if key.starts_with("volontaires impliques dans le partenariat") {
        return Some(Match::Exact(Section::Volunteers));
    }
    // The footer's heading is short words in capitals: a letter off in any of them.
    if key != "pied de page" && letters_apart(&key, "pied de page", 2) <= 2 {
        return Some(Match::Near {
            section: Section::Footer,
            heading: "PIED DE PAGE",
        });
    }
    best(line, HEADINGS.iter())
}

/// Whether `line` reads as a heading the reader does not know: marked as one (`(s)`, `(e)`, a
/// final colon, "du partenariat"), mostly made of the words headings use, and no digit. The
/// lines under such a heading are read into no field: a new or mistyped section must never
/// fill the field of the section before it.
pub(super) fn looks_like_heading(line: &str, in_free_text: bool) -> bool {
    let t = line.trim();
    let key = normalise(t);
    // Free text has sub-headings of its own ("Objectifs locaux :"): a colon marks nothing there.
    let marked = t.ends_with("(s)")
        || t.ends_with("(e)")
        || (t.ends_with(':') && !in_free_text)
        || key.contains("du partenariat")
        || key.starts_with("le partenariat est");
    if !marked || t.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let w = words(t);
    if w.is_empty() || w.len() > 12 {
        return false;
    }
    let vocabulary: Vec<String> = HEADINGS
        .iter()
        .chain(TABLE_HEADERS.iter())
        .flat_map(|(h, _)| folded(h).1)
        .collect();
    let known = w
        .iter()
        .filter(|x| vocabulary.iter().any(|v| same_word(v, x)))
        .count();
    known * 2 > w.len()
}

/// Whether `line` opens the diplomatic post's contacts: its heading, then the post's name.
/// Returns how it matched and the text after the heading.
pub(super) fn diplomatic_heading(line: &str) -> Option<(Match, &str)> {
    let quote = line.find(['"', '«', '“']).unwrap_or(line.len());
    let (head, rest) = line.split_at(quote);
    if head.trim().is_empty() {
        return None;
    }
    let candidate = [(DIPLOMATIC_HEADING, Section::DiplomaticPost)];
    match best(head, candidate.iter())? {
        Match::Ambiguous => None,
        m => Some((m, rest)),
    }
}

/// Which table a header row opens, when `line` is one.
pub(super) fn table_header(line: &str) -> Option<Match> {
    let line_words = words(line);
    let mut found: Vec<(usize, Section, &'static str)> = Vec::new();
    for (header, section) in TABLE_HEADERS {
        let (folded_header, h) = folded(header);
        // The funding header goes on with its levy columns and ends with the year's column:
        // compare its first words only, and its end.
        if *section == Section::Funding && !normalise(line).ends_with("annee") {
            continue;
        }
        let prefix = if *section == Section::Funding {
            &line_words[..line_words.len().min(h.len())]
        } else {
            &line_words[..]
        };
        let d = words_apart(prefix, &h);
        if d == 0 && normalise(line).starts_with(&folded_header) {
            return Some(Match::Exact(*section));
        }
        if d <= tolerance(h.len()) {
            found.push((d, *section, header));
        }
    }
    pick(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(line: &str) -> Option<Section> {
        match heading(line)? {
            Match::Exact(s) | Match::Near { section: s, .. } => Some(s),
            Match::Ambiguous => None,
        }
    }

    #[test]
    fn headings_match_with_typos_plurals_and_accents() {
        assert_eq!(heading("Contexte"), Some(Match::Exact(Section::Context)));
        assert_eq!(section("Contxte"), Some(Section::Context));
        assert_eq!(section("CONTEXTE"), Some(Section::Context));
        assert_eq!(section("Date de fin du partenaria"), Some(Section::EndDate));
        assert_eq!(section("Bénéficiaires"), Some(Section::Beneficiaries));
        assert_eq!(section("Maitre d'ouvrage"), Some(Section::Owners));
        assert_eq!(section("Maîtres d'oeuvre"), Some(Section::Implementers));
        assert_eq!(
            section("Partenaires etrangers du partenariat"),
            Some(Section::ForeignPartners)
        );
        assert_eq!(
            section("Contact dans les partenaires étrangers du partenariat"),
            Some(Section::ForeignContacts)
        );
        assert_eq!(
            section("Contact dans les partenaires etrangers"),
            Some(Section::ForeignContacts),
            "a heading cut short"
        );
        assert_eq!(
            section("Contacts dans les partenaires étrangers partenariat"),
            Some(Section::ForeignContacts)
        );
    }

    #[test]
    fn values_are_not_headings() {
        for line in [
            "En cours",
            "2017",
            "Economie durable",
            "Québec International Canada",
            "Projet de coopération décentralisée",
            "Le projet est adossé à un écosystème",
            "Contrat",
            "Titan",
        ] {
            assert_eq!(heading(line), None, "{line}");
        }
    }

    #[test]
    fn unknown_headings_are_told_from_values() {
        for line in [
            "Maître(s) d'ouvrage délégué(s)",
            "Date de fin prévue du partenariat",
            "Contacts des partenaires :",
        ] {
            assert!(looks_like_heading(line, false), "{line}");
        }
        for line in [
            "Collectivités et partenaires étrangers",
            "Communauté d'agglomération Chartres métropole",
            "Le projet est adossé à un écosystème de la cosmétique déjà structuré et organisé en France à travers la Cosmetic Valley du partenariat",
            "Objectifs locaux :",
            "2017",
        ] {
            assert!(!looks_like_heading(line, false), "{line}");
        }
    }

    #[test]
    fn tables_are_told_by_their_headers() {
        let t = |l: &str| match table_header(l) {
            Some(Match::Exact(s) | Match::Near { section: s, .. }) => Some(s),
            _ => None,
        };
        assert_eq!(
            t("Nom de la collectivité étrangère Pays"),
            Some(Section::ForeignPartners)
        );
        assert_eq!(
            t("Nom de la collectivité étrangère Nom Prénom Fonction Courriel"),
            Some(Section::ForeignContacts)
        );
        assert_eq!(
            t("Nom du financeur Montant en euros Montant 1% Eau (Loi Oudin 2005) Année"),
            Some(Section::Funding)
        );
        assert_eq!(
            t("Nom de la collectivite etrangere Nom Prenom Fonction"),
            Some(Section::ForeignContacts)
        );
        assert_eq!(t("Québec International Canada"), None);
    }
}
