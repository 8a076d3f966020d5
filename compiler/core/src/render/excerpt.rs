//! The source lines one diagnostic shows, made safe and short for a
//! terminal.
//!
//! codespan-reporting prints the lines a label touches as they are. Two
//! things in a source line must not reach the terminal unchanged:
//!
//! - control characters (C0 except tab, DEL, C1) and the bidi overrides
//!   (U+202A–U+202E, U+2066–U+2069): a source file with `\x1b[31m` in a
//!   comment would otherwise drive the user's terminal, and a bidi override
//!   would reorder what is shown. They are shown escaped, as `\u{1b}`.
//! - huge lines: a minified JSON schema is one line, and printing it whole
//!   for each of a thousand findings is quadratic. A line longer than
//!   [`LONG_LINE`] characters is shown as a window of about [`WINDOW`]
//!   characters around the label, cut with `…`.
//!
//! [`Excerpt`] is a codespan `Files` built per diagnostic: it holds only the
//! lines that diagnostic's labels need, rewritten, and maps the labels'
//! ranges into the rewritten text. Line numbers and columns stay those of
//! the real file (`column_number` is answered from the original text).

use crate::sources::SourceMap;
use codespan_reporting::files::{self, Files};
use std::collections::BTreeMap;
use std::ops::Range;
use weft_base::FileId;

/// Lines longer than this (in characters) are shown as a window.
const LONG_LINE: usize = 160;
/// About how many characters of a long line are shown.
const WINDOW: usize = 120;
/// How many characters of the window come before the label's start.
const LEAD: usize = 40;
/// The mark where a long line is cut.
const CUT: &str = "…";

/// Whether a character is shown escaped rather than written to the terminal.
pub(crate) fn is_unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n')
        || ('\u{202A}'..='\u{202E}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// A text with its unsafe characters escaped (for messages and notes, which
/// may quote source text). Newlines stay: messages use them for layout.
pub(crate) fn escape_text(text: &str) -> String {
    if !text.chars().any(is_unsafe_char) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        push_char(&mut out, c);
    }
    out
}

fn push_char(out: &mut String, c: char) {
    if is_unsafe_char(c) {
        out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
    } else {
        out.push(c);
    }
}

/// One shown line: where it is in the excerpt text, and which original
/// byte each excerpt byte came from.
#[derive(Debug)]
struct Segment {
    /// The line's range in the excerpt text, its newline included.
    range: Range<usize>,
    /// `(excerpt offset, original offset)` at each shown character's start,
    /// in order, then the end of the shown part.
    marks: Vec<(usize, usize)>,
}

impl Segment {
    /// The excerpt offset of an original offset on this line (clamped into
    /// the shown part).
    fn to_excerpt(&self, original: usize) -> usize {
        let index = self.marks.partition_point(|&(_, orig)| orig < original);
        match self.marks.get(index) {
            Some(&(shown, _)) => shown,
            None => self
                .marks
                .last()
                .map_or(self.range.start, |&(shown, _)| shown),
        }
    }

    /// The original offset of an excerpt offset on this line.
    fn to_original(&self, shown: usize) -> usize {
        let index = self.marks.partition_point(|&(at, _)| at <= shown);
        index
            .checked_sub(1)
            .and_then(|index| self.marks.get(index))
            .or_else(|| self.marks.first())
            .map_or(0, |&(_, orig)| orig)
    }
}

/// The rewritten lines of one file.
#[derive(Debug, Default)]
struct FileExcerpt {
    text: String,
    /// Original 0-based line → its segment.
    lines: BTreeMap<usize, Segment>,
}

impl FileExcerpt {
    fn segment_at(&self, shown: usize) -> Option<(usize, &Segment)> {
        // A line's end is the next line's start, and an empty last line
        // starts where the line before it ends: the last line whose range
        // reaches the offset is the one that holds it.
        self.lines
            .iter()
            .rev()
            .find(|(_, segment)| segment.range.start <= shown && shown <= segment.range.end)
            .map(|(line, segment)| (*line, segment))
    }
}

/// The shown lines of one diagnostic, as a codespan `Files`.
#[derive(Debug)]
pub(crate) struct Excerpt<'a> {
    sources: &'a SourceMap,
    files: BTreeMap<FileId, FileExcerpt>,
}

impl<'a> Excerpt<'a> {
    /// The lines the labels `(file, range)` need, rewritten.
    pub(crate) fn new(sources: &'a SourceMap, labels: &[(FileId, Range<usize>)]) -> Excerpt<'a> {
        // Per file and line, the original offsets labels start or end at: a
        // long line's window is placed around the first of them.
        let mut wanted: BTreeMap<FileId, BTreeMap<usize, Vec<usize>>> = BTreeMap::new();
        for (file, range) in labels {
            let Some(source) = sources.get(*file) else {
                continue;
            };
            let lines = wanted.entry(*file).or_default();
            let first = sources.line_index(*file, range.start).unwrap_or(0);
            let last = sources.line_index(*file, range.end).unwrap_or(first);
            // codespan asks for every line of a multi-line label and for
            // the line after a shown one (to bridge one-line gaps).
            for line in first..=last.saturating_add(1) {
                if sources.line_range(*file, line).is_ok() {
                    lines.entry(line).or_default();
                }
            }
            let clamp = |offset: usize| offset.min(source.text.len());
            lines.entry(first).or_default().push(clamp(range.start));
            lines.entry(last).or_default().push(clamp(range.end));
        }
        let mut files = BTreeMap::new();
        for (file, lines) in wanted {
            let Some(source) = sources.get(file) else {
                continue;
            };
            let mut excerpt = FileExcerpt::default();
            for (line, points) in lines {
                let Ok(range) = sources.line_range(file, line) else {
                    continue;
                };
                let segment = rewrite_line(&mut excerpt.text, &source.text, range, &points);
                excerpt.lines.insert(line, segment);
            }
            files.insert(file, excerpt);
        }
        Excerpt { sources, files }
    }

    /// A label's range in the excerpt.
    pub(crate) fn map_range(&self, file: FileId, range: Range<usize>) -> Range<usize> {
        let Some(excerpt) = self.files.get(&file) else {
            return range;
        };
        let map = |offset: usize| {
            let line = self.sources.line_index(file, offset).unwrap_or(0);
            excerpt
                .lines
                .get(&line)
                .map_or(0, |segment| segment.to_excerpt(offset))
        };
        let start = map(range.start);
        let end = map(range.end).max(start);
        start..end
    }
}

/// Appends one line, rewritten, to `out` and returns its segment.
fn rewrite_line(out: &mut String, text: &str, range: Range<usize>, points: &[usize]) -> Segment {
    let line = text.get(range.clone()).unwrap_or_default();
    let content_len = line
        .strip_suffix('\n')
        .map(|rest| rest.strip_suffix('\r').unwrap_or(rest))
        .unwrap_or(line)
        .len();
    let content = &line[..content_len];
    let newline = &line[content_len..];
    let start = out.len();
    let mut marks = Vec::new();
    // Only a long line is measured in characters beyond its window: the
    // check stops counting at LONG_LINE.
    let long = content.chars().nth(LONG_LINE).is_some();
    let (from, to) = if long {
        let anchor = points
            .iter()
            .copied()
            .filter(|point| (range.start..=range.start + content_len).contains(point))
            .min()
            .map_or(0, |point| point - range.start);
        let from = content[..anchor]
            .char_indices()
            .rev()
            .take(LEAD)
            .last()
            .map_or(anchor, |(index, _)| index);
        let to = content[from..]
            .char_indices()
            .nth(WINDOW)
            .map_or(content_len, |(index, _)| from + index);
        (from, to)
    } else {
        (0, content_len)
    };
    if from > 0 {
        out.push_str(CUT);
    }
    for (index, c) in content[from..to].char_indices() {
        marks.push((out.len(), range.start + from + index));
        push_char(out, c);
    }
    marks.push((out.len(), range.start + to));
    if to < content_len {
        out.push_str(CUT);
    }
    if !newline.is_empty() {
        out.push('\n');
    }
    Segment {
        range: start..out.len(),
        marks,
    }
}

impl<'a> Files<'a> for Excerpt<'a> {
    type FileId = FileId;
    type Name = String;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<String, files::Error> {
        self.sources.name(id).map(escape_text)
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, files::Error> {
        self.files
            .get(&id)
            .map(|excerpt| excerpt.text.as_str())
            .ok_or(files::Error::FileMissing)
    }

    fn line_index(&'a self, id: FileId, byte_index: usize) -> Result<usize, files::Error> {
        let excerpt = self.files.get(&id).ok_or(files::Error::FileMissing)?;
        Ok(excerpt.segment_at(byte_index).map_or(0, |(line, _)| line))
    }

    fn line_range(&'a self, id: FileId, line_index: usize) -> Result<Range<usize>, files::Error> {
        let excerpt = self.files.get(&id).ok_or(files::Error::FileMissing)?;
        match excerpt.lines.get(&line_index) {
            Some(segment) => Ok(segment.range.clone()),
            // A line no label needs: shown as empty rather than failing
            // the whole diagnostic.
            None => Ok(excerpt.text.len()..excerpt.text.len()),
        }
    }

    fn column_number(
        &'a self,
        id: FileId,
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, files::Error> {
        let excerpt = self.files.get(&id).ok_or(files::Error::FileMissing)?;
        let source = self.sources.get(id).ok_or(files::Error::FileMissing)?;
        let original = excerpt
            .lines
            .get(&line_index)
            .map_or(0, |segment| segment.to_original(byte_index));
        Ok(source.line_column(original).1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::Origin;

    #[test]
    fn escapes_controls_and_bidi() {
        assert_eq!(escape_text("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(
            escape_text("x\u{202e}y\u{2066}\u{7f}\u{85}"),
            "x\\u{202e}y\\u{2066}\\u{7f}\\u{85}"
        );
        assert_eq!(escape_text("tab\tand\nnewline é"), "tab\tand\nnewline é");
    }

    #[test]
    fn long_lines_are_windowed_and_columns_kept() {
        let mut sources = SourceMap::new();
        let text = format!("{}needle{}\nnext\n", "a".repeat(5000), "b".repeat(5000));
        let file = sources.add("x.json", text, Origin::Project);
        let range = 5000..5006;
        let excerpt = Excerpt::new(&sources, &[(file, range.clone())]);
        let shown = excerpt.map_range(file, range);
        let source = excerpt.source(file).unwrap_or_default();
        assert_eq!(&source[shown.clone()], "needle");
        assert!(source.len() < 400, "{}", source.len());
        assert!(source.starts_with(CUT));
        let line = excerpt.line_index(file, shown.start).unwrap_or(99);
        assert_eq!(line, 0);
        assert_eq!(excerpt.column_number(file, 0, shown.start).ok(), Some(5001));
    }
}
