//! The DCAT-AP 3.0.1 catalogue of a bundle: one `dcat:Catalog`, one `dcat:Dataset`, one
//! `dcat:Distribution` per file (size and SHA-256 read from the file itself), and a
//! `dcat:DataService` for the SPARQL endpoint when its URL is given.
//!
//! Every resource the catalogue points to is typed with the class DCAT-AP's range shapes
//! expect, and concepts of the EU authority tables carry their `skos:inScheme`, so the
//! catalogue conforms to the mandatory, recommended, range and vocabulary shapes as shipped.

use super::config::Config;
use crate::vocab::{adms, dcat, dcatap, dcterms, eu, foaf, gsp, rdf, rdfs, skos, spdx, vcard, xsd};
use oxigraph::model::{Literal, NamedNode, NamedNodeRef, Term, Triple};

/// One file of the bundle, as the catalogue describes it.
#[derive(Debug, Clone)]
pub struct FileEntry {
    /// File name in the bundle.
    pub name: String,
    /// Bytes.
    pub size: u64,
    /// SHA-256, hex.
    pub sha256: String,
    /// IANA media type of the content (before compression).
    pub media_type: &'static str,
    /// EU file-type code (`RDF_TURTLE`, `CSV`...).
    pub file_type: &'static str,
    /// Whether the file is gzip-compressed.
    pub gzip: bool,
    /// Title in French.
    pub title_fr: String,
    /// Title in English.
    pub title_en: String,
    /// The standard the file conforms to (`dct:conformsTo`), when one is named.
    pub conforms_to: Option<&'static str>,
}

/// What the data says, for the dataset's description.
#[derive(Debug, Clone, Default)]
pub struct DataFacts {
    /// Partnerships.
    pub partnerships: usize,
    /// First and last year in the data.
    pub years: Option<(i32, i32)>,
    /// Partner countries (EU authority IRIs, French names), sorted.
    pub countries: Vec<(String, String)>,
    /// Theme labels used (French), sorted.
    pub keywords: Vec<String>,
    /// The latest date in the data (the default issue date).
    pub latest_date: Option<chrono::NaiveDate>,
}

/// Settings that are not in the config file.
#[derive(Debug, Clone)]
pub struct CatalogOptions {
    /// The SPARQL endpoint, when the dataset is served.
    pub endpoint_url: Option<String>,
    /// Whether names and e-mails are in the data (`--contacts full`).
    pub full_contacts: bool,
    /// Inputs that could not be read in a run allowed to publish without them
    /// (`--allow-partial`): said in the dataset's version notes.
    pub missing_inputs: Vec<String>,
    /// The release: its number, and what changed since the previous one (`--previous`).
    pub release: Release,
}

/// Which release a publication is, and what changed since the one before.
#[derive(Debug, Clone, Default)]
pub struct Release {
    /// 1 for a first publication, then one more than the previous release's.
    pub number: u32,
    /// The previous release's date, when there is one.
    pub previous_date: Option<String>,
    /// Partnerships added, removed, changed since the previous release.
    pub changes: Option<(usize, usize, usize)>,
}

fn nn(iri: &str) -> NamedNode {
    NamedNode::new_unchecked(iri)
}

fn fr(s: &str) -> Literal {
    Literal::new_language_tagged_literal_unchecked(s, "fr")
}

fn en(s: &str) -> Literal {
    Literal::new_language_tagged_literal_unchecked(s, "en")
}

fn date(d: chrono::NaiveDate) -> Literal {
    Literal::new_typed_literal(d.format("%Y-%m-%d").to_string(), xsd::DATE.into_owned())
}

struct Builder(Vec<Triple>);

impl Builder {
    fn add(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, o: impl Into<Term>) {
        self.0.push(Triple::new(s.clone(), p, o));
    }

    /// A concept of an EU authority table (or another scheme), typed and labelled as DCAT-AP
    /// expects.
    fn concept(
        &mut self,
        iri: &str,
        label: &str,
        scheme: &str,
        class: Option<NamedNodeRef<'_>>,
    ) -> NamedNode {
        let c = nn(iri);
        self.add(&c, rdf::TYPE, skos::CONCEPT.into_owned());
        self.add(&c, skos::PREF_LABEL, fr(label));
        self.add(&c, skos::IN_SCHEME, nn(scheme));
        if let Some(class) = class {
            self.add(&c, rdf::TYPE, class);
        }
        let s = nn(scheme);
        self.add(&s, rdf::TYPE, skos::CONCEPT_SCHEME.into_owned());
        let title = scheme
            .rsplit('/')
            .find(|p| !p.is_empty() && *p != "1.0")
            .unwrap_or(scheme);
        self.add(&s, dcterms::TITLE, Literal::new_simple_literal(title));
        c
    }
}

/// The statement of what the dataset holds about people, for both languages.
fn privacy_statement(full: bool) -> (&'static str, &'static str) {
    if full {
        (
            "Ce jeu de données contient les noms et adresses électroniques des personnes \
             contacts des partenariats (données personnelles, publiées à la demande de l'éditeur).",
            "This dataset holds the names and e-mail addresses of the partnerships' contact \
             people (personal data, published at the publisher's request).",
        )
    } else {
        (
            "Les noms et adresses électroniques des personnes contacts ne sont pas publiés : \
             seuls leur rôle et leur organisation le sont.",
            "The names and e-mail addresses of contact people are not published: only their \
             role and organisation are.",
        )
    }
}

/// The nodes every part of the catalogue links to.
struct Nodes {
    catalog: NamedNode,
    dataset: NamedNode,
    publisher: NamedNode,
    license: NamedNode,
    contact: NamedNode,
    data_theme: NamedNode,
    issued: Option<chrono::NaiveDate>,
    modified: Option<chrono::NaiveDate>,
}

/// Builds the catalogue: the publisher and its licence, the catalogue, the dataset (what it
/// covers, which release it is), its distributions and the SPARQL endpoint.
pub fn catalog(
    config: &Config,
    files: &[FileEntry],
    facts: &DataFacts,
    options: &CatalogOptions,
) -> Vec<Triple> {
    let mut b = Builder(Vec::new());
    let ds = &config.dataset;
    let issued = ds.issued.or(facts.latest_date);
    let data_theme = b.concept(
        &format!("{}/INTR", eu::DATA_THEME),
        "Questions internationales",
        eu::DATA_THEME,
        None,
    );
    let n = Nodes {
        catalog: nn(&ds.catalog_iri),
        dataset: nn(&ds.iri),
        publisher: nn(&config.publisher.iri),
        license: nn(&ds.license),
        contact: nn(&format!("{}#contact", ds.iri)),
        data_theme,
        issued,
        modified: ds.modified.or(issued),
    };
    agents(&mut b, config, &n);
    catalogue(&mut b, config, &n);
    dataset(&mut b, config, facts, options, &n);
    coverage(&mut b, config, facts, &n);
    release(&mut b, config, options, &n);
    distributions(&mut b, config, files, &n);
    if let Some(endpoint) = &options.endpoint_url {
        service(&mut b, config, endpoint, &n);
    }
    let mut t = b.0;
    t.sort_by_cached_key(ToString::to_string);
    t.dedup();
    t
}

/// The publisher, its licence and the contact point (an office, never a person).
fn agents(b: &mut Builder, config: &Config, n: &Nodes) {
    let Nodes {
        publisher,
        license,
        contact,
        ..
    } = n;
    b.add(publisher, rdf::TYPE, foaf::AGENT.into_owned());
    b.add(publisher, rdf::TYPE, foaf::ORGANIZATION.into_owned());
    b.add(publisher, foaf::NAME, fr(&config.publisher.name));
    let publisher_type = b.concept(
        "http://purl.org/adms/publishertype/NationalAuthority",
        "Autorité nationale",
        "http://purl.org/adms/publishertype/1.0",
        None,
    );
    b.add(publisher, dcterms::TYPE, publisher_type);
    let homepage = nn(&config.publisher.homepage);
    b.add(&homepage, rdf::TYPE, foaf::DOCUMENT.into_owned());
    b.add(license, rdf::TYPE, dcterms::LICENSE_DOCUMENT.into_owned());
    b.add(
        license,
        rdfs::LABEL,
        fr("Licence Ouverte / Open Licence version 2.0"),
    );
    let attribution = b.concept(
        "http://purl.org/adms/licencetype/Attribution",
        "Attribution",
        "http://purl.org/adms/licencetype/1.0",
        None,
    );
    b.add(license, dcterms::TYPE, attribution);

    b.add(contact, rdf::TYPE, vcard::ORGANIZATION.into_owned());
    b.add(contact, rdf::TYPE, vcard::KIND.into_owned());
    b.add(
        contact,
        vcard::FN,
        Literal::new_simple_literal(&config.publisher.contact_name),
    );
    b.add(contact, vcard::HAS_URL, nn(&config.publisher.contact_url));
    if let Some(m) = &config.publisher.contact_email {
        b.add(contact, vcard::HAS_EMAIL, nn(&format!("mailto:{m}")));
    }
}

/// The catalogue itself.
fn catalogue(b: &mut Builder, config: &Config, n: &Nodes) {
    let Nodes {
        catalog,
        dataset,
        publisher,
        license,
        ..
    } = n;
    let (issued, modified) = (n.issued, n.modified);
    let homepage = nn(&config.publisher.homepage);
    let french = b.concept(
        &format!("{}/FRA", eu::LANGUAGE),
        "français",
        eu::LANGUAGE,
        Some(dcterms::LINGUISTIC_SYSTEM),
    );
    b.add(catalog, rdf::TYPE, dcat::CATALOG.into_owned());
    b.add(
        catalog,
        dcterms::TITLE,
        fr("Catalogue de l'Atlas de la coopération décentralisée"),
    );
    b.add(
        catalog,
        dcterms::TITLE,
        en("Catalogue of the Atlas of decentralised cooperation"),
    );
    b.add(catalog, dcterms::DESCRIPTION, fr("Les données de l'Atlas de la coopération décentralisée en données liées, et leurs distributions."));
    b.add(
        catalog,
        dcterms::DESCRIPTION,
        en("The Atlas of decentralised cooperation as linked data, and its distributions."),
    );
    b.add(catalog, dcterms::PUBLISHER, publisher.clone());
    b.add(catalog, dcat::DATASET_PROP, dataset.clone());
    b.add(catalog, dcterms::LICENSE, license.clone());
    b.add(catalog, dcterms::LANGUAGE, french.clone());
    b.add(catalog, foaf::HOMEPAGE, homepage);
    b.add(catalog, dcat::THEME_TAXONOMY, nn(eu::DATA_THEME));
    if let Some(d) = issued {
        b.add(catalog, dcterms::ISSUED, date(d));
    }
    if let Some(d) = modified {
        b.add(catalog, dcterms::MODIFIED, date(d));
    }
}

/// The dataset: titles, descriptions, agents, languages, themes, dates, landing page, and the
/// inputs missing from a partial publication.
fn dataset(
    b: &mut Builder,
    config: &Config,
    facts: &DataFacts,
    options: &CatalogOptions,
    n: &Nodes,
) {
    let ds = &config.dataset;
    let Nodes {
        dataset,
        publisher,
        license,
        contact,
        data_theme,
        ..
    } = n;
    let (issued, modified) = (n.issued, n.modified);
    let french = b.concept(
        &format!("{}/FRA", eu::LANGUAGE),
        "français",
        eu::LANGUAGE,
        Some(dcterms::LINGUISTIC_SYSTEM),
    );
    let english = b.concept(
        &format!("{}/ENG", eu::LANGUAGE),
        "anglais",
        eu::LANGUAGE,
        Some(dcterms::LINGUISTIC_SYSTEM),
    );
    let gove = b.concept(
        &format!("{}/GOVE", eu::DATA_THEME),
        "Gouvernement et secteur public",
        eu::DATA_THEME,
        None,
    );
    let (privacy_fr, privacy_en) = privacy_statement(options.full_contacts);
    b.add(dataset, rdf::TYPE, dcat::DATASET.into_owned());
    b.add(dataset, dcterms::TITLE, fr(&ds.title_fr));
    b.add(dataset, dcterms::TITLE, en(&ds.title_en));
    b.add(
        dataset,
        dcterms::DESCRIPTION,
        fr(&format!(
            "{} {} partenariats. {privacy_fr}",
            ds.description_fr, facts.partnerships
        )),
    );
    b.add(
        dataset,
        dcterms::DESCRIPTION,
        en(&format!(
            "{} {} partnerships. {privacy_en}",
            ds.description_en, facts.partnerships
        )),
    );
    b.add(dataset, dcterms::PUBLISHER, publisher.clone());
    b.add(dataset, dcat::CONTACT_POINT, contact.clone());
    b.add(dataset, dcterms::LICENSE, license.clone());
    b.add(dataset, dcterms::LANGUAGE, french);
    b.add(dataset, dcterms::LANGUAGE, english);
    b.add(dataset, dcat::THEME, data_theme.clone());
    b.add(dataset, dcat::THEME, gove);
    b.add(
        dataset,
        dcterms::IDENTIFIER,
        Literal::new_simple_literal(&ds.iri),
    );
    if let Some(d) = issued {
        b.add(dataset, dcterms::ISSUED, date(d));
    }
    if let Some(d) = modified {
        b.add(dataset, dcterms::MODIFIED, date(d));
    }
    if let Some(l) = &ds.landing_page {
        let page = nn(l);
        b.add(&page, rdf::TYPE, foaf::DOCUMENT.into_owned());
        b.add(dataset, dcat::LANDING_PAGE, page);
    }
    if !options.missing_inputs.is_empty() {
        let list = options.missing_inputs.join(", ");
        let count = options.missing_inputs.len();
        b.add(
            dataset,
            adms::VERSION_NOTES,
            fr(&format!(
                "Publication partielle : {count} entrée(s) n'ont pas pu être lues et n'y figurent pas : {list}."
            )),
        );
        b.add(
            dataset,
            adms::VERSION_NOTES,
            en(&format!(
                "Partial publication: {count} input(s) could not be read and are not in it: {list}."
            )),
        );
    }
}

/// What the dataset covers: keywords, period, countries.
fn coverage(b: &mut Builder, config: &Config, facts: &DataFacts, n: &Nodes) {
    let (ds, dataset, catalog) = (&config.dataset, &n.dataset, &n.catalog);
    let mut keywords: Vec<&str> = facts.keywords.iter().map(String::as_str).collect();
    keywords.extend(ds.keywords.iter().map(String::as_str));
    keywords.extend([
        "coopération décentralisée",
        "action extérieure des collectivités territoriales",
    ]);
    keywords.sort_unstable();
    keywords.dedup();
    for k in keywords {
        b.add(dataset, dcat::KEYWORD, fr(k));
    }
    if let Some((first, last)) = facts.years {
        let period = nn(&format!("{}#period", ds.iri));
        b.add(&period, rdf::TYPE, dcterms::PERIOD_OF_TIME.into_owned());
        if let Some(d) = chrono::NaiveDate::from_ymd_opt(first, 1, 1) {
            b.add(&period, dcat::START_DATE, date(d));
        }
        if let Some(d) = chrono::NaiveDate::from_ymd_opt(last, 12, 31) {
            b.add(&period, dcat::END_DATE, date(d));
        }
        b.add(dataset, dcterms::TEMPORAL, period);
    }
    for (c, label) in &facts.countries {
        let country = b.concept(c, label, eu::COUNTRY, Some(dcterms::LOCATION));
        let alpha3 = c.rsplit('/').next().unwrap_or_default();
        if let Some(place) = crate::model::geo::place(alpha3) {
            let wkt =
                |text: String| Literal::new_typed_literal(text, gsp::WKT_LITERAL.into_owned());
            b.add(&country, dcat::BBOX, wkt(place.bbox_wkt()));
            b.add(&country, dcat::CENTROID, wkt(place.centroid_wkt()));
        }
        b.add(dataset, dcterms::SPATIAL, country.clone());
        b.add(catalog, dcterms::SPATIAL, country);
    }
}

/// The release: its number, the one before, what changed (DCAT 3 versioning).
fn release(b: &mut Builder, config: &Config, options: &CatalogOptions, n: &Nodes) {
    let (ds, dataset) = (&config.dataset, &n.dataset);
    let number = options.release.number.max(1);
    b.add(
        dataset,
        dcat::VERSION,
        Literal::new_simple_literal(number.to_string()),
    );
    if number > 1 {
        b.add(
            dataset,
            dcat::PREVIOUS_VERSION,
            nn(&format!("{}/version/{}", ds.iri, number - 1)),
        );
    }
    if let (Some(date), Some((a, r, c))) = (&options.release.previous_date, options.release.changes)
    {
        b.add(
            dataset,
            adms::VERSION_NOTES,
            fr(&format!(
                "Version {number}. Depuis la version du {date} : {a} partenariat(s) ajouté(s), {r} retiré(s), {c} modifié(s) (changes.csv)."
            )),
        );
        b.add(
            dataset,
            adms::VERSION_NOTES,
            en(&format!(
                "Version {number}. Since the release of {date}: {a} partnership(s) added, {r} removed, {c} changed (changes.csv)."
            )),
        );
    }
}

/// A distribution per file, with its size and checksum.
fn distributions(b: &mut Builder, config: &Config, files: &[FileEntry], n: &Nodes) {
    let (ds, dataset, license, modified) = (&config.dataset, &n.dataset, &n.license, n.modified);
    let stable = b.concept(
        &format!("{}/STABLE", eu::PLANNED_AVAILABILITY),
        "stable",
        eu::PLANNED_AVAILABILITY,
        None,
    );
    let gzip = nn(&format!("{}application/gzip", eu::IANA_MEDIA_TYPES));
    if files.iter().any(|f| f.gzip) {
        b.add(&gzip, rdf::TYPE, dcterms::MEDIA_TYPE.into_owned());
    }
    for f in files {
        let dist = nn(&format!("{}#distribution-{}", ds.iri, f.name));
        let url = nn(&format!("{}{}", config.files.download_url, f.name));
        let media = nn(&format!("{}{}", eu::IANA_MEDIA_TYPES, f.media_type));
        let format = b.concept(
            &format!("{}/{}", eu::FILE_TYPE, f.file_type),
            f.file_type,
            eu::FILE_TYPE,
            Some(dcterms::MEDIA_TYPE_OR_EXTENT),
        );
        b.add(&media, rdf::TYPE, dcterms::MEDIA_TYPE.into_owned());
        b.add(dataset, dcat::DISTRIBUTION_PROP, dist.clone());
        b.add(&dist, rdf::TYPE, dcat::DISTRIBUTION.into_owned());
        b.add(&dist, dcterms::TITLE, fr(&f.title_fr));
        b.add(&dist, dcterms::TITLE, en(&f.title_en));
        b.add(
            &dist,
            dcterms::DESCRIPTION,
            fr(&format!("{} ({})", f.title_fr, f.name)),
        );
        b.add(&dist, dcat::ACCESS_URL, url.clone());
        b.add(&dist, dcat::DOWNLOAD_URL, url);
        b.add(&dist, dcat::MEDIA_TYPE, media);
        b.add(&dist, dcterms::FORMAT, format);
        if f.gzip {
            b.add(&dist, dcat::COMPRESS_FORMAT, gzip.clone());
        }
        if let Some(standard) = f.conforms_to {
            let standard = nn(standard);
            b.add(&standard, rdf::TYPE, dcterms::STANDARD.into_owned());
            b.add(&dist, dcterms::CONFORMS_TO, standard);
        }
        b.add(&dist, dcterms::LICENSE, license.clone());
        b.add(&dist, dcatap::AVAILABILITY, stable.clone());
        b.add(
            &dist,
            dcat::BYTE_SIZE,
            Literal::new_typed_literal(f.size.to_string(), xsd::NON_NEGATIVE_INTEGER.into_owned()),
        );
        let checksum = nn(&format!("{}#checksum-{}", ds.iri, f.name));
        b.add(&dist, spdx::CHECKSUM, checksum.clone());
        b.add(&checksum, rdf::TYPE, spdx::CHECKSUM_CLASS.into_owned());
        b.add(&checksum, spdx::ALGORITHM, spdx::SHA256.into_owned());
        b.add(
            &checksum,
            spdx::CHECKSUM_VALUE,
            Literal::new_typed_literal(&f.sha256, xsd::HEX_BINARY.into_owned()),
        );
        if let Some(d) = modified {
            b.add(&dist, dcterms::MODIFIED, date(d));
        }
    }
    b.add(
        &spdx::SHA256.into_owned(),
        rdf::TYPE,
        nn("http://spdx.org/rdf/terms#ChecksumAlgorithm"),
    );
}

/// The SPARQL endpoint.
fn service(b: &mut Builder, config: &Config, endpoint: &str, n: &Nodes) {
    let ds = &config.dataset;
    let Nodes {
        catalog,
        dataset,
        publisher,
        license,
        contact,
        data_theme,
        ..
    } = n;
    let service = nn(&format!("{}#sparql", ds.iri));
    let url = nn(endpoint);
    let sparql = nn("https://www.w3.org/TR/sparql11-protocol/");
    b.add(&sparql, rdf::TYPE, dcterms::STANDARD.into_owned());
    b.add(catalog, dcat::SERVICE, service.clone());
    b.add(&service, rdf::TYPE, dcat::DATA_SERVICE.into_owned());
    b.add(
        &service,
        dcterms::TITLE,
        fr("Point d'accès SPARQL de l'Atlas de la coopération décentralisée"),
    );
    b.add(
        &service,
        dcterms::TITLE,
        en("SPARQL endpoint of the Atlas of decentralised cooperation"),
    );
    b.add(&service, dcat::ENDPOINT_URL, url.clone());
    b.add(&service, dcat::ENDPOINT_DESCRIPTION, url);
    b.add(&service, dcat::SERVES_DATASET, dataset.clone());
    b.add(&service, dcterms::CONFORMS_TO, sparql);
    b.add(&service, dcterms::PUBLISHER, publisher.clone());
    b.add(&service, dcat::CONTACT_POINT, contact.clone());
    b.add(&service, dcterms::LICENSE, license.clone());
    b.add(&service, dcat::THEME, data_theme.clone());
    b.add(&service, dcat::KEYWORD, fr("SPARQL"));
    b.add(&service, dcat::KEYWORD, fr("coopération décentralisée"));
}
