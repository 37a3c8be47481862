//! Questions to the index: a search in French (every word of the question must be found, in
//! the title, the texts or what the thing is linked to), with filters and facets counted over
//! every hit; name suggestions as people type; candidates for the reconciliation service.

use super::{Fields, Kind, SearchError, names, schema, tokens};
use serde::Serialize;
use std::collections::BTreeMap;
use tantivy::collector::{Collector, Count, SegmentCollector, TopDocs};
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
        let reader = index.reader()?;
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
                    if postings.seek(addr.doc_id) == addr.doc_id {
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

/// How much of a hit's texts the passage is looked for in at a time.
const SNIPPET_SPAN: usize = 320;
/// Words of context kept before the first word found.
const SNIPPET_BEFORE: u32 = 8;

/// The byte offset in `text` of its word number `n` (words as the index cuts them: runs of
/// letters and digits, accents and invisible characters inside a word), or its end.
fn word_offset(text: &str, n: u32) -> usize {
    let mut count = 0u32;
    let mut in_word = false;
    for (i, c) in text.char_indices() {
        let letter = c.is_alphanumeric() || super::is_mark(c);
        if letter && !in_word {
            if count == n {
                return i;
            }
            count += 1;
        }
        in_word = letter;
    }
    text.len()
}

/// The passage of `text` where the question's words are, with `<b>` around them. `at` is the
/// position of the first word found (from the postings): the passage is looked for in a span
/// that starts a few words before it, and, should that miss, span by span from the start
/// (cut between words). Cutting every word of a long text (stemming included) cost a
/// millisecond a hit; the first place a word is found is the passage a reader wants.
fn snippet(generator: &SnippetGenerator, text: &str, at: u32) -> String {
    let from = word_offset(text, at.saturating_sub(SNIPPET_BEFORE));
    if let Some(found) = first_span(generator, &text[from..], 1) {
        return found;
    }
    first_span(generator, text, usize::MAX).unwrap_or_default()
}

/// The passage of the first of at most `spans` spans of `text` that holds a word.
fn first_span(generator: &SnippetGenerator, text: &str, spans: usize) -> Option<String> {
    let mut rest = text;
    for _ in 0..spans {
        if rest.is_empty() {
            break;
        }
        let mut end = rest.len().min(SNIPPET_SPAN);
        while !rest.is_char_boundary(end) {
            end += 1;
        }
        // To the end of the word cut.
        end += rest[end..]
            .find(char::is_whitespace)
            .unwrap_or(rest.len() - end);
        let found = generator.snippet(&rest[..end]);
        if !found.highlighted().is_empty() {
            return Some(found.to_html());
        }
        rest = &rest[end..];
    }
    None
}

/// The facets whose values are counted over every hit.
const FACETS: [&str; 5] = ["country", "theme", "kind", "status", "decade"];

/// Facet -> value -> number of hits.
type FacetCounts = BTreeMap<String, BTreeMap<String, usize>>;

/// A segment's facets, laid out for counting: per facet, the numbers of the values of every
/// document (`ords[offsets[d]..offsets[d + 1]]`) and the values by number. Read from the
/// facet fields' columns once per segment: counting a question's hits is then a walk over
/// arrays, where reading the columns for every hit cost a fifth of a question's time.
struct FacetTable(Vec<FacetColumn>);

/// One facet of a segment: its name, the offsets by document, the value numbers, the values.
type FacetColumn = (&'static str, Vec<u32>, Vec<u32>, Vec<String>);

impl FacetTable {
    fn read(reader: &tantivy::SegmentReader) -> tantivy::Result<FacetTable> {
        let mut facets = Vec::new();
        for name in FACETS {
            let Some(column) = reader.fast_fields().str(name)? else {
                continue;
            };
            let mut offsets = Vec::with_capacity(reader.max_doc() as usize + 1);
            let mut ords = Vec::new();
            offsets.push(0);
            for doc in 0..reader.max_doc() {
                ords.extend(column.term_ords(doc).map(|o| o as u32));
                offsets.push(ords.len() as u32);
            }
            let every: Vec<u64> = (0..column.num_terms() as u64).collect();
            let mut values = Vec::with_capacity(every.len());
            column
                .dictionary()
                .sorted_ords_to_term_cb(&every, |bytes| {
                    values.push(String::from_utf8_lossy(bytes).into_owned())
                })?;
            facets.push((name, offsets, ords, values));
        }
        Ok(FacetTable(facets))
    }
}

/// The facet tables of the segments met, by segment.
#[derive(Default)]
struct FacetTables(
    std::sync::Mutex<
        std::collections::HashMap<tantivy::index::SegmentId, std::sync::Arc<FacetTable>>,
    >,
);

impl FacetTables {
    fn of(&self, reader: &tantivy::SegmentReader) -> tantivy::Result<std::sync::Arc<FacetTable>> {
        let id = reader.segment_id();
        let mut tables = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(t) = tables.get(&id) {
            return Ok(t.clone());
        }
        // Segments of an index read before it was rebuilt are not asked again.
        if tables.len() >= 64 {
            tables.clear();
        }
        let table = std::sync::Arc::new(FacetTable::read(reader)?);
        tables.insert(id, table.clone());
        Ok(table)
    }
}

/// Counts the facets (country, theme of level 1, kind, status, start decade) of every hit as
/// the hits are collected, from the segments' facet tables: no document is read, and the
/// question is asked once for the page, the count and the facets together.
struct Facets<'a>(&'a FacetTables);

/// The facets of one segment: its table, and one counter per value of each facet.
struct SegmentFacets(std::sync::Arc<FacetTable>, Vec<Vec<usize>>);

impl Collector for Facets<'_> {
    type Fruit = FacetCounts;
    type Child = SegmentFacets;

    fn for_segment(
        &self,
        _segment: tantivy::SegmentOrdinal,
        reader: &tantivy::SegmentReader,
    ) -> tantivy::Result<SegmentFacets> {
        let table = self.0.of(reader)?;
        let counts = table
            .0
            .iter()
            .map(|(_, _, _, v)| vec![0; v.len()])
            .collect();
        Ok(SegmentFacets(table, counts))
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<FacetCounts>) -> tantivy::Result<FacetCounts> {
        let mut out = FacetCounts::new();
        for segment in segments {
            for (facet, values) in segment {
                let merged = out.entry(facet).or_default();
                for (value, n) in values {
                    *merged.entry(value).or_default() += n;
                }
            }
        }
        Ok(out)
    }
}

impl SegmentCollector for SegmentFacets {
    type Fruit = FacetCounts;

    fn collect(&mut self, doc: tantivy::DocId, _score: tantivy::Score) {
        let d = doc as usize;
        for ((_, offsets, ords, _), counts) in self.0.0.iter().zip(&mut self.1) {
            let (Some(&from), Some(&to)) = (offsets.get(d), offsets.get(d + 1)) else {
                continue;
            };
            for ord in ords.get(from as usize..to as usize).into_iter().flatten() {
                if let Some(n) = counts.get_mut(*ord as usize) {
                    *n += 1;
                }
            }
        }
    }

    fn harvest(self) -> FacetCounts {
        let mut out = FacetCounts::new();
        for ((name, _, _, values), counts) in self.0.0.iter().zip(self.1) {
            let counted: BTreeMap<String, usize> = counts
                .into_iter()
                .enumerate()
                .filter(|(_, n)| *n > 0)
                .filter_map(|(ord, n)| Some((values.get(ord)?.clone(), n)))
                .collect();
            if !counted.is_empty() {
                out.insert(name.to_string(), counted);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An index of partnerships whose texts are `bodies`, titled by their number.
    fn index_of(bodies: &[String]) -> Searcher {
        let (schema, f) = schema();
        let index = Index::create_in_ram(schema);
        super::super::register(&index);
        let mut writer = index
            .writer_with_num_threads::<TantivyDocument>(1, 15_000_000)
            .expect("writer");
        for (i, body) in bodies.iter().enumerate() {
            let mut d = TantivyDocument::default();
            d.add_text(f.iri, format!("https://example.org/{i}"));
            d.add_text(f.kind, Kind::Partnership.code());
            d.add_text(f.label, format!("Partenariat {i}"));
            d.add_text(f.body, body);
            writer.add_document(d).expect("document");
        }
        writer.commit().expect("commit");
        Searcher::new(index).expect("searcher")
    }

    #[test]
    fn words_are_counted_as_the_index_cuts_them() {
        let text = "L'accès à l\u{2019}eau, 2024 : e\u{301}coles";
        assert_eq!(word_offset(text, 0), 0);
        assert_eq!(
            &text[word_offset(text, 1)..],
            "accès à l\u{2019}eau, 2024 : e\u{301}coles"
        );
        assert_eq!(&text[word_offset(text, 4)..], "eau, 2024 : e\u{301}coles");
        assert_eq!(&text[word_offset(text, 6)..], "e\u{301}coles");
        assert_eq!(word_offset(text, 7), text.len());
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
