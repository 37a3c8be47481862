//! Candidates for the reconciliation service (W3C Reconciliation API v0.2, spoken by
//! `serve`'s `/reconcile`): a name and conditions (country, SIREN, INSEE code, start year) in,
//! our things ranked by how well their names agree out, with a matching decision.
//!
//! Retrieval asks the index for the name's words (any of them, the whole name as a phrase
//! boosted, a word mistyped by one letter too) among the things that meet every condition; the
//! candidates are then scored again by comparing names word by word, so that a score means the
//! same thing whatever else the index holds. See [`decide`] for when a candidate is a match.

use super::find::{Hit, Searcher};
use super::{Kind, SearchError, names};
use tantivy::Term;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query};

/// The most candidates one query may ask for.
pub const MAX_CANDIDATES: usize = 25;
/// Candidates asked of the index before they are scored again (enough for an exact name to be
/// among them when many things share its words: its short name ranks it high already).
const POOL: usize = 60;
/// The most words of a name compared (a name is the client's input).
const MAX_WORDS: usize = 16;
/// The most values one condition may carry.
pub const MAX_VALUES: usize = 20;
/// The lead the best candidate with exactly the name asked must have over the next to be a
/// match, in points of score (out of 100).
pub const MATCH_LEAD: f64 = 10.0;

/// The kinds of things the service reconciles against: those with IRIs of ours (countries are
/// the EU's, and have an authority of their own).
pub const RECONCILABLE: [Kind; 5] = [
    Kind::Partnership,
    Kind::FrenchAuthority,
    Kind::ForeignPartner,
    Kind::Organisation,
    Kind::Theme,
];

/// A condition every candidate must meet (one of the values given, when several are).
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// Its country: an ISO 3166-1 code (alpha-2 or alpha-3) or a French or English name.
    Country(Vec<String>),
    /// Its SIREN (nine digits; spaces ignored).
    Siren(Vec<String>),
    /// Its INSEE code.
    Insee(Vec<String>),
    /// A start year (of the partnership, or of one of an organisation's partnerships).
    StartYear(Vec<String>),
    /// A condition nothing here meets (a property or value we do not hold).
    Never,
}

/// One reconciliation query.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// The name asked for (or one of our IRIs).
    pub text: Option<String>,
    /// Only things of these kinds (`None`: every kind of [`RECONCILABLE`]; an empty list:
    /// nothing, as when the client names only types we do not have).
    pub kinds: Option<Vec<Kind>>,
    /// Conditions every candidate meets.
    pub conditions: Vec<Condition>,
    /// How many candidates at most (at most [`MAX_CANDIDATES`]).
    pub limit: usize,
}

/// One candidate, scored.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The thing, as the index holds it.
    pub hit: Hit,
    /// How well it answers the query, from 0 to 100.
    pub score: f64,
    /// Whether it is the answer, beyond doubt (see [`decide`]).
    pub matched: bool,
    /// How much its name agrees with the name asked, from 0 to 1 (1: the same words).
    pub name: f64,
    /// Whether an identifier condition (SIREN, INSEE code) or our IRI found it.
    pub identified: bool,
}

fn term(f: tantivy::schema::Field, text: &str) -> Box<dyn Query> {
    Box::new(tantivy::query::TermQuery::new(
        Term::from_field_text(f, text),
        tantivy::schema::IndexRecordOption::WithFreqs,
    ))
}

/// Any of `values` in `field`.
fn any_of(field: tantivy::schema::Field, values: &[String]) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        values
            .iter()
            .map(|v| (Occur::Should, term(field, v)))
            .collect(),
    ))
}

/// A SIREN or INSEE code as indexed: spaces (and non-breaking ones) taken out.
fn code(value: &str) -> String {
    value.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The words of a name, folded (case, accents, elided articles), with their positions.
fn words(text: &str) -> Vec<(usize, String)> {
    let mut analyser = names();
    let mut stream = analyser.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() && out.len() < MAX_WORDS {
        let t = stream.token();
        out.push((t.position, t.text.clone()));
    }
    out
}

/// Words that say little about which thing is meant: left out of the comparison of names
/// (not of the exact comparison) when anything else is left.
const LINKING: [&str; 11] = [
    "de", "du", "des", "la", "le", "les", "et", "en", "a", "au", "aux",
];

/// Words that say what kind of body a name is, not which one (`Ville de Lille`, `Commune
/// de Dogbo`): left out of the comparison of names like the linking words, so that `Lille`
/// agrees with `Métropole européenne de Lille` more than `Ville de Cuenca`, whose `ville` is
/// one letter off `lille`.
const GENERIC: [&str; 22] = [
    "ville",
    "villes",
    "commune",
    "communes",
    "metropole",
    "region",
    "departement",
    "departemental",
    "communaute",
    "agglomeration",
    "conseil",
    "mairie",
    "municipalite",
    "collectivite",
    "territoriale",
    "syndicat",
    "province",
    "district",
    "city",
    "town",
    "municipality",
    "county",
];

/// Whether two words are at most one edit apart: a letter added, dropped or changed, or two
/// neighbours swapped (`grenobel`, `grenoble`), as the index's fuzzy retrieval counts.
fn close(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    if a.len() == b.len() {
        let diffs: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
        if let [i, j] = diffs[..]
            && j == i + 1
            && a[i] == b[j]
            && a[j] == b[i]
        {
            return true;
        }
    }
    let (mut i, mut j, mut edits) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            i += 1;
            j += 1;
            continue;
        }
        edits += 1;
        if edits > 1 {
            return false;
        }
        match a.len().cmp(&b.len()) {
            std::cmp::Ordering::Greater => i += 1,
            std::cmp::Ordering::Less => j += 1,
            std::cmp::Ordering::Equal => {
                i += 1;
                j += 1;
            }
        }
    }
    edits + (a.len() - i) + (b.len() - j) <= 1
}

/// How much two names agree, from 0 to 1: 1 when their folded words are the same, in order;
/// otherwise the Dice coefficient of their words (linking and generic words aside), a word one letter
/// off counting for 0.8, and at most 0.99 (only the same name scores 1).
pub fn name_agreement(asked: &str, name: &str) -> f64 {
    let a: Vec<String> = words(asked).into_iter().map(|(_, w)| w).collect();
    let b: Vec<String> = words(name).into_iter().map(|(_, w)| w).collect();
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    if a == b {
        return 1.0;
    }
    let meaningful = |ws: &[String]| -> Vec<String> {
        let kept: Vec<String> = ws
            .iter()
            .filter(|w| !LINKING.contains(&w.as_str()) && !GENERIC.contains(&w.as_str()))
            .cloned()
            .collect();
        if kept.is_empty() { ws.to_vec() } else { kept }
    };
    let (a, mut b) = (meaningful(&a), meaningful(&b));
    let total = (a.len() + b.len()) as f64;
    let mut shared = 0.0;
    for w in &a {
        if let Some(i) = b.iter().position(|x| x == w) {
            shared += 1.0;
            b.remove(i);
        } else if w.chars().count() >= 4
            && let Some(i) = b.iter().position(|x| x.chars().count() >= 4 && close(x, w))
        {
            shared += 0.8;
            b.remove(i);
        }
    }
    (2.0 * shared / total).min(0.99)
}

/// Whether a text is an IRI (the client asks for one of ours by its identifier).
fn is_iri(text: &str) -> bool {
    (text.starts_with("https://") || text.starts_with("http://"))
        && !text.contains(char::is_whitespace)
}

/// The candidates of one query, best first (score, then IRI), at most its limit.
pub fn candidates(searcher: &Searcher, request: &Request) -> Result<Vec<Candidate>, SearchError> {
    let f = searcher.fields();
    let kinds: Vec<Kind> = match &request.kinds {
        None => RECONCILABLE.to_vec(),
        Some(k) => k
            .iter()
            .copied()
            .filter(|k| RECONCILABLE.contains(k))
            .collect(),
    };
    if kinds.is_empty() || request.conditions.contains(&Condition::Never) {
        return Ok(Vec::new());
    }
    let codes: Vec<String> = kinds.iter().map(|k| k.code().to_string()).collect();
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, any_of(f.kind, &codes))];
    let mut identified = false;
    for c in &request.conditions {
        let (field, values): (_, Vec<String>) = match c {
            Condition::Country(v) => (f.country_key, v.iter().map(|v| super::key(v)).collect()),
            Condition::Siren(v) => (f.siren, v.iter().map(|v| code(v)).collect()),
            Condition::Insee(v) => (f.insee, v.iter().map(|v| code(v)).collect()),
            Condition::StartYear(v) => (f.year, v.iter().map(|v| v.trim().to_string()).collect()),
            Condition::Never => return Ok(Vec::new()),
        };
        identified |= matches!(c, Condition::Siren(_) | Condition::Insee(_));
        clauses.push((Occur::Must, any_of(field, &values)));
    }
    let text = request
        .text
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    if text.is_none() && request.conditions.is_empty() {
        // Nothing asked (an empty name, no property): no candidate, rather than every thing.
        return Ok(Vec::new());
    }
    let by_iri = text.is_some_and(is_iri);
    match text {
        Some(iri) if by_iri => clauses.push((Occur::Must, term(f.iri, iri))),
        // With an identifier condition the name only orders the things that hold the code.
        Some(name) if identified => clauses.push((Occur::Should, name_query(f, name))),
        Some(name) => clauses.push((Occur::Must, name_query(f, name))),
        None => {}
    }
    let searcher_now = searcher.reader().searcher();
    let top = searcher_now.search(
        &BooleanQuery::new(clauses),
        &TopDocs::with_limit(POOL).order_by_score(),
    )?;
    let mut out = Vec::new();
    for (_, addr) in top {
        let hit = searcher.hit(&searcher_now.doc(addr)?, 0.0);
        let name = match text {
            Some(t) if !by_iri => name_agreement(t, &hit.label),
            _ => 1.0,
        };
        let score = if by_iri || (identified && text.is_none()) {
            100.0
        } else if identified {
            80.0 + 20.0 * name
        } else if text.is_none() {
            // Conditions alone (a country, a year): every candidate meets them equally.
            50.0
        } else {
            100.0 * name
        };
        if text.is_some() && !by_iri && !identified && name == 0.0 {
            // Only a linking word in common ("de"): not a candidate.
            continue;
        }
        out.push(Candidate {
            score: (score * 100.0).round() / 100.0,
            hit,
            matched: false,
            name: (name * 1000.0).round() / 1000.0,
            identified: identified || by_iri,
        });
    }
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.hit.iri.cmp(&b.hit.iri)));
    decide(&mut out);
    out.truncate(request.limit.clamp(1, MAX_CANDIDATES));
    Ok(out)
}

/// The query of a name: any of its words (the last may be mistyped by one letter when long),
/// the whole name as a phrase weighing more.
fn name_query(f: &super::Fields, name: &str) -> Box<dyn Query> {
    let ws = words(name);
    let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for (_, w) in &ws {
        should.push((Occur::Should, term(f.name, w)));
        if w.chars().count() >= 5 {
            let fuzzy = FuzzyTermQuery::new(Term::from_field_text(f.name, w), 1, true);
            should.push((
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(fuzzy), 0.5)),
            ));
        }
    }
    if ws.len() >= 2 {
        let phrase = PhraseQuery::new_with_offset(
            ws.iter()
                .map(|(p, w)| (*p, Term::from_field_text(f.name, w)))
                .collect(),
        );
        should.push((
            Occur::Should,
            Box::new(BoostQuery::new(Box::new(phrase), 4.0)),
        ));
    }
    Box::new(BooleanQuery::new(should))
}

/// The matching decision, on candidates sorted best first: only the first may be a match, and
/// it is one when
/// - an identifier found it: our IRI, or a SIREN or INSEE code condition that no other thing
///   meets (with the other conditions);
/// - or its name is the name asked, word for word once folded (case, accents, elided articles,
///   punctuation), and the next candidate scores at least [`MATCH_LEAD`] points less.
pub fn decide(sorted: &mut [Candidate]) {
    let next = sorted.get(1).map(|c| c.score);
    let Some(best) = sorted.first_mut() else {
        return;
    };
    best.matched = if best.identified {
        next.is_none()
    } else {
        best.name >= 1.0 && next.is_none_or(|n| best.score - n >= MATCH_LEAD)
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kind_of_a_body_is_not_its_name() {
        assert_eq!(name_agreement("Lille", "Ville de Cuenca"), 0.0);
        assert!(
            name_agreement("Lille", "Métropole Européenne de Lille")
                > name_agreement("Lille", "Ville de Cuenca")
        );
        assert!(name_agreement("Lille", "Ville de Lille") > 0.9);
        // A name made only of such words still compares.
        assert!(name_agreement("Conseil régional", "Conseil régional") >= 1.0);
    }

    #[test]
    fn names_agree_word_for_word_once_folded() {
        assert_eq!(
            name_agreement("VILLE DE BESANÇON", "Ville de Besançon"),
            1.0
        );
        assert_eq!(name_agreement("Région  d'Auvergne", "région Auvergne"), 1.0);
        // The kind of body aside, the names agree, but are not the same name (no match).
        let lyon = name_agreement("Lyon", "Ville de Lyon");
        assert!(lyon > 0.9 && lyon < 1.0, "{lyon}");
        let typo = name_agreement("Ville de Grenobel", "Ville de Grenoble");
        assert!((0.8..1.0).contains(&typo), "{typo}");
        assert_eq!(name_agreement("Nantes", "Ville de Lyon"), 0.0);
        assert_eq!(name_agreement("", "Ville de Lyon"), 0.0);
        assert!(close("kuopio", "kuopyo") && close("abc", "abcd") && !close("abc", "xyz"));
        assert!(close("grenobel", "grenoble") && !close("abcd", "badc"));
    }

    fn candidate(iri: &str, score: f64, name: f64, identified: bool) -> Candidate {
        Candidate {
            hit: Hit {
                iri: iri.into(),
                kind: String::new(),
                label: String::new(),
                score: 0.0,
                snippet: String::new(),
                countries: Vec::new(),
                siren: None,
                insee: None,
                wikidata: None,
                partnerships: None,
                years: Vec::new(),
            },
            score,
            matched: false,
            name,
            identified,
        }
    }

    #[test]
    fn a_match_is_an_identifier_or_an_exact_name_clearly_ahead() {
        let mut one = [
            candidate("a", 100.0, 1.0, false),
            candidate("b", 95.0, 0.95, false),
        ];
        decide(&mut one);
        assert!(!one[0].matched, "not clearly ahead");
        let mut two = [
            candidate("a", 100.0, 1.0, false),
            candidate("b", 67.0, 0.67, false),
        ];
        decide(&mut two);
        assert!(two[0].matched && !two[1].matched);
        let mut alone = [candidate("a", 90.0, 0.9, false)];
        decide(&mut alone);
        assert!(!alone[0].matched, "a name that is not the one asked");
        let mut code = [candidate("a", 100.0, 1.0, true)];
        decide(&mut code);
        assert!(code[0].matched);
        let mut shared = [
            candidate("a", 100.0, 1.0, true),
            candidate("b", 100.0, 1.0, true),
        ];
        decide(&mut shared);
        assert!(!shared[0].matched, "two things with the code");
    }
}
