//! The resolved model: the one input every check, target and the language
//! server reads. Every declaration of the project and the standard library is
//! here with its fully-qualified name, resolved types and references (as ids,
//! not names), owners, producers, consumers, the policies that apply (with
//! where each came from), and workflows as explicit state graphs with typed
//! variables. Nothing in the model refers back to syntax except spans.

mod expr;
mod index;
mod landscape;
mod meta;
mod rare;
mod references;
mod scope;
mod shrink;
mod test;
mod types;
mod vocab;
mod workflow;

pub use expr::*;
pub use index::{DeclarationKind, FileIndex, IndexedItem, ItemIndex, WrittenName};
pub use landscape::*;
pub use meta::{Meta, MetaText};
pub use rare::{Empty, Rare};
pub use references::{Definition, Reference};
pub use scope::Scope;
pub use test::*;
pub use types::*;
pub use vocab::*;
pub use workflow::*;

use rustc_hash::FxHashMap;
pub use smol_str::SmolStr;
use std::collections::BTreeSet;
use weft_base::Span;

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
        pub struct $name(pub u32);

        impl $name {
            /// The index into the model's table.
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    )*};
}

ids! {
    /// A domain.
    DomainId,
    /// A system.
    SystemId,
    /// A type: alias, enum or record (entities are records too).
    TypeId,
    /// An entity.
    EntityId,
    /// An event.
    EventId,
    /// An API.
    ApiId,
    /// A policy.
    PolicyId,
    /// A workflow.
    WorkflowId,
    /// A test scenario.
    TestId,
}

/// What a fully-qualified name refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub enum DeclRef {
    /// A domain.
    Domain(DomainId),
    /// A system.
    System(SystemId),
    /// A type alias, enum or record.
    Type(TypeId),
    /// An entity (also usable as a type, see [`Entity::record`]).
    Entity(EntityId),
    /// An event.
    Event(EventId),
    /// An API.
    Api(ApiId),
    /// A policy.
    Policy(PolicyId),
    /// A workflow.
    Workflow(WorkflowId),
    /// A test.
    Test(TestId),
}

impl DeclRef {
    /// "a system", "an event", ... for messages.
    pub fn kind_name(self) -> &'static str {
        match self {
            DeclRef::Domain(_) => "a domain",
            DeclRef::System(_) => "a system",
            DeclRef::Type(_) => "a type",
            DeclRef::Entity(_) => "an entity",
            DeclRef::Event(_) => "an event",
            DeclRef::Api(_) => "an API",
            DeclRef::Policy(_) => "a policy",
            DeclRef::Workflow(_) => "a workflow",
            DeclRef::Test(_) => "a test",
        }
    }
}

/// The name of a declaration, in its package. Both parts are interned
/// (4 bytes each, as the syntax tree holds them), which reads as a `str`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Name {
    /// The package, such as `acme.production` or `std`.
    pub package: weft_base::Name,
    /// The declared name.
    pub name: weft_base::Name,
    /// Where the name is declared.
    #[serde(skip)]
    pub span: Span,
}

impl Name {
    /// `package.name`.
    pub fn qualified(&self) -> String {
        if self.package.is_empty() {
            self.name.to_string()
        } else {
            format!("{}.{}", self.package, self.name)
        }
    }

    /// Whether it comes from the standard library.
    pub fn is_std(&self) -> bool {
        let package = self.package.as_str();
        package == "std" || package.starts_with("std.")
    }
}

/// The resolved model of one compilation (project + stdlib).
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Model {
    /// Project name from the manifest.
    pub project: String,
    /// Default compatibility mode from the manifest.
    pub default_compatibility: CompatibilityMode,
    /// Domains.
    pub domains: Vec<Domain>,
    /// Systems.
    pub systems: Vec<System>,
    /// Types (aliases, enums, records; entities' records are here too).
    pub types: Vec<TypeDef>,
    /// Entities.
    pub entities: Vec<Entity>,
    /// Events.
    pub events: Vec<Event>,
    /// APIs.
    pub apis: Vec<Api>,
    /// Policies.
    pub policies: Vec<Policy>,
    /// Workflows.
    pub workflows: Vec<Workflow>,
    /// Test scenarios.
    pub tests: Vec<Test>,
    /// Every declaration by fully-qualified name. Hashed: the model is
    /// built in every `check`, and sorting the names was 2% of one; `weft
    /// debug model` writes them sorted.
    #[serde(serialize_with = "sorted_names")]
    pub names: FxHashMap<SmolStr, DeclRef>,
    /// Every resolved reference (use site → definition), in the order the
    /// resolver met them; not part of `weft debug model`.
    #[serde(skip)]
    pub references: Vec<Reference>,
    /// Each file's summary of its declarations, built before resolution;
    /// not part of `weft debug model`.
    #[serde(skip)]
    pub index: ItemIndex,
    /// The clauses that are written but did not parse (each a syntax error
    /// where it is typed), by declaration, among those whose absence the
    /// checks would report: they say nothing of what such a clause would
    /// have set. Also an `apply` naming no policy and a `pii` rule of no
    /// known value (each reported where written), which may be what allows
    /// what the checks would report. Empty without errors; a set (looked
    /// up, never listed), not part of `weft debug model`.
    #[serde(skip)]
    pub unparsed: Vec<Unparsed>,
}

/// A clause written in a declaration but not parsed (see
/// [`Model::unparsed`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unparsed {
    /// The declaration it is written in.
    pub decl: DeclRef,
    /// What it is.
    pub clause: Clause,
    /// Where its keyword is: inside the step or branch it belongs to.
    pub span: Span,
    /// The operation it is a member of (operations keep only their name's
    /// span, so this one is not found by its span).
    pub operation: Option<OperationRef>,
}

/// A clause whose absence a check reports, and which a declaration may
/// have written but not parsed (see [`Model::unparsed`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Clause {
    /// An API's `auth`: its operations' authentication.
    Auth,
    /// A system's `consumes`: an event it reads.
    Consumes,
    /// A workflow's `trigger`: what starts it, and the variable it binds.
    Trigger,
    /// An operation's `path`, `query` or `header` parameter.
    Parameter,
    /// An operation's request `body`.
    Body,
    /// An operation's `error`: one it returns.
    Error,
    /// A step's (or a workflow's) `timeout`.
    Timeout,
    /// A step's `retry`.
    Retry,
    /// A step's `on timeout` route.
    OnTimeout,
    /// A step's `compensate with`, or a `compensate` step.
    Compensate,
    /// A `choice`'s `when` or `otherwise` branch, or a `parallel`'s
    /// `branch`.
    Branch,
    /// A policy's `pii` rule: whether personal data may leave its domain.
    Pii,
    /// An event's `retention`: how long its topic keeps messages.
    Retention,
    /// An event's `compacted`: its topic keeps the latest event per key.
    Compacted,
    /// An event's `dead_letter`: where what cannot be processed goes.
    DeadLetter,
    /// An operation's `idempotent`.
    Idempotent,
    /// An operation's `audited`.
    Audited,
    /// An `apply`: policies, whose rules may give what a check asks for
    /// (a timeout, a retry).
    Apply,
    /// An entry of a call's or an emit's arguments, or of a record
    /// literal: an argument or a field it may set.
    Argument,
    /// A workflow step (`call`, `emit`, `wait`, `choice`, `parallel`,
    /// `for each`, `fail`, `succeed`).
    Step,
}

impl Clause {
    /// The clause that `keyword` starts, if it is one of these.
    pub fn of_keyword(keyword: &str) -> Option<Clause> {
        match keyword {
            "auth" => Some(Clause::Auth),
            "consumes" => Some(Clause::Consumes),
            "trigger" => Some(Clause::Trigger),
            "path" | "query" | "header" => Some(Clause::Parameter),
            "body" => Some(Clause::Body),
            "error" => Some(Clause::Error),
            "timeout" => Some(Clause::Timeout),
            "retry" => Some(Clause::Retry),
            "on" => Some(Clause::OnTimeout),
            "apply" => Some(Clause::Apply),
            "pii" => Some(Clause::Pii),
            "retention" => Some(Clause::Retention),
            "compacted" => Some(Clause::Compacted),
            "dead_letter" => Some(Clause::DeadLetter),
            "idempotent" => Some(Clause::Idempotent),
            "audited" => Some(Clause::Audited),
            "when" | "otherwise" | "branch" => Some(Clause::Branch),
            "compensate" => Some(Clause::Compensate),
            "call" | "emit" | "wait" | "choice" | "parallel" | "for" | "fail" | "succeed" => {
                Some(Clause::Step)
            }
            _ => None,
        }
    }
}

/// How far alias chains are followed. The resolver breaks alias cycles, so
/// this only bounds the walk on a model built by other means.
const ALIAS_DEPTH: usize = 256;

/// What a chain of aliases too long to follow stands for.
static UNKNOWN: Type = Type::Unknown;

impl Model {
    /// Whether `decl` has `clause` written but not parsed.
    pub fn unparsed(&self, decl: DeclRef, clause: Clause) -> bool {
        self.unparsed
            .iter()
            .any(|written| written.decl == decl && written.clause == clause)
    }

    /// Whether the operation `reference` has a member `clause` written but
    /// not parsed.
    pub fn unparsed_in_operation(&self, reference: OperationRef, clause: Clause) -> bool {
        self.unparsed
            .iter()
            .any(|written| written.operation == Some(reference) && written.clause == clause)
    }

    /// Whether `decl` has `clause` written but not parsed within `span`
    /// (a step's).
    pub fn unparsed_within(&self, decl: DeclRef, clause: Clause, span: Span) -> bool {
        self.unparsed.iter().any(|written| {
            written.decl == decl
                && written.clause == clause
                && written.span.file == span.file
                && span.start <= written.span.start
                && written.span.end <= span.end
        })
    }

    /// The type behind aliases and optional markers: the one place that
    /// follows alias chains for checks, compatibility and targets.
    pub fn underlying<'a>(&'a self, ty: &'a Type) -> &'a Type {
        let mut current = ty.required();
        for _ in 0..ALIAS_DEPTH {
            match current {
                Type::Named(id) => match self.types.get(id.index()).map(|def| &def.kind) {
                    Some(TypeKind::Alias { target, .. }) => current = target.required(),
                    _ => return current,
                },
                _ => return current,
            }
        }
        &UNKNOWN
    }

    /// The type behind aliases, keeping an optional marker where the chain
    /// meets one (`T?` stays optional, so a target can still say so).
    pub fn unaliased<'a>(&'a self, ty: &'a Type) -> &'a Type {
        let mut current = ty;
        for _ in 0..ALIAS_DEPTH {
            match current {
                Type::Named(id) => match self.types.get(id.index()).map(|def| &def.kind) {
                    Some(TypeKind::Alias { target, .. }) => current = target,
                    _ => return current,
                },
                _ => return current,
            }
        }
        current
    }

    /// Every declared type `roots` mention, through aliases, records,
    /// lists, maps and optional values: what a target must define for them.
    pub fn reachable_types<'t>(
        &self,
        roots: impl IntoIterator<Item = &'t Type>,
    ) -> BTreeSet<TypeId> {
        let mut used = BTreeSet::new();
        let mut pending: Vec<&Type> = roots.into_iter().collect();
        while let Some(ty) = pending.pop() {
            match ty {
                Type::List(inner) | Type::Optional(inner) => pending.push(inner),
                Type::Map(map) => {
                    pending.push(&map.0);
                    pending.push(&map.1);
                }
                Type::Named(id) if used.insert(*id) => match &self.type_def(*id).kind {
                    TypeKind::Alias { target, .. } => pending.push(target),
                    TypeKind::Record(record) => {
                        pending.extend(record.fields.iter().map(|field| &field.ty));
                    }
                    TypeKind::Enum { .. } => {}
                },
                _ => {}
            }
        }
        used
    }

    /// The field an event's key path names in a payload, through nested
    /// records and aliases (not through optional records).
    pub fn key_field(&self, payload: TypeId, path: &[SmolStr]) -> Option<&Field> {
        let (last, parents) = path.split_last()?;
        let mut ty = Type::Named(payload);
        for segment in parents {
            ty = self.record_at(&ty)?.field(segment)?.ty.required().clone();
        }
        self.record_at(&ty)?.field(last)
    }

    /// The record a type names, behind aliases.
    fn record_at(&self, ty: &Type) -> Option<&Record> {
        let Type::Named(id) = self.unaliased(ty) else {
            return None;
        };
        match &self.types.get(id.index())?.kind {
            TypeKind::Record(record) => Some(record),
            _ => None,
        }
    }

    /// The declaration with this fully-qualified name.
    pub fn lookup(&self, qualified: &str) -> Option<DeclRef> {
        self.names.get(qualified).copied()
    }

    /// The domain with this id.
    pub fn domain(&self, id: DomainId) -> &Domain {
        &self.domains[id.index()]
    }

    /// The system with this id.
    pub fn system(&self, id: SystemId) -> &System {
        &self.systems[id.index()]
    }

    /// The type with this id.
    pub fn type_def(&self, id: TypeId) -> &TypeDef {
        &self.types[id.index()]
    }

    /// The entity with this id.
    pub fn entity(&self, id: EntityId) -> &Entity {
        &self.entities[id.index()]
    }

    /// The event with this id.
    pub fn event(&self, id: EventId) -> &Event {
        &self.events[id.index()]
    }

    /// The API with this id.
    pub fn api(&self, id: ApiId) -> &Api {
        &self.apis[id.index()]
    }

    /// The policy with this id.
    pub fn policy(&self, id: PolicyId) -> &Policy {
        &self.policies[id.index()]
    }

    /// The workflow with this id.
    pub fn workflow(&self, id: WorkflowId) -> &Workflow {
        &self.workflows[id.index()]
    }

    /// The operation `api.operations[index]`.
    pub fn operation(&self, id: OperationRef) -> &Operation {
        &self.apis[id.api.index()].operations[id.index()]
    }

    /// The authentication an operation declares: its own `auth`, else its
    /// API's, else the first `auth` rule of a policy that applies to it.
    /// `None` means nothing declares any; `auth none` is `Some` with
    /// [`AuthScheme::None`], a decision to publish it without authentication.
    pub fn declared_auth<'m>(&'m self, operation: &'m Operation) -> Option<&'m Auth> {
        operation.auth.as_deref().or_else(|| {
            operation.policies.iter().find_map(|applied| {
                self.policy(applied.policy)
                    .rules
                    .iter()
                    .find_map(|rule| match &rule.kind {
                        RuleKind::Auth(auth) => Some(auth),
                        _ => None,
                    })
            })
        })
    }

    /// The project's events (not the standard library's) with their ids.
    pub fn project_events(&self) -> impl Iterator<Item = (EventId, &Event)> {
        self.events
            .iter()
            .enumerate()
            .filter(|(_, event)| !event.name.is_std())
            .filter_map(|(index, event)| Some((EventId(u32::try_from(index).ok()?), event)))
    }

    /// Every workflow (the standard library's too) with its id, in model
    /// order.
    pub fn workflows_with_ids(&self) -> impl Iterator<Item = (WorkflowId, &Workflow)> {
        self.workflows
            .iter()
            .enumerate()
            .filter_map(|(index, workflow)| {
                Some((WorkflowId(u32::try_from(index).ok()?), workflow))
            })
    }

    /// Iterates over every operation with its reference.
    pub fn operations(&self) -> impl Iterator<Item = (OperationRef, &Operation)> {
        self.apis.iter().enumerate().flat_map(|(api, decl)| {
            decl.operations
                .iter()
                .enumerate()
                .filter_map(move |(index, operation)| {
                    Some((OperationRef::new(ApiId(api as u32), index)?, operation))
                })
        })
    }
}

/// `names` sorted by name, so that what is written does not depend on
/// hashing.
fn sorted_names<S: serde::Serializer>(
    names: &FxHashMap<SmolStr, DeclRef>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut sorted: Vec<(&SmolStr, &DeclRef)> = names.iter().collect();
    sorted.sort_unstable_by_key(|(name, _)| *name);
    serializer.collect_map(sorted)
}

/// The model as pretty JSON for `weft debug model`. Ids stay numeric (they
/// index the tables); without `with_std`, declarations of the standard library
/// are blanked to `null` so that ids keep their meaning.
pub fn to_json(model: &Model, with_std: bool) -> String {
    let mut value = serde_json::to_value(model).unwrap_or_default();
    if !with_std {
        for table in [
            "domains",
            "systems",
            "types",
            "entities",
            "events",
            "apis",
            "policies",
            "workflows",
            "tests",
        ] {
            if let Some(items) = value.get_mut(table).and_then(|items| items.as_array_mut()) {
                for item in items.iter_mut() {
                    if item
                        .pointer("/name/package")
                        .and_then(|package| package.as_str())
                        .is_some_and(|package| package == "std")
                    {
                        *item = serde_json::Value::Null;
                    }
                }
            }
        }
        if let Some(names) = value
            .get_mut("names")
            .and_then(|names| names.as_object_mut())
        {
            names.retain(|name, _| !name.starts_with("std."));
        }
    }
    serde_json::to_string_pretty(&value).unwrap_or_default()
}
