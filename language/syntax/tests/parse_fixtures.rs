//! Every `tests/fixtures/parse/ok/*.weft` parses without errors; its syntax
//! tree is snapshotted.

use weft_syntax::{parse_file, FileId};

#[test]
fn ok_fixtures_parse_cleanly() {
    insta::glob!("../../../tests/fixtures/parse/ok", "*.weft", |path| {
        let text = std::fs::read_to_string(path).expect("fixture is readable");
        let parsed = parse_file(FileId(0), &text);
        let errors: Vec<String> = parsed
            .errors
            .iter()
            .map(|error| format!("{} {:?} {}", error.code, error.primary.span, error.message))
            .collect();
        assert!(
            errors.is_empty(),
            "{}: unexpected errors:\n{}",
            path.display(),
            errors.join("\n")
        );
        insta::assert_snapshot!(format!(
            "{:#?}\n\ncomments: {:#?}",
            parsed.items, parsed.comments
        ));
    });
}
