//! The HTML: one layout, the query page at `/`, resource pages (a dedicated one for
//! partnerships) and the 404 page. Server-rendered and self-contained: no script is needed to
//! read anything, and nothing is fetched from elsewhere.

use super::linked_data::{Description, local_href};
use super::sparql::{self, QueryFailure};
use super::{AppState, Shared};
use crate::charts::svg::Lang;
use crate::rdf::vocab::{self, atlas, dcterms, foaf, org, rdf, rdfs, skos};
use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use oxigraph::model::{NamedOrBlankNode, Term, TermRef, Triple};
use oxigraph::sparql::QueryResults;
use oxigraph::store::Store;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

/// Rows shown in a results table at most (the full answer is one click away in CSV or JSON).
pub const MAX_SHOWN_ROWS: usize = 1000;

const STYLE: &str = include_str!("style.css");

/// HTML-escapes text.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes a query-string value.
pub fn url_encode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// The page frame.
pub fn layout(title: &str, body: &str) -> String {
    format!(
        r#"<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · Atlas de la coopération décentralisée</title>
<link rel="stylesheet" href="/style.css">
</head>
<body>
<header><nav><a href="/" class="brand">Atlas de la coopération décentralisée · linked data</a>
<a href="/sparql">SPARQL endpoint</a> <a href="/void">VoID</a> <a href="/ontology">Ontology</a> <a href="/theme/">Themes</a></nav></header>
<main>
{body}
</main>
<footer>Data: Ministère de l'Europe et des Affaires étrangères, Atlas de la coopération décentralisée (Licence Ouverte / Etalab 2.0). Served by atlas-lod.</footer>
</body>
</html>
"#,
        title = esc(title),
    )
}

/// `GET /style.css`.
pub async fn style() -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/css")),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            ),
        ],
        STYLE,
    )
        .into_response()
}

/// The 404 page.
pub fn not_found(path: &str) -> String {
    layout(
        "Not found",
        &format!(
            "<h1>Not found</h1><p>Nothing in this dataset is named <code>{}</code>.</p>\
             <p>Start from the <a href=\"/\">query page</a> or the <a href=\"/theme/\">theme scheme</a>.</p>",
            esc(path)
        ),
    )
}

/// A label for `iri` (see [`crate::store::labels::label`]).
pub fn label(store: &Store, iri: &str) -> Option<String> {
    crate::store::labels::label(store, iri)
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

/// A link to a resource: on this server for our own, outside otherwise.
fn link(state: &AppState, iri: &str, text: Option<&str>) -> String {
    let text = match text {
        Some(t) => t.to_string(),
        None => label(&state.store, iri).unwrap_or_else(|| short(iri)),
    };
    format!(
        "<a href=\"{}\">{}</a>",
        esc(&local_href(iri, &state.base_url)),
        esc(&text)
    )
}

/// A term for a table cell.
fn term_html(state: &AppState, t: TermRef<'_>) -> String {
    match t {
        TermRef::NamedNode(n) => {
            if let Some(addr) = n.as_str().strip_prefix("mailto:") {
                return format!("<a href=\"{}\">{}</a>", esc(n.as_str()), esc(addr));
            }
            link(state, n.as_str(), None)
        }
        TermRef::Literal(l) => {
            let mut s = esc(l.value()).replace('\n', "<br>");
            if let Some(lang) = l.language() {
                let _ = write!(s, " <span class=\"lang\">@{}</span>", esc(lang));
            }
            s
        }
        other => esc(&other.to_string()),
    }
}

fn sparql_link(iri: &str) -> String {
    let q = format!("SELECT ?p ?o ?g WHERE {{ GRAPH ?g {{ <{iri}> ?p ?o }} }} ORDER BY ?p ?o");
    format!("/?query={}", url_encode(&q))
}

fn alternates(iri: &str, base_url: &str) -> String {
    let href = local_href(iri, base_url);
    if href.starts_with("http") {
        return String::new();
    }
    let href = href.trim_end_matches('/');
    let mut s = String::from("<p class=\"alt\">This resource as ");
    for (ext, name) in [
        ("ttl", "Turtle"),
        ("jsonld", "JSON-LD"),
        ("nt", "N-Triples"),
        ("rdf", "RDF/XML"),
    ] {
        let _ = write!(s, "<a href=\"{}.{ext}\">{name}</a> ", esc(href));
    }
    let _ = write!(
        s,
        "· <a href=\"{}\">this resource in SPARQL</a></p>",
        esc(&sparql_link(iri))
    );
    s
}

/// Statements by subject, for building pages from one description.
struct Index<'a> {
    by_subject: HashMap<&'a str, Vec<&'a Triple>>,
}

impl<'a> Index<'a> {
    fn new(triples: &'a [Triple]) -> Self {
        let mut by_subject: HashMap<&str, Vec<&Triple>> = HashMap::new();
        for t in triples {
            if let NamedOrBlankNode::NamedNode(s) = &t.subject {
                by_subject.entry(s.as_str()).or_default().push(t);
            }
        }
        Index { by_subject }
    }

    fn objects(&self, s: &str, p: &str) -> Vec<&'a Term> {
        self.by_subject
            .get(s)
            .map(|v| {
                v.iter()
                    .filter(|t| t.predicate.as_str() == p)
                    .map(|t| &t.object)
                    .collect()
            })
            .unwrap_or_default()
    }

    fn iris(&self, s: &str, p: &str) -> Vec<&'a str> {
        self.objects(s, p)
            .into_iter()
            .filter_map(|o| match o {
                Term::NamedNode(n) => Some(n.as_str()),
                _ => None,
            })
            .collect()
    }

    fn text(&self, s: &str, p: &str) -> Option<&'a str> {
        self.objects(s, p).into_iter().find_map(|o| match o {
            Term::Literal(l) => Some(l.value()),
            _ => None,
        })
    }

    fn label(&self, s: &str) -> Option<&'a str> {
        [dcterms::TITLE, skos::PREF_LABEL, rdfs::LABEL, foaf::NAME]
            .iter()
            .find_map(|p| self.text(s, p))
    }
}

fn theme_path(store: &Store, concept: &str) -> Vec<String> {
    crate::store::labels::theme_path(store, concept)
}

/// Euros with thin grouping, cents only when present.
pub fn euros(value: f64) -> String {
    let cents = (value * 100.0).round() as i64;
    let whole = cents.abs() / 100;
    let frac = cents.abs() % 100;
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('\u{202f}');
        }
        grouped.push(c);
    }
    let sign = if cents < 0 { "-" } else { "" };
    if frac == 0 {
        format!("{sign}{grouped}\u{a0}€")
    } else {
        format!("{sign}{grouped},{frac:02}\u{a0}€")
    }
}

fn partnership_page(state: &AppState, d: &Description, lang: Lang) -> String {
    let idx = Index::new(&d.triples);
    let p = d.iri.as_str();
    let title = idx.text(p, dcterms::TITLE).unwrap_or("Partnership");
    let mut b = String::new();
    let _ = write!(
        b,
        "<p class=\"kind\">Partnership</p><h1>{}</h1>",
        esc(title)
    );
    b.push_str(&alternates(p, &state.base_url));
    // Key facts.
    b.push_str("<table class=\"facts\">");
    let mut fact = |name: &str, value: String| {
        if !value.is_empty() {
            let _ = write!(b, "<tr><th>{}</th><td>{value}</td></tr>", esc(name));
        }
    };
    let links = |prop: &str| -> String {
        idx.iris(p, prop)
            .iter()
            .map(|i| link(state, i, None))
            .collect::<Vec<_>>()
            .join(", ")
    };
    fact("Status", links(atlas::STATUS));
    fact("Kind", links(atlas::PARTNERSHIP_KIND));
    fact(
        "First agreement",
        idx.text(p, atlas::FIRST_AGREEMENT_YEAR)
            .map(esc)
            .unwrap_or_default(),
    );
    fact(
        "Start year",
        idx.text(p, atlas::START_YEAR).map(esc).unwrap_or_default(),
    );
    fact(
        "End date",
        idx.text(p, atlas::END_DATE).map(esc).unwrap_or_default(),
    );
    for (name, prop) in [
        ("Main theme", atlas::MAIN_THEME),
        ("Other theme", atlas::OTHER_THEME),
    ] {
        for t in idx.iris(p, prop) {
            let path = theme_path(&state.store, t)
                .iter()
                .map(|c| link(state, c, None))
                .collect::<Vec<_>>()
                .join(" › ");
            fact(name, path);
        }
    }
    b.push_str("</table>");
    // Partners.
    b.push_str("<h2>Partners</h2><table class=\"partners\"><tr><th>Role</th><th>Organisation</th><th>Country</th></tr>");
    for (role, prop) in [
        ("Project owner", atlas::PROJECT_OWNER),
        ("French partner", atlas::FRENCH_PARTNER),
        ("Foreign partner", atlas::FOREIGN_PARTNER_PROP),
        ("Implementer", atlas::IMPLEMENTER),
        ("Diplomatic post", atlas::DIPLOMATIC_POST_PROP),
    ] {
        for o in idx.iris(p, prop) {
            let name = idx.label(o).map(str::to_string);
            let countries = idx
                .iris(o, atlas::COUNTRY_PROP)
                .iter()
                .map(|c| {
                    let l = idx.label(c).map(str::to_string);
                    let code = c.rsplit('/').next().unwrap_or("");
                    format!(
                        "<a href=\"/country/{}\">{}</a>",
                        esc(code),
                        esc(&l.unwrap_or_else(|| short(c)))
                    )
                })
                .collect::<Vec<_>>()
                .join(", ");
            let _ = write!(
                b,
                "<tr><td>{}</td><td>{}</td><td>{countries}</td></tr>",
                esc(role),
                link(state, o, name.as_deref())
            );
        }
    }
    b.push_str("</table>");
    // Funding: one row per funder, one column per year, totals both ways.
    let mut table: BTreeMap<String, BTreeMap<String, f64>> = BTreeMap::new();
    let mut years = BTreeSet::new();
    let mut levies: BTreeMap<String, f64> = BTreeMap::new();
    for f in idx.iris(p, atlas::FUNDING_PROP) {
        let year = idx.text(f, atlas::YEAR).unwrap_or("?").to_string();
        let amount: f64 = idx
            .text(f, atlas::AMOUNT)
            .and_then(|a| a.parse().ok())
            .unwrap_or(0.0);
        let funder = idx
            .iris(f, atlas::FUNDER)
            .first()
            .map(|o| idx.label(o).unwrap_or(o).to_string())
            .unwrap_or_else(|| "(unnamed)".into());
        years.insert(year.clone());
        *table
            .entry(funder)
            .or_default()
            .entry(year.clone())
            .or_default() += amount;
        for l in idx.iris(f, atlas::LEVY_PROP) {
            let a: f64 = idx
                .text(l, atlas::AMOUNT)
                .and_then(|a| a.parse().ok())
                .unwrap_or(0.0);
            *levies.entry(year.clone()).or_default() += a;
        }
    }
    if let Some(chart) = crate::charts::partnership_chart(
        &crate::charts::data::partnership_funding(&d.triples, p),
        lang,
    ) {
        let _ = write!(b, "<figure class=\"chart\">{chart}</figure>");
    }
    if !table.is_empty() {
        b.push_str("<h2>Funding (EUR)</h2><table class=\"funding\"><tr><th>Funder</th>");
        for y in &years {
            let _ = write!(b, "<th class=\"num\">{}</th>", esc(y));
        }
        b.push_str("<th class=\"num\">Total</th></tr>");
        let mut per_year: BTreeMap<&String, f64> = BTreeMap::new();
        for (funder, row) in &table {
            let _ = write!(b, "<tr><td>{}</td>", esc(funder));
            let mut total = 0.0;
            for y in &years {
                let v = row.get(y).copied();
                total += v.unwrap_or(0.0);
                *per_year.entry(y).or_default() += v.unwrap_or(0.0);
                let _ = write!(
                    b,
                    "<td class=\"num\">{}</td>",
                    v.map(euros).unwrap_or_default()
                );
            }
            let _ = write!(b, "<td class=\"num total\">{}</td></tr>", euros(total));
        }
        b.push_str("<tr class=\"total\"><th>Total</th>");
        let mut grand = 0.0;
        for y in &years {
            let v = per_year.get(y).copied().unwrap_or(0.0);
            grand += v;
            let _ = write!(b, "<td class=\"num\">{}</td>", euros(v));
        }
        let _ = write!(b, "<td class=\"num\">{}</td></tr></table>", euros(grand));
        if !levies.is_empty() {
            b.push_str("<p>Of which raised under the 1% solidarity laws: ");
            let parts: Vec<String> = levies
                .iter()
                .map(|(y, v)| format!("{} in {}", euros(*v), esc(y)))
                .collect();
            b.push_str(&parts.join(", "));
            b.push_str("</p>");
        }
    }
    // Contacts, as the store holds them (the privacy profile was applied at import).
    let contacts: Vec<&str> = idx
        .iris(p, atlas::DIPLOMATIC_CONTACT)
        .into_iter()
        .chain(idx.iris(p, atlas::PARTNER_CONTACT))
        .collect();
    if !contacts.is_empty() {
        b.push_str("<h2>Contacts</h2><table class=\"contacts\"><tr><th>Role</th><th>Organisation</th><th>Person</th></tr>");
        for c in contacts {
            let role = idx.text(c, atlas::ROLE_LABEL).unwrap_or("");
            let organisation = idx
                .iris(c, org::ORGANIZATION_PROP)
                .iter()
                .map(|o| link(state, o, idx.label(o)))
                .collect::<Vec<_>>()
                .join(", ");
            let person = idx
                .iris(c, org::MEMBER)
                .iter()
                .map(|m| {
                    let mut s = esc(idx.text(m, foaf::NAME).unwrap_or(""));
                    for mbox in idx.iris(m, foaf::MBOX) {
                        let _ = write!(
                            s,
                            " <a href=\"{}\">{}</a>",
                            esc(mbox),
                            esc(mbox.trim_start_matches("mailto:"))
                        );
                    }
                    s
                })
                .collect::<Vec<_>>()
                .join(", ");
            let _ = write!(
                b,
                "<tr><td>{}</td><td>{organisation}</td><td>{person}</td></tr>",
                esc(role)
            );
        }
        b.push_str("</table>");
    }
    for (name, prop) in [
        ("Description", dcterms::DESCRIPTION),
        ("Context", atlas::CONTEXT),
        ("History", atlas::HISTORY),
        ("Objectives", atlas::OBJECTIVE),
        ("Beneficiaries", atlas::BENEFICIARIES),
    ] {
        if let Some(t) = idx.text(p, prop) {
            let _ = write!(
                b,
                "<h2>{}</h2><p class=\"text\">{}</p>",
                esc(name),
                esc(t).replace('\n', "<br>")
            );
        }
    }
    b.push_str("<h2>All statements</h2>");
    b.push_str(&statements_table(state, &d.triples));
    layout(title, &b)
}

/// The statements as a table, links kept on this server.
pub fn statements_table(state: &AppState, triples: &[Triple]) -> String {
    let mut b = String::from(
        "<table class=\"statements\"><tr><th>Subject</th><th>Property</th><th>Value</th></tr>",
    );
    for t in triples {
        let s = match &t.subject {
            NamedOrBlankNode::NamedNode(n) => link(state, n.as_str(), Some(&short(n.as_str()))),
            other => esc(&other.to_string()),
        };
        let _ = write!(
            b,
            "<tr><td>{s}</td><td>{}</td><td>{}</td></tr>",
            link(
                state,
                t.predicate.as_str(),
                Some(&short(t.predicate.as_str()))
            ),
            term_html(state, t.object.as_ref())
        );
    }
    b.push_str("</table>");
    b
}

/// The partnership a sub-resource (funding row, contact) belongs to, or the IRI itself.
fn partnership_of(iri: &str) -> &str {
    if let Some(at) = iri.find("/partnership/") {
        let start = at + "/partnership/".len();
        if let Some(end) = iri[start..].find('/') {
            return &iri[..start + end];
        }
    }
    iri
}

/// The page of any resource (a partnership gets its own layout).
pub fn resource_page(state: &AppState, d: &Description, lang: Lang) -> String {
    let is_partnership = d.triples.iter().any(|t| {
        t.subject.to_string() == format!("<{}>", d.iri)
            && t.predicate.as_str() == rdf::TYPE
            && matches!(&t.object, Term::NamedNode(n) if n.as_str() == atlas::PARTNERSHIP)
    });
    if is_partnership {
        return partnership_page(state, d, lang);
    }
    let title = label(&state.store, &d.iri).unwrap_or_else(|| short(&d.iri));
    let mut b = String::new();
    let types: Vec<String> = d
        .triples
        .iter()
        .filter(|t| {
            t.predicate.as_str() == rdf::TYPE && t.subject.to_string() == format!("<{}>", d.iri)
        })
        .filter_map(|t| match &t.object {
            Term::NamedNode(n) => Some(link(state, n.as_str(), Some(&short(n.as_str())))),
            _ => None,
        })
        .collect();
    let _ = write!(
        b,
        "<p class=\"kind\">{}</p><h1>{}</h1><p class=\"iri\"><code>{}</code></p>",
        types.join(", "),
        esc(&title),
        esc(&d.iri)
    );
    b.push_str(&alternates(&d.iri, &state.base_url));
    if d.iri.starts_with(vocab::ns::THEME) && d.iri != vocab::ns::THEME {
        let partnerships = crate::charts::data::partnerships_in_theme(&state.store, &d.iri);
        let per_year = crate::charts::data::started_per_year(&state.store, &partnerships);
        if let Some(chart) = crate::charts::over_time_chart(&per_year, &title, lang) {
            let _ = write!(b, "<figure class=\"chart\">{chart}</figure>");
        }
    }
    b.push_str(&statements_table(state, &d.triples));
    if !d.incoming.is_empty() {
        b.push_str("<h2>Referenced by</h2><ul class=\"incoming\">");
        let mut seen = BTreeSet::new();
        for t in &d.incoming {
            if let NamedOrBlankNode::NamedNode(s) = &t.subject {
                // A funding row or contact stands for its partnership.
                let owner = partnership_of(s.as_str());
                if seen.insert((owner.to_string(), t.predicate.as_str())) {
                    let _ = write!(
                        b,
                        "<li>{} <span class=\"via\">({})</span></li>",
                        link(state, owner, None),
                        esc(&short(t.predicate.as_str()))
                    );
                }
            }
        }
        b.push_str("</ul>");
        if d.incoming_truncated {
            let q = format!(
                "SELECT DISTINCT ?s ?p WHERE {{ ?s ?p <{}> }} ORDER BY ?s",
                d.iri
            );
            let _ = write!(
                b,
                "<p>Only the first {} are listed: <a href=\"/?query={}\">all of them in SPARQL</a>.</p>",
                super::linked_data::MAX_INCOMING,
                esc(&url_encode(&q))
            );
        }
    }
    layout(&title, &b)
}

/// A results table for the query page.
enum Shown {
    Boolean(bool),
    Table {
        variables: Vec<String>,
        rows: Vec<Vec<Option<Term>>>,
        truncated: bool,
    },
}

fn collect(results: QueryResults<'_>) -> Result<Shown, QueryFailure> {
    let eval = |e: oxigraph::sparql::QueryEvaluationError| match e {
        oxigraph::sparql::QueryEvaluationError::Cancelled => QueryFailure::Timeout(0),
        other => QueryFailure::Evaluation(other.to_string()),
    };
    Ok(match results {
        QueryResults::Boolean(b) => Shown::Boolean(b),
        QueryResults::Solutions(solutions) => {
            let variables: Vec<String> = solutions
                .variables()
                .iter()
                .map(|v| v.as_str().to_string())
                .collect();
            let vars = solutions.variables().to_vec();
            let mut rows = Vec::new();
            let mut truncated = false;
            for s in solutions {
                if rows.len() >= MAX_SHOWN_ROWS {
                    truncated = true;
                    break;
                }
                let s = s.map_err(eval)?;
                rows.push(vars.iter().map(|v| s.get(v).cloned()).collect());
            }
            Shown::Table {
                variables,
                rows,
                truncated,
            }
        }
        QueryResults::Graph(triples) => {
            let mut rows = Vec::new();
            let mut truncated = false;
            for t in triples {
                if rows.len() >= MAX_SHOWN_ROWS {
                    truncated = true;
                    break;
                }
                let t = t.map_err(eval)?;
                rows.push(vec![
                    Some(Term::from(t.subject)),
                    Some(Term::from(t.predicate)),
                    Some(t.object),
                ]);
            }
            Shown::Table {
                variables: vec!["subject".into(), "predicate".into(), "object".into()],
                rows,
                truncated,
            }
        }
    })
}

/// `GET /`: the query page. `?example=NAME` loads an example; `?query=...` runs a query and
/// shows its results below the form.
pub async fn home(State(state): State<Shared>, RawQuery(raw): RawQuery) -> Response {
    let mut query: Option<String> = None;
    let mut example: Option<String> = None;
    let mut lang = Lang::Fr;
    for (k, v) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        match k.as_ref() {
            "query" => query = Some(v.into_owned()),
            "example" => example = Some(v.into_owned()),
            "lang" => lang = Lang::parse(Some(&v)),
            _ => {}
        }
    }
    let glance = if query.is_none() && example.is_none() {
        glance(&state, lang).await
    } else {
        String::new()
    };
    home_page(&state, query, example, &glance).await
}

/// The "Atlas at a glance" section: every Atlas-wide chart, each linking to its query.
async fn glance(state: &Shared, lang: Lang) -> String {
    let charts = match super::charts_for(state, lang).await {
        Ok(c) => c,
        Err(e) => return format!("<p class=\"error\">charts: {}</p>", esc(&e)),
    };
    let mut b = format!(
        "<section id=\"glance\"><h2>{}</h2><p class=\"about\">{} <a href=\"/?lang={}\">{}</a></p>",
        lang.t("L'Atlas en un coup d'œil", "The Atlas at a glance"),
        lang.t(
            "Chaque graphique renvoie à la requête qui le produit.",
            "Each chart links to the query that produced it."
        ),
        lang.t("en", "fr"),
        lang.t("English", "Français"),
    );
    for c in charts.iter() {
        let _ = write!(
            b,
            "<figure class=\"chart\" id=\"chart-{id}\">{svg}<figcaption><a href=\"/?query={q}\">{}</a> ({file})</figcaption></figure>",
            lang.t("Voir la requête SPARQL", "See the SPARQL query"),
            id = c.id,
            svg = c.svg,
            q = esc(&url_encode(c.query)),
            file = esc(c.query_file),
        );
    }
    b.push_str("</section>");
    b
}

/// `GET /country/{alpha3}`: a partner country's partnerships over time, and the list.
pub async fn country(
    State(state): State<Shared>,
    axum::extract::Path(code): axum::extract::Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    let lang = Lang::parse(
        form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
            .find(|(k, _)| k == "lang")
            .map(|(_, v)| v.into_owned())
            .as_deref(),
    );
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
        return (
            StatusCode::NOT_FOUND,
            Html(not_found(&format!("/country/{code}"))),
        )
            .into_response();
    }
    let job = state.clone();
    let page = tokio::task::spawn_blocking(move || {
        let iri = format!(
            "{}/{code}",
            crate::model::countries::EU_COUNTRY_AUTHORITY.trim_end_matches('/')
        );
        let partnerships = crate::charts::data::partnerships_in_country(&job.store, &iri);
        if partnerships.is_empty() {
            return None;
        }
        let name = crate::charts::data::label(&job.store, &iri);
        let name = if name.is_empty() { code.clone() } else { name };
        let per_year = crate::charts::data::started_per_year(&job.store, &partnerships);
        let mut b = format!(
            "<p class=\"kind\">{}</p><h1>{}</h1><p class=\"iri\"><code>{}</code></p>",
            lang.t("Pays partenaire", "Partner country"),
            esc(&name),
            esc(&iri)
        );
        if let Some(chart) = crate::charts::over_time_chart(&per_year, &name, lang) {
            let _ = write!(b, "<figure class=\"chart\">{chart}</figure>");
        }
        let _ = write!(
            b,
            "<h2>{} ({})</h2><ul>",
            lang.t("Partenariats", "Partnerships"),
            partnerships.len()
        );
        for p in partnerships.iter().take(1000) {
            let _ = write!(b, "<li>{}</li>", link(&job, p, None));
        }
        b.push_str("</ul>");
        Some(layout(&name, &b))
    })
    .await;
    match page {
        Ok(Some(html)) => Html(html).into_response(),
        Ok(None) => (StatusCode::NOT_FOUND, Html(not_found("this country"))).into_response(),
        Err(e) => super::error_response(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

/// The query page, with `query` run when given and `glance` (the charts) above the form.
pub async fn home_page(
    state: &Shared,
    query: Option<String>,
    example: Option<String>,
    glance: &str,
) -> Response {
    let examples = &state.options.queries;
    let picked = example
        .as_deref()
        .and_then(|n| examples.iter().find(|e| e.name == n));
    let text = query
        .clone()
        .or_else(|| picked.map(|e| e.text.clone()))
        .unwrap_or_else(|| examples.first().map(|e| e.text.clone()).unwrap_or_default());
    let mut b = String::new();
    b.push_str("<h1>Atlas de la coopération décentralisée</h1>");
    b.push_str(
        "<p>About 12,000 partnerships between French local authorities and their partners \
         abroad, as linked open data. Ask a question in SPARQL below, pick an example, or \
         browse from the <a href=\"/theme/\">themes</a>.</p>",
    );
    if !glance.is_empty() {
        b.push_str(glance);
        b.push_str("<h2 id=\"ask\">SPARQL</h2>");
    }
    b.push_str("<form method=\"get\" action=\"/\" id=\"examples\"><label for=\"example\">Example queries</label> <select name=\"example\" id=\"example\">");
    for e in examples {
        let selected = if picked.is_some_and(|p| p.name == e.name) {
            " selected"
        } else {
            ""
        };
        let _ = write!(
            b,
            "<option value=\"{}\" title=\"{}\"{selected}>{}</option>",
            esc(&e.name),
            esc(&e.title),
            esc(&e.name)
        );
    }
    b.push_str("</select> <button type=\"submit\" id=\"load\">Load</button></form>");
    if let Some(p) = picked {
        let _ = write!(b, "<p class=\"about\">{}</p>", esc(&p.title));
    }
    let _ = write!(
        b,
        "<form method=\"get\" action=\"/\" id=\"query-form\"><textarea name=\"query\" id=\"query\" rows=\"16\" spellcheck=\"false\">{}</textarea>\
         <p><button type=\"submit\" id=\"run\">Run query</button> \
         <button type=\"submit\" formaction=\"/sparql\" name=\"format\" value=\"csv\">Download CSV</button> \
         <button type=\"submit\" formaction=\"/sparql\" name=\"format\" value=\"json\">Download JSON</button></p></form>",
        esc(&text)
    );
    // Picking an example fills the box at once when scripts run; the Load button does the
    // same without them.
    b.push_str("<script>\nconst examples = {");
    for e in examples {
        let _ = write!(
            b,
            "{}: {},",
            serde_json::to_string(&e.name).unwrap_or_default(),
            serde_json::to_string(&e.text)
                .unwrap_or_default()
                .replace("</", "<\\/")
        );
    }
    b.push_str(
        "};\ndocument.getElementById('example').addEventListener('change', e => {\n  \
         document.getElementById('query').value = examples[e.target.value] || '';\n});\n</script>",
    );
    let mut status = StatusCode::OK;
    if let Some(q) = query {
        match sparql::parse_query(&q) {
            Err(e) => {
                status = e.status();
                let _ = write!(b, "<p class=\"error\">{}</p>", esc(&e.to_string()));
            }
            Ok((parsed, _)) => {
                let started = std::time::Instant::now();
                match sparql::execute(state, parsed, &[], &[], |r, _| collect(r)).await {
                    Err(e) => {
                        status = e.status();
                        let e = match e {
                            QueryFailure::Timeout(_) => {
                                QueryFailure::Timeout(state.options.timeout.as_secs())
                            }
                            other => other,
                        };
                        let _ = write!(b, "<p class=\"error\">{}</p>", esc(&e.to_string()));
                    }
                    Ok(shown) => {
                        let elapsed = started.elapsed().as_secs_f64() * 1000.0;
                        b.push_str(&results_html(state, shown, elapsed));
                    }
                }
            }
        }
    }
    let mut r = Html(layout("SPARQL", &b)).into_response();
    *r.status_mut() = status;
    r
}

fn results_html(state: &AppState, shown: Shown, elapsed_ms: f64) -> String {
    let mut b = String::from("<section id=\"results\">");
    match shown {
        Shown::Boolean(v) => {
            let _ = write!(b, "<p class=\"boolean\">{v}</p>");
        }
        Shown::Table {
            variables,
            rows,
            truncated,
        } => {
            let _ = write!(
                b,
                "<p class=\"count\">{} row{}{} in {elapsed_ms:.0} ms</p><table class=\"results\"><thead><tr>",
                rows.len(),
                if rows.len() == 1 { "" } else { "s" },
                if truncated {
                    format!(" shown (the first {MAX_SHOWN_ROWS}; download for all)")
                } else {
                    String::new()
                }
            );
            for v in &variables {
                let _ = write!(b, "<th>{}</th>", esc(v));
            }
            b.push_str("</tr></thead><tbody>");
            for row in &rows {
                b.push_str("<tr>");
                for cell in row {
                    let html = match cell {
                        None => String::new(),
                        Some(Term::NamedNode(n)) => {
                            let href = local_href(n.as_str(), &state.base_url);
                            format!("<a href=\"{}\">{}</a>", esc(&href), esc(&short(n.as_str())))
                        }
                        Some(t) => term_html(state, t.as_ref()),
                    };
                    let _ = write!(b, "<td>{html}</td>");
                }
                b.push_str("</tr>");
            }
            b.push_str("</tbody></table>");
        }
    }
    b.push_str("</section>");
    b
}
