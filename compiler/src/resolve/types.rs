//! Type expressions, fields, constraints and the data declarations (aliases,
//! enums, records, entities' fields).

use super::{meta, Expect, Resolver};
use crate::codes;
use crate::model::*;
use weft_language::syntax::{self as ast, ConstraintKind, TypeArg, TypeExpr};
use weft_language::{Diagnostic, FileId, Span};

impl Resolver {
    /// Resolves a type expression; problems are reported and give `Unknown`.
    pub(crate) fn resolve_type(&mut self, file: FileId, expr: &TypeExpr) -> Type {
        let base = self.resolve_base_type(file, expr);
        if expr.optional {
            Type::Optional(Box::new(base))
        } else {
            base
        }
    }

    fn resolve_base_type(&mut self, file: FileId, expr: &TypeExpr) -> Type {
        let name = expr.name.dotted();
        let primitive = match name.as_str() {
            "bool" => Some(Type::Bool),
            "int32" => Some(Type::Int32),
            "int64" => Some(Type::Int64),
            "float64" => Some(Type::Float64),
            "string" => Some(Type::String),
            "bytes" => Some(Type::Bytes),
            "date" => Some(Type::Date),
            "duration" => Some(Type::Duration),
            "uuid" => Some(Type::Uuid),
            "decimal" => return self.decimal(expr),
            "timestamp" => return self.timestamp(expr),
            "list" => return self.list(file, expr),
            "map" => return self.map(file, expr),
            _ => None,
        };
        if let Some(primitive) = primitive {
            if !expr.args.is_empty() || !expr.params.is_empty() {
                self.invalid_type(
                    expr.span,
                    format!("`{name}` takes no arguments"),
                    format!("write `{name}`"),
                );
            }
            return primitive;
        }
        match self.lookup(file, &expr.name, Expect::Type) {
            Some(DeclRef::Type(id)) => Type::Named(id),
            Some(DeclRef::Entity(id)) => Type::Named(self.model.entity(id).record),
            _ => Type::Unknown,
        }
    }

    fn decimal(&mut self, expr: &TypeExpr) -> Type {
        let numbers: Vec<Option<u32>> = expr
            .args
            .iter()
            .map(|arg| match arg {
                TypeArg::Number(number) => number.text.parse().ok(),
                TypeArg::Name(_) => None,
            })
            .collect();
        match numbers.as_slice() {
            [Some(precision), Some(scale)]
                if (1..=38).contains(precision) && scale <= precision && expr.params.is_empty() =>
            {
                Type::Decimal {
                    precision: *precision,
                    scale: *scale,
                }
            }
            _ => {
                self.invalid_type(
                    expr.span,
                    "`decimal` needs a precision from 1 to 38 and a scale no larger than it"
                        .to_string(),
                    "write `decimal(precision, scale)`, such as `decimal(18, 4)`".to_string(),
                );
                Type::Unknown
            }
        }
    }

    fn timestamp(&mut self, expr: &TypeExpr) -> Type {
        let unit = match expr.args.as_slice() {
            [] => Some(TimeUnit::Millis),
            [TypeArg::Name(unit)] => match unit.text.as_str() {
                "ms" => Some(TimeUnit::Millis),
                "us" => Some(TimeUnit::Micros),
                "ns" => Some(TimeUnit::Nanos),
                _ => None,
            },
            _ => None,
        };
        match unit {
            Some(unit) if expr.params.is_empty() => Type::Timestamp(unit),
            _ => {
                self.invalid_type(
                    expr.span,
                    "`timestamp` takes an optional precision".to_string(),
                    "write `timestamp`, `timestamp(us)` or `timestamp(ns)`".to_string(),
                );
                Type::Unknown
            }
        }
    }

    fn list(&mut self, file: FileId, expr: &TypeExpr) -> Type {
        match (expr.params.as_slice(), expr.args.is_empty()) {
            ([element], true) => Type::List(Box::new(self.resolve_type(file, element))),
            _ => {
                self.invalid_type(
                    expr.span,
                    "`list` needs one element type".to_string(),
                    "write `list<T>`, such as `list<PurchaseOrderLine>`".to_string(),
                );
                Type::Unknown
            }
        }
    }

    fn map(&mut self, file: FileId, expr: &TypeExpr) -> Type {
        let ([key, value], true) = (expr.params.as_slice(), expr.args.is_empty()) else {
            self.invalid_type(
                expr.span,
                "`map` needs a key and a value type".to_string(),
                "write `map<string, T>`".to_string(),
            );
            return Type::Unknown;
        };
        let key_type = self.resolve_type(file, key);
        if !self.is_string_like(&key_type) && key_type != Type::Unknown {
            self.invalid_type(
                key.span,
                "map keys must be strings".to_string(),
                "JSON and Avro maps have string keys; use `map<string, T>` or a string alias"
                    .to_string(),
            );
        }
        Type::Map(Box::new(key_type), Box::new(self.resolve_type(file, value)))
    }

    fn invalid_type(&mut self, span: Span, message: String, help: String) {
        self.diagnostics.push(
            Diagnostic::error(codes::INVALID_TYPE, message, span, "invalid type").with_help(help),
        );
    }

    /// The type behind aliases.
    pub(crate) fn underlying(&self, ty: &Type) -> Type {
        let mut current = ty.clone();
        for _ in 0..64 {
            match &current {
                Type::Named(id) => match &self.model.type_def(*id).kind {
                    TypeKind::Alias { target, .. } => current = target.clone(),
                    _ => return current,
                },
                _ => return current,
            }
        }
        Type::Unknown
    }

    pub(crate) fn is_string_like(&self, ty: &Type) -> bool {
        matches!(self.underlying(ty.required()), Type::String | Type::Uuid)
            || matches!(self.underlying(ty.required()), Type::Named(id) if matches!(self.model.type_def(id).kind, TypeKind::Enum { .. }))
    }

    /// Resolves a field: type, constraints (checked against the type) and default.
    pub(crate) fn resolve_field(&mut self, file: FileId, field: &ast::Field) -> Field {
        let ty = self.resolve_type(file, &field.ty);
        let constraints = self.constraints(&ty, &field.constraints);
        let default = field
            .default
            .as_ref()
            .and_then(|expr| self.default_value(&ty, &constraints, expr));
        let aliases = field
            .attributes
            .annotations
            .iter()
            .filter(|annotation| annotation.name.text == "alias")
            .flat_map(|annotation| annotation.args.iter())
            .filter_map(|arg| match &arg.kind {
                ast::ExprKind::String(text) => Some(text.value.clone()),
                _ => None,
            })
            .collect();
        Field {
            name: field.name.text.clone(),
            ty,
            constraints,
            default,
            aliases,
            pii: field.attributes.annotation("pii").is_some(),
            meta: meta(&field.attributes, field.span),
            name_span: field.name.span,
        }
    }

    /// Fields and reserved names of a record-like body.
    pub(crate) fn resolve_fields(&mut self, file: FileId, members: &[ast::FieldMember]) -> Record {
        let mut record = Record::default();
        let mut seen: Vec<(&str, Span)> = Vec::new();
        for member in members {
            match member {
                ast::FieldMember::Field(field) => {
                    if let Some((_, first)) = seen.iter().find(|(name, _)| *name == field.name.text)
                    {
                        super::duplicate(
                            &mut self.diagnostics,
                            &format!("field `{}`", field.name.text),
                            field.name.span,
                            *first,
                        );
                        continue;
                    }
                    seen.push((&field.name.text, field.name.span));
                    record.fields.push(self.resolve_field(file, field));
                }
                ast::FieldMember::Reserved(reserved) => record
                    .reserved
                    .extend(reserved.names.iter().map(|name| name.text.clone())),
            }
        }
        for field in &record.fields {
            if record.reserved.contains(&field.name) {
                self.diagnostics.push(
                    Diagnostic::error(codes::DUPLICATE_MEMBER, format!("field `{}` reuses a reserved name", field.name), field.name_span, "reserved")
                        .with_help("reserved names belong to removed fields; readers of old data would misread it — pick another name"),
                );
            }
        }
        record
    }

    /// Checks constraints against the type they restrict.
    pub(crate) fn constraints(&mut self, ty: &Type, written: &[ast::Constraint]) -> Constraints {
        let mut constraints = Constraints::default();
        let underlying = self.underlying(ty.required());
        let is_text = matches!(underlying, Type::String | Type::Bytes | Type::Unknown);
        let is_sized = is_text || matches!(underlying, Type::List(_) | Type::Map(..));
        let is_number = matches!(
            underlying,
            Type::Int32 | Type::Int64 | Type::Float64 | Type::Decimal { .. } | Type::Unknown
        );
        for constraint in written {
            match &constraint.kind {
                ConstraintKind::Pattern(pattern) => {
                    if !is_text {
                        self.invalid_constraint(
                            constraint.span,
                            "`pattern` applies only to strings".to_string(),
                        );
                    } else if let Err(error) = regex::Regex::new(&pattern.value) {
                        let detail = error
                            .to_string()
                            .lines()
                            .last()
                            .unwrap_or_default()
                            .trim()
                            .to_string();
                        self.invalid_constraint(
                            pattern.span,
                            format!("this pattern is not a valid regular expression: {detail}"),
                        );
                    } else {
                        constraints.pattern = Some(pattern.value.clone());
                    }
                }
                ConstraintKind::Length(bounds) => {
                    if !is_sized {
                        self.invalid_constraint(
                            constraint.span,
                            "`length` applies only to strings, bytes, lists and maps".to_string(),
                        );
                        continue;
                    }
                    let min = bounds.min.as_ref().map(|number| number.text.parse::<u64>());
                    let max = bounds.max.as_ref().map(|number| number.text.parse::<u64>());
                    match (min, max) {
                        (Some(Err(_)), _) | (_, Some(Err(_))) => {
                            self.invalid_constraint(
                                bounds.span,
                                "lengths are whole numbers from 0".to_string(),
                            );
                        }
                        (min, max) => {
                            let (min, max) = (min.and_then(Result::ok), max.and_then(Result::ok));
                            if let (Some(low), Some(high)) = (min, max) {
                                if low > high {
                                    self.invalid_constraint(
                                        bounds.span,
                                        format!(
                                            "this length range is empty: {low} is more than {high}"
                                        ),
                                    );
                                    continue;
                                }
                            }
                            constraints.min_length = min;
                            constraints.max_length = max;
                        }
                    }
                }
                ConstraintKind::Range(bounds) => {
                    if !is_number {
                        self.invalid_constraint(
                            constraint.span,
                            "`range` applies only to numbers".to_string(),
                        );
                        continue;
                    }
                    let value = |number: &Option<weft_language::syntax::NumberLit>| {
                        number
                            .as_ref()
                            .and_then(|number| number.text.parse::<f64>().ok())
                    };
                    if let (Some(low), Some(high)) = (value(&bounds.min), value(&bounds.max)) {
                        if low > high {
                            self.invalid_constraint(
                                bounds.span,
                                format!("this range is empty: {low} is more than {high}"),
                            );
                            continue;
                        }
                    }
                    if bounds.min.is_none() && bounds.max.is_none() {
                        self.invalid_constraint(
                            bounds.span,
                            "this range has no bounds".to_string(),
                        );
                        continue;
                    }
                    constraints.minimum = bounds.min.as_ref().map(|number| number.text.clone());
                    constraints.maximum = bounds.max.as_ref().map(|number| number.text.clone());
                }
            }
        }
        constraints
    }

    fn invalid_constraint(&mut self, span: Span, message: String) {
        self.diagnostics.push(
            Diagnostic::error(codes::INVALID_CONSTRAINT, message, span, "invalid constraint")
                .with_help("see docs/language.md: `pattern \"regex\"` for strings, `length min..max` for strings and lists, `range min..max` for numbers"),
        );
    }

    /// Pass 2 for `type`, `enum`, `record` and an entity's fields.
    pub(crate) fn resolve_type_decl(&mut self, file: FileId, id: TypeId, item: &ast::Item) {
        let kind = match &item.kind {
            ast::ItemKind::TypeAlias(alias) => {
                let target = self.resolve_type(file, &alias.ty);
                if target == Type::Named(id) {
                    self.invalid_type(
                        alias.ty.span,
                        format!("`{}` is defined as itself", alias.name.text),
                        "name another type".to_string(),
                    );
                }
                let constraints = self.constraints(&target, &alias.constraints);
                TypeKind::Alias {
                    target,
                    constraints,
                }
            }
            ast::ItemKind::Enum(decl) => self.enumeration(decl, &item.attributes),
            ast::ItemKind::Record(decl) => {
                TypeKind::Record(self.resolve_fields(file, &decl.members))
            }
            _ => return,
        };
        self.model.types[id.index()].kind = kind;
    }

    fn enumeration(&mut self, decl: &ast::EnumDecl, attributes: &ast::Attributes) -> TypeKind {
        let mut symbols: Vec<EnumSymbol> = Vec::new();
        for member in &decl.members {
            if let Some(first) = symbols
                .iter()
                .find(|symbol| symbol.name == member.name.text)
            {
                let first_span = first.meta.span;
                super::duplicate(
                    &mut self.diagnostics,
                    &format!("symbol `{}`", member.name.text),
                    member.name.span,
                    first_span,
                );
                continue;
            }
            symbols.push(EnumSymbol {
                name: member.name.text.clone(),
                meta: meta(&member.attributes, member.name.span),
            });
        }
        if symbols.is_empty() {
            self.diagnostics.push(
                Diagnostic::error(
                    codes::MISSING_CLAUSE,
                    format!("enum `{}` has no symbols", decl.name.text),
                    decl.name.span,
                    "empty enum",
                )
                .with_help("list its symbols, one per line"),
            );
        }
        let mut fallback = None;
        if let Some(annotation) = attributes.annotation("fallback") {
            let symbol = match annotation.args.as_slice() {
                [ast::Expr {
                    kind: ast::ExprKind::Path(path),
                    ..
                }] if path.segments.len() == 1 => Some(path.dotted()),
                _ => None,
            };
            match symbol {
                Some(symbol) if symbols.iter().any(|candidate| candidate.name == symbol) => fallback = Some(symbol),
                _ => self.diagnostics.push(
                    Diagnostic::error(codes::INVALID_VALUE, "`@fallback` must name one of the enum's symbols", annotation.span, "not a symbol of this enum")
                        .with_help("write `@fallback(SYMBOL)` with a symbol listed in the enum, such as `@fallback(UNKNOWN)`"),
                ),
            }
        }
        TypeKind::Enum { symbols, fallback }
    }
}
