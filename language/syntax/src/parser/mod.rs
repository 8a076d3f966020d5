//! The hand-written recursive-descent parser: the one `parse_file` uses.
//!
//! It reads the tokens of the lossless lexer ([`crate::lexer`]); the
//! splitter ([`crate::split`]) cuts them into top-level declarations, which
//! is the one place the column-0 layout rule lives. Each declaration is then
//! parsed by one function per grammar rule (`items.rs`, `api.rs`,
//! `workflow.rs`, `expr.rs`), each with its rule from `grammar.pest` in its
//! doc comment. The pest grammar stays the normative definition and is kept
//! runnable as the oracle ([`crate::parse::parse_file_with_oracle`]):
//! differential tests hold both to the same trees.
//!
//! *Dispatch* is on the keyword token, never by trying alternatives in turn;
//! the few places where the grammar backtracks (an optional part that starts
//! but does not finish, an operator without an operand after it) save and
//! restore the position explicitly.
//!
//! *Recovery* is by token sets: a member of a body that does not parse is
//! reported and skipped up to the end of its line (with any bracketed block
//! it opens), exactly the extent of the grammar's `bad_*` rules, so a
//! half-typed line loses at most itself. The same holds for the branches of
//! a `choice` or `parallel`, call arguments, `use` lists and type arguments.
//! A clause left unfinished at the end of its line, which took the next
//! line's first word as its argument or left a bracket open over the next
//! lines, is held to its own line in another attempt at the declaration
//! ([`LineCut`]). A field typed up to its `:` stays in the tree, its type
//! missing ([`TypeExpr::missing`](crate::syntax::TypeExpr::missing)), so
//! that what names it still finds it.
//!
//! *Work is bounded per parser instance*: a step budget proportional to the
//! declaration's size and a depth limit; nothing is process-wide.

mod api;
pub(crate) mod cursor;
mod diagnose;
pub(crate) mod expr;
mod items;
mod workflow;

use crate::lexer::TokenKind;
use crate::parse::{
    broken_item_at, errors, Deferred, DeferredBody, ParsedFile, UnparsedClause, MAX_NESTING,
};
use crate::split::{split_collecting, Chunk, Significant};
use crate::syntax::{ApiDecl, Comment, DeclKind, EventDecl, Ident, Item, ItemKind, WorkflowDecl};
pub(crate) use cursor::Tok;
use std::cell::Cell;
use weft_base::span::{FileId, Span};
use weft_base::Diagnostic;

/// Grammar steps one declaration may take per significant token (plus a
/// floor) before the parser gives up with E005. The parser is linear, so a
/// valid declaration needs a small constant per token; the budget only
/// guards against a bug turning into a hang.
const STEPS_PER_TOKEN: usize = 64;
const MIN_STEPS: usize = 4_096;

/// Parses `text` as a file whose first byte lies at `base`: every span is
/// shifted by `base`. With `base` 0 this is [`crate::parse_file`]; an editor
/// passes one declaration's text and its offset to re-parse only that
/// declaration (see [`crate::parse::parse_declaration`]).
pub(crate) fn parse_fragment(file: FileId, text: &str, base: usize) -> ParsedFile {
    parse_with_budget(file, text, base, None)
}

/// [`parse_fragment`] with a fixed step budget per declaration instead of
/// one proportional to its size (tests reach the limit with it).
pub(crate) fn parse_with_budget(
    file: FileId,
    text: &str,
    base: usize,
    fixed_budget: Option<usize>,
) -> ParsedFile {
    parse_chunks(file, text, base, fixed_budget, None).0
}

/// Parses a whole file, but of each declaration whose kind `defer` picks
/// only its docs, annotations and name (see
/// [`crate::parse::parse_file_deferring`]).
pub(crate) fn parse_deferring(
    file: FileId,
    text: &str,
    defer: &dyn Fn(DeclKind) -> bool,
) -> (ParsedFile, Deferred) {
    parse_chunks(file, text, 0, None, Some(defer))
}

/// Parses one declaration [`parse_deferring`] left for later, from the
/// tokens it kept: the very code a whole parse runs for it.
pub(crate) fn parse_deferred_body(
    file: FileId,
    text: &str,
    body: &DeferredBody,
    tokens: &[Tok],
) -> ParsedFile {
    let mut parsed = ParsedFile {
        file,
        items: Vec::with_capacity(1),
        comments: Vec::new(),
        errors: Vec::new(),
        unparsed_clauses: Vec::new(),
    };
    let mut parser = Parser::new(file, text, 0);
    parser.chunk(&body.chunk, tokens, &mut parsed);
    parsed
}

fn parse_chunks(
    file: FileId,
    text: &str,
    base: usize,
    fixed_budget: Option<usize>,
    defer: Option<&dyn Fn(DeclKind) -> bool>,
) -> (ParsedFile, Deferred) {
    let mut significant = SIGNIFICANT.take();
    let split = split_collecting(text, &mut significant);
    let comments = split
        .comments
        .iter()
        .map(|range| Comment {
            text: text[range.start..range.end].to_string(),
            span: Span::new(file, base + range.start, base + range.end),
        })
        .collect();
    let mut parsed = ParsedFile {
        file,
        items: Vec::with_capacity(split.chunks.len()),
        comments,
        errors: Vec::new(),
        unparsed_clauses: Vec::new(),
    };
    let mut parser = Parser::new(file, text, base);
    parser.fixed_budget = fixed_budget;
    let toks = &significant.toks;
    let chunk_tokens = |index: usize| {
        let first = significant
            .chunk_starts
            .get(index)
            .copied()
            .unwrap_or(toks.len());
        let end = significant
            .chunk_starts
            .get(index + 1)
            .copied()
            .unwrap_or(toks.len());
        toks.get(first..end).unwrap_or(&[])
    };
    let deferring = |chunk: &Chunk| match (defer, chunk.kind) {
        (Some(defer), Some(kind)) => defer(kind),
        _ => false,
    };
    // The kept tokens' list is sized once: grown by doubling, it would
    // leave up to half of it unused for as long as the bodies wait.
    let kept: usize = split
        .chunks
        .iter()
        .enumerate()
        .filter(|(_, chunk)| deferring(chunk))
        .map(|(index, _)| chunk_tokens(index).len())
        .sum();
    let mut deferred = Deferred {
        bodies: Vec::new(),
        tokens: Vec::with_capacity(kept),
    };
    for (index, chunk) in split.chunks.iter().enumerate() {
        let tokens = chunk_tokens(index);
        let header = match chunk.kind {
            Some(kind) if deferring(chunk) => parser.header(chunk, tokens, kind),
            _ => None,
        };
        match header {
            Some(item) => {
                let start = deferred.tokens.len();
                deferred.tokens.extend_from_slice(tokens);
                deferred.bodies.push(DeferredBody {
                    item: parsed.items.len(),
                    chunk: chunk.clone(),
                    tokens: start..deferred.tokens.len(),
                });
                parsed.items.push(item);
            }
            None => parser.chunk(chunk, tokens, &mut parsed),
        }
    }
    if significant.toks.capacity() <= KEPT_TOKENS {
        SIGNIFICANT.set(significant);
    }
    (parsed, deferred)
}

thread_local! {
    /// The significant tokens of the last text parsed on this thread, kept
    /// for the next one: a fresh list per file is memory the processor has
    /// not touched yet, and storing the tokens into it was a third of the
    /// lexer's time. Scratch space only: no result depends on it.
    static SIGNIFICANT: Cell<Significant> = Cell::new(Significant::default());
}

/// A token list longer than this (3 MiB, a text of about 700 KiB) is freed
/// instead of kept.
const KEPT_TOKENS: usize = 1 << 17;

pub(crate) use smallvec::{smallvec, SmallVec};
use thin_vec::ThinVec;

/// A list the parser gathered, moved into a tree list of its exact length.
/// Every list of the tree is made here: a list grown by doubling holds up
/// to twice what it needs (four slots for one argument) for as long as
/// the tree lives, which was a quarter of the tree's memory, and shrinking
/// it in place frees little (mimalloc, what `weft` ships, keeps a block
/// that shrinks by less than half where it is). Lists are gathered in a
/// [`SmallVec`] sized for the usual count (a field's constraints, a call's
/// arguments, a block's steps), on the stack, so a list makes one
/// allocation. Taken by reference and drained: moving the `SmallVec`
/// itself would copy its whole inline buffer, however few elements it
/// holds.
pub(crate) fn exact<A: smallvec::Array>(list: &mut SmallVec<A>) -> ThinVec<A::Item> {
    let mut exact = ThinVec::with_capacity(list.len());
    exact.extend(list.drain(..));
    exact
}

/// A failed rule. What was expected where is kept in the parser (the
/// furthest failure), so the failure itself carries nothing.
#[derive(Debug)]
pub(crate) struct Fail;

pub(crate) type PResult<T> = Result<T, Fail>;

/// How many expectations [`Parser::record`] keeps at one position before it
/// drops duplicates as they come.
const EXPECTED_BEFORE_DEDUP: usize = 32;

/// What the parser expected at its furthest failure, for messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Expected {
    /// A name; the message says which kind by the word before it.
    Name,
    /// Something described in words.
    Desc(&'static str),
    /// Punctuation such as `:`.
    Punct(&'static str),
    /// A keyword.
    Keyword(&'static str),
    /// Nothing more: the declaration is complete.
    End,
}

/// The parser of one file (or fragment); reused for every declaration.
pub(crate) struct Parser<'t> {
    file: FileId,
    /// The whole text being parsed; offsets in tokens are relative to it.
    text: &'t str,
    /// Added to every offset to make a span.
    base: usize,
    /// The significant tokens of the current declaration (a share of the
    /// file's list, read in place).
    toks: &'t [Tok],
    pos: usize,
    /// The current declaration's byte range in `text`.
    chunk_start: usize,
    chunk_end: usize,
    errors: Vec<Diagnostic>,
    /// Token index of the furthest failure and what was expected there.
    fail_at: Option<usize>,
    expected: Vec<Expected>,
    /// Whether [`Parser::record`] keeps what was expected, which only
    /// messages read. Off for the first attempt at a declaration, which
    /// is the only one for a declaration without errors: one with errors
    /// is parsed again with it on ([`Parser::chunk`]).
    expecting: bool,
    /// Steps left for the current declaration; at zero every rule fails.
    budget: usize,
    /// A budget per declaration that replaces the size-proportional one.
    fixed_budget: Option<usize>,
    exhausted: bool,
    depth: usize,
    /// Whether the missing `}` of this declaration was already reported.
    unclosed_reported: bool,
    /// Whether text after the end of this declaration was already reported.
    declaration_reported: bool,
    /// Members that took the start of the next line, found by this attempt
    /// at the declaration (see [`LineCut`]).
    swallowed: Vec<LineCut>,
    /// The members this attempt holds to their first line (those the
    /// attempts before found swallowing; empty in the first attempt),
    /// sorted by member.
    cuts: Vec<LineCut>,
    /// The line the member being parsed is held before, from its parse
    /// until its failure is reported.
    line_cut: Option<usize>,
    /// How many bodies the current token is in (1: the declaration's own).
    bodies: usize,
    /// The clauses of the declaration's own body that this attempt could
    /// not parse (see [`UnparsedClause`]).
    unparsed: Vec<UnparsedClause>,
    /// How many tokens this attempt skipped as text that does not parse.
    lost: usize,
    /// A token read as a keyword it is not: the first word of a member
    /// parsed again as the clause keyword it misspells (`oepration`), by
    /// its index and the keyword. `None` outside that second try.
    read_as: Option<(usize, &'static str)>,
}

/// What one attempt at a declaration gives.
struct Attempt {
    item: Item,
    errors: Vec<Diagnostic>,
    unparsed: Vec<UnparsedClause>,
    lost: usize,
}

/// How many times a declaration with errors is parsed at most. Each
/// attempt after the first holds to their line the members the one before
/// found running past it (usually all of them at once; a bracket left open
/// hides the lines after it until the member that opened it is held), so
/// the work stays linear however broken the declaration is.
const MAX_ATTEMPTS: usize = 8;

impl Attempt {
    /// Whether this attempt is better than `kept`, the best one before it,
    /// when it holds to their line `added` more members, which the attempt
    /// before it found (`added_in_brackets` of them inside an open
    /// bracket). It must still report an error: the text is not valid,
    /// whichever member a line's start is given to. Holding clauses that
    /// took the next line's start, it must report no more errors, or skip
    /// less of the text and report at most one error more for each held
    /// member: the next line, which the held member had taken the start
    /// of, may be half typed too (`number:` on two lines running), and
    /// then reports its own error. A member held inside an open bracket
    /// could also span lines by right: then the attempt must skip less of
    /// the text, and may report one error more for each such member, whose
    /// line the bracket had hidden.
    fn improves_on(&self, kept: &Attempt, (added, added_in_brackets): (usize, usize)) -> bool {
        if self.errors.is_empty() {
            return false;
        }
        let skips_less_with_at_most =
            |more: usize| self.lost < kept.lost && self.errors.len() <= kept.errors.len() + more;
        if added_in_brackets > 0 {
            skips_less_with_at_most(added_in_brackets)
        } else {
            self.errors.len() <= kept.errors.len() || skips_less_with_at_most(added)
        }
    }
}

/// A member that took the start of the next line: a clause left unfinished
/// at the end of its line (`host`, `owner`, `qty:`) reads the first word
/// of the next line as its argument, which the grammar allows (blanks
/// include line ends), and then fails further along that line, or leaves
/// the rest of it to fail as a member of its own. Held to its first line,
/// the unfinished clause fails alone and the next line parses, so that a
/// half-typed line loses at most itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct LineCut {
    /// Token index where the member starts (after its attributes).
    pub(crate) member: usize,
    /// Token index of the first token of the line it took the start of.
    pub(crate) line: usize,
    /// Whether the member left a bracket open at the line break (such as
    /// `decimal(` or `getOrder(` typed halfway), where the lines after it
    /// are read as the bracket's contents: a member may also span lines
    /// there by right, so the attempt that holds it must skip less of the
    /// text ([`Attempt::improves_on`]).
    pub(crate) in_brackets: bool,
}

impl<'t> Parser<'t> {
    pub(crate) fn new(file: FileId, text: &'t str, base: usize) -> Parser<'t> {
        Parser {
            file,
            text,
            base,
            toks: &[],
            pos: 0,
            chunk_start: 0,
            chunk_end: 0,
            errors: Vec::new(),
            fail_at: None,
            expected: Vec::new(),
            expecting: true,
            budget: 0,
            fixed_budget: None,
            exhausted: false,
            depth: 0,
            unclosed_reported: false,
            declaration_reported: false,
            swallowed: Vec::new(),
            cuts: Vec::new(),
            line_cut: None,
            bodies: 0,
            unparsed: Vec::new(),
            lost: 0,
            read_as: None,
        }
    }

    /// Parses one declaration (a chunk of the splitter) into `parsed`.
    fn chunk(&mut self, chunk: &Chunk, tokens: &'t [Tok], parsed: &mut ParsedFile) {
        let chunk_text = &self.text[chunk.start..chunk.end];
        let Some(kind) = chunk.kind else {
            parsed.errors.push(errors::stray_text(
                self.file,
                self.base + chunk.start,
                chunk_text,
            ));
            return;
        };
        let span = self.chunk_span(chunk);
        if chunk.max_depth > MAX_NESTING {
            parsed.errors.push(errors::too_deep(
                self.file,
                self.base + chunk.deepest_at,
                MAX_NESTING,
            ));
            parsed.items.push(self.broken(chunk, kind, span));
            return;
        }
        self.toks = tokens;
        self.chunk_start = chunk.start;
        self.chunk_end = chunk.end;
        self.cuts.clear();
        // Most declarations have no errors, and nothing but the messages
        // reads what was expected where (keeping it was 1% of a `check`'s
        // instructions): the first attempt keeps only where the furthest
        // failure is, which is all the parse itself reads, and a
        // declaration with errors is parsed again from its start with the
        // expectations kept, to the same tree and errors, with their
        // messages.
        self.expecting = false;
        let mut kept = self.attempt(chunk, kind, span);
        self.expecting = true;
        if !kept.errors.is_empty() {
            kept = self.attempt(chunk, kind, span);
        }
        // Only a declaration with errors is attempted further, so a valid
        // one keeps the tree the grammar gives it. Each further attempt also
        // holds the members the last one found running past their line,
        // whether or not that one was kept: a field held to its line may
        // reveal that the next line swallowed the one after it
        // (`number:`, `plant:`, `price: string`), so lines half typed one
        // after another are held one more at each attempt. The attempt
        // kept is compared with each later one by the members held since.
        let in_brackets = |cuts: &[LineCut]| cuts.iter().filter(|cut| cut.in_brackets).count();
        let mut kept_holds = (0, 0);
        for _ in 1..MAX_ATTEMPTS {
            if kept.errors.is_empty() {
                break;
            }
            let held = self.cuts.len();
            // Sorted by member (the body loop looks them up), each member
            // once: a stable sort keeps the cut held before first.
            self.cuts.append(&mut self.swallowed);
            self.cuts.sort_by_key(|cut| cut.member);
            self.cuts.dedup_by_key(|cut| cut.member);
            if self.cuts.len() == held {
                break;
            }
            let holds = (self.cuts.len(), in_brackets(&self.cuts));
            let next = self.attempt(chunk, kind, span);
            let added = (holds.0 - kept_holds.0, holds.1 - kept_holds.1);
            if next.improves_on(&kept, added) {
                kept = next;
                kept_holds = holds;
            }
        }
        self.cuts.clear();
        // A broken declaration has no clauses for the resolver to miss.
        if !matches!(kept.item.kind, ItemKind::Broken(_)) {
            parsed.unparsed_clauses.extend(kept.unparsed);
        }
        parsed.items.push(kept.item);
        parsed.errors.extend(kept.errors);
    }

    /// The head of a declaration whose body is parsed later: its docs,
    /// annotations, keyword and name, in an item whose body is empty. Only
    /// events, APIs and workflows have such a head (their bodies are all
    /// their syntax after the name). `None` when the head does not parse
    /// cleanly, or the declaration nests too deep: the caller then parses
    /// the whole declaration, which reports what is wrong.
    fn header(&mut self, chunk: &Chunk, tokens: &'t [Tok], kind: DeclKind) -> Option<Item> {
        let empty: fn(Ident) -> ItemKind = match kind {
            DeclKind::Event => |name| {
                ItemKind::Event(EventDecl {
                    name,
                    members: ThinVec::new(),
                })
            },
            DeclKind::Api => |name| {
                ItemKind::Api(ApiDecl {
                    name,
                    members: ThinVec::new(),
                })
            },
            DeclKind::Workflow => |name| {
                ItemKind::Workflow(WorkflowDecl {
                    name,
                    clauses: ThinVec::new(),
                    steps: ThinVec::new(),
                })
            },
            _ => return None,
        };
        if chunk.max_depth > MAX_NESTING {
            return None;
        }
        let span = self.chunk_span(chunk);
        self.toks = tokens;
        self.chunk_start = chunk.start;
        self.chunk_end = chunk.end;
        self.start_attempt();
        // Only whether the head has errors is read, not their messages.
        self.expecting = false;
        let head = (|| {
            let attrs = self.attributes()?;
            self.keyword(kind.keyword())?;
            Ok::<_, Fail>((attrs, self.ident()?))
        })();
        self.expecting = true;
        let clean = self.errors.is_empty() && self.unparsed.is_empty();
        self.errors.clear();
        self.unparsed.clear();
        let (attrs, name) = head.ok().filter(|_| clean)?;
        Some(Item {
            attributes: attrs.attributes,
            kind: empty(name),
            span,
        })
    }

    /// Forgets what the last attempt at a declaration left behind.
    fn start_attempt(&mut self) {
        self.pos = 0;
        self.fail_at = None;
        self.expected.clear();
        self.budget = self
            .fixed_budget
            .unwrap_or_else(|| MIN_STEPS.max(self.toks.len().saturating_mul(STEPS_PER_TOKEN)));
        self.exhausted = false;
        self.depth = 0;
        self.unclosed_reported = false;
        self.declaration_reported = false;
        self.swallowed.clear();
        self.line_cut = None;
        self.bodies = 0;
        self.unparsed.clear();
        self.lost = 0;
    }

    /// Parses the current declaration from its first token: its item (a
    /// broken one if it fails) and its diagnostics.
    fn attempt(&mut self, chunk: &Chunk, kind: DeclKind, span: Span) -> Attempt {
        self.start_attempt();
        let item = match self.item(kind, span) {
            Ok(item) => item,
            Err(Fail) => {
                if !(self.unclosed_reported || self.declaration_reported) {
                    let diagnostic = self.diagnostic(None, Some(kind), 0);
                    self.errors.push(diagnostic);
                }
                self.broken(chunk, kind, span)
            }
        };
        Attempt {
            item,
            errors: std::mem::take(&mut self.errors),
            unparsed: std::mem::take(&mut self.unparsed),
            lost: self.lost,
        }
    }

    fn broken(&self, chunk: &Chunk, kind: DeclKind, span: Span) -> Item {
        broken_item_at(self.file, self.text, self.base, chunk, kind, span)
    }

    /// A declaration's span: its chunk without the blanks after it.
    fn chunk_span(&self, chunk: &Chunk) -> Span {
        let text = self.text.get(chunk.start..chunk.end).unwrap_or_default();
        self.span(chunk.start, chunk.start + text.trim_end().len())
    }

    /// A span from offsets in `text`.
    pub(crate) fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, self.base + start, self.base + end)
    }

    /// Counts one step of work; `false` once the budget is spent.
    fn tick(&mut self) -> bool {
        if self.budget == 0 {
            self.exhausted = true;
            return false;
        }
        self.budget -= 1;
        true
    }

    /// Enters a rule that recurses (blocks, nested values, type
    /// parameters); the splitter already refuses deep brackets, this keeps
    /// the parser safe on its own.
    pub(crate) fn enter(&mut self) -> PResult<()> {
        if self.depth >= 4 * MAX_NESTING {
            self.exhausted = true;
            return Err(Fail);
        }
        self.depth += 1;
        Ok(())
    }

    pub(crate) fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// Remembers that `what` would have been accepted at the current token.
    #[inline(always)]
    pub(crate) fn record(&mut self, what: Expected) {
        if self.expecting {
            self.record_expected(what);
        } else if self.fail_at.is_none_or(|at| at < self.pos) {
            // Where the furthest failure is, as `record_expected` keeps it.
            self.fail_at = Some(self.pos);
        }
    }

    /// [`Parser::record`] when the expectations are kept.
    #[inline(never)]
    fn record_expected(&mut self, what: Expected) {
        match self.fail_at {
            Some(at) if at > self.pos => {}
            Some(at) if at == self.pos => {
                // Duplicates are dropped when a message is made (most
                // failures are tried alternatives that are never reported,
                // and the check cost a string comparison per entry); past
                // a few dozen they are dropped here, so the list stays
                // bounded by the grammar's distinct alternatives.
                if self.expected.len() < EXPECTED_BEFORE_DEDUP || !self.expected.contains(&what) {
                    self.expected.push(what);
                }
            }
            _ => {
                self.fail_at = Some(self.pos);
                self.expected.clear();
                self.expected.push(what);
            }
        }
    }

    /// Fails, expecting `what` here.
    pub(crate) fn fail<T>(&mut self, what: Expected) -> PResult<T> {
        self.record(what);
        Err(Fail)
    }

    /// Fails at the start of a member that no keyword starts: the member's
    /// description replaces the keywords tried here.
    pub(crate) fn fail_member<T>(&mut self, what: &'static str) -> PResult<T> {
        if self.fail_at == Some(self.pos) {
            self.expected.clear();
        }
        self.fail(Expected::Desc(what))
    }

    /// Forgets the furthest failure once it has been reported, and the
    /// line the member that failed was held to.
    fn reset_failure(&mut self) {
        self.fail_at = None;
        self.expected.clear();
        self.line_cut = None;
    }

    /// Runs `rule` on the tokens before `line` only, as if the declaration
    /// ended there. A failure at that end is reported as the end of the
    /// line ([`Parser::diagnostic`]), so after a failure `line_cut` stays
    /// set until [`Parser::report`] forgets it.
    pub(crate) fn on_first_line<T>(
        &mut self,
        line: usize,
        rule: impl FnOnce(&mut Self) -> PResult<T>,
    ) -> PResult<T> {
        let all = self.toks;
        self.toks = all.get(..line).unwrap_or(all);
        self.line_cut = Some(line);
        let parsed = rule(self);
        self.toks = all;
        if parsed.is_ok() {
            self.line_cut = None;
        }
        parsed
    }

    /// The first token of a later line than token `from` and before token
    /// `until`, if no bracket opened from `from` on is still open there: a
    /// clause that reads on into that line took its start (a member with a
    /// body, or arguments in brackets, spans lines by right).
    pub(crate) fn line_break_within(&self, from: usize, until: usize) -> Option<usize> {
        let (line, open) = self.next_line(from, until)?;
        (open == 0).then_some(line)
    }

    /// The first token of the second line of the member at token `member`
    /// when a bracket the member opened is still open there and the member
    /// failed on that line or further (`failed`): a bracket left open at
    /// the end of a half-typed line (`decimal(`, `getOrder(`, `[`) reads
    /// the next lines as its contents.
    pub(crate) fn line_break_in_brackets(&self, member: usize, failed: usize) -> Option<usize> {
        let (line, open) = self.next_line(member, failed.saturating_add(1))?;
        (open > 0).then_some(line)
    }

    /// The first token of a later line than token `from` and before token
    /// `until`, with how many brackets opened from `from` on are open
    /// there; none if a bracket closes that `from` on did not open.
    fn next_line(&self, from: usize, until: usize) -> Option<(usize, usize)> {
        let toks = self.toks.get(from..until.min(self.toks.len()))?;
        let mut open = 0usize;
        for (index, token) in toks.iter().enumerate() {
            if token.line_start && index > 0 {
                return Some((from + index, open));
            }
            match token.kind {
                TokenKind::LeftBrace | TokenKind::LeftParen | TokenKind::LeftBracket => open += 1,
                TokenKind::RightBrace | TokenKind::RightParen | TokenKind::RightBracket => {
                    open = open.checked_sub(1)?;
                }
                _ => {}
            }
        }
        None
    }

    /// Reports the furthest failure inside a body member (or list entry)
    /// that starts at token `start`, and forgets it.
    pub(crate) fn report(&mut self, member: &str, start: usize) {
        let diagnostic = self.diagnostic(Some(member), None, start);
        self.errors.push(diagnostic);
        self.reset_failure();
    }
}
