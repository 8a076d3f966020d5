//! `weft check PATH`.

use super::load::{checked, Shown};
use super::stdio::{write, Stream};
use super::{exit_for, Fatal, Format};
use std::path::Path;
use std::process::ExitCode;
use weft_compiler::render::{render_github, render_json, render_sarif};

pub(crate) fn run(path: &Path, format: Format) -> Result<ExitCode, Fatal> {
    let checked = checked(path)?;
    let diagnostics = &checked.result.diagnostics;
    let errors = checked.result.has_errors();
    match format {
        Format::Json => outln!("{}", render_json(&checked.sources, diagnostics))?,
        Format::Sarif => outln!("{}", render_sarif(&checked.sources, diagnostics))?,
        Format::Github => write(Stream::Out, &render_github(&checked.sources, diagnostics))?,
        Format::Human => {
            checked.print(Shown::All)?;
            if diagnostics.is_empty() {
                let files = checked
                    .sources
                    .files()
                    .filter(|file| file.origin == weft_compiler::Origin::Project)
                    .count();
                errln!(
                    "checked {} ({}): no problems found",
                    path.display(),
                    super::count(files, "file")
                )?;
            }
        }
    }
    Ok(exit_for(errors))
}
