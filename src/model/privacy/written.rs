//! How a name is written in a text: its words (split at every mark and where a capital follows
//! a small letter), a full name glued, and a family name in any of the forms a text gives it:
//! with a particle, hyphenated, elided, possessive, plural, glued.
//!
//! Why words and not substrings: a name is a sequence of words, and every way of writing it
//! ("Le Gall", "Le-Gall", "LEGALL", "d'Aubry", "les Aubrys", "maison-Aubry", "Aubry's") is that
//! sequence with other marks between its words or none. Comparing word sequences makes every
//! such form one case, including those nobody listed.

/// One word of a folded text: lowercased, whether it had a capital letter, whether all its
/// letters were capitals, whether a hyphen joined it to the word before, and whether it is
/// part of an address (an e-mail, a link, a handle), where case says nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Word {
    pub(super) text: String,
    pub(super) capital: bool,
    pub(super) all_capitals: bool,
    pub(super) hyphen: bool,
    pub(super) linked: bool,
}

/// The words of a folded text: split at every character that is not a letter or a digit,
/// where a capital follows a small letter ("JeanMichel" is two words), and between letters
/// and digits ("Dupont2019").
pub(super) fn tokens(folded: &str) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    for chunk in folded.split_whitespace() {
        let linked = chunk.contains('@') || chunk.contains("://") || chunk.starts_with("www.");
        let mut current: Option<Word> = None;
        let mut previous: Option<char> = None;
        let mut gap = String::new();
        for c in chunk.chars() {
            if !c.is_alphanumeric() {
                out.extend(current.take());
                gap.push(c);
                previous = None;
                continue;
            }
            let boundary = previous.is_some_and(|p| {
                (c.is_uppercase() && p.is_lowercase()) || (c.is_numeric() != p.is_numeric())
            });
            if boundary {
                out.extend(current.take());
            }
            let word = current.get_or_insert_with(|| Word {
                text: String::new(),
                capital: false,
                all_capitals: true,
                hyphen: !gap.is_empty() && gap.chars().all(is_hyphen),
                linked,
            });
            word.capital |= c.is_uppercase();
            word.all_capitals &= !c.is_lowercase();
            word.text.extend(c.to_lowercase());
            gap.clear();
            previous = Some(c);
        }
        out.extend(current);
    }
    out
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}')
}

/// The words of a folded text, lowercased ([`tokens`]).
pub(super) fn words(folded: &str) -> Vec<String> {
    tokens(folded).into_iter().map(|w| w.text).collect()
}

/// A text's words put end to end, with where each word starts: consecutive words of the text
/// spell a name when, end to end, they are the name's words end to end (so "JEANMICHEL
/// VAILLANT" spells "jean michel vaillant", and "panne marie" does not spell "anne marie").
pub(super) struct Spelled {
    letters: String,
    /// Where each word starts and where the last one ends, in `letters`.
    bounds: Vec<usize>,
}

impl Spelled {
    pub(super) fn new(folded: &str) -> Self {
        let mut letters = String::new();
        let mut bounds = vec![0];
        for w in words(folded) {
            letters.push_str(&w);
            bounds.push(letters.len());
        }
        Self { letters, bounds }
    }

    pub(super) fn spells(&self, glued: &str) -> bool {
        self.letters.match_indices(glued).any(|(i, m)| {
            self.bounds.binary_search(&i).is_ok()
                && self.bounds.binary_search(&(i + m.len())).is_ok()
        })
    }
}

/// Particles of family names: never looked for alone ("de La Fontaine" is looked for whole,
/// as "La Fontaine", "Lafontaine" and as "Fontaine").
const PARTICLES: [&str; 22] = [
    "d", "l", "de", "du", "des", "la", "le", "les", "van", "von", "der", "den", "di", "da", "del",
    "della", "dos", "das", "el", "al", "ben", "ibn",
];

/// Civilities: the word after one is a name, whatever its case ("Mme dupont", "M. Ly").
const CIVILITIES: [&str; 14] = [
    "m",
    "mme",
    "mlle",
    "monsieur",
    "madame",
    "mademoiselle",
    "dr",
    "pr",
    "mr",
    "mrs",
    "ms",
    "sr",
    "sra",
    "me",
];

/// Words that make a hyphenated compound a place when joined before a name ("Saint-Vaillant",
/// "Bois-de-Vaillant", "Mont-Vaillant").
const PLACE_BEFORE: [&str; 20] = [
    "saint", "sainte", "st", "ste", "san", "santa", "santo", "sao", "mont", "port", "pont", "val",
    "bourg", "fort", "ville", "cap", "ile", "lac", "bois", "de",
];

/// Words that make a hyphenated compound a place when joined after a name and followed by a
/// capitalised word ("Vaillant-sur-Mer", "Vaillant-lès-Dijon", "Vaillant-en-Brie").
const PLACE_AFTER: [&str; 11] = [
    "sur", "sous", "les", "lez", "en", "de", "du", "des", "aux", "la", "le",
];

/// The fewest letters a family name written with a capital is looked for by: shorter ones
/// ("Ly", "Sow", "Kim") count in capitals ("LY") or after a civility ("Mme Ly") only, since a
/// sentence may open with a word they spell.
const SHORT: usize = 4;

/// A family name, by its words, as [`FamilyName::written_in`] looks for it.
#[derive(Debug, Clone)]
pub(super) struct FamilyName {
    words: Vec<String>,
}

/// Letters in `words`.
fn letters(words: &[String]) -> usize {
    words.iter().map(|w| w.chars().count()).sum()
}

impl FamilyName {
    /// The family name `folded` (folded, case kept), when it has two letters or more.
    pub(super) fn new(folded: &str) -> Option<FamilyName> {
        let words = words(folded);
        (letters(&words) >= 2).then_some(FamilyName { words })
    }

    /// The ways of writing it looked for: the whole name, the name without its leading
    /// particles ("La Fontaine", "Fontaine"), and each word of four letters or more that is
    /// not a particle (a name of several words is often written by its main one: "Mme Gall"
    /// for "Le Gall", "M. Dupont" for "Tournesolier-Dupont").
    fn forms(&self) -> Vec<&[String]> {
        let mut out: Vec<&[String]> = vec![&self.words];
        for i in 1..self.words.len() {
            if letters(&self.words[i..]) >= SHORT {
                out.push(&self.words[i..]);
            }
        }
        if self.words.len() > 1 {
            for (i, w) in self.words.iter().enumerate() {
                if w.chars().count() >= SHORT && !PARTICLES.contains(&w.as_str()) {
                    out.push(&self.words[i..=i]);
                }
            }
        }
        out
    }

    /// Where the text, as [`tokens`], spells this name: the first word and the number of
    /// words of each run of words that, end to end, are the words of one of its forms end to
    /// end ("Le Gall", "Le-Gall", "LeGall", "LEGALL", "DuPont", "Dupont2019"), the last maybe
    /// with a plural or possessive `s` or `x` (for forms of four letters or more).
    fn runs<'a>(&'a self, text: &'a [Word]) -> impl Iterator<Item = (usize, usize, bool)> + 'a {
        self.forms().into_iter().flat_map(move |form| {
            let target = form.concat();
            let short = letters(form) < SHORT;
            (0..text.len()).filter_map(move |i| {
                let mut glued = String::new();
                for (n, w) in text[i..].iter().enumerate() {
                    glued.push_str(&w.text);
                    if glued.len() >= target.len() {
                        let same = if short {
                            glued == target
                        } else {
                            same_or_plural(&glued, &target)
                        };
                        return same.then_some((i, n + 1, short));
                    }
                }
                None
            })
        })
    }

    /// Whether the text, as [`tokens`], writes this name as a name: spelled by a run of its
    /// words ([`FamilyName::runs`]) with a capital in it, or after a civility, or in an
    /// address, whatever the case (so that the common words many family names are, "petit",
    /// "blanc", "vaillant", do not count); a short name in capitals or after a civility only;
    /// and not inside a hyphenated place ("Saint-Vaillant"), unless a civility says a person.
    pub(super) fn written_in(&self, text: &[Word]) -> bool {
        self.runs(text).any(|(i, n, short)| {
            let run = &text[i..i + n];
            let civility = after_civility(text, i);
            let as_a_name = if short {
                civility
                    || (run.iter().all(|w| w.all_capitals)
                        && !PARTICLES.contains(&self.words.concat().as_str()))
            } else {
                civility || run.iter().any(|w| w.capital || w.linked)
            };
            as_a_name && (civility || !in_a_place(text, i, n))
        })
    }

    /// Whether the text names this person as an organisation's name might: the name after
    /// a civility ("Ambassade de France (M. Agbodjan)"). Alone, a family name in an
    /// organisation's name is a place as often ("Commune de Vaillant").
    pub(super) fn named_after_civility(&self, text: &[Word]) -> bool {
        self.runs(text).any(|(i, _, _)| after_civility(text, i))
    }
}

/// Whether the word before the `i`-th is a civility.
fn after_civility(text: &[Word], i: usize) -> bool {
    i > 0 && CIVILITIES.contains(&text[i - 1].text.as_str())
}

/// `word` is `name`, or `name` with a plural or possessive ending.
fn same_or_plural(word: &str, name: &str) -> bool {
    word == name
        || word
            .strip_prefix(name)
            .is_some_and(|rest| matches!(rest, "s" | "x"))
}

/// Whether the `n` words from `i` are joined by hyphens to a place's words.
fn in_a_place(text: &[Word], i: usize, n: usize) -> bool {
    let before = i > 0 && text[i].hyphen && PLACE_BEFORE.contains(&text[i - 1].text.as_str());
    let after = text.get(i + n).is_some_and(|w| {
        w.hyphen
            && PLACE_AFTER.contains(&w.text.as_str())
            && text.get(i + n + 1).is_some_and(|next| next.capital)
    });
    before || after
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(family: &str, text: &str) -> bool {
        let name = FamilyName::new(&deunicode::deunicode(family)).expect("a name");
        name.written_in(&tokens(&deunicode::deunicode(text)))
    }

    #[test]
    fn every_form_of_a_family_name_is_one_case() {
        for (family, text) in [
            ("Tournesolier", "la maison-Tournesolier"),
            ("Tournesolier", "Mme Tournesolier-Dupont"),
            ("Tournesolier", "l'équipe de Tournesolier’s"),
            ("Tournesolier", "chez les Tournesoliers"),
            ("Tournesolier", "le projet d'Tournesolier"),
            ("Tournesolier", "TOURNESOLIER"),
            ("Le Gall", "M. Le-Gall"),
            ("Le Gall", "M. LEGALL"),
            ("Le Gall", "Mme Gall"),
            ("Le Gall", "M. LeGall"),
            ("Le Gall", "Mme legall"),
            ("de La Fontaine", "avec M. de La Fontaine"),
            ("de La Fontaine", "avec M. Delafontaine"),
            ("de La Fontaine", "avec M. de la Fontaine"),
            ("de La Fontaine", "Mme Lafontaine"),
            ("de La Fontaine", "Mme LAFONTAINE"),
            ("de La Fontaine", "Mme fontaine"),
            ("Tournesolier-Dupont", "Mme Dupont"),
            ("O'Brien", "M. OBrien"),
            ("Dupont", "Mme dupont a signé"),
            ("Dupont", "DuPont a signé"),
            ("Dupont", "dUPONT"),
            ("Dupont", "écrire à @dupont"),
            ("Dupont", "voir www.dupont.fr"),
            ("Dupont", "Dupont2019 édition"),
            ("Dupont", "Mme Dupont-sur-Mer a parlé"),
            ("Ly", "Mme Ly a signé"),
            ("Ly", "Mme LY a signé"),
            ("Ly", "signé par LY"),
            ("Sow", "M. Sow"),
        ] {
            assert!(names(family, text), "{family} in {text:?}");
        }
    }

    #[test]
    fn words_and_places_that_share_the_name_are_not_it() {
        for (family, text) in [
            ("Vaillant", "le travail vaillant des équipes"),
            ("Vaillant", "les travaillants"),
            ("Vaillant", "jumelage avec Saint-Vaillant"),
            ("Vaillant", "à Bois-de-Vaillant"),
            ("Vaillant", "à Vaillant-sur-Mer"),
            ("Le Gall", "le gallois"),
            ("de La Fontaine", "la fontaine du village"),
            ("Petit", "un petit projet"),
            ("Ly", "Lyon et Ly-sur-Mer"),
            ("Ly", "Ly"),
            ("Sow", "sow the seeds"),
            ("Le", "LE PROJET"),
        ] {
            assert!(!names(family, text), "{family} in {text:?}");
        }
        assert!(FamilyName::new("L").is_none(), "too short to look for");
    }

    #[test]
    fn in_an_organisation_name_a_civility_says_a_person() {
        let name = FamilyName::new("Agbodjan").expect("a name");
        let t = |s: &str| tokens(&deunicode::deunicode(s));
        assert!(name.named_after_civility(&t("Ambassade de France (M. Agbodjan)")));
        assert!(!name.named_after_civility(&t("Commune de Agbodjan")));
    }

    #[test]
    fn words_split_at_marks_case_changes_and_digits() {
        let t = tokens("JeanMichel Le-Gall d'Aubry Dupont2019 x@dupont.fr");
        let texts: Vec<&str> = t.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "jean", "michel", "le", "gall", "d", "aubry", "dupont", "2019", "x", "dupont", "fr"
            ]
        );
        let hyphens: Vec<bool> = t.iter().map(|w| w.hyphen).collect();
        assert_eq!(
            hyphens,
            [
                false, false, false, true, false, false, false, false, false, false, false
            ]
        );
        assert!(t[8..].iter().all(|w| w.linked) && !t[7].linked);
    }
}
