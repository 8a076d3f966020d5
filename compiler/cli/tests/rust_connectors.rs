//! The `rust` target's generated workspaces, built for real: every file
//! weft wrote is rustfmt-clean (`cargo fmt --check`); the example's crates
//! build, pass their generated tests (round trips of the schemas target's
//! example payloads, whose encodings Ajv then validates against the JSON
//! Schemas), pass `clippy -D warnings` (with and without the `kafka`
//! feature), and talk to each other in the loopback end-to-end tests of
//! `tests/rust/loopback/` (placed into the workspace here): over HTTP, over
//! the in-memory bus, and through a real Kafka-protocol broker (tansu, the
//! topics created by `weft topics apply`). The hostile-names fixture and the
//! every-type project are formatted and build too, and user code survives a
//! rebuild byte for byte.
//!
//! Every workspace builds into one target folder outside the repository
//! (`$WEFT_CONNECTORS_TARGET`, else `~/.cache/weft-ci/connectors-target`),
//! so dependencies are compiled once per machine; `Cargo.lock`
//! (`tests/rust/Cargo.lock`) pins what they resolve to.

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::tansu::{start_broker, tansu};
use support::{scratch, weft};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn target_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("WEFT_CONNECTORS_TARGET") {
        return PathBuf::from(dir);
    }
    let home = std::env::var("HOME").unwrap_or_else(|_| std::env::temp_dir().display().to_string());
    PathBuf::from(home).join(".cache/weft-ci/connectors-target")
}

/// `cargo ARGS` in `workspace`, into the shared target folder; fails the
/// test with cargo's output.
fn cargo(workspace: &Path, args: &[&str], env: &[(&str, &Path)]) -> String {
    let mut command = Command::new(env!("CARGO"));
    command
        .args(args)
        .current_dir(workspace)
        .env("CARGO_TARGET_DIR", target_dir())
        .env_remove("RUSTFLAGS")
        .env("CARGO_TERM_COLOR", "never");
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command.output().expect("cargo runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success(),
        "cargo {args:?} failed in {}:\n{text}",
        workspace.display()
    );
    text
}

fn build(project: &Path, out: &Path) -> String {
    let output = weft(&[
        "build",
        &project.display().to_string(),
        "--out",
        &out.display().to_string(),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "weft build failed:\n{stderr}");
    stderr
}

/// Builds a project and prepares its Rust workspace (the pinned lock file).
fn generate(project: &Path, out: &Path) -> PathBuf {
    build(project, out);
    let workspace = out.join("rust");
    fs::copy(
        repo().join("compiler/cli/tests/rust/Cargo.lock"),
        workspace.join("Cargo.lock"),
    )
    .expect("lock file");
    workspace
}

/// `cargo clippy` on every crate and target of `workspace`, warnings denied.
fn clippy_clean(workspace: &Path) {
    cargo(
        workspace,
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
        &[],
    );
}

/// Every file weft wrote is as rustfmt (default settings) writes it.
fn formatted(workspace: &Path) {
    let report = cargo(workspace, &["fmt", "--all", "--", "--check"], &[]);
    assert!(!report.contains("Diff in"), "{report}");
}

fn ajv_available() -> bool {
    let found = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success())
        && repo().join(".ci/node_modules/ajv/package.json").is_file();
    if !found && std::env::var("WEFT_SKIP_EXTERNAL_VALIDATORS").as_deref() != Ok("1") {
        panic!("Ajv is not installed: run `.ci/install-validators`, or set WEFT_SKIP_EXTERNAL_VALIDATORS=1");
    }
    found
}

/// One test, so that the workspaces build one after the other into the
/// shared target folder.
#[test]
fn generated_workspaces_build_test_lint_and_talk() {
    acme_plant();
    hostile_names_and_every_type();
    user_code_survives_rebuilds();
}

fn acme_plant() {
    let out = scratch("rust-acme");
    let workspace = generate(&repo().join("examples/acme-plant"), &out);
    formatted(&workspace);
    let crates: Vec<String> = fs::read_dir(workspace.join("crates"))
        .expect("crates")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    for system in [
        "erp",
        "ledger",
        "integration-hub",
        "mes",
        "wms",
        "scheduler",
        "supplier-portal",
    ] {
        assert!(
            crates.iter().any(|name| name == system),
            "no crate for {system}: {crates:?}"
        );
    }

    // The loopback end-to-end crate joins the workspace.
    let e2e = workspace.join("crates/loopback-e2e");
    let source = repo().join("compiler/cli/tests/rust/loopback");
    fs::create_dir_all(e2e.join("src")).expect("e2e folder");
    fs::create_dir_all(e2e.join("tests")).expect("e2e folder");
    fs::copy(source.join("Cargo.toml.in"), e2e.join("Cargo.toml")).expect("e2e manifest");
    for file in [
        "src/lib.rs",
        "tests/loopback.rs",
        "tests/events.rs",
        "tests/kafka.rs",
    ] {
        fs::copy(source.join(file), e2e.join(file)).expect("e2e file");
    }

    let examples = out.join("encoded");
    fs::create_dir_all(&examples).expect("examples folder");
    let report = cargo(
        &workspace,
        &["test", "--workspace"],
        &[("WEFT_EXAMPLES_OUT", &examples)],
    );
    for test in [
        "client_and_server_talk_over_loopback",
        "the_server_refuses_what_the_contract_refuses",
        "a_v1_consumer_reads_v2_events_once_and_dead_letters_poison",
        "round_trip_production_schedule_changed_v2",
        "fallback_purchase_order_change_type",
    ] {
        assert!(
            report.contains(&format!("{test} ... ok")),
            "{test} did not pass:\n{report}"
        );
    }
    assert!(!report.contains("FAILED"), "{report}");
    clippy_clean(&workspace);
    // The `kafka` feature of the MES and the WMS, and the test that uses it.
    cargo(
        &workspace,
        &[
            "clippy",
            "-p",
            "loopback-e2e",
            "--all-targets",
            "--features",
            "kafka",
            "--",
            "-D",
            "warnings",
        ],
        &[],
    );
    kafka_round_trip(&workspace);

    // What the Rust models wrote validates against the schemas target's
    // JSON Schemas.
    // One payload per value schema: every event version of the example is
    // published or consumed by some crate.
    let encoded = fs::read_dir(&examples).expect("encoded").count();
    let value_schemas = fs::read_dir(out.join("schemas"))
        .expect("schemas")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| {
            name.ends_with(".json") && !name.ends_with("-key.json") && name != "registry.json"
        })
        .count();
    assert_eq!(encoded, value_schemas, "a payload per event version");
    if ajv_available() {
        let output = Command::new("node")
            .arg(repo().join(".ci/validate-json-schemas.mjs"))
            .arg(out.join("schemas"))
            .arg(&examples)
            .output()
            .expect("node runs");
        let report = String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success(),
            "Ajv refused payloads the Rust models wrote:\n{report}"
        );
        assert!(
            report.contains(&format!("{encoded} examples checked, 0 problems")),
            "{report}"
        );
    }
}

/// The MES publishes through `KafkaBroker` to a real broker (tansu, its
/// topics created by `weft topics apply`) and the WMS consumes from it:
/// `tests/rust/loopback/tests/kafka.rs` with the `kafka` feature.
fn kafka_round_trip(workspace: &Path) {
    if !tansu().is_file() {
        assert_eq!(
            std::env::var("WEFT_SKIP_EXTERNAL_VALIDATORS").as_deref(),
            Ok("1"),
            "tansu ({}) is missing: run .ci/install-tansu, or set WEFT_SKIP_EXTERNAL_VALIDATORS=1",
            tansu().display()
        );
        eprintln!("note: skipping the Kafka round trip: tansu is missing (WEFT_SKIP_EXTERNAL_VALIDATORS=1)");
        return;
    }
    let broker = start_broker();
    let project = repo().join("examples/acme-plant");
    let output = weft(&[
        "topics",
        "apply",
        &project.display().to_string(),
        "--bootstrap",
        &broker.address,
    ]);
    assert!(
        output.status.success(),
        "weft topics apply failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let report = cargo(
        workspace,
        &[
            "test",
            "-p",
            "loopback-e2e",
            "--features",
            "kafka",
            "--test",
            "kafka",
        ],
        &[("WEFT_KAFKA_BOOTSTRAP", Path::new(&broker.address))],
    );
    for test in [
        "a_v1_consumer_reads_v2_events_through_kafka",
        "an_unknown_topic_is_an_error_after_the_timeout",
    ] {
        assert!(report.contains(&format!("{test} ... ok")), "{report}");
    }
}

fn hostile_names_and_every_type() {
    for project in [
        repo().join("tests/fixtures/targets/rust/hostile"),
        repo().join("compiler/cli/tests/build/every-type"),
    ] {
        let out = scratch("rust-fixture");
        let workspace = generate(&project, &out);
        formatted(&workspace);
        let report = cargo(&workspace, &["test", "--workspace"], &[]);
        assert!(!report.contains("FAILED"), "{report}");
        clippy_clean(&workspace);
    }
}

fn user_code_survives_rebuilds() {
    let out = scratch("rust-user-code");
    let project = repo().join("examples/acme-plant");
    let workspace = generate(&project, &out);
    let crate_dir = workspace.join("crates/ledger");
    let lib = crate_dir.join("src/lib.rs");
    let mine = "//! My ledger.\n\npub mod generated;\npub mod posting;\n";
    fs::write(&lib, mine).expect("edit lib.rs");
    let module =
        "//! My posting logic.\n\n/// Always balanced.\npub fn balanced() -> bool {\n    true\n}\n";
    fs::write(crate_dir.join("src/posting.rs"), module).expect("add a module");
    let manifest = fs::read(crate_dir.join("Cargo.toml")).expect("Cargo.toml");

    let stderr = build(&project, &out);
    assert_eq!(fs::read_to_string(&lib).expect("lib.rs"), mine);
    assert_eq!(
        fs::read_to_string(crate_dir.join("src/posting.rs")).expect("module"),
        module
    );
    assert_eq!(
        fs::read(crate_dir.join("Cargo.toml")).expect("Cargo.toml"),
        manifest
    );
    assert!(
        stderr.contains(&format!("left your file `{}` alone", lib.display())),
        "{stderr}"
    );
    cargo(&workspace, &["check", "-p", "acme-plant-ledger"], &[]);
}

/// Without cargo: write-once files are created when absent, left alone
/// (whatever they hold, even a link) when present, never recorded as
/// weft's, so never removed; the build says which it left alone.
#[test]
fn write_once_files_are_created_once_and_then_left_alone() {
    let out = scratch("rust-write-once");
    let project = repo().join("tests/fixtures/targets/rust/hostile");
    let first = build(&project, &out);
    assert!(
        first.contains("your files: 4 created, 0 left alone"),
        "{first}"
    );
    let lib = out.join("rust/crates/match/src/lib.rs");
    let original = fs::read_to_string(&lib).expect("lib.rs");
    assert!(original.contains("pub mod generated;"), "{original}");

    let second = build(&project, &out);
    assert!(
        second.contains("your files: 0 created, 4 left alone"),
        "{second}"
    );
    assert!(second.contains("0 files written"), "{second}");

    fs::write(&lib, "// mine\n").expect("edit");
    fs::remove_file(out.join("rust/crates/self/src/lib.rs")).expect("delete");
    let third = build(&project, &out);
    assert_eq!(fs::read_to_string(&lib).expect("lib.rs"), "// mine\n");
    assert!(
        third.contains("your files: 1 created, 3 left alone"),
        "{third}"
    );
    assert_eq!(
        fs::read_to_string(out.join("rust/crates/self/src/lib.rs")).expect("recreated"),
        fs::read_to_string(out.join("rust/crates/match/src/lib.rs"))
            .map(|_| original.replace("`match`", "`Self`"))
            .expect("lib.rs"),
    );
    let record = fs::read_to_string(out.join(".weft-build.json")).expect("record");
    assert!(
        !record.contains("src/lib.rs"),
        "write-once files are not weft's: {record}"
    );
    assert!(record.contains("src/generated/models.rs"), "{record}");
}
