//! Top-level declarations (items) and their clauses.

use super::{
    Attributes, DurationLit, EnumDecl, Field, FieldMember, Ident, NumberLit, Path, RecordDecl,
    StringLit, TestDecl, TypeAliasDecl, TypeExpr, WorkflowDecl,
};
use thin_vec::ThinVec;
use weft_base::span::Span;

/// A top-level declaration with its docs, annotations and span.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// Docs and annotations written before the keyword.
    pub attributes: Attributes,
    /// What is declared.
    pub kind: ItemKind,
    /// From the first doc line or annotation to the closing brace.
    pub span: Span,
}

/// The kinds of declaration.
#[derive(Clone, Debug, PartialEq)]
pub enum ItemKind {
    /// `package a.b`.
    Package(PackageDecl),
    /// `use a.b.{C, D as E}` (boxed, as the other large and rarer
    /// declarations: the enum is as large as its largest variant).
    Use(Box<UseDecl>),
    /// `domain name { ... }`.
    Domain(DomainDecl),
    /// `system name { ... }`.
    System(SystemDecl),
    /// `type Name = ...`.
    TypeAlias(Box<TypeAliasDecl>),
    /// `enum Name { ... }`.
    Enum(EnumDecl),
    /// `record Name { ... }`.
    Record(RecordDecl),
    /// `entity Name { ... }`.
    Entity(EntityDecl),
    /// `event Name { ... }`.
    Event(EventDecl),
    /// `api Name { ... }`.
    Api(ApiDecl),
    /// `policy name { ... }`.
    Policy(PolicyDecl),
    /// `workflow Name { ... }`.
    Workflow(WorkflowDecl),
    /// `test name for Workflow { ... }`.
    Test(Box<TestDecl>),
    /// A declaration with syntax errors. It keeps its kind and name so that
    /// references to it still resolve and do not cascade into more errors.
    Broken(BrokenDecl),
}

/// The declaration keywords.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DeclKind {
    /// `package`.
    Package,
    /// `use`.
    Use,
    /// `domain`.
    Domain,
    /// `system`.
    System,
    /// `type`.
    TypeAlias,
    /// `enum`.
    Enum,
    /// `record`.
    Record,
    /// `entity`.
    Entity,
    /// `event`.
    Event,
    /// `api`.
    Api,
    /// `policy`.
    Policy,
    /// `workflow`.
    Workflow,
    /// `test`.
    Test,
}

impl DeclKind {
    /// Every declaration keyword, for the splitter and for messages.
    pub const ALL: [DeclKind; 13] = [
        DeclKind::Package,
        DeclKind::Use,
        DeclKind::Domain,
        DeclKind::System,
        DeclKind::TypeAlias,
        DeclKind::Enum,
        DeclKind::Record,
        DeclKind::Entity,
        DeclKind::Event,
        DeclKind::Api,
        DeclKind::Policy,
        DeclKind::Workflow,
        DeclKind::Test,
    ];

    /// The keyword as written.
    pub fn keyword(self) -> &'static str {
        match self {
            DeclKind::Package => "package",
            DeclKind::Use => "use",
            DeclKind::Domain => "domain",
            DeclKind::System => "system",
            DeclKind::TypeAlias => "type",
            DeclKind::Enum => "enum",
            DeclKind::Record => "record",
            DeclKind::Entity => "entity",
            DeclKind::Event => "event",
            DeclKind::Api => "api",
            DeclKind::Policy => "policy",
            DeclKind::Workflow => "workflow",
            DeclKind::Test => "test",
        }
    }

    /// The declaration kind a keyword starts, if any.
    pub fn from_keyword(word: &str) -> Option<DeclKind> {
        DeclKind::ALL
            .into_iter()
            .find(|kind| kind.keyword() == word)
    }
}

impl ItemKind {
    /// The declaration's kind.
    pub fn decl_kind(&self) -> DeclKind {
        match self {
            ItemKind::Package(_) => DeclKind::Package,
            ItemKind::Use(_) => DeclKind::Use,
            ItemKind::Domain(_) => DeclKind::Domain,
            ItemKind::System(_) => DeclKind::System,
            ItemKind::TypeAlias(_) => DeclKind::TypeAlias,
            ItemKind::Enum(_) => DeclKind::Enum,
            ItemKind::Record(_) => DeclKind::Record,
            ItemKind::Entity(_) => DeclKind::Entity,
            ItemKind::Event(_) => DeclKind::Event,
            ItemKind::Api(_) => DeclKind::Api,
            ItemKind::Policy(_) => DeclKind::Policy,
            ItemKind::Workflow(_) => DeclKind::Workflow,
            ItemKind::Test(_) => DeclKind::Test,
            ItemKind::Broken(broken) => broken.kind,
        }
    }

    /// The declared name, for declarations that have one.
    pub fn name(&self) -> Option<&Ident> {
        match self {
            ItemKind::Package(_) | ItemKind::Use(_) => None,
            ItemKind::Domain(decl) => Some(&decl.name),
            ItemKind::System(decl) => Some(&decl.name),
            ItemKind::TypeAlias(decl) => Some(&decl.name),
            ItemKind::Enum(decl) => Some(&decl.name),
            ItemKind::Record(decl) => Some(&decl.name),
            ItemKind::Entity(decl) => Some(&decl.name),
            ItemKind::Event(decl) => Some(&decl.name),
            ItemKind::Api(decl) => Some(&decl.name),
            ItemKind::Policy(decl) => Some(&decl.name),
            ItemKind::Workflow(decl) => Some(&decl.name),
            ItemKind::Test(decl) => Some(&decl.name),
            ItemKind::Broken(broken) => broken.name.as_ref(),
        }
    }
}

/// A declaration that did not parse: its keyword and, if found, its name.
#[derive(Clone, Debug, PartialEq)]
pub struct BrokenDecl {
    /// Which keyword started it.
    pub kind: DeclKind,
    /// The name after the keyword, if it was a valid name.
    pub name: Option<Ident>,
}

/// `package acme.production`.
#[derive(Clone, Debug, PartialEq)]
pub struct PackageDecl {
    /// The package's dotted name.
    pub path: Path,
}

/// `use a.b.C`, `use a.b.C as D`, or `use a.b.{C, D as E}`.
#[derive(Clone, Debug, PartialEq)]
pub struct UseDecl {
    /// The imported path, or the package the braces import from.
    pub path: Path,
    /// `as` alias when one name is imported.
    pub alias: Option<Ident>,
    /// Names in braces, if the braced form was used.
    pub names: ThinVec<UseName>,
}

/// One name in `use a.{B as C}`.
#[derive(Clone, Debug, PartialEq)]
pub struct UseName {
    /// The imported name.
    pub name: Ident,
    /// The local alias.
    pub alias: Option<Ident>,
    /// The whole entry.
    pub span: Span,
}

/// `apply a, b`: policies applied to the enclosing declaration.
#[derive(Clone, Debug, PartialEq)]
pub struct Apply {
    /// The applied policies.
    pub policies: ThinVec<Path>,
    /// The whole clause.
    pub span: Span,
}

/// `domain name { ... }`.
#[derive(Clone, Debug, PartialEq)]
pub struct DomainDecl {
    /// The domain's name.
    pub name: Ident,
    /// Its clauses in source order.
    pub clauses: ThinVec<DomainClause>,
}

/// Clauses of a domain.
#[derive(Clone, Debug, PartialEq)]
pub enum DomainClause {
    /// `owner "team"`: the owning team.
    Owner(StringLit),
    /// `contact "email"`: how to reach the team.
    Contact(StringLit),
    /// `apply policy`.
    Apply(Apply),
}

/// `system name { ... }`.
#[derive(Clone, Debug, PartialEq)]
pub struct SystemDecl {
    /// The system's name.
    pub name: Ident,
    /// Its clauses in source order.
    pub clauses: ThinVec<SystemClause>,
}

/// Clauses of a system.
#[derive(Clone, Debug, PartialEq)]
pub enum SystemClause {
    /// `domain production`.
    Domain(Path),
    /// `kind mes`.
    Kind(Ident),
    /// `hosting cloud`.
    Hosting(Ident),
    /// `connectivity intermittent`.
    Connectivity(Ident),
    /// `apply policy`.
    Apply(Apply),
    /// `consumes Event v2`.
    Consumes(Consumes),
}

/// `consumes Event v2`: the system reads this event at this version.
#[derive(Clone, Debug, PartialEq)]
pub struct Consumes {
    /// The event.
    pub event: Path,
    /// The version read: the consumer's reader schema.
    pub version: VersionRef,
    /// The whole clause.
    pub span: Span,
}

/// `v2`.
#[derive(Clone, Debug, PartialEq)]
pub struct VersionRef {
    /// The version number.
    pub number: u32,
    /// Where it is.
    pub span: Span,
}

/// `entity Name { owner ..., key ..., fields }`.
#[derive(Clone, Debug, PartialEq)]
pub struct EntityDecl {
    /// The entity's name.
    pub name: Ident,
    /// Clauses and fields in source order.
    pub members: ThinVec<EntityMember>,
}

/// Members of an entity.
#[derive(Clone, Debug, PartialEq)]
pub enum EntityMember {
    /// `owner system`: the system of record.
    Owner(Path),
    /// `key a, b`: the identifying fields.
    Key(ThinVec<Ident>, Span),
    /// `record R`: the entity's fields come from this record.
    Record(Path),
    /// `apply policy`.
    Apply(Apply),
    /// A field or reserved list.
    Field(FieldMember),
}

/// `event Name { ... version N { ... } }`.
#[derive(Clone, Debug, PartialEq)]
pub struct EventDecl {
    /// The event's name.
    pub name: Ident,
    /// Clauses and versions in source order.
    pub members: ThinVec<EventMember>,
}

/// Members of an event.
#[derive(Clone, Debug, PartialEq)]
pub enum EventMember {
    /// `producer system`.
    Producer(Path),
    /// `about Entity`.
    About(Path),
    /// `key field.path`: the partition key.
    Key(Path),
    /// `compatibility BACKWARD`.
    Compatibility(Ident),
    /// `delivery real_time`.
    Delivery(Ident),
    /// `retention 7d` or `retention forever`.
    Retention(Retention),
    /// `compacted`: keep the latest value per key.
    Compacted(Span),
    /// `dead_letter` or `dead_letter "topic"`: where unprocessable messages go.
    DeadLetter(Option<StringLit>, Span),
    /// `apply policy`.
    Apply(Apply),
    /// `version N { ... }` or `version N = Record` (boxed: twice the size
    /// of every other member, and one or two per event).
    Version(Box<EventVersion>),
}

/// How long an event is kept.
#[derive(Clone, Debug, PartialEq)]
pub enum Retention {
    /// For this long.
    For(DurationLit),
    /// For ever.
    Forever(Span),
}

/// One version of an event.
#[derive(Clone, Debug, PartialEq)]
pub struct EventVersion {
    /// Docs and annotations such as `@deprecated`.
    pub attributes: Attributes,
    /// The version number.
    pub number: NumberLit,
    /// The payload.
    pub schema: VersionSchema,
    /// The whole version.
    pub span: Span,
}

/// An event version's payload.
#[derive(Clone, Debug, PartialEq)]
pub enum VersionSchema {
    /// Fields written in place.
    Inline(ThinVec<FieldMember>),
    /// `= Record`: the payload is this type.
    Named(TypeExpr),
}

/// `api Name { ... }`.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiDecl {
    /// The API's name.
    pub name: Ident,
    /// Clauses and operations in source order.
    pub members: ThinVec<ApiMember>,
}

/// Members of an API.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiMember {
    /// `host system`.
    Host(Path),
    /// `version 1.2.0`.
    Version(SemVer),
    /// `base "/path"`.
    Base(StringLit),
    /// `auth ...`: default security of every operation.
    Auth(Auth),
    /// `apply policy`.
    Apply(Apply),
    /// `operation name METHOD "/path" { ... }`.
    Operation(Operation),
}

/// `1.2.0`.
#[derive(Clone, Debug, PartialEq)]
pub struct SemVer {
    /// Major version: breaking changes bump it.
    pub major: u64,
    /// Minor version.
    pub minor: u64,
    /// Patch version.
    pub patch: u64,
    /// Where it is.
    pub span: Span,
}

/// How callers authenticate.
#[derive(Clone, Debug, PartialEq)]
pub struct Auth {
    /// `oauth2`, `api_key` or `none`.
    pub scheme: Ident,
    /// The OAuth2 flow, such as `client_credentials`.
    pub flow: Option<Ident>,
    /// OAuth2 scopes.
    pub scopes: ThinVec<StringLit>,
    /// The API key header.
    pub header: Option<StringLit>,
    /// The whole clause.
    pub span: Span,
}

/// `operation name METHOD "/path" { ... }`.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// Docs and annotations.
    pub attributes: Attributes,
    /// The operation's name (camelCase).
    pub name: Ident,
    /// The HTTP method.
    pub method: Ident,
    /// The path template, relative to the API's base.
    pub path: StringLit,
    /// Parameters, body, responses, errors and clauses in source order.
    pub members: ThinVec<OperationMember>,
    /// The whole operation.
    pub span: Span,
}

/// Members of an operation.
#[derive(Clone, Debug, PartialEq)]
pub enum OperationMember {
    /// `path|query|header name: Type`.
    Param(Param),
    /// `body Type`.
    Body(TypeExpr),
    /// `response 200 Type` or `response 202 "description"`.
    Response(Response),
    /// `error 404 Name "description"`.
    Error(OperationError),
    /// `reads Entity`.
    Reads(Path),
    /// `writes Entity`.
    Writes(Path),
    /// `auth ...`.
    Auth(Auth),
    /// `idempotent`: callers send an idempotency key.
    Idempotent(Span),
    /// `audited`: every call leaves an audit record.
    Audited(Span),
    /// `paginated cursor`.
    Paginated(Ident),
    /// `apply policy`.
    Apply(Apply),
}

/// Where a parameter travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamLocation {
    /// In the URL path.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
}

/// A parameter: a location and a field.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// Where it travels.
    pub location: ParamLocation,
    /// Its name, type, constraints and default.
    pub field: Field,
    /// The whole member.
    pub span: Span,
}

/// A success response.
///
/// Its span is kept as two offsets, the file being its status's: a whole
/// [`Span`] made a response, the largest operation member with a parameter,
/// 8 bytes larger, and so every member. It reads through
/// [`Response::span`] and prints as the struct it stands for.
#[derive(Clone, PartialEq)]
pub struct Response {
    /// The HTTP status.
    pub status: NumberLit,
    /// The body type, if there is one.
    pub body: Option<TypeExpr>,
    /// A description.
    pub description: Option<StringLit>,
    /// Where the whole member starts, in its status's file.
    pub(super) start: u32,
    /// Where it ends.
    pub(super) end: u32,
}

impl Response {
    /// The response `status body description` at `span` (in `status`'s
    /// file); both parsers build it here.
    pub fn new(
        status: NumberLit,
        body: Option<TypeExpr>,
        description: Option<StringLit>,
        span: Span,
    ) -> Response {
        debug_assert_eq!(span.file, status.span.file, "a response lies in one file");
        Response {
            status,
            body,
            description,
            start: span.start,
            end: span.end,
        }
    }

    /// The whole member.
    pub fn span(&self) -> Span {
        Span {
            file: self.status.span.file,
            start: self.start,
            end: self.end,
        }
    }
}

impl std::fmt::Debug for Response {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Printed with its span whole, as before, so that the tree's
        // snapshots read the same.
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("body", &self.body)
            .field("description", &self.description)
            .field("span", &self.span())
            .finish()
    }
}

/// An error response (served as RFC 9457 problem details).
#[derive(Clone, Debug, PartialEq)]
pub struct OperationError {
    /// The HTTP status.
    pub status: NumberLit,
    /// The error's name, which workflow steps catch.
    pub name: Ident,
    /// A description.
    pub description: Option<StringLit>,
    /// The whole member.
    pub span: Span,
}

/// `policy name { rules }`.
#[derive(Clone, Debug, PartialEq)]
pub struct PolicyDecl {
    /// The policy's name.
    pub name: Ident,
    /// Its rules in source order.
    pub rules: ThinVec<PolicyRule>,
}

/// One rule of a policy.
#[derive(Clone, Debug, PartialEq)]
pub struct PolicyRule {
    /// Which rule.
    pub kind: PolicyRuleKind,
    /// The whole rule.
    pub span: Span,
}

/// The kinds of policy rule.
#[derive(Clone, Debug, PartialEq)]
pub enum PolicyRuleKind {
    /// `require idempotency|audit|dead_letter|timeout|key`.
    Require(Ident),
    /// `auth ...`.
    Auth(Auth),
    /// `retry N every D backoff F max D` (boxed: rare, and three times
    /// the size of the other rules).
    Retry(Box<Retry>),
    /// `timeout D`.
    Timeout(DurationLit),
    /// `sla latency D` / `sla freshness D`.
    Sla(Ident, DurationLit),
    /// `pii within_domain` / `pii allowed`.
    Pii(Ident),
    /// `naming events PascalCase`.
    Naming(Ident, Ident),
}

/// Retry settings, in policies and on workflow steps.
#[derive(Clone, Debug, PartialEq)]
pub struct Retry {
    /// Attempts after the first failure.
    pub attempts: NumberLit,
    /// The first interval.
    pub every: Option<DurationLit>,
    /// The factor by which the interval grows.
    pub backoff: Option<NumberLit>,
    /// The longest interval.
    pub max: Option<DurationLit>,
    /// The whole clause.
    pub span: Span,
}
