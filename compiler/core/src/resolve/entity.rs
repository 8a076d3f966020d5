//! Entities: their fields (own ones, and those of the record or entity named
//! by `record`, merged in dependency order with cycles reported), then their
//! clauses: the owner, the key and the policies applied.

use super::{duplicate, Expect, Resolver};
use crate::codes;
use crate::model::*;
use weft_syntax::syntax::{self as ast, FieldMember};
use weft_syntax::{Diagnostic, FileId, Span};

/// What an entity's `record` clause must name.
const RECORD_SOURCE_HELP: &str = "`record` names the record (or entity) whose fields the entity takes; or write the fields in the entity itself";

impl Resolver {
    /// The entity's own fields, and which record its `record` clause names.
    pub(crate) fn entity_shape(&mut self, file: FileId, id: EntityId, decl: &ast::EntityDecl) {
        let mut fields: Vec<&FieldMember> = Vec::new();
        let mut record_clause: Option<Span> = None;
        for member in &decl.members {
            match member {
                ast::EntityMember::Field(field) => fields.push(field),
                ast::EntityMember::Record(path) => {
                    if let Some(first) = record_clause {
                        duplicate(&mut self.diagnostics, "`record`", path.span(), first);
                        continue;
                    }
                    record_clause = Some(path.span());
                    match self.record_source(file, path) {
                        Some(source) => {
                            self.entity_sources.insert(id, (source, path.span()));
                        }
                        None => {
                            self.incomplete_entities.insert(id);
                        }
                    }
                }
                _ => {}
            }
        }
        let mut record = self.field_shapes(file, fields.into_iter());
        record.entity = Some(id);
        let record_id = self.model.entity(id).record;
        self.model.types[record_id.index()].kind = TypeKind::Record(record);
    }

    /// The record (or entity's record) that `record path` names.
    fn record_source(&mut self, file: FileId, path: &ast::Path) -> Option<TypeId> {
        // A built-in type is no declaration: looked up, it would be "not
        // found", with itself as the name meant.
        let written = path.dotted();
        if super::lookup::PRIMITIVES.contains(&written.as_str()) {
            self.diagnostics.push(
                Diagnostic::error(
                    codes::WRONG_KIND,
                    format!("`{written}` is a built-in type, not a record"),
                    path.span(),
                    "expected a record or an entity",
                )
                .with_help(RECORD_SOURCE_HELP),
            );
            return None;
        }
        match self.lookup(file, path, Expect::Type)? {
            DeclRef::Entity(entity) => Some(self.model.entity(entity).record),
            DeclRef::Type(id) if matches!(self.model.type_def(id).kind, TypeKind::Record(_)) => {
                Some(id)
            }
            DeclRef::Type(id) => {
                let def = self.model.type_def(id);
                let what = match def.kind {
                    TypeKind::Enum { .. } => "an enum",
                    _ => "a type alias",
                };
                let diagnostic = Diagnostic::error(
                    codes::WRONG_KIND,
                    format!("`{}` is {what}, not a record", path.dotted()),
                    path.span(),
                    "expected a record or an entity",
                )
                .with_label(
                    def.name.span,
                    format!("`{}` is declared here", def.name.name),
                )
                .with_help(RECORD_SOURCE_HELP);
                self.diagnostics.push(diagnostic);
                None
            }
            _ => None,
        }
    }

    /// The owner, the key and the policies of an entity.
    pub(crate) fn entity(&mut self, file: FileId, id: EntityId, decl: &ast::EntityDecl) {
        let mut applied = Vec::new();
        let mut owner: Option<Span> = None;
        let mut key: Option<(&[ast::Ident], Span)> = None;
        for member in &decl.members {
            match member {
                ast::EntityMember::Owner(path) => {
                    if let Some(first) = owner {
                        self.diagnostics.push(
                            Diagnostic::error(codes::DUPLICATE_MEMBER, format!("entity `{}` names two owners", decl.name.text), path.span(), "second owner")
                                .with_label(first, "first owner")
                                .with_help("an entity has exactly one system of record; other systems read it through events or APIs"),
                        );
                        continue;
                    }
                    owner = Some(path.span());
                    self.model.entities[id.index()].owner = self.lookup_system(file, path);
                    self.model.entities[id.index()].owner_span = path.span();
                }
                ast::EntityMember::Key(names, span) => {
                    if let Some((_, first)) = key {
                        duplicate(&mut self.diagnostics, "`key`", *span, first);
                        continue;
                    }
                    key = Some((names, *span));
                }
                ast::EntityMember::Apply(apply) => applied.extend(self.apply_clause(file, apply)),
                ast::EntityMember::Record(_) | ast::EntityMember::Field(_) => {}
            }
        }
        if owner.is_none() {
            self.missing_clause(
                (DeclRef::Entity(id), "owner"),
                &format!("entity `{}`", decl.name.text),
                "system of record (`owner`)",
                decl.name.span,
                "add `owner system`: exactly one system owns an entity's data",
            );
        }
        match key {
            None => self.missing_clause(
                (DeclRef::Entity(id), "key"),
                &format!("entity `{}`", decl.name.text),
                "key (`key`)",
                decl.name.span,
                "add `key field` naming the field (or fields) that identify an instance",
            ),
            Some((names, _)) if self.incomplete_entities.contains(&id) => {
                self.model.entities[id.index()].key =
                    names.iter().map(|name| name.text.to_smol_str()).collect();
            }
            Some((names, _)) => self.check_entity_key(id, decl, names),
        }
        self.record_applied(DeclRef::Entity(id), applied);
    }

    /// Every key name is a field of the entity.
    fn check_entity_key(&mut self, id: EntityId, decl: &ast::EntityDecl, names: &[ast::Ident]) {
        let record_id = self.model.entity(id).record;
        let TypeKind::Record(record) = &self.model.type_def(record_id).kind else {
            return;
        };
        let field_names: Vec<weft_base::Name> =
            record.fields.iter().map(|field| field.name).collect();
        let mut key = Vec::new();
        for name in names {
            if let Some(field) = field_names.iter().position(|field| *field == name.text) {
                let to = Definition::Field {
                    record: record_id,
                    field,
                };
                self.refer(name.span, to);
                key.push(name.text.to_smol_str());
                continue;
            }
            let meant = weft_base::suggest::suggest(
                &name.text,
                field_names.iter().map(|field| field.as_str()),
            );
            let help = match meant {
                Some(field) => format!("did you mean `{field}`?"),
                None if field_names.is_empty() => "the entity has no fields yet: declare the key field, or take fields from a record with `record`".to_string(),
                None => format!("the key names fields of the entity: {}", field_names.iter().map(|name| format!("`{name}`")).collect::<Vec<_>>().join(", ")),
            };
            self.diagnostics.push(
                Diagnostic::error(
                    codes::INVALID_KEY,
                    format!(
                        "the key `{}` is not a field of `{}`",
                        name.text, decl.name.text
                    ),
                    name.span,
                    "no such field",
                )
                .with_label(
                    decl.name.span,
                    format!("`{}` is declared here", decl.name.text),
                )
                .with_help(help)
                .with_replacement(name.span, meant),
            );
        }
        self.model.entities[id.index()].key = key;
    }
}
