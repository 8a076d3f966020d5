//! Byte offsets ↔ LSP positions (lines and UTF-16 columns), spans ↔ ranges,
//! paths ↔ URIs.

use lsp_types::{Position, Range, Url};
use std::path::{Path, PathBuf};
use weft_base::LineIndex;

/// A text with its line index.
#[derive(Clone, Copy)]
pub(crate) struct Text<'a> {
    pub(crate) text: &'a str,
    pub(crate) lines: &'a LineIndex,
}

impl Text<'_> {
    /// The LSP position of a byte offset (clamped into the text).
    pub(crate) fn position(&self, offset: usize) -> Position {
        let offset = floor_boundary(self.text, offset.min(self.text.len()));
        let line = self.lines.line_of(offset);
        let start = self.lines.line_range(line).map_or(0, |range| range.start);
        let character = self.text.get(start..offset).map_or(0, utf16_len);
        Position::new(to_u32(line), to_u32(character))
    }

    /// The byte offset of an LSP position; a position past the end of its
    /// line is the line's end, past the last line the text's end.
    pub(crate) fn offset(&self, position: Position) -> usize {
        let Some(range) = self.lines.line_range(position.line as usize) else {
            return self.text.len();
        };
        let line = self.text.get(range.clone()).unwrap_or("");
        let line = line.trim_end_matches(['\n', '\r']);
        let mut units = 0;
        for (at, character) in line.char_indices() {
            if units >= position.character as usize {
                return range.start + at;
            }
            units += character.len_utf16();
        }
        range.start + line.len()
    }

    /// The LSP range of a byte range.
    pub(crate) fn range(&self, range: std::ops::Range<usize>) -> Range {
        Range::new(self.position(range.start), self.position(range.end))
    }
}

fn utf16_len(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

fn floor_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// The file path of a `file:` URI.
pub(crate) fn path_of(uri: &Url) -> Option<PathBuf> {
    uri.to_file_path().ok()
}

/// The `file:` URI of a path.
pub(crate) fn uri_of(path: &Path) -> Option<Url> {
    Url::from_file_path(path).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_columns_round_trip() {
        let source = "ab\nçd😀e\n";
        let lines = LineIndex::new(source);
        let text = Text {
            text: source,
            lines: &lines,
        };
        // `e` is after `ç` (1 unit), `d` (1) and the emoji (2 units).
        let e = source.find('e').unwrap_or(0);
        assert_eq!(text.position(e), Position::new(1, 4));
        assert_eq!(text.offset(Position::new(1, 4)), e);
        assert_eq!(text.offset(Position::new(1, 99)), source.len() - 1);
        assert_eq!(text.offset(Position::new(9, 0)), source.len());
        // An offset inside a character falls back to its start.
        assert_eq!(text.position(4), Position::new(1, 0));
    }
}
