//! The parser's view of the tokens: only the significant ones (blanks, line
//! ends and ordinary comments dropped; doc comments kept, since the grammar
//! gives them a place), each knowing whether it is glued to the one before
//! (the grammar's atomic rules, such as dotted paths, allow no blank) and
//! whether it starts its line (recovery stops at line ends). Plus the
//! primitive rules every other rule is built from.

use super::{Expected, PResult, Parser};
use crate::lexer::TokenKind;
use crate::syntax::{
    DurationLit, Ident, Name, NumberLit, Path, Segments, SmolStr, StringLit, VersionRef,
};

/// A significant token (the splitter collects them for the whole file,
/// `crate::split::split_collecting`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tok {
    pub(crate) kind: TokenKind,
    start: u32,
    end: u32,
    /// No blank or comment between it and the token before.
    pub(crate) glued: bool,
    /// The first significant token on its line.
    pub(crate) line_start: bool,
}

impl Tok {
    /// A token of `kind` at `start..end` (offsets as the lexer's
    /// [`Token`](crate::lexer::Token) holds them: a `Tok` is 12 bytes, so
    /// that the parser's `peek` returns it in registers).
    pub(crate) fn new(
        kind: TokenKind,
        (start, end): (u32, u32),
        glued: bool,
        line_start: bool,
    ) -> Tok {
        Tok {
            kind,
            start,
            end,
            glued,
            line_start,
        }
    }

    /// Offset of its first byte.
    #[inline]
    pub(crate) fn start(self) -> usize {
        self.start as usize
    }

    /// Offset one past its last byte.
    #[inline]
    pub(crate) fn end(self) -> usize {
        self.end as usize
    }
}

pub(crate) fn is_word(kind: TokenKind) -> bool {
    matches!(kind, TokenKind::Ident | TokenKind::Keyword)
}

/// The HTTP methods of the grammar's `http_method`.
const HTTP_METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

pub(crate) const NUMBER: &str = "a number";
pub(crate) const STRING: &str = "a quoted string";
pub(crate) const DURATION: &str = "a duration such as `30s`, `5m` or `7d`";
pub(crate) const VERSION_REF: &str = "a version such as `v1`";
pub(crate) const SEMVER: &str = "a version such as `1.0.0`";
pub(crate) const STATUS: &str = "an HTTP status such as `200` or `404`";
pub(crate) const HTTP_METHOD: &str = "an HTTP method such as `GET` or `POST`";
pub(crate) const BOUNDS: &str = "bounds such as `1..35`, `0..` or `4`";

impl<'t> Parser<'t> {
    pub(crate) fn peek(&self) -> Option<Tok> {
        self.toks.get(self.pos).copied()
    }

    pub(crate) fn peek_at(&self, ahead: usize) -> Option<Tok> {
        self.toks.get(self.pos + ahead).copied()
    }

    pub(crate) fn peek_kind(&self) -> Option<TokenKind> {
        self.peek().map(|token| token.kind)
    }

    pub(crate) fn text_of(&self, token: Tok) -> &'t str {
        self.text.get(token.start()..token.end()).unwrap_or("")
    }

    /// Offset where the current token starts (the declaration's end if none).
    pub(crate) fn here(&self) -> usize {
        self.peek().map_or(self.chunk_end, |token| token.start())
    }

    /// Offset where the last consumed token ends.
    pub(crate) fn last_end(&self) -> usize {
        self.pos
            .checked_sub(1)
            .and_then(|index| self.toks.get(index))
            .map_or(self.chunk_start, |token| token.end())
    }

    pub(crate) fn advance(&mut self) -> Option<Tok> {
        let token = self.peek()?;
        self.pos += 1;
        Some(token)
    }

    /// Whether the current token is the word `word` (keywords end at a word
    /// boundary, which a token always does). Inlined, so that the compare
    /// with the literal `word` is a few integer compares, not a `memcmp`.
    #[inline(always)]
    pub(crate) fn at_word(&self, word: &str) -> bool {
        self.peek().is_some_and(|token| {
            // Bytes, length first: this runs for every keyword a rule tries.
            is_word(token.kind)
                && token.end() - token.start() == word.len()
                && self.text.as_bytes().get(token.start()..token.end()) == Some(word.as_bytes())
        }) || self.read_as_here() == Some(word)
    }

    /// The keyword the current token is read as, if it is the misspelt
    /// first word of a member parsed again as that keyword
    /// ([`Parser::body`]).
    #[inline(always)]
    fn read_as_here(&self) -> Option<&'static str> {
        self.read_as
            .filter(|(at, _)| *at == self.pos)
            .map(|(_, keyword)| keyword)
    }

    /// The text of the next token if it is a word (a name or a keyword),
    /// for a rule that chooses among many keywords: one look at the token
    /// instead of one comparison per keyword tried in turn. The keywords
    /// are not recorded as expected: a member that is none of them fails
    /// with its own description (`fail_member`), which drops them anyway.
    pub(crate) fn word(&self) -> Option<&'t str> {
        if let Some(keyword) = self.read_as_here() {
            return Some(keyword);
        }
        self.peek()
            .filter(|token| is_word(token.kind))
            .map(|token| self.text_of(token))
    }

    /// Steps over the keyword a rule chose by [`word`](Self::word), the
    /// rest of the member read from here on:
    /// `Some("key") => EventMember::Key(parser.past_keyword().path()?)`.
    pub(crate) fn past_keyword(&mut self) -> &mut Self {
        self.pos += 1;
        self
    }

    pub(crate) fn at_any_word(&self) -> bool {
        self.peek().is_some_and(|token| is_word(token.kind))
    }

    pub(crate) fn at(&self, kind: TokenKind) -> bool {
        self.peek_kind() == Some(kind)
    }

    /// `kw_…`: the keyword `word`.
    #[inline]
    pub(crate) fn keyword(&mut self, word: &'static str) -> PResult<Tok> {
        if self.tick() && self.at_word(word) {
            return self.advance().ok_or(super::Fail);
        }
        self.fail(Expected::Keyword(word))
    }

    /// The keyword `word` if it is next.
    #[inline]
    pub(crate) fn eat_keyword(&mut self, word: &'static str) -> Option<Tok> {
        if self.at_word(word) {
            return self.advance();
        }
        self.record(Expected::Keyword(word));
        None
    }

    /// Punctuation of `kind`, written `shown` in messages.
    pub(crate) fn punct(&mut self, kind: TokenKind, shown: &'static str) -> PResult<Tok> {
        if self.tick() && self.at(kind) {
            return self.advance().ok_or(super::Fail);
        }
        self.fail(Expected::Punct(shown))
    }

    pub(crate) fn eat_punct(&mut self, kind: TokenKind, shown: &'static str) -> Option<Tok> {
        if self.at(kind) {
            return self.advance();
        }
        self.record(Expected::Punct(shown));
        None
    }

    /// Whether the token after `index` is glued to it and continues a word
    /// or number: the grammar's `!ident_char` after numbers fails there.
    fn glued_word_after(&self, index: usize) -> bool {
        self.toks.get(index + 1).is_some_and(|next| {
            next.glued
                && matches!(
                    next.kind,
                    TokenKind::Ident | TokenKind::Keyword | TokenKind::Number | TokenKind::Duration
                )
        })
    }

    /// The current token if it is a number token whose digit groups
    /// satisfy `shape` (the count of dots) and that no word char follows.
    fn number_token(&mut self, dots: impl Fn(usize) -> bool) -> Option<Tok> {
        let token = self.peek()?;
        if token.kind != TokenKind::Number || self.glued_word_after(self.pos) {
            return None;
        }
        let text = self.text_of(token);
        dots(text.bytes().filter(|byte| *byte == b'.').count()).then_some(token)
    }

    /// `ident = @{ (ASCII_ALPHA | "_") ~ ident_char* }` (keywords included:
    /// the grammar lets a keyword be a name wherever a name is expected).
    pub(crate) fn ident(&mut self) -> PResult<Ident> {
        if self.tick() && self.at_any_word() {
            if let Some(token) = self.advance() {
                return Ok(self.ident_of(token));
            }
        }
        self.fail(Expected::Name)
    }

    pub(crate) fn ident_of(&self, token: Tok) -> Ident {
        Ident {
            text: Name::new(self.text_of(token)),
            span: self.span(token.start(), token.end()),
        }
    }

    /// `path = ${ ident ~ ("." ~ ident)* }`: no blanks inside.
    pub(crate) fn path(&mut self) -> PResult<Path> {
        let first = self.ident()?;
        // Most paths have one segment: the list is made at the second.
        let mut only = Some(first);
        let mut all = Vec::new();
        while let (Some(dot), Some(next)) = (self.peek_at(0), self.peek_at(1)) {
            if dot.kind == TokenKind::Dot && dot.glued && next.glued && is_word(next.kind) {
                self.pos += 2;
                if let Some(first) = only.take() {
                    // Most paths with a dot have two segments.
                    all.reserve_exact(2);
                    all.push(first);
                }
                all.push(self.ident_of(next));
            } else {
                break;
            }
        }
        Ok(Path::new(match only {
            Some(only) => Segments::one(only),
            None => Segments::from_vec(all),
        }))
    }

    /// `number = @{ ASCII_DIGIT+ ~ ("." ~ ASCII_DIGIT+)? ~ !ident_char }`.
    pub(crate) fn number(&mut self) -> PResult<NumberLit> {
        if self.tick() {
            if let Some(token) = self.number_token(|dots| dots <= 1) {
                self.pos += 1;
                return Ok(self.number_of(token.start(), token.end()));
            }
        }
        self.fail(Expected::Desc(NUMBER))
    }

    pub(crate) fn at_number(&mut self) -> bool {
        self.number_token(|dots| dots <= 1).is_some()
    }

    fn number_of(&self, start: usize, end: usize) -> NumberLit {
        NumberLit {
            text: Name::new(&self.text[start..end]),
            span: self.span(start, end),
        }
    }

    /// `signed_number = @{ "-"? ~ ASCII_DIGIT+ ~ ("." ~ ASCII_DIGIT+)? ~ !ident_char }`.
    pub(crate) fn signed_number(&mut self) -> PResult<NumberLit> {
        let save = self.pos;
        let minus = self.at(TokenKind::Minus);
        if minus {
            self.pos += 1;
            if !self.peek().is_some_and(|token| token.glued) {
                self.pos = save;
                return self.fail(Expected::Desc(BOUNDS));
            }
        }
        match self.number_token(|dots| dots <= 1) {
            Some(token) if self.tick() => {
                self.pos += 1;
                let start = if minus {
                    token.start() - 1
                } else {
                    token.start()
                };
                Ok(self.number_of(start, token.end()))
            }
            _ => {
                self.pos = save;
                self.fail(Expected::Desc(BOUNDS))
            }
        }
    }

    /// `status = @{ ASCII_DIGIT{3} ~ !ident_char }`.
    pub(crate) fn status(&mut self) -> PResult<NumberLit> {
        if self.tick() {
            if let Some(token) = self.number_token(|dots| dots == 0) {
                if token.end() - token.start() == 3 {
                    self.pos += 1;
                    return Ok(self.number_of(token.start(), token.end()));
                }
            }
        }
        self.fail(Expected::Desc(STATUS))
    }

    /// `duration = @{ ASCII_DIGIT+ ~ ("ms" | "s" | "m" | "h" | "d" | "w") ~ !ident_char }`.
    pub(crate) fn duration(&mut self) -> PResult<DurationLit> {
        if self.tick() && self.at(TokenKind::Duration) {
            if let Some(token) = self.advance() {
                return Ok(self.duration_of(token));
            }
        }
        self.fail(Expected::Desc(DURATION))
    }

    pub(crate) fn duration_of(&self, token: Tok) -> DurationLit {
        DurationLit::new(self.text_of(token), self.span(token.start(), token.end()))
    }

    /// `semver = @{ ASCII_DIGIT+ ~ "." ~ ASCII_DIGIT+ ~ "." ~ ASCII_DIGIT+ ~ !ident_char }`.
    pub(crate) fn semver(&mut self) -> PResult<crate::syntax::SemVer> {
        if self.tick() {
            if let Some(token) = self.number_token(|dots| dots == 2) {
                self.pos += 1;
                let mut parts = self
                    .text_of(token)
                    .split('.')
                    .map(|part| part.parse().unwrap_or(u64::MAX));
                let mut next = || parts.next().unwrap_or(0);
                return Ok(crate::syntax::SemVer {
                    major: next(),
                    minor: next(),
                    patch: next(),
                    span: self.span(token.start(), token.end()),
                });
            }
        }
        self.fail(Expected::Desc(SEMVER))
    }

    /// `version_ref = @{ "v" ~ ASCII_DIGIT+ ~ !ident_char }`.
    pub(crate) fn version_ref(&mut self) -> PResult<VersionRef> {
        if let Some(token) = self.peek() {
            let text = self.text_of(token);
            let digits = text.strip_prefix('v').unwrap_or("");
            if self.tick()
                && token.kind == TokenKind::Ident
                && !digits.is_empty()
                && digits.bytes().all(|byte| byte.is_ascii_digit())
            {
                self.pos += 1;
                return Ok(VersionRef {
                    number: digits.parse().unwrap_or(u32::MAX),
                    span: self.span(token.start(), token.end()),
                });
            }
        }
        self.fail(Expected::Desc(VERSION_REF))
    }

    /// `string = ${ "\"" ~ string_text ~ "\"" }` with the grammar's escapes.
    pub(crate) fn string(&mut self) -> PResult<StringLit> {
        if let Some(token) = self.peek() {
            if self.tick() && token.kind == TokenKind::String {
                let raw = &self.text_of(token)[1..token.end() - token.start() - 1];
                if valid_escapes(raw) {
                    self.pos += 1;
                    return Ok(StringLit {
                        value: unescape(raw),
                        span: self.span(token.start(), token.end()),
                    });
                }
            }
        }
        self.fail(Expected::Desc(STRING))
    }

    pub(crate) fn at_string(&self) -> bool {
        self.at(TokenKind::String)
    }

    /// `http_method = @{ ("GET" | "POST" | …) ~ !ident_char }`.
    pub(crate) fn http_method(&mut self) -> PResult<Ident> {
        if let Some(token) = self.peek() {
            if self.tick()
                && token.kind == TokenKind::Ident
                && HTTP_METHODS.contains(&self.text_of(token))
            {
                self.pos += 1;
                return Ok(self.ident_of(token));
            }
        }
        self.fail(Expected::Desc(HTTP_METHOD))
    }
}

/// Whether every escape is one the grammar accepts: `\" \\ \n \t \r \u{h…}`
/// with one to six hex digits.
fn valid_escapes(raw: &str) -> bool {
    let bytes = raw.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] != b'\\' {
            index += 1;
            continue;
        }
        match bytes.get(index + 1) {
            Some(b'"' | b'\\' | b'n' | b't' | b'r') => index += 2,
            Some(b'u') => {
                if bytes.get(index + 2) != Some(&b'{') {
                    return false;
                }
                let digits = bytes[index + 3..]
                    .iter()
                    .take_while(|byte| byte.is_ascii_hexdigit())
                    .count();
                if !(1..=6).contains(&digits) || bytes.get(index + 3 + digits) != Some(&b'}') {
                    return false;
                }
                index += 4 + digits;
            }
            _ => return false,
        }
    }
    true
}

/// Decodes the escapes the grammar accepts: `\" \\ \n \t \r \u{...}`.
pub(crate) fn unescape(raw: &str) -> SmolStr {
    if !raw.contains('\\') {
        return SmolStr::new(raw);
    }
    let mut value = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            value.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => value.push('\n'),
            Some('t') => value.push('\t'),
            Some('r') => value.push('\r'),
            Some('u') => {
                let hex: String = chars.by_ref().skip(1).take_while(|c| *c != '}').collect();
                value.push(
                    u32::from_str_radix(&hex, 16)
                        .ok()
                        .and_then(char::from_u32)
                        .unwrap_or('\u{fffd}'),
                );
            }
            Some(other) => value.push(other),
            None => {}
        }
    }
    value.into()
}

#[cfg(test)]
mod tests {
    use super::valid_escapes;

    #[test]
    fn escapes_the_grammar_accepts_and_those_it_refuses() {
        for raw in [
            "",
            "plain text",
            r#"a \"quoted\" word"#,
            r"back\\slash, \n, \t and \r",
            r"\u{1} \u{41} \u{1F600} \u{10FFFF}",
            r"\\\\",
        ] {
            assert!(valid_escapes(raw), "{raw}");
        }
        for raw in [
            r"\x41",
            r"trailing \",
            r"\u41",
            r"\u{}",
            r"\u{1234567}",
            r"\u{12",
            r"ok \n then \q",
            r"\u{zz}",
        ] {
            assert!(!valid_escapes(raw), "{raw}");
        }
    }
}
