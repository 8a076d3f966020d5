//! Domains, systems, entities, events, APIs and policies, with their
//! references resolved to ids and the policies that apply to each.

use super::{
    ApiId, AuthScheme, CompatibilityMode, Connectivity, Delivery, DomainId, Empty, EntityId,
    EventId, Field, Hosting, HttpMethod, Meta, Name, NamingStyle, NamingSubject, OAuthFlow,
    Pagination, PolicyId, Rare, SystemId, SystemKind, Type, TypeId, WorkflowId,
};
use smol_str::SmolStr;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;
use weft_base::Span;

/// A policy that applies to a declaration, and why.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct AppliedPolicy {
    /// The policy.
    pub policy: PolicyId,
    /// The `apply` clause that brought it in.
    #[serde(skip)]
    pub applied_at: Span,
    /// Where it was applied: "domain finance", "api Ledger", ... A
    /// `SmolStr`: such a text is nearly always short enough to be held
    /// inline, and every operation, event and workflow holds a copy of its
    /// parents' (a `String` allocated each).
    pub via: SmolStr,
}

/// The policies that apply to a declaration, in order, each once. Shared:
/// a system's list reaches every entity, event, API, operation and workflow
/// under it unchanged unless the node applies a policy of its own, so those
/// nodes hold the same list (a reference count) instead of a copy each. Reads
/// see a slice; equal, `Debug`-printed and serialised as that slice.
#[derive(Clone, Default, PartialEq)]
pub struct AppliedPolicies(Option<Arc<[AppliedPolicy]>>);

impl From<Vec<AppliedPolicy>> for AppliedPolicies {
    fn from(list: Vec<AppliedPolicy>) -> AppliedPolicies {
        // Most declarations have none: an empty list allocates nothing.
        if list.is_empty() {
            AppliedPolicies(None)
        } else {
            AppliedPolicies(Some(list.into()))
        }
    }
}

impl Deref for AppliedPolicies {
    type Target = [AppliedPolicy];

    fn deref(&self) -> &[AppliedPolicy] {
        self.0.as_deref().unwrap_or(&[])
    }
}

impl fmt::Debug for AppliedPolicies {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.debug_list().entries(self.iter()).finish()
    }
}

impl serde::Serialize for AppliedPolicies {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// `domain`.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Domain {
    /// Its name.
    pub name: Name,
    /// Docs.
    pub meta: Meta,
    /// The owning team.
    pub owner: Option<String>,
    /// How to reach the team.
    pub contact: Option<String>,
    /// Policies applied here (they reach everything in the domain).
    pub policies: AppliedPolicies,
}

/// `system`.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct System {
    /// Its name.
    pub name: Name,
    /// Docs.
    pub meta: Meta,
    /// Its domain.
    pub domain: Option<DomainId>,
    /// `kind`.
    pub kind: Option<SystemKind>,
    /// `hosting`.
    pub hosting: Option<Hosting>,
    /// `connectivity`.
    pub connectivity: Option<Connectivity>,
    /// The events it reads, at which version.
    pub consumes: Vec<Consumption>,
    /// Policies that apply: its domain's and its own.
    pub policies: AppliedPolicies,
}

/// `consumes Event vN` of a system.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Consumption {
    /// The event.
    pub event: EventId,
    /// The version read (the reader schema).
    pub version: u32,
    /// The clause.
    #[serde(skip)]
    pub span: Span,
}

/// `entity`.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Entity {
    /// Its name.
    pub name: Name,
    /// Docs.
    pub meta: Meta,
    /// The system of record.
    pub owner: Option<SystemId>,
    /// Where the owner is declared.
    #[serde(skip)]
    pub owner_span: Span,
    /// The key fields.
    pub key: Vec<SmolStr>,
    /// The record type holding its fields (its own, or the one named by `record`).
    pub record: TypeId,
    /// Policies applied to it.
    pub policies: AppliedPolicies,
}

/// `event`.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Event {
    /// Its name.
    pub name: Name,
    /// Docs.
    pub meta: Meta,
    /// The one producing system.
    pub producer: Option<SystemId>,
    /// Where the producer is named.
    #[serde(skip)]
    pub producer_span: Span,
    /// The entity it is about.
    pub about: Option<EntityId>,
    /// Where `about` is written.
    #[serde(skip)]
    pub about_span: Span,
    /// The partition key: a field path in the payload.
    pub key: Vec<SmolStr>,
    /// Compatibility mode (explicit or the project default).
    pub compatibility: CompatibilityMode,
    /// `real_time`, `near_real_time` or `batch`.
    pub delivery: Option<Delivery>,
    /// Retention in milliseconds; `None` = for ever.
    pub retention_ms: Option<u64>,
    /// Whether the topic is compacted.
    pub compacted: bool,
    /// The dead-letter route: `Some(None)` for the default topic.
    pub dead_letter: Option<Option<String>>,
    /// Per-event Kafka topic overrides (`@partitions`, `@replicas`,
    /// `@topic_config` on the event); boxed only when there are any.
    pub topic: Rare<TopicOverrides>,
    /// The versions in order.
    pub versions: Vec<EventVersion>,
    /// Consumers: systems and workflows that read it.
    pub consumers: Vec<Consumer>,
    /// Policies that apply: the producer's domain's, the producer's and its own.
    pub policies: AppliedPolicies,
}

impl Empty for TopicOverrides {
    const EMPTY: &'static TopicOverrides = &TopicOverrides {
        partitions: None,
        replicas: None,
        configs: Vec::new(),
    };
}

impl Event {
    /// The version with this number (numbers are unique: the resolver
    /// refuses a second version 1).
    ///
    /// Versions are nearly always written in ascending order, so the
    /// position a binary search finds is tried first; a scan only when it
    /// misses (versions written out of order, or no such version). Every
    /// check and target asks this once per version or consumer, and a scan
    /// each time made an event of many versions quadratic (issue 15, item
    /// 11).
    pub fn version(&self, number: u32) -> Option<&EventVersion> {
        let position = self
            .versions
            .partition_point(|version| version.number < number);
        match self.versions.get(position) {
            Some(version) if version.number == number => Some(version),
            _ => self
                .versions
                .iter()
                .find(|version| version.number == number),
        }
    }

    /// The newest version.
    pub fn latest(&self) -> Option<&EventVersion> {
        self.versions.iter().max_by_key(|version| version.number)
    }
}

/// What an event's annotations say about its Kafka topics, as written:
/// the topic plan validates the values (range, type, known key), so that
/// every problem is reported with its place.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct TopicOverrides {
    /// `@partitions(N)`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partitions: Option<AnnotatedNumber>,
    /// `@replicas(N)`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replicas: Option<AnnotatedNumber>,
    /// `@topic_config("key", value)`, in source order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub configs: Vec<AnnotatedConfig>,
}

/// A whole number given as an annotation's argument.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct AnnotatedNumber {
    /// The value.
    pub value: i64,
    /// Where the annotation is written.
    #[serde(skip)]
    pub span: Span,
}

/// `@topic_config("key", value)`: a Kafka topic configuration for the
/// event's topics; the value is kept as Kafka's text form.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct AnnotatedConfig {
    /// The configuration key, such as `max.message.bytes`.
    pub key: String,
    /// The value as Kafka reads it (`1048576`, `true`, `LogAppendTime`).
    pub value: String,
    /// Where the annotation is written.
    #[serde(skip)]
    pub span: Span,
}

/// One version of an event.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct EventVersion {
    /// The version number.
    pub number: u32,
    /// The payload type (a record).
    pub payload: TypeId,
    /// Docs and deprecation.
    pub meta: Meta,
}

/// Who reads an event.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub enum Consumer {
    /// A system's `consumes` clause.
    System {
        /// The system.
        system: SystemId,
        /// The version it reads.
        version: u32,
    },
    /// A workflow's trigger or wait.
    Workflow {
        /// The workflow.
        workflow: WorkflowId,
        /// The version it reads.
        version: u32,
    },
}

/// `api`.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Api {
    /// Its name.
    pub name: Name,
    /// Docs.
    pub meta: Meta,
    /// The hosting system.
    pub host: Option<SystemId>,
    /// Where the host is named.
    #[serde(skip)]
    pub host_span: Span,
    /// Semantic version `(major, minor, patch)`.
    pub version: (u64, u64, u64),
    /// Base path.
    pub base: String,
    /// Default security; shared with the operations that declare none.
    pub auth: Option<Arc<Auth>>,
    /// Operations in order.
    pub operations: Vec<Operation>,
    /// Policies that apply: the host's domain's, the host's and its own.
    pub policies: AppliedPolicies,
}

/// A reference to one operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct OperationRef {
    /// The API.
    pub api: ApiId,
    /// The operation's index in the API: a `u32` like the ids, so that a
    /// reference is 8 bytes (calls, arguments and references hold one).
    pub index: u32,
}

impl OperationRef {
    /// A reference to `api.operations[index]`; `None` past `u32::MAX`
    /// operations, which no API has.
    pub fn new(api: ApiId, index: usize) -> Option<OperationRef> {
        Some(OperationRef {
            api,
            index: u32::try_from(index).ok()?,
        })
    }

    /// The operation's index into `Api::operations`.
    pub fn index(self) -> usize {
        self.index as usize
    }
}

/// Security of an API or operation.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Auth {
    /// `oauth2`, `api_key` or `none`.
    pub scheme: AuthScheme,
    /// OAuth2 flow.
    pub flow: Option<OAuthFlow>,
    /// OAuth2 scopes.
    pub scopes: Vec<String>,
    /// API key header.
    pub header: Option<String>,
}

/// One operation of an API.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Operation {
    /// Its name (camelCase).
    pub name: SmolStr,
    /// Docs.
    pub meta: Meta,
    /// HTTP method.
    pub method: HttpMethod,
    /// Path template, relative to the API's base (the source's text, shared).
    pub path: SmolStr,
    /// Parameters.
    pub params: Vec<Parameter>,
    /// Request body type.
    pub body: Option<Type>,
    /// Success responses.
    pub responses: Vec<ResponseDef>,
    /// Error responses.
    pub errors: Vec<ErrorDef>,
    /// Entities it reads.
    pub reads: Vec<EntityId>,
    /// Entities it writes, with where each is named.
    pub writes: Vec<(EntityId, Span)>,
    /// Effective security (its own, else the API's): an operation without
    /// its own shares the API's (a reference count, not a copy of its
    /// scopes and header).
    pub auth: Option<Arc<Auth>>,
    /// Whether callers send an idempotency key.
    pub idempotent: bool,
    /// Whether calls are audited.
    pub audited: bool,
    /// Pagination style.
    pub paginated: Option<Pagination>,
    /// Policies that apply: the API's and its own.
    pub policies: AppliedPolicies,
}

impl Operation {
    /// Whether it changes data: a write method or a `writes` clause.
    pub fn is_write(&self) -> bool {
        !self.writes.is_empty() || self.method.is_write()
    }

    /// The type of the first success response's body.
    pub fn result_type(&self) -> Option<&Type> {
        self.responses
            .iter()
            .find_map(|response| response.body.as_ref())
    }
}

/// Where a parameter travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum ParamIn {
    /// URL path.
    Path,
    /// Query string.
    Query,
    /// Header.
    Header,
}

/// A parameter.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Parameter {
    /// Where it travels.
    pub location: ParamIn,
    /// Its name, type, constraints and default.
    pub field: Field,
}

/// A success response.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ResponseDef {
    /// HTTP status.
    pub status: u16,
    /// Body type.
    pub body: Option<Type>,
    /// Description (the source's text, shared).
    pub description: Option<SmolStr>,
}

/// An error response.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ErrorDef {
    /// HTTP status.
    pub status: u16,
    /// The name workflows catch.
    pub name: SmolStr,
    /// Description (the source's text, shared).
    pub description: Option<SmolStr>,
}

/// `policy`.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Policy {
    /// Its name.
    pub name: Name,
    /// Docs.
    pub meta: Meta,
    /// Its rules.
    pub rules: Vec<Rule>,
}

/// A resolved policy rule.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Rule {
    /// What it requires.
    pub kind: RuleKind,
    /// Where it is written.
    #[serde(skip)]
    pub span: Span,
}

/// The kinds of rule.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub enum RuleKind {
    /// Write operations must be idempotent.
    RequireIdempotency,
    /// Write operations must be audited.
    RequireAudit,
    /// Events must have a dead-letter route.
    RequireDeadLetter,
    /// Workflow calls and waits must have a timeout.
    RequireTimeout,
    /// Events must have a partition key.
    RequireKey,
    /// Operations must use this security.
    Auth(Auth),
    /// Default retry for workflow steps.
    Retry(RetryPolicy),
    /// Default timeout for workflow steps, in milliseconds.
    Timeout(u64),
    /// End-to-end latency target, in milliseconds.
    SlaLatency(u64),
    /// Data freshness target, in milliseconds.
    SlaFreshness(u64),
    /// PII may not leave its domain.
    PiiWithinDomain,
    /// PII may leave its domain.
    PiiAllowed,
    /// A naming style for a kind of declaration.
    Naming {
        /// `events`, `apis`, `operations`, `fields`, ...
        subject: NamingSubject,
        /// `PascalCase`, `camelCase`, `snake_case`.
        style: NamingStyle,
    },
}

/// Retry settings.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct RetryPolicy {
    /// Attempts after the first failure.
    pub attempts: u32,
    /// First interval in milliseconds.
    pub interval_ms: Option<u64>,
    /// Growth factor.
    pub backoff: Option<String>,
    /// Longest interval in milliseconds.
    pub max_interval_ms: Option<u64>,
}
