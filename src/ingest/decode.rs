//! Bytes to text: encoding detection (UTF-8, UTF-8 with BOM, UTF-16 with BOM, Windows-1252),
//! line endings, and the refusal of binary files.

use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};

/// The encoding a text was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// Plain UTF-8.
    Utf8,
    /// UTF-8 starting with a byte-order mark.
    Utf8Bom,
    /// UTF-16 with a byte-order mark.
    Utf16,
    /// Not UTF-8: read as Windows-1252 (a superset of Latin-1 for printable text).
    Windows1252,
    /// Mostly UTF-8, with some lines in Windows-1252 (a page pasted together from two sources):
    /// each line read in its own encoding.
    Mixed,
}

/// Why bytes are not a text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// Nothing but white space.
    #[error("the input is empty")]
    Empty,
    /// NUL bytes or many control characters: not a text rendering.
    #[error("the input looks binary (byte {offset} is a control character), not a text page")]
    Binary {
        /// Offset of the first offending byte.
        offset: usize,
    },
}

/// Decodes `bytes`, normalising CRLF and CR line endings to LF.
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), DecodeError> {
    let (text, encoding) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (
            String::from_utf8_lossy(rest).into_owned(),
            Encoding::Utf8Bom,
        )
    } else if bytes.starts_with(b"\xFF\xFE") {
        (UTF_16LE.decode(bytes).0.into_owned(), Encoding::Utf16)
    } else if bytes.starts_with(b"\xFE\xFF") {
        (UTF_16BE.decode(bytes).0.into_owned(), Encoding::Utf16)
    } else if let Some(utf16) = bomless_utf16(bytes) {
        (utf16, Encoding::Utf16)
    } else {
        if let Some(offset) = binary_offset(bytes) {
            return Err(DecodeError::Binary { offset });
        }
        match std::str::from_utf8(bytes) {
            Ok(s) => (s.to_string(), Encoding::Utf8),
            Err(_) => {
                let (text, mixed) = per_line(bytes);
                if mixed {
                    (text, Encoding::Mixed)
                } else {
                    (
                        WINDOWS_1252.decode(bytes).0.into_owned(),
                        Encoding::Windows1252,
                    )
                }
            }
        }
    };
    if let Some(offset) = text
        .char_indices()
        .find(|(_, c)| *c == '\0')
        .map(|(i, _)| i)
    {
        return Err(DecodeError::Binary { offset });
    }
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    };
    Ok((text, encoding))
}

/// UTF-16 without a byte-order mark, told by its zero bytes: in text of Latin script, nearly
/// every other byte is zero, at odd offsets (little-endian) or even ones (big-endian).
fn bomless_utf16(bytes: &[u8]) -> Option<String> {
    if bytes.len() < 8 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let pairs = bytes.len() / 2;
    let zero_odd = bytes.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    let zero_even = bytes.iter().step_by(2).filter(|&&b| b == 0).count();
    let mostly = |n: usize| n * 10 >= pairs * 9;
    let (text, had_errors) = if mostly(zero_odd) && zero_even == 0 {
        let (t, e) = UTF_16LE.decode_without_bom_handling(bytes);
        (t, e)
    } else if mostly(zero_even) && zero_odd == 0 {
        let (t, e) = UTF_16BE.decode_without_bom_handling(bytes);
        (t, e)
    } else {
        return None;
    };
    (!had_errors).then(|| text.into_owned())
}

/// Decodes line by line: a line that is valid UTF-8 stays so, another is read as
/// Windows-1252. Says whether the text really is mixed: some lines with UTF-8 multi-byte
/// sequences and some that are not UTF-8 (otherwise the whole file is Windows-1252).
fn per_line(bytes: &[u8]) -> (String, bool) {
    let mut out = String::with_capacity(bytes.len());
    let (mut utf8_non_ascii, mut other) = (0usize, 0usize);
    for line in bytes.split_inclusive(|&b| b == b'\n') {
        match std::str::from_utf8(line) {
            Ok(s) => {
                if !s.is_ascii() {
                    utf8_non_ascii += 1;
                }
                out.push_str(s);
            }
            Err(_) => {
                other += 1;
                out.push_str(&WINDOWS_1252.decode(line).0);
            }
        }
    }
    (out, utf8_non_ascii > 0 && other > 0)
}

/// The 1-based lines of `bytes` that are not valid UTF-8.
pub fn non_utf8_lines(bytes: &[u8]) -> Vec<usize> {
    bytes
        .split_inclusive(|&b| b == b'\n')
        .enumerate()
        .filter(|(_, l)| std::str::from_utf8(l).is_err())
        .map(|(i, _)| i + 1)
        .collect()
}

/// A NUL byte, or more than 1% of C0 control bytes other than tab, LF, CR and form feed.
fn binary_offset(bytes: &[u8]) -> Option<usize> {
    let is_control = |b: u8| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c);
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        return Some(pos);
    }
    let controls = bytes.iter().filter(|&&b| is_control(b)).count();
    if controls * 100 > bytes.len().max(1) {
        return bytes.iter().position(|&b| is_control(b));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_encodings() {
        assert_eq!(
            decode("Titre\r\nÉté".as_bytes()),
            Ok(("Titre\nÉté".into(), Encoding::Utf8))
        );
        assert_eq!(
            decode(b"\xEF\xBB\xBFTitre"),
            Ok(("Titre".into(), Encoding::Utf8Bom))
        );
        assert_eq!(
            decode(b"Ann\xe9e \x92x\x92"),
            Ok(("Année ’x’".into(), Encoding::Windows1252))
        );
        assert_eq!(
            decode(b"\xFF\xFEA\x00b\x00"),
            Ok(("Ab".into(), Encoding::Utf16))
        );
    }

    #[test]
    fn refuses_empty_and_binary() {
        assert_eq!(decode(b" \n\xC2\xA0\n"), Err(DecodeError::Empty));
        assert_eq!(
            decode(b"abc\x00def"),
            Err(DecodeError::Binary { offset: 3 })
        );
        assert!(matches!(
            decode(b"\x01\x02\x03\x04abc"),
            Err(DecodeError::Binary { .. })
        ));
    }
}
