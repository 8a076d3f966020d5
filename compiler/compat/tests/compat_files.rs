//! File mode of `weft compat` as data. Every `tests/fixtures/compat_files/<case>/`
//! holds `old.avsc` and `new.avsc` (or `old.json` and `new.json`) and
//! `expected`, one line per mode: `BACKWARD: ok`, or the codes of all
//! findings, sorted, such as `FULL: E101 E102 W244`. The Avro cases follow
//! the specification's "Schema Resolution" rules one by one (each promotion
//! allowed and refused, field defaults, aliases, enum defaults, unions, fixed,
//! arrays and maps, nested and recursive records, namespaces); the JSON
//! Schema cases follow Confluent's content-model rules. A case may hold an
//! `options` file naming [`FileOptions`] to turn on (`avro_decimal_rule`).
//! The findings of each case are snapshotted with both files.

use std::path::{Path, PathBuf};
use weft_compat::files::{compare_files, compare_files_with, FileOptions};
use weft_compat::Finding;

fn cases_folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/compat_files")
}

/// The old and new file of a case, with their names.
struct Case {
    name: String,
    old_name: String,
    new_name: String,
    old: String,
    new: String,
    options: FileOptions,
}

fn load(folder: &Path) -> Case {
    let extension = if folder.join("old.avsc").is_file() {
        "avsc"
    } else {
        "json"
    };
    let old_name = format!("old.{extension}");
    let new_name = format!("new.{extension}");
    Case {
        name: folder
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default(),
        old: std::fs::read_to_string(folder.join(&old_name)).expect("old file"),
        new: std::fs::read_to_string(folder.join(&new_name)).expect("new file"),
        old_name,
        new_name,
        options: FileOptions {
            avro_decimal_rule: std::fs::read_to_string(folder.join("options"))
                .unwrap_or_default()
                .split_whitespace()
                .any(|option| option == "avro_decimal_rule"),
        },
    }
}

fn run(case: &Case, mode: &str) -> Vec<Finding> {
    compare_files_with(
        &case.old,
        &case.new,
        &case.old_name,
        &case.new_name,
        mode,
        &case.options,
    )
    .unwrap_or_else(|error| panic!("{}: {mode}: {error}", case.name))
}

/// `ok`, or the sorted distinct codes.
fn verdict(findings: &[Finding]) -> String {
    let mut codes: Vec<&str> = findings
        .iter()
        .map(|finding| finding.code.as_str())
        .collect();
    codes.sort_unstable();
    codes.dedup();
    if codes.is_empty() {
        "ok".to_string()
    } else {
        codes.join(" ")
    }
}

fn all_cases() -> Vec<PathBuf> {
    let mut folders: Vec<PathBuf> = std::fs::read_dir(cases_folder())
        .expect("fixture folder")
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.join("expected").is_file())
        .collect();
    folders.sort();
    folders
}

#[test]
fn every_case_gives_its_expected_verdicts() {
    let mut failures = Vec::new();
    for folder in all_cases() {
        let case = load(&folder);
        let expected = std::fs::read_to_string(folder.join("expected")).expect("expected");
        for line in expected.lines().filter(|line| !line.trim().is_empty()) {
            let Some((mode, codes)) = line.split_once(':') else {
                failures.push(format!("{}: bad line `{line}`", case.name));
                continue;
            };
            let actual = verdict(&run(&case, mode.trim()));
            if actual != codes.trim() {
                failures.push(format!(
                    "{}: {mode}: expected `{}`, got `{actual}`",
                    case.name,
                    codes.trim()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn transitive_modes_behave_like_pairwise_ones_and_none_finds_nothing() {
    for folder in all_cases() {
        let case = load(&folder);
        for mode in ["BACKWARD", "FORWARD", "FULL"] {
            assert_eq!(
                run(&case, mode),
                run(&case, &format!("{mode}_TRANSITIVE")),
                "{}: {mode}",
                case.name
            );
        }
        assert!(run(&case, "NONE").is_empty(), "{}", case.name);
    }
}

#[test]
fn full_is_backward_and_forward() {
    for folder in all_cases() {
        let case = load(&folder);
        let full = verdict(&run(&case, "FULL"));
        let mut both: Vec<Finding> = run(&case, "BACKWARD");
        both.extend(run(&case, "FORWARD"));
        assert_eq!(full, verdict(&both), "{}", case.name);
    }
}

#[test]
fn there_are_enough_cases() {
    let folders = all_cases();
    let avro = folders
        .iter()
        .filter(|folder| folder.join("old.avsc").is_file())
        .count();
    let json = folders
        .iter()
        .filter(|folder| {
            folder
                .file_name()
                .is_some_and(|name| name.to_string_lossy().starts_with("json_"))
        })
        .count();
    assert!(avro >= 30, "only {avro} Avro cases");
    assert!(json >= 10, "only {json} JSON Schema cases");
}

fn render(findings: &[Finding]) -> String {
    if findings.is_empty() {
        return "ok\n".to_string();
    }
    let mut out = String::new();
    for finding in findings {
        let severity = match finding.severity {
            weft_compat::Severity::Error => "error",
            weft_compat::Severity::Warning => "warning",
            weft_compat::Severity::Info => "info",
        };
        out.push_str(&format!(
            "{severity}[{}] {} ({}) {}: {} → {}\n  {}\n",
            finding.code,
            finding.path,
            finding.pointer,
            finding.change,
            finding.old.as_deref().unwrap_or("-"),
            finding.new.as_deref().unwrap_or("-"),
            finding.message
        ));
        if let Some(help) = &finding.help {
            out.push_str(&format!("  help: {help}\n"));
        }
    }
    out
}

#[test]
fn findings_are_snapshotted() {
    insta::glob!(
        "../../../tests/fixtures/compat_files",
        "*/expected",
        |path| {
            let folder = path.parent().expect("case folder");
            let case = load(folder);
            let mut text = format!(
                "----- {}\n{}----- {}\n{}",
                case.old_name, case.old, case.new_name, case.new
            );
            if case.options.avro_decimal_rule {
                text.push_str("----- options: avro_decimal_rule\n");
            }
            for mode in ["BACKWARD", "FORWARD"] {
                text.push_str(&format!("----- {mode}\n{}", render(&run(&case, mode))));
            }
            insta::assert_snapshot!(text);
        }
    );
}

#[test]
fn the_spec_decimal_rule_turns_the_warning_into_errors() {
    let decimal = |precision: u32, scale: u32| {
        format!(
            r#"{{"type": "record", "name": "Price", "fields": [{{"name": "amount", "type":
            {{"type": "bytes", "logicalType": "decimal", "precision": {precision}, "scale": {scale}}}}}]}}"#
        )
    };
    let options = FileOptions {
        avro_decimal_rule: true,
    };
    let check = |old: &str, new: &str, mode: &str| {
        verdict(
            &compare_files_with(old, new, "old.avsc", "new.avsc", mode, &options)
                .expect("both parse"),
        )
    };
    assert_eq!(check(&decimal(10, 2), &decimal(12, 2), "BACKWARD"), "E136");
    assert_eq!(check(&decimal(10, 2), &decimal(12, 2), "FORWARD"), "E136");
    assert_eq!(check(&decimal(12, 2), &decimal(10, 2), "BACKWARD"), "E137");
    assert_eq!(check(&decimal(10, 2), &decimal(10, 3), "FULL"), "E138");
    let default = compare_files(
        &decimal(10, 2),
        &decimal(10, 3),
        "old.avsc",
        "new.avsc",
        "FULL",
    )
    .expect("both parse");
    assert_eq!(verdict(&default), "W243");
}

#[test]
fn broken_inputs_are_errors_not_findings() {
    let record = r#"{"type": "record", "name": "A", "fields": [{"name": "x", "type": "int"}]}"#;
    let undefined = r#"{"type": "record", "name": "A", "fields": [{"name": "x", "type": "B"}]}"#;
    let duplicate = r#"["null", "string", "string"]"#;
    let bad_default = r#"{"type": "enum", "name": "E", "symbols": ["A"], "default": "B"}"#;
    let json_schema = r#"{"type": "object", "properties": {"x": {"type": "integer"}}}"#;
    let error = |old: &str, new: &str, new_name: &str, mode: &str| {
        compare_files(old, new, "old.avsc", new_name, mode).expect_err("refused")
    };
    assert!(error(record, undefined, "new.avsc", "BACKWARD").contains("undefined name `B`"));
    assert!(error(record, duplicate, "new.avsc", "BACKWARD").contains("duplicate"));
    assert!(error(record, bad_default, "new.avsc", "BACKWARD").contains("not one of its symbols"));
    assert!(error(record, "{", "new.avsc", "BACKWARD").contains("not valid JSON"));
    assert!(error(record, json_schema, "new.json", "BACKWARD").contains("different schema formats"));
    assert!(error(record, record, "new.avsc", "SIDEWAYS").contains("unknown compatibility mode"));
    assert!(error(record, record, "new.proto", "BACKWARD").contains("cannot tell"));
}

#[test]
fn modes_are_read_like_the_registry_spells_them() {
    let old = r#"{"type": "record", "name": "A", "fields": [{"name": "x", "type": "int"}]}"#;
    let new = r#"{"type": "record", "name": "A", "fields": [{"name": "x", "type": "long"}]}"#;
    for mode in ["forward", "Forward_Transitive", "full-transitive"] {
        let findings = compare_files(old, new, "old.avsc", "new.avsc", mode).expect("mode");
        assert_eq!(verdict(&findings), "E130", "{mode}");
    }
}
