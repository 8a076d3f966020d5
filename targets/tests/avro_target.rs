//! The `avro` target: the example landscape's `.avsc` files are generated
//! through the library and snapshotted; every file is parsed by Apache
//! Avro's own Python implementation (`avro` from PyPI, in the venv that
//! `.ci/install-kafka-python` sets up) and weft's example of the same
//! payload (`schemas::examples`) is written and read back through it
//! (`tests/avro/roundtrip.py`).

use std::path::{Path, PathBuf};
use std::process::Command;
use weft_targets::schemas::{event_versions, examples, key_field};
use weft_targets::TargetName;

mod support;
use support::{build, checked, repo};

fn python() -> PathBuf {
    let cache = std::env::var_os("WEFT_CI_CACHE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache/weft-ci")
        });
    cache.join("venv-kafka/bin/python")
}

#[test]
fn example_schemas_snapshot() {
    let result = checked(&repo().join("examples/acme-plant"));
    let manifest = build(&result, TargetName::Avro);
    let mut count = 0;
    for (path, contents) in manifest.files() {
        assert!(
            path.starts_with("avro/") && path.ends_with(".avsc"),
            "{path}"
        );
        insta::assert_snapshot!(
            format!("acme_plant_{}", path.replace('/', "_")),
            std::str::from_utf8(contents).expect("UTF-8 output")
        );
        count += 1;
    }
    // A value schema per event version, a key schema per keyed one.
    let versions = event_versions(&result.model);
    let keyed = versions
        .iter()
        .filter(|version| {
            key_field(
                &result.model,
                version.version,
                &result.model.event(version.event).key,
            )
            .is_some()
        })
        .count();
    assert_eq!(count, versions.len() + keyed);
    assert!(keyed > 0, "the example has keyed events");
    assert_eq!(
        manifest,
        build(&result, TargetName::Avro),
        "byte-identical across runs"
    );
}

/// Parses every `.avsc` of `project` with Apache Avro and round-trips
/// weft's example of each payload (and key) through it.
fn round_trip(project: &Path, name: &str) {
    let result = checked(project);
    let model = &result.model;
    let manifest = build(&result, TargetName::Avro);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("avro-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("folder created");
    let mut count = 0;
    for version in event_versions(model) {
        let event = model.event(version.event);
        let mut parts = vec![("value", examples::record(model, version.version.payload))];
        if let Some(field) = key_field(model, version.version, &event.key) {
            parts.push(("key", examples::valid(model, &field.ty)));
        }
        for (part, example) in parts {
            let name = format!("{}-{part}", version.topic);
            let schema = manifest
                .get(&format!("avro/{name}.avsc"))
                .unwrap_or_else(|| panic!("{name}.avsc generated"));
            std::fs::write(dir.join(format!("{name}.avsc")), schema).expect("schema written");
            let json = serde_json::to_string(&example.value).expect("example is JSON");
            std::fs::write(dir.join(format!("{name}.example.json")), json)
                .expect("example written");
            count += 1;
        }
    }
    let output = Command::new(python())
        .arg(repo().join("targets/tests/avro/roundtrip.py"))
        .arg(&dir)
        .output()
        .expect("the venv's python runs (run .ci/install-kafka-python)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "Apache Avro refused:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains(&format!("{count} schemas, 0 problems")),
        "{stdout}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn apache_avro_parses_every_schema_and_round_trips_the_examples() {
    round_trip(&repo().join("examples/acme-plant"), "acme-plant");
}

#[test]
fn apache_avro_parses_the_fixture_and_round_trips_its_example() {
    round_trip(&repo().join("tests/fixtures/targets/avro"), "fixture");
}

/// The fixture (`tests/fixtures/targets/avro`) holds what the example does
/// not: aliases, defaults of every kind, a record used twice, a recursive
/// record, microsecond timestamps, maps, bytes (with a default) and
/// durations.
#[test]
fn fixture_schema_follows_the_model() {
    let result = checked(&repo().join("tests/fixtures/targets/avro"));
    let manifest = build(&result, TargetName::Avro);
    let text = |path: &str| {
        std::str::from_utf8(manifest.get(path).unwrap_or_else(|| panic!("{path}")))
            .expect("UTF-8")
            .to_string()
    };
    let value = text("avro/production.lot_moved.v1-value.avsc");
    insta::assert_snapshot!("fixture_lot_moved_value", value);
    insta::assert_snapshot!(
        "fixture_lot_moved_key",
        text("avro/production.lot_moved.v1-key.avsc")
    );
    let schema: serde_json::Value = serde_json::from_str(&value).expect("JSON");
    let lot = &schema["fields"][0]["type"];
    let field = |name: &str| {
        lot["fields"]
            .as_array()
            .expect("fields")
            .iter()
            .find(|field| field["name"] == name)
            .unwrap_or_else(|| panic!("field {name}"))
            .clone()
    };
    // Defined once, then referred to by full name.
    assert_eq!(field("from")["type"]["type"], "record");
    assert_eq!(
        field("from")["type"]["aliases"],
        serde_json::json!(["Place"])
    );
    assert_eq!(field("to")["type"], "demo.avro.Location");
    assert_eq!(
        field("next")["type"],
        serde_json::json!(["null", "demo.avro.Lot"])
    );
    // 12.34 at scale 2 is 1234 = 0x04d2.
    assert_eq!(field("price")["default"], "\u{4}\u{d2}");
    assert_eq!(field("hold")["default"], "QUALITY");
    assert_eq!(field("hold")["type"]["default"], "UNKNOWN");
    assert_eq!(field("note")["type"], serde_json::json!(["string", "null"]));
    assert_eq!(field("note")["default"], "none");
    assert_eq!(field("raw")["default"], serde_json::Value::Null);
    // "AP8=" is base64 of 00 ff: code points 0 and 255.
    assert_eq!(field("magic")["default"], "\u{0}\u{ff}");
    assert_eq!(
        field("packed_at")["type"]["logicalType"],
        "timestamp-micros"
    );
    assert_eq!(schema["fields"][1]["aliases"], serde_json::json!(["when"]));
}
