//! `weft test`: the example's scenarios all pass (exit 0, one line each and
//! the summary); a scenario changed to expect the wrong path fails with a
//! readable diff and exit 1, and so does a payload that does not satisfy
//! its `expect emits … where` condition; `--filter`, `--format json` and `--junit`;
//! a project with scenario errors runs nothing (exit 1); and
//! `weft graph --workflow` draws one workflow.

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use support::{scratch, weft, Scratch};

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/acme-plant")
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("folder");
    for entry in fs::read_dir(from).expect("readable") {
        let path = entry.expect("entry").path();
        let target = to.join(path.file_name().expect("name"));
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            fs::copy(&path, &target).expect("copied");
        }
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A copy of the example in a scratch folder `name`, with `from` replaced by
/// `to` in the goods-receipt workflow's scenarios.
fn example_with_scenario_edit(name: &str, from: &str, to: &str) -> Scratch {
    let dir = scratch(name);
    copy_dir(&example(), &dir);
    let file = dir.join("workflows/goods_receipt_sync.weft");
    let source = fs::read_to_string(&file).expect("readable");
    let changed = source.replacen(from, to, 1);
    assert_ne!(source, changed, "{from:?} is in the scenario");
    fs::write(&file, changed).expect("written");
    dir
}

/// `weft test` on `dir` with `extra` arguments and a JUnit report, which
/// must fail (exit 1): its standard output and the report.
fn failing_run(dir: &Path, extra: &[&str]) -> (String, String) {
    let junit = dir.join("report.xml");
    let mut args = vec!["test", dir.to_str().expect("path")];
    args.extend_from_slice(extra);
    args.extend(["--junit", junit.to_str().expect("path")]);
    let output = weft(&args);
    let stdout = text(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{stdout}{}",
        text(&output.stderr)
    );
    let report = fs::read_to_string(&junit).expect("junit written");
    (stdout, report)
}

#[test]
fn every_scenario_of_the_example_passes() {
    let output = weft(&["test", example().to_str().expect("path")]);
    let stdout = text(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{stdout}{}",
        text(&output.stderr)
    );
    assert!(stdout.starts_with("running 20 scenarios\n"), "{stdout}");
    assert_eq!(stdout.matches(" ... ok\n").count(), 20, "{stdout}");
    assert!(
        stdout.ends_with("test result: ok. 20 passed, 0 failed\n"),
        "{stdout}"
    );
}

#[test]
fn a_wrong_path_fails_with_a_diff() {
    let dir = example_with_scenario_edit(
        "wrong-path",
        "expect path document, journal, posted",
        "expect path document, journal",
    );
    let (stdout, report) = failing_run(&dir, &[]);
    assert!(
        stdout.contains(
            "test acme.integration.receipt_is_booked_twice (SyncGoodsReceipt) ... FAILED"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "---- acme.integration.receipt_is_booked_twice ----\npath:\n  - expected: document, journal\n  + actual:   document, journal, posted\n"
        ),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("test result: FAILED. 19 passed, 1 failed\n"),
        "{stdout}"
    );
    assert!(
        report.contains("<testsuite name=\"weft test\" tests=\"20\" failures=\"1\""),
        "{report}"
    );
    assert!(
        report.contains(
            "<failure message=\"expected document, journal, got document, journal, posted\">"
        ),
        "{report}"
    );
}

#[test]
fn a_wrong_payload_fails_with_the_condition_and_the_payload() {
    let dir = example_with_scenario_edit(
        "wrong-payload",
        "where material_document == \"5000012001\" and value.amount == 8400",
        "where material_document == \"5000012001\" and value.amount > 9000",
    );
    let (stdout, report) = failing_run(&dir, &["--filter", "receipt_is_booked"]);
    let expected = "emits GoodsReceiptPosted v1 where material_document == \"5000012001\" and value.amount > 9000";
    let actual = "emitted GoodsReceiptPosted v1 {\"material_document\":\"5000012001\",\"po_number\":\"4500012345\",\"posting_date\":\"2025-03-11\",\"receipt_number\":\"GR-2025-000123\",\"value\":{\"amount\":8400,\"currency\":\"EUR\"}}";
    assert!(
        stdout.contains(&format!(
            "---- acme.integration.receipt_is_booked_twice ----\nemitted events:\n  - expected: {expected}\n  + actual:   {actual}\n"
        )),
        "{stdout}"
    );
    assert!(
        report.contains("value.amount &gt; 9000, got emitted GoodsReceiptPosted v1 {&quot;material_document&quot;"),
        "{report}"
    );
    let output = weft(&[
        "test",
        dir.to_str().expect("path"),
        "--filter",
        "receipt_is_booked",
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(
        json["scenarios"][0]["mismatches"],
        serde_json::json!([{ "kind": "emits", "expected": expected, "actual": actual }])
    );
}

#[test]
fn filter_and_json() {
    let output = weft(&[
        "test",
        example().to_str().expect("path"),
        "--filter",
        "closed_period",
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json["version"], 1);
    assert_eq!(json["command"], "test");
    let names: Vec<&str> = json["scenarios"]
        .as_array()
        .expect("scenarios")
        .iter()
        .map(|scenario| scenario["name"].as_str().expect("name"))
        .collect();
    assert_eq!(
        names,
        [
            "acme.integration.closed_period_compensates",
            "acme.integration.closed_period_fails"
        ]
    );
    let compensates = &json["scenarios"][0]["run"];
    assert_eq!(compensates["status"], "failed");
    assert_eq!(compensates["error"], "PERIOD_CLOSED");
    assert_eq!(
        compensates["compensated"],
        serde_json::json!(["released", "registered"])
    );
    assert_eq!(json["summary"]["passed"], 2);
}

#[test]
fn scenario_errors_run_nothing() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/check/err/E720_scenario_unknown_field.weft");
    let output = weft(&["test", fixture.to_str().expect("path")]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("error[E720]"), "{stderr}");
    assert!(stderr.contains("no scenario was run"), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn graph_draws_one_workflow() {
    let output = weft(&[
        "graph",
        example().to_str().expect("path"),
        "--workflow",
        "SyncGoodsReceipt",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(stdout.starts_with("stateDiagram-v2\n"), "{stdout}");
    assert!(
        stdout.contains("document --> fail_over_delivery : catch OverDelivery"),
        "{stdout}"
    );
    let missing = weft(&[
        "graph",
        example().to_str().expect("path"),
        "--workflow",
        "Nope",
    ]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("the workflows are"));
}
