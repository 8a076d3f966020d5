//! `weft graph PATH --format mermaid|dot`: prints the landscape (systems by
//! domain, entities, events, calls) as a Mermaid flowchart or a Graphviz DOT
//! digraph on standard output. The model is checked first; errors are
//! printed to standard error and give exit code 1, but the graph of what
//! resolved is still printed.

use super::load::{checked, Shown};
use super::{exit_for, Fatal};
use clap::ValueEnum;
use std::path::Path;
use std::process::ExitCode;
use weft_compiler::landscape_graph::{draw, DrawFormat};

/// The drawing formats of `weft graph`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum GraphFormat {
    /// A Mermaid flowchart (renders in GitHub and GitLab markdown).
    Mermaid,
    /// A Graphviz DOT digraph (`dot -Tsvg`).
    Dot,
}

pub(crate) fn run(path: &Path, format: GraphFormat) -> Result<ExitCode, Fatal> {
    let checked = checked(path)?;
    let errors = checked.print(Shown::Errors)?;
    let text = draw(
        &checked.result.model,
        match format {
            GraphFormat::Mermaid => DrawFormat::Mermaid,
            GraphFormat::Dot => DrawFormat::Dot,
        },
    );
    super::stdio::write(super::stdio::Stream::Out, &text)?;
    Ok(exit_for(errors))
}

/// `weft graph PATH --workflow NAME`: the workflow's state graph as a
/// Mermaid `stateDiagram-v2` (the statemachine target's diagram). NAME is
/// the workflow's name or its qualified name.
pub(crate) fn workflow(path: &Path, format: GraphFormat, name: &str) -> Result<ExitCode, Fatal> {
    if format != GraphFormat::Mermaid {
        return Err(miette::miette!(
            help = "leave out `--format` or use `--format mermaid`",
            "a workflow is drawn as a Mermaid state diagram only"
        ));
    }
    let checked = checked(path)?;
    let errors = checked.print(Shown::Errors)?;
    let model = &checked.result.model;
    let found = model
        .workflows
        .iter()
        .find(|workflow| workflow.name.name == name || workflow.name.qualified() == name);
    let Some(workflow) = found else {
        let names: Vec<String> = model
            .workflows
            .iter()
            .filter(|workflow| !workflow.name.is_std())
            .map(|workflow| format!("`{}`", workflow.name.name))
            .collect();
        return Err(miette::miette!(
            help = if names.is_empty() {
                "the project has no workflows".to_string()
            } else {
                format!("the workflows are {}", names.join(", "))
            },
            "`{}` has no workflow `{name}`",
            path.display()
        ));
    };
    let text = weft_targets::statemachine::mermaid::diagram(workflow);
    super::stdio::write(super::stdio::Stream::Out, &text)?;
    Ok(exit_for(errors))
}
