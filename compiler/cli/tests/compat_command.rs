//! `weft compat PATH --against BASELINE` and `weft lock PATH` end to end:
//! every baseline fixture reports its code (snapshotted), a git revision as
//! the baseline, a lock file as the baseline, the four output formats,
//! `--fail-on`, accepted changes, and the ways the command refuses to run.
//!
//! Baseline fixtures live in `tests/fixtures/compat_baseline/CODE_what/`,
//! each with an `old` and a `new` project; the command runs inside the
//! fixture folder so that the paths in the output are `new/model.weft`.

mod support;

use support::scratch;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const WEFT: &str = env!("CARGO_BIN_EXE_weft");

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/compat_baseline")
}

fn weft_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(WEFT)
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("weft runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn code(output: &Output) -> i32 {
    output.status.code().unwrap_or(-1)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("target folder");
    for entry in std::fs::read_dir(from).expect("source folder") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "not JSON ({error}):\n{}\n{}",
            text(&output.stdout),
            text(&output.stderr)
        )
    })
}

fn codes(report: &serde_json::Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|finding| finding["code"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn baseline_fixtures_report_their_code() {
    insta::glob!(
        "../../../tests/fixtures/compat_baseline",
        "*/new/weft.toml",
        |manifest| {
            let fixture = manifest
                .parent()
                .and_then(Path::parent)
                .expect("fixture folder");
            let name = fixture
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default();
            let expected = name.split('_').next().unwrap_or_default().to_string();
            let report = json(&weft_in(
                fixture,
                &["compat", "new", "--against", "old", "--format", "json"],
            ));
            assert!(
                codes(&report).contains(&expected),
                "{name} does not report {expected}: {report:#}"
            );
            let human = weft_in(fixture, &["compat", "new", "--against", "old"]);
            let expected_exit = i32::from(expected.starts_with('E'));
            assert_eq!(
                code(&human),
                expected_exit,
                "{name}: exit code\n{}",
                text(&human.stderr)
            );
            insta::assert_snapshot!(format!(
                "exit code {}\n{}",
                code(&human),
                text(&human.stderr)
            ));
        }
    );
}

#[test]
fn the_json_report_has_every_field_of_a_finding() {
    let fixture = fixtures().join("E101_new_version_breaks_mode");
    let report = json(&weft_in(
        &fixture,
        &["compat", "new", "--against", "old", "--format", "json"],
    ));
    let finding = report["diagnostics"]
        .as_array()
        .and_then(|findings| findings.iter().find(|finding| finding["code"] == "E101"))
        .expect("an E101 finding");
    for field in [
        "code",
        "severity",
        "mode",
        "reader_version",
        "writer_version",
        "path",
        "pointer",
        "change",
        "old",
        "new",
        "message",
        "help",
        "location",
        "notes",
        "accepted",
    ] {
        assert!(finding.get(field).is_some(), "no `{field}` in {finding:#}");
    }
    assert_eq!(finding["mode"], "BACKWARD_TRANSITIVE");
    assert_eq!(finding["reader_version"], "v2");
    assert_eq!(finding["writer_version"], "v1");
    assert_eq!(finding["path"], "OrderPlaced.customer_id");
    assert_eq!(finding["accepted"], false);
    assert_eq!(report["errors"], 1);
    // The envelope is `weft check --format json`'s, plus the baseline and
    // the counts only a comparison has.
    assert_eq!(report["baseline"], "old");
    assert_eq!(report["accepted"], 0);
    assert!(report["infos"].is_number(), "{report:#}");
}

#[test]
fn every_output_format() {
    let fixture = fixtures().join("E231_required_request_field");
    for format in ["json", "sarif", "github"] {
        let output = weft_in(
            &fixture,
            &["compat", "new", "--against", "old", "--format", format],
        );
        assert_eq!(code(&output), 1, "{format}: {}", text(&output.stderr));
        let stdout = text(&output.stdout);
        if format == "sarif" {
            let log: serde_json::Value = serde_json::from_str(&stdout).expect("SARIF is JSON");
            assert_eq!(log["version"], "2.1.0");
            let results = log["runs"][0]["results"].as_array().expect("results");
            assert!(results.iter().any(|result| result["ruleId"] == "E231"));
            insta::assert_snapshot!(
                "sarif_results",
                serde_json::to_string_pretty(results).unwrap_or_default()
            );
        } else {
            insta::assert_snapshot!(format!("format_{format}"), stdout);
        }
    }
    let human = weft_in(&fixture, &["compat", "new", "--against", "old"]);
    insta::assert_snapshot!("format_human", text(&human.stderr));
}

/// Runs git in `dir`, failing the test if it fails.
fn git(dir: &Path, args: &[&str]) {
    let output = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        text(&output.stderr)
    );
}

#[test]
fn a_git_revision_is_a_baseline() {
    let repo = scratch("git");
    let fixture = fixtures().join("E222_version_edited_in_place");
    let project = repo.join("models/shop");
    std::fs::write(repo.join("README.md"), "the shop\n").expect("readme");
    git(&repo, &["init", "--quiet", "--initial-branch=main"]);
    git(&repo, &["config", "user.name", "Weft Test"]);
    git(&repo, &["config", "user.email", "weft@example.com"]);
    git(&repo, &["config", "commit.gpgsign", "false"]);
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "--quiet", "-m", "readme"]);
    copy_dir(&fixture.join("old"), &project);
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "--quiet", "-m", "publish v1"]);
    copy_dir(&fixture.join("new"), &project);
    git(&repo, &["commit", "--quiet", "-am", "edit v1 in place"]);

    let output = weft_in(
        &repo,
        &[
            "compat",
            "models/shop",
            "--against",
            "git:HEAD~1",
            "--format",
            "json",
        ],
    );
    assert_eq!(code(&output), 1, "{}", text(&output.stderr));
    let report = json(&output);
    assert_eq!(report["baseline"], "git:HEAD~1");
    assert_eq!(codes(&report), ["E222"]);
    let human = weft_in(&repo, &["compat", "models/shop", "--against", "git:HEAD~1"]);
    insta::assert_snapshot!(text(&human.stderr));

    // The working tree against the last commit: nothing changed.
    let same = weft_in(&repo, &["compat", "models/shop", "--against", "git:HEAD"]);
    assert_eq!(code(&same), 0, "{}", text(&same.stderr));
    assert!(text(&same.stderr).contains("no incompatible changes"));

    // From inside the project folder too.
    let inside = weft_in(&project, &["compat", ".", "--against", "git:HEAD~1"]);
    assert_eq!(code(&inside), 1, "{}", text(&inside.stderr));

    let unknown = weft_in(
        &repo,
        &["compat", "models/shop", "--against", "git:no-such-branch"],
    );
    assert_eq!(code(&unknown), 2);
    assert!(text(&unknown.stderr).contains("does not know the revision"));

    // Before the project existed.
    let before = weft_in(&repo, &["compat", "models/shop", "--against", "git:HEAD~2"]);
    assert_eq!(code(&before), 2, "{}", text(&before.stderr));
    assert!(
        text(&before.stderr).contains("holds no weft sources"),
        "{}",
        text(&before.stderr)
    );
}

#[test]
fn git_baselines_need_a_repository() {
    let dir = scratch("no-git");
    copy_dir(&fixtures().join("E222_version_edited_in_place/new"), &dir);
    let output = weft_in(&dir, &["compat", ".", "--against", "git:HEAD"]);
    assert_eq!(code(&output), 2);
    assert!(
        text(&output.stderr).contains("not inside a git repository"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn a_lock_file_is_a_baseline() {
    let dir = scratch("lock");
    let fixture = fixtures().join("E222_version_edited_in_place");
    copy_dir(&fixture.join("old"), &dir);
    let locked = weft_in(&dir, &["lock", "."]);
    assert_eq!(code(&locked), 0, "{}", text(&locked.stderr));
    let lock = std::fs::read_to_string(dir.join("weft.lock")).expect("weft.lock written");
    insta::assert_snapshot!("weft_lock", lock);
    let value: serde_json::Value = serde_json::from_str(&lock).expect("JSON");
    assert_eq!(value["generated_by"], "weft lock");
    assert!(value["events"][0]["fingerprint"]
        .as_str()
        .is_some_and(|fingerprint| fingerprint.starts_with("sha256:")));

    // Deterministic: a second run changes nothing.
    let again = weft_in(&dir, &["lock", "."]);
    assert_eq!(code(&again), 0);
    assert!(text(&again.stderr).contains("up to date"));
    assert_eq!(
        std::fs::read_to_string(dir.join("weft.lock")).expect("lock"),
        lock
    );
    let check = weft_in(&dir, &["lock", ".", "--check"]);
    assert_eq!(code(&check), 0);

    // Nothing changed yet.
    let same = weft_in(&dir, &["compat", ".", "--against", "weft.lock"]);
    assert_eq!(code(&same), 0, "{}", text(&same.stderr));

    // Edit v1 in place: E222 against the lock.
    std::fs::copy(fixture.join("new/model.weft"), dir.join("model.weft")).expect("edit");
    let output = weft_in(
        &dir,
        &["compat", ".", "--against", "weft.lock", "--format", "json"],
    );
    assert_eq!(code(&output), 1, "{}", text(&output.stderr));
    assert_eq!(codes(&json(&output)), ["E222"]);
    let human = weft_in(&dir, &["compat", ".", "--against", "weft.lock"]);
    insta::assert_snapshot!("edited_against_lock", text(&human.stderr));

    let stale = weft_in(&dir, &["lock", ".", "--check"]);
    assert_eq!(code(&stale), 1);
    assert!(text(&stale.stderr).contains("out of date"));
}

#[test]
fn lock_refuses_hand_edited_files_and_broken_projects() {
    let dir = scratch("lock-edited");
    copy_dir(&fixtures().join("E222_version_edited_in_place/old"), &dir);
    assert_eq!(code(&weft_in(&dir, &["lock", "."])), 0);
    let lock = std::fs::read_to_string(dir.join("weft.lock")).expect("lock");
    let edited = lock.replace("\"order_id\"", "\"order_number\"");
    assert_ne!(edited, lock);
    std::fs::write(dir.join("weft.lock"), &edited).expect("edit lock");
    std::fs::write(
        dir.join("model.weft"),
        std::fs::read_to_string(dir.join("model.weft"))
            .expect("model")
            .replace(
                "total: decimal(12, 2)",
                "total: decimal(12, 2)\n    note: string?",
            ),
    )
    .expect("change model");

    let refused = weft_in(&dir, &["lock", "."]);
    assert_eq!(code(&refused), 2);
    assert!(
        text(&refused.stderr).contains("edited by hand"),
        "{}",
        text(&refused.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("weft.lock")).expect("lock"),
        edited
    );
    let against = weft_in(&dir, &["compat", ".", "--against", "weft.lock"]);
    assert_eq!(code(&against), 2);

    let forced = weft_in(&dir, &["lock", ".", "--force"]);
    assert_eq!(code(&forced), 0, "{}", text(&forced.stderr));

    std::fs::write(dir.join("weft.lock"), "{\"hello\": 1}").expect("foreign file");
    let foreign = weft_in(&dir, &["lock", "."]);
    assert_eq!(code(&foreign), 2);
    assert!(text(&foreign.stderr).contains("not generated by"));

    std::fs::write(dir.join("model.weft"), "event Broken {\n").expect("break");
    let broken = weft_in(&dir, &["lock", ".", "--force"]);
    assert_eq!(code(&broken), 1);
    assert!(text(&broken.stderr).contains("was not written"));
}

#[test]
fn fail_on_warning() {
    let fixture = fixtures().join("W225_stale_acceptance");
    let default = weft_in(&fixture, &["compat", "new", "--against", "old"]);
    assert_eq!(code(&default), 0, "{}", text(&default.stderr));
    let strict = weft_in(
        &fixture,
        &["compat", "new", "--against", "old", "--fail-on", "warning"],
    );
    assert_eq!(code(&strict), 1, "{}", text(&strict.stderr));
}

#[test]
fn accepted_changes_are_notes() {
    let fixture = fixtures().join("W225_stale_acceptance");
    let report = json(&weft_in(
        &fixture,
        &["compat", "new", "--against", "old", "--format", "json"],
    ));
    let findings = report["diagnostics"].as_array().expect("findings");
    let accepted = findings
        .iter()
        .find(|finding| finding["code"] == "E101")
        .expect("E101 is still reported");
    assert_eq!(accepted["accepted"], true);
    // Accepted findings are notes, in JSON as in every other format.
    assert_eq!(accepted["severity"], "info");
    assert!(accepted["accepted_reason"]
        .as_str()
        .is_some_and(|reason| reason.contains("next sprint")));
    assert_eq!(report["errors"], 0);
    assert_eq!(report["accepted"], 1);
    let stale = findings
        .iter()
        .find(|finding| finding["code"] == "W225")
        .expect("the stale entry is reported");
    assert_eq!(stale["path"], "OrderPlaced.total");
    assert_eq!(stale["location"]["file"], "new/weft-accepted.toml");

    // The same acceptances from another file, with --accept.
    let dir = scratch("accept");
    copy_dir(&fixture, &dir);
    std::fs::rename(
        dir.join("new/weft-accepted.toml"),
        dir.join("accepted.toml"),
    )
    .expect("move");
    let without = weft_in(&dir, &["compat", "new", "--against", "old"]);
    assert_eq!(code(&without), 1, "{}", text(&without.stderr));
    let with = weft_in(
        &dir,
        &[
            "compat",
            "new",
            "--against",
            "old",
            "--accept",
            "accepted.toml",
        ],
    );
    assert_eq!(code(&with), 0, "{}", text(&with.stderr));
    assert!(text(&with.stderr).contains("accepted in accepted.toml"));
}

#[test]
fn an_acceptance_needs_a_reason() {
    let dir = scratch("no-reason");
    copy_dir(&fixtures().join("W225_stale_acceptance"), &dir);
    std::fs::write(
        dir.join("new/weft-accepted.toml"),
        "[[accept]]\ncode = \"E101\"\npath = \"OrderPlaced.customer_id\"\n",
    )
    .expect("write");
    let output = weft_in(&dir, &["compat", "new", "--against", "old"]);
    assert_eq!(code(&output), 2);
    let stderr = text(&output.stderr);
    assert!(stderr.contains("error[E226]"), "{stderr}");
    assert!(stderr.contains("has no reason"), "{stderr}");
    assert!(stderr.contains("weft-accepted.toml:1"), "{stderr}");
    // The same problem for tools: a diagnostic with its code and place.
    let output = weft_in(
        &dir,
        &["compat", "new", "--against", "old", "--format", "json"],
    );
    assert_eq!(code(&output), 2);
    let report = json(&output);
    assert_eq!(codes(&report), ["E226"]);
    assert_eq!(
        report["diagnostics"][0]["location"]["file"],
        "new/weft-accepted.toml"
    );
    assert_eq!(report["diagnostics"][0]["location"]["line"], 1);
}

#[test]
fn usage_errors_exit_2() {
    let fixture = fixtures().join("E222_version_edited_in_place");
    let no_baseline = weft_in(&fixture, &["compat", "new"]);
    assert_eq!(code(&no_baseline), 2);
    assert!(text(&no_baseline.stderr).contains("needs a baseline"));
    let missing = weft_in(&fixture, &["compat", "new", "--against", "nowhere"]);
    assert_eq!(code(&missing), 2);
    let bad_lock = scratch("bad-lock");
    std::fs::write(bad_lock.join("weft.lock"), "not json").expect("write");
    let bad = weft_in(
        &fixture,
        &[
            "compat",
            "new",
            "--against",
            &bad_lock.join("weft.lock").display().to_string(),
        ],
    );
    assert_eq!(code(&bad), 2);
    assert!(text(&bad.stderr).contains("not a weft lock file"));
    let not_project = weft_in(&fixture, &["lock", "new/model.weft"]);
    assert_eq!(code(&not_project), 2);
}

#[test]
fn deprecated_removals_are_notes() {
    let dir = scratch("deprecated");
    copy_dir(&fixtures().join("E221_event_removed"), &dir);
    let old = dir.join("old/model.weft");
    let text_before = std::fs::read_to_string(&old).expect("old model");
    std::fs::write(
        &old,
        text_before.replace(
            "/// An order was cancelled.\nevent OrderCancelled",
            "/// An order was cancelled.\n@deprecated(\"use OrderPlaced with a negative total\")\nevent OrderCancelled",
        ),
    )
    .expect("deprecate");
    let output = weft_in(
        &dir,
        &["compat", "new", "--against", "old", "--format", "json"],
    );
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
    let report = json(&output);
    let removed = &report["diagnostics"][0];
    assert_eq!(removed["code"], "E221");
    assert_eq!(removed["severity"], "info");
}

#[test]
fn a_major_version_may_break() {
    let dir = scratch("major");
    copy_dir(&fixtures().join("E230_operation_removed"), &dir);
    let new = dir.join("new/model.weft");
    let model = std::fs::read_to_string(&new).expect("new model");
    std::fs::write(&new, model.replace("version 1.1.0", "version 2.0.0")).expect("bump");
    let output = weft_in(
        &dir,
        &["compat", "new", "--against", "old", "--format", "json"],
    );
    assert_eq!(code(&output), 0, "{}", text(&output.stderr));
    let report = json(&output);
    let removed = report["diagnostics"]
        .as_array()
        .and_then(|findings| findings.iter().find(|finding| finding["code"] == "E230"))
        .expect("E230 is still reported");
    assert_eq!(removed["severity"], "info");
}

#[test]
fn two_schema_files_are_compared_in_file_mode() {
    let dir = scratch("files");
    let old =
        r#"{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "string"}]}"#;
    std::fs::write(dir.join("old.avsc"), old).expect("old");
    std::fs::write(
        dir.join("new.avsc"),
        r#"{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "string"}, {"name": "qty", "type": "int"}]}"#,
    )
    .expect("new");
    std::fs::write(
        dir.join("defaulted.avsc"),
        r#"{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "string"}, {"name": "qty", "type": "int", "default": 1}]}"#,
    )
    .expect("defaulted");
    let breaking = weft_in(
        &dir,
        &["compat", "old.avsc", "new.avsc", "--format", "json"],
    );
    assert_eq!(code(&breaking), 1, "{}", text(&breaking.stderr));
    let report = json(&breaking);
    assert_eq!(codes(&report), ["E101"]);
    assert_eq!(report["diagnostics"][0]["mode"], "BACKWARD");
    assert_eq!(report["diagnostics"][0]["reader_version"], "new.avsc");
    let forward = weft_in(
        &dir,
        &["compat", "old.avsc", "new.avsc", "--mode", "FORWARD"],
    );
    assert_eq!(code(&forward), 0, "{}", text(&forward.stderr));
    let defaulted = weft_in(&dir, &["compat", "old.avsc", "defaulted.avsc"]);
    assert_eq!(code(&defaulted), 0, "{}", text(&defaulted.stderr));

    std::fs::write(dir.join("notes.txt"), "hello").expect("text file");
    let wrong = weft_in(&dir, &["compat", "old.avsc", "notes.txt"]);
    assert_eq!(code(&wrong), 2);
    let lone = weft_in(&dir, &["compat", "old.avsc"]);
    assert_eq!(code(&lone), 2);
    let bad_mode = weft_in(
        &dir,
        &["compat", "old.avsc", "new.avsc", "--mode", "SIDEWAYS"],
    );
    assert_eq!(code(&bad_mode), 2);
}

/// Git exports `GIT_DIR` (and friends) to its hooks; weft must still read
/// the repository that holds the project, and the project's own folder in
/// it, not whatever those variables point at.
#[test]
fn git_environment_variables_do_not_redirect_the_baseline() {
    let fixture = fixtures().join("E222_version_edited_in_place");
    let init = |repo: &Path| {
        git(repo, &["init", "--quiet", "--initial-branch=main"]);
        git(repo, &["config", "user.name", "Weft Test"]);
        git(repo, &["config", "user.email", "weft@example.com"]);
        git(repo, &["config", "commit.gpgsign", "false"]);
    };
    // A decoy repository whose HEAD holds the new project at its root: if
    // weft read it, the edit would compare against itself and pass.
    let decoy = scratch("git-decoy");
    copy_dir(&fixture.join("new"), &decoy);
    init(&decoy);
    git(&decoy, &["add", "."]);
    git(&decoy, &["commit", "--quiet", "-m", "decoy"]);

    let repo = scratch("git-env");
    let project = repo.join("models/shop");
    copy_dir(&fixture.join("old"), &project);
    init(&repo);
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "--quiet", "-m", "publish v1"]);
    copy_dir(&fixture.join("new"), &project);

    for dir in [repo.to_path_buf(), project.clone()] {
        let path = if dir == *repo { "models/shop" } else { "." };
        let output = Command::new(WEFT)
            .current_dir(&dir)
            .args(["compat", path, "--against", "git:HEAD", "--format", "json"])
            .env("NO_COLOR", "1")
            .env("GIT_DIR", decoy.join(".git"))
            .env("GIT_WORK_TREE", decoy.as_os_str())
            .env("GIT_INDEX_FILE", decoy.join(".git/index"))
            .output()
            .expect("weft runs");
        assert_eq!(code(&output), 1, "{}", text(&output.stderr));
        assert_eq!(codes(&json(&output)), ["E222"]);
    }
}

/// A lock file with nonsense in it is not a baseline: `E227` at its line,
/// exit code 2, in every format.
#[test]
fn an_invalid_lock_file_is_refused_with_its_line() {
    let dir = scratch("lock-invalid");
    copy_dir(&fixtures().join("E222_version_edited_in_place/old"), &dir);
    let locked = weft_in(&dir, &["lock", "."]);
    assert_eq!(code(&locked), 0, "{}", text(&locked.stderr));
    let good = std::fs::read_to_string(dir.join("weft.lock")).expect("weft.lock");
    let line_of = |text: &str, needle: &str| {
        text.lines()
            .position(|line| line.contains(needle))
            .map(|index| index + 1)
            .expect("needle")
    };
    let cases = [
        (
            "unknown top-level field",
            good.replacen(
                "\"format\": 1,",
                "\"format\": 1,\n  \"published\": true,",
                1,
            ),
            "published",
        ),
        (
            "unknown field in a schema",
            good.replacen(
                "\"fields\": [",
                "\"nonsense\": 42,\n        \"fields\": [",
                1,
            ),
            "nonsense",
        ),
        (
            "wrong type",
            good.replacen("\"version\": 1", "\"version\": \"one\"", 1),
            "\"one\"",
        ),
        (
            "unknown format version",
            good.replacen("\"format\": 1", "\"format\": 99", 1),
            "\"format\"",
        ),
    ];
    for (what, lock, needle) in cases {
        assert_ne!(lock, good, "{what}: the edit applies");
        std::fs::write(dir.join("weft.lock"), &lock).expect("write lock");
        let human = weft_in(&dir, &["compat", ".", "--against", "weft.lock"]);
        let stderr = text(&human.stderr);
        assert_eq!(code(&human), 2, "{what}: {stderr}");
        assert!(stderr.contains("error[E227]"), "{what}: {stderr}");
        let place = format!("weft.lock:{}:", line_of(&lock, needle));
        assert!(stderr.contains(&place), "{what}: no {place} in {stderr}");
        let output = weft_in(
            &dir,
            &["compat", ".", "--against", "weft.lock", "--format", "json"],
        );
        assert_eq!(code(&output), 2, "{what}");
        assert_eq!(codes(&json(&output)), ["E227"], "{what}");
    }
}
