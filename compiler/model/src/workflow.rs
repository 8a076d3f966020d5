//! Workflows as explicit state graphs. The structured steps of the source
//! (blocks inside `choice`, `catch`, `on timeout`) become states with
//! transitions in one graph; `parallel` branches and `for each` bodies are
//! graphs of their own, as in Amazon States Language. Every state knows the
//! typed variables it can read. Expressions are lowered ([`Expr`]): their
//! names are resolved in the scope of the state that holds them.

use super::{
    AppliedPolicies, Argument, EventId, Expr, Meta, Name, OperationRef, Rare, RetryPolicy, Scope,
    SystemId, Type,
};
use smol_str::SmolStr;
use weft_base::Span;

/// `workflow`.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Workflow {
    /// Its name.
    pub name: Name,
    /// Docs.
    pub meta: Meta,
    /// The system that runs it.
    pub host: Option<SystemId>,
    /// Where the host is named.
    #[serde(skip)]
    pub host_span: Span,
    /// What starts it.
    pub trigger: Option<TriggerDef>,
    /// Where the `trigger` clause is written (the workflow's name when it has none).
    #[serde(skip)]
    pub trigger_span: Span,
    /// End-to-end latency target in milliseconds (its own `sla` or a policy's).
    pub sla_ms: Option<u64>,
    /// Overall timeout in milliseconds.
    pub timeout_ms: Option<u64>,
    /// Policies that apply: the host's domain's, the host's and its own.
    pub policies: AppliedPolicies,
    /// The top-level state graph.
    pub graph: StateGraph,
    /// Every variable: the trigger's binding and each step's result.
    pub variables: Vec<Variable>,
}

/// What starts a workflow.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub enum TriggerDef {
    /// An event at a version.
    Event {
        /// The event.
        event: EventId,
        /// The version.
        version: u32,
    },
    /// A call of an operation.
    Api {
        /// The operation.
        operation: OperationRef,
    },
    /// A cron schedule.
    Schedule(String),
}

/// A typed variable.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Variable {
    /// Its name.
    pub name: SmolStr,
    /// Its type (`Type::Unknown` if it could not be determined).
    pub ty: Type,
    /// Where it is bound.
    #[serde(skip)]
    pub span: Span,
}

/// Index of a state within its graph.
pub type StateIndex = usize;

/// A graph of states with one start.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct StateGraph {
    /// The states; transitions refer to them by index.
    pub states: Vec<State>,
    /// The first state, if the graph has any.
    pub start: Option<StateIndex>,
}

/// Where control goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Next {
    /// To this state of the same graph.
    State(StateIndex),
    /// The graph ends successfully (the workflow, branch or iteration is done).
    End,
}

/// A `catch Error { ... }` route of a state.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Catch {
    /// The error caught, as written (`any` catches everything).
    pub error: SmolStr,
    /// Where control goes when it is caught.
    pub next: Next,
    /// Where the error's name is written.
    #[serde(skip)]
    pub span: Span,
}

/// One state.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct State {
    /// Unique name within the workflow (the step's name, or a generated one).
    pub name: SmolStr,
    /// What it does.
    pub kind: StateKind,
    /// Where control goes when it completes (`None` for fail/succeed/choice).
    pub next: Option<Next>,
    /// `catch Error { ... }` routes, in order (`any` catches everything);
    /// boxed only when there are any.
    pub catches: Rare<Vec<Catch>>,
    /// `on timeout { ... }` route.
    pub on_timeout: Option<Next>,
    /// Explicit timeout in milliseconds.
    pub timeout_ms: Option<u64>,
    /// Explicit retry (boxed: few steps have one).
    pub retry: Option<Box<RetryPolicy>>,
    /// Variables readable here, by index into [`Workflow::variables`]
    /// (shared with the scopes it extends).
    pub scope: Scope,
    /// Paths (`change.note`) known not to be `null` here, because the
    /// condition of an enclosing `when` branch says so (`change.note !=
    /// null`); reading them gives the value without its `?`.
    #[serde(skip_serializing_if = "no_paths")]
    pub not_null: Rare<Vec<String>>,
    /// Docs (boxed only when there are any, as the two lists above: most
    /// steps have none of them).
    pub doc: Rare<String>,
    /// The step in the source.
    #[serde(skip)]
    pub span: Span,
}

impl State {
    /// Where control can go from this state, within its graph: its next
    /// state, its `catch` and `on timeout` routes, and a choice's branches
    /// and `otherwise`, in that order. An iterator, not a list: checks ask
    /// it for every state of every workflow.
    pub fn successors(&self) -> impl Iterator<Item = Next> + '_ {
        let (branches, otherwise) = match &self.kind {
            StateKind::Choice {
                branches,
                otherwise,
            } => (branches.as_slice(), *otherwise),
            _ => (&[][..], None),
        };
        self.next
            .into_iter()
            .chain(self.catches.iter().map(|catch| catch.next))
            .chain(self.on_timeout)
            .chain(branches.iter().map(|(_, target)| *target))
            .chain(otherwise)
    }
}

/// Whether a state knows no path to be non-`null` (then `not_null` is left
/// out of `weft debug model`, as the empty list always was).
fn no_paths(paths: &Rare<Vec<String>>) -> bool {
    paths.is_empty()
}

/// The kinds of state.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub enum StateKind {
    /// Call an operation.
    Call {
        /// The operation, if it resolved.
        operation: Option<OperationRef>,
        /// Named arguments, resolved to the operation's parameters (or
        /// `body`) and typed in the state's scope.
        #[serde(skip)]
        args: Vec<Argument>,
        /// The idempotency key expression (boxed, as the compensation: most
        /// calls have neither, and the call is the largest kind of state).
        #[serde(skip)]
        idempotency_key: Option<Box<Expr>>,
        /// The compensating call.
        compensation: Option<Box<Compensation>>,
        /// Whether the step has an options block, even an empty one: a
        /// quick fix adds an option inside it (the state's span ends with
        /// its `}`) instead of writing a second block.
        #[serde(skip)]
        options_written: bool,
    },
    /// Publish an event.
    Emit {
        /// The event, if it resolved.
        event: Option<EventId>,
        /// The version.
        version: u32,
        /// Payload fields, resolved to the fields of the version's payload.
        #[serde(skip)]
        fields: Vec<Argument>,
    },
    /// Wait for a correlated event.
    Wait {
        /// The event, if it resolved.
        event: Option<EventId>,
        /// The version.
        version: u32,
        /// The correlation condition (the awaited payload is readable in
        /// it); boxed so that a wait is no larger than a call.
        #[serde(skip)]
        condition: Box<Expr>,
    },
    /// Branch on conditions.
    Choice {
        /// Guards and their targets, tried in order.
        #[serde(skip)]
        branches: Vec<(Expr, Next)>,
        /// Where to go when no guard holds.
        otherwise: Option<Next>,
    },
    /// Run branches at the same time; continue when all are done.
    Parallel {
        /// Branch names and graphs.
        branches: Vec<(String, StateGraph)>,
    },
    /// Run a graph per element of a list.
    ForEach {
        /// The list (boxed, as the body: loops are rare and large).
        #[serde(skip)]
        list: Box<Expr>,
        /// The loop variable (index into the workflow's variables).
        item: usize,
        /// Maximum parallel iterations.
        concurrency: Option<u32>,
        /// The body.
        body: Box<StateGraph>,
    },
    /// Run the compensations of completed steps, newest first.
    Compensate,
    /// End the workflow with an error.
    Fail {
        /// Error code.
        code: String,
        /// Explanation.
        message: Option<String>,
    },
    /// End the workflow successfully.
    Succeed,
}

/// `compensate with Api.op(args)`.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Compensation {
    /// The compensating operation, if it resolved.
    pub operation: Option<OperationRef>,
    /// Its arguments, resolved to the operation's parameters (or `body`);
    /// the compensated step's result is readable in them.
    #[serde(skip)]
    pub args: Vec<Argument>,
    /// Where it is written.
    #[serde(skip)]
    pub span: Span,
}

impl StateGraph {
    /// Visits every state of this graph and of nested graphs.
    pub fn walk<'a>(&'a self, visit: &mut dyn FnMut(&'a State)) {
        for state in &self.states {
            visit(state);
            match &state.kind {
                StateKind::Parallel { branches } => {
                    branches.iter().for_each(|(_, graph)| graph.walk(visit))
                }
                StateKind::ForEach { body, .. } => body.walk(visit),
                _ => {}
            }
        }
    }
}
