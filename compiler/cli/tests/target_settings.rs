//! Target settings (`[targets.*]` in `weft.toml`) are checked by `weft check`:
//! each `E8xx` fixture under `tests/fixtures/projects/` is reported with its
//! code at the offending key or value (the human output is snapshotted), and
//! `weft build` on it generates nothing and exits with 1. A target that
//! cannot generate (`E810`) also stops the whole build.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const WEFT: &str = env!("CARGO_BIN_EXE_weft");

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

/// The fixtures of the settings codes, by name.
fn fixtures() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(root().join("tests/fixtures/projects"))
        .expect("project fixtures")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.starts_with("E80"))
        .collect();
    names.sort();
    names
}

#[test]
fn weft_check_reports_settings_at_their_place() {
    let names = fixtures();
    assert_eq!(names.len(), 4, "{names:?}");
    let mut text = String::new();
    for name in names {
        let path = format!("tests/fixtures/projects/{name}");
        let output = weft(&["check", &path]);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{name}: weft check must fail"
        );
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains(&format!("error[{}]", &name[..4])),
            "{name}: {stderr}"
        );
        text.push_str(&format!("$ weft check {path}\n{stderr}\n"));
    }
    insta::assert_snapshot!(text);
}

#[test]
fn weft_build_generates_nothing_from_bad_settings() {
    for name in fixtures() {
        let out =
            std::env::temp_dir().join(format!("weft-settings-test-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&out);
        let path = format!("tests/fixtures/projects/{name}");
        let output = weft(&["build", &path, "--out", &out.display().to_string()]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{name}: {stderr}");
        assert!(stderr.contains("nothing was generated"), "{name}: {stderr}");
        assert!(!out.exists(), "{name}: the output folder was created");
    }
}

#[test]
fn a_scope_the_documents_cannot_hold_stops_the_build_at_check() {
    // An OAuth scope named `$ref` would be read as a JSON Reference where
    // the OpenAPI target writes it as a key: `check` refuses it at its
    // string (E313), so the build stops before any target runs (the
    // OpenAPI target's own refusal, E810, stays behind it as a guard).
    let dir = std::env::temp_dir().join(format!("weft-settings-test-{}-e810", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    let project = dir.join("project");
    fs::create_dir_all(&project).expect("scratch folder");
    let fixture = root().join("tests/fixtures/targets/openapi");
    let mut replaced = false;
    for entry in fs::read_dir(&fixture).expect("fixture").flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if path.is_file() {
            let text = fs::read_to_string(&path).expect("fixture file");
            let broken = text.replace("\"stock.read\"", "\"$ref\"");
            replaced |= broken != text;
            fs::write(project.join(name), broken).expect("copied");
        } else if path.is_dir() {
            fs::create_dir_all(project.join(&name)).expect("folder");
            for inner in fs::read_dir(&path).expect("folder").flatten() {
                fs::copy(inner.path(), project.join(&name).join(inner.file_name()))
                    .expect("copied");
            }
        }
    }
    assert!(replaced, "the fixture names the scope stock.read");
    let out = dir.join("out");
    let output = weft(&[
        "build",
        &project.display().to_string(),
        "--out",
        &out.display().to_string(),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let _ = fs::remove_dir_all(&dir);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error[E313]"), "{stderr}");
    assert!(stderr.contains("OAuth scope `$ref`"), "{stderr}");
    assert!(stderr.contains("nothing was generated"), "{stderr}");
    assert!(!out.exists(), "the output folder was created");
}

#[test]
fn an_illegal_dead_letter_topic_fails_the_check() {
    // Found by `weft check` (E831), before any target runs.
    let dir = std::env::temp_dir().join(format!("weft-settings-test-{}-e831", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    let project = dir.join("project");
    fs::create_dir_all(&project).expect("scratch folder");
    fs::write(
        project.join("weft.toml"),
        "[project]\nname = \"bad-topic\"\nversion = \"0.1.0\"\n",
    )
    .expect("manifest");
    let landscape =
        fs::read_to_string(root().join("tests/fixtures/targets/asyncapi/landscape.weft"))
            .expect("fixture");
    let broken = landscape.replace(
        "dead_letter \"inventory.stock_level.failed\"",
        "dead_letter \"stock level failed\"",
    );
    assert_ne!(broken, landscape, "the fixture names a dead-letter topic");
    fs::write(project.join("landscape.weft"), broken).expect("landscape");
    let output = weft(&["check", &project.display().to_string()]);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let _ = fs::remove_dir_all(&dir);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error[E831]"), "{stderr}");
    assert!(stderr.contains("stock level failed"), "{stderr}");
}
