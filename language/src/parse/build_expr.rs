//! Builds expressions, with operator precedence from [`BinaryOp::precedence`].

use super::build::{Builder, P};
use super::Rule;
use crate::syntax::*;

/// More infix operators than this in one expression are refused: the tree is
/// recursive, and no real condition comes near it.
const MAX_OPERATORS: usize = 256;

enum Token<'i> {
    Prefix(UnaryOp, P<'i>),
    Operand(Expr),
    Infix(BinaryOp),
}

impl Builder {
    pub(crate) fn expr(&mut self, pair: P) -> Option<Expr> {
        let span = self.span(&pair);
        let mut operands: Vec<(Vec<(UnaryOp, P)>, Expr)> = Vec::new();
        let mut operators: Vec<BinaryOp> = Vec::new();
        let mut prefixes = Vec::new();
        for part in pair.into_inner() {
            let token = match part.as_rule() {
                Rule::op_not => Token::Prefix(UnaryOp::Not, part),
                Rule::op_negate => Token::Prefix(UnaryOp::Negate, part),
                Rule::op_or => Token::Infix(BinaryOp::Or),
                Rule::op_and => Token::Infix(BinaryOp::And),
                Rule::op_eq => Token::Infix(BinaryOp::Eq),
                Rule::op_not_eq => Token::Infix(BinaryOp::NotEq),
                Rule::op_less => Token::Infix(BinaryOp::Less),
                Rule::op_less_eq => Token::Infix(BinaryOp::LessEq),
                Rule::op_greater => Token::Infix(BinaryOp::Greater),
                Rule::op_greater_eq => Token::Infix(BinaryOp::GreaterEq),
                Rule::op_add => Token::Infix(BinaryOp::Add),
                Rule::op_sub => Token::Infix(BinaryOp::Sub),
                Rule::op_mul => Token::Infix(BinaryOp::Mul),
                Rule::op_div => Token::Infix(BinaryOp::Div),
                _ => Token::Operand(self.primary(part)?),
            };
            match token {
                Token::Prefix(op, pair) => prefixes.push((op, pair)),
                Token::Operand(expr) => operands.push((std::mem::take(&mut prefixes), expr)),
                Token::Infix(op) => operators.push(op),
            }
        }
        if operators.len() > MAX_OPERATORS {
            self.too_long_expression(span, MAX_OPERATORS);
            return Some(Expr { kind: ExprKind::Null, span });
        }
        let operands: Vec<Expr> = operands
            .into_iter()
            .map(|(prefixes, operand)| {
                prefixes.into_iter().rev().fold(operand, |inner, (op, pair)| {
                    let span = self.span(&pair).to(inner.span);
                    Expr { kind: ExprKind::Unary(op, Box::new(inner)), span }
                })
            })
            .collect();
        Some(combine(operands, operators))
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
            Rule::list_lit => ExprKind::List(pair.into_inner().map(|item| self.expr(item)).collect::<Option<_>>()?),
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

/// Folds operands and left-associative operators by precedence (shunting-yard).
fn combine(operands: Vec<Expr>, operators: Vec<BinaryOp>) -> Expr {
    let mut output: Vec<Expr> = Vec::new();
    let mut pending: Vec<BinaryOp> = Vec::new();
    let mut operands = operands.into_iter();
    if let Some(first) = operands.next() {
        output.push(first);
    }
    for (op, operand) in operators.into_iter().zip(operands) {
        while pending.last().is_some_and(|top| top.precedence() >= op.precedence()) {
            reduce(&mut output, &mut pending);
        }
        pending.push(op);
        output.push(operand);
    }
    while !pending.is_empty() {
        reduce(&mut output, &mut pending);
    }
    output.pop().unwrap_or(Expr { kind: ExprKind::Null, span: Default::default() })
}

fn reduce(output: &mut Vec<Expr>, pending: &mut Vec<BinaryOp>) {
    let (Some(op), Some(right), Some(left)) = (pending.pop(), output.pop(), output.pop()) else {
        return;
    };
    let span = left.span.to(right.span);
    output.push(Expr { kind: ExprKind::Binary(op, Box::new(left), Box::new(right)), span });
}
