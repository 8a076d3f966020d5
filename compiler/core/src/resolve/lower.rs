//! Lowering of a workflow's structured steps to a state graph: each block's
//! steps become consecutive states, each knowing its successor and the typed
//! variables it can read. Nested blocks (`choice`, `parallel`, `for each`,
//! handlers) are in [`blocks`](super::blocks).

use super::expr::Env;
use super::{duplicate_with, Resolver};
use crate::codes;
use crate::model::*;
use rustc_hash::FxHashMap;
use weft_syntax::syntax as ast;
use weft_syntax::{FileId, Span};

/// State of lowering one workflow.
pub(crate) struct Lowering {
    /// The workflow's file, for lookups.
    pub(crate) file: FileId,
    /// The workflow, for references to its variables.
    pub(crate) workflow: WorkflowId,
    /// Every variable bound so far.
    pub(crate) variables: Vec<Variable>,
    /// Step and variable names already used, for duplicates.
    pub(crate) names: FxHashMap<SmolStr, Span>,
    /// Counters for generated state names (`succeed`, `fail_...`).
    generated: FxHashMap<SmolStr, usize>,
    /// Paths the enclosing `when` conditions prove are not `null`.
    pub(crate) not_null: Vec<String>,
}

impl Lowering {
    pub(crate) fn new(file: FileId, workflow: WorkflowId) -> Lowering {
        Lowering {
            file,
            workflow,
            variables: Vec::new(),
            names: FxHashMap::default(),
            generated: FxHashMap::default(),
            not_null: Vec::new(),
        }
    }
}

/// An empty graph with room for the states `steps` lower to in it: one per
/// step, and those of the blocks that stay in the same graph (`when` and
/// `otherwise` blocks, `catch` and `on timeout` handlers; a `parallel`
/// branch and a `for each` body get graphs of their own). Duplicate
/// handlers, which are reported and not lowered, make it a little more
/// than needed. Reserved at once, the states are written once: grown a
/// block at a time and shrunk at the end, each workflow's states were
/// copied three or four times.
pub(crate) fn graph_for(steps: &[ast::Step]) -> StateGraph {
    StateGraph {
        states: Vec::with_capacity(states_in_graph(steps)),
        start: None,
    }
}

fn states_in_graph(steps: &[ast::Step]) -> usize {
    steps
        .iter()
        .map(|step| {
            let nested: usize = match &step.kind {
                ast::StepKind::Choice(choice) => choice
                    .branches
                    .iter()
                    .map(|branch| &branch.block)
                    .chain(&choice.otherwise)
                    .map(|block| states_in_graph(&block.steps))
                    .sum(),
                _ => 0,
            };
            let handlers: usize = step
                .kind
                .options()
                .iter()
                .filter_map(|option| match &option.kind {
                    ast::StepOptionKind::Catch(_, block)
                    | ast::StepOptionKind::OnTimeout(block) => Some(states_in_graph(&block.steps)),
                    _ => None,
                })
                .sum();
            1 + nested + handlers
        })
        .sum()
}

impl Resolver {
    /// Lowers a block; returns the entry state. `after` is where control goes
    /// when the block's last step completes.
    pub(crate) fn block(
        &mut self,
        steps: &[ast::Step],
        after: Next,
        graph: &mut StateGraph,
        scope: &mut Scope,
        lowering: &mut Lowering,
    ) -> Option<StateIndex> {
        // Allocate the block's states first, so each step knows its successor.
        let first = graph.states.len();
        graph.states.reserve(steps.len());
        for step in steps {
            let name = self.state_name(step, lowering);
            graph.states.push(State {
                name,
                kind: StateKind::Succeed,
                next: None,
                catches: Rare::default(),
                on_timeout: None,
                timeout_ms: None,
                retry: None,
                scope: Scope::new(),
                not_null: lowering.not_null.clone().into(),
                doc: step.attributes.docs.text().into(),
                span: step.span,
            });
        }
        for (offset, step) in steps.iter().enumerate() {
            let index = first + offset;
            let next = if offset + 1 < steps.len() {
                Next::State(index + 1)
            } else {
                after
            };
            if let Some(state) = graph.states.get_mut(index) {
                state.scope = scope.clone();
            }
            self.step(step, index, next, graph, scope, lowering);
        }
        (!steps.is_empty()).then_some(first)
    }

    /// The state's name: the step's own, or a generated one for `fail`,
    /// `succeed` and `compensate`. A name used twice is reported.
    fn state_name(&mut self, step: &ast::Step, lowering: &mut Lowering) -> SmolStr {
        let declared = match &step.kind {
            ast::StepKind::Call(call) => Some(&call.name),
            ast::StepKind::Emit(emit) => Some(&emit.name),
            ast::StepKind::Wait(wait) => Some(&wait.name),
            ast::StepKind::Choice(choice) => Some(&choice.name),
            ast::StepKind::Parallel(parallel) => Some(&parallel.name),
            ast::StepKind::ForEach(each) => Some(&each.item),
            _ => None,
        };
        if let Some(name) = declared {
            if let Some(first) = lowering.names.get(name.text.as_str()) {
                let what = format!("the name `{}`", name.text);
                let help = "a step's name also holds its result: give each step (and the trigger's `as` name) a name of its own";
                duplicate_with(&mut self.diagnostics, &what, name.span, *first, help);
            } else {
                lowering.names.insert(name.text.to_smol_str(), name.span);
            }
            return name.text.to_smol_str();
        }
        // Short names (`succeed`, `compensate`, most `fail_…`) are inline
        // `SmolStr`s: counting and naming them allocates nothing.
        let base = match &step.kind {
            ast::StepKind::Fail(fail) => {
                // Lower-cased a character at a time: the same as the whole
                // text's `to_lowercase` here, since the one character whose
                // lower case depends on its neighbours (a final `Σ`) is not
                // ASCII and becomes `_` either way.
                let code = fail.code.value.as_str();
                let mut short = [0u8; 64];
                match short.get_mut(..5 + code.len()) {
                    // The usual code (`TOOL_MISSING`), byte by byte on the
                    // stack (a character at a time through the builder was
                    // a twelfth of lowering a workflow).
                    Some(bytes) if code.is_ascii() => {
                        let (prefix, rest) = bytes.split_at_mut(5);
                        prefix.copy_from_slice(b"fail_");
                        for (to, from) in rest.iter_mut().zip(code.bytes()) {
                            let lower = from.to_ascii_lowercase();
                            *to = if lower.is_ascii_alphanumeric() {
                                lower
                            } else {
                                b'_'
                            };
                        }
                        SmolStr::new(std::str::from_utf8(bytes).unwrap_or_default())
                    }
                    _ => {
                        let mut base = smol_str::SmolStrBuilder::new();
                        base.push_str("fail_");
                        for c in code.chars().flat_map(char::to_lowercase) {
                            base.push(if c.is_ascii_alphanumeric() { c } else { '_' });
                        }
                        base.finish()
                    }
                }
            }
            ast::StepKind::Compensate => SmolStr::new_static("compensate"),
            _ => SmolStr::new_static("succeed"),
        };
        let count = lowering.generated.entry(base.clone()).or_insert(0);
        *count += 1;
        let mut name = if *count == 1 {
            base.clone()
        } else {
            smol_str::format_smolstr!("{base}_{count}")
        };
        while lowering.names.contains_key(name.as_str()) {
            *count += 1;
            name = smol_str::format_smolstr!("{base}_{count}");
        }
        lowering.names.insert(name.clone(), step.span);
        name
    }

    fn step(
        &mut self,
        step: &ast::Step,
        index: StateIndex,
        next: Next,
        graph: &mut StateGraph,
        scope: &mut Scope,
        lowering: &mut Lowering,
    ) {
        let file = lowering.file;
        let (kind, binding, state_next) = match &step.kind {
            ast::StepKind::Call(call) => {
                let (kind, result) = self.call_step(call, scope, lowering);
                let binding = (call.name.text.to_smol_str(), result, call.name.span);
                (kind, Some(binding), Some(next))
            }
            ast::StepKind::Emit(emit) => {
                let event = self.lookup_event(file, &emit.event);
                let payload = event.and_then(|event| {
                    self.version_payload(event, &emit.version, codes::UNRESOLVED_NAME)
                });
                let env = Env {
                    variables: &lowering.variables,
                    scope,
                    workflow: Some(lowering.workflow),
                };
                let record = payload
                    .filter(|id| matches!(self.model.type_def(*id).kind, TypeKind::Record(_)));
                let fields = self.lower_fields(&emit.fields, record, env);
                let ty = payload.map_or(Type::Unknown, Type::Named);
                let kind = StateKind::Emit {
                    event,
                    version: emit.version.number,
                    fields,
                };
                (
                    kind,
                    Some((emit.name.text.to_smol_str(), ty, emit.name.span)),
                    Some(next),
                )
            }
            ast::StepKind::Wait(wait) => {
                let event = self.lookup_event(file, &wait.event);
                let payload = event.and_then(|event| {
                    self.version_payload(event, &wait.version, codes::CONSUMED_NOT_PRODUCED)
                });
                let ty = payload.map_or(Type::Unknown, Type::Named);
                // The awaited payload is readable in its own correlation
                // condition, though it is bound only once the wait is lowered.
                // It is pushed for the condition and taken off again, so
                // that no step copies the workflow's variables.
                lowering.variables.push(Variable {
                    name: wait.name.text.to_smol_str(),
                    ty: ty.clone(),
                    span: wait.name.span,
                });
                let readable = scope.with(lowering.variables.len() - 1);
                let env = Env {
                    variables: &lowering.variables,
                    scope: &readable,
                    workflow: Some(lowering.workflow),
                };
                let condition = self.lower_expr(&wait.condition, None, env);
                lowering.variables.pop();
                let kind = StateKind::Wait {
                    event,
                    version: wait.version.number,
                    condition: Box::new(condition),
                };
                (
                    kind,
                    Some((wait.name.text.to_smol_str(), ty, wait.name.span)),
                    Some(next),
                )
            }
            ast::StepKind::Choice(choice) => {
                let kind = self.choice(choice, next, graph, scope, lowering);
                (kind, None, None)
            }
            ast::StepKind::Parallel(parallel) => {
                let kind = self.parallel(parallel, scope, lowering);
                (kind, None, Some(next))
            }
            ast::StepKind::ForEach(each) => {
                let kind = self.for_each(each, scope, lowering);
                (kind, None, Some(next))
            }
            ast::StepKind::Compensate => (StateKind::Compensate, None, Some(next)),
            ast::StepKind::Fail(fail) => {
                let kind = StateKind::Fail {
                    code: fail.code.value.as_str().to_string(),
                    message: fail
                        .message
                        .as_ref()
                        .map(|text| text.value.as_str().to_string()),
                };
                (kind, None, None)
            }
            ast::StepKind::Succeed => (StateKind::Succeed, None, None),
        };
        let is_wait = matches!(kind, StateKind::Wait { .. });
        if let Some(state) = graph.states.get_mut(index) {
            state.kind = kind;
            state.next = state_next;
        }
        let variable = binding.map(|(name, ty, span)| {
            lowering.variables.push(Variable { name, ty, span });
            lowering.variables.len() - 1
        });
        if let (true, Some(variable), Some(state)) =
            (is_wait, variable, graph.states.get_mut(index))
        {
            // The awaited payload is readable in its own correlation condition.
            state.scope.push(variable);
        }
        // Handlers (`catch`, `on timeout`) run instead of the step: they cannot read its result.
        self.step_options(step, index, next, graph, scope, lowering);
        if let Some(variable) = variable {
            scope.push(variable);
        }
    }

    /// A call's operation, arguments, idempotency key and compensation, and
    /// the type of its result.
    fn call_step(
        &mut self,
        call: &ast::CallStep,
        scope: &Scope,
        lowering: &mut Lowering,
    ) -> (StateKind, Type) {
        let file = lowering.file;
        let operation = self.lookup_operation(file, &call.operation);
        let result = operation
            .and_then(|reference| self.model.operation(reference).result_type().cloned())
            .unwrap_or(Type::Unknown);
        let env = Env {
            variables: &lowering.variables,
            scope,
            workflow: Some(lowering.workflow),
        };
        let args = self.lower_arguments(&call.args, operation, env);
        let mut idempotency_key = None;
        let mut compensation = None;
        for option in &call.options {
            let env = Env {
                variables: &lowering.variables,
                scope,
                workflow: Some(lowering.workflow),
            };
            match &option.kind {
                ast::StepOptionKind::IdempotencyKey(expr) => {
                    idempotency_key = Some(self.lower_expr(expr, None, env))
                }
                ast::StepOptionKind::CompensateWith(path, args) => {
                    let compensating = self.lookup_operation(file, path);
                    // A compensation runs after the step completed: its
                    // result is readable. It is pushed for the compensation
                    // and taken off again (the step binds it afterwards).
                    lowering.variables.push(Variable {
                        name: call.name.text.to_smol_str(),
                        ty: result.clone(),
                        span: call.name.span,
                    });
                    let compensation_scope = scope.with(lowering.variables.len() - 1);
                    let compensation_env = Env {
                        variables: &lowering.variables,
                        scope: &compensation_scope,
                        workflow: Some(lowering.workflow),
                    };
                    compensation = Some(Compensation {
                        operation: compensating,
                        args: self.lower_arguments(args, compensating, compensation_env),
                        span: option.span,
                    });
                    lowering.variables.pop();
                }
                _ => {}
            }
        }
        let kind = StateKind::Call {
            operation,
            args,
            idempotency_key: idempotency_key.map(Box::new),
            compensation: compensation.map(Box::new),
            options_written: call.options_written,
        };
        (kind, result)
    }
}

#[cfg(test)]
mod tests {
    use super::states_in_graph;
    use crate::model::{StateGraph, StateKind};
    use crate::sources::{Origin, SourceMap};
    use weft_syntax::syntax::{self as ast, ItemKind};

    /// Every graph of `steps`' workflow has the room reserved for it: the
    /// count of its states is the count lowering made, for the graph and
    /// for each `parallel` branch and `for each` body inside it.
    fn assert_counts(steps: &[ast::Step], graph: &StateGraph, workflow: &str) {
        assert_eq!(
            states_in_graph(steps),
            graph.states.len(),
            "the states of a graph of `{workflow}`"
        );
        let mut nested_steps = Vec::new();
        collect_nested(steps, &mut nested_steps);
        let mut nested_graphs = Vec::new();
        for state in &graph.states {
            match &state.kind {
                StateKind::Parallel { branches } => {
                    nested_graphs.extend(branches.iter().map(|(_, graph)| graph));
                }
                StateKind::ForEach { body, .. } => nested_graphs.push(&**body),
                _ => {}
            }
        }
        assert_eq!(nested_steps.len(), nested_graphs.len(), "`{workflow}`");
        for (steps, graph) in nested_steps.into_iter().zip(nested_graphs) {
            assert_counts(steps, graph, workflow);
        }
    }

    /// The blocks of `steps` that lower to graphs of their own, in the
    /// order lowering makes their states.
    fn collect_nested<'a>(steps: &'a [ast::Step], found: &mut Vec<&'a [ast::Step]>) {
        // Lowering makes a block's states first, then lowers each step:
        // nested graphs appear in the order of their steps, and the blocks
        // that stay in this graph add states after the block's.
        for step in steps {
            match &step.kind {
                ast::StepKind::Parallel(parallel) => {
                    found.extend(
                        parallel
                            .branches
                            .iter()
                            .map(|branch| &branch.block.steps[..]),
                    );
                }
                ast::StepKind::ForEach(each) => found.push(&each.block.steps),
                _ => {}
            }
        }
        for step in steps {
            if let ast::StepKind::Choice(choice) = &step.kind {
                for block in choice
                    .branches
                    .iter()
                    .map(|branch| &branch.block)
                    .chain(&choice.otherwise)
                {
                    collect_nested(&block.steps, found);
                }
            }
        }
    }

    #[test]
    fn graphs_are_reserved_for_the_states_they_get() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../");
        let mut sources = SourceMap::with_stdlib();
        for dir in [
            "tests/fixtures/statemachine/every_step",
            "examples/acme-plant/workflows",
        ] {
            let mut paths: Vec<_> = std::fs::read_dir(format!("{root}{dir}"))
                .expect("the fixture folder")
                .map(|entry| entry.expect("an entry").path())
                .filter(|path| path.extension().is_some_and(|ext| ext == "weft"))
                .collect();
            paths.sort();
            for path in paths {
                let text = std::fs::read_to_string(&path).expect("a fixture");
                sources.add(path.display().to_string(), text, Origin::Project);
            }
        }
        let result = crate::check_with(&sources, &mut |file, text| {
            weft_syntax::parse_file(file, text)
        });
        let mut checked = 0;
        for item in result.parsed.iter().flat_map(|file| &file.items) {
            let ItemKind::Workflow(decl) = &item.kind else {
                continue;
            };
            let Some(workflow) = result.model.workflows.iter().find(|workflow| {
                workflow.name.name == decl.name.text && workflow.name.span == decl.name.span
            }) else {
                continue;
            };
            assert_counts(&decl.steps, &workflow.graph, &decl.name.text);
            checked += 1;
        }
        assert!(checked >= 5, "only {checked} workflows compared");
    }
}
