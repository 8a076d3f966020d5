//! `parse_file` never panics, whatever it is given: arbitrary bytes,
//! mutations of a valid file (deleted, duplicated and inserted characters),
//! and every prefix of a valid file (truncation).

use proptest::prelude::*;
use weft_syntax::{parse_file, FileId};

const TOUR: &str = include_str!("../../../docs/syntax-tour.weft");

/// Characters that matter to the grammar, so mutations hit interesting paths.
const ALPHABET: &[char] = &[
    '{', '}', '(', ')', '[', ']', '<', '>', '"', '\\', '/', '@', ':', '=', ',', '.', '?', '\n',
    ' ', 'a', '1', 'v', '\r', 'ü', '\u{feff}', '€',
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = parse_file(FileId(0), &text);
    }

    #[test]
    fn mutated_tour(edits in proptest::collection::vec((0usize..TOUR.len(), 0usize..3, 0usize..ALPHABET.len()), 1..12)) {
        let mut text: Vec<char> = TOUR.chars().collect();
        for (position, action, symbol) in edits {
            let position = position % text.len().max(1);
            match action {
                0 => { text.remove(position.min(text.len().saturating_sub(1))); }
                1 => text.insert(position, ALPHABET[symbol]),
                _ => { let c = text[position]; text.insert(position, c); }
            }
        }
        let text: String = text.into_iter().collect();
        let parsed = parse_file(FileId(0), &text);
        // Every span the parser hands out lies inside the text.
        for error in &parsed.errors {
            prop_assert!(error.primary.span.end as usize <= text.len());
        }
        // An unparsed clause is named by the keyword at its span (or the
        // one that word misspells), and comes with a syntax error.
        for clause in &parsed.unparsed_clauses {
            let written = text
                .get(clause.span.start as usize..clause.span.end as usize)
                .unwrap_or_default();
            let keyword = clause.keyword.as_str();
            let misspells = weft_base::suggest::suggest(written, [keyword].into_iter()).is_some();
            prop_assert!(written == keyword || misspells, "{written:?} for {keyword:?}");
            prop_assert!(!parsed.errors.is_empty());
        }
    }
}

/// A character wider than a byte right before a word whose name is
/// missing: the message looks at the word before the failure, and took
/// the byte after that character for the word's start (a file starting
/// with a byte-order mark and `package` alone panicked).
#[test]
fn a_wide_character_before_a_keyword() {
    let keywords = [
        "package", "use", "domain", "system", "type", "enum", "record", "entity", "event", "api",
        "policy", "workflow", "test", "producer", "owner", "host", "about", "consumes", "apply",
        "kind", "body", "call", "emit",
    ];
    for wide in ["\u{feff}", "ü", "€", "日", "😀"] {
        for keyword in keywords {
            for text in [
                format!("{wide}{keyword}\n"),
                format!("{wide}{keyword}"),
                format!("package demo\n\n{wide}{keyword} \n"),
                format!("package demo\n\nsystem s {{\n  {wide}{keyword}\n}}\n"),
                format!("package demo\n\nworkflow w {{\n  x{wide}{keyword} \n}}\n"),
            ] {
                let parsed = parse_file(FileId(0), &text);
                assert!(!parsed.errors.is_empty(), "{text:?}");
            }
        }
    }
}

#[test]
fn every_prefix_of_the_tour() {
    let mut boundaries: Vec<usize> = TOUR
        .char_indices()
        .map(|(index, _)| index)
        .step_by(7)
        .collect();
    boundaries.push(TOUR.len());
    for end in boundaries {
        let parsed = parse_file(FileId(0), &TOUR[..end]);
        for error in &parsed.errors {
            assert!(
                error.primary.span.end as usize <= end,
                "span beyond the text at prefix {end}"
            );
        }
    }
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    for open in ["{", "(", "[", "list<"] {
        let text = format!("record A {{\n  a: {}\n}}\n", open.repeat(200_000));
        let parsed = parse_file(FileId(0), &text);
        assert!(
            parsed.errors.iter().any(|error| error.code == "E004"),
            "no E004 for {open}"
        );
    }
}

#[test]
fn long_expressions_are_refused_not_overflowed() {
    let text = format!(
        "record A {{\n  a: int32 = {}1\n}}\n",
        "1 + ".repeat(100_000)
    );
    let parsed = parse_file(FileId(0), &text);
    assert!(parsed.errors.iter().any(|error| error.code == "E008"));
}

/// A path of many segments keeps every one (its list is built once, not
/// grown and copied per segment).
#[test]
fn a_long_path_keeps_every_segment() {
    let segments = 50_000;
    let path = vec!["s"; segments].join(".");
    let text = format!("record A {{\n  a: {path}\n}}\n");
    let parsed = parse_file(FileId(0), &text);
    let Some(weft_syntax::syntax::ItemKind::Record(record)) =
        parsed.items.first().map(|item| &item.kind)
    else {
        panic!("one record expected: {:?}", parsed.errors);
    };
    let Some(weft_syntax::syntax::FieldMember::Field(field)) = record.members.first() else {
        panic!("one field expected");
    };
    assert_eq!(field.ty.name.segments.len(), segments);
    assert_eq!(field.ty.name.span().range(), 16..16 + path.len());
}
