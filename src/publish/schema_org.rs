//! The dataset described for search engines: a schema.org `Dataset` in JSON-LD, as Google
//! Dataset Search reads it, made from the DCAT-AP catalogue (one source of truth): names and
//! descriptions in French and English, identifier, licence, keywords, publisher, temporal and
//! spatial coverage, one `DataDownload` per file, the SPARQL endpoint.

use crate::vocab::{dcat, dcterms, foaf, rdf, skos};
use oxigraph::model::{NamedNodeRef, NamedOrBlankNode, Term, Triple};
use serde_json::{Value, json};

struct Graph<'a>(&'a [Triple]);

impl<'a> Graph<'a> {
    fn objects(&self, s: &'a NamedOrBlankNode, p: NamedNodeRef<'_>) -> Vec<&'a Term> {
        self.0
            .iter()
            .filter(|t| &t.subject == s && t.predicate.as_ref() == p)
            .map(|t| &t.object)
            .collect()
    }

    fn texts(
        &self,
        s: &'a NamedOrBlankNode,
        p: NamedNodeRef<'_>,
    ) -> Vec<(&'a str, Option<&'a str>)> {
        self.objects(s, p)
            .into_iter()
            .filter_map(|o| match o {
                Term::Literal(l) => Some((l.value(), l.language())),
                _ => None,
            })
            .collect()
    }

    fn text(&self, s: &'a NamedOrBlankNode, p: NamedNodeRef<'_>) -> Option<&'a str> {
        self.texts(s, p).first().map(|(t, _)| *t)
    }

    fn node(&self, s: &'a NamedOrBlankNode, p: NamedNodeRef<'_>) -> Option<NamedOrBlankNode> {
        self.objects(s, p).into_iter().find_map(|o| match o {
            Term::NamedNode(n) => Some(n.clone().into()),
            Term::BlankNode(b) => Some(b.clone().into()),
            _ => None,
        })
    }

    fn iri(&self, s: &'a NamedOrBlankNode, p: NamedNodeRef<'_>) -> Option<String> {
        self.objects(s, p).into_iter().find_map(|o| match o {
            Term::NamedNode(n) => Some(n.as_str().to_string()),
            Term::Literal(l) => Some(l.value().to_string()),
            _ => None,
        })
    }

    fn typed(&self, class: NamedNodeRef<'_>) -> Vec<&'a NamedOrBlankNode> {
        self.0
            .iter()
            .filter(|t| t.predicate.as_ref() == rdf::TYPE && t.object == Term::from(class))
            .map(|t| &t.subject)
            .collect()
    }
}

/// Text in both languages, as schema.org takes it: a list of language-tagged values.
fn both(texts: &[(&str, Option<&str>)]) -> Value {
    Value::Array(
        texts
            .iter()
            .map(|(t, lang)| match lang {
                Some(l) => json!({"@language": l, "@value": t}),
                None => json!(t),
            })
            .collect(),
    )
}

/// The schema.org description of the (first) dataset of the DCAT-AP catalogue `catalog`, or
/// `None` when it has no dataset.
pub fn dataset(catalog: &[Triple]) -> Option<Value> {
    let g = Graph(catalog);
    let ds = *g.typed(dcat::DATASET).first()?;
    let id = match ds {
        NamedOrBlankNode::NamedNode(n) => n.as_str().to_string(),
        NamedOrBlankNode::BlankNode(_) => String::new(),
    };
    let mut out = json!({
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "@id": id,
        "name": both(&g.texts(ds, dcterms::TITLE)),
        "description": both(&g.texts(ds, dcterms::DESCRIPTION)),
        "url": g.iri(ds, dcat::LANDING_PAGE).unwrap_or_else(|| id.clone()),
        "isAccessibleForFree": true,
        "inLanguage": ["fr", "en"],
    });
    let o = out.as_object_mut()?;
    if let Some(i) = g.text(ds, dcterms::IDENTIFIER) {
        o.insert("identifier".into(), json!(i));
    }
    if let Some(l) = g.iri(ds, dcterms::LICENSE) {
        o.insert("license".into(), json!(l));
    }
    let keywords: Vec<&str> = g.texts(ds, dcat::KEYWORD).iter().map(|(t, _)| *t).collect();
    if !keywords.is_empty() {
        o.insert("keywords".into(), json!(keywords));
    }
    if let Some(p) = g.node(ds, dcterms::PUBLISHER) {
        let name = g.text(&p, foaf::NAME).unwrap_or_default();
        let organisation = json!({"@type": "Organization", "name": name});
        o.insert("publisher".into(), organisation.clone());
        o.insert("creator".into(), organisation);
    }
    if let Some(t) = g.node(ds, dcterms::TEMPORAL) {
        let (start, end) = (g.text(&t, dcat::START_DATE), g.text(&t, dcat::END_DATE));
        if let (Some(s), Some(e)) = (start, end) {
            o.insert("temporalCoverage".into(), json!(format!("{s}/{e}")));
        }
    }
    let places: Vec<Value> = g
        .objects(ds, dcterms::SPATIAL)
        .into_iter()
        .filter_map(|p| match p {
            Term::NamedNode(n) => {
                let node: NamedOrBlankNode = n.clone().into();
                let name = g
                    .texts(&node, skos::PREF_LABEL)
                    .first()
                    .map(|(t, _)| t.to_string())
                    .unwrap_or_default();
                Some(json!({"@type": "Place", "@id": n.as_str(), "name": name}))
            }
            _ => None,
        })
        .collect();
    if !places.is_empty() {
        o.insert("spatialCoverage".into(), Value::Array(places));
    }
    let mut downloads: Vec<Value> = g
        .objects(ds, dcat::DISTRIBUTION_PROP)
        .into_iter()
        .filter_map(|d| {
            let d: NamedOrBlankNode = match d {
                Term::NamedNode(n) => n.clone().into(),
                Term::BlankNode(b) => b.clone().into(),
                _ => return None,
            };
            let url = g.iri(&d, dcat::DOWNLOAD_URL)?;
            let media = g
                .iri(&d, dcat::MEDIA_TYPE)
                .map(|m| m.rsplit("media-types/").next().unwrap_or(&m).to_string());
            let name = g
                .texts(&d, dcterms::TITLE)
                .into_iter()
                .find(|(_, l)| *l == Some("fr"))
                .map(|(t, _)| t.to_string());
            Some(json!({
                "@type": "DataDownload",
                "contentUrl": url,
                "encodingFormat": media,
                "name": name,
            }))
        })
        .collect();
    downloads.sort_by_key(|d| d["contentUrl"].as_str().unwrap_or_default().to_string());
    o.insert("distribution".into(), Value::Array(downloads));
    if let Some(service) = g.typed(dcat::DATA_SERVICE).first()
        && let Some(endpoint) = g.iri(service, dcat::ENDPOINT_URL)
    {
        o.insert(
            "potentialAction".into(),
            json!({
                "@type": "SearchAction",
                "name": "SPARQL endpoint",
                "target": endpoint,
            }),
        );
    }
    Some(out)
}

/// The description as a `<script type="application/ld+json">` body: `</` is escaped so that
/// no text of the data can close the script element.
pub fn script_body(value: &Value) -> String {
    serde_json::to_string(value)
        .unwrap_or_default()
        .replace("</", "<\\/")
}
