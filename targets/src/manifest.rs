//! The in-memory output of a build: relative paths to file contents.

use std::collections::BTreeMap;

/// Files a build produces, by relative path with `/` separators, in sorted
/// order. Paths are validated when added: relative, no `..`, no empty
/// segments, so that writing the manifest can never leave the output folder.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Manifest {
    files: BTreeMap<String, Vec<u8>>,
}

impl Manifest {
    /// An empty manifest.
    pub fn new() -> Manifest {
        Manifest::default()
    }

    /// Adds a file; fails for a path that could escape the output folder or
    /// that is already taken.
    pub fn add(&mut self, path: &str, contents: impl Into<Vec<u8>>) -> Result<(), String> {
        if !is_safe_relative_path(path) {
            return Err(format!("`{path}` is not a safe relative path"));
        }
        if self.files.contains_key(path) {
            return Err(format!("`{path}` is generated twice"));
        }
        self.files.insert(path.to_string(), contents.into());
        Ok(())
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

    /// How many files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
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
    }
}
