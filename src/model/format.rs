//! How values are written in the CSV files and chart tables: one quoting rule, one decimal
//! form, shared by the publication's tables and the charts' data files.

/// One CSV field, quoted when needed.
pub fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// A decimal amount without float noise (amounts are in cents at most).
pub fn decimal(v: f64) -> String {
    let cents = (v * 100.0).round() as i64;
    if cents % 100 == 0 {
        format!("{}", cents / 100)
    } else {
        format!("{}.{:02}", cents / 100, (cents % 100).abs())
    }
}
