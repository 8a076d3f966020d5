//! `weft build`: the JSON Schemas of the example project compiled by Ajv
//! (JSON Schema 2020-12, strict mode) and checked against example payloads
//! made from the model (valid ones must pass, invalid ones must fail); the
//! whole `schemas` manifest snapshotted; byte-identical output across runs;
//! and the output folder's rules — unrelated files untouched, stale
//! generated files removed, foreign files at generated paths refused,
//! nothing generated from a model with errors.
//!
//! Ajv and ajv-formats are installed by `.ci/install-validators` (pinned in
//! `.ci/package.json`). Without them (or without Node.js) the validation
//! test fails, unless `WEFT_SKIP_EXTERNAL_VALIDATORS=1` is set.

mod support;

use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use weft_compiler::{check, CheckResult, Origin, SourceMap};
use weft_targets::schemas::{event_versions, examples, key_field};
use weft_targets::{Manifest, TargetName};

use support::{scratch, WEFT};
const RECORD: &str = ".weft-build.json";

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn example(name: &str) -> PathBuf {
    repo().join("examples").join(name)
}

fn weft_build(project: &Path, out: &Path, extra: &[&str]) -> Output {
    Command::new(WEFT)
        .arg("build")
        .arg(project)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .expect("weft runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn assert_built(output: &Output) {
    assert_eq!(
        output.status.code(),
        Some(0),
        "weft build failed:\n{}",
        stderr(output)
    );
}

/// Every file under `dir` (relative path → bytes).
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in fs::read_dir(&folder).expect("readable folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let relative = path
                    .strip_prefix(dir)
                    .expect("inside")
                    .to_string_lossy()
                    .replace('\\', "/");
                files.insert(relative, fs::read(&path).expect("readable file"));
            }
        }
    }
    files
}

/// The example project checked in-process (weft.toml and every .weft file).
fn checked(project: &Path) -> CheckResult {
    let mut sources = SourceMap::with_stdlib();
    let mut pending = vec![project.to_path_buf()];
    let mut files = Vec::new();
    while let Some(folder) = pending.pop() {
        for entry in fs::read_dir(&folder).expect("readable folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "weft")
                || path.file_name().is_some_and(|name| name == "weft.toml")
            {
                files.push(path);
            }
        }
    }
    files.sort();
    for path in files {
        let text = fs::read_to_string(&path).expect("UTF-8 source");
        sources.add(path.display().to_string(), text, Origin::Project);
    }
    let result = check(&sources);
    assert!(!result.has_errors(), "{} has errors", project.display());
    result
}

/// The `schemas` target's manifest for the example project.
fn schemas_manifest(result: &CheckResult) -> Manifest {
    weft_compiler::build(result, &[TargetName::Schemas])
        .unwrap_or_else(|error| panic!("the schemas target does not run: {error:?}"))
}

/// Whether Node.js and Ajv can be used; `false` (after a note) when they are
/// missing and `WEFT_SKIP_EXTERNAL_VALIDATORS=1` says to skip.
fn ajv_available() -> bool {
    let node = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success());
    let ajv = repo().join(".ci/node_modules/ajv/package.json").is_file()
        && repo()
            .join(".ci/node_modules/ajv-formats/package.json")
            .is_file();
    if node && ajv {
        return true;
    }
    if std::env::var("WEFT_SKIP_EXTERNAL_VALIDATORS").as_deref() == Ok("1") {
        eprintln!(
            "note: skipping JSON Schema validation: Node.js or Ajv is not installed \
             (WEFT_SKIP_EXTERNAL_VALIDATORS=1)"
        );
        return false;
    }
    panic!(
        "Ajv is not installed (needs Node.js and .ci/node_modules/ajv): run \
         `.ci/install-validators`, or set WEFT_SKIP_EXTERNAL_VALIDATORS=1 to skip this test"
    );
}

/// Asserts two folder trees hold the same files with the same bytes,
/// naming the first difference.
fn assert_same_tree(left: &BTreeMap<String, Vec<u8>>, right: &BTreeMap<String, Vec<u8>>) {
    assert_eq!(
        left.keys().collect::<Vec<_>>(),
        right.keys().collect::<Vec<_>>(),
        "different files"
    );
    for (path, bytes) in left {
        assert!(right.get(path) == Some(bytes), "`{path}` differs");
    }
}

fn write_json(path: &Path, value: &Value) {
    fs::write(path, format!("{value:#}\n")).expect("example written");
}

/// Writes a valid example and invalid variants for every event version
/// (and its key) next to the schemas' names; returns how many files.
fn write_examples(result: &CheckResult, dir: &Path) -> usize {
    let model = &result.model;
    let mut written = 0;
    for version in event_versions(model) {
        let example = examples::record(model, version.version.payload);
        assert!(
            example.notes.is_empty(),
            "the example of {} may not be valid: {:?}",
            version.topic,
            example.notes
        );
        write_json(
            &dir.join(format!("{}.valid.json", version.topic)),
            &example.value,
        );
        written += 1;
        let invalid = examples::invalid_variants(model, version.version.payload, &example.value);
        assert!(
            invalid.len() >= 2,
            "{}: too few invalid variants",
            version.topic
        );
        for (index, variant) in invalid.iter().enumerate() {
            write_json(
                &dir.join(format!("{}.invalid.{index}.json", version.topic)),
                &variant.value,
            );
            written += 1;
        }
        let event = model.event(version.event);
        if key_field(model, version.version, &event.key).is_some() {
            let key_path: Vec<String> = event.key.iter().map(ToString::to_string).collect();
            let key = examples::at_path(&example.value, &key_path)
                .cloned()
                .expect("the example has the key field");
            write_json(&dir.join(format!("{}-key.valid.json", version.topic)), &key);
            write_json(
                &dir.join(format!("{}-key.invalid.0.json", version.topic)),
                &json!({"not": "a key"}),
            );
            written += 2;
        }
    }
    written
}

/// Builds a project's schemas, writes example payloads for them and runs
/// Ajv over both; returns without validating when Ajv is missing and
/// `WEFT_SKIP_EXTERNAL_VALIDATORS=1`.
fn validate_with_ajv(project: &Path, scratch_name: &str, minimum_examples: usize) {
    let out = scratch(scratch_name);
    assert_built(&weft_build(
        project,
        &out.join("build"),
        &["--target", "schemas"],
    ));
    let result = checked(project);
    let examples_dir = out.join("examples");
    fs::create_dir_all(&examples_dir).expect("examples folder");
    let count = write_examples(&result, &examples_dir);
    assert!(count >= minimum_examples, "only {count} examples");
    if !ajv_available() {
        return;
    }
    let output = Command::new("node")
        .arg(repo().join(".ci/validate-json-schemas.mjs"))
        .arg(out.join("build/schemas"))
        .arg(&examples_dir)
        .output()
        .expect("node runs");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "Ajv found problems:\n{report}");
    assert!(
        report.contains(&format!("{count} examples checked, 0 problems")),
        "{report}"
    );
}

#[test]
fn acme_plant_schemas_pass_ajv_and_accept_only_valid_examples() {
    validate_with_ajv(&example("acme-plant"), "ajv-acme", 40);
}

/// A fixture with every kind of type: aliases of aliases, maps, bytes,
/// durations, decimals with ranges, deprecated fields and symbols, defaults,
/// a recursive record and a nested key.
#[test]
fn every_type_schemas_pass_ajv_and_accept_only_valid_examples() {
    validate_with_ajv(&every_type(), "ajv-every-type", 10);
}

fn every_type() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/build/every-type")
}

#[test]
fn schemas_manifest_snapshot() {
    let manifest = schemas_manifest(&checked(&example("acme-plant")));
    insta::assert_snapshot!("acme_plant_schemas", manifest_text(&manifest));
    let manifest = schemas_manifest(&checked(&every_type()));
    insta::assert_snapshot!("every_type_schemas", manifest_text(&manifest));
}

fn manifest_text(manifest: &Manifest) -> String {
    let mut text = String::new();
    for (path, bytes) in manifest.files() {
        text.push_str(&format!("=== {path}\n{}", String::from_utf8_lossy(bytes)));
    }
    text
}

#[test]
fn builds_are_byte_identical() {
    let dir = scratch("determinism");
    assert_built(&weft_build(&example("acme-plant"), &dir.join("one"), &[]));
    assert_built(&weft_build(&example("acme-plant"), &dir.join("two"), &[]));
    let one = tree(&dir.join("one"));
    assert!(one.len() > 30, "only {} files", one.len());
    assert!(one.contains_key(RECORD));
    assert_same_tree(&one, &tree(&dir.join("two")));
    // In-process, too: the same model gives the same manifest.
    let result = checked(&example("acme-plant"));
    assert_eq!(schemas_manifest(&result), schemas_manifest(&result));
}

#[test]
fn a_second_build_rewrites_nothing() {
    let out = scratch("unchanged");
    assert_built(&weft_build(&example("acme-plant"), &out, &[]));
    let file = out.join("schemas/registry.json");
    let before = fs::metadata(&file)
        .and_then(|m| m.modified())
        .expect("mtime");
    std::thread::sleep(std::time::Duration::from_millis(20));
    let output = weft_build(&example("acme-plant"), &out, &[]);
    assert_built(&output);
    assert!(
        stderr(&output).contains(": 0 files written"),
        "{}",
        stderr(&output)
    );
    let after = fs::metadata(&file)
        .and_then(|m| m.modified())
        .expect("mtime");
    assert_eq!(before, after, "an unchanged file was rewritten");
    // No temporary files are left behind.
    assert!(tree(&out).keys().all(|path| !path.contains("weft-tmp")));
}

#[test]
fn unrelated_files_are_left_alone() {
    let out = scratch("unrelated");
    fs::create_dir_all(out.join("schemas")).expect("folder");
    fs::create_dir_all(out.join("notes")).expect("folder");
    let mine = [
        ("README.md", "my notes\n"),
        ("notes/todo.txt", "keep me\n"),
        ("schemas/my-own.json", "{\"mine\": true}\n"),
        (".hidden", "secret\n"),
    ];
    for (path, text) in mine {
        fs::write(out.join(path), text).expect("user file");
    }
    assert_built(&weft_build(&example("acme-plant"), &out, &[]));
    assert_built(&weft_build(&example("acme-plant"), &out, &[]));
    for (path, text) in mine {
        assert_eq!(
            fs::read_to_string(out.join(path)).expect("still there"),
            text,
            "{path}"
        );
    }
    let record = fs::read_to_string(out.join(RECORD)).expect("record");
    assert!(!record.contains("my-own.json") && !record.contains("todo.txt"));
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Adds files to the build record as if an earlier build had written them
/// (format 2 names each hash's algorithm; SHA-256 is one it reads).
fn pretend_generated(out: &Path, files: &[(&str, &str)], folders: &[&str]) {
    let mut record: Value =
        serde_json::from_str(&fs::read_to_string(out.join(RECORD)).expect("record")).expect("JSON");
    for (path, text) in files {
        if let Some(parent) = out.join(path).parent() {
            fs::create_dir_all(parent).expect("folder");
        }
        fs::write(out.join(path), text).expect("file");
        record["files"]
            .as_array_mut()
            .expect("files")
            .push(json!({"path": path, "hash": format!("sha256:{}", sha256(text.as_bytes()))}));
    }
    for folder in folders {
        record["folders"]
            .as_array_mut()
            .expect("folders")
            .push(json!(folder));
    }
    fs::write(out.join(RECORD), format!("{record:#}\n")).expect("record written");
}

/// A record in format 1 (each file's SHA-256 in `sha256`), as versions
/// before format 2 wrote it, is read: its hashes still tell weft's files
/// from edited ones, and the next build records format 2.
#[test]
fn a_format_1_record_of_an_earlier_version_is_read() {
    let out = scratch("format-1");
    assert_built(&weft_build(&example("acme-plant"), &out, &[]));
    let mut record: Value =
        serde_json::from_str(&fs::read_to_string(out.join(RECORD)).expect("record")).expect("JSON");
    record["format"] = json!(1);
    for file in record["files"].as_array_mut().expect("files") {
        let path = file["path"].as_str().expect("path").to_string();
        let bytes = fs::read(out.join(&path)).expect("generated file");
        *file = json!({"path": path, "sha256": sha256(&bytes)});
    }
    // A stale file the old version wrote (same bytes): removed, which takes
    // its SHA-256 matching.
    fs::write(out.join("schemas/old.json"), "{}\n").expect("stale file");
    record["files"]
        .as_array_mut()
        .expect("files")
        .push(json!({"path": "schemas/old.json", "sha256": sha256(b"{}\n")}));
    fs::write(out.join(RECORD), format!("{record:#}\n")).expect("record written");
    // An edited file: its bytes match no recorded hash.
    let file = out.join("schemas/registry.json");
    fs::write(&file, "edited\n").expect("edit");
    let output = weft_build(&example("acme-plant"), &out, &[]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("was edited since weft generated it"),
        "{}",
        stderr(&output)
    );
    let output = weft_build(&example("acme-plant"), &out, &["--force"]);
    assert_built(&output);
    assert!(stderr(&output).contains("1 removed"), "{}", stderr(&output));
    assert!(!out.join("schemas/old.json").exists());
    let record: Value =
        serde_json::from_str(&fs::read_to_string(out.join(RECORD)).expect("record")).expect("JSON");
    assert_eq!(record["format"], 2);
    for file in record["files"].as_array().expect("files") {
        let hash = file["hash"].as_str().expect("a named hash");
        assert!(
            hash.starts_with("xxh3-128:") && hash.len() == 9 + 32,
            "{file}"
        );
        assert!(file.get("sha256").is_none(), "{file}");
    }
    let output = weft_build(&example("acme-plant"), &out, &[]);
    assert_built(&output);
    assert!(
        stderr(&output).contains(": 0 files written"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn stale_generated_files_are_removed() {
    let out = scratch("stale");
    assert_built(&weft_build(&example("acme-plant"), &out, &[]));
    pretend_generated(
        &out,
        &[
            ("schemas/production.retired.v1.json", "{}\n"),
            ("retired/deep/old.json", "{}\n"),
            ("retired/edited.json", "{}\n"),
        ],
        &["retired", "retired/deep"],
    );
    fs::write(out.join("retired/edited.json"), "{\"edited\": true}\n").expect("edit");
    let output = weft_build(&example("acme-plant"), &out, &[]);
    assert_built(&output);
    assert!(stderr(&output).contains("2 removed"), "{}", stderr(&output));
    assert!(!out.join("schemas/production.retired.v1.json").exists());
    assert!(
        !out.join("retired/deep").exists(),
        "an emptied folder weft created was kept"
    );
    // An edited stale file is the user's now: kept, forgotten, reported.
    assert!(out.join("retired/edited.json").exists());
    assert!(stderr(&output).contains("edited since weft wrote it"));
    let record = fs::read_to_string(out.join(RECORD)).expect("record");
    assert!(!record.contains("retired/"), "{record}");
    assert!(out.join("schemas/registry.json").exists());
}

/// `--force` lets weft replace an edited file it generates again; an edited
/// file it no longer generates has no replacement, so it is kept (and
/// reported) even with `--force`, as `docs/build.md` promises.
#[test]
fn force_never_removes_an_edited_stale_file() {
    let out = scratch("force-stale");
    assert_built(&weft_build(&example("acme-plant"), &out, &[]));
    pretend_generated(
        &out,
        &[
            ("retired/edited.json", "{}\n"),
            ("retired/clean.json", "{}\n"),
        ],
        &["retired"],
    );
    fs::write(out.join("retired/edited.json"), "{\"edited\": true}\n").expect("edit");
    let current = out.join("schemas/registry.json");
    let regenerated = fs::read(&current).expect("generated");
    fs::write(&current, "edited\n").expect("edit");
    let output = weft_build(&example("acme-plant"), &out, &["--force"]);
    assert_built(&output);
    assert_eq!(
        fs::read_to_string(out.join("retired/edited.json")).expect("kept"),
        "{\"edited\": true}\n"
    );
    assert!(
        stderr(&output).contains("left `")
            && stderr(&output).contains("edited since weft wrote it"),
        "{}",
        stderr(&output)
    );
    assert!(
        !out.join("retired/clean.json").exists(),
        "an unedited stale file was kept"
    );
    assert_eq!(fs::read(&current).expect("replaced"), regenerated);
}

#[test]
fn building_fewer_targets_keeps_the_others_files() {
    let out = scratch("fewer-targets");
    assert_built(&weft_build(&example("acme-plant"), &out, &[]));
    let before = tree(&out);
    let output = weft_build(&example("acme-plant"), &out, &["--target", "schemas"]);
    assert_built(&output);
    assert!(stderr(&output).contains("0 removed"), "{}", stderr(&output));
    assert_same_tree(&before, &tree(&out));
}

#[test]
fn a_lost_record_is_rebuilt_without_rewriting_files() {
    let out = scratch("lost-record");
    assert_built(&weft_build(&example("acme-plant"), &out, &[]));
    let mut before = tree(&out);
    fs::remove_file(out.join(RECORD)).expect("record removed");
    let output = weft_build(&example("acme-plant"), &out, &[]);
    assert_built(&output);
    assert!(
        stderr(&output).contains(": 0 files written"),
        "{}",
        stderr(&output)
    );
    // The same files, all recorded again (the folders existed this time, so
    // the record no longer claims them).
    let mut after = tree(&out);
    let record: Value =
        serde_json::from_slice(&after.remove(RECORD).expect("record")).expect("JSON");
    before.remove(RECORD);
    assert_same_tree(&before, &after);
    let recorded: Vec<&str> = record["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter_map(|file| file["path"].as_str())
        .collect();
    // Write-once files (the rust target's `Cargo.toml` and `src/lib.rs`
    // per crate) are the user's, never in the record.
    let write_once = |path: &&str| {
        path.starts_with("rust/crates/")
            && (path.ends_with("/src/lib.rs") || path.ends_with("/Cargo.toml"))
    };
    assert_eq!(
        recorded,
        before
            .keys()
            .map(String::as_str)
            .filter(|path| !write_once(path))
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_foreign_file_at_a_generated_path_is_refused() {
    let out = scratch("foreign");
    fs::create_dir_all(out.join("schemas")).expect("folder");
    fs::write(out.join("schemas/registry.json"), "mine\n").expect("user file");
    let output = weft_build(&example("acme-plant"), &out, &[]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("registry.json` exists and weft did not generate it"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        fs::read_to_string(out.join("schemas/registry.json")).expect("kept"),
        "mine\n"
    );
    assert_eq!(
        tree(&out).len(),
        1,
        "something was written: {:?}",
        tree(&out).keys()
    );
}

#[test]
fn an_edited_generated_file_needs_force() {
    let out = scratch("edited");
    assert_built(&weft_build(&example("acme-plant"), &out, &[]));
    let file = out.join("schemas/registry.json");
    let original = fs::read(&file).expect("generated");
    fs::write(&file, "edited\n").expect("edit");
    let output = weft_build(&example("acme-plant"), &out, &[]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("was edited since weft generated it"));
    // The advice says what `--force` costs: the edits.
    assert!(
        stderr(&output).contains("`--force` to overwrite the edits"),
        "{}",
        stderr(&output)
    );
    assert_eq!(fs::read_to_string(&file).expect("kept"), "edited\n");
    assert_built(&weft_build(&example("acme-plant"), &out, &["--force"]));
    assert_eq!(fs::read(&file).expect("regenerated"), original);
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_out_of_the_folder_is_not_followed() {
    let dir = scratch("symlink");
    let outside = dir.join("outside");
    let out = dir.join("out");
    fs::create_dir_all(&outside).expect("folder");
    fs::create_dir_all(&out).expect("folder");
    std::os::unix::fs::symlink(&outside, out.join("schemas")).expect("symlink");
    let output = weft_build(&example("acme-plant"), &out, &[]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("symbolic link that leads outside"),
        "{}",
        stderr(&output)
    );
    assert!(tree(&outside).is_empty(), "weft wrote through the link");
    assert!(!out.join(RECORD).exists());
}

#[test]
fn a_model_with_errors_generates_nothing() {
    let dir = scratch("broken");
    let out = dir.join("out");
    let output = weft_build(&example("broken-plant"), &out, &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("nothing was generated"),
        "{}",
        stderr(&output)
    );
    assert!(!out.exists(), "the output folder was created");
}

#[test]
fn an_unknown_target_is_a_usage_error() {
    let dir = scratch("unknown-target");
    let out = dir.join("out");
    let output = weft_build(&example("acme-plant"), &out, &["--target", "schemas,cobol"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("unknown target `cobol`"),
        "{}",
        stderr(&output)
    );
    assert!(!out.exists());
}
