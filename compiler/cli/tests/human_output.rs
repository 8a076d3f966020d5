//! Human output is safe and bounded whatever the source holds: control
//! characters and bidi overrides from a source line are shown escaped (issue
//! 15, item 6), and a huge one-line source (a minified schema) is shown as a
//! window around each finding rather than whole (item 10).

mod support;

use support::scratch;

use codespan_reporting::term::termcolor::NoColor;
use std::process::Command;
use weft_compiler::render::render_human;
use weft_compiler::{Origin, SourceMap};
use weft_syntax::parse_file;

const WEFT: &str = env!("CARGO_BIN_EXE_weft");

#[test]
fn control_characters_in_source_lines_are_escaped() {
    // A syntax error on a line whose comment and string hold an ANSI colour
    // sequence, a bell, a C1 control and a bidi override.
    let text = "package demo\n\nrecord A { x: \"\u{1b}[31mred\u{7}\u{9b}\u{202e}\" } // \u{1b}[0m oops }\n";
    let mut sources = SourceMap::new();
    let file = sources.add("ctl.weft", text.to_string(), Origin::Project);
    let diagnostics = parse_file(file, text).errors;
    assert!(!diagnostics.is_empty(), "the fixture is broken");
    let mut out = NoColor::new(Vec::new());
    render_human(&sources, &diagnostics, &mut out).expect("render");
    let shown = String::from_utf8(out.into_inner()).expect("UTF-8");
    for bad in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}'] {
        assert!(!shown.contains(bad), "{bad:?} reached the output:\n{shown}");
    }
    assert!(shown.contains("\\u{1b}[31mred"), "{shown}");
    // Line and column are the file's, not the escaped text's.
    assert!(shown.contains("ctl.weft:3:"), "{shown}");
}

#[test]
fn a_minified_schema_with_a_thousand_changes_gives_bounded_output() {
    let dir = scratch("minified");
    let schema = |kind: &str| {
        let properties: Vec<String> = (0..1000)
            .map(|index| format!("\"property_{index:04}\":{{\"type\":\"{kind}\"}}"))
            .collect();
        format!(
            "{{\"type\":\"object\",\"properties\":{{{}}},\"additionalProperties\":false}}",
            properties.join(",")
        )
    };
    std::fs::write(dir.join("old.json"), schema("string")).expect("old");
    std::fs::write(dir.join("new.json"), schema("integer")).expect("new");
    let output = Command::new(WEFT)
        .current_dir(&dir)
        .args(["compat", "old.json", "new.json"])
        .env("NO_COLOR", "1")
        .output()
        .expect("weft runs");
    let size = output.stdout.len() + output.stderr.len();
    let shown = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    let findings = shown.matches("old.json:1:").count() + shown.matches("new.json:1:").count();
    assert!(
        findings >= 1000,
        "expected a finding per property, got {findings}:\n{}",
        &shown[..shown.len().min(3000)]
    );
    assert!(size < 2_000_000, "output is {size} bytes");
}
