//! The reader for the text rendering of an Atlas detail page.
//!
//! A page is a sequence of headings (`Titre`, `Contexte`, `Financement du partenariat`, ...)
//! each followed by its value or by a table flattened into space-separated rows. The reader
//! first cuts the page into sections by heading, then reads each section. Flattened rows are
//! split with what the page itself knows (partner names, the country table, a trailing e-mail
//! or year, role words, the theme lexicon); where a guess remains, the record gets a warning
//! that names the line (and quotes the row, unless it may name a person). Every line is
//! accounted for: a line no field read is named in a warning.
//!
//! - [`headings`]: the known headings and table headers, matched with tolerance for typos;
//! - [`cut`]: the page cut into sections;
//! - [`fields`]: the sections read into the record's fields;
//! - [`people`]: the contact blocks and rows, and the volunteers (personal data);
//! - [`funding`]: the funding rows, their amounts and 1% levies;
//! - [`account`]: what each line became.

mod account;
mod cut;
mod fields;
mod funding;
mod headings;
mod people;

pub use account::{Account, LineUse};

use super::RecordError;
use crate::model::{Record, Source};

type Lines = Vec<(usize, String)>;

/// The page's own address, when the text carries it (a saved page keeps it in its header or
/// footer): the first http(s) address on the Atlas' site.
fn atlas_url(text: &str) -> Option<String> {
    text.split_whitespace()
        .map(|w| w.trim_matches(|c: char| matches!(c, '<' | '>' | '(' | ')' | '"' | '\'' | ',')))
        .find(|w| {
            (w.starts_with("https://") || w.starts_with("http://"))
                && w.contains("diplomatie.gouv.fr")
                && atlas_id_of_url(w).is_some()
        })
        .map(str::to_string)
}

/// The Atlas id in a detail page's address: the numeric value of its `id`-like parameter
/// (`?id=12345`, `&idProjet=12345`, `projetId=...`).
pub fn atlas_id_of_url(url: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    query.split(['&', ';']).find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        let k = k.to_ascii_lowercase();
        let id_like = k == "id" || k.starts_with("idprojet") || k.ends_with("projetid");
        (id_like && !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit())).then(|| v.to_string())
    })
}

/// The Atlas id when the file is named by it alone (`12345.txt`).
fn atlas_id_of_file(file: &str) -> Option<String> {
    let stem = std::path::Path::new(file).file_stem()?.to_str()?;
    (stem.len() >= 3 && stem.bytes().all(|b| b.is_ascii_digit())).then(|| stem.to_string())
}

/// Longest title accepted, in characters (published titles are under 300).
pub const MAX_TITLE_CHARS: usize = 1_000;
/// Most rows a table of a page may have (published pages have a few dozen at most).
pub const MAX_TABLE_ROWS: usize = 10_000;

/// Reads one page. `file` names the source in the record and in errors.
pub fn read(text: &str, file: &str) -> Result<Record, RecordError> {
    read_with_account(text, file).0
}

/// Reads one page and says what each of its lines became (see [`Account`]).
pub fn read_with_account(text: &str, file: &str) -> (Result<Record, RecordError>, Account) {
    let url = atlas_url(text);
    let mut rec = Record {
        atlas_id: url
            .as_deref()
            .and_then(atlas_id_of_url)
            .or_else(|| atlas_id_of_file(file)),
        source: Source {
            file: file.to_string(),
            line: 1,
            url,
        },
        ..Default::default()
    };
    let mut account = Account::new(text.lines().count());
    let cut = cut::cut(text, &mut rec, &mut account);
    let result = fields::read(&cut, &mut rec, &mut account, file);
    account.close(&mut rec, |n| cut.heading_of(n));
    (result.map(|()| rec), account)
}

#[cfg(test)]
mod identity_tests {
    use super::*;

    #[test]
    fn the_atlas_id_comes_from_the_address_or_a_bare_file_name() {
        let page = "Atlas\nhttps://pastel.diplomatie.gouv.fr/cooperationdecentralisee/detailProjet.html?id=4521&lang=fr\n";
        assert_eq!(
            atlas_url(page).as_deref().and_then(atlas_id_of_url),
            Some("4521".into())
        );
        assert_eq!(
            atlas_id_of_url("https://x.diplomatie.gouv.fr/a?idProjet=77"),
            Some("77".into())
        );
        assert_eq!(
            atlas_id_of_url("https://x.diplomatie.gouv.fr/a?id=abc"),
            None
        );
        assert_eq!(atlas_url("https://example.org/?id=3"), None);
        assert_eq!(atlas_id_of_file("pages/12345.txt"), Some("12345".into()));
        assert_eq!(atlas_id_of_file("000_2c1789aab79a3d11.txt"), None);
    }
}
