//! `weft build PATH --out DIR [--target openapi,asyncapi,schemas]`: checks
//! the project like `weft check`, runs the selected targets (default: all)
//! into one in-memory manifest and writes it into `DIR` (see [`output`] for
//! what may be written, replaced and removed there).
//!
//! Exit codes: 0 built; 1 the model (or a target's settings) has errors, and
//! nothing was generated; 2 the command could not run: not a project, an
//! unknown target, a path in `DIR` that weft refuses to touch (nothing is
//! written then), or a file-system error.
//!
//! [`output`]: super::output

use super::load::load;
use super::output::{write_manifest, Failure};
use super::Fatal;
use miette::miette;
use std::path::PathBuf;
use std::process::ExitCode;
use weft_compiler::manifest::MANIFEST_FILE;
use weft_syntax::Severity;
use weft_targets::{BuildContext, Manifest, Target};

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
    let targets = select(&options.targets)?;
    let loaded = load(path)?;
    let result = weft_compiler::check(&loaded.sources);
    let mut diagnostics = loaded.diagnostics;
    diagnostics.extend(result.diagnostics);
    if !diagnostics.is_empty() {
        super::print_diagnostics(&loaded.sources, &diagnostics)?;
    }
    let errors = diagnostics
        .iter()
        .any(|diagnostic| diagnostic.severity == Severity::Error);
    let Some(manifest_file) = result.manifest.as_ref().filter(|_| !errors) else {
        eprintln!(
            "nothing was generated: {} has errors; fix them and build again",
            path.display()
        );
        return Ok(ExitCode::from(1));
    };

    let context = BuildContext {
        model: &result.model,
        project: &manifest_file.project.name,
        version: &manifest_file.project.version,
        settings: &manifest_file.targets,
    };
    let mut manifest = Manifest::new();
    let mut problems = Vec::new();
    for target in &targets {
        if let Err(messages) = target.generate(&context, &mut manifest) {
            problems.extend(
                messages
                    .into_iter()
                    .map(|message| format!("target `{}`: {message}", target.name())),
            );
        }
    }
    if !problems.is_empty() {
        for problem in &problems {
            eprintln!("error: {problem}");
        }
        eprintln!("nothing was generated");
        return Ok(ExitCode::from(1));
    }

    let out = &options.out;
    let names: Vec<&str> = targets.iter().map(|target| target.name()).collect();
    let all = weft_targets::all();
    let others: Vec<&str> = all
        .iter()
        .map(|target| target.name())
        .filter(|name| !names.contains(name))
        .collect();
    match write_manifest(out, &manifest, options.force, &others) {
        Ok(summary) => {
            for warning in &summary.warnings {
                eprintln!("warning: {warning}");
            }
            eprintln!(
                "built {} ({}) into {}: {} written, {} unchanged, {} removed",
                manifest_file.project.name,
                names.join(", "),
                out.display(),
                count(summary.written, "file"),
                summary.unchanged,
                summary.removed
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(Failure::Refused(refusals)) => {
            for refusal in &refusals {
                eprintln!("error: {refusal}");
            }
            eprintln!(
                "nothing was written to {}: weft never touches files it did not generate",
                out.display()
            );
            Ok(ExitCode::from(2))
        }
        Err(Failure::Io(message)) => Err(miette!("{message}")),
    }
}

/// The targets to run, in the registry's order; an unknown name is fatal.
fn select(names: &[String]) -> Result<Vec<Box<dyn Target>>, Fatal> {
    let all = weft_targets::all();
    let known: Vec<&str> = all.iter().map(|target| target.name()).collect();
    if let Some(unknown) = names.iter().find(|name| !known.contains(&name.as_str())) {
        return Err(miette!(
            help = format!("the targets are: {}", known.join(", ")),
            "unknown target `{unknown}`"
        ));
    }
    Ok(all
        .into_iter()
        .filter(|target| names.is_empty() || names.iter().any(|name| name == target.name()))
        .collect())
}

fn count(number: usize, what: &str) -> String {
    format!("{number} {what}{}", if number == 1 { "" } else { "s" })
}
