//! The dataset's README (Markdown, French first, then English): what the bundle holds, its
//! counts, its files with sizes and checksums, the CSV columns, and how to query it.

use super::config::Config;
use super::{Bundle, PublishOptions, tables};
use crate::model::privacy::ContactPolicy;
use std::fmt::Write as _;

/// Renders the README, section by section.
pub fn render(config: &Config, options: &PublishOptions, bundle: &Bundle) -> String {
    let c = Context {
        config,
        options,
        bundle,
    };
    let ds = &config.dataset;
    let mut s = String::new();
    let _ = writeln!(s, "# {}\n\n*{}*\n", ds.title_fr, ds.title_en);
    let _ = writeln!(s, "{}\n\n{}\n", ds.description_fr, ds.description_en);
    partial(&mut s, &c);
    at_a_glance(&mut s, &c);
    personal_data(&mut s, &c);
    changes(&mut s, &c);
    files(&mut s, &c);
    statistics(&mut s);
    columns(&mut s, bundle.places.is_some());
    querying(&mut s, &c);
    s
}

/// What every section reads.
struct Context<'a> {
    config: &'a Config,
    options: &'a PublishOptions,
    bundle: &'a Bundle,
}

/// The inputs a partial publication could not read.
fn partial(s: &mut String, c: &Context<'_>) {
    let options = c.options;
    if !options.missing_inputs.is_empty() {
        let _ = writeln!(
            s,
            "## Publication partielle / Partial publication\n\nCes entrées n'ont pas pu être lues et ne figurent pas dans ce jeu de données / These inputs could not be read and are not in this dataset:\n"
        );
        for m in &options.missing_inputs {
            let _ = writeln!(s, "- `{m}`");
        }
        let _ = writeln!(s);
    }
}

/// The counts.
fn at_a_glance(s: &mut String, c: &Context<'_>) {
    let ds = &c.config.dataset;
    let f = &c.bundle.facts;
    let config = c.config;
    let bundle = c.bundle;
    let _ = writeln!(s, "## En bref / At a glance\n");
    let _ = writeln!(s, "| | |\n|---|---|");
    let _ = writeln!(s, "| Partenariats / partnerships | {} |", f.partnerships);
    if let Some((a, b)) = f.years {
        let _ = writeln!(s, "| Années / years | {a}–{b} |");
    }
    let _ = writeln!(
        s,
        "| Pays partenaires / partner countries | {} |",
        f.countries.len()
    );
    let _ = writeln!(
        s,
        "| Lignes de financement / funding rows | {} |",
        bundle.tables.funding
    );
    let _ = writeln!(
        s,
        "| Partenaires cités / partner mentions | {} |",
        bundle.tables.partners
    );
    let _ = writeln!(
        s,
        "| Fiches lues, rejetées / records read, rejected | {}, {} |",
        bundle.import.read, bundle.import.rejected
    );
    let _ = writeln!(
        s,
        "| Validation SHACL / SHACL validation | {} violation(s), {} avertissement(s) / warning(s) |",
        bundle.violations, bundle.warnings
    );
    let _ = writeln!(
        s,
        "| Licence | [Licence Ouverte / Etalab 2.0]({}) |",
        ds.license
    );
    let _ = writeln!(s, "| Éditeur / publisher | {} |\n", config.publisher.name);
}

/// What is published of the contacts.
fn personal_data(s: &mut String, c: &Context<'_>) {
    let options = c.options;
    let _ = writeln!(s, "## Données personnelles / Personal data\n");
    let _ = writeln!(
        s,
        "{}\n",
        match options.contacts {
            ContactPolicy::Full =>
                "Ce jeu de données contient les noms et adresses électroniques des personnes contacts, publiés à la demande de l'éditeur (`--contacts full`). / This dataset holds contact people's names and e-mail addresses, published at the publisher's request.",
            ContactPolicy::Role =>
                "Les noms et adresses électroniques des personnes contacts ne sont pas publiés : seuls leur rôle et leur organisation le sont (`--contacts role`). / Contact people's names and e-mail addresses are not published: only their role and organisation are.",
            ContactPolicy::None =>
                "Aucun contact n'est publié (`--contacts none`). / No contact is published.",
        }
    );
}

/// What changed since the previous release.
fn changes(s: &mut String, c: &Context<'_>) {
    let options = c.options;
    let bundle = c.bundle;
    if let Some((added, removed, changed)) = bundle.release.changes {
        let since = bundle.release.previous_date.as_deref().unwrap_or("?");
        let _ = writeln!(
            s,
            "## Changements depuis le {since} / Changes since {since}\n\nVersion {} ({}). Partenariats ajoutés / added: {added}; retirés / removed: {removed}; modifiés / changed: {changed}. Le détail est dans `changes.csv` / every change is in `changes.csv`.\n",
            bundle.release.number,
            options.previous.as_deref().unwrap_or_default()
        );
        let largest = super::diff::largest_funding_changes(&bundle.changes, 20);
        if !largest.is_empty() {
            let _ = writeln!(
                s,
                "Les plus grands changements de financement / the largest funding changes:\n\n| Partenariat / partnership | Financeur, année / funder, year | Avant / before | Après / after |\n|---|---|---|---|"
            );
            for (c, f) in largest {
                let what = f.field.strip_prefix("funding ").unwrap_or(&f.field);
                let _ = writeln!(
                    s,
                    "| [{}]({}) | {} | {} | {} |",
                    c.title.replace('|', "/"),
                    c.partnership,
                    what.replace('|', "/"),
                    f.before,
                    f.after
                );
            }
            let _ = writeln!(s);
        }
        let _ = writeln!(
            s,
            "IRI conservées par rapprochement / IRIs kept by matching: {}. Rapprochements ambigus, laissés nouveaux / ambiguous matches, left new: {}. Partenariats retirés (ils répondent 410) / retired partnerships (they answer 410): {}.\n",
            bundle.matching.kept.len(),
            bundle.matching.ambiguous.len(),
            bundle.retired
        );
        for (kept, was) in &bundle.matching.kept {
            let _ = writeln!(s, "- `{kept}` → `{was}`");
        }
        for (iri, candidates) in &bundle.matching.ambiguous {
            let _ = writeln!(s, "- {iri}: {}", candidates.join(", "));
        }
        let _ = writeln!(s);
    }
}

/// The files, with their sizes and checksums, and the charts.
fn files(s: &mut String, c: &Context<'_>) {
    let bundle = c.bundle;
    let _ = writeln!(s, "## Fichiers / Files\n");
    let _ = writeln!(
        s,
        "| Fichier / file | Octets / bytes | SHA-256 | Contenu / content |\n|---|---:|---|---|"
    );
    for file in &bundle.files {
        let _ = writeln!(
            s,
            "| `{}` | {} | `{}` | {} / {} |",
            file.name, file.size, file.sha256, file.title_fr, file.title_en
        );
    }
    let _ = writeln!(
        s,
        "\n`catalog.ttl`, `catalog.rdf` and `catalog.jsonld` describe these files in DCAT-AP 3.0.1 \
         (sizes and checksums included). The canonical N-Quads hash (`atlas.canonical.sha256`: \
         `{}`) identifies the data whatever the serialisation.\n",
        bundle.canonical_sha256
    );
    if !bundle.charts.is_empty() {
        let _ = writeln!(s, "## Graphiques / Charts\n");
        let _ = writeln!(
            s,
            "Dans `charts/` : chaque graphique en SVG et en PNG, et ses chiffres en CSV. / In \
             `charts/`: each chart as SVG and PNG, with its numbers as CSV.\n"
        );
        for (id, title) in &bundle.charts {
            let _ = writeln!(
                s,
                "### {title}\n\n![{title}](charts/{id}.svg)\n\n[PNG](charts/{id}.png) · [CSV](charts/{id}.csv)\n"
            );
        }
    }
}

/// The statistics cube.
fn statistics(s: &mut String) {
    let _ = writeln!(s, "## Statistiques / Statistics\n");
    let _ = writeln!(
        s,
        "Les totaux les plus demandés, calculés à chaque import à partir des fiches, sous forme de cube \
         [RDF Data Cube](https://www.w3.org/TR/vocab-data-cube/) (graphe \
         `<{graph}>` des dumps, seul dans `atlas-statistics.ttl.gz`) et de table (`statistics.csv`, une \
         ligne par observation). Les montants sont exacts ; les prélèvements du 1 % sont une mesure à part, \
         jamais ajoutée aux financements. / The most asked totals, computed at every import from the \
         records, as an RDF Data Cube (the `<{graph}>` graph of the dumps, alone in \
         `atlas-statistics.ttl.gz`) and as a table (`statistics.csv`, one row per observation). Amounts \
         are exact; the 1% levies are a measure of their own, never added to funding.\n",
        graph = crate::store::statistics::STATISTICS_GRAPH
    );
    let _ = writeln!(s, "| Jeu / data set | Contenu / contents |\n|---|---|");
    for d in &crate::store::statistics::cube::DATA_SETS {
        let _ = writeln!(s, "| `{}` | {} / {}: {} |", d.slug, d.fr, d.en, d.about);
    }
    s.push('\n');
}

/// The CSV columns (the places' files' when the bundle has them).
fn columns(s: &mut String, places: bool) {
    let _ = writeln!(s, "## Colonnes des fichiers CSV / CSV columns\n");
    let _ = writeln!(
        s,
        "UTF-8, séparateur virgule, guillemets RFC 4180, une ligne d'en-tête. / UTF-8, comma-separated, RFC 4180 quoting, one header row.\n"
    );
    let place_columns = if places { super::places::COLUMNS } else { &[] };
    for (file, cols) in tables::COLUMNS.iter().chain(place_columns) {
        let _ = writeln!(
            s,
            "### `{file}`\n\n| Colonne / column | Sens / meaning |\n|---|---|"
        );
        for (c, d) in cols.iter() {
            let _ = writeln!(s, "| `{c}` | {d} |");
        }
        s.push('\n');
    }
}

/// How to query the data.
fn querying(s: &mut String, c: &Context<'_>) {
    let options = c.options;
    let _ = writeln!(s, "## Interroger les données / Querying the data\n");
    if let Some(e) = &options.endpoint_url {
        let _ = writeln!(s, "SPARQL endpoint: <{e}>\n");
    }
    let _ = writeln!(
        s,
        "With atlas-lod, on this bundle: `atlas-lod serve --store store` then open \
         <http://127.0.0.1:7878/>, or `atlas-lod query --store store 'SELECT ...'`. \
         Any RDF store loads `atlas.nq.gz` (one named graph per partnership). Funding per year:\n"
    );
    let _ = writeln!(
        s,
        "```sparql\nPREFIX atlas: <https://w3id.org/atlas-lod/ontology#>\n\
         SELECT ?year (SUM(?amount) AS ?total) WHERE {{\n  \
         GRAPH ?g {{ ?p atlas:funding ?f . ?f atlas:year ?year ; atlas:amount ?amount }}\n\
         }} GROUP BY ?year ORDER BY ?year\n```"
    );
    let _ = writeln!(
        s,
        "\nThe same from the statistics cube, at once at any size:\n\n\
         ```sparql\nPREFIX qb: <http://purl.org/linked-data/cube#>\n\
         PREFIX sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#>\n\
         PREFIX stat: <https://w3id.org/atlas-lod/statistics#>\n\
         SELECT ?year ?total WHERE {{\n  \
         ?o qb:dataSet <https://w3id.org/atlas-lod/statistics/funding-by-year> ;\n     \
         sdmx-dimension:refPeriod ?year ; stat:funding ?total .\n\
         }} ORDER BY ?year\n```"
    );
}
