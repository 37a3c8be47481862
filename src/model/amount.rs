//! Amounts in euros, held exactly as a whole number of cents.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// An amount in euros with at most two decimals, exact (no floating point).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Amount {
    cents: i64,
}

/// Why a text is not an amount.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not an amount in euros: {0:?}")]
pub struct AmountError(pub String);

impl Amount {
    /// An amount from whole cents.
    pub const fn from_cents(cents: i64) -> Self {
        Self { cents }
    }

    /// The nearest amount to a sum computed in floating point (chart geometry only; the data
    /// itself is never summed in `f64`).
    pub fn from_euros_f64(euros: f64) -> Self {
        Self {
            cents: (euros * 100.0).round() as i64,
        }
    }

    /// The amount in cents.
    pub const fn cents(self) -> i64 {
        self.cents
    }

    /// The `xsd:decimal` lexical form: `5257`, `4250.5`, `-12.05`.
    pub fn to_decimal_string(self) -> String {
        self.to_string()
    }

    /// French display with a non-breaking thousands separator and a decimal comma: `4 250,50`.
    pub fn to_french(self) -> String {
        let sign = if self.cents < 0 { "-" } else { "" };
        let abs = self.cents.unsigned_abs();
        let units = (abs / 100).to_string();
        let mut grouped = String::new();
        for (i, c) in units.chars().enumerate() {
            if i > 0 && (units.len() - i).is_multiple_of(3) {
                grouped.push('\u{a0}');
            }
            grouped.push(c);
        }
        match abs % 100 {
            0 => format!("{sign}{grouped}"),
            c => format!("{sign}{grouped},{c:02}"),
        }
    }
}

/// Sums of amounts (totals per year, per funder): exact, saturating at the bounds of `i64`
/// cents (92 thousand billion euros) rather than wrapping.
impl std::ops::Add for Amount {
    type Output = Amount;
    fn add(self, other: Amount) -> Amount {
        Amount::from_cents(self.cents.saturating_add(other.cents))
    }
}

impl std::ops::AddAssign for Amount {
    fn add_assign(&mut self, other: Amount) {
        *self = *self + other;
    }
}

impl std::iter::Sum for Amount {
    fn sum<I: Iterator<Item = Amount>>(iter: I) -> Amount {
        iter.fold(Amount::default(), |a, b| a + b)
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.cents < 0 { "-" } else { "" };
        let abs = self.cents.unsigned_abs();
        let (units, cents) = (abs / 100, abs % 100);
        match cents {
            0 => write!(f, "{sign}{units}"),
            c if c % 10 == 0 => write!(f, "{sign}{units}.{}", c / 10),
            c => write!(f, "{sign}{units}.{c:02}"),
        }
    }
}

/// Characters people put between groups of thousands: spaces of every width, and the
/// apostrophes some spreadsheets use.
const GROUP_SPACES: &[char] = &[
    ' ', '\u{a0}', '\u{202f}', '\u{2009}', '\u{2007}', '\'', '\u{2019}',
];

/// Currency words and signs written around an amount (compared in lower case).
const CURRENCY: &[&str] = &["€", "euros", "euro", "eur"];

/// Removes a currency sign or word before or after the number (`1 500 €`, `1500EUR`,
/// `€1,500`, `1 500 euros`); says whether there was one.
pub fn strip_currency(text: &str) -> (&str, bool) {
    let t = text.trim_matches(|c: char| c.is_whitespace() || GROUP_SPACES.contains(&c));
    let lower = t.to_lowercase();
    for c in CURRENCY {
        // Lower-casing keeps the byte lengths of these ASCII words and of `€`.
        if lower.ends_with(c) && lower.len() == t.len() {
            let rest = &t[..t.len() - c.len()];
            if rest.is_empty() || !rest.ends_with(|ch: char| ch.is_alphabetic()) {
                return (
                    rest.trim_end_matches(|ch: char| {
                        ch.is_whitespace() || GROUP_SPACES.contains(&ch)
                    }),
                    true,
                );
            }
        }
        if lower.starts_with(c) && lower.len() == t.len() {
            let rest = &t[c.len()..];
            if rest.is_empty() || !rest.starts_with(|ch: char| ch.is_alphabetic()) {
                return (
                    rest.trim_start_matches(|ch: char| {
                        ch.is_whitespace() || GROUP_SPACES.contains(&ch)
                    }),
                    true,
                );
            }
        }
    }
    (t, false)
}

/// Whether a text is only a currency sign or word (`€`, `EUR`, `euros`).
pub fn is_currency(text: &str) -> bool {
    let lower = text.trim().to_lowercase();
    CURRENCY.contains(&lower.as_str())
}

/// Whether `groups` (the digits between thousands marks) are a 1-3 digit head followed by
/// groups of exactly three digits.
fn thousands_groups(groups: &[&str]) -> bool {
    groups.first().is_some_and(|h| (1..=3).contains(&h.len()))
        && groups[1..].iter().all(|g| g.len() == 3)
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()))
}

impl Amount {
    /// Reads an amount as people write it: `5257`, `5 257`, `1 500 €`, `1 500 EUR`,
    /// `12 500,50 euros`, `4250.5`, `1.234.567,89`, `1,234,567.89`, thin and no-break spaces.
    ///
    /// Returns the amount and, when the text allowed two readings, a note saying which one
    /// was taken: `1.500` or `1,500` (one mark before exactly three digits) is read as fifteen
    /// hundred, since euros have at most two decimals, but the caller should warn.
    pub fn read(text: &str) -> Result<(Self, Option<&'static str>), AmountError> {
        let err = || AmountError(text.to_string());
        let (t, _) = strip_currency(text);
        let (negative, t) = match t.strip_prefix(['-', '\u{2212}']) {
            Some(rest) => (true, rest),
            None => (false, t),
        };
        let spaced = t.contains(GROUP_SPACES);
        let compact: String = t.chars().filter(|c| !GROUP_SPACES.contains(c)).collect();
        if compact.is_empty() || !compact.starts_with(|c: char| c.is_ascii_digit()) {
            return Err(err());
        }
        let commas = compact.matches(',').count();
        let dots = compact.matches('.').count();
        let mut note = None;
        let (units, decimals): (String, &str) = match (commas, dots) {
            (0, 0) => (compact.clone(), ""),
            (c, d) if c > 0 && d > 0 => {
                // Both marks: the last one is the decimal mark, the other groups thousands.
                let pos = compact.rfind([',', '.']).ok_or_else(err)?;
                let mark = compact.as_bytes()[pos];
                let head = &compact[..pos];
                let group_mark = if mark == b',' { '.' } else { ',' };
                if head.contains(mark as char) || spaced {
                    return Err(err());
                }
                let groups: Vec<&str> = head.split(group_mark).collect();
                if !thousands_groups(&groups) {
                    return Err(err());
                }
                (groups.concat(), &compact[pos + 1..])
            }
            (n, 0) | (0, n) if n > 1 => {
                // One mark, several times: thousands groups (`1.234.567`).
                let mark = if commas > 0 { ',' } else { '.' };
                let groups: Vec<&str> = compact.split(mark).collect();
                if spaced || !thousands_groups(&groups) {
                    return Err(err());
                }
                (groups.concat(), "")
            }
            _ => {
                // One mark, once.
                let pos = compact.rfind([',', '.']).ok_or_else(err)?;
                let (head, tail) = (&compact[..pos], &compact[pos + 1..]);
                match tail.len() {
                    1 | 2 => (head.to_string(), tail),
                    3 if !spaced && (1..=3).contains(&head.len()) => {
                        note = Some(
                            "one mark before three digits was read as a thousands separator (euros have at most two decimals)",
                        );
                        (format!("{head}{tail}"), "")
                    }
                    _ => return Err(err()),
                }
            }
        };
        if units.is_empty()
            || !units.bytes().all(|b| b.is_ascii_digit())
            || !decimals.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(err());
        }
        let units: i64 = units.parse().map_err(|_| err())?;
        let decimals: i64 = match decimals.len() {
            0 => 0,
            1 => decimals.parse::<i64>().map_err(|_| err())? * 10,
            _ => decimals.parse().map_err(|_| err())?,
        };
        let cents = units
            .checked_mul(100)
            .and_then(|c| c.checked_add(decimals))
            .ok_or_else(err)?;
        Ok((
            Self {
                cents: if negative { -cents } else { cents },
            },
            note,
        ))
    }
}

impl FromStr for Amount {
    type Err = AmountError;

    /// [`Amount::read`] without its note (the ambiguous forms are read the same way).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::read(text).map(|(a, _)| a)
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Text(String),
            Int(i64),
        }
        match Raw::deserialize(deserializer)? {
            Raw::Text(t) => t.parse().map_err(serde::de::Error::custom),
            Raw::Int(i) => i
                .checked_mul(100)
                .map(Amount::from_cents)
                .ok_or_else(|| serde::de::Error::custom("amount out of range")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_french_and_plain_forms() {
        let cases = [
            ("5257", 525_700),
            ("5 257", 525_700),
            ("5\u{a0}257,50 €", 525_750),
            ("4 250,5", 425_050),
            ("4250.05", 425_005),
            ("-500", -50_000),
            ("12 500", 1_250_000),
        ];
        for (text, cents) in cases {
            assert_eq!(
                text.parse::<Amount>(),
                Ok(Amount::from_cents(cents)),
                "{text}"
            );
        }
    }

    #[test]
    fn rejects_non_amounts() {
        for text in [
            "",
            "abc",
            "1,234,5",
            "12a",
            "€",
            "1,",
            "1.2345",
            "1.23.45",
            "12 500.000",
            "1,234.5.6",
            "EURO",
            "1500,000",
            "--5",
        ] {
            assert!(text.parse::<Amount>().is_err(), "{text} should be rejected");
        }
    }

    #[test]
    fn reads_amounts_as_people_write_them() {
        let cases = [
            ("1 500 €", 150_000),
            ("1 500 EUR", 150_000),
            ("1 500 euros", 150_000),
            ("1500€", 150_000),
            ("€1500", 150_000),
            ("1\u{202f}500", 150_000),
            ("1\u{2009}500,50", 150_050),
            ("12 500,50", 1_250_050),
            ("1.234.567,89", 123_456_789),
            ("1,234,567.89", 123_456_789),
            ("1.234.567", 123_456_700),
            ("−250", -25_000),
        ];
        for (text, cents) in cases {
            assert_eq!(
                Amount::read(text),
                Ok((Amount::from_cents(cents), None)),
                "{text}"
            );
        }
        for (text, cents) in [
            ("1.500", 150_000),
            ("1,500", 150_000),
            ("12.500 €", 1_250_000),
        ] {
            let (amount, note) = Amount::read(text).unwrap_or_default();
            assert_eq!(amount.cents(), cents, "{text}");
            assert!(note.is_some(), "{text} is ambiguous");
        }
    }

    #[test]
    fn writes_decimal_and_french_forms() {
        assert_eq!(Amount::from_cents(525_700).to_string(), "5257");
        assert_eq!(Amount::from_cents(425_050).to_string(), "4250.5");
        assert_eq!(Amount::from_cents(425_005).to_string(), "4250.05");
        assert_eq!(Amount::from_cents(-50_000).to_string(), "-500");
        assert_eq!(Amount::from_cents(1_250_000).to_french(), "12\u{a0}500");
        assert_eq!(Amount::from_cents(425_050).to_french(), "4\u{a0}250,50");
    }

    #[test]
    fn round_trips_through_json() {
        let a = Amount::from_cents(425_050);
        let json = serde_json::to_string(&a).unwrap_or_default();
        assert_eq!(json, "\"4250.5\"");
        assert_eq!(serde_json::from_str::<Amount>(&json).ok(), Some(a));
        assert_eq!(
            serde_json::from_str::<Amount>("95370").ok(),
            Some(Amount::from_cents(9_537_000))
        );
    }
}
