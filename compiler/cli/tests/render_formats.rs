//! The output formats of `weft check`: human, JSON, SARIF and GitHub
//! workflow commands, snapshotted for a fixed broken input, plus the SARIF
//! log's shape and its validation by the real SARIF Multitool.
//!
//! The multitool is installed by `.ci/install-validators` (pinned in
//! `.ci/package.json`); without it the validation test fails, unless
//! `WEFT_SKIP_EXTERNAL_VALIDATORS=1` is set.

mod support;

use codespan_reporting::term::termcolor::NoColor;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::scratch;
use weft_compiler::codes::{self, ALL as CODES};
use weft_compiler::render::{render_github, render_human, render_json, render_sarif};
use weft_compiler::{Origin, SourceMap};
use weft_syntax::{parse_file, Diagnostic, Label, Severity, Span};

const FIXTURE: &str = "tests/fixtures/parse/err/three_broken_between_good.weft";

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The syntax errors of the broken fixture, shown under its path relative
/// to the repository, next to the standard library as in `weft check`. Only
/// the parser's findings, so that the snapshots follow the renderers rather
/// than every later phase of the checker.
fn fixture_report() -> (SourceMap, Vec<Diagnostic>) {
    let text = std::fs::read_to_string(repo_root().join(FIXTURE)).expect("fixture is readable");
    let mut sources = SourceMap::with_stdlib();
    let file = sources.add(FIXTURE, text.clone(), Origin::Project);
    let diagnostics = parse_file(file, &text).errors;
    assert!(
        diagnostics.len() >= 3,
        "the fixture has three broken declarations"
    );
    (sources, diagnostics)
}

/// Hand-made diagnostics for what the fixture lacks: a file name that needs
/// escaping, non-ASCII text before a span, a span over several lines, a
/// warning and an info, a secondary label in the standard library, notes,
/// and messages with `%`, `:`, `,` and line breaks. (The codes are syntax
/// codes, as those are stable; renderers take the severity from the
/// diagnostic, not from the registry.)
fn synthetic_report() -> (SourceMap, Vec<Diagnostic>) {
    let mut sources = SourceMap::with_stdlib();
    let money = sources
        .files()
        .find(|file| file.name == "<std>/money.weft")
        .map(|file| file.id)
        .expect("the stdlib has money.weft");
    let text =
        "package qualität\n\n/// Prüfplan für Größen\nrecord Prüfplan {\n  größe: Money\n}\n";
    let file = sources.add("models/qa, Prüf:1.weft", text.to_string(), Origin::Project);
    let at = |needle: &str| text.find(needle).expect("needle is in the text");
    let record = at("record");
    let field = at("größe");
    let error = Diagnostic::error(
        codes::UNEXPECTED,
        "a record over several lines: 100% broken",
        Span::new(file, record, text.len() - 1),
        "this record",
    )
    .with_label(Span::new(money, 0, 8), "compare: the stdlib's Money")
    .with_note("first line\nsecond line")
    .with_help("write `name: Type`, then try again");
    let warning = Diagnostic::warning(
        codes::STRAY_TEXT,
        "field `größe`, here",
        Span::new(file, field, field + "größe".len()),
        "",
    )
    .with_label(Span::new(file, at("Prüfplan {"), at("Prüfplan {") + 8), "")
    .with_help("a:b, c%d");
    let info = Diagnostic {
        severity: Severity::Info,
        ..Diagnostic::error(
            codes::STRAY_DOC_COMMENT,
            "an info in the standard library",
            Span::new(money, 0, 3),
            "here",
        )
    };
    let mut labelled = Diagnostic::error(
        codes::UNCLOSED_BLOCK,
        "empty span",
        Span::new(file, 0, 0),
        "at start",
    );
    labelled.secondary.push(Label {
        span: Span::new(file, text.len(), text.len()),
        message: "at the end".to_string(),
    });
    (sources, vec![error, warning, info, labelled])
}

fn human(sources: &SourceMap, diagnostics: &[Diagnostic]) -> String {
    let mut out = NoColor::new(Vec::new());
    render_human(sources, diagnostics, &mut out).expect("render");
    String::from_utf8(out.into_inner()).expect("UTF-8")
}

/// The SARIF log with the tool version replaced (so that releases do not
/// change the snapshots) and only the rules that the results refer to
/// (so that registering a code does not either): the full list is checked by
/// `sarif_has_one_rule_per_registered_code`.
fn sarif_for_snapshot(sarif: &str) -> String {
    let version = env!("CARGO_PKG_VERSION");
    let sarif = sarif
        .replace(
            &format!("\"version\": \"{version}\","),
            "\"version\": \"[version]\",",
        )
        .replace(
            &format!("\"semanticVersion\": \"{version}\","),
            "\"semanticVersion\": \"[version]\",",
        );
    let log: Value = serde_json::from_str(&sarif).expect("SARIF is JSON");
    let used: Vec<String> = log["runs"][0]["results"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|result| result["ruleId"].as_str().map(str::to_string))
        .collect();
    // serde_json's pretty printer indents by two spaces: rules are the
    // objects at 12 spaces inside `"rules": [` at 10.
    let mut out = Vec::new();
    let mut lines = sarif.lines().peekable();
    while let Some(line) = lines.next() {
        out.push(line.to_string());
        if line != "          \"rules\": [" {
            continue;
        }
        let mut kept: Vec<Vec<String>> = Vec::new();
        while let Some(line) = lines.next_if(|line| line.starts_with("            ")) {
            let mut object = vec![line.to_string()];
            for inner in lines.by_ref() {
                let end = inner.starts_with("            }");
                object.push(inner.to_string());
                if end {
                    break;
                }
            }
            let id = object
                .get(1)
                .and_then(|line| line.trim().strip_prefix("\"id\": \""))
                .and_then(|rest| rest.split('"').next())
                .unwrap_or_default()
                .to_string();
            if used.contains(&id) {
                kept.push(object);
            }
        }
        let count = kept.len();
        for (index, mut object) in kept.into_iter().enumerate() {
            if let Some(last) = object.last_mut() {
                *last = if index + 1 < count {
                    "            },".to_string()
                } else {
                    "            }".to_string()
                };
            }
            out.extend(object);
        }
        out.push(
            "            (the other registered codes' rules are left out of this snapshot)".into(),
        );
    }
    out.join("\n") + "\n"
}

#[test]
fn human_output_of_the_broken_fixture() {
    let (sources, diagnostics) = fixture_report();
    insta::assert_snapshot!(human(&sources, &diagnostics));
}

#[test]
fn json_output_of_the_broken_fixture() {
    let (sources, diagnostics) = fixture_report();
    insta::assert_snapshot!(render_json(&sources, &diagnostics));
}

#[test]
fn sarif_output_of_the_broken_fixture() {
    let (sources, diagnostics) = fixture_report();
    insta::assert_snapshot!(sarif_for_snapshot(&render_sarif(&sources, &diagnostics)));
}

#[test]
fn github_output_of_the_broken_fixture() {
    let (sources, diagnostics) = fixture_report();
    insta::assert_snapshot!(render_github(&sources, &diagnostics));
}

#[test]
fn sarif_output_of_hand_made_diagnostics() {
    let (sources, diagnostics) = synthetic_report();
    insta::assert_snapshot!(sarif_for_snapshot(&render_sarif(&sources, &diagnostics)));
}

#[test]
fn github_output_of_hand_made_diagnostics() {
    let (sources, diagnostics) = synthetic_report();
    let output = render_github(&sources, &diagnostics);
    assert_eq!(output.lines().count(), diagnostics.len(), "one line each");
    insta::assert_snapshot!(output);
}

#[test]
fn outputs_are_deterministic() {
    for report in [fixture_report, synthetic_report] {
        let (sources, diagnostics) = report();
        let (again, _) = report();
        assert_eq!(
            render_sarif(&sources, &diagnostics),
            render_sarif(&again, &diagnostics)
        );
        assert_eq!(
            render_github(&sources, &diagnostics),
            render_github(&again, &diagnostics)
        );
    }
}

#[test]
fn sarif_has_one_rule_per_registered_code() {
    for report in [fixture_report, synthetic_report] {
        let (sources, diagnostics) = report();
        let log: Value =
            serde_json::from_str(&render_sarif(&sources, &diagnostics)).expect("SARIF is JSON");
        assert_eq!(
            log["$schema"],
            "https://json.schemastore.org/sarif-2.1.0.json"
        );
        assert_eq!(log["version"], "2.1.0");
        let runs = log["runs"].as_array().expect("runs");
        assert_eq!(runs.len(), 1);
        let run = &runs[0];
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        let driver = &run["tool"]["driver"];
        assert_eq!(driver["name"], "weft");
        assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
        let rules = driver["rules"].as_array().expect("rules");
        let ids: Vec<&str> = rules
            .iter()
            .filter_map(|rule| rule["id"].as_str())
            .collect();
        let codes: Vec<&str> = CODES.iter().map(|info| info.as_str()).collect();
        assert_eq!(
            ids, codes,
            "one rule per registered code, in registry order"
        );
        for (rule, info) in rules.iter().zip(CODES) {
            let level = match info.severity() {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "note",
            };
            assert_eq!(
                rule["defaultConfiguration"]["level"],
                level,
                "{}",
                info.as_str()
            );
            assert_eq!(
                rule["shortDescription"]["text"],
                info.title(),
                "{}",
                info.as_str()
            );
            let name = rule["name"].as_str().unwrap_or_default();
            assert!(
                name.starts_with(|c: char| c.is_ascii_uppercase())
                    && name.chars().all(|c| c.is_ascii_alphanumeric()),
                "{}: rule name {name:?} is not Pascal case",
                info.as_str()
            );
            for text in [
                &rule["fullDescription"]["text"],
                &rule["help"]["text"],
                &rule["help"]["markdown"],
            ] {
                assert!(
                    text.as_str().is_some_and(|text| !text.is_empty()),
                    "{}: empty description",
                    info.as_str()
                );
            }
        }
        let results = run["results"].as_array().expect("results");
        assert_eq!(results.len(), diagnostics.len());
        for (result, diagnostic) in results.iter().zip(&diagnostics) {
            assert_eq!(result["ruleId"], diagnostic.code.as_str());
            let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
            assert_eq!(rules[index]["id"], diagnostic.code.as_str());
            let text = result["message"]["text"].as_str().expect("message");
            assert!(text.starts_with(&diagnostic.message));
            if let Some(help) = &diagnostic.help {
                assert!(text.ends_with(&format!("help: {help}")));
            }
        }
    }
}

/// The SARIF Multitool's native binary for this platform, from
/// `.ci/node_modules`; `None` (after a note) when it is missing and
/// `WEFT_SKIP_EXTERNAL_VALIDATORS=1` says to skip.
fn multitool() -> Option<PathBuf> {
    let ci = repo_root().join(".ci");
    let launcher = ci.join("node_modules/.bin/sarif-multitool");
    let platform = match std::env::consts::OS {
        "macos" => "darwin",
        "windows" => "win32",
        other => other,
    };
    let binary = ci
        .join("node_modules/@microsoft")
        .join(format!("sarif-multitool-{platform}"))
        .join(format!("Sarif.Multitool{}", std::env::consts::EXE_SUFFIX));
    if launcher.exists() && binary.exists() {
        return Some(binary);
    }
    if std::env::var("WEFT_SKIP_EXTERNAL_VALIDATORS").as_deref() == Ok("1") {
        eprintln!(
            "note: skipping SARIF validation: the SARIF Multitool is not installed \
             (WEFT_SKIP_EXTERNAL_VALIDATORS=1)"
        );
        return None;
    }
    panic!(
        "the SARIF Multitool is not installed ({} or {} is missing): run `.ci/install-validators`, \
         or set WEFT_SKIP_EXTERNAL_VALIDATORS=1 to skip this test",
        launcher.display(),
        binary.display()
    );
}

/// Rule SARIF2006 fetches every URI in the log over HTTP; tests stay off the
/// network, so it is turned off.
const MULTITOOL_CONFIG: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<Properties>
  <Properties Key="SARIF2006.UrisShouldBeReachable.Options">
    <Property Key="RuleEnabled" Value="Disabled" Type="Driver.RuleEnabledState" />
  </Properties>
</Properties>
"#;

/// Runs `Sarif.Multitool validate` with the SARIF rules and GitHub code
/// scanning's rules on `sarif`; returns the problems (errors and warnings)
/// it found, and how many findings of any level it made.
fn validate(multitool: &Path, name: &str, sarif: &str) -> (Vec<String>, usize) {
    let dir = scratch(name);
    let input = dir.join(format!("{name}.sarif"));
    let output = dir.join("validation.sarif");
    let config = dir.join("config.xml");
    std::fs::write(&input, sarif).expect("write SARIF");
    std::fs::write(&config, MULTITOOL_CONFIG).expect("write config");
    let console = dir.join("console.txt");
    let mut child = Command::new(multitool)
        .arg("validate")
        .arg(&input)
        .arg("--output")
        .arg(&output)
        .args(["--log", "ForceOverwrite"])
        .args(["--rule-kind", "Sarif;Ghas"])
        .args(["--level", "Error;Warning;Note"])
        .arg("--config")
        .arg(&config)
        // The self-contained .NET build then needs no ICU library.
        .env("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "1")
        .env("DOTNET_CLI_TELEMETRY_OPTOUT", "1")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&console).expect("console file"))
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the SARIF Multitool starts");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > Duration::from_secs(300) {
            let _ = child.kill();
            panic!("the SARIF Multitool hung on {}", input.display());
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let console = std::fs::read_to_string(&console).unwrap_or_default();
    assert!(
        status.success(),
        "the SARIF Multitool failed ({status}):\n{console}"
    );
    let log: Value = serde_json::from_str(
        &std::fs::read_to_string(&output).expect("the SARIF Multitool wrote its log"),
    )
    .expect("the validation log is JSON");
    let run = &log["runs"][0];
    let findings = run["results"].as_array().cloned().unwrap_or_default();
    let mut problems: Vec<String> = findings
        .iter()
        // A result without a level is a warning.
        .filter(|finding| finding["level"].as_str().unwrap_or("warning") != "note")
        .map(|finding| {
            format!(
                "{} {}: {}",
                finding["level"].as_str().unwrap_or("warning"),
                finding["ruleId"].as_str().unwrap_or("?"),
                finding["message"]
            )
        })
        .collect();
    // Failures of the tool itself (for example a file it could not parse).
    for notification in run["invocations"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|invocation| {
            invocation["toolExecutionNotifications"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
    {
        problems.push(format!("tool notification: {notification}"));
    }
    // What it printed about the log (the same as its results, in case its
    // log missed some) or about its command line. (Its warning that rule
    // SARIF2006 is turned off is about the tool, not the log.)
    let about_input = input.display().to_string();
    problems.extend(
        console
            .lines()
            .filter(|line| {
                (line.starts_with(&about_input)
                    && (line.contains(": error ") || line.contains(": warning ")))
                    || line.starts_with("ERROR")
            })
            .map(str::to_string),
    );
    (problems, findings.len())
}

#[test]
fn sarif_passes_the_sarif_multitool() {
    let Some(multitool) = multitool() else {
        return;
    };
    for (name, report) in [
        (
            "fixture",
            fixture_report as fn() -> (SourceMap, Vec<Diagnostic>),
        ),
        ("synthetic", synthetic_report),
    ] {
        let (sources, diagnostics) = report();
        let (problems, findings) =
            validate(&multitool, name, &render_sarif(&sources, &diagnostics));
        assert!(
            problems.is_empty(),
            "the SARIF Multitool rejects the {name} log:\n{}",
            problems.join("\n")
        );
        // The multitool silently skips its rules when it cannot read the log
        // into its object model; its notes (such as "no code snippet") show
        // that the rules did run.
        assert!(
            findings > 0,
            "the SARIF Multitool made no finding at all on the {name} log: did its rules run?"
        );
    }
    // And the harness does see a broken log: a region that ends before it
    // starts (SARIF1007).
    let (sources, diagnostics) = fixture_report();
    let broken =
        render_sarif(&sources, &diagnostics).replacen("\"endLine\": 9,", "\"endLine\": 2,", 1);
    let (problems, _) = validate(&multitool, "broken", &broken);
    assert!(
        problems.iter().any(|problem| problem.contains("SARIF1007")),
        "the SARIF Multitool accepted a region that ends before it starts: {problems:?}"
    );
}

#[test]
fn weft_check_prints_sarif_and_github_formats() {
    for format in ["sarif", "github"] {
        let output = Command::new(env!("CARGO_BIN_EXE_weft"))
            .current_dir(repo_root())
            .args(["check", FIXTURE, "--format", format])
            .stdin(Stdio::null())
            .output()
            .expect("weft runs");
        assert_eq!(output.status.code(), Some(1), "{format}: errors exit 1");
        let stdout = String::from_utf8(output.stdout).expect("UTF-8");
        if format == "sarif" {
            let log: Value = serde_json::from_str(&stdout).expect("SARIF on stdout");
            let uri = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
                ["artifactLocation"]["uri"];
            assert_eq!(uri, FIXTURE);
        } else {
            assert!(stdout.lines().count() >= 3);
            assert!(stdout.lines().all(|line| line.starts_with("::error file=")));
        }
    }
}
