//! Every `tests/fixtures/parse/err/*.weft` reports at least one syntax
//! error; the snapshot holds the source, the rendered diagnostics and the
//! recovered outline (which declarations survived, which are broken).

use codespan_reporting::term::termcolor::NoColor;
use weft_compiler::render::render_human;
use weft_compiler::{Origin, SourceMap};
use weft_syntax::parse_file;
use weft_syntax::syntax::ItemKind;

#[test]
fn err_fixtures_report_and_recover() {
    insta::glob!("../../../tests/fixtures/parse/err", "*.weft", |path| {
        let text = std::fs::read_to_string(path).expect("fixture is readable");
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut sources = SourceMap::new();
        let id = sources.add(name, text.clone(), Origin::Project);
        let parsed = parse_file(id, &text);
        assert!(
            !parsed.errors.is_empty(),
            "{} parsed without errors",
            path.display()
        );
        let mut rendered = NoColor::new(Vec::new());
        render_human(&sources, &parsed.errors, &mut rendered).expect("render");
        let outline: Vec<String> = parsed
            .items
            .iter()
            .map(|item| {
                let kind = item.kind.decl_kind().keyword();
                let name = item.kind.name().map_or("-", |name| name.text.as_str());
                let state = if matches!(item.kind, ItemKind::Broken(_)) {
                    "broken"
                } else {
                    "ok"
                };
                format!("{kind} {name} ({state})")
            })
            .collect();
        insta::assert_snapshot!(format!(
            "----- SOURCE\n{text}\n----- DIAGNOSTICS\n{}\n----- OUTLINE\n{}\n",
            String::from_utf8_lossy(&rendered.into_inner()),
            outline.join("\n")
        ));
    });
}

#[test]
fn three_broken_declarations_give_three_diagnostics_and_keep_the_good_ones() {
    let text = include_str!("../../../tests/fixtures/parse/err/three_broken_between_good.weft");
    let parsed = parse_file(weft_syntax::FileId(0), text);
    assert!(
        parsed.errors.len() >= 3,
        "only {} errors",
        parsed.errors.len()
    );
    let good: Vec<&str> = parsed
        .items
        .iter()
        .filter(|item| !matches!(item.kind, ItemKind::Broken(_)))
        .filter_map(|item| item.kind.name().map(|name| name.text.as_str()))
        .collect();
    // `Broken2` recovers inside its body: it is kept, with its broken version reported.
    assert_eq!(good, ["Good1", "Good2", "Broken2", "good3", "Good4"]);
    let broken: Vec<Option<&str>> = parsed
        .items
        .iter()
        .filter(|item| matches!(item.kind, ItemKind::Broken(_)))
        .map(|item| item.kind.name().map(|name| name.text.as_str()))
        .collect();
    assert_eq!(broken, [None, Some("Broken3")]);
}
