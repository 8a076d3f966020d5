//! The data declarations: aliases, enums and records, and the fields they
//! share with entities, event versions and parameters. Shapes (types of
//! fields, alias targets, symbols) come first for every file; constraints and
//! defaults follow once every type is known, so that declaration order and
//! file order never matter.

use super::{duplicate_with, meta, Resolver};
use crate::codes;
use crate::model::*;
use weft_syntax::syntax::{self as ast, ItemKind};
use weft_syntax::{Diagnostic, FileId, ParsedFile, Span};

impl Resolver {
    /// The shapes of a file's aliases, enums, records and entities' fields.
    pub(crate) fn resolve_data(&mut self, file: &ParsedFile) {
        for (item, decl) in self.declared_items(file) {
            let kind = match (&item.kind, decl) {
                (ItemKind::TypeAlias(alias), DeclRef::Type(id)) => {
                    let mut target = self.resolve_type(file.file, &alias.ty);
                    if let Type::Optional(inner) = target {
                        self.invalid_type(
                            alias.ty.span(),
                            format!("the type alias `{}` cannot be optional", alias.name.text),
                            format!("remove the `?` here, and write `{}?` on the fields that may be absent", alias.name.text),
                        );
                        target = *inner;
                    }
                    self.alias_targets.insert(id, alias.ty.span());
                    let constraints = Rare::default();
                    (
                        id,
                        TypeKind::Alias {
                            target,
                            constraints,
                        },
                    )
                }
                (ItemKind::Enum(decl), DeclRef::Type(id)) => {
                    (id, self.enumeration(id, decl, &item.attributes))
                }
                (ItemKind::Record(decl), DeclRef::Type(id)) => (
                    id,
                    TypeKind::Record(self.field_shapes(file.file, decl.members.iter())),
                ),
                (ItemKind::Entity(decl), DeclRef::Entity(id)) => {
                    self.entity_shape(file.file, id, decl);
                    continue;
                }
                _ => continue,
            };
            let finished = !matches!(kind.1, TypeKind::Record(_));
            let ty = &mut self.model.types[kind.0.index()];
            ty.kind = kind.1;
            // Enums and aliases are finished here (records only after
            // their values, `resolve_field_values`).
            if finished {
                ty.shrink_to_fit();
            }
        }
    }

    /// The constraints of a file's aliases (every alias target is known).
    pub(crate) fn resolve_alias_constraints(&mut self, file: &ParsedFile) {
        for (item, decl) in self.declared_items(file) {
            let (ItemKind::TypeAlias(alias), DeclRef::Type(id)) = (&item.kind, decl) else {
                continue;
            };
            let TypeKind::Alias { target, .. } = &self.model.type_def(id).kind else {
                continue;
            };
            let target = target.clone();
            let checked = self.constraints(&target, &alias.constraints);
            if let TypeKind::Alias { constraints, .. } = &mut self.model.types[id.index()].kind {
                *constraints = checked.into();
            }
        }
    }

    /// Constraints and defaults of a file's record and entity fields.
    pub(crate) fn resolve_field_values(&mut self, file: &ParsedFile) {
        for (item, decl) in self.declared_items(file) {
            // The last pass that writes a record: it is finished here.
            let finished = match (&item.kind, decl) {
                (ItemKind::Record(decl), DeclRef::Type(id)) => {
                    self.fill_values(id, fields_of(&decl.members));
                    id
                }
                (ItemKind::Entity(decl), DeclRef::Entity(id)) => {
                    let record = self.model.entity(id).record;
                    let members = decl.members.iter().filter_map(|member| match member {
                        ast::EntityMember::Field(ast::FieldMember::Field(field)) => Some(field),
                        _ => None,
                    });
                    self.fill_values(record, members);
                    record
                }
                _ => continue,
            };
            self.model.types[finished.index()].shrink_to_fit();
        }
    }

    /// Fills in constraints and defaults of the record's fields written here.
    fn fill_values<'a>(&mut self, id: TypeId, fields: impl Iterator<Item = &'a ast::Field>) {
        // A field without constraints or a default keeps the empty ones it
        // has: nothing to check, and its type need not be copied.
        // The record's fields are in source order: each search starts
        // after the last one found, so a long record is not searched anew
        // for each of its fields.
        let mut from = 0;
        for field in fields.filter(|field| has_values(field)) {
            let TypeKind::Record(record) = &self.model.type_def(id).kind else {
                return;
            };
            let Some(index) = position_from(&record.fields, from, field.name.span) else {
                continue;
            };
            from = index + 1;
            let ty = record.fields[index].ty.clone();
            let (constraints, default) = self.field_values(field, &ty);
            if let TypeKind::Record(record) = &mut self.model.types[id.index()].kind {
                if let Some(resolved) = record.fields.get_mut(index) {
                    resolved.set_values(constraints, default);
                }
            }
        }
    }

    /// A field's constraints and default, checked against its type.
    fn field_values(&mut self, field: &ast::Field, ty: &Type) -> (Constraints, Option<Value>) {
        let constraints = self.constraints(ty, &field.constraints);
        let default = field
            .default
            .as_ref()
            .and_then(|expr| self.default_value(field, ty, &constraints, expr));
        (constraints, default)
    }

    /// A field's type, annotations and docs; constraints and default come later.
    fn field_shape(&mut self, file: FileId, field: &ast::Field) -> Field {
        let aliases: Vec<SmolStr> = field
            .attributes
            .annotations
            .iter()
            .filter(|annotation| annotation.name.text == "alias")
            .flat_map(|annotation| annotation.args.iter())
            .filter_map(|arg| match &arg.kind {
                ast::ExprKind::String(text) => Some(SmolStr::new(&text.value)),
                _ => None,
            })
            .collect();
        // Written only when given, so that most fields box nothing.
        let mut details: Rare<FieldDetails> = Rare::default();
        if !aliases.is_empty() {
            details.aliases = aliases;
        }
        if field.attributes.annotation("pii").is_some() {
            details.pii = true;
        }
        Field {
            name: field.name.text,
            ty: self.resolve_type(file, &field.ty),
            details,
            meta: meta(&field.attributes, field.span()),
            name_span: field.name.span,
        }
    }

    /// A field resolved completely, for passes after the data passes
    /// (parameters).
    pub(crate) fn resolve_field(&mut self, file: FileId, field: &ast::Field) -> Field {
        let mut resolved = self.field_shape(file, field);
        if !has_values(field) {
            return resolved;
        }
        let ty = resolved.ty.clone();
        let (constraints, default) = self.field_values(field, &ty);
        resolved.set_values(constraints, default);
        resolved
    }

    /// A record-like body resolved completely (event versions written inline).
    pub(crate) fn resolve_fields(&mut self, file: FileId, members: &[ast::FieldMember]) -> Record {
        let mut record = self.field_shapes(file, members.iter());
        let mut from = 0;
        for field in fields_of(members).filter(|field| has_values(field)) {
            if let Some(index) = position_from(&record.fields, from, field.name.span) {
                from = index + 1;
                let ty = record.fields[index].ty.clone();
                let (constraints, default) = self.field_values(field, &ty);
                record.fields[index].set_values(constraints, default);
            }
        }
        record
    }

    /// Field shapes and reserved names of a record-like body; duplicate
    /// fields and reuse of reserved names are reported.
    pub(crate) fn field_shapes<'m>(
        &mut self,
        file: FileId,
        members: impl ExactSizeIterator<Item = &'m ast::FieldMember>,
    ) -> Record {
        let mut record = Record::default();
        // Nearly every member is a field: one allocation instead of growth.
        record.fields.reserve_exact(members.len());
        let mut reserved: Vec<&ast::Ident> = Vec::new();
        // Field names taken so far, by position: a long record finds a
        // duplicate by hash instead of a scan per field (short ones scan).
        let mut names: rustc_hash::FxHashMap<ast::NameId, usize> = rustc_hash::FxHashMap::default();
        let long = members.len() > LONG_RECORD;
        for member in members {
            match member {
                ast::FieldMember::Field(field) => {
                    let earlier = if long {
                        names
                            .get(&field.name.text.id())
                            .and_then(|index| record.fields.get(*index))
                    } else {
                        record.field_named(field.name.text)
                    };
                    if let Some(first) = earlier {
                        let first = first.name_span;
                        let what = format!("field `{}`", field.name.text);
                        let help = "each field has one name: remove one of them, or rename it";
                        duplicate_with(&mut self.diagnostics, &what, field.name.span, first, help);
                        continue;
                    }
                    let shape = self.field_shape(file, field);
                    if long {
                        names.insert(field.name.text.id(), record.fields.len());
                    }
                    record.fields.push(shape);
                }
                ast::FieldMember::Reserved(list) => {
                    for name in &list.names {
                        if !record.reserved.iter().any(|taken| *taken == name.text) {
                            record.reserved.push(name.text.to_smol_str());
                            reserved.push(name);
                        }
                    }
                }
            }
        }
        for field in &record.fields {
            if let Some(name) = reserved.iter().find(|name| name.text == field.name) {
                self.reserved_reused(&field.name, field.name_span, name.span);
            }
        }
        record
    }

    /// Reports a field that takes a reserved name.
    pub(crate) fn reserved_reused(&mut self, name: &str, span: Span, reserved: Span) {
        self.diagnostics.push(
            Diagnostic::error(
                codes::DUPLICATE_MEMBER,
                format!("field `{name}` reuses a reserved name"),
                span,
                "reserved name",
            )
            .with_label(reserved, "reserved here")
            .with_help("a reserved name belonged to a removed field, and readers of old data would misread this one: pick another name"),
        );
    }

    fn enumeration(
        &mut self,
        id: TypeId,
        decl: &ast::EnumDecl,
        attributes: &ast::Attributes,
    ) -> TypeKind {
        let mut symbols: Vec<EnumSymbol> = Vec::with_capacity(decl.members.len());
        // Each symbol's position, so that duplicates are found in constant
        // time (a linear search made a 50,000-symbol enum quadratic).
        let mut positions: rustc_hash::FxHashMap<&str, usize> =
            rustc_hash::FxHashMap::with_capacity_and_hasher(decl.members.len(), Default::default());
        for member in &decl.members {
            if let Some(first) = positions
                .get(member.name.text.as_str())
                .and_then(|position| symbols.get(*position))
            {
                let (first, what) = (first.meta.span, format!("symbol `{}`", member.name.text));
                let help = "remove the second one";
                duplicate_with(&mut self.diagnostics, &what, member.name.span, first, help);
                continue;
            }
            positions.insert(member.name.text.as_str(), symbols.len());
            symbols.push(EnumSymbol {
                name: member.name.text,
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
                .with_help(
                    "list its symbols inside the braces, one per line, such as `OPEN` and `CLOSED`",
                ),
            );
        }
        let mut fallback = None;
        if let Some(annotation) = attributes.annotation("fallback") {
            let symbol = match annotation.args.as_slice() {
                [ast::Expr {
                    kind: ast::ExprKind::Path(path),
                    ..
                }] if path.segments.len() == 1 => {
                    path.last().map(|symbol| (symbol.text, path.span()))
                }
                _ => None,
            };
            let found = symbol.and_then(|(symbol, span)| {
                let index = symbols
                    .iter()
                    .position(|candidate| candidate.name == symbol)?;
                Some((symbol, span, index))
            });
            match found {
                Some((symbol, span, index)) => {
                    let to = Definition::EnumSymbol {
                        enumeration: id,
                        symbol: index,
                    };
                    self.refer(span, to);
                    fallback = Some(symbol)
                }
                _ => self.diagnostics.push(
                    Diagnostic::error(
                        codes::INVALID_VALUE,
                        "`@fallback` must name one of the enum's symbols",
                        annotation.args.first().map_or(annotation.span, |arg| arg.span),
                        "not a symbol of this enum",
                    )
                    .with_label(decl.name.span, format!("`{}` is declared here", decl.name.text))
                    .with_help("write `@fallback(SYMBOL)` with a symbol listed in the enum, such as `@fallback(UNKNOWN)`, and add that symbol if it is missing"),
                ),
            }
        }
        TypeKind::Enum { symbols, fallback }
    }
}

/// The index of the field declared at `name`, searched from `from` first
/// (where it is when fields are visited in order), then from the start.
fn position_from(fields: &[Field], from: usize, name: Span) -> Option<usize> {
    let at = |field: &Field| field.name_span == name;
    match fields.get(from..).and_then(|rest| rest.iter().position(at)) {
        Some(offset) => Some(from + offset),
        None => fields.iter().position(at),
    }
}

/// Whether a field writes constraints or a default (most write neither).
fn has_values(field: &ast::Field) -> bool {
    !field.constraints.is_empty() || field.default.is_some()
}

/// From how many members a record's duplicate fields are found by hash.
const LONG_RECORD: usize = 32;

/// The fields of a record-like body, without `reserved` lists.
fn fields_of(members: &[ast::FieldMember]) -> impl Iterator<Item = &ast::Field> {
    members.iter().filter_map(|member| match member {
        ast::FieldMember::Field(field) => Some(field),
        ast::FieldMember::Reserved(_) => None,
    })
}
