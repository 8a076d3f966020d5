//! Issue 14, item 11: the command line works as cargo, ruff and buf users
//! expect. `--color auto|always|never` (and NO_COLOR per no-color.org:
//! only a non-empty value turns colour off), one JSON envelope for every
//! command that reports results, fatal errors in JSON when JSON was asked
//! for, and plurals.

mod support;

use std::process::{Command, Output, Stdio};
use support::{scratch, weft, WEFT};

/// A project with one warning (an unused import), so there is something to
/// colour.
fn project_with_a_warning(dir: &std::path::Path) {
    std::fs::create_dir_all(dir).expect("folder");
    std::fs::write(
        dir.join("weft.toml"),
        "[project]\nname = \"demo\"\nversion = \"0.1.0\"\n",
    )
    .expect("manifest");
    std::fs::write(
        dir.join("model.weft"),
        "package demo\n\nuse std.Money\n\n/// A thing.\nrecord Thing {\n  id: string\n}\n",
    )
    .expect("model");
}

/// `weft args` with these environment variables (and no inherited
/// NO_COLOR/TERM, so that only the test decides).
fn weft_with(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(WEFT);
    command
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("TERM")
        .stdin(Stdio::null());
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("weft runs")
}

fn has_ansi(bytes: &[u8]) -> bool {
    bytes.windows(2).any(|pair| pair == b"\x1b[")
}

#[test]
fn color_follows_the_flag_and_no_color() {
    let dir = scratch("color");
    let project = dir.join("demo");
    project_with_a_warning(&project);
    let path = project.to_string_lossy().into_owned();
    let check = |color: &str, env: &[(&str, &str)]| {
        let output = weft_with(&["check", &path, "--color", color], env);
        assert_eq!(output.status.code(), Some(0), "{color}");
        assert!(
            String::from_utf8_lossy(&output.stderr).contains("W304"),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        has_ansi(&output.stderr)
    };
    // `always` colours even into a file, and an empty NO_COLOR changes nothing.
    assert!(check("always", &[("TERM", "xterm")]));
    assert!(check("always", &[("NO_COLOR", ""), ("TERM", "xterm")]));
    // `never` never does; `auto` does not colour what is not a terminal.
    assert!(!check("never", &[("TERM", "xterm")]));
    assert!(!check("auto", &[("TERM", "xterm")]));
    // The flag is global: it may come before the command.
    let output = weft_with(&["--color", "never", "check", &path], &[]);
    assert_eq!(output.status.code(), Some(0));
    let output = weft_with(&["check", &path, "--color", "sometimes"], &[]);
    assert_eq!(output.status.code(), Some(2));
}

fn envelope(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "not JSON ({error}): {}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

/// The fields every command's JSON report has.
fn assert_envelope(report: &serde_json::Value, command: &str, ok: bool) {
    assert_eq!(report["version"], 1, "{report:#}");
    assert_eq!(report["command"], command, "{report:#}");
    assert_eq!(report["ok"], ok, "{report:#}");
    assert!(report["diagnostics"].is_array(), "{report:#}");
    assert!(report["errors"].is_u64(), "{report:#}");
    assert!(report["warnings"].is_u64(), "{report:#}");
}

#[test]
fn every_reporting_command_writes_the_same_envelope() {
    let dir = scratch("envelope");
    let project = dir.join("demo");
    project_with_a_warning(&project);
    let path = project.to_string_lossy().into_owned();
    let out = dir.join("out").to_string_lossy().into_owned();

    let check = weft(&["check", &path, "--format", "json"]);
    assert_envelope(&envelope(&check), "check", true);

    let build = weft(&["build", &path, "--out", &out, "--format", "json"]);
    assert_eq!(build.status.code(), Some(0));
    let report = envelope(&build);
    assert_envelope(&report, "build", true);
    assert_eq!(report["summary"]["generated"], true);
    assert!(report["summary"]["written"].as_u64().is_some_and(|n| n > 0));
    assert_eq!(report["warnings"], 1, "the check's findings are in it");

    std::fs::write(
        project.join("model.weft"),
        "package demo\n\n/// A thing.\nrecord Thing {\n    id: string\n}\n",
    )
    .expect("unformatted model");
    let fmt = weft(&["fmt", &path, "--check", "--format", "json"]);
    assert_eq!(fmt.status.code(), Some(1));
    let report = envelope(&fmt);
    assert_envelope(&report, "fmt", false);
    assert_eq!(
        report["summary"]["would_reformat"].as_array().map(Vec::len),
        Some(1)
    );

    let compat = weft(&["compat", &path, "--against", &path, "--format", "json"]);
    let report = envelope(&compat);
    assert_envelope(&report, "compat", true);
    assert!(report["baseline"].is_string());
}

#[test]
fn fatal_errors_are_json_when_json_was_asked_for() {
    let dir = scratch("fatal");
    let missing = dir.join("missing").to_string_lossy().into_owned();
    for (args, command) in [
        (vec!["check", missing.as_str(), "--format", "json"], "check"),
        (
            vec![
                "compat",
                missing.as_str(),
                "--against",
                "x",
                "--format",
                "json",
            ],
            "compat",
        ),
        (
            vec!["build", missing.as_str(), "--out", "o", "--format", "json"],
            "build",
        ),
        (vec!["fmt", missing.as_str(), "--format", "json"], "fmt"),
    ] {
        let output = weft(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let report = envelope(&output);
        assert_envelope(&report, command, false);
        assert!(
            report["fatal"]
                .as_str()
                .is_some_and(|text| !text.is_empty()),
            "{report:#}"
        );
    }
    // Without JSON, stdout stays empty and the reason goes to stderr.
    let output = weft(&["check", &missing]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert!(!output.stderr.is_empty());
}

#[test]
fn counts_are_plural_only_when_they_should_be() {
    let dir = scratch("plural");
    let file = dir.join("one.weft");
    std::fs::write(
        &file,
        "package demo\n\n/// A thing.\nrecord Thing {\n  id: string\n}\n",
    )
    .expect("file");
    let output = weft(&["check", &file.to_string_lossy()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("(1 file)"), "{stderr}");
    assert!(!stderr.contains("1 files"), "{stderr}");
}
