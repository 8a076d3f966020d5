//! `weft init [DIR]`: a starter project that checks clean. Never overwrites,
//! and never writes through a symbolic link (not even a dangling one).

use super::safe_write::{write_file, Existing};
use super::Fatal;
use miette::miette;
use std::path::Path;
use std::process::ExitCode;
use weft_compiler::manifest::{starter_manifest, MANIFEST_FILE};

const STARTER_MODEL: &str = include_str!("starter.weft");
const STARTER_FILE: &str = "model.weft";

pub(crate) fn run(dir: &Path, name: Option<&str>) -> Result<ExitCode, Fatal> {
    std::fs::create_dir_all(dir)
        .map_err(|error| miette!("cannot create `{}`: {error}", dir.display()))?;
    let name = match name {
        Some(name) => name.to_string(),
        None => folder_name(dir)?,
    };
    let manifest = dir.join(MANIFEST_FILE);
    let model = dir.join(STARTER_FILE);
    // `symlink_metadata`, not `exists`: a dangling symbolic link "does not
    // exist" for `exists`, and writing there would create its target.
    for path in [&manifest, &model] {
        if std::fs::symlink_metadata(path).is_ok() {
            return Err(miette!(
                help = "nothing was written",
                "`{}` already exists",
                path.display()
            ));
        }
    }
    write_file(
        &manifest,
        starter_manifest(&name).as_bytes(),
        Existing::Refuse,
    )
    .map_err(|error| miette!("cannot write `{}`: {error}", manifest.display()))?;
    write_file(&model, STARTER_MODEL.as_bytes(), Existing::Refuse)
        .map_err(|error| miette!("cannot write `{}`: {error}", model.display()))?;
    outln!("created {} and {}", manifest.display(), model.display())?;
    outln!("next: weft check {}", dir.display())?;
    Ok(ExitCode::SUCCESS)
}

/// The folder's name, made into a valid project name.
fn folder_name(dir: &Path) -> Result<String, Fatal> {
    let absolute = std::fs::canonicalize(dir)
        .map_err(|error| miette!("cannot resolve `{}`: {error}", dir.display()))?;
    let raw = absolute
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name: String = raw
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let name = name.trim_matches('-').to_string();
    if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_lowercase()) {
        return Err(miette!(
            help = "pass one with --name",
            "cannot derive a project name from `{}`",
            dir.display()
        ));
    }
    Ok(name)
}
