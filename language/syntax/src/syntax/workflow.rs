//! Workflows (multi-step orchestrations) and the test scenarios that run them.
//! Steps are structured: blocks nest, so every route a step can take is a
//! block the reader can see. The compiler turns them into an explicit state graph.

use super::{
    Apply, Attributes, DurationLit, Expr, Ident, NamedExpr, NumberLit, Path, Retry, StringLit,
    VersionRef,
};
use thin_vec::ThinVec;
use weft_base::span::Span;

/// `workflow Name { clauses steps }`.
#[derive(Clone, Debug, PartialEq)]
pub struct WorkflowDecl {
    /// The workflow's name.
    pub name: Ident,
    /// Clauses (host, trigger, apply, sla, timeout) in source order.
    pub clauses: ThinVec<WorkflowClause>,
    /// The steps, run in order.
    pub steps: ThinVec<Step>,
}

/// Clauses of a workflow.
#[derive(Clone, Debug, PartialEq)]
pub enum WorkflowClause {
    /// `host system`: the system that runs it and produces what it emits.
    Host(Path),
    /// `trigger ...` (boxed: one per workflow, twice the size of the
    /// other clauses).
    Trigger(Box<Trigger>),
    /// `apply policy`.
    Apply(Apply),
    /// `sla 30m`: end-to-end latency target.
    Sla(DurationLit),
    /// `timeout 2h`: the whole run is abandoned after this.
    Timeout(DurationLit),
}

/// What starts a workflow.
#[derive(Clone, Debug, PartialEq)]
pub struct Trigger {
    /// Which kind of trigger.
    pub kind: TriggerKind,
    /// The whole clause.
    pub span: Span,
}

/// The kinds of trigger.
#[derive(Clone, Debug, PartialEq)]
pub enum TriggerKind {
    /// `trigger event E v1 as name`.
    Event {
        /// The event.
        event: Path,
        /// Its version.
        version: VersionRef,
        /// The variable holding the payload.
        binding: Ident,
    },
    /// `trigger api Api.operation as name`.
    Api {
        /// The operation.
        operation: Path,
        /// The variable holding the request.
        binding: Ident,
    },
    /// `trigger schedule "cron"`.
    Schedule(StringLit),
}

/// A step with its docs.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// Doc comment and annotations.
    pub attributes: Attributes,
    /// What the step does.
    pub kind: StepKind,
    /// The whole step, including its options block.
    pub span: Span,
}

/// The kinds of step.
#[derive(Clone, Debug, PartialEq)]
pub enum StepKind {
    /// `call name = Api.op(args) { options }`.
    Call(CallStep),
    /// `emit name = Event vN(fields) { options }`.
    Emit(EmitStep),
    /// `wait name = Event vN where cond { options }`.
    Wait(Box<WaitStep>),
    /// `choice name { when c { } otherwise { } }`.
    Choice(ChoiceStep),
    /// `parallel name { branch a { } branch b { } }`.
    Parallel(ParallelStep),
    /// `for each item in list { }`.
    ForEach(Box<ForEachStep>),
    /// `compensate`: undo the completed steps that declared a compensation.
    Compensate,
    /// `fail "CODE" "message"`.
    Fail(FailStep),
    /// `succeed`.
    Succeed,
}

impl StepKind {
    /// The options block of a `call`, `emit` or `wait`; empty for the others,
    /// which take none. Inline: lowering asks it of every step.
    #[inline]
    pub fn options(&self) -> &[StepOption] {
        match self {
            StepKind::Call(call) => &call.options,
            StepKind::Emit(emit) => &emit.options,
            StepKind::Wait(wait) => &wait.options,
            StepKind::Choice(_)
            | StepKind::Parallel(_)
            | StepKind::ForEach(_)
            | StepKind::Compensate
            | StepKind::Fail(_)
            | StepKind::Succeed => &[],
        }
    }
}

/// `call name = Api.op(args)`.
#[derive(Clone, Debug, PartialEq)]
pub struct CallStep {
    /// The step's name, which also holds its result.
    pub name: Ident,
    /// The operation called.
    pub operation: Path,
    /// Named arguments: parameters and `body`.
    pub args: ThinVec<NamedExpr>,
    /// Timeout, retry, catch and compensation.
    pub options: ThinVec<StepOption>,
    /// Whether an options block `{ … }` is written, even one with no
    /// option in the tree (empty, or its options failed to parse): a quick
    /// fix that adds an option puts it inside that block.
    pub options_written: bool,
}

/// `emit name = Event vN(fields)`.
#[derive(Clone, Debug, PartialEq)]
pub struct EmitStep {
    /// The step's name.
    pub name: Ident,
    /// The event.
    pub event: Path,
    /// The version emitted.
    pub version: VersionRef,
    /// The payload's fields.
    pub fields: ThinVec<NamedExpr>,
    /// Timeout, retry, catch.
    pub options: ThinVec<StepOption>,
}

/// `wait name = Event vN where cond`.
#[derive(Clone, Debug, PartialEq)]
pub struct WaitStep {
    /// The step's name, which holds the received payload.
    pub name: Ident,
    /// The awaited event.
    pub event: Path,
    /// Its version.
    pub version: VersionRef,
    /// The correlation condition.
    pub condition: Expr,
    /// Timeout and the timeout route.
    pub options: ThinVec<StepOption>,
}

/// `choice name { when ... otherwise ... }`.
#[derive(Clone, Debug, PartialEq)]
pub struct ChoiceStep {
    /// The step's name.
    pub name: Ident,
    /// The guarded branches, tried in order.
    pub branches: ThinVec<WhenBranch>,
    /// The default branch.
    pub otherwise: Option<Block>,
}

/// `when cond { steps }`.
#[derive(Clone, Debug, PartialEq)]
pub struct WhenBranch {
    /// The guard.
    pub condition: Expr,
    /// The steps run when it holds.
    pub block: Block,
    /// The whole branch.
    pub span: Span,
}

/// `parallel name { branch a { } ... }`.
#[derive(Clone, Debug, PartialEq)]
pub struct ParallelStep {
    /// The step's name.
    pub name: Ident,
    /// The branches, run at the same time.
    pub branches: ThinVec<ParallelBranch>,
}

/// `branch name { steps }`.
#[derive(Clone, Debug, PartialEq)]
pub struct ParallelBranch {
    /// The branch's name.
    pub name: Ident,
    /// Its steps.
    pub block: Block,
    /// The whole branch.
    pub span: Span,
}

/// `for each item in list concurrency N { steps }`.
#[derive(Clone, Debug, PartialEq)]
pub struct ForEachStep {
    /// The loop variable, which also names the step.
    pub item: Ident,
    /// The list iterated over.
    pub list: Expr,
    /// How many iterations may run at once.
    pub concurrency: Option<NumberLit>,
    /// The steps run per element.
    pub block: Block,
}

/// `fail "CODE" "message"`.
#[derive(Clone, Debug, PartialEq)]
pub struct FailStep {
    /// The error code.
    pub code: StringLit,
    /// The explanation.
    pub message: Option<StringLit>,
}

/// `{ steps }`.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    /// The steps.
    pub steps: ThinVec<Step>,
    /// From `{` to `}`.
    pub span: Span,
}

/// An option of a call, emit or wait step.
#[derive(Clone, Debug, PartialEq)]
pub struct StepOption {
    /// Which option.
    pub kind: StepOptionKind,
    /// The whole option.
    pub span: Span,
}

/// The kinds of step option.
#[derive(Clone, Debug, PartialEq)]
pub enum StepOptionKind {
    /// `timeout D`.
    Timeout(DurationLit),
    /// `retry N ...` (boxed: rare, and twice the size of the other
    /// options).
    Retry(Box<Retry>),
    /// `catch Error { steps }` or `catch any { steps }`.
    Catch(Ident, Block),
    /// `on timeout { steps }`.
    OnTimeout(Block),
    /// `idempotency_key expr`.
    IdempotencyKey(Expr),
    /// `compensate with Api.op(args)`.
    CompensateWith(Path, ThinVec<NamedExpr>),
}

/// `test name for Workflow { ... }`.
#[derive(Clone, Debug, PartialEq)]
pub struct TestDecl {
    /// The scenario's name.
    pub name: Ident,
    /// The workflow under test.
    pub workflow: Path,
    /// Trigger, mocks and expectations in source order.
    pub members: ThinVec<TestMember>,
}

/// Members of a test scenario.
#[derive(Clone, Debug, PartialEq)]
pub enum TestMember {
    /// `trigger { payload }`.
    Trigger(Expr),
    /// `mock step returns value` / `mock step fails Error`.
    Mock(Mock),
    /// `expect ...`.
    Expect(Expectation),
}

/// A mocked step result.
#[derive(Clone, Debug, PartialEq)]
pub struct Mock {
    /// The mocked step.
    pub step: Ident,
    /// What it does.
    pub outcome: MockOutcome,
    /// The whole member.
    pub span: Span,
}

/// What a mocked step does.
#[derive(Clone, Debug, PartialEq)]
pub enum MockOutcome {
    /// It returns this value.
    Returns(Expr),
    /// It fails with this error.
    Fails(Ident),
    /// `fails Error N times`: its first N attempts fail with this error,
    /// later ones do what its other mock says (or complete with no result).
    FailsFirst(Ident, NumberLit),
    /// It times out (for waits).
    TimesOut,
}

/// An expectation of a test scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Expectation {
    /// Which expectation.
    pub kind: ExpectationKind,
    /// The whole member.
    pub span: Span,
}

/// The kinds of expectation.
#[derive(Clone, Debug, PartialEq)]
pub enum ExpectationKind {
    /// `expect path a, b, c`: the steps run, in order.
    Path(ThinVec<Ident>),
    /// `expect emits Event vN` and `expect emits Event vN where condition`
    /// (the condition's names are fields of the version's payload).
    Emits(Path, VersionRef, Option<Expr>),
    /// `expect succeeds`.
    Succeeds,
    /// `expect fails "CODE"`.
    Fails(StringLit),
    /// `expect compensates a, b`: the steps whose compensations run, in
    /// the order they run.
    Compensates(ThinVec<Ident>),
}
