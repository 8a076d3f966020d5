//! What Amazon States Language cannot express faithfully is a build error:
//! every `tests/fixtures/statemachine_refused/CODE_*.weft` checks cleanly
//! but the statemachine target refuses it with the code its name starts
//! with (and writes nothing); the example builds.

use std::path::{Path, PathBuf};
use weft_base::Diagnostic;
use weft_compiler::{check, BuildError, Origin, SourceMap};
use weft_targets::TargetName;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/statemachine_refused")
}

#[test]
fn refused_workflows_report_their_code() {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .expect("fixtures readable")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "weft"))
        .collect();
    entries.sort();
    assert!(
        entries.len() >= 5,
        "one fixture per code E850-E854 and E726"
    );
    for path in entries {
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let code = name.split('_').next().unwrap_or_default().to_string();
        let text = std::fs::read_to_string(&path).expect("fixture readable");
        let diagnostics = refusals(&name, &[(&name, &text)]);
        assert!(
            diagnostics
                .iter()
                .any(|diagnostic| diagnostic.code.as_str() == code),
            "{name} does not report {code}: {diagnostics:#?}"
        );
    }
}

/// What the statemachine target reports for a project of `files` (with a
/// manifest), which must check cleanly and which it must refuse.
fn refusals(name: &str, files: &[(&str, &str)]) -> Vec<Diagnostic> {
    let mut sources = SourceMap::with_stdlib();
    sources.add(
        "weft.toml".to_string(),
        "[project]\nname = \"refused\"\nversion = \"0.1.0\"\n".to_string(),
        Origin::Project,
    );
    for (file, text) in files {
        sources.add(file.to_string(), text.to_string(), Origin::Project);
    }
    let result = check(&sources);
    assert!(
        !result.has_errors(),
        "{name} should check cleanly: {:#?}",
        result.diagnostics
    );
    match weft_compiler::build(&result, &[TargetName::StateMachine]) {
        Ok(_) => panic!("{name}: the statemachine target generated a machine"),
        Err(BuildError::TargetsFailed(diagnostics)) => diagnostics,
        Err(other) => panic!("{name}: unexpected {other:?}"),
    }
}

/// Two workflows whose names keep the same letters and digits share all
/// five of their ids (machine, role, schedule, schedule role, output): one
/// message names the pair and the first id, not one per id.
#[test]
fn one_message_for_two_names_whose_ids_meet() {
    let name = "E854_one_logical_id.weft";
    let text = std::fs::read_to_string(fixtures().join(name)).expect("fixture readable");
    let diagnostics = refusals(name, &[(name, &text)]);
    let messages: Vec<&str> = diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.code.as_str() == "E854")
        .map(|diagnostic| diagnostic.message.as_str())
        .collect();
    assert_eq!(
        messages,
        ["workflow `demo.Recount` and workflow `demo.Re_count` both make the logical id `RecountStateMachine` in statemachines/template.yaml: CloudFormation requires ids unique in a template"],
    );
}

/// E855: two packages' workflows of one name would share their files; the
/// second is refused once, by name, instead of three "generated twice"
/// failures (E810) for its files.
#[test]
fn two_workflows_of_one_name_are_refused_once() {
    let landscape = std::fs::read_to_string(fixtures().join("E853_both_day_fields.weft"))
        .expect("fixture readable");
    // The fixture's domain and hub, and a workflow `Sync` in each of two
    // packages, both on the hub.
    let head = landscape
        .split("/// Runs on the first")
        .next()
        .expect("the fixture's landscape");
    let flows = ["orders", "stock"].map(|package| {
        format!(
            "package {package}\n\nuse demo.hub\n\n/// Syncs every morning.\nworkflow Sync {{\n  host hub\n  trigger schedule \"0 6 * * *\"\n\n  succeed\n}}\n"
        )
    });
    let diagnostics = refusals(
        "two workflows `Sync`",
        &[
            ("landscape.weft", head),
            ("orders.weft", &flows[0]),
            ("stock.weft", &flows[1]),
        ],
    );
    let codes: Vec<&str> = diagnostics
        .iter()
        .map(|diagnostic| diagnostic.code.as_str())
        .collect();
    assert_eq!(codes, ["E855"], "{diagnostics:#?}");
    assert_eq!(
        diagnostics[0].message,
        "workflows `orders.Sync` and `stock.Sync` have one name: the statemachine target would write both machines to `statemachines/Sync.asl.json`"
    );
}
