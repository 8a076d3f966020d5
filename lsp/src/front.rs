//! The one place the server calls the parser. It keeps each file's tree
//! with the text it came from, so that an analysis takes the trees of
//! unchanged files as they are (moved, not cloned: see
//! [`ParseCache::recycle`]) and re-parses an edited file incrementally:
//! only the declarations the edit touched are parsed again; those before
//! them are kept as they are and those after them kept and moved by the
//! edit's length change ([`Shift`]). See `docs/performance-lsp.md`.

use crate::analysis::Analysis;
use std::borrow::Cow;
use std::collections::HashMap;
#[cfg(test)]
use std::ops::Range;
use weft_syntax::syntax::Shift;
use weft_syntax::{
    declaration_start_after, declaration_start_before, parse_declaration, parse_file, FileId,
    ParsedFile, Span, UnparsedClause,
};

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
        match (kept, earlier) {
            (Some((old_text, tree)), _) => reparse(file, &old_text, Cow::Owned(tree), text),
            (None, Some((old_text, tree))) => reparse(file, old_text, Cow::Borrowed(tree), text),
            (None, None) => parse_file(file, text),
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
/// the declarations before the edit are kept as they are, those after it
/// are kept and moved by the edit's length change, and only the ones in
/// between are parsed. Gives exactly what `parse_file(file, new_text)`
/// gives. The old tree is taken by value when the caller owns it (its
/// nodes are moved) and cloned node by node when it is borrowed.
pub fn reparse(
    file: FileId,
    old_text: &str,
    old: Cow<'_, ParsedFile>,
    new_text: &str,
) -> ParsedFile {
    let Some(plan) = plan(old_text, new_text, &old) else {
        return parse_file(file, new_text);
    };
    let Some(middle) = new_text.get(plan.from..plan.new_to) else {
        return parse_file(file, new_text);
    };
    let fresh = parse_declaration(file, middle, plan.from);
    let unparsed = |clause: &UnparsedClause| clause.span;
    let (items, comments, errors, unparsed_clauses) = match old {
        Cow::Owned(tree) => (
            plan.splice(tree.items.into_iter(), fresh.items, |item| item.span),
            plan.splice(tree.comments.into_iter(), fresh.comments, |c| c.span),
            plan.splice(tree.errors.into_iter(), fresh.errors, |e| e.primary.span),
            plan.splice(
                tree.unparsed_clauses.into_iter(),
                fresh.unparsed_clauses,
                unparsed,
            ),
        ),
        Cow::Borrowed(tree) => (
            plan.splice(tree.items.iter().cloned(), fresh.items, |item| item.span),
            plan.splice(tree.comments.iter().cloned(), fresh.comments, |c| c.span),
            plan.splice(tree.errors.iter().cloned(), fresh.errors, |e| {
                e.primary.span
            }),
            plan.splice(
                tree.unparsed_clauses.iter().cloned(),
                fresh.unparsed_clauses,
                unparsed,
            ),
        ),
    };
    ParsedFile {
        file,
        items,
        comments,
        errors,
        unparsed_clauses,
    }
}

/// What to re-parse: the bytes `from..old_to` of the old text became
/// `from..new_to` of the new one; everything before `from` is unchanged
/// and everything from `old_to` on is the same text `delta` bytes later.
#[derive(Debug, PartialEq, Eq)]
struct Plan {
    from: usize,
    old_to: usize,
    new_to: usize,
    delta: i64,
    /// Whether old text follows the re-parsed part. When that part runs
    /// to the end, an old node starting at `old_to` is an error at the
    /// very end of the file, which the re-parse gives again.
    tail: bool,
}

impl Plan {
    /// The old nodes before `from`, then the fresh ones, then the old ones
    /// from `old_to` on, moved. Nodes are in source order, and every node
    /// of a declaration starts inside it (see [`plan`] for the one case
    /// where that does not decide which declaration a node belongs to).
    fn splice<T: Shift>(
        &self,
        old: impl Iterator<Item = T>,
        fresh: Vec<T>,
        span: impl Fn(&T) -> Span,
    ) -> Vec<T> {
        let mut nodes = Vec::with_capacity(fresh.len());
        let mut after = Vec::new();
        for mut node in old {
            let start = span(&node).start as usize;
            if start < self.from {
                nodes.push(node);
            } else if start >= self.old_to && self.tail {
                node.shift(self.delta);
                after.push(node);
            }
        }
        nodes.extend(fresh);
        nodes.extend(after);
        nodes
    }
}

/// Which declarations an edit changed: from the last declaration start
/// before the first changed byte to the first one after the last changed
/// byte, each found by [`declaration_start_before`] and
/// [`declaration_start_after`] near the edit, so that neither text is cut
/// as a whole (that was most of a re-parse's time). Those starts are
/// declaration headers, which the splitter cuts at whatever precedes them,
/// with text around them that both texts share; so the declarations
/// between them are the ones a full parse sees, each parsed on its own
/// text only, and a kept one parses as it did. `None` when nothing can be
/// kept.
///
/// An error may sit at the very end of its declaration, which is where the
/// next one starts; so a boundary with an old error on it moves outwards
/// (one more declaration is re-parsed) until no error sits on it. At the
/// end of the file there is no next declaration: an old error there is
/// the last declaration's, and is not kept ([`Plan::tail`]).
fn plan(old_text: &str, new_text: &str, old: &ParsedFile) -> Option<Plan> {
    let prefix = common_prefix(old_text, new_text);
    let suffix = common_suffix(&old_text[prefix..], &new_text[prefix..]);
    let delta = new_text.len() as i64 - old_text.len() as i64;
    let on_boundary = |at: usize| {
        at != 0
            && at != old_text.len()
            && old
                .errors
                .iter()
                .any(|error| error.primary.span.start as usize == at)
    };
    // Before the first changed byte both texts are the same, so a start
    // found in the new one is at the same place in the old one.
    let mut from = declaration_start_before(new_text, prefix);
    while on_boundary(from) {
        from = declaration_start_before(new_text, from);
    }
    // From the last changed byte on, the new text is the old one moved by
    // `delta`.
    let changed_end = new_text.len() - suffix;
    let mut new_to = declaration_start_after(new_text, changed_end).unwrap_or(new_text.len());
    let old_offset = |new_offset: usize| (new_offset as i64 - delta) as usize;
    while new_to < new_text.len() && on_boundary(old_offset(new_to)) {
        new_to = declaration_start_after(new_text, new_to).unwrap_or(new_text.len());
    }
    if from == 0 && new_to == new_text.len() {
        return None;
    }
    Some(Plan {
        from,
        old_to: old_offset(new_to),
        new_to,
        delta,
        tail: new_to < new_text.len(),
    })
}

/// The block size of [`common_prefix`] and [`common_suffix`].
const BLOCK: usize = 64;

/// The length in bytes of the longest common prefix, on a character
/// boundary of both texts.
fn common_prefix(a: &str, b: &str) -> usize {
    let (a_bytes, b_bytes) = (a.as_bytes(), b.as_bytes());
    // Whole blocks first, each one `memcmp`: byte by byte, the scans of
    // the unchanged text took about 0.1 ms of a re-parse of 0.8 ms.
    let equal_blocks = a_bytes
        .chunks(BLOCK)
        .zip(b_bytes.chunks(BLOCK))
        .take_while(|(x, y)| x == y)
        .count();
    let skipped = (equal_blocks * BLOCK).min(a.len()).min(b.len());
    let mut length = skipped
        + a_bytes[skipped..]
            .iter()
            .zip(&b_bytes[skipped..])
            .take_while(|(x, y)| x == y)
            .count();
    while !(a.is_char_boundary(length) && b.is_char_boundary(length)) {
        length -= 1;
    }
    length
}

/// The length in bytes of the longest common suffix, on a character
/// boundary of both texts.
fn common_suffix(a: &str, b: &str) -> usize {
    let (a_bytes, b_bytes) = (a.as_bytes(), b.as_bytes());
    let equal_blocks = a_bytes
        .rchunks(BLOCK)
        .zip(b_bytes.rchunks(BLOCK))
        .take_while(|(x, y)| x == y)
        .count();
    let skipped = (equal_blocks * BLOCK).min(a.len()).min(b.len());
    let mut length = skipped
        + a_bytes[..a.len() - skipped]
            .iter()
            .rev()
            .zip(b_bytes[..b.len() - skipped].iter().rev())
            .take_while(|(x, y)| x == y)
            .count();
    while !(a.is_char_boundary(a.len() - length) && b.is_char_boundary(b.len() - length)) {
        length -= 1;
    }
    length
}

#[cfg(test)]
mod tests {
    use super::*;
    use weft_syntax::declaration_ranges;

    const TOUR: &str = include_str!("../../docs/syntax-tour.weft");
    const BROKEN: &str =
        include_str!("../../tests/fixtures/parse/err/three_broken_between_good.weft");
    const STEPS: &str = include_str!("../../tests/fixtures/parse/err/step_errors_recover.weft");
    /// Half-typed clauses, which the tree lists (`unparsed_clauses`).
    const HALF_TYPED: &str =
        include_str!("../../tests/fixtures/parse/err/half_typed_lines_recover.weft");

    /// Re-parses `new_text` from the tree of `old_text`, both from a
    /// borrowed and from an owned tree, and checks that both give the full
    /// parse.
    fn assert_same(old_text: &str, new_text: &str) {
        let old = parse_file(FileId(7), old_text);
        let full = parse_file(FileId(7), new_text);
        let borrowed = reparse(FileId(7), old_text, Cow::Borrowed(&old), new_text);
        let owned = reparse(FileId(7), old_text, Cow::Owned(old.clone()), new_text);
        for incremental in [borrowed, owned] {
            let context = || format!("{old_text:?}\n→ {new_text:?}");
            assert_eq!(incremental.items, full.items, "items: {}", context());
            assert_eq!(
                incremental.comments,
                full.comments,
                "comments: {}",
                context()
            );
            assert_eq!(incremental.errors, full.errors, "errors: {}", context());
            assert_eq!(incremental, full);
        }
    }

    fn edited(text: &str, range: Range<usize>, with: &str) -> String {
        let mut edited = text.to_string();
        edited.replace_range(range, with);
        edited
    }

    /// The common prefix and suffix, found block by block, are those a
    /// byte-by-byte scan finds, on character boundaries, whatever the
    /// lengths around the block size and wherever the texts differ.
    #[test]
    fn common_ends_match_a_byte_scan() {
        let naive_prefix = |a: &str, b: &str| {
            let mut length = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
            while !(a.is_char_boundary(length) && b.is_char_boundary(length)) {
                length -= 1;
            }
            length
        };
        let naive_suffix = |a: &str, b: &str| {
            let mut length = a
                .bytes()
                .rev()
                .zip(b.bytes().rev())
                .take_while(|(x, y)| x == y)
                .count();
            while !(a.is_char_boundary(a.len() - length) && b.is_char_boundary(b.len() - length)) {
                length -= 1;
            }
            length
        };
        let base: String = "abcü€\n".chars().cycle().take(300).collect();
        for length in [0, 1, 63, 64, 65, 127, 128, 129, 200] {
            let a: String = base.chars().take(length).collect();
            for at in (0..=a.len()).filter(|at| a.is_char_boundary(*at)) {
                for insert in ["", "x", "ü", "€€"] {
                    let mut b = a.clone();
                    b.insert_str(at, insert);
                    let mut c = a.clone();
                    c.replace_range(at.., "");
                    for (left, right) in [(&a, &b), (&b, &a), (&a, &c), (&c, &b)] {
                        assert_eq!(common_prefix(left, right), naive_prefix(left, right));
                        assert_eq!(common_suffix(left, right), naive_suffix(left, right));
                    }
                }
            }
        }
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
            for insert in INSERTS {
                assert_same(TOUR, &edited(TOUR, *at..*at, insert));
            }
            let end = boundaries.get(round + 1).copied().unwrap_or(TOUR.len());
            assert_same(TOUR, &edited(TOUR, *at..end, ""));
        }
    }

    const INSERTS: [&str; 8] = [
        "x",
        "\n",
        " {",
        "}\n",
        "\nrecord Z {\n  a: string\n}\n",
        "@@!",
        "ü",
        "\"",
    ];

    /// The middle, the first and last lines, and the boundaries of every
    /// declaration of a text.
    fn places(text: &str) -> Vec<usize> {
        let mut places = Vec::new();
        for range in declaration_ranges(text) {
            let middle = (range.start + range.end) / 2;
            let line_after_start = text[range.clone()]
                .find('\n')
                .map(|at| range.start + at + 1);
            let last_line = text[range.start..range.end.saturating_sub(1)]
                .rfind('\n')
                .map(|at| range.start + at + 1);
            places.extend([Some(range.start), Some(middle), line_after_start, last_line]);
            places.push(Some(range.end));
        }
        let mut places: Vec<usize> = places
            .into_iter()
            .flatten()
            .filter(|at| text.is_char_boundary(*at))
            .collect();
        places.sort_unstable();
        places.dedup();
        places
    }

    /// Insertions, deletions and replacements in the middle of
    /// declarations, at their boundaries and across two of them, in
    /// texts with and without syntax errors.
    #[test]
    fn edits_in_the_middle_and_across_declarations_give_the_full_parse() {
        for text in [TOUR, BROKEN, STEPS, HALF_TYPED] {
            let places = places(text);
            for (index, &at) in places.iter().enumerate() {
                for insert in INSERTS {
                    assert_same(text, &edited(text, at..at, insert));
                }
                // Delete and replace up to the next place, the one after
                // it (usually in the next declaration) and three on.
                for skip in [1, 2, 3, 5] {
                    let Some(&end) = places.get(index + skip) else {
                        continue;
                    };
                    assert_same(text, &edited(text, at..end, ""));
                    assert_same(text, &edited(text, at..end, "a: string\n"));
                    assert_same(text, &edited(text, at..end, "}\n\nenum E {\n  A\n"));
                }
            }
        }
    }

    /// Edits that create a declaration inside another one, or merge two
    /// into one (a keyword leaves column 0, a closing brace goes away).
    #[test]
    fn edits_that_create_or_merge_declarations_give_the_full_parse() {
        for text in [TOUR, BROKEN, STEPS] {
            let ranges = declaration_ranges(text);
            for range in &ranges {
                let declaration = &text[range.clone()];
                // Merge: indent the keyword line of this declaration.
                let keyword_line = declaration
                    .lines()
                    .position(|line| !line.starts_with("///") && !line.starts_with('@'))
                    .unwrap_or(0);
                let line_start = range.start
                    + declaration
                        .split_inclusive('\n')
                        .take(keyword_line)
                        .map(str::len)
                        .sum::<usize>();
                assert_same(text, &edited(text, line_start..line_start, "  "));
                // Merge: remove the last closing brace.
                if let Some(brace) = declaration.rfind('}') {
                    let at = range.start + brace;
                    assert_same(text, &edited(text, at..at + 1, ""));
                }
                // Create: split the body with a new header line.
                if let Some(newline) = declaration.find('\n') {
                    let at = range.start + newline + 1;
                    assert_same(text, &edited(text, at..at, "record Split {\n"));
                    assert_same(text, &edited(text, at..at, "}\nevent New {\n}\n"));
                }
            }
        }
    }

    #[test]
    fn edits_at_the_end_of_the_file_give_the_full_parse() {
        for text in [TOUR, BROKEN, STEPS] {
            let end = text.len();
            for insert in INSERTS {
                assert_same(text, &edited(text, end..end, insert));
                assert_same(text, &edited(text, end - 1..end - 1, insert));
            }
            assert_same(text, &edited(text, end - 1..end, ""));
            assert_same(text, &edited(text, end - 3..end, ""));
            let last = declaration_ranges(text)
                .last()
                .expect("a declaration")
                .clone();
            assert_same(text, &edited(text, last.clone(), ""));
            assert_same(text, &edited(text, last.start..last.start, &text[last]));
        }
    }

    /// Every one-byte edit of small texts with errors, comments and a
    /// multi-byte character; in the second, errors sit at the very end of
    /// declarations (`record A` misses its `{`, `type T =` its type), which
    /// is where the next declaration starts.
    #[test]
    fn every_small_edit_of_a_small_text_gives_the_full_parse() {
        let texts = [
            "// head\npackage p\n\nrecord A {\n  a: string = \n}\n\
             // between\nrecord B {\n  ü: int32\n\nenum C {\n  X\n}\nbad\n\
             workflow W {\n  succeed\n}\n",
            "package p\nrecord A\nrecord B {\n  b: string\n}\ntype T =\nuse\nenum E {\n  X\n}\n",
            // Docs and annotations above headers (one annotation over two
            // lines), a member written flush left, an unclosed brace, line
            // ends with carriage returns: where the boundaries near an
            // edit are found.
            "/// A\n@pii\nrecord A {\n  a: string\n}\n@tag(\n  \"x\")\n/// B\nsystem B {\n\
             domain ops\n}\nrecord C {\n  c: int32\n/// D\r\nenum D {\r\n  X\r\n}\r\n",
        ];
        for text in texts {
            for at in (0..=text.len()).filter(|at| text.is_char_boundary(*at)) {
                for insert in ["x", "\n", "}", "{", "/", " ", "@", "///", "\nrecord R {\n"] {
                    assert_same(text, &edited(text, at..at, insert));
                }
                if let Some(next) = (at + 1..=text.len()).find(|end| text.is_char_boundary(*end)) {
                    assert_same(text, &edited(text, at..next, ""));
                }
            }
        }
    }

    /// An edit inside one declaration re-parses that declaration only.
    #[test]
    fn an_edit_in_one_declaration_reparses_only_that_one() {
        let ranges = declaration_ranges(TOUR);
        assert!(ranges.len() > 4);
        let old = parse_file(FileId(7), TOUR);
        for range in &ranges[1..ranges.len() - 1] {
            let Some(line) = TOUR[range.clone()].find("\n  ") else {
                continue;
            };
            let at = range.start + line + 1;
            let new_text = edited(TOUR, at..at, "  // a note\n");
            let plan = plan(TOUR, &new_text, &old).expect("something is kept");
            assert_eq!(
                plan,
                Plan {
                    from: range.start,
                    old_to: range.end,
                    new_to: range.end + 12,
                    delta: 12,
                    tail: true,
                },
                "edit at {at}"
            );
            assert_same(TOUR, &new_text);
        }
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
        assert_eq!(changed, parse_file(FileId(3), &edited));
    }

    /// Typing at the end of a file whose last declaration is unfinished:
    /// the error at the file's end is the re-parse's, not kept from the
    /// old tree as well (it piled up, one more copy a keystroke).
    #[test]
    fn typing_at_the_end_of_an_unfinished_file_keeps_one_error_there() {
        let mut text = String::from("package demo\n\nenum A {\n  X\n}\n\ntype Order");
        let mut tree = parse_file(FileId(7), &text);
        for typed in ["S", "t", "a", "t", "u", "s"] {
            let new_text = format!("{text}{typed}");
            assert_same(&text, &new_text);
            tree = reparse(FileId(7), &text, Cow::Owned(tree), &new_text);
            assert_eq!(tree, parse_file(FileId(7), &new_text), "{new_text:?}");
            text = new_text;
        }
    }

    /// Pieces of text that open, close or cut what is around them, and
    /// characters of more than one byte or that end lines otherwise.
    const PASTED: [&str; 20] = [
        "\r",
        "\r\n",
        "\u{feff}",
        "ü",
        "{",
        "}",
        "(",
        "<",
        ",",
        ":",
        "= ",
        "\"",
        "//",
        "///",
        "\n",
        "@",
        "list<",
        "record A {\n",
        "\nevent E {\n",
        "\n}\n",
    ];

    /// Chains of random edits (deletions, pastes, lines cut short) to every
    /// parse and check fixture, each edit made to the text the previous one
    /// left, as in an editor: each re-parse, from the tree of the text
    /// before, gives exactly the full parse.
    #[test]
    fn random_edits_of_every_fixture_reparse_to_the_full_parse() {
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut below = |bound: usize| {
            // xorshift64: deterministic, so a failure repeats.
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            usize::try_from(state % bound.max(1) as u64).unwrap_or(0)
        };
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
        let mut edits = 0;
        for folder in ["parse/ok", "parse/err", "check/ok", "check/err"] {
            let mut paths: Vec<_> = std::fs::read_dir(root.join(folder))
                .expect("a fixture folder")
                .filter_map(|entry| entry.ok().map(|entry| entry.path()))
                .filter(|path| path.extension().is_some_and(|ext| ext == "weft"))
                .collect();
            paths.sort();
            for path in paths {
                let mut text = std::fs::read_to_string(&path).expect("a fixture");
                for _ in 0..12 {
                    let mut at = below(text.len() + 1);
                    while !text.is_char_boundary(at) {
                        at -= 1;
                    }
                    let mut new_text = text.clone();
                    match below(3) {
                        0 => {
                            let mut end = (at + 1 + below(30)).min(text.len());
                            while !text.is_char_boundary(end) {
                                end -= 1;
                            }
                            new_text.replace_range(at..end, "");
                        }
                        1 => new_text.insert_str(at, PASTED[below(PASTED.len())]),
                        _ => {
                            let end = text[at..].find('\n').map_or(text.len(), |line| at + line);
                            new_text.replace_range(at..end, "");
                        }
                    }
                    assert_same(&text, &new_text);
                    edits += 1;
                    text = new_text;
                }
            }
        }
        assert!(edits > 1_500, "only {edits} edits");
    }
}
