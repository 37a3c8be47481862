//! What the data says, for the catalogue and the README: counts, years, countries, theme
//! keywords and the latest date, asked of the bundle's store.

use super::PublishError;
use super::catalog::DataFacts;
use crate::vocab;
use oxigraph::model::Term;
use oxigraph::store::Store;

fn select(store: &Store, query: &str) -> Result<Vec<Vec<Option<Term>>>, PublishError> {
    Ok(crate::store::describe::select(store, query)?)
}

fn literal(t: &Option<Term>) -> String {
    match t {
        Some(Term::Literal(l)) => l.value().to_string(),
        Some(Term::NamedNode(n)) => n.as_str().to_string(),
        _ => String::new(),
    }
}

/// Counts, years, countries, theme keywords and the latest date of the data in `store`.
pub fn facts(store: &Store) -> Result<DataFacts, PublishError> {
    let a = vocab::ns::ATLAS;
    let partnerships = select(
        store,
        &format!("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {{ ?p a <{a}Partnership> }}"),
    )?;
    let years = select(
        store,
        &format!(
            "SELECT (MIN(?y) AS ?min) (MAX(?y) AS ?max) WHERE {{
               {{ ?p <{a}startYear> ?v }} UNION {{ ?p <{a}firstAgreementYear> ?v }}
               UNION {{ ?p <{a}endDate> ?v }} UNION {{ ?f <{a}year> ?v }}
               BIND(YEAR(xsd:dateTime(CONCAT(SUBSTR(STR(?v), 1, 4), \"-01-01T00:00:00\"))) AS ?y) }}"
        )
        .replace("xsd:dateTime", &vocab::xsd::DATE_TIME.to_string()),
    )?;
    let countries = select(
        store,
        &format!(
            "SELECT ?c (MIN(?l) AS ?label) WHERE {{ ?p <{a}foreignPartner>/<{a}country> ?c .
               OPTIONAL {{ ?c <{b}prefLabel> ?l }} }} GROUP BY ?c ORDER BY ?c",
            b = vocab::ns::SKOS
        ),
    )?;
    let keywords = select(
        store,
        &format!(
            "SELECT DISTINCT ?label WHERE {{
               ?p <{a}mainTheme>|<{a}otherTheme> ?t .
               ?t <{b}broader>* ?top . ?top <{a}level> ?level .
               FILTER(?level <= 2)
               ?top <{b}prefLabel> ?label FILTER(LANG(?label) = \"fr\") }} ORDER BY ?label",
            b = vocab::ns::SKOS
        ),
    )?;
    let latest = select(
        store,
        &format!("SELECT (MAX(?d) AS ?latest) WHERE {{ ?p <{a}endDate> ?d }}"),
    )?;
    let year = |t: &Option<Term>| literal(t).parse::<i32>().ok();
    let years = years
        .first()
        .and_then(|r| Some((year(&r[0])?, year(&r[1])?)));
    let latest_date = latest
        .first()
        .and_then(|r| chrono::NaiveDate::parse_from_str(&literal(&r[0]), "%Y-%m-%d").ok())
        .or_else(|| years.and_then(|(_, y)| chrono::NaiveDate::from_ymd_opt(y, 12, 31)));
    Ok(DataFacts {
        partnerships: partnerships
            .first()
            .map(|r| literal(&r[0]).parse().unwrap_or(0))
            .unwrap_or(0),
        years,
        countries: countries
            .iter()
            .map(|r| {
                let iri = literal(&r[0]);
                let label = Some(literal(&r[1]))
                    .filter(|l| !l.is_empty())
                    .unwrap_or_else(|| iri.rsplit('/').next().unwrap_or("").to_string());
                (iri, label)
            })
            .collect(),
        keywords: keywords.iter().map(|r| literal(&r[0])).collect(),
        latest_date,
    })
}
