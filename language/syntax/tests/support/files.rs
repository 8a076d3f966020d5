//! The weft files of a folder, for the tests that run over the
//! repository's own files.

use std::path::{Path, PathBuf};

/// Appends the weft files under `root` (searched recursively, in name
/// order) to `out`.
pub fn weft_files(root: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            weft_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "weft") {
            out.push(path);
        }
    }
}

/// Every weft file of the repository: the fixtures, the examples, the
/// standard library and the docs' samples. Not every test that includes
/// this file reads the whole repository.
#[allow(dead_code)]
pub fn repository_weft_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for folder in ["tests", "examples", "stdlib/std", "docs"] {
        weft_files(&root.join(folder), &mut files);
    }
    files
}
