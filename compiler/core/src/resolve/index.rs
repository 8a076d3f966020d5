//! Building the item index ([`ItemIndex`]) from the parsed files: the first
//! thing resolution does. It reads only the syntax of one file at a time, so
//! a file's summary depends on nothing else, and it collects every
//! declaration name a declaration writes, so that a summary changes exactly
//! when what the file declares or names changes.

use super::intern::join_into;
use crate::model::{DeclarationKind, FileIndex, IndexedItem, SmolStr, WrittenName};
use rustc_hash::FxHasher;
use smol_str::format_smolstr;
use std::hash::Hasher;
use weft_syntax::syntax::{self as ast, DeclKind, Item, ItemKind, Name};
use weft_syntax::ParsedFile;

/// Whether a summary fingerprints the names each item writes
/// ([`IndexedItem::written`]).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum WrittenNames {
    /// For an index that outlives declaring: the editor compares the
    /// fingerprints to tell which edits change what a file depends on.
    Fingerprinted,
    /// For `check` and `build`, which free the index once declaring is
    /// done and never read a fingerprint (walking every item's names took
    /// 11 million instructions at 10,000 declarations): `written` is 0.
    Skipped,
}

/// The summary of one file; `default_package` is the package of files that
/// declare none. Ids are filled in later, by the *declare* pass.
pub(crate) fn index_file(
    file: &ParsedFile,
    default_package: &str,
    written: WrittenNames,
) -> FileIndex {
    let package = file
        .items
        .iter()
        .find_map(|item| match &item.kind {
            ItemKind::Package(decl) => Some(Name::new(&decl.path.joined())),
            _ => None,
        })
        .unwrap_or_else(|| Name::new(default_package));
    let mut imports = Vec::new();
    let mut items = Vec::with_capacity(file.items.len());
    // Imported full names are composed here and copied once into their
    // `SmolStr` (a long one is one allocation; `format_smolstr!` made two).
    let mut buffer = String::new();
    for (position, item) in file.items.iter().enumerate() {
        if let ItemKind::Use(decl) = &item.kind {
            imported(decl, &mut buffer, &mut imports);
            continue;
        }
        let (Some(kind), Some(ident)) = (declaration_kind(&item.kind), item.kind.name()) else {
            continue;
        };
        // The written names themselves are for editors, made on request
        // ([`written_names`]); the summary keeps only their fingerprint.
        let fingerprint = match written {
            WrittenNames::Fingerprinted => {
                let mut fingerprint = Fingerprint(FxHasher::default());
                walk_written(item, &mut fingerprint);
                fingerprint.0.finish()
            }
            WrittenNames::Skipped => 0,
        };
        items.push(IndexedItem {
            position,
            kind,
            broken: matches!(item.kind, ItemKind::Broken(_)),
            name: ident.text,
            span: item.span,
            name_span: ident.span,
            written: fingerprint,
            decl: None,
        });
    }
    FileIndex {
        package,
        imports,
        items,
    }
}

/// Every declaration name an item writes (types, owners, producers,
/// events, APIs and operations, policies, domains, systems, workflows), in
/// source order, as written: what [`IndexedItem::written`] is the
/// fingerprint of. Made on request, for editors and tests: resolution needs
/// only the fingerprint.
pub fn written_names(item: &Item) -> Vec<WrittenName> {
    let mut names = Collect(Vec::new());
    walk_written(item, &mut names);
    names.0
}

/// What a walk of the written names does with each: `version` is set for
/// an event version (`OrderPlaced v2`).
trait Written {
    fn name(&mut self, path: &ast::Path, version: Option<&ast::VersionRef>);
}

/// Collects the names with their text.
struct Collect(Vec<WrittenName>);

impl Written for Collect {
    fn name(&mut self, path: &ast::Path, version: Option<&ast::VersionRef>) {
        self.0.push(match version {
            None => WrittenName {
                text: path.joined(),
                span: path.span(),
            },
            Some(version) => WrittenName {
                text: format_smolstr!("{} v{}", path.joined(), version.number),
                span: path.span().to(version.span),
            },
        });
    }
}

/// Hashes the names' texts (segments, dots and versions) without making
/// them: equal sequences of written names give equal fingerprints.
struct Fingerprint(FxHasher);

impl Written for Fingerprint {
    fn name(&mut self, path: &ast::Path, version: Option<&ast::VersionRef>) {
        for segment in &path.segments {
            self.0.write(segment.text.as_bytes());
            // The separator keeps `a.bc` and `ab.c` apart.
            self.0.write_u8(b'.');
        }
        match version {
            Some(version) => {
                self.0.write_u8(1);
                self.0.write_u32(version.number);
            }
            None => self.0.write_u8(0),
        }
    }
}

/// The kind of a named declaration (`None` for `package` and `use`).
fn declaration_kind(kind: &ItemKind) -> Option<DeclarationKind> {
    Some(match kind.decl_kind() {
        DeclKind::Package | DeclKind::Use => return None,
        DeclKind::Domain => DeclarationKind::Domain,
        DeclKind::System => DeclarationKind::System,
        DeclKind::TypeAlias => DeclarationKind::TypeAlias,
        DeclKind::Enum => DeclarationKind::Enum,
        DeclKind::Record => DeclarationKind::Record,
        DeclKind::Entity => DeclarationKind::Entity,
        DeclKind::Event => DeclarationKind::Event,
        DeclKind::Api => DeclarationKind::Api,
        DeclKind::Policy => DeclarationKind::Policy,
        DeclKind::Workflow => DeclarationKind::Workflow,
        DeclKind::Test => DeclarationKind::Test,
    })
}

/// The full names a `use` line imports, appended to `out`.
fn imported(decl: &ast::UseDecl, buffer: &mut String, out: &mut Vec<WrittenName>) {
    if decl.names.is_empty() {
        out.push(WrittenName {
            text: decl.path.joined(),
            span: decl.path.span(),
        });
        return;
    }
    let segments = decl
        .path
        .segments
        .iter()
        .map(|segment| segment.text.as_str());
    join_into(buffer, segments);
    let base = buffer.len();
    for name in &decl.names {
        buffer.truncate(base);
        buffer.push('.');
        buffer.push_str(&name.name.text);
        out.push(WrittenName {
            text: SmolStr::new(buffer.as_str()),
            span: name.name.span,
        });
    }
}

/// Visits every declaration name an item writes, in source order.
fn walk_written(item: &Item, out: &mut impl Written) {
    match &item.kind {
        ItemKind::Package(_) | ItemKind::Use(_) | ItemKind::Broken(_) => {}
        ItemKind::Domain(decl) => {
            for clause in &decl.clauses {
                if let ast::DomainClause::Apply(apply) = clause {
                    applied(apply, out);
                }
            }
        }
        ItemKind::System(decl) => {
            for clause in &decl.clauses {
                match clause {
                    ast::SystemClause::Domain(path) => out.name(path, None),
                    ast::SystemClause::Apply(apply) => applied(apply, out),
                    ast::SystemClause::Consumes(consumes) => {
                        out.name(&consumes.event, Some(&consumes.version));
                    }
                    ast::SystemClause::Kind(_)
                    | ast::SystemClause::Hosting(_)
                    | ast::SystemClause::Connectivity(_) => {}
                }
            }
        }
        ItemKind::TypeAlias(decl) => type_names(&decl.ty, out),
        ItemKind::Enum(_) => {}
        ItemKind::Record(decl) => field_types(&decl.members, out),
        ItemKind::Entity(decl) => {
            for member in &decl.members {
                match member {
                    ast::EntityMember::Owner(path) | ast::EntityMember::Record(path) => {
                        out.name(path, None);
                    }
                    ast::EntityMember::Apply(apply) => applied(apply, out),
                    ast::EntityMember::Field(member) => {
                        field_types(std::slice::from_ref(member), out);
                    }
                    ast::EntityMember::Key(..) => {}
                }
            }
        }
        ItemKind::Event(decl) => {
            for member in &decl.members {
                match member {
                    ast::EventMember::Producer(path) | ast::EventMember::About(path) => {
                        out.name(path, None);
                    }
                    ast::EventMember::Apply(apply) => applied(apply, out),
                    ast::EventMember::Version(version) => match &version.schema {
                        ast::VersionSchema::Inline(members) => field_types(members, out),
                        ast::VersionSchema::Named(ty) => type_names(ty, out),
                    },
                    // The key names a field of the payload, not a declaration.
                    ast::EventMember::Key(_)
                    | ast::EventMember::Compatibility(_)
                    | ast::EventMember::Delivery(_)
                    | ast::EventMember::Retention(_)
                    | ast::EventMember::Compacted(_)
                    | ast::EventMember::DeadLetter(..) => {}
                }
            }
        }
        ItemKind::Api(decl) => {
            for member in &decl.members {
                match member {
                    ast::ApiMember::Host(path) => out.name(path, None),
                    ast::ApiMember::Apply(apply) => applied(apply, out),
                    ast::ApiMember::Operation(operation) => operation_names(operation, out),
                    ast::ApiMember::Version(_)
                    | ast::ApiMember::Base(_)
                    | ast::ApiMember::Auth(_) => {}
                }
            }
        }
        ItemKind::Policy(_) => {}
        ItemKind::Workflow(decl) => {
            for clause in &decl.clauses {
                match clause {
                    ast::WorkflowClause::Host(path) => out.name(path, None),
                    ast::WorkflowClause::Apply(apply) => applied(apply, out),
                    ast::WorkflowClause::Trigger(trigger) => match &trigger.kind {
                        ast::TriggerKind::Event { event, version, .. } => {
                            out.name(event, Some(version));
                        }
                        ast::TriggerKind::Api { operation, .. } => out.name(operation, None),
                        ast::TriggerKind::Schedule(_) => {}
                    },
                    ast::WorkflowClause::Sla(_) | ast::WorkflowClause::Timeout(_) => {}
                }
            }
            steps(&decl.steps, out);
        }
        ItemKind::Test(decl) => {
            out.name(&decl.workflow, None);
            for member in &decl.members {
                if let ast::TestMember::Expect(expectation) = member {
                    if let ast::ExpectationKind::Emits(event, version, _) = &expectation.kind {
                        out.name(event, Some(version));
                    }
                }
            }
        }
    }
}

fn applied(apply: &ast::Apply, out: &mut impl Written) {
    for policy in &apply.policies {
        out.name(policy, None);
    }
}

/// Declared type names in a type expression; primitives are not declarations.
fn type_names(ty: &ast::TypeExpr, out: &mut impl Written) {
    // Primitives are single names: no need to join the path to tell.
    let primitive = matches!(
        ty.name.segments.as_slice(),
        [only] if matches!(
            only.text.as_str(),
            "bool"
            | "int32"
            | "int64"
            | "float64"
            | "decimal"
            | "string"
            | "bytes"
            | "date"
            | "timestamp"
            | "duration"
            | "uuid"
            | "list"
            | "map"
        )
    );
    if !primitive && !ty.is_missing() {
        out.name(&ty.name, None);
    }
    for param in ty.params() {
        type_names(param, out);
    }
}

fn field_types(members: &[ast::FieldMember], out: &mut impl Written) {
    for member in members {
        if let ast::FieldMember::Field(field) = member {
            type_names(&field.ty, out);
        }
    }
}

fn operation_names(operation: &ast::Operation, out: &mut impl Written) {
    for member in &operation.members {
        match member {
            ast::OperationMember::Param(param) => type_names(&param.field.ty, out),
            ast::OperationMember::Body(ty) => type_names(ty, out),
            ast::OperationMember::Response(response) => {
                if let Some(ty) = &response.body {
                    type_names(ty, out);
                }
            }
            ast::OperationMember::Reads(path) | ast::OperationMember::Writes(path) => {
                out.name(path, None);
            }
            ast::OperationMember::Apply(apply) => applied(apply, out),
            ast::OperationMember::Error(_)
            | ast::OperationMember::Auth(_)
            | ast::OperationMember::Idempotent(_)
            | ast::OperationMember::Audited(_)
            | ast::OperationMember::Paginated(_) => {}
        }
    }
}

fn steps(list: &[ast::Step], out: &mut impl Written) {
    for step in list {
        match &step.kind {
            ast::StepKind::Call(call) => {
                out.name(&call.operation, None);
                options(&call.options, out);
            }
            ast::StepKind::Emit(emit) => {
                out.name(&emit.event, Some(&emit.version));
                options(&emit.options, out);
            }
            ast::StepKind::Wait(wait) => {
                out.name(&wait.event, Some(&wait.version));
                options(&wait.options, out);
            }
            ast::StepKind::Choice(choice) => {
                for branch in &choice.branches {
                    steps(&branch.block.steps, out);
                }
                if let Some(block) = &choice.otherwise {
                    steps(&block.steps, out);
                }
            }
            ast::StepKind::Parallel(parallel) => {
                for branch in &parallel.branches {
                    steps(&branch.block.steps, out);
                }
            }
            ast::StepKind::ForEach(each) => steps(&each.block.steps, out),
            ast::StepKind::Compensate | ast::StepKind::Fail(_) | ast::StepKind::Succeed => {}
        }
    }
}

fn options(list: &[ast::StepOption], out: &mut impl Written) {
    for option in list {
        match &option.kind {
            ast::StepOptionKind::Catch(_, block) | ast::StepOptionKind::OnTimeout(block) => {
                steps(&block.steps, out);
            }
            ast::StepOptionKind::CompensateWith(path, _) => out.name(path, None),
            ast::StepOptionKind::Timeout(_)
            | ast::StepOptionKind::Retry(_)
            | ast::StepOptionKind::IdempotencyKey(_) => {}
        }
    }
}
