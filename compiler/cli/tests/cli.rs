//! The `weft` binary end to end: exit codes, output formats, init, fmt, and
//! hostile input (garbage, truncation, deep nesting, a 1 MB line) that must
//! end in diagnostics and exit 1, never a crash or a hang.

mod support;

use std::path::Path;
use std::process::Output;

// `weft` runs the binary under a hang guard (a run that does not finish in
// a minute fails the test), its output through files.
use support::{scratch, weft};

fn repo(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
        .display()
        .to_string()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn check_file(name: &str, content: &[u8]) -> Output {
    let dir = scratch(name);
    let file = dir.join("input.weft");
    std::fs::write(&file, content).expect("write input");
    weft(&["check", &file.display().to_string()])
}

#[test]
fn the_example_project_checks_clean() {
    let output = weft(&["check", &repo("examples/acme-plant")]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn syntax_errors_exit_1_with_codes_and_help() {
    let output = weft(&[
        "check",
        &repo("tests/fixtures/parse/err/three_broken_between_good.weft"),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(
        text.contains("error[E001]") && text.contains("help:"),
        "{text}"
    );
}

#[test]
fn debug_ast_prints_the_same_tree_from_the_parser_and_the_oracle() {
    let tour = repo("docs/syntax-tour.weft");
    let parsed = weft(&["debug", "ast", &tour]);
    let oracle = weft(&["debug", "ast", "--oracle", &tour]);
    assert_eq!(parsed.status.code(), Some(0), "{}", stderr(&parsed));
    assert_eq!(oracle.status.code(), Some(0), "{}", stderr(&oracle));
    assert!(parsed.stdout.len() > 1_000);
    assert_eq!(
        String::from_utf8_lossy(&parsed.stdout),
        String::from_utf8_lossy(&oracle.stdout)
    );
}

#[test]
fn json_output_lists_diagnostics_with_positions() {
    let output = weft(&[
        "check",
        "--format",
        "json",
        &repo("tests/fixtures/parse/err/unclosed_block.weft"),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    let first = &report["diagnostics"][0];
    assert_eq!(first["code"], "E003");
    assert_eq!(first["location"]["line"], 3);
    assert_eq!(report["errors"], 1);
}

#[test]
fn unusable_paths_and_usage_exit_2() {
    assert_eq!(weft(&["check", "/no/such/path"]).status.code(), Some(2));
    let not_a_project = scratch("not-a-project");
    let output = weft(&["check", &not_a_project.display().to_string()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("weft.toml"));
    assert_eq!(weft(&["check", "--format", "yaml"]).status.code(), Some(2));
    assert_eq!(weft(&["explain", "E999"]).status.code(), Some(2));
}

#[test]
fn explain_prints_the_page() {
    let output = weft(&["explain", "e003"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("# E003"));
}

#[test]
fn init_creates_a_project_that_checks_clean_and_never_overwrites() {
    let parent = scratch("init");
    let dir = parent.join("plant-integration");
    let dir_arg = dir.display().to_string();
    let output = weft(&["init", &dir_arg]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let manifest = std::fs::read_to_string(dir.join("weft.toml")).expect("manifest");
    assert!(manifest.contains("name = \"plant-integration\""));
    let output = weft(&["check", &dir_arg]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    std::fs::write(dir.join("model.weft"), "// mine\n").expect("edit");
    assert_eq!(weft(&["init", &dir_arg]).status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(dir.join("model.weft")).expect("model"),
        "// mine\n"
    );
}

#[test]
fn fmt_check_names_unformatted_files_and_fmt_fixes_them() {
    let dir = scratch("fmt");
    let file = dir.join("messy.weft");
    std::fs::write(&file, "package demo\nrecord   A {\n      a:string\n}\n").expect("write");
    let file_arg = file.display().to_string();
    let output = weft(&["fmt", "--check", &file_arg]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stdout).contains("messy.weft"));
    assert_eq!(weft(&["fmt", &file_arg]).status.code(), Some(0));
    assert_eq!(weft(&["fmt", "--check", &file_arg]).status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(&file).expect("read"),
        "package demo\n\nrecord A {\n  a: string\n}\n"
    );
}

#[test]
fn fmt_leaves_files_with_syntax_errors_untouched() {
    let dir = scratch("fmt-broken");
    let file = dir.join("broken.weft");
    let text = "package demo\nrecord A {\n  a string\n}\n";
    std::fs::write(&file, text).expect("write");
    let output = weft(&["fmt", &file.display().to_string()]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&file).expect("read"), text);
}

#[test]
fn examples_are_formatted() {
    let output = weft(&["fmt", "--check", &repo("examples"), &repo("stdlib/std")]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

#[test]
fn garbage_ends_in_diagnostics() {
    let mut state: u32 = 0x2545_f491;
    let bytes: Vec<u8> = (0..64 * 1024)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            (state % 95 + 32) as u8
        })
        .collect();
    let output = check_file("garbage", &bytes);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("error[E"));
}

#[test]
fn binary_input_is_reported_as_not_utf8() {
    let output = check_file("binary", b"package demo\n\xff\xfe\x00\x01");
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("E011"));
}

#[test]
fn truncated_files_end_in_diagnostics() {
    let tour = std::fs::read_to_string(repo("docs/syntax-tour.weft")).expect("tour");
    for marker in [
        "version 2 {",
        "operation expedite",
        "parallel notify",
        "mock position",
    ] {
        let cut = tour.find(marker).expect("marker in tour") + marker.len();
        let output = check_file("truncated", &tour.as_bytes()[..cut]);
        assert_eq!(output.status.code(), Some(1), "cut after {marker}");
        assert!(
            stderr(&output).contains("error[E003]"),
            "cut after {marker}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn two_hundred_thousand_nested_braces_end_in_diagnostics() {
    let text = format!("package demo\n\nrecord A {}\n", "{".repeat(200_000));
    let output = check_file("nested", text.as_bytes());
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("error[E004]"));
}

#[test]
fn a_one_megabyte_line_ends_in_diagnostics() {
    let text = format!(
        "package demo\n\nrecord A {{\n  {}\n}}\n",
        "x".repeat(1 << 20)
    );
    let output = check_file("long-line", text.as_bytes());
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("error[E001]"));
    let text = format!(
        "package demo\n\nrecord A {{\n  a: string = \"{}\n}}\n",
        "y".repeat(1 << 20)
    );
    let output = check_file("long-string", text.as_bytes());
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("error[E002]"));
}

/// A file that is not a weft source is refused (exit 2), not
/// checked as an empty project with "no problems found".
#[test]
fn check_refuses_files_that_are_not_weft_sources() {
    let dir = scratch("not-weft");
    for name in ["notes.txt", "weft.toml", "model.wft"] {
        let file = dir.join(name);
        std::fs::write(&file, "[project]\nname = \"a\"\nversion = \"0.1.0\"\n").expect("write");
        let output = weft(&["check", &file.display().to_string()]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{name}: {stderr}");
        assert!(stderr.contains("is not a weft source"), "{name}: {stderr}");
        assert!(!stderr.contains("no problems found"), "{name}: {stderr}");
    }
}
