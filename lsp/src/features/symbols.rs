//! `textDocument/documentSymbol` (the outline, from the item index, with
//! fields, enum symbols, event versions and operations as children) and
//! `workspace/symbol` (every declaration of the project's files).

use super::location;
use crate::analysis::{decl_name, declarations, Analysis};
use crate::world::World;
use lsp_types::*;
use weft_base::Span;
use weft_compiler::model::{DeclRef, DeclarationKind, Definition, TypeKind};

pub(crate) fn document(
    world: &World,
    params: DocumentSymbolParams,
) -> Option<DocumentSymbolResponse> {
    let (analysis, file) = super::document(world, &params.text_document.uri)?;
    let index = analysis.model().index.file(file)?;
    let symbols = index
        .items
        .iter()
        .filter_map(|item| {
            let children = item
                .decl
                .map(|decl| children(&analysis, decl))
                .unwrap_or_default();
            symbol(
                &analysis,
                &item.name,
                kind_of(item.kind),
                item.span,
                item.name_span,
                children,
            )
        })
        .collect();
    Some(DocumentSymbolResponse::Nested(symbols))
}

#[allow(deprecated)] // `deprecated` is a required field of the type.
fn symbol(
    analysis: &Analysis,
    name: &str,
    kind: SymbolKind,
    span: Span,
    name_span: Span,
    children: Vec<DocumentSymbol>,
) -> Option<DocumentSymbol> {
    let full = super::range(analysis, span)?;
    let mut selection = super::range(analysis, name_span)?;
    // The selection must lie inside the full range.
    if selection.start < full.start || selection.end > full.end {
        selection = full;
    }
    Some(DocumentSymbol {
        name: name.to_string(),
        detail: None,
        kind,
        tags: None,
        deprecated: None,
        range: full,
        selection_range: selection,
        children: (!children.is_empty()).then_some(children),
    })
}

fn children(analysis: &Analysis, decl: DeclRef) -> Vec<DocumentSymbol> {
    let model = analysis.model();
    let mut found = Vec::new();
    let mut member = |name: &str, kind: SymbolKind, to: Definition| {
        if let Some(span) = analysis.declaration_span(to) {
            if let Some(child) = symbol(analysis, name, kind, span, span, Vec::new()) {
                found.push(child);
            }
        }
    };
    let record = match decl {
        DeclRef::Type(id) => Some(id),
        DeclRef::Entity(id) => model.entities.get(id.index()).map(|entity| entity.record),
        _ => None,
    };
    if let Some(record) = record {
        match model.types.get(record.index()).map(|def| &def.kind) {
            Some(TypeKind::Record(fields)) => {
                for (index, field) in fields.fields.iter().enumerate() {
                    member(
                        &field.name,
                        SymbolKind::FIELD,
                        Definition::Field {
                            record,
                            field: index,
                        },
                    );
                }
            }
            Some(TypeKind::Enum { symbols, .. }) => {
                for (index, symbol) in symbols.iter().enumerate() {
                    member(
                        &symbol.name,
                        SymbolKind::ENUM_MEMBER,
                        Definition::EnumSymbol {
                            enumeration: record,
                            symbol: index,
                        },
                    );
                }
            }
            _ => {}
        }
    }
    if let DeclRef::Event(id) = decl {
        if let Some(event) = model.events.get(id.index()) {
            for version in &event.versions {
                member(
                    &format!("v{}", version.number),
                    SymbolKind::CLASS,
                    Definition::EventVersion {
                        event: id,
                        version: version.number,
                    },
                );
            }
        }
    }
    if let DeclRef::Api(id) = decl {
        for (operation, found) in model.operations().filter(|(op, _)| op.api == id) {
            member(
                &found.name,
                SymbolKind::METHOD,
                Definition::Operation(operation),
            );
        }
    }
    found
}

fn kind_of(kind: DeclarationKind) -> SymbolKind {
    match kind {
        DeclarationKind::Domain => SymbolKind::NAMESPACE,
        DeclarationKind::System => SymbolKind::MODULE,
        DeclarationKind::TypeAlias => SymbolKind::TYPE_PARAMETER,
        DeclarationKind::Enum => SymbolKind::ENUM,
        DeclarationKind::Record => SymbolKind::STRUCT,
        DeclarationKind::Entity => SymbolKind::CLASS,
        DeclarationKind::Event => SymbolKind::EVENT,
        DeclarationKind::Api => SymbolKind::INTERFACE,
        DeclarationKind::Policy => SymbolKind::PROPERTY,
        DeclarationKind::Workflow => SymbolKind::FUNCTION,
        DeclarationKind::Test => SymbolKind::METHOD,
    }
}

pub(crate) fn decl_kind(decl: DeclRef) -> SymbolKind {
    match decl {
        DeclRef::Domain(_) => SymbolKind::NAMESPACE,
        DeclRef::System(_) => SymbolKind::MODULE,
        DeclRef::Type(_) => SymbolKind::STRUCT,
        DeclRef::Entity(_) => SymbolKind::CLASS,
        DeclRef::Event(_) => SymbolKind::EVENT,
        DeclRef::Api(_) => SymbolKind::INTERFACE,
        DeclRef::Policy(_) => SymbolKind::PROPERTY,
        DeclRef::Workflow(_) => SymbolKind::FUNCTION,
        DeclRef::Test(_) => SymbolKind::METHOD,
    }
}

#[allow(deprecated)] // `deprecated` is a required field of the type.
pub(crate) fn workspace(
    world: &World,
    params: WorkspaceSymbolParams,
) -> Option<WorkspaceSymbolResponse> {
    let query = params.query.to_lowercase();
    let mut found = Vec::new();
    for project in world.projects.values() {
        let Some(analysis) = &project.analysis else {
            continue;
        };
        let model = analysis.model();
        for decl in declarations(model) {
            let Some(name) = decl_name(model, decl) else {
                continue;
            };
            if !name.name.to_lowercase().contains(&query) {
                continue;
            }
            // Only the project's own declarations: the standard library
            // has no file to open.
            let Some(place) = location(analysis, name.span) else {
                continue;
            };
            found.push(SymbolInformation {
                name: name.name.to_string(),
                kind: decl_kind(decl),
                tags: None,
                deprecated: None,
                location: place,
                container_name: Some(name.package.to_string()),
            });
        }
    }
    found.sort_by(|a, b| {
        (&a.name, a.location.uri.as_str()).cmp(&(&b.name, b.location.uri.as_str()))
    });
    Some(WorkspaceSymbolResponse::Flat(found))
}
