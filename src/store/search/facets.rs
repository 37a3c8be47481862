//! The facets of a question's hits (country, theme of level 1, kind, status, start decade),
//! counted as the hits are collected.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use tantivy::collector::{Collector, SegmentCollector};

/// The facets whose values are counted over every hit.
const FACETS: [&str; 5] = ["country", "theme", "kind", "status", "decade"];

/// Facet -> value -> number of hits.
pub type FacetCounts = BTreeMap<String, BTreeMap<String, usize>>;

/// A segment's facets, laid out for counting: per facet, the numbers of the values of every
/// document (`ords[offsets[d]..offsets[d + 1]]`) and the values by number. Read from the
/// facet fields' columns once per segment: counting a question's hits is then a walk over
/// arrays, where reading the columns for every hit cost a fifth of a question's time.
pub(super) struct FacetTable(Vec<FacetColumn>);

/// One facet of a segment: its name, the offsets by document, the value numbers, the values.
type FacetColumn = (&'static str, Vec<u32>, Vec<u32>, Vec<String>);

impl FacetTable {
    fn read(reader: &tantivy::SegmentReader) -> tantivy::Result<FacetTable> {
        let mut facets = Vec::new();
        for name in FACETS {
            let Some(column) = reader.fast_fields().str(name)? else {
                continue;
            };
            let mut offsets = Vec::with_capacity(reader.max_doc() as usize + 1);
            let mut ords = Vec::new();
            offsets.push(0);
            for doc in 0..reader.max_doc() {
                ords.extend(column.term_ords(doc).map(|o| o as u32));
                offsets.push(ords.len() as u32);
            }
            let every: Vec<u64> = (0..column.num_terms() as u64).collect();
            let mut values = Vec::with_capacity(every.len());
            column
                .dictionary()
                .sorted_ords_to_term_cb(&every, |bytes| {
                    values.push(String::from_utf8_lossy(bytes).into_owned())
                })?;
            facets.push((name, offsets, ords, values));
        }
        Ok(FacetTable(facets))
    }
}

/// The facet tables of the segments met, by segment.
#[derive(Default)]
pub(super) struct FacetTables(
    Mutex<std::collections::HashMap<tantivy::index::SegmentId, Arc<FacetTable>>>,
);

impl FacetTables {
    fn of(&self, reader: &tantivy::SegmentReader) -> tantivy::Result<Arc<FacetTable>> {
        let id = reader.segment_id();
        let mut tables = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(t) = tables.get(&id) {
            return Ok(t.clone());
        }
        // Segments of an index read before it was rebuilt are not asked again.
        if tables.len() >= 64 {
            tables.clear();
        }
        let table = Arc::new(FacetTable::read(reader)?);
        tables.insert(id, table.clone());
        Ok(table)
    }
}

/// Counts the facets (country, theme of level 1, kind, status, start decade) of every hit as
/// the hits are collected, from the segments' facet tables: no document is read, and the
/// question is asked once for the page, the count and the facets together.
pub(super) struct Facets<'a>(pub(super) &'a FacetTables);

/// The facets of one segment: its table, and one counter per value of each facet.
pub(super) struct SegmentFacets(Arc<FacetTable>, Vec<Vec<usize>>);

impl Collector for Facets<'_> {
    type Fruit = FacetCounts;
    type Child = SegmentFacets;

    fn for_segment(
        &self,
        _segment: tantivy::SegmentOrdinal,
        reader: &tantivy::SegmentReader,
    ) -> tantivy::Result<SegmentFacets> {
        let table = self.0.of(reader)?;
        let counts = table
            .0
            .iter()
            .map(|(_, _, _, v)| vec![0; v.len()])
            .collect();
        Ok(SegmentFacets(table, counts))
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<FacetCounts>) -> tantivy::Result<FacetCounts> {
        let mut out = FacetCounts::new();
        for segment in segments {
            for (facet, values) in segment {
                let merged = out.entry(facet).or_default();
                for (value, n) in values {
                    *merged.entry(value).or_default() += n;
                }
            }
        }
        Ok(out)
    }
}

impl SegmentCollector for SegmentFacets {
    type Fruit = FacetCounts;

    fn collect(&mut self, doc: tantivy::DocId, _score: tantivy::Score) {
        let d = doc as usize;
        for ((_, offsets, ords, _), counts) in self.0.0.iter().zip(&mut self.1) {
            let (Some(&from), Some(&to)) = (offsets.get(d), offsets.get(d + 1)) else {
                continue;
            };
            for ord in ords.get(from as usize..to as usize).into_iter().flatten() {
                if let Some(n) = counts.get_mut(*ord as usize) {
                    *n += 1;
                }
            }
        }
    }

    fn harvest(self) -> FacetCounts {
        let mut out = FacetCounts::new();
        for ((name, _, _, values), counts) in self.0.0.iter().zip(self.1) {
            let counted: BTreeMap<String, usize> = counts
                .into_iter()
                .enumerate()
                .filter(|(_, n)| *n > 0)
                .filter_map(|(ord, n)| Some((values.get(ord)?.clone(), n)))
                .collect();
            if !counted.is_empty() {
                out.insert(name.to_string(), counted);
            }
        }
        out
    }
}
