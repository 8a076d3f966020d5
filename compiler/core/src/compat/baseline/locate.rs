//! Where a baseline finding points in the new sources: the declaration,
//! version, operation or field it is about, or — for what exists only in the
//! baseline — the new declaration nearest to where it was, or the manifest.

use super::{relative_name, Place, Project};
use crate::manifest::MANIFEST_FILE;
use crate::model::{ApiId, DeclRef, EventId, Model, Record, Type, TypeKind};
use crate::sources::{Origin, SourceMap};
use weft_syntax::Span;

/// The event with this qualified name in the new model.
pub fn event_id(model: &Model, qualified: &str) -> Option<EventId> {
    match model.lookup(qualified)? {
        DeclRef::Event(id) => Some(id),
        _ => None,
    }
}

/// The API with this qualified name in the new model.
pub fn api_id(model: &Model, qualified: &str) -> Option<ApiId> {
    match model.lookup(qualified)? {
        DeclRef::Api(id) => Some(id),
        _ => None,
    }
}

/// The span cut to its first line (an operation's span covers its block).
pub fn first_line(sources: &SourceMap, span: Span) -> Span {
    let Some(file) = sources.get(span.file) else {
        return span;
    };
    let text = file.text.get(span.range()).unwrap_or_default();
    let line = text.lines().next().unwrap_or_default().trim_end();
    Span::new(
        span.file,
        span.start as usize,
        span.start as usize + line.len(),
    )
}

/// The span of the field at `path` (relative to the value of type `root`:
/// `customer.id`, `lines[].sku`), or of the deepest part of it that exists.
pub fn field_span(model: &Model, root: &Type, path: &str) -> Option<Span> {
    let mut ty = root.clone();
    let mut found = None;
    for segment in path.split('.') {
        let name = segment.trim_end_matches(['[', ']', '{', '}']);
        if name.is_empty() {
            continue;
        }
        let Some(record) = record_of(model, &ty, 0) else {
            break;
        };
        let Some(field) = record.fields.iter().find(|field| field.name == name) else {
            break;
        };
        found = Some(field.name_span);
        ty = field.ty.clone();
    }
    found
}

/// Where the declared type a value has is named (through lists, maps and
/// optional markers): `record OrderView` for `list<OrderView>`.
pub fn type_span(model: &Model, ty: &Type) -> Option<Span> {
    match ty {
        Type::Optional(inner) | Type::List(inner) => type_span(model, inner),
        Type::Map(map) => type_span(model, &map.1),
        Type::Named(id) => model.types.get(id.index()).map(|def| def.name.span),
        _ => None,
    }
}

fn record_of<'m>(model: &'m Model, ty: &Type, depth: usize) -> Option<&'m Record> {
    if depth > 64 {
        return None;
    }
    match ty {
        Type::Optional(inner) | Type::List(inner) => record_of(model, inner, depth + 1),
        Type::Map(map) => record_of(model, &map.1, depth + 1),
        Type::Named(id) => match &model.types.get(id.index())?.kind {
            TypeKind::Record(record) => Some(record),
            TypeKind::Alias { target, .. } => record_of(model, target, depth + 1),
            TypeKind::Enum { .. } => None,
        },
        _ => None,
    }
}

/// The first line of the manifest, or of the first project file.
pub fn manifest_span(project: &Project<'_>) -> Span {
    let files: Vec<_> = project
        .sources
        .files()
        .filter(|file| file.origin == Origin::Project)
        .collect();
    let file = files
        .iter()
        .find(|file| file.name.ends_with(MANIFEST_FILE))
        .or_else(|| files.iter().find(|file| file.is_weft()));
    match file {
        Some(file) => {
            let line = file.text.lines().next().unwrap_or_default().trim_end();
            Span::new(file.id, 0, line.len())
        }
        None => Span::default(),
    }
}

/// The new declaration nearest to where the baseline had something: in the
/// file with the same relative path, the declaration whose line is closest;
/// else the manifest.
pub fn nearest(project: &Project<'_>, place: Option<&Place>) -> Span {
    let Some(place) = place else {
        return manifest_span(project);
    };
    let Some(file) = project.sources.files().find(|file| {
        file.origin == Origin::Project && relative_name(&file.name, project.root) == place.file
    }) else {
        return manifest_span(project);
    };
    let model = project.model;
    let best = model
        .names
        .values()
        .filter_map(|decl| decl_span(model, *decl))
        .filter(|span| span.file == file.id)
        .min_by_key(|span| {
            let (line, _) = file.line_column(span.start as usize);
            (line.abs_diff(place.line), span.start)
        });
    match best {
        Some(span) => span,
        None => {
            let line = file.text.lines().next().unwrap_or_default().trim_end();
            Span::new(file.id, 0, line.len())
        }
    }
}

/// Where a declaration's name is written.
fn decl_span(model: &Model, decl: DeclRef) -> Option<Span> {
    Some(match decl {
        DeclRef::Domain(id) => model.domains.get(id.index())?.name.span,
        DeclRef::System(id) => model.systems.get(id.index())?.name.span,
        DeclRef::Type(id) => model.types.get(id.index())?.name.span,
        DeclRef::Entity(id) => model.entities.get(id.index())?.name.span,
        DeclRef::Event(id) => model.events.get(id.index())?.name.span,
        DeclRef::Api(id) => model.apis.get(id.index())?.name.span,
        DeclRef::Policy(id) => model.policies.get(id.index())?.name.span,
        DeclRef::Workflow(id) => model.workflows.get(id.index())?.name.span,
        DeclRef::Test(id) => model.tests.get(id.index())?.name.span,
    })
}
