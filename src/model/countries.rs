//! Every ISO 3166-1 country with its French names, as written in French administrative usage.
//!
//! The table lives in `countries.tsv` beside this file (data, not code) and is read once.

pub use super::names::normalise;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The EU Publications Office country authority, the one DCAT-AP uses.
pub const EU_COUNTRY_AUTHORITY: &str = "http://publications.europa.eu/resource/authority/country/";

/// A country of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-2 ("CA").
    pub alpha2: &'static str,
    /// ISO 3166-1 alpha-3 ("CAN").
    pub alpha3: &'static str,
    /// The French short name ("Canada").
    pub name_fr: &'static str,
    /// Other names met in French texts.
    pub variants: Vec<&'static str>,
}

impl Country {
    /// The EU Publications Office authority IRI, e.g. `.../country/CAN`.
    pub fn eu_iri(&self) -> String {
        format!("{EU_COUNTRY_AUTHORITY}{}", self.alpha3)
    }
}

struct Table {
    countries: Vec<Country>,
    by_name: HashMap<String, usize>,
    by_alpha2: HashMap<&'static str, usize>,
    longest_name_words: usize,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut countries = Vec::new();
        for line in include_str!("countries.tsv").lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(alpha2), Some(alpha3), Some(name_fr)) =
                (cols.next(), cols.next(), cols.next())
            else {
                continue;
            };
            let variants = cols
                .next()
                .map(|v| v.split('|').filter(|s| !s.trim().is_empty()).collect())
                .unwrap_or_default();
            countries.push(Country {
                alpha2,
                alpha3,
                name_fr,
                variants,
            });
        }
        let mut by_name = HashMap::new();
        let mut by_alpha2 = HashMap::new();
        let mut longest_name_words = 1;
        for (i, c) in countries.iter().enumerate() {
            by_alpha2.insert(c.alpha2, i);
            for name in std::iter::once(&c.name_fr).chain(c.variants.iter()) {
                let key = normalise(name);
                longest_name_words = longest_name_words.max(key.split(' ').count());
                by_name.insert(key, i);
            }
        }
        Table {
            countries,
            by_name,
            by_alpha2,
            longest_name_words,
        }
    })
}

/// All countries of the table, in table order.
pub fn all() -> &'static [Country] {
    &table().countries
}

/// The country a French name (or variant) designates, accents and case ignored.
pub fn by_name(name: &str) -> Option<&'static Country> {
    let t = table();
    t.by_name.get(&normalise(name)).map(|&i| &t.countries[i])
}

/// The country with this ISO 3166-1 alpha-2 code.
pub fn by_alpha2(code: &str) -> Option<&'static Country> {
    let t = table();
    let upper = code.to_ascii_uppercase();
    t.by_alpha2.get(upper.as_str()).map(|&i| &t.countries[i])
}

/// Splits `"Québec International Canada"` into the text before the country and the country,
/// taking the longest country name that ends the text. `None` when no country ends it.
pub fn split_trailing(text: &str) -> Option<(String, &'static Country, String)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let max = table().longest_name_words.min(words.len());
    for n in (1..=max).rev() {
        let tail = words[words.len() - n..].join(" ");
        if let Some(c) = by_name(&tail) {
            let head = words[..words.len() - n].join(" ");
            return Some((head, c, tail));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_complete_and_consistent() {
        assert!(all().len() >= 249, "{} countries", all().len());
        let mut seen = std::collections::HashSet::new();
        for c in all() {
            assert_eq!(c.alpha2.len(), 2, "{c:?}");
            assert_eq!(c.alpha3.len(), 3, "{c:?}");
            assert!(seen.insert(c.alpha2), "duplicate {}", c.alpha2);
        }
    }

    #[test]
    fn french_names_and_variants() {
        let cases = [
            ("Canada", "CA", "CAN"),
            ("États-Unis", "US", "USA"),
            ("Etats-Unis d'Amérique", "US", "USA"),
            ("Côte d'Ivoire", "CI", "CIV"),
            ("Cote d’Ivoire", "CI", "CIV"),
            ("République démocratique du Congo", "CD", "COD"),
            ("Congo", "CG", "COG"),
            ("Corée du Sud", "KR", "KOR"),
            ("Corée du Nord", "KP", "PRK"),
            ("Sénégal", "SN", "SEN"),
            ("senegal", "SN", "SEN"),
            ("Burkina Faso", "BF", "BFA"),
            ("Viêt Nam", "VN", "VNM"),
            ("Vietnam", "VN", "VNM"),
            ("Royaume-Uni", "GB", "GBR"),
            ("Allemagne", "DE", "DEU"),
            ("Maroc", "MA", "MAR"),
            ("Haïti", "HT", "HTI"),
            ("Liban", "LB", "LBN"),
            ("Territoires palestiniens", "PS", "PSE"),
            ("Madagascar", "MG", "MDG"),
            ("Bénin", "BJ", "BEN"),
            ("Cap-Vert", "CV", "CPV"),
            ("Tchéquie", "CZ", "CZE"),
            ("République tchèque", "CZ", "CZE"),
            ("Moldavie", "MD", "MDA"),
            ("Chine", "CN", "CHN"),
            ("Japon", "JP", "JPN"),
            ("Brésil", "BR", "BRA"),
            ("Mexique", "MX", "MEX"),
            ("Arménie", "AM", "ARM"),
            ("Mauritanie", "MR", "MRT"),
        ];
        for (name, a2, a3) in cases {
            let c = by_name(name);
            assert_eq!(c.map(|c| (c.alpha2, c.alpha3)), Some((a2, a3)), "{name}");
        }
        assert_eq!(by_name("Atlantide"), None);
        assert_eq!(
            by_alpha2("ca").map(|c| c.eu_iri()),
            Some("http://publications.europa.eu/resource/authority/country/CAN".to_string())
        );
    }

    #[test]
    fn splits_the_longest_trailing_country() {
        let (head, c, tail) = split_trailing("Québec International Canada").unwrap_or_else(|| {
            panic!("no country found");
        });
        assert_eq!(
            (head.as_str(), c.alpha2, tail.as_str()),
            ("Québec International", "CA", "Canada")
        );
        let split = split_trailing("Kinshasa République démocratique du Congo");
        assert_eq!(
            split.map(|s| (s.0, s.1.alpha2)),
            Some(("Kinshasa".to_string(), "CD"))
        );
        let split = split_trailing("Province du Sud Guinée équatoriale");
        assert_eq!(split.map(|s| s.1.alpha2), Some("GQ"));
        assert!(split_trailing("Nowhere Land").is_none());
    }
}
