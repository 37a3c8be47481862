//! A partner's place on its pages: the Wikidata item it is linked to, how the link was made
//! (by identifier, by the decision rule, through a twinning, by a person) and a small map of
//! its point, drawn from the country outlines (no tile server: the page asks nothing of
//! anyone else).

use super::Site;
use crate::store::place::{PlaceLink, place_link};
use crate::vocab::wikidata as wd;
use maud::{Markup, PreEscaped, html};

/// How a link was made, in the page's language.
fn method_text(site: &Site<'_>, link: &PlaceLink) -> String {
    let said = match link.method.as_deref() {
        None => site.t(
            "par identifiant (SIREN, code INSEE ou ISO)",
            "by identifier (SIREN, INSEE or ISO code)",
        ),
        Some("auto") => site.t(
            "automatiquement (service de réconciliation)",
            "automatically (reconciliation service)",
        ),
        Some("twinned") => site.t(
            "par un jumelage déclaré dans Wikidata",
            "through a twinning stated in Wikidata",
        ),
        Some("reviewed") => site.t("par une personne", "by a person"),
        Some(other) => other,
    };
    match &link.score {
        Some(score) => format!("{said}, score {score}"),
        None => said.to_string(),
    }
}

/// The places of `partners` (IRI, label) that are linked: a table and a map of their points;
/// nothing when none is linked.
pub fn section(site: &Site<'_>, partners: &[(&str, String)]) -> Markup {
    let mut rows = Vec::new();
    for (iri, label) in partners {
        if let Some(link) = site.check(place_link(site.store, iri)) {
            rows.push((*iri, label.as_str(), link));
        }
    }
    if rows.is_empty() {
        return html! {};
    }
    let points: Vec<(f64, f64, String)> = rows
        .iter()
        .filter_map(|(_, label, l)| l.point.map(|(lon, lat)| (lon, lat, label.to_string())))
        .collect();
    let map = crate::charts::world::point_map(&points, site.lang);
    html! {
        h2 { (site.t("Lieux (Wikidata)", "Places (Wikidata)")) }
        table.places {
            tr {
                th { (site.t("Partenaire", "Partner")) }
                th { "Wikidata" }
                th { (site.t("Lien établi", "Linked")) }
                th { (site.t("Coordonnées", "Coordinates")) }
            }
            @for (iri, label, link) in &rows {
                @let qid = link.item.strip_prefix(wd::ENTITY).unwrap_or(&link.item);
                tr {
                    td { (site.link(iri, Some(label))) }
                    td { a.wikidata href={ "https://www.wikidata.org/wiki/" (qid) } rel="external" { (qid) } }
                    td.method data-method=(link.method.as_deref().unwrap_or("identifier")) {
                        (method_text(site, link))
                        @if let Some(date) = &link.date { " (" (date) ")" }
                    }
                    td { @if let Some((lon, lat)) = link.point { (lon) ", " (lat) } }
                }
            }
        }
        @if let Some(svg) = &map { figure.place-map { (PreEscaped(svg)) } }
    }
}
