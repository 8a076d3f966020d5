//! `weft build PATH --out DIR [--target openapi,asyncapi,schemas]`: checks
//! the project like `weft check`, runs the selected targets (default: all)
//! into one in-memory manifest and writes it into `DIR` (see [`output`] for
//! what may be written, replaced and removed there).
//!
//! The gate (nothing is generated while the project has errors, including
//! its `[targets]` settings, which `weft check` validates) is the library's
//! [`weft_compiler::build`]. Exit codes: 0 built; 1 the model (or a target's
//! settings) has errors, and nothing was generated; 2 the command could not run: not a project, an
//! unknown target, a path in `DIR` that weft refuses to touch (nothing is
//! written then), or a file-system error.
//!
//! [`output`]: super::output

use super::load::{checked, Shown};
use super::output::{write_manifest, Failure};
use super::Fatal;
use miette::miette;
use std::path::PathBuf;
use std::process::ExitCode;
use weft_compiler::manifest::MANIFEST_FILE;
use weft_compiler::BuildError;
use weft_targets::{Manifest, TargetName};

/// What `weft build` was asked to do.
pub(crate) struct Options {
    /// The project folder.
    pub(crate) path: PathBuf,
    /// The output folder.
    pub(crate) out: PathBuf,
    /// Target names (empty: all).
    pub(crate) targets: Vec<String>,
    /// Replace or remove generated files that were edited since.
    pub(crate) force: bool,
    /// Report as the JSON envelope on stdout instead of text on stderr.
    pub(crate) json: bool,
}

/// Writes the JSON envelope of `weft build`: the findings and `summary`.
fn report_json(
    checked: &super::load::Checked,
    diagnostics: &[weft_syntax::Diagnostic],
    ok: bool,
    summary: serde_json::Value,
) -> Result<(), Fatal> {
    use weft_compiler::render::{render_report, Report, ReportCommand};
    let mut all = checked.result.diagnostics.clone();
    all.extend_from_slice(diagnostics);
    outln!(
        "{}",
        render_report(&Report {
            command: ReportCommand::Build,
            ok,
            sources: &checked.sources,
            diagnostics: &all,
            compat: None,
            summary: Some(summary),
        })
    )
}

pub(crate) fn run(options: &Options) -> Result<ExitCode, Fatal> {
    let path = &options.path;
    if !path.join(MANIFEST_FILE).is_file() {
        return Err(miette!(
            help = "run `weft build` on a project folder (the one holding weft.toml)",
            "`{}` is not a weft project: it has no {MANIFEST_FILE}",
            path.display()
        ));
    }
    let selected = weft_compiler::build::selected(&select(&options.targets)?);
    let checked = checked(path)?;
    if !options.json {
        checked.print(Shown::All)?;
    }
    let manifest = match weft_compiler::build(&checked.result, &selected) {
        Ok(manifest) => manifest,
        Err(BuildError::HasErrors | BuildError::NoManifest) if options.json => {
            report_json(
                &checked,
                &[],
                false,
                serde_json::json!({"generated": false}),
            )?;
            return Ok(ExitCode::from(1));
        }
        Err(BuildError::TargetsFailed(problems)) if options.json => {
            report_json(
                &checked,
                &problems,
                false,
                serde_json::json!({"generated": false}),
            )?;
            return Ok(ExitCode::from(1));
        }
        Err(BuildError::HasErrors | BuildError::NoManifest) => {
            errln!(
                "nothing was generated: {} has errors; fix them and build again",
                path.display()
            )?;
            return Ok(ExitCode::from(1));
        }
        Err(BuildError::TargetsFailed(problems)) => {
            super::print_diagnostics(&checked.sources, &problems)?;
            errln!("nothing was generated")?;
            return Ok(ExitCode::from(1));
        }
    };
    let outcome = write_and_report(options, &checked, &manifest, &selected);
    // The checked model and the generated files go with the process, as a
    // compiler's do: freeing their millions of small allocations one by
    // one was 2-3% of a build's CPU time (docs/performance-history.md).
    std::mem::forget(manifest);
    std::mem::forget(checked);
    outcome
}

/// Writes the manifest into `options.out` and reports the outcome.
fn write_and_report(
    options: &Options,
    checked: &super::load::Checked,
    manifest: &Manifest,
    selected: &[TargetName],
) -> Result<ExitCode, Fatal> {
    let project = checked
        .result
        .manifest
        .as_ref()
        .map_or("", |manifest| manifest.project.name.as_str());

    let out = &options.out;
    let names: Vec<&str> = selected.iter().map(|target| target.as_str()).collect();
    let others: Vec<&str> = TargetName::ALL
        .into_iter()
        .filter(|name| !selected.contains(name))
        .map(TargetName::folder)
        .collect();
    match write_manifest(out, manifest, options.force, &others) {
        Ok(summary) if options.json => {
            report_json(
                checked,
                &[],
                true,
                serde_json::json!({
                    "generated": true,
                    "project": project,
                    "targets": names,
                    "out": out.display().to_string(),
                    "written": summary.written,
                    "unchanged": summary.unchanged,
                    "removed": summary.removed,
                    "warnings": summary.warnings,
                }),
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Err(Failure::Refused(refusals)) if options.json => {
            report_json(
                checked,
                &[],
                false,
                serde_json::json!({"generated": false, "refused": refusals}),
            )?;
            Ok(ExitCode::from(2))
        }
        Ok(summary) => {
            for warning in &summary.warnings {
                errln!("warning: {warning}")?;
            }
            for kept in &summary.kept {
                errln!("left your file `{kept}` alone (weft writes it only once)")?;
            }
            let once = if summary.created_once + summary.kept.len() == 0 {
                String::new()
            } else {
                format!(
                    "; your files: {} created, {} left alone",
                    summary.created_once,
                    summary.kept.len()
                )
            };
            errln!(
                "built {} ({}) into {}: {} written, {} unchanged, {} removed{once}",
                project,
                names.join(", "),
                out.display(),
                super::count(summary.written, "file"),
                summary.unchanged,
                summary.removed
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Err(Failure::Refused(refusals)) => {
            for refusal in &refusals {
                errln!("error: {refusal}")?;
            }
            errln!("nothing was written to {}", out.display())?;
            Ok(ExitCode::from(2))
        }
        Err(Failure::Io(message)) => Err(miette!("{message}")),
    }
}

/// The targets named with `--target`; an unknown name is fatal.
fn select(names: &[String]) -> Result<Vec<TargetName>, Fatal> {
    names
        .iter()
        .map(|name| {
            TargetName::parse(name).ok_or_else(|| {
                let known: Vec<&str> = TargetName::ALL.map(TargetName::as_str).to_vec();
                miette!(
                    help = format!("the targets are: {}", known.join(", ")),
                    "unknown target `{name}`"
                )
            })
        })
        .collect()
}
