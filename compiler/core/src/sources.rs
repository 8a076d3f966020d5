//! The texts of one compilation: the project's files and the standard
//! library's, each with a [`FileId`]. Implements codespan's `Files` so the
//! renderer can show source lines.

use codespan_reporting::files::{self, Files};
use std::ops::Range;
use std::sync::OnceLock;
use weft_base::{FileId, LineIndex};

/// Where a source text comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// The user's project (a `.weft` file or `weft.toml`).
    Project,
    /// The embedded standard library.
    Stdlib,
    /// A project file that is not UTF-8: kept (lossily decoded) to show where
    /// the bad bytes are, never parsed.
    Undecodable,
}

/// One text and the name it is shown under.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// The id the parser's spans carry.
    pub id: FileId,
    /// The path shown to users (relative to the project where possible).
    pub name: String,
    /// The text.
    pub text: String,
    /// Project or stdlib.
    pub origin: Origin,
    /// Built on first use: only a finding's position reads it, and a clean
    /// `check` of 10,000 declarations spent about 6% of its CPU indexing
    /// lines it never showed.
    lines: OnceLock<LineIndex>,
}

impl SourceFile {
    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        self.lines()
            .line_column(&self.text, offset.min(self.text.len()))
    }

    fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.text))
    }

    /// Whether this is a weft source (as opposed to the manifest).
    pub fn is_weft(&self) -> bool {
        self.origin != Origin::Undecodable && self.name.ends_with(".weft")
    }
}

/// All the texts of one compilation, indexed by [`FileId`].
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// An empty map.
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    /// A map holding the standard library, ready for project files.
    pub fn with_stdlib() -> SourceMap {
        let mut map = SourceMap::new();
        for (name, text) in weft_stdlib::FILES {
            map.add(
                format!("<std>/{}", name.trim_start_matches("std/")),
                (*text).to_string(),
                Origin::Stdlib,
            );
        }
        map
    }

    /// Adds a text and returns its id.
    pub fn add(&mut self, name: impl Into<String>, text: String, origin: Origin) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push(SourceFile {
            id,
            name: name.into(),
            text,
            origin,
            lines: OnceLock::new(),
        });
        id
    }

    /// The file with this id.
    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    /// Every file, in id order.
    pub fn files(&self) -> impl Iterator<Item = &SourceFile> {
        self.files.iter()
    }
}

impl<'a> Files<'a> for SourceMap {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, files::Error> {
        self.get(id)
            .map(|file| file.name.as_str())
            .ok_or(files::Error::FileMissing)
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, files::Error> {
        self.get(id)
            .map(|file| file.text.as_str())
            .ok_or(files::Error::FileMissing)
    }

    fn line_index(&'a self, id: FileId, byte_index: usize) -> Result<usize, files::Error> {
        let file = self.get(id).ok_or(files::Error::FileMissing)?;
        Ok(file.lines().line_of(byte_index))
    }

    fn line_range(&'a self, id: FileId, line_index: usize) -> Result<Range<usize>, files::Error> {
        let file = self.get(id).ok_or(files::Error::FileMissing)?;
        let lines = file.lines();
        lines
            .line_range(line_index)
            .ok_or(files::Error::LineTooLarge {
                given: line_index,
                max: lines.line_count().saturating_sub(1),
            })
    }
}
