//! The editor's incremental API: a file's declarations can be found
//! without parsing (`declaration_ranges`) and re-parsed one at a time
//! (`parse_declaration`), giving exactly what a full parse gives for them.

use weft_syntax::{declaration_ranges, parse_declaration, parse_file, FileId, ParsedFile};

const TOUR: &str = include_str!("../../../docs/syntax-tour.weft");
const BROKEN: &str =
    include_str!("../../../tests/fixtures/parse/err/three_broken_between_good.weft");
const STEPS: &str = include_str!("../../../tests/fixtures/parse/err/step_errors_recover.weft");

/// The part of a full parse that lies in `range`.
fn part_of(full: &ParsedFile, range: &std::ops::Range<usize>) -> ParsedFile {
    let inside = |start: u32| range.contains(&(start as usize));
    ParsedFile {
        file: full.file,
        items: full
            .items
            .iter()
            .filter(|item| inside(item.span.start))
            .cloned()
            .collect(),
        comments: full
            .comments
            .iter()
            .filter(|c| inside(c.span.start))
            .cloned()
            .collect(),
        errors: full
            .errors
            .iter()
            .filter(|e| inside(e.primary.span.start))
            .cloned()
            .collect(),
        unparsed_clauses: full
            .unparsed_clauses
            .iter()
            .filter(|clause| inside(clause.span.start))
            .cloned()
            .collect(),
    }
}

fn assert_declarations_reparse_alone(text: &str) {
    let full = parse_file(FileId(3), text);
    let ranges = declaration_ranges(text);
    assert!(ranges.len() >= 2);
    let mut items = 0;
    for range in &ranges {
        let alone = parse_declaration(FileId(3), &text[range.clone()], range.start);
        let expected = part_of(&full, range);
        assert_eq!(alone.items, expected.items, "items of {range:?}");
        assert_eq!(alone.comments, expected.comments, "comments of {range:?}");
        assert_eq!(alone.errors, expected.errors, "errors of {range:?}");
        items += alone.items.len();
    }
    assert_eq!(items, full.items.len());
}

#[test]
fn every_declaration_reparsed_alone_gives_the_full_parse() {
    assert_declarations_reparse_alone(TOUR);
    assert_declarations_reparse_alone(BROKEN);
    assert_declarations_reparse_alone(STEPS);
    assert_declarations_reparse_alone("garbage first\nrecord A {\n  a: string\n}\n// tail\n");
}

#[test]
fn with_base_zero_spans_are_relative_to_the_declaration() {
    let ranges = declaration_ranges(TOUR);
    let last = ranges.last().expect("a declaration").clone();
    let relative = parse_declaration(FileId(0), &TOUR[last.clone()], 0);
    let absolute = parse_declaration(FileId(0), &TOUR[last.clone()], last.start);
    let item = &relative.items[0];
    assert_eq!(item.span.start, 0);
    assert_eq!(
        absolute.items[0].span.start as usize,
        last.start + item.span.start as usize
    );
    assert_eq!(item.kind.decl_kind(), absolute.items[0].kind.decl_kind());
}

/// An edit inside one declaration of a long file: re-parsing only the
/// declaration it touches gives what a full parse of the edited file gives.
#[test]
fn an_edit_reparses_only_the_touched_declaration() {
    let mut text = String::new();
    for index in 0..2_000 {
        text.push_str(&format!(
            "record R{index} {{\n  a: string\n  b: int32 = {index}\n}}\n\n"
        ));
    }
    let before = declaration_ranges(&text);
    let target = before[1_234].clone();
    let edit_at = target.start + text[target.clone()].find("int32").expect("the field");
    let mut edited = text.clone();
    edited.replace_range(edit_at..edit_at + "int32".len(), "decimal(18, 2)?");
    let growth = edited.len() - text.len();

    let ranges = declaration_ranges(&edited);
    assert_eq!(ranges.len(), before.len());
    let touched = ranges
        .iter()
        .find(|range| range.contains(&edit_at))
        .expect("the edited declaration")
        .clone();
    assert_eq!(touched.start, target.start);
    assert_eq!(touched.end, target.end + growth);

    let reparsed = parse_declaration(FileId(0), &edited[touched.clone()], touched.start);
    let full = parse_file(FileId(0), &edited);
    assert_eq!(reparsed.items, part_of(&full, &touched).items);
    assert!(reparsed.errors.is_empty());
}
