//! Schema compatibility triplets. Every `tests/fixtures/compat/<ROW>_<what>/`
//! folder holds either `old.weft` and `new.weft` (one-file projects, each with
//! a record `Subject`) or `history.weft` (a one-file project with an event
//! `Subject` and versions 1..n), and `expected`: one line per mode that
//! matters, `MODE: CODE, CODE` or `MODE: ok`; for histories each code reads
//! `CODE against vN` (the version it is reported against). The test builds
//! the schemas, runs the mode (`check_pair`, or `check_history` for the
//! newest version), asserts the exact set of codes, infos and warnings
//! included, and snapshots every finding.

use std::collections::BTreeSet;
use std::path::Path;
use weft_compiler::compat::schema::{event_version_schema, from_model};
use weft_compiler::compat::{check_history, check_pair, Finding, Mode, Schema};
use weft_compiler::model::{DeclRef, Model, Type};
use weft_compiler::{check, Origin, SourceMap};
use weft_syntax::Severity;

fn model_of(path: &Path) -> Model {
    let text = std::fs::read_to_string(path).expect("fixture is readable");
    let mut sources = SourceMap::with_stdlib();
    sources.add(
        path.file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default(),
        text,
        Origin::Project,
    );
    let result = check(&sources);
    let errors: Vec<String> = result
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.severity == Severity::Error)
        .map(|diagnostic| format!("{}: {}", diagnostic.code, diagnostic.message))
        .collect();
    assert!(
        errors.is_empty(),
        "{} does not check: {errors:#?}",
        path.display()
    );
    result.model
}

/// The declaration named `Subject` outside the standard library.
fn subject(model: &Model) -> DeclRef {
    model
        .names
        .iter()
        .find(|(name, _)| !name.starts_with("std.") && name.rsplit('.').next() == Some("Subject"))
        .map(|(_, decl)| *decl)
        .expect("the fixture declares `Subject`")
}

fn record_schema(path: &Path) -> Schema {
    let model = model_of(path);
    match subject(&model) {
        DeclRef::Type(id) => from_model(&model, &Type::Named(id)),
        other => panic!("`Subject` is {}, not a record", other.kind_name()),
    }
}

fn history_schemas(path: &Path) -> Vec<(u32, Schema)> {
    let model = model_of(path);
    let DeclRef::Event(id) = subject(&model) else {
        panic!("`Subject` in a history is an event");
    };
    let mut numbers: Vec<u32> = model
        .event(id)
        .versions
        .iter()
        .map(|version| version.number)
        .collect();
    numbers.sort_unstable();
    numbers
        .into_iter()
        .map(|number| {
            let schema = event_version_schema(&model, id, number).expect("version exists");
            (number, schema)
        })
        .collect()
}

fn describe(finding: &Finding, against: Option<u32>) -> String {
    let against = against
        .map(|version| format!(" against v{version}"))
        .unwrap_or_default();
    let mut text = format!(
        "  {}{against} [{:?}] {} ({}) {}: {}\n",
        finding.code,
        finding.direction,
        finding.path,
        finding.pointer,
        finding.change,
        finding.message
    );
    if let Some(help) = &finding.help {
        text.push_str(&format!("    help: {help}\n"));
    }
    text
}

#[test]
fn triplets_report_exactly_their_codes() {
    let report: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    insta::glob!(
        "../../../tests/fixtures/compat",
        "*/expected",
        |expected_path| {
            let folder = expected_path.parent().expect("fixture folder");
            let expected = std::fs::read_to_string(expected_path).expect("expected is readable");
            let history = folder.join("history.weft");
            let pair = if history.is_file() {
                None
            } else {
                Some((
                    record_schema(&folder.join("old.weft")),
                    record_schema(&folder.join("new.weft")),
                ))
            };
            let versions = history.is_file().then(|| history_schemas(&history));
            let mut snapshot = String::new();
            let mut failures = Vec::new();
            for line in expected.lines().map(str::trim) {
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                let (mode, codes) = line.split_once(':').expect("`MODE: codes`");
                let mode = Mode::parse(mode.trim()).expect("a compatibility mode");
                let want: BTreeSet<String> = codes
                    .split(',')
                    .map(str::trim)
                    .filter(|code| !code.is_empty() && *code != "ok")
                    .map(str::to_string)
                    .collect();
                snapshot.push_str(&format!("{mode}\n"));
                let got: BTreeSet<String> = match (&pair, &versions) {
                    (Some((old, new)), _) => {
                        let findings = check_pair(old, new, mode);
                        for finding in &findings {
                            snapshot.push_str(&describe(finding, None));
                        }
                        findings
                            .iter()
                            .map(|finding| finding.code.to_string())
                            .collect()
                    }
                    (None, Some(versions)) => {
                        let findings = check_history(versions, mode);
                        for (against, finding) in &findings {
                            snapshot.push_str(&describe(finding, Some(*against)));
                        }
                        findings
                            .iter()
                            .map(|(against, finding)| {
                                format!("{} against v{against}", finding.code)
                            })
                            .collect()
                    }
                    (None, None) => unreachable!("either a pair or a history"),
                };
                if got != want {
                    failures.push(format!("{mode}: expected {want:?}, got {got:?}"));
                }
            }
            if !failures.is_empty() {
                let name = folder
                    .file_name()
                    .map(|name| name.to_string_lossy().into_owned())
                    .unwrap_or_default();
                report
                    .lock()
                    .expect("no fixture panicked")
                    .push(format!("{name}:\n{}\n{snapshot}", failures.join("\n")));
            }
            insta::assert_snapshot!(snapshot);
        }
    );
    let report = report.into_inner().expect("no fixture panicked");
    assert!(report.is_empty(), "{}", report.join("\n"));
}

#[test]
fn there_are_enough_triplets() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/compat");
    let count = std::fs::read_dir(folder).expect("compat fixtures").count();
    assert!(count >= 80, "only {count} compatibility triplets");
}

#[test]
fn schemas_round_trip_through_json() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/compat");
    for name in ["MULTI_all_problems_reported", "M6_money_to_decimal"] {
        let schema = record_schema(&folder.join(name).join("new.weft"));
        let text = serde_json::to_string(&schema).expect("serialises");
        let back: Schema = serde_json::from_str(&text).expect("deserialises");
        assert_eq!(back, schema, "{name}");
    }
}

/// Every evaluator reports a difference: a schema compared with an equal
/// copy (a separate expansion, as the JSON round trip makes) finds
/// nothing, changelog entries included. The walk relies on it to skip a
/// record compared with its own expansion (`Walker::skip_identical`); the
/// comparison with the schema itself must agree.
#[test]
fn a_schema_compared_with_an_equal_copy_finds_nothing() {
    use weft_compiler::compat::walk::compare;
    use weft_compiler::compat::Labels;
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/compat");
    let mut entries: Vec<_> = std::fs::read_dir(&folder)
        .expect("compat fixtures")
        .map(|entry| entry.expect("readable entry").path())
        .collect();
    entries.sort();
    let mut compared = 0;
    for triplet in entries {
        let history = triplet.join("history.weft");
        let schemas: Vec<Schema> = if history.exists() {
            history_schemas(&history)
                .into_iter()
                .map(|(_, schema)| schema)
                .collect()
        } else {
            ["old.weft", "new.weft"]
                .iter()
                .map(|file| record_schema(&triplet.join(file)))
                .collect()
        };
        for schema in schemas {
            let text = serde_json::to_string(&schema).expect("serialises");
            let copy: Schema = serde_json::from_str(&text).expect("deserialises");
            let labels = Labels::default();
            let with_copy = compare(&schema, &copy, &labels);
            assert!(
                with_copy.is_empty(),
                "{}: {with_copy:#?}",
                triplet.display()
            );
            let with_itself = compare(&schema, &schema, &labels);
            assert!(
                with_itself.is_empty(),
                "{}: {with_itself:#?}",
                triplet.display()
            );
            compared += 1;
        }
    }
    assert!(compared >= 160, "only {compared} schemas compared");
}
