//! The HTML of the server, rendered with maud: every text is escaped by default, and raw
//! markup is only our own SVG charts. Pure functions from data to markup; they read labels
//! from the store but never touch HTTP.
//!
//! - this module: the frame ([`layout`]), the 404 page, links and statement tables;
//! - [`partnership`]: a partnership's page (facts, partners, funding, contacts, texts);
//! - [`resource`]: any other resource, and a partner country;
//! - [`query`]: the query page and its results table.

pub mod partnership;
pub mod place;
pub mod query;
pub mod resource;

use crate::model::lang::Lang;
use crate::store::labels;
use crate::vocab;
use maud::{DOCTYPE, Markup, PreEscaped, html};
use oxigraph::model::{NamedOrBlankNode, TermRef, Triple};
use oxigraph::store::{StorageError, Store};
use std::cell::RefCell;

/// What a page is drawn from: the store (for labels) and the server's public URL (for links).
/// The first store error met while drawing is kept: the handler answers 500 instead of a page
/// with names missing.
pub struct Site<'a> {
    /// The store.
    pub store: &'a Store,
    /// The public URL of the server, ending with `/`.
    pub base_url: &'a str,
    /// The language of the page: every heading, label and message follows it.
    pub lang: Lang,
    failed: RefCell<Option<StorageError>>,
    /// The server's labels read once per store generation, when it keeps them.
    labels: Option<(&'a super::cache::LabelCache, String)>,
}

impl<'a> Site<'a> {
    /// A site over `store`, served at `base_url`, its pages in `lang`.
    pub fn new(store: &'a Store, base_url: &'a str, lang: Lang) -> Self {
        Site {
            store,
            base_url,
            lang,
            failed: RefCell::new(None),
            labels: None,
        }
    }

    /// The same site, its labels read through `cache` for the store's `generation`.
    pub fn with_labels(mut self, cache: &'a super::cache::LabelCache, generation: String) -> Self {
        self.labels = Some((cache, generation));
        self
    }

    /// The text in the page's language.
    pub fn t<'t>(&self, fr: &'t str, en: &'t str) -> &'t str {
        self.lang.t(fr, en)
    }

    /// Keeps the first store error (see [`Site::finish`]).
    fn keep<T: Default>(&self, r: Result<T, StorageError>) -> T {
        r.unwrap_or_else(|e| {
            self.failed.borrow_mut().get_or_insert(e);
            T::default()
        })
    }

    /// A label for `iri` from the store (see [`labels::label`]).
    pub fn label(&self, iri: &str) -> Option<String> {
        match &self.labels {
            Some((cache, generation)) => {
                self.keep(cache.get(generation, iri, || labels::label(self.store, iri)))
            }
            None => self.keep(labels::label(self.store, iri)),
        }
    }

    /// The path of a theme, top first (see [`labels::theme_path`]).
    pub fn theme_path(&self, concept: &str) -> Vec<String> {
        self.keep(labels::theme_path(self.store, concept))
    }

    /// Records a store error met by the caller.
    pub fn check<T: Default>(&self, r: Result<T, StorageError>) -> T {
        self.keep(r)
    }

    /// The page, or the first store error met while drawing it.
    pub fn finish(self, page: Markup) -> Result<String, StorageError> {
        match self.failed.into_inner() {
            Some(e) => Err(e),
            None => Ok(page.into_string()),
        }
    }

    /// Where a link to `iri` goes from our pages (see [`local_href`]).
    pub fn href(&self, iri: &str) -> String {
        local_href(iri, self.base_url)
    }

    /// A link to a resource, named by `text`, else its label, else its short form.
    pub fn link(&self, iri: &str, text: Option<&str>) -> Markup {
        let text = match text {
            Some(t) => t.to_string(),
            None => self.label(iri).unwrap_or_else(|| short(iri)),
        };
        html! { a href=(self.href(iri)) { (text) } }
    }

    /// A term for a table cell: links for IRIs (`mailto:` as the address), text with its
    /// line breaks and language for literals.
    pub fn term(&self, t: TermRef<'_>) -> Markup {
        match t {
            TermRef::NamedNode(n) => match n.as_str().strip_prefix("mailto:") {
                Some(addr) => html! { a href=(n.as_str()) { (addr) } },
                None => self.link(n.as_str(), None),
            },
            TermRef::Literal(l) => html! {
                (lines(l.value()))
                @if let Some(lang) = l.language() { " " span.lang { "@" (lang) } }
            },
            other => html! { (other.to_string()) },
        }
    }

    /// The statements as a table, links kept on this server.
    pub fn statements_table(&self, triples: &[Triple]) -> Markup {
        html! {
            table.statements {
                tr {
                    th { (self.t("Sujet", "Subject")) }
                    th { (self.t("Propriété", "Property")) }
                    th { (self.t("Valeur", "Value")) }
                }
                @for t in triples {
                    tr {
                        td { @match &t.subject {
                            NamedOrBlankNode::NamedNode(n) => (self.link(n.as_str(), Some(&short(n.as_str())))),
                            other => (other.to_string()),
                        } }
                        td { (self.link(t.predicate.as_str(), Some(&short(t.predicate.as_str())))) }
                        td { (self.term(t.object.as_ref())) }
                    }
                }
            }
        }
    }
}

/// Where a link to `iri` goes from our pages: our own resources stay on this server.
pub fn local_href(iri: &str, base_url: &str) -> String {
    if let Some(rest) = iri.strip_prefix(vocab::ns::ROOT) {
        return format!("/{rest}");
    }
    if let Some(rest) = iri.strip_prefix(base_url) {
        return format!("/{rest}");
    }
    iri.to_string()
}

/// A compact name for an IRI without a label (`prefix:local`).
pub fn short(iri: &str) -> String {
    for (p, ns) in vocab::PREFIXES {
        if let Some(local) = iri.strip_prefix(ns)
            && !local.is_empty()
            && !local.contains('/')
        {
            return format!("{p}:{local}");
        }
    }
    iri.to_string()
}

/// Percent-encodes a query-string value.
pub fn url_encode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// Text whose line breaks show as `<br>`.
pub fn lines(text: &str) -> Markup {
    html! {
        @for (i, line) in text.split('\n').enumerate() {
            @if i > 0 { br; }
            (line)
        }
    }
}

/// One of our own SVG charts, inserted as is (it is drawn by `crate::charts`, which escapes
/// every text it writes).
pub fn chart(svg: &str) -> Markup {
    html! { figure.chart { (PreEscaped(svg)) } }
}

/// The page frame, in `lang`.
pub fn layout(title: &str, lang: Lang, body: Markup) -> Markup {
    layout_with(title, None, lang, body)
}

/// The page frame, with the dataset's schema.org description in its head when given (a
/// JSON-LD script body, `</` already escaped). It says its language and links to the page
/// in the other one.
pub fn layout_with(title: &str, dataset: Option<&str>, lang: Lang, body: Markup) -> Markup {
    let (code, other, other_name) = match lang {
        Lang::Fr => ("fr", "en", "English"),
        Lang::En => ("en", "fr", "Français"),
    };
    html! {
        (DOCTYPE)
        html lang=(code) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · Atlas de la coopération décentralisée" }
                link rel="stylesheet" href="/style.css";
                link rel="search" type="application/opensearchdescription+xml" href="/opensearch.xml" title="Atlas";
                @if let Some(json) = dataset {
                    script type="application/ld+json" { (PreEscaped(json)) }
                }
            }
            body {
                header { nav {
                    a.brand href="/" { "Atlas de la coopération décentralisée · " (lang.t("données liées", "linked data")) }
                    " " a href="/sparql" { (lang.t("Point d'accès SPARQL", "SPARQL endpoint")) }
                    " " a href="/void" { "VoID" }
                    " " a href="/ontology" { (lang.t("Ontologie", "Ontology")) }
                    " " a href="/theme/" { (lang.t("Thématiques", "Themes")) }
                    " " form.search action="/search" method="get" role="search" {
                        input type="search" name="q" placeholder=(lang.t("Rechercher", "Search")) aria-label=(lang.t("Rechercher", "Search"));
                    }
                    " " a.lang href={ "?lang=" (other) } hreflang=(other) lang=(other) { (other_name) }
                } }
                main { (body) }
                footer { (lang.t("Données : ministère de l'Europe et des Affaires étrangères, Atlas de la coopération décentralisée (Licence Ouverte / Etalab 2.0). Servies par atlas-lod.", "Data: Ministère de l'Europe et des Affaires étrangères, Atlas de la coopération décentralisée (Licence Ouverte / Etalab 2.0). Served by atlas-lod.")) }
            }
        }
    }
}

/// The 404 page.
pub fn not_found(path: &str, lang: Lang) -> Markup {
    layout(
        lang.t("Introuvable", "Not found"),
        lang,
        html! {
            h1 { (lang.t("Introuvable", "Not found")) }
            p { (lang.t("Rien dans ce jeu de données ne s'appelle ", "Nothing in this dataset is named ")) code { (path) } "." }
            p { (lang.t("Partez de la ", "Start from the ")) a href="/" { (lang.t("page de requête", "query page")) }
                (lang.t(" ou du ", " or the ")) a href="/theme/" { (lang.t("schéma des thématiques", "theme scheme")) } "." }
        },
    )
}

/// The page of a partnership gone from the current release (answered with 410 Gone).
pub fn gone(r: &crate::store::retired::Retired, dumps: &str, lang: Lang) -> Markup {
    let title = if r.title.is_empty() {
        r.iri.as_str()
    } else {
        r.title.as_str()
    };
    layout(
        title,
        lang,
        html! {
            p.kind { (lang.t("Partenariat (retiré)", "Partnership (retired)")) }
            h1 { (title) }
            p.iri { code { (r.iri) } }
            p { (lang.t("Ce partenariat n'est pas dans la publication actuelle du jeu de données : la publication du ", "This partnership is not in the current release of the dataset: the release of "))
                (r.retired_on) (lang.t(" ne l'avait plus. Son IRI lui reste réservée.", " no longer had it. Its IRI stays reserved for it.")) }
            p { (lang.t("Il figure dans les fichiers des publications précédentes ; la publication actuelle est ", "It is in the earlier releases' dumps; the current release is "))
                a href=(dumps) { "atlas.nq.gz" } (lang.t(", et ", ", and ")) a href="/catalog" { (lang.t("le catalogue", "the catalogue")) }
                (lang.t(" dit de quelle version il s'agit et renvoie aux changements (changes.csv).", " says which release this is and links to what changed (changes.csv).")) }
        },
    )
}

/// The links to this resource in each RDF format and in SPARQL (our own resources only).
pub fn alternates(iri: &str, base_url: &str, lang: Lang) -> Markup {
    let href = local_href(iri, base_url);
    if href.starts_with("http") {
        return html! {};
    }
    let href = href.trim_end_matches('/');
    let q = format!("SELECT ?p ?o ?g WHERE {{ GRAPH ?g {{ <{iri}> ?p ?o }} }} ORDER BY ?p ?o");
    html! {
        p.alt {
            (lang.t("Cette ressource en ", "This resource as "))
            @for (ext, name) in [("ttl", "Turtle"), ("jsonld", "JSON-LD"), ("nt", "N-Triples"), ("rdf", "RDF/XML")] {
                a href={ (href) "." (ext) } { (name) } " "
            }
            "· " a href={ "/?query=" (url_encode(&q)) } { (lang.t("cette ressource en SPARQL", "this resource in SPARQL")) }
        }
    }
}

/// A page listing statements under a title (VoID, the service description, the catalogue),
/// with the dataset's schema.org description when given.
pub fn statements_page(
    site: &Site<'_>,
    title: &str,
    triples: &[Triple],
    dataset: Option<&str>,
) -> Markup {
    layout_with(
        title,
        dataset,
        site.lang,
        html! { h1 { (title) } (site.statements_table(triples)) },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_lines_kept() {
        let m = lines("a <b> & \"c\"\nd").into_string();
        assert_eq!(m, "a &lt;b&gt; &amp; &quot;c&quot;<br>d");
        let page = not_found("/<script>", Lang::En).into_string();
        assert!(page.contains("<code>/&lt;script&gt;</code>"), "{page}");
    }

    #[test]
    fn our_links_stay_here() {
        assert_eq!(
            local_href("https://w3id.org/atlas-lod/id/x", "http://h/"),
            "/id/x"
        );
        assert_eq!(local_href("http://h/id/y", "http://h/"), "/id/y");
        assert_eq!(local_href("http://else/z", "http://h/"), "http://else/z");
        assert_eq!(
            short(vocab::atlas::PARTNERSHIP.as_str()),
            "atlas:Partnership"
        );
    }
}
