//! Questions to the index: a search in French (every word of the question must be found, in
//! the title, the texts or what the thing is linked to), with filters and facets counted over
//! every hit; name suggestions as people type; candidates for the reconciliation service.

use super::facets::{FacetTables, Facets};
use super::passage::snippet;
use super::{Fields, Kind, SearchError, names, schema, tokens};
use serde::Serialize;
use std::collections::BTreeMap;
use tantivy::collector::{Count, TopDocs};
use tantivy::postings::Postings;
use tantivy::query::{BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, DocSet, Index, IndexReader, TantivyDocument, Term};

/// At most this many words of a question are used (a question is attacker input).
const MAX_WORDS: usize = 16;
/// Hits a page may start after, at most.
const MAX_OFFSET: usize = 20_000;
/// The most hits one page may ask for.
pub const MAX_LIMIT: usize = 200;

/// What to look for.
#[derive(Debug, Clone, Default)]
pub struct Question {
    /// The words, as typed.
    pub text: String,
    /// Only things of these kinds (none: every kind).
    pub kinds: Vec<Kind>,
    /// Only things of this country (a code, or its French or English name).
    pub country: Option<String>,
    /// Only partnerships of this level-1 theme (its label).
    pub theme: Option<String>,
    /// Only partnerships of this status (its label).
    pub status: Option<String>,
    /// Only partnerships that started in this decade (`2010`).
    pub decade: Option<String>,
    /// How many hits (at most [`MAX_LIMIT`]).
    pub limit: usize,
    /// How many hits to skip.
    pub offset: usize,
}

/// One hit.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Hit {
    /// The thing's IRI.
    pub iri: String,
    /// What it is (`partnership`, `french-authority`...).
    pub kind: String,
    /// Its title or name.
    pub label: String,
    /// The relevance score (BM25).
    pub score: f32,
    /// The passage of its texts that matched, with `<b>` around matched words (HTML, the
    /// rest escaped); empty when the texts did not match.
    pub snippet: String,
    /// Its countries (French names).
    pub countries: Vec<String>,
    /// Its SIREN, when an organisation has one.
    pub siren: Option<String>,
    /// Its INSEE code, when an organisation has one.
    pub insee: Option<String>,
    /// Its Wikidata item, when linked.
    pub wikidata: Option<String>,
    /// Its number of partnerships (organisations).
    pub partnerships: Option<u64>,
    /// Start years (of a partnership, or of an organisation's partnerships).
    pub years: Vec<String>,
}

/// The answer to a question.
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    /// How many things match.
    pub total: usize,
    /// The hits asked for, best first.
    pub hits: Vec<Hit>,
    /// Facet -> value -> number of hits (counted over every hit).
    pub facets: BTreeMap<String, BTreeMap<String, usize>>,
}

/// The index, open for questions.
pub struct Searcher {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    /// Each segment's facet values by document, laid out once (see [`FacetTable`]).
    facet_tables: FacetTables,
}

fn first(d: &TantivyDocument, f: tantivy::schema::Field) -> Option<String> {
    d.get_first(f).and_then(|v| v.as_str().map(str::to_string))
}

fn all(d: &TantivyDocument, f: tantivy::schema::Field) -> Vec<String> {
    d.get_all(f)
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect()
}

fn term(f: tantivy::schema::Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(f, text),
        IndexRecordOption::WithFreqs,
    ))
}

impl Searcher {
    /// The searcher of an open index.
    pub fn new(index: Index) -> Result<Searcher, SearchError> {
        // The index as it was opened: a server keeps the store it opened, and an index that
        // changed on disk beneath it (an import by another process) would name what its store
        // does not hold. A rebuild opens a new searcher.
        let reader = index
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::Manual)
            .try_into()?;
        let (_, fields) = schema();
        Ok(Searcher {
            index,
            reader,
            fields,
            facet_tables: FacetTables::default(),
        })
    }

    /// The words of a question, as the index holds them (French analysis), at most 16.
    fn words(&self, text: &str) -> Vec<String> {
        let mut w = tokens(&mut super::french(), text);
        w.truncate(MAX_WORDS);
        w
    }

    /// The query of a question's words: each word in the title (boosted), the name, the
    /// texts or what the thing is linked to.
    fn text_query(&self, q: &Question) -> Vec<(Occur, Box<dyn Query>)> {
        let f = &self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let words = self.words(&q.text);
        // The last word typed may be the start of a name (`Besan`): it matches as a word or
        // as the prefix of a word of a name.
        let typed = tokens(&mut names(), &q.text);
        let prefix = typed
            .last()
            .filter(|l| l.len() >= 3)
            .map(|l| {
                l.chars()
                    .filter(char::is_ascii_alphanumeric)
                    .collect::<String>()
            })
            .filter(|l| !l.is_empty())
            .map(|l| prefix_of(f.name, &l));
        let last = words.len().saturating_sub(1);
        for (i, w) in words.iter().enumerate() {
            let mut per_field: Vec<(Occur, Box<dyn Query>)> = vec![
                (
                    Occur::Should,
                    Box::new(BoostQuery::new(term(f.label, w), 3.0)),
                ),
                (Occur::Should, term(f.body, w)),
                (
                    Occur::Should,
                    Box::new(BoostQuery::new(term(f.related, w), 0.5)),
                ),
            ];
            if let Some(p) = prefix.as_ref().filter(|_| i == last) {
                per_field.push((Occur::Should, Box::new(p.clone())));
            }
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(per_field))));
        }
        clauses
    }

    fn filters(&self, q: &Question) -> Vec<(Occur, Box<dyn Query>)> {
        let f = &self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if !q.kinds.is_empty() {
            let kinds = q
                .kinds
                .iter()
                .map(|k| (Occur::Should, term(f.kind, k.code())))
                .collect();
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(kinds))));
        }
        if let Some(c) = &q.country {
            clauses.push((Occur::Must, term(f.country_key, &super::key(c))));
        }
        for (field, value) in [
            (f.theme, &q.theme),
            (f.status, &q.status),
            (f.decade, &q.decade),
        ] {
            if let Some(v) = value {
                clauses.push((Occur::Must, term(field, v)));
            }
        }
        clauses
    }

    /// Answers a question. A question with no word (only filters) gives no hit.
    pub fn search(&self, q: &Question) -> Result<Answer, SearchError> {
        let mut clauses = self.text_query(q);
        if !clauses.iter().any(|(o, _)| *o == Occur::Must) {
            return Ok(Answer {
                total: 0,
                hits: Vec::new(),
                facets: BTreeMap::new(),
            });
        }
        clauses.extend(self.filters(q));
        let query = BooleanQuery::new(clauses);
        let searcher = self.reader.searcher();
        let limit = q.limit.clamp(1, MAX_LIMIT);
        let offset = q.offset.min(MAX_OFFSET);
        // One pass over the hits: the page, the count and the facets together.
        let (top, total, facets) = searcher.search(
            &query,
            &(
                TopDocs::with_limit(limit)
                    .and_offset(offset)
                    .order_by_score(),
                Count,
                Facets(&self.facet_tables),
            ),
        )?;
        let mut snippets = SnippetGenerator::create(&searcher, &query, self.fields.body)?;
        snippets.set_max_num_chars(220);
        let words = self.words(&q.text);
        let mut hits = Vec::new();
        for (score, addr) in top {
            let d: TantivyDocument = searcher.doc(addr)?;
            let mut hit = self.hit(&d, score);
            if let Some(at) = self.first_in_body(&searcher, addr, &words) {
                hit.snippet = snippet(&snippets, &all(&d, self.fields.body).join(" "), at);
            }
            hits.push(hit);
        }
        Ok(Answer {
            total,
            hits,
            facets,
        })
    }

    /// Where the texts of the hit at `addr` first hold one of `words` (as the index holds
    /// them): the position of that word among the texts' words, read from the index's
    /// postings; `None` when they hold none (a hit found by its title or its links alone has
    /// no passage, and its texts are not cut into words for nothing).
    fn first_in_body(
        &self,
        searcher: &tantivy::Searcher,
        addr: DocAddress,
        words: &[String],
    ) -> Option<u32> {
        let body = self.fields.body;
        let Ok(inverted) = searcher
            .segment_reader(addr.segment_ord)
            .inverted_index(body)
        else {
            return Some(0);
        };
        let mut first: Option<u32> = None;
        let mut positions = Vec::new();
        for w in words {
            let term = Term::from_field_text(body, w);
            match inverted.read_postings(&term, IndexRecordOption::WithFreqsAndPositions) {
                Ok(Some(mut postings)) => {
                    // A posting list starts on its first document, and may only be moved
                    // forward: one that starts past the hit does not hold it.
                    let here = match postings.doc() {
                        d if d == addr.doc_id => true,
                        d if d > addr.doc_id => false,
                        _ => postings.seek(addr.doc_id) == addr.doc_id,
                    };
                    if here {
                        positions.clear();
                        postings.positions(&mut positions);
                        let at = positions.first().copied().unwrap_or(0);
                        first = Some(first.map_or(at, |f| f.min(at)));
                    }
                }
                Ok(None) => {}
                Err(_) => return Some(0),
            }
        }
        first
    }

    /// The IRIs and scores of what a question finds, best first, at most `limit` (no
    /// passages, no facets): what the SPARQL service joins to graph patterns.
    pub fn ranked(&self, q: &Question, limit: usize) -> Result<Vec<(String, f32)>, SearchError> {
        let mut clauses = self.text_query(q);
        if !clauses.iter().any(|(o, _)| *o == Occur::Must) {
            return Ok(Vec::new());
        }
        clauses.extend(self.filters(q));
        let searcher = self.reader.searcher();
        let top = searcher.search(
            &BooleanQuery::new(clauses),
            &TopDocs::with_limit(limit.max(1)).order_by_score(),
        )?;
        let mut out = Vec::with_capacity(top.len());
        for (score, addr) in top {
            let d: TantivyDocument = searcher.doc(addr)?;
            out.push((first(&d, self.fields.iri).unwrap_or_default(), score));
        }
        Ok(out)
    }

    /// A document as a hit (also for the reconciliation's questions, in [`super::reconcile`]).
    pub(super) fn hit(&self, d: &TantivyDocument, score: f32) -> Hit {
        let f = &self.fields;
        Hit {
            iri: first(d, f.iri).unwrap_or_default(),
            kind: first(d, f.kind).unwrap_or_default(),
            label: first(d, f.label).unwrap_or_default(),
            score,
            snippet: String::new(),
            countries: all(d, f.country),
            siren: first(d, f.siren),
            insee: first(d, f.insee),
            wikidata: first(d, f.wikidata),
            partnerships: first(d, f.count).and_then(|c| c.parse().ok()),
            years: all(d, f.year),
        }
    }

    /// Names that start with what was typed (every word typed, the last one as a prefix), best
    /// first, of the kinds given (none: every kind).
    pub fn suggest(
        &self,
        typed: &str,
        kinds: &[Kind],
        limit: usize,
    ) -> Result<Vec<Hit>, SearchError> {
        let f = &self.fields;
        let mut words = tokens(&mut names(), typed);
        words.truncate(MAX_WORDS);
        let Some(last) = words.pop() else {
            return Ok(Vec::new());
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = words
            .iter()
            .map(|w| (Occur::Must, term(f.name, w)))
            .collect();
        let escaped: String = last.chars().filter(char::is_ascii_alphanumeric).collect();
        if escaped.is_empty() {
            return Ok(Vec::new());
        }
        clauses.push((Occur::Must, Box::new(prefix_of(f.name, &escaped))));
        clauses.extend(self.filters(&Question {
            kinds: kinds.to_vec(),
            ..Question::default()
        }));
        let searcher = self.reader.searcher();
        let top = searcher.search(
            &BooleanQuery::new(clauses),
            &TopDocs::with_limit(limit.clamp(1, MAX_LIMIT)).order_by_score(),
        )?;
        let mut out = Vec::new();
        for (score, addr) in top {
            out.push(self.hit(&searcher.doc(addr)?, score));
        }
        Ok(out)
    }

    /// Things of `kinds` whose SIREN or INSEE code is `code` exactly.
    pub fn by_code(&self, code: &str, kinds: &[Kind]) -> Result<Vec<Hit>, SearchError> {
        let f = &self.fields;
        let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        if code.is_empty() {
            return Ok(Vec::new());
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(
            Occur::Must,
            Box::new(BooleanQuery::new(vec![
                (Occur::Should, term(f.siren, &code)),
                (Occur::Should, term(f.insee, &code)),
            ])),
        )];
        clauses.extend(self.filters(&Question {
            kinds: kinds.to_vec(),
            ..Question::default()
        }));
        let searcher = self.reader.searcher();
        let top = searcher.search(
            &BooleanQuery::new(clauses),
            &TopDocs::with_limit(10).order_by_score(),
        )?;
        let mut out = Vec::new();
        for (_, addr) in top {
            out.push(self.hit(&searcher.doc(addr)?, 1.0));
        }
        Ok(out)
    }

    /// Whether some document of the index is in the country `c` (a code or a name, as
    /// [`Question::country`] takes it).
    pub fn has_country(&self, c: &str) -> Result<bool, SearchError> {
        let searcher = self.reader.searcher();
        let t = Term::from_field_text(self.fields.country_key, &super::key(c));
        Ok(searcher.doc_freq(&t)? > 0)
    }

    /// The document of an IRI, when indexed.
    pub fn get(&self, iri: &str) -> Result<Option<Hit>, SearchError> {
        let searcher = self.reader.searcher();
        let top = searcher.search(
            &*term(self.fields.iri, iri),
            &TopDocs::with_limit(1).order_by_score(),
        )?;
        match top.first() {
            Some((_, addr)) => Ok(Some(self.hit(&searcher.doc(*addr)?, 1.0))),
            None => Ok(None),
        }
    }

    /// The reader, for the reconciliation's questions ([`super::reconcile`]).
    pub(super) fn reader(&self) -> &IndexReader {
        &self.reader
    }

    /// The fields, for the reconciliation's questions ([`super::reconcile`]).
    pub(super) fn fields(&self) -> &Fields {
        &self.fields
    }

    /// How many documents the index holds.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Whether the index holds no document.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The index itself.
    pub fn index(&self) -> &Index {
        &self.index
    }
}

/// The words that start with `prefix` in `field` (a Levenshtein automaton of distance 0 in
/// prefix mode: built from a cached table, where a regular expression is compiled anew for
/// every question).
fn prefix_of(field: tantivy::schema::Field, prefix: &str) -> FuzzyTermQuery {
    FuzzyTermQuery::new_prefix(Term::from_field_text(field, prefix), 0, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An index of partnerships whose texts are `bodies`, titled by their number.
    fn index_of(bodies: &[String]) -> Searcher {
        let titles: Vec<String> = (0..bodies.len())
            .map(|i| format!("Partenariat {i}"))
            .collect();
        let pairs: Vec<(&str, &str)> = titles
            .iter()
            .zip(bodies)
            .map(|(t, b)| (t.as_str(), b.as_str()))
            .collect();
        index_titled(&pairs)
    }

    /// An index of partnerships, each (title, texts).
    fn index_titled(partnerships: &[(&str, &str)]) -> Searcher {
        let (schema, f) = schema();
        let index = Index::create_in_ram(schema);
        super::super::register(&index);
        let mut writer = index
            .writer_with_num_threads::<TantivyDocument>(1, 15_000_000)
            .expect("writer");
        for (i, (title, body)) in partnerships.iter().enumerate() {
            let mut d = TantivyDocument::default();
            d.add_text(f.iri, format!("https://example.org/{i}"));
            d.add_text(f.kind, Kind::Partnership.code());
            d.add_text(f.label, title);
            d.add_text(f.body, body);
            writer.add_document(d).expect("document");
        }
        writer.commit().expect("commit");
        Searcher::new(index).expect("searcher")
    }

    #[test]
    fn a_hit_before_the_first_text_that_holds_the_word_has_no_passage_and_no_crash() {
        // The first partnership holds the word in its title only, the second in its texts:
        // the texts' posting list starts past the first hit.
        let s = index_titled(&[
            ("Accès à l'eau", "Des jardins partagés."),
            ("Partenariat 1", "L'eau potable."),
        ]);
        for text in ["eau", "l'eau", "eau potable", "acces"] {
            let found = s
                .search(&Question {
                    text: text.into(),
                    limit: 10,
                    ..Question::default()
                })
                .expect("search");
            for h in &found.hits {
                let by_title = h.iri.ends_with("/0");
                assert_eq!(h.snippet.is_empty(), by_title, "{text:?}: {h:?}");
            }
            assert!(!found.hits.is_empty(), "{text:?}");
        }
    }

    #[test]
    fn a_passage_far_into_a_long_text_is_found_and_a_hit_by_its_title_has_none() {
        let long = format!(
            "{} l'accès à l'eau potable des quartiers.",
            "formation ".repeat(900)
        );
        let s = index_of(&[long, "Des jardins partagés.".into()]);
        let ask = |text: &str| {
            s.search(&Question {
                text: text.into(),
                limit: 10,
                ..Question::default()
            })
            .expect("search")
        };
        let found = ask("eau potable");
        assert_eq!(found.total, 1);
        assert!(
            found.hits[0].snippet.contains("<b>eau</b> <b>potable</b>"),
            "{:?}",
            found.hits[0].snippet
        );
        // Found by its title alone: no passage, and the facets still count it.
        let by_title = ask("partenariat 1");
        assert!(by_title.hits.iter().any(|h| h.snippet.is_empty()));
        assert_eq!(by_title.facets["kind"]["partnership"], by_title.total);
    }
}
