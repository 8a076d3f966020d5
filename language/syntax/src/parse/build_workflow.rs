//! Builds workflows, their steps, and test scenarios.

use super::build::{nth, Builder, P};
use super::Rule;
use crate::syntax::*;

impl Builder<'_> {
    pub(crate) fn workflow(&mut self, pair: P) -> Option<WorkflowDecl> {
        let mut inner = pair.into_inner().skip(1);
        let name = self.ident(inner.next()?);
        let mut clauses = ThinVec::new();
        let mut steps = ThinVec::new();
        for member in inner {
            let clause = match member.as_rule() {
                Rule::workflow_host => WorkflowClause::Host(self.path(nth(member, 1)?)),
                Rule::trigger => WorkflowClause::Trigger(Box::new(self.trigger(member)?)),
                Rule::apply => WorkflowClause::Apply(self.apply(member)),
                Rule::workflow_sla => WorkflowClause::Sla(self.duration(nth(member, 1)?)),
                Rule::timeout => WorkflowClause::Timeout(self.duration(nth(member, 1)?)),
                Rule::step => {
                    steps.push(self.step(member)?);
                    continue;
                }
                Rule::bad_step => {
                    self.bad(
                        member,
                        Rule::workflow_member_only,
                        "a workflow clause or step",
                    );
                    continue;
                }
                _ => continue,
            };
            clauses.push(clause);
        }
        Some(WorkflowDecl {
            name,
            clauses,
            steps,
        })
    }

    fn trigger(&mut self, pair: P) -> Option<Trigger> {
        let span = self.span(&pair);
        let body = nth(pair, 1)?;
        let rule = body.as_rule();
        let mut parts = body.into_inner().skip(1);
        let kind = match rule {
            Rule::trigger_event => {
                let event = self.path(parts.next()?);
                let version = self.version_ref(parts.next()?);
                let binding = self.ident(parts.nth(1)?);
                TriggerKind::Event {
                    event,
                    version,
                    binding,
                }
            }
            Rule::trigger_api => {
                let operation = self.path(parts.next()?);
                let binding = self.ident(parts.nth(1)?);
                TriggerKind::Api { operation, binding }
            }
            _ => TriggerKind::Schedule(self.string(parts.next()?)),
        };
        Some(Trigger { kind, span })
    }

    fn step(&mut self, pair: P) -> Option<Step> {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let attributes = self.attributes(inner.next()?);
        let body = inner.next()?;
        let rule = body.as_rule();
        let mut parts = body.into_inner().skip(1);
        let kind = match rule {
            Rule::call_step => {
                let name = self.ident(parts.next()?);
                let operation = self.path(parts.next()?);
                let args = self.named_exprs(parts.next()?)?;
                let options_pair = parts.next();
                let options_written = options_pair.is_some();
                let options = self.step_options(options_pair)?;
                StepKind::Call(CallStep {
                    name,
                    operation,
                    args,
                    options,
                    options_written,
                })
            }
            Rule::emit_step => {
                let name = self.ident(parts.next()?);
                let event = self.path(parts.next()?);
                let version = self.version_ref(parts.next()?);
                let fields = self.named_exprs(parts.next()?)?;
                let options = self.step_options(parts.next())?;
                StepKind::Emit(EmitStep {
                    name,
                    event,
                    version,
                    fields,
                    options,
                })
            }
            Rule::wait_step => {
                let name = self.ident(parts.next()?);
                let event = self.path(parts.next()?);
                let version = self.version_ref(parts.next()?);
                let condition = self.expr(parts.nth(1)?)?;
                let options = self.step_options(parts.next())?;
                StepKind::Wait(Box::new(WaitStep {
                    name,
                    event,
                    version,
                    condition,
                    options,
                }))
            }
            Rule::choice_step => {
                let name = self.ident(parts.next()?);
                let mut branches = ThinVec::new();
                let mut otherwise = None;
                for branch in parts {
                    let branch_span = self.span(&branch);
                    let branch_rule = branch.as_rule();
                    let mut branch_parts = branch.into_inner().skip(1);
                    if branch_rule == Rule::when_branch {
                        let condition = self.expr(branch_parts.next()?)?;
                        let block = self.block(branch_parts.next()?)?;
                        branches.push(WhenBranch {
                            condition,
                            block,
                            span: branch_span,
                        });
                    } else {
                        otherwise = Some(self.block(branch_parts.next()?)?);
                    }
                }
                StepKind::Choice(ChoiceStep {
                    name,
                    branches,
                    otherwise,
                })
            }
            Rule::parallel_step => {
                let name = self.ident(parts.next()?);
                let mut branches = ThinVec::new();
                for branch in parts {
                    let branch_span = self.span(&branch);
                    let mut branch_parts = branch.into_inner().skip(1);
                    let name = self.ident(branch_parts.next()?);
                    let block = self.block(branch_parts.next()?)?;
                    branches.push(ParallelBranch {
                        name,
                        block,
                        span: branch_span,
                    });
                }
                StepKind::Parallel(ParallelStep { name, branches })
            }
            Rule::for_each_step => {
                let item = self.ident(parts.nth(1)?);
                let list = self.expr(parts.nth(1)?)?;
                let mut concurrency = None;
                let mut block = None;
                for part in parts {
                    match part.as_rule() {
                        Rule::number => concurrency = Some(self.number(part)),
                        Rule::block => block = Some(self.block(part)?),
                        _ => {}
                    }
                }
                StepKind::ForEach(Box::new(ForEachStep {
                    item,
                    list,
                    concurrency,
                    block: block?,
                }))
            }
            Rule::fail_step => {
                let code = self.string(parts.next()?);
                let message = parts.next().map(|message| self.string(message));
                StepKind::Fail(FailStep { code, message })
            }
            Rule::succeed_step => StepKind::Succeed,
            _ => StepKind::Compensate,
        };
        Some(Step {
            attributes,
            kind,
            span,
        })
    }

    fn block(&mut self, pair: P) -> Option<Block> {
        let span = self.span(&pair);
        let mut steps = ThinVec::new();
        for member in pair.into_inner() {
            match member.as_rule() {
                Rule::step => steps.push(self.step(member)?),
                Rule::bad_step => self.bad(member, Rule::step_only, "a workflow step"),
                _ => {}
            }
        }
        Some(Block { steps, span })
    }

    fn step_options(&mut self, pair: Option<P>) -> Option<ThinVec<StepOption>> {
        let Some(pair) = pair else {
            return Some(ThinVec::new());
        };
        let mut options = ThinVec::new();
        for option in pair.into_inner() {
            let span = self.span(&option);
            let kind = match option.as_rule() {
                Rule::timeout => StepOptionKind::Timeout(self.duration(nth(option, 1)?)),
                Rule::retry => StepOptionKind::Retry(Box::new(self.retry(option)?)),
                Rule::catch_option => {
                    let mut parts = option.into_inner().skip(1);
                    let error = self.ident(parts.next()?);
                    StepOptionKind::Catch(error, self.block(parts.next()?)?)
                }
                Rule::on_timeout_option => StepOptionKind::OnTimeout(self.block(nth(option, 2)?)?),
                Rule::idempotency_key_option => {
                    StepOptionKind::IdempotencyKey(self.expr(nth(option, 1)?)?)
                }
                Rule::compensate_with_option => {
                    let mut parts = option.into_inner().skip(2);
                    let operation = self.path(parts.next()?);
                    StepOptionKind::CompensateWith(operation, self.named_exprs(parts.next()?)?)
                }
                Rule::bad_step_option => {
                    self.bad(option, Rule::step_option_only, "a step option (`timeout`, `retry`, `catch`, `on timeout`, `idempotency_key` or `compensate with`)");
                    continue;
                }
                _ => continue,
            };
            options.push(StepOption { kind, span });
        }
        Some(options)
    }

    pub(crate) fn test(&mut self, pair: P) -> Option<TestDecl> {
        let mut inner = pair.into_inner().skip(1);
        let name = self.ident(inner.next()?);
        let workflow = self.path(inner.nth(1)?);
        let mut members = ThinVec::new();
        for member in inner {
            let span = self.span(&member);
            let test_member = match member.as_rule() {
                Rule::test_trigger => TestMember::Trigger(self.expr(nth(member, 1)?)?),
                Rule::mock => {
                    let mut parts = member.into_inner().skip(1);
                    let step = self.ident(parts.next()?);
                    let outcome_pair = parts.next()?;
                    let outcome = match outcome_pair.as_rule() {
                        Rule::mock_returns => {
                            MockOutcome::Returns(self.expr(nth(outcome_pair, 1)?)?)
                        }
                        Rule::mock_fails => {
                            let error = self.ident(nth(outcome_pair.clone(), 1)?);
                            match nth(outcome_pair, 2).and_then(|attempts| nth(attempts, 0)) {
                                Some(times) => MockOutcome::FailsFirst(error, self.number(times)),
                                None => MockOutcome::Fails(error),
                            }
                        }
                        _ => MockOutcome::TimesOut,
                    };
                    TestMember::Mock(Mock {
                        step,
                        outcome,
                        span,
                    })
                }
                Rule::expect => {
                    let expectation = nth(member, 1)?;
                    let rule = expectation.as_rule();
                    let mut parts = expectation.into_inner().skip(1);
                    let kind = match rule {
                        Rule::expect_path => {
                            ExpectationKind::Path(parts.map(|step| self.ident(step)).collect())
                        }
                        Rule::expect_emits => {
                            let event = self.path(parts.next()?);
                            let version = self.version_ref(parts.next()?);
                            // `kw_where ~ expr`, when present.
                            let condition = match parts.nth(1) {
                                Some(condition) => Some(self.expr(condition)?),
                                None => None,
                            };
                            ExpectationKind::Emits(event, version, condition)
                        }
                        Rule::expect_succeeds => ExpectationKind::Succeeds,
                        Rule::expect_compensates => ExpectationKind::Compensates(
                            parts.map(|step| self.ident(step)).collect(),
                        ),
                        _ => ExpectationKind::Fails(self.string(parts.next()?)),
                    };
                    TestMember::Expect(Expectation { kind, span })
                }
                Rule::bad_test_member => {
                    self.bad(
                        member,
                        Rule::test_member_only,
                        "a test member (`trigger`, `mock` or `expect`)",
                    );
                    continue;
                }
                _ => continue,
            };
            members.push(test_member);
        }
        Some(TestDecl {
            name,
            workflow,
            members,
        })
    }
}
