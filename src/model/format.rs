//! How values are written in text formats: one CSV quoting rule, one decimal form (shared by
//! the publication's tables and the charts' data files), one XML escape (SVG, sitemaps).

/// One CSV field, quoted when needed.
pub fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// An amount in a CSV cell: whole euros as an integer, else with two decimals (`12.50`).
pub fn decimal(a: super::Amount) -> String {
    let cents = a.cents();
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    if abs.is_multiple_of(100) {
        format!("{sign}{}", abs / 100)
    } else {
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

/// Text escaped for XML content and attribute values (SVG charts, sitemaps).
pub fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
