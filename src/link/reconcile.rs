//! The W3C Reconciliation Service API v0.2, as a client: foreign partners' names asked in
//! batches (the `queries` form field), with the country as a `P17` property condition and the
//! types of a place. Also the names themselves: the cleaned form asked for, and the words that
//! tell an organisation (an agency, an association) from a place.

use super::wikidata::{LinkError, LinkOptions};
use crate::http;
use crate::vocab::wikidata;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One candidate of a reconciliation answer, as the cache keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Candidate {
    /// The item (`Q1748`).
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its description (empty when none).
    #[serde(default)]
    pub description: String,
    /// The service's score.
    pub score: f64,
    /// Whether the service calls it a certain match.
    #[serde(default)]
    pub matched: bool,
}

/// Words before a place's name that say what kind of authority it is: removed from the query
/// (the service matches the place's label, "Kuopio", not "Ville de Kuopio"), kept in our
/// label. Lower case, longest first where one begins another.
const PREFIXES: &[&str] = &[
    "commune urbaine de ",
    "commune urbaine d'",
    "commune rurale de ",
    "commune rurale d'",
    "commune de ",
    "commune d'",
    "ville de ",
    "ville d'",
    "municipalité de ",
    "municipalité d'",
    "municipalite de ",
    "région de ",
    "région du ",
    "région d'",
    "region de ",
    "province de ",
    "province du ",
    "province d'",
    "district de ",
    "district d'",
    "comté de ",
    "comté d'",
    "département de ",
    "département du ",
    "gouvernorat de ",
    "wilaya de ",
    "préfecture de ",
    "mairie de ",
    "mairie d'",
    "city of ",
    "municipality of ",
    "county of ",
    "town of ",
];

/// The name to ask for: the first kind-of-authority prefix removed (apostrophes folded to
/// `'`), spaces trimmed. A name that is nothing but a prefix is kept whole.
pub fn clean_name(name: &str) -> String {
    let folded: String = name.trim().replace('’', "'");
    let lower: Vec<char> = folded.chars().flat_map(char::to_lowercase).collect();
    // Lower-casing may change the number of chars (rare letters): then compare nothing.
    if lower.len() == folded.chars().count() {
        for prefix in PREFIXES {
            let p: Vec<char> = prefix.chars().collect();
            if lower.starts_with(&p) {
                let rest: String = folded.chars().skip(p.len()).collect();
                let rest = rest.trim();
                if !rest.is_empty() {
                    return rest.to_string();
                }
            }
        }
    }
    folded
}

/// Words (accents and case folded) that make a name an organisation rather than a place:
/// such partners are never asked about nor linked to a place.
const ORGANISATION_WORDS: &[&str] = &[
    "association",
    "asso",
    "agence",
    "agency",
    "ong",
    "ngo",
    "fondation",
    "foundation",
    "universite",
    "university",
    "institut",
    "institute",
    "ecole",
    "school",
    "lycee",
    "college",
    "hopital",
    "hospital",
    "chambre",
    "cooperative",
    "federation",
    "syndicat",
    "comite",
    "committee",
    "club",
    "reseau",
    "network",
    "entreprise",
    "societe",
    "company",
    "ministere",
    "ministry",
    "eglise",
    "church",
    "groupement",
    "collectif",
    "office",
];

/// Whether a partner's name says it is an organisation, not a place (a word of
/// [`ORGANISATION_WORDS`] in it).
pub fn is_organisation(name: &str) -> bool {
    deunicode::deunicode(name)
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| ORGANISATION_WORDS.contains(&w))
}

/// A name folded for comparison: accents, case, spaces, hyphens and apostrophes removed.
pub fn fold(name: &str) -> String {
    deunicode::deunicode(name)
        .to_lowercase()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

/// Levenshtein distance in chars (small strings: names).
pub fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let old = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(old).min(row[j])
            };
            prev = old;
        }
    }
    row[b.len()]
}

/// One query: a cleaned name in a country (the country's item).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Query {
    /// The name asked for.
    pub name: String,
    /// The country's item (`Q33`).
    pub country: String,
}

impl Query {
    /// The cache key: `Q33<TAB>Kuopio`.
    pub fn key(&self) -> String {
        format!("{}\t{}", self.country, self.name)
    }
}

/// The `queries` payload of one batch (`q0`, `q1`, ...), as v0.2 writes it.
pub fn batch_payload(queries: &[Query]) -> String {
    let mut batch = serde_json::Map::new();
    for (i, q) in queries.iter().enumerate() {
        batch.insert(
            format!("q{i}"),
            serde_json::json!({
                "query": q.name,
                "type": wikidata::PLACE_TYPES,
                "type_strict": "any",
                "limit": 5,
                "properties": [{"pid": wikidata::P17_COUNTRY, "v": {"id": q.country}}],
            }),
        );
    }
    serde_json::Value::Object(batch).to_string()
}

#[derive(Deserialize)]
struct Answer {
    result: Vec<RawCandidate>,
}

#[derive(Deserialize)]
struct RawCandidate {
    id: String,
    name: String,
    #[serde(default)]
    description: Option<String>,
    score: f64,
    #[serde(default)]
    r#match: bool,
}

/// Whether a string is an item id (`Q` and digits).
pub fn is_qid(id: &str) -> bool {
    id.len() > 1
        && id.len() < 16
        && id.starts_with('Q')
        && id[1..].bytes().all(|b| b.is_ascii_digit())
}

/// Asks one batch; every query asked comes back (keyed by [`Query::key`]) with its candidates,
/// best first. Candidates that are not items are dropped; an answer that is not a v0.2 result
/// batch for every query is an error (nothing of it is kept).
pub fn ask(
    agent: &ureq::Agent,
    options: &LinkOptions,
    service: &str,
    queries: &[Query],
    retries: &mut usize,
) -> Result<BTreeMap<String, Vec<Candidate>>, LinkError> {
    let payload = batch_payload(queries);
    let response = http::send(
        options.retry,
        service,
        || {
            agent
                .post(service)
                .set("User-Agent", http::USER_AGENT)
                .set("Accept", "application/json")
                .send_form(&[("queries", &payload)])
                .map_err(Box::new)
        },
        |_, _| *retries += 1,
    )?;
    let answer_error = |message: String| LinkError::Answer {
        url: service.to_string(),
        message: format!("not a reconciliation result batch: {message}"),
    };
    let text = response
        .into_string()
        .map_err(|e| answer_error(e.to_string()))?;
    let mut parsed: BTreeMap<String, Answer> =
        serde_json::from_str(&text).map_err(|e| answer_error(e.to_string()))?;
    let mut out = BTreeMap::new();
    for (i, q) in queries.iter().enumerate() {
        let Some(answer) = parsed.remove(&format!("q{i}")) else {
            return Err(answer_error(format!("no result for q{i}")));
        };
        let mut candidates: Vec<Candidate> = answer
            .result
            .into_iter()
            .filter(|c| is_qid(&c.id) && c.score.is_finite())
            .map(|c| Candidate {
                id: c.id,
                name: c.name,
                description: c.description.unwrap_or_default(),
                score: c.score,
                matched: c.r#match,
            })
            .collect();
        candidates.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.id.cmp(&b.id)));
        out.insert(q.key(), candidates);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_go_from_the_query_and_organisations_are_told_apart() {
        assert_eq!(clean_name("Ville de Kuopio"), "Kuopio");
        assert_eq!(clean_name("Commune rurale de Dogbo"), "Dogbo");
        assert_eq!(clean_name("Municipalité d’Oruro"), "Oruro");
        assert_eq!(clean_name("RÉGION DE Tanger"), "Tanger");
        assert_eq!(clean_name("City of Tucson"), "Tucson");
        assert_eq!(clean_name("Ville de "), "Ville de");
        assert_eq!(clean_name("Villeneuve"), "Villeneuve");
        assert!(is_organisation("Association des maires du Sahel"));
        assert!(is_organisation("Agence régionale de l'eau"));
        assert!(!is_organisation("Ville de Kuopio"));
        assert!(!is_organisation("Province du Centre-Ouest"));
        assert_eq!(fold("Saint-Étienne"), "saintetienne");
        assert_eq!(distance("kuopio", "kuopyo"), 1);
        assert_eq!(distance("", "ab"), 2);
    }

    #[test]
    fn a_batch_names_each_query_with_the_country_and_the_types() {
        let p = batch_payload(&[Query {
            name: "Kuopio".into(),
            country: "Q33".into(),
        }]);
        assert_eq!(
            p,
            r#"{"q0":{"query":"Kuopio","type":["Q486972","Q56061"],"type_strict":"any","limit":5,"properties":[{"pid":"P17","v":{"id":"Q33"}}]}}"#
        );
        assert!(is_qid("Q33") && !is_qid("Q") && !is_qid("P17") && !is_qid("Q3x"));
    }
}
