//! The command line's names for the library's choices. The library knows nothing of clap: each
//! choice is mirrored here with its help text, and converted where the options are built.

use atlas_lod::ingest::InputFormat;
use atlas_lod::model::privacy::ContactPolicy;
use atlas_lod::rdf::OutputFormat;
use atlas_lod::store::query::ResultFormat;

/// Defines a clap value enum mirroring a library enum, variant for variant.
macro_rules! mirror {
    ($(#[$meta:meta])* $name:ident => $lib:ty { $($(#[$vmeta:meta])* $variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl ::std::convert::From<$name> for $lib {
            fn from(v: $name) -> Self {
                match v {
                    $($name::$variant => <$lib>::$variant),+
                }
            }
        }
    };
}

mirror! {
    /// How much of the people named on a page is written out.
    Contacts => ContactPolicy {
        /// Names, e-mails, roles and organisations (personal data: ask for it knowingly).
        Full,
        /// Roles and organisations only: no names, no e-mails (the default).
        Role,
        /// No contact or volunteer at all.
        None,
    }
}

mirror! {
    /// The kind of the inputs.
    Inputs => InputFormat {
        /// Decided by the file extension: `.jsonl`/`.ndjson` are records, `.csv`/`.tsv`
        /// tables, anything else a page.
        Auto,
        /// The text rendering of one Atlas detail page per file.
        AtlasText,
        /// Canonical records, one JSON object per line (`convert --to records-jsonl`).
        Jsonl,
        /// A table (CSV, `;`- or tab-separated), one record per row, read through `--mapping`.
        Csv,
    }
}

mirror! {
    /// An RDF (or records) output format.
    Output => OutputFormat {
        /// Turtle with prefixes (graph names dropped; provenance stays on the graph IRI).
        Turtle,
        /// N-Triples (graph names dropped).
        Ntriples,
        /// N-Quads, one named graph per record.
        Nquads,
        /// TriG, one named graph per record, with prefixes.
        Trig,
        /// RDF/XML (graph names dropped).
        Rdfxml,
        /// JSON-LD 1.1 compacted with `ontology/context.jsonld`, one `@graph` per record.
        Jsonld,
        /// Canonical records as JSON Lines (not RDF): `convert --from jsonl` reads them back.
        RecordsJsonl,
    }
}

mirror! {
    /// How query results are printed.
    Results => ResultFormat {
        /// Aligned columns for people (SELECT/ASK); Turtle for CONSTRUCT/DESCRIBE.
        Table,
        /// SPARQL 1.1 CSV results.
        Csv,
        /// SPARQL 1.1 TSV results.
        Tsv,
        /// SPARQL 1.1 JSON results.
        Json,
        /// SPARQL XML results.
        Xml,
        /// Turtle (CONSTRUCT/DESCRIBE).
        Turtle,
        /// N-Triples (CONSTRUCT/DESCRIBE).
        Ntriples,
        /// RDF/XML (CONSTRUCT/DESCRIBE).
        Rdfxml,
        /// JSON-LD (CONSTRUCT/DESCRIBE).
        Jsonld,
    }
}
