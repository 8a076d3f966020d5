//! The statemachine target against independent tools:
//!
//! - every scenario of the example and of the fixture projects under
//!   `tests/fixtures/statemachine/` runs on weft's simulator (what
//!   `weft test` reports) and on the generated Amazon States Language
//!   document in aws-local-stepfunctions (the mocks become task overrides
//!   that return or raise what the real Task would); the final status and
//!   error, the events emitted, the compensations run and the states
//!   visited must be equal. Branches and iterations run concurrently on the
//!   interpreter, so the path is compared as the exact sequence of
//!   top-level states plus the same multiset of all states; the scenario's
//!   `expect emits` expectations (payload conditions included) are
//!   evaluated on the events the interpreter's publisher tasks received,
//!   with the same verdict as on the simulator's;
//! - every generated machine passes asl-validator with zero errors.
//!
//! Both tools are pinned in `.ci/npm-statemachines/` and installed by
//! `.ci/install-statemachines`.

use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use weft_compiler::model::Test;
use weft_compiler::model::{Model, StateKind, Workflow};
use weft_compiler::simulate::{
    expectations_met, inputs, simulate, unmocked_result, Emitted, MismatchKind, MockBehaviour, Run,
    Status,
};
use weft_targets::{Manifest, TargetName};

mod support;
use support::{build, checked, repo};

fn tools() -> PathBuf {
    let folder = repo().join(".ci/npm-statemachines");
    assert!(
        folder
            .join("node_modules/aws-local-stepfunctions/package.json")
            .is_file()
            && folder.join("node_modules/.bin/asl-validator").is_file(),
        "aws-local-stepfunctions and asl-validator are not installed: run `bash .ci/install-statemachines`"
    );
    folder
}

/// The example and every fixture project.
fn projects() -> Vec<PathBuf> {
    let mut projects = vec![repo().join("examples/acme-plant")];
    let fixtures = repo().join("tests/fixtures/statemachine");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .expect("fixtures readable")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.join("weft.toml").is_file())
        .collect();
    found.sort();
    projects.extend(found);
    projects
}

/// The document with every `${Name}` substitution filled, as deployment does.
fn deployed(manifest: &Manifest, workflow: &Workflow) -> Value {
    let path = format!("statemachines/{}.asl.json", workflow.name.name);
    let text = std::str::from_utf8(manifest.get(&path).expect("machine generated"))
        .expect("UTF-8")
        .to_string();
    let filled = regex_lite_fill(&text);
    serde_json::from_str(&filled).expect("valid JSON")
}

/// Replaces `${Name}` with `https://name.example.invalid`.
fn regex_lite_fill(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after.find('}').expect("closed substitution");
        out.push_str(&format!(
            "https://{}.example.invalid",
            after[..end].to_lowercase()
        ));
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// The named states (what `expect path` can list) and the top-level ones.
fn named_states(workflow: &Workflow) -> (Vec<String>, Vec<String>) {
    let mut all = Vec::new();
    workflow.graph.walk(&mut |state| {
        if !matches!(
            state.kind,
            StateKind::Succeed | StateKind::Fail { .. } | StateKind::Compensate
        ) {
            all.push(state.name.to_string());
        }
    });
    let top = workflow
        .graph
        .states
        .iter()
        .filter(|state| all.iter().any(|name| *name == state.name))
        .map(|state| state.name.to_string())
        .collect();
    (all, top)
}

/// Task overrides standing in for the scenario's mocks: what the HTTP task
/// or the callback returns, or the error it raises.
fn overrides(
    model: &Model,
    workflow: &Workflow,
    mocks: &BTreeMap<String, MockBehaviour>,
    first_failures: &BTreeMap<String, (String, u32)>,
) -> Value {
    let mut overrides = serde_json::Map::new();
    workflow.graph.walk(&mut |state| {
        let ty = workflow
            .variables
            .iter()
            .find(|variable| variable.name == state.name)
            .map(|variable| variable.ty.clone());
        let unmocked = ty.map_or(Value::Null, |ty| unmocked_result(model, &ty));
        let entry = match (&state.kind, mocks.get(state.name.as_str())) {
            (StateKind::Call { operation, .. }, mock) => match mock {
                Some(MockBehaviour::Returns(value)) => {
                    json!({ "returns": { "StatusCode": 200, "StatusText": "OK", "ResponseBody": value } })
                }
                Some(MockBehaviour::Fails(error)) => {
                    let _ = operation;
                    json!({ "throws": raised(model, &state.kind, error) })
                }
                Some(MockBehaviour::TimesOut) => json!({ "throws": "States.Timeout" }),
                None => {
                    json!({ "returns": { "StatusCode": 200, "StatusText": "OK", "ResponseBody": unmocked } })
                }
            },
            (StateKind::Wait { .. }, mock) => match mock {
                Some(MockBehaviour::Returns(value)) => json!({ "returns": value }),
                Some(MockBehaviour::Fails(error)) => json!({ "throws": error }),
                Some(MockBehaviour::TimesOut) => json!({ "throws": "States.Timeout" }),
                None => json!({ "returns": unmocked }),
            },
            _ => return,
        };
        let mut entry = entry;
        if let Some((error, times)) = first_failures.get(state.name.as_str()) {
            // The first attempts raise what the HTTP task would.
            entry["failFirst"] = json!(times);
            entry["failWith"] = json!(raised(model, &state.kind, error));
        }
        overrides.insert(state.name.to_string(), entry);
    });
    Value::Object(overrides)
}

/// The error name the task raises for a mocked error: the HTTP status of
/// a declared error, else the name.
fn raised(model: &Model, kind: &StateKind, error: &str) -> String {
    let status = match kind {
        StateKind::Call {
            operation: Some(operation),
            ..
        } => model
            .operation(*operation)
            .errors
            .iter()
            .find(|declared| declared.name == error)
            .map(|declared| declared.status),
        _ => None,
    };
    match status {
        Some(status) => format!("States.Http.StatusCode.{status}"),
        None => error.to_string(),
    }
}

struct Case<'m> {
    label: String,
    model: &'m Model,
    test: &'m Test,
    run: Run,
    top: Vec<String>,
    model_events: Vec<(String, String, u32, Value)>,
}

#[test]
fn every_scenario_runs_the_same_on_aws_local_stepfunctions() {
    let tools = tools();
    let mut requests = Vec::new();
    let mut cases = Vec::new();
    let checked_projects: Vec<_> = projects()
        .into_iter()
        .map(|project| {
            let result = checked(&project);
            (project, result)
        })
        .collect();
    for (project, result) in &checked_projects {
        let manifest = build(result, TargetName::StateMachine);
        let model = &result.model;
        for test in model.tests.iter().filter(|test| !test.name.is_std()) {
            let Some(id) = test.workflow else { continue };
            let workflow = model.workflow(id);
            let scenario = inputs(model, test);
            let run = simulate(model, workflow, &scenario);
            let (named, top) = named_states(workflow);
            let label = format!("{} {}", project.display(), test.name.qualified());
            requests.push(json!({
                "name": label,
                "definition": deployed(&manifest, workflow),
                "input": scenario.trigger,
                "named": named,
                "overrides": overrides(model, workflow, &scenario.mocks, &scenario.first_failures),
            }));
            let model_events = run
                .emitted
                .iter()
                .map(|emitted| {
                    let event = emitted
                        .event_id
                        .map(|id| model.event(id).name.qualified())
                        .unwrap_or_default();
                    (
                        emitted.step.clone(),
                        event,
                        emitted.version,
                        emitted.payload.clone(),
                    )
                })
                .collect();
            cases.push(Case {
                label,
                model,
                test,
                run,
                top,
                model_events,
            });
        }
    }
    assert!(cases.len() >= 20, "the example alone has 20 scenarios");
    assert!(
        cases
            .iter()
            .any(|case| case.test.members.iter().any(|member| matches!(
                member,
                weft_compiler::model::TestMember::Expect(weft_compiler::model::Expectation {
                    kind: weft_compiler::model::ExpectationKind::Emits(
                        weft_compiler::model::ExpectedEvent {
                            condition: Some(_),
                            ..
                        }
                    ),
                    ..
                })
            ))),
        "a scenario checks an emitted payload"
    );
    let mut child = Command::new("node")
        .arg(tools.join("run-scenarios.mjs"))
        .current_dir(&tools)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(Value::Array(requests).to_string().as_bytes())
        .expect("input written");
    let output = child.wait_with_output().expect("node finishes");
    assert!(
        output.status.success(),
        "run-scenarios.mjs failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let results: Vec<Value> = serde_json::from_slice(&output.stdout).expect("JSON results");
    assert_eq!(results.len(), cases.len());
    let mut differences = Vec::new();
    for (case, result) in cases.iter().zip(&results) {
        let (status, error) = match &case.run.status {
            Status::Succeeded => ("succeeded", Value::Null),
            Status::Failed { error, .. } => ("failed", json!(error)),
        };
        let mut problems = Vec::new();
        if result["status"] != status || (status == "failed" && result["error"] != error) {
            problems.push(format!(
                "status: weft test {status} {error}, interpreter {} {} ({})",
                result["status"], result["error"], result["cause"]
            ));
        }
        let path: Vec<String> = result["path"]
            .as_array()
            .expect("path")
            .iter()
            .map(|name| name.as_str().unwrap_or_default().to_string())
            .collect();
        let top_of = |names: &[String]| -> Vec<String> {
            names
                .iter()
                .filter(|name| case.top.contains(name))
                .cloned()
                .collect()
        };
        let mut sorted_sim = case.run.path.clone();
        sorted_sim.sort();
        let mut sorted_asl = path.clone();
        sorted_asl.sort();
        if top_of(&case.run.path) != top_of(&path) || sorted_sim != sorted_asl {
            problems.push(format!(
                "path: weft test {:?}, interpreter {:?}",
                case.run.path, path
            ));
        }
        let mut asl_events: Vec<(String, String, u32, Value)> = result["emitted"]
            .as_array()
            .expect("emitted")
            .iter()
            .map(|event| {
                (
                    event["step"].as_str().unwrap_or_default().to_string(),
                    event["event"].as_str().unwrap_or_default().to_string(),
                    event["version"].as_u64().unwrap_or_default() as u32,
                    event["payload"].clone(),
                )
            })
            .collect();
        let mut sim_events = case.model_events.clone();
        let key = |event: &(String, String, u32, Value)| format!("{event:?}");
        asl_events.sort_by_key(key);
        sim_events.sort_by_key(key);
        if asl_events != sim_events {
            problems.push(format!(
                "emitted: weft test {sim_events:?}, interpreter {asl_events:?}"
            ));
        }
        // The expected events, payload conditions included, judged on
        // what the machine published.
        let asl_run = Run {
            path: path.clone(),
            emitted: asl_events
                .iter()
                .map(|(step, event, version, payload)| Emitted {
                    step: step.clone(),
                    event: event.rsplit('.').next().unwrap_or_default().to_string(),
                    event_id: case
                        .model
                        .events
                        .iter()
                        .position(|decl| decl.name.qualified() == *event)
                        .and_then(|index| u32::try_from(index).ok())
                        .map(weft_compiler::model::EventId),
                    version: *version,
                    payload: payload.clone(),
                })
                .collect(),
            compensated: Vec::new(),
            status: case.run.status.clone(),
        };
        let emits_verdicts = |run: &Run| -> Vec<String> {
            expectations_met(case.model, case.test, run)
                .into_iter()
                .filter(|mismatch| mismatch.kind == MismatchKind::Emits)
                .map(|mismatch| mismatch.expected)
                .collect()
        };
        if emits_verdicts(&asl_run) != emits_verdicts(&case.run) {
            problems.push(format!(
                "expected events not met: weft test {:?}, interpreter {:?}",
                emits_verdicts(&case.run),
                emits_verdicts(&asl_run)
            ));
        }
        let compensated: Vec<String> = result["compensated"]
            .as_array()
            .expect("compensated")
            .iter()
            .map(|name| name.as_str().unwrap_or_default().to_string())
            .collect();
        if compensated != case.run.compensated {
            problems.push(format!(
                "compensated: weft test {:?}, interpreter {compensated:?}",
                case.run.compensated
            ));
        }
        if !problems.is_empty() {
            differences.push(format!("{}:\n  {}", case.label, problems.join("\n  ")));
        }
    }
    assert!(
        differences.is_empty(),
        "{} of {} scenarios differ:\n{}",
        differences.len(),
        cases.len(),
        differences.join("\n")
    );
}

#[test]
fn every_generated_machine_passes_asl_validator() {
    let tools = tools();
    let scratch = std::env::temp_dir().join(format!("weft-asl-validator-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).expect("scratch folder");
    let mut count = 0;
    for project in projects() {
        let manifest = build(&checked(&project), TargetName::StateMachine);
        for (path, bytes) in manifest.files() {
            if !path.ends_with(".asl.json") {
                continue;
            }
            count += 1;
            let file = scratch.join(format!("{count}.asl.json"));
            std::fs::write(&file, bytes).expect("written");
            let output = Command::new(tools.join("node_modules/.bin/asl-validator"))
                .arg("--json-path")
                .arg(&file)
                .output()
                .expect("asl-validator runs");
            assert!(
                output.status.success(),
                "{} {path} is not valid ASL:\n{}{}",
                project.display(),
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
        }
    }
    std::fs::remove_dir_all(&scratch).ok();
    assert!(count >= 7, "the example alone has 7 workflows");
}
