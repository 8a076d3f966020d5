//! Builds expressions, with operator precedence from [`BinaryOp::precedence`].

use super::build::{Builder, P};
use super::Rule;
use crate::syntax::*;
use weft_base::span::Span;

/// More infix operators than this in one expression are refused: the tree is
/// recursive, and no real condition comes near it.
const MAX_OPERATORS: usize = 256;

enum Token {
    Prefix(UnaryOp, Span),
    Operand(Expr),
    Infix(BinaryOp),
}

/// `not` binds looser than comparisons (`not a == b` is `not (a == b)`, as in
/// Python and SQL); `-` binds tighter than everything.
const NOT_PRECEDENCE: u8 = 3;
const NEGATE_PRECEDENCE: u8 = 8;

impl Builder<'_> {
    pub(crate) fn expr(&mut self, pair: P) -> Option<Expr> {
        let span = self.span(&pair);
        let mut tokens = Vec::new();
        for part in pair.into_inner() {
            tokens.push(match part.as_rule() {
                Rule::op_not => Token::Prefix(UnaryOp::Not, self.span(&part)),
                Rule::op_negate => Token::Prefix(UnaryOp::Negate, self.span(&part)),
                Rule::op_or => Token::Infix(BinaryOp::Or),
                Rule::op_and => Token::Infix(BinaryOp::And),
                Rule::op_eq => Token::Infix(BinaryOp::Eq),
                Rule::op_not_eq => Token::Infix(BinaryOp::NotEq),
                Rule::op_less => Token::Infix(BinaryOp::Less),
                Rule::op_less_eq => Token::Infix(BinaryOp::LessEq),
                Rule::op_greater => Token::Infix(BinaryOp::Greater),
                Rule::op_greater_eq => Token::Infix(BinaryOp::GreaterEq),
                Rule::op_coalesce => Token::Infix(BinaryOp::Coalesce),
                Rule::op_add => Token::Infix(BinaryOp::Add),
                Rule::op_sub => Token::Infix(BinaryOp::Sub),
                Rule::op_mul => Token::Infix(BinaryOp::Mul),
                Rule::op_div => Token::Infix(BinaryOp::Div),
                _ => Token::Operand(self.primary(part)?),
            });
        }
        let operators = tokens
            .iter()
            .filter(|token| !matches!(token, Token::Operand(_)))
            .count();
        if operators > MAX_OPERATORS {
            self.too_long_expression(span, MAX_OPERATORS);
            return Some(Expr {
                kind: ExprKind::Null,
                span,
            });
        }
        let mut tokens = tokens.into_iter().peekable();
        Some(climb(&mut tokens, 0).unwrap_or(Expr {
            kind: ExprKind::Null,
            span,
        }))
    }

    fn primary(&mut self, pair: P) -> Option<Expr> {
        let span = self.span(&pair);
        let kind = match pair.as_rule() {
            Rule::string => ExprKind::String(self.string(pair)),
            Rule::number => ExprKind::Number(self.number(pair)),
            Rule::duration => ExprKind::Duration(self.duration(pair)),
            Rule::lit_true => ExprKind::Bool(true),
            Rule::lit_false => ExprKind::Bool(false),
            Rule::lit_null => ExprKind::Null,
            Rule::path => ExprKind::Path(self.path(pair)),
            Rule::record_lit => ExprKind::Record(self.named_exprs(pair)?),
            Rule::list_lit => ExprKind::List(
                pair.into_inner()
                    .map(|item| self.expr(item))
                    .collect::<Option<_>>()?,
            ),
            Rule::group => ExprKind::Group(Box::new(self.expr(pair.into_inner().next()?)?)),
            _ => return None,
        };
        Some(Expr { kind, span })
    }

    /// `name: value` pairs of a record literal or an argument list.
    pub(crate) fn named_exprs(&mut self, pair: P) -> Option<Vec<NamedExpr>> {
        let mut named = Vec::new();
        for entry in pair.into_inner() {
            let span = self.span(&entry);
            let mut parts = entry.into_inner();
            let name = self.ident(parts.next()?);
            let value = self.expr(parts.next()?)?;
            named.push(NamedExpr { name, value, span });
        }
        Some(named)
    }
}

/// Precedence climbing over the flat token list the grammar produces. Its
/// recursion is bounded by the number of operators, which is capped.
fn climb(
    tokens: &mut std::iter::Peekable<std::vec::IntoIter<Token>>,
    min_precedence: u8,
) -> Option<Expr> {
    let mut left = match tokens.next()? {
        Token::Operand(expr) => expr,
        Token::Prefix(op, span) => {
            let precedence = if op == UnaryOp::Not {
                NOT_PRECEDENCE
            } else {
                NEGATE_PRECEDENCE
            };
            let operand = climb(tokens, precedence)?;
            let span = span.to(operand.span);
            Expr {
                kind: ExprKind::Unary(op, Box::new(operand)),
                span,
            }
        }
        Token::Infix(_) => return None,
    };
    while let Some(Token::Infix(op)) = tokens.peek() {
        let op = *op;
        if op.precedence() < min_precedence {
            break;
        }
        tokens.next();
        let right = climb(tokens, op.precedence() + 1)?;
        let span = left.span.to(right.span);
        left = Expr {
            kind: ExprKind::Binary(op, Box::new(left), Box::new(right)),
            span,
        };
    }
    Some(left)
}
