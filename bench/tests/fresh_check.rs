//! The benchmark's fresh-process `check`: the child prints its figures on
//! one line, and the parent reports them beside the in-process runs.

use std::process::Command;

fn bench() -> Command {
    Command::new(env!("CARGO_BIN_EXE_weft-bench"))
}

#[test]
fn the_child_times_one_check_and_prints_wall_cpu_peak_faults_and_the_host() {
    let output = bench()
        .args(["--fresh-check", "300"])
        .output()
        .expect("the benchmark runs");
    assert!(output.status.success(), "{output:?}");
    let text = String::from_utf8_lossy(&output.stdout);
    let fields: Vec<&str> = text.split_whitespace().collect();
    assert_eq!(fields.len(), 6, "{text}");
    // The host probes: nanoseconds a fresh page and a memory load.
    for field in &fields[4..] {
        let nanos: f64 = field.parse().expect("nanoseconds");
        assert!(nanos > 0.0, "{text}");
    }
    if cfg!(target_os = "linux") {
        // A fresh process maps in the pages its trees and model take.
        let faults: u64 = fields[3].parse().expect("page faults");
        assert!(faults > 10, "{text}");
    }
    let wall: u64 = fields[0].parse().expect("wall nanoseconds");
    let peak: u64 = fields[2].parse().expect("peak bytes");
    assert!(wall > 0, "{text}");
    // A project of 300 declarations holds more than a few kilobytes of
    // trees and model at its peak.
    assert!(peak > 100_000, "{text}");
    if fields[1] != "-" {
        let cpu: u64 = fields[1].parse().expect("CPU nanoseconds");
        assert!(cpu > 0, "{text}");
    }
}

#[test]
fn the_report_has_the_fresh_process_check_of_each_size() {
    let output = bench()
        .args(["--sizes", "300", "--runs", "2", "--no-build", "--json"])
        .output()
        .expect("the benchmark runs");
    assert!(output.status.success(), "{output:?}");
    let report: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("the report is JSON");
    let size = &report["sizes"][0];
    assert_eq!(size["declarations"], 300);
    let fresh = &size["check_fresh_process"];
    assert!(fresh["ms"].as_f64().is_some_and(|ms| ms > 0.0), "{fresh}");
    assert!(
        fresh["peak_heap_bytes"]
            .as_u64()
            .is_some_and(|peak| peak > 100_000),
        "{fresh}"
    );
    if cfg!(target_os = "linux") {
        let faults = &size["check_fresh_process_page_faults"];
        assert!(
            faults.as_u64().is_some_and(|faults| faults > 10),
            "{faults}"
        );
    }
    for probe in ["host_fresh_page_us", "host_memory_load_ns"] {
        assert!(
            size[probe].as_f64().is_some_and(|cost| cost > 0.0),
            "{probe}: {}",
            size[probe]
        );
    }
}

#[test]
fn a_bad_size_for_the_child_is_refused() {
    let output = bench()
        .args(["--fresh-check", "many"])
        .output()
        .expect("the benchmark runs");
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stderr).contains("--fresh-check"));
}
