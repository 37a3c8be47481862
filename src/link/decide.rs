//! The decision rule of foreign partners' places (docs/link.md): link only with evidence, in
//! the partner's country as the SPARQL endpoint says; anything else goes to review.

use super::facts::{ItemFacts, Twin};
use super::reconcile::{Candidate, clean_name, distance, fold};
use super::review::Decision;
use std::collections::{BTreeMap, BTreeSet};

/// A score at least this high (the service's 0 to 100) may be accepted...
pub const HIGH_SCORE: f64 = 85.0;
/// ...when it is at least this far ahead of the next candidate in the country.
pub const LEAD: f64 = 15.0;
/// Largest edit distance between a partner's folded name (six letters or more; shorter ones
/// must be equal) and a twin's folded label for the twinning to count as evidence (accents
/// are folded away before).
pub const TWIN_DISTANCE: usize = 2;

/// A decision: what, which item, with which score, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The decision.
    pub decision: Decision,
    /// The item linked.
    pub item: Option<String>,
    /// Its score.
    pub score: Option<f64>,
    /// Why, in words.
    pub note: String,
}

fn outcome(decision: Decision, item: Option<&Candidate>, note: &str) -> Outcome {
    Outcome {
        decision,
        item: item.map(|c| c.id.clone()),
        score: item.map(|c| c.score),
        note: note.to_string(),
    }
}

/// The decision rule (docs/link.md): a twinning Wikidata states with a twin in the country
/// whose label is the name (accents folded, [`TWIN_DISTANCE`]) or who is a candidate; else the
/// service's `match`, or a score of [`HIGH_SCORE`] [`LEAD`] ahead of the next, among the
/// candidates the endpoint puts in the country. Anything else is not linked.
pub fn decide(
    name: &str,
    country: &str,
    candidates: &[Candidate],
    items: &BTreeMap<String, ItemFacts>,
    twins: &[&Twin],
) -> Outcome {
    let folded = [fold(name), fold(&clean_name(name))];
    let twinned: BTreeSet<&str> = twins
        .iter()
        .filter(|t| t.countries.iter().any(|c| c == country))
        .filter(|t| {
            candidates.iter().any(|c| c.id == t.item)
                || t.labels.iter().map(|l| fold(l)).any(|l| {
                    // Short names must be equal: two letters off "Ulm" is another town.
                    folded.iter().any(|f| {
                        let allowed = if f.len() >= 6 { TWIN_DISTANCE } else { 0 };
                        !l.is_empty() && distance(f, &l) <= allowed
                    })
                })
        })
        .map(|t| t.item.as_str())
        .collect();
    match twinned.iter().collect::<Vec<_>>().as_slice() {
        [item] => {
            let score = candidates.iter().find(|c| c.id == **item).map(|c| c.score);
            return Outcome {
                decision: Decision::Twinned,
                item: Some(item.to_string()),
                score,
                note: "twinned with the French partner in Wikidata (P190)".into(),
            };
        }
        [] => {}
        _ => return outcome(Decision::Ambiguous, None, "several twins in the country"),
    }
    let in_country: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| {
            items
                .get(&c.id)
                .is_some_and(|f| f.countries.iter().any(|k| k == country))
        })
        .collect();
    let Some((top, others)) = in_country.split_first() else {
        return if candidates.is_empty() {
            outcome(Decision::None, None, "no candidate")
        } else {
            outcome(Decision::None, None, "no candidate in the country")
        };
    };
    let next = others.first().map_or(0.0, |c| c.score);
    if top.matched && !others.iter().any(|c| c.matched) {
        outcome(
            Decision::Auto,
            Some(*top),
            "the service's match, in the country",
        )
    } else if top.score >= HIGH_SCORE && top.score - next >= LEAD {
        outcome(
            Decision::Auto,
            Some(*top),
            "high score, clearly ahead, in the country",
        )
    } else {
        outcome(
            Decision::Ambiguous,
            None,
            "candidates in the country, none clearly ahead",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(id: &str, score: f64, matched: bool) -> Candidate {
        Candidate {
            id: id.into(),
            name: id.into(),
            description: String::new(),
            score,
            matched,
        }
    }

    fn in_country(ids: &[(&str, &str)]) -> BTreeMap<String, ItemFacts> {
        ids.iter()
            .map(|(id, c)| {
                let facts = ItemFacts {
                    countries: vec![c.to_string()],
                    point: None,
                };
                (id.to_string(), facts)
            })
            .collect()
    }

    #[test]
    fn the_rule_links_only_with_evidence() {
        let items = in_country(&[("Q1", "Q36"), ("Q2", "Q36"), ("Q3", "Q30")]);
        let d = |c: &[Candidate]| decide("Ville de X", "Q36", c, &items, &[]);
        // Clearly ahead, in the country.
        assert_eq!(
            d(&[cand("Q1", 90.0, false), cand("Q2", 70.0, false)])
                .item
                .as_deref(),
            Some("Q1")
        );
        // Close: to review.
        assert_eq!(
            d(&[cand("Q1", 90.0, false), cand("Q2", 80.0, false)]).decision,
            Decision::Ambiguous
        );
        // A better candidate abroad does not count, nor does it block.
        assert_eq!(
            d(&[cand("Q3", 100.0, true), cand("Q1", 86.0, false)])
                .item
                .as_deref(),
            Some("Q1")
        );
        // The service's match, alone among the matches.
        assert_eq!(
            d(&[cand("Q1", 60.0, true), cand("Q2", 59.0, false)]).decision,
            Decision::Auto
        );
        assert_eq!(
            d(&[cand("Q1", 60.0, true), cand("Q2", 59.0, true)]).decision,
            Decision::Ambiguous
        );
        // A low score alone is not enough; nothing in the country is no link.
        assert_eq!(d(&[cand("Q1", 84.0, false)]).decision, Decision::Ambiguous);
        assert_eq!(d(&[cand("Q3", 100.0, true)]).decision, Decision::None);
        assert_eq!(d(&[cand("Q9", 100.0, true)]).decision, Decision::None);
        assert_eq!(d(&[]).note, "no candidate");
    }

    #[test]
    fn a_twinning_in_the_country_links_despite_spelling() {
        let items = BTreeMap::new();
        let twin = |item: &str, country: &str, label: &str| Twin {
            item: item.into(),
            countries: vec![country.into()],
            labels: vec![label.into()],
            end: None,
        };
        let t = twin("Q5", "Q36", "Bielsko-Biała");
        let o = decide("Ville de Bielsko-Biala", "Q36", &[], &items, &[&t]);
        assert_eq!(
            (o.decision, o.item.as_deref()),
            (Decision::Twinned, Some("Q5"))
        );
        // In another country, or too far a name: not evidence.
        let abroad = twin("Q6", "Q30", "Bielsko-Biala");
        let far = twin("Q7", "Q36", "Katowice");
        let short = twin("Q8", "Q36", "Ul");
        for t in [&abroad, &far] {
            assert_eq!(
                decide("Ville de Bielsko-Biala", "Q36", &[], &items, &[t]).decision,
                Decision::None
            );
        }
        assert_eq!(
            decide("Ulm", "Q36", &[], &items, &[&short]).decision,
            Decision::None
        );
        let other = twin("Q9", "Q36", "Bielsko-Biała");
        assert_eq!(
            decide("Bielsko-Biala", "Q36", &[], &items, &[&t, &other]).decision,
            Decision::Ambiguous
        );
    }
}
