//! The foreign partners' places in the bundle (`publish --wikidata-cache FILE --review FILE`):
//! `places.csv` (each place linked, its method, score and point), `twinnings.csv` and
//! `quickstatements.txt` (the twinnings compared with Wikidata's), read from the links the
//! offline rebuild left in the bundle's store, so that the files say what the store says.
//! Without a review file there are no places in the store, and none of these files.

use super::files::{Planned, write_file, write_with};
use super::package::{Column, col};
use super::{PublishError, tables};
use crate::link::places::store_select;
use crate::link::twinnings;
use crate::link::wikidata::Cache;
use crate::model::format::csv_writer;
use crate::store::{Handle, WIKIDATA_LINKS_GRAPH};
use crate::vocab::{atlas, gsp, rdf, wikidata as wd};
use std::io;
use std::path::Path;

/// The files, in catalogue order.
pub(super) const FILES: &[Planned] = &[
    Planned {
        name: "places.csv",
        media_type: "text/csv",
        file_type: "CSV",
        gzip: false,
        title_fr: "Lieux des partenaires étrangers liés à Wikidata (méthode, score, coordonnées)",
        title_en: "Foreign partners' places linked to Wikidata (method, score, coordinates)",
    },
    Planned {
        name: "twinnings.csv",
        media_type: "text/csv",
        file_type: "CSV",
        gzip: false,
        title_fr: "Jumelages de l'Atlas comparés à ceux de Wikidata (P190)",
        title_en: "The Atlas's twinnings compared with Wikidata's (P190)",
    },
    Planned {
        name: "quickstatements.txt",
        media_type: "text/plain",
        file_type: "TXT",
        gzip: false,
        title_fr: "Déclarations P190 absentes de Wikidata, sourcées (QuickStatements V1, à relire)",
        title_en: "P190 statements Wikidata lacks, sourced (QuickStatements V1, to be read first)",
    },
];

/// The columns of the two CSV files with their meaning, as [`tables::COLUMNS`] gives the
/// others'.
pub const COLUMNS: &[(&str, &[(&str, &str)])] = &[
    (
        "places.csv",
        &[
            ("partner", "The foreign partner's IRI"),
            ("wikidata", "The Wikidata item it is linked to (QID)"),
            (
                "method",
                "How: auto (decision rule), twinned (a twinning Wikidata states), reviewed (a person)",
            ),
            (
                "score",
                "The reconciliation service's score, 0 to 100 (empty when a person decided)",
            ),
            ("longitude", "Longitude of the item's point (WGS 84, P625)"),
            ("latitude", "Latitude of the item's point (WGS 84, P625)"),
        ],
    ),
    (
        "twinnings.csv",
        &[
            ("french_item", "The French authority's Wikidata item"),
            ("partner_item", "The foreign partner's Wikidata item"),
            (
                "status",
                "both, atlas-only (a partnership, no P190) or wikidata-only (P190, no partnership)",
            ),
            (
                "partnerships",
                "The partnerships between the two, IRIs separated by ' '",
            ),
            ("atlas_status", "Their statuses, separated by ' '"),
            (
                "wikidata_end",
                "When Wikidata says the twinning ended (P582)",
            ),
        ],
    ),
];

/// The two CSV files' descriptions, for `datapackage.json` and `csv-metadata.json`: (name,
/// file, CSVW `aboutUrl`, columns). No `aboutUrl`: the rows restate links the dumps hold.
pub(super) fn package_tables() -> Vec<(&'static str, &'static str, &'static str, Vec<Column>)> {
    let text = |name, fr, en, d| col(name, "string", "string", fr, en, d);
    let number = |name, fr, en, d| col(name, "number", "decimal", fr, en, d);
    let places = vec![
        col(
            "partner",
            "string",
            "anyURI",
            "Partenaire",
            "Partner",
            "L'IRI du partenaire étranger",
        ),
        text(
            "wikidata",
            "Wikidata",
            "Wikidata",
            "L'élément Wikidata lié (QID)",
        ),
        text(
            "method",
            "Méthode",
            "Method",
            "auto (règle de décision), twinned (jumelage déclaré dans Wikidata), reviewed (une personne)",
        ),
        number(
            "score",
            "Score",
            "Score",
            "Score du service de réconciliation, de 0 à 100 (vide quand une personne a décidé)",
        ),
        number(
            "longitude",
            "Longitude",
            "Longitude",
            "Longitude du point de l'élément (WGS 84)",
        ),
        number(
            "latitude",
            "Latitude",
            "Latitude",
            "Latitude du point de l'élément (WGS 84)",
        ),
    ];
    let twinnings = vec![
        text(
            "french_item",
            "Collectivité française",
            "French authority",
            "L'élément Wikidata de la collectivité française",
        ),
        text(
            "partner_item",
            "Partenaire",
            "Partner",
            "L'élément Wikidata du partenaire étranger",
        ),
        text(
            "status",
            "Comparaison",
            "Comparison",
            "both, atlas-only (un partenariat, pas de P190) ou wikidata-only (P190, pas de partenariat)",
        ),
        text(
            "partnerships",
            "Partenariats",
            "Partnerships",
            "Les partenariats entre les deux, IRI séparées par ' '",
        ),
        text(
            "atlas_status",
            "Statut dans l'Atlas",
            "Atlas status",
            "Leurs statuts, séparés par ' '",
        ),
        text(
            "wikidata_end",
            "Fin selon Wikidata",
            "End in Wikidata",
            "Date de fin du jumelage selon Wikidata (P582)",
        ),
    ];
    vec![
        ("places", "places.csv", "", places),
        ("twinnings", "twinnings.csv", "", twinnings),
    ]
}

/// What the files hold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlacesCounts {
    /// Rows of `places.csv`: foreign partners linked.
    pub places: usize,
    /// Of which with a point.
    pub points: usize,
    /// Rows of `twinnings.csv`.
    pub twinnings: usize,
    /// Pairs only the Atlas knows (two QuickStatements lines each).
    pub atlas_only: usize,
}

fn link_error(cache: &Path, e: impl std::fmt::Display) -> PublishError {
    PublishError::Link {
        path: cache.display().to_string(),
        message: e.to_string(),
    }
}

/// `POINT(lon lat)` -> (lon, lat), as written.
fn lon_lat(wkt: &str) -> Option<(&str, &str)> {
    let inner = wkt.trim().strip_prefix("POINT(")?.strip_suffix(')')?;
    let (lon, lat) = inner.trim().split_once(' ')?;
    (lon.parse::<f64>().is_ok() && lat.trim().parse::<f64>().is_ok()).then(|| (lon, lat.trim()))
}

/// Writes the three files into `out` from the store's links and the cache's twinnings;
/// `date` is the QuickStatements' retrieval date.
pub(super) fn write(
    store: &Handle,
    out: &Path,
    cache_path: &Path,
    date: &str,
) -> Result<PlacesCounts, PublishError> {
    let cache = Cache::load(cache_path).map_err(|e| link_error(cache_path, e))?;
    let q = format!(
        "SELECT ?p ?item ?method ?score ?wkt WHERE {{ GRAPH <{WIKIDATA_LINKS_GRAPH}> {{ \
         ?l {} {} ; {} ?p ; {} ?item ; {} ?method . OPTIONAL {{ ?l {} ?score }} \
         OPTIONAL {{ ?p {}/{} ?wkt }} }} }} ORDER BY ?p ?item",
        rdf::TYPE,
        atlas::WIKIDATA_LINK,
        atlas::LINK_SUBJECT,
        atlas::LINK_TARGET,
        atlas::LINK_METHOD,
        atlas::LINK_SCORE,
        gsp::HAS_GEOMETRY,
        gsp::AS_WKT,
    );
    let rows = store_select(store, store.path(), &q).map_err(|e| link_error(cache_path, e))?;
    let mut counts = PlacesCounts::default();
    write_with(out, "places.csv", false, |w| {
        let mut csv = csv_writer(w, csv::Terminator::CRLF);
        csv.write_record(column_names("places.csv"))
            .map_err(io::Error::from)?;
        for row in &rows {
            let get = |k: &str| row.get(k).map(String::as_str).unwrap_or("");
            let Some(qid) = get("item").strip_prefix(wd::ENTITY) else {
                continue;
            };
            let (lon, lat) = lon_lat(get("wkt")).unwrap_or(("", ""));
            counts.places += 1;
            counts.points += usize::from(!lon.is_empty());
            csv.write_record([get("p"), qid, get("method"), get("score"), lon, lat])
                .map_err(io::Error::from)?;
        }
        csv.flush()
    })?;
    let comparison = twinnings::compare(store, store.path(), &cache, date)
        .map_err(|e| link_error(cache_path, e))?;
    counts.twinnings = comparison.rows.len();
    counts.atlas_only = comparison.summary.atlas_only;
    write_with(out, "twinnings.csv", false, |w| {
        let mut csv = csv_writer(w, csv::Terminator::CRLF);
        csv.write_record(twinnings::HEADER)
            .map_err(io::Error::from)?;
        for row in &comparison.rows {
            csv.write_record(row).map_err(io::Error::from)?;
        }
        csv.flush()
    })?;
    write_file(out, "quickstatements.txt", comparison.quickstatements)?;
    Ok(counts)
}

/// The column names of `file`, as [`COLUMNS`] lists them.
fn column_names(file: &str) -> Vec<&'static str> {
    COLUMNS
        .iter()
        .chain(tables::COLUMNS)
        .find(|(f, _)| *f == file)
        .map(|(_, c)| c.iter().map(|(n, _)| *n).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_read_as_longitude_then_latitude() {
        assert_eq!(
            lon_lat("POINT(19.0447 49.8225)"),
            Some(("19.0447", "49.8225"))
        );
        assert_eq!(lon_lat("POINT(-67.5 -18)"), Some(("-67.5", "-18")));
        assert_eq!(lon_lat("LINESTRING(1 2, 3 4)"), None);
        assert_eq!(lon_lat("POINT(a b)"), None);
    }

    #[test]
    fn every_csv_column_is_described_in_both_languages() {
        for (name, file, _, columns) in package_tables() {
            let listed = column_names(file);
            let described: Vec<&str> = columns.iter().map(|c| c.name).collect();
            assert_eq!(listed, described, "{name}");
        }
        assert_eq!(twinnings::HEADER.to_vec(), column_names("twinnings.csv"));
    }
}
