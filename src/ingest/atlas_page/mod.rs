//! The reader for the text rendering of an Atlas detail page.
//!
//! A page is a sequence of headings (`Titre`, `Contexte`, `Financement du partenariat`, ...)
//! each followed by its value or by a table flattened into space-separated rows. The reader
//! first cuts the page into sections by heading, then reads each section. Flattened rows are
//! split with what the page itself knows (partner names, the country table, a trailing e-mail
//! or year, role words, the theme lexicon); where a guess remains, the record gets a warning
//! that names the line (and quotes the row, unless it names a person).
//!
//! - [`people`]: the contact blocks and rows, and the volunteers (personal data);
//! - [`funding`]: the funding rows, their amounts and 1% levies.

mod funding;
mod people;

use super::RecordError;
use super::values::{self, Flag};
use crate::model::countries;
use crate::model::names::normalise;
use crate::model::themes;
use crate::model::{DiplomaticPost, ForeignPartner, FrenchPartner, OtherTheme, Record, Source};
use funding::{levy_columns, read_funding_row};
use people::{read_foreign_contact, read_post_contacts, read_volunteer};

/// Where a line belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Section {
    Preamble,
    DiplomaticPost,
    Title,
    FirstAgreementYear,
    Theme(usize),
    OtherThemes,
    StartYear,
    Status,
    EndDate,
    Context,
    History,
    Objective,
    Description,
    Kind,
    /// A heading with no value of its own ("Mise en œuvre du partenariat").
    Group,
    Implementers,
    Owners,
    Beneficiaries,
    ForeignPartners,
    ForeignContacts,
    FrenchPartners,
    Funding,
    Volunteers,
    Footer,
}

/// Headings, normalised (see [`normalise`]).
const HEADINGS: &[(&str, Section)] = &[
    ("titre", Section::Title),
    (
        "annee de premiere signature de la convention",
        Section::FirstAgreementYear,
    ),
    ("thematique d intervention", Section::Theme(0)),
    ("sous thematique d intervention", Section::Theme(1)),
    ("sous sous thematique d intervention", Section::Theme(2)),
    (
        "autres thematiques mises en oeuvre pour le partenariat",
        Section::OtherThemes,
    ),
    ("annee de debut du partenariat", Section::StartYear),
    ("le partenariat est", Section::Status),
    ("date de fin du partenariat", Section::EndDate),
    ("contexte", Section::Context),
    ("historique", Section::History),
    ("objectif du partenariat", Section::Objective),
    ("objectifs du partenariat", Section::Objective),
    ("description detaillee du partenariat", Section::Description),
    ("votre partenariat prend la forme d un e", Section::Kind),
    ("le partenariat prend la forme d un e", Section::Kind),
    ("mise en oeuvre du partenariat", Section::Group),
    ("maitre s d oeuvre", Section::Implementers),
    ("maitre s d ouvrage", Section::Owners),
    ("beneficiaire s", Section::Beneficiaries),
    (
        "partenaires etrangers du partenariat",
        Section::ForeignPartners,
    ),
    (
        "contacts dans les partenaires etrangers du partenariat",
        Section::ForeignContacts,
    ),
    (
        "collectivites territoriales partenaires du partenariat",
        Section::FrenchPartners,
    ),
    ("financement du partenariat", Section::Funding),
    ("evaluations communication et perspectives", Section::Group),
    ("pied de page", Section::Footer),
];

const VOLUNTEERS_HEADING: &str = "volontaires impliques dans le partenariat";
const DIPLOMATIC_HEADING: &str = "contacts dans le poste diplomatique";
const BANNER: &str =
    "atlas francais de la cooperation decentralisee et des autres actions exterieures";
/// The page's search-icon message key, left at the end of table rows.
const ICON_KEY: &str = "commun.ico.loupe.alter";

/// Table header rows, normalised prefixes, per section.
const TABLE_HEADERS: &[(Section, &str)] = &[
    (Section::OtherThemes, "thematique eligible"),
    (Section::ForeignPartners, "nom de la collectivite etrangere"),
    (Section::ForeignContacts, "nom de la collectivite etrangere"),
    (
        Section::FrenchPartners,
        "nom de la collectivite territoriale",
    ),
    (Section::Funding, "nom du financeur"),
    (Section::Volunteers, "nom prenom mission"),
];

type Lines = Vec<(usize, String)>;

/// The page's own address, when the text carries it (a saved page keeps it in its header or
/// footer): the first http(s) address on the Atlas' site.
fn atlas_url(text: &str) -> Option<String> {
    text.split_whitespace()
        .map(|w| w.trim_matches(|c: char| matches!(c, '<' | '>' | '(' | ')' | '"' | '\'' | ',')))
        .find(|w| {
            (w.starts_with("https://") || w.starts_with("http://"))
                && w.contains("diplomatie.gouv.fr")
                && atlas_id_of_url(w).is_some()
        })
        .map(str::to_string)
}

/// The Atlas id in a detail page's address: the numeric value of its `id`-like parameter
/// (`?id=12345`, `&idProjet=12345`, `projetId=...`).
pub fn atlas_id_of_url(url: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    query.split(['&', ';']).find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        let k = k.to_ascii_lowercase();
        let id_like = k == "id" || k.starts_with("idprojet") || k.ends_with("projetid");
        (id_like && !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit())).then(|| v.to_string())
    })
}

/// The Atlas id when the file is named by it alone (`12345.txt`).
fn atlas_id_of_file(file: &str) -> Option<String> {
    let stem = std::path::Path::new(file).file_stem()?.to_str()?;
    (stem.len() >= 3 && stem.bytes().all(|b| b.is_ascii_digit())).then(|| stem.to_string())
}

/// Reads one page. `file` names the source in the record and in errors.
/// Longest title accepted, in characters (published titles are under 300).
pub const MAX_TITLE_CHARS: usize = 1_000;
/// Most rows a table of a page may have (published pages have a few dozen at most).
pub const MAX_TABLE_ROWS: usize = 10_000;

pub fn read(text: &str, file: &str) -> Result<Record, RecordError> {
    let url = atlas_url(text);
    let mut rec = Record {
        atlas_id: url
            .as_deref()
            .and_then(atlas_id_of_url)
            .or_else(|| atlas_id_of_file(file)),
        source: Source {
            file: file.to_string(),
            line: 1,
            url,
        },
        ..Default::default()
    };
    let mut sections: std::collections::BTreeMap<Section, (usize, Lines)> = Default::default();
    let mut funding_header: Option<String> = None;
    let mut current = Section::Preamble;
    let mut post_name: Option<(usize, String)> = None;

    for (i, raw_line) in text.lines().enumerate() {
        let n = i + 1;
        let line = raw_line.trim();
        if is_noise(line) {
            // Blank lines matter only inside free text (paragraph breaks) and contact blocks.
            if line.is_empty()
                && let Some((_, lines)) = sections.get_mut(&current)
            {
                lines.push((n, String::new()));
            }
            continue;
        }
        let key = normalise(line);
        if let Some(section) = heading(&key) {
            current = section;
            sections.entry(section).or_insert((n, Vec::new()));
            continue;
        }
        if key.starts_with(DIPLOMATIC_HEADING) {
            current = Section::DiplomaticPost;
            sections.entry(current).or_insert((n, Vec::new()));
            post_name = Some((n, quoted(line).unwrap_or_else(|| line.to_string())));
            continue;
        }
        if key == BANNER {
            continue;
        }
        if let Some(flag) = values::flag(line) {
            apply_flag(&mut rec, flag, n);
            current = Section::Group;
            continue;
        }
        if let Some((_, prefix)) = TABLE_HEADERS.iter().find(|(s, _)| *s == current)
            && key.starts_with(prefix)
        {
            if current == Section::Funding {
                funding_header = Some(line.to_string());
            }
            continue;
        }
        match current {
            Section::Footer => {}
            Section::Preamble | Section::Group => {
                rec.warn(n, "page", format!("unrecognised line ignored: {line:?}"))
            }
            _ => {
                let value = raw_line.trim_end().trim_start_matches('\u{feff}');
                let value = strip_icon(value);
                if let Some((_, lines)) = sections.get_mut(&current) {
                    lines.push((n, value.to_string()));
                }
            }
        }
    }

    // A table of thousands of rows is not an Atlas page (and would cost memory to map).
    for (section, (start, lines)) in &sections {
        let rows = non_empty(lines).count();
        if rows > MAX_TABLE_ROWS && *section != Section::Preamble {
            return Err(RecordError::new(
                file,
                *start,
                &format!("{section:?}").to_lowercase(),
                format!(
                    "{rows} rows in one section: more than the {MAX_TABLE_ROWS} a page may hold"
                ),
            ));
        }
    }

    let get = |s: Section| sections.get(&s).cloned();

    // The title is the one field a record cannot do without.
    let title_lines = get(Section::Title);
    let title = title_lines
        .as_ref()
        .map(|(_, lines)| join_words(lines))
        .unwrap_or_default();
    if title.is_empty() {
        let line = title_lines.map_or(1, |(l, _)| l);
        return Err(RecordError::new(
            file,
            line,
            "title",
            "the page has no title",
        ));
    }
    let chars = title.chars().count();
    if chars > MAX_TITLE_CHARS {
        let line = title_lines.as_ref().map_or(1, |(l, _)| *l);
        return Err(RecordError::new(
            file,
            line,
            "title",
            format!("{chars} characters: longer than the {MAX_TITLE_CHARS} a title may have"),
        ));
    }
    if title_lines.is_some_and(|(_, lines)| non_empty(&lines).count() > 1) {
        rec.warn(
            1,
            "title",
            "the title spans several lines; they were joined",
        );
    }
    rec.title = title;

    if let Some((_, name)) = post_name {
        let contacts = get(Section::DiplomaticPost)
            .map(|(_, l)| l)
            .unwrap_or_default();
        let contacts = read_post_contacts(&mut rec, &contacts);
        rec.diplomatic_post = Some(DiplomaticPost { name, contacts });
    }
    rec.first_agreement_year = single_year(
        file,
        get(Section::FirstAgreementYear),
        "first_agreement_year",
    )?;
    rec.start_year = single_year(file, get(Section::StartYear), "start_year")?;
    for level in 0..3 {
        if let Some(label) = get(Section::Theme(level)).and_then(|(_, l)| first_value(&l)) {
            if rec.main_theme.len() < level {
                rec.warn(
                    1,
                    "main_theme",
                    format!("level {} is given without the level above", level + 1),
                );
            }
            rec.main_theme.push(label.1);
        }
    }
    rec.status = get(Section::Status)
        .and_then(|(_, l)| first_value(&l))
        .map(|v| v.1);
    if let Some((line, text)) = get(Section::EndDate).and_then(|(_, l)| first_value(&l)) {
        rec.end_date =
            Some(values::date(&text).map_err(|m| RecordError::new(file, line, "end_date", m))?);
    }
    rec.context = get(Section::Context).and_then(|(_, l)| paragraph(&l));
    rec.history = get(Section::History).and_then(|(_, l)| paragraph(&l));
    rec.objective = get(Section::Objective).and_then(|(_, l)| paragraph(&l));
    rec.description = get(Section::Description).and_then(|(_, l)| paragraph(&l));
    rec.kind = get(Section::Kind)
        .and_then(|(_, l)| first_value(&l))
        .map(|v| v.1);
    rec.beneficiaries = get(Section::Beneficiaries).and_then(|(_, l)| paragraph(&l));
    rec.implementers = names(get(Section::Implementers));
    rec.project_owners = names(get(Section::Owners));

    for (line, row) in rows(get(Section::ForeignPartners)) {
        let partner = match countries::split_trailing(&row) {
            Some((name, country, label)) if !name.is_empty() => ForeignPartner {
                name,
                country_label: Some(label),
                country: Some(country.alpha2.to_string()),
            },
            _ => {
                rec.warn(
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
        rec.foreign_partners.push(partner);
    }
    for (_, row) in rows(get(Section::FrenchPartners)) {
        rec.french_partners.push(FrenchPartner {
            name: row,
            ..Default::default()
        });
    }
    for (line, row) in rows(get(Section::ForeignContacts)) {
        let contact = read_foreign_contact(&mut rec, line, &row);
        rec.foreign_contacts.push(contact);
    }
    let extra = vec![rec.main_theme.clone()];
    for (line, row) in rows(get(Section::OtherThemes)) {
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
        let path = match themes::known().split_row(&text, &extra) {
            Some(path) => path,
            None => {
                rec.warn(
                    line,
                    "other_themes",
                    format!("the levels of {text:?} are not known themes; kept as one label"),
                );
                vec![text]
            }
        };
        rec.other_themes.push(OtherTheme { path, priority });
    }
    let levy_columns = funding_header
        .as_deref()
        .map(levy_columns)
        .unwrap_or_default();
    for (line, row) in rows(get(Section::Funding)) {
        let funding = read_funding_row(&mut rec, file, line, &row, &levy_columns)?;
        rec.funding.push(funding);
    }
    for (line, row) in rows(get(Section::Volunteers)) {
        let volunteer = read_volunteer(&mut rec, line, &row);
        rec.volunteers.push(volunteer);
    }
    Ok(rec)
}

fn heading(key: &str) -> Option<Section> {
    if key.starts_with(VOLUNTEERS_HEADING) {
        return Some(Section::Volunteers);
    }
    HEADINGS.iter().find(|(h, _)| *h == key).map(|(_, s)| *s)
}

/// Lines that carry nothing: blanks, the breadcrumb, pagination, unresolved message keys,
/// the copyright footer.
fn is_noise(line: &str) -> bool {
    line.is_empty()
        || line.starts_with("Accueil >")
        || line.contains("pagination.page.")
        || line.starts_with("Tous droits réservés")
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

fn non_empty(lines: &Lines) -> impl Iterator<Item = &(usize, String)> {
    lines.iter().filter(|(_, l)| !l.trim().is_empty())
}

fn join_words(lines: &Lines) -> String {
    non_empty(lines)
        .map(|(_, l)| l.trim())
        .collect::<Vec<_>>()
        .join(" ")
}

fn first_value(lines: &Lines) -> Option<(usize, String)> {
    non_empty(lines)
        .next()
        .map(|(n, l)| (*n, l.trim().to_string()))
}

/// Free text: line breaks and paragraph breaks kept, trailing spaces and edge blanks dropped.
fn paragraph(lines: &Lines) -> Option<String> {
    let text: Vec<&str> = lines.iter().map(|(_, l)| l.trim_end()).collect();
    let joined = text.join("\n");
    let trimmed = joined.trim_matches('\n').trim();
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

fn rows(section: Option<(usize, Lines)>) -> Vec<(usize, String)> {
    section
        .map(|(_, lines)| {
            non_empty(&lines)
                // U+00A0 inside a row is a thousands separator in amounts: keep it.
                .map(|(n, l)| (*n, l.split_ascii_whitespace().collect::<Vec<_>>().join(" ")))
                .collect()
        })
        .unwrap_or_default()
}

fn names(section: Option<(usize, Lines)>) -> Vec<String> {
    rows(section).into_iter().map(|(_, l)| l).collect()
}

fn single_year(
    file: &str,
    section: Option<(usize, Lines)>,
    field: &str,
) -> Result<Option<i32>, RecordError> {
    match section.and_then(|(_, l)| first_value(&l)) {
        Some((line, text)) => values::year(&text)
            .map(Some)
            .map_err(|m| RecordError::new(file, line, field, m)),
        None => Ok(None),
    }
}

fn apply_flag(rec: &mut Record, flag: Flag, line: usize) {
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
}

#[cfg(test)]
mod identity_tests {
    use super::*;

    #[test]
    fn the_atlas_id_comes_from_the_address_or_a_bare_file_name() {
        let page = "Atlas\nhttps://pastel.diplomatie.gouv.fr/cooperationdecentralisee/detailProjet.html?id=4521&lang=fr\n";
        assert_eq!(
            atlas_url(page).as_deref().and_then(atlas_id_of_url),
            Some("4521".into())
        );
        assert_eq!(
            atlas_id_of_url("https://x.diplomatie.gouv.fr/a?idProjet=77"),
            Some("77".into())
        );
        assert_eq!(
            atlas_id_of_url("https://x.diplomatie.gouv.fr/a?id=abc"),
            None
        );
        assert_eq!(atlas_url("https://example.org/?id=3"), None);
        assert_eq!(atlas_id_of_file("pages/12345.txt"), Some("12345".into()));
        assert_eq!(atlas_id_of_file("000_2c1789aab79a3d11.txt"), None);
    }
}
