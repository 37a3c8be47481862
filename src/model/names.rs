//! Text folding shared by matching (country names, headings, themes) and IRI minting.

/// Lowercase ASCII, apostrophes, hyphens and punctuation folded to single spaces:
/// `"Côte d’Ivoire"` and `"cote d'ivoire"` both give `"cote d ivoire"`.
pub fn normalise(text: &str) -> String {
    let ascii = deunicode::deunicode(text).to_lowercase();
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
    }
    out.trim_end().to_string()
}

/// The IRI slug of a label: lowercase ASCII words joined by hyphens, no accents
/// (`"Pôles de compétitivité, clusters, filières"` gives `poles-de-competitivite-clusters-filieres`).
/// Never empty: a label with no letter or digit gives `x`.
pub fn slug(text: &str) -> String {
    let s = normalise(text).replace(' ', "-");
    if s.is_empty() { "x".to_string() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ascii_and_stable() {
        assert_eq!(
            slug("Pôles de compétitivité, clusters, filières"),
            "poles-de-competitivite-clusters-filieres"
        );
        assert_eq!(slug("Maître d'œuvre"), "maitre-d-oeuvre");
        assert_eq!(slug("Québec International"), "quebec-international");
        assert_eq!(slug("<>\"{}|^`"), "x");
        assert_eq!(normalise("  Côte d’Ivoire "), "cote d ivoire");
    }
}
