//! A declaration that needs more work than its budget is reported (E005)
//! and kept as a broken declaration, by the parser (a step budget per
//! parser instance) and by the oracle (pest's call limit). In a test binary
//! of its own: pest's call limit is process-wide, and other tests set their
//! own.

use weft_syntax::codes;
use weft_syntax::parse::{parse_with_call_limit, parse_with_step_budget};
use weft_syntax::syntax::ItemKind;
use weft_syntax::{FileId, ParsedFile};

const TEXT: &str =
    "record A {\n  a: string\n  b: int32\n  c: list<map<string, decimal(18, 4)>>\n}\n\nrecord B {}\n";

fn assert_first_is_too_complex(parsed: &ParsedFile) {
    assert_eq!(
        parsed.errors.first().map(|error| error.code),
        Some(codes::TOO_COMPLEX)
    );
    assert!(matches!(
        parsed.items.first().map(|item| &item.kind),
        Some(ItemKind::Broken(_))
    ));
}

#[test]
fn a_declaration_beyond_the_call_limit_is_reported_not_parsed_forever() {
    assert_first_is_too_complex(&parse_with_call_limit(FileId(0), TEXT, Some(20)));
}

#[test]
fn a_declaration_beyond_the_step_budget_is_reported_and_the_next_one_still_parses() {
    let parsed = parse_with_step_budget(FileId(0), TEXT, 12);
    assert_first_is_too_complex(&parsed);
    assert_eq!(parsed.errors.len(), 1);
    // The budget is per declaration: the small one after it is whole.
    assert!(matches!(parsed.items[1].kind, ItemKind::Record(_)));
    // With the budget proportional to the size, the same text is fine.
    assert!(weft_syntax::parse_file(FileId(0), TEXT).is_clean());
}
