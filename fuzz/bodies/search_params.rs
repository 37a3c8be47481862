//! Any bytes as the query string of `/search` and `/suggest`: the parameters read as the
//! server reads them, then asked of the search index of the seed page and the example pages
//! (French analysis, the prefix of the last word, filters, pages), and of the code lookup of
//! the reconciliation service. The same bytes as a reconciliation batch (`queries=`, JSON)
//! and a data extension request, each query read as `/reconcile` reads it and asked for its
//! candidates. An empty answer is fine; a panic is a bug.

use atlas_lod::rdf::MapOptions;
use atlas_lod::rdf::map::redact_and_map;
use atlas_lod::serve::{reconcile, search};
use atlas_lod::store::search::find::Searcher;
use atlas_lod::store::search::{Kind, in_memory};
use std::sync::OnceLock;

const PAGES: &[&[u8]] = &[
    include_bytes!("../seeds/atlas_page/seed.txt"),
    include_bytes!("../seeds/atlas_page/eau-dogbo.txt"),
    include_bytes!("../seeds/atlas_page/jumelage-cuenca.txt"),
];

fn searcher() -> Option<&'static Searcher> {
    static SEARCHER: OnceLock<Option<Searcher>> = OnceLock::new();
    SEARCHER
        .get_or_init(|| {
            let store = oxigraph::store::Store::new().ok()?;
            for page in PAGES {
                let record = atlas_lod::ingest::read_page_bytes(page, "page.txt").ok()?;
                store
                    .extend(redact_and_map(&MapOptions::default(), record))
                    .ok()?;
            }
            in_memory(&store).ok()
        })
        .as_ref()
}

/// One input.
pub fn run(data: &[u8]) {
    let Some(searcher) = searcher() else { return };
    let raw = String::from_utf8_lossy(data);
    let p = search::params(Some(&raw));
    let _ = searcher.search(&search::question(&p));
    let kinds: Vec<Kind> = p
        .kind
        .as_deref()
        .and_then(Kind::from_code)
        .into_iter()
        .collect();
    let _ = searcher.suggest(&p.q, &kinds, 10);
    let _ = searcher.by_code(&p.q, &kinds);
    if let Ok(batch) = reconcile::request::batch(&raw) {
        for (_, request) in batch.iter().take(4) {
            if let Ok(mut found) =
                atlas_lod::store::search::reconcile::candidates(searcher, request)
            {
                atlas_lod::store::search::reconcile::decide(&mut found);
            }
        }
    }
    let _ = reconcile::request::extension(&raw);
}
