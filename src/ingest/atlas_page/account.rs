//! The account of a page: what each of its lines became. Every non-empty line is used by a
//! field, recognised as page furniture or a heading, or named in a warning; the reader ends
//! each page by warning about the lines nothing claimed, so that no line is dropped silently
//! whatever the page looks like.

use crate::model::Record;

/// What one line of a page became.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineUse {
    /// An empty line (or spaces only).
    Blank,
    /// Page furniture: the breadcrumb, the banner, pagination, message keys, table headers,
    /// the footer.
    Furniture,
    /// A section heading, with the field its section fills.
    Heading(&'static str),
    /// Read into this field of the record.
    Field(&'static str),
    /// Not read into any field, and named in a warning.
    Warned,
}

/// What each line of one page became, line 1 first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Account {
    uses: Vec<Option<LineUse>>,
}

impl Account {
    pub(super) fn new(lines: usize) -> Self {
        Self {
            uses: vec![None; lines],
        }
    }

    /// Records what line `line` (1-based) became; the first use recorded stands, except that a
    /// warning overrides everything (a line read and then found wanting is not "used").
    pub(super) fn set(&mut self, line: usize, used: LineUse) {
        if let Some(slot) = line.checked_sub(1).and_then(|i| self.uses.get_mut(i))
            && (slot.is_none() || used == LineUse::Warned)
        {
            *slot = Some(used);
        }
    }

    /// What line `line` (1-based) became; `None` past the end of the page.
    pub fn get(&self, line: usize) -> Option<LineUse> {
        line.checked_sub(1)
            .and_then(|i| self.uses.get(i))
            .map(|u| u.unwrap_or(LineUse::Warned))
    }

    /// The number of lines of the page.
    pub fn len(&self) -> usize {
        self.uses.len()
    }

    /// Whether the page has no line.
    pub fn is_empty(&self) -> bool {
        self.uses.is_empty()
    }

    /// Lines per kind of use: (blank, furniture, heading, field, warned).
    pub fn counts(&self) -> [usize; 5] {
        let mut c = [0; 5];
        for i in 1..=self.len() {
            let k = match self.get(i) {
                Some(LineUse::Blank) => 0,
                Some(LineUse::Furniture) => 1,
                Some(LineUse::Heading(_)) => 2,
                Some(LineUse::Field(_)) => 3,
                _ => 4,
            };
            c[k] += 1;
        }
        c
    }

    /// Warns about every run of lines nothing claimed, by line numbers only: such a line may
    /// sit under a contact heading the reader did not recognise, so it is never quoted.
    pub(super) fn close(&mut self, rec: &mut Record, heading_of: impl Fn(usize) -> Option<usize>) {
        let mut i = 0;
        while i < self.uses.len() {
            if self.uses[i].is_some() {
                i += 1;
                continue;
            }
            let start = i;
            while i < self.uses.len() && matches!(self.uses[i], None | Some(LineUse::Blank)) {
                i += 1;
            }
            let mut end = i;
            while end > start && self.uses[end - 1] == Some(LineUse::Blank) {
                end -= 1;
            }
            for slot in &mut self.uses[start..end] {
                if slot.is_none() {
                    *slot = Some(LineUse::Warned);
                }
            }
            let (first, last) = (start + 1, end);
            let lines = if first == last {
                format!("line {first} was")
            } else {
                format!("lines {first}-{last} were")
            };
            let after = match heading_of(first) {
                Some(h) => format!("under the heading of line {h}"),
                None => "before any heading".to_string(),
            };
            rec.warn(
                first,
                "page",
                format!(
                    "{lines} not read into any field ({after}; not quoted: it may be personal data)"
                ),
            );
        }
    }
}
