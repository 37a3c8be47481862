//! Writes a record as the text rendering of an Atlas detail page, quirks included
//! (message keys, repeated headings, flattened tables, obfuscated e-mails, U+00A0).

use crate::model::{LevyLaw, Record};
use std::fmt::Write;

const DEFAULT_LEVY_HEADER: &str = "Montant 1% Eau (Loi Oudin 2005) Montant 1% Eau (Loi Oudin 2005) Montant 1% Eau (Loi Oudin 2005)";

fn obfuscate(email: &str) -> String {
    email.replace('@', "[at]")
}

fn yes_no(v: bool, yes: &str, no: &str) -> String {
    if v { yes.to_string() } else { no.to_string() }
}

/// The page text for `rec`, section after section.
pub fn render(rec: &Record) -> String {
    let mut s = String::new();
    header(&mut s);
    diplomatic_post(&mut s, rec);
    title_and_themes(&mut s, rec);
    dates_and_texts(&mut s, rec);
    implementation(&mut s, rec);
    foreign_partners(&mut s, rec);
    foreign_contacts(&mut s, rec);
    french_partners(&mut s, rec);
    funding(&mut s, rec);
    evaluation(&mut s, rec);
    volunteers(&mut s, rec);
    footer(&mut s);
    s
}

/// Writes `text` and a line break.
fn push_line(s: &mut String, text: &str) {
    s.push_str(text);
    s.push('\n');
}

/// The breadcrumb and the site title that open every page.
fn header(s: &mut String) {
    let mut line = |text: &str| push_line(s, text);
    line("Accueil > ???menu.atlas.libelle??? > ???menu.atlas.detailProjet.libelle???");
    line("");
    line("Atlas français de la coopération décentralisée et des autres actions extérieures");
    line("");
}

/// The diplomatic post and its contacts, when the record names a post.
fn diplomatic_post(s: &mut String, rec: &Record) {
    let mut line = |text: &str| push_line(s, text);
    if let Some(post) = &rec.diplomatic_post {
        line(&format!(
            "Contacts dans le poste diplomatique \"{}\"",
            post.name
        ));
        line("");
        for (i, c) in post.contacts.iter().enumerate() {
            if i > 0 {
                line("\u{a0}");
            }
            if let Some(r) = &c.role {
                line(r);
            }
            let name: Vec<&str> = [c.given_name.as_deref(), c.family_name.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            line(&name.join(" "));
            if let Some(e) = &c.email {
                line(&format!("Courriel : {}", obfuscate(e)));
            }
        }
    }
}

/// Title, year of the first agreement, main theme in three levels, other themes.
fn title_and_themes(s: &mut String, rec: &Record) {
    let mut line = |text: &str| push_line(s, text);
    line("Titre");
    line(&rec.title);
    line("Année de première signature de la convention");
    line(
        &rec.first_agreement_year
            .map(|y| y.to_string())
            .unwrap_or_default(),
    );
    for (i, heading) in [
        "Thématique d'intervention",
        "Sous-thématique d'intervention",
        "Sous-sous-thématique d'intervention",
    ]
    .iter()
    .enumerate()
    {
        line(heading);
        line(rec.main_theme.get(i).map_or("", String::as_str));
    }
    line("");
    line("Autres thématiques mises en œuvre pour le partenariat");
    line("");
    line("Autres thématiques mises en œuvre pour le partenariat");
    line("Thématique éligible Sous-thématique Sous-sous-thématique Priorité");
    for t in &rec.other_themes {
        let mut row = t.path.join(" ");
        if let Some(p) = &t.priority {
            let _ = write!(row, " {p}");
        }
        line(&row);
    }
}

/// Start year, status, end date, the free texts and the kind of partnership.
fn dates_and_texts(s: &mut String, rec: &Record) {
    let mut line = |text: &str| push_line(s, text);
    line("<< < pagination.page.precedent 1 pagination.page.suivant > >>");
    line("Année de début du partenariat");
    line(&rec.start_year.map(|y| y.to_string()).unwrap_or_default());
    line("Le partenariat est");
    line(rec.status.as_deref().unwrap_or(""));
    line("Date de fin du partenariat");
    line(
        &rec.end_date
            .map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_default(),
    );
    for (heading, text) in [
        ("Contexte", &rec.context),
        ("Historique", &rec.history),
        ("Objectif du partenariat", &rec.objective),
        ("Description détaillée du partenariat", &rec.description),
    ] {
        line(heading);
        if let Some(t) = text {
            line(t);
        }
    }
    line("Votre partenariat prend la forme d'un(e)");
    line(rec.kind.as_deref().unwrap_or(""));
}

/// Implementers, project owners and beneficiaries.
fn implementation(s: &mut String, rec: &Record) {
    let mut line = |text: &str| push_line(s, text);
    line("Mise en œuvre du partenariat");
    line("Maître(s) d'œuvre");
    for n in &rec.implementers {
        line(n);
    }
    line("Maître(s) d'ouvrage");
    for n in &rec.project_owners {
        line(n);
    }
    line("Bénéficiaire(s)");
    if let Some(b) = &rec.beneficiaries {
        line(b);
    }
}

/// The table of foreign partners with their countries.
fn foreign_partners(s: &mut String, rec: &Record) {
    let mut line = |text: &str| push_line(s, text);
    line("");
    line("Partenaires étrangers du partenariat");
    line("");
    line("Partenaires étrangers du partenariat");
    line("Nom de la collectivité étrangère Pays\u{a0} ");
    for p in &rec.foreign_partners {
        line(&format!(
            "{} {} commun.ico.loupe.alter",
            p.name,
            p.country_label.as_deref().unwrap_or("")
        ));
    }
}

/// The table of the foreign partners' contacts.
fn foreign_contacts(s: &mut String, rec: &Record) {
    let mut line = |text: &str| push_line(s, text);
    line("");
    line("Contacts dans les partenaires étrangers du partenariat");
    line("");
    line("Contacts dans les partenaires étrangers du partenariat");
    line("Nom de la collectivité étrangère Nom Prénom Fonction Courriel");
    for c in &rec.foreign_contacts {
        let cells: Vec<&str> = [
            c.organisation.as_deref(),
            c.family_name.as_deref(),
            c.given_name.as_deref(),
            c.role.as_deref(),
            c.email.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect();
        line(&cells.join(" "));
    }
}

/// The table of French local authorities, then whether the partnership is triennial.
fn french_partners(s: &mut String, rec: &Record) {
    let mut line = |text: &str| push_line(s, text);
    line("");
    line("Collectivités territoriales partenaires du partenariat");
    line("");
    line("Collectivités territoriales partenaires du partenariat");
    line("Nom de la collectivité territoriale\u{a0} ");
    for p in &rec.french_partners {
        line(&format!("{} commun.ico.loupe.alter", p.name));
    }
    line("\n\n");
    if let Some(t) = rec.triennial {
        line(&yes_no(
            t,
            "Le partenariat est triennal",
            "Le partenariat n'est pas triennal",
        ));
    }
}

/// The funding table, its 1% law columns named by the laws the rows use.
fn funding(s: &mut String, rec: &Record) {
    let mut line = |text: &str| push_line(s, text);
    line("");
    line("Financement du partenariat");
    line("");
    line("Financement du partenariat");
    let mut laws: Vec<LevyLaw> = rec
        .funding
        .iter()
        .flat_map(|f| f.levies.iter().filter_map(|l| l.law))
        .collect();
    laws.sort();
    laws.dedup();
    let levy_header = if laws.is_empty() {
        DEFAULT_LEVY_HEADER.to_string()
    } else {
        laws.iter()
            .map(|l| l.column_label())
            .collect::<Vec<_>>()
            .join(" ")
    };
    line(&format!(
        "Nom du financeur Montant en euros {levy_header} Année"
    ));
    for f in &rec.funding {
        let mut row = format!("{} {}", f.funder, f.amount.to_french());
        for l in &f.levies {
            let _ = write!(row, " {}", l.amount.to_french());
        }
        let _ = write!(row, " {}", f.year);
        line(&row);
    }
    line("\n\n\n");
}

/// The answers on communication and evaluation.
fn evaluation(s: &mut String, rec: &Record) {
    let mut line = |text: &str| push_line(s, text);
    line("Évaluations, communication et perspectives");
    line("");
    for (v, yes, no) in [
        (
            rec.communication_france,
            "Une communication a été engagée en France",
            "Aucune communication n'a été engagée en France",
        ),
        (
            rec.communication_partner_countries,
            "Une communication a été engagée dans les pays partenaires",
            "Aucune communication n'a été engagée dans les pays partenaires",
        ),
        (
            rec.evaluation,
            "Une politique d'évaluation a été engagée",
            "Aucune politique d'évaluation n'a été engagée",
        ),
    ] {
        if let Some(v) = v {
            line(&yes_no(v, yes, no));
            line("");
        }
    }
}

/// The table of volunteers.
fn volunteers(s: &mut String, rec: &Record) {
    let mut line = |text: &str| push_line(s, text);
    line(
        "Volontaires impliqués dans le partenariat (VSI, service civique, etc.) d'Échange et de Solidarité",
    );
    line("");
    line(
        "Volontaires impliqués dans le partenariat (VSI, service civique, etc.) d'Échange et de Solidarité",
    );
    line("Nom Prénom Mission Champs d'action Entité d'affectation");
    for v in &rec.volunteers {
        let cells: Vec<&str> = [
            v.family_name.as_deref(),
            v.given_name.as_deref(),
            v.mission.as_deref(),
            v.fields.as_deref(),
            v.entity.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect();
        line(&cells.join(" "));
    }
}

/// The page footer.
fn footer(s: &mut String) {
    let mut line = |text: &str| push_line(s, text);
    line("\n");
    line("PIED DE PAGE");
    line("");
    line("Tous droits réservés - Ministère de l'Europe et des Affaires étrangères 2013");
}
