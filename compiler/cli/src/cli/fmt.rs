//! `weft fmt [PATHS] [--check]`. Files with syntax errors are reported and
//! left untouched; formatted files are replaced atomically.

use super::load::weft_files;
use super::{exit_for, Fatal};
use miette::miette;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use weft_compiler::{Origin, SourceMap};
use weft_syntax::{format_file, parse_file};

pub(crate) fn run(paths: &[PathBuf], check_only: bool) -> Result<ExitCode, Fatal> {
    let mut files = Vec::new();
    for path in paths {
        let metadata = std::fs::metadata(path)
            .map_err(|error| miette!("cannot read `{}`: {error}", path.display()))?;
        if metadata.is_dir() {
            files.extend(weft_files(path)?);
        } else {
            files.push(path.clone());
        }
    }
    let mut sources = SourceMap::new();
    let mut diagnostics = Vec::new();
    let mut unformatted = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file)
            .map_err(|error| miette!("cannot read `{}`: {error}", file.display()))?;
        let id = sources.add(file.display().to_string(), text.clone(), Origin::Project);
        let parsed = parse_file(id, &text);
        if !parsed.errors.is_empty() {
            diagnostics.extend(parsed.errors);
            continue;
        }
        let formatted = format_file(&parsed, &text);
        if formatted != text {
            if !check_only {
                write_atomically(file, &formatted)?;
            }
            unformatted.push(file);
        }
    }
    super::print_diagnostics(&sources, &diagnostics)?;
    for file in &unformatted {
        if check_only {
            println!("would reformat {}", file.display());
        } else {
            println!("formatted {}", file.display());
        }
    }
    if !diagnostics.is_empty() {
        eprintln!("files with syntax errors were left unchanged");
    }
    Ok(exit_for(
        !diagnostics.is_empty() || (check_only && !unformatted.is_empty()),
    ))
}

/// Writes next to the file, then renames over it, so that a crash never leaves
/// a half-written source.
fn write_atomically(path: &Path, text: &str) -> Result<(), Fatal> {
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = path.with_file_name(format!(".{file_name}.weft-fmt.tmp"));
    std::fs::write(&temporary, text)
        .map_err(|error| miette!("cannot write `{}`: {error}", temporary.display()))?;
    std::fs::rename(&temporary, path).map_err(|error| {
        let _ = std::fs::remove_file(&temporary);
        miette!("cannot replace `{}`: {error}", path.display())
    })
}
