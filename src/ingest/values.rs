//! Parsers for the single values an Atlas page writes: years, dates, e-mails, names, flags.

use crate::model::countries::normalise;
use chrono::NaiveDate;

pub use crate::model::Invalid;

/// A four-digit year (`2017`). Whether it is plausible is the shapes' business, not ours.
pub fn year(text: &str) -> Result<i32, Invalid> {
    let t = text.trim();
    if t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()) {
        t.parse().map_err(|_| Invalid(format!("not a year: {t:?}")))
    } else {
        Err(Invalid(format!("not a year: {t:?}")))
    }
}

/// `31/12/2018` (the Atlas' form) or `2018-12-31`; an impossible day is an error.
pub fn date(text: &str) -> Result<NaiveDate, Invalid> {
    let t = text.trim();
    NaiveDate::parse_from_str(t, "%d/%m/%Y")
        .or_else(|_| NaiveDate::parse_from_str(t, "%Y-%m-%d"))
        .map_err(|_| {
            Invalid(
                if t.len() == 10 && (t.as_bytes()[2] == b'/' || t.as_bytes()[4] == b'-') {
                    format!("impossible date: {t:?}")
                } else {
                    format!("not a date (expected DD/MM/YYYY): {t:?}")
                },
            )
        })
}

/// Undoes the page's obfuscation (`a[at]b.fr`, `a (at) b [dot] fr`) and checks the shape.
pub fn email(text: &str) -> Result<String, Invalid> {
    let mut t = text.trim().to_string();
    for (from, to) in [("[at]", "@"), ("(at)", "@"), ("[dot]", "."), ("(dot)", ".")] {
        t = t.replace(from, to);
    }
    if t.contains(['[', ']', '(', ')']) {
        return Err(Invalid(format!("not an e-mail address: {text:?}")));
    }
    let t: String = if t.contains(" @") || t.contains("@ ") || t.contains(" . ") {
        t.split_whitespace().collect()
    } else {
        t
    };
    let valid = match t.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !t[local.len() + 1..].contains('@')
                && t.chars()
                    .all(|c| !c.is_whitespace() && !c.is_control() && !"<>\"{}|\\^`,;:".contains(c))
        }
        None => false,
    };
    if valid {
        Ok(t)
    } else {
        Err(format!("not an e-mail address: {text:?}").into())
    }
}

/// Whether a token looks like an e-mail, plain or obfuscated.
pub fn looks_like_email(token: &str) -> bool {
    token.contains('@') || token.contains("[at]") || token.contains("(at)")
}

/// A word written in capitals (`VAILLANT`, `DE`, `LA-FONTAINE`, `O'BRIEN`).
pub fn is_upper_word(word: &str) -> bool {
    word.chars().any(char::is_alphabetic) && !word.chars().any(char::is_lowercase)
}

/// Splits `Given FAMILY` (family names in capitals, possibly several words).
/// Returns `(given, family, guessed)`; `guessed` is true when capitals did not settle it.
pub fn given_family(text: &str) -> (Option<String>, Option<String>, bool) {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() {
        return (None, None, false);
    }
    let family_start = words
        .iter()
        .rposition(|w| !is_upper_word(w))
        .map_or(0, |i| i + 1);
    let join = |ws: &[&str]| (!ws.is_empty()).then(|| ws.join(" "));
    if family_start == words.len() || family_start == 0 {
        // No capitals, or nothing but capitals: take the last word as the family name.
        let (given, family) = words.split_at(words.len() - 1);
        return (join(given), join(family), words.len() > 1);
    }
    (
        join(&words[..family_start]),
        join(&words[family_start..]),
        false,
    )
}

pub use crate::model::roles::{ROLE_WORDS, is_role_word};

/// What a flag sentence of the page says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    /// "Le partenariat est / n'est pas triennal".
    Triennial(bool),
    /// "Une / Aucune communication ... en France".
    CommunicationFrance(bool),
    /// "Une / Aucune communication ... dans les pays partenaires".
    CommunicationPartners(bool),
    /// "Une / Aucune politique d'évaluation ...".
    Evaluation(bool),
}

/// Reads one of the page's flag sentences, in its positive or negative form.
pub fn flag(line: &str) -> Option<Flag> {
    let n = normalise(line);
    let negative = n.starts_with("aucune ")
        || n.starts_with("aucun ")
        || n.contains(" n est pas ")
        || n.contains(" n a pas ")
        || n.contains(" n a ete ");
    if n.starts_with("le partenariat") && n.ends_with("triennal") && n.split(' ').count() <= 6 {
        return Some(Flag::Triennial(!negative));
    }
    let opens = n.starts_with("une ") || n.starts_with("aucune ") || n.starts_with("aucun ");
    if !opens || !n.contains("engagee") {
        return None;
    }
    if n.contains("communication") && n.ends_with("en france") {
        Some(Flag::CommunicationFrance(!negative))
    } else if n.contains("communication") && n.ends_with("pays partenaires") {
        Some(Flag::CommunicationPartners(!negative))
    } else if n.contains("evaluation") {
        Some(Flag::Evaluation(!negative))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_and_dates() {
        assert_eq!(year(" 2017\u{a0}"), Ok(2017));
        assert!(year("20l7").unwrap_err().0.contains("20l7"));
        assert!(year("17").is_err());
        assert_eq!(
            date("31/12/2018"),
            NaiveDate::from_ymd_opt(2018, 12, 31).ok_or(Invalid(String::new()))
        );
        assert_eq!(
            date("2018-12-31"),
            NaiveDate::from_ymd_opt(2018, 12, 31).ok_or(Invalid(String::new()))
        );
        assert_eq!(
            date("31/02/2018"),
            Err("impossible date: \"31/02/2018\"".into())
        );
        assert!(date("bientôt").unwrap_err().0.starts_with("not a date"));
    }

    #[test]
    fn emails() {
        assert_eq!(
            email("sarah.vaillant[at]diplomatie.gouv.fr"),
            Ok("sarah.vaillant@diplomatie.gouv.fr".into())
        );
        assert_eq!(email("a (at) b [dot] fr"), Ok("a@b.fr".into()));
        assert_eq!(
            email("jm@quebecinternational.ca"),
            Ok("jm@quebecinternational.ca".into())
        );
        for bad in [
            "jean dupont@x.fr",
            "no-at.fr",
            "a@b",
            "a@@b.fr",
            "a<b>@c.fr",
        ] {
            assert!(email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn names() {
        assert_eq!(
            given_family("Sarah VAILLANT"),
            (Some("Sarah".into()), Some("VAILLANT".into()), false)
        );
        assert_eq!(
            given_family("Jean Michel DE LA FONTAINE"),
            (
                Some("Jean Michel".into()),
                Some("DE LA FONTAINE".into()),
                false
            )
        );
        assert_eq!(
            given_family("Stéphane CATTA"),
            (Some("Stéphane".into()), Some("CATTA".into()), false)
        );
        assert_eq!(
            given_family("Marie Dupont"),
            (Some("Marie".into()), Some("Dupont".into()), true)
        );
        assert_eq!(given_family("CATTA"), (None, Some("CATTA".into()), false));
    }

    #[test]
    fn flags_in_both_forms() {
        use Flag::*;
        let cases = [
            ("Le partenariat n'est pas triennal", Triennial(false)),
            ("Le partenariat n’est pas triennal", Triennial(false)),
            ("Le partenariat est triennal", Triennial(true)),
            (
                "Aucune communication n'a été engagée en France",
                CommunicationFrance(false),
            ),
            (
                "Une communication a été engagée en France",
                CommunicationFrance(true),
            ),
            (
                "Une communication a été engagée dans les pays partenaires",
                CommunicationPartners(true),
            ),
            (
                "Aucune communication n'a été engagée dans les pays partenaires",
                CommunicationPartners(false),
            ),
            ("Une politique d'évaluation a été engagée", Evaluation(true)),
            (
                "Aucune politique d'évaluation n'a été engagée",
                Evaluation(false),
            ),
        ];
        for (line, expected) in cases {
            assert_eq!(flag(line), Some(expected), "{line}");
        }
        assert_eq!(flag("Le partenariat est"), None);
        assert_eq!(flag("Une communication réussie"), None);
    }
}
