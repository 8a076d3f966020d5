//! E708: a `test` names steps and events its workflow has. Mocks and
//! expected paths name steps (by their state names); `mock x returns` needs a
//! call or a wait, `mock x fails E` a call whose operation declares `E`,
//! `mock x times out` a call or a wait; `expect emits E vN` an event version
//! some `emit` of the workflow publishes. Tests of workflows that did not
//! resolve are skipped: that was reported already; so are tests of
//! workflows with a step that did not parse (`Model::unparsed`).

use super::super::dataflow::{did_you_mean, listing, operation_name, suggest};
use crate::codes;
use crate::model::{
    Clause, DeclRef, EventId, ExpectationKind, ExpectedEvent, MockOutcome, Model, State, StateKind,
    StepName, Test, TestMember, Workflow,
};
use weft_base::{Diagnostic, Span};

/// E708 for every test.
pub(super) fn check(model: &Model, diagnostics: &mut Vec<Diagnostic>) {
    for test in &model.tests {
        let Some(id) = test.workflow else {
            continue;
        };
        // A step that did not parse (a syntax error) may be the one a test
        // names, or the emit it expects.
        if model.unparsed(DeclRef::Workflow(id), Clause::Step) {
            continue;
        }
        let workflow = model.workflow(id);
        let mut states: Vec<&State> = Vec::new();
        workflow.graph.walk(&mut |state| states.push(state));
        let scenario = Scenario {
            model,
            test,
            workflow,
            states,
        };
        for member in &test.members {
            match member {
                TestMember::Mock(mock) => {
                    if let Some(state) = scenario.step(&mock.step, diagnostics) {
                        scenario.mock(state, &mock.step, &mock.outcome, diagnostics);
                    }
                }
                TestMember::Expect(expectation) => match &expectation.kind {
                    ExpectationKind::Path(steps) | ExpectationKind::Compensates(steps) => {
                        for step in steps {
                            scenario.step(step, diagnostics);
                        }
                    }
                    ExpectationKind::Emits(event) => scenario.emits(event, diagnostics),
                    ExpectationKind::Succeeds | ExpectationKind::Fails(_) => {}
                },
                TestMember::Trigger(_) => {}
            }
        }
    }
}

struct Scenario<'m> {
    model: &'m Model,
    test: &'m Test,
    workflow: &'m Workflow,
    states: Vec<&'m State>,
}

/// "a `choice`", "an `emit`", ... for messages.
fn kind_words(kind: &StateKind) -> &'static str {
    match kind {
        StateKind::Call { .. } => "a `call`",
        StateKind::Emit { .. } => "an `emit`",
        StateKind::Wait { .. } => "a `wait`",
        StateKind::Choice { .. } => "a `choice`",
        StateKind::Parallel { .. } => "a `parallel` step",
        StateKind::ForEach { .. } => "a `for each`",
        StateKind::Compensate => "a `compensate`",
        StateKind::Fail { .. } => "a `fail`",
        StateKind::Succeed => "a `succeed`",
    }
}

impl<'m> Scenario<'m> {
    fn error(&self, message: String, at: Span, label: &str) -> Diagnostic {
        Diagnostic::error(codes::INVALID_TEST, message, at, label).with_label(
            self.workflow.name.span,
            format!("workflow `{}` is declared here", self.workflow.name.name),
        )
    }

    /// The state a test names, or E708.
    fn step(&self, step: &StepName, diagnostics: &mut Vec<Diagnostic>) -> Option<&'m State> {
        if let Some(state) = self.states.iter().find(|state| state.name == step.name) {
            return Some(state);
        }
        // Steps the author named; `succeed`, `fail_...` and `compensate` get generated names.
        let names = self
            .states
            .iter()
            .filter(|state| {
                !matches!(
                    state.kind,
                    StateKind::Succeed | StateKind::Fail { .. } | StateKind::Compensate
                )
            })
            .map(|state| state.name.as_str());
        diagnostics.push(
            self.error(
                format!(
                    "test `{}`: workflow `{}` has no step `{}`",
                    self.test.name.name, self.workflow.name.name, step.name
                ),
                step.span,
                "no such step",
            )
            .with_help(did_you_mean(&step.name, names, "steps")),
        );
        None
    }

    /// What a mock says against what the step is.
    fn mock(
        &self,
        state: &State,
        step: &StepName,
        outcome: &MockOutcome,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let callable = matches!(state.kind, StateKind::Call { .. } | StateKind::Wait { .. });
        let problem = match (outcome, &state.kind) {
            (MockOutcome::Returns(_), _) if !callable => Some((
                format!(
                    "test `{}`: `{}` is {}, which returns nothing to mock",
                    self.test.name.name,
                    step.name,
                    kind_words(&state.kind)
                ),
                "only calls and waits can be mocked to return a value".to_string(),
            )),
            (MockOutcome::TimesOut, _) if !callable => Some((
                format!(
                    "test `{}`: `{}` is {}, which cannot time out",
                    self.test.name.name,
                    step.name,
                    kind_words(&state.kind)
                ),
                "only calls and waits time out; mock one of them".to_string(),
            )),
            (MockOutcome::Fails { error, .. }, StateKind::Call { operation, .. }) => operation
                // An `error` that did not parse may be the one mocked.
                .filter(|&reference| !self.model.unparsed_in_operation(reference, Clause::Error))
                .and_then(|reference| {
                    let declared: Vec<&str> = self
                        .model
                        .operation(reference)
                        .errors
                        .iter()
                        .map(|declared| declared.name.as_str())
                        .collect();
                    if declared.contains(&error.as_str()) {
                        return None;
                    }
                    let name = operation_name(self.model, reference);
                    let hint = suggest(error, declared.iter().copied())
                        .map(|best| format!("did you mean `{best}`? "))
                        .unwrap_or_default();
                    Some((
                        format!(
                            "test `{}`: `{name}` never returns the error `{}`",
                            self.test.name.name, error
                        ),
                        if declared.is_empty() {
                            format!("`{name}` declares no errors; mock a result instead")
                        } else {
                            format!("{hint}`{name}` declares {}", listing(declared))
                        },
                    ))
                }),
            (MockOutcome::Fails { .. }, _) => Some((
                format!(
                    "test `{}`: `{}` is {}, which has no errors to mock",
                    self.test.name.name,
                    step.name,
                    kind_words(&state.kind)
                ),
                "only calls fail with an error; mock `times out` for a wait".to_string(),
            )),
            _ => None,
        };
        if let Some((message, help)) = problem {
            let at = match outcome {
                MockOutcome::Fails { span, .. } => *span,
                _ => step.span,
            };
            diagnostics.push(
                self.error(message, at, "not possible for this step")
                    .with_help(help),
            );
        }
    }

    /// `expect emits E vN`.
    fn emits(&self, expected: &ExpectedEvent, diagnostics: &mut Vec<Diagnostic>) {
        let model = self.model;
        let emitted: Vec<(EventId, u32)> = self
            .states
            .iter()
            .filter_map(|state| match state.kind {
                StateKind::Emit {
                    event: Some(event),
                    version,
                    ..
                } => Some((event, version)),
                _ => None,
            })
            .collect();
        let dotted = expected.dotted.clone();
        // By name as written in the test's package, the root package or the
        // standard library (not through the test file's imports).
        let resolved = [
            format!("{}.{dotted}", self.test.name.package),
            dotted.clone(),
            format!("std.{dotted}"),
        ]
        .iter()
        .find_map(|qualified| match model.lookup(qualified) {
            Some(DeclRef::Event(id)) => Some(id),
            _ => None,
        });
        let last = expected.last.as_str();
        let versions: Vec<u32> = emitted
            .iter()
            .filter(|(id, _)| match resolved {
                Some(resolved) => *id == resolved,
                None => model.event(*id).name.name == last,
            })
            .map(|(_, number)| *number)
            .collect();
        // A version the event does not have is reported by name resolution.
        let unknown_version =
            resolved.is_some_and(|id| model.event(id).version(expected.version).is_none());
        if versions.contains(&expected.version) || unknown_version {
            return;
        }
        let mut all: Vec<String> = emitted
            .iter()
            .map(|(id, number)| format!("{} v{number}", model.event(*id).name.name))
            .collect();
        all.sort();
        all.dedup();
        let (message, at, label) = if versions.is_empty() {
            (
                format!(
                    "test `{}` expects `{dotted}`, but workflow `{}` never emits it",
                    self.test.name.name, self.workflow.name.name
                ),
                expected.span,
                "never emitted",
            )
        } else {
            (
                format!(
                    "test `{}` expects `{dotted}` v{}, but workflow `{}` emits it as {}",
                    self.test.name.name,
                    expected.version,
                    self.workflow.name.name,
                    versions
                        .iter()
                        .map(|number| format!("v{number}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                expected.version_span,
                "never emitted in this version",
            )
        };
        let help = if all.is_empty() {
            format!(
                "`{}` emits no events; remove this expectation",
                self.workflow.name.name
            )
        } else {
            format!(
                "`{}` emits {}",
                self.workflow.name.name,
                listing(all.iter().map(String::as_str))
            )
        };
        diagnostics.push(self.error(message, at, label).with_help(help));
    }
}
