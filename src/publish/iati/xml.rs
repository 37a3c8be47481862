//! The activities written as IATI 2.03 XML, element order as the schema's sequence wants it.
//! Text goes through the project's one XML escape; characters XML 1.0 cannot hold become
//! U+FFFD (never a file a parser rejects). No generation time is written: the same store gives
//! the same bytes.

use super::{Activity, Flow, Participant, Reporter, Sector};
use crate::model::Amount;
use crate::model::format::{decimal, xml_escape};
use crate::vocab::{iati, ns};
use std::io::{self, Write};

/// Text for XML content or an attribute value.
fn esc(s: &str) -> String {
    let clean: String = s
        .chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => '\u{FFFD}',
            c => c,
        })
        .collect();
    xml_escape(&clean)
}

/// A percentage in hundredths, as a decimal (`33.34`, `100`).
fn percent(h: u32) -> String {
    if h.is_multiple_of(100) {
        (h / 100).to_string()
    } else {
        format!("{}.{:02}", h / 100, h % 100)
    }
}

/// The common prefix of instance IRIs (`…/id/`), from a partnership IRI (`…/id/partnership/X`).
fn linked_data_default(activities: &[Activity]) -> Option<String> {
    let iri = &activities.first()?.iri;
    let cut = iri.rfind("/partnership/")?;
    Some(iri[..=cut].to_string())
}

/// Writes the file; returns the sum of the amounts written.
pub fn write(
    out: &mut dyn Write,
    reporter: &Reporter,
    activities: &[Activity],
) -> io::Result<Amount> {
    writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    write!(
        out,
        "<iati-activities version=\"{}\" xmlns:atlas=\"{}\"",
        iati::VERSION,
        esc(ns::ATLAS)
    )?;
    if let Some(base) = linked_data_default(activities) {
        write!(out, " linked-data-default=\"{}\"", esc(&base))?;
    }
    writeln!(out, ">")?;
    let mut total = Amount::default();
    for a in activities {
        total += activity(out, reporter, a)?;
    }
    writeln!(out, "</iati-activities>")?;
    Ok(total)
}

fn narrative(out: &mut dyn Write, indent: &str, text: &str) -> io::Result<()> {
    writeln!(
        out,
        "{indent}<narrative xml:lang=\"fr\">{}</narrative>",
        esc(text)
    )
}

/// One activity; returns the sum of its amounts.
fn activity(out: &mut dyn Write, reporter: &Reporter, a: &Activity) -> io::Result<Amount> {
    writeln!(
        out,
        "  <iati-activity xml:lang=\"fr\" default-currency=\"EUR\" linked-data-uri=\"{}\">",
        esc(&a.iri)
    )?;
    writeln!(
        out,
        "    <iati-identifier>{}-{}</iati-identifier>",
        esc(&reporter.identifier),
        esc(&a.id)
    )?;
    writeln!(
        out,
        "    <reporting-org ref=\"{}\" type=\"{}\">",
        esc(&reporter.identifier),
        esc(&reporter.organisation_type)
    )?;
    narrative(out, "      ", &reporter.name)?;
    writeln!(out, "    </reporting-org>")?;
    writeln!(out, "    <title>")?;
    narrative(out, "      ", &a.title)?;
    writeln!(out, "    </title>")?;
    for (kind, text) in &a.descriptions {
        writeln!(out, "    <description type=\"{kind}\">")?;
        narrative(out, "      ", text)?;
        writeln!(out, "    </description>")?;
    }
    for p in &a.participants {
        participant(out, p)?;
    }
    writeln!(out, "    <activity-status code=\"{}\"/>", esc(&a.status))?;
    dates(out, a)?;
    let country_shares = super::shares(a.countries.len());
    for (c, share) in a.countries.iter().zip(country_shares) {
        writeln!(
            out,
            "    <recipient-country code=\"{}\" percentage=\"{}\"/>",
            esc(c),
            percent(share)
        )?;
    }
    for s in &a.sectors {
        sector(out, s)?;
    }
    let mut sum = Amount::default();
    for f in &a.flows {
        flow(out, f)?;
        sum += f.amount;
    }
    writeln!(out, "  </iati-activity>")?;
    Ok(sum)
}

fn participant(out: &mut dyn Write, p: &Participant) -> io::Result<()> {
    write!(out, "    <participating-org role=\"{}\"", p.role)?;
    if let Some(r) = &p.reference {
        write!(out, " ref=\"{}\"", esc(r))?;
    }
    if let Some(t) = p.organisation_type {
        write!(out, " type=\"{t}\"")?;
    }
    write!(out, " atlas:organisation=\"{}\"", esc(&p.iri))?;
    if let Some(c) = &p.country {
        write!(out, " atlas:country=\"{}\"", esc(c))?;
    }
    writeln!(out, ">")?;
    narrative(out, "      ", &p.name)?;
    writeln!(out, "    </participating-org>")
}

/// The start (type 2, actual start) from a year: written as 1 January with a narrative that
/// says only the year is known; the end (type 4 when closed, else 3, planned) from the date.
fn dates(out: &mut dyn Write, a: &Activity) -> io::Result<()> {
    if let Some(y) = a.start_year {
        writeln!(
            out,
            "    <activity-date type=\"2\" iso-date=\"{y:04}-01-01\">"
        )?;
        narrative(
            out,
            "      ",
            &format!("Année de début {y} : le jour et le mois ne sont pas connus."),
        )?;
        writeln!(out, "    </activity-date>")?;
    }
    if let Some(end) = &a.end_date {
        let kind = if a.status == "4" { 4 } else { 3 };
        writeln!(
            out,
            "    <activity-date type=\"{kind}\" iso-date=\"{}\"/>",
            esc(end)
        )?;
    }
    Ok(())
}

fn sector(out: &mut dyn Write, s: &Sector) -> io::Result<()> {
    write!(
        out,
        "    <sector vocabulary=\"{}\" code=\"{}\" percentage=\"{}\"",
        s.vocabulary,
        esc(&s.code),
        percent(s.percent_hundredths)
    )?;
    if s.vocabulary != "1" {
        write!(out, " vocabulary-uri=\"{}\"", esc(ns::THEME))?;
    }
    if s.label.is_empty() {
        return writeln!(out, "/>");
    }
    writeln!(out, ">")?;
    narrative(out, "      ", &s.label)?;
    writeln!(out, "    </sector>")
}

/// A funding amount as a planned disbursement over its calendar year, from its funder; a
/// levy carries `atlas:levy-law` (empty when the page did not say which law).
fn flow(out: &mut dyn Write, f: &Flow) -> io::Result<()> {
    write!(
        out,
        "    <planned-disbursement atlas:funding=\"{}\"",
        esc(&f.iri)
    )?;
    if let Some(law) = &f.levy_law {
        write!(out, " atlas:levy-law=\"{}\"", esc(law))?;
    }
    writeln!(out, ">")?;
    let y = f.year;
    writeln!(out, "      <period-start iso-date=\"{y:04}-01-01\"/>")?;
    writeln!(out, "      <period-end iso-date=\"{y:04}-12-31\"/>")?;
    writeln!(
        out,
        "      <value currency=\"EUR\" value-date=\"{y:04}-01-01\">{}</value>",
        decimal(f.amount)
    )?;
    write!(out, "      <provider-org")?;
    if let Some(r) = &f.funder_ref {
        write!(out, " ref=\"{}\"", esc(r))?;
    }
    writeln!(out, ">")?;
    narrative(out, "        ", &f.funder)?;
    writeln!(out, "      </provider-org>")?;
    writeln!(out, "    </planned-disbursement>")
}
