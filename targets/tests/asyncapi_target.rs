//! The `asyncapi` target: the example landscape and a target fixture
//! (`tests/fixtures/targets/asyncapi`: a compacted keyed event kept for
//! ever, named and default dead-letter topics, several consumers including
//! workflows, an event with three versions) are generated through the
//! library, snapshotted, checked to be byte-identical across runs, and
//! validated by the official AsyncAPI parser (`@asyncapi/parser`, which also
//! runs its Spectral ruleset) through `.ci/validate-asyncapi.mjs`: no
//! error-severity diagnostic is allowed.
//!
//! The parser is installed by `.ci/install-validators` (pinned in
//! `.ci/package.json`). Without it (or without Node.js) the validation tests
//! fail, unless `WEFT_SKIP_EXTERNAL_VALIDATORS=1` is set.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use support::repo;
use weft_compiler::{check, BuildError, Origin, SourceMap};
use weft_targets::{Manifest, TargetName};

fn example() -> PathBuf {
    repo().join("examples/acme-plant")
}

fn fixture() -> PathBuf {
    repo().join("tests/fixtures/targets/asyncapi")
}

/// Loads and checks a project, then runs the AsyncAPI target on it.
fn generate(project: &Path) -> Manifest {
    support::generate(project, TargetName::AsyncApi)
}

fn text<'m>(manifest: &'m Manifest, path: &str) -> &'m str {
    std::str::from_utf8(
        manifest
            .get(path)
            .unwrap_or_else(|| panic!("{path} generated")),
    )
    .expect("UTF-8 output")
}

/// Whether the parser can run; `false` (after a note) when it is missing and
/// `WEFT_SKIP_EXTERNAL_VALIDATORS=1` says to skip.
fn parser_available() -> bool {
    let installed = repo()
        .join(".ci/node_modules/@asyncapi/parser/package.json")
        .is_file();
    let node = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success());
    if installed && node {
        return true;
    }
    if std::env::var("WEFT_SKIP_EXTERNAL_VALIDATORS").as_deref() == Ok("1") {
        eprintln!(
            "note: skipping AsyncAPI validation: the AsyncAPI parser or Node.js is not installed \
             (WEFT_SKIP_EXTERNAL_VALIDATORS=1)"
        );
        return false;
    }
    panic!(
        "the AsyncAPI parser is not installed (.ci/node_modules/@asyncapi/parser{}): \
         run `.ci/install-validators`, or set WEFT_SKIP_EXTERNAL_VALIDATORS=1 to skip this test",
        if node {
            ""
        } else {
            ", and `node` is not on the PATH"
        }
    );
}

/// Writes the manifest's files under a fresh folder and runs
/// `.ci/validate-asyncapi.mjs` on them; panics on any error diagnostic.
fn validate(manifest: &Manifest, name: &str) {
    if !parser_available() {
        return;
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("asyncapi-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    let mut paths = Vec::new();
    for (path, contents) in manifest.files() {
        let file = dir.join(path);
        std::fs::create_dir_all(file.parent().expect("a parent folder")).expect("folder created");
        std::fs::write(&file, contents).expect("file written");
        paths.push(file);
    }
    assert!(!paths.is_empty(), "nothing generated");
    let output = Command::new("node")
        .arg(repo().join(".ci/validate-asyncapi.mjs"))
        .args(&paths)
        .current_dir(repo())
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    // Warnings are allowed; show them in the test output.
    println!("{stdout}");
    assert!(
        output.status.success(),
        "the AsyncAPI parser reported errors:\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains(&format!("{} document(s), 0 error(s)", paths.len())),
        "unexpected validator output:\n{stdout}\n{stderr}"
    );
}

#[test]
fn example_has_one_document_per_domain() {
    let manifest = generate(&example());
    let paths: Vec<&str> = manifest.files().map(|(path, _)| path).collect();
    assert_eq!(
        paths,
        [
            "asyncapi/finance.yaml",
            "asyncapi/logistics.yaml",
            "asyncapi/platform.yaml",
            "asyncapi/procurement.yaml",
            "asyncapi/production.yaml",
        ]
    );
    for (path, contents) in manifest.files() {
        let name = path
            .trim_start_matches("asyncapi/")
            .trim_end_matches(".yaml");
        insta::assert_snapshot!(
            format!("acme_plant_{name}"),
            std::str::from_utf8(contents).expect("UTF-8 output")
        );
    }
}

#[test]
fn example_passes_the_asyncapi_parser() {
    validate(&generate(&example()), "acme-plant");
}

#[test]
fn output_is_byte_identical_across_runs() {
    assert_eq!(generate(&example()), generate(&example()));
    assert_eq!(generate(&fixture()), generate(&fixture()));
}

#[test]
fn fixture_snapshots() {
    let manifest = generate(&fixture());
    for (path, contents) in manifest.files() {
        let name = path
            .trim_start_matches("asyncapi/")
            .trim_end_matches(".yaml");
        insta::assert_snapshot!(
            format!("fixture_{name}"),
            std::str::from_utf8(contents).expect("UTF-8 output")
        );
    }
}

#[test]
fn fixture_passes_the_asyncapi_parser() {
    validate(&generate(&fixture()), "fixture");
}

#[test]
fn compacted_event_kept_for_ever_with_a_named_dead_letter_topic() {
    let manifest = generate(&fixture());
    let inventory = text(&manifest, "asyncapi/inventory.yaml");
    for expected in [
        "address: inventory.stock_level.v1",
        "partitions: 12",
        "cleanup.policy:\n          - compact",
        "retention.ms: -1",
        "delete.retention.ms: 86400000",
        "min.insync.replicas: 2",
        "address: inventory.stock_level.v2",
        // Both versions share the named dead-letter topic: one channel
        // carrying both versions' messages.
        "  stockLevelDeadLetter:\n    address: inventory.stock_level.failed\n",
        "    - inventory.stock_level.v1\n    - inventory.stock_level.v2\n",
        "x-weft-dead-letter: inventory.stock_level.failed",
        "warehouse.sendStockLevelV1:",
        "host: kafka.prod.example:9092",
        "schemaRegistryUrl: https://registry.example",
        "url: https://wiki.example/inventory",
    ] {
        assert!(
            inventory.contains(expected),
            "`{expected}` missing:\n{inventory}"
        );
    }
    // The key is the schema of the key field, a `$ref` with a description.
    assert!(
        inventory.contains(
            "key:\n            description: 'The partition key: the payload''s `material`.'\n            \
             allOf:\n            - $ref: '#/components/schemas/MaterialId'"
        ),
        "{inventory}"
    );
}

#[test]
fn every_version_has_a_channel_and_readers_get_operations_in_their_domain() {
    let manifest = generate(&fixture());
    let buying = text(&manifest, "asyncapi/buying.yaml");
    for expected in [
        // The producer's domain has all three versions, with default
        // dead-letter topics per version.
        "address: buying.price_changed.v1",
        "address: buying.price_changed.v2",
        "address: buying.price_changed.v3",
        "address: buying.price_changed.v3.dlq",
        "purchasing.sendPriceChangedV2:",
        "partitions: 3",
        "retention.ms: 7776000000",
        // Readers in this domain.
        "portal.receivePriceChangedV1:",
        "portal.deadLetterPriceChangedV1:",
        "purchasing.receiveStockLevelV1:",
        "purchasing.deadLetterStockLevelV1:",
    ] {
        assert!(buying.contains(expected), "`{expected}` missing:\n{buying}");
    }
    // The warehouse (inventory) reads v2 only: its document has v2 and the
    // stock level, not v1 or v3 of the price.
    let inventory = text(&manifest, "asyncapi/inventory.yaml");
    assert!(inventory.contains("warehouse.receivePriceChangedV2:"));
    assert!(!inventory.contains("address: buying.price_changed.v1\n"));
    assert!(!inventory.contains("address: buying.price_changed.v3\n"));
    // Workflows get their own consumer group on their host.
    let hub = text(&manifest, "asyncapi/hub.yaml");
    for expected in [
        "orchestrator.ReorderOnLowStock.receiveStockLevelV1:",
        "- asyncapi-fixture.orchestrator.reorder_on_low_stock",
        "orchestrator.WatchPrices.receivePriceChangedV3:",
        "- asyncapi-fixture.orchestrator.watch_prices",
        "orchestrator.receiveStockLevelV1:",
        "- asyncapi-fixture.orchestrator\n",
        "orchestrator.sendReorderRequestedV1:",
    ] {
        assert!(hub.contains(expected), "`{expected}` missing:\n{hub}");
    }
}

#[test]
fn settings_errors_are_reported() {
    let mut sources = SourceMap::with_stdlib();
    let project = fixture();
    sources.add(
        "weft.toml",
        "[project]\nname = \"x\"\nversion = \"1.0.0\"\n\n[targets.asyncapi]\nservers = \"kafka:9092\"\nreplicas = 0\n"
            .to_string(),
        Origin::Project,
    );
    let text = std::fs::read_to_string(project.join("landscape.weft")).expect("fixture readable");
    sources.add("landscape.weft", text, Origin::Project);
    // `weft check` finds them, with codes; `build` then refuses.
    let result = check(&sources);
    let codes: Vec<String> = result
        .diagnostics
        .iter()
        .map(|diagnostic| diagnostic.code.to_string())
        .collect();
    assert_eq!(codes, ["E802", "E803"], "{:?}", result.diagnostics);
    assert!(matches!(
        weft_compiler::build(&result, &[TargetName::AsyncApi]),
        Err(BuildError::HasErrors)
    ));
}

/// Issue 14 item 13: the brokers' security scheme comes from the settings,
/// and a Kafka document never carries the rules of HTTP APIs or workflow
/// steps (scopes, audit, idempotency, timeouts).
#[test]
fn kafka_security_from_settings_and_no_http_rules_on_channels() {
    for project in [example(), fixture()] {
        let manifest = generate(&project);
        for (path, contents) in manifest.files() {
            let document: serde_json::Value =
                serde_yaml::from_slice(contents).expect("the output is YAML");
            assert!(
                document["info"]["license"]["name"].is_string(),
                "{path}: no license"
            );
            let mut pending = vec![&document];
            while let Some(value) = pending.pop() {
                match value {
                    serde_json::Value::Object(map) => {
                        if let Some(policies) = map.get("x-weft-policies") {
                            for rule in policies
                                .as_array()
                                .into_iter()
                                .flatten()
                                .flat_map(|policy| policy["rules"].as_array().into_iter().flatten())
                            {
                                let rule = rule.as_str().unwrap_or_default();
                                assert!(
                                    ![
                                        "auth ",
                                        "require audit",
                                        "require idempotency",
                                        "timeout ",
                                        "require timeout"
                                    ]
                                    .iter()
                                    .any(|http| rule.starts_with(http)),
                                    "{path}: `{rule}` on a Kafka document"
                                );
                            }
                        }
                        pending.extend(map.values());
                    }
                    serde_json::Value::Array(items) => pending.extend(items),
                    _ => {}
                }
            }
        }
    }
    let manifest = generate(&fixture());
    let (_, contents) = manifest.files().next().expect("a document");
    let document: serde_json::Value = serde_yaml::from_slice(contents).expect("YAML");
    assert_eq!(
        document["components"]["securitySchemes"]["saslScramSha512"]["type"],
        "scramSha512"
    );
    for (_, server) in document["servers"].as_object().expect("servers") {
        assert_eq!(server["protocol"], "kafka-secure");
        assert_eq!(
            server["security"][0]["$ref"],
            "#/components/securitySchemes/saslScramSha512"
        );
    }
}
