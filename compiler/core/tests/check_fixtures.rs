//! Data-driven checks: every `tests/fixtures/check/ok/*.weft` checks with no
//! finding at all; every `tests/fixtures/check/err/CODE_*.weft` reports the
//! code its name starts with (and, for `*_no_cascade.weft`, only that
//! code), and the rendered findings are snapshotted with the source. Each fixture is a one-file project with the standard library.

use codespan_reporting::term::termcolor::NoColor;
use weft_compiler::render::render_human;
use weft_compiler::{check, Origin, SourceMap};

fn check_fixture(path: &std::path::Path) -> (SourceMap, Vec<weft_syntax::Diagnostic>) {
    let text = std::fs::read_to_string(path).expect("fixture is readable");
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut sources = SourceMap::with_stdlib();
    sources.add(name, text, Origin::Project);
    let result = check(&sources);
    (sources, result.diagnostics)
}

#[test]
fn ok_fixtures_have_no_findings() {
    insta::glob!("../../../tests/fixtures/check/ok", "*.weft", |path| {
        let (sources, diagnostics) = check_fixture(path);
        let mut rendered = NoColor::new(Vec::new());
        render_human(&sources, &diagnostics, &mut rendered).expect("render");
        assert!(
            diagnostics.is_empty(),
            "{}:\n{}",
            path.display(),
            String::from_utf8_lossy(&rendered.into_inner())
        );
    });
}

#[test]
fn err_fixtures_report_their_code() {
    insta::glob!("../../../tests/fixtures/check/err", "*.weft", |path| {
        let (sources, diagnostics) = check_fixture(path);
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let code = name.split('_').next().unwrap_or_default();
        let mut rendered = NoColor::new(Vec::new());
        render_human(&sources, &diagnostics, &mut rendered).expect("render");
        let rendered = String::from_utf8_lossy(&rendered.into_inner()).into_owned();
        assert!(
            diagnostics.iter().any(|diagnostic| diagnostic.code == code),
            "{name} does not report {code}:\n{rendered}"
        );
        // A `*_no_cascade` fixture guards against follow-up findings: it
        // reports its own code and nothing else.
        if name.ends_with("_no_cascade.weft") {
            assert!(
                diagnostics.iter().all(|diagnostic| diagnostic.code == code),
                "{name} reports more than {code}:\n{rendered}"
            );
        }
        let text = std::fs::read_to_string(path).expect("fixture is readable");
        insta::assert_snapshot!(format!(
            "----- SOURCE\n{text}\n----- DIAGNOSTICS\n{rendered}"
        ));
    });
}
