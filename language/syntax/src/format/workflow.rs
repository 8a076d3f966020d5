//! Workflows, their steps and step options, and test scenarios.
//!
//! A workflow prints its clauses first and its steps after them: the tree
//! keeps the two apart, so that is the one order the formatter can promise.
//! The exception is a `timeout` written after a step, which the checks
//! report (E709: it was likely meant for the step above): moved up, it
//! would silently become the workflow's timeout, so it stays among the
//! steps where it is written.

use super::expr::quote;
use super::items::{flat_apply, flat_retry, joined_idents};
use super::printer::{Extent, Printer};
use crate::syntax::{
    Block, ExpectationKind, MockOutcome, Step, StepKind, StepOption, StepOptionKind, TestDecl,
    TestMember, Trigger, TriggerKind, WhenBranch, WorkflowClause, WorkflowDecl,
};

/// A member of a workflow body, in the order printed.
enum WorkflowPart<'t> {
    Clause(&'t WorkflowClause),
    Step(&'t Step),
}

/// A member of a `choice` body.
enum ChoicePart<'t> {
    When(&'t WhenBranch),
    Otherwise(&'t Block),
}

impl Printer<'_> {
    /// `workflow Name { clauses steps }`.
    pub(super) fn workflow(&mut self, decl: &WorkflowDecl, close: u32) {
        self.push("workflow ");
        self.push(&decl.name.text);
        let header_end = self.after_open_brace(decl.name.span.end);
        // Where a `timeout` after the first step is written; it stays there.
        let first_step = decl.steps.first().map(|step| step.span.start);
        let stays_at = |clause: &WorkflowClause| match clause {
            WorkflowClause::Timeout(duration)
                if first_step.is_some_and(|start| start < duration.span.start) =>
            {
                Some(duration.span.start)
            }
            _ => None,
        };
        let mut parts: Vec<WorkflowPart> = decl
            .clauses
            .iter()
            .filter(|clause| stays_at(clause).is_none())
            .map(WorkflowPart::Clause)
            .collect();
        let mut among_steps: Vec<(u32, WorkflowPart)> = decl
            .steps
            .iter()
            .map(|step| (step.span.start, WorkflowPart::Step(step)))
            .chain(
                decl.clauses
                    .iter()
                    .filter_map(|clause| Some((stays_at(clause)?, WorkflowPart::Clause(clause)))),
            )
            .collect();
        among_steps.sort_by_key(|(start, _)| *start);
        parts.extend(among_steps.into_iter().map(|(_, part)| part));
        let extent = |printer: &Self, part: &WorkflowPart| match part {
            WorkflowPart::Clause(clause) => printer.workflow_clause_extent(clause),
            WorkflowPart::Step(step) => printer.extent(step.span),
        };
        let print = |printer: &mut Self, part: &WorkflowPart| match part {
            WorkflowPart::Clause(clause) => printer.workflow_clause(clause),
            WorkflowPart::Step(step) => printer.step(step),
        };
        self.body(header_end, close, &parts, extent, print);
        self.end_line();
    }

    fn workflow_clause_extent(&self, clause: &WorkflowClause) -> Extent {
        match clause {
            WorkflowClause::Host(path) => self.keyword_extent(path.span()),
            WorkflowClause::Trigger(trigger) => self.extent(trigger.span),
            WorkflowClause::Apply(apply) => self.extent(apply.span),
            WorkflowClause::Sla(duration) | WorkflowClause::Timeout(duration) => {
                self.keyword_extent(duration.span)
            }
        }
    }

    fn workflow_clause(&mut self, clause: &WorkflowClause) {
        let line = match clause {
            WorkflowClause::Host(path) => format!("host {}", path.dotted()),
            WorkflowClause::Trigger(trigger) => self.trigger(trigger),
            WorkflowClause::Apply(apply) => flat_apply(apply),
            WorkflowClause::Sla(duration) => format!("sla {}", duration.text),
            WorkflowClause::Timeout(duration) => format!("timeout {}", duration.text),
        };
        self.push(&line);
        self.end_line();
    }

    fn trigger(&self, trigger: &Trigger) -> String {
        match &trigger.kind {
            TriggerKind::Event {
                event,
                version,
                binding,
            } => {
                format!(
                    "trigger event {} {} as {}",
                    event.dotted(),
                    self.version_ref(version),
                    binding.text
                )
            }
            TriggerKind::Api { operation, binding } => {
                format!("trigger api {} as {}", operation.dotted(), binding.text)
            }
            TriggerKind::Schedule(cron) => format!("trigger schedule {}", quote(&cron.value)),
        }
    }

    /// One step with its docs and annotations, as finished lines.
    fn step(&mut self, step: &Step) {
        let keyword = self.after_attributes(&step.attributes, step.span.start);
        self.attributes(&step.attributes, keyword);
        let step_end = self.code_end(step.span.end);
        match &step.kind {
            StepKind::Call(call) => {
                self.push("call ");
                self.push(&call.name.text);
                self.push(" = ");
                self.push(&call.operation.dotted());
                let written = call.options_written;
                let suffix = if written { 2 } else { 0 };
                let header_end = self.arguments(&call.args, call.operation.span().end, suffix);
                self.step_options(&call.options, written, header_end, step_end);
            }
            StepKind::Emit(emit) => {
                self.push("emit ");
                self.push(&emit.name.text);
                self.push(" = ");
                self.push(&emit.event.dotted());
                self.push(" ");
                self.push(&self.version_ref(&emit.version));
                let suffix = if emit.options.is_empty() { 0 } else { 2 };
                let header_end = self.arguments(&emit.fields, emit.version.span.end, suffix);
                self.step_options(&emit.options, false, header_end, step_end);
            }
            StepKind::Wait(wait) => {
                self.push("wait ");
                self.push(&wait.name.text);
                self.push(" = ");
                self.push(&wait.event.dotted());
                self.push(" ");
                self.push(&self.version_ref(&wait.version));
                self.push(" where ");
                let suffix = if wait.options.is_empty() { 0 } else { 2 };
                self.expr(&wait.condition, suffix);
                let header_end = self.code_end(wait.condition.span.end);
                self.step_options(&wait.options, false, header_end, step_end);
            }
            StepKind::Choice(choice) => {
                self.push("choice ");
                self.push(&choice.name.text);
                let header_end = self.after_open_brace(choice.name.span.end);
                let mut parts: Vec<ChoicePart> =
                    choice.branches.iter().map(ChoicePart::When).collect();
                parts.extend(choice.otherwise.iter().map(ChoicePart::Otherwise));
                let extent = |printer: &Self, part: &ChoicePart| match part {
                    ChoicePart::When(branch) => printer.extent(branch.span),
                    ChoicePart::Otherwise(block) => printer.keyword_extent(block.span),
                };
                let print = |printer: &mut Self, part: &ChoicePart| match part {
                    ChoicePart::When(branch) => {
                        printer.push("when ");
                        printer.expr(&branch.condition, 2);
                        printer.block(&branch.block);
                        printer.end_line();
                    }
                    ChoicePart::Otherwise(block) => {
                        printer.push("otherwise");
                        printer.block(block);
                        printer.end_line();
                    }
                };
                self.body(
                    header_end,
                    step_end.saturating_sub(1),
                    &parts,
                    extent,
                    print,
                );
            }
            StepKind::Parallel(parallel) => {
                self.push("parallel ");
                self.push(&parallel.name.text);
                let header_end = self.after_open_brace(parallel.name.span.end);
                let print = |printer: &mut Self, branch: &crate::syntax::ParallelBranch| {
                    printer.push("branch ");
                    printer.push(&branch.name.text);
                    printer.block(&branch.block);
                    printer.end_line();
                };
                let extent = |printer: &Self, branch: &crate::syntax::ParallelBranch| {
                    printer.extent(branch.span)
                };
                self.body(
                    header_end,
                    step_end.saturating_sub(1),
                    &parallel.branches,
                    extent,
                    print,
                );
            }
            StepKind::ForEach(each) => {
                self.push("for each ");
                self.push(&each.item.text);
                self.push(" in ");
                self.expr(&each.list, 2);
                if let Some(concurrency) = &each.concurrency {
                    self.push(" concurrency ");
                    self.push(&concurrency.text);
                }
                self.block(&each.block);
            }
            StepKind::Compensate => self.push("compensate"),
            StepKind::Fail(fail) => {
                self.push("fail ");
                self.push(&quote(&fail.code.value));
                if let Some(message) = &fail.message {
                    self.push(" ");
                    self.push(&quote(&message.value));
                }
            }
            StepKind::Succeed => self.push("succeed"),
        }
        self.end_line();
    }

    /// ` { steps }` after the header on the line being built.
    fn block(&mut self, block: &Block) {
        let header_end = block.span.start.saturating_add(1);
        let close = self.closing_bracket(block.span.end);
        self.body(
            header_end,
            close,
            &block.steps,
            |printer, step| printer.extent(step.span),
            Printer::step,
        );
    }

    /// ` { options }` of a call, emit or wait, if it has any, or if the
    /// block is `written` (a call keeps an empty one: `{}`).
    fn step_options(
        &mut self,
        options: &[StepOption],
        written: bool,
        header_end: u32,
        step_end: u32,
    ) {
        if options.is_empty() && !written {
            return;
        }
        let header_end = self.after_open_brace(header_end);
        let close = step_end.saturating_sub(1);
        self.body(
            header_end,
            close,
            options,
            |printer, option| printer.extent(option.span),
            Printer::step_option,
        );
    }

    fn step_option(&mut self, option: &StepOption) {
        match &option.kind {
            StepOptionKind::Timeout(duration) => {
                self.push("timeout ");
                self.push(&duration.text);
            }
            StepOptionKind::Retry(retry) => self.push(&flat_retry(retry)),
            StepOptionKind::Catch(error, block) => {
                self.push("catch ");
                self.push(&error.text);
                self.block(block);
            }
            StepOptionKind::OnTimeout(block) => {
                self.push("on timeout");
                self.block(block);
            }
            StepOptionKind::IdempotencyKey(key) => {
                self.push("idempotency_key ");
                self.expr(key, 0);
            }
            StepOptionKind::CompensateWith(operation, args) => {
                self.push("compensate with ");
                self.push(&operation.dotted());
                self.arguments(args, operation.span().end, 0);
            }
        }
        self.end_line();
    }

    /// `test name for Workflow { trigger, mocks, expectations }`.
    pub(super) fn test(&mut self, decl: &TestDecl, close: u32) {
        self.push("test ");
        self.push(&decl.name.text);
        self.push(" for ");
        self.push(&decl.workflow.dotted());
        let header_end = self.after_open_brace(decl.workflow.span().end);
        let extent = |printer: &Self, member: &TestMember| match member {
            TestMember::Trigger(payload) => printer.keyword_extent(payload.span),
            TestMember::Mock(mock) => printer.extent(mock.span),
            TestMember::Expect(expectation) => printer.extent(expectation.span),
        };
        self.body(
            header_end,
            close,
            &decl.members,
            extent,
            Printer::test_member,
        );
        self.end_line();
    }

    fn test_member(&mut self, member: &TestMember) {
        match member {
            TestMember::Trigger(payload) => {
                self.push("trigger ");
                self.expr(payload, 0);
            }
            TestMember::Mock(mock) => {
                self.push("mock ");
                self.push(&mock.step.text);
                match &mock.outcome {
                    MockOutcome::Returns(value) => {
                        self.push(" returns ");
                        self.expr(value, 0);
                    }
                    MockOutcome::Fails(error) => {
                        self.push(" fails ");
                        self.push(&error.text);
                    }
                    MockOutcome::FailsFirst(error, times) => {
                        self.push(" fails ");
                        self.push(&error.text);
                        self.push(" ");
                        self.push(&times.text);
                        self.push(" times");
                    }
                    MockOutcome::TimesOut => self.push(" times out"),
                }
            }
            TestMember::Expect(expectation) => {
                let line = match &expectation.kind {
                    ExpectationKind::Path(steps) => format!("expect path {}", joined_idents(steps)),
                    ExpectationKind::Emits(event, version, _) => {
                        format!(
                            "expect emits {} {}",
                            event.dotted(),
                            self.version_ref(version)
                        )
                    }
                    ExpectationKind::Succeeds => "expect succeeds".to_string(),
                    ExpectationKind::Fails(code) => format!("expect fails {}", quote(&code.value)),
                    ExpectationKind::Compensates(steps) => {
                        format!("expect compensates {}", joined_idents(steps))
                    }
                };
                self.push(&line);
                if let ExpectationKind::Emits(_, _, Some(condition)) = &expectation.kind {
                    self.push(" where ");
                    self.expr(condition, 0);
                }
            }
        }
        self.end_line();
    }
}
