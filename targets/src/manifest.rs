//! The in-memory output of a build: relative paths to file contents.
//!
//! Two kinds of file: *generated* files, which weft owns and rewrites on
//! every build, and *write-once* files ([`Manifest::add_once`]): starting
//! points that belong to the user from the moment they exist. The CLI
//! creates a write-once file when it is absent and never touches it again.

use std::collections::BTreeMap;

/// Files a build produces, by relative path with `/` separators, in sorted
/// order. Paths are validated when added: relative, no `..`, no empty
/// segments, so that writing the manifest can never leave the output folder.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Manifest {
    files: BTreeMap<String, Vec<u8>>,
    once: BTreeMap<String, Vec<u8>>,
}

impl Manifest {
    /// An empty manifest.
    pub fn new() -> Manifest {
        Manifest::default()
    }

    /// Adds a file; fails for a path that could escape the output folder or
    /// that is already taken.
    pub fn add(&mut self, path: &str, contents: impl Into<Vec<u8>>) -> Result<(), String> {
        writable_path(path)?;
        if self.files.contains_key(path) || self.once.contains_key(path) {
            return Err(format!("`{path}` is generated twice"));
        }
        self.files.insert(path.to_string(), contents.into());
        Ok(())
    }

    /// Adds a write-once file: created when absent, never replaced, never
    /// removed (it is the user's as soon as it exists). Same path rules as
    /// [`Manifest::add`].
    pub fn add_once(&mut self, path: &str, contents: impl Into<Vec<u8>>) -> Result<(), String> {
        writable_path(path)?;
        if self.files.contains_key(path) || self.once.contains_key(path) {
            return Err(format!("`{path}` is generated twice"));
        }
        self.once.insert(path.to_string(), contents.into());
        Ok(())
    }

    /// The write-once files in path order.
    pub fn once_files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.once
            .iter()
            .map(|(path, contents)| (path.as_str(), contents.as_slice()))
    }

    /// The contents of one write-once file.
    pub fn get_once(&self, path: &str) -> Option<&[u8]> {
        self.once.get(path).map(Vec::as_slice)
    }

    /// The files in path order.
    pub fn files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files
            .iter()
            .map(|(path, contents)| (path.as_str(), contents.as_slice()))
    }

    /// The contents of one file.
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }

    /// How many generated files (write-once files are not counted).
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// The longest file or folder name common file systems allow, in bytes.
const MAX_FILE_NAME: usize = 255;

/// Whether a file can be written at `path`: a safe relative path whose
/// names (made from model names, which have no length limit) fit in a
/// file system's [`MAX_FILE_NAME`] bytes.
pub(crate) fn writable_path(path: &str) -> Result<(), String> {
    if !is_safe_relative_path(path) {
        return Err(format!("`{path}` is not a safe relative path"));
    }
    if let Some(long) = path.split('/').find(|name| name.len() > MAX_FILE_NAME) {
        return Err(format!(
            "`{path}` cannot be written: its name `{long}` is {} bytes long, and file systems \
             allow {MAX_FILE_NAME}; shorten the model name it is made from",
            long.len()
        ));
    }
    Ok(())
}

/// Relative, `/`-separated, no `.`/`..`/empty segments, no backslashes or
/// drive prefixes.
pub fn is_safe_relative_path(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && !path.contains(':')
        && path
            .split('/')
            .all(|segment| !segment.is_empty() && segment != "." && segment != "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_longer_than_a_file_system_allows_are_refused() {
        let mut manifest = Manifest::new();
        let longest = "a".repeat(MAX_FILE_NAME);
        assert!(manifest.add(&format!("openapi/{longest}"), "x").is_ok());
        let error = manifest
            .add_once(&format!("rust/{longest}b/Cargo.toml"), "x")
            .expect_err("a name of 256 bytes");
        assert!(error.contains("is 256 bytes long"), "{error}");
        // Bytes, not characters: 128 two-byte letters are 256 bytes.
        assert!(manifest.add(&"é".repeat(128), "x").is_err());
    }

    #[test]
    fn paths_that_could_escape_are_refused() {
        let mut manifest = Manifest::new();
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../../x",
            "a//b",
            "c:\\x",
            "./a",
        ] {
            assert!(manifest.add(bad, "x").is_err(), "{bad} accepted");
        }
        assert!(manifest.add("openapi/erp.yaml", "x").is_ok());
        assert!(manifest.add("openapi/erp.yaml", "y").is_err());
        assert!(manifest.add_once("openapi/erp.yaml", "y").is_err());
        assert!(manifest.add_once("../lib.rs", "y").is_err());
        assert!(manifest.add_once("rust/lib.rs", "y").is_ok());
        assert!(manifest.add("rust/lib.rs", "y").is_err());
        assert_eq!(manifest.len(), 1, "write-once files are counted apart");
    }
}
