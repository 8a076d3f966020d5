//! Cuts a file into top-level declarations before any grammar runs, so that a
//! syntax error in one declaration cannot hide the others.
//!
//! The rule is line-based and needs no tokenizer because no token of weft
//! spans lines: a line that starts at column 0 with a declaration keyword
//! (followed by a space, a tab or the end of the line) starts a new
//! declaration, together with the `///` and `@` lines directly above it.
//! Everything else belongs to the declaration before it. The splitter also
//! collects the ordinary comments (for the formatter) and measures bracket
//! nesting, so that absurdly deep input is refused before a recursive parser
//! sees it.

use crate::syntax::DeclKind;

/// One declaration's text: `start..end` in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chunk {
    /// Byte offset of the chunk's first byte (its first doc or annotation line).
    pub start: usize,
    /// Byte offset one past its last byte.
    pub end: usize,
    /// The keyword that starts it; `None` for text before the first declaration.
    pub kind: Option<DeclKind>,
    /// The deepest bracket nesting inside, and where it was first reached.
    pub max_depth: usize,
    /// Byte offset of the bracket that reached `max_depth`.
    pub deepest_at: usize,
}

/// An ordinary comment found while splitting: byte range in the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CommentRange {
    /// Offset of the first slash.
    pub start: usize,
    /// Offset of the end of the line.
    pub end: usize,
}

/// The result of splitting one file.
#[derive(Debug, Default)]
pub struct Split {
    /// The chunks in file order, covering every non-blank line.
    pub chunks: Vec<Chunk>,
    /// Ordinary comments in file order.
    pub comments: Vec<CommentRange>,
}

/// Splits `text` into declarations.
pub fn split(text: &str) -> Split {
    let mut result = Split::default();
    // Start of the run of `///`/`@` lines directly above the current line.
    let mut prefix_start: Option<usize> = None;
    let mut current: Option<Chunk> = None;
    let mut depth = Depth::default();
    let mut offset = 0;

    for line in text.split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        // A byte-order mark is not part of the first line's text.
        let bom = if line_start == 0 {
            content.len() - content.trim_start_matches('\u{feff}').len()
        } else {
            0
        };
        let content = &content[bom..];

        if let Some(kind) = declaration_keyword(content) {
            let start = prefix_start.unwrap_or(line_start);
            if let Some(mut chunk) = current.take() {
                chunk.end = start;
                result.chunks.push(chunk);
            } else if start > 0 && !only_trivia(&text[..start]) {
                result.chunks.push(Chunk {
                    start: 0,
                    end: start,
                    kind: None,
                    max_depth: 0,
                    deepest_at: 0,
                });
            }
            current = Some(Chunk {
                start,
                end: text.len(),
                kind: Some(kind),
                max_depth: 0,
                deepest_at: start,
            });
            depth = Depth::default();
        }

        let first = content.trim_start();
        let is_prefix = content.starts_with("///") || content.starts_with('@');
        prefix_start = if is_prefix {
            prefix_start.or(Some(line_start))
        } else {
            None
        };

        let doc_line = first.starts_with("///") && !first.starts_with("////");
        scan_line(
            content,
            line_start + bom,
            doc_line,
            &mut depth,
            current.as_mut(),
            &mut result.comments,
        );
    }

    match current {
        Some(mut chunk) => {
            chunk.end = text.len();
            result.chunks.push(chunk);
        }
        None if !only_trivia(text) => {
            result.chunks.push(Chunk {
                start: 0,
                end: text.len(),
                kind: None,
                max_depth: 0,
                deepest_at: 0,
            });
        }
        None => {}
    }
    result
}

/// The declaration a line starts, if it starts one.
fn declaration_keyword(line: &str) -> Option<DeclKind> {
    let word_end = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(line.len());
    let kind = DeclKind::from_keyword(&line[..word_end])?;
    match line[word_end..].chars().next() {
        None | Some(' ') | Some('\t') | Some('\r') => Some(kind),
        _ => None,
    }
}

/// Open brackets per kind. Each kind is closed only by its own closer, so
/// that input such as `{ ) { ) {` cannot hide its real nesting.
#[derive(Default)]
struct Depth {
    open: [usize; 4],
}

impl Depth {
    fn total(&self) -> usize {
        self.open.iter().sum()
    }
}

/// Tracks bracket depth and comments on one line, skipping strings.
fn scan_line(
    line: &str,
    line_start: usize,
    doc_line: bool,
    depth: &mut Depth,
    mut chunk: Option<&mut Chunk>,
    comments: &mut Vec<CommentRange>,
) {
    let bytes = line.as_bytes();
    let mut index = 0;
    let mut in_string = false;
    while index < bytes.len() {
        let byte = bytes[index];
        if in_string {
            match byte {
                b'\\' => index += 1,
                b'"' => in_string = false,
                _ => {}
            }
            index += 1;
            continue;
        }
        let previous_is_word =
            index > 0 && (bytes[index - 1].is_ascii_alphanumeric() || bytes[index - 1] == b'_');
        match byte {
            b'"' => in_string = true,
            b'/' if bytes.get(index + 1) == Some(&b'/') => {
                if !doc_line {
                    comments.push(CommentRange {
                        start: line_start + index,
                        end: line_start + line.len(),
                    });
                }
                return;
            }
            b'{' => depth.open[0] += 1,
            b'(' => depth.open[1] += 1,
            b'[' => depth.open[2] += 1,
            // `<` opens type parameters only right after a name (`list<`).
            b'<' if previous_is_word => depth.open[3] += 1,
            b'}' => depth.open[0] = depth.open[0].saturating_sub(1),
            b')' => depth.open[1] = depth.open[1].saturating_sub(1),
            b']' => depth.open[2] = depth.open[2].saturating_sub(1),
            b'>' => depth.open[3] = depth.open[3].saturating_sub(1),
            _ => {}
        }
        if let Some(chunk) = chunk.as_deref_mut() {
            if depth.total() > chunk.max_depth {
                chunk.max_depth = depth.total();
                chunk.deepest_at = line_start + index;
            }
        }
        index += 1;
    }
}

/// Whether `text` holds nothing but blank lines and comments.
fn only_trivia(text: &str) -> bool {
    text.lines().all(|line| {
        let line = line.trim();
        line.is_empty()
            || (line.starts_with("//") && !(line.starts_with("///") && !line.starts_with("////")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyword_at_column_zero_starts_a_declaration_with_its_docs() {
        let text = "package a\n\n/// Doc\n@pii\nrecord A {\n  type: string\n}\nrecord B {}\n";
        let chunks = split(text).chunks;
        let kinds: Vec<_> = chunks.iter().map(|chunk| chunk.kind).collect();
        assert_eq!(
            kinds,
            vec![
                Some(DeclKind::Package),
                Some(DeclKind::Record),
                Some(DeclKind::Record)
            ]
        );
        assert!(text[chunks[1].start..chunks[1].end].starts_with("/// Doc"));
    }

    #[test]
    fn a_field_named_like_a_keyword_does_not_split() {
        let chunks = split("record A {\ntype: string\n}\n").chunks;
        assert_eq!(chunks.len(), 1);
    }

    #[test]
    fn text_before_the_first_declaration_is_its_own_chunk() {
        let chunks = split("garbage here\nrecord A {}\n").chunks;
        assert_eq!(chunks[0].kind, None);
        assert_eq!(chunks.len(), 2);
    }

    #[test]
    fn nesting_depth_ignores_brackets_in_strings_and_comments() {
        let split = split("record A { x: string = \"{{{\" // (((\n}\n");
        assert_eq!(split.chunks[0].max_depth, 1);
        assert_eq!(split.comments.len(), 1);
    }
}
