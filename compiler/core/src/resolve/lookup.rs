//! Looking names up for the passes: the expected kind of declaration is
//! checked, and every failure is reported with a "did you mean" or with the
//! `use` line that would make the name visible.

use super::fixes;
use super::scope::Lookup;
use super::{Expect, Resolver};
use crate::codes;
use crate::model::*;
use weft_base::suggest::suggest;
use weft_base::Fix;
use weft_syntax::syntax::{Apply, Name, Path, VersionRef};
use weft_syntax::{Diagnostic, FileId, Span};

/// Type names that are not declarations, for suggestions.
pub(crate) const PRIMITIVES: &[&str] = &[
    "bool",
    "int32",
    "int64",
    "float64",
    "decimal",
    "string",
    "bytes",
    "date",
    "timestamp",
    "duration",
    "uuid",
    "list",
    "map",
];

impl Resolver {
    /// Looks up `path` expecting a kind of declaration; reports what is wrong.
    pub(crate) fn lookup(&mut self, file: FileId, path: &Path, expect: Expect) -> Option<DeclRef> {
        let scope = self.scopes.get(&file)?;
        match scope.lookup(path, &self.table) {
            Lookup::Found(decl, ..) if expect.accepts(decl) => {
                // Every declaration name the passes resolve comes through
                // here, so this is the one place that records it. The last
                // segment names the declaration (`std.Money`); the ones
                // before it name packages or an import.
                let span = path.last().map_or(path.span(), |name| name.span);
                self.refer(span, Definition::Decl(decl));
                Some(decl)
            }
            Lookup::Found(decl, key, declared) => {
                let name = self.table.text(key);
                self.wrong_kind(path, decl, (&name, declared), expect);
                None
            }
            Lookup::Broken => None,
            Lookup::Ambiguous(candidates) => {
                let mut diagnostic = Diagnostic::error(
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
                    path.span(),
                    "ambiguous",
                );
                for candidate in &candidates {
                    if let Some((_, span)) = self.table.get(candidate) {
                        diagnostic =
                            diagnostic.with_label(span, format!("`{candidate}` is declared here"));
                    }
                }
                let example = candidates.first().cloned().unwrap_or_default();
                self.diagnostics.push(diagnostic.with_help(format!(
                    "write the full name, such as `{example}`, or import only one of them"
                )));
                None
            }
            Lookup::NotFound => {
                self.not_found(file, path, expect);
                None
            }
        }
    }

    fn wrong_kind(
        &mut self,
        path: &Path,
        decl: DeclRef,
        (name, declared): (&str, Span),
        expect: Expect,
    ) {
        let mut diagnostic = Diagnostic::error(
            codes::WRONG_KIND,
            format!(
                "`{}` is {}, but {} is expected here",
                path.dotted(),
                decl.kind_name(),
                expect.describe()
            ),
            path.span(),
            format!("expected {}", expect.describe()),
        )
        .with_help(format!(
            "name {} here; `{}` is declared as {}",
            expect.describe(),
            path.dotted(),
            decl.kind_name()
        ));
        diagnostic = diagnostic.with_label(declared, format!("`{name}` is declared here"));
        self.diagnostics.push(diagnostic);
    }

    fn not_found(&mut self, file: FileId, path: &Path, expect: Expect) {
        let Some(scope) = self.scopes.get(&file) else {
            return;
        };
        let wanted = path.dotted();
        let mut candidates: Vec<String> = scope
            .visible(&self.table)
            .filter(|name| {
                let target = scope.imports.get(&Name::new(name).id()).map_or_else(
                    || format!("{}.{name}", scope.package),
                    |import| import.target.to_string(),
                );
                self.table
                    .get(&target)
                    .is_some_and(|(decl, _)| expect.accepts(decl))
            })
            .collect();
        if expect == Expect::Type {
            candidates.extend(PRIMITIVES.iter().map(|name| (*name).to_string()));
        }
        // The first such name in alphabetical order, whatever the table's.
        let elsewhere = self
            .table
            .names()
            .filter(|(name, decl, _)| {
                expect.accepts(*decl)
                    && path.segments.len() == 1
                    && name.rsplit('.').next() == Some(wanted.as_str())
            })
            .map(|(name, _, _)| name)
            .min();
        let use_point = self.use_points.get(&file).copied();
        let (help, fix) = match (
            suggest(&wanted, candidates.iter().map(String::as_str)),
            elsewhere,
        ) {
            (_, Some(full)) => (
                format!(
                    "`{full}` has this name: import it with `use {full}`, or write its full name"
                ),
                use_point.map(|at| fixes::add_use(at, &full)),
            ),
            (Some(name), None) => (
                format!("did you mean `{name}`?"),
                Some(Fix::replace(path.span(), name)),
            ),
            (None, None) => (
                format!(
                    "declare {} named `{wanted}`, or import it with `use`",
                    expect.describe()
                ),
                None,
            ),
        };
        let mut diagnostic = Diagnostic::error(
            codes::UNRESOLVED_NAME,
            format!("cannot find {} named `{wanted}`", expect.describe()),
            path.span(),
            "not found",
        )
        .with_help(help);
        diagnostic.fix = fix;
        self.diagnostics.push(diagnostic);
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
                    path.span(),
                    "expected `Api.operation`",
                )
                .with_help("write the API and the operation, such as `PurchaseOrders.expedite`"),
            );
            return None;
        }
        let api_path = Path::new(api_segments.iter().cloned().collect());
        let DeclRef::Api(api) = self.lookup(file, &api_path, Expect::Api)? else {
            return None;
        };
        let decl = self.model.api(api);
        if let Some(index) = decl
            .operations
            .iter()
            .position(|candidate| candidate.name == operation.text)
        {
            let reference = OperationRef::new(api, index)?;
            self.refer(operation.span, Definition::Operation(reference));
            return Some(reference);
        }
        let names: Vec<&str> = decl.operations.iter().map(|op| op.name.as_str()).collect();
        let help = match suggest(&operation.text, names.iter().copied()) {
            Some(name) => format!("did you mean `{name}`?"),
            None if names.is_empty() => format!("`{}` has no operations yet", decl.name.name),
            None => format!(
                "`{}` has the operations {}",
                decl.name.name,
                names
                    .iter()
                    .map(|name| format!("`{name}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        let diagnostic = Diagnostic::error(
            codes::UNRESOLVED_NAME,
            format!(
                "API `{}` has no operation `{}`",
                decl.name.name, operation.text
            ),
            operation.span,
            "no such operation",
        )
        .with_label(decl.name.span, "the API is declared here")
        .with_help(help);
        let fix = suggest(&operation.text, names.iter().copied())
            .map(|name| Fix::replace(operation.span, name));
        self.diagnostics.push(Diagnostic { fix, ..diagnostic });
        None
    }

    /// Records that `version` of `event` is named here (`consumes OrderPlaced
    /// v2`). The event's versions may not be resolved yet (it may be declared
    /// later), so the reference is recorded once they all are, if the
    /// version exists; a missing version is reported where it matters.
    pub(crate) fn record_event_version(&mut self, event: EventId, version: &VersionRef) {
        if !self.record_references {
            return;
        }
        self.pending_versions
            .push((event, version.number, version.span));
    }

    /// Records the event versions named so far whose version exists.
    pub(crate) fn record_pending_versions(&mut self) {
        for (event, version, span) in std::mem::take(&mut self.pending_versions) {
            if self.model.event(event).version(version).is_some() {
                self.refer(span, Definition::EventVersion { event, version });
            }
        }
    }

    /// Policies named by `apply` clauses.
    pub(crate) fn apply_clause(&mut self, file: FileId, apply: &Apply) -> Vec<(PolicyId, Span)> {
        let mut policies = Vec::new();
        for path in &apply.policies {
            match self.lookup_policy(file, path) {
                Some(policy) => policies.push((policy, path.span())),
                None => self.apply_unresolved = Some(path.span()),
            }
        }
        policies
    }
}
