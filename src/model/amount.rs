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

impl FromStr for Amount {
    type Err = AmountError;

    /// Reads `5257`, `5 257`, `5 257,50`, `4250.5`, `5 257,50 €`, `-500`.
    /// Spaces (ASCII, U+00A0, U+202F) are thousands separators; `,` or `.` is the decimal mark
    /// when followed by one or two digits at the end.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let err = || AmountError(text.to_string());
        let t = text.trim().trim_end_matches('€').trim();
        let (negative, t) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t),
        };
        let compact: String = t
            .chars()
            .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
            .collect();
        if compact.is_empty() {
            return Err(err());
        }
        let (units, decimals) = match compact.rfind([',', '.']) {
            Some(pos) => {
                let decimals = &compact[pos + 1..];
                if decimals.is_empty() || decimals.len() > 2 {
                    return Err(err());
                }
                (&compact[..pos], decimals)
            }
            None => (compact.as_str(), ""),
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
        Ok(Self {
            cents: if negative { -cents } else { cents },
        })
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
        for text in ["", "abc", "1,234,5", "12a", "1.234.567,89", "€", "1,"] {
            assert!(text.parse::<Amount>().is_err(), "{text} should be rejected");
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
