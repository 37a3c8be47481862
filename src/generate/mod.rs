//! Synthetic records of realistic shape (the seed page's structure), deterministic for a seed.
//!
//! Used by tests and benchmarks at scale. Every generated record can be written as an Atlas
//! text page ([`page::render`]) or as exported tables ([`table::tables`]) that read back to
//! the same record.

pub mod page;
pub mod table;

use crate::model::countries;
use crate::model::themes;
use crate::model::{
    Amount, Contact, DiplomaticPost, ForeignPartner, FrenchPartner, FundingRow, Levy, LevyLaw,
    OtherTheme, Record, Source, Volunteer,
};
use chrono::NaiveDate;

/// SplitMix64: tiny, fast, and its output for a seed never changes across versions (the
/// `rand` generators make no such promise), which deterministic test data needs.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.range(0, 99) < percent
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.range(0, items.len() as u64 - 1) as usize]
    }
}

const FRENCH_AUTHORITIES: &[&str] = &[
    "Communauté d'agglomération Chartres métropole",
    "Région Bretagne",
    "Région Nouvelle-Aquitaine",
    "Région Auvergne-Rhône-Alpes",
    "Département de la Gironde",
    "Département du Finistère",
    "Département de l'Hérault",
    "Ville de Lyon",
    "Ville de Nantes",
    "Ville de Grenoble",
    "Commune de Saint-Brieuc",
    "Métropole Européenne de Lille",
    "Eurométropole de Strasbourg",
    "Communauté urbaine de Dunkerque",
    "Ville de Besançon",
];

const FOREIGN_PLACES: &[&str] = &[
    "Ville de Québec",
    "Commune de Ouahigouya",
    "Province de Tiznit",
    "Municipalité de Tyr",
    "District de Kayes",
    "Ville de Cuenca",
    "Région de Kolda",
    "Comté de Jiangsu",
    "Commune urbaine de Mahajanga",
    "Préfecture de Shizuoka",
    "Ville de Hué",
    "Municipalité de Goris",
    "Gouvernorat de Sfax",
    "Ville de Cap-Haïtien",
    "Commune de Dogbo",
    "Québec International",
    "Wilaya de Tlemcen",
    "Land de Rhénanie-Palatinat",
];

const GIVEN: &[&str] = &[
    "Sarah",
    "Stéphane",
    "Jean Michel",
    "Marie-Hélène",
    "Aïcha",
    "Paul",
    "Fatou",
    "Luc",
    "Nguyen Van",
    "Inès",
    "Mamadou",
    "Élodie",
    "Karim",
    "Sofia",
];
const FAMILY: &[&str] = &[
    "VAILLANT",
    "CATTA",
    "DE LA FONTAINE",
    "DIALLO",
    "TRAN",
    "MARTIN",
    "BENALI",
    "OUÉDRAOGO",
    "LE GALL",
    "KONATÉ",
    "ROSSI",
    "DUBOIS",
];
const FUNCTIONS: &[&str] = &[
    "Directeur développement des affaires",
    "Chargée de mission coopération internationale",
    "Responsable des relations internationales",
    "Maire adjoint",
    "Coordinateur du programme",
    "Secrétaire général",
];
const POST_ROLES: &[&str] = &[
    "Correspondant coopération décentralisée",
    "Conseiller de coopération et d'action culturelle",
    "Attaché de coopération",
];
const FUNDERS: &[&str] = &[
    "Ministère de l'Europe et des Affaires étrangères",
    "Collectivités et partenaires étrangers",
    "Agence de l'eau Loire-Bretagne",
    "Agence française de développement",
    "Cosmetic Valley",
    "Union européenne",
];
const KINDS: &[&str] = &[
    "Projet de coopération décentralisée",
    "Jumelage",
    "Autre action extérieure",
];
const OPENINGS: &[&str] = &[
    "Le partenariat s’appuie sur",
    "Les deux territoires partagent",
    "Ce projet prolonge",
    "L'objectif est de renforcer",
    "Les acteurs locaux ont engagé",
];
const MIDDLES: &[&str] = &[
    "une coopération ancienne entre les services techniques",
    "des échanges réguliers d’élus et d’agents",
    "un programme d'appui à la maîtrise d’ouvrage communale",
    "la formation de jeunes professionnels",
    "la gestion durable des ressources en eau",
    "le développement économique des filières locales",
];
const ENDINGS: &[&str] = &[
    "au bénéfice des populations.",
    "dans le cadre d’une convention pluriannuelle.",
    "avec l’appui de l’ambassade.",
    "en lien avec les acteurs de la société civile.",
];
const MISSIONS: &[&str] = &[
    "Appui au service de l'eau",
    "Animation du programme jeunesse",
    "Suivi des projets agricoles",
];

fn sentence(rng: &mut Rng) -> String {
    format!(
        "{} {} {}",
        rng.pick(OPENINGS),
        rng.pick(MIDDLES),
        rng.pick(ENDINGS)
    )
}

fn text(rng: &mut Rng, paragraphs: u64) -> String {
    let mut out = Vec::new();
    for _ in 0..paragraphs {
        let n = rng.range(1, 3);
        let p: Vec<String> = (0..n).map(|_| sentence(rng)).collect();
        out.push(p.join(" "));
    }
    out.join("\n\n")
}

fn email(given: &str, family: &str, domain: &str) -> String {
    let local = format!(
        "{}.{}",
        crate::model::names::slug(given),
        crate::model::names::slug(family)
    );
    format!("{local}@{domain}")
}

fn amount(rng: &mut Rng) -> Amount {
    let euros = rng.range(10, 600) as i64 * 100;
    let cents = if rng.chance(15) {
        rng.range(1, 99) as i64
    } else {
        0
    };
    Amount::from_cents(euros * 100 + cents)
}

/// Picks a foreign partner name that the reader will split from its country unambiguously.
fn foreign_partner(rng: &mut Rng, country: &countries::Country) -> String {
    for _ in 0..8 {
        let name = rng.pick(FOREIGN_PLACES).to_string();
        let row = format!("{name} {}", country.name_fr);
        if countries::split_trailing(&row)
            .is_some_and(|(head, c, _)| head == name && c.alpha2 == country.alpha2)
            && countries::split_trailing(&name).is_none()
        {
            return name;
        }
    }
    "Collectivité partenaire".to_string()
}

/// The `index`-th record for `seed` (records are independent: any index can be made alone).
/// Each part is drawn in turn, in this order: the order of the draws is what makes a seed give
/// the same records, so a new draw goes last.
pub fn record(seed: u64, index: u64) -> Record {
    let mut rng = Rng::new(seed ^ index.wrapping_mul(0xA24B_AED4_963E_E407));
    let (first_year, start_year, finished, end_date) = draw_dates(&mut rng);
    let french = draw_french_partners(&mut rng);
    let foreign = draw_foreign_partners(&mut rng);
    let host = foreign
        .first()
        .and_then(|f| f.country.as_deref())
        .and_then(countries::by_alpha2);
    let paths = themes::known().paths();
    let (main_theme, other_themes) = draw_themes(&mut rng, &paths);
    let (post_contacts, foreign_contacts) = draw_contacts(&mut rng, &foreign);
    let diplomatic_post = host.map(|c| DiplomaticPost {
        name: format!("Ambassade de France – {}", c.name_fr),
        contacts: post_contacts,
    });
    let funding = draw_funding(&mut rng, start_year, &french);
    let volunteers = draw_volunteers(&mut rng, &paths, &french);
    let title = draw_title(&mut rng, &french, &foreign);

    let maybe_text = |rng: &mut Rng, p: u64| rng.chance(85).then(|| text(rng, p));
    Record {
        atlas_id: None,
        source: Source {
            file: "generated".into(),
            line: index as usize + 1,
            url: None,
        },
        title,
        diplomatic_post,
        first_agreement_year: Some(first_year),
        main_theme,
        other_themes,
        start_year: Some(start_year),
        status: Some(if finished { "Terminé" } else { "En cours" }.to_string()),
        end_date,
        context: maybe_text(&mut rng, 2),
        history: maybe_text(&mut rng, 1),
        objective: maybe_text(&mut rng, 2),
        description: maybe_text(&mut rng, 1),
        kind: Some(rng.pick(KINDS).to_string()),
        project_owners: french.first().cloned().into_iter().collect(),
        implementers: if rng.chance(30) {
            vec!["Agence française de développement".into()]
        } else {
            Vec::new()
        },
        beneficiaries: maybe_text(&mut rng, 1),
        foreign_partners: foreign,
        foreign_contacts,
        french_partners: french
            .into_iter()
            .map(|name| FrenchPartner {
                name,
                siren: None,
                insee: None,
            })
            .collect(),
        triennial: Some(rng.chance(30)),
        funding,
        communication_france: Some(rng.chance(50)),
        communication_partner_countries: Some(rng.chance(50)),
        evaluation: Some(rng.chance(50)),
        volunteers,
        warnings: Vec::new(),
    }
}

/// Years of the first agreement and of the start, whether the partnership is finished, and
/// its end date (always when finished, half the time otherwise).
fn draw_dates(rng: &mut Rng) -> (i32, i32, bool, Option<NaiveDate>) {
    let first_year = rng.range(2005, 2024) as i32;
    let start_year = first_year + rng.range(0, 1) as i32;
    let finished = rng.chance(40);
    let end_date = if finished || rng.chance(50) {
        let y = start_year + rng.range(1, 4) as i32;
        NaiveDate::from_ymd_opt(y, rng.range(1, 12) as u32, rng.range(1, 28) as u32)
    } else {
        None
    };
    (first_year, start_year, finished, end_date)
}

/// One or two distinct French local authorities.
fn draw_french_partners(rng: &mut Rng) -> Vec<String> {
    let n_french = rng.range(1, 2);
    let mut french: Vec<String> = Vec::new();
    while french.len() < n_french as usize {
        let f = rng.pick(FRENCH_AUTHORITIES).to_string();
        if !french.contains(&f) {
            french.push(f);
        }
    }
    french
}

/// One to three foreign partners of distinct names, each in a country other than France.
fn draw_foreign_partners(rng: &mut Rng) -> Vec<ForeignPartner> {
    let all_countries: Vec<&countries::Country> = countries::all()
        .iter()
        .filter(|c| c.alpha2 != "FR")
        .collect();
    let n_foreign = rng.range(1, 3);
    let mut foreign: Vec<ForeignPartner> = Vec::new();
    for _ in 0..n_foreign {
        let c = *rng.pick(&all_countries);
        let name = foreign_partner(rng, c);
        if foreign.iter().any(|f| f.name == name) {
            continue;
        }
        foreign.push(ForeignPartner {
            name,
            country_label: Some(c.name_fr.to_string()),
            country: Some(c.alpha2.to_string()),
        });
    }
    foreign
}

/// The main theme and up to two other themes with their priorities.
fn draw_themes(rng: &mut Rng, paths: &[Vec<String>]) -> (Vec<String>, Vec<OtherTheme>) {
    let main_theme = rng.pick(paths).clone();
    let mut other_themes = Vec::new();
    for i in 0..rng.range(0, 2) {
        other_themes.push(OtherTheme {
            path: rng.pick(paths).clone(),
            priority: Some((i + 1).to_string()),
        });
    }
    (main_theme, other_themes)
}

/// Up to four contacts, each of the diplomatic post or of one of the foreign partners: the
/// post's contacts, then the partners'.
fn draw_contacts(rng: &mut Rng, foreign: &[ForeignPartner]) -> (Vec<Contact>, Vec<Contact>) {
    let mut post_contacts = Vec::new();
    let mut foreign_contacts = Vec::new();
    for _ in 0..rng.range(0, 4) {
        let given = rng.pick(GIVEN).to_string();
        let family = rng.pick(FAMILY).to_string();
        if rng.chance(50) {
            post_contacts.push(Contact {
                organisation: None,
                role: Some(rng.pick(POST_ROLES).to_string()),
                email: Some(email(&given, &family, "diplomatie.gouv.fr")),
                given_name: Some(given),
                family_name: Some(family),
                raw: None,
                line: 0,
            });
        } else if let Some(org) = foreign.get(rng.range(0, foreign.len() as u64 - 1) as usize) {
            foreign_contacts.push(Contact {
                organisation: Some(org.name.clone()),
                role: Some(rng.pick(FUNCTIONS).to_string()),
                email: Some(email(&given, &family, "partenaire.example.org")),
                given_name: Some(given),
                family_name: Some(family),
                raw: None,
                line: 0,
            });
        }
    }
    (post_contacts, foreign_contacts)
}

/// Up to ten funding rows (one per funder and year), with 1% levies under one or two laws in
/// a fifth of the records.
fn draw_funding(rng: &mut Rng, start_year: i32, french: &[String]) -> Vec<FundingRow> {
    let levy_laws: Vec<LevyLaw> = if rng.chance(20) {
        let a = *rng.pick(&LevyLaw::ALL);
        let b = *rng.pick(&LevyLaw::ALL);
        if a == b {
            vec![a]
        } else {
            vec![a.min(b), a.max(b)]
        }
    } else {
        Vec::new()
    };
    let mut funding: Vec<FundingRow> = Vec::new();
    let funders: Vec<String> = FUNDERS
        .iter()
        .map(|f| f.to_string())
        .chain(french.iter().cloned())
        .collect();
    for _ in 0..rng.range(0, 10) {
        let funder = rng.pick(&funders).clone();
        let year = start_year + rng.range(0, 3) as i32;
        if funding.iter().any(|f| f.funder == funder && f.year == year) {
            continue;
        }
        let levies = if !levy_laws.is_empty() && rng.chance(50) {
            levy_laws
                .iter()
                .map(|&law| Levy {
                    law: Some(law),
                    amount: amount(rng),
                })
                .collect()
        } else {
            Vec::new()
        };
        funding.push(FundingRow {
            funder,
            year,
            amount: amount(rng),
            levies,
        });
    }
    funding
}

/// Up to two volunteers, each assigned to one of the French partners.
fn draw_volunteers(rng: &mut Rng, paths: &[Vec<String>], french: &[String]) -> Vec<Volunteer> {
    let top_labels: Vec<String> = paths
        .iter()
        .filter(|p| p.len() == 1)
        .flatten()
        .cloned()
        .collect();
    let mut volunteers = Vec::new();
    for _ in 0..rng.range(0, 2) {
        if rng.chance(60) {
            continue;
        }
        volunteers.push(Volunteer {
            family_name: Some(rng.pick(FAMILY).to_string()),
            given_name: Some(
                rng.pick(GIVEN)
                    .split(' ')
                    .next()
                    .unwrap_or("Paul")
                    .to_string(),
            ),
            mission: Some(rng.pick(MISSIONS).to_string()),
            fields: Some(rng.pick(&top_labels).clone()),
            entity: Some(rng.pick(french).clone()),
            raw: None,
        });
    }
    volunteers
}

/// The title: a kind of link between the first French and the first foreign partner.
fn draw_title(rng: &mut Rng, french: &[String], foreign: &[ForeignPartner]) -> String {
    let place = foreign
        .first()
        .map_or("ses partenaires", |f| f.name.as_str())
        .to_string();
    format!(
        "{} entre {} et {}",
        rng.pick(&[
            "Coopération",
            "Partenariat",
            "Programme d'échanges",
            "Projet conjoint"
        ]),
        french.first().map_or("la collectivité", String::as_str),
        place
    )
}

/// `count` records for `seed`, made lazily.
pub fn records(seed: u64, count: u64) -> impl Iterator<Item = Record> {
    (0..count).map(move |i| record(seed, i))
}
