//! The reader for the text rendering of an Atlas detail page.
//!
//! A page is a sequence of headings (`Titre`, `Contexte`, `Financement du partenariat`, ...)
//! each followed by its value or by a table flattened into space-separated rows. The reader
//! first cuts the page into sections by heading, then reads each section. Flattened rows are
//! split with what the page itself knows (partner names, the country table, a trailing e-mail
//! or year, role words, the theme lexicon); where a guess remains, the record gets a warning
//! that names the line and quotes the row.

use super::RecordError;
use super::values::{self, Flag};
use crate::model::countries;
use crate::model::names::normalise;
use crate::model::themes;
use crate::model::{
    Amount, Contact, DiplomaticPost, ForeignPartner, FrenchPartner, FundingRow, Levy, LevyLaw,
    OtherTheme, Record, Source, Volunteer,
};

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

/// Reads one page. `file` names the source in the record and in errors.
/// Longest title accepted, in characters (published titles are under 300).
pub const MAX_TITLE_CHARS: usize = 1_000;
/// Most rows a table of a page may have (published pages have a few dozen at most).
pub const MAX_TABLE_ROWS: usize = 10_000;

pub fn read(text: &str, file: &str) -> Result<Record, RecordError> {
    let mut rec = Record {
        source: Source {
            file: file.to_string(),
            line: 1,
            url: None,
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

/// What a warning says in place of a value that is personal data: the line number leads to it.
const NOT_QUOTED: &str = "not quoted: personal data";

/// Blocks of `role`, `Given FAMILY`, `Courriel : x[at]y`, separated by blank lines (a block
/// also ends at its e-mail, or when a third line comes).
fn read_post_contacts(rec: &mut Record, lines: &Lines) -> Vec<Contact> {
    const FIELD: &str = "diplomatic_post.contacts";
    let mut contacts = Vec::new();
    let mut block: Vec<(usize, &str)> = Vec::new();
    let mut email: Option<String> = None;
    let mut open = false;
    let mut finish = |rec: &mut Record,
                      block: &mut Vec<(usize, &str)>,
                      email: &mut Option<String>,
                      open: &mut bool| {
        if *open {
            contacts.push(post_contact(rec, block, email.take()));
        }
        block.clear();
        *open = false;
    };
    for (n, line) in lines {
        let line = line.trim();
        if line.is_empty() {
            finish(rec, &mut block, &mut email, &mut open);
            continue;
        }
        let key = normalise(line);
        if key.starts_with("courriel") || key.starts_with("e mail") || key.starts_with("email") {
            let value = line.split_once(':').map_or("", |(_, v)| v.trim());
            match values::email(value) {
                Ok(e) => email = Some(e),
                Err(_) => rec.warn(*n, FIELD, format!("not an e-mail address ({NOT_QUOTED})")),
            }
            open = true;
            finish(rec, &mut block, &mut email, &mut open);
            continue;
        }
        if block.len() == 2 {
            // A third line before the e-mail: a new block without a blank line between.
            finish(rec, &mut block, &mut email, &mut open);
        }
        block.push((*n, line));
        open = true;
    }
    finish(rec, &mut block, &mut email, &mut open);
    contacts
}

/// Whether a line holds a word that opens a function (`Conseiller`, `Correspondant`); words
/// in capitals are family names in this layout (`Marie MAIRE`), not functions.
fn has_role_word(line: &str) -> bool {
    line.split_whitespace()
        .any(|w| !values::is_upper_word(w) && values::is_role_word(w))
}

/// Whether a line reads as `Given FAMILY`: a few capitalised words then words in capitals,
/// no function word, no digit.
fn looks_like_name(line: &str) -> bool {
    const PARTICLES: &[&str] = &[
        "de", "du", "des", "d'", "da", "di", "van", "von", "le", "la",
    ];
    let words: Vec<&str> = line.split_whitespace().collect();
    let (given, family, guessed) = values::given_family(line);
    (2..=6).contains(&words.len())
        && given.is_some()
        && family.is_some()
        && !guessed
        && !has_role_word(line)
        && !line.chars().any(|c| c.is_ascii_digit())
        && words.iter().all(|w| {
            values::is_upper_word(w)
                || w.starts_with(char::is_uppercase)
                || PARTICLES.contains(&w.to_lowercase().as_str())
        })
}

/// One block of the diplomatic post's contacts: its function and name lines, told apart by
/// what they say rather than by their order alone.
fn post_contact(rec: &mut Record, block: &[(usize, &str)], email: Option<String>) -> Contact {
    const FIELD: &str = "diplomatic_post.contacts";
    let mut c = Contact {
        email,
        ..Default::default()
    };
    let set_name = |rec: &mut Record, c: &mut Contact, n: usize, text: &str| {
        let (given, family, guessed) = values::given_family(text);
        if guessed {
            rec.warn(
                n,
                FIELD,
                "no family name in capitals; the last word was taken as the family name",
            );
        }
        c.given_name = given;
        c.family_name = family;
    };
    match block {
        [] => {}
        [(n, a)] => {
            if has_role_word(a) {
                c.role = Some(a.to_string());
            } else if looks_like_name(a) {
                rec.warn(
                    *n,
                    FIELD,
                    "a contact without a function line: its one line was read as a name",
                );
                set_name(rec, &mut c, *n, a);
            } else {
                rec.warn(*n, FIELD, "a contact line that is neither a known function nor a name written Given FAMILY: kept as the function with --contacts full only");
                c.role = Some(a.to_string());
                c.raw = Some(a.to_string());
            }
        }
        [(na, a), (nb, b), ..] => {
            let a_name = !has_role_word(a) && looks_like_name(a);
            if a_name && (has_role_word(b) || !looks_like_name(b)) {
                // The name came first: `Sarah VAILLANT` then `Correspondant ...`.
                c.role = Some(b.to_string());
                set_name(rec, &mut c, *na, a);
            } else {
                c.role = Some(a.to_string());
                set_name(rec, &mut c, *nb, b);
                if a_name {
                    rec.warn(*na, FIELD, "both lines of this contact read as names: the first was kept as the function, with --contacts full only");
                    c.raw = Some(format!("{a} / {b}"));
                }
            }
        }
    }
    c
}

/// `Organisation Family Given Function e-mail`, the organisation being a listed partner.
fn read_foreign_contact(rec: &mut Record, line: usize, row: &str) -> Contact {
    const FIELD: &str = "foreign_contacts";
    let mut words: Vec<&str> = row.split_whitespace().collect();
    let mut contact = Contact::default();
    let mut guesses = Vec::new();
    if words.last().is_some_and(|w| values::looks_like_email(w)) {
        let token = words.pop().unwrap_or_default();
        match values::email(token) {
            Ok(e) => contact.email = Some(e),
            Err(_) => rec.warn(line, FIELD, format!("not an e-mail address ({NOT_QUOTED})")),
        }
    }
    let mut partners: Vec<&str> = rec
        .foreign_partners
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    partners.sort_by_key(|p| std::cmp::Reverse(p.split_whitespace().count()));
    let matched = partners.iter().find_map(|p| {
        let k = p.split_whitespace().count();
        (k <= words.len() && normalise(&words[..k].join(" ")) == normalise(p)).then_some(k)
    });
    match matched {
        Some(k) => {
            contact.organisation = Some(words[..k].join(" "));
            words.drain(..k);
        }
        None => guesses
            .push("the organisation is not one of the listed foreign partners, so it was left out"),
    }
    let family_len = match words
        .iter()
        .take_while(|w| values::is_upper_word(w))
        .count()
    {
        0 => usize::from(!words.is_empty()),
        k => k,
    };
    if family_len > 0 {
        contact.family_name = Some(words[..family_len].join(" "));
    }
    let rest = &words[family_len..];
    let role_at = rest.iter().position(|w| values::is_role_word(w));
    let given_len = match role_at {
        Some(0) if !rest.is_empty() => {
            guesses.push("no given name before the function");
            0
        }
        Some(k) => k,
        None if rest.len() >= 2 => {
            guesses.push("no known function word: the first word after the family name was taken as the given name, and the function is kept with --contacts full only");
            contact.raw = Some(row.to_string());
            1
        }
        None => rest.len(),
    };
    if given_len > 0 {
        contact.given_name = Some(rest[..given_len].join(" "));
    }
    if rest.len() > given_len {
        contact.role = Some(rest[given_len..].join(" "));
    }
    if !guesses.is_empty() {
        rec.warn(
            line,
            FIELD,
            format!("{} (row {NOT_QUOTED})", guesses.join("; ")),
        );
    }
    contact
}

/// The 1% law of each levy column of the funding table header, in order.
fn levy_columns(header: &str) -> Vec<Option<LevyLaw>> {
    let mut out = Vec::new();
    let mut rest = header;
    while let Some(pos) = rest.find("1%") {
        let after = &rest[pos + 2..];
        let end = after
            .find("Montant")
            .or_else(|| after.find("Année"))
            .unwrap_or(after.len());
        let label = normalise(&after[..end]);
        let has = |w: &str| label.split(' ').any(|x| x.starts_with(w));
        out.push(if has("eau") {
            Some(LevyLaw::Water2005)
        } else if has("energie") {
            Some(LevyLaw::Energy2006)
        } else if has("dechet") {
            Some(LevyLaw::Waste2014)
        } else if has("mobilit") {
            Some(LevyLaw::Mobility2019)
        } else {
            None
        });
        rest = &after[end..];
    }
    out
}

/// Spaces that can sit inside one printed number (`1\u{a0}500`, `1\u{202f}500`).
const NUMBER_SPACES: &[char] = &['\u{a0}', '\u{202f}', '\u{2009}', '\u{2007}'];

fn is_numeric_token(t: &str) -> bool {
    let (t, _) = crate::model::amount::strip_currency(t);
    let body = t.strip_prefix(['-', '\u{2212}']).unwrap_or(t);
    body.starts_with(|c: char| c.is_ascii_digit())
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.') || NUMBER_SPACES.contains(&c))
}

/// `Funder amount [levy ...] year`, amounts possibly written `12 500`, `4 250,50`, `1 500 €`,
/// `1 500 EUR`, `1.500`; a currency sign or word closes the amount before it.
fn read_funding_row(
    rec: &mut Record,
    file: &str,
    line: usize,
    row: &str,
    levy_columns: &[Option<LevyLaw>],
) -> Result<FundingRow, RecordError> {
    const FIELD: &str = "funding";
    let err = |m: String| RecordError::new(file, line, FIELD, m);
    let mut words: Vec<&str> = row.split([' ', '\t']).filter(|w| !w.is_empty()).collect();
    let year_token = words.pop().unwrap_or_default();
    let year = values::year(year_token)
        .map_err(|_| err(format!("the row does not end with a year: {row:?}")))?;
    let first_number = words
        .iter()
        .rposition(|w| !is_numeric_token(w) && !crate::model::amount::is_currency(w))
        .map_or(0, |i| i + 1);
    let funder = words[..first_number].join(" ");
    if funder.is_empty() {
        return Err(err(format!("the row names no funder: {row:?}")));
    }
    // Thousands groups written with plain spaces: a 1-3 digit head followed by 3-digit groups
    // is one number, as the Atlas prints amounts. A currency sign ends a number.
    struct Num {
        text: String,
        groupable: bool,
        joined: bool,
        closed: bool,
    }
    let mut numbers: Vec<Num> = Vec::new();
    for token in &words[first_number..] {
        if crate::model::amount::is_currency(token) {
            if let Some(last) = numbers.last_mut() {
                last.groupable = false;
                last.closed = true;
            }
            continue;
        }
        let (token, had_currency) = crate::model::amount::strip_currency(token);
        let b = token.as_bytes();
        let three = b.len() >= 3
            && b[..3].iter().all(u8::is_ascii_digit)
            && (b.len() == 3
                || (matches!(b[3], b',' | b'.')
                    && b.len() <= 6
                    && b.len() > 4
                    && b[4..].iter().all(u8::is_ascii_digit)));
        if let Some(last) = numbers.last_mut()
            && last.groupable
            && three
        {
            last.text.push_str(token);
            last.groupable = token.len() == 3 && !had_currency;
            last.joined = true;
            last.closed = had_currency;
            continue;
        }
        numbers.push(Num {
            text: token.to_string(),
            groupable: !had_currency
                && token.len() <= 3
                && token.bytes().all(|b| b.is_ascii_digit()),
            joined: false,
            closed: had_currency,
        });
    }
    let mut amounts = Vec::new();
    for n in &numbers {
        let (amount, note) = Amount::read(&n.text).map_err(|e| err(e.to_string()))?;
        if let Some(note) = note {
            rec.warn(
                line,
                FIELD,
                format!("{:?} read as {} €: {note}", n.text, amount.to_french()),
            );
        }
        amounts.push(amount);
    }
    let Some((&amount, levy_amounts)) = amounts.split_first() else {
        return Err(err(format!("the row has no amount: {row:?}")));
    };
    if numbers.len() > 1 && numbers.iter().any(|n| n.joined && !n.closed) {
        rec.warn(line, FIELD, format!("numbers separated by plain spaces were read as thousands groups; check the split of {row:?}"));
    }
    let distinct = {
        let mut laws: Vec<_> = levy_columns.iter().flatten().collect();
        laws.sort();
        laws.dedup();
        laws.len() == levy_columns.len()
    };
    let attributable = levy_amounts.len() == levy_columns.len() && distinct;
    if !levy_amounts.is_empty() && !attributable {
        rec.warn(line, FIELD, format!("the header does not say which 1% law each of the {} levy amount(s) falls under; kept without a law: {row:?}", levy_amounts.len()));
    }
    let levies = levy_amounts
        .iter()
        .enumerate()
        .map(|(i, &amount)| Levy {
            law: if attributable { levy_columns[i] } else { None },
            amount,
        })
        .collect();
    Ok(FundingRow {
        funder,
        year,
        amount,
        levies,
    })
}

/// `FAMILY Given Mission Fields Entity`: the entity is a listed organisation, the fields a
/// top-level theme; what lies between is the mission.
fn read_volunteer(rec: &mut Record, line: usize, row: &str) -> Volunteer {
    let words: Vec<&str> = row.split_whitespace().collect();
    let mut v = Volunteer::default();
    let family_len = words
        .iter()
        .take_while(|w| values::is_upper_word(w))
        .count();
    let mut guessed = family_len == 0;
    let family_len = family_len.max(usize::from(!words.is_empty()));
    v.family_name = (family_len > 0).then(|| words[..family_len].join(" "));
    let mut rest: &[&str] = &words[family_len..];
    if let Some((given, tail)) = rest.split_first() {
        v.given_name = Some(given.to_string());
        rest = tail;
    } else {
        guessed = true;
    }
    let orgs: Vec<String> = rec
        .french_partners
        .iter()
        .map(|p| p.name.clone())
        .chain(rec.foreign_partners.iter().map(|p| p.name.clone()))
        .chain(rec.project_owners.iter().cloned())
        .chain(rec.implementers.iter().cloned())
        .chain(rec.diplomatic_post.iter().map(|p| p.name.clone()))
        .collect();
    match take_suffix(rest, &orgs) {
        Some((head, entity)) => {
            v.entity = Some(entity);
            rest = head;
        }
        None => guessed = true,
    }
    let fields: Vec<String> = themes::known()
        .paths()
        .into_iter()
        .filter(|p| p.len() == 1)
        .flatten()
        .chain(rec.main_theme.first().cloned())
        .collect();
    match take_suffix(rest, &fields) {
        Some((head, f)) => {
            v.fields = Some(f);
            rest = head;
        }
        None => guessed = true,
    }
    // A second given name would open the mission: two capitalised words there may be one.
    let capitalised = |w: &&str| w.starts_with(char::is_uppercase) && !values::is_role_word(w);
    if rest.len() >= 2 && rest[..2].iter().all(capitalised) {
        guessed = true;
    }
    v.mission = (!rest.is_empty()).then(|| rest.join(" "));
    if guessed {
        v.raw = Some(row.to_string());
        rec.warn(
            line,
            "volunteers",
            format!("the columns of this row could not all be told apart: the mission and the raw row are kept with --contacts full only (row {NOT_QUOTED})"),
        );
    }
    v
}

/// The longest of `candidates` that ends `words`, with the words before it.
fn take_suffix<'a>(words: &'a [&'a str], candidates: &[String]) -> Option<(&'a [&'a str], String)> {
    let mut best: Option<(usize, String)> = None;
    for c in candidates {
        let k = c.split_whitespace().count();
        if k == 0 || k > words.len() || best.as_ref().is_some_and(|(b, _)| *b >= k) {
            continue;
        }
        let tail = words[words.len() - k..].join(" ");
        if normalise(&tail) == normalise(c) {
            best = Some((k, tail));
        }
    }
    best.map(|(k, tail)| (&words[..words.len() - k], tail))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levy_columns_are_read_from_the_header() {
        use LevyLaw::*;
        let seed = "Nom du financeur Montant en euros Montant 1% Eau (Loi Oudin 2005) Montant 1% Eau (Loi Oudin 2005) Montant 1% Eau (Loi Oudin 2005) Année";
        assert_eq!(levy_columns(seed), vec![Some(Water2005); 3]);
        let distinct = "Nom du financeur Montant en euros Montant 1% Eau (Loi Oudin 2005) Montant 1% Déchets (Loi 2014) Année";
        assert_eq!(
            levy_columns(distinct),
            vec![Some(Water2005), Some(Waste2014)]
        );
        assert!(levy_columns("Nom du financeur Montant en euros Année").is_empty());
    }

    #[test]
    fn funding_rows_with_groups_and_levies() {
        let mut rec = Record::default();
        let cols = [Some(LevyLaw::Water2005), Some(LevyLaw::Energy2006)];
        let row = read_funding_row(&mut rec, "f", 3, "Région Centre 12 500 2019", &cols);
        assert_eq!(
            row.as_ref().map(|r| r.amount),
            Ok(Amount::from_cents(1_250_000))
        );
        let row = read_funding_row(&mut rec, "f", 4, "Ville 4 250,50 2019", &cols);
        assert_eq!(
            row.as_ref().map(|r| r.amount),
            Ok(Amount::from_cents(425_050))
        );
        assert!(rec.warnings.is_empty(), "{:?}", rec.warnings);
        let row = read_funding_row(
            &mut rec,
            "f",
            5,
            "Syndicat des eaux 5\u{a0}000 1\u{a0}200 300,5 2020",
            &cols,
        );
        let row = row.unwrap_or_default();
        assert_eq!(row.funder, "Syndicat des eaux");
        assert_eq!(row.amount, Amount::from_cents(500_000));
        assert_eq!(
            row.levies,
            vec![
                Levy {
                    law: Some(LevyLaw::Water2005),
                    amount: Amount::from_cents(120_000)
                },
                Levy {
                    law: Some(LevyLaw::Energy2006),
                    amount: Amount::from_cents(30_050)
                },
            ]
        );
        assert!(rec.warnings.is_empty(), "{:?}", rec.warnings);
    }

    #[test]
    fn funding_amounts_as_people_write_them() {
        let cases = [
            (
                "Tours Métropole Val de Loire 1 500 € 2020",
                "Tours Métropole Val de Loire",
                150_000,
                vec![],
            ),
            ("Ville 1 500 EUR 2020", "Ville", 150_000, vec![]),
            ("Ville 1 500 euros 2020", "Ville", 150_000, vec![]),
            ("Ville 1500€ 2020", "Ville", 150_000, vec![]),
            ("Ville 1\u{202f}500\u{a0}€ 2020", "Ville", 150_000, vec![]),
            ("Ville 12 500,50 € 2020", "Ville", 1_250_050, vec![]),
            ("Ville 1.234.567,89 2017", "Ville", 123_456_789, vec![]),
            (
                "Région 10 000 € 2 500 € 2019",
                "Région",
                1_000_000,
                vec![250_000],
            ),
        ];
        for (row, funder, cents, levies) in cases {
            let mut rec = Record::default();
            let r = read_funding_row(&mut rec, "p.txt", 3, row, &[Some(LevyLaw::Water2005)]);
            let r = r.unwrap_or_else(|e| panic!("{row}: {e}"));
            assert_eq!(r.funder, funder, "{row}");
            assert_eq!(r.amount, Amount::from_cents(cents), "{row}");
            let got: Vec<i64> = r.levies.iter().map(|l| l.amount.cents()).collect();
            assert_eq!(got, levies, "{row}");
            assert!(rec.warnings.is_empty(), "{row}: {:?}", rec.warnings);
        }
        let mut rec = Record::default();
        let r = read_funding_row(&mut rec, "p.txt", 3, "Ville 1.500 2020", &[]);
        assert_eq!(r.map(|r| r.amount).ok(), Some(Amount::from_cents(150_000)));
        assert_eq!(rec.warnings.len(), 1);
        assert!(rec.warnings[0].message.contains("thousands separator"));
    }

    #[test]
    fn bad_funding_rows_name_the_line() {
        let mut rec = Record::default();
        let e = read_funding_row(&mut rec, "p.txt", 9, "Ville 5000 20l7", &[]);
        assert_eq!(
            e.map_err(|e| e.to_string()),
            Err("p.txt:9: funding: the row does not end with a year: \"Ville 5000 20l7\"".into())
        );
        let e = read_funding_row(&mut rec, "p.txt", 9, "Ville 1,234.567,89 2017", &[]);
        assert_eq!(
            e.map_err(|e| e.to_string()),
            Err("p.txt:9: funding: not an amount in euros: \"1,234.567,89\"".into())
        );
        let e = read_funding_row(&mut rec, "p.txt", 9, "5000 2017", &[]);
        assert!(e.is_err());
    }
}
