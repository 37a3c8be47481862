//! Generated records: deterministic, realistic, and pages that read back to the same record.

use atlas_lod::Record;
use atlas_lod::generate::{self, page};
use atlas_lod::ingest::read_page_bytes;

fn essence(mut r: Record) -> Record {
    r.source = Default::default();
    r.warnings.clear();
    r
}

#[test]
fn generated_pages_read_back_to_the_same_record() {
    let mut totals = (0, 0, 0, 0, 0);
    for rec in generate::records(42, 400) {
        let text = page::render(&rec);
        let back =
            read_page_bytes(text.as_bytes(), "gen.txt").unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert!(back.warnings.is_empty(), "{:?}\n{text}", back.warnings);
        assert_eq!(essence(back), essence(rec.clone()), "\n{text}");
        totals.0 += rec.foreign_partners.len();
        totals.1 += rec.funding.len();
        totals.2 += rec.funding.iter().filter(|f| !f.levies.is_empty()).count();
        totals.3 += rec.volunteers.len();
        totals.4 +=
            rec.foreign_contacts.len() + rec.diplomatic_post.map_or(0, |p| p.contacts.len());
    }
    // The shapes the issue asks for all occur.
    assert!(
        totals.0 >= 400 && totals.1 > 1000 && totals.2 > 10 && totals.3 > 20 && totals.4 > 400,
        "{totals:?}"
    );
}

#[test]
fn deterministic_for_a_seed() {
    let a: Vec<Record> = generate::records(7, 50).collect();
    let b: Vec<Record> = generate::records(7, 50).collect();
    let c: Vec<Record> = generate::records(8, 50).collect();
    assert_eq!(a, b);
    assert_ne!(a, c);
    assert_eq!(
        generate::record(7, 49),
        a[49],
        "any index can be made alone"
    );
}

#[test]
fn records_have_realistic_ranges() {
    for r in generate::records(3, 300) {
        assert!((1..=3).contains(&r.foreign_partners.len()));
        assert!(r.funding.len() <= 10);
        let contacts =
            r.foreign_contacts.len() + r.diplomatic_post.as_ref().map_or(0, |p| p.contacts.len());
        assert!(contacts <= 4);
        assert!((1..=3).contains(&r.main_theme.len()));
        assert!(r.funding.iter().all(|f| f.amount.cents() > 0));
    }
}
