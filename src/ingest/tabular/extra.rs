//! Extra tables (`[[tables]]`): read whole, indexed by the partnership's key, their rows
//! handed to the partnership with that key.

use super::layout::Layout;
use super::{Line, Lines, open_table};
use crate::ingest::mapping::{Columns, Mapping, TableColumns};
use crate::ingest::{IngestError, RecordError};
use std::collections::HashMap;

/// An extra table, read whole and indexed by key.
pub(super) struct Extra {
    pub(super) name: String,
    pub(super) mapping: Mapping,
    pub(super) layout: Layout,
    pub(super) key_column: String,
    pub(super) rows: HashMap<String, Vec<Line>>,
    pub(super) order: Vec<String>,
}

/// The mapping an extra table is read with: its blocks, in the main mapping's separators.
pub(super) fn extra_mapping(main: &Mapping, t: &TableColumns) -> Mapping {
    let mut columns = Columns::default();
    if let Some(fp) = &t.foreign_partners {
        columns.foreign_partners = Some(fp.name.clone());
        columns.foreign_partner_countries = fp.country.clone();
    }
    if let Some(fr) = &t.french_partners {
        columns.french_partners = Some(fr.name.clone());
        columns.french_partner_sirens = fr.siren.clone();
    }
    Mapping {
        file: main.file.clone(),
        dir: main.dir.clone(),
        key: Some(t.key.clone()),
        delimiter: t.delimiter,
        encoding: t.encoding,
        list_separator: main.list_separator.clone(),
        theme_separator: main.theme_separator.clone(),
        columns,
        funding: t.funding.clone(),
        contacts: t.contacts.clone(),
        volunteers: t.volunteers.clone(),
        tables: Vec::new(),
    }
}

/// Reads an extra table whole, indexed by key; rows it cannot split or without a key are
/// returned as errors.
pub(super) fn load_extra(
    main: &Mapping,
    t: &TableColumns,
) -> Result<(Extra, Vec<RecordError>), IngestError> {
    let path = main.dir.join(&t.file);
    let name = path.display().to_string();
    let bytes = std::fs::read(&path).map_err(|source| IngestError::Io {
        path: name.clone(),
        source,
    })?;
    let mapping = extra_mapping(main, t);
    let (reader, layout, _) = open_table(&bytes, &name, &mapping, Some(&t.key))?;
    let mut extra = Extra {
        name,
        mapping,
        layout,
        key_column: t.key.clone(),
        rows: HashMap::new(),
        order: Vec::new(),
    };
    let mut errors = Vec::new();
    let mut unkeyed = Vec::new();
    let records = reader.into_records();
    for (line, cells) in Lines::new(records, &extra.name, &mut errors) {
        let key = extra
            .layout
            .key
            .as_ref()
            .and_then(|c| cells.get(c.1))
            .map_or("", str::trim);
        if key.is_empty() {
            unkeyed.push(RecordError::new(
                &extra.name,
                line,
                "key",
                format!(
                    "column {:?}: empty: the row cannot be joined to a partnership",
                    t.key
                ),
            ));
            continue;
        }
        let key = format!("k\u{1f}{key}");
        let entry = extra.rows.entry(key.clone()).or_default();
        if entry.is_empty() {
            extra.order.push(key);
        }
        entry.push((line, cells));
    }
    errors.extend(unkeyed);
    Ok((extra, errors))
}
