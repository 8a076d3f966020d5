//! The code registry is complete: every registered code has a page that
//! `weft explain` prints, and at least one fixture that triggers it.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;
use weft_compiler::codes::CODES;

const WEFT: &str = env!("CARGO_BIN_EXE_weft");

/// Codes whose trigger is a dedicated Rust test rather than a fixture,
/// with the test that triggers them.
const TESTED_ELSEWHERE: &[(&str, &str)] = &[("E005", "language/tests/call_limit.rs")];

fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
}

/// Codes `weft check --format json` reports for a file or project.
fn codes_of(path: &Path) -> Vec<String> {
    let output = Command::new(WEFT)
        .args(["check", "--format", "json"])
        .arg(path)
        .output()
        .expect("weft runs");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|diagnostic| diagnostic["code"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn every_code_has_a_page() {
    for info in CODES {
        assert!(
            info.page.starts_with(&format!("# {}", info.code)),
            "docs/diagnostics/{}.md must start with `# {}`",
            info.code,
            info.code
        );
        assert!(
            info.page.contains("## Example") && info.page.contains("## How to fix"),
            "{} page lacks an example or a fix",
            info.code
        );
    }
}

#[test]
fn every_code_is_triggered_by_a_fixture() {
    let mut triggered = BTreeSet::new();
    for folder in ["parse/err", "check/err"] {
        for entry in std::fs::read_dir(fixtures().join(folder)).expect("fixture folder") {
            triggered.extend(codes_of(&entry.expect("entry").path()));
        }
    }
    for entry in std::fs::read_dir(fixtures().join("projects")).expect("project fixtures") {
        triggered.extend(codes_of(&entry.expect("entry").path()));
    }
    for (code, test) in TESTED_ELSEWHERE {
        assert!(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("..")
                .join(test)
                .is_file(),
            "{code}: {test} is missing"
        );
        triggered.insert((*code).to_string());
    }
    let missing: Vec<&str> = CODES
        .iter()
        .map(|info| info.code)
        .filter(|code| !triggered.contains(*code))
        .collect();
    assert!(missing.is_empty(), "codes no fixture triggers: {missing:?}");
}
