//! The funding rows of a page: `Funder amount [levy ...] year`, amounts as people write them,
//! the 1% levies tied to the laws the table's header names.

use crate::ingest::{RecordError, values};
use crate::model::names::normalise;
use crate::model::{Amount, FundingRow, Levy, LevyLaw, Record};

/// The 1% law of each levy column of the funding table header, in order.
pub(super) fn levy_columns(header: &str) -> Vec<Option<LevyLaw>> {
    let mut out = Vec::new();
    let mut rest = header;
    while let Some(pos) = rest.find("1%") {
        let after = &rest[pos + 2..];
        let end = after
            .find("Montant")
            .or_else(|| after.find("Année"))
            .unwrap_or(after.len());
        let label = normalise(&after[..end]);
        let has = |w: &str| label.split(' ').any(|x| x.starts_with(w));
        out.push(if has("eau") {
            Some(LevyLaw::Water2005)
        } else if has("energie") {
            Some(LevyLaw::Energy2006)
        } else if has("dechet") {
            Some(LevyLaw::Waste2014)
        } else if has("mobilit") {
            Some(LevyLaw::Mobility2019)
        } else {
            None
        });
        rest = &after[end..];
    }
    out
}

/// Spaces that can sit inside one printed number (`1\u{a0}500`, `1\u{202f}500`).
const NUMBER_SPACES: &[char] = &['\u{a0}', '\u{202f}', '\u{2009}', '\u{2007}'];

fn is_numeric_token(t: &str) -> bool {
    let (t, _) = crate::model::amount::strip_currency(t);
    let body = t.strip_prefix(['-', '\u{2212}']).unwrap_or(t);
    body.starts_with(|c: char| c.is_ascii_digit())
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.') || NUMBER_SPACES.contains(&c))
}

/// `Funder amount [levy ...] year`, amounts possibly written `12 500`, `4 250,50`, `1 500 €`,
/// `1 500 EUR`, `1.500`; a currency sign or word closes the amount before it.
pub(super) fn read_funding_row(
    rec: &mut Record,
    file: &str,
    line: usize,
    row: &str,
    levy_columns: &[Option<LevyLaw>],
) -> Result<FundingRow, RecordError> {
    const FIELD: &str = "funding";
    let err = |m: String| RecordError::new(file, line, FIELD, m);
    let mut words: Vec<&str> = row.split([' ', '\t']).filter(|w| !w.is_empty()).collect();
    let year_token = words.pop().unwrap_or_default();
    let year = values::year(year_token)
        .map_err(|_| err(format!("the row does not end with a year: {row:?}")))?;
    let first_number = words
        .iter()
        .rposition(|w| !is_numeric_token(w) && !crate::model::amount::is_currency(w))
        .map_or(0, |i| i + 1);
    let funder = words[..first_number].join(" ");
    if funder.is_empty() {
        return Err(err(format!("the row names no funder: {row:?}")));
    }
    // Thousands groups written with plain spaces: a 1-3 digit head followed by 3-digit groups
    // is one number, as the Atlas prints amounts. A currency sign ends a number.
    struct Num {
        text: String,
        groupable: bool,
        joined: bool,
        closed: bool,
    }
    let mut numbers: Vec<Num> = Vec::new();
    for token in &words[first_number..] {
        if crate::model::amount::is_currency(token) {
            if let Some(last) = numbers.last_mut() {
                last.groupable = false;
                last.closed = true;
            }
            continue;
        }
        let (token, had_currency) = crate::model::amount::strip_currency(token);
        let b = token.as_bytes();
        let three = b.len() >= 3
            && b[..3].iter().all(u8::is_ascii_digit)
            && (b.len() == 3
                || (matches!(b[3], b',' | b'.')
                    && b.len() <= 6
                    && b.len() > 4
                    && b[4..].iter().all(u8::is_ascii_digit)));
        if let Some(last) = numbers.last_mut()
            && last.groupable
            && three
        {
            last.text.push_str(token);
            last.groupable = token.len() == 3 && !had_currency;
            last.joined = true;
            last.closed = had_currency;
            continue;
        }
        numbers.push(Num {
            text: token.to_string(),
            groupable: !had_currency
                && token.len() <= 3
                && token.bytes().all(|b| b.is_ascii_digit()),
            joined: false,
            closed: had_currency,
        });
    }
    let mut amounts = Vec::new();
    for n in &numbers {
        let (amount, note) = Amount::read(&n.text).map_err(|e| err(e.to_string()))?;
        if let Some(note) = note {
            rec.warn(
                line,
                FIELD,
                format!("{:?} read as {} €: {note}", n.text, amount.to_french()),
            );
        }
        amounts.push(amount);
    }
    // `Paris 2024 500 2017`: a name may end in a number, and then its last word reads as an
    // amount. A first number that looks like a year, followed by others, is such a case.
    if numbers.len() > 1
        && numbers[0].text.len() == 4
        && numbers[0]
            .text
            .parse::<u32>()
            .is_ok_and(|y| (1900..=2100).contains(&y))
    {
        rec.warn(
            line,
            FIELD,
            format!("{:?} was read as the amount, but it may end the funder's name (a year in a name); check the split of {row:?}", numbers[0].text),
        );
    }
    if funder
        .split_whitespace()
        .filter(|w| is_numeric_token(w))
        .count()
        >= 2
    {
        rec.warn(
            line,
            FIELD,
            format!("the funder's name holds several numbers (two rows on one line?): {row:?}"),
        );
    }
    let Some((&amount, levy_amounts)) = amounts.split_first() else {
        return Err(err(format!("the row has no amount: {row:?}")));
    };
    if numbers.len() > 1 && numbers.iter().any(|n| n.joined && !n.closed) {
        rec.warn(line, FIELD, format!("numbers separated by plain spaces were read as thousands groups; check the split of {row:?}"));
    }
    let distinct = {
        let mut laws: Vec<_> = levy_columns.iter().flatten().collect();
        laws.sort();
        laws.dedup();
        laws.len() == levy_columns.len()
    };
    let attributable = levy_amounts.len() == levy_columns.len() && distinct;
    if !levy_amounts.is_empty() && !attributable {
        rec.warn(line, FIELD, format!("the header does not say which 1% law each of the {} levy amount(s) falls under; kept without a law: {row:?}", levy_amounts.len()));
    }
    let levies = levy_amounts
        .iter()
        .enumerate()
        .map(|(i, &amount)| Levy {
            law: if attributable { levy_columns[i] } else { None },
            amount,
        })
        .collect();
    Ok(FundingRow {
        funder,
        year,
        amount,
        levies,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levy_columns_are_read_from_the_header() {
        use LevyLaw::*;
        let seed = "Nom du financeur Montant en euros Montant 1% Eau (Loi Oudin 2005) Montant 1% Eau (Loi Oudin 2005) Montant 1% Eau (Loi Oudin 2005) Année";
        assert_eq!(levy_columns(seed), vec![Some(Water2005); 3]);
        let distinct = "Nom du financeur Montant en euros Montant 1% Eau (Loi Oudin 2005) Montant 1% Déchets (Loi 2014) Année";
        assert_eq!(
            levy_columns(distinct),
            vec![Some(Water2005), Some(Waste2014)]
        );
        assert!(levy_columns("Nom du financeur Montant en euros Année").is_empty());
    }

    #[test]
    fn funding_rows_with_groups_and_levies() {
        let mut rec = Record::default();
        let cols = [Some(LevyLaw::Water2005), Some(LevyLaw::Energy2006)];
        let row = read_funding_row(&mut rec, "f", 3, "Région Centre 12 500 2019", &cols);
        assert_eq!(
            row.as_ref().map(|r| r.amount),
            Ok(Amount::from_cents(1_250_000))
        );
        let row = read_funding_row(&mut rec, "f", 4, "Ville 4 250,50 2019", &cols);
        assert_eq!(
            row.as_ref().map(|r| r.amount),
            Ok(Amount::from_cents(425_050))
        );
        assert!(rec.warnings.is_empty(), "{:?}", rec.warnings);
        let row = read_funding_row(
            &mut rec,
            "f",
            5,
            "Syndicat des eaux 5\u{a0}000 1\u{a0}200 300,5 2020",
            &cols,
        );
        let row = row.unwrap_or_default();
        assert_eq!(row.funder, "Syndicat des eaux");
        assert_eq!(row.amount, Amount::from_cents(500_000));
        assert_eq!(
            row.levies,
            vec![
                Levy {
                    law: Some(LevyLaw::Water2005),
                    amount: Amount::from_cents(120_000)
                },
                Levy {
                    law: Some(LevyLaw::Energy2006),
                    amount: Amount::from_cents(30_050)
                },
            ]
        );
        assert!(rec.warnings.is_empty(), "{:?}", rec.warnings);
    }

    #[test]
    fn funding_amounts_as_people_write_them() {
        let cases = [
            (
                "Tours Métropole Val de Loire 1 500 € 2020",
                "Tours Métropole Val de Loire",
                150_000,
                vec![],
            ),
            ("Ville 1 500 EUR 2020", "Ville", 150_000, vec![]),
            ("Ville 1 500 euros 2020", "Ville", 150_000, vec![]),
            ("Ville 1500€ 2020", "Ville", 150_000, vec![]),
            ("Ville 1\u{202f}500\u{a0}€ 2020", "Ville", 150_000, vec![]),
            ("Ville 12 500,50 € 2020", "Ville", 1_250_050, vec![]),
            ("Ville 1.234.567,89 2017", "Ville", 123_456_789, vec![]),
            (
                "Région 10 000 € 2 500 € 2019",
                "Région",
                1_000_000,
                vec![250_000],
            ),
        ];
        for (row, funder, cents, levies) in cases {
            let mut rec = Record::default();
            let r = read_funding_row(&mut rec, "p.txt", 3, row, &[Some(LevyLaw::Water2005)]);
            let r = r.unwrap_or_else(|e| panic!("{row}: {e}"));
            assert_eq!(r.funder, funder, "{row}");
            assert_eq!(r.amount, Amount::from_cents(cents), "{row}");
            let got: Vec<i64> = r.levies.iter().map(|l| l.amount.cents()).collect();
            assert_eq!(got, levies, "{row}");
            assert!(rec.warnings.is_empty(), "{row}: {:?}", rec.warnings);
        }
        let mut rec = Record::default();
        let r = read_funding_row(&mut rec, "p.txt", 3, "Ville 1.500 2020", &[]);
        assert_eq!(r.map(|r| r.amount).ok(), Some(Amount::from_cents(150_000)));
        assert_eq!(rec.warnings.len(), 1);
        assert!(rec.warnings[0].message.contains("thousands separator"));
    }

    #[test]
    fn bad_funding_rows_name_the_line() {
        let mut rec = Record::default();
        let e = read_funding_row(&mut rec, "p.txt", 9, "Ville 5000 20l7", &[]);
        assert_eq!(
            e.map_err(|e| e.to_string()),
            Err("p.txt:9: funding: the row does not end with a year: \"Ville 5000 20l7\"".into())
        );
        let e = read_funding_row(&mut rec, "p.txt", 9, "Ville 1,234.567,89 2017", &[]);
        assert_eq!(
            e.map_err(|e| e.to_string()),
            Err("p.txt:9: funding: not an amount in euros: \"1,234.567,89\"".into())
        );
        let e = read_funding_row(&mut rec, "p.txt", 9, "5000 2017", &[]);
        assert!(e.is_err());
    }
}
