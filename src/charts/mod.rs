//! Charts of the Atlas, rendered on the server as SVG (no script, no CDN, crisp in print):
//! funding per year by funder type with the 1% levies apart, partnerships per country as a
//! world map and as a ranked bar chart, partnerships per theme, partnerships started and ended
//! per year; and small charts for a partnership, a country and a theme.
//!
//! - [`data`]: the numbers, read from the store (the same as `queries/chart-*.rq` give);
//! - [`svg`]: the drawing (axes from zero, Okabe–Ito colours, numbers on every mark);
//! - [`world`]: the world map;
//! - [`png`]: PNG copies for the bundle.
//!
//! Our own SVG writer rather than a plotting crate: every mark must carry its numbers
//! (`data-*` attributes and `<title>`) for tests and screen readers, which plotters' SVG
//! backend does not let us add.

pub mod data;
pub mod png;
pub mod svg;
pub mod world;

use crate::model::Amount;
use data::{AtlasData, FunderType};
use std::collections::BTreeMap;
use svg::{Frame, Lang, Row, Series};

/// A rendered chart with its numbers.
#[derive(Debug, Clone)]
pub struct Chart {
    /// Identifier: file stem in a bundle, `data-chart` in the SVG.
    pub id: &'static str,
    /// Title.
    pub title: String,
    /// The SVG document.
    pub svg: String,
    /// The numbers behind it, as CSV.
    pub csv: String,
    /// The SPARQL query giving the same numbers (`queries/chart-*.rq`).
    pub query: &'static str,
    /// Its file name in `queries/`.
    pub query_file: &'static str,
}

/// The chart queries, shipped in `queries/`.
pub mod queries {
    /// Funding per year by funder type, and the 1% levies.
    pub const FUNDING: &str =
        include_str!("../../queries/chart-funding-per-year-by-funder-type.rq");
    /// Partnerships and funding per partner country.
    pub const COUNTRIES: &str = include_str!("../../queries/chart-partnerships-per-country.rq");
    /// Partnerships per theme (top level and second level of the main theme).
    pub const THEMES: &str = include_str!("../../queries/chart-partnerships-per-theme.rq");
    /// Partnerships started and ended per year.
    pub const LIFECYCLE: &str = include_str!("../../queries/chart-started-and-ended-per-year.rq");
}

fn caption(lang: Lang, query_file: &str, date: &str, unit: &str) -> String {
    match lang {
        Lang::Fr => format!(
            "Source : Atlas de la coopération décentralisée (MEAE), requête queries/{query_file}. Données au {date}. {unit}"
        ),
        Lang::En => format!(
            "Source: Atlas of decentralised cooperation (French Ministry for Europe and Foreign Affairs), query queries/{query_file}. Data as of {date}. {unit}"
        ),
    }
}

fn funder_label(t: FunderType, lang: Lang) -> &'static str {
    match t {
        FunderType::State => lang.t("État", "State"),
        FunderType::FrenchAuthority => lang.t("Collectivités françaises", "French authorities"),
        FunderType::ForeignPartners => lang.t("Partenaires étrangers", "Foreign partners"),
        FunderType::Others => lang.t("Autres", "Others"),
    }
}

fn csv_line(cells: &[String]) -> String {
    let mut w = crate::model::format::csv_writer(Vec::new(), csv::Terminator::CRLF);
    // Written to memory: no I/O error can occur, and a failed line is left empty.
    if w.write_record(cells).is_err() {
        return String::new();
    }
    w.into_inner()
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .unwrap_or_default()
}

/// The Atlas-wide charts.
pub fn atlas_charts(d: &AtlasData, lang: Lang, date: &str) -> Vec<Chart> {
    let eur = lang.t("Montants en euros courants.", "Amounts in current euros.");
    let (map, ranked) = country_charts(d, lang, date, eur);
    vec![
        funding_chart(d, lang, date, eur),
        map,
        ranked,
        themes_chart(d, lang, date),
        lifecycle_chart(d, lang, date),
    ]
}

/// Funding per year, stacked by funder type, with the 1% levies as a bar apart.
fn funding_chart(d: &AtlasData, lang: Lang, date: &str, eur: &str) -> Chart {
    let years: Vec<i32> = d
        .funding
        .keys()
        .chain(d.levies.keys())
        .copied()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let categories: Vec<String> = years.iter().map(|y| y.to_string()).collect();
    let stacked: Vec<Series> = FunderType::ALL
        .iter()
        .map(|t| Series {
            key: t.key().to_string(),
            label: funder_label(*t, lang).to_string(),
            values: years
                .iter()
                .map(|y| {
                    d.funding
                        .get(y)
                        .and_then(|m| m.get(t))
                        .copied()
                        .unwrap_or(0.0)
                })
                .collect(),
        })
        .collect();
    let levies = Series {
        key: "levy".into(),
        label: lang
            .t("Prélèvements 1 % (à part)", "1% levies (shown apart)")
            .into(),
        values: years
            .iter()
            .map(|y| d.levies.get(y).copied().unwrap_or(0.0))
            .collect(),
    };
    let total: f64 = stacked.iter().flat_map(|s| s.values.iter()).sum();
    let levy_total: f64 = levies.values.iter().sum();
    let title = lang
        .t(
            "Financements par année et par type de financeur",
            "Funding per year and funder type",
        )
        .to_string();
    let file = "chart-funding-per-year-by-funder-type.rq";
    let cap = caption(lang, file, date, eur);
    let frame = Frame {
        id: "funding-per-year",
        title: &title,
        total: Some((
            format!(
                "{} {} · {} {}",
                lang.t("Total :", "Total:"),
                svg::euros(total, lang),
                lang.t("prélèvements 1 % (à part) :", "1% levies (apart):"),
                svg::euros(levy_total, lang)
            ),
            total,
        )),
        caption: &cap,
        lang,
    };
    let svg_text = svg::bars(
        &frame,
        &categories,
        &stacked,
        std::slice::from_ref(&levies),
        true,
    );
    let mut csv = csv_line(&["year".into(), "funder_type".into(), "amount_eur".into()]);
    for (i, y) in categories.iter().enumerate() {
        for s in stacked.iter().chain(std::iter::once(&levies)) {
            if s.values[i] != 0.0 {
                csv.push_str(&csv_line(&[
                    y.clone(),
                    s.key.clone(),
                    crate::model::format::decimal(Amount::from_euros_f64(s.values[i])),
                ]));
            }
        }
    }
    Chart {
        id: "funding-per-year",
        title,
        svg: svg_text,
        csv,
        query: queries::FUNDING,
        query_file: file,
    }
}

/// Partnerships per partner country: the world map and the ranked bars of the top 20, which
/// share their numbers (one CSV).
fn country_charts(d: &AtlasData, lang: Lang, date: &str, eur: &str) -> (Chart, Chart) {
    let file = "chart-partnerships-per-country.rq";
    let cap = caption(lang, file, date, eur);
    let partnerships_total: usize = d.countries.values().map(|v| v.0).sum();
    let title = lang
        .t(
            "Partenariats par pays partenaire",
            "Partnerships per partner country",
        )
        .to_string();
    let frame = Frame {
        id: "countries-map",
        title: &title,
        total: Some((
            format!(
                "{} {} · {} {}",
                d.countries.len(),
                lang.t("pays", "countries"),
                partnerships_total,
                lang.t("partenariats-pays", "partnership-country pairs")
            ),
            partnerships_total as f64,
        )),
        caption: &cap,
        lang,
    };
    let map = world::map(&frame, &d.countries, &d.country_names);
    let mut csv = csv_line(&[
        "country_alpha3".into(),
        "country".into(),
        "partnerships".into(),
        "funding_eur".into(),
    ]);
    for (c, (n, e)) in &d.countries {
        csv.push_str(&csv_line(&[
            c.clone(),
            d.country_names.get(c).cloned().unwrap_or_default(),
            n.to_string(),
            crate::model::format::decimal(Amount::from_euros_f64(*e)),
        ]));
    }
    let map = Chart {
        id: "countries-map",
        title: title.clone(),
        svg: map,
        csv: csv.clone(),
        query: queries::COUNTRIES,
        query_file: file,
    };
    let ranked = countries_ranked_chart(d, lang, &cap, partnerships_total, csv);
    (map, ranked)
}

/// The 20 most frequent partner countries as ranked bars; `csv` holds every country.
fn countries_ranked_chart(
    d: &AtlasData,
    lang: Lang,
    cap: &str,
    partnerships_total: usize,
    csv: String,
) -> Chart {
    let mut ranked: Vec<(&String, &(usize, f64))> = d.countries.iter().collect();
    ranked.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(b.0)));
    let rows: Vec<Row> = ranked
        .iter()
        .take(20)
        .map(|(c, (n, e))| Row {
            key: (*c).clone(),
            label: match lang {
                Lang::En => world::english_name(c).map(str::to_string),
                Lang::Fr => None,
            }
            .or_else(|| d.country_names.get(*c).cloned())
            .unwrap_or_else(|| (*c).clone()),
            value: *n as f64,
            note: Some(format!("{n} · {}", svg::euros(*e, lang))),
            indent: false,
        })
        .collect();
    let title = lang
        .t(
            "Les 20 pays partenaires les plus fréquents",
            "The 20 most frequent partner countries",
        )
        .to_string();
    let frame = Frame {
        id: "countries-ranked",
        title: &title,
        total: Some((
            format!(
                "{} {}",
                partnerships_total,
                lang.t(
                    "partenariats-pays au total",
                    "partnership-country pairs in all"
                )
            ),
            partnerships_total as f64,
        )),
        caption: cap,
        lang,
    };
    Chart {
        id: "countries-ranked",
        title: title.clone(),
        svg: svg::hbars(&frame, &rows, false),
        csv,
        query: queries::COUNTRIES,
        query_file: "chart-partnerships-per-country.rq",
    }
}

/// Partnerships per main theme, each top-level theme followed by its sub-themes.
fn themes_chart(d: &AtlasData, lang: Lang, date: &str) -> Chart {
    let file = "chart-partnerships-per-theme.rq";
    let cap = caption(
        lang,
        file,
        date,
        lang.t(
            "Thème principal de chaque partenariat.",
            "Main theme of each partnership.",
        ),
    );
    let mut tops: Vec<(&String, &data::ThemeCount)> = d.themes.iter().collect();
    tops.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(b.0)));
    let mut rows = Vec::new();
    let mut csv = csv_line(&["theme".into(), "sub_theme".into(), "partnerships".into()]);
    for (top, (n, subs)) in &tops {
        rows.push(Row {
            key: (*top).clone(),
            label: (*top).clone(),
            value: *n as f64,
            note: None,
            indent: false,
        });
        csv.push_str(&csv_line(&[(*top).clone(), String::new(), n.to_string()]));
        let mut subs: Vec<(&String, &usize)> = subs.iter().collect();
        subs.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (sub, m) in subs {
            rows.push(Row {
                key: format!("{top} > {sub}"),
                label: sub.clone(),
                value: *m as f64,
                note: None,
                indent: true,
            });
            csv.push_str(&csv_line(&[(*top).clone(), sub.clone(), m.to_string()]));
        }
    }
    let all: usize = tops.iter().map(|t| t.1.0).sum();
    let title = lang
        .t("Partenariats par thématique", "Partnerships per theme")
        .to_string();
    let frame = Frame {
        id: "themes",
        title: &title,
        total: Some((
            format!("{all} {}", lang.t("partenariats", "partnerships")),
            all as f64,
        )),
        caption: &cap,
        lang,
    };
    Chart {
        id: "themes",
        title: title.clone(),
        svg: svg::hbars(&frame, &rows, false),
        csv,
        query: queries::THEMES,
        query_file: file,
    }
}

/// Partnerships started and ended per year, side by side.
fn lifecycle_chart(d: &AtlasData, lang: Lang, date: &str) -> Chart {
    let file = "chart-started-and-ended-per-year.rq";
    let cap = caption(
        lang,
        file,
        date,
        lang.t(
            "Début : année de démarrage ; fin : date de fin.",
            "Start: start year; end: end date.",
        ),
    );
    let years: Vec<i32> = d.lifecycle.keys().copied().collect();
    let categories: Vec<String> = years.iter().map(|y| y.to_string()).collect();
    let started = Series {
        key: "started".into(),
        label: lang.t("Commencés", "Started").into(),
        values: years.iter().map(|y| d.lifecycle[y].0 as f64).collect(),
    };
    let ended = Series {
        key: "ended".into(),
        label: lang.t("Terminés", "Ended").into(),
        values: years.iter().map(|y| d.lifecycle[y].1 as f64).collect(),
    };
    let s_total: f64 = started.values.iter().sum();
    let e_total: f64 = ended.values.iter().sum();
    let title = lang
        .t(
            "Partenariats commencés et terminés par année",
            "Partnerships started and ended per year",
        )
        .to_string();
    let frame = Frame {
        id: "lifecycle",
        title: &title,
        total: Some((
            format!(
                "{} {} · {} {}",
                s_total,
                lang.t("commencés", "started"),
                e_total,
                lang.t("terminés", "ended")
            ),
            s_total,
        )),
        caption: &cap,
        lang,
    };
    let mut csv = csv_line(&["year".into(), "started".into(), "ended".into()]);
    for (i, y) in categories.iter().enumerate() {
        csv.push_str(&csv_line(&[
            y.clone(),
            started.values[i].to_string(),
            ended.values[i].to_string(),
        ]));
    }
    Chart {
        id: "lifecycle",
        title: title.clone(),
        svg: svg::bars(
            &frame,
            &categories,
            std::slice::from_ref(&started),
            std::slice::from_ref(&ended),
            false,
        ),
        csv,
        query: queries::LIFECYCLE,
        query_file: file,
    }
}

/// One partnership's funding per year, stacked by funder.
pub fn partnership_chart(
    funding: &BTreeMap<i32, BTreeMap<String, f64>>,
    lang: Lang,
) -> Option<String> {
    if funding.is_empty() {
        return None;
    }
    let years: Vec<i32> = funding.keys().copied().collect();
    let funders: std::collections::BTreeSet<&String> =
        funding.values().flat_map(|m| m.keys()).collect();
    let series: Vec<Series> = funders
        .iter()
        .map(|f| Series {
            key: (*f).clone(),
            label: (*f).clone(),
            values: years
                .iter()
                .map(|y| funding[y].get(*f).copied().unwrap_or(0.0))
                .collect(),
        })
        .collect();
    let total: f64 = series.iter().flat_map(|s| s.values.iter()).sum();
    let title = lang.t(
        "Financements par année et par financeur",
        "Funding per year and funder",
    );
    let frame = Frame {
        id: "partnership-funding",
        title,
        total: Some((
            format!(
                "{} {}",
                lang.t("Total :", "Total:"),
                svg::euros(total, lang)
            ),
            total,
        )),
        caption: lang.t(
            "Source : la fiche de ce partenariat dans l'Atlas. Montants en euros courants.",
            "Source: this partnership's Atlas page. Amounts in current euros.",
        ),
        lang,
    };
    let categories: Vec<String> = years.iter().map(|y| y.to_string()).collect();
    Some(svg::bars(&frame, &categories, &series, &[], true))
}

/// Partnerships per start year (for a country or a theme page).
pub fn over_time_chart(
    per_year: &BTreeMap<i32, usize>,
    subject: &str,
    lang: Lang,
) -> Option<String> {
    if per_year.is_empty() {
        return None;
    }
    let categories: Vec<String> = per_year.keys().map(|y| y.to_string()).collect();
    let series = Series {
        key: "started".into(),
        label: lang
            .t("Partenariats commencés", "Partnerships started")
            .into(),
        values: per_year.values().map(|n| *n as f64).collect(),
    };
    let total: f64 = series.values.iter().sum();
    let title = format!(
        "{} : {subject}",
        lang.t(
            "Partenariats par année de démarrage",
            "Partnerships per start year"
        )
    );
    let frame = Frame {
        id: "over-time",
        title: &title,
        total: Some((
            format!("{total} {}", lang.t("partenariats", "partnerships")),
            total,
        )),
        caption: lang.t(
            "Source : Atlas de la coopération décentralisée (MEAE).",
            "Source: Atlas of decentralised cooperation.",
        ),
        lang,
    };
    Some(svg::bars(
        &frame,
        &categories,
        std::slice::from_ref(&series),
        &[],
        false,
    ))
}
