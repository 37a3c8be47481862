//! The French full-text index of the store (tantivy): partnerships, organisations, themes and
//! countries, found by words as people write them (accents or not, `l'eau`, plurals, the start
//! of a name).
//!
//! - this module: the schema, the analysis chain, where the index lives and when it is stale;
//! - [`build`]: one pass over the store, every document rewritten, one commit;
//! - [`source`]: what the build reads, the store or the quads an import gathered on their way
//!   to it;
//! - [`find`]: questions (search with filters and facets, name suggestions), with `facets`
//!   (counted as the hits are collected) and `passage` (where a hit's texts hold the words);
//! - [`reconcile`]: candidates for the reconciliation service, scored, with a match decision.
//! - [`service`]: the index as a SPARQL `SERVICE`, joined to graph patterns in one query.
//!
//! The index lives inside the store's folder, in `search-index/` (RocksDB ignores a folder it
//! did not make, and a bundle's `store/` folder travels whole and is not checked by `verify`).
//! It records a fingerprint of the store's files it was built from. `import` (a prune and a
//! replaced record included) and `publish` (`--previous` included) build it at their end from
//! the store they loaded; when the store has changed since by other means (an update through
//! the server, `link`), the index is stale and is built again from the store at the next
//! search (or by `search --reindex`), so that a hit never names a partnership the store no
//! longer holds.

pub mod build;
mod facets;
pub mod find;
mod passage;
mod read;
pub mod reconcile;
pub mod service;
pub mod source;

use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use tantivy::schema::{
    FAST, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    StopWordFilter, TextAnalyzer, Token, TokenStream, Tokenizer,
};

/// The folder of the index inside the store's folder.
pub const INDEX_FOLDER: &str = "search-index";
/// The file of the index folder that records the store state it was built from.
const MARKER: &str = "atlas-lod-store-state.txt";
/// The analyser of running French text: folded, elisions dropped, lightly stemmed.
pub const FRENCH: &str = "atlas_fr";
/// The analyser of names: folded, elisions dropped, not stemmed (prefixes of names match).
pub const NAMES: &str = "atlas_names";

/// What can go wrong with the index.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The index could not be read or written.
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// The store could not be read.
    #[error("search index: reading the store: {0}")]
    Store(String),
    /// The quads gathered by an import lack a property the build reads (or passed their
    /// bound): the index is built from the store instead.
    #[error("search index: the import did not gather <{0}>")]
    NotGathered(String),
    /// A file of the index or the store could not be read or written.
    #[error("search index: {0}")]
    Io(#[from] std::io::Error),
}

/// The fields of the index.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// The thing's IRI.
    pub iri: Field,
    /// What it is (see [`Kind`]).
    pub kind: Field,
    /// Its title or name (French analysis).
    pub label: Field,
    /// Its title or name, analysed as a name (prefix search).
    pub name: Field,
    /// A partnership's texts: description, context, objectives, beneficiaries.
    pub body: Field,
    /// What it is linked to: partners' names, countries (French and English), themes.
    pub related: Field,
    /// Facet and filter: a country's French name (one value per country).
    pub country: Field,
    /// Filter: a country's codes and folded names.
    pub country_key: Field,
    /// Facet: the theme of level 1.
    pub theme: Field,
    /// Facet: a partnership's status label.
    pub status: Field,
    /// Facet: a partnership's kind label.
    pub pkind: Field,
    /// Facet: a partnership's start decade (`2010`).
    pub decade: Field,
    /// An organisation's SIREN.
    pub siren: Field,
    /// An organisation's INSEE code.
    pub insee: Field,
    /// Start years of a partnership, or of an organisation's partnerships.
    pub year: Field,
    /// An organisation's number of partnerships (as text).
    pub count: Field,
    /// An organisation's Wikidata item.
    pub wikidata: Field,
}

/// What a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// A partnership.
    Partnership,
    /// A French local authority.
    FrenchAuthority,
    /// A foreign partner.
    ForeignPartner,
    /// Any other organisation (funder, implementer).
    Organisation,
    /// A theme, at any level.
    Theme,
    /// A country.
    Country,
}

impl Kind {
    /// Every kind.
    pub const ALL: [Kind; 6] = [
        Kind::Partnership,
        Kind::FrenchAuthority,
        Kind::ForeignPartner,
        Kind::Organisation,
        Kind::Theme,
        Kind::Country,
    ];

    /// Its code, as indexed and as given to filters.
    pub fn code(self) -> &'static str {
        match self {
            Kind::Partnership => "partnership",
            Kind::FrenchAuthority => "french-authority",
            Kind::ForeignPartner => "foreign-partner",
            Kind::Organisation => "organisation",
            Kind::Theme => "theme",
            Kind::Country => "country",
        }
    }

    /// The kind of a code.
    pub fn from_code(code: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// The schema and its fields.
pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |analyser: &str, stored: bool| {
        let o = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analyser)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        if stored { o.set_stored() } else { o }
    };
    let fields = Fields {
        iri: b.add_text_field("iri", STRING | STORED),
        // The facets are also columns (FAST), counted over every hit without reading documents.
        kind: b.add_text_field("kind", STRING | STORED | FAST),
        label: b.add_text_field("label", text(FRENCH, true)),
        name: b.add_text_field("name", text(NAMES, false)),
        body: b.add_text_field("body", text(FRENCH, true)),
        related: b.add_text_field("related", text(FRENCH, true)),
        country: b.add_text_field("country", STRING | STORED | FAST),
        country_key: b.add_text_field("country_key", STRING),
        theme: b.add_text_field("theme", STRING | STORED | FAST),
        status: b.add_text_field("status", STRING | STORED | FAST),
        pkind: b.add_text_field("pkind", STRING | STORED),
        decade: b.add_text_field("decade", STRING | STORED | FAST),
        siren: b.add_text_field("siren", STRING | STORED),
        insee: b.add_text_field("insee", STRING | STORED),
        year: b.add_text_field("year", STRING | STORED),
        count: b.add_text_field("count", STORED),
        wikidata: b.add_text_field("wikidata", STORED),
    };
    (b.build(), fields)
}

/// Letters French writes elided before a vowel (`l'eau`, `d'Ivoire`, `qu'il`): the tokenizer
/// cuts at the apostrophe, and these are dropped.
const ELISIONS: [&str; 10] = ["l", "d", "j", "m", "n", "s", "t", "c", "qu", "lorsqu"];

/// The version of the analysers below: an index built with others is stale (bumped when
/// what they do changes, since their names stay the same in the schema).
const ANALYSIS: &str = "unmarked-2";

/// Whether `c` is a combining accent or an invisible character: dropped before words are cut,
/// so that a decomposed `é` (`e` + U+0301) folds as the composed one does and a soft hyphen or
/// a zero-width space does not cut a word in two.
fn is_mark(c: char) -> bool {
    matches!(
        c,
        '\u{0300}'..='\u{036f}'
            | '\u{1ab0}'..='\u{1aff}'
            | '\u{1dc0}'..='\u{1dff}'
            | '\u{20d0}'..='\u{20ff}'
            | '\u{fe20}'..='\u{fe2f}'
            | '\u{00ad}'
            | '\u{200b}'..='\u{200d}'
            | '\u{2060}'
            | '\u{feff}'
    )
}

/// Words cut as [`SimpleTokenizer`] cuts them, from the text without its combining accents and
/// invisible characters ([`is_mark`]). The tokens' offsets are those of the text as given (the
/// snippets cut the stored text at them).
#[derive(Clone, Default)]
pub struct Unmarked {
    inner: SimpleTokenizer,
    text: String,
    /// For each byte of `text` (and its end), the byte of the text as given.
    at: Vec<usize>,
}

impl Tokenizer for Unmarked {
    type TokenStream<'a> = UnmarkedStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        self.text.clear();
        self.at.clear();
        for (i, c) in text.char_indices().filter(|(_, c)| !is_mark(*c)) {
            self.text.push(c);
            self.at.extend(i..i + c.len_utf8());
        }
        self.at.push(text.len());
        UnmarkedStream {
            inner: self.inner.token_stream(&self.text),
            at: &self.at,
        }
    }
}

/// The tokens of [`Unmarked`], their offsets moved back onto the text as given.
pub struct UnmarkedStream<'a> {
    inner: <SimpleTokenizer as Tokenizer>::TokenStream<'a>,
    at: &'a [usize],
}

impl TokenStream for UnmarkedStream<'_> {
    fn advance(&mut self) -> bool {
        if !self.inner.advance() {
            return false;
        }
        let at = self.at;
        let t = self.inner.token_mut();
        let end = at.last().copied().unwrap_or(0);
        t.offset_from = at.get(t.offset_from).copied().unwrap_or(end);
        t.offset_to = at.get(t.offset_to).copied().unwrap_or(end);
        true
    }

    fn token(&self) -> &Token {
        self.inner.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.inner.token_mut()
    }
}

/// The analyser of running French text: words (cut at spaces, punctuation, apostrophes and
/// hyphens), lower case, accents folded, elided articles dropped, French Snowball stemming
/// (light: `jumelages` and `jumelage` meet). Folding comes before stemming so that a word
/// written with or without its accents is stemmed the same way.
pub fn french() -> TextAnalyzer {
    TextAnalyzer::builder(Unmarked::default())
        .filter(RemoveLongFilter::limit(60))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(StopWordFilter::remove(ELISIONS.map(String::from)))
        .filter(Stemmer::new(Language::French))
        .build()
}

/// The analyser of names: as [`french`] without stemming, so that the start of a word typed
/// (`besan`) is a prefix of the indexed word (`besancon`).
pub fn names() -> TextAnalyzer {
    TextAnalyzer::builder(Unmarked::default())
        .filter(RemoveLongFilter::limit(60))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(StopWordFilter::remove(ELISIONS.map(String::from)))
        .build()
}

/// The words of `text` through an analyser, in order.
pub fn tokens(analyser: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stream = analyser.token_stream(text);
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// A filter value folded as the filter fields are (`Côte d'Ivoire` -> `cote d'ivoire`).
pub fn key(text: &str) -> String {
    crate::model::names::normalise(text)
}

/// Where the index of the store at `store` lives.
pub fn index_dir(store: &Path) -> PathBuf {
    store.join(INDEX_FOLDER)
}

/// The state of the store's data files: a SHA-256 over the name and size of each table
/// (`.sst`) and write-ahead log (`.log`) file. RocksDB never edits a table in place nor reuses a
/// file number, so a write shows as a new table or a longer log; its other files (manifest,
/// options, lock, info logs), which opening rewrites, are left out, and so are modification
/// times, so that a store copied or moved whole keeps its index current. Opening the store for
/// writing starts a new log: a store opened so since the build counts as changed. An open
/// store is no fixed state (RocksDB deletes replaced tables and flushes what is left when it
/// closes): the state is read with the store closed, or open read-only.
pub fn store_state(store: &Path) -> Result<String, SearchError> {
    let mut rows = Vec::new();
    for e in std::fs::read_dir(store)? {
        let e = e?;
        let name = e.file_name().to_string_lossy().into_owned();
        if !(name.ends_with(".sst") || name.ends_with(".log")) {
            continue;
        }
        rows.push(format!("{name}\t{}", e.metadata()?.len()));
    }
    rows.sort();
    Ok(hex::encode(Sha256::digest(rows.join("\n").as_bytes())))
}

/// What an index current for the store at `store` records: the store's state, and the schema
/// (an index written by a version of the tool with other fields or options is stale too).
fn built_state(store: &Path) -> Result<String, SearchError> {
    let schema = serde_json::to_string(&schema().0).map_err(std::io::Error::other)?;
    Ok(format!(
        "{} {} {ANALYSIS}",
        store_state(store)?,
        hex::encode(Sha256::digest(schema.as_bytes()))
    ))
}

/// Marks the index of the store in `store` out of date (after an update): the next search
/// builds it again.
pub fn mark_stale(store: &Path) {
    let _ = std::fs::remove_file(index_dir(store).join(MARKER));
}

/// Whether the index beside the store at `store` was built from the store as it is now.
pub fn is_current(store: &Path) -> bool {
    let recorded = std::fs::read_to_string(index_dir(store).join(MARKER)).ok();
    match (recorded, built_state(store)) {
        (Some(r), Ok(s)) => r.trim() == s,
        _ => false,
    }
}

/// Records that the index was built from the store as it is now.
fn mark(store: &Path, state: &str) -> Result<(), SearchError> {
    std::fs::write(index_dir(store).join(MARKER), format!("{state}\n"))?;
    Ok(())
}

/// Registers the analysers on an index.
fn register(index: &tantivy::Index) {
    index.tokenizers().register(FRENCH, french());
    index.tokenizers().register(NAMES, names());
}

/// The index of the store at `store`, built first when it is missing or stale (or when
/// `rebuild`). The store is opened read-only for the pass when it has to be.
pub fn open(store: &Path, rebuild: bool) -> Result<find::Searcher, SearchError> {
    if rebuild || !is_current(store) {
        self::rebuild(store)?;
    }
    open_existing(store)
}

/// Builds the index of the (closed) store at `store` again, whole, opening it read-only: what
/// `import` and `publish` do once their store is written and closed (so that the state
/// recorded is the state the store keeps), `search` when the index is missing or stale, and
/// `search --reindex`.
pub fn rebuild(store: &Path) -> Result<build::Built, SearchError> {
    let db = crate::store::open_read_only(store).map_err(|e| SearchError::Store(e.to_string()))?;
    build_from(&db, store)
}

/// Builds the index of `db` (the store at `store`) again, whole, and records the state it
/// was built from. Used by [`rebuild`], and by the server on the first search after an update
/// (with its own handle on the store: the state it records is then the open store's, and the
/// index is built again once after the server closes the store for writing).
pub fn build_from(db: &oxigraph::store::Store, store: &Path) -> Result<build::Built, SearchError> {
    replace(db, store)
}

/// Builds the index of the (closed) store at `store` from the quads its import gathered on
/// their way to it ([`source::Gathered`]), without reading the store; when they lack a
/// property the build reads ([`SearchError::NotGathered`]), from the store. Says which.
pub fn build_gathered(
    gathered: &source::Gathered,
    store: &Path,
) -> Result<(build::Built, Origin), SearchError> {
    match replace(gathered, store) {
        Ok(built) => Ok((built, Origin::Records)),
        Err(SearchError::NotGathered(_)) => Ok((rebuild(store)?, Origin::Store)),
        Err(e) => Err(e),
    }
}

/// What an index was built from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The records as the import loaded them.
    Records,
    /// The store, read back.
    Store,
}

/// The index of `source` (what the store at `store` holds) written beside the store, the old
/// one replaced only once the new one is whole, and the store's state recorded.
fn replace(source: &dyn source::Source, store: &Path) -> Result<build::Built, SearchError> {
    let state = built_state(store)?;
    let dir = index_dir(store);
    let fresh = dir.with_file_name(format!("{INDEX_FOLDER}.new"));
    if fresh.exists() {
        std::fs::remove_dir_all(&fresh)?;
    }
    std::fs::create_dir_all(&fresh)?;
    let (schema, fields) = schema();
    let index = tantivy::Index::create_in_dir(&fresh, schema)?;
    register(&index);
    let built = build::write(source, &index, &fields)?;
    drop(index);
    // The old index goes only once the new one is whole.
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    std::fs::rename(&fresh, &dir)?;
    mark(store, &state)?;
    Ok(built)
}

/// An index of `db` (a store of any kind, in memory too) built in the empty folder `dir`,
/// with no record of the state it was built from: for a store with no folder of its own.
pub fn build_in(db: &oxigraph::store::Store, dir: &Path) -> Result<find::Searcher, SearchError> {
    let (schema, fields) = schema();
    let index = tantivy::Index::create_in_dir(dir, schema)?;
    register(&index);
    build::write(db, &index, &fields)?;
    find::Searcher::new(index)
}

/// The index of `db` built in memory, nothing written to disk: for a store that lives in
/// memory too (the fuzz target of the search parameters).
pub fn in_memory(db: &oxigraph::store::Store) -> Result<find::Searcher, SearchError> {
    let (schema, fields) = schema();
    let index = tantivy::Index::create_in_ram(schema);
    register(&index);
    build::write(db, &index, &fields)?;
    find::Searcher::new(index)
}

/// The index as it is on disk, not checked against the store.
pub fn open_existing(store: &Path) -> Result<find::Searcher, SearchError> {
    let index = tantivy::Index::open_in_dir(index_dir(store))?;
    register(&index);
    find::Searcher::new(index)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fr(text: &str) -> Vec<String> {
        tokens(&mut french(), text)
    }

    #[test]
    fn accents_elisions_plurals_and_hyphens_are_analysed_away() {
        assert_eq!(fr("éducation"), fr("education"));
        assert_eq!(fr("Hué"), fr("hue"));
        assert_eq!(fr("l'eau"), fr("eau"));
        assert_eq!(fr("l’eau"), fr("eau"));
        assert_eq!(fr("jumelages"), fr("jumelage"));
        assert_eq!(
            fr("Saint-Louis"),
            vec![fr("saint")[0].clone(), fr("louis")[0].clone()]
        );
        assert_ne!(fr("eau"), fr("feu"));
    }

    #[test]
    fn names_are_folded_not_stemmed() {
        assert_eq!(
            tokens(&mut names(), "Ville de Besançon"),
            ["ville", "de", "besancon"]
        );
    }

    #[test]
    fn decomposed_accents_and_invisible_characters_fold_as_composed_text() {
        assert_eq!(fr("E\u{301}cole de Hue\u{301}"), fr("École de Hué"));
        assert_eq!(fr("coope\u{301}ration"), fr("coopération"));
        assert_eq!(fr("jume\u{ad}lage"), fr("jumelage"));
        assert_eq!(fr("jume\u{200b}lage"), fr("jumelage"));
        assert_eq!(
            tokens(&mut names(), "Besanc\u{327}on"),
            tokens(&mut names(), "Besançon")
        );
        assert_eq!(tokens(&mut names(), "Ｂｅｓａｎçｏｎ"), ["besancon"]);
    }

    #[test]
    fn offsets_are_those_of_the_text_as_given() {
        for text in [
            "E\u{301}le\u{300}ve e\u{301}ducation l\u{2019}eau",
            "Puits\u{200b}\u{200b} neufs\u{ad}.",
            "\u{feff}Cafe\u{301}",
        ] {
            let mut analyser = french();
            let mut stream = analyser.token_stream(text);
            let mut n = 0;
            while stream.advance() {
                let t = stream.token();
                assert!(
                    text.is_char_boundary(t.offset_from)
                        && text.is_char_boundary(t.offset_to)
                        && t.offset_from < t.offset_to,
                    "{text:?}: {t:?}"
                );
                n += 1;
            }
            assert!(n > 0, "{text:?}");
        }
    }
}
