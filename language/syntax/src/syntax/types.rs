//! Type expressions, constraints and the data declarations built from them:
//! aliases, enums, records and the fields they share with entities and events.

use super::{Attributes, Expr, Ident, NumberLit, Path, StringLit};
use std::fmt;
use thin_vec::ThinVec;
use weft_base::span::Span;

/// A type as written in a field, alias or operation: `string`, `decimal(18, 4)`,
/// `list<PurchaseOrderLine>`, `Money?`. Which names exist is decided later.
///
/// Kept as small as its name (48 bytes), as every field, parameter and body
/// holds one: what most types lack (value arguments, type parameters, the
/// `?`) is boxed only when written, together with where the type ends; a
/// plain type ends where its name does. It reads through
/// [`TypeExpr::args`], [`TypeExpr::params`], [`TypeExpr::optional`] and
/// [`TypeExpr::span`], and prints as the struct it stands for.
#[derive(Clone, PartialEq)]
pub struct TypeExpr {
    /// The type's name: a primitive, `list`, `map`, or a declared type.
    pub name: Path,
    /// Arguments, parameters and `?`, when there is any.
    pub(super) rest: Option<Box<TypeRest>>,
}

/// What a [`TypeExpr`] holds besides its name, when written.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct TypeRest {
    /// Value arguments in parentheses.
    pub(super) args: ThinVec<TypeArg>,
    /// Type parameters in angle brackets.
    pub(super) params: ThinVec<TypeExpr>,
    /// Whether the type ends in `?`.
    pub(super) optional: bool,
    /// The byte offset where the type expression ends.
    pub(super) end: u32,
}

impl TypeExpr {
    /// The type `name(args)<params>` (`?` if `optional`) written at `span`,
    /// which starts where `name` does. Both parsers build it here.
    pub fn new(
        name: Path,
        args: ThinVec<TypeArg>,
        params: ThinVec<TypeExpr>,
        optional: bool,
        span: Span,
    ) -> TypeExpr {
        debug_assert_eq!(span.start, name.span().start, "a type starts at its name");
        let plain = args.is_empty() && params.is_empty() && !optional;
        let rest = if plain && span.end == name.span().end {
            None
        } else {
            Some(Box::new(TypeRest {
                args,
                params,
                optional,
                end: span.end,
            }))
        };
        TypeExpr { name, rest }
    }

    /// The type of a field typed halfway (`number:`, `lines: list<` or
    /// `priority: int32 =` at the end of its line), empty at `at`, where
    /// the typing stopped: the parser has reported it, and the field is
    /// kept so that the key, paths and arguments naming it do not report
    /// it missing as well. Its name is one empty segment, which no written
    /// type has; the resolver reads it as an unknown type.
    pub fn missing(at: Span) -> TypeExpr {
        let name = Ident {
            text: super::Name::default(),
            span: at,
        };
        TypeExpr {
            name: Path::new(super::Segments::one(name)),
            rest: None,
        }
    }

    /// Whether this is the type of a field typed halfway
    /// ([`TypeExpr::missing`]).
    pub fn is_missing(&self) -> bool {
        self.rest.is_none()
            && matches!(self.name.segments.as_slice(), [only] if only.text.is_empty())
    }

    /// Value arguments in parentheses: `decimal(18, 4)`, `timestamp(ms)`.
    pub fn args(&self) -> &[TypeArg] {
        self.rest.as_deref().map_or(&[], |rest| &rest.args)
    }

    /// Type parameters in angle brackets: `list<T>`, `map<K, V>`.
    pub fn params(&self) -> &[TypeExpr] {
        self.rest.as_deref().map_or(&[], |rest| &rest.params)
    }

    /// Whether the type ends in `?`: the value may be absent.
    pub fn optional(&self) -> bool {
        self.rest.as_deref().is_some_and(|rest| rest.optional)
    }

    /// The whole type expression.
    pub fn span(&self) -> Span {
        let name = self.name.span();
        match self.rest.as_deref() {
            Some(rest) => Span {
                end: rest.end,
                ..name
            },
            None => name,
        }
    }
}

impl fmt::Debug for TypeExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Printed as the struct with all its fields, as before the rarer
        // parts were boxed, so that the tree's snapshots read the same.
        f.debug_struct("TypeExpr")
            .field("name", &self.name)
            .field("args", &self.args())
            .field("params", &self.params())
            .field("optional", &self.optional())
            .field("span", &self.span())
            .finish()
    }
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
///
/// Its span is kept as two offsets, the file being its name's: a whole
/// [`Span`] would pad every field by 8 bytes. It reads through
/// [`Field::span`] and prints as the struct it stands for.
#[derive(Clone, PartialEq)]
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
    /// Where the whole field starts, in its name's file.
    pub(super) start: u32,
    /// Where it ends.
    pub(super) end: u32,
}

impl Field {
    /// The field `name: ty constraints = default` at `span` (in `name`'s
    /// file); both parsers build it here.
    pub fn new(
        attributes: Attributes,
        name: Ident,
        ty: TypeExpr,
        constraints: ThinVec<Constraint>,
        default: Option<Box<Expr>>,
        span: Span,
    ) -> Field {
        debug_assert_eq!(span.file, name.span.file, "a field lies in one file");
        Field {
            attributes,
            name,
            ty,
            constraints,
            default,
            start: span.start,
            end: span.end,
        }
    }

    /// The whole field.
    pub fn span(&self) -> Span {
        Span {
            file: self.name.span.file,
            start: self.start,
            end: self.end,
        }
    }
}

impl fmt::Debug for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Printed with its span whole, as before, so that the tree's
        // snapshots read the same.
        f.debug_struct("Field")
            .field("attributes", &self.attributes)
            .field("name", &self.name)
            .field("ty", &self.ty)
            .field("constraints", &self.constraints)
            .field("default", &self.default)
            .field("span", &self.span())
            .finish()
    }
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
            FieldMember::Field(field) => field.span(),
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
