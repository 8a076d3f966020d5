//! Builds expressions, with operator precedence from [`BinaryOp::precedence`].

use super::build::{Builder, P};
use super::Rule;
use crate::syntax::*;

use crate::parser::expr::{climb, too_long, Piece as Token, MAX_OPERATORS};

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
            self.errors.push(too_long(span));
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
    pub(crate) fn named_exprs(&mut self, pair: P) -> Option<ThinVec<NamedExpr>> {
        let mut named = ThinVec::new();
        for entry in pair.into_inner() {
            let mut parts = entry.into_inner();
            let name = self.ident(parts.next()?);
            let value = self.expr(parts.next()?)?;
            named.push(NamedExpr { name, value });
        }
        Some(named)
    }
}
