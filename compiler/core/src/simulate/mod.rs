//! The scenario simulator behind `weft test`: runs a `test` scenario on the
//! workflow's state graph, with the scenario's mocks standing in for calls
//! and waits, and compares what happened with what the scenario expects.
//! Pure: no IO, no clock, no randomness, bounded work.
//!
//! The semantics are the ones the statemachine target generates (and the
//! test suite proves equal on an independent interpreter of Amazon States
//! Language): a mocked failure fails every attempt, so retries end in the
//! same error; routes are tried `on timeout` first, then the `catch`es in
//! order (`catch any` also catches a timeout); an uncaught error fails the
//! run with the error's name (`States.Timeout` for a timeout); a step
//! without a mock completes with no result (`null`); `for each` iterations
//! and `parallel` branches run one after another, in order; `compensate`
//! undoes the completed steps that have a `compensate with`, most recent
//! first: inside a `for each` body or a `parallel` branch, those of the
//! current iteration or branch and those completed before the block.

mod condition;
mod eval;
mod report;

pub use report::{expectations_met, outcome_words, Mismatch, MismatchKind};

use crate::model::{
    Catch, EventId, MockOutcome, Model, Next, RuleKind, State, StateGraph, StateKind, Test,
    TestMember, TriggerDef, Type, TypeKind, Workflow,
};
use eval::{eval, truthy, Bindings};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The error name of a timeout (as Amazon States Language names it).
pub const TIMEOUT_ERROR: &str = "States.Timeout";
/// The error of a `choice` without `otherwise` when no condition holds.
pub const NO_CHOICE_ERROR: &str = "States.NoChoiceMatched";
/// The error of a `for each` over something that is not a list.
pub const RUNTIME_ERROR: &str = "States.Runtime";

/// The HTTP statuses a retry retries besides timeouts (the statemachine
/// target retries the same ones): "try again later", never an operation's
/// other declared errors.
pub const RETRIED_STATUSES: [u16; 5] = [429, 500, 502, 503, 504];

/// At most this many states run in one scenario (a guard: state graphs
/// have no cycles, but a long list times nested loops could be large).
const STEP_BUDGET: usize = 100_000;

/// What a mock makes a step do.
#[derive(Clone, Debug, PartialEq)]
pub enum MockBehaviour {
    /// Completes with this result.
    Returns(Value),
    /// Fails with this error on every attempt.
    Fails(String),
    /// Times out.
    TimesOut,
}

/// How a run ended.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Status {
    /// It succeeded.
    Succeeded,
    /// It failed with this error code.
    Failed {
        /// The code of `fail "CODE"`, or an uncaught error's name.
        error: String,
        /// The message of `fail`, if any.
        #[serde(skip_serializing_if = "Option::is_none")]
        cause: Option<String>,
    },
}

/// An event a run published.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Emitted {
    /// The `emit` step.
    pub step: String,
    /// The event's name.
    pub event: String,
    /// The event, for comparisons.
    #[serde(skip)]
    pub event_id: Option<EventId>,
    /// The version.
    pub version: u32,
    /// The payload.
    pub payload: Value,
}

/// What happened in one run.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Run {
    /// The named steps entered, in order (`for each` and `parallel` once,
    /// then their bodies' steps per iteration or branch).
    pub path: Vec<String>,
    /// The events published, in order.
    pub emitted: Vec<Emitted>,
    /// The steps whose compensations ran, in the order they ran.
    pub compensated: Vec<String>,
    /// How it ended.
    #[serde(flatten)]
    pub status: Status,
}

/// The trigger payload and the mocks of a scenario.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Inputs {
    /// The trigger's payload (`null` when the scenario gives none).
    pub trigger: Value,
    /// Mocks by step name.
    pub mocks: BTreeMap<String, MockBehaviour>,
    /// `mock step fails E N times`: the error and N, by step name.
    pub first_failures: BTreeMap<String, (String, u32)>,
}

/// The trigger and mocks a test declares.
pub fn inputs(model: &Model, test: &Test) -> Inputs {
    let empty = Bindings::new();
    let mut inputs = Inputs {
        trigger: Value::Null,
        mocks: BTreeMap::new(),
        first_failures: BTreeMap::new(),
    };
    for member in &test.members {
        match member {
            TestMember::Trigger(payload) => {
                inputs.trigger = eval(model, payload, &empty).unwrap_or(Value::Null)
            }
            TestMember::Mock(mock) => {
                if let MockOutcome::Fails {
                    error,
                    first: Some(times),
                    ..
                } = &mock.outcome
                {
                    inputs
                        .first_failures
                        .insert(mock.step.name.clone(), (error.clone(), *times));
                    continue;
                }
                let behaviour = match &mock.outcome {
                    MockOutcome::Returns(value) => {
                        MockBehaviour::Returns(eval(model, value, &empty).unwrap_or(Value::Null))
                    }
                    MockOutcome::Fails { error, .. } => MockBehaviour::Fails(error.clone()),
                    MockOutcome::TimesOut => MockBehaviour::TimesOut,
                };
                inputs.mocks.insert(mock.step.name.clone(), behaviour);
            }
            TestMember::Expect(_) => {}
        }
    }
    inputs
}

/// The variable the trigger binds (`as name`), if any: the first variable
/// of a workflow triggered by an event or an API call.
pub fn trigger_variable(workflow: &Workflow) -> Option<usize> {
    match workflow.trigger {
        Some(TriggerDef::Event { .. } | TriggerDef::Api { .. })
            if !workflow.variables.is_empty() =>
        {
            Some(0)
        }
        _ => None,
    }
}

/// Runs `workflow` with these inputs.
pub fn simulate(model: &Model, workflow: &Workflow, inputs: &Inputs) -> Run {
    let mut bindings: Bindings = vec![None; workflow.variables.len()];
    if let Some(index) = trigger_variable(workflow) {
        let ty = &workflow.variables[index].ty;
        bindings[index] = Some(with_defaults(model, ty, inputs.trigger.clone()));
    }
    let mut simulator = Simulator {
        model,
        workflow,
        variables: workflow
            .variables
            .iter()
            .enumerate()
            .map(|(index, variable)| (variable.name.to_string(), index))
            .collect(),
        inputs,
        run: Run {
            path: Vec::new(),
            emitted: Vec::new(),
            compensated: Vec::new(),
            status: Status::Succeeded,
        },
        steps: 0,
    };
    let mut log = Vec::new();
    if let Flow::Stop(status) = simulator.graph(&workflow.graph, &mut bindings, &mut log) {
        simulator.run.status = status;
    }
    simulator.run
}

/// How a graph ended.
enum Flow {
    /// It reached its end: the enclosing block goes on.
    Done,
    /// The workflow ended (`succeed`, `fail` or an uncaught error).
    Stop(Status),
}

/// A completed step with a compensation.
#[derive(Clone)]
struct Completed {
    step: String,
}

struct Simulator<'a> {
    model: &'a Model,
    workflow: &'a Workflow,
    /// Variable indexes by name (step names are unique in a workflow).
    variables: BTreeMap<String, usize>,
    inputs: &'a Inputs,
    run: Run,
    steps: usize,
}

impl Simulator<'_> {
    fn graph(
        &mut self,
        graph: &StateGraph,
        bindings: &mut Bindings,
        log: &mut Vec<Completed>,
    ) -> Flow {
        let mut current = graph.start;
        while let Some(index) = current {
            self.steps += 1;
            if self.steps > STEP_BUDGET {
                return Flow::Stop(Status::Failed {
                    error: RUNTIME_ERROR.to_string(),
                    cause: Some(format!("the scenario ran more than {STEP_BUDGET} steps")),
                });
            }
            let Some(state) = graph.states.get(index) else {
                break;
            };
            match self.state(state, bindings, log) {
                Step::Go(Next::State(next)) => current = Some(next),
                Step::Go(Next::End) => current = None,
                Step::Stop(status) => return Flow::Stop(status),
            }
        }
        Flow::Done
    }

    fn state(&mut self, state: &State, bindings: &mut Bindings, log: &mut Vec<Completed>) -> Step {
        let next = state.next.unwrap_or(Next::End);
        if !matches!(
            state.kind,
            StateKind::Succeed | StateKind::Fail { .. } | StateKind::Compensate
        ) {
            self.run.path.push(state.name.to_string());
        }
        match &state.kind {
            StateKind::Call { .. } | StateKind::Wait { .. } => {
                if let Some((error, times)) = self.inputs.first_failures.get(state.name.as_str()) {
                    // The retries absorb the failures, or the last attempt
                    // fails as a plain failing mock would.
                    if *times >= self.attempts(state, error) {
                        return route(state, error);
                    }
                }
                let behaviour = self.inputs.mocks.get(state.name.as_str());
                let error = match behaviour {
                    None => None,
                    Some(MockBehaviour::Returns(_)) => None,
                    Some(MockBehaviour::Fails(error)) => Some(error.clone()),
                    Some(MockBehaviour::TimesOut) => Some(TIMEOUT_ERROR.to_string()),
                };
                if let Some(error) = error {
                    return route(state, &error);
                }
                let result = match behaviour {
                    Some(MockBehaviour::Returns(value)) => value.clone(),
                    _ => self.unmocked(state),
                };
                self.bind(state, bindings, result);
                let compensable = match &state.kind {
                    StateKind::Call { compensation, .. } => compensation.is_some(),
                    _ => false,
                };
                if compensable {
                    log.push(Completed {
                        step: state.name.to_string(),
                    });
                }
                Step::Go(next)
            }
            StateKind::Emit {
                event,
                version,
                fields,
            } => {
                let mut payload = Map::new();
                for field in fields {
                    match eval(self.model, &field.value, bindings) {
                        Ok(value) => payload.insert(field.name.to_string(), value),
                        Err(missing) => return missing_value(&missing),
                    };
                }
                let payload = Value::Object(payload);
                self.run.emitted.push(Emitted {
                    step: state.name.to_string(),
                    event: event
                        .map_or_else(String::new, |id| self.model.event(id).name.name.to_string()),
                    event_id: *event,
                    version: *version,
                    payload: payload.clone(),
                });
                self.bind(state, bindings, payload);
                Step::Go(next)
            }
            StateKind::Choice {
                branches,
                otherwise,
            } => {
                for (condition, target) in branches {
                    match eval(self.model, condition, bindings) {
                        Ok(value) if truthy(&value) => return Step::Go(*target),
                        Ok(_) => {}
                        Err(missing) => return missing_value(&missing),
                    }
                }
                match otherwise {
                    Some(target) => Step::Go(*target),
                    None => Step::Stop(Status::Failed {
                        error: NO_CHOICE_ERROR.to_string(),
                        cause: None,
                    }),
                }
            }
            StateKind::Parallel { branches } => {
                let mut added = Vec::new();
                for (_, branch) in branches {
                    let mut branch_log = log.clone();
                    let before = branch_log.len();
                    if let Flow::Stop(status) = self.graph(branch, bindings, &mut branch_log) {
                        return Step::Stop(status);
                    }
                    added.extend(branch_log.drain(before..));
                }
                log.extend(added);
                Step::Go(next)
            }
            StateKind::ForEach {
                list, item, body, ..
            } => {
                let elements = match eval(self.model, list, bindings) {
                    Ok(Value::Array(elements)) => Some(elements),
                    Ok(_) => None,
                    Err(missing) => return missing_value(&missing),
                };
                let Some(elements) = elements else {
                    return Step::Stop(Status::Failed {
                        error: RUNTIME_ERROR.to_string(),
                        cause: Some(format!("`{}` does not iterate over a list", state.name)),
                    });
                };
                let mut added = Vec::new();
                for element in elements {
                    let ty = &self.workflow.variables[*item].ty;
                    if let Some(slot) = bindings.get_mut(*item) {
                        *slot = Some(with_defaults(self.model, ty, element));
                    }
                    let mut iteration_log = log.clone();
                    let before = iteration_log.len();
                    if let Flow::Stop(status) = self.graph(body, bindings, &mut iteration_log) {
                        return Step::Stop(status);
                    }
                    added.extend(iteration_log.drain(before..));
                }
                log.extend(added);
                Step::Go(next)
            }
            StateKind::Compensate => {
                for completed in log.iter().rev() {
                    self.run.compensated.push(completed.step.clone());
                }
                Step::Go(next)
            }
            StateKind::Fail { code, message } => Step::Stop(Status::Failed {
                error: code.clone(),
                cause: message.clone(),
            }),
            StateKind::Succeed => Step::Stop(Status::Succeeded),
        }
    }

    /// Binds the step's variable (its name) to its result, a record with
    /// every declared field (absent ones as `null`).
    fn bind(&self, state: &State, bindings: &mut Bindings, value: Value) {
        if let Some(index) = self.variables.get(state.name.as_str()) {
            let ty = &self.workflow.variables[*index].ty;
            if let Some(slot) = bindings.get_mut(*index) {
                *slot = Some(with_defaults(self.model, ty, value));
            }
        }
    }
}

impl Simulator<'_> {
    /// How many attempts a step makes when it fails with `error`: the
    /// step's `retry` (or the workflow's policies') for timeouts and the
    /// "try again later" statuses, one for anything else.
    fn attempts(&self, state: &State, error: &str) -> u32 {
        let retry = state.retry.as_deref().cloned().or_else(|| {
            self.workflow.policies.iter().find_map(|applied| {
                self.model
                    .policy(applied.policy)
                    .rules
                    .iter()
                    .find_map(|rule| match &rule.kind {
                        RuleKind::Retry(retry) => Some(retry.clone()),
                        _ => None,
                    })
            })
        });
        let status = match &state.kind {
            StateKind::Call {
                operation: Some(operation),
                ..
            } => self
                .model
                .operation(*operation)
                .errors
                .iter()
                .find(|declared| declared.name == error)
                .map(|declared| declared.status),
            _ => None,
        };
        let retried = error == TIMEOUT_ERROR
            || status.is_some_and(|status| RETRIED_STATUSES.contains(&status));
        match retry {
            Some(retry) if retried => retry.attempts.max(1),
            _ => 1,
        }
    }

    /// The result of a call or wait without a mock.
    fn unmocked(&self, state: &State) -> Value {
        self.variables
            .get(state.name.as_str())
            .map_or(Value::Null, |index| {
                unmocked_result(self.model, &self.workflow.variables[*index].ty)
            })
    }
}

/// What a call or wait without a mock returns: an empty record for a
/// record type (every field then `null`), else `null`.
pub fn unmocked_result(model: &Model, ty: &Type) -> Value {
    if record_fields(model, ty).is_some() {
        Value::Object(Map::new())
    } else {
        Value::Null
    }
}

/// A record value with every declared field of `ty` (absent ones `null`),
/// as the state machine stores it; other values as they are.
pub fn with_defaults(model: &Model, ty: &Type, value: Value) -> Value {
    match (record_fields(model, ty), value) {
        (Some(fields), Value::Object(mut object)) => {
            for field in fields {
                object.entry(field).or_insert(Value::Null);
            }
            Value::Object(object)
        }
        (_, value) => value,
    }
}

fn record_fields(model: &Model, ty: &Type) -> Option<Vec<String>> {
    match model.underlying(ty) {
        Type::Named(id) => match &model.type_def(*id).kind {
            TypeKind::Record(record) => Some(
                record
                    .fields
                    .iter()
                    .map(|field| field.name.to_string())
                    .collect(),
            ),
            _ => None,
        },
        _ => None,
    }
}

/// A run that read a value that is not there.
fn missing_value(missing: &eval::Missing) -> Step {
    Step::Stop(Status::Failed {
        error: RUNTIME_ERROR.to_string(),
        cause: Some(format!("`{}` has no value", missing.0)),
    })
}

/// Where a state goes.
enum Step {
    Go(Next),
    Stop(Status),
}

/// The route of a step that failed with `error`: `on timeout` for a
/// timeout, then the `catch`es in order; none fails the workflow.
fn route(state: &State, error: &str) -> Step {
    if error == TIMEOUT_ERROR {
        if let Some(target) = state.on_timeout {
            return Step::Go(target);
        }
    }
    for Catch {
        error: caught,
        next: target,
        ..
    } in state.catches.iter()
    {
        if caught == error || caught == "any" {
            return Step::Go(*target);
        }
    }
    Step::Stop(Status::Failed {
        error: error.to_string(),
        cause: None,
    })
}
