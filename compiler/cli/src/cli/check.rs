//! `weft check PATH`.

use super::load::{checked, Shown};
use super::safe_write::{write_file, Existing};
use super::stdio::{write, Stream};
use super::{exit_for, Fatal, Format};
use std::path::Path;
use std::process::ExitCode;
use weft_compiler::fix::apply_fixes;
use weft_compiler::render::{render_github, render_json, render_sarif};

/// How many times `--fix` applies fixes and checks again at most.
const FIX_ROUNDS: usize = 5;

pub(crate) fn run(path: &Path, format: Format, fix: bool) -> Result<ExitCode, Fatal> {
    let mut checked = checked(path)?;
    if fix {
        // A fix can reveal a finding with a fix of its own (an import makes
        // a consumer visible), and two fixes may insert at one place: a few
        // rounds apply them all.
        let (mut count, mut files) = (0, std::collections::BTreeSet::new());
        for _ in 0..FIX_ROUNDS {
            let fixed = apply_fixes(&checked.sources, &checked.result.diagnostics);
            if fixed.is_empty() {
                break;
            }
            for file in &fixed {
                let Some(source) = checked.sources.get(file.file) else {
                    continue;
                };
                let target = Path::new(&source.name);
                write_file(target, file.text.as_bytes(), Existing::Replace).map_err(|error| {
                    miette::miette!("cannot write `{}`: {error}", target.display())
                })?;
                count += file.fixes;
                files.insert(source.name.clone());
            }
            checked = super::load::checked(path)?;
        }
        if count > 0 {
            let fixes = if count == 1 { "fix" } else { "fixes" };
            let in_files = match files.len() {
                1 => "1 file".to_string(),
                many => format!("{many} files"),
            };
            errln!("applied {count} {fixes} in {in_files}")?;
        }
    }
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
    // The model and the sources go with the process, as `weft build`'s do:
    // freeing them allocation by allocation was about a tenth of the CPU
    // time of a `weft check` of 10,000 declarations
    // (docs/performance-history.md).
    std::mem::forget(checked);
    Ok(exit_for(errors))
}
