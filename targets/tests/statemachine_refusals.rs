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
        "one fixture per code E850-E854, E856 and E726"
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
    let diagnostics = two_packages(["Sync", "Sync"]);
    assert_eq!(
        messages(&diagnostics),
        [(
            "E855",
            "workflows `orders.Sync` and `stock.Sync` have one name: the statemachine target would write both machines to `statemachines/Sync.asl.json`"
        )],
    );
}

/// E855 also for names that differ only in case and underscores: their
/// pipes would share one consumer group (`weft-refused-re-count`), which
/// splits the topic's events between the two machines.
#[test]
fn two_workflows_whose_names_meet_in_kebab_case_are_refused() {
    let diagnostics = two_packages(["ReCount", "Re_count"]);
    assert_eq!(
        messages(&diagnostics),
        [(
            "E855",
            "workflows `orders.ReCount` and `stock.Re_count` have names that meet as `re-count`: their pipes would share one Kafka consumer group, and their state machine files would be one on a case-insensitive file system"
        )],
    );
}

/// E856: the exact length of the fixture's consumer group, whose name is
/// the test's: `weft-refused-` and the workflow's name in kebab case, 216 characters.
#[test]
fn a_consumer_group_over_200_characters_is_refused() {
    let name = "E856_consumer_group_too_long.weft";
    let text = std::fs::read_to_string(fixtures().join(name)).expect("fixture readable");
    let diagnostics = refusals(name, &[(name, &text)]);
    let found = messages(&diagnostics);
    let [(code, message)] = found[..] else {
        panic!("one finding expected: {found:?}");
    };
    assert_eq!(code, "E856");
    let length = "has 229 characters: EventBridge Pipes accepts at most 200";
    assert!(message.ends_with(length), "{message}");
}

/// E850 for both reserved error codes of the fixture: Step Functions'
/// `States.` prefix and the code the machines end a branch's `succeed`
/// with, which the enclosing state would turn into success.
#[test]
fn reserved_error_codes_are_refused() {
    let name = "E850_reserved_error_code.weft";
    let text = std::fs::read_to_string(fixtures().join(name)).expect("fixture readable");
    let diagnostics = refusals(name, &[(name, &text)]);
    let found = messages(&diagnostics);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].1.contains("`States.Rejected`"), "{found:?}");
    assert!(found[1].1.contains("`weft.Succeed`"), "{found:?}");
}

/// Whole numbers still add with `States.MathAdd`: the E850 fixture of a
/// decimal sum, with an `int32` sum in its place, builds.
#[test]
fn whole_numbers_add_with_math_add() {
    let name = "E850_decimal_sum.weft";
    let text = std::fs::read_to_string(fixtures().join(name))
        .expect("fixture readable")
        .replace(
            "Orders.price(amount: placed.amount + placed.amount)",
            "Orders.getOrder(number: placed.number, limit: placed.total + 1)",
        );
    let mut sources = SourceMap::with_stdlib();
    sources.add(
        "weft.toml".to_string(),
        "[project]\nname = \"sums\"\nversion = \"0.1.0\"\n".to_string(),
        Origin::Project,
    );
    sources.add(name.to_string(), text, Origin::Project);
    let result = check(&sources);
    assert!(!result.has_errors(), "{:#?}", result.diagnostics);
    let manifest = weft_compiler::build(&result, &[TargetName::StateMachine])
        .unwrap_or_else(|error| panic!("the whole sum is refused: {error:?}"));
    let definition = manifest
        .get("statemachines/DoublesAmount.asl.json")
        .expect("the machine is written");
    let text = std::str::from_utf8(definition).expect("UTF-8");
    assert!(text.contains("States.MathAdd($.placed.total, 1)"), "{text}");
}

/// E857: 130 scheduled workflows in the project's one template make 520
/// resources (a machine, its role, a schedule and the schedule's role
/// each), beyond CloudFormation's 500; reported once, for the template.
#[test]
fn a_template_over_500_resources_is_refused() {
    let landscape = std::fs::read_to_string(fixtures().join("E853_both_day_fields.weft"))
        .expect("fixture readable");
    let mut text = landscape
        .split("/// Runs on the first")
        .next()
        .expect("the fixture's landscape")
        .to_string();
    for index in 0..130 {
        text.push_str(&format!(
            "\n/// Counts shelf {index}.\nworkflow CountShelf{index} {{\n  host hub\n  trigger schedule \"0 6 * * *\"\n\n  succeed\n}}\n"
        ));
    }
    let diagnostics = refusals("130 workflows", &[("flows.weft", &text)]);
    assert_eq!(
        messages(&diagnostics),
        [(
            "E857",
            "statemachines/template.yaml would declare 520 resources; CloudFormation allows 500 in one template"
        )],
    );
}

/// The statemachine target's findings for two packages with an event-
/// triggered workflow each, named `names`, beside the landscape of the
/// E850 fixture (its systems and its event `OrderPlaced`).
fn two_packages(names: [&str; 2]) -> Vec<Diagnostic> {
    let landscape = std::fs::read_to_string(fixtures().join("E850_multiplication.weft"))
        .expect("fixture readable");
    let head = landscape
        .split("/// Doubles a number")
        .next()
        .expect("the fixture's landscape");
    let flows = [("orders", names[0]), ("stock", names[1])].map(|(package, name)| {
        format!(
            "package {package}\n\nuse demo.hub\nuse demo.OrderPlaced\n\n/// Syncs each order.\nworkflow {name} {{\n  host hub\n  trigger event OrderPlaced v1 as placed\n\n  succeed\n}}\n"
        )
    });
    refusals(
        &format!("workflows `{}` and `{}`", names[0], names[1]),
        &[
            ("landscape.weft", head),
            ("orders.weft", &flows[0]),
            ("stock.weft", &flows[1]),
        ],
    )
}

/// The code and message of each finding.
fn messages(diagnostics: &[Diagnostic]) -> Vec<(&str, &str)> {
    diagnostics
        .iter()
        .map(|diagnostic| (diagnostic.code.as_str(), diagnostic.message.as_str()))
        .collect()
}
