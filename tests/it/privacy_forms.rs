//! A contact's family name in free text, in every form a text may give it, keeps the record
//! out of a `role` publication: names generated with a seed (particles, hyphens, apostrophes,
//! lengths), each written in every form, in every free-text field of the seed page's record.
//! What is checked is the rule itself (`quoted_person`), which every job applies.

use crate::common::*;
use atlas_lod::generate::Rng;
use atlas_lod::ingest::read_page_bytes;
use atlas_lod::model::privacy::quoted_person;

/// Names drawn from a seed: the same names on every run.
struct Names(Rng);

impl Names {
    fn next(&mut self) -> u64 {
        self.0.next_u64()
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[(self.next() % from.len() as u64) as usize]
    }

    /// A word of 4 to 12 letters, capitalised, that no dictionary holds.
    fn word(&mut self) -> String {
        const SYLLABLES: [&str; 16] = [
            "tour", "ne", "so", "lier", "kal", "vou", "bra", "min", "ga", "rel", "dou", "quet",
            "zan", "pi", "lo", "teau",
        ];
        let n = 2 + self.next() % 3;
        let w: String = (0..n).map(|_| self.pick(&SYLLABLES)).collect();
        let mut c = w.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default()
    }

    /// A family name: one word, or one with a particle, or two joined by a hyphen.
    fn family(&mut self) -> String {
        match self.next() % 4 {
            0 => self.word(),
            1 => format!(
                "{} {}",
                self.pick(&["Le", "de", "de La", "van der", "Da"]),
                self.word()
            ),
            2 => format!("{}-{}", self.word(), self.word()),
            _ => format!("{}{}", self.pick(&["Mac", "O'"]), self.word()),
        }
    }
}

/// The words of a name (split at spaces, hyphens and apostrophes).
fn words(name: &str) -> Vec<&str> {
    name.split([' ', '-', '\''])
        .filter(|w| !w.is_empty())
        .collect()
}

/// Every form of `name` a text may give.
fn forms(name: &str) -> Vec<String> {
    let ws = words(name);
    let last = ws.last().copied().unwrap_or(name);
    let main = ws.iter().copied().max_by_key(|w| w.len()).unwrap_or(name);
    vec![
        format!("Mme {name}"),
        name.to_uppercase(),
        format!("la maison-{name}"),
        format!("{name}-Tiroulet et associés"),
        format!("l'équipe {name}'s"),
        format!("l'équipe {name}’s"),
        format!("chez les {name}s"),
        format!("le projet d'{name}"),
        ws.join(""),
        ws.join("").to_uppercase(),
        ws.join("-"),
        format!("M. {main}"),
        format!("M. {}", last.to_uppercase()),
        format!("({name})"),
        format!("«{name}»"),
    ]
}

#[test]
fn a_family_name_in_any_form_in_any_free_text_keeps_the_record_out() {
    let bytes = std::fs::read(seed_path()).unwrap_or_else(|e| panic!("{e}"));
    let seed = read_page_bytes(&bytes, "seed.txt").unwrap_or_else(|e| panic!("{e}"));
    let mut generator = Names(Rng::new(2026));
    let mut checked = 0;
    for _ in 0..40 {
        let family = generator.family();
        let mut r = seed.clone();
        r.foreign_contacts = vec![atlas_lod::model::Contact {
            given_name: Some("Aline".into()),
            family_name: Some(family.clone()),
            ..Default::default()
        }];
        assert_eq!(quoted_person(&r), None, "{family}: not yet written");
        for form in forms(&family) {
            for field in [
                "title",
                "context",
                "objective",
                "description",
                "beneficiaries",
            ] {
                let mut r = r.clone();
                let text = format!("Le projet est suivi par {form} depuis 2020.");
                match field {
                    "title" => r.title = text.clone(),
                    "context" => r.context = Some(text.clone()),
                    "objective" => r.objective = Some(text.clone()),
                    "description" => r.description = Some(text.clone()),
                    _ => r.beneficiaries = Some(text.clone()),
                }
                assert_eq!(
                    quoted_person(&r),
                    Some(field),
                    "the family name {family:?} written {form:?} in {field}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 40 * 15 * 5, "{checked}");
}
