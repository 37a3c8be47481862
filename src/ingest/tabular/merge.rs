//! The rows of one partnership adding up: lists and rows are joined, single-valued fields
//! must agree.

use crate::ingest::RecordError;
use crate::model::{DiplomaticPost, Record};
use std::collections::HashMap;

/// Adds what a row says to the partnership read so far: lists and rows add up, and a
/// single-valued field must be the same on every row that gives it.
pub(super) struct Merge<'a> {
    pub(super) file: &'a str,
    /// Where each single-valued field was first given: (line, column).
    pub(super) origin: HashMap<&'static str, usize>,
}

impl Merge<'_> {
    fn agree<T: PartialEq + std::fmt::Debug>(
        &mut self,
        field: &'static str,
        line: usize,
        into: &mut Option<T>,
        from: Option<T>,
    ) -> Result<(), RecordError> {
        let Some(value) = from else { return Ok(()) };
        match into {
            Some(old) if *old != value => Err(RecordError::new(
                self.file,
                line,
                field,
                format!(
                    "{value:?} here but {old:?} on line {}: the rows of one partnership must agree",
                    self.origin.get(field).copied().unwrap_or(0)
                ),
            )),
            Some(_) => Ok(()),
            None => {
                self.origin.insert(field, line);
                *into = Some(value);
                Ok(())
            }
        }
    }

    pub(super) fn merge(
        &mut self,
        into: &mut Record,
        from: Record,
        line: usize,
    ) -> Result<(), RecordError> {
        let opt_string = |s: String| (!s.is_empty()).then_some(s);
        let mut title = opt_string(std::mem::take(&mut into.title));
        self.agree("title", line, &mut title, opt_string(from.title))?;
        into.title = title.unwrap_or_default();
        self.agree("atlas_id", line, &mut into.atlas_id, from.atlas_id)?;
        self.agree("source_url", line, &mut into.source.url, from.source.url)?;
        let post = |p: &Option<DiplomaticPost>| {
            p.as_ref().map(|p| p.name.clone()).filter(|n| !n.is_empty())
        };
        let mut name = post(&into.diplomatic_post);
        self.agree(
            "diplomatic_post",
            line,
            &mut name,
            post(&from.diplomatic_post),
        )?;
        if let Some(from_post) = from.diplomatic_post {
            let into_post = into.diplomatic_post.get_or_insert_with(|| DiplomaticPost {
                name: String::new(),
                contacts: Vec::new(),
            });
            if let Some(n) = name {
                into_post.name = n;
            }
            add_all(&mut into_post.contacts, from_post.contacts);
        }
        self.agree(
            "first_agreement_year",
            line,
            &mut into.first_agreement_year,
            from.first_agreement_year,
        )?;
        let path = |p: Vec<String>| (!p.is_empty()).then_some(p);
        let mut main_theme = path(std::mem::take(&mut into.main_theme));
        self.agree("main_theme", line, &mut main_theme, path(from.main_theme))?;
        into.main_theme = main_theme.unwrap_or_default();
        add_all(&mut into.other_themes, from.other_themes);
        self.agree("start_year", line, &mut into.start_year, from.start_year)?;
        self.agree("status", line, &mut into.status, from.status)?;
        self.agree("end_date", line, &mut into.end_date, from.end_date)?;
        self.agree("context", line, &mut into.context, from.context)?;
        self.agree("history", line, &mut into.history, from.history)?;
        self.agree("objective", line, &mut into.objective, from.objective)?;
        self.agree("description", line, &mut into.description, from.description)?;
        self.agree("kind", line, &mut into.kind, from.kind)?;
        add_all(&mut into.project_owners, from.project_owners);
        add_all(&mut into.implementers, from.implementers);
        self.agree(
            "beneficiaries",
            line,
            &mut into.beneficiaries,
            from.beneficiaries,
        )?;
        add_all(&mut into.foreign_partners, from.foreign_partners);
        add_all(&mut into.foreign_contacts, from.foreign_contacts);
        add_all(&mut into.french_partners, from.french_partners);
        self.agree("triennial", line, &mut into.triennial, from.triennial)?;
        // Every row holds its own funding rows: they add up, even when two are alike.
        into.funding.extend(from.funding);
        self.agree(
            "communication_france",
            line,
            &mut into.communication_france,
            from.communication_france,
        )?;
        self.agree(
            "communication_partner_countries",
            line,
            &mut into.communication_partner_countries,
            from.communication_partner_countries,
        )?;
        self.agree("evaluation", line, &mut into.evaluation, from.evaluation)?;
        add_all(&mut into.volunteers, from.volunteers);
        for w in from.warnings {
            if !into
                .warnings
                .iter()
                .any(|x| x.field == w.field && x.message == w.message)
            {
                into.warnings.push(w);
            }
        }
        Ok(())
    }
}

/// Appends the items not already there (rows of one partnership repeat its lists).
fn add_all<T: PartialEq>(into: &mut Vec<T>, from: Vec<T>) {
    for item in from {
        if !into.contains(&item) {
            into.push(item);
        }
    }
}
