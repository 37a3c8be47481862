//! The query page: the Atlas at a glance (charts), the example picker, the query form, and
//! the results of the query asked, as a table whose IRIs link to their pages.

use super::{Site, url_encode};
use crate::charts::Chart;
use crate::model::lang::Lang;
use crate::serve::assets;
use crate::serve::examples::{self, ExampleQuery};
use crate::vocab;
use maud::{Markup, PreEscaped, html};
use oxigraph::model::Term;

/// Rows shown in a results table at most (the full answer is one click away in CSV or JSON).
pub const MAX_SHOWN_ROWS: usize = 1000;

/// What a query gave, as the page shows it.
pub enum Shown {
    /// An ASK answer.
    Boolean(bool),
    /// Solutions or triples (subject, predicate, object), the first [`MAX_SHOWN_ROWS`].
    Table {
        /// Column names.
        variables: Vec<String>,
        /// Rows, a cell per variable (unbound: `None`).
        rows: Vec<Vec<Option<Term>>>,
        /// Whether rows were left out.
        truncated: bool,
    },
}

/// What became of the query asked.
pub enum Answer {
    /// What it gave, and its time in ms.
    Shown(Shown, f64),
    /// Why it gave nothing (the parser's or the engine's words).
    Failed(String),
}

/// What the query page shows.
pub struct QueryPage<'a> {
    /// The example queries to pick from.
    pub examples: &'a [ExampleQuery],
    /// The example picked, if any.
    pub picked: Option<&'a ExampleQuery>,
    /// The text in the box.
    pub text: &'a str,
    /// The charts above the form (the home page without a query).
    pub glance: Option<Markup>,
    /// The answer to the query asked, if one was.
    pub outcome: Option<Answer>,
    /// The dataset's schema.org description (JSON-LD), for the home page.
    pub dataset: Option<&'a str>,
    /// Whether the address named the query (`?query=` or `?example=`): the editor then shows
    /// it rather than the one it kept from an earlier visit.
    pub from_url: bool,
    /// The partnerships the store holds (the introduction says how many).
    pub partnerships: u64,
}

/// The "Atlas at a glance" section: every Atlas-wide chart, each linking to its query.
pub fn glance(charts: &[Chart], lang: Lang) -> Markup {
    html! {
        section #glance {
            h2 { (lang.t("L'Atlas en un coup d'œil", "The Atlas at a glance")) }
            p.about {
                (lang.t("Chaque graphique renvoie à la requête qui le produit.", "Each chart links to the query that produced it."))
                " " a href={ "/?lang=" (lang.t("en", "fr")) } { (lang.t("English", "Français")) }
            }
            @for c in charts {
                figure.chart id={ "chart-" (c.id) } {
                    // Our own SVG, drawn by crate::charts (which escapes its texts).
                    (PreEscaped(&c.svg))
                    figcaption {
                        a href={ "/?query=" (url_encode(c.query)) } { (lang.t("Voir la requête SPARQL", "See the SPARQL query")) }
                        " (" (c.query_file) ")"
                    }
                }
            }
        }
    }
}

/// The editor's settings, as JSON for `assets/editor.js`: the examples by name, where the
/// prefixes and the vocabulary are, the prefixes for the results table, the IRI bases that have
/// pages here, and the download labels. `</` is escaped so that no text can close the script.
fn editor_config(site: &Site<'_>, q: &QueryPage<'_>) -> Markup {
    let examples: serde_json::Map<String, serde_json::Value> = q
        .examples
        .iter()
        .map(|e| (e.name.clone(), serde_json::Value::from(e.text.as_str())))
        .collect();
    let config = serde_json::json!({
        "examples": examples,
        "prefixes": assets::PREFIXES_URL,
        "vocabulary": assets::VOCABULARY_URL,
        "prefixMap": examples::prefixes(q.examples),
        "bases": [vocab::ns::ROOT, site.base_url],
        "fromUrl": q.from_url,
        "downloads": [
            { "format": "csv", "label": site.t("Télécharger en CSV", "Download CSV") },
            { "format": "json", "label": site.t("Télécharger en JSON", "Download JSON") },
        ],
    });
    html! {
        script type="application/json" #editor-config { (PreEscaped(config.to_string().replace('<', "\\u003c"))) }
    }
}

/// The editor's files: YASGUI (served by us) and the script that puts it in the form's place.
fn editor_scripts() -> Markup {
    html! {
        link rel="stylesheet" href=(assets::yasgui_css());
        script src=(assets::yasgui_js()) defer {}
        script src=(assets::EDITOR_JS) defer {}
    }
}

fn results(site: &Site<'_>, shown: &Shown, elapsed_ms: f64) -> Markup {
    html! {
        section #results {
            @match shown {
                Shown::Boolean(v) => p.boolean { (v) },
                Shown::Table { variables, rows, truncated } => {
                    p.count {
                        (rows.len()) " " (site.t("ligne", "row")) @if rows.len() != 1 { "s" }
                        @if *truncated { (site.t(" affichées (les ", " shown (the first ")) (MAX_SHOWN_ROWS) (site.t(" premières ; téléchargez pour toutes)", "; download for all)")) }
                        (site.t(" en ", " in ")) (format!("{elapsed_ms:.0}")) " ms"
                    }
                    table.results {
                        thead { tr { @for v in variables { th { (v) } } } }
                        tbody { @for row in rows { tr { @for cell in row { td {
                            @match cell {
                                None => {},
                                Some(Term::NamedNode(n)) => a href=(site.href(n.as_str())) { (super::short(n.as_str())) },
                                Some(t) => (site.term(t.as_ref())),
                            }
                        } } } } }
                    }
                }
            }
        }
    }
}

/// The query page.
pub fn page(site: &Site<'_>, q: &QueryPage<'_>) -> Markup {
    // French counts nothing and one alike.
    let singular = q.partnerships == 1 || (q.partnerships == 0 && matches!(site.lang, Lang::Fr));
    let body = html! {
        h1 { "Atlas de la coopération décentralisée" }
        p {
            span #partnership-count data-count=(q.partnerships) { (site.lang.grouped(i64::try_from(q.partnerships).unwrap_or(i64::MAX))) }
            @if singular {
                (site.t(" partenariat", " partnership"))
            } @else {
                (site.t(" partenariats", " partnerships"))
            }
            (site.t(" entre collectivités territoriales françaises et leurs partenaires à l'étranger, en données liées. Posez une question en SPARQL ci-dessous, choisissez un exemple, ou parcourez les ", " between French local authorities and their partners abroad, as linked open data. Ask a question in SPARQL below, pick an example, or browse from the "))
            a href="/theme/" { (site.t("thématiques", "themes")) } "." }
        @if let Some(g) = &q.glance {
            (g)
            h2 #ask { "SPARQL" }
        }
        form method="get" action="/" #examples {
            label for="example" { (site.t("Exemples de requêtes", "Example queries")) } " "
            select name="example" #example {
                @for e in q.examples {
                    option value=(e.name) title=(e.title) selected[q.picked.is_some_and(|p| p.name == e.name)] { (e.name) }
                }
            }
            " " button type="submit" #load { (site.t("Charger", "Load")) }
        }
        @if let Some(p) = q.picked { p.about { (p.title) } }
        form method="get" action="/" #query-form {
            textarea name="query" #query rows="16" spellcheck="false" { (q.text) }
            p {
                button type="submit" #run { (site.t("Exécuter la requête", "Run query")) } " "
                button type="submit" formaction="/sparql" name="format" value="csv" { (site.t("Télécharger en CSV", "Download CSV")) } " "
                button type="submit" formaction="/sparql" name="format" value="json" { (site.t("Télécharger en JSON", "Download JSON")) }
            }
        }
        (editor_config(site, q))
        (editor_scripts())
        @match &q.outcome {
            None => {},
            Some(Answer::Failed(message)) => p.error { (message) },
            Some(Answer::Shown(shown, ms)) => (results(site, shown, *ms)),
        }
    };
    super::layout_with("SPARQL", q.dataset, site.lang, body)
}
