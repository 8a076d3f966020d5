//! Resolution: from parsed files to the [`Model`]. Three passes:
//! 1. *declare* gives every named declaration an id and a fully-qualified
//!    name (duplicates are reported here);
//! 2. *resolve* fills in each declaration, turning names into ids and type
//!    expressions into types (landscape first, then workflows, which need
//!    the operations' types);
//! 3. *derive* computes what follows from the whole: consumers of events and
//!    the policies that apply to each declaration.

mod declare;
mod derive;
mod landscape;
mod scope;
mod types;
mod values;
mod workflow;

use crate::codes;
use crate::manifest::Manifest;
use crate::model::*;
use scope::{suggest, FileScope, Lookup, SymbolTable};
use std::collections::HashMap;
use weft_language::syntax::{Attributes, Path};
use weft_language::{Diagnostic, FileId, ParsedFile, Span};

/// Resolves every parsed file (project and stdlib) into one model. Never
/// fails: what cannot be resolved is reported and left as `Unknown`/`None`.
pub fn resolve(parsed: &[ParsedFile], manifest: Option<&Manifest>) -> (Model, Vec<Diagnostic>) {
    let mut resolver = Resolver::default();
    if let Some(manifest) = manifest {
        resolver.model.project = manifest.project.name.clone();
        resolver.model.default_compatibility =
            CompatibilityMode::parse(&manifest.project.compatibility)
                .unwrap_or(CompatibilityMode::BackwardTransitive);
    }
    resolver.default_package = default_package(manifest);
    for file in parsed {
        resolver.declare_file(file);
    }
    for file in parsed {
        let scope = resolver.file_scope(file);
        resolver.scopes.insert(file.file, scope);
    }
    for file in parsed {
        resolver.resolve_landscape(file);
    }
    for file in parsed {
        resolver.resolve_workflows(file);
    }
    resolver.derive();
    let mut scopes: Vec<(&FileId, &FileScope)> = resolver.scopes.iter().collect();
    scopes.sort_by_key(|(file, _)| **file);
    for (_, scope) in scopes {
        scope.unused(&mut resolver.diagnostics);
    }
    resolver.model.names = resolver
        .table
        .names
        .iter()
        .map(|(name, (decl, _))| (name.clone(), *decl))
        .collect();
    (resolver.model, resolver.diagnostics)
}

/// The package of files that declare none: the project's name in snake case.
fn default_package(manifest: Option<&Manifest>) -> String {
    manifest.map_or_else(
        || "main".to_string(),
        |manifest| manifest.project.name.replace('-', "_"),
    )
}

/// The kinds of declaration a reference may expect.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expect {
    Domain,
    System,
    Type,
    Entity,
    Event,
    Api,
    Policy,
    Workflow,
}

impl Expect {
    fn describe(self) -> &'static str {
        match self {
            Expect::Domain => "a domain",
            Expect::System => "a system",
            Expect::Type => "a type",
            Expect::Entity => "an entity",
            Expect::Event => "an event",
            Expect::Api => "an API",
            Expect::Policy => "a policy",
            Expect::Workflow => "a workflow",
        }
    }

    fn accepts(self, decl: DeclRef) -> bool {
        matches!(
            (self, decl),
            (Expect::Domain, DeclRef::Domain(_))
                | (Expect::System, DeclRef::System(_))
                | (Expect::Type, DeclRef::Type(_) | DeclRef::Entity(_))
                | (Expect::Entity, DeclRef::Entity(_))
                | (Expect::Event, DeclRef::Event(_))
                | (Expect::Api, DeclRef::Api(_))
                | (Expect::Policy, DeclRef::Policy(_))
                | (Expect::Workflow, DeclRef::Workflow(_))
        )
    }
}

#[derive(Default)]
pub(crate) struct Resolver {
    pub(crate) model: Model,
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) table: SymbolTable,
    pub(crate) scopes: HashMap<FileId, FileScope>,
    pub(crate) default_package: String,
    /// The package each file declares.
    pub(crate) packages: HashMap<FileId, String>,
    /// Where each declaration's `apply` clauses are, by declaration.
    pub(crate) applied: HashMap<DeclRef, Vec<(PolicyId, Span)>>,
    /// Each operation's own `apply` clauses.
    pub(crate) applied_to_operations: HashMap<OperationRef, Vec<(PolicyId, Span)>>,
}

impl Resolver {
    /// Looks up `path` expecting a kind of declaration; reports what is wrong.
    pub(crate) fn lookup(&mut self, file: FileId, path: &Path, expect: Expect) -> Option<DeclRef> {
        let scope = self.scopes.get(&file)?;
        match scope.lookup(path, &self.table) {
            Lookup::Found(decl, _) if expect.accepts(decl) => Some(decl),
            Lookup::Found(decl, name) => {
                let declared = self.table.names.get(&name).map(|(_, span)| *span);
                let mut diagnostic = Diagnostic::error(
                    codes::WRONG_KIND,
                    format!(
                        "`{}` is {}, but {} is expected here",
                        path.dotted(),
                        decl.kind_name(),
                        expect.describe()
                    ),
                    path.span,
                    format!("expected {}", expect.describe()),
                )
                .with_help(format!("name {} here", expect.describe()));
                if let Some(span) = declared {
                    diagnostic = diagnostic.with_label(span, format!("`{name}` is declared here"));
                }
                self.diagnostics.push(diagnostic);
                None
            }
            Lookup::Broken => None,
            Lookup::Ambiguous(candidates) => {
                self.diagnostics.push(
                    Diagnostic::error(
                        codes::AMBIGUOUS_NAME,
                        format!(
                            "`{}` could mean {}",
                            path.dotted(),
                            candidates
                                .iter()
                                .map(|name| format!("`{name}`"))
                                .collect::<Vec<_>>()
                                .join(" or ")
                        ),
                        path.span,
                        "ambiguous",
                    )
                    .with_help("write the full name, or import only one of them"),
                );
                None
            }
            Lookup::NotFound => {
                let wanted = path.dotted();
                let candidates: Vec<String> = scope
                    .visible(&self.table)
                    .filter(|name| {
                        let qualified = format!("{}.{name}", scope.package);
                        let target = scope
                            .imports
                            .get(name)
                            .map_or(qualified, |import| import.target.clone());
                        self.table
                            .names
                            .get(&target)
                            .is_some_and(|(decl, _)| expect.accepts(*decl))
                    })
                    .collect();
                let suggestion = suggest(&wanted, candidates.iter().map(String::as_str));
                let help = match suggestion {
                    Some(name) => format!("did you mean `{name}`?"),
                    None => format!(
                        "declare {} named `{wanted}`, or import it with `use`",
                        expect.describe()
                    ),
                };
                self.diagnostics.push(
                    Diagnostic::error(
                        codes::UNRESOLVED_NAME,
                        format!("cannot find {} named `{wanted}`", expect.describe()),
                        path.span,
                        "not found",
                    )
                    .with_help(help),
                );
                None
            }
        }
    }

    pub(crate) fn lookup_system(&mut self, file: FileId, path: &Path) -> Option<SystemId> {
        match self.lookup(file, path, Expect::System)? {
            DeclRef::System(id) => Some(id),
            _ => None,
        }
    }

    pub(crate) fn lookup_entity(&mut self, file: FileId, path: &Path) -> Option<EntityId> {
        match self.lookup(file, path, Expect::Entity)? {
            DeclRef::Entity(id) => Some(id),
            _ => None,
        }
    }

    pub(crate) fn lookup_event(&mut self, file: FileId, path: &Path) -> Option<EventId> {
        match self.lookup(file, path, Expect::Event)? {
            DeclRef::Event(id) => Some(id),
            _ => None,
        }
    }

    pub(crate) fn lookup_policy(&mut self, file: FileId, path: &Path) -> Option<PolicyId> {
        match self.lookup(file, path, Expect::Policy)? {
            DeclRef::Policy(id) => Some(id),
            _ => None,
        }
    }

    /// `Api.operation` (the API part may be qualified).
    pub(crate) fn lookup_operation(&mut self, file: FileId, path: &Path) -> Option<OperationRef> {
        let (operation, api_segments) = path.segments.split_last()?;
        if api_segments.is_empty() {
            self.diagnostics.push(
                Diagnostic::error(
                    codes::UNRESOLVED_NAME,
                    format!("`{}` does not name an API operation", operation.text),
                    path.span,
                    "expected `Api.operation`",
                )
                .with_help("write the API and the operation, such as `PurchaseOrders.expedite`"),
            );
            return None;
        }
        let api_path = Path {
            segments: api_segments.to_vec(),
            span: api_segments[0]
                .span
                .to(api_segments[api_segments.len() - 1].span),
        };
        let DeclRef::Api(api) = self.lookup(file, &api_path, Expect::Api)? else {
            return None;
        };
        let decl = self.model.api(api);
        if let Some(index) = decl
            .operations
            .iter()
            .position(|candidate| candidate.name == operation.text)
        {
            return Some(OperationRef { api, index });
        }
        let suggestion = suggest(
            &operation.text,
            decl.operations
                .iter()
                .map(|candidate| candidate.name.as_str()),
        );
        let help = suggestion.map_or_else(
            || {
                format!(
                    "`{}` has the operations {}",
                    decl.name.name,
                    decl.operations
                        .iter()
                        .map(|op| format!("`{}`", op.name))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            },
            |name| format!("did you mean `{name}`?"),
        );
        let declared = decl.name.span;
        self.diagnostics.push(
            Diagnostic::error(
                codes::UNRESOLVED_NAME,
                format!(
                    "API `{}` has no operation `{}`",
                    decl.name.name, operation.text
                ),
                operation.span,
                "no such operation",
            )
            .with_label(declared, "the API is declared here")
            .with_help(help),
        );
        None
    }

    /// Policies named by `apply` clauses.
    pub(crate) fn apply_clause(
        &mut self,
        file: FileId,
        apply: &weft_language::syntax::Apply,
    ) -> Vec<(PolicyId, Span)> {
        let mut policies = Vec::new();
        for path in &apply.policies {
            if let Some(policy) = self.lookup_policy(file, path) {
                policies.push((policy, path.span));
            }
        }
        policies
    }
}

/// Docs and `@deprecated` of a declaration or member.
pub(crate) fn meta(attributes: &Attributes, span: Span) -> Meta {
    let deprecated = attributes.annotation("deprecated").map(|annotation| {
        annotation
            .args
            .first()
            .and_then(|arg| match &arg.kind {
                weft_language::syntax::ExprKind::String(text) => Some(text.value.clone()),
                _ => None,
            })
            .unwrap_or_default()
    });
    Meta {
        doc: attributes.docs.text(),
        deprecated,
        span,
    }
}

/// Reports a clause given twice.
pub(crate) fn duplicate(diagnostics: &mut Vec<Diagnostic>, what: &str, span: Span, first: Span) {
    diagnostics.push(
        Diagnostic::error(
            codes::DUPLICATE_MEMBER,
            format!("{what} is given twice"),
            span,
            "second",
        )
        .with_label(first, "first")
        .with_help("keep one of them"),
    );
}

/// Reports a missing clause.
pub(crate) fn missing(diagnostics: &mut Vec<Diagnostic>, what: &str, span: Span, help: &str) {
    diagnostics.push(
        Diagnostic::error(
            codes::MISSING_CLAUSE,
            format!("{what} is missing"),
            span,
            format!("needs {what}"),
        )
        .with_help(help.to_string()),
    );
}

/// Reports a value that is not one of the allowed ones.
pub(crate) fn invalid_value(
    diagnostics: &mut Vec<Diagnostic>,
    what: &str,
    value: &weft_language::syntax::Ident,
    allowed: &[&str],
) {
    let suggestion = suggest(&value.text, allowed.iter().copied());
    let help = match suggestion {
        Some(name) => format!(
            "did you mean `{name}`? ({what} is one of {})",
            allowed.join(", ")
        ),
        None => format!("{what} is one of {}", allowed.join(", ")),
    };
    diagnostics.push(
        Diagnostic::error(
            codes::INVALID_VALUE,
            format!("`{}` is not a valid {what}", value.text),
            value.span,
            "not allowed here",
        )
        .with_help(help),
    );
}
