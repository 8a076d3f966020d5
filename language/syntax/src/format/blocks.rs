//! Bodies and bracketed lists: the two shapes every construct is printed
//! in. A body puts one member per line between `{` and `}`; a bracketed list
//! stays on one line when it fits and has no comment, and otherwise puts one
//! entry per line with a trailing comma. Both put comments back in between.

use super::printer::{Blank, Delimiters, Extent, Printer};

impl Printer<'_> {
    /// Prints ` { members }` after the header on the line being built, one
    /// member per line, or ` {}` when there is neither a member nor a comment.
    /// `header_end` is where the header ends in the source (for a trailing
    /// comment after `{`), `close` is the position of the closing `}`. `print`
    /// prints one member as finished lines. Leaves `}` on the line being built.
    pub(super) fn body<T>(
        &mut self,
        header_end: u32,
        close: u32,
        members: &[T],
        extent: impl Fn(&Self, &T) -> Extent,
        print: impl Fn(&mut Self, &T),
    ) {
        if members.is_empty() && !self.has_pending_before(close) {
            self.push(" {}");
            return;
        }
        self.push(" {");
        self.end_line();
        let extents: Vec<Extent> = members.iter().map(|member| extent(self, member)).collect();
        self.trailing(
            header_end,
            extents.first().map_or(close, |first| first.start),
        );
        self.indent();
        let mut previous = None;
        for (index, (member, member_extent)) in members.iter().zip(&extents).enumerate() {
            self.gap(previous, member_extent.start, member_extent.blank);
            print(self, member);
            let limit = extents.get(index + 1).map_or(close, |next| next.start);
            self.trailing(member_extent.end, limit);
            previous = Some(member_extent.end);
        }
        self.close_gap(previous, close);
        self.dedent();
        self.push("}");
    }

    /// Prints a bracketed list of entries after the line being built: on that
    /// line if it fits in [`MAX_WIDTH`](super::printer::MAX_WIDTH) together with `suffix_width` more
    /// columns and holds no comment, otherwise one entry per line with a
    /// trailing comma. `open` and `close` are the source positions of the
    /// brackets. `flat` renders an entry on one line; `print` prints it on the
    /// line being built, given the width that follows it. Leaves the closing
    /// bracket on the line being built.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn delimited<T>(
        &mut self,
        entries: &[T],
        delimiters: Delimiters,
        open: u32,
        close: u32,
        suffix_width: usize,
        flat: impl Fn(&T) -> String,
        extent: impl Fn(&Self, &T) -> Extent,
        print: impl Fn(&mut Self, &T, usize),
    ) {
        let has_comments = self.has_pending_between(open, close);
        if !has_comments {
            let rendered: Vec<String> = entries.iter().map(&flat).collect();
            let inner = rendered.join(", ");
            let one_line = if inner.is_empty() {
                format!("{}{}", delimiters.open, delimiters.close)
            } else if delimiters.padded {
                format!("{} {} {}", delimiters.open, inner, delimiters.close)
            } else {
                format!("{}{}{}", delimiters.open, inner, delimiters.close)
            };
            if entries.is_empty() || self.fits(one_line.chars().count() + suffix_width) {
                self.push(&one_line);
                return;
            }
        }
        self.push(delimiters.open);
        self.end_line();
        let extents: Vec<Extent> = entries.iter().map(|entry| extent(self, entry)).collect();
        self.trailing(
            open.saturating_add(1),
            extents.first().map_or(close, |first| first.start),
        );
        self.indent();
        let mut previous = None;
        for (index, (entry, entry_extent)) in entries.iter().zip(&extents).enumerate() {
            self.gap(previous, entry_extent.start, Blank::Never);
            print(self, entry, 1);
            self.push(",");
            self.end_line();
            let limit = extents.get(index + 1).map_or(close, |next| next.start);
            self.trailing(entry_extent.end, limit);
            previous = Some(entry_extent.end);
        }
        self.close_gap(previous, close);
        self.dedent();
        self.push(delimiters.close);
    }
}
