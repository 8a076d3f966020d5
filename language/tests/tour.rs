use weft_language::{parse_file, FileId};

#[test]
fn syntax_tour_parses() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/syntax-tour.weft")).expect("read");
    let parsed = parse_file(FileId(0), &text);
    for error in &parsed.errors {
        let s = error.primary.span;
        eprintln!("{} {} at {:?} `{}` help: {:?}", error.code, error.message, s, &text[s.range()], error.help);
    }
    eprintln!("{} items", parsed.items.len());
    for item in &parsed.items { eprintln!("{:?} {:?}", item.kind.decl_kind(), item.kind.name().map(|n| &n.text)); }
    assert!(parsed.errors.is_empty());
}
