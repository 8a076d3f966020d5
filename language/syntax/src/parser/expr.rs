//! Expressions, types and constraints. Operator precedence is decided by
//! [`climb`] over the flat list of operands and operators the grammar's
//! `expr` rule reads; the pest oracle's tree builder uses the same function.

use super::cursor::{BOUNDS, DURATION};
use super::{exact, smallvec, Expected, Fail, PResult, Parser, SmallVec};
use crate::lexer::TokenKind;
use crate::syntax::*;
use weft_base::codes;
use weft_base::span::Span;
use weft_base::Diagnostic;

/// More operators than this in one expression are refused: the tree is
/// recursive, and no real condition comes near it.
pub(crate) const MAX_OPERATORS: usize = 256;

/// `not` binds looser than comparisons (`not a == b` is `not (a == b)`, as in
/// Python and SQL); `-` binds tighter than everything.
const NOT_PRECEDENCE: u8 = 3;
const NEGATE_PRECEDENCE: u8 = 8;

pub(crate) const VALUE: &str = "a value or expression";
pub(crate) const TYPE: &str = "a field type such as `string` or `Money`";

/// One element of the flat form of an expression.
pub(crate) enum Piece {
    Prefix(UnaryOp, Span),
    Operand(Expr),
    Infix(BinaryOp),
}

/// Precedence climbing over the flat list. Its recursion is bounded by the
/// number of operators, which the callers cap at [`MAX_OPERATORS`].
pub(crate) fn climb(
    pieces: &mut std::iter::Peekable<std::vec::IntoIter<Piece>>,
    min_precedence: u8,
) -> Option<Expr> {
    let mut left = match pieces.next()? {
        Piece::Operand(expr) => expr,
        Piece::Prefix(op, span) => {
            let precedence = if op == UnaryOp::Not {
                NOT_PRECEDENCE
            } else {
                NEGATE_PRECEDENCE
            };
            let operand = climb(pieces, precedence)?;
            let span = span.to(operand.span);
            Expr {
                kind: ExprKind::Unary(op, Box::new(operand)),
                span,
            }
        }
        Piece::Infix(_) => return None,
    };
    while let Some(Piece::Infix(op)) = pieces.peek() {
        let op = *op;
        if op.precedence() < min_precedence {
            break;
        }
        pieces.next();
        let right = climb(pieces, op.precedence() + 1)?;
        let span = left.span.to(right.span);
        left = Expr {
            kind: ExprKind::Binary(op, Box::new(left), Box::new(right)),
            span,
        };
    }
    Some(left)
}

/// The diagnostic for an expression with too many operators.
pub(crate) fn too_long(span: Span) -> Diagnostic {
    Diagnostic::error(
        codes::EXPRESSION_TOO_LONG,
        format!("this expression has more than {MAX_OPERATORS} operators"),
        span,
        "too long",
    )
    .with_help("split the computation over several steps")
}

/// A `name: value` entry of a record literal, in messages.
const RECORD_FIELD: &str = "a field of the record such as `name: value`";

impl Parser<'_> {
    /// `expr = { prefix_op* ~ primary ~ (infix_op ~ prefix_op* ~ primary)* }`
    pub(crate) fn expr(&mut self) -> PResult<Expr> {
        self.enter()?;
        let result = self.expr_inner();
        self.leave();
        result
    }

    fn expr_inner(&mut self) -> PResult<Expr> {
        let start = self.here();
        let mut pieces = Vec::new();
        let mut operators = self.prefixes(&mut pieces);
        let first = self.primary()?;
        // Most expressions are one operand: no list to build then.
        if operators == 0 && !self.at_infix_op() {
            return Ok(first);
        }
        pieces.push(Piece::Operand(first));
        loop {
            // An operator without an operand after it is not part of the
            // expression (the grammar's repetition gives it back).
            let save = (self.pos, pieces.len(), operators, self.errors.len());
            let Some(op) = self.infix_op() else { break };
            pieces.push(Piece::Infix(op));
            operators += 1 + self.prefixes(&mut pieces);
            match self.primary() {
                Ok(operand) => pieces.push(Piece::Operand(operand)),
                Err(Fail) => {
                    self.pos = save.0;
                    pieces.truncate(save.1);
                    operators = save.2;
                    self.errors.truncate(save.3);
                    break;
                }
            }
        }
        let span = self.span(start, self.last_end());
        if operators > MAX_OPERATORS {
            self.errors.push(too_long(span));
            return Ok(Expr {
                kind: ExprKind::Null,
                span,
            });
        }
        let mut pieces = pieces.into_iter().peekable();
        Ok(climb(&mut pieces, 0).unwrap_or(Expr {
            kind: ExprKind::Null,
            span,
        }))
    }

    /// `prefix_op*`: `not` and `-`; returns how many.
    fn prefixes(&mut self, pieces: &mut Vec<Piece>) -> usize {
        let mut count = 0;
        while let Some(token) = self.peek() {
            let op = match token.kind {
                TokenKind::Minus => UnaryOp::Negate,
                TokenKind::Ident if self.text_of(token) == "not" => UnaryOp::Not,
                _ => break,
            };
            self.pos += 1;
            pieces.push(Piece::Prefix(op, self.span(token.start(), token.end())));
            count += 1;
        }
        count
    }

    pub(crate) fn at_infix_op(&mut self) -> bool {
        let save = self.pos;
        let found = self.infix_op().is_some();
        self.pos = save;
        found
    }

    /// `infix_op = _{ op_or | op_and | op_eq | … | op_coalesce | … | op_div }`
    pub(crate) fn infix_op(&mut self) -> Option<BinaryOp> {
        let token = self.peek()?;
        let op = match token.kind {
            TokenKind::Ident | TokenKind::Keyword => match self.text_of(token) {
                "or" => BinaryOp::Or,
                "and" => BinaryOp::And,
                _ => return None,
            },
            TokenKind::EqualEqual => BinaryOp::Eq,
            TokenKind::NotEqual => BinaryOp::NotEq,
            TokenKind::LessEqual => BinaryOp::LessEq,
            TokenKind::Less => BinaryOp::Less,
            // `op_greater_eq = { ">=" }` before `op_greater`: the splitter
            // gives `>=` as a `>` and a glued `=` (see `lex_significant`).
            TokenKind::Greater => match self.peek_at(1) {
                Some(next) if next.kind == TokenKind::Equal && next.glued => {
                    self.pos += 2;
                    return Some(BinaryOp::GreaterEq);
                }
                _ => BinaryOp::Greater,
            },
            TokenKind::Plus => BinaryOp::Add,
            TokenKind::Minus => BinaryOp::Sub,
            TokenKind::Star => BinaryOp::Mul,
            TokenKind::Slash => BinaryOp::Div,
            // `op_coalesce = { "??" }`: two glued question marks.
            TokenKind::Question => match self.peek_at(1) {
                Some(next) if next.kind == TokenKind::Question && next.glued => {
                    self.pos += 2;
                    return Some(BinaryOp::Coalesce);
                }
                _ => return None,
            },
            _ => return None,
        };
        self.pos += 1;
        Some(op)
    }

    /// `primary = _{ string | duration | number | lit_true | lit_false |
    /// lit_null | record_lit | list_lit | group | path }`
    fn primary(&mut self) -> PResult<Expr> {
        let Some(token) = self.peek() else {
            return self.fail(Expected::Desc(VALUE));
        };
        if !self.tick() {
            return Err(Fail);
        }
        let start = token.start();
        let kind = match token.kind {
            TokenKind::String => ExprKind::String(self.string()?),
            TokenKind::Duration => ExprKind::Duration(self.duration()?),
            TokenKind::Number => ExprKind::Number(self.number()?),
            TokenKind::Ident | TokenKind::Keyword => match self.text_of(token) {
                "true" => {
                    self.pos += 1;
                    ExprKind::Bool(true)
                }
                "false" => {
                    self.pos += 1;
                    ExprKind::Bool(false)
                }
                "null" => {
                    self.pos += 1;
                    ExprKind::Null
                }
                _ => ExprKind::Path(self.path()?),
            },
            TokenKind::LeftBrace => ExprKind::Record(self.record_lit()?),
            TokenKind::LeftBracket => ExprKind::List(self.list_lit()?),
            TokenKind::LeftParen => {
                // group = { "(" ~ expr ~ ")" }
                self.pos += 1;
                let inner = self.expr()?;
                self.punct(TokenKind::RightParen, ")")?;
                ExprKind::Group(Box::new(inner))
            }
            _ => return self.fail(Expected::Desc(VALUE)),
        };
        Ok(Expr {
            kind,
            span: self.span(start, self.last_end()),
        })
    }

    /// `record_lit = { "{" ~ (named_expr ~ ("," ~ named_expr)* ~ ","?)? ~ "}" }`
    fn record_lit(&mut self) -> PResult<ThinVec<NamedExpr>> {
        self.punct(TokenKind::LeftBrace, "{")?;
        self.named_list(TokenKind::RightBrace, "}")
    }

    /// The inside of `(named_expr ~ ("," ~ named_expr)* ~ ","?)? ~ close`.
    /// An entry left unfinished at the end of its line (`number:`), which
    /// took the next line's first word as its value, is reported there and
    /// the next line is read as an entry ([`Parser::unfinished_entry`]).
    pub(crate) fn named_list(
        &mut self,
        close: TokenKind,
        shown: &'static str,
    ) -> PResult<ThinVec<NamedExpr>> {
        let mut entries = SmallVec::<[_; 4]>::new();
        if self.eat_punct(close, shown).is_some() {
            return Ok(exact(&mut entries));
        }
        loop {
            let start = self.pos;
            let entry = self.named_expr()?;
            if self.unfinished_entry(start, close, RECORD_FIELD) {
                continue;
            }
            entries.push(entry);
            if self.eat_punct(TokenKind::Comma, ",").is_some() {
                if self.eat_punct(close, shown).is_some() {
                    return Ok(exact(&mut entries));
                }
                continue;
            }
            self.punct(close, shown)?;
            return Ok(exact(&mut entries));
        }
    }

    /// Whether the `name: value` entry at token `start` of a list closed by
    /// `close`, which parsed but is followed by neither `,` nor `close`,
    /// ran onto the next line and fails on its own line alone (`number:`
    /// took the next line's first word as its value). Then it is reported
    /// at the end of its line as `what`, and the parser stands at the next
    /// line's first token, where the list goes on.
    pub(crate) fn unfinished_entry(&mut self, start: usize, close: TokenKind, what: &str) -> bool {
        if self.at(TokenKind::Comma) || self.at(close) {
            return false;
        }
        let Some(line) = self.line_break_within(start, self.pos) else {
            return false;
        };
        let after = self.pos;
        self.pos = start;
        self.fail_at = None;
        self.expected.clear();
        // Complete on its own line, up to its end (an operator left at the
        // end, as in `a ??`, is given back by the expression and leaves
        // the entry unfinished): the text after it is what is wrong.
        if self.on_first_line(line, Self::named_expr).is_ok() && self.pos == line {
            self.pos = after;
            return false;
        }
        self.report(what, start);
        self.note_unparsed_entry(start);
        self.pos = line;
        true
    }

    /// `named_expr = { ident ~ ":" ~ expr }`
    pub(crate) fn named_expr(&mut self) -> PResult<NamedExpr> {
        let name = self.ident()?;
        self.punct(TokenKind::Colon, ":")?;
        let value = self.expr()?;
        Ok(NamedExpr { name, value })
    }

    /// `list_lit = { "[" ~ (expr ~ ("," ~ expr)* ~ ","?)? ~ "]" }`
    fn list_lit(&mut self) -> PResult<ThinVec<Expr>> {
        self.punct(TokenKind::LeftBracket, "[")?;
        let mut items = SmallVec::<[_; 4]>::new();
        if self.eat_punct(TokenKind::RightBracket, "]").is_some() {
            return Ok(exact(&mut items));
        }
        loop {
            items.push(self.expr()?);
            if self.eat_punct(TokenKind::Comma, ",").is_some() {
                if self.eat_punct(TokenKind::RightBracket, "]").is_some() {
                    return Ok(exact(&mut items));
                }
                continue;
            }
            self.punct(TokenKind::RightBracket, "]")?;
            return Ok(exact(&mut items));
        }
    }

    /// `type_expr = { path ~ type_args? ~ type_params? ~ optional? }`
    pub(crate) fn type_expr(&mut self) -> PResult<TypeExpr> {
        self.enter()?;
        let result = self.type_expr_inner();
        self.leave();
        result
    }

    fn type_expr_inner(&mut self) -> PResult<TypeExpr> {
        if !self.at_any_word() {
            return self.fail(Expected::Desc(TYPE));
        }
        let start_offset = self.here();
        let name = self.path()?;
        let args = if self.at(TokenKind::LeftParen) {
            self.type_args()?
        } else {
            ThinVec::new()
        };
        let params = if self.at(TokenKind::Less) {
            self.type_params()?
        } else {
            ThinVec::new()
        };
        let optional = self.eat_punct(TokenKind::Question, "?").is_some();
        let span = self.span(start_offset, self.last_end());
        Ok(TypeExpr::new(name, args, params, optional, span))
    }

    /// `type_args = { "(" ~ type_arg ~ ("," ~ type_arg)* ~ ")" }`, with
    /// `type_arg = _{ number | ident }`. A broken argument is reported and
    /// skipped up to the next `,` or `)`; with neither before the body's
    /// end the list fails as a whole.
    fn type_args(&mut self) -> PResult<ThinVec<TypeArg>> {
        self.punct(TokenKind::LeftParen, "(")?;
        let mut args = SmallVec::<[_; 4]>::new();
        loop {
            let start = self.pos;
            let arg = if self.at_number() {
                self.number().map(TypeArg::Number)
            } else if self.at_any_word() {
                self.ident().map(TypeArg::Name)
            } else {
                self.fail(Expected::Desc("a number or a name, such as `18` or `ms`"))
            };
            match arg {
                Ok(arg) => args.push(arg),
                Err(Fail) if args.is_empty() => return Err(Fail),
                Err(Fail) => {
                    let (failed_at, lost) = (self.pos, self.lost);
                    self.skip_to_any(&[TokenKind::Comma, TokenKind::RightParen]);
                    if !matches!(
                        self.peek_kind(),
                        Some(TokenKind::Comma | TokenKind::RightParen)
                    ) {
                        // No `,` or `)` follows: the list is left
                        // unfinished (`decimal(18,` at the end of a line),
                        // which the member it is in reports, once.
                        self.pos = failed_at;
                        self.lost = lost;
                        return Err(Fail);
                    }
                    self.report("a type argument", start);
                }
            }
            if self.eat_punct(TokenKind::Comma, ",").is_some() {
                continue;
            }
            self.punct(TokenKind::RightParen, ")")?;
            return Ok(exact(&mut args));
        }
    }

    /// `type_params = { "<" ~ type_expr ~ ("," ~ type_expr)* ~ ">" }`
    fn type_params(&mut self) -> PResult<ThinVec<TypeExpr>> {
        self.punct(TokenKind::Less, "<")?;
        let mut params: SmallVec<[_; 2]> = smallvec![self.type_expr()?];
        while self.eat_punct(TokenKind::Comma, ",").is_some() {
            params.push(self.type_expr()?);
        }
        self.punct(TokenKind::Greater, ">")?;
        Ok(exact(&mut params))
    }

    /// `constraint*`, with `constraint = _{ pattern_constraint |
    /// length_constraint | range_constraint }`.
    pub(crate) fn constraints(&mut self) -> PResult<ThinVec<Constraint>> {
        let mut constraints = SmallVec::<[_; 2]>::new();
        while let Some(token) = self.peek() {
            let start = token.start();
            // `length:` is the next field, named `length` (`ok: bool
            // length: int32`): no constraint goes on with a `:`, so the
            // grammar's `constraint*` gives the word back.
            let names_a_field = self
                .peek_at(1)
                .is_some_and(|next| next.kind == TokenKind::Colon);
            let kind = if names_a_field {
                self.record(Expected::Desc(
                    "a constraint (`pattern`, `length` or `range`)",
                ));
                break;
            } else if self.at_word("pattern") {
                // pattern_constraint = { kw_pattern ~ string }
                self.pos += 1;
                ConstraintKind::Pattern(self.string()?)
            } else if self.at_word("length") {
                // length_constraint = { kw_length ~ bounds }
                self.pos += 1;
                ConstraintKind::Length(self.bounds()?)
            } else if self.at_word("range") {
                // range_constraint = { kw_range ~ bounds }
                self.pos += 1;
                ConstraintKind::Range(self.bounds()?)
            } else {
                self.record(Expected::Desc(
                    "a constraint (`pattern`, `length` or `range`)",
                ));
                break;
            };
            constraints.push(Constraint {
                kind,
                span: self.span(start, self.last_end()),
            });
        }
        Ok(exact(&mut constraints))
    }

    /// `bounds = { bound_min? ~ ".." ~ bound_max? | bound_exact }`
    fn bounds(&mut self) -> PResult<Bounds> {
        let start = self.here();
        let save = self.pos;
        let min = self.signed_number().ok();
        if self.eat_punct(TokenKind::DotDot, "..").is_some() {
            let max = if self.at(TokenKind::Minus) || self.at(TokenKind::Number) {
                let before = self.pos;
                match self.signed_number() {
                    Ok(max) => Some(max),
                    Err(Fail) => {
                        self.pos = before;
                        None
                    }
                }
            } else {
                self.record(Expected::Desc(BOUNDS));
                None
            };
            return Ok(Bounds {
                min,
                max,
                exact: false,
                span: self.span(start, self.last_end()),
            });
        }
        self.pos = save;
        let exact = self.signed_number()?;
        Ok(Bounds {
            min: Some(exact.clone()),
            max: Some(exact),
            exact: true,
            span: self.span(start, self.last_end()),
        })
    }

    /// Skips tokens up to (not past) the first of `stops` outside brackets,
    /// or a `}` that closes an enclosing body.
    pub(crate) fn skip_to_any(&mut self, stops: &[TokenKind]) {
        let from = self.pos;
        let mut depth = 0usize;
        while let Some(token) = self.peek() {
            match token.kind {
                kind if depth == 0 && stops.contains(&kind) => break,
                TokenKind::LeftBrace | TokenKind::LeftParen | TokenKind::LeftBracket => depth += 1,
                TokenKind::RightBrace if depth == 0 => break,
                TokenKind::RightBrace | TokenKind::RightParen | TokenKind::RightBracket => {
                    depth = depth.saturating_sub(1)
                }
                _ => {}
            }
            self.pos += 1;
        }
        self.lost += self.pos - from;
    }

    /// A duration or fails (for rules that read one).
    pub(crate) fn duration_value(&mut self) -> PResult<DurationLit> {
        if !self.at(TokenKind::Duration) {
            return self.fail(Expected::Desc(DURATION));
        }
        self.duration()
    }
}
