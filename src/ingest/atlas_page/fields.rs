//! The sections of a cut page read into the record's fields. Each reader marks the lines it
//! used in the account; what no reader used is warned about when the account closes.

use super::account::{Account, LineUse};
use super::cut::{Block, Cut};
use super::funding::{levy_columns, read_funding_row};
use super::headings::Section;
use super::people::{read_foreign_contact, read_post_contacts, read_volunteer};
use super::{Lines, MAX_TABLE_ROWS, MAX_TITLE_CHARS};
use crate::ingest::{RecordError, values};
use crate::model::names::normalise;
use crate::model::{DiplomaticPost, ForeignPartner, FrenchPartner, OtherTheme, Record};
use crate::model::{countries, patterns, themes};

/// Reads every section of `cut` into `rec`.
pub(super) fn read(
    cut: &Cut,
    rec: &mut Record,
    account: &mut Account,
    file: &str,
) -> Result<(), RecordError> {
    // A table of thousands of rows is not an Atlas page (and would cost memory to map).
    for (section, blocks) in &cut.sections {
        let rows: usize = blocks.iter().map(|b| non_empty(&b.lines).count()).sum();
        if rows > MAX_TABLE_ROWS {
            let start = cut.starts.get(section).copied().unwrap_or(1);
            return Err(RecordError::new(
                file,
                start,
                section.field(),
                format!(
                    "{rows} rows in one section: more than the {MAX_TABLE_ROWS} a page may hold"
                ),
            ));
        }
    }
    let mut r = Reader { cut, rec, account };
    r.title(file)?;
    r.single_values(file)?;
    r.texts();
    r.organisations();
    r.people();
    r.other_themes();
    r.funding(file)?;
    Ok(())
}

struct Reader<'a> {
    cut: &'a Cut,
    rec: &'a mut Record,
    account: &'a mut Account,
}

impl Reader<'_> {
    fn used(&mut self, line: usize, section: Section) {
        self.account.set(line, LineUse::Field(section.field()));
    }

    fn first_value(&mut self, s: Section) -> Option<(usize, String)> {
        let (_, lines) = self.cut.lines(s)?;
        let (n, text) = non_empty(&lines).next()?;
        self.used(*n, s);
        Some((*n, text.trim().to_string()))
    }

    fn paragraph(&mut self, s: Section) -> Option<String> {
        let (_, lines) = self.cut.lines(s)?;
        for (n, _) in non_empty(&lines) {
            self.used(*n, s);
        }
        let text: Vec<&str> = lines.iter().map(|(_, l)| l.trim_end()).collect();
        let joined = text.join("\n");
        let trimmed = joined.trim_matches('\n').trim();
        (!trimmed.is_empty()).then(|| trimmed.to_string())
    }

    /// The rows of a table, repeated tables read once: a block whose rows are those of an
    /// earlier block is the same table printed again, and said so.
    fn rows(&mut self, s: Section) -> Vec<(usize, String)> {
        let Some(blocks) = self.cut.sections.get(&s) else {
            return Vec::new();
        };
        let mut seen: Vec<(Vec<String>, usize)> = Vec::new();
        let mut out = Vec::new();
        for block in blocks {
            let rows = block_rows(block);
            if rows.is_empty() {
                continue;
            }
            let texts: Vec<String> = rows.iter().map(|(_, r)| r.clone()).collect();
            let header = block.header.unwrap_or(rows[0].0);
            if let Some((_, first)) = seen.iter().find(|(t, _)| *t == texts) {
                let last = rows.last().map_or(header, |(n, _)| *n);
                self.rec.warn(
                    header,
                    s.field(),
                    format!("lines {header}-{last} repeat the table under line {first}: its rows were read once"),
                );
                for (n, _) in &rows {
                    self.account.set(*n, LineUse::Warned);
                }
                continue;
            }
            if let Some((_, first)) = seen.first() {
                self.rec.warn(
                    header,
                    s.field(),
                    format!("a second table under line {header}, with rows other than the table under line {first}: its rows were read as more rows of it"),
                );
            }
            seen.push((texts, header));
            out.extend(rows);
        }
        // Contact details belong to the contact sections only: a row elsewhere that holds
        // one is someone's, so it is not read into an organisation, a theme or a funder.
        if !s.is_personal() {
            out.retain(|(n, row)| {
                let personal = patterns::has_contact_details(row) || patterns::names_a_person(row);
                if personal {
                    self.rec.warn(*n, s.field(), "the row holds an e-mail address, a phone number or a civility (M., Mme), which only a contact row may hold: not read (not quoted: personal data)");
                    self.account.set(*n, LineUse::Warned);
                }
                !personal
            });
        }
        for (n, _) in &out {
            self.used(*n, s);
        }
        out
    }

    fn title(&mut self, file: &str) -> Result<(), RecordError> {
        let lines = self.cut.lines(Section::Title);
        let start = lines.as_ref().map_or(1, |(l, _)| *l);
        let title = lines
            .as_ref()
            .map(|(_, lines)| {
                non_empty(lines)
                    .map(|(_, l)| l.trim())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default();
        if title.is_empty() {
            return Err(RecordError::new(
                file,
                start,
                "title",
                "the page has no title",
            ));
        }
        let chars = title.chars().count();
        if chars > MAX_TITLE_CHARS {
            return Err(RecordError::new(
                file,
                start,
                "title",
                format!("{chars} characters: longer than the {MAX_TITLE_CHARS} a title may have"),
            ));
        }
        if let Some((_, lines)) = &lines {
            for (n, _) in non_empty(lines) {
                self.used(*n, Section::Title);
            }
            if non_empty(lines).count() > 1 {
                self.rec.warn(
                    1,
                    "title",
                    "the title spans several lines; they were joined",
                );
            }
        }
        self.rec.title = title;
        Ok(())
    }

    fn single_values(&mut self, file: &str) -> Result<(), RecordError> {
        for (s, slot) in [(Section::FirstAgreementYear, 0), (Section::StartYear, 1)] {
            if let Some((line, text)) = self.first_value(s) {
                let year =
                    values::year(&text).map_err(|m| RecordError::new(file, line, s.field(), m))?;
                if slot == 0 {
                    self.rec.first_agreement_year = Some(year);
                } else {
                    self.rec.start_year = Some(year);
                }
            }
        }
        for level in 0..3 {
            if let Some((_, label)) = self.first_value(Section::Theme(level)) {
                if self.rec.main_theme.len() < level {
                    self.rec.warn(
                        1,
                        "main_theme",
                        format!("level {} is given without the level above", level + 1),
                    );
                }
                self.rec.main_theme.push(label);
            }
        }
        self.rec.status = self.first_value(Section::Status).map(|v| v.1);
        if let Some((line, text)) = self.first_value(Section::EndDate) {
            self.rec.end_date =
                Some(values::date(&text).map_err(|m| RecordError::new(file, line, "end_date", m))?);
        }
        self.rec.kind = self.first_value(Section::Kind).map(|v| v.1);
        Ok(())
    }

    fn texts(&mut self) {
        self.rec.context = self.paragraph(Section::Context);
        self.rec.history = self.paragraph(Section::History);
        self.rec.objective = self.paragraph(Section::Objective);
        self.rec.description = self.paragraph(Section::Description);
        self.rec.beneficiaries = self.paragraph(Section::Beneficiaries);
    }

    fn organisations(&mut self) {
        let implementers = self.rows(Section::Implementers);
        let owners = self.rows(Section::Owners);
        let partners = self.rows(Section::ForeignPartners);
        let french = self.rows(Section::FrenchPartners);
        for (line, row) in partners {
            let partner = match countries::split_trailing(&row) {
                Some((name, country, label)) if !name.is_empty() => ForeignPartner {
                    name,
                    country_label: Some(label),
                    country: Some(country.alpha2.to_string()),
                },
                _ => {
                    self.rec.warn(
                        line,
                        "foreign_partners",
                        format!(
                            "no known country ends the row {row:?}; kept as a name without country"
                        ),
                    );
                    ForeignPartner {
                        name: row,
                        country_label: None,
                        country: None,
                    }
                }
            };
            self.rec.foreign_partners.push(partner);
        }
        // French authorities, owners and implementers are often named again elsewhere on the
        // page (as one another, or as funders): a row that is such a name with words after it
        // is said, since those words may belong to something else.
        let elsewhere =
            |s: &[(usize, String)]| -> Vec<String> { s.iter().map(|(_, r)| r.clone()).collect() };
        let funders: Vec<String> = self
            .cut
            .lines(Section::Funding)
            .map(|(_, l)| funder_prefixes(&l))
            .unwrap_or_default();
        let lists = [
            (Section::Implementers, elsewhere(&implementers)),
            (Section::Owners, elsewhere(&owners)),
            (Section::FrenchPartners, elsewhere(&french)),
        ];
        for (s, rows) in [
            (Section::Implementers, &implementers),
            (Section::Owners, &owners),
            (Section::FrenchPartners, &french),
        ] {
            // Names of the other lists and the funders: a list cannot vouch for itself.
            let mut known: Vec<String> = lists
                .iter()
                .filter(|(o, _)| *o != s)
                .flat_map(|(_, l)| l.iter().cloned())
                .collect();
            known.extend(funders.iter().cloned());
            for (line, row) in rows.iter() {
                if let Some(name) = longer_than_known(row, &known) {
                    self.rec.warn(*line, s.field(), format!("the row {row:?} is {name:?}, named so elsewhere on the page, with more words after it: kept as written"));
                }
            }
        }
        self.rec.implementers = implementers.into_iter().map(|(_, r)| r).collect();
        self.rec.project_owners = owners.into_iter().map(|(_, r)| r).collect();
        for (_, row) in french {
            self.rec.french_partners.push(FrenchPartner {
                name: row,
                ..Default::default()
            });
        }
    }

    fn people(&mut self) {
        if let Some((_, name)) = self.cut.post_name.clone() {
            let lines = self
                .cut
                .lines(Section::DiplomaticPost)
                .map(|(_, l)| l)
                .unwrap_or_default();
            for (n, _) in non_empty(&lines) {
                self.used(*n, Section::DiplomaticPost);
            }
            let contacts = read_post_contacts(self.rec, &lines);
            self.rec.diplomatic_post = Some(DiplomaticPost { name, contacts });
        }
        for (line, row) in self.rows(Section::ForeignContacts) {
            let contact = read_foreign_contact(self.rec, line, &row);
            self.rec.foreign_contacts.push(contact);
        }
        for (line, row) in self.rows(Section::Volunteers) {
            let volunteer = read_volunteer(self.rec, line, &row);
            self.rec.volunteers.push(volunteer);
        }
    }

    fn other_themes(&mut self) {
        let extra = vec![self.rec.main_theme.clone()];
        for (line, row) in self.rows(Section::OtherThemes) {
            let mut words: Vec<&str> = row.split_whitespace().collect();
            let priority = match words.last() {
                Some(w) if w.chars().all(|c| c.is_ascii_digit()) => {
                    let p = w.to_string();
                    words.pop();
                    Some(p)
                }
                _ => None,
            };
            let text = words.join(" ");
            if words.iter().any(|w| w.chars().all(|c| c.is_ascii_digit())) {
                self.rec.warn(
                    line,
                    "other_themes",
                    format!("a number inside the row (two rows on one line?): {text:?}"),
                );
            }
            let path = match themes::known().split_row(&text, &extra) {
                Some(path) => path,
                None => {
                    self.rec.warn(
                        line,
                        "other_themes",
                        format!("the levels of {text:?} are not known themes; kept as one label"),
                    );
                    vec![text]
                }
            };
            self.rec.other_themes.push(OtherTheme { path, priority });
        }
    }

    fn funding(&mut self, file: &str) -> Result<(), RecordError> {
        let levy_columns = self
            .cut
            .funding_header
            .as_deref()
            .map(levy_columns)
            .unwrap_or_default();
        for (line, row) in self.rows(Section::Funding) {
            let funding = read_funding_row(self.rec, file, line, &row, &levy_columns)?;
            self.rec.funding.push(funding);
        }
        Ok(())
    }
}

pub(super) fn non_empty(lines: &Lines) -> impl Iterator<Item = &(usize, String)> {
    lines.iter().filter(|(_, l)| !l.trim().is_empty())
}

fn block_rows(block: &Block) -> Vec<(usize, String)> {
    non_empty(&block.lines)
        // U+00A0 inside a row is a thousands separator in amounts: keep it.
        .map(|(n, l)| (*n, l.split_ascii_whitespace().collect::<Vec<_>>().join(" ")))
        .collect()
}

/// The funders' names as far as the first number of each funding row.
fn funder_prefixes(lines: &Lines) -> Vec<String> {
    non_empty(lines)
        .filter_map(|(_, l)| {
            let words: Vec<&str> = l.split_whitespace().collect();
            let k = words
                .iter()
                .position(|w| w.starts_with(|c: char| c.is_ascii_digit()))?;
            (k > 0).then(|| words[..k].join(" "))
        })
        .collect()
}

/// The known name `row` starts with, when `row` has more words after it.
fn longer_than_known(row: &str, known: &[String]) -> Option<String> {
    let words: Vec<&str> = row.split_whitespace().collect();
    known
        .iter()
        .filter(|k| {
            let kw = k.split_whitespace().count();
            kw >= 2
                && kw < words.len()
                && normalise(&words[..kw].join(" ")) == normalise(k)
                && !known.iter().any(|o| normalise(o) == normalise(row))
        })
        .max_by_key(|k| k.len())
        .cloned()
}
