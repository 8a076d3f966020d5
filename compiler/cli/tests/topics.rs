//! `weft topics plan|apply` against a real Kafka-protocol broker: tansu
//! (crates.io, built into ~/.cache/weft-ci/tansu by `.ci/install-tansu`),
//! started on a free loopback port with in-memory storage and killed when the
//! test ends. The example's plan is applied, every topic is read back with
//! confluent-kafka's AdminClient (`.ci/install-kafka-python`; librdkafka, not
//! weft's client) and compared with `kafka/topics.json`; a second apply
//! changes nothing; a changed model gives exactly the changed topics; fewer
//! partitions are refused (exit 1); an unreachable broker is exit 2.
//!
//! Without tansu or the Python clients the test fails, unless
//! `WEFT_SKIP_EXTERNAL_VALIDATORS=1` is set.

mod support;

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;
use support::tansu::{cache, free_port, start_broker, tansu};
use support::{scratch, weft};

fn python() -> PathBuf {
    cache().join("venv-kafka/bin/python")
}

fn tools_available() -> bool {
    if tansu().is_file() && python().is_file() {
        return true;
    }
    if std::env::var("WEFT_SKIP_EXTERNAL_VALIDATORS").as_deref() == Ok("1") {
        eprintln!("note: skipping the broker tests: tansu or the Python Kafka clients are missing (WEFT_SKIP_EXTERNAL_VALIDATORS=1)");
        return false;
    }
    panic!(
        "tansu ({}) or the Python Kafka clients ({}) are missing: run .ci/install-tansu and .ci/install-kafka-python, or set WEFT_SKIP_EXTERNAL_VALIDATORS=1",
        tansu().display(),
        python().display()
    );
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/acme-plant")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("folder");
    for entry in std::fs::read_dir(from).expect("readable").flatten() {
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copied");
        }
    }
}

/// The plan as `weft build --target kafka` writes it: name → topic.
fn built_plan(project: &Path, out: &Path) -> BTreeMap<String, Value> {
    let output = weft(&[
        "build",
        &project.display().to_string(),
        "--out",
        &out.display().to_string(),
        "--target",
        "kafka",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = std::fs::read_to_string(out.join("kafka/topics.json")).expect("topics.json");
    let plan: Value = serde_json::from_str(&text).expect("JSON");
    plan["topics"]
        .as_array()
        .expect("topics")
        .iter()
        .map(|topic| {
            (
                topic["name"].as_str().expect("name").to_string(),
                topic.clone(),
            )
        })
        .collect()
}

fn topics(action: &str, project: &Path, broker: &str) -> (i32, String, String) {
    let output = weft(&[
        "topics",
        action,
        &project.display().to_string(),
        "--bootstrap",
        broker,
    ]);
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The cluster's topics read with confluent-kafka.
fn read_back(broker: &str, keys: &BTreeSet<String>) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/describe_topics.py");
    let output = Command::new(python())
        .arg(script)
        .arg(broker)
        .args(keys)
        .output()
        .expect("python runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON from the reader")
}

#[test]
fn apply_the_example_and_read_it_back() {
    if !tools_available() {
        return;
    }
    let broker = start_broker();
    let work = scratch("topics");
    let project = work.join("acme-plant");
    copy_dir(&example(), &project);
    let plan = built_plan(&project, &work.join("out"));

    // plan: every topic is created, nothing else.
    let (code, stdout, stderr) = topics("plan", &project, &broker.address);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert_eq!(stdout.matches("+ create ").count(), plan.len(), "{stdout}");
    assert!(
        stdout.contains(&format!(
            "Plan: {} to create, 0 to change, 0 to delete, 0 refused.",
            plan.len()
        )),
        "{stdout}"
    );

    // apply, then read back with an independent client.
    let (code, stdout, stderr) = topics("apply", &project, &broker.address);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.contains(&format!("Applied {} change(s).", plan.len())),
        "{stdout}"
    );
    let keys: BTreeSet<String> = plan
        .values()
        .flat_map(|topic| {
            topic["configs"]
                .as_object()
                .expect("configs")
                .keys()
                .cloned()
        })
        .collect();
    let cluster = read_back(&broker.address, &keys);
    let names: BTreeSet<&String> = cluster.as_object().expect("topics").keys().collect();
    assert_eq!(names, plan.keys().collect::<BTreeSet<_>>());
    for (name, topic) in &plan {
        assert_eq!(cluster[name]["partitions"], topic["partitions"], "{name}");
        assert_eq!(cluster[name]["configs"], topic["configs"], "{name}");
    }

    // A second apply changes nothing.
    let (code, stdout, stderr) = topics("apply", &project, &broker.address);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.contains("No changes: the cluster matches the plan."),
        "{stdout}"
    );
    assert!(!stdout.contains("Applied"), "{stdout}");

    // Keep goods receipts 60 days instead of 30: exactly the topics whose
    // configurations changed in topics.json are altered, and only there.
    let file = project.join("logistics/goods_receipts.weft");
    let text = std::fs::read_to_string(&file).expect("readable");
    assert!(text.contains("retention 30d"));
    std::fs::write(&file, text.replacen("retention 30d", "retention 60d", 1)).expect("written");
    let changed_plan = built_plan(&project, &work.join("out2"));
    let expected: BTreeSet<&String> = changed_plan
        .iter()
        .filter(|(name, topic)| plan[*name]["configs"] != topic["configs"])
        .map(|(name, _)| name)
        .collect();
    assert!(expected.contains(&"logistics.goods_received.v1".to_string()));
    let (code, stdout, stderr) = topics("plan", &project, &broker.address);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let altered: BTreeSet<String> = stdout
        .lines()
        .filter_map(|line| line.strip_prefix("~ alter "))
        .map(str::to_string)
        .collect();
    assert_eq!(
        altered.iter().collect::<BTreeSet<_>>(),
        expected,
        "{stdout}"
    );
    assert!(
        stdout.contains("retention.ms: 2592000000 -> 5184000000"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("+ create") && !stdout.contains("- delete"),
        "{stdout}"
    );
    let (code, stdout, _) = topics("apply", &project, &broker.address);
    assert_eq!(code, 0, "{stdout}");
    let (_, stdout, _) = topics("plan", &project, &broker.address);
    assert!(stdout.contains("No changes"), "{stdout}");

    // Fewer partitions than the cluster has: refused, nothing applied.
    let file = project.join("logistics/goods_receipts.weft");
    let text = std::fs::read_to_string(&file).expect("readable");
    let text = text.replacen(
        "event GoodsReceived {",
        "@partitions(2)\nevent GoodsReceived {",
        1,
    );
    std::fs::write(&file, text).expect("written");
    let (code, stdout, stderr) = topics("apply", &project, &broker.address);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(
        stdout.contains(
            "! refused logistics.goods_received.v1: the plan has 2 partitions but the topic has 6"
        ),
        "{stdout}"
    );
    assert!(stderr.contains("nothing was applied"), "{stderr}");
    let after = read_back(&broker.address, &keys);
    assert_eq!(after["logistics.goods_received.v1"]["partitions"], 6);
}

#[test]
fn an_unreachable_broker_is_exit_2() {
    // A port that was free a moment ago: nothing listens there.
    let address = format!("127.0.0.1:{}", free_port());
    let (code, stdout, stderr) = topics("plan", &example(), &address);
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(stderr.contains("cannot connect"), "{stderr}");
}

#[test]
fn a_silent_broker_times_out_with_exit_2() {
    // Accepts the connection and never answers.
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("address").to_string();
    let holder = std::thread::spawn(move || {
        let connection = listener.accept();
        std::thread::sleep(Duration::from_secs(4));
        drop(connection);
    });
    let output = weft(&[
        "topics",
        "plan",
        &example().display().to_string(),
        "--bootstrap",
        &address,
        "--timeout",
        "1",
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("no answer within 1 s"), "{stderr}");
    let _ = holder.join();
}
