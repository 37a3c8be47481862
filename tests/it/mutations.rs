//! Mutation tests of the page reader: the seed and the example pages are turned into many
//! variants nobody wrote by hand (each heading with an accent dropped, a letter changed,
//! dropped or doubled, a word dropped, a plural, capitals; each table row with a token after
//! it; each table printed twice; each pair of lines joined), and for every variant:
//! - every line is accounted for (a field, furniture, a heading, or a warning that names it);
//! - each field of the original is there with its value, or named in a warning;
//! - nothing read from one section lands in another section's field;
//! - no name, e-mail or phone number of a contact reaches the default (`role`) RDF or a
//!   message, even when the variant adds a phone number or a word to a contact row.

use crate::common::*;
use atlas_lod::Record;
use atlas_lod::ingest::atlas_page::{Account, LineUse, read_with_account};
use atlas_lod::rdf::MapOptions;
use atlas_lod::rdf::map::redact_and_map;
use std::collections::BTreeMap;

/// Tokens appended to table rows: a word, a phone number, an e-mail address.
const WORD: &str = "Zorglub";
const PHONE: &str = "+33 6 12 34 56 78";
const EMAIL: &str = "zorglub.x@example.org";

/// Fields read from table rows.
const TABLE_FIELDS: &[&str] = &[
    "foreign_partners",
    "french_partners",
    "implementers",
    "project_owners",
    "funding",
    "foreign_contacts",
    "volunteers",
    "other_themes",
];

struct Variant {
    kind: &'static str,
    what: String,
    text: String,
    /// Original line (1-based) -> variant line.
    map: Vec<usize>,
    /// Variant lines that the mutation wrote.
    touched: Vec<usize>,
}

fn pages() -> Vec<(String, String)> {
    let mut out = vec![(
        "seed".to_string(),
        std::fs::read_to_string(seed_path()).unwrap_or_else(|e| panic!("{e}")),
    )];
    for name in ["eau-dogbo.txt", "jumelage-cuenca.txt"] {
        let text = std::fs::read_to_string(repo_path(&format!("examples/pages/{name}")))
            .unwrap_or_else(|e| panic!("{e}"));
        out.push((name.to_string(), text));
    }
    out
}

fn lines_of(text: &str) -> Vec<String> {
    text.lines().map(str::to_string).collect()
}

fn identity(n: usize) -> Vec<usize> {
    (1..=n).collect()
}

/// One line replaced.
fn replaced(lines: &[String], at: usize, new: String, kind: &'static str, what: String) -> Variant {
    let mut l = lines.to_vec();
    l[at] = new;
    Variant {
        kind,
        what,
        text: l.join("\n") + "\n",
        map: identity(lines.len()),
        touched: vec![at + 1],
    }
}

/// The variants of one heading line.
fn heading_variants(lines: &[String], at: usize, out: &mut Vec<Variant>) {
    let line = lines[at].trim_end().to_string();
    let chars: Vec<char> = line.chars().collect();
    let mut push = |new: String, what: &str| {
        if new.trim() != line.trim() && !new.trim().is_empty() {
            out.push(replaced(
                lines,
                at,
                new,
                "heading",
                format!("{what}: {line:?}"),
            ));
        }
    };
    // An accent dropped (each accented letter in turn).
    for (i, c) in chars.iter().enumerate() {
        if !c.is_ascii() && c.is_alphabetic() {
            let plain = deunicode_char(*c);
            let mut v = chars.clone();
            v.splice(i..=i, plain.chars());
            push(v.into_iter().collect(), "accent dropped");
        }
    }
    // In the longest word: a letter changed, dropped, doubled.
    let words: Vec<&str> = line.split(' ').collect();
    if let Some((wi, w)) = words
        .iter()
        .enumerate()
        .max_by_key(|(_, w)| w.chars().count())
    {
        let wc: Vec<char> = w.chars().collect();
        let mid = wc.len() / 2;
        for (what, new_word) in [
            ("letter changed", {
                let mut x = wc.clone();
                x[mid] = if x[mid] == 'q' { 'w' } else { 'q' };
                x.into_iter().collect::<String>()
            }),
            ("letter dropped", {
                let mut x = wc.clone();
                x.remove(mid);
                x.into_iter().collect::<String>()
            }),
            ("letter doubled", {
                let mut x = wc.clone();
                x.insert(mid, wc[mid]);
                x.into_iter().collect::<String>()
            }),
        ] {
            let mut ws: Vec<String> = words.iter().map(|s| s.to_string()).collect();
            ws[wi] = new_word;
            push(ws.join(" "), what);
        }
    }
    // A word dropped (each word of a heading of four words or more; the last of shorter ones).
    if words.len() >= 4 {
        for i in 0..words.len() {
            let mut ws = words.clone();
            ws.remove(i);
            push(ws.join(" "), "word dropped");
        }
    }
    push(format!("{line}s"), "plural");
    push(line.to_uppercase(), "capitals");
    push(line.to_lowercase(), "lower case");
}

fn deunicode_char(c: char) -> String {
    match c {
        'é' | 'è' | 'ê' | 'ë' => "e".into(),
        'É' | 'È' => "E".into(),
        'à' | 'â' => "a".into(),
        'î' | 'ï' => "i".into(),
        'ô' => "o".into(),
        'û' | 'ù' => "u".into(),
        'ç' => "c".into(),
        'œ' => "oe".into(),
        _ => c.to_string(),
    }
}

fn variants(text: &str, account: &Account) -> Vec<Variant> {
    let lines = lines_of(text);
    let mut out = Vec::new();
    for (i, _) in lines.iter().enumerate() {
        if let Some(LineUse::Heading(_)) = account.get(i + 1) {
            heading_variants(&lines, i, &mut out);
        }
    }
    // A token after each table row.
    for (i, l) in lines.iter().enumerate() {
        if let Some(LineUse::Field(f)) = account.get(i + 1)
            && TABLE_FIELDS.contains(&f)
        {
            for token in [WORD, PHONE, EMAIL] {
                out.push(replaced(
                    &lines,
                    i,
                    format!("{} {token}", l.trim_end()),
                    "row+token",
                    format!("{f} row {} + {token}", i + 1),
                ));
            }
        }
    }
    // Each table printed twice: its header and rows copied after its last row.
    let mut i = 0;
    while i < lines.len() {
        let is_row = |k: usize| matches!(account.get(k + 1), Some(LineUse::Field(f)) if TABLE_FIELDS.contains(&f));
        if is_row(i) && i > 0 && account.get(i) == Some(LineUse::Furniture) {
            let start = i - 1;
            let mut end = i;
            while end + 1 < lines.len() && is_row(end + 1) {
                end += 1;
            }
            let block: Vec<String> = lines[start..=end].to_vec();
            let mut l = lines.clone();
            for (k, b) in block.iter().enumerate() {
                l.insert(end + 1 + k, b.clone());
            }
            let added = block.len();
            let map = (1..=lines.len())
                .map(|n| if n <= end + 1 { n } else { n + added })
                .collect();
            out.push(Variant {
                kind: "table repeated",
                what: format!("table at line {}", start + 1),
                text: l.join("\n") + "\n",
                map,
                touched: (end + 2..end + 2 + added).collect(),
            });
            i = end + 1;
        } else {
            i += 1;
        }
    }
    // Two lines joined into one.
    for i in 0..lines.len().saturating_sub(1) {
        if lines[i].trim().is_empty() || lines[i + 1].trim().is_empty() {
            continue;
        }
        let mut l = lines.clone();
        let next = l.remove(i + 1);
        l[i] = format!("{} {}", l[i].trim_end(), next.trim());
        let map = (1..=lines.len())
            .map(|n| if n <= i + 1 { n } else { n - 1 })
            .collect();
        out.push(Variant {
            kind: "lines joined",
            what: format!("lines {} and {}", i + 1, i + 2),
            text: l.join("\n") + "\n",
            map,
            touched: vec![i + 1],
        });
    }
    out
}

/// The record's fields as JSON values, by name (warnings and source aside).
fn fields(r: &Record) -> BTreeMap<String, serde_json::Value> {
    let v = serde_json::to_value(r).unwrap_or_default();
    let mut out = BTreeMap::new();
    if let serde_json::Value::Object(m) = v {
        for (k, v) in m {
            if k != "warnings" && k != "source" {
                out.insert(k, v);
            }
        }
    }
    out
}

/// Whether `field` is named by a warning of `r`.
fn warned(r: &Record, field: &str) -> bool {
    r.warnings
        .iter()
        .any(|w| w.field == field || field.starts_with(&w.field) || w.field.starts_with(field))
}

/// The lines a warning of `r` names (its line, or `lines A-B` in its message).
fn warned_lines(r: &Record) -> Vec<(usize, usize)> {
    r.warnings
        .iter()
        .map(|w| {
            let range = w
                .message
                .strip_prefix("lines ")
                .and_then(|m| m.split_once(' '))
                .and_then(|(r, _)| r.split_once('-'))
                .and_then(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?)));
            range.unwrap_or((w.line, w.line))
        })
        .collect()
}

/// The texts of people a page names, and the tokens the variants add to contact rows.
fn people(r: &Record) -> Vec<String> {
    let mut out: Vec<String> = atlas_lod::model::privacy::personal_texts(r)
        .into_iter()
        .map(|t| t.text)
        .collect();
    let contacts = r
        .diplomatic_post
        .iter()
        .flat_map(|p| p.contacts.iter())
        .chain(r.foreign_contacts.iter());
    for c in contacts {
        out.extend(c.given_name.iter().filter(|g| g.len() >= 4).cloned());
        out.extend(c.family_name.iter().cloned());
        out.extend(c.email.iter().map(|e| e.replace('@', "[at]")));
    }
    for v in &r.volunteers {
        out.extend(v.given_name.iter().filter(|g| g.len() >= 4).cloned());
        out.extend(v.family_name.iter().cloned());
    }
    out.sort();
    out.dedup();
    out
}

/// What `variant` breaks, in words; empty when every promise holds.
fn check(original: &Record, orig_account: &Account, v: &Variant) -> Vec<String> {
    let mut broken = Vec::new();
    let (result, account) = read_with_account(&v.text, "variant.txt");
    let r = match result {
        Ok(r) => r,
        // Refusing the record is loud, when the error names a line the mutation wrote.
        Err(e) if v.touched.contains(&e.line) || v.kind == "row+token" => return broken,
        Err(e) => {
            return vec![format!(
                "rejected at a line the mutation did not touch: {e}"
            )];
        }
    };
    let warned_at = warned_lines(&r);
    let is_warned = |n: usize| warned_at.iter().any(|(a, b)| (*a..=*b).contains(&n));
    // Every line accounted for, and every line left out named.
    for n in 1..=account.len() {
        if account.get(n) == Some(LineUse::Warned) && !is_warned(n) {
            broken.push(format!("line {n} left out without a warning"));
        }
    }
    // Nothing moved: a line read into a field was read into the same field in the original.
    let back: BTreeMap<usize, Vec<usize>> =
        v.map
            .iter()
            .enumerate()
            .fold(BTreeMap::new(), |mut m, (o, &n)| {
                m.entry(n).or_insert_with(Vec::new).push(o + 1);
                m
            });
    for n in 1..=account.len() {
        let Some(LineUse::Field(f)) = account.get(n) else {
            continue;
        };
        let origins: Vec<LineUse> = if v.kind == "table repeated" && v.touched.contains(&n) {
            continue;
        } else {
            back.get(&n)
                .map(|o| o.iter().filter_map(|&o| orig_account.get(o)).collect())
                .unwrap_or_default()
        };
        let same = origins.contains(&LineUse::Field(f));
        if !same {
            broken.push(format!(
                "line {n} was read into {f}, but its text was {origins:?} in the original"
            ));
        }
    }
    // Each field there with its value, or named in a warning.
    let (before, after) = (fields(original), fields(&r));
    // Joining two lines of a text turns a line break into a space: the same text.
    let spaces = |v: Option<&serde_json::Value>| {
        v.map(|v| {
            v.to_string()
                .replace("\\n", " ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
    };
    for (name, value) in &before {
        if after.get(name) == Some(value) || warned(&r, name) {
            continue;
        }
        if v.kind == "lines joined" && spaces(after.get(name)) == spaces(Some(value)) {
            continue;
        }
        // A word after a name nobody else on the page writes cannot be told from the name:
        // the value is there, with the word after it.
        if v.what.ends_with(WORD)
            && let (Some(a), serde_json::Value::Array(b)) = (after.get(name), value)
            && b.iter()
                .all(|x| a.to_string().contains(x.as_str().unwrap_or("\u{0}")))
        {
            continue;
        }
        // Left out whole: every line it was read from is a line the variant names.
        let account_name = if name == "diplomatic_post" {
            "diplomatic_post.contacts"
        } else {
            name.as_str()
        };
        let from: Vec<usize> = (1..=orig_account.len())
            .filter(
                |&o| matches!(orig_account.get(o), Some(LineUse::Field(f)) if f == account_name),
            )
            .filter_map(|o| v.map.get(o - 1).copied())
            .collect();
        if !from.is_empty() && from.iter().all(|&n| is_warned(n)) {
            continue;
        }
        // The post's name is written in its heading: a heading variant changes it faithfully.
        if name == "diplomatic_post"
            && v.kind == "heading"
            && v.touched
                .iter()
                .any(|&n| orig_account.get(n) == Some(LineUse::Heading("diplomatic_post")))
        {
            continue;
        }
        broken.push(format!("{name} changed without a warning"));
    }
    for name in after.keys() {
        if !before.contains_key(name) && !warned(&r, name) {
            broken.push(format!("{name} appeared without a warning"));
        }
    }
    // No person in the default RDF nor in a message.
    let quads = redact_and_map(&MapOptions::default(), r.clone());
    let mut out: String = quads.iter().map(|q| format!("{q} .\n")).collect();
    for w in &r.warnings {
        out.push_str(&format!("{}:{}: {}\n", w.line, w.field, w.message));
    }
    let mut secrets = people(original);
    secrets.extend([PHONE.to_string(), EMAIL.to_string()]);
    if v.what.contains("contacts row") || v.what.contains("volunteers row") {
        secrets.push(WORD.to_string());
    }
    let lower = out.to_lowercase();
    let joined = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '-');
    for s in &secrets {
        let s_lower = s.to_lowercase();
        let whole = lower.match_indices(&s_lower).find(|(i, m)| {
            !joined(lower[..*i].chars().next_back()) && !joined(lower[i + m.len()..].chars().next())
        });
        if let Some((at, _)) = whole {
            let from = lower[..at]
                .char_indices()
                .rev()
                .nth(60)
                .map_or(0, |(i, _)| i);
            let context: String = lower[from..].chars().take(120).collect();
            broken.push(format!(
                "{s:?} reached the role output or a message: …{context}…"
            ));
        }
    }
    broken
}

#[test]
fn every_variant_of_the_real_pages_keeps_the_promises() {
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    for (name, text) in pages() {
        let (original, account) = read_with_account(&text, "original.txt");
        let original = original.unwrap_or_else(|e| panic!("{name}: {e}"));
        // The original itself: every line accounted for, none left out.
        let [_, _, _, _, left] = account.counts();
        assert_eq!(left, 0, "{name}: lines left out: {:?}", original.warnings);
        // For measuring another build of the tool on the same variants
        // (bench/mutations-before.py): the variants written out, when asked.
        let dump = std::env::var_os("ATLAS_LOD_MUTATIONS_DIR").map(std::path::PathBuf::from);
        for (i, v) in variants(&text, &account).into_iter().enumerate() {
            if let Some(dir) = &dump {
                let file = dir.join(format!("{name}.{i:04}.{}.txt", v.kind.replace(' ', "-")));
                std::fs::write(&file, &v.text).unwrap_or_else(|e| panic!("{e}"));
                std::fs::write(dir.join(format!("{name}.original.txt")), &text)
                    .unwrap_or_else(|e| panic!("{e}"));
            }
            let broken = check(&original, &account, &v);
            let c = counts.entry(v.kind).or_default();
            c.0 += 1;
            if !broken.is_empty() {
                c.1 += 1;
                failures.push(format!(
                    "{name}: {} ({}): {}",
                    v.kind,
                    v.what,
                    broken.join("; ")
                ));
            }
        }
    }
    eprintln!("mutation variants (kind: generated, broken): {counts:?}");
    let total: usize = counts.values().map(|c| c.0).sum();
    assert!(total > 300, "too few variants generated: {total}");
    assert!(
        failures.is_empty(),
        "{} of {total} variants break a promise:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_line_of_the_seed_is_accounted_for() {
    let text = std::fs::read_to_string(seed_path()).unwrap_or_else(|e| panic!("{e}"));
    let (record, account) = read_with_account(&text, "seed.txt");
    let record = record.unwrap_or_else(|e| panic!("{e}"));
    let [blank, furniture, headings, fields, left] = account.counts();
    eprintln!(
        "seed: {} lines: {blank} blank, {furniture} furniture, {headings} headings, {fields} read into fields, {left} left out",
        account.len()
    );
    assert_eq!(left, 0, "{:?}", record.warnings);
    assert_eq!(blank + furniture + headings + fields, text.lines().count());
    assert!(fields > 40 && headings > 25, "{fields} {headings}");
}

#[test]
fn a_mutation_that_moves_a_field_is_caught() {
    // The checker itself must be able to fail: a page whose owner heading became a line of the
    // implementers' section, as the reader once read "Maitre d'ouvrage".
    let text = std::fs::read_to_string(seed_path()).unwrap_or_else(|e| panic!("{e}"));
    let (original, account) = read_with_account(&text, "o.txt");
    let original = original.unwrap_or_else(|e| panic!("{e}"));
    let lines = lines_of(&text);
    let at = lines
        .iter()
        .position(|l| l.starts_with("Maître(s) d'ouvrage"))
        .unwrap_or_else(|| panic!("no owner heading"));
    // A heading the reader does not know: the owner goes unread, and must be named.
    let v = replaced(
        &lines,
        at,
        "Maître(s) d'ouvrage délégué(s)".into(),
        "heading",
        "unknown".into(),
    );
    let broken = check(&original, &account, &v);
    assert!(broken.is_empty(), "{broken:?}");
    let (r, _) = read_with_account(&v.text, "v.txt");
    let r = r.unwrap_or_else(|e| panic!("{e}"));
    assert!(r.project_owners.is_empty());
    assert!(
        r.warnings.iter().any(|w| w
            .message
            .contains("reads as a heading the reader does not know")),
        "{:?}",
        r.warnings
    );
    // A forged record whose owners moved into the implementers: the checker says so.
    let mut moved = original.clone();
    moved.implementers.append(&mut moved.project_owners);
    let moved_page = Variant {
        kind: "forged",
        what: String::new(),
        text: text.replace(
            "Maître(s) d'œuvre\nMaître(s) d'ouvrage\n",
            "Maître(s) d'œuvre\n",
        ),
        map: identity(lines.len()),
        touched: vec![],
    };
    let broken = check(&original, &account, &moved_page);
    assert!(!broken.is_empty(), "the move went unseen");
}
