//! How values are written in text formats: one CSV quoting rule, one decimal form (shared by
//! the publication's tables and the charts' data files), one XML escape (SVG, sitemaps).

/// A CSV writer with the project's one quoting rule: a field is quoted only when it holds a
/// comma, a quote, CR or LF (quotes doubled); each record ends with `terminator`
/// (`Terminator::CRLF` for the data tables, as RFC 4180 says; `Terminator::Any(b'\n')` for
/// the identity and change tables).
pub fn csv_writer<W: std::io::Write>(out: W, terminator: csv::Terminator) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Necessary)
        .terminator(terminator)
        .from_writer(out)
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
