//! Expressions: defaults, annotation arguments, workflow conditions, call
//! arguments and test payloads all use this one small expression language.

use super::{DurationLit, Ident, NumberLit, Path, StringLit};
use std::fmt;
use thin_vec::ThinVec;
use weft_base::span::Span;

/// An expression with its span.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    /// What kind of expression.
    pub kind: ExprKind,
    /// The whole expression.
    pub span: Span,
}

/// The kinds of expression.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// A string.
    String(StringLit),
    /// A number.
    Number(NumberLit),
    /// A duration.
    Duration(DurationLit),
    /// `true` or `false`.
    Bool(bool),
    /// `null`: no value.
    Null,
    /// A variable, a field of one (`change.plant`), or an enum symbol.
    Path(Path),
    /// `{ name: value, ... }`.
    Record(ThinVec<NamedExpr>),
    /// `[a, b]`.
    List(ThinVec<Expr>),
    /// `not x`, `-x`.
    Unary(UnaryOp, Box<Expr>),
    /// `a op b`.
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    /// `( x )`, kept so that the formatter can reproduce it.
    Group(Box<Expr>),
}

/// `name: value`, in record literals and argument lists.
///
/// The pair's span is not stored: it runs from the name to the end of the
/// value, and [`NamedExpr::span`] computes it (16 bytes less in every
/// argument and record entry). It prints with its span, as before.
#[derive(Clone, PartialEq)]
pub struct NamedExpr {
    /// The field or parameter name.
    pub name: Ident,
    /// The value.
    pub value: Expr,
}

impl NamedExpr {
    /// The whole pair.
    pub fn span(&self) -> Span {
        self.name.span.to(self.value.span)
    }
}

impl fmt::Debug for NamedExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NamedExpr")
            .field("name", &self.name)
            .field("value", &self.value)
            .field("span", &self.span())
            .finish()
    }
}

/// Prefix operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    /// `not`.
    Not,
    /// `-`.
    Negate,
}

/// Infix operators, loosest binding first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    /// `or`.
    Or,
    /// `and`.
    And,
    /// `==`.
    Eq,
    /// `!=`.
    NotEq,
    /// `<`.
    Less,
    /// `<=`.
    LessEq,
    /// `>`.
    Greater,
    /// `>=`.
    GreaterEq,
    /// `??`: the left value, or the right one when the left is `null`.
    Coalesce,
    /// `+`.
    Add,
    /// `-`.
    Sub,
    /// `*`.
    Mul,
    /// `/`.
    Div,
}

impl BinaryOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Or => "or",
            BinaryOp::And => "and",
            BinaryOp::Eq => "==",
            BinaryOp::NotEq => "!=",
            BinaryOp::Less => "<",
            BinaryOp::LessEq => "<=",
            BinaryOp::Greater => ">",
            BinaryOp::GreaterEq => ">=",
            BinaryOp::Coalesce => "??",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
        }
    }

    /// Binding strength: higher binds tighter.
    pub fn precedence(self) -> u8 {
        match self {
            BinaryOp::Or => 1,
            BinaryOp::And => 2,
            BinaryOp::Eq | BinaryOp::NotEq => 3,
            BinaryOp::Less | BinaryOp::LessEq | BinaryOp::Greater | BinaryOp::GreaterEq => 4,
            BinaryOp::Coalesce => 5,
            BinaryOp::Add | BinaryOp::Sub => 6,
            BinaryOp::Mul | BinaryOp::Div => 7,
        }
    }
}
