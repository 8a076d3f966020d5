//! Turns the parser's furthest failure into a diagnostic in words a user
//! knows, with the same vocabulary and special cases as the oracle's
//! messages (`crate::parse::errors`, whose helpers it shares).

use super::cursor::{is_word, Tok};
use super::expr::TYPE;
use super::workflow::STEP;
use super::{Expected, Parser};
use crate::lexer::TokenKind;
use crate::parse::errors;
use crate::syntax::DeclKind;
use weft_base::codes;
use weft_base::span::Span;
use weft_base::{Diagnostic, Fix};

impl Parser<'_> {
    /// The diagnostic for the furthest failure. `member` names the body
    /// member being parsed ("a field"), `kind` the declaration when the
    /// failure is in its header or after its end; `start` is the token
    /// index where that member (or the declaration) starts.
    pub(crate) fn diagnostic(
        &mut self,
        member: Option<&str>,
        kind: Option<DeclKind>,
        start: usize,
    ) -> Diagnostic {
        let chunk_text = &self.text[self.chunk_start..self.chunk_end];
        let base = self.base + self.chunk_start;
        let at = self.fail_at.unwrap_or(self.pos);
        // A member held to its first line failed at that line's end.
        let cut = self.line_cut.filter(|&line| at >= line);
        let (token, offset) = match cut {
            Some(line) => (None, self.line_end_before(line) - self.chunk_start),
            None => {
                let token = self.toks.get(at).copied();
                let offset =
                    token.map_or(chunk_text.len(), |token| token.start() - self.chunk_start);
                (token, offset)
            }
        };
        let char_len = chunk_text
            .get(offset..)
            .and_then(|rest| rest.chars().next())
            .map_or(0, |c| if c == '\n' { 0 } else { c.len_utf8() });
        let span = Span::new(self.file, base + offset, base + offset + char_len);
        if self.exhausted {
            return Diagnostic::error(
                codes::TOO_COMPLEX,
                "this declaration is too large or complex to parse",
                span,
                "the parser gave up here",
            )
            .with_help("split it into smaller declarations");
        }
        // A member that fails at the first token of a later line than its
        // own misses something at the end of the line before: the message
        // points there (`owner` with no name, `qty: int32 range` with no
        // bounds), not at the next line, which is fine. Unless nothing more
        // was expected: then the next line's text is what does not belong.
        let line_ended = token.is_some_and(|next| {
            next.line_start && at > start && !self.expected.contains(&Expected::End)
        });
        if let Some(doc) = token.filter(|token| token.kind == TokenKind::DocComment && !line_ended)
        {
            return errors::stray_attributes(self.span(doc.start(), doc.end()));
        }
        if member.is_none() {
            if let Some(diagnostic) = errors::unknown_keyword(self.file, base, chunk_text, offset) {
                return diagnostic;
            }
        }
        if let Some(diagnostic) = errors::unterminated_string(self.file, base, chunk_text, offset) {
            return diagnostic;
        }
        if token.is_none() && cut.is_none() && errors::last_unclosed_brace(chunk_text).is_some() {
            self.unclosed_reported = true;
            return errors::unclosed(self.file, base, chunk_text, span);
        }
        if let Some(diagnostic) = errors::indented_declaration(self.file, base, chunk_text, offset)
        {
            return diagnostic;
        }
        let (offset, span, token) = if line_ended {
            let end = self.line_end_before(at);
            (end - self.chunk_start, self.span(end, end), None)
        } else {
            (offset, span, token)
        };
        let mut distinct: Vec<Expected> = Vec::with_capacity(self.expected.len());
        for expected in &self.expected {
            if !distinct.contains(expected) {
                distinct.push(*expected);
            }
        }
        let expected: Vec<String> = distinct
            .iter()
            .map(|expected| match expected {
                Expected::Name => errors::name_in_context(chunk_text, offset).to_string(),
                Expected::Desc(text) => (*text).to_string(),
                Expected::Punct(text) | Expected::Keyword(text) => format!("`{text}`"),
                Expected::End => "the end of the declaration".to_string(),
            })
            .collect();
        let help = self.help();
        let found = match token {
            Some(token)
                if matches!(
                    token.kind,
                    TokenKind::Number | TokenKind::Duration | TokenKind::String
                ) && token.end() - token.start() <= 40 =>
            {
                format!("`{}`", self.text_of(token))
            }
            _ => errors::found_at(chunk_text, offset),
        };
        let what = kind
            .map(|kind| format!(" in this `{}` declaration", kind.keyword()))
            .unwrap_or_default();
        // "this is not a policy rule: expected a policy rule, found ..."
        // says the same twice: the prefix only when more was expected.
        let only_the_member = matches!(expected.as_slice(), [one] if Some(one.as_str()) == member);
        let expected = errors::one_of(expected);
        let message = format!("expected {expected}, found {found}{what}");
        let message = match member {
            Some(member) if !only_the_member => format!("this is not {member}: {message}"),
            _ => message,
        };
        let diagnostic = Diagnostic::error(
            codes::UNEXPECTED,
            message,
            span,
            format!("expected {expected}"),
        );
        match token.and_then(|token| self.keyword_misspelt(&distinct, token)) {
            // `trigger evnt …`, `auth noe`: the keyword meant, as help and
            // as a quick fix, at the whole word.
            Some((keyword, word)) => {
                let mut diagnostic = diagnostic
                    .with_help(format!("did you mean `{keyword}`?"))
                    .with_fix(Fix::replace(word, keyword));
                diagnostic.primary.span = word;
                diagnostic
            }
            None => diagnostic.with_help(help),
        }
    }

    /// The keyword among those `expected` that the word `token` misspells
    /// (at least three letters, close to it by the shared did-you-mean
    /// rule), with the word's span.
    fn keyword_misspelt(&self, expected: &[Expected], token: Tok) -> Option<(&'static str, Span)> {
        let word = self.text_of(token);
        if !is_word(token.kind) || word.len() < 3 {
            return None;
        }
        let keywords = expected.iter().filter_map(|expected| match expected {
            Expected::Keyword(keyword) => Some(*keyword),
            _ => None,
        });
        let keyword = weft_base::suggest::suggest(word, keywords)?;
        Some((keyword, self.span(token.start(), token.end())))
    }

    /// Offset of the line end before the token at index `line` (the first
    /// of its line): after the last token of the line before, and any
    /// blanks and comment after it.
    fn line_end_before(&self, line: usize) -> usize {
        let after = line
            .checked_sub(1)
            .and_then(|index| self.toks.get(index))
            .map_or(self.chunk_start, |token| token.end());
        let rest = self.text.get(after..self.chunk_end).unwrap_or("");
        let line_end = memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len());
        // A carriage return before the line feed ends the line too.
        after + rest[..line_end].trim_end_matches('\r').len()
    }

    fn help(&self) -> &'static str {
        if self.expected.contains(&Expected::Desc(TYPE)) {
            return "a field is written `name: Type`, for example `quantity: Quantity` or `note: string?`";
        }
        if self.expected.contains(&Expected::Desc(STEP)) {
            return "steps are `call`, `emit`, `wait`, `choice`, `parallel`, `for each`, `compensate`, `fail` and `succeed`; see docs/language.md";
        }
        if self.expected.contains(&Expected::End) {
            return "the declaration is complete here: remove the extra text, or start a new declaration at the beginning of a line";
        }
        "see docs/language.md for the syntax of this declaration"
    }
}
