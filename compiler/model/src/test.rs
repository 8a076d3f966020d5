//! `test` scenarios, lowered from syntax: the trigger payload and mocked
//! results as typed expressions, mocks and expected paths naming the
//! workflow's steps, and expected events with what they resolved to.

use super::{EventId, Expr, Name, Variable, WorkflowId};
use weft_base::Span;

/// A `test` scenario.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Test {
    /// Its name.
    pub name: Name,
    /// The workflow under test.
    pub workflow: Option<WorkflowId>,
    /// Trigger, mocks and expectations in source order; not part of
    /// `weft debug model` (they are the scenario, not the landscape).
    #[serde(skip)]
    pub members: Vec<TestMember>,
}

/// Members of a test scenario.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub enum TestMember {
    /// `trigger { payload }`; record fields resolve against the trigger's
    /// payload (an event version's record or an operation's body).
    Trigger(Expr),
    /// `mock step returns value` / `mock step fails Error` / `mock step times out`.
    Mock(Mock),
    /// `expect ...`.
    Expect(Expectation),
}

/// A step of the workflow under test, named by a mock or an expected path.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct StepName {
    /// The state name as written.
    pub name: String,
    /// Where it is written.
    pub span: Span,
}

/// A mocked step result.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Mock {
    /// The mocked step.
    pub step: StepName,
    /// What it does.
    pub outcome: MockOutcome,
    /// The whole member.
    pub span: Span,
}

/// What a mocked step does.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub enum MockOutcome {
    /// It returns this value (record fields resolve against the step's result).
    Returns(Expr),
    /// It fails with this error (`fails E N times`: only its first N
    /// attempts).
    Fails {
        /// The error's name as written.
        error: String,
        /// `N times`: how many attempts fail; `None`: every one.
        first: Option<u32>,
        /// Where it is written.
        span: Span,
    },
    /// It times out (for waits).
    TimesOut,
}

/// An expectation of a test scenario.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Expectation {
    /// Which expectation.
    pub kind: ExpectationKind,
    /// The whole member.
    pub span: Span,
}

/// The kinds of expectation.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub enum ExpectationKind {
    /// `expect path a, b, c`: the steps run, in order.
    Path(Vec<StepName>),
    /// `expect emits Event vN` (`where …`).
    Emits(ExpectedEvent),
    /// `expect succeeds`.
    Succeeds,
    /// `expect fails "CODE"`.
    Fails(String),
    /// `expect compensates a, b`: the steps whose compensations run, in
    /// the order they run.
    Compensates(Vec<StepName>),
}

/// The event of `expect emits Event vN`.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ExpectedEvent {
    /// The event's name as written, segments joined by dots.
    pub dotted: String,
    /// The last segment, which names the event itself.
    pub last: String,
    /// Where the name is written.
    pub span: Span,
    /// The event, if the name resolved.
    pub event: Option<EventId>,
    /// The version number.
    pub version: u32,
    /// Where the version is written.
    pub version_span: Span,
    /// `where condition`: what the emitted payload must satisfy.
    pub condition: Option<PayloadCondition>,
}

/// The `where` condition of `expect emits Event vN where …`. Its names are
/// the fields of the version's payload: the condition is lowered with the
/// payload's fields as its only variables, so `PathRoot::Variable(i)` in it
/// reads `fields[i]` of the emitted payload (not a workflow variable).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct PayloadCondition {
    /// The condition.
    pub expr: Expr,
    /// The payload's fields, in declaration order (empty when the event or
    /// version did not resolve: every name is then unresolved).
    pub fields: Vec<Variable>,
}
