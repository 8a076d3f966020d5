//! The printer every formatting function writes through. It owns the output,
//! the indentation and the ordinary comments that are still to be printed.
//!
//! Comments are not part of the syntax tree, so they are put back by position:
//! before the printer starts a line for a member whose source starts after a
//! pending comment, it prints that comment on its own line; right after it
//! finishes a member, a pending comment that sat on the same source line as the
//! member's end becomes a trailing comment. Whatever is still pending when a
//! block closes is printed inside the block, and whatever is left at the end
//! of the file is printed there, so no comment can be lost, and since comments
//! only ever leave the pending list in source order, none can be printed twice.
//!
//! Spans in the tree may include the whitespace and comments that follow a
//! node (pest keeps them when a rule ends in an optional part), so every end
//! position goes through [`Printer::code_end`] before it is used.

use crate::syntax::Comment;
use weft_base::span::Span;

/// The widest line the formatter puts a whole record literal or argument list on.
pub(super) const MAX_WIDTH: usize = 100;

/// One level of indentation.
const INDENT: &str = "  ";

/// What separates a member from the one before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Blank {
    /// A blank line if the source had at least one there.
    Source,
    /// Always a blank line.
    Always,
    /// Never a blank line.
    Never,
}

/// Where a member of a body is in the source and how it is separated from the
/// member before it.
#[derive(Clone, Copy, Debug)]
pub(super) struct Extent {
    /// Where the member starts: its first doc line, annotation or keyword.
    pub(super) start: u32,
    /// Where its last token ends.
    pub(super) end: u32,
    /// The separation from a previous member (never applied to the first one).
    pub(super) blank: Blank,
}

/// Brackets around a list of entries.
#[derive(Clone, Copy, Debug)]
pub(super) struct Delimiters {
    /// The opening bracket.
    pub(super) open: &'static str,
    /// The closing bracket.
    pub(super) close: &'static str,
    /// Whether the one-line form has spaces inside the brackets (`{ a: 1 }`).
    pub(super) padded: bool,
}

/// Output, indentation and pending comments.
pub(super) struct Printer<'a> {
    /// The source text, for comments, blank lines and literal text.
    text: &'a str,
    /// Every ordinary comment of the file, in source order.
    comments: &'a [Comment],
    /// Index of the first comment not printed yet.
    next_comment: usize,
    /// Finished lines.
    out: String,
    /// The line being built, without its indentation.
    line: String,
    /// Indentation depth of the line being built.
    indent: usize,
}

impl<'a> Printer<'a> {
    /// A printer for one file.
    pub(super) fn new(text: &'a str, comments: &'a [Comment]) -> Printer<'a> {
        Printer {
            text,
            comments,
            next_comment: 0,
            out: String::with_capacity(text.len() + 64),
            line: String::new(),
            indent: 0,
        }
    }

    /// The formatted text: ends with exactly one newline unless it is empty.
    pub(super) fn finish(mut self) -> String {
        if !self.line.is_empty() {
            self.end_line();
        }
        let kept = self.out.trim_end_matches('\n').len();
        self.out.truncate(kept);
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        self.out
    }

    // ----- lines ------------------------------------------------------------

    /// Appends text to the line being built.
    pub(super) fn push(&mut self, text: &str) {
        self.line.push_str(text);
    }

    /// Finishes the line being built.
    pub(super) fn end_line(&mut self) {
        let line = std::mem::take(&mut self.line);
        let line = line.trim_end();
        if !line.is_empty() {
            for _ in 0..self.indent {
                self.out.push_str(INDENT);
            }
            self.out.push_str(line);
        }
        self.out.push('\n');
    }

    /// A blank line, unless the output is empty or already ends in one.
    pub(super) fn blank_line(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    /// One level deeper.
    pub(super) fn indent(&mut self) {
        self.indent += 1;
    }

    /// One level shallower.
    pub(super) fn dedent(&mut self) {
        self.indent = self.indent.saturating_sub(1);
    }

    /// Whether `width` more columns fit on the line being built.
    pub(super) fn fits(&self, width: usize) -> bool {
        self.indent * INDENT.len() + self.line.chars().count() + width <= MAX_WIDTH
    }

    /// The source text of a span, if the span lies in the text.
    pub(super) fn source(&self, span: Span) -> Option<&'a str> {
        self.text.get(span.range())
    }

    // ----- comments -----------------------------------------------------------

    fn pending(&self) -> Option<&'a Comment> {
        self.comments.get(self.next_comment)
    }

    /// Whether a comment that starts before `position` is still to be printed.
    pub(super) fn has_pending_before(&self, position: u32) -> bool {
        self.pending()
            .is_some_and(|comment| comment.span.start < position)
    }

    /// Whether a comment strictly between `open` and `close` is still to be printed.
    pub(super) fn has_pending_between(&self, open: u32, close: u32) -> bool {
        let rest = self.comments.get(self.next_comment..).unwrap_or_default();
        rest.iter()
            .take_while(|comment| comment.span.start < close)
            .any(|comment| comment.span.start > open)
    }

    /// Prints the next pending comment on a line of its own.
    fn comment_line(&mut self, comment: &Comment) {
        self.push(comment.text.trim_end());
        self.end_line();
        self.next_comment += 1;
    }

    /// Prints the comments that start before `start` on lines of their own,
    /// then leaves the blank line the member at `start` should have after the
    /// one that ended at `previous` (`None` right after `{` or at the top of
    /// the file, where no blank line is ever printed). `first` separates the
    /// first thing printed here from `previous`; blank lines between comments
    /// and the member follow the source.
    pub(super) fn gap(&mut self, previous: Option<u32>, start: u32, first: Blank) {
        if !self.line.is_empty() {
            return;
        }
        let mut last = previous;
        let mut policy = first;
        while let Some(comment) = self.pending().filter(|comment| comment.span.start < start) {
            if self.wants_blank(last, comment.span.start, policy) {
                self.blank_line();
            }
            self.comment_line(comment);
            last = Some(comment.span.end);
            policy = Blank::Source;
        }
        if self.wants_blank(last, start, policy) {
            self.blank_line();
        }
    }

    /// Prints the comments that start before `position` on lines of their own,
    /// with no blank lines: used inside a run of docs and annotations.
    pub(super) fn comments_before(&mut self, position: u32) {
        if !self.line.is_empty() {
            return;
        }
        while let Some(comment) = self
            .pending()
            .filter(|comment| comment.span.start < position)
        {
            self.comment_line(comment);
        }
    }

    /// Prints the comments left before a closing bracket at `close`, inside
    /// the block; `previous` is where the last member ended, if any.
    pub(super) fn close_gap(&mut self, previous: Option<u32>, close: u32) {
        if !self.line.is_empty() {
            return;
        }
        let mut last = previous;
        while let Some(comment) = self.pending().filter(|comment| comment.span.start < close) {
            if self.wants_blank(last, comment.span.start, Blank::Source) {
                self.blank_line();
            }
            self.comment_line(comment);
            last = Some(comment.span.end);
        }
    }

    /// After a finished line that printed source ending at `end`: the next
    /// pending comment becomes a trailing comment of that line if it starts on
    /// the same source line, after `end` and before `limit` (where the next
    /// member starts).
    pub(super) fn trailing(&mut self, end: u32, limit: u32) {
        let Some(comment) = self.pending() else {
            return;
        };
        if comment.span.start < end || comment.span.start >= limit || !self.line.is_empty() {
            return;
        }
        let same_line = self
            .text
            .get(end as usize..comment.span.start as usize)
            .is_some_and(|between| !between.contains('\n'));
        if !same_line || !self.out.ends_with('\n') {
            return;
        }
        self.out.pop();
        self.out.push_str("  ");
        self.out.push_str(comment.text.trim_end());
        self.out.push('\n');
        self.next_comment += 1;
    }

    /// Marks the comments before `position` as printed: they are part of
    /// source text that was copied verbatim.
    pub(super) fn skip_comments_before(&mut self, position: u32) {
        while self.has_pending_before(position) {
            self.next_comment += 1;
        }
    }

    fn wants_blank(&self, last: Option<u32>, next: u32, policy: Blank) -> bool {
        match (last, policy) {
            (None, _) | (_, Blank::Never) => false,
            (Some(_), Blank::Always) => true,
            (Some(last), Blank::Source) => self.source_has_blank_line(last, next),
        }
    }

    /// Whether the source between two positions holds an empty line.
    fn source_has_blank_line(&self, from: u32, to: u32) -> bool {
        if from >= to {
            return false;
        }
        let Some(between) = self.text.get(from as usize..to as usize) else {
            return false;
        };
        let mut lines: Vec<&str> = between.split('\n').skip(1).collect();
        // The last piece is the start of the line `to` is on, not a whole line.
        lines.pop();
        lines.iter().any(|line| line.trim().is_empty())
    }

    // ----- positions ----------------------------------------------------------

    /// Moves `position` back over whitespace and comments, to just after the
    /// last token before it.
    pub(super) fn code_end(&self, position: u32) -> u32 {
        let bytes = self.text.as_bytes();
        let mut position = (position as usize).min(bytes.len());
        loop {
            while position > 0
                && bytes
                    .get(position - 1)
                    .is_some_and(|byte| byte.is_ascii_whitespace())
            {
                position -= 1;
            }
            let before = self
                .comments
                .partition_point(|comment| (comment.span.start as usize) < position);
            match before
                .checked_sub(1)
                .and_then(|index| self.comments.get(index))
            {
                Some(comment) if position <= comment.span.end as usize => {
                    position = comment.span.start as usize
                }
                _ => break,
            }
        }
        u32::try_from(position).unwrap_or(u32::MAX)
    }

    /// The start of the keyword right before `position`: the formatter uses
    /// it for members whose span starts at their value (`host erp` keeps only
    /// the span of `erp`).
    pub(super) fn keyword_start(&self, position: u32) -> u32 {
        let bytes = self.text.as_bytes();
        let mut start = self.code_end(position) as usize;
        while start > 0
            && bytes
                .get(start - 1)
                .is_some_and(|byte| byte.is_ascii_alphanumeric() || *byte == b'_')
        {
            start -= 1;
        }
        u32::try_from(start).unwrap_or(u32::MAX)
    }

    /// The first position at or after `position` that is not whitespace or a
    /// comment (nor a comma, if `skip_commas`): the next token.
    pub(super) fn next_token(&self, position: u32, skip_commas: bool) -> u32 {
        let bytes = self.text.as_bytes();
        let mut position = (position as usize).min(bytes.len());
        while let Some(&byte) = bytes.get(position) {
            if byte.is_ascii_whitespace() || (skip_commas && byte == b',') {
                position += 1;
            } else if byte == b'/' && bytes.get(position + 1) == Some(&b'/') {
                while bytes.get(position).is_some_and(|byte| *byte != b'\n') {
                    position += 1;
                }
            } else {
                break;
            }
        }
        u32::try_from(position).unwrap_or(u32::MAX)
    }

    /// The position just after the `{` that follows `position`, or `position`
    /// itself if the next token is something else.
    pub(super) fn after_open_brace(&self, position: u32) -> u32 {
        let brace = self.next_token(position, false);
        if self.text.as_bytes().get(brace as usize) == Some(&b'{') {
            brace + 1
        } else {
            position
        }
    }

    /// The position of the closing bracket of a construct whose span ends at `end`.
    pub(super) fn closing_bracket(&self, end: u32) -> u32 {
        self.code_end(end).saturating_sub(1)
    }

    /// The extent of a member whose span covers it whole.
    pub(super) fn extent(&self, span: Span) -> Extent {
        Extent {
            start: span.start,
            end: self.code_end(span.end),
            blank: Blank::Source,
        }
    }

    /// The extent of a member whose span covers only its value: it starts at
    /// the keyword before that value.
    pub(super) fn keyword_extent(&self, value: Span) -> Extent {
        Extent {
            start: self.keyword_start(value.start),
            end: self.code_end(value.end),
            blank: Blank::Source,
        }
    }
}
