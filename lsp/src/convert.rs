//! Byte offsets ↔ LSP positions (lines and UTF-16 columns), spans ↔ ranges,
//! paths ↔ URIs.

use lsp_types::{Position, Range, Url};
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use weft_base::LineIndex;

/// The lines of a text as LSP counts them: `\n`, `\r\n` and a lone `\r`
/// each end one. The compiler's [`LineIndex`] ends lines at `\n` only (its
/// own messages count lines so), which is the same unless a `\r` stands
/// alone; only then are the line starts computed here.
pub(crate) enum Lines {
    /// No lone `\r`: the compiler's index (a vectorised scan).
    Newlines(LineIndex),
    /// The start of every line, counting lone `\r`s.
    Mixed { starts: Vec<usize>, len: usize },
}

impl Lines {
    pub(crate) fn new(text: &str) -> Lines {
        let bytes = text.as_bytes();
        if !has_lone_cr(bytes) {
            return Lines::Newlines(LineIndex::new(text));
        }
        let mut starts = vec![0];
        for (at, &byte) in bytes.iter().enumerate() {
            let ends = byte == b'\n' || (byte == b'\r' && bytes.get(at + 1) != Some(&b'\n'));
            if ends {
                starts.push(at + 1);
            }
        }
        Lines::Mixed {
            starts,
            len: text.len(),
        }
    }

    /// The 0-based line holding byte `offset` (past the end: the last line).
    pub(crate) fn line_of(&self, offset: usize) -> usize {
        match self {
            Lines::Newlines(index) => index.line_of(offset),
            Lines::Mixed { starts, .. } => starts
                .partition_point(|&start| start <= offset)
                .saturating_sub(1),
        }
    }

    /// The byte range of 0-based `line`, its line end included; `None`
    /// past the last line.
    pub(crate) fn line_range(&self, line: usize) -> Option<std::ops::Range<usize>> {
        match self {
            Lines::Newlines(index) => index.line_range(line),
            Lines::Mixed { starts, len } => {
                let start = *starts.get(line)?;
                Some(start..starts.get(line + 1).copied().unwrap_or(*len))
            }
        }
    }
}

/// Whether a `\r` is not followed by `\n`. Branch-free over byte pairs so
/// that it vectorises: the server indexes a document on every edit, and
/// this scan adds a fraction of the index's own cost for texts with no
/// `\r` or only `\r\n`.
fn has_lone_cr(bytes: &[u8]) -> bool {
    if bytes.last() == Some(&b'\r') {
        return true;
    }
    let next = bytes.get(1..).unwrap_or_default();
    bytes.iter().zip(next).fold(0u8, |lone, (&byte, &next)| {
        lone | u8::from((byte == b'\r') & (next != b'\n'))
    }) != 0
}

/// A text with its line index.
#[derive(Clone, Copy)]
pub(crate) struct Text<'a> {
    pub(crate) text: &'a str,
    pub(crate) lines: &'a Lines,
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

/// Gives back the client's spelling of the URI of each open document that
/// has one (`spellings`, by path) in a message the server sends: every
/// string, and object key (a workspace edit's `changes`), that is a `file:`
/// URI of such a document, however the server spelt it.
pub(crate) fn respell(value: &mut Value, spellings: &HashMap<PathBuf, String>) {
    match value {
        Value::String(text) => {
            if let Some(spelling) = spelling_of(text, spellings) {
                text.clone_from(spelling);
            }
        }
        Value::Array(items) => {
            for item in items {
                respell(item, spellings);
            }
        }
        Value::Object(fields) => {
            let keys: Vec<String> = fields
                .keys()
                .filter(|key| spelling_of(key, spellings).is_some())
                .cloned()
                .collect();
            for key in keys {
                if let (Some(spelling), Some(field)) =
                    (spelling_of(&key, spellings), fields.remove(&key))
                {
                    fields.insert(spelling.clone(), field);
                }
            }
            for field in fields.values_mut() {
                respell(field, spellings);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

fn spelling_of<'a>(text: &str, spellings: &'a HashMap<PathBuf, String>) -> Option<&'a String> {
    if !text.starts_with("file:") {
        return None;
    }
    spellings.get(&path_of(&Url::parse(text).ok()?)?)
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
        let lines = Lines::new(source);
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

    #[test]
    fn a_lone_cr_ends_a_line_as_lf_and_crlf_do() {
        let source = "a\rb\r\nc\nd\r\re\r";
        let lines = Lines::new(source);
        assert!(matches!(lines, Lines::Mixed { .. }));
        let text = Text {
            text: source,
            lines: &lines,
        };
        let expected = [(0, 'a'), (1, 'b'), (2, 'c'), (3, 'd'), (5, 'e')];
        for (line, character) in expected {
            let at = source.find(character).unwrap_or(usize::MAX);
            assert_eq!(text.position(at), Position::new(line, 0), "{character}");
            assert_eq!(text.offset(Position::new(line, 0)), at, "{character}");
            // Past the line's end: before its line end, whichever it is.
            assert_eq!(text.offset(Position::new(line, 9)), at + 1, "{character}");
        }
        assert_eq!(text.position(source.len()), Position::new(6, 0));
        assert_eq!(
            text.offset(Position::new(4, 3)),
            source.find("\re").unwrap_or(0)
        );
    }

    #[test]
    fn texts_without_a_lone_cr_keep_the_compilers_index() {
        for source in ["", "a\nb", "a\r\nb\r\n", "\r\n\r\n"] {
            assert!(!has_lone_cr(source.as_bytes()), "{source:?}");
            assert!(matches!(Lines::new(source), Lines::Newlines(_)));
        }
        for source in ["\r", "a\r", "\ra", "a\r\r\n", "a\n\rb"] {
            assert!(has_lone_cr(source.as_bytes()), "{source:?}");
        }
    }

    #[test]
    fn respelling_gives_back_the_clients_uri_wherever_it_is() {
        let path = PathBuf::from("/p/a b.weft");
        let client = "file://localhost/p/a%20%62.weft";
        let spellings = HashMap::from([(path.clone(), client.to_string())]);
        let own = uri_of(&path).map(String::from).unwrap_or_default();
        let other = "file:///p/other.weft";
        let mut message = serde_json::json!({
            "uri": own,
            "changes": { own.clone(): [], other: [] },
            "arguments": [own, { "uri": other }, 3],
            "text": format!("see {own}"),
        });
        respell(&mut message, &spellings);
        assert_eq!(
            message,
            serde_json::json!({
                "uri": client,
                "changes": { client: [], other: [] },
                "arguments": [client, { "uri": other }, 3],
                "text": format!("see {own}"),
            })
        );
    }
}
