//! The last check before a bundle is written under `--contacts role` or `none`: no file of it
//! holds a name or an e-mail address of the contacts this run read, nor any e-mail address or
//! phone number at all (whoever's: the publisher's own contact address aside). Whatever path
//! a name took (a role label, a warning, a free-text field that quotes the person, a contact
//! row read as something else), a hit stops the publication.

use crate::model::privacy::PersonalText;
use aho_corasick::AhoCorasick;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// Fails when a file of the bundle in `out` (its store aside) holds one of the `personal` texts
/// read, or any e-mail address (but those `allowed`) or phone number.
pub fn check_bundle(
    out: &Path,
    personal: Vec<PersonalText>,
    allowed: Vec<String>,
) -> Result<(), super::PublishError> {
    let finder = Finder::new(personal)?.with_contact_details(allowed);
    let Some(hit) = finder.scan_dir(out, &["store"])? else {
        return Ok(());
    };
    let file = hit
        .file
        .strip_prefix(out)
        .unwrap_or(&hit.file)
        .display()
        .to_string();
    Err(if hit.text.line == 0 {
        super::PublishError::ContactDetails {
            file,
            what: hit.text.text,
        }
    } else {
        super::PublishError::PersonalData {
            file,
            source_file: hit.text.file,
            line: hit.text.line,
        }
    })
}

/// Bytes read at a time.
const CHUNK: usize = 4 << 20;
/// The longest e-mail address or phone number looked for across a chunk's end, in bytes.
const DETAIL_SPAN: usize = 256;

/// How far before a phone-like match a WKT point's start is looked for, in bytes.
const LOOK_BEHIND: usize = 48;

/// Whether text ending with `before` is inside a WKT point (`POINT(19.0447 49.8225)` reads as a
/// French number, 04 47 49 82 25): the places' coordinates are not anyone's phone.
fn in_point(before: &str) -> bool {
    before
        .rfind("POINT(")
        .is_some_and(|p| before.len() - p <= LOOK_BEHIND && !before[p..].contains(')'))
}

/// A hit of the patterns: not a text read from a contact, so no source line.
fn detail_hit(what: &str) -> PersonalText {
    PersonalText {
        text: what.to_string(),
        exact_case: false,
        file: String::new(),
        line: 0,
    }
}

/// Where a name or an e-mail was found.
#[derive(Debug, Clone)]
pub struct Hit {
    /// The file of the bundle that holds it.
    pub file: PathBuf,
    /// What was found, and where the contact was read.
    pub text: PersonalText,
}

/// Finds the personal texts of a run in files.
pub struct Finder {
    /// Full names and e-mails, in any ASCII case.
    any_case: Option<(AhoCorasick, Vec<PersonalText>)>,
    /// Family names in capitals, as written.
    exact: Option<(AhoCorasick, Vec<PersonalText>)>,
    /// The longest text, in bytes.
    longest: usize,
    /// Whether any e-mail address or phone number is a hit too, and the addresses that are
    /// not (the publisher's functional mailbox).
    details: Option<Vec<String>>,
}

impl Finder {
    /// Prepares the search for `texts` (duplicates are searched once).
    pub fn new(mut texts: Vec<PersonalText>) -> io::Result<Self> {
        texts.sort();
        texts.dedup_by(|a, b| a.text == b.text && a.exact_case == b.exact_case);
        let longest = texts.iter().map(|t| t.text.len()).max().unwrap_or(0);
        let (exact, any_case): (Vec<_>, Vec<_>) = texts.into_iter().partition(|t| t.exact_case);
        let build = |texts: Vec<PersonalText>, insensitive: bool| {
            if texts.is_empty() {
                return Ok(None);
            }
            AhoCorasick::builder()
                .ascii_case_insensitive(insensitive)
                .build(texts.iter().map(|t| t.text.as_bytes()))
                .map(|a| Some((a, texts)))
                .map_err(io::Error::other)
        };
        Ok(Self {
            any_case: build(any_case, true)?,
            exact: build(exact, false)?,
            longest,
            details: None,
        })
    }

    /// Also looks for any e-mail address (except those of `allowed`, in any case) and any
    /// phone number.
    pub fn with_contact_details(mut self, allowed: Vec<String>) -> Self {
        self.details = Some(allowed.into_iter().map(|a| a.to_lowercase()).collect());
        self.longest = self.longest.max(DETAIL_SPAN);
        self
    }

    /// Whether there is nothing to look for.
    pub fn is_empty(&self) -> bool {
        self.any_case.is_none() && self.exact.is_none() && self.details.is_none()
    }

    /// The first e-mail address or phone number of `window` that is not allowed.
    fn detail(&self, window: &[u8], first: bool, eof: bool) -> Option<PersonalText> {
        let allowed = self.details.as_ref()?;
        let text = String::from_utf8_lossy(window);
        for (start, end) in crate::model::patterns::emails(&text) {
            let found = text[start..end].to_lowercase();
            let inside = (first || start >= 4) && (eof || end + 4 <= text.len());
            if inside && !allowed.iter().any(|a| found.ends_with(a.as_str())) {
                return Some(detail_hit("an e-mail address"));
            }
        }
        for (start, end) in crate::model::patterns::phones(&text) {
            // Judged where the text before it is seen (else the window before, which overlaps
            // this one by more than that, judges it): a point's coordinates are not a phone.
            let seen = first || start >= LOOK_BEHIND;
            if seen && (eof || end + 4 <= text.len()) && !in_point(&text[..start]) {
                return Some(detail_hit("a phone number"));
            }
        }
        None
    }

    /// The first personal text in the files under `dir` (gzip files read decompressed; PNG
    /// images and the folders named in `skip` left out), in name order.
    pub fn scan_dir(&self, dir: &Path, skip: &[&str]) -> io::Result<Option<Hit>> {
        if self.is_empty() {
            return Ok(None);
        }
        // Links followed (a linked folder is scanned too), loops detected by the walk.
        let mut entries = walkdir::WalkDir::new(dir)
            .min_depth(1)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter();
        while let Some(e) = entries.next() {
            let e = e.map_err(|e| named(dir, io::Error::from(e)))?;
            let name = e.file_name().to_str().unwrap_or("");
            if e.depth() == 1 && skip.contains(&name) {
                if e.file_type().is_dir() {
                    entries.skip_current_dir();
                }
                continue;
            }
            if e.file_type().is_dir() || name.ends_with(".png") {
                continue;
            }
            if let Some(text) = self.scan_file(e.path())? {
                return Ok(Some(Hit {
                    file: e.path().to_path_buf(),
                    text,
                }));
            }
        }
        Ok(None)
    }

    /// The first personal text in one file (decompressed when its name ends in `.gz`).
    pub fn scan_file(&self, path: &Path) -> io::Result<Option<PersonalText>> {
        let file = File::open(path).map_err(|e| named(path, e))?;
        let reader: Box<dyn Read> = if path.extension().is_some_and(|e| e == "gz") {
            Box::new(flate2::read::GzDecoder::new(file))
        } else {
            Box::new(file)
        };
        self.scan(reader).map_err(|e| named(path, e))
    }

    /// The first personal text in `reader`, read in chunks that overlap by more than the
    /// longest text, so that a text cut by a chunk's end is found in the next window.
    pub fn scan(&self, mut reader: impl Read) -> io::Result<Option<PersonalText>> {
        let keep = self.longest + 8;
        let mut buf: Vec<u8> = Vec::with_capacity(CHUNK + keep);
        let mut first = true;
        loop {
            let start = buf.len();
            buf.resize(start + CHUNK, 0);
            let mut filled = start;
            while filled < buf.len() {
                let n = reader.read(&mut buf[filled..])?;
                if n == 0 {
                    break;
                }
                filled += n;
            }
            let eof = filled < buf.len();
            buf.truncate(filled);
            for (automaton, texts) in [&self.any_case, &self.exact].into_iter().flatten() {
                for m in automaton.find_overlapping_iter(buf.as_slice()) {
                    // Seen whole in the window before, or to be seen whole in the next one.
                    if (!first && m.start() < 4) || (!eof && m.end() + 4 > buf.len()) {
                        continue;
                    }
                    if whole_word(&buf, m.start(), m.end()) {
                        return Ok(Some(texts[m.pattern().as_usize()].clone()));
                    }
                }
            }
            if let Some(hit) = self.detail(&buf, first, eof) {
                return Ok(Some(hit));
            }
            if eof {
                return Ok(None);
            }
            let cut = buf.len().saturating_sub(keep);
            buf.drain(..cut);
            first = false;
        }
    }
}

/// Whether `buf[start..end]` is not a piece of a longer word (`Jean` in `Jeanne`, `MARTIN` in
/// `SAINT-MARTIN`: hyphens and apostrophes join words in names).
fn whole_word(buf: &[u8], start: usize, end: usize) -> bool {
    let before = {
        let mut i = start;
        while i > 0 && i + 4 > start && (buf[i - 1] & 0xC0) == 0x80 {
            i -= 1;
        }
        i.checked_sub(1)
            .and_then(|b| std::str::from_utf8(&buf[b..start]).ok())
            .and_then(|s| s.chars().next_back())
    };
    let after = (1..=4)
        .filter_map(|n| buf.get(end..end + n))
        .find_map(|b| std::str::from_utf8(b).ok())
        .and_then(|s| s.chars().next());
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || "-'’".contains(c));
    !word(before) && !word(after)
}

fn named(path: &Path, e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates_are_not_phone_numbers_but_phones_beside_them_are() {
        let finder = Finder::new(Vec::new())
            .expect("finder")
            .with_contact_details(Vec::new());
        let point = b"<x> geo:asWKT \"POINT(19.0447 49.8225)\"^^geo:wktLiteral .\n";
        assert!(finder.detail(point, true, true).is_none());
        let phone = b"\"POINT(19.0447 49.8225)\" tel 04 47 49 82 25\n";
        assert!(finder.detail(phone, true, true).is_some());
    }

    fn text(t: &str, exact_case: bool) -> PersonalText {
        PersonalText {
            text: t.into(),
            exact_case,
            file: "p.txt".into(),
            line: 1,
        }
    }

    #[test]
    fn finds_names_and_emails_as_whole_words() {
        let f = Finder::new(vec![
            text("Sarah VAILLANT", false),
            text("s.v@diplomatie.gouv.fr", false),
            text("CATTA", true),
        ])
        .unwrap_or_else(|e| panic!("{e}"));
        let hit = |s: &str| f.scan(s.as_bytes()).ok().flatten().map(|t| t.text);
        assert_eq!(hit("x sarah vaillant y"), Some("Sarah VAILLANT".into()));
        assert_eq!(
            hit("<mailto:S.V@diplomatie.gouv.fr>"),
            Some("s.v@diplomatie.gouv.fr".into())
        );
        assert_eq!(hit("« CATTA »"), Some("CATTA".into()));
        assert_eq!(hit("Catta"), None, "capitals as written");
        assert_eq!(hit("CATTAS"), None, "whole words only");
        assert_eq!(hit("SAINT-CATTA"), None, "whole words only");
        assert_eq!(hit("éSarah VAILLANT"), None, "whole words only");
        assert_eq!(hit("nothing here"), None);
    }

    #[test]
    fn finds_a_text_cut_by_a_chunk_end() {
        let f = Finder::new(vec![text("Sarah VAILLANT", false)]).unwrap_or_else(|e| panic!("{e}"));
        for pad in [CHUNK - 20, CHUNK - 7, CHUNK - 1, CHUNK, CHUNK + 3] {
            let mut data = vec![b' '; pad];
            data.extend_from_slice(b"Sarah VAILLANT ");
            data.extend(vec![b' '; 100]);
            assert!(
                f.scan(data.as_slice()).ok().flatten().is_some(),
                "pad {pad}"
            );
        }
    }

    #[test]
    fn finds_a_contact_s_name_written_glued() {
        let record = crate::model::Record {
            foreign_contacts: vec![crate::model::Contact {
                given_name: Some("Jean-Michel".into()),
                family_name: Some("Vaillant".into()),
                ..Default::default()
            }],
            ..Default::default()
        };
        let f = Finder::new(crate::model::privacy::personal_texts(&record))
            .unwrap_or_else(|e| panic!("{e}"));
        let found = |s: &str| f.scan(s.as_bytes()).ok().flatten().is_some();
        for glued in [
            "par JeanMichelVaillant.",
            "par JEANMICHELVAILLANT.",
            "par jean_michel_vaillant.",
            "<https://x.example/jean.michel.vaillant>",
            "par VaillantJeanMichel.",
        ] {
            assert!(found(glued), "{glued}");
        }
        assert!(
            !found("la ville de Vaillant"),
            "a family name alone is a place too"
        );
    }
}
