//! `weft test [PATH] [--filter TEXT]`: runs every `test` scenario of the
//! project on weft's simulator of the workflow's state graph
//! (`weft_compiler::simulate`) and reports like `cargo test`: one line per
//! scenario, a diff of expected and actual for each failure, then
//! `N passed, M failed`. Exit 0 when all pass, 1 when any fails or the
//! project has errors (scenarios that do not type-check are not run).
//! `--format json` prints one JSON document; `--junit FILE` also writes a
//! JUnit XML report for CI systems.

use super::load::{checked, Shown};
use super::safe_write::{write_file, Existing};
use super::{exit_for, Fatal};
use clap::ValueEnum;
use miette::miette;
use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;
use weft_compiler::model::{Model, Test};
use weft_compiler::simulate::{
    expectations_met, inputs, outcome_words, simulate, Mismatch, MismatchKind, Run,
};

/// How `weft test` prints its results.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum TestFormat {
    /// For people, like `cargo test`.
    Human,
    /// One JSON document for tools.
    Json,
}

/// The options of `weft test`.
pub(crate) struct Options {
    pub(crate) path: PathBuf,
    pub(crate) filter: Option<String>,
    pub(crate) format: TestFormat,
    pub(crate) junit: Option<PathBuf>,
}

/// One scenario's result.
struct Outcome<'m> {
    test: &'m Test,
    workflow: String,
    run: Run,
    mismatches: Vec<Mismatch>,
}

pub(crate) fn run(options: &Options) -> Result<ExitCode, Fatal> {
    let checked = checked(&options.path)?;
    if checked.print(Shown::Errors)? {
        errln!(
            "no scenario was run: {} has errors; fix them first (`weft check`)",
            options.path.display()
        )?;
        return Ok(ExitCode::from(1));
    }
    let model = &checked.result.model;
    let mut outcomes = Vec::new();
    let mut selected: Vec<&Test> = model
        .tests
        .iter()
        .filter(|test| !test.name.is_std())
        .filter(|test| {
            options
                .filter
                .as_deref()
                .is_none_or(|filter| test.name.qualified().contains(filter))
        })
        .collect();
    selected.sort_by_key(|test| test.name.qualified());
    for test in selected {
        let Some(workflow_id) = test.workflow else {
            continue;
        };
        let workflow = model.workflow(workflow_id);
        let run = simulate(model, workflow, &inputs(model, test));
        let mismatches = expectations_met(model, test, &run);
        outcomes.push(Outcome {
            test,
            workflow: workflow.name.name.to_string(),
            run,
            mismatches,
        });
    }
    let failed = outcomes
        .iter()
        .filter(|outcome| !outcome.mismatches.is_empty())
        .count();
    match options.format {
        TestFormat::Human => print_human(&outcomes, failed)?,
        TestFormat::Json => print_json(&outcomes, failed)?,
    }
    if let Some(junit) = &options.junit {
        write_file(
            junit,
            junit_xml(model, &outcomes).as_bytes(),
            Existing::Replace,
        )
        .map_err(|error| miette!("cannot write `{}`: {error}", junit.display()))?;
    }
    Ok(exit_for(failed > 0))
}

fn print_human(outcomes: &[Outcome], failed: usize) -> Result<(), Fatal> {
    let count = outcomes.len();
    outln!(
        "running {count} scenario{}",
        if count == 1 { "" } else { "s" }
    )?;
    for outcome in outcomes {
        let verdict = if outcome.mismatches.is_empty() {
            "ok"
        } else {
            "FAILED"
        };
        outln!(
            "test {} ({}) ... {verdict}",
            outcome.test.name.qualified(),
            outcome.workflow
        )?;
    }
    if failed > 0 {
        outln!("\nfailures:")?;
        for outcome in outcomes
            .iter()
            .filter(|outcome| !outcome.mismatches.is_empty())
        {
            outln!("\n---- {} ----", outcome.test.name.qualified())?;
            for mismatch in &outcome.mismatches {
                outln!("{}", diff(mismatch))?;
            }
        }
    }
    outln!(
        "\ntest result: {}. {} passed, {failed} failed",
        if failed == 0 { "ok" } else { "FAILED" },
        outcomes.len() - failed
    )
}

/// The expected and actual lines of one mismatch.
fn diff(mismatch: &Mismatch) -> String {
    let what = match mismatch.kind {
        MismatchKind::Path => "path",
        MismatchKind::Emits => "emitted events",
        MismatchKind::Outcome => "outcome",
        MismatchKind::Compensations => "compensations",
    };
    format!(
        "{what}:\n  - expected: {}\n  + actual:   {}",
        mismatch.expected, mismatch.actual
    )
}

fn print_json(outcomes: &[Outcome], failed: usize) -> Result<(), Fatal> {
    let scenarios: Vec<serde_json::Value> = outcomes
        .iter()
        .map(|outcome| {
            json!({
                "name": outcome.test.name.qualified(),
                "workflow": outcome.workflow,
                "passed": outcome.mismatches.is_empty(),
                "run": outcome.run,
                "outcome": outcome_words(&outcome.run.status),
                "mismatches": outcome.mismatches,
            })
        })
        .collect();
    let document = json!({
        "version": 1,
        "command": "test",
        "scenarios": scenarios,
        "summary": { "passed": outcomes.len() - failed, "failed": failed },
    });
    let text = serde_json::to_string_pretty(&document)
        .map_err(|error| miette!("cannot render the results: {error}"))?;
    outln!("{text}")
}

/// A JUnit XML report: one test suite, one test case per scenario (class
/// name: the workflow), a `<failure>` with the diff for each failure.
fn junit_xml(_model: &Model, outcomes: &[Outcome]) -> String {
    let failed = outcomes
        .iter()
        .filter(|outcome| !outcome.mismatches.is_empty())
        .count();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str(&format!(
        "<testsuites name=\"weft test\" tests=\"{}\" failures=\"{failed}\">\n",
        outcomes.len()
    ));
    xml.push_str(&format!(
        "  <testsuite name=\"weft test\" tests=\"{}\" failures=\"{failed}\" errors=\"0\">\n",
        outcomes.len()
    ));
    for outcome in outcomes {
        let name = escape(&outcome.test.name.qualified());
        let class = escape(&outcome.workflow);
        if outcome.mismatches.is_empty() {
            xml.push_str(&format!(
                "    <testcase name=\"{name}\" classname=\"{class}\"/>\n"
            ));
            continue;
        }
        let text: Vec<String> = outcome.mismatches.iter().map(diff).collect();
        let first = &outcome.mismatches[0];
        xml.push_str(&format!(
            "    <testcase name=\"{name}\" classname=\"{class}\">\n      <failure message=\"expected {}, got {}\">{}</failure>\n    </testcase>\n",
            escape(&first.expected),
            escape(&first.actual),
            escape(&text.join("\n"))
        ));
    }
    xml.push_str("  </testsuite>\n</testsuites>\n");
    xml
}

/// Text for XML content and attributes.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => {}
            c => escaped.push(c),
        }
    }
    escaped
}
