//! Pass 2 for workflows and tests: structured steps become a state graph,
//! and every state learns which typed variables it can read.

use super::{duplicate, landscape::retry_policy, missing, Resolver};
use crate::codes;
use crate::model::*;
use std::collections::HashMap;
use weft_language::syntax::{self as ast, ItemKind};
use weft_language::{Diagnostic, FileId, ParsedFile, Span};

/// State of lowering one workflow.
struct Lowering {
    variables: Vec<Variable>,
    /// Step names already used, for duplicates.
    names: HashMap<String, Span>,
    /// Counters for generated state names (`succeed`, `fail_...`).
    generated: HashMap<String, usize>,
}

impl Resolver {
    pub(crate) fn resolve_workflows(&mut self, file: &ParsedFile) {
        for item in &file.items {
            match (&item.kind, self.decl_of(file.file, item)) {
                (ItemKind::Workflow(decl), Some(DeclRef::Workflow(id))) => {
                    self.workflow(file.file, id, decl)
                }
                (ItemKind::Test(decl), Some(DeclRef::Test(id))) => {
                    if let Some(DeclRef::Workflow(workflow)) =
                        self.lookup(file.file, &decl.workflow, super::Expect::Workflow)
                    {
                        self.model.tests[id.index()].workflow = Some(workflow);
                    }
                }
                _ => {}
            }
        }
    }

    fn workflow(&mut self, file: FileId, id: WorkflowId, decl: &ast::WorkflowDecl) {
        let mut lowering = Lowering {
            variables: Vec::new(),
            names: HashMap::new(),
            generated: HashMap::new(),
        };
        let mut scope = Vec::new();
        let mut applied = Vec::new();
        let mut seen: Vec<(&str, Span)> = Vec::new();
        for clause in &decl.clauses {
            let (label, span) = match clause {
                ast::WorkflowClause::Host(path) => ("`host`", path.span),
                ast::WorkflowClause::Trigger(trigger) => ("`trigger`", trigger.span),
                ast::WorkflowClause::Sla(duration) => ("`sla`", duration.span),
                ast::WorkflowClause::Timeout(duration) => ("`timeout`", duration.span),
                ast::WorkflowClause::Apply(_) => ("", Span::default()),
            };
            if !label.is_empty() {
                if let Some((_, first)) = seen.iter().find(|(seen_label, _)| *seen_label == label) {
                    duplicate(&mut self.diagnostics, label, span, *first);
                    continue;
                }
                seen.push((label, span));
            }
            match clause {
                ast::WorkflowClause::Host(path) => {
                    self.model.workflows[id.index()].host = self.lookup_system(file, path);
                    self.model.workflows[id.index()].host_span = path.span;
                }
                ast::WorkflowClause::Trigger(trigger) => {
                    let (definition, binding) = self.trigger(file, trigger);
                    self.model.workflows[id.index()].trigger = definition;
                    if let Some((name, ty, span)) = binding {
                        lowering.variables.push(Variable {
                            name: name.clone(),
                            ty,
                            span,
                        });
                        lowering.names.insert(name, span);
                        scope.push(lowering.variables.len() - 1);
                    }
                }
                ast::WorkflowClause::Sla(duration) => {
                    self.model.workflows[id.index()].sla_ms = Some(duration.millis)
                }
                ast::WorkflowClause::Timeout(duration) => {
                    self.model.workflows[id.index()].timeout_ms = Some(duration.millis)
                }
                ast::WorkflowClause::Apply(apply) => applied.extend(self.apply_clause(file, apply)),
            }
        }
        if !seen.iter().any(|(label, _)| *label == "`host`") {
            missing(
                &mut self.diagnostics,
                "the system that runs the workflow (`host`)",
                decl.name.span,
                "add `host system`: the workflow runs there and publishes what it emits",
            );
        }
        if !seen.iter().any(|(label, _)| *label == "`trigger`") {
            missing(&mut self.diagnostics, "what starts the workflow (`trigger`)", decl.name.span, "add `trigger event E v1 as name`, `trigger api Api.op as name` or `trigger schedule \"cron\"`");
        }
        let mut graph = StateGraph::default();
        graph.start = self.block(
            file,
            &decl.steps,
            Next::End,
            &mut graph,
            &mut scope,
            &mut lowering,
        );
        let workflow = &mut self.model.workflows[id.index()];
        workflow.graph = graph;
        workflow.variables = lowering.variables;
        self.applied.insert(DeclRef::Workflow(id), applied);
    }

    fn trigger(
        &mut self,
        file: FileId,
        trigger: &ast::Trigger,
    ) -> (Option<TriggerDef>, Option<(String, Type, Span)>) {
        match &trigger.kind {
            ast::TriggerKind::Event {
                event,
                version,
                binding,
            } => {
                let Some(event_id) = self.lookup_event(file, event) else {
                    return (
                        None,
                        Some((binding.text.clone(), Type::Unknown, binding.span)),
                    );
                };
                let payload = self.version_payload(event_id, version);
                let ty = payload.map_or(Type::Unknown, Type::Named);
                (
                    Some(TriggerDef::Event {
                        event: event_id,
                        version: version.number,
                    }),
                    Some((binding.text.clone(), ty, binding.span)),
                )
            }
            ast::TriggerKind::Api { operation, binding } => {
                let Some(reference) = self.lookup_operation(file, operation) else {
                    return (
                        None,
                        Some((binding.text.clone(), Type::Unknown, binding.span)),
                    );
                };
                let ty = self
                    .model
                    .operation(reference)
                    .body
                    .clone()
                    .unwrap_or(Type::Unknown);
                (
                    Some(TriggerDef::Api {
                        operation: reference,
                    }),
                    Some((binding.text.clone(), ty, binding.span)),
                )
            }
            ast::TriggerKind::Schedule(cron) => {
                if cron.value.split_whitespace().count() != 5 {
                    self.diagnostics.push(
                        Diagnostic::error(codes::INVALID_VALUE, format!("`{}` is not a cron schedule", cron.value), cron.span, "expected 5 fields")
                            .with_help("write minute hour day-of-month month day-of-week, such as \"0 6 * * 1-5\""),
                    );
                }
                (Some(TriggerDef::Schedule(cron.value.clone())), None)
            }
        }
    }

    /// The payload record of `event` at `version`, reporting a missing version.
    fn version_payload(&mut self, event: EventId, version: &ast::VersionRef) -> Option<TypeId> {
        let decl = self.model.event(event);
        if let Some(found) = decl.version(version.number) {
            return Some(found.payload);
        }
        let versions: Vec<String> = decl
            .versions
            .iter()
            .map(|existing| format!("v{}", existing.number))
            .collect();
        let name = decl.name.name.clone();
        self.diagnostics.push(
            Diagnostic::error(
                codes::CONSUMED_NOT_PRODUCED,
                format!("event `{name}` has no version {}", version.number),
                version.span,
                "no such version",
            )
            .with_help(if versions.is_empty() {
                format!("declare `version {}` in `{name}`", version.number)
            } else {
                format!("`{name}` has {}", versions.join(", "))
            }),
        );
        None
    }

    /// Lowers a block; returns the entry state. `after` is where control goes
    /// when the block's last step completes.
    fn block(
        &mut self,
        file: FileId,
        steps: &[ast::Step],
        after: Next,
        graph: &mut StateGraph,
        scope: &mut Vec<usize>,
        lowering: &mut Lowering,
    ) -> Option<StateIndex> {
        // Allocate the block's states first, so each step knows its successor.
        let first = graph.states.len();
        for step in steps {
            let name = self.state_name(step, lowering);
            graph.states.push(State {
                name,
                kind: StateKind::Succeed,
                next: None,
                catches: Vec::new(),
                on_timeout: None,
                timeout_ms: None,
                retry: None,
                scope: Vec::new(),
                doc: step.attributes.docs.text(),
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
            graph.states[index].scope = scope.clone();
            self.step(file, step, index, next, graph, scope, lowering);
        }
        (!steps.is_empty()).then_some(first)
    }

    fn state_name(&mut self, step: &ast::Step, lowering: &mut Lowering) -> String {
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
            if let Some(first) = lowering.names.get(&name.text) {
                duplicate(
                    &mut self.diagnostics,
                    &format!("step name `{}`", name.text),
                    name.span,
                    *first,
                );
            } else {
                lowering.names.insert(name.text.clone(), name.span);
            }
            return name.text.clone();
        }
        let base = match &step.kind {
            ast::StepKind::Fail(fail) => format!(
                "fail_{}",
                fail.code
                    .value
                    .to_lowercase()
                    .replace(|c: char| !c.is_ascii_alphanumeric(), "_")
            ),
            ast::StepKind::Compensate => "compensate".to_string(),
            _ => "succeed".to_string(),
        };
        let count = lowering.generated.entry(base.clone()).or_insert(0);
        *count += 1;
        let mut name = if *count == 1 {
            base.clone()
        } else {
            format!("{base}_{count}")
        };
        while lowering.names.contains_key(&name) {
            *count += 1;
            name = format!("{base}_{count}");
        }
        lowering.names.insert(name.clone(), step.span);
        name
    }

    #[allow(clippy::too_many_arguments)]
    fn step(
        &mut self,
        file: FileId,
        step: &ast::Step,
        index: StateIndex,
        next: Next,
        graph: &mut StateGraph,
        scope: &mut Vec<usize>,
        lowering: &mut Lowering,
    ) {
        let (kind, binding, state_next) = match &step.kind {
            ast::StepKind::Call(call) => {
                let operation = self.lookup_operation(file, &call.operation);
                let result = operation
                    .and_then(|reference| self.model.operation(reference).result_type().cloned());
                let mut idempotency_key = None;
                let mut compensation = None;
                for option in &call.options {
                    match &option.kind {
                        ast::StepOptionKind::IdempotencyKey(expr) => {
                            idempotency_key = Some(expr.clone())
                        }
                        ast::StepOptionKind::CompensateWith(path, args) => {
                            compensation = Some(Compensation {
                                operation: self.lookup_operation(file, path),
                                args: args
                                    .iter()
                                    .map(|arg| (arg.name.text.clone(), arg.value.clone()))
                                    .collect(),
                                span: option.span,
                            });
                        }
                        _ => {}
                    }
                }
                let args = call
                    .args
                    .iter()
                    .map(|arg| (arg.name.text.clone(), arg.value.clone()))
                    .collect();
                let binding = Some((
                    call.name.text.clone(),
                    result.unwrap_or(Type::Unknown),
                    call.name.span,
                ));
                (
                    StateKind::Call {
                        operation,
                        args,
                        idempotency_key,
                        compensation,
                    },
                    binding,
                    Some(next),
                )
            }
            ast::StepKind::Emit(emit) => {
                let event = self.lookup_event(file, &emit.event);
                let payload = event.and_then(|event| self.version_payload(event, &emit.version));
                let fields = emit
                    .fields
                    .iter()
                    .map(|field| (field.name.text.clone(), field.value.clone()))
                    .collect();
                let binding = Some((
                    emit.name.text.clone(),
                    payload.map_or(Type::Unknown, Type::Named),
                    emit.name.span,
                ));
                (
                    StateKind::Emit {
                        event,
                        version: emit.version.number,
                        fields,
                    },
                    binding,
                    Some(next),
                )
            }
            ast::StepKind::Wait(wait) => {
                let event = self.lookup_event(file, &wait.event);
                let payload = event.and_then(|event| self.version_payload(event, &wait.version));
                let ty = payload.map_or(Type::Unknown, Type::Named);
                (
                    StateKind::Wait {
                        event,
                        version: wait.version.number,
                        condition: wait.condition.clone(),
                    },
                    Some((wait.name.text.clone(), ty, wait.name.span)),
                    Some(next),
                )
            }
            ast::StepKind::Choice(choice) => {
                let mut branches = Vec::new();
                for branch in &choice.branches {
                    let mut branch_scope = scope.clone();
                    let entry = self.block(
                        file,
                        &branch.block.steps,
                        next,
                        graph,
                        &mut branch_scope,
                        lowering,
                    );
                    branches.push((branch.condition.clone(), entry.map_or(next, Next::State)));
                }
                let otherwise = choice.otherwise.as_ref().map(|block| {
                    let mut branch_scope = scope.clone();
                    let entry =
                        self.block(file, &block.steps, next, graph, &mut branch_scope, lowering);
                    entry.map_or(next, Next::State)
                });
                (
                    StateKind::Choice {
                        branches,
                        otherwise,
                    },
                    None,
                    None,
                )
            }
            ast::StepKind::Parallel(parallel) => {
                let mut branches = Vec::new();
                let mut produced = Vec::new();
                for branch in &parallel.branches {
                    let mut branch_graph = StateGraph::default();
                    let mut branch_scope = scope.clone();
                    branch_graph.start = self.block(
                        file,
                        &branch.block.steps,
                        Next::End,
                        &mut branch_graph,
                        &mut branch_scope,
                        lowering,
                    );
                    produced.extend(
                        branch_scope
                            .into_iter()
                            .filter(|variable| !scope.contains(variable)),
                    );
                    branches.push((branch.name.text.clone(), branch_graph));
                }
                // Results of every branch are readable once all have finished.
                scope.extend(produced);
                (StateKind::Parallel { branches }, None, Some(next))
            }
            ast::StepKind::ForEach(each) => {
                let item_type = self.element_type(&each.list, &lowering.variables, scope);
                lowering.variables.push(Variable {
                    name: each.item.text.clone(),
                    ty: item_type,
                    span: each.item.span,
                });
                let item = lowering.variables.len() - 1;
                let mut body_scope = scope.clone();
                body_scope.push(item);
                let mut body = StateGraph::default();
                body.start = self.block(
                    file,
                    &each.block.steps,
                    Next::End,
                    &mut body,
                    &mut body_scope,
                    lowering,
                );
                let concurrency = each
                    .concurrency
                    .as_ref()
                    .and_then(|number| number.text.parse().ok());
                (
                    StateKind::ForEach {
                        list: each.list.clone(),
                        item,
                        concurrency,
                        body,
                    },
                    None,
                    Some(next),
                )
            }
            ast::StepKind::Compensate => (StateKind::Compensate, None, Some(next)),
            ast::StepKind::Fail(fail) => (
                StateKind::Fail {
                    code: fail.code.value.clone(),
                    message: fail.message.as_ref().map(|text| text.value.clone()),
                },
                None,
                None,
            ),
            ast::StepKind::Succeed => (StateKind::Succeed, None, None),
        };
        let is_wait = matches!(kind, StateKind::Wait { .. });
        graph.states[index].kind = kind;
        graph.states[index].next = state_next;
        let variable = binding.map(|(name, ty, span)| {
            lowering.variables.push(Variable { name, ty, span });
            lowering.variables.len() - 1
        });
        if let (true, Some(variable)) = (is_wait, variable) {
            // The awaited payload is readable in its own correlation condition.
            graph.states[index].scope.push(variable);
        }
        // Handlers (`catch`, `on timeout`) run instead of the step: they cannot read its result.
        self.step_options(file, step, index, next, graph, scope, lowering);
        scope.extend(variable);
    }

    #[allow(clippy::too_many_arguments)]
    fn step_options(
        &mut self,
        file: FileId,
        step: &ast::Step,
        index: StateIndex,
        next: Next,
        graph: &mut StateGraph,
        scope: &[usize],
        lowering: &mut Lowering,
    ) {
        let options = match &step.kind {
            ast::StepKind::Call(call) => &call.options,
            ast::StepKind::Emit(emit) => &emit.options,
            ast::StepKind::Wait(wait) => &wait.options,
            _ => return,
        };
        for option in options {
            match &option.kind {
                ast::StepOptionKind::Timeout(duration) => {
                    graph.states[index].timeout_ms = Some(duration.millis)
                }
                ast::StepOptionKind::Retry(retry) => {
                    graph.states[index].retry = Some(retry_policy(retry))
                }
                ast::StepOptionKind::Catch(error, block) => {
                    // A handler runs instead of the step: the step's result is not readable.
                    let mut handler_scope = scope.to_vec();
                    let entry = self.block(
                        file,
                        &block.steps,
                        next,
                        graph,
                        &mut handler_scope,
                        lowering,
                    );
                    graph.states[index]
                        .catches
                        .push((error.text.clone(), entry.map_or(next, Next::State)));
                }
                ast::StepOptionKind::OnTimeout(block) => {
                    let mut handler_scope = scope.to_vec();
                    let entry = self.block(
                        file,
                        &block.steps,
                        next,
                        graph,
                        &mut handler_scope,
                        lowering,
                    );
                    graph.states[index].on_timeout = Some(entry.map_or(next, Next::State));
                }
                ast::StepOptionKind::IdempotencyKey(_)
                | ast::StepOptionKind::CompensateWith(..) => {}
            }
        }
    }

    /// The element type of a list expression (`bom.components`), when it is a
    /// path through variables and record fields.
    fn element_type(
        &self,
        expr: &weft_language::syntax::Expr,
        variables: &[Variable],
        scope: &[usize],
    ) -> Type {
        let weft_language::syntax::ExprKind::Path(path) = &expr.kind else {
            return Type::Unknown;
        };
        let Some((first, rest)) = path.segments.split_first() else {
            return Type::Unknown;
        };
        let Some(variable) = scope
            .iter()
            .rev()
            .map(|index| &variables[*index])
            .find(|variable| variable.name == first.text)
        else {
            return Type::Unknown;
        };
        let mut ty = variable.ty.clone();
        for segment in rest {
            let field = match self.underlying(ty.required()) {
                Type::Named(id) => match &self.model.type_def(id).kind {
                    TypeKind::Record(record) => {
                        record.field(&segment.text).map(|field| field.ty.clone())
                    }
                    _ => None,
                },
                _ => None,
            };
            match field {
                Some(field) => ty = field,
                None => return Type::Unknown,
            }
        }
        match self.underlying(ty.required()) {
            Type::List(element) => *element,
            _ => Type::Unknown,
        }
    }
}
