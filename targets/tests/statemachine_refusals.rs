//! What Amazon States Language cannot express faithfully is a build error:
//! every `tests/fixtures/statemachine_refused/CODE_*.weft` checks cleanly
//! but the statemachine target refuses it with the code its name starts
//! with (and writes nothing); the example builds.

use std::path::{Path, PathBuf};
use weft_base::Diagnostic;
use weft_compiler::{check, BuildError, Origin, SourceMap};
use weft_targets::{Manifest, TargetName};

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
    match statemachines(name, files) {
        Ok(_) => panic!("{name}: the statemachine target generated a machine"),
        Err(BuildError::TargetsFailed(diagnostics)) => diagnostics,
        Err(other) => panic!("{name}: unexpected {other:?}"),
    }
}

/// The statemachine target's build of a project of `files` (with a
/// manifest), which must check cleanly.
fn statemachines(name: &str, files: &[(&str, &str)]) -> Result<Manifest, BuildError> {
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
    weft_compiler::build(&result, &[TargetName::StateMachine])
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
    let manifest = statemachines(name, &[(name, &text)])
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

/// The E850 fixture's systems, API and event `OrderPlaced`, without its
/// workflow.
fn e850_landscape() -> String {
    let landscape = std::fs::read_to_string(fixtures().join("E850_multiplication.weft"))
        .expect("fixture readable");
    landscape
        .split("/// Doubles a number")
        .next()
        .expect("the fixture's landscape")
        .to_string()
}

/// The statemachine target's findings for two packages with an event-
/// triggered workflow each, named `names`, beside the landscape of the
/// E850 fixture (its systems and its event `OrderPlaced`).
fn two_packages(names: [&str; 2]) -> Vec<Diagnostic> {
    let head = e850_landscape();
    let flows = [("orders", names[0]), ("stock", names[1])].map(|(package, name)| {
        format!(
            "package {package}\n\nuse demo.hub\nuse demo.OrderPlaced\n\n/// Syncs each order.\nworkflow {name} {{\n  host hub\n  trigger event OrderPlaced v1 as placed\n\n  succeed\n}}\n"
        )
    });
    refusals(
        &format!("workflows `{}` and `{}`", names[0], names[1]),
        &[
            ("landscape.weft", &head),
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

/// E858: Step Functions fails an HTTP Task that sends a header of its
/// list (by name or by prefix, compared ignoring case). Each header is
/// reported once per workflow (the fixture calls it twice), at the header
/// parameter's declaration, with the first argument that sends it.
#[test]
fn headers_step_functions_refuses_are_refused() {
    let cases = [
        (
            "host",
            "`Lookup.find` sends its header parameter `host` as `Host`, and Step Functions does not allow `Host` in an HTTP Task (the task fails with `States.Runtime`)",
        ),
        (
            "x_amz_date",
            "`Lookup.find` sends its header parameter `x_amz_date` as `X-Amz-Date`, and Step Functions allows no header starting with `x-amz-` in an HTTP Task (the task fails with `States.Runtime`)",
        ),
        (
            "xAmznTraceId",
            "`Lookup.find` sends its header parameter `xAmznTraceId` as `X-Amzn-Trace-Id`, and Step Functions allows no header starting with `x-amzn-` in an HTTP Task (the task fails with `States.Runtime`)",
        ),
        (
            "if_none_match",
            "`Lookup.find` sends its header parameter `if_none_match` as `If-None-Match`, and Step Functions does not allow `If-None-Match` in an HTTP Task (the task fails with `States.Runtime`)",
        ),
    ];
    for (header, message) in cases {
        let text = header_project(header, &calls_twice(header));
        let diagnostics = refusals(header, &[("flows.weft", &text)]);
        assert_eq!(
            messages(&diagnostics),
            [(
                "E858",
                format!("workflow `Looks` cannot be a state machine: {message}").as_str()
            )],
            "{header}"
        );
        let found = &diagnostics[0];
        let declared = text
            .find(&format!("header {header}:"))
            .map(|at| at + "header ".len())
            .expect("the declaration");
        assert_eq!(
            found.primary.span.range(),
            declared..declared + header.len()
        );
        let [sent] = &found.secondary[..] else {
            panic!("one secondary label: {found:#?}");
        };
        let first_call = text
            .find(&format!("{header}: \"first\""))
            .expect("the first call");
        assert_eq!(sent.span.range(), first_call..first_call + header.len());
        assert_eq!(sent.message, "sent by this call");
        assert!(
            found
                .help
                .as_deref()
                .is_some_and(|help| help.contains("rename the parameter")),
            "{found:#?}"
        );
    }
}

/// E858 for a header only a `compensate with` call sends: the undo is an
/// HTTP Task too.
#[test]
fn a_header_a_compensation_sends_is_refused() {
    let header = "x_forwarded_for";
    let flow = format!(
        "/// Holds a line and releases it when the order is unknown.\nworkflow Looks {{\n  host hub\n  trigger event OrderPlaced v1 as placed\n  apply std.orchestrated\n\n  call held = Lookup.hold(line: placed.number) {{\n    compensate with Lookup.release(line: placed.number, {header}: \"undo\")\n  }}\n  call order = Orders.getOrder(number: placed.number) {{\n    catch NotFound {{\n      compensate\n      fail \"UNKNOWN_ORDER\"\n    }}\n  }}\n  succeed\n}}\n"
    );
    let text = header_project(header, &flow);
    let diagnostics = refusals(header, &[("flows.weft", &text)]);
    assert_eq!(
        messages(&diagnostics),
        [(
            "E858",
            "workflow `Looks` cannot be a state machine: `Lookup.release` sends its header parameter `x_forwarded_for` as `X-Forwarded-For`, and Step Functions allows no header starting with `x-forwarded-` in an HTTP Task (the task fails with `States.Runtime`)"
        )],
    );
    let sent = text.find(&format!("{header}: \"undo\"")).expect("the undo");
    assert_eq!(
        diagnostics[0].secondary[0].span.range(),
        sent..sent + header.len()
    );
}

/// A header Step Functions sends (one that merely resembles a refused
/// one, too) builds, by its HTTP name.
#[test]
fn allowed_headers_are_sent() {
    for (header, sent) in [
        ("request_source", "Request-Source"),
        ("amz_date", "Amz-Date"),
        ("hosts", "Hosts"),
    ] {
        let text = header_project(header, &calls_twice(header));
        let manifest = statemachines(header, &[("flows.weft", &text)])
            .unwrap_or_else(|error| panic!("`{header}` is refused: {error:?}"));
        let definition = manifest
            .get("statemachines/Looks.asl.json")
            .expect("the machine is written");
        let machine: serde_json::Value =
            serde_json::from_slice(definition).expect("the machine is JSON");
        assert_eq!(
            machine["States"]["first"]["Parameters"]["Headers"][sent], "first",
            "{header}: {machine:#}"
        );
    }
}

/// The E850 fixture's landscape with an API `Lookup` whose `find` and
/// `release` take the string header parameter `header`, and `flow`.
fn header_project(header: &str, flow: &str) -> String {
    let head = e850_landscape();
    format!(
        "{head}/// Order look-ups.\napi Lookup {{\n  host orders\n  version 1.0.0\n  auth none\n\n  /// Look an order up.\n  operation find GET \"/lookups/{{number}}\" {{\n    path number: string\n    header {header}: string?\n    response 200 Order\n  }}\n\n  /// Hold a line.\n  operation hold POST \"/lookups/lines/{{line}}/holds\" {{\n    path line: string\n    response 201\n    idempotent\n  }}\n\n  /// Release a line.\n  operation release DELETE \"/lookups/lines/{{line}}/holds\" {{\n    path line: string\n    header {header}: string?\n    response 204\n    idempotent\n  }}\n}}\n\n{flow}"
    )
}

/// A workflow `Looks` calling `Lookup.find` twice with the header set.
fn calls_twice(header: &str) -> String {
    format!(
        "/// Looks an order up twice.\nworkflow Looks {{\n  host hub\n  trigger event OrderPlaced v1 as placed\n  apply std.orchestrated\n\n  call first = Lookup.find(number: placed.number, {header}: \"first\")\n  call again = Lookup.find(number: placed.number, {header}: \"again\")\n  succeed\n}}\n"
    )
}
