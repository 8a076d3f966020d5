//! The code registry is complete: every registered code has a page that
//! `weft explain` prints, and at least one fixture that triggers it.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;
use weft_compiler::codes::ALL as CODES;

const WEFT: &str = env!("CARGO_BIN_EXE_weft");

/// Codes whose trigger is a dedicated Rust test rather than a fixture,
/// with the test that triggers them.
const TESTED_ELSEWHERE: &[(&str, &str)] = &[
    ("E005", "language/syntax/tests/call_limit.rs"),
    // A local (zone-less) timestamp cannot be written in weft; the unit
    // tests of the compatibility module compare converted schemas.
    ("E202", "compiler/compat/src/lib.rs"),
    // An accepted-changes file that cannot be used stops the run; the
    // baseline fixtures all have usable ones.
    ("E226", "compiler/cli/tests/compat_command.rs"),
    // A lock file baseline that cannot be used stops the run; the baseline
    // fixtures compare folders.
    ("E227", "compiler/cli/tests/compat_command.rs"),
    // Only schemas far larger than a fixture should be run out of the
    // comparison budget; the tests generate them.
    ("E250", "compiler/compat/tests/shared_subschemas.rs"),
    // A target's failure is found by `weft build`, not `weft check`.
    ("E810", "compiler/cli/tests/target_settings.rs"),
    // What a state machine cannot express is found by `weft build`; each
    // code has a fixture in tests/fixtures/statemachine_refused/.
    ("E726", "targets/tests/statemachine_refusals.rs"),
    ("E850", "targets/tests/statemachine_refusals.rs"),
    ("E851", "targets/tests/statemachine_refusals.rs"),
    ("E852", "targets/tests/statemachine_refusals.rs"),
    ("E853", "targets/tests/statemachine_refusals.rs"),
    ("E854", "targets/tests/statemachine_refusals.rs"),
    // Two packages make two files: the refusal test builds them inline.
    ("E855", "targets/tests/statemachine_refusals.rs"),
    ("E856", "targets/tests/statemachine_refusals.rs"),
    // Over 500 resources take 130 workflows: the refusal test makes them.
    ("E857", "targets/tests/statemachine_refusals.rs"),
    ("E858", "targets/tests/statemachine_refusals.rs"),
];

fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
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

/// Codes `weft compat new --against old --format json` reports for a
/// baseline fixture (a folder holding two projects, `old` and `new`).
fn compat_codes_of(fixture: &Path) -> Vec<String> {
    let output = Command::new(WEFT)
        .current_dir(fixture)
        .args(["compat", "new", "--against", "old", "--format", "json"])
        .output()
        .expect("weft runs");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|_| {
        panic!(
            "{}: no JSON report: {}",
            fixture.display(),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|diagnostic| diagnostic["code"].as_str().map(str::to_string))
        .collect()
}

/// Codes the compatibility triplets (`tests/fixtures/compat/*/expected`,
/// checked by `compat_triplets.rs`) expect: `MODE: CODE, CODE against v1`.
fn compat_triplet_codes() -> BTreeSet<String> {
    let mut codes = BTreeSet::new();
    for entry in std::fs::read_dir(fixtures().join("compat")).expect("compat fixtures") {
        let expected = entry.expect("entry").path().join("expected");
        let text = std::fs::read_to_string(&expected).expect("expected is readable");
        for line in text.lines() {
            let Some((_, listed)) = line.split_once(':') else {
                continue;
            };
            codes.extend(
                listed
                    .split(',')
                    .filter_map(|item| item.split_whitespace().next())
                    .filter(|code| *code != "ok")
                    .map(str::to_string),
            );
        }
    }
    codes
}

#[test]
fn every_code_has_a_page() {
    for info in CODES {
        assert!(
            info.page().starts_with(&format!("# {}", info.as_str())),
            "docs/diagnostics/{}.md must start with `# {}`",
            info.as_str(),
            info.as_str()
        );
        assert!(
            info.page().contains("## Example") && info.page().contains("## How to fix"),
            "{} page lacks an example or a fix",
            info.as_str()
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
    triggered.extend(compat_triplet_codes());
    for entry in std::fs::read_dir(fixtures().join("compat_baseline")).expect("baseline fixtures") {
        triggered.extend(compat_codes_of(&entry.expect("entry").path()));
    }
    // File mode: `compat_files.rs` checks that every case reports exactly the
    // codes its `expected` file lists (`BACKWARD: E101 W244`).
    for entry in std::fs::read_dir(fixtures().join("compat_files")).expect("file-mode fixtures") {
        let expected = entry.expect("entry").path().join("expected");
        let text = std::fs::read_to_string(expected).unwrap_or_default();
        for (_, codes) in text.lines().filter_map(|line| line.split_once(':')) {
            triggered.extend(
                codes
                    .split_whitespace()
                    .filter(|code| *code != "ok")
                    .map(str::to_string),
            );
        }
    }
    for (code, test) in TESTED_ELSEWHERE {
        assert!(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../..")
                .join(test)
                .is_file(),
            "{code}: {test} is missing"
        );
        triggered.insert((*code).to_string());
    }
    let missing: Vec<&str> = CODES
        .iter()
        .map(|info| info.as_str())
        .filter(|code| !triggered.contains(*code))
        .collect();
    assert!(missing.is_empty(), "codes no fixture triggers: {missing:?}");
}

/// Every code in a JSON report's `diagnostics` (the shape `weft check` and
/// `weft compat` share), and every `severity[CODE]` of the human output.
fn printed_codes(args: &[&str], dir: &Path) -> BTreeSet<String> {
    let mut printed = BTreeSet::new();
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let output = Command::new(WEFT)
        .current_dir(dir)
        .args(&json_args)
        .output()
        .expect("weft runs");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|_| {
        panic!(
            "{} {args:?}: no JSON report: {}",
            dir.display(),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    printed.extend(
        report["diagnostics"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|diagnostic| diagnostic["code"].as_str().map(str::to_string)),
    );
    let human = Command::new(WEFT)
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("weft runs");
    for line in String::from_utf8_lossy(&human.stderr).lines() {
        for severity in ["error[", "warning[", "note[", "info["] {
            if let Some(rest) = line.strip_prefix(severity) {
                if let Some((code, _)) = rest.split_once(']') {
                    printed.insert(code.to_string());
                }
            }
        }
    }
    printed
}

fn folders(path: &Path) -> Vec<std::path::PathBuf> {
    let mut found: Vec<_> = std::fs::read_dir(path)
        .expect("fixture folder")
        .map(|entry| entry.expect("entry").path())
        .collect();
    found.sort();
    found
}

/// The CLI's side of the registry: whatever a command prints, `weft explain`
/// explains. Every check fixture goes through `weft check`, every baseline,
/// file-mode and triplet fixture through `weft compat`; each code printed
/// (JSON or human) must have a page.
#[test]
fn every_printed_code_is_explained() {
    let mut printed = BTreeSet::new();
    let here = fixtures();
    for folder in ["parse/err", "parse/ok", "check/err", "check/ok", "projects"] {
        for path in folders(&here.join(folder)) {
            let path = path.display().to_string();
            printed.extend(printed_codes(&["check", &path], &here));
        }
    }
    for fixture in folders(&here.join("compat_baseline")) {
        printed.extend(printed_codes(
            &["compat", "new", "--against", "old"],
            &fixture,
        ));
    }
    for fixture in folders(&here.join("compat")) {
        if fixture.join("history.weft").is_file() {
            printed.extend(printed_codes(&["check", "history.weft"], &fixture));
        } else {
            printed.extend(printed_codes(
                &["compat", "new.weft", "--against", "old.weft"],
                &fixture,
            ));
        }
    }
    for fixture in folders(&here.join("compat_files")) {
        let extension = if fixture.join("old.avsc").is_file() {
            "avsc"
        } else {
            "json"
        };
        let (old, new) = (format!("old.{extension}"), format!("new.{extension}"));
        let expected = std::fs::read_to_string(fixture.join("expected")).unwrap_or_default();
        for (mode, _) in expected.lines().filter_map(|line| line.split_once(':')) {
            printed.extend(printed_codes(
                &["compat", &old, &new, "--mode", mode.trim()],
                &fixture,
            ));
        }
    }
    assert!(
        printed.len() > 50,
        "too few codes printed to prove anything: {printed:?}"
    );
    for code in &printed {
        let output = Command::new(WEFT)
            .args(["explain", code])
            .output()
            .expect("weft runs");
        assert!(
            output.status.success(),
            "`weft explain {code}` fails: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let page = String::from_utf8_lossy(&output.stdout);
        assert!(
            page.starts_with(&format!("# {code}:")),
            "`weft explain {code}` prints no page for it:\n{page}"
        );
    }
}
