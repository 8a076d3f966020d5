//! A declaration that needs more grammar calls than its budget is reported
//! (E005) and kept as a broken declaration. In a test binary of its own:
//! pest's call limit is process-wide, and other tests set their own.

use weft_syntax::codes;
use weft_syntax::parse::parse_with_call_limit;
use weft_syntax::syntax::ItemKind;
use weft_syntax::FileId;

#[test]
fn a_declaration_beyond_the_call_limit_is_reported_not_parsed_forever() {
    let text = "record A {\n  a: string\n  b: int32\n  c: list<map<string, decimal(18, 4)>>\n}\n";
    let parsed = parse_with_call_limit(FileId(0), text, Some(20));
    assert_eq!(
        parsed.errors.first().map(|error| error.code),
        Some(codes::TOO_COMPLEX)
    );
    assert!(matches!(
        parsed.items.first().map(|item| &item.kind),
        Some(ItemKind::Broken(_))
    ));
}
