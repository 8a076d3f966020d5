//! Reads a project (folder with weft.toml) or a single file into a
//! [`SourceMap`], next to the standard library, and checks it: the sequence
//! load → check → print → gate that the commands share ([`checked`]).

use super::Fatal;
use miette::miette;
use std::path::{Path, PathBuf};
use weft_compiler::check::not_utf8;
use weft_compiler::manifest::MANIFEST_FILE;
use weft_compiler::{CheckResult, Origin, SourceMap};
use weft_syntax::{Diagnostic, Severity};

/// A loaded and checked compilation.
pub(crate) struct Checked {
    /// Stdlib, manifest and project files.
    pub(crate) sources: SourceMap,
    /// The check's outcome; its diagnostics include those found while
    /// loading (files that are not UTF-8), first, so that the build gate
    /// sees them too.
    pub(crate) result: CheckResult,
}

/// Which findings [`Checked::print`] shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shown {
    /// Every finding.
    All,
    /// Only errors (for commands whose output is something else).
    Errors,
}

impl Checked {
    /// Prints the findings for people on stderr; whether any is an error
    /// (the gate: the caller refuses to produce output when it is).
    pub(crate) fn print(&self, shown: Shown) -> Result<bool, Fatal> {
        let diagnostics: Vec<Diagnostic> = self
            .result
            .diagnostics
            .iter()
            .filter(|diagnostic| shown == Shown::All || diagnostic.severity == Severity::Error)
            .cloned()
            .collect();
        if !diagnostics.is_empty() {
            super::print_diagnostics(&self.sources, &diagnostics)?;
        }
        Ok(self.result.has_errors())
    }
}

/// Loads a project folder or a single `.weft` file and checks it.
pub(crate) fn checked(path: &Path) -> Result<Checked, Fatal> {
    let loaded = load(path)?;
    let mut result = weft_compiler::check(&loaded.sources);
    let mut diagnostics = loaded.diagnostics;
    diagnostics.append(&mut result.diagnostics);
    result.diagnostics = diagnostics;
    Ok(Checked {
        sources: loaded.sources,
        result,
    })
}

/// What was read.
pub(crate) struct Loaded {
    /// Stdlib, manifest and project files.
    pub(crate) sources: SourceMap,
    /// Problems found while reading (files that are not UTF-8).
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// Loads a project folder or a single `.weft` file.
pub(crate) fn load(path: &Path) -> Result<Loaded, Fatal> {
    let metadata = std::fs::metadata(path)
        .map_err(|error| miette!("cannot read `{}`: {error}", path.display()))?;
    let mut loaded = Loaded {
        sources: SourceMap::with_stdlib(),
        diagnostics: Vec::new(),
    };
    if metadata.is_file() {
        // Anything else (notes, `weft.toml` itself, a misspelt extension)
        // would otherwise check as an empty project: "no problems found".
        if path.extension().is_none_or(|extension| extension != "weft") {
            return Err(miette!(
                help = "pass a `.weft` file, or the project folder (the one holding weft.toml)",
                "`{}` is not a weft source: weft reads `.weft` files and project folders",
                path.display()
            ));
        }
        read_into(&mut loaded, path)?;
        return Ok(loaded);
    }
    if !metadata.is_dir() {
        return Err(not_regular(path));
    }
    let manifest = path.join(MANIFEST_FILE);
    if !manifest.is_file() {
        return Err(miette!(
            help = "run `weft init` to create a project here, or pass a single .weft file",
            "`{}` is not a weft project: it has no {MANIFEST_FILE}",
            path.display()
        ));
    }
    read_into(&mut loaded, &manifest)?;
    for file in weft_files(path)? {
        read_into(&mut loaded, &file)?;
    }
    Ok(loaded)
}

fn read_into(loaded: &mut Loaded, path: &Path) -> Result<(), Fatal> {
    let bytes = read_bytes(path)?;
    let name = path.display().to_string();
    match String::from_utf8(bytes) {
        Ok(text) => {
            loaded.sources.add(name, text, Origin::Project);
        }
        Err(error) => {
            let diagnostic = not_utf8(&mut loaded.sources, &name, error.as_bytes());
            loaded.diagnostics.push(diagnostic);
        }
    }
    Ok(())
}

/// Reads a file that every command reads (sources, `weft.toml`, lock
/// files, accepted changes, schemas). Only a regular file (after following
/// symbolic links) is read: a FIFO would block for ever and a device may
/// never end, so they are refused before they are opened.
pub(crate) fn read_bytes(path: &Path) -> Result<Vec<u8>, Fatal> {
    let metadata = std::fs::metadata(path)
        .map_err(|error| miette!("cannot read `{}`: {error}", path.display()))?;
    if !metadata.is_file() {
        return Err(not_regular(path));
    }
    std::fs::read(path).map_err(|error| miette!("cannot read `{}`: {error}", path.display()))
}

/// [`read_bytes`] for a file that must be UTF-8 text.
pub(crate) fn read_text(path: &Path) -> Result<String, Fatal> {
    String::from_utf8(read_bytes(path)?)
        .map_err(|_| miette!("cannot read `{}`: it is not UTF-8 text", path.display()))
}

/// [`read_text`], or `None` when nothing is there.
pub(crate) fn read_text_if_present(path: &Path) -> Result<Option<String>, Fatal> {
    match std::fs::symlink_metadata(path) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        _ => read_text(path).map(Some),
    }
}

fn not_regular(path: &Path) -> Fatal {
    miette!(
        help = "weft reads regular files and folders only (not FIFOs, sockets or devices)",
        "`{}` is not a regular file",
        path.display()
    )
}

/// Every `.weft` file under `root`, sorted; hidden folders, `target` and
/// `node_modules` are skipped, and symbolic links are not followed.
pub(crate) fn weft_files(root: &Path) -> Result<Vec<PathBuf>, Fatal> {
    let mut files = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries = std::fs::read_dir(&dir)
            .map_err(|error| miette!("cannot read folder `{}`: {error}", dir.display()))?;
        for entry in entries {
            let entry = entry
                .map_err(|error| miette!("cannot read folder `{}`: {error}", dir.display()))?;
            let path = entry.path();
            let file_type = entry
                .file_type()
                .map_err(|error| miette!("cannot read `{}`: {error}", path.display()))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if file_type.is_dir() {
                if !(name.starts_with('.') || name == "target" || name == "node_modules") {
                    pending.push(path);
                }
            } else if file_type.is_file() && name.ends_with(".weft") {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}
