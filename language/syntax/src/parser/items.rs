//! Declarations, attributes, and the body loop every `{ member* }` shares,
//! with its recovery.

use super::cursor::{is_word, STRING};
use super::{exact, smallvec, Expected, Fail, LineCut, PResult, Parser, SmallVec};
use crate::keywords;
use crate::lexer::is_blank;
use crate::lexer::TokenKind;
use crate::parse::{errors, UnparsedPlace};
use crate::syntax::*;
use weft_base::codes;
use weft_base::span::Span;
use weft_base::Fix;

/// Docs and annotations read before a member, with where they are.
pub(crate) struct Attrs {
    pub(crate) attributes: Attributes,
    /// From the first doc line or annotation to the last; `None` if none.
    pub(crate) span: Option<Span>,
    /// Offset of the first attribute, or of the token after them.
    pub(crate) start: usize,
}

impl Attrs {
    fn none(start: usize) -> Attrs {
        Attrs {
            attributes: Attributes::default(),
            span: None,
            start,
        }
    }
}

const FIELD: &str = "a field";

/// The help for a field's default cut after its `=` (`priority: int32 =`).
const DEFAULT_HELP: &str = "a default follows the field's type, as in `priority: int32 = 0`: finish the value, or remove the `=` to leave the field without a default";

impl Parser<'_> {
    /// `item = { SOI ~ attributes ~ declaration ~ EOI }`, dispatched on the
    /// declaration keyword the splitter found.
    pub(crate) fn item(&mut self, kind: DeclKind, span: Span) -> PResult<Item> {
        let attrs = self.attributes()?;
        if !self.at_word(kind.keyword()) {
            return self.fail(Expected::Keyword(kind.keyword()));
        }
        let item_kind = match kind {
            DeclKind::Package => ItemKind::Package(self.package_decl()?),
            DeclKind::Use => ItemKind::Use(Box::new(self.use_decl()?)),
            DeclKind::Domain => ItemKind::Domain(self.domain_decl()?),
            DeclKind::System => ItemKind::System(self.system_decl()?),
            DeclKind::TypeAlias => ItemKind::TypeAlias(Box::new(self.type_decl()?)),
            DeclKind::Enum => ItemKind::Enum(self.enum_decl()?),
            DeclKind::Record => ItemKind::Record(self.record_decl()?),
            DeclKind::Entity => ItemKind::Entity(self.entity_decl()?),
            DeclKind::Event => ItemKind::Event(self.event_decl()?),
            DeclKind::Api => ItemKind::Api(self.api_decl()?),
            DeclKind::Policy => ItemKind::Policy(self.policy_decl()?),
            DeclKind::Workflow => ItemKind::Workflow(self.workflow_decl()?),
            DeclKind::Test => ItemKind::Test(Box::new(self.test_decl()?)),
        };
        self.end_of_declaration(kind)?;
        Ok(Item {
            attributes: attrs.attributes,
            kind: item_kind,
            span,
        })
    }

    /// `EOI`: anything left after a complete declaration makes it broken
    /// (so that the formatter copies its text instead of dropping the rest).
    fn end_of_declaration(&mut self, kind: DeclKind) -> PResult<()> {
        if self.peek().is_none() {
            return Ok(());
        }
        if self.fail_at != Some(self.pos) {
            self.fail_at = None;
            self.expected.clear();
        }
        self.record(Expected::End);
        let diagnostic = self.diagnostic(None, Some(kind), 0);
        self.errors.push(diagnostic);
        self.declaration_reported = true;
        Err(Fail)
    }

    /// `attributes = { (doc_line | annotation)* }`
    #[inline]
    pub(crate) fn attributes(&mut self) -> PResult<Attrs> {
        // Most members have neither docs nor annotations: answered here,
        // inlined into the caller, without building the set on the stack
        // and copying it out (that copy stalled on every member).
        match self.peek_kind() {
            Some(TokenKind::DocComment | TokenKind::At) => self.written_attributes(),
            _ => Ok(Attrs::none(self.here())),
        }
    }

    /// [`Self::attributes`] when at least one is written.
    fn written_attributes(&mut self) -> PResult<Attrs> {
        let mut attrs = Attrs::none(self.here());
        let mut annotations = SmallVec::<[_; 2]>::new();
        loop {
            match self.peek_kind() {
                Some(TokenKind::DocComment) => {
                    let Some(token) = self.advance() else { break };
                    let text = self.text_of(token);
                    let span = self.span(token.start(), token.start() + doc_end(text));
                    // A doc comment documents what follows it, so it must
                    // start its line: `a: string /// x` documents nothing.
                    if !token.line_start {
                        self.errors.push(errors::stray_attributes(span));
                        continue;
                    }
                    attrs.span = Some(attrs.span.map_or(span, |all| all.to(span)));
                    let mut line = text;
                    while let Some(rest) = line.strip_prefix("///") {
                        line = rest;
                    }
                    let line = line.strip_prefix(' ').unwrap_or(line).trim_end();
                    let docs = &mut attrs.attributes.docs;
                    docs.lines.push(line);
                    docs.span = Some(docs.span.map_or(span, |all| all.to(span)));
                }
                Some(TokenKind::At) => {
                    let annotation = self.annotation()?;
                    let span = annotation.span;
                    attrs.span = Some(attrs.span.map_or(span, |all| all.to(span)));
                    annotations.push(annotation);
                }
                _ => break,
            }
        }
        // Set only when written: a set with docs alone keeps none.
        if !annotations.is_empty() {
            attrs.attributes.annotations = exact(&mut annotations);
        }
        attrs.attributes.shrink_to_fit();
        Ok(attrs)
    }

    /// `annotation = { annotation_name ~ ("(" ~ (expr ~ ("," ~ expr)* ~ ","?)? ~ ")")? }`
    /// with `annotation_name = ${ "@" ~ ident }`.
    fn annotation(&mut self) -> PResult<Annotation> {
        let at = self.punct(TokenKind::At, "@")?;
        if !self.peek().is_some_and(|token| token.glued) {
            return self.fail(Expected::Desc("an annotation such as `@deprecated`"));
        }
        let name = self.ident()?;
        let mut args = SmallVec::<[_; 4]>::new();
        if self.eat_punct(TokenKind::LeftParen, "(").is_some() {
            loop {
                if self.eat_punct(TokenKind::RightParen, ")").is_some() {
                    break;
                }
                args.push(self.expr()?);
                if self.eat_punct(TokenKind::Comma, ",").is_some() {
                    continue;
                }
                self.punct(TokenKind::RightParen, ")")?;
                break;
            }
        }
        Ok(Annotation {
            name,
            args: exact(&mut args),
            span: self.span(at.start(), self.last_end()),
        })
    }

    /// Reports docs or annotations before a member that cannot carry them;
    /// the member itself is kept.
    pub(crate) fn no_attributes(&mut self, attrs: &Attrs) {
        if let Some(span) = attrs.span {
            self.errors.push(errors::stray_attributes(span));
        }
    }

    /// `"{" ~ (member | bad_member)* ~ "}"`: the body loop. A member that
    /// fails is reported (as `what`) and skipped like the grammar's
    /// `bad_text`: the rest of its line with any bracketed block it opens.
    /// A body still open at the end of the declaration is reported once
    /// (E003) and makes the whole declaration broken. `clauses` list the
    /// keywords that start the body's clauses (`crate::keywords`), for a
    /// failed member that starts with one of them misspelt.
    pub(crate) fn body(
        &mut self,
        what: &'static str,
        clauses: &'static [&'static [&'static str]],
        member: impl FnMut(&mut Self, Attrs) -> PResult<()>,
    ) -> PResult<()> {
        self.bodies += 1;
        let parsed = self.body_members(what, clauses, member);
        self.bodies -= 1;
        parsed
    }

    /// [`Parser::body`] within its count of open bodies.
    fn body_members(
        &mut self,
        what: &'static str,
        clauses: &'static [&'static [&'static str]],
        mut member: impl FnMut(&mut Self, Attrs) -> PResult<()>,
    ) -> PResult<()> {
        self.punct(TokenKind::LeftBrace, "{")?;
        self.enter()?;
        // Where the last member started (after its attributes).
        let mut previous: Option<usize> = None;
        loop {
            self.fail_at = None;
            self.expected.clear();
            match self.peek_kind() {
                None => {
                    // The declaration ends inside this body: it is broken
                    // (as the grammar has it), reported once.
                    self.report_unclosed();
                    self.leave();
                    return Err(Fail);
                }
                Some(TokenKind::RightBrace) => {
                    self.pos += 1;
                    break;
                }
                Some(_) => {}
            }
            if !self.tick() {
                self.leave();
                return Err(Fail);
            }
            let start = self.pos;
            let attrs = match self.attributes() {
                Ok(attrs) => attrs,
                Err(Fail) => {
                    self.recover(what, start);
                    continue;
                }
            };
            if matches!(self.peek_kind(), None | Some(TokenKind::RightBrace)) {
                self.no_attributes(&attrs);
                continue;
            }
            let after_attributes = self.pos;
            let held = self.cut_for(after_attributes);
            let (attributes, reported_before) = (attrs.span, self.errors.len());
            let parsed = match held {
                Some(line) => self.on_first_line(line, |parser| member(parser, attrs)),
                None => member(self, attrs),
            };
            if parsed.is_err() {
                if self.exhausted || self.unclosed_reported {
                    self.line_cut = None;
                    self.leave();
                    return Err(Fail);
                }
                self.unreport_attributes(reported_before, attributes);
                let swallowed = self.swallowed.len();
                if let Some(cut) = self.took_next_line(previous, start, after_attributes) {
                    self.swallowed.push(cut);
                }
                let misspelled = self.misspelled_clause(clauses, after_attributes);
                self.report(what, after_attributes);
                if let Some(keyword) = misspelled {
                    self.suggest_keyword(keyword, after_attributes);
                    let member_at = (start, after_attributes, held);
                    if self.member_read_as(keyword, member_at, &mut member) {
                        // Parsed whole: nothing of it is lost, nor held to
                        // its line in a later attempt.
                        self.swallowed.truncate(swallowed);
                        previous = Some(after_attributes);
                        continue;
                    }
                }
                self.note_unparsed(after_attributes, misspelled);
                self.pos = after_attributes;
                // A held member's bracket stays open at its line's end:
                // the lines after it are not part of it.
                self.skip_bad_text_before(held.unwrap_or(usize::MAX));
                // No member starts with `{`: a block opening the next line
                // is the failed member's (`when x >` with its block below).
                if self
                    .peek()
                    .is_some_and(|token| token.kind == TokenKind::LeftBrace && token.line_start)
                {
                    self.skip_bad_text_before(usize::MAX);
                }
            }
            previous = Some(after_attributes);
        }
        self.leave();
        Ok(())
    }

    /// Parses the member that failed again, its first word read as
    /// `keyword`, which that word misspells (`oepration`, `verison`,
    /// `ctach`): the misspelling is reported, and the member, its body
    /// included, is kept instead of lost, so that nothing that refers to it
    /// reports it missing. `at` is where the member starts (its attributes),
    /// where its first word is, and the line it is held before in this
    /// attempt. Returns whether it parsed; if not, everything this second
    /// try reported or noted is taken back, and the member fails as before.
    fn member_read_as(
        &mut self,
        keyword: &'static str,
        (start, word, held): (usize, usize, Option<usize>),
        member: &mut impl FnMut(&mut Self, Attrs) -> PResult<()>,
    ) -> bool {
        let errors = self.errors.len();
        let (unparsed, swallowed, lost) = (self.unparsed.len(), self.swallowed.len(), self.lost);
        let (unclosed, declaration) = (self.unclosed_reported, self.declaration_reported);
        self.pos = start;
        // They parsed in the first try, which reported what is wrong
        // with them.
        let attrs = self.attributes();
        self.errors.truncate(errors);
        let parsed = attrs.and_then(|attrs| {
            self.read_as = Some((word, keyword));
            let parsed = match held {
                Some(line) => self.on_first_line(line, |parser| member(parser, attrs)),
                None => member(self, attrs),
            };
            self.read_as = None;
            parsed
        });
        if parsed.is_ok() {
            return true;
        }
        self.errors.truncate(errors);
        self.unparsed.truncate(unparsed);
        self.swallowed.truncate(swallowed);
        self.lost = lost;
        self.unclosed_reported = unclosed;
        self.declaration_reported = declaration;
        self.reset_failure();
        self.pos = word;
        false
    }

    /// Takes back the report, among those since `since`, that the docs or
    /// annotations at `attributes` stand before a member that cannot carry
    /// them, the member having failed: its own error says what is wrong
    /// (`/// docs` above a misspelt `oepration` is one mistake, not two).
    fn unreport_attributes(&mut self, since: usize, attributes: Option<Span>) {
        let Some(span) = attributes else {
            return;
        };
        let stray = |error: &weft_base::Diagnostic| {
            error.code == codes::STRAY_DOC_COMMENT && error.primary.span == span
        };
        if let Some(index) = self.errors.iter().skip(since).position(stray) {
            self.errors.remove(since + index);
        }
    }

    /// The clause keyword among `clauses` that the member at token
    /// `member`, which did not parse, starts with misspelled (`ownr erp`,
    /// `prodcer erp`): its first word is not one of them but close to one
    /// (`weft_base::suggest`), at least three letters long, and not a
    /// field's name (followed by `:`).
    fn misspelled_clause(
        &self,
        clauses: &'static [&'static [&'static str]],
        member: usize,
    ) -> Option<&'static str> {
        let token = self.toks.get(member).filter(|token| is_word(token.kind))?;
        let word = self.text_of(*token);
        let names_a_field = self
            .toks
            .get(member + 1)
            .is_some_and(|next| next.kind == TokenKind::Colon);
        let keywords = || clauses.iter().copied().flatten().copied();
        if word.len() < 3 || names_a_field || keywords().any(|keyword| keyword == word) {
            return None;
        }
        weft_base::suggest::suggest(word, keywords())
    }

    /// Tells the error just reported, of the member at token `member`, the
    /// clause keyword its first word misspells: as help, and as a quick fix
    /// that replaces the word (as the resolver offers for a misspelt name).
    /// An error at the word marks all of it, so that an editor offers the
    /// fix wherever the cursor is in the word.
    fn suggest_keyword(&mut self, keyword: &'static str, member: usize) {
        let Some(&word) = self.toks.get(member) else {
            return;
        };
        let span = self.span(word.start(), word.end());
        if let Some(reported) = self.errors.last_mut() {
            if reported.primary.span.start == span.start {
                reported.primary.span = span;
            }
            reported.help = Some(format!("did you mean `{keyword}`?"));
            reported.fix = Some(Fix::replace(span, keyword));
        }
    }

    /// Lists the member at token `member`, which did not parse, as an
    /// [`UnparsedClause`](crate::parse::UnparsedClause) if it starts with a
    /// word (a keyword, or a word only its member reads as one: `query`):
    /// as the clause `misspelled` when its first word misspells that.
    fn note_unparsed(&mut self, member: usize, misspelled: Option<&'static str>) {
        let place = if self.bodies > 1 {
            UnparsedPlace::NestedBody
        } else {
            UnparsedPlace::Body
        };
        let noted = self.unparsed.len();
        self.note_unparsed_at(member, place);
        if let (Some(keyword), Some(written)) = (misspelled, self.unparsed.get_mut(noted)) {
            written.keyword = Name::new(keyword);
        }
    }

    /// Lists the `name: value` entry at token `entry` of an argument list
    /// or a record literal, which did not parse and is dropped, as an
    /// [`UnparsedClause`](crate::parse::UnparsedClause) (so that the
    /// arguments it may have passed are not reported missing).
    pub(crate) fn note_unparsed_entry(&mut self, entry: usize) {
        self.note_unparsed_at(entry, UnparsedPlace::Entry);
    }

    fn note_unparsed_at(&mut self, at: usize, place: UnparsedPlace) {
        if let Some(&token) = self.toks.get(at) {
            if matches!(token.kind, TokenKind::Keyword | TokenKind::Ident) {
                let keyword = Name::new(self.text_of(token));
                let span = self.span(token.start(), token.end());
                self.unparsed.push(crate::parse::UnparsedClause {
                    keyword,
                    span,
                    place,
                });
            }
        }
    }

    /// The line cut the member starting at token `member` is held to in
    /// this attempt, if any (see [`LineCut`]).
    fn cut_for(&self, member: usize) -> Option<usize> {
        let index = self
            .cuts
            .binary_search_by_key(&member, |cut| cut.member)
            .ok()?;
        self.cuts.get(index).map(|cut| cut.line)
    }

    /// The member to hold to its first line when the member after its
    /// attributes at `member` (which starts at `start`, after the member
    /// at `previous`) fails: itself if it ran onto the next line and failed
    /// further on, else the one before if it took the start of this
    /// member's line (see [`LineCut`]).
    fn took_next_line(
        &self,
        previous: Option<usize>,
        start: usize,
        member: usize,
    ) -> Option<LineCut> {
        let failed = self.fail_at.unwrap_or(self.pos);
        if let Some(line) = self.line_break_within(member, failed) {
            return Some(LineCut {
                member,
                line,
                in_brackets: false,
            });
        }
        if let Some(line) = self.line_break_in_brackets(member, failed) {
            return Some(LineCut {
                member,
                line,
                in_brackets: true,
            });
        }
        let previous = previous?;
        if self.toks.get(start)?.line_start {
            return None;
        }
        let line = self.line_break_within(previous, start)?;
        Some(LineCut {
            member: previous,
            line,
            in_brackets: false,
        })
    }

    fn recover(&mut self, what: &str, start: usize) {
        self.report(what, start);
        self.skip_bad_text();
    }

    /// Reports the missing `}` of the declaration, once.
    pub(crate) fn report_unclosed(&mut self) {
        if self.unclosed_reported {
            return;
        }
        self.unclosed_reported = true;
        let chunk_text = &self.text[self.chunk_start..self.chunk_end];
        let end = self.span(self.chunk_end, self.chunk_end);
        self.errors.push(errors::unclosed(
            self.file,
            self.base + self.chunk_start,
            chunk_text,
            end,
        ));
    }

    /// `bad_text`: skips the rest of the line, with every bracketed group it
    /// opens (a `{` group runs to its `}`; a `(` or `[` group ends at its
    /// closer or at a `}`), and stops before a `}` that closes the body.
    pub(crate) fn skip_bad_text(&mut self) {
        self.skip_bad_text_before(usize::MAX);
    }

    /// [`Parser::skip_bad_text`], stopping at token `end` at the latest.
    fn skip_bad_text_before(&mut self, end: usize) {
        let from = self.pos;
        let mut open: Vec<TokenKind> = Vec::new();
        let mut first = true;
        while let Some(token) = self.peek().filter(|_| self.pos < end) {
            if open.is_empty() && token.line_start && !first {
                break;
            }
            match token.kind {
                TokenKind::RightBrace => {
                    while matches!(
                        open.last(),
                        Some(TokenKind::LeftParen | TokenKind::LeftBracket)
                    ) {
                        open.pop();
                    }
                    if open.pop().is_none() {
                        break;
                    }
                }
                TokenKind::LeftBrace | TokenKind::LeftParen | TokenKind::LeftBracket => {
                    open.push(token.kind)
                }
                TokenKind::RightParen if open.last() == Some(&TokenKind::LeftParen) => {
                    open.pop();
                }
                TokenKind::RightBracket if open.last() == Some(&TokenKind::LeftBracket) => {
                    open.pop();
                }
                _ => {}
            }
            self.pos += 1;
            first = false;
        }
        self.lost += self.pos - from;
    }

    /// Offset where a member starts: its first attribute, or its first token.
    pub(crate) fn member_span(&self, attrs: &Attrs) -> Span {
        self.span(attrs.start, self.last_end())
    }

    /// `package_decl = { kw_package ~ path }`
    fn package_decl(&mut self) -> PResult<PackageDecl> {
        self.keyword("package")?;
        Ok(PackageDecl { path: self.path()? })
    }

    /// `use_decl = { kw_use ~ path ~ (use_names | kw_as ~ ident)? }`
    fn use_decl(&mut self) -> PResult<UseDecl> {
        self.keyword("use")?;
        let path = self.path()?;
        let mut decl = UseDecl {
            path,
            alias: None,
            names: ThinVec::new(),
        };
        if self.at(TokenKind::Dot)
            && self
                .peek_at(1)
                .is_some_and(|token| token.kind == TokenKind::LeftBrace)
        {
            decl.names = self.use_names()?;
        } else if self.eat_keyword("as").is_some() {
            decl.alias = Some(self.ident()?);
        } else {
            self.record(Expected::Punct("."));
        }
        Ok(decl)
    }

    /// `use_names = { "." ~ "{" ~ use_name ~ ("," ~ use_name)* ~ ","? ~ "}" }`,
    /// `use_name = { ident ~ (kw_as ~ ident)? }`. A broken name is reported
    /// and skipped up to the next `,` or `}`.
    fn use_names(&mut self) -> PResult<ThinVec<UseName>> {
        self.punct(TokenKind::Dot, ".")?;
        self.punct(TokenKind::LeftBrace, "{")?;
        let mut names = SmallVec::<[_; 4]>::new();
        loop {
            let start = self.pos;
            let entry = if names.is_empty() || !self.at(TokenKind::RightBrace) {
                Some(self.use_name())
            } else {
                None
            };
            match entry {
                Some(Ok(name)) => names.push(name),
                Some(Err(Fail)) if self.exhausted => return Err(Fail),
                Some(Err(Fail)) => {
                    self.report("a name to import such as `Money` or `Money as Cash`", start);
                    self.skip_to_any(&[TokenKind::Comma]);
                }
                None => {}
            }
            if self.eat_punct(TokenKind::Comma, ",").is_some() {
                continue;
            }
            self.punct(TokenKind::RightBrace, "}")?;
            return Ok(exact(&mut names));
        }
    }

    fn use_name(&mut self) -> PResult<UseName> {
        if !self.at_any_word() {
            return self.fail(Expected::Desc("a name such as `Money`"));
        }
        let name = self.ident()?;
        let alias = if self.eat_keyword("as").is_some() {
            Some(self.ident()?)
        } else {
            None
        };
        let span = name
            .span
            .to(alias.as_ref().map_or(name.span, |alias| alias.span));
        Ok(UseName { name, alias, span })
    }

    /// `apply = { kw_apply ~ path ~ ("," ~ path)* }`
    pub(crate) fn apply(&mut self) -> PResult<Apply> {
        let start = self.keyword("apply")?.start();
        let mut policies: SmallVec<[_; 2]> = smallvec![self.path()?];
        while self.eat_punct(TokenKind::Comma, ",").is_some() {
            policies.push(self.path()?);
        }
        Ok(Apply {
            policies: exact(&mut policies),
            span: self.span(start, self.last_end()),
        })
    }

    /// `domain_decl = { kw_domain ~ ident ~ "{" ~ (domain_member | bad_clause)* ~ "}" }`
    /// with `domain_member = _{ domain_owner | domain_contact | apply }`.
    fn domain_decl(&mut self) -> PResult<DomainDecl> {
        const WHAT: &str = "a domain clause (`owner`, `contact` or `apply`)";
        self.keyword("domain")?;
        let name = self.ident()?;
        let mut clauses = SmallVec::<[_; 4]>::new();
        self.body(WHAT, &[keywords::DOMAIN_CLAUSES], |parser, attrs| {
            parser.no_attributes(&attrs);
            // Each keyword's arm steps over it (`apply` reads its own).
            let clause = match parser.word() {
                Some("owner") => DomainClause::Owner(parser.past_keyword().string()?),
                Some("contact") => DomainClause::Contact(parser.past_keyword().string()?),
                Some("apply") => DomainClause::Apply(parser.apply()?),
                _ => return parser.fail_member(WHAT),
            };
            clauses.push(clause);
            Ok(())
        })?;
        Ok(DomainDecl {
            name,
            clauses: exact(&mut clauses),
        })
    }

    /// `system_decl = { kw_system ~ ident ~ "{" ~ (system_member | bad_clause)* ~ "}" }`
    /// with `system_member = _{ system_domain | system_kind | system_hosting
    /// | system_connectivity | apply | consumes }`.
    fn system_decl(&mut self) -> PResult<SystemDecl> {
        const WHAT: &str =
            "a system clause (`domain`, `kind`, `hosting`, `connectivity`, `apply` or `consumes`)";
        self.keyword("system")?;
        let name = self.ident()?;
        let mut clauses = SmallVec::<[_; 4]>::new();
        self.body(WHAT, &[keywords::SYSTEM_CLAUSES], |parser, attrs| {
            parser.no_attributes(&attrs);
            let start = parser.here();
            // Each keyword's arm steps over it (`apply` reads its own).
            let clause = match parser.word() {
                Some("domain") => SystemClause::Domain(parser.past_keyword().path()?),
                Some("kind") => SystemClause::Kind(parser.past_keyword().ident()?),
                Some("hosting") => SystemClause::Hosting(parser.past_keyword().ident()?),
                Some("connectivity") => SystemClause::Connectivity(parser.past_keyword().ident()?),
                Some("apply") => SystemClause::Apply(parser.apply()?),
                Some("consumes") => {
                    // consumes = { kw_consumes ~ path ~ version_ref }
                    parser.pos += 1;
                    let event = parser.path()?;
                    let version = parser.version_ref()?;
                    SystemClause::Consumes(Consumes {
                        event,
                        version,
                        span: parser.span(start, parser.last_end()),
                    })
                }
                _ => return parser.fail_member(WHAT),
            };
            clauses.push(clause);
            Ok(())
        })?;
        Ok(SystemDecl {
            name,
            clauses: exact(&mut clauses),
        })
    }

    /// `type_decl = { kw_type ~ ident ~ "=" ~ type_expr ~ constraint* }`
    fn type_decl(&mut self) -> PResult<TypeAliasDecl> {
        self.keyword("type")?;
        let name = self.ident()?;
        self.punct(TokenKind::Equal, "=")?;
        let ty = self.type_expr()?;
        let constraints = self.constraints()?;
        Ok(TypeAliasDecl {
            name,
            ty,
            constraints,
        })
    }

    /// `enum_decl = { kw_enum ~ ident ~ "{" ~ (enum_member | bad_enum_member)* ~ "}" }`
    /// with `enum_member = { attributes ~ ident ~ ","? }`.
    fn enum_decl(&mut self) -> PResult<EnumDecl> {
        const WHAT: &str = "an enum symbol";
        self.keyword("enum")?;
        let name = self.ident()?;
        let mut members = SmallVec::<[_; 8]>::new();
        self.body(WHAT, &[], |parser, attrs| {
            if !parser.at_any_word() {
                return parser.fail_member("an enum symbol such as `OPEN`");
            }
            let name = parser.ident()?;
            parser.eat_punct(TokenKind::Comma, ",");
            let span = parser.member_span(&attrs);
            members.push(EnumMember {
                attributes: attrs.attributes,
                name,
                span,
            });
            Ok(())
        })?;
        Ok(EnumDecl {
            name,
            members: exact(&mut members),
        })
    }

    /// `record_decl = { kw_record ~ ident ~ "{" ~ (field_member | bad_field)* ~ "}" }`
    fn record_decl(&mut self) -> PResult<RecordDecl> {
        self.keyword("record")?;
        let name = self.ident()?;
        let members = self.field_body()?;
        Ok(RecordDecl { name, members })
    }

    /// `"{" ~ (field_member | bad_field)* ~ "}"` (records, inline versions).
    fn field_body(&mut self) -> PResult<ThinVec<FieldMember>> {
        let mut members = SmallVec::<[_; 16]>::new();
        self.body(FIELD, &[], |parser, attrs| {
            members.push(parser.field_member(attrs)?);
            Ok(())
        })?;
        Ok(exact(&mut members))
    }

    /// `field_member = _{ reserved | field }`
    fn field_member(&mut self, attrs: Attrs) -> PResult<FieldMember> {
        if self.at_word("reserved")
            && self
                .peek_at(1)
                .is_some_and(|token| matches!(token.kind, TokenKind::Ident | TokenKind::Keyword))
        {
            self.no_attributes(&attrs);
            return Ok(FieldMember::Reserved(self.reserved()?));
        }
        Ok(FieldMember::Field(self.field(attrs)?))
    }

    /// `reserved = { kw_reserved ~ ident ~ ("," ~ ident)* }`
    fn reserved(&mut self) -> PResult<Reserved> {
        let start = self.keyword("reserved")?.start();
        let mut names: SmallVec<[_; 4]> = smallvec![self.ident()?];
        while self.at(TokenKind::Comma) {
            let save = self.pos;
            self.pos += 1;
            match self.ident() {
                Ok(name) => names.push(name),
                Err(Fail) => {
                    self.pos = save;
                    break;
                }
            }
        }
        Ok(Reserved {
            names: exact(&mut names),
            span: self.span(start, self.last_end()),
        })
    }

    /// `field = { attributes ~ ident ~ ":" ~ type_expr ~ constraint* ~ ("=" ~ expr)? ~ ","? }`
    pub(crate) fn field(&mut self, attrs: Attrs) -> PResult<Field> {
        self.field_of_member(attrs, self.pos)
    }

    /// [`Parser::field`] of the member that starts at token `member` (a
    /// parameter's `path`, `query` or `header`, else the field's name).
    pub(crate) fn field_of_member(&mut self, attrs: Attrs, member: usize) -> PResult<Field> {
        if !self.at_any_word() {
            return self.fail_member(FIELD);
        }
        let start = self.pos;
        let name = self.ident()?;
        let mut ty = match self.punct(TokenKind::Colon, ":") {
            Ok(_) => {
                let after_colon = self.pos;
                match self.type_expr() {
                    Ok(ty) => ty,
                    Err(Fail) => self.missing_type(start, after_colon)?,
                }
            }
            // `number` alone, the colon still to come: only on a line of
            // its own (after a clause that took the line's first word, the
            // word after it is the start of another member, see `LineCut`),
            // and with its name on that line (after `query` alone, the next
            // line's first word starts another member).
            Err(Fail)
                if self.toks.get(member).is_some_and(|token| token.line_start)
                    && (start == member
                        || self.toks.get(start).is_some_and(|token| !token.line_start)) =>
            {
                self.missing_type(start, self.pos)?
            }
            Err(Fail) => return Err(Fail),
        };
        let constraints = match self.constraints() {
            Ok(constraints) => constraints,
            Err(Fail) => self.unfinished_constraint(start)?,
        };
        let default = if self.eat_punct(TokenKind::Equal, "=").is_some() {
            let after_equal = self.pos;
            match self.expr() {
                Ok(value) => {
                    self.unfinished_operator(start);
                    Some(Box::new(value))
                }
                // A default cut at its line's end (`priority: int32 =`):
                // the field is kept without it, of unknown type too, since
                // with its type and no default it would turn required and
                // every record leaving it out would be reported.
                Err(Fail) => {
                    ty = self.missing_type(start, after_equal)?;
                    // What is missing is the default itself, which the
                    // generic help ("see docs/language.md") does not say.
                    if let Some(reported) = self.errors.last_mut() {
                        reported.help = Some(DEFAULT_HELP.to_string());
                    }
                    None
                }
            }
        } else {
            None
        };
        self.eat_punct(TokenKind::Comma, ",");
        let span = self.member_span(&attrs);
        Ok(Field::new(
            attrs.attributes,
            name,
            ty,
            constraints,
            default,
            span,
        ))
    }

    /// The type of a field cut at the end of its line (the line it is held
    /// to, see [`LineCut`], or a next line that cannot go on with it) or at
    /// the body's `}`, from token `at` on: nothing after its name or its
    /// `:` (`number`, `number:`), a type that starts and is left open
    /// (`lines: list<`, `amount: decimal(10,`), or a default cut after its
    /// `=` (`priority: int32 =`, `= -`). Reported there, as the
    /// failed member would be, and kept as a [`TypeExpr::missing`], so that
    /// the field stays declared and what names it (a key, a path
    /// parameter, a workflow's path) does not report it missing too. A
    /// field whose text goes on after the failure on its line fails.
    fn missing_type(&mut self, start: usize, at: usize) -> PResult<TypeExpr> {
        let cut = self.cut_at_line_end(at).ok_or(Fail)?;
        self.pos = cut;
        self.report_and_go_on(start);
        Ok(TypeExpr::missing(
            self.span(self.last_end(), self.last_end()),
        ))
    }

    /// Where the rule that failed from token `at` on failed, if that is at
    /// or after `at` and ends the member's line: the one test of the three
    /// ways a field keeps its name with a part cut (its type, a default,
    /// a constraint).
    fn cut_at_line_end(&self, at: usize) -> Option<usize> {
        self.fail_at
            .filter(|&cut| cut >= at && !self.exhausted && self.ends_its_line(cut))
    }

    /// A default left unfinished at the end of its line after an operator
    /// (`amount: int32 = 1 +`, typed halfway; the expression gives the
    /// operator back): reported there, as a value the operator lacks, and
    /// the field kept with what parsed, instead of the operator being
    /// taken for the next member.
    fn unfinished_operator(&mut self, start: usize) {
        let before = self.pos;
        if self.exhausted || self.peek().is_none_or(|token| token.line_start) || !self.at_infix_op()
        {
            return;
        }
        let _ = self.infix_op();
        if self.fail_at != Some(self.pos) || !self.ends_its_line(self.pos) {
            self.pos = before;
            return;
        }
        self.report_and_go_on(start);
    }

    /// The constraints of a field whose last one is cut at the end of its
    /// line (`number: string length`, typed halfway): that constraint is
    /// reported there and the field is kept without its constraints, so
    /// that what names it finds it (as for [`Parser::missing_type`]).
    fn unfinished_constraint(&mut self, start: usize) -> PResult<ThinVec<Constraint>> {
        let cut = self.cut_at_line_end(start).ok_or(Fail)?;
        self.report_and_go_on(start);
        self.pos = cut;
        Ok(ThinVec::new())
    }

    /// Reports the furthest failure in the field that starts at token
    /// `start` where it is (the end of its line) and forgets it, the field
    /// going on without the part that failed; the line a held member is
    /// cut to stays cut.
    fn report_and_go_on(&mut self, start: usize) {
        let diagnostic = self.diagnostic(None, None, start);
        self.errors.push(diagnostic);
        self.fail_at = None;
        self.expected.clear();
    }

    /// Whether the member being parsed ends its line before token `at`:
    /// there is none (the line it is held to ends there), it starts a later
    /// line, or it is the body's `}`.
    fn ends_its_line(&self, at: usize) -> bool {
        match self.toks.get(at) {
            None => self.line_cut.is_some(),
            Some(token) => token.line_start || token.kind == TokenKind::RightBrace,
        }
    }

    /// `entity_decl = { kw_entity ~ ident ~ "{" ~ (entity_member | bad_field)* ~ "}" }`
    /// with `entity_member = _{ field_member | entity_owner | entity_key |
    /// entity_record | apply }`.
    fn entity_decl(&mut self) -> PResult<EntityDecl> {
        const WHAT: &str = "a field or entity clause (`owner`, `key`, `record`, `apply`)";
        self.keyword("entity")?;
        let name = self.ident()?;
        let mut members = SmallVec::<[_; 8]>::new();
        self.body(WHAT, &[keywords::ENTITY_CLAUSES], |parser, attrs| {
            let next_is_colon = parser
                .peek_at(1)
                .is_some_and(|token| token.kind == TokenKind::Colon);
            let next_is_word = parser
                .peek_at(1)
                .is_some_and(|token| matches!(token.kind, TokenKind::Ident | TokenKind::Keyword));
            let start = parser.here();
            let member = if next_is_colon || (parser.at_word("reserved") && next_is_word) {
                EntityMember::Field(parser.field_member(attrs)?)
            } else if parser.at_word("owner") {
                parser.no_attributes(&attrs);
                parser.pos += 1;
                EntityMember::Owner(parser.path()?)
            } else if parser.at_word("key") {
                // entity_key = { kw_key ~ ident ~ ("," ~ ident)* }
                parser.no_attributes(&attrs);
                parser.pos += 1;
                let mut names: SmallVec<[_; 2]> = smallvec![parser.ident()?];
                while parser.eat_punct(TokenKind::Comma, ",").is_some() {
                    names.push(parser.ident()?);
                }
                EntityMember::Key(exact(&mut names), parser.span(start, parser.last_end()))
            } else if parser.at_word("record") {
                parser.no_attributes(&attrs);
                parser.pos += 1;
                EntityMember::Record(parser.path()?)
            } else if parser.at_word("apply") {
                parser.no_attributes(&attrs);
                EntityMember::Apply(parser.apply()?)
            } else {
                EntityMember::Field(FieldMember::Field(parser.field(attrs)?))
            };
            members.push(member);
            Ok(())
        })?;
        Ok(EntityDecl {
            name,
            members: exact(&mut members),
        })
    }

    /// `event_decl = { kw_event ~ ident ~ "{" ~ (event_member | bad_event_member)* ~ "}" }`
    /// with `event_member = _{ event_producer | event_about | event_key |
    /// event_compatibility | event_delivery | event_retention |
    /// event_compacted | event_dead_letter | apply | event_version }`.
    fn event_decl(&mut self) -> PResult<EventDecl> {
        const WHAT: &str = "an event clause or version";
        self.keyword("event")?;
        let name = self.ident()?;
        let mut members = SmallVec::<[_; 8]>::new();
        self.body(WHAT, &[keywords::EVENT_CLAUSES], |parser, attrs| {
            let start = parser.here();
            let word = parser.word();
            if word == Some("version") {
                members.push(EventMember::Version(Box::new(parser.event_version(attrs)?)));
                return Ok(());
            }
            parser.no_attributes(&attrs);
            // Each keyword's arm steps over it (`apply` reads its own).
            let member = match word {
                Some("producer") => EventMember::Producer(parser.past_keyword().path()?),
                Some("about") => EventMember::About(parser.past_keyword().path()?),
                Some("key") => EventMember::Key(parser.past_keyword().path()?),
                Some("compatibility") => EventMember::Compatibility(parser.past_keyword().ident()?),
                Some("delivery") => EventMember::Delivery(parser.past_keyword().ident()?),
                Some("retention") => {
                    // event_retention = { kw_retention ~ (duration | kw_forever) }
                    parser.pos += 1;
                    if let Some(forever) = parser.eat_keyword("forever") {
                        EventMember::Retention(Retention::Forever(
                            parser.span(forever.start(), forever.end()),
                        ))
                    } else {
                        EventMember::Retention(Retention::For(parser.duration_value()?))
                    }
                }
                Some("compacted") => {
                    parser.pos += 1;
                    EventMember::Compacted(parser.span(start, parser.last_end()))
                }
                Some("dead_letter") => {
                    // event_dead_letter = { kw_dead_letter ~ string? }
                    parser.pos += 1;
                    let topic = if parser.at_string() {
                        Some(parser.string()?)
                    } else {
                        parser.record(Expected::Desc(STRING));
                        None
                    };
                    EventMember::DeadLetter(topic, parser.span(start, parser.last_end()))
                }
                Some("apply") => EventMember::Apply(parser.apply()?),
                _ => return parser.fail_member(WHAT),
            };
            members.push(member);
            Ok(())
        })?;
        Ok(EventDecl {
            name,
            members: exact(&mut members),
        })
    }

    /// `event_version = { attributes ~ kw_version ~ number ~ (version_fields | "=" ~ type_expr) }`
    /// with `version_fields = { "{" ~ (field_member | bad_field)* ~ "}" }`.
    fn event_version(&mut self, attrs: Attrs) -> PResult<EventVersion> {
        self.keyword("version")?;
        let number = self.number()?;
        let schema = if self.at(TokenKind::LeftBrace) {
            VersionSchema::Inline(self.field_body()?)
        } else if self.eat_punct(TokenKind::Equal, "=").is_some() {
            VersionSchema::Named(self.type_expr()?)
        } else {
            self.record(Expected::Punct("{"));
            return self.fail(Expected::Punct("="));
        };
        let span = self.member_span(&attrs);
        Ok(EventVersion {
            attributes: attrs.attributes,
            number,
            schema,
            span,
        })
    }
}

/// Where a doc comment's span ends, as the grammar's tree builder measures
/// it: without trailing blanks ([`is_blank`]), and without text after a `//` outside
/// quotes (which the builder reads as a comment).
fn doc_end(doc: &str) -> usize {
    let bytes = doc.as_bytes();
    // Most doc lines hold neither a quote nor a slash after the opening
    // `///`: one vectorised search answers for them.
    if memchr::memchr2(b'"', b'/', bytes.get(3..).unwrap_or_default()).is_none() {
        return doc.trim_end_matches(is_blank).len();
    }
    let mut in_string = false;
    // Skip the opening `///`.
    let mut index = 3;
    let mut end = doc.len();
    while index < bytes.len() {
        match bytes[index] {
            b'\\' if in_string => index += 1,
            b'"' => in_string = !in_string,
            b'/' if !in_string && bytes.get(index + 1) == Some(&b'/') => {
                let doc_start =
                    bytes.get(index + 2) == Some(&b'/') && bytes.get(index + 3) != Some(&b'/');
                if !doc_start {
                    end = index;
                    break;
                }
                index += 2;
            }
            _ => {}
        }
        index += 1;
    }
    doc[..end].trim_end_matches(is_blank).len()
}
