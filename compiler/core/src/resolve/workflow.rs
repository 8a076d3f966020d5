//! Pass 2 for workflows: a workflow's clauses (host, trigger, SLA, timeout,
//! policies) and its steps, lowered to a state graph by
//! [`lower`](super::lower). Tests are in [`scenario`](super::scenario).

use super::lower::Lowering;
use super::{duplicate, Resolver};
use crate::codes;
use crate::model::*;
use weft_syntax::syntax::{self as ast, ItemKind};
use weft_syntax::{Diagnostic, FileId, ParsedFile, Span};

impl Resolver {
    pub(crate) fn resolve_workflows(&mut self, file: &ParsedFile) {
        for (item, found) in self.declared_items(file) {
            if let (ItemKind::Workflow(decl), DeclRef::Workflow(id)) = (&item.kind, found) {
                self.workflow(file.file, id, decl)
            }
        }
    }

    fn workflow(&mut self, file: FileId, id: WorkflowId, decl: &ast::WorkflowDecl) {
        let mut lowering = Lowering::new(file, id);
        let mut scope = Scope::new();
        let mut applied = Vec::new();
        // Clauses met so far: a handful, kept on the stack.
        let mut seen: super::Seen<'_> = super::Seen::new();
        for clause in &decl.clauses {
            if let ast::WorkflowClause::Timeout(duration) = clause {
                if self.timeout_after_step(decl, duration.span) {
                    continue;
                }
            }
            let (label, span) = match clause {
                ast::WorkflowClause::Host(path) => ("`host`", path.span()),
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
                    self.model.workflows[id.index()].host_span = path.span();
                }
                ast::WorkflowClause::Trigger(trigger) => {
                    let (definition, binding) = self.trigger(file, trigger);
                    self.model.workflows[id.index()].trigger = definition;
                    self.model.workflows[id.index()].trigger_span = trigger.span;
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
                    self.model.workflows[id.index()].sla_ms = Some(self.millis(duration))
                }
                ast::WorkflowClause::Timeout(duration) => {
                    self.model.workflows[id.index()].timeout_ms = Some(self.millis(duration))
                }
                ast::WorkflowClause::Apply(apply) => applied.extend(self.apply_clause(file, apply)),
            }
        }
        if !seen.iter().any(|(label, _)| *label == "`host`") {
            self.missing_clause(
                (DeclRef::Workflow(id), "host"),
                &format!("workflow `{}`", decl.name.text),
                "host system (`host`)",
                decl.name.span,
                "add `host system`: the workflow runs there and publishes what it emits",
            );
        }
        if !seen.iter().any(|(label, _)| *label == "`trigger`") {
            let help = "add `trigger event E v1 as name`, `trigger api Api.op as name` or `trigger schedule \"cron\"`";
            self.missing_clause(
                (DeclRef::Workflow(id), "trigger"),
                &format!("workflow `{}`", decl.name.text),
                "trigger (`trigger`)",
                decl.name.span,
                help,
            );
        }
        let mut graph = super::lower::graph_for(&decl.steps);
        graph.start = self.block(
            &decl.steps,
            Next::End,
            &mut graph,
            &mut scope,
            &mut lowering,
        );
        let workflow = &mut self.model.workflows[id.index()];
        workflow.graph = graph;
        workflow.variables = lowering.variables;
        workflow.shrink_to_fit();
        self.record_applied(DeclRef::Workflow(id), applied);
    }

    /// E709: a `timeout` line after a step was meant for that step (pest
    /// takes it for the workflow's clause, which may also appear between
    /// steps). It is reported and not taken as the workflow's timeout.
    fn timeout_after_step(&mut self, decl: &ast::WorkflowDecl, span: Span) -> bool {
        let Some(step) = decl
            .steps
            .iter()
            .filter(|step| step.span.end <= span.start)
            .max_by_key(|step| step.span.end)
        else {
            return false;
        };
        let step_name = match &step.kind {
            ast::StepKind::Call(ast::CallStep { name, .. })
            | ast::StepKind::Emit(ast::EmitStep { name, .. }) => Some(name),
            ast::StepKind::Wait(wait) => Some(&wait.name),
            _ => None,
        };
        let (step_span, help) = match step_name {
            Some(name) => (
                name.span,
                "move it into the step's options, the braces right after the step: `call name = Api.op(...) { timeout 30s }`",
            ),
            _ => (
                step.span,
                "a workflow's `timeout` belongs with its clauses (`host`, `trigger`, ...) before the first step",
            ),
        };
        self.diagnostics.push(
            Diagnostic::error(
                codes::OPTION_OUTSIDE_STEP,
                "this `timeout` stands after a step, outside its options",
                span,
                "not part of the step above, nor the workflow's timeout",
            )
            .with_label(step_span, "the step it follows")
            .with_help(help.to_string()),
        );
        true
    }

    fn trigger(
        &mut self,
        file: FileId,
        trigger: &ast::Trigger,
    ) -> (Option<TriggerDef>, Option<(SmolStr, Type, Span)>) {
        match &trigger.kind {
            ast::TriggerKind::Event {
                event,
                version,
                binding,
            } => {
                let Some(event_id) = self.lookup_event(file, event) else {
                    return (
                        None,
                        Some((binding.text.to_smol_str(), Type::Unknown, binding.span)),
                    );
                };
                let payload = self.version_payload(event_id, version, codes::CONSUMED_NOT_PRODUCED);
                let ty = payload.map_or(Type::Unknown, Type::Named);
                (
                    Some(TriggerDef::Event {
                        event: event_id,
                        version: version.number,
                    }),
                    Some((binding.text.to_smol_str(), ty, binding.span)),
                )
            }
            ast::TriggerKind::Api { operation, binding } => {
                let Some(reference) = self.lookup_operation(file, operation) else {
                    return (
                        None,
                        Some((binding.text.to_smol_str(), Type::Unknown, binding.span)),
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
                    Some((binding.text.to_smol_str(), ty, binding.span)),
                )
            }
            ast::TriggerKind::Schedule(cron) => {
                if let Some(problem) = cron_problem(&cron.value) {
                    self.diagnostics.push(
                        Diagnostic::error(codes::INVALID_VALUE, format!("\"{}\" is not a cron schedule: {problem}", cron.value), cron.span, "not a cron schedule")
                            .with_help("write five fields, minute hour day-of-month month day-of-week, such as \"0 2 * * *\" (every day at two) or \"*/15 6-18 * * MON-FRI\""),
                    );
                }
                (Some(TriggerDef::Schedule(cron.value.to_string())), None)
            }
        }
    }

    /// The payload record of `event` at `version`, reporting a missing version.
    pub(crate) fn version_payload(
        &mut self,
        event: EventId,
        version: &ast::VersionRef,
        code: weft_base::Code,
    ) -> Option<TypeId> {
        if !self.check_version_ref(version) {
            return None;
        }
        let decl = self.model.event(event);
        if let Some(found) = decl.version(version.number) {
            let payload = found.payload;
            self.refer(
                version.span,
                Definition::EventVersion {
                    event,
                    version: version.number,
                },
            );
            return Some(payload);
        }
        let versions: Vec<String> = decl
            .versions
            .iter()
            .map(|existing| format!("v{}", existing.number))
            .collect();
        let (name, decl_span) = (decl.name.name, decl.name.span);
        self.diagnostics.push(
            Diagnostic::error(
                code,
                format!("event `{name}` has no version {}", version.number),
                version.span,
                "no such version",
            )
            .with_label(decl_span, format!("`{name}` is declared here"))
            .with_help(if versions.is_empty() {
                format!("declare `version {}` in `{name}`", version.number)
            } else {
                format!("`{name}` has {}", versions.join(", "))
            }),
        );
        None
    }
}

/// What is wrong with a five-field cron expression, if anything.
fn cron_problem(text: &str) -> Option<String> {
    const FIELDS: [(&str, u32, u32, &[&str]); 5] = [
        ("minute", 0, 59, &[]),
        ("hour", 0, 23, &[]),
        ("day of the month", 1, 31, &[]),
        (
            "month",
            1,
            12,
            &[
                "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
            ],
        ),
        (
            "day of the week",
            0,
            7,
            &["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"],
        ),
    ];
    let parts: Vec<&str> = text.split_whitespace().collect();
    if parts.len() != FIELDS.len() {
        return Some(format!("it has {} fields instead of 5", parts.len()));
    }
    for (part, (what, low, high, names)) in parts.iter().zip(FIELDS) {
        let value = |word: &str| -> Option<u32> {
            let offset = if what == "month" { 1 } else { 0 };
            word.parse::<u32>().ok().or_else(|| {
                names
                    .iter()
                    .position(|name| name.eq_ignore_ascii_case(word))
                    .and_then(|index| u32::try_from(index).ok())
                    .map(|index| index + offset)
            })
        };
        for item in part.split(',') {
            let (range, step) = match item.split_once('/') {
                Some((range, step)) => (range, Some(step)),
                None => (item, None),
            };
            if step.is_some_and(|step| step.parse::<u32>().map_or(true, |step| step == 0)) {
                return Some(format!(
                    "the step in `{item}` ({what}) is not a positive number"
                ));
            }
            let bounds = match range {
                "*" => continue,
                _ => match range.split_once('-') {
                    Some((from, to)) => (value(from), value(to)),
                    None => (value(range), value(range)),
                },
            };
            match bounds {
                (Some(from), Some(to)) if low <= from && from <= to && to <= high => {}
                _ => {
                    return Some(format!(
                        "`{item}` is not a valid {what} (from {low} to {high})"
                    ))
                }
            }
        }
    }
    None
}
