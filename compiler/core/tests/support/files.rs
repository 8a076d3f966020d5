//! Finding the repository's example and fixture files (tests that read them
//! include this file on its own, with `#[path]`).

use std::path::{Path, PathBuf};

/// The repository's root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every file under `dir` (recursively) that `wanted` accepts, sorted by
/// path within each folder.
pub fn files_under(dir: &Path, wanted: &dyn Fn(&Path) -> bool, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("folder readable")
        .map(|entry| entry.expect("entry readable").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files_under(&path, wanted, out);
        } else if wanted(&path) {
            out.push(path);
        }
    }
}

/// Whether `path` is a weft source.
pub fn is_weft(path: &Path) -> bool {
    path.extension().is_some_and(|ext| ext == "weft")
}
