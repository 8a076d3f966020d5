//! Workflow and test expressions, lowered from syntax: every node keeps its
//! span, and names are resolved where the resolver could tell what they
//! are: a path's first name to a workflow variable (or an enum symbol), each
//! later segment to a record field, a record literal's or an argument list's
//! names to fields and parameters. What did not resolve stays in the tree
//! marked unresolved, so checks still see (and report) it exactly once.

use super::{OperationRef, TypeId};
use smol_str::SmolStr;
use weft_base::Span;

/// An expression with its span.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Expr {
    /// What kind of expression.
    pub kind: ExprKind,
    /// The whole expression.
    pub span: Span,
}

/// The kinds of expression.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub enum ExprKind {
    /// A literal value.
    Literal(Literal),
    /// A variable, a field of one (`change.plant`), or an enum symbol.
    Path(PathExpr),
    /// `{ name: value, ... }`.
    Record(Vec<Argument>),
    /// `[a, b]`.
    List(Vec<Expr>),
    /// `not x`, `-x`.
    Unary(UnaryOp, Box<Expr>),
    /// `a op b`.
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    /// `( x )`: kept so that spans and messages match the source.
    Group(Box<Expr>),
}

/// A literal value. String and number literals are untyped here: a string
/// literal stands for any string-like value (dates, UUIDs, patterned
/// aliases), a number literal for any number the place takes.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub enum Literal {
    /// A string (unquoted, escapes applied).
    String(String),
    /// A number as written.
    Number {
        /// The digits as written.
        text: String,
        /// Whether it has no fraction part.
        integer: bool,
    },
    /// A duration in milliseconds.
    Duration(u64),
    /// `true` or `false`.
    Bool(bool),
    /// `null`: no value.
    Null,
}

/// A dotted path: a name and the fields read through it.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct PathExpr {
    /// What the first segment names.
    pub root: PathRoot,
    /// The segments as written, at least one; the first is the root's name.
    pub segments: Vec<PathSegment>,
}

/// What the first name of a path is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum PathRoot {
    /// A workflow variable readable where the path is written, by index
    /// into `Workflow::variables`.
    Variable(usize),
    /// A symbol of an enum (a bare name where an enum value is expected).
    Symbol {
        /// The enum.
        enumeration: TypeId,
        /// Index of the symbol.
        symbol: usize,
    },
    /// Neither: an unknown name, or a symbol of an enum nobody could tell.
    Unresolved,
}

/// One segment of a path.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct PathSegment {
    /// The name as written.
    pub name: SmolStr,
    /// Where it is written.
    pub span: Span,
    /// The record field it reads (`None` for the first segment, and where
    /// the value before it is no record or has no such field).
    pub field: Option<FieldRef>,
}

/// Field `field` (index into `Record::fields`) of record type `record`.
/// The index is a `u32`, as the ids are: a path names a field in every
/// segment, and a `usize` made each segment a third larger.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct FieldRef {
    /// The record.
    pub record: TypeId,
    /// Index of the field (see [`FieldRef::index`]).
    pub field: u32,
}

impl FieldRef {
    /// A reference to `record.fields[field]`; `None` past `u32::MAX`
    /// fields, which no record has.
    pub fn new(record: TypeId, field: usize) -> Option<FieldRef> {
        Some(FieldRef {
            record,
            field: u32::try_from(field).ok()?,
        })
    }

    /// The field's index into `Record::fields`.
    pub fn index(self) -> usize {
        self.field as usize
    }
}

/// `name: value` in argument lists, emitted payloads and record literals.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Argument {
    /// The parameter or field name as written.
    pub name: SmolStr,
    /// Where the name is written.
    pub name_span: Span,
    /// The value.
    pub value: Expr,
    /// What the name resolved to.
    pub target: ArgumentTarget,
}

/// What the name of an [`Argument`] resolved to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum ArgumentTarget {
    /// Parameter `parameter` (index into `Operation::params`) of an operation.
    Parameter {
        /// The operation.
        operation: OperationRef,
        /// Index of the parameter.
        parameter: usize,
    },
    /// The request body of an operation that takes one.
    Body(OperationRef),
    /// A field of a record (an event payload, or the record a literal stands for).
    Field(FieldRef),
    /// Nothing known: the operation, event or record did not resolve, or has
    /// no member of this name.
    Unresolved,
}

/// Prefix operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum UnaryOp {
    /// `not`.
    Not,
    /// `-`.
    Negate,
}

/// Infix operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
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

impl Expr {
    /// The paths this condition proves are not `null` when it holds:
    /// `p != null` (either way round), and each side of an `and`.
    pub fn proves_not_null(&self) -> Vec<String> {
        let mut found = Vec::new();
        let mut pending = vec![self];
        while let Some(expr) = pending.pop() {
            match &expr.kind {
                ExprKind::Group(inner) => pending.push(inner),
                ExprKind::Binary(BinaryOp::And, left, right) => {
                    pending.push(right);
                    pending.push(left);
                }
                ExprKind::Binary(BinaryOp::NotEq, left, right) => match (&left.kind, &right.kind) {
                    (ExprKind::Path(path), ExprKind::Literal(Literal::Null))
                    | (ExprKind::Literal(Literal::Null), ExprKind::Path(path)) => {
                        found.push(path.dotted())
                    }
                    _ => {}
                },
                _ => {}
            }
        }
        found
    }
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
}

impl PathExpr {
    /// The segments joined by dots, as written.
    pub fn dotted(&self) -> String {
        let names: Vec<&str> = self
            .segments
            .iter()
            .map(|segment| segment.name.as_str())
            .collect();
        names.join(".")
    }
}
