//! What the target tests share: the repository root, and a project folder
//! checked (it must be clean) and built with one target.

#![allow(dead_code)] // each test binary uses its own part

use std::path::{Path, PathBuf};
use weft_compiler::{check, CheckResult, Origin, SourceMap};
use weft_targets::{Manifest, TargetName};

/// The repository's root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every `.weft` file under `dir`, in path order.
fn weft_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("folder readable")
        .map(|entry| entry.expect("entry readable").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            weft_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "weft") {
            out.push(path);
        }
    }
}

/// The project in `project` (its `weft.toml` and every `.weft` file),
/// checked with the standard library; panics if it has errors.
pub fn checked(project: &Path) -> CheckResult {
    let mut sources = SourceMap::with_stdlib();
    let manifest_path = project.join("weft.toml");
    let text = std::fs::read_to_string(&manifest_path).expect("weft.toml readable");
    sources.add(manifest_path.display().to_string(), text, Origin::Project);
    let mut files = Vec::new();
    weft_files(project, &mut files);
    for file in files {
        let text = std::fs::read_to_string(&file).expect("source readable");
        sources.add(file.display().to_string(), text, Origin::Project);
    }
    let result = check(&sources);
    assert!(
        !result.has_errors(),
        "{} has errors: {:#?}",
        project.display(),
        result.diagnostics
    );
    result
}

/// What `target` generates for a checked project.
pub fn build(result: &CheckResult, target: TargetName) -> Manifest {
    weft_compiler::build(result, &[target])
        .unwrap_or_else(|error| panic!("the {target} target does not generate: {error:?}"))
}

/// The project in `project`, checked and built with `target`.
pub fn generate(project: &Path, target: TargetName) -> Manifest {
    build(&checked(project), target)
}
