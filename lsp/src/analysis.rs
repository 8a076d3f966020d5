//! One analysis of one project: the sources, the compiler's result (model,
//! diagnostics, parsed files) and, computed once, every *site*: each place
//! that declares or names something, with what it is. Navigation, rename,
//! highlights and semantic tokens all read the sites.

use crate::convert::{Lines, Text};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use weft_base::{FileId, Span};
use weft_compiler::model::{
    DeclRef, Definition, Model, Name, OperationRef, Type, TypeId, TypeKind,
};
use weft_compiler::{CheckResult, SourceMap};

/// A place in the source that declares or names something.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Site {
    /// The name as written.
    pub(crate) span: Span,
    /// What it is.
    pub(crate) to: Definition,
    /// Whether this is where it is declared (not a use).
    pub(crate) declaration: bool,
}

/// The analysis of one project at one moment.
pub(crate) struct Analysis {
    /// The texts, stdlib first.
    pub(crate) sources: SourceMap,
    /// The compiler's result.
    pub(crate) result: CheckResult,
    /// Each file's path (`None` for the standard library), by id.
    pub(crate) paths: Vec<Option<PathBuf>>,
    /// The editor's version of each open document's text this analysis
    /// read (files read from the disk have none).
    versions: HashMap<PathBuf, i32>,
    ids: HashMap<PathBuf, FileId>,
    lines: Vec<Lines>,
    /// Every site, grouped by file and sorted by position.
    sites: HashMap<FileId, Vec<Site>>,
}

impl Analysis {
    /// Builds the lookups of a finished check.
    pub(crate) fn new(
        sources: SourceMap,
        result: CheckResult,
        paths: Vec<Option<PathBuf>>,
        versions: HashMap<PathBuf, i32>,
    ) -> Analysis {
        let ids = paths
            .iter()
            .enumerate()
            .filter_map(|(index, path)| Some((path.clone()?, FileId(u32::try_from(index).ok()?))))
            .collect();
        let lines = sources.files().map(|file| Lines::new(&file.text)).collect();
        let mut analysis = Analysis {
            sources,
            result,
            paths,
            versions,
            ids,
            lines,
            sites: HashMap::new(),
        };
        analysis.sites = collect_sites(&analysis);
        analysis
    }

    /// The model.
    pub(crate) fn model(&self) -> &Model {
        &self.result.model
    }

    /// The id of a project file.
    pub(crate) fn file_id(&self, path: &Path) -> Option<FileId> {
        self.ids.get(path).copied()
    }

    /// The editor's version of the text this analysis read for a file;
    /// none when it was read from the disk.
    pub(crate) fn version(&self, path: &Path) -> Option<i32> {
        self.versions.get(path).copied()
    }

    /// The path of a file (none for the standard library).
    pub(crate) fn path(&self, file: FileId) -> Option<&Path> {
        self.paths.get(file.0 as usize)?.as_deref()
    }

    /// A file's text with its line index.
    pub(crate) fn text(&self, file: FileId) -> Option<Text<'_>> {
        Some(Text {
            text: &self.sources.get(file)?.text,
            lines: self.lines.get(file.0 as usize)?,
        })
    }

    /// The text a span covers.
    pub(crate) fn slice(&self, span: Span) -> &str {
        self.sources
            .get(span.file)
            .and_then(|file| file.text.get(span.range()))
            .unwrap_or("")
    }

    /// A file's sites, sorted by position.
    pub(crate) fn sites_in(&self, file: FileId) -> &[Site] {
        self.sites.get(&file).map_or(&[], Vec::as_slice)
    }

    /// The innermost site at a byte offset of a file.
    pub(crate) fn site_at(&self, file: FileId, offset: usize) -> Option<Site> {
        let offset = u32::try_from(offset).ok()?;
        self.sites_in(file)
            .iter()
            .filter(|site| site.span.contains(offset))
            .min_by_key(|site| site.span.end - site.span.start)
            .copied()
    }

    /// Every site of one definition, over all files.
    pub(crate) fn sites_of(&self, to: Definition) -> Vec<Site> {
        let mut found: Vec<Site> = self
            .sites
            .values()
            .flatten()
            .filter(|site| site.to == to)
            .copied()
            .collect();
        found.sort_by_key(|site| site.span);
        found
    }

    /// Where a definition is declared (its name).
    pub(crate) fn declaration_span(&self, to: Definition) -> Option<Span> {
        let model = self.model();
        match to {
            Definition::Decl(decl) => Some(decl_name(model, decl)?.span),
            Definition::Field { record, field } => {
                Some(record_fields(model, record)?.get(field)?.name_span)
            }
            Definition::EnumSymbol {
                enumeration,
                symbol,
            } => {
                let TypeKind::Enum { symbols, .. } = &model.types.get(enumeration.index())?.kind
                else {
                    return None;
                };
                let symbol = symbols.get(symbol)?;
                Some(self.name_within(symbol.meta.span, &symbol.name))
            }
            Definition::EventVersion { event, version } => {
                let event = model.events.get(event.index())?;
                let span = event.version(version)?.meta.span;
                Some(if span == Span::default() {
                    event.name.span
                } else {
                    span
                })
            }
            Definition::Operation(operation) => {
                let found = operation_of(model, operation)?;
                Some(self.name_within(found.meta.span, &found.name))
            }
            Definition::Parameter {
                operation,
                parameter,
            } => Some(
                operation_of(model, operation)?
                    .params
                    .get(parameter)?
                    .field
                    .name_span,
            ),
            Definition::Variable { workflow, variable } => Some(
                model
                    .workflows
                    .get(workflow.index())?
                    .variables
                    .get(variable)?
                    .span,
            ),
        }
    }

    /// The span of `name` written as a word inside `outer`, outside doc
    /// comments and annotations; `outer` itself when it is not found.
    pub(crate) fn name_within(&self, outer: Span, name: &str) -> Span {
        let text = self.slice(outer);
        let mut line_start = 0;
        for line in text.split_inclusive('\n') {
            let trimmed = line.trim_start();
            if !(trimmed.starts_with("//") || trimmed.starts_with('@')) {
                for (at, _) in line.match_indices(name) {
                    let before = line[..at].chars().next_back();
                    let after = line[at + name.len()..].chars().next();
                    let is_word =
                        |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
                    if !is_word(before) && !is_word(after) {
                        let start = outer.start as usize + line_start + at;
                        return Span::new(outer.file, start, start + name.len());
                    }
                }
            }
            line_start += line.len();
        }
        outer
    }

    /// Whether a definition lives in the standard library.
    pub(crate) fn is_std(&self, to: Definition) -> bool {
        self.declaration_span(to)
            .is_some_and(|span| self.path(span.file).is_none())
    }
}

/// The name of a declaration.
pub(crate) fn decl_name(model: &Model, decl: DeclRef) -> Option<&Name> {
    Some(match decl {
        DeclRef::Domain(id) => &model.domains.get(id.index())?.name,
        DeclRef::System(id) => &model.systems.get(id.index())?.name,
        DeclRef::Type(id) => &model.types.get(id.index())?.name,
        DeclRef::Entity(id) => &model.entities.get(id.index())?.name,
        DeclRef::Event(id) => &model.events.get(id.index())?.name,
        DeclRef::Api(id) => &model.apis.get(id.index())?.name,
        DeclRef::Policy(id) => &model.policies.get(id.index())?.name,
        DeclRef::Workflow(id) => &model.workflows.get(id.index())?.name,
        DeclRef::Test(id) => &model.tests.get(id.index())?.name,
    })
}

/// The fields of a record type.
pub(crate) fn record_fields(
    model: &Model,
    record: TypeId,
) -> Option<&Vec<weft_compiler::model::Field>> {
    match &model.types.get(record.index())?.kind {
        TypeKind::Record(record) => Some(&record.fields),
        _ => None,
    }
}

/// An operation, if the reference is valid.
pub(crate) fn operation_of(
    model: &Model,
    operation: OperationRef,
) -> Option<&weft_compiler::model::Operation> {
    model
        .apis
        .get(operation.api.index())?
        .operations
        .get(operation.index())
}

/// A type as written in weft: `PlantId`, `list<Money>`, `decimal(19, 4)?`.
pub(crate) fn type_text(model: &Model, ty: &Type) -> String {
    match ty {
        Type::Named(id) => named_type_text(model, *id),
        Type::List(element) => format!("list<{}>", type_text(model, element)),
        Type::Map(map) => format!(
            "map<{}, {}>",
            type_text(model, &map.0),
            type_text(model, &map.1)
        ),
        Type::Optional(inner) => format!("{}?", type_text(model, inner)),
        Type::Unknown => "unknown".to_string(),
        other => other.primitive_name().unwrap_or_default(),
    }
}

/// A declared type's name; an event version's inline payload is shown as
/// the version (`OrderPlaced v1`).
fn named_type_text(model: &Model, id: TypeId) -> String {
    let Some(def) = model.types.get(id.index()) else {
        return "unknown".to_string();
    };
    if model.lookup(&def.name.qualified()).is_none() {
        for event in &model.events {
            if let Some(version) = event.versions.iter().find(|v| v.payload == id) {
                return format!("{} v{}", event.name.name, version.number);
            }
        }
    }
    def.name.name.to_string()
}

/// Every declaration of the model with its reference.
pub(crate) fn declarations(model: &Model) -> Vec<DeclRef> {
    use weft_compiler::model::*;
    let ids = |count: usize| (0..count).filter_map(|index| u32::try_from(index).ok());
    let mut all = Vec::new();
    all.extend(ids(model.domains.len()).map(|id| DeclRef::Domain(DomainId(id))));
    all.extend(ids(model.systems.len()).map(|id| DeclRef::System(SystemId(id))));
    // Only types declared by name: an entity's own record is the entity,
    // and an event version's inline payload belongs to the event.
    all.extend(
        ids(model.types.len())
            .filter(|id| {
                model.types.get(*id as usize).is_some_and(|def| {
                    model.lookup(&def.name.qualified()) == Some(DeclRef::Type(TypeId(*id)))
                })
            })
            .map(|id| DeclRef::Type(TypeId(id))),
    );
    all.extend(ids(model.entities.len()).map(|id| DeclRef::Entity(EntityId(id))));
    all.extend(ids(model.events.len()).map(|id| DeclRef::Event(EventId(id))));
    all.extend(ids(model.apis.len()).map(|id| DeclRef::Api(ApiId(id))));
    all.extend(ids(model.policies.len()).map(|id| DeclRef::Policy(PolicyId(id))));
    all.extend(ids(model.workflows.len()).map(|id| DeclRef::Workflow(WorkflowId(id))));
    all.extend(ids(model.tests.len()).map(|id| DeclRef::Test(TestId(id))));
    all
}

fn collect_sites(analysis: &Analysis) -> HashMap<FileId, Vec<Site>> {
    let model = analysis.model();
    let mut sites: Vec<Site> = model
        .references
        .iter()
        .map(|reference| Site {
            span: reference.span,
            to: reference.to,
            declaration: false,
        })
        .collect();
    let mut declare = |to: Definition| {
        if let Some(span) = analysis.declaration_span(to) {
            if span != Span::default() {
                sites.push(Site {
                    span,
                    to,
                    declaration: true,
                });
            }
        }
    };
    for decl in declarations(model) {
        declare(Definition::Decl(decl));
    }
    for (index, def) in model.types.iter().enumerate() {
        let Ok(id) = u32::try_from(index) else {
            continue;
        };
        match &def.kind {
            TypeKind::Record(record) => {
                // Entities' records share their fields with the entity; the
                // field spans are the same, so one site each is enough.
                for field in 0..record.fields.len() {
                    declare(Definition::Field {
                        record: TypeId(id),
                        field,
                    });
                }
            }
            TypeKind::Enum { symbols, .. } => {
                for symbol in 0..symbols.len() {
                    declare(Definition::EnumSymbol {
                        enumeration: TypeId(id),
                        symbol,
                    });
                }
            }
            TypeKind::Alias { .. } => {}
        }
    }
    for (operation, found) in model.operations() {
        declare(Definition::Operation(operation));
        for parameter in 0..found.params.len() {
            declare(Definition::Parameter {
                operation,
                parameter,
            });
        }
    }
    for (index, workflow) in model.workflows.iter().enumerate() {
        let Ok(id) = u32::try_from(index) else {
            continue;
        };
        for variable in 0..workflow.variables.len() {
            declare(Definition::Variable {
                workflow: weft_compiler::model::WorkflowId(id),
                variable,
            });
        }
    }
    let mut by_file: HashMap<FileId, Vec<Site>> = HashMap::new();
    for site in sites {
        by_file.entry(site.span.file).or_default().push(site);
    }
    for file_sites in by_file.values_mut() {
        file_sites.sort_by_key(|site| (site.span, !site.declaration));
        file_sites.dedup_by(|a, b| a.span == b.span && a.to == b.to);
    }
    by_file
}
