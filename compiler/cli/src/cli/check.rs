//! `weft check PATH`.

use super::load::load;
use super::{exit_for, Fatal, Format};
use std::path::Path;
use std::process::ExitCode;
use weft_compiler::render::{render_github, render_json, render_sarif};

pub(crate) fn run(path: &Path, format: Format) -> Result<ExitCode, Fatal> {
    let loaded = load(path)?;
    let result = weft_compiler::check(&loaded.sources);
    let mut diagnostics = loaded.diagnostics;
    diagnostics.extend(result.diagnostics);
    let errors = diagnostics
        .iter()
        .any(|diagnostic| diagnostic.severity == weft_syntax::Severity::Error);
    match format {
        Format::Json => println!("{}", render_json(&loaded.sources, &diagnostics)),
        Format::Sarif => println!("{}", render_sarif(&loaded.sources, &diagnostics)),
        Format::Github => print!("{}", render_github(&loaded.sources, &diagnostics)),
        Format::Human => {
            super::print_diagnostics(&loaded.sources, &diagnostics)?;
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
