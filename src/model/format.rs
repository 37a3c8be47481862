//! How values are written in text formats: one CSV quoting rule, one decimal form (shared by
//! the publication's tables and the charts' data files), one XML escape (SVG, sitemaps), one
//! rule for data shown on a terminal (messages, search results).

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

/// Whether `c` would act rather than show on a terminal or in a spreadsheet: a control
/// character (but line feed and tab), or a bidirectional control (which reverses what follows
/// it, so that a name reads as another).
fn acts(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(
            c,
            '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// `text` with every character that would act ([`acts`]) written by `escape`, borrowed when
/// there is none.
fn escaped(text: &str, escape: impl Fn(char, &mut String)) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(acts) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if acts(c) {
            escape(c, &mut out);
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// `text` as a terminal may show it: every character that would act ([`acts`]: an escape
/// sequence, a carriage return, a bidirectional override) written as `\u{..}`, so that a value
/// read from the data can neither move the cursor nor reverse what follows it.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    escaped(text, |c, out| {
        out.push_str(&format!("\\u{{{:04x}}}", u32::from(c)))
    })
}

/// JSON as a terminal may show it, the same data: every character that would act written as
/// a `\\uXXXX` escape, which a JSON reader decodes to the same character (serde_json escapes
/// only those below U+0020; outside strings JSON has ASCII only, so nothing else changes).
pub fn json_printable(json: &str) -> std::borrow::Cow<'_, str> {
    escaped(json, |c, out| {
        let mut units = [0u16; 2];
        for u in c.encode_utf16(&mut units) {
            out.push_str(&format!("\\u{:04x}", u));
        }
    })
}

#[cfg(test)]
mod printable_tests {
    use super::printable;

    #[test]
    fn what_would_act_on_a_terminal_is_shown_escaped_and_the_rest_kept() {
        assert_eq!(printable("Ville de Lyon\tà\n"), "Ville de Lyon\tà\n");
        assert_eq!(printable("a\u{1b}[31mb"), "a\\u{001b}[31mb");
        assert_eq!(printable("x\u{202e}gpj.exe"), "x\\u{202e}gpj.exe");
        assert_eq!(printable("\r\u{85}\u{2066}"), "\\u{000d}\\u{0085}\\u{2066}");
    }

    #[test]
    fn json_shown_escaped_reads_back_the_same() {
        let value = serde_json::json!({"label": "a\u{202e}b\u{7f}c\u{9b}d\u{2028}e\u{1b}f"});
        let text = serde_json::to_string(&value).unwrap_or_default();
        let shown = super::json_printable(&text);
        assert!(!shown.chars().any(super::acts), "{shown}");
        let back: serde_json::Value = serde_json::from_str(&shown).unwrap_or_default();
        assert_eq!(back, value);
    }
}
