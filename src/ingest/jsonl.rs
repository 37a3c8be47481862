//! JSON Lines of canonical records, as `convert --to records-jsonl` writes them.

use super::RecordError;
use crate::model::Record;
use std::io::{BufRead, Read};

/// Longest line read as one record, in bytes.
pub const MAX_LINE_BYTES: usize = 10 << 20;

/// Reads one record per non-blank line; a bad line is an error for that line only.
pub struct JsonlReader<R> {
    reader: R,
    name: String,
    line: usize,
    buf: String,
    done: bool,
}

impl<R: BufRead> JsonlReader<R> {
    /// A reader over `reader`, naming it `name` in errors.
    pub fn new(reader: R, name: String) -> Self {
        Self {
            reader,
            name,
            line: 0,
            buf: String::new(),
            done: false,
        }
    }
}

impl<R: BufRead> Iterator for JsonlReader<R> {
    type Item = Result<Record, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.done {
                return None;
            }
            self.buf.clear();
            self.line += 1;
            match (&mut self.reader)
                .take(MAX_LINE_BYTES as u64 + 1)
                .read_line(&mut self.buf)
            {
                Ok(0) => return None,
                Ok(n) if n > MAX_LINE_BYTES && !self.buf.ends_with('\n') => {
                    // Skip the rest of the line without holding it.
                    let mut rest = Vec::new();
                    loop {
                        rest.clear();
                        match (&mut self.reader)
                            .take(1 << 20)
                            .read_until(b'\n', &mut rest)
                        {
                            Ok(0) => break,
                            Ok(_) if rest.ends_with(b"\n") => break,
                            Ok(_) => {}
                            Err(_) => {
                                self.done = true;
                                break;
                            }
                        }
                    }
                    return Some(Err(RecordError::new(
                        &self.name,
                        self.line,
                        "record",
                        format!(
                            "the line is longer than the {} MiB a record may be",
                            MAX_LINE_BYTES >> 20
                        ),
                    )));
                }
                Ok(_) => {}
                Err(e) => {
                    // Invalid UTF-8 costs that line only (read_line consumed it); any other
                    // I/O failure ends this input.
                    if e.kind() != std::io::ErrorKind::InvalidData {
                        self.done = true;
                    }
                    return Some(Err(RecordError::new(
                        &self.name,
                        self.line,
                        "file",
                        e.to_string(),
                    )));
                }
            }
            let text = self.buf.trim_start_matches('\u{feff}').trim();
            if text.is_empty() {
                continue;
            }
            if !text.starts_with('{') {
                return Some(Err(RecordError::new(
                    &self.name,
                    self.line,
                    "record",
                    "the line is not a JSON object (a record is one object per line)",
                )));
            }
            return Some(
                parse_record(text)
                    .map_err(|(field, message)| {
                        RecordError::new(&self.name, self.line, &field, message)
                    })
                    .and_then(|r| {
                        if r.title.trim().is_empty() {
                            Err(RecordError::new(
                                &self.name,
                                self.line,
                                "title",
                                "the record has no title",
                            ))
                        } else {
                            Ok(r)
                        }
                    }),
            );
        }
    }
}

/// One record from one line of JSON, or the field at fault (its path, e.g.
/// `funding[0].amount`, for a value of the wrong type) and the message.
fn parse_record(text: &str) -> Result<Record, (String, String)> {
    let mut de = serde_json::Deserializer::from_str(text);
    let record = serde_path_to_error::deserialize::<_, Record>(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        // The path names a value of the wrong type; a cut or broken line has no field at fault.
        let field = if path == "." || !inner.is_data() {
            field_of(&inner).to_string()
        } else {
            path
        };
        (field, inner.to_string())
    })?;
    de.end()
        .map_err(|e| (field_of(&e).to_string(), e.to_string()))?;
    Ok(record)
}

/// serde_json names a missing or unknown field in its message (`missing field `title``).
fn field_of(e: &serde_json::Error) -> &'static str {
    let m = e.to_string();
    for f in ["title", "source", "funding", "amount", "year", "end_date"] {
        if m.contains(&format!("`{f}`")) {
            return match f {
                "title" => "title",
                "source" => "source",
                "funding" | "amount" | "year" => "funding",
                _ => "end_date",
            };
        }
    }
    "record"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_lines_do_not_stop_good_ones() {
        let input = "{\"source\":{\"file\":\"a\",\"line\":1},\"title\":\"A\"}\n\nnot json\n{\"source\":{\"file\":\"a\",\"line\":1},\"title\":\"B\",\"funding\":[{\"funder\":\"X\",\"year\":2017,\"amount\":\"12,3,4\"}]}\n{\"source\":{\"file\":\"a\",\"line\":1},\"title\":\"C\"}\n";
        let out: Vec<_> = JsonlReader::new(input.as_bytes(), "r.jsonl".into()).collect();
        assert_eq!(out.len(), 4);
        assert_eq!(out[0].as_ref().map(|r| r.title.as_str()), Ok("A"));
        let e = out[1].as_ref().err().map(|e| (e.line, e.field.as_str()));
        assert_eq!(e, Some((3, "record")));
        let e = out[2].as_ref().err().map(|e| e.line);
        assert_eq!(e, Some(4));
        assert_eq!(out[3].as_ref().map(|r| r.title.as_str()), Ok("C"));
    }
}
