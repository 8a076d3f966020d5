//! Building the item index ([`ItemIndex`]) from the parsed files: the first
//! thing resolution does. It reads only the syntax of one file at a time, so
//! a file's summary depends on nothing else, and it collects every
//! declaration name a declaration writes, so that a summary changes exactly
//! when what the file declares or names changes.

use crate::model::{DeclarationKind, FileIndex, IndexedItem, SmolStr, WrittenName};
use smol_str::format_smolstr;
use weft_syntax::syntax::{self as ast, DeclKind, Item, ItemKind};
use weft_syntax::ParsedFile;

/// The summary of one file; `default_package` is the package of files that
/// declare none. Ids are filled in later, by the *declare* pass.
pub(crate) fn index_file(file: &ParsedFile, default_package: &str) -> FileIndex {
    let package = file
        .items
        .iter()
        .find_map(|item| match &item.kind {
            ItemKind::Package(decl) => Some(decl.path.joined()),
            _ => None,
        })
        .unwrap_or_else(|| SmolStr::new(default_package));
    let mut imports = Vec::new();
    let mut items = Vec::new();
    for (position, item) in file.items.iter().enumerate() {
        if let ItemKind::Use(decl) = &item.kind {
            imports.extend(imported(decl));
            continue;
        }
        let (Some(kind), Some(ident)) = (declaration_kind(&item.kind), item.kind.name()) else {
            continue;
        };
        // Building the fully-qualified name here, once per declaration, is
        // what lets every later pass find declarations by id instead.
        let qualified = format_smolstr!("{package}.{}", ident.text);
        let mut references = Vec::new();
        written_names(item, &mut references);
        items.push(IndexedItem {
            position,
            kind,
            broken: matches!(item.kind, ItemKind::Broken(_)),
            name: ident.text.clone(),
            qualified,
            span: item.span,
            name_span: ident.span,
            references,
            decl: None,
        });
    }
    FileIndex {
        package,
        imports,
        items,
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

/// The full names a `use` line imports.
fn imported(decl: &ast::UseDecl) -> Vec<WrittenName> {
    if decl.names.is_empty() {
        return vec![written(&decl.path)];
    }
    let base = decl.path.joined();
    decl.names
        .iter()
        .map(|name| WrittenName {
            text: format_smolstr!("{base}.{}", name.name.text),
            span: name.name.span,
        })
        .collect()
}

fn written(path: &ast::Path) -> WrittenName {
    WrittenName {
        text: path.joined(),
        span: path.span,
    }
}

fn written_version(path: &ast::Path, version: &ast::VersionRef) -> WrittenName {
    WrittenName {
        text: format_smolstr!("{} v{}", path.joined(), version.number),
        span: path.span.to(version.span),
    }
}

/// Every declaration name an item writes, in source order.
fn written_names(item: &Item, out: &mut Vec<WrittenName>) {
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
                    ast::SystemClause::Domain(path) => out.push(written(path)),
                    ast::SystemClause::Apply(apply) => applied(apply, out),
                    ast::SystemClause::Consumes(consumes) => {
                        out.push(written_version(&consumes.event, &consumes.version));
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
                        out.push(written(path));
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
                        out.push(written(path));
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
                    ast::ApiMember::Host(path) => out.push(written(path)),
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
                    ast::WorkflowClause::Host(path) => out.push(written(path)),
                    ast::WorkflowClause::Apply(apply) => applied(apply, out),
                    ast::WorkflowClause::Trigger(trigger) => match &trigger.kind {
                        ast::TriggerKind::Event { event, version, .. } => {
                            out.push(written_version(event, version));
                        }
                        ast::TriggerKind::Api { operation, .. } => out.push(written(operation)),
                        ast::TriggerKind::Schedule(_) => {}
                    },
                    ast::WorkflowClause::Sla(_) | ast::WorkflowClause::Timeout(_) => {}
                }
            }
            steps(&decl.steps, out);
        }
        ItemKind::Test(decl) => {
            out.push(written(&decl.workflow));
            for member in &decl.members {
                if let ast::TestMember::Expect(expectation) = member {
                    if let ast::ExpectationKind::Emits(event, version, _) = &expectation.kind {
                        out.push(written_version(event, version));
                    }
                }
            }
        }
    }
}

fn applied(apply: &ast::Apply, out: &mut Vec<WrittenName>) {
    out.extend(apply.policies.iter().map(written));
}

/// Declared type names in a type expression; primitives are not declarations.
fn type_names(ty: &ast::TypeExpr, out: &mut Vec<WrittenName>) {
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
    if !primitive {
        out.push(written(&ty.name));
    }
    for param in &ty.params {
        type_names(param, out);
    }
}

fn field_types(members: &[ast::FieldMember], out: &mut Vec<WrittenName>) {
    for member in members {
        if let ast::FieldMember::Field(field) = member {
            type_names(&field.ty, out);
        }
    }
}

fn operation_names(operation: &ast::Operation, out: &mut Vec<WrittenName>) {
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
                out.push(written(path));
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

fn steps(list: &[ast::Step], out: &mut Vec<WrittenName>) {
    for step in list {
        match &step.kind {
            ast::StepKind::Call(call) => {
                out.push(written(&call.operation));
                options(&call.options, out);
            }
            ast::StepKind::Emit(emit) => {
                out.push(written_version(&emit.event, &emit.version));
                options(&emit.options, out);
            }
            ast::StepKind::Wait(wait) => {
                out.push(written_version(&wait.event, &wait.version));
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

fn options(list: &[ast::StepOption], out: &mut Vec<WrittenName>) {
    for option in list {
        match &option.kind {
            ast::StepOptionKind::Catch(_, block) | ast::StepOptionKind::OnTimeout(block) => {
                steps(&block.steps, out);
            }
            ast::StepOptionKind::CompensateWith(path, _) => out.push(written(path)),
            ast::StepOptionKind::Timeout(_)
            | ast::StepOptionKind::Retry(_)
            | ast::StepOptionKind::IdempotencyKey(_) => {}
        }
    }
}
