//! Cutting a page into sections: each line is furniture, a heading, a table header, a flag
//! sentence, or a value of the section it sits in. Lines under a heading that is not known
//! go to no section: they are never read into the field before them.

use super::Lines;
use super::account::{Account, LineUse};
use super::headings::{self, Match, Section};
use crate::ingest::values::{self, Flag};
use crate::model::Record;
use crate::model::names::normalise;
use std::collections::BTreeMap;

const BANNER: &str =
    "atlas francais de la cooperation decentralisee et des autres actions exterieures";
/// The page's search-icon message key, left at the end of table rows.
const ICON_KEY: &str = "commun.ico.loupe.alter";

/// The rows under one table header (or under the heading, when the table has no header).
#[derive(Debug, Clone, Default)]
pub(super) struct Block {
    /// The line of the header that opened it.
    pub header: Option<usize>,
    pub lines: Lines,
}

/// A page cut into sections.
#[derive(Debug, Default)]
pub(super) struct Cut {
    /// The value lines of each section, in blocks (a new block when a table header comes again).
    pub sections: BTreeMap<Section, Vec<Block>>,
    /// The line of each section's first heading.
    pub starts: BTreeMap<Section, usize>,
    /// The lines of every heading, in order.
    pub headings: Vec<usize>,
    /// The funding table's header row, which names the levy columns.
    pub funding_header: Option<String>,
    /// The diplomatic post's name and the line of its heading.
    pub post_name: Option<(usize, String)>,
}

impl Cut {
    /// All value lines of a section, blocks joined.
    pub fn lines(&self, s: Section) -> Option<(usize, Lines)> {
        let blocks = self.sections.get(&s)?;
        let start = self.starts.get(&s).copied().unwrap_or(1);
        Some((
            start,
            blocks
                .iter()
                .flat_map(|b| b.lines.iter().cloned())
                .collect(),
        ))
    }

    /// The heading line above line `n`.
    pub fn heading_of(&self, n: usize) -> Option<usize> {
        self.headings.iter().rev().find(|h| **h < n).copied()
    }
}

/// Cuts `text` into sections, applying the flag sentences to `rec` on the way.
pub(super) fn cut(text: &str, rec: &mut Record, account: &mut Account) -> Cut {
    let mut cut = Cut::default();
    let mut current = Section::Preamble;
    let enter = |cut: &mut Cut, section: Section, n: usize| {
        cut.starts.entry(section).or_insert(n);
        cut.sections
            .entry(section)
            .or_insert_with(|| vec![Block::default()]);
        section
    };
    for (i, whole_line) in text.lines().enumerate() {
        let n = i + 1;
        let pieces = split_joined(whole_line, current.is_free_text());
        if pieces.len() > 1 {
            rec.warn(
                n,
                current.field(),
                format!("{} parts on one line (a heading, a table header or a value joined to the next): read as separate lines", pieces.len()),
            );
        }
        for raw_line in pieces {
            let line = raw_line.trim();
            if line.is_empty() {
                account.set(n, LineUse::Blank);
                // Blank lines matter inside free text (paragraph breaks) and contact blocks.
                if let Some(block) = cut.sections.get_mut(&current).and_then(|b| b.last_mut()) {
                    block.lines.push((n, String::new()));
                }
                continue;
            }
            if is_noise(line) || normalise(line) == BANNER {
                account.set(n, LineUse::Furniture);
                continue;
            }
            if let Some((m, rest)) = headings::diplomatic_heading(line) {
                if let Match::Near { heading, .. } = m {
                    rec.warn(
                        n,
                        "diplomatic_post",
                        format!("the heading {line:?} was read as {heading:?}"),
                    );
                }
                current = enter(&mut cut, Section::DiplomaticPost, n);
                cut.headings.push(n);
                let name = quoted(rest).unwrap_or_else(|| rest.trim().to_string());
                cut.post_name = Some((n, name));
                account.set(n, LineUse::Heading("diplomatic_post"));
                continue;
            }
            if let Some(m) = headings::heading(line) {
                cut.headings.push(n);
                current = match m {
                    Match::Exact(s) => enter(&mut cut, s, n),
                    Match::Near { section, heading } => {
                        rec.warn(
                            n,
                            section.field(),
                            format!("the heading {line:?} was read as {heading:?}"),
                        );
                        enter(&mut cut, section, n)
                    }
                    Match::Ambiguous => {
                        rec.warn(n, "page", format!("the heading {line:?} is as close to two different headings: the lines under it were not read"));
                        Section::Unknown
                    }
                };
                account.set(n, LineUse::Heading(current.field()));
                continue;
            }
            if let Some(flag) = values::flag(line) {
                account.set(n, LineUse::Field(apply_flag(rec, flag, n)));
                current = Section::Group;
                continue;
            }
            if let Some(m) = headings::table_header(line) {
                current = table(&mut cut, rec, current, m, line, n);
                if current == Section::Funding {
                    cut.funding_header = Some(line.to_string());
                }
                account.set(n, LineUse::Furniture);
                continue;
            }
            if headings::looks_like_heading(line, current.is_free_text()) {
                rec.warn(
                n,
                "page",
                format!("{line:?} reads as a heading the reader does not know: the lines under it were not read"),
            );
                account.set(n, LineUse::Warned);
                cut.headings.push(n);
                current = Section::Unknown;
                continue;
            }
            match current {
                // The footer is the site's: links and notices, not the partnership's.
                Section::Footer => account.set(n, LineUse::Furniture),
                // Left unclaimed: the account's close names them in a warning.
                Section::Preamble | Section::Group | Section::Unknown => {}
                _ => {
                    let value = raw_line.trim_end().trim_start_matches('\u{feff}');
                    if let Some(block) = cut.sections.get_mut(&current).and_then(|b| b.last_mut()) {
                        block.lines.push((n, strip_icon(value).to_string()));
                    }
                }
            }
        }
    }
    cut
}

/// A line that holds what the page usually writes on two: a heading and its value
/// (`Titre La Beauté ...`), a heading and a table header, a table header and a row, a value and
/// the next heading, pagination before a heading. Only exact headings split a line; in free
/// text a one-word heading splits only before a capital (prose may begin "Historique de").
fn split_joined(line: &str, in_free_text: bool) -> Vec<String> {
    let mut line = line.to_string();
    // Pagination glued after a row: `... Volontariat 2 << < pagination.page.precedent ...`.
    if let Some(at) = line.find("<< <")
        && at > 0
        && line[at..].contains("pagination.page.")
    {
        let mut out = split_joined(line[..at].trim_end(), in_free_text);
        out.extend(split_joined(&line[at..], in_free_text));
        return out;
    }
    // Pagination glued to what follows it: `<< < pagination.page.precedent 1 ... > >> Année ...`.
    if let Some(end) = line.find("> >>")
        && line[..end].contains("pagination.page.")
    {
        let rest = line[end + 4..].trim().to_string();
        if !rest.is_empty() {
            let mut out = vec![line[..end + 4].to_string()];
            out.extend(split_joined(&rest, in_free_text));
            return out;
        }
    }
    // Two table rows on one line: the search icon's key ends each row.
    if let Some(at) = line.find(ICON_KEY)
        && !line[at + ICON_KEY.len()..].trim().is_empty()
    {
        let end = at + ICON_KEY.len();
        let mut out = vec![line[..end].to_string()];
        out.extend(split_joined(line[end..].trim(), in_free_text));
        return out;
    }
    // A flag sentence is one line ("Le partenariat est triennal" is no heading and value).
    if values::flag(line.trim()).is_some() {
        return vec![line];
    }
    let owned = line.trim().to_string();
    let trimmed = owned.as_str();
    let words: Vec<&str> = trimmed.split_whitespace().collect();
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return vec![line];
    };
    if !headings::may_open(first) && !headings::may_close(last) {
        return vec![line];
    }
    if headings::heading(trimmed).is_some()
        || headings::table_header(trimmed).is_some()
        || headings::diplomatic_heading(trimmed).is_some()
    {
        return vec![line];
    }
    if words.len() < 2 {
        return vec![line];
    }
    let exact = |text: &str| {
        matches!(headings::heading(text), Some(Match::Exact(_)))
            || matches!(headings::table_header(text), Some(Match::Exact(_)))
    };
    // A heading or table header first, its value after.
    for k in (1..words.len().min(40)).rev() {
        let head = words[..k].join(" ");
        if !exact(&head) {
            continue;
        }
        // A value starts with a capital or a digit ("La Beauté", "2017", "31/12/2018"); a
        // lower-case word goes on the heading ("Maître(s) d'ouvrage délégué(s)").
        let next = words[k];
        if !next.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit() || c == '<') {
            break;
        }
        let mut out = vec![head];
        out.extend(split_joined(&words[k..].join(" "), in_free_text));
        return out;
    }
    // A value, then the next heading.
    for k in (1..words.len().min(16)).rev() {
        let tail = words[words.len() - k..].join(" ");
        if !matches!(headings::heading(&tail), Some(Match::Exact(_))) {
            continue;
        }
        // In free text a short heading closes a line only after a sentence's end.
        let before_ends = words[words.len() - k - 1].ends_with(|c: char| ".!?:;)»\"".contains(c));
        // Headings are written with a capital: "Autre titre" is a title, not "Autre" + "Titre".
        let capital = words[words.len() - k].starts_with(char::is_uppercase);
        if !capital || (in_free_text && k < 3 && !before_ends) {
            break;
        }
        line = words[..words.len() - k].join(" ");
        return vec![line, tail];
    }
    vec![line]
}

/// A table header: it opens its own table whatever heading came before, and a header seen
/// again after rows opens a new block of that table.
fn table(
    cut: &mut Cut,
    rec: &mut Record,
    current: Section,
    m: Match,
    line: &str,
    n: usize,
) -> Section {
    let section = match m {
        Match::Exact(s) => s,
        Match::Near { section, heading } => {
            rec.warn(
                n,
                section.field(),
                format!("the table header {line:?} was read as {heading:?}"),
            );
            section
        }
        Match::Ambiguous => {
            rec.warn(
                n,
                "page",
                format!("the table header {line:?} is as close to two different tables: its rows were not read"),
            );
            return Section::Unknown;
        }
    };
    if section != current {
        let heading = cut
            .heading_of(n + 1)
            .map_or("the page's start".to_string(), |h| format!("line {h}"));
        rec.warn(
            n,
            section.field(),
            format!("a {} table under the heading of {heading}: its rows were read as that table, not as the heading's", section.field()),
        );
        cut.starts.entry(section).or_insert(n);
        cut.headings.push(n);
    }
    let blocks = cut.sections.entry(section).or_default();
    let has_rows = blocks
        .last()
        .is_some_and(|b| b.lines.iter().any(|(_, l)| !l.trim().is_empty()));
    if blocks.is_empty() || has_rows {
        blocks.push(Block::default());
    }
    if let Some(b) = blocks.last_mut() {
        b.header = Some(n);
    }
    section
}

/// Lines that carry nothing: the breadcrumb, pagination, unresolved message keys, the
/// copyright notice.
fn is_noise(line: &str) -> bool {
    line.starts_with("Accueil >")
        || (line.starts_with("<<") && line.contains("pagination.page."))
        || line.starts_with("Tous droits réservés")
        || line == ICON_KEY
        || line
            .split_whitespace()
            .all(|w| w.starts_with("???") && w.ends_with("???") && w.len() > 6)
}

fn strip_icon(row: &str) -> &str {
    row.trim_end()
        .strip_suffix(ICON_KEY)
        .map_or(row, str::trim_end)
}

fn quoted(line: &str) -> Option<String> {
    let start = line.find(['"', '«', '“'])?;
    let rest = &line[start..];
    let open = rest.chars().next()?;
    let rest = &rest[open.len_utf8()..];
    let end = rest.find(['"', '»', '”'])?;
    Some(rest[..end].trim().to_string())
}

/// Sets a flag of the record; returns the field it fills.
fn apply_flag(rec: &mut Record, flag: Flag, line: usize) -> &'static str {
    let (slot, value, field) = match flag {
        Flag::Triennial(v) => (&mut rec.triennial, v, "triennial"),
        Flag::CommunicationFrance(v) => (&mut rec.communication_france, v, "communication_france"),
        Flag::CommunicationPartners(v) => (
            &mut rec.communication_partner_countries,
            v,
            "communication_partner_countries",
        ),
        Flag::Evaluation(v) => (&mut rec.evaluation, v, "evaluation"),
    };
    let previous = slot.replace(value);
    if previous.is_some_and(|p| p != value) {
        rec.warn(
            line,
            field,
            "the page states this flag twice with opposite values; the later one is kept",
        );
    }
    field
}
