//! How a name is written in a text: its words (split at every mark and where a capital follows
//! a small letter), a full name glued, and a family name in any of the forms a text gives it:
//! with a particle, hyphenated, elided, possessive, plural, glued.
//!
//! Why words and not substrings: a name is a sequence of words, and every way of writing it
//! ("Le Gall", "Le-Gall", "LEGALL", "d'Aubry", "les Aubrys", "maison-Aubry", "Aubry's") is that
//! sequence with other marks between its words or none. Comparing word sequences makes every
//! such form one case, including those nobody listed.

/// One word of a folded text: lowercased, whether it began with a capital, and whether a
/// hyphen joined it to the word before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Word {
    pub(super) text: String,
    pub(super) capital: bool,
    pub(super) hyphen: bool,
}

/// The words of a folded text: split at every character that is not a letter or a digit, and
/// where a capital follows a small letter ("JeanMichel" is two words).
pub(super) fn tokens(folded: &str) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut current: Option<Word> = None;
    let mut previous_small = false;
    let mut gap = String::new();
    for c in folded.chars() {
        if !c.is_alphanumeric() {
            out.extend(current.take());
            gap.push(c);
            previous_small = false;
            continue;
        }
        if c.is_uppercase() && previous_small {
            out.extend(current.take());
        }
        let word = current.get_or_insert_with(|| Word {
            text: String::new(),
            capital: c.is_uppercase(),
            hyphen: !out.is_empty() && gap.trim().chars().all(is_hyphen) && gap.contains(is_hyphen),
        });
        word.text.extend(c.to_lowercase());
        gap.clear();
        previous_small = c.is_lowercase();
    }
    out.extend(current);
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
/// and as "Fontaine").
const PARTICLES: [&str; 22] = [
    "d", "l", "de", "du", "des", "la", "le", "les", "van", "von", "der", "den", "di", "da", "del",
    "della", "dos", "das", "el", "al", "ben", "ibn",
];

/// Words that make a hyphenated compound a place when joined before a name ("Saint-Vaillant",
/// "Bois-de-Vaillant", "Mont-Vaillant").
const PLACE_BEFORE: [&str; 20] = [
    "saint", "sainte", "st", "ste", "san", "santa", "santo", "sao", "mont", "port", "pont", "val",
    "bourg", "fort", "ville", "cap", "ile", "lac", "bois", "de",
];

/// Words that make a hyphenated compound a place when joined after a name ("Vaillant-sur-Mer",
/// "Vaillant-lès-Dijon", "Vaillant-en-Brie").
const PLACE_AFTER: [&str; 11] = [
    "sur", "sous", "les", "lez", "en", "de", "du", "des", "aux", "la", "le",
];

/// A family name, by its words, as [`FamilyName::written_in`] looks for it.
#[derive(Debug, Clone)]
pub(super) struct FamilyName {
    words: Vec<String>,
}

impl FamilyName {
    /// The family name `folded` (folded, case kept), when it has four letters or more.
    pub(super) fn new(folded: &str) -> Option<FamilyName> {
        let words = words(folded);
        (words.iter().map(|w| w.chars().count()).sum::<usize>() >= 4)
            .then_some(FamilyName { words })
    }

    /// The ways of writing it looked for: the whole name, and each word of four letters or
    /// more that is not a particle (a name of several words is often written by its main one:
    /// "Mme Gall" for "Le Gall", "M. Dupont" for "Tournesolier-Dupont").
    fn forms(&self) -> Vec<&[String]> {
        let mut out: Vec<&[String]> = vec![&self.words];
        if self.words.len() > 1 {
            for (i, w) in self.words.iter().enumerate() {
                if w.chars().count() >= 4 && !PARTICLES.contains(&w.as_str()) {
                    out.push(&self.words[i..=i]);
                }
            }
        }
        out
    }

    /// Whether the text, as [`tokens`], writes this name as a name: its words in a row or
    /// glued into one, the last maybe with a plural or possessive `s` or `x`, at least one
    /// with a capital (so that the common words many family names are, "petit", "blanc",
    /// "vaillant", do not count), and not inside a hyphenated place ("Saint-Vaillant").
    pub(super) fn written_in(&self, text: &[Word]) -> bool {
        self.forms().into_iter().any(|form| {
            (0..text.len()).any(|i| {
                let run = in_a_row(form, &text[i..]).or_else(|| glued(form, &text[i]));
                run.is_some_and(|n| {
                    text[i..i + n].iter().any(|w| w.capital) && !in_a_place(text, i, n)
                })
            })
        })
    }
}

/// `word` is `name`, or `name` with a plural or possessive ending.
fn same_or_plural(word: &str, name: &str) -> bool {
    word == name
        || word
            .strip_prefix(name)
            .is_some_and(|rest| matches!(rest, "s" | "x"))
}

/// How many words of `text` (from its start) are the words of `form` in a row.
fn in_a_row(form: &[String], text: &[Word]) -> Option<usize> {
    if text.len() < form.len() {
        return None;
    }
    let last = form.len() - 1;
    form.iter()
        .zip(text)
        .enumerate()
        .all(|(i, (f, w))| {
            if i == last {
                same_or_plural(&w.text, f)
            } else {
                w.text == *f
            }
        })
        .then_some(form.len())
}

/// One word of the text when it is the words of `form` glued ("LEGALL", "Delafontaine").
fn glued(form: &[String], word: &Word) -> Option<usize> {
    (form.len() > 1 && same_or_plural(&word.text, &form.concat())).then_some(1)
}

/// Whether the `n` words from `i` are joined by hyphens to a place's words.
fn in_a_place(text: &[Word], i: usize, n: usize) -> bool {
    let before = i > 0 && text[i].hyphen && PLACE_BEFORE.contains(&text[i - 1].text.as_str());
    let after = text
        .get(i + n)
        .is_some_and(|w| w.hyphen && PLACE_AFTER.contains(&w.text.as_str()));
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
            ("de La Fontaine", "avec M. de La Fontaine"),
            ("de La Fontaine", "avec M. Delafontaine"),
            ("de La Fontaine", "avec M. de la Fontaine"),
            ("Tournesolier-Dupont", "Mme Dupont"),
            ("O'Brien", "M. OBrien"),
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
        ] {
            assert!(!names(family, text), "{family} in {text:?}");
        }
        assert!(FamilyName::new("Li").is_none(), "too short to look for");
    }

    #[test]
    fn words_split_at_marks_and_case_changes() {
        let t = tokens("JeanMichel Le-Gall d'Aubry");
        let texts: Vec<&str> = t.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["jean", "michel", "le", "gall", "d", "aubry"]);
        let hyphens: Vec<bool> = t.iter().map(|w| w.hyphen).collect();
        assert_eq!(hyphens, [false, false, false, true, false, false]);
    }
}
