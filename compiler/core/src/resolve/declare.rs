//! Pass 1: every named declaration gets an id and a fully-qualified name.

use super::index::WrittenNames;
use super::{meta, FileScope, Resolver};
use crate::codes;
use crate::model::*;
use weft_syntax::syntax::{Item, ItemKind, UseDecl};
use weft_syntax::{Diagnostic, ParsedFile, UnparsedClause};

impl Resolver {
    /// Sizes the model's lists and the name table for every declaration of
    /// the compilation, counted from the syntax alone: pass 1 then pushes
    /// without growing (each growth of a large list copies it).
    pub(crate) fn reserve_declarations(&mut self, parsed: &[ParsedFile]) {
        let mut counts = [0usize; 9];
        for item in parsed.iter().flat_map(|file| file.items.iter()) {
            let slot = match &item.kind {
                ItemKind::Domain(_) => 0,
                ItemKind::System(_) => 1,
                ItemKind::TypeAlias(_) | ItemKind::Enum(_) | ItemKind::Record(_) => 2,
                ItemKind::Entity(_) => {
                    // An entity is a type (its record) too.
                    counts[2] += 1;
                    3
                }
                ItemKind::Event(_) => 4,
                ItemKind::Api(_) => 5,
                ItemKind::Policy(_) => 6,
                ItemKind::Workflow(_) => 7,
                ItemKind::Test(_) => 8,
                ItemKind::Package(_) | ItemKind::Use(_) | ItemKind::Broken(_) => continue,
            };
            counts[slot] += 1;
        }
        let [domains, systems, types, entities, events, apis, policies, workflows, tests] = counts;
        let model = &mut self.model;
        model.domains.reserve_exact(domains);
        model.systems.reserve_exact(systems);
        model.types.reserve_exact(types);
        model.entities.reserve_exact(entities);
        model.events.reserve_exact(events);
        model.apis.reserve_exact(apis);
        model.policies.reserve_exact(policies);
        model.workflows.reserve_exact(workflows);
        model.tests.reserve_exact(tests);
        self.table
            .reserve(domains + systems + types + events + apis + policies + workflows + tests);
    }

    pub(crate) fn declare_file(&mut self, file: &ParsedFile, written: WrittenNames) {
        let declared: Vec<&weft_syntax::syntax::Path> = file
            .items
            .iter()
            .filter_map(|item| match &item.kind {
                ItemKind::Package(decl) => Some(&decl.path),
                _ => None,
            })
            .collect();
        if let [first, second, ..] = declared.as_slice() {
            let help = "a file belongs to one package: keep one `package` line, and move the declarations of the other package to a file of their own";
            super::duplicate_with(
                &mut self.diagnostics,
                "`package`",
                second.span(),
                first.span(),
                help,
            );
        }
        let mut summary = super::index::index_file(file, &self.default_package, written);
        self.table.add_package(&summary.package);
        for entry in &mut summary.items {
            let Some(item) = file.items.get(entry.position) else {
                continue;
            };
            entry.decl = self.declare(summary.package, entry, item);
        }
        let declared: Vec<(usize, DeclRef)> = summary
            .items
            .iter()
            .filter_map(|entry| Some((entry.position, entry.decl?)))
            .collect();
        if !file.unparsed_clauses.is_empty() {
            self.note_unparsed_clauses(file, &declared);
        }
        self.declared.insert(file.file, declared);
        self.model.index.files.insert(file.file, summary);
    }

    /// Keeps the keywords of the clauses that did not parse, with where
    /// they are written, by the declaration they are in (`declared`: the
    /// file's declarations that got an id, by position).
    fn note_unparsed_clauses(&mut self, file: &ParsedFile, declared: &[(usize, DeclRef)]) {
        for &(position, decl) in declared {
            let Some(item) = file.items.get(position) else {
                continue;
            };
            // Both lists are in source order: the item's clauses are found
            // by a binary search, not a scan per item.
            let clauses = &file.unparsed_clauses;
            let first = clauses.partition_point(|clause| clause.span.start < item.span.start);
            let keywords: smallvec::SmallVec<[UnparsedClause; 2]> = clauses
                .get(first..)
                .unwrap_or_default()
                .iter()
                .take_while(|clause| clause.span.end <= item.span.end)
                .cloned()
                .collect();
            if !keywords.is_empty() {
                self.unparsed.insert(decl, keywords);
            }
        }
    }

    /// Gives the declaration an id, unless its name is taken.
    fn declare(
        &mut self,
        package: weft_syntax::syntax::Name,
        entry: &IndexedItem,
        item: &Item,
    ) -> Option<DeclRef> {
        let name = Name {
            package,
            name: entry.name,
            span: entry.name_span,
        };
        let ident_span = entry.name_span;
        let meta = meta(&item.attributes, item.span);
        let first = self
            .table
            .get_in(&package, entry.name)
            .map(|(_, span)| span)
            .or_else(|| self.table.broken_in(&package, entry.name));
        if let Some(first) = first {
            self.diagnostics.push(
                Diagnostic::error(
                    codes::DUPLICATE_DECLARATION,
                    format!("`{package}.{}` is declared twice", entry.name),
                    ident_span,
                    "second declaration",
                )
                .with_label(first, "first declared here")
                .with_help("rename one of them, or move one to another package"),
            );
            return None;
        }
        let decl = match &item.kind {
            ItemKind::Broken(_) => {
                self.table.declare_broken(&package, entry.name, ident_span);
                return None;
            }
            ItemKind::Package(_) | ItemKind::Use(_) => return None,
            ItemKind::Domain(_) => {
                self.model.domains.push(Domain {
                    name,
                    meta,
                    owner: None,
                    contact: None,
                    policies: AppliedPolicies::default(),
                });
                DeclRef::Domain(DomainId(last(&self.model.domains)))
            }
            ItemKind::System(_) => {
                self.model.systems.push(System {
                    name,
                    meta,
                    domain: None,
                    kind: None,
                    hosting: None,
                    connectivity: None,
                    consumes: Vec::new(),
                    policies: AppliedPolicies::default(),
                });
                DeclRef::System(SystemId(last(&self.model.systems)))
            }
            ItemKind::TypeAlias(_) => {
                let kind = TypeKind::Alias {
                    target: Type::Unknown,
                    constraints: Rare::default(),
                };
                self.model.types.push(TypeDef { name, meta, kind });
                DeclRef::Type(TypeId(last(&self.model.types)))
            }
            ItemKind::Enum(_) => {
                self.model.types.push(TypeDef {
                    name,
                    meta,
                    kind: TypeKind::Enum {
                        symbols: Vec::new(),
                        fallback: None,
                    },
                });
                DeclRef::Type(TypeId(last(&self.model.types)))
            }
            ItemKind::Record(_) => {
                self.model.types.push(TypeDef {
                    name,
                    meta,
                    kind: TypeKind::Record(Record::default()),
                });
                DeclRef::Type(TypeId(last(&self.model.types)))
            }
            ItemKind::Entity(_) => {
                let entity = EntityId(u32::try_from(self.model.entities.len()).unwrap_or(u32::MAX));
                let record = Record {
                    entity: Some(entity),
                    ..Record::default()
                };
                self.model.types.push(TypeDef {
                    name: name.clone(),
                    meta: meta.clone(),
                    kind: TypeKind::Record(record),
                });
                let record = TypeId(last(&self.model.types));
                self.model.entities.push(Entity {
                    name,
                    meta,
                    owner: None,
                    owner_span: ident_span,
                    key: Vec::new(),
                    record,
                    policies: AppliedPolicies::default(),
                });
                DeclRef::Entity(entity)
            }
            ItemKind::Event(_) => {
                self.model.events.push(Event {
                    name,
                    meta,
                    producer: None,
                    producer_span: ident_span,
                    about: None,
                    about_span: ident_span,
                    key: Vec::new(),
                    compatibility: self.model.default_compatibility,
                    delivery: None,
                    retention_ms: None,
                    compacted: false,
                    dead_letter: None,
                    topic: Rare::default(),
                    versions: Vec::new(),
                    consumers: Vec::new(),
                    policies: AppliedPolicies::default(),
                });
                DeclRef::Event(EventId(last(&self.model.events)))
            }
            ItemKind::Api(_) => {
                self.model.apis.push(Api {
                    name,
                    meta,
                    host: None,
                    host_span: ident_span,
                    version: (0, 0, 0),
                    base: String::new(),
                    auth: None,
                    operations: Vec::new(),
                    policies: AppliedPolicies::default(),
                });
                DeclRef::Api(ApiId(last(&self.model.apis)))
            }
            ItemKind::Policy(_) => {
                self.model.policies.push(Policy {
                    name,
                    meta,
                    rules: Vec::new(),
                });
                DeclRef::Policy(PolicyId(last(&self.model.policies)))
            }
            ItemKind::Workflow(_) => {
                self.model.workflows.push(Workflow {
                    name,
                    meta,
                    host: None,
                    host_span: ident_span,
                    trigger: None,
                    trigger_span: ident_span,
                    sla_ms: None,
                    timeout_ms: None,
                    policies: AppliedPolicies::default(),
                    graph: StateGraph::default(),
                    variables: Vec::new(),
                });
                DeclRef::Workflow(WorkflowId(last(&self.model.workflows)))
            }
            ItemKind::Test(_) => {
                self.model.tests.push(Test {
                    name,
                    workflow: None,
                    members: Vec::new(),
                });
                DeclRef::Test(TestId(last(&self.model.tests)))
            }
        };
        self.table.declare(&package, entry.name, decl, ident_span);
        Some(decl)
    }

    /// The scope of a file: its package and its `use` lines.
    pub(crate) fn file_scope(&mut self, file: &ParsedFile) -> FileScope {
        let uses: Vec<&UseDecl> = file
            .items
            .iter()
            .filter_map(|item| match &item.kind {
                ItemKind::Use(decl) => Some(&**decl),
                _ => None,
            })
            .collect();
        let (package, targets) = self
            .model
            .index
            .file(file.file)
            .map(|summary| (summary.package.to_smol_str(), summary.imports.as_slice()))
            .unwrap_or_default();
        FileScope::new(
            package,
            (&uses, targets),
            &self.table,
            (
                &mut self.diagnostics,
                self.record_references.then_some(&mut self.model.references),
            ),
        )
    }
}

/// The id of the element just pushed.
fn last<T>(items: &[T]) -> u32 {
    u32::try_from(items.len().saturating_sub(1)).unwrap_or(u32::MAX)
}
