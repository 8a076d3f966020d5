//! `weft fmt [PATHS] [--check]`. Files with syntax errors are reported and
//! left untouched; formatted files are replaced through [`write_file`]
//! (atomically, keeping their permissions). A file that cannot be replaced
//! — a symbolic link (weft would replace the link with a copy), or a write
//! error — is reported and skipped, the others are still formatted, and the
//! exit code is 2.

use super::load::{read_text, weft_files};
use super::safe_write::{write_file, Existing};
use super::{exit_for, Fatal};
use miette::miette;
use std::path::PathBuf;
use std::process::ExitCode;
use weft_compiler::{Origin, SourceMap};
use weft_syntax::{format_file, parse_file};

pub(crate) fn run(paths: &[PathBuf], check_only: bool, json: bool) -> Result<ExitCode, Fatal> {
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
    let mut skipped = Vec::new();
    for file in &files {
        let text = read_text(file)?;
        let id = sources.add(file.display().to_string(), text.clone(), Origin::Project);
        let parsed = parse_file(id, &text);
        if !parsed.errors.is_empty() {
            diagnostics.extend(parsed.errors);
            continue;
        }
        let formatted = format_file(&parsed, &text);
        if formatted != text {
            if !check_only {
                if let Err(error) = write_file(file, formatted.as_bytes(), Existing::Replace) {
                    skipped.push(format!("cannot write `{}`: {error}", file.display()));
                    continue;
                }
            }
            unformatted.push(file);
        }
    }
    let failed = !diagnostics.is_empty() || (check_only && !unformatted.is_empty());
    if json {
        use weft_compiler::render::{render_report, Report, ReportCommand};
        let files: Vec<String> = unformatted
            .iter()
            .map(|file| file.display().to_string())
            .collect();
        let key = if check_only {
            "would_reformat"
        } else {
            "formatted"
        };
        outln!(
            "{}",
            render_report(&Report {
                command: ReportCommand::Fmt,
                ok: !failed && skipped.is_empty(),
                sources: &sources,
                diagnostics: &diagnostics,
                compat: None,
                summary: Some(serde_json::json!({
                    "checked": sources.files().count(),
                    key: files,
                    "not_written": skipped,
                })),
            })
        )?;
        return Ok(if skipped.is_empty() {
            exit_for(failed)
        } else {
            ExitCode::from(2)
        });
    }
    super::print_diagnostics(&sources, &diagnostics)?;
    for file in &unformatted {
        if check_only {
            outln!("would reformat {}", file.display())?;
        } else {
            outln!("formatted {}", file.display())?;
        }
    }
    if !diagnostics.is_empty() {
        errln!("files with syntax errors were left unchanged")?;
    }
    for problem in &skipped {
        errln!("error: {problem}")?;
    }
    if !skipped.is_empty() {
        errln!("those files were left unchanged")?;
        return Ok(ExitCode::from(2));
    }
    Ok(exit_for(failed))
}
