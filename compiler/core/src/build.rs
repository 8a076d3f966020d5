//! `build`: runs targets on a checked compilation into one in-memory
//! [`Manifest`]. The gate lives here, not in the CLI, so that every caller
//! (the `weft` binary, tests, an editor) gets it: nothing is generated while
//! the compilation has errors, and nothing is generated when any selected
//! target fails.

use crate::CheckResult;
use std::fmt;
use weft_base::{Diagnostic, Span};
use weft_targets::{BuildContext, Manifest, TargetName};

/// Why `build` generated nothing.
#[derive(Debug)]
pub enum BuildError {
    /// The check found errors (the caller has its diagnostics already).
    HasErrors,
    /// The compilation has no `weft.toml`, so it has no project to build.
    NoManifest,
    /// A target could not generate its files (code `E810`).
    TargetsFailed(Vec<Diagnostic>),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::HasErrors => f.write_str("the project has errors"),
            BuildError::NoManifest => f.write_str("there is no weft.toml"),
            BuildError::TargetsFailed(problems) => {
                write!(f, "{} target problem(s)", problems.len())
            }
        }
    }
}

/// Runs `targets` (in build order, each once; empty: all) on a checked
/// compilation. `result.diagnostics` must hold every finding of the
/// compilation, including those found while loading it.
pub fn build(result: &CheckResult, targets: &[TargetName]) -> Result<Manifest, BuildError> {
    if result.has_errors() {
        return Err(BuildError::HasErrors);
    }
    let (Some(manifest_file), Some(project), Some(settings)) = (
        result.manifest_file,
        result.manifest.as_ref(),
        result.settings.as_ref(),
    ) else {
        return Err(BuildError::NoManifest);
    };
    let context = BuildContext {
        model: &result.model,
        project: &project.project.name,
        version: &project.project.version,
        settings,
        manifest_span: Span::new(manifest_file, 0, 0),
    };
    let mut manifest = Manifest::new();
    let mut problems = Vec::new();
    for name in selected(targets) {
        if let Err(more) = weft_targets::target(name).generate(&context, &mut manifest) {
            problems.extend(more);
        }
    }
    if problems.is_empty() {
        Ok(manifest)
    } else {
        Err(BuildError::TargetsFailed(problems))
    }
}

/// The selected targets in build order, without repeats; all when none are.
pub fn selected(targets: &[TargetName]) -> Vec<TargetName> {
    TargetName::ALL
        .into_iter()
        .filter(|name| targets.is_empty() || targets.contains(name))
        .collect()
}
