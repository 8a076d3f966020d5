//! The deliberately broken example `examples/broken-plant`: `weft check`
//! fails with exit status 1, reports every planted defect listed in its
//! README, and its human output is snapshotted.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const WEFT: &str = env!("CARGO_BIN_EXE_weft");

/// The codes of the planted defects (see `examples/broken-plant/README.md`).
const PLANTED: &[&str] = &["E601", "E602", "W503", "E604", "E605", "E606", "E704"];

/// The workspace root, so that paths in the output stay relative.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn weft(args: &[&str]) -> Output {
    Command::new(WEFT)
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .expect("weft runs")
}

#[test]
fn broken_plant_fails_with_every_planted_defect() {
    let output = weft(&["check", "--format", "json", "examples/broken-plant"]);
    assert_eq!(output.status.code(), Some(1), "weft check must fail");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    let codes: Vec<&str> = report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|diagnostic| diagnostic["code"].as_str())
        .collect();
    for code in PLANTED {
        assert!(
            codes.contains(code),
            "planted {code} is not reported; got {codes:?}"
        );
    }
}

#[test]
fn broken_plant_human_output() {
    let output = weft(&["check", "examples/broken-plant"]);
    assert_eq!(output.status.code(), Some(1), "weft check must fail");
    let mut text = String::from_utf8_lossy(&output.stderr).into_owned();
    text.push_str(&String::from_utf8_lossy(&output.stdout));
    insta::assert_snapshot!(text);
}
