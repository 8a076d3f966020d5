//! Type expressions, constraints and the data declarations built from them:
//! aliases, enums, records and the fields they share with entities and events.

use super::{Attributes, Expr, Ident, NumberLit, Path, StringLit};
use thin_vec::ThinVec;
use weft_base::span::Span;

/// A type as written in a field, alias or operation: `string`, `decimal(18, 4)`,
/// `list<PurchaseOrderLine>`, `Money?`. Which names exist is decided later.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeExpr {
    /// The type's name: a primitive, `list`, `map`, or a declared type.
    pub name: Path,
    /// Value arguments in parentheses: `decimal(18, 4)`, `timestamp(ms)`.
    pub args: ThinVec<TypeArg>,
    /// Type parameters in angle brackets: `list<T>`, `map<K, V>`.
    pub params: ThinVec<TypeExpr>,
    /// Whether the type ends in `?`: the value may be absent.
    pub optional: bool,
    /// The whole type expression.
    pub span: Span,
}

/// One value argument of a type.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeArg {
    /// A number such as the precision of a decimal.
    Number(NumberLit),
    /// A name such as a timestamp unit or currency code.
    Name(Ident),
}

/// A restriction of a type's values.
#[derive(Clone, Debug, PartialEq)]
pub struct Constraint {
    /// Which restriction.
    pub kind: ConstraintKind,
    /// The whole constraint.
    pub span: Span,
}

/// The kinds of constraint.
#[derive(Clone, Debug, PartialEq)]
pub enum ConstraintKind {
    /// `pattern "regex"`: strings must match.
    Pattern(StringLit),
    /// `length 1..35`: string length (or list size) bounds.
    Length(Bounds),
    /// `range 0..100`: numeric bounds.
    Range(Bounds),
}

/// `min..max`, `min..`, `..max`, or a single exact value.
#[derive(Clone, Debug, PartialEq)]
pub struct Bounds {
    /// Inclusive lower bound.
    pub min: Option<NumberLit>,
    /// Inclusive upper bound.
    pub max: Option<NumberLit>,
    /// Whether it was written as one value (`length 4`), meaning min = max.
    pub exact: bool,
    /// Where the bounds are.
    pub span: Span,
}

/// `name: Type constraints = default` in a record, entity or event version.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// Docs and annotations (`@pii`, `@deprecated`, `@alias("old")`).
    pub attributes: Attributes,
    /// The field's name.
    pub name: Ident,
    /// Its type.
    pub ty: TypeExpr,
    /// Constraints written after the type.
    pub constraints: ThinVec<Constraint>,
    /// The default value, if any (boxed: most fields have none, and an
    /// `Expr` inline would add 56 bytes to every field).
    pub default: Option<Box<Expr>>,
    /// The whole field.
    pub span: Span,
}

/// `reserved a, b`: names of removed fields that must not be reused.
#[derive(Clone, Debug, PartialEq)]
pub struct Reserved {
    /// The reserved names.
    pub names: ThinVec<Ident>,
    /// The whole line.
    pub span: Span,
}

/// A member of a record-like body.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldMember {
    /// A field.
    Field(Field),
    /// A `reserved` list.
    Reserved(Reserved),
}

impl FieldMember {
    /// The member's span.
    pub fn span(&self) -> Span {
        match self {
            FieldMember::Field(field) => field.span,
            FieldMember::Reserved(reserved) => reserved.span,
        }
    }
}

/// `type Name = Type constraints`.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeAliasDecl {
    /// The alias.
    pub name: Ident,
    /// The aliased type.
    pub ty: TypeExpr,
    /// Constraints on it.
    pub constraints: ThinVec<Constraint>,
}

/// `enum Name { A B C }`.
#[derive(Clone, Debug, PartialEq)]
pub struct EnumDecl {
    /// The enum's name.
    pub name: Ident,
    /// Its symbols in source order.
    pub members: ThinVec<EnumMember>,
}

/// One enum symbol.
#[derive(Clone, Debug, PartialEq)]
pub struct EnumMember {
    /// Docs and annotations such as `@deprecated`.
    pub attributes: Attributes,
    /// The symbol.
    pub name: Ident,
    /// The whole member.
    pub span: Span,
}

/// `record Name { fields }`.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordDecl {
    /// The record's name.
    pub name: Ident,
    /// Fields and reserved names in source order.
    pub members: ThinVec<FieldMember>,
}
