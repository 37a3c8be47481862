//! The files of a bundle: which they are (name, media type, titles), and how each is written
//! (through a buffer, gzip without a timestamp, every error naming the file) and measured.

use super::{PublishError, file_error};
use crate::vocab;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::Triple;
use oxigraph::store::Store;
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

/// A file of the bundle being written: its errors name it, and [`Output::finish`] completes
/// it (the gzip trailer, the last buffer), so that no error is left to a silent drop.
pub(super) struct Output {
    path: PathBuf,
    inner: OutputKind,
}

enum OutputKind {
    Plain(BufWriter<File>),
    Gzip(flate2::write::GzEncoder<BufWriter<File>>),
}

impl Output {
    fn name_error(&self, e: io::Error) -> io::Error {
        io::Error::new(e.kind(), format!("{}: {e}", self.path.display()))
    }

    /// Completes the file.
    pub(super) fn finish(self) -> Result<(), PublishError> {
        let result = match self.inner {
            OutputKind::Plain(mut w) => w.flush(),
            OutputKind::Gzip(g) => g.finish().and_then(|mut w| w.flush()),
        };
        result.map_err(file_error(&self.path))
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let r = match &mut self.inner {
            OutputKind::Plain(w) => w.write(buf),
            OutputKind::Gzip(w) => w.write(buf),
        };
        r.map_err(|e| self.name_error(e))
    }

    fn flush(&mut self) -> io::Result<()> {
        let r = match &mut self.inner {
            OutputKind::Plain(w) => w.flush(),
            OutputKind::Gzip(w) => w.flush(),
        };
        r.map_err(|e| self.name_error(e))
    }
}

/// Writes `path` through a buffer, gzip-compressed when asked (no timestamp in the header).
pub(super) fn create(path: &Path, gzip: bool) -> Result<Output, PublishError> {
    let f = File::create(path).map_err(file_error(path))?;
    let w = BufWriter::new(f);
    let inner = if gzip {
        OutputKind::Gzip(
            flate2::GzBuilder::new()
                .mtime(0)
                .write(w, flate2::Compression::new(6)),
        )
    } else {
        OutputKind::Plain(w)
    };
    Ok(Output {
        path: path.to_path_buf(),
        inner,
    })
}

/// Writes the file `name` of folder `dir` with `body`, gzip-compressed when asked, and
/// completes it: the one way every file of a bundle is written, each error naming the file.
pub(super) fn write_with<T, E>(
    dir: &Path,
    name: &str,
    gzip: bool,
    body: impl FnOnce(&mut Output) -> Result<T, E>,
) -> Result<T, PublishError>
where
    PublishError: From<E>,
{
    let mut w = create(&dir.join(name), gzip)?;
    let value = body(&mut w)?;
    w.finish()?;
    Ok(value)
}

/// Writes the whole file `name` of folder `dir`.
pub(super) fn write_file(
    dir: &Path,
    name: &str,
    contents: impl AsRef<[u8]>,
) -> Result<(), PublishError> {
    write_with(dir, name, false, |w| w.write_all(contents.as_ref()))
}

/// Size and SHA-256 of a file, read back from disk.
pub fn measure(path: &Path) -> io::Result<(u64, String)> {
    let mut f = File::open(path)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut size = 0u64;
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        size += n as u64;
        h.update(&buf[..n]);
    }
    Ok((size, hex::encode(h.finalize())))
}

/// Serialises triples with the project's prefixes and the catalogue's.
pub fn write_triples(triples: &[Triple], format: RdfFormat, out: impl Write) -> io::Result<()> {
    let mut ser = RdfSerializer::from_format(format);
    for (p, ns) in vocab::PREFIXES.iter().chain(vocab::DESCRIPTION_PREFIXES) {
        ser = ser.with_prefix(*p, *ns).map_err(io::Error::other)?;
    }
    let mut w = ser.for_writer(out);
    for t in triples {
        w.serialize_triple(t)?;
    }
    w.finish()?;
    Ok(())
}

/// A file of the bundle before it is measured.
pub(super) struct Planned {
    pub(super) name: &'static str,
    pub(super) media_type: &'static str,
    pub(super) file_type: &'static str,
    pub(super) gzip: bool,
    pub(super) title_fr: &'static str,
    pub(super) title_en: &'static str,
}

pub(super) const FILES: &[Planned] = &[
    Planned {
        name: "atlas.ttl.gz",
        media_type: "text/turtle",
        file_type: "RDF_TURTLE",
        gzip: true,
        title_fr: "Données complètes en Turtle",
        title_en: "Full data in Turtle",
    },
    Planned {
        name: "atlas.nt.gz",
        media_type: "application/n-triples",
        file_type: "RDF_N_TRIPLES",
        gzip: true,
        title_fr: "Données complètes en N-Triples",
        title_en: "Full data in N-Triples",
    },
    Planned {
        name: "atlas.nq.gz",
        media_type: "application/n-quads",
        file_type: "RDF_N_QUADS",
        gzip: true,
        title_fr: "Données complètes en N-Quads, un graphe par partenariat",
        title_en: "Full data in N-Quads, one graph per partnership",
    },
    Planned {
        name: "atlas.jsonld.gz",
        media_type: "application/ld+json",
        file_type: "JSON_LD",
        gzip: true,
        title_fr: "Données complètes en JSON-LD",
        title_en: "Full data in JSON-LD",
    },
    Planned {
        name: "atlas-statistics.ttl.gz",
        media_type: "text/turtle",
        file_type: "RDF_TURTLE",
        gzip: true,
        title_fr: "Statistiques (cube RDF Data Cube : financements et partenariats par année, pays, thématique, type de financeur, forme et statut)",
        title_en: "Statistics (RDF Data Cube: funding and partnerships per year, country, theme, funder type, kind and status)",
    },
    Planned {
        name: "context.jsonld",
        media_type: "application/ld+json",
        file_type: "JSON_LD",
        gzip: false,
        title_fr: "Contexte JSON-LD",
        title_en: "JSON-LD context",
    },
    Planned {
        name: "atlas.canonical.sha256",
        media_type: "text/plain",
        file_type: "TXT",
        gzip: false,
        title_fr: "Empreinte SHA-256 des N-Quads canoniques (RDFC-1.0)",
        title_en: "SHA-256 of the canonical N-Quads (RDFC-1.0)",
    },
    Planned {
        name: "partnerships.csv",
        media_type: "text/csv",
        file_type: "CSV",
        gzip: false,
        title_fr: "Partenariats (une ligne par partenariat)",
        title_en: "Partnerships (one row per partnership)",
    },
    Planned {
        name: "funding.csv",
        media_type: "text/csv",
        file_type: "CSV",
        gzip: false,
        title_fr: "Financements (une ligne par financeur et par année)",
        title_en: "Funding (one row per funder and year)",
    },
    Planned {
        name: "partners.csv",
        media_type: "text/csv",
        file_type: "CSV",
        gzip: false,
        title_fr: "Partenaires (une ligne par partenaire)",
        title_en: "Partners (one row per partner)",
    },
    Planned {
        name: "statistics.csv",
        media_type: "text/csv",
        file_type: "CSV",
        gzip: false,
        title_fr: "Statistiques (une ligne par observation du cube)",
        title_en: "Statistics (one row per observation of the cube)",
    },
    Planned {
        name: "datapackage.json",
        media_type: "application/json",
        file_type: "JSON",
        gzip: false,
        title_fr: "Description des fichiers CSV (Frictionless Data Package)",
        title_en: "Description of the CSV files (Frictionless Data Package)",
    },
    Planned {
        name: "csv-metadata.json",
        media_type: "application/csvm+json",
        file_type: "JSON",
        gzip: false,
        title_fr: "Description des fichiers CSV (CSV on the Web, W3C)",
        title_en: "Description of the CSV files (W3C CSV on the Web)",
    },
    Planned {
        name: "identity.csv",
        media_type: "text/csv",
        file_type: "CSV",
        gzip: false,
        title_fr: "Identité des partenariats d'une publication à l'autre (IRI, champs de rapprochement, retirés)",
        title_en: "Partnership identity across releases (IRI, matching fields, retired ones)",
    },
    Planned {
        name: "changes.csv",
        media_type: "text/csv",
        file_type: "CSV",
        gzip: false,
        title_fr: "Changements depuis la publication précédente",
        title_en: "Changes since the previous release",
    },
    Planned {
        name: "validation-report.ttl",
        media_type: "text/turtle",
        file_type: "RDF_TURTLE",
        gzip: false,
        title_fr: "Rapport de validation SHACL",
        title_en: "SHACL validation report",
    },
    Planned {
        name: "validation-report.txt",
        media_type: "text/plain",
        file_type: "TXT",
        gzip: false,
        title_fr: "Rapport de validation lisible",
        title_en: "Readable validation report",
    },
    Planned {
        name: "rejects.jsonl",
        media_type: "application/jsonl",
        file_type: "JSON",
        gzip: false,
        title_fr: "Fiches rejetées et pourquoi",
        title_en: "Rejected records and why",
    },
    Planned {
        name: "void.ttl",
        media_type: "text/turtle",
        file_type: "RDF_TURTLE",
        gzip: false,
        title_fr: "Description VoID",
        title_en: "VoID description",
    },
    Planned {
        name: "README.md",
        media_type: "text/markdown",
        file_type: "TXT",
        gzip: false,
        title_fr: "Présentation du jeu de données",
        title_en: "About this dataset",
    },
];

/// The catalogue files written beside the data.
pub const CATALOG_FILES: &[&str] = &[
    "catalog.ttl",
    "catalog.jsonld",
    "catalog.rdf",
    "schema-org.jsonld",
];

/// Every file name a bundle may hold (besides its store), with its media type: what `serve`
/// offers under `/files/` (the places' files only with `--review`, `iati-activities.xml` only
/// when the publisher set its IATI identifier).
pub fn bundle_files() -> Vec<(&'static str, &'static str)> {
    let mut v: Vec<(&str, &str)> = FILES
        .iter()
        .chain(super::places::FILES)
        .chain([&super::iati::bundle::PLANNED])
        .map(|p| {
            (
                p.name,
                if p.gzip {
                    "application/gzip"
                } else {
                    p.media_type
                },
            )
        })
        .collect();
    v.push(("catalog.ttl", "text/turtle"));
    v.push(("catalog.jsonld", "application/ld+json"));
    v.push(("catalog.rdf", "application/rdf+xml"));
    v.push(("schema-org.jsonld", "application/ld+json"));
    // The checksums of every file, so that a download can be checked against them.
    v.push((super::manifest::MANIFEST, "text/plain; charset=utf-8"));
    v
}

/// Writes every Atlas-wide chart as `charts/ID.svg`, `charts/ID.png` and `charts/ID.csv`
/// (French labels; the date of the data in the caption).
pub fn write_charts(
    store: &Store,
    dir: &Path,
    date: &str,
) -> Result<Vec<(String, String)>, PublishError> {
    std::fs::create_dir_all(dir).map_err(|source| PublishError::File {
        path: dir.display().to_string(),
        source,
    })?;
    let data = crate::charts::data::atlas(store)?;
    let charts = crate::charts::atlas_charts(&data, crate::model::lang::Lang::Fr, date);
    let mut written = Vec::new();
    for c in charts {
        let file = |ext: &str| format!("{}.{ext}", c.id);
        write_file(dir, &file("svg"), &c.svg)?;
        write_file(dir, &file("csv"), &c.csv)?;
        let png = crate::charts::png::render(&c.svg).map_err(|e| PublishError::File {
            path: dir.join(file("png")).display().to_string(),
            source: io::Error::other(e),
        })?;
        write_file(dir, &file("png"), png)?;
        written.push((c.id.to_string(), c.title));
    }
    Ok(written)
}
