//! The one place the server calls the parser. It keeps each file's tree
//! with the text it came from, so that an analysis takes the trees of
//! unchanged files as they are (moved, not cloned: see
//! [`ParseCache::recycle`]) and re-parses an edited file incrementally: the
//! declarations before the first one the edit touched are kept, the rest
//! is re-parsed with `parse_declaration`.
//!
//! Why not only the touched declaration: the tree's spans are absolute
//! byte offsets, and the syntax tree has no pass that shifts them, so the
//! declarations after an edit that changes the length are parsed again at
//! their new offsets (the parse is a small share of an analysis; see
//! `docs/performance-lsp.md`).

use crate::analysis::Analysis;
use std::collections::HashMap;
use std::ops::Range;
use weft_syntax::{declaration_ranges, parse_declaration, parse_file, FileId, ParsedFile};

/// Parsed trees by file id, each with the text it was parsed from.
#[derive(Default)]
pub(crate) struct ParseCache {
    trees: HashMap<FileId, (String, ParsedFile)>,
}

impl ParseCache {
    /// The tree of `text` as file `file`. In order of preference: the kept
    /// tree of the same text (taken out of the cache), a copy of the
    /// previous analysis's tree of the same text, an incremental re-parse
    /// from the kept or previous tree of an older text, a full parse.
    pub(crate) fn parse(
        &mut self,
        file: FileId,
        text: &str,
        previous: Option<&Analysis>,
    ) -> ParsedFile {
        let kept = self.trees.remove(&file);
        let kept = match kept {
            Some((kept_text, tree)) if kept_text == text => return tree,
            other => other,
        };
        let earlier = previous.and_then(|analysis| {
            let old_text = &analysis.sources.get(file)?.text;
            let tree = analysis
                .result
                .parsed
                .iter()
                .find(|tree| tree.file == file)?;
            Some((old_text.as_str(), tree))
        });
        if let Some((old_text, tree)) = earlier {
            if old_text == text {
                return tree.clone();
            }
        }
        match kept
            .as_ref()
            .map(|(old_text, tree)| (old_text.as_str(), tree))
            .or(earlier)
        {
            Some((old_text, tree)) => reparse(file, old_text, tree, text),
            None => parse_file(file, text),
        }
    }

    /// Takes the trees of an analysis nobody reads any more, so that the
    /// next analysis moves them instead of copying them.
    pub(crate) fn recycle(&mut self, analysis: Analysis) {
        let Analysis {
            sources, result, ..
        } = analysis;
        for tree in result.parsed {
            if let Some(source) = sources.get(tree.file) {
                self.trees.insert(tree.file, (source.text.clone(), tree));
            }
        }
    }

    /// Forgets the trees of files that no longer exist (ids past `count`).
    pub(crate) fn retain_below(&mut self, count: usize) {
        self.trees.retain(|file, _| (file.0 as usize) < count);
    }
}

/// The tree of `new_text`, given the tree of `old_text` for the same file:
/// the declarations wholly before the edit are kept, the rest re-parsed.
/// Gives exactly what `parse_file(file, new_text)` gives.
pub(crate) fn reparse(
    file: FileId,
    old_text: &str,
    old: &ParsedFile,
    new_text: &str,
) -> ParsedFile {
    let Some(from) = reparse_from(old_text, new_text) else {
        return parse_file(file, new_text);
    };
    let before = |start: u32| (start as usize) < from;
    let mut tree = ParsedFile {
        file,
        items: old
            .items
            .iter()
            .filter(|item| before(item.span.start))
            .cloned()
            .collect(),
        comments: old
            .comments
            .iter()
            .filter(|comment| before(comment.span.start))
            .cloned()
            .collect(),
        errors: old
            .errors
            .iter()
            .filter(|error| before(error.primary.span.start))
            .cloned()
            .collect(),
    };
    let Some(rest) = new_text.get(from..) else {
        return parse_file(file, new_text);
    };
    let fresh = parse_declaration(file, rest, from);
    tree.items.extend(fresh.items);
    tree.comments.extend(fresh.comments);
    tree.errors.extend(fresh.errors);
    tree
}

/// Where re-parsing starts: the start of the first declaration the edit
/// may have changed, when some declarations before it are certainly
/// unchanged (else `None`: parse it all).
///
/// A declaration is kept when it and the start of the next one are at the
/// same places in both texts and lie wholly inside their common prefix:
/// the splitter decides where a declaration ends by what follows it up to
/// the next one, and all of that is unchanged.
fn reparse_from(old_text: &str, new_text: &str) -> Option<usize> {
    let common = common_prefix(old_text, new_text);
    let old_ranges = declaration_ranges(old_text);
    let new_ranges = declaration_ranges(new_text);
    let unchanged = |index: usize| -> bool {
        let same = |ranges: &[Range<usize>], other: &[Range<usize>]| {
            ranges.get(index) == other.get(index)
                && ranges.get(index + 1).map(|next| next.start)
                    == other.get(index + 1).map(|next| next.start)
        };
        same(&old_ranges, &new_ranges)
            && new_ranges
                .get(index + 1)
                .is_some_and(|next| next.start < common)
    };
    let kept = (0..new_ranges.len())
        .take_while(|index| unchanged(*index))
        .count();
    if kept == 0 {
        return None;
    }
    new_ranges.get(kept).map(|range| range.start)
}

/// The length in bytes of the longest common prefix, on a character
/// boundary of both texts.
fn common_prefix(a: &str, b: &str) -> usize {
    let mut length = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    while !(a.is_char_boundary(length) && b.is_char_boundary(length)) {
        length -= 1;
    }
    length
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOUR: &str = include_str!("../../docs/syntax-tour.weft");

    fn assert_same(old_text: &str, new_text: &str) {
        let old = parse_file(FileId(7), old_text);
        let incremental = reparse(FileId(7), old_text, &old, new_text);
        let full = parse_file(FileId(7), new_text);
        assert_eq!(incremental.items, full.items, "items after the edit");
        assert_eq!(
            incremental.comments, full.comments,
            "comments after the edit"
        );
        assert_eq!(incremental.errors, full.errors, "errors after the edit");
    }

    /// Edits at many places of the tour (insertions, deletions, garbage,
    /// a brace that opens a block, a column-0 keyword) re-parse to exactly
    /// the full parse of the edited text.
    #[test]
    fn an_incremental_reparse_gives_the_full_parse() {
        let boundaries: Vec<usize> = (0..TOUR.len())
            .step_by(97)
            .filter(|at| TOUR.is_char_boundary(*at))
            .collect();
        for (round, at) in boundaries.iter().enumerate() {
            for insert in [
                "x",
                "\n",
                " {",
                "}\n",
                "\nrecord Z {\n  a: string\n}\n",
                "@@!",
            ] {
                let mut edited = TOUR.to_string();
                edited.insert_str(*at, insert);
                assert_same(TOUR, &edited);
            }
            let end = boundaries.get(round + 1).copied().unwrap_or(TOUR.len());
            let mut deleted = TOUR.to_string();
            deleted.replace_range(*at..end, "");
            assert_same(TOUR, &deleted);
        }
    }

    #[test]
    fn an_edit_late_in_a_file_keeps_the_declarations_before_it() {
        let at = TOUR.rfind("\n}").expect("a closing brace");
        let mut edited = TOUR.to_string();
        edited.insert_str(at, "\n  // a note");
        let from = reparse_from(TOUR, &edited).expect("something is kept");
        assert!(
            from > TOUR.len() / 2,
            "re-parses from {from} of {}",
            TOUR.len()
        );
        assert_same(TOUR, &edited);
    }

    #[test]
    fn a_kept_tree_is_moved_and_a_changed_text_reparsed() {
        let mut cache = ParseCache::default();
        let first = cache.parse(FileId(3), TOUR, None);
        cache
            .trees
            .insert(FileId(3), (TOUR.to_string(), first.clone()));
        let again = cache.parse(FileId(3), TOUR, None);
        assert_eq!(again.items, first.items);
        assert!(
            cache.trees.is_empty(),
            "the kept tree was taken, not copied"
        );
        cache.trees.insert(FileId(3), (TOUR.to_string(), first));
        let edited = TOUR.replacen("record", "record  ", 1);
        let changed = cache.parse(FileId(3), &edited, None);
        assert_eq!(changed.items, parse_file(FileId(3), &edited).items);
    }
}
