//! `weft check PATH`.

use super::load::load;
use super::{exit_for, Fatal, Format};
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;
use weft_compiler::render::{render_github, render_human, render_json, render_sarif};

pub(crate) fn run(path: &Path, format: Format) -> Result<ExitCode, Fatal> {
    let loaded = load(path)?;
    let result = weft_compiler::check(&loaded.sources);
    let mut diagnostics = loaded.diagnostics;
    diagnostics.extend(result.diagnostics);
    let errors = diagnostics
        .iter()
        .any(|diagnostic| diagnostic.severity == weft_language::Severity::Error);
    match format {
        Format::Json => println!("{}", render_json(&loaded.sources, &diagnostics)),
        Format::Sarif => println!("{}", render_sarif(&loaded.sources, &diagnostics)),
        Format::Github => print!("{}", render_github(&loaded.sources, &diagnostics)),
        Format::Human => {
            let color = if std::io::stderr().is_terminal() {
                ColorChoice::Auto
            } else {
                ColorChoice::Never
            };
            let mut out = StandardStream::stderr(color);
            render_human(&loaded.sources, &diagnostics, &mut out)
                .map_err(|error| miette::miette!("cannot write diagnostics: {error}"))?;
            if diagnostics.is_empty() {
                let files = loaded
                    .sources
                    .files()
                    .filter(|file| file.origin == weft_compiler::Origin::Project)
                    .count();
                eprintln!(
                    "checked {} ({files} files): no problems found",
                    path.display()
                );
            }
        }
    }
    Ok(exit_for(errors))
}
