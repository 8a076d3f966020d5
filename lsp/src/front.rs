//! The one place the server calls the parser. Today it keeps each file's
//! tree while the file's text is unchanged, so an edit re-parses only the
//! edited file; the incremental parser being written can replace the body of
//! [`ParseCache::parse`] to re-parse only the changed declarations.

use std::collections::HashMap;
use weft_syntax::{parse_file, FileId, ParsedFile};

/// Parsed trees by file id, each with the text it was parsed from.
#[derive(Default)]
pub(crate) struct ParseCache {
    trees: HashMap<FileId, (String, ParsedFile)>,
}

impl ParseCache {
    /// The tree of `text` as file `file`: the kept one when the text is the
    /// same, else a fresh parse (which replaces it).
    pub(crate) fn parse(&mut self, file: FileId, text: &str) -> ParsedFile {
        if let Some((kept_text, tree)) = self.trees.get(&file) {
            if kept_text == text {
                return tree.clone();
            }
        }
        let tree = parse_file(file, text);
        self.trees.insert(file, (text.to_string(), tree.clone()));
        tree
    }

    /// Forgets the trees of files that no longer exist (ids past `count`).
    pub(crate) fn retain_below(&mut self, count: usize) {
        self.trees.retain(|file, _| (file.0 as usize) < count);
    }
}
