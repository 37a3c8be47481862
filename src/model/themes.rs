//! The lexicon of known intervention themes, read once from `ontology/themes.ttl`.
//!
//! The readers use it to split flattened theme rows into levels; the mapping uses it to write
//! the known concepts' labels. Themes absent from it are still accepted (the scheme grows from
//! the data).

use super::names::normalise;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{Term, Triple};
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

/// The shipped scheme, in Turtle.
pub const THEMES_TTL: &str = include_str!("../../ontology/themes.ttl");

use crate::vocab::{rdf, skos};

/// One known concept.
#[derive(Debug, Clone)]
pub struct KnownTheme {
    /// Concept IRI.
    pub iri: String,
    /// French preferred label.
    pub label: String,
    /// Narrower concepts, by index.
    pub children: Vec<usize>,
}

/// The known themes as a tree, plus every triple the shipped file says about each concept.
#[derive(Debug, Default)]
pub struct Lexicon {
    nodes: Vec<KnownTheme>,
    roots: Vec<usize>,
    triples: HashMap<String, Vec<Triple>>,
}

/// The lexicon built from the shipped `themes.ttl`.
pub fn known() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| Lexicon::from_turtle(THEMES_TTL).unwrap_or_default())
}

impl Lexicon {
    /// Builds a lexicon from a SKOS scheme in Turtle.
    pub fn from_turtle(ttl: &str) -> Result<Self, oxigraph::io::RdfSyntaxError> {
        let mut triples: HashMap<String, Vec<Triple>> = HashMap::new();
        let mut labels = BTreeMap::new();
        let mut broader = HashMap::new();
        let mut concepts = std::collections::HashSet::new();
        for quad in RdfParser::from_format(RdfFormat::Turtle).for_slice(ttl.as_bytes()) {
            let quad = quad?;
            let triple = Triple::from(quad);
            let Some(subject) = subject_iri(&triple) else {
                continue;
            };
            match (triple.predicate.as_ref(), &triple.object) {
                (skos::PREF_LABEL, Term::Literal(l)) if l.language() == Some("fr") => {
                    labels.insert(subject.clone(), l.value().to_string());
                }
                (skos::BROADER, Term::NamedNode(n)) => {
                    broader.insert(subject.clone(), n.as_str().to_string());
                }
                (rdf::TYPE, Term::NamedNode(n)) if n.as_str() == skos::CONCEPT.as_str() => {
                    concepts.insert(subject.clone());
                }
                _ => {}
            }
            triples.entry(subject).or_default().push(triple);
        }
        let mut lexicon = Lexicon {
            triples,
            ..Default::default()
        };
        let mut index = HashMap::new();
        // Only concepts: the scheme has a French label too.
        labels.retain(|iri, _| concepts.contains(iri));
        for (iri, label) in &labels {
            index.insert(iri.clone(), lexicon.nodes.len());
            lexicon.nodes.push(KnownTheme {
                iri: iri.clone(),
                label: label.clone(),
                children: Vec::new(),
            });
        }
        for (iri, &i) in &index {
            match broader.get(iri).and_then(|b| index.get(b)) {
                Some(&parent) => lexicon.nodes[parent].children.push(i),
                None => lexicon.roots.push(i),
            }
        }
        lexicon.roots.sort_unstable();
        for n in &mut lexicon.nodes {
            n.children.sort_unstable();
        }
        Ok(lexicon)
    }

    /// How many concepts are known.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether no concept is known.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// Whether this concept IRI is in the shipped scheme.
    pub fn contains(&self, iri: &str) -> bool {
        self.triples.contains_key(iri)
    }

    /// Everything the shipped file says about `iri` (empty when unknown).
    pub fn triples_of(&self, iri: &str) -> &[Triple] {
        self.triples.get(iri).map(Vec::as_slice).unwrap_or_default()
    }

    /// Every known path, top level first (for the generator and for tests).
    pub fn paths(&self) -> Vec<Vec<String>> {
        let mut out = Vec::new();
        let mut stack: Vec<(usize, Vec<String>)> = self
            .roots
            .iter()
            .rev()
            .map(|&r| (r, vec![self.nodes[r].label.clone()]))
            .collect();
        while let Some((i, path)) = stack.pop() {
            for &c in self.nodes[i].children.iter().rev() {
                let mut p = path.clone();
                p.push(self.nodes[c].label.clone());
                stack.push((c, p));
            }
            out.push(path);
        }
        out
    }

    /// Splits a flattened row such as `Economie durable Attractivité des territoires Tourisme`
    /// into its levels, using the known labels and the `extra` paths the page itself gives
    /// (its main theme). `None` when the words do not spell a known path to the end.
    pub fn split_row(&self, row: &str, extra: &[Vec<String>]) -> Option<Vec<String>> {
        let words: Vec<&str> = row.split_whitespace().collect();
        let mut tree = LabelTree::default();
        for path in self.paths().iter().chain(extra) {
            tree.insert(path);
        }
        tree.split(&words, 0)
    }
}

fn subject_iri(triple: &Triple) -> Option<String> {
    match &triple.subject {
        oxigraph::model::NamedOrBlankNode::NamedNode(n) => Some(n.as_str().to_string()),
        _ => None,
    }
}

/// Labels by level, merged from several sources, matched on normalised words.
#[derive(Default)]
struct LabelTree {
    children: BTreeMap<String, (String, LabelTree)>,
}

impl LabelTree {
    fn insert(&mut self, path: &[String]) {
        if let Some((first, rest)) = path.split_first() {
            let entry = self
                .children
                .entry(normalise(first))
                .or_insert_with(|| (first.clone(), LabelTree::default()));
            entry.1.insert(rest);
        }
    }

    /// Longest label first at each level; the whole row must be consumed.
    fn split(&self, words: &[&str], depth: usize) -> Option<Vec<String>> {
        if words.is_empty() {
            return Some(Vec::new());
        }
        if depth == 3 {
            return None;
        }
        for k in (1..=words.len()).rev() {
            let key = normalise(&words[..k].join(" "));
            if let Some((_, sub)) = self.children.get(&key)
                && let Some(mut rest) = sub.split(&words[k..], depth + 1)
            {
                rest.insert(0, words[..k].join(" "));
                return Some(rest);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::names::slug;

    #[test]
    fn shipped_scheme_parses_with_the_seed_path() {
        let lex = known();
        assert!(lex.len() >= 30, "{} themes", lex.len());
        let seed = vec![
            "Economie durable".to_string(),
            "Attractivité des territoires".to_string(),
            "Pôles de compétitivité, clusters, filières".to_string(),
        ];
        assert!(lex.paths().contains(&seed));
    }

    #[test]
    fn concept_iris_follow_the_slug_rule() {
        let lex = known();
        for path in lex.paths() {
            let iri = format!(
                "https://w3id.org/atlas-lod/theme/{}",
                path.iter().map(|l| slug(l)).collect::<Vec<_>>().join("/")
            );
            assert!(lex.contains(&iri), "{iri} is not the IRI of {path:?}");
        }
    }

    #[test]
    fn splits_flattened_rows() {
        let lex = known();
        assert_eq!(
            lex.split_row(
                "Economie durable Attractivité des territoires Tourisme",
                &[]
            ),
            Some(vec![
                "Economie durable".into(),
                "Attractivité des territoires".into(),
                "Tourisme".into()
            ])
        );
        assert_eq!(
            lex.split_row("Gouvernance Démocratie locale", &[]),
            Some(vec!["Gouvernance".into(), "Démocratie locale".into()])
        );
        let extra = vec![vec![
            "Thème neuf".to_string(),
            "Sous-thème neuf".to_string(),
        ]];
        assert_eq!(
            lex.split_row("Thème neuf Sous-thème neuf", &extra),
            Some(vec!["Thème neuf".into(), "Sous-thème neuf".into()])
        );
        assert_eq!(lex.split_row("Inconnu au bataillon", &[]), None);
    }
}
