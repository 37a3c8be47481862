//! Records written as the tables people export: long form (one row per funding row, the
//! partnership's fields repeated on each) and joined files (partnerships, funding and foreign
//! partners, sharing an id), each with the column mapping that reads it back to the same
//! records. Semicolons and French number forms (`12 500,50`, `1 500 €`), as exported.

use crate::model::{LevyLaw, Record};

/// How the tables are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// One file, one row per funding row (a partnership without funding has one row).
    Long,
    /// `partnerships.csv`, `funding.csv` and `partners.csv`, joined by `Identifiant`.
    Joined,
}

/// How many groups of repeated columns the tables have: the most contacts of a diplomatic
/// post, foreign contacts and volunteers any record has.
#[derive(Clone, Copy)]
struct Repeats {
    posts: usize,
    foreign: usize,
    volunteers: usize,
}

impl Repeats {
    /// The groups `records` need.
    fn of(records: &[Record]) -> Self {
        let posts = records
            .iter()
            .map(|r| r.diplomatic_post.as_ref().map_or(0, |p| p.contacts.len()))
            .max()
            .unwrap_or(0);
        let foreign = records
            .iter()
            .map(|r| r.foreign_contacts.len())
            .max()
            .unwrap_or(0);
        let volunteers = records
            .iter()
            .map(|r| r.volunteers.len())
            .max()
            .unwrap_or(0);
        Self {
            posts,
            foreign,
            volunteers,
        }
    }
}

/// The files to write: (name, contents), the mapping (`mapping.toml`) among them.
pub fn tables(records: &[Record], shape: Shape) -> Vec<(String, String)> {
    let repeats = Repeats::of(records);
    let long = shape == Shape::Long;
    let mut main = Writer::new(&main_header(long, repeats));
    let mut funding = Writer::new(&funding_header(true));
    let mut partners = Writer::new(&["Identifiant", "Partenaire", "Pays"].map(String::from));
    for (i, r) in records.iter().enumerate() {
        let id = format!("P{:06}", i + 1);
        let mut row = partnership_cells(&id, r);
        if long {
            row.push(join(r.foreign_partners.iter().map(|p| p.name.clone())));
            row.push(join(
                r.foreign_partners
                    .iter()
                    .map(|p| p.country_label.clone().unwrap_or_default()),
            ));
        }
        repeated_cells(&mut row, r, repeats);
        match shape {
            Shape::Long => {
                if r.funding.is_empty() {
                    let mut only = row.clone();
                    only.extend(std::iter::repeat_n(String::new(), 3 + LevyLaw::ALL.len()));
                    main.row(&only);
                }
                for (k, f) in r.funding.iter().enumerate() {
                    let mut full = row.clone();
                    full.extend(funding_cells(f, k));
                    main.row(&full);
                }
            }
            Shape::Joined => {
                main.row(&row);
                for (k, f) in r.funding.iter().enumerate() {
                    let mut cells = vec![id.clone()];
                    cells.extend(funding_cells(f, k));
                    funding.row(&cells);
                }
                for p in &r.foreign_partners {
                    partners.row(&[id.clone(), p.name.clone(), opt(&p.country_label)]);
                }
            }
        }
    }
    let Repeats {
        posts,
        foreign,
        volunteers,
    } = repeats;

    let mapping = mapping_toml(shape, posts, foreign, volunteers);
    match shape {
        Shape::Long => vec![
            ("partnerships.csv".into(), main.finish()),
            ("mapping.toml".into(), mapping),
        ],
        Shape::Joined => vec![
            ("partnerships.csv".into(), main.finish()),
            ("funding.csv".into(), funding.finish()),
            ("partners.csv".into(), partners.finish()),
            ("mapping.toml".into(), mapping),
        ],
    }
}

/// The header of the main table: the partnership's columns, in long form its foreign partners,
/// the repeated groups of contacts and volunteers, and in long form the funding columns.
fn main_header(long: bool, repeats: Repeats) -> Vec<String> {
    let Repeats {
        posts,
        foreign,
        volunteers,
    } = repeats;

    let mut header: Vec<String> = [
        "Identifiant",
        "Titre",
        "Poste diplomatique",
        "Année de première signature",
        "Thématique",
        "Autres thématiques",
        "Priorités des autres thématiques",
        "Année de début",
        "Statut",
        "Date de fin",
        "Contexte",
        "Historique",
        "Objectif",
        "Description",
        "Forme",
        "Maîtres d'ouvrage",
        "Maîtres d'œuvre",
        "Bénéficiaires",
        "Collectivités françaises",
        "Triennal",
        "Communication en France",
        "Communication dans les pays partenaires",
        "Évaluation",
    ]
    .map(String::from)
    .to_vec();
    if long {
        header.extend(["Partenaires étrangers", "Pays"].map(String::from));
    }
    for k in 1..=posts {
        for f in ["fonction", "prénom", "nom", "courriel"] {
            header.push(format!("Poste contact {k} {f}"));
        }
    }
    for k in 1..=foreign {
        for f in ["organisation", "fonction", "prénom", "nom", "courriel"] {
            header.push(format!("Contact étranger {k} {f}"));
        }
    }
    for k in 1..=volunteers {
        for f in ["nom", "prénom", "mission", "champs", "entité"] {
            header.push(format!("Volontaire {k} {f}"));
        }
    }
    if long {
        header.extend(funding_header(false));
    }
    header
}

/// The header of the funding columns, with the partnership's id first in a table of their own.
fn funding_header(with_id: bool) -> Vec<String> {
    let mut h: Vec<String> = Vec::new();
    if with_id {
        h.push("Identifiant".into());
    }
    h.extend(["Financeur", "Montant", "Année"].map(String::from));
    h.extend(
        LevyLaw::ALL
            .iter()
            .map(|l| format!("Montant 1% {}", l.slug())),
    );
    h
}

/// The repeated groups of a partnership's row: the post's contacts, the foreign contacts and
/// the volunteers, each group padded with empty cells to the widest record's.
fn repeated_cells(row: &mut Vec<String>, r: &Record, repeats: Repeats) {
    let Repeats {
        posts,
        foreign,
        volunteers,
    } = repeats;

    let post_contacts = r.diplomatic_post.iter().flat_map(|p| p.contacts.iter());
    let mut n = 0;
    for c in post_contacts {
        n += 1;
        row.extend([&c.role, &c.given_name, &c.family_name, &c.email].map(opt));
    }
    row.extend(std::iter::repeat_n(String::new(), (posts - n) * 4));
    for c in &r.foreign_contacts {
        row.extend(
            [
                &c.organisation,
                &c.role,
                &c.given_name,
                &c.family_name,
                &c.email,
            ]
            .map(opt),
        );
    }
    row.extend(std::iter::repeat_n(
        String::new(),
        (foreign - r.foreign_contacts.len()) * 5,
    ));
    for v in &r.volunteers {
        row.extend(
            [
                &v.family_name,
                &v.given_name,
                &v.mission,
                &v.fields,
                &v.entity,
            ]
            .map(opt),
        );
    }
    row.extend(std::iter::repeat_n(
        String::new(),
        (volunteers - r.volunteers.len()) * 5,
    ));
}

/// The cells of one funding row, the `k`-th of its partnership: funder, amount, year, the
/// amount under each 1% law.
fn funding_cells(f: &crate::model::FundingRow, k: usize) -> Vec<String> {
    // Two forms of amounts, as exports have them.
    let amount = if k.is_multiple_of(2) {
        f.amount.to_french()
    } else {
        format!("{} €", f.amount.to_french())
    };
    let mut cells = vec![f.funder.clone(), amount, f.year.to_string()];
    for law in LevyLaw::ALL {
        cells.push(
            f.levies
                .iter()
                .find(|l| l.law == Some(law))
                .map(|l| l.amount.to_french())
                .unwrap_or_default(),
        );
    }
    cells
}

/// The cells every shape has for a partnership.
fn partnership_cells(id: &str, r: &Record) -> Vec<String> {
    let year = |y: Option<i32>| y.map(|y| y.to_string()).unwrap_or_default();
    let flag = |b: Option<bool>| match b {
        Some(true) => "oui".to_string(),
        Some(false) => "non".to_string(),
        None => String::new(),
    };
    vec![
        id.to_string(),
        r.title.clone(),
        r.diplomatic_post
            .as_ref()
            .map(|p| p.name.clone())
            .unwrap_or_default(),
        year(r.first_agreement_year),
        r.main_theme.join(" > "),
        join(r.other_themes.iter().map(|t| t.path.join(" > "))),
        join(
            r.other_themes
                .iter()
                .map(|t| t.priority.clone().unwrap_or_default()),
        ),
        year(r.start_year),
        opt(&r.status),
        r.end_date
            .map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_default(),
        opt(&r.context),
        opt(&r.history),
        opt(&r.objective),
        opt(&r.description),
        opt(&r.kind),
        join(r.project_owners.iter().cloned()),
        join(r.implementers.iter().cloned()),
        opt(&r.beneficiaries),
        join(r.french_partners.iter().map(|p| p.name.clone())),
        flag(r.triennial),
        flag(r.communication_france),
        flag(r.communication_partner_countries),
        flag(r.evaluation),
    ]
}

fn opt(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

fn join(items: impl Iterator<Item = String>) -> String {
    items.collect::<Vec<_>>().join("|")
}

/// A semicolon-separated table with a header.
struct Writer(csv::Writer<Vec<u8>>);

impl Writer {
    fn new(header: &[String]) -> Self {
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .from_writer(Vec::new());
        let _ = w.write_record(header);
        Self(w)
    }

    fn row(&mut self, cells: &[String]) {
        // Writing to memory cannot fail.
        let _ = self.0.write_record(cells);
    }

    fn finish(self) -> String {
        let bytes = self.0.into_inner().unwrap_or_default();
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

/// The column mapping of the tables.
fn mapping_toml(shape: Shape, posts: usize, foreign: usize, volunteers: usize) -> String {
    let mut m = String::from(
        "# Column mapping of generated tables (atlas-lod generate --to csv-long|csv-joined).\n\
         delimiter = \";\"\nlist_separator = \"|\"\ntheme_separator = \">\"\nkey = \"Identifiant\"\n\n\
         [columns]\ntitle = \"Titre\"\ndiplomatic_post = \"Poste diplomatique\"\n\
         first_agreement_year = \"Année de première signature\"\nmain_theme = \"Thématique\"\n\
         other_themes = \"Autres thématiques\"\n\
         other_theme_priorities = \"Priorités des autres thématiques\"\n\
         start_year = \"Année de début\"\nstatus = \"Statut\"\nend_date = \"Date de fin\"\n\
         context = \"Contexte\"\nhistory = \"Historique\"\nobjective = \"Objectif\"\n\
         description = \"Description\"\nkind = \"Forme\"\nproject_owners = \"Maîtres d'ouvrage\"\n\
         implementers = \"Maîtres d'œuvre\"\nbeneficiaries = \"Bénéficiaires\"\n\
         french_partners = \"Collectivités françaises\"\ntriennial = \"Triennal\"\n\
         communication_france = \"Communication en France\"\n\
         communication_partner_countries = \"Communication dans les pays partenaires\"\n\
         evaluation = \"Évaluation\"\n",
    );
    if shape == Shape::Long {
        m.push_str(
            "foreign_partners = \"Partenaires étrangers\"\nforeign_partner_countries = \"Pays\"\n",
        );
    }
    for k in 1..=posts {
        m.push_str(&format!(
            "\n[[contacts]]\nat = \"diplomatic_post\"\nrole = \"Poste contact {k} fonction\"\n\
             given_name = \"Poste contact {k} prénom\"\nfamily_name = \"Poste contact {k} nom\"\n\
             email = \"Poste contact {k} courriel\"\n"
        ));
    }
    for k in 1..=foreign {
        m.push_str(&format!(
            "\n[[contacts]]\nat = \"foreign_partner\"\norganisation = \"Contact étranger {k} organisation\"\n\
             role = \"Contact étranger {k} fonction\"\ngiven_name = \"Contact étranger {k} prénom\"\n\
             family_name = \"Contact étranger {k} nom\"\nemail = \"Contact étranger {k} courriel\"\n"
        ));
    }
    for k in 1..=volunteers {
        m.push_str(&format!(
            "\n[[volunteers]]\nfamily_name = \"Volontaire {k} nom\"\ngiven_name = \"Volontaire {k} prénom\"\n\
             mission = \"Volontaire {k} mission\"\nfields = \"Volontaire {k} champs\"\n\
             entity = \"Volontaire {k} entité\"\n"
        ));
    }
    let levies: Vec<String> = LevyLaw::ALL
        .iter()
        .map(|l| format!("{} = \"Montant 1% {}\"", l.slug(), l.slug()))
        .collect();
    let funding = format!(
        "funder = \"Financeur\"\namount = \"Montant\"\nyear = \"Année\"\nlevies = {{ {} }}\n",
        levies.join(", ")
    );
    match shape {
        Shape::Long => m.push_str(&format!("\n[[funding]]\n{funding}")),
        Shape::Joined => {
            m.push_str(&format!(
                "\n[[tables]]\nfile = \"funding.csv\"\nkey = \"Identifiant\"\n\n[[tables.funding]]\n{funding}"
            ));
            m.push_str(
                "\n[[tables]]\nfile = \"partners.csv\"\nkey = \"Identifiant\"\n\n\
                 [tables.foreign_partners]\nname = \"Partenaire\"\ncountry = \"Pays\"\n",
            );
        }
    }
    m
}
