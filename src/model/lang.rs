//! The languages of what people read (pages, charts) and how each writes numbers and money:
//! one formatter per language, shared by the pages and the charts.

use super::Amount;

/// Language of labels and numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// French (default: a French public dataset).
    #[default]
    Fr,
    /// English.
    En,
}

impl Lang {
    /// Picks the text for this language.
    pub fn t<'a>(self, fr: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Fr => fr,
            Lang::En => en,
        }
    }

    /// From a `lang` parameter (anything but `en` is French).
    pub fn parse(s: Option<&str>) -> Lang {
        match s {
            Some("en") => Lang::En,
            _ => Lang::Fr,
        }
    }

    /// A whole number with grouped thousands: `12 345` (narrow no-break space) in French,
    /// `12,345` in English.
    pub fn grouped(self, n: i64) -> String {
        let digits = n.unsigned_abs().to_string();
        let sep = self.t("\u{202f}", ",");
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 * sep.len() + 1);
        if n < 0 {
            out.push('-');
        }
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(sep);
            }
            out.push(c);
        }
        out
    }

    /// Money in full, exact: `12 345 €`, `4 250,50 €` in French; `12,345 €`, `4,250.50 €` in
    /// English. Cents are written only when there are some.
    pub fn euros(self, amount: Amount) -> String {
        let cents = amount.cents();
        let whole = self.grouped(cents / 100);
        let whole = if cents < 0 && cents > -100 {
            format!("-{whole}")
        } else {
            whole
        };
        match cents.unsigned_abs() % 100 {
            0 => format!("{whole}\u{a0}€"),
            c => format!("{whole}{}{c:02}\u{a0}€", self.t(",", ".")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_written_once_per_language() {
        let a = Amount::from_cents(425_050);
        assert_eq!(Lang::Fr.euros(a), "4\u{202f}250,50\u{a0}€");
        assert_eq!(Lang::En.euros(a), "4,250.50\u{a0}€");
        assert_eq!(
            Lang::Fr.euros(Amount::from_cents(4_568_500)),
            "45\u{202f}685\u{a0}€"
        );
        assert_eq!(Lang::Fr.euros(Amount::from_cents(-50)), "-0,50\u{a0}€");
        assert_eq!(Lang::En.grouped(-1_234_567), "-1,234,567");
        assert_eq!(Lang::Fr.grouped(999), "999");
    }
}
