//! The `kafka` target: the example landscape and a fixture
//! (`tests/fixtures/targets/kafka`: `[targets.kafka]` settings, per-event
//! annotations, a shared dead-letter topic, retry topics capped by `max`, a
//! compacted event) are generated through the library, snapshotted, checked
//! to be byte-identical across runs, and every Strimzi resource is validated
//! against the KafkaTopic v1 CRD's schema
//! (`../shared/schemas/strimzi-kafkatopic-v1.schema.json`, beside the
//! checkout) with the project's Ajv through `.ci/validate-strimzi.mjs`.

use std::path::Path;
use std::process::Command;
use weft_targets::{Manifest, TargetName};

mod support;
use support::{generate, repo};

fn topics(manifest: &Manifest) -> serde_json::Value {
    serde_json::from_slice(manifest.get("kafka/topics.json").expect("topics.json"))
        .expect("topics.json is JSON")
}

fn validate_strimzi(manifest: &Manifest, name: &str) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("strimzi-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("folder created");
    let mut count = 0;
    for (path, contents) in manifest.files() {
        if let Some(file) = path.strip_prefix("kafka/strimzi/") {
            std::fs::write(dir.join(file), contents).expect("file written");
            count += 1;
        }
    }
    assert!(count > 0, "no Strimzi resources");
    let schema = repo().join("../shared/schemas/strimzi-kafkatopic-v1.schema.json");
    assert!(schema.is_file(), "{} is missing", schema.display());
    let output = Command::new("node")
        .arg(repo().join(".ci/validate-strimzi.mjs"))
        .arg(&schema)
        .arg(&dir)
        .current_dir(repo())
        .output()
        .expect("node runs (install it and run .ci/install-validators)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "Strimzi resources refused:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains(&format!("{count} KafkaTopic resources, 0 problems")),
        "{stdout}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn example_plan_snapshot() {
    let manifest = generate(&repo().join("examples/acme-plant"), TargetName::Kafka);
    insta::assert_snapshot!(
        "acme_plant_topics_json",
        std::str::from_utf8(manifest.get("kafka/topics.json").expect("topics.json"))
            .expect("UTF-8")
    );
    // One Strimzi resource per planned topic.
    let planned = topics(&manifest)["topics"]
        .as_array()
        .expect("topics")
        .len();
    let resources = manifest
        .files()
        .filter(|(path, _)| path.starts_with("kafka/strimzi/"))
        .count();
    assert_eq!(planned, resources);
}

#[test]
fn example_strimzi_resources_match_the_crd() {
    validate_strimzi(
        &generate(&repo().join("examples/acme-plant"), TargetName::Kafka),
        "acme-plant",
    );
}

#[test]
fn fixture_strimzi_resources_match_the_crd() {
    validate_strimzi(
        &generate(
            &repo().join("tests/fixtures/targets/kafka"),
            TargetName::Kafka,
        ),
        "fixture",
    );
}

#[test]
fn output_is_byte_identical_across_runs() {
    let fixture = repo().join("tests/fixtures/targets/kafka");
    assert_eq!(
        generate(&fixture, TargetName::Kafka),
        generate(&fixture, TargetName::Kafka)
    );
}

#[test]
fn fixture_plan_follows_settings_and_annotations() {
    let manifest = generate(
        &repo().join("tests/fixtures/targets/kafka"),
        TargetName::Kafka,
    );
    for (path, contents) in manifest.files() {
        insta::assert_snapshot!(
            format!("fixture_{}", path.replace('/', "_")),
            std::str::from_utf8(contents).expect("UTF-8 output")
        );
    }
    let plan = topics(&manifest);
    let topic = |name: &str| {
        plan["topics"]
            .as_array()
            .expect("topics")
            .iter()
            .find(|topic| topic["name"] == name)
            .unwrap_or_else(|| panic!("{name} planned"))
            .clone()
    };
    let schedule = topic("production.schedule_changed.v1");
    assert_eq!(schedule["partitions"], 24, "@partitions wins");
    assert_eq!(schedule["replicas"], 3, "@replicas wins");
    assert_eq!(schedule["configs"]["segment.ms"], "3600000");
    assert_eq!(schedule["configs"]["compression.type"], "zstd");
    assert_eq!(schedule["configs"]["retention.ms"], "604800000");
    let stock = topic("production.stock_level.v1");
    assert_eq!(stock["replicas"], 2, "[targets.kafka] replicas");
    assert_eq!(stock["configs"]["cleanup.policy"], "compact");
    assert_eq!(stock["configs"]["min.insync.replicas"], "1");
    // One shared dead-letter topic for both events, kept for ever since
    // StockLevel is.
    let failures = topic("production.failures");
    assert_eq!(failures["events"].as_array().map(Vec::len), Some(2));
    assert_eq!(failures["configs"]["retention.ms"], "-1");
    // 1s, 2s, 4s, 8s, then the 10s cap reused.
    let retries: Vec<&str> = plan["topics"]
        .as_array()
        .expect("topics")
        .iter()
        .filter(|topic| topic["role"] == "retry")
        .filter_map(|topic| topic["name"].as_str())
        .collect();
    assert_eq!(
        retries,
        [
            "production.schedule_changed.v1-retry-1000",
            "production.schedule_changed.v1-retry-10000",
            "production.schedule_changed.v1-retry-2000",
            "production.schedule_changed.v1-retry-4000",
            "production.schedule_changed.v1-retry-8000",
        ]
    );
}
