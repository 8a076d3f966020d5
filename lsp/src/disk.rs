//! The server's only view of the file system, handed in by its caller: the
//! `weft` binary reads real files, tests use [`MemoryDisk`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Reads the files of projects. Open documents are never read from here:
/// the editor's text wins.
pub trait Disk: Send + Sync {
    /// The text of a regular UTF-8 file, or `None`.
    fn read(&self, path: &Path) -> Option<String>;
    /// Whether a regular file is there (to find `weft.toml` upwards).
    fn is_file(&self, path: &Path) -> bool;
    /// Every `.weft` file under `root`, sorted, skipping what `weft check`
    /// skips.
    fn weft_files(&self, root: &Path) -> Vec<PathBuf>;
}

/// A disk held in memory, for tests and benchmarks.
#[derive(Debug, Default)]
pub struct MemoryDisk {
    files: Mutex<BTreeMap<PathBuf, String>>,
}

impl MemoryDisk {
    /// An empty disk.
    pub fn new() -> MemoryDisk {
        MemoryDisk::default()
    }

    /// Writes a file.
    pub fn write(&self, path: impl Into<PathBuf>, text: impl Into<String>) {
        if let Ok(mut files) = self.files.lock() {
            files.insert(path.into(), text.into());
        }
    }

    /// Removes a file.
    pub fn remove(&self, path: &Path) {
        if let Ok(mut files) = self.files.lock() {
            files.remove(path);
        }
    }
}

impl Disk for MemoryDisk {
    fn read(&self, path: &Path) -> Option<String> {
        self.files.lock().ok()?.get(path).cloned()
    }

    fn is_file(&self, path: &Path) -> bool {
        self.files
            .lock()
            .map(|files| files.contains_key(path))
            .unwrap_or(false)
    }

    fn weft_files(&self, root: &Path) -> Vec<PathBuf> {
        let Ok(files) = self.files.lock() else {
            return Vec::new();
        };
        files
            .keys()
            .filter(|path| {
                path.starts_with(root) && path.extension().is_some_and(|ext| ext == "weft")
            })
            .cloned()
            .collect()
    }
}
