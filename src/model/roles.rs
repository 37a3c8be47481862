//! Function titles of contacts ("Correspondant coopération décentralisée", "Directeur
//! développement des affaires"): the words that open one, and the closed list of words a
//! published function label may hold under `--contacts role`. A word outside the list (a name
//! glued to the function, a phone number, a stray token) never reaches a role label.

use super::names::normalise;

/// Words that open a function or job title in contact rows (normalised, see [`normalise`]).
pub const ROLE_WORDS: &[&str] = &[
    "adjoint",
    "adjointe",
    "administrateur",
    "administratrice",
    "adviser",
    "advisor",
    "agent",
    "ambassadeur",
    "animateur",
    "animatrice",
    "assistant",
    "assistante",
    "attache",
    "attachee",
    "charge",
    "chargee",
    "chef",
    "cheffe",
    "chercheur",
    "chercheuse",
    "collaborateur",
    "collaboratrice",
    "commissaire",
    "conseiller",
    "conseillere",
    "consul",
    "coordinador",
    "coordinadora",
    "coordinateur",
    "coordinator",
    "coordinatrice",
    "correspondant",
    "correspondante",
    "delegue",
    "deleguee",
    "depute",
    "deputee",
    "directeur",
    "director",
    "directora",
    "directrice",
    "elu",
    "elue",
    "gestionnaire",
    "gouverneur",
    "head",
    "ingenieur",
    "ingenieure",
    "intendente",
    "maire",
    "manager",
    "mayor",
    "officer",
    "prefet",
    "president",
    "presidente",
    "professeur",
    "professeure",
    "referent",
    "referente",
    "representant",
    "representante",
    "responsable",
    "secretaire",
    "secretary",
    "senateur",
    "technicien",
    "technicienne",
    "vice",
    "vice president",
    "vice presidente",
];

/// Every word a function label may hold when names are not published (normalised, a final
/// plural `s` or `x` taken off): job titles, the fields they work in, the organisations they
/// work for, and the small words between.
const FUNCTION_WORDS: &[&str] = &[
    "a",
    "accompagnement",
    "action",
    "adjoint",
    "adjointe",
    "administrateur",
    "administratif",
    "administration",
    "administrative",
    "administratrice",
    "adviser",
    "advisor",
    "afd",
    "affaire",
    "affairs",
    "agence",
    "agent",
    "agglomeration",
    "agriculture",
    "alliance",
    "ambassade",
    "ambassadeur",
    "analyste",
    "and",
    "animateur",
    "animation",
    "animatrice",
    "appui",
    "assainissement",
    "assistant",
    "assistante",
    "association",
    "asuntos",
    "attache",
    "attachee",
    "au",
    "aux",
    "avec",
    "benevole",
    "budget",
    "bureau",
    "cabinet",
    "capacite",
    "charge",
    "chargee",
    "chef",
    "cheffe",
    "chercheur",
    "chercheuse",
    "chief",
    "citoyennete",
    "city",
    "climat",
    "cocac",
    "collaborateur",
    "collaboratrice",
    "collectivite",
    "comite",
    "commissaire",
    "communaute",
    "commune",
    "communication",
    "conseil",
    "conseiller",
    "conseillere",
    "consul",
    "consulat",
    "consultant",
    "consultante",
    "cooperacion",
    "cooperation",
    "coordinador",
    "coordinadora",
    "coordinateur",
    "coordination",
    "coordinator",
    "coordinatrice",
    "correspondant",
    "correspondante",
    "council",
    "culture",
    "culturel",
    "culturelle",
    "d",
    "daect",
    "de",
    "decentralise",
    "decentralisee",
    "dechet",
    "del",
    "delegue",
    "deleguee",
    "democratie",
    "departement",
    "departemental",
    "departementale",
    "department",
    "depute",
    "deputee",
    "deputy",
    "des",
    "desarrollo",
    "development",
    "developpement",
    "directeur",
    "direction",
    "director",
    "directora",
    "directrice",
    "du",
    "eau",
    "echange",
    "ecole",
    "economie",
    "economique",
    "education",
    "egalite",
    "el",
    "elu",
    "elue",
    "emploi",
    "en",
    "energie",
    "enfance",
    "enseignement",
    "environnement",
    "et",
    "etude",
    "europe",
    "europeen",
    "europeenne",
    "evaluation",
    "executive",
    "expert",
    "experte",
    "exterieur",
    "exterieure",
    "finance",
    "financier",
    "financiere",
    "fondation",
    "for",
    "formation",
    "francais",
    "francaise",
    "francophonie",
    "general",
    "generale",
    "genre",
    "gestion",
    "gestionnaire",
    "gouvernance",
    "gouverneur",
    "habitat",
    "head",
    "humanitaire",
    "in",
    "ingenieur",
    "ingenieure",
    "innovation",
    "institut",
    "intendente",
    "internacional",
    "internacionales",
    "international",
    "internationale",
    "internationaux",
    "jeunesse",
    "junior",
    "juridique",
    "l",
    "la",
    "las",
    "le",
    "les",
    "local",
    "locale",
    "logistique",
    "los",
    "maire",
    "mairie",
    "manager",
    "mayor",
    "medical",
    "medicale",
    "metropole",
    "mise",
    "mission",
    "mobilisation",
    "mobilite",
    "municipal",
    "municipale",
    "numerique",
    "oeuvre",
    "of",
    "office",
    "officer",
    "oms",
    "on",
    "ong",
    "onu",
    "operation",
    "operationnel",
    "par",
    "partenaire",
    "partenariat",
    "patrimoine",
    "pnud",
    "pole",
    "policy",
    "pour",
    "prefet",
    "premier",
    "premiere",
    "president",
    "presidente",
    "presse",
    "principal",
    "principale",
    "professeur",
    "professeure",
    "program",
    "programme",
    "project",
    "projet",
    "province",
    "provincial",
    "public",
    "recherche",
    "referent",
    "referente",
    "region",
    "regional",
    "regionale",
    "relaciones",
    "relation",
    "relations",
    "renforcement",
    "representant",
    "representante",
    "reseau",
    "responsable",
    "rural",
    "rurale",
    "sanitaire",
    "sante",
    "scac",
    "scientifique",
    "scolaire",
    "secretaire",
    "secretary",
    "senateur",
    "senior",
    "sensibilisation",
    "service",
    "social",
    "sociale",
    "solidarite",
    "soutien",
    "sport",
    "stagiaire",
    "suivi",
    "superieur",
    "sur",
    "syndicat",
    "technicien",
    "technicienne",
    "technique",
    "territoire",
    "territorial",
    "territoriale",
    "the",
    "to",
    "tourisme",
    "transport",
    "ue",
    "unesco",
    "universitaire",
    "urbain",
    "urbaine",
    "urbanisme",
    "vice",
    "ville",
    "volontaire",
    "vsi",
    "y",
];

/// Words that cannot end a label (what is left after "Chargé de" when the rest was dropped).
const LINKS: &[&str] = &[
    "de", "du", "des", "d", "la", "le", "les", "l", "et", "en", "a", "au", "aux", "pour", "par",
    "sur", "avec", "of", "the", "and", "for", "in", "to", "on", "y", "el", "los", "las", "del",
];

/// Whether `word` opens a function title.
pub fn is_role_word(word: &str) -> bool {
    let n = normalise(word);
    let first = n.split(' ').next().unwrap_or_default();
    ROLE_WORDS.contains(&first)
}

fn stem(word: &str) -> &str {
    if word.len() > 3 && (word.ends_with('s') || word.ends_with('x')) {
        &word[..word.len() - 1]
    } else {
        word
    }
}

/// Whether every letter-word of `word` is in the closed list; a word written in capitals only
/// counts when it is a known acronym (a family name is written in capitals).
fn is_function_word(word: &str) -> bool {
    let n = normalise(word);
    if n.is_empty() {
        return false;
    }
    let upper = word.chars().filter(|c| c.is_alphabetic()).count() > 1
        && !word.chars().any(char::is_lowercase);
    n.split(' ').all(|w| {
        let known = FUNCTION_WORDS.binary_search(&stem(w)).is_ok()
            || FUNCTION_WORDS.binary_search(&w).is_ok();
        known && (!upper || w.len() <= 5)
    })
}

/// The words of `label` that the closed list holds, in order, and the number of words
/// dropped. `None` when no function word is left.
pub fn function_only(label: &str) -> (Option<String>, usize) {
    let words: Vec<&str> = label.split_whitespace().collect();
    let mut kept: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| is_function_word(w))
        .collect();
    let mut dropped = words.len() - kept.len();
    while kept
        .first()
        .is_some_and(|w| LINKS.contains(&normalise(w).as_str()))
    {
        kept.remove(0);
        dropped += 1;
    }
    while kept
        .last()
        .is_some_and(|w| LINKS.contains(&normalise(w).as_str()))
    {
        kept.pop();
        dropped += 1;
    }
    if kept.is_empty() {
        (None, dropped)
    } else {
        (Some(kept.join(" ")), dropped)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_for_binary_search() {
        assert!(FUNCTION_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn functions_keep_their_words_and_lose_names_and_numbers() {
        assert_eq!(
            function_only("Directeur développement des affaires"),
            (Some("Directeur développement des affaires".into()), 0)
        );
        assert_eq!(
            function_only("Correspondant coopération décentralisée"),
            (Some("Correspondant coopération décentralisée".into()), 0)
        );
        assert_eq!(
            function_only("Conseiller de coopération et d'action culturelle"),
            (
                Some("Conseiller de coopération et d'action culturelle".into()),
                0
            )
        );
        assert_eq!(
            function_only("Correspondant coopération décentralisée Sarah VAILLANT"),
            (Some("Correspondant coopération décentralisée".into()), 2)
        );
        assert_eq!(
            function_only("Directeur Garro 06 12 34 56 78"),
            (Some("Directeur".into()), 6)
        );
        assert_eq!(function_only("Jean Michel"), (None, 2));
        assert_eq!(
            function_only("Chargée de mission DE LA FONTAINE"),
            (Some("Chargée de mission".into()), 3)
        );
    }
}
