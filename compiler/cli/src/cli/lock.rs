//! `weft lock PATH`: writes `PATH/weft.lock`, the published contracts of the
//! project (every event version and API with its canonical schema and
//! fingerprint), for `weft compat --against weft.lock`.
//!
//! Nothing is written when the project has errors. An existing lock file is
//! replaced only when it is one `weft lock` wrote and nobody edited since
//! (its fingerprints match its schemas); anything else needs `--force`.
//! `--check` writes nothing and exits 1 when the file is missing or out of
//! date, for CI.

use super::load::{checked, read_text_if_present, Shown};
use super::safe_write::{write_file, Existing};
use super::Fatal;
use miette::miette;
use std::path::Path;
use std::process::ExitCode;
use weft_compiler::compat::lock::{lock_of, parse_lock, render_lock, LOCK_FILE};
use weft_compiler::manifest::MANIFEST_FILE;

pub(crate) fn run(path: &Path, force: bool, check_only: bool) -> Result<ExitCode, Fatal> {
    if !path.join(MANIFEST_FILE).is_file() {
        return Err(miette!(
            help = "run `weft lock` on a project folder (the one holding weft.toml)",
            "`{}` is not a weft project: it has no {MANIFEST_FILE}",
            path.display()
        ));
    }
    let checked = checked(path)?;
    if checked.print(Shown::Errors)? {
        errln!(
            "{LOCK_FILE} was not written: {} has errors; lock only a model that checks",
            path.display()
        )?;
        return Ok(ExitCode::from(1));
    }
    let lock = lock_of(&checked.result.model);
    let text = render_lock(&lock);
    let target = path.join(LOCK_FILE);
    let existing = read_text_if_present(&target)?;
    let what = format!(
        "{} event version{}, {} API{}",
        lock.events.len(),
        if lock.events.len() == 1 { "" } else { "s" },
        lock.apis.len(),
        if lock.apis.len() == 1 { "" } else { "s" }
    );
    if existing.as_deref() == Some(text.as_str()) {
        errln!("{} is up to date ({what})", target.display())?;
        return Ok(ExitCode::SUCCESS);
    }
    if check_only {
        errln!(
            "{} is {}; run `weft lock {}`",
            target.display(),
            if existing.is_some() {
                "out of date"
            } else {
                "missing"
            },
            path.display()
        )?;
        return Ok(ExitCode::from(1));
    }
    if let Some(existing) = &existing {
        if let Err(problem) = parse_lock(existing) {
            if !force {
                return Err(miette!(
                    help = "move the file away, or pass `--force` to replace it",
                    "refusing to overwrite `{}`: {problem}",
                    target.display()
                ));
            }
        }
    }
    write_file(&target, text.as_bytes(), Existing::Replace)
        .map_err(|error| miette!("cannot write `{}`: {error}", target.display()))?;
    errln!("wrote {} ({what})", target.display())?;
    Ok(ExitCode::SUCCESS)
}
