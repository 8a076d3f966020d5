//! Cuts a file into top-level declarations before any grammar runs, so that a
//! syntax error in one declaration cannot hide the others.
//!
//! The splitter works on the tokens of [`crate::lexer`], so brackets,
//! comments and strings are recognised exactly as the lexer sees them.
//!
//! **Where a declaration starts.** A declaration keyword that is the first
//! token of its line (column 0) and is followed by a blank, a line end or the
//! end of the file starts a new declaration, together with the `///` and `@`
//! lines directly above it, in two cases:
//!
//! - no bracket (`{`, `(`, `[`) of the current declaration is open, or no
//!   declaration has started yet: always;
//! - a bracket is open: only when the line is a declaration *header* that no
//!   member can be — the keyword, a name, and then on the same line `{` (for
//!   `domain`, `system`, `enum`, `record`, `entity`, `event`, `api`,
//!   `policy`, `workflow`), `=` (for `type`) or `for` (for `test`); `package`
//!   and `use` need only a name (no member starts with them, short of two
//!   enum values on one line, which `weft fmt` never writes). So a member
//!   written flush left, such as
//!   `domain ops` in a system, `record Order` in an entity or an enum member
//!   named `event`, stays in its declaration, while a declaration whose `{`
//!   was never closed (E003) still ends where the next header starts.
//!
//! Everything else belongs to the declaration before it.
//!
//! **Nesting.** The splitter measures bracket nesting so that absurdly deep
//! input is refused (E004) before a recursive parser sees it. `{ ( [` always
//! count, each closed only by its own closer. `<` counts only where it can
//! open type parameters: directly after a name (`list<`, `Name<`, no blank
//! between). Such a `<` stays open only while the tokens after it can still
//! be part of a type (names, `.`, `,`, `?`, `(`, `)`, numbers, `<`, `>`,
//! blanks); the first token no type can hold (`{`, `:`, `=`, an operator, a
//! string, …) shows the `<` were comparisons, and they are dropped. So
//! `when x<N {` and `x < N` never accumulate, while `list<list<…` keeps
//! counting as deep as it goes. Comments and strings never count.
//!
//! The splitter also collects the ordinary comments, for the formatter.

use crate::lexer::{Lexer, Token, TokenKind};
use crate::parser::Tok;
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
    split_collecting(text, &mut Significant::default())
}

/// The parser's view of a file, collected by the splitter's first pass.
#[derive(Debug, Default)]
pub(crate) struct Significant {
    /// The significant tokens of the whole file (see [`Tok`]).
    pub(crate) toks: Vec<Tok>,
    /// For each chunk of the [`Split`], the index in `toks` of its first
    /// token; the next chunk's (or the end of `toks`) ends it.
    pub(crate) chunk_starts: Vec<usize>,
}

/// [`split`], also filling `significant` (cleared first) with the tokens
/// the parser reads.
///
/// Two passes: the lexer's tokens are read once, keeping only the
/// significant ones with their flags (blanks and line ends, half of a
/// file's tokens, only set flags, and comments are listed), then the
/// declarations are cut over those. One loop doing both kept more state
/// than the processor's registers hold and reloaded it from the stack at
/// every token (135 million instructions on the benchmark's 10,000
/// declarations, against 97 for both passes).
pub(crate) fn split_collecting(text: &str, significant: &mut Significant) -> Split {
    significant.toks.clear();
    significant.chunk_starts.clear();
    let mut result = Split::default();
    lex_significant(text, &mut significant.toks, &mut result.comments);
    cut(text, significant, &mut result.chunks);
    result
}

/// Pushes the significant tokens of `text` onto `list`, each with whether
/// it is glued to the token before and the first of its line (see
/// [`Tok`]), and lists the ordinary comments in `comments`, with the doc
/// comments that follow code on their line (the grammar rejects those,
/// and the formatter needs them listed to keep them).
fn lex_significant(text: &str, list: &mut Vec<Tok>, comments: &mut Vec<CommentRange>) {
    // Pushed onto a list of its own, whose length the loop keeps in a
    // register (through the reference it was stored back at every push).
    let mut toks = std::mem::take(list);
    let mut glued = false;
    let mut line_start = true;
    for token in Lexer::new(text) {
        match token.kind {
            TokenKind::Whitespace => glued = false,
            TokenKind::Newline => {
                glued = false;
                line_start = true;
            }
            // At the start of the file only, and not part of its first line.
            TokenKind::ByteOrderMark => {}
            TokenKind::Comment => {
                glued = false;
                comments.push(CommentRange::of(token));
            }
            // Two tokens for the parser: after type parameters `>=` is
            // their `>` and a default's `=` (`tags: list<string>= []`, as
            // the grammar reads it); in an expression the parser takes a
            // `>` with a glued `=` for `>=`, as it takes `??`.
            TokenKind::GreaterEqual => {
                let (start, end) = (token.start, token.end);
                toks.push(Tok::new(
                    TokenKind::Greater,
                    (start, start + 1),
                    glued,
                    line_start,
                ));
                toks.push(Tok::new(TokenKind::Equal, (start + 1, end), true, false));
                glued = true;
                line_start = false;
            }
            kind => {
                if kind == TokenKind::DocComment && !line_start {
                    comments.push(CommentRange::of(token));
                }
                toks.push(Tok::new(kind, (token.start, token.end), glued, line_start));
                glued = true;
                line_start = false;
            }
        }
    }
    *list = toks;
}

/// Cuts `text` into `chunks` over its significant tokens, recording in
/// `significant.chunk_starts` where each chunk's tokens start.
fn cut(text: &str, significant: &mut Significant, chunks: &mut Vec<Chunk>) {
    let toks = &significant.toks;
    let chunk_starts = &mut significant.chunk_starts;
    let mut current: Option<Chunk> = None;
    let mut depth = Depth::default();
    // Whether the token before is a name (with nothing between, it makes
    // a `<` open type parameters).
    let mut after_name = false;
    for (index, &tok) in toks.iter().enumerate() {
        let kind = tok.kind;
        if tok.line_start && kind == TokenKind::Keyword {
            if let Some(line) = column_zero_line(text, tok.start()) {
                // Text before the first declaration has no members to
                // protect: brackets in it do not stop the first keyword
                // from counting.
                let open = if current.is_some() {
                    depth.brackets()
                } else {
                    0
                };
                let token = Token {
                    kind,
                    start: tok.start() as u32,
                    end: tok.end() as u32,
                };
                if let Some(decl) = starts_declaration(text, token, open) {
                    // The `///` and `@` lines directly above join it.
                    let start = docs_start(text, line);
                    let before = toks.get(..index).unwrap_or_default();
                    let first_tok = before.partition_point(|tok| tok.start() < start);
                    if let Some(mut chunk) = current.take() {
                        chunk.end = start;
                        chunks.push(chunk);
                    } else if start > 0 && !only_trivia(&text[..start]) {
                        chunks.push(Chunk {
                            start: 0,
                            end: start,
                            kind: None,
                            max_depth: 0,
                            deepest_at: 0,
                        });
                        chunk_starts.push(0);
                    }
                    chunk_starts.push(first_tok);
                    current = Some(Chunk {
                        start,
                        end: text.len(),
                        kind: Some(decl),
                        max_depth: 0,
                        deepest_at: start,
                    });
                    depth = Depth::default();
                }
            }
        }
        // Names, most of the tokens, neither open nor close a bracket nor
        // end type parameters.
        if matches!(kind, TokenKind::Ident | TokenKind::Keyword) {
            after_name = true;
            continue;
        }
        // Only an opening token can make the nesting deeper.
        if depth.step(kind, after_name && tok.glued) {
            if let Some(chunk) = current.as_mut() {
                if depth.total() > chunk.max_depth {
                    chunk.max_depth = depth.total();
                    chunk.deepest_at = tok.start();
                }
            }
        }
        after_name = false;
    }

    match current {
        Some(mut chunk) => {
            chunk.end = text.len();
            chunks.push(chunk);
        }
        None if !only_trivia(text) => {
            chunks.push(Chunk {
                start: 0,
                end: text.len(),
                kind: None,
                max_depth: 0,
                deepest_at: 0,
            });
            chunk_starts.push(0);
        }
        None => {}
    }
}

/// The start of the line of the token at `start` if the token is the
/// first of that line (column 0; a byte-order mark at the start of the
/// file is not part of the first line).
fn column_zero_line(text: &str, start: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    match start {
        0 => Some(0),
        _ if bytes.get(start - 1) == Some(&b'\n') => Some(start),
        _ if text.get(..start) == Some("\u{feff}") => Some(0),
        _ => None,
    }
}

impl CommentRange {
    fn of(token: Token) -> CommentRange {
        CommentRange {
            start: token.start as usize,
            end: token.end as usize,
        }
    }
}

/// The declaration that `token`, the first of its line, starts, if it
/// starts one; `open_brackets` is the number of `{ ( [` open in the
/// current declaration. See the module documentation for the rule.
fn starts_declaration(text: &str, token: Token, open_brackets: usize) -> Option<DeclKind> {
    if token.kind != TokenKind::Keyword {
        return None;
    }
    let decl = DeclKind::from_keyword(token.text(text))?;
    // The tokens after it, lexed again as far as this looks (rarely past
    // the next one).
    let mut after = Lexer::starting_at(text, token.end as usize);
    let followed_by_blank = match after.next() {
        None => true,
        Some(next) => matches!(next.kind, TokenKind::Whitespace | TokenKind::Newline),
    };
    if !followed_by_blank {
        return None;
    }
    if open_brackets == 0 {
        return Some(decl);
    }
    // The significant tokens after the keyword, on the same line.
    let mut rest = Lexer::starting_at(text, token.end as usize)
        .take_while(|next| !matches!(next.kind, TokenKind::Newline | TokenKind::Comment))
        .filter(|next| !next.kind.is_trivia());
    let name = rest.next()?;
    if !matches!(name.kind, TokenKind::Ident | TokenKind::Keyword) {
        return None;
    }
    let header = match decl {
        DeclKind::Package | DeclKind::Use => true,
        DeclKind::TypeAlias => rest
            .next()
            .is_some_and(|next| next.kind == TokenKind::Equal),
        DeclKind::Test => rest
            .next()
            .is_some_and(|next| next.kind == TokenKind::Keyword && next.text(text) == "for"),
        DeclKind::Domain
        | DeclKind::System
        | DeclKind::Enum
        | DeclKind::Record
        | DeclKind::Entity
        | DeclKind::Event
        | DeclKind::Api
        | DeclKind::Policy
        | DeclKind::Workflow => rest
            .next()
            .is_some_and(|next| next.kind == TokenKind::LeftBrace),
    };
    header.then_some(decl)
}

/// A declaration start that does not depend on the text before it, at or
/// before `offset`: the first doc or annotation line of the last
/// declaration header (see the module documentation) whose line ends
/// before `offset`; 0 when there is none. A header starts a declaration
/// whatever brackets are open, and its docs are the lines directly above
/// it, so every text with the same bytes before `offset` is cut there:
/// the editor re-splits an edited file from here instead of from its start.
pub fn declaration_start_before(text: &str, offset: usize) -> usize {
    let mut line = line_start_of(text, offset.min(text.len()));
    while line > 0 {
        line = line_start_of(text, line - 1);
        if is_header_line(text, line) {
            return docs_start(text, line);
        }
    }
    0
}

/// The first declaration start after `after` that does not depend on the
/// text up to `after`: the docs of a declaration header such that the
/// line above them, with the line end before it, lies after `after` too
/// (so every text with the same bytes from `after` on is cut at the same
/// place, moved by the length change). `None` when there is none.
pub fn declaration_start_after(text: &str, after: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut line = after.min(text.len());
    loop {
        line += memchr::memchr(b'\n', bytes.get(line..)?)? + 1;
        if !is_header_line(text, line) {
            continue;
        }
        let start = docs_start(text, line);
        // The line above the docs must be the same in both texts, so that
        // it ends their run there too.
        let above = line_start_of(text, start.saturating_sub(1));
        if above > after {
            return Some(start);
        }
    }
}

/// The offset of the first byte of the line that holds `offset`.
fn line_start_of(text: &str, offset: usize) -> usize {
    memchr::memrchr(b'\n', text.as_bytes().get(..offset).unwrap_or_default())
        .map_or(0, |newline| newline + 1)
}

/// Whether the line at `line` (a line start) is a declaration header: one
/// that starts a declaration even with brackets open.
fn is_header_line(text: &str, line: usize) -> bool {
    // Every keyword starts with a small letter: most lines are refused
    // without lexing.
    if !text
        .as_bytes()
        .get(line)
        .is_some_and(u8::is_ascii_lowercase)
    {
        return false;
    }
    Lexer::starting_at(text, line)
        .next()
        // With a bracket open, only the header form starts a declaration.
        .is_some_and(|token| starts_declaration(text, token, 1).is_some())
}

/// The start of the run of `///` and `@` lines directly above the header
/// at `line`, as [`split`] attaches them to its declaration.
fn docs_start(text: &str, line: usize) -> usize {
    let mut start = line;
    while start > 0 {
        let above = line_start_of(text, start - 1);
        if !is_prefix_line(text, above) {
            break;
        }
        start = above;
    }
    start
}

/// Whether the line at `line` attaches to a declaration below it: its
/// first token (after a byte-order mark at the start of the file) is a doc
/// comment or an annotation's `@`, as in [`split`].
fn is_prefix_line(text: &str, line: usize) -> bool {
    let mut tokens =
        Lexer::starting_at(text, line).skip_while(|token| token.kind == TokenKind::ByteOrderMark);
    tokens
        .next()
        .is_some_and(|token| attaches_below(text, token))
}

/// Whether a line whose first token is `token` joins the docs and
/// annotations of the declaration below it: a doc comment (`///`, also
/// as the lexer's ordinary comment when more slashes follow) or `@`.
fn attaches_below(text: &str, token: Token) -> bool {
    token.kind == TokenKind::DocComment
        || token.kind == TokenKind::At
        || (token.kind == TokenKind::Comment && token.text(text).starts_with("///"))
}

/// Open brackets per kind. Each kind is closed only by its own closer, so
/// that input such as `{ ) { ) {` cannot hide its real nesting.
#[derive(Default)]
struct Depth {
    /// Open `{`, `(` and `[`.
    open: [usize; 3],
    /// `<` that may open type parameters (see the module documentation).
    angle: usize,
}

impl Depth {
    fn total(&self) -> usize {
        self.brackets() + self.angle
    }

    /// The open brackets other than `<`: what decides whether a line is
    /// inside a body.
    fn brackets(&self) -> usize {
        self.open.iter().sum()
    }

    /// Accounts for one significant token; `after_name` says whether a
    /// name comes right before it, with nothing between. Returns whether it
    /// opened a bracket (the only way to get deeper).
    fn step(&mut self, kind: TokenKind, after_name: bool) -> bool {
        match kind {
            TokenKind::LeftBrace => self.open[0] += 1,
            TokenKind::LeftParen => self.open[1] += 1,
            TokenKind::LeftBracket => self.open[2] += 1,
            TokenKind::RightBrace => self.open[0] = self.open[0].saturating_sub(1),
            TokenKind::RightParen => self.open[1] = self.open[1].saturating_sub(1),
            TokenKind::RightBracket => self.open[2] = self.open[2].saturating_sub(1),
            TokenKind::Less if after_name => self.angle += 1,
            TokenKind::Greater => self.angle = self.angle.saturating_sub(1),
            _ => {}
        }
        let opened = matches!(
            kind,
            TokenKind::LeftBrace | TokenKind::LeftParen | TokenKind::LeftBracket
        ) || (kind == TokenKind::Less && after_name);
        if !can_continue_a_type(kind, after_name) {
            self.angle = 0;
        }
        opened
    }
}

/// Whether a token can stand inside type parameters (`map<string,
/// list<Order>?>`, `decimal(10, 2)`); `after_name` tells a `<` that opens
/// parameters from a comparison.
fn can_continue_a_type(kind: TokenKind, after_name: bool) -> bool {
    match kind {
        TokenKind::Whitespace
        | TokenKind::ByteOrderMark
        | TokenKind::Newline
        | TokenKind::Comment
        | TokenKind::DocComment
        | TokenKind::Ident
        | TokenKind::Keyword
        | TokenKind::Number
        | TokenKind::Dot
        | TokenKind::Comma
        | TokenKind::Question
        | TokenKind::LeftParen
        | TokenKind::RightParen
        | TokenKind::Greater => true,
        TokenKind::Less => after_name,
        TokenKind::Duration
        | TokenKind::String
        | TokenKind::UnterminatedString
        | TokenKind::LeftBrace
        | TokenKind::RightBrace
        | TokenKind::LeftBracket
        | TokenKind::RightBracket
        | TokenKind::LessEqual
        | TokenKind::GreaterEqual
        | TokenKind::EqualEqual
        | TokenKind::NotEqual
        | TokenKind::Equal
        | TokenKind::Colon
        | TokenKind::DotDot
        | TokenKind::At
        | TokenKind::Plus
        | TokenKind::Minus
        | TokenKind::Star
        | TokenKind::Slash
        | TokenKind::Unknown => false,
    }
}

/// Whether `text` holds nothing but blank lines and comments.
fn only_trivia(text: &str) -> bool {
    text.lines().all(|line| {
        let line = line.trim();
        line.is_empty()
            || (line.starts_with("//") && (line.starts_with("////") || !line.starts_with("///")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexer::tokenize;

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
        // Even with an open bracket in it.
        let chunks = split("garbage { here\npackage\nrecord A {}\n").chunks;
        assert_eq!(chunks.len(), 3);
    }

    #[test]
    fn nesting_depth_ignores_brackets_in_strings_and_comments() {
        let split = split("record A { x: string = \"{{{\" // (((\n}\n");
        assert_eq!(split.chunks[0].max_depth, 1);
        assert_eq!(split.comments.len(), 1);
    }

    fn kinds(text: &str) -> Vec<Option<DeclKind>> {
        split(text).chunks.iter().map(|chunk| chunk.kind).collect()
    }

    #[test]
    fn members_flush_left_stay_in_their_declaration() {
        let text = "system erp {\ndomain ops\nkind erp\n}\nentity E {\nrecord R\nowner erp\n}\n\
                    enum Scope {\ndomain\nevent\n}\nrecord F {\ntype: string\nevent : string\n}\n";
        assert_eq!(
            kinds(text),
            vec![
                Some(DeclKind::System),
                Some(DeclKind::Entity),
                Some(DeclKind::Enum),
                Some(DeclKind::Record)
            ]
        );
    }

    #[test]
    fn a_header_ends_a_declaration_whose_body_is_still_open() {
        let text = "record A {\n  a: string\n\nrecord B {\n  b: string\n\ntype C = string\n\
                    test t for W {\n\npackage p\nuse q.r\nworkflow W {\n";
        assert_eq!(
            kinds(text),
            vec![
                Some(DeclKind::Record),
                Some(DeclKind::Record),
                Some(DeclKind::TypeAlias),
                Some(DeclKind::Test),
                Some(DeclKind::Package),
                Some(DeclKind::Use),
                Some(DeclKind::Workflow)
            ]
        );
        // Docs and annotations above a header go with it.
        let text = "record A {\n/// Doc\n@pii\nrecord B {\n}\n";
        let chunks = split(text).chunks;
        assert_eq!(chunks.len(), 2);
        assert!(text[chunks[1].start..].starts_with("/// Doc"));
    }

    #[test]
    fn inside_brackets_a_keyword_without_a_header_shape_does_not_split() {
        // `test` needs `for`, `type` needs `=`, a body keyword needs `{`.
        let text = "record A {\ntest t\ntype T\nrecord R = x\ndomain\n}\n";
        assert_eq!(kinds(text), vec![Some(DeclKind::Record)]);
    }

    #[test]
    fn comparisons_glued_to_a_name_do_not_nest() {
        let mut text = String::from("workflow W {\n  choice c {\n");
        for bound in 0..100 {
            text.push_str(&format!("    when x<{bound} {{\n      succeed\n    }}\n"));
            text.push_str("    when a<b and c<d or e < f {\n      succeed\n    }\n");
        }
        text.push_str("  }\n}\n");
        let chunks = split(&text).chunks;
        assert_eq!(chunks.len(), 1);
        // Two bodies, plus a `<` that is open until the `{` shows it was a
        // comparison.
        assert!(chunks[0].max_depth <= 4, "{}", chunks[0].max_depth);
    }

    #[test]
    fn type_parameters_nest() {
        let text = "record A {\n  a: map<string, list<list<int32>?>> = {}\n}\n";
        assert_eq!(split(text).chunks[0].max_depth, 4);
        let deep = format!("record A {{\n  a: {}\n}}\n", "list<\n".repeat(100));
        assert_eq!(split(&deep).chunks[0].max_depth, 101);
        let deep = format!("record A {{\n  a: {}\n}}\n", "list <".repeat(100));
        assert_eq!(split(&deep).chunks[0].max_depth, 1);
    }

    #[test]
    fn a_byte_order_mark_is_not_part_of_the_first_line() {
        let starts = |text: &str| -> Vec<(usize, Option<DeclKind>)> {
            split(text)
                .chunks
                .iter()
                .map(|chunk| (chunk.start, chunk.kind))
                .collect()
        };
        let bom = "\u{feff}".len();
        assert_eq!(
            starts("\u{feff}record A {}\nrecord B {}\n"),
            vec![
                (0, Some(DeclKind::Record)),
                (bom + 12, Some(DeclKind::Record))
            ]
        );
        assert_eq!(
            starts("\u{feff}/// Doc\nrecord A {}\n"),
            vec![(0, Some(DeclKind::Record))]
        );
        // Indented, the keyword is not at column 0.
        assert_eq!(starts("\u{feff} record A {}\n"), vec![(0, None)]);
    }

    #[test]
    fn the_parsers_tokens_are_cut_where_the_chunks_are() {
        let texts = [
            "package a\n\n/// Doc\n@pii\nrecord A {\n  type: string // c\n}\nrecord B {}\n",
            "garbage { here\npackage\nrecord A {}\n",
            "\u{feff}// only\n  /// doc\n@a(x)\nrecord A {\n/// Doc\n@pii\nrecord B {\n}\n",
            "record A {\n  a: string\n\nrecord B {\n  b: string\n\ntype C = string\n",
            "",
            "   \n// c\n",
        ];
        for text in texts {
            let mut significant = Significant::default();
            let collected = split_collecting(text, &mut significant);
            let plain = split(text);
            assert_eq!(collected.chunks, plain.chunks, "{text:?}");
            assert_eq!(collected.comments, plain.comments, "{text:?}");
            assert_eq!(
                significant.chunk_starts.len(),
                plain.chunks.len(),
                "{text:?}"
            );
            let expected: Vec<(usize, usize)> = tokenize(text)
                .iter()
                .filter(|token| {
                    !matches!(
                        token.kind,
                        TokenKind::Whitespace
                            | TokenKind::Newline
                            | TokenKind::Comment
                            | TokenKind::ByteOrderMark
                    )
                })
                .map(|token| (token.start as usize, token.end as usize))
                .collect();
            let toks: Vec<(usize, usize)> = significant
                .toks
                .iter()
                .map(|tok| (tok.start(), tok.end()))
                .collect();
            assert_eq!(toks, expected, "{text:?}");
            for (chunk, first) in plain.chunks.iter().zip(&significant.chunk_starts) {
                // The chunk's first token is the first one at or after its start.
                let at = significant
                    .toks
                    .iter()
                    .position(|tok| tok.start() >= chunk.start);
                assert_eq!(
                    Some(*first),
                    at.or(Some(significant.toks.len())),
                    "{text:?}"
                );
            }
        }
    }
}
