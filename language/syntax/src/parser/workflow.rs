//! Workflows, their steps and options, and test scenarios.

use super::items::Attrs;
use super::{exact, smallvec, Expected, Fail, PResult, Parser, SmallVec};
use crate::keywords;
use crate::lexer::TokenKind;
use crate::syntax::*;

/// What a step may be, for messages.
pub(crate) const STEP: &str = "a workflow step (`call`, `emit`, `wait`, `choice`, `parallel`, `for each`, `compensate`, `fail` or `succeed`)";
const STEP_OPTION: &str = "a step option (`timeout`, `retry`, `catch`, `on timeout`, `idempotency_key` or `compensate with`)";
const ARGUMENT: &str = "an argument such as `name: value`";

impl Parser<'_> {
    /// `workflow_decl = { kw_workflow ~ ident ~ "{" ~ (workflow_clause | step | bad_step)* ~ "}" }`
    /// with `workflow_clause = _{ workflow_host | trigger | apply | workflow_sla | timeout }`.
    pub(crate) fn workflow_decl(&mut self) -> PResult<WorkflowDecl> {
        const WHAT: &str = "a workflow clause or step";
        const MEMBERS: &[&[&str]] = &[keywords::WORKFLOW_CLAUSES, keywords::STEP_KEYWORDS];
        self.keyword("workflow")?;
        let name = self.ident()?;
        let mut clauses = SmallVec::<[_; 4]>::new();
        let mut steps = SmallVec::<[_; 8]>::new();
        self.body(WHAT, MEMBERS, |parser, attrs| {
            let clause = if parser.at_word("host") {
                parser.no_attributes(&attrs);
                parser.pos += 1;
                WorkflowClause::Host(parser.path()?)
            } else if parser.at_word("trigger") {
                parser.no_attributes(&attrs);
                WorkflowClause::Trigger(Box::new(parser.trigger()?))
            } else if parser.at_word("apply") {
                parser.no_attributes(&attrs);
                WorkflowClause::Apply(parser.apply()?)
            } else if parser.at_word("sla") {
                parser.no_attributes(&attrs);
                parser.pos += 1;
                WorkflowClause::Sla(parser.duration_value()?)
            } else if parser.at_word("timeout") {
                parser.no_attributes(&attrs);
                parser.pos += 1;
                WorkflowClause::Timeout(parser.duration_value()?)
            } else {
                steps.push(parser.step(attrs, WHAT)?);
                return Ok(());
            };
            clauses.push(clause);
            Ok(())
        })?;
        Ok(WorkflowDecl {
            name,
            clauses: exact(&mut clauses),
            steps: exact(&mut steps),
        })
    }

    /// `trigger = { kw_trigger ~ (trigger_event | trigger_api | trigger_schedule) }`
    /// with `trigger_event = { kw_event ~ path ~ version_ref ~ kw_as ~ ident }`,
    /// `trigger_api = { kw_api ~ path ~ kw_as ~ ident }`,
    /// `trigger_schedule = { kw_schedule ~ string }`.
    fn trigger(&mut self) -> PResult<Trigger> {
        let start = self.keyword("trigger")?.start();
        let kind = if self.eat_keyword("event").is_some() {
            let event = self.path()?;
            let version = self.version_ref()?;
            self.keyword("as")?;
            let binding = self.ident()?;
            TriggerKind::Event {
                event,
                version,
                binding,
            }
        } else if self.eat_keyword("api").is_some() {
            let operation = self.path()?;
            self.keyword("as")?;
            let binding = self.ident()?;
            TriggerKind::Api { operation, binding }
        } else if self.eat_keyword("schedule").is_some() {
            TriggerKind::Schedule(self.string()?)
        } else {
            return Err(Fail);
        };
        Ok(Trigger {
            kind,
            span: self.span(start, self.last_end()),
        })
    }

    /// `step = { attributes ~ (call_step | emit_step | wait_step |
    /// choice_step | parallel_step | for_each_step | fail_step |
    /// succeed_step | compensate_step) }`; `what` describes the body it is
    /// in, for a word that starts nothing.
    fn step(&mut self, attrs: Attrs, what: &'static str) -> PResult<Step> {
        self.enter()?;
        let result = self.step_kind(what);
        self.leave();
        let kind = result?;
        let span = self.member_span(&attrs);
        Ok(Step {
            attributes: attrs.attributes,
            kind,
            span,
        })
    }

    fn step_kind(&mut self, what: &'static str) -> PResult<StepKind> {
        let Some(word) = self.word() else {
            return self.fail_member(what);
        };
        Ok(match word {
            "call" => {
                // call_step = { kw_call ~ ident ~ "=" ~ path ~ args ~ step_options? }
                self.pos += 1;
                let name = self.ident()?;
                self.punct(TokenKind::Equal, "=")?;
                let operation = self.path()?;
                let args = self.args()?;
                let options_written = self.at(TokenKind::LeftBrace);
                let options = self.step_options()?;
                StepKind::Call(CallStep {
                    name,
                    operation,
                    args,
                    options,
                    options_written,
                })
            }
            "emit" => {
                // emit_step = { kw_emit ~ ident ~ "=" ~ path ~ version_ref ~ args ~ step_options? }
                self.pos += 1;
                let name = self.ident()?;
                self.punct(TokenKind::Equal, "=")?;
                let event = self.path()?;
                let version = self.version_ref()?;
                let fields = self.args()?;
                let options = self.step_options()?;
                StepKind::Emit(EmitStep {
                    name,
                    event,
                    version,
                    fields,
                    options,
                })
            }
            "wait" => {
                // wait_step = { kw_wait ~ ident ~ "=" ~ path ~ version_ref ~ kw_where ~ expr ~ step_options? }
                self.pos += 1;
                let name = self.ident()?;
                self.punct(TokenKind::Equal, "=")?;
                let event = self.path()?;
                let version = self.version_ref()?;
                self.keyword("where")?;
                let condition = self.expr()?;
                let options = self.step_options()?;
                StepKind::Wait(Box::new(WaitStep {
                    name,
                    event,
                    version,
                    condition,
                    options,
                }))
            }
            "choice" => StepKind::Choice(self.choice_step()?),
            "parallel" => StepKind::Parallel(self.parallel_step()?),
            "for" => {
                // for_each_step = { kw_for ~ kw_each ~ ident ~ kw_in ~ expr ~
                //   (kw_concurrency ~ number)? ~ block }
                self.pos += 1;
                self.keyword("each")?;
                let item = self.ident()?;
                self.keyword("in")?;
                let list = self.expr()?;
                let save = self.pos;
                let concurrency = match self.eat_keyword("concurrency") {
                    Some(_) => match self.number() {
                        Ok(number) => Some(number),
                        Err(Fail) => {
                            self.pos = save;
                            None
                        }
                    },
                    None => None,
                };
                let block = self.block()?;
                StepKind::ForEach(Box::new(ForEachStep {
                    item,
                    list,
                    concurrency,
                    block,
                }))
            }
            "fail" => {
                // fail_step = { kw_fail ~ string ~ string? }
                self.pos += 1;
                let code = self.string()?;
                let message = if self.at_string() {
                    Some(self.string()?)
                } else {
                    self.record(Expected::Desc(super::cursor::STRING));
                    None
                };
                StepKind::Fail(FailStep { code, message })
            }
            "succeed" => {
                self.pos += 1;
                StepKind::Succeed
            }
            "compensate" => {
                self.pos += 1;
                StepKind::Compensate
            }
            _ => return self.fail_member(what),
        })
    }

    /// `choice_step = { kw_choice ~ ident ~ "{" ~ when_branch* ~ otherwise_branch? ~ "}" }`
    /// with `when_branch = { kw_when ~ expr ~ block }` and
    /// `otherwise_branch = { kw_otherwise ~ block }`. A broken branch is
    /// reported and skipped; the others are kept.
    fn choice_step(&mut self) -> PResult<ChoiceStep> {
        const WHAT: &str = "a `when condition { ... }` or `otherwise { ... }` branch";
        self.keyword("choice")?;
        let name = self.ident()?;
        let mut branches = SmallVec::<[_; 2]>::new();
        let mut otherwise = None;
        self.body(WHAT, &[&["when", "otherwise"]], |parser, attrs| {
            parser.no_attributes(&attrs);
            let start = parser.here();
            if otherwise.is_none() && parser.eat_keyword("when").is_some() {
                let condition = parser.expr()?;
                let block = parser.block()?;
                branches.push(WhenBranch {
                    condition,
                    block,
                    span: parser.span(start, parser.last_end()),
                });
            } else if otherwise.is_none() && parser.eat_keyword("otherwise").is_some() {
                otherwise = Some(parser.block()?);
            } else {
                return parser.fail(Expected::Punct("}"));
            }
            Ok(())
        })?;
        Ok(ChoiceStep {
            name,
            branches: exact(&mut branches),
            otherwise,
        })
    }

    /// `parallel_step = { kw_parallel ~ ident ~ "{" ~ parallel_branch* ~ "}" }`
    /// with `parallel_branch = { kw_branch ~ ident ~ block }`.
    fn parallel_step(&mut self) -> PResult<ParallelStep> {
        const WHAT: &str = "a `branch name { ... }`";
        self.keyword("parallel")?;
        let name = self.ident()?;
        let mut branches = SmallVec::<[_; 2]>::new();
        self.body(WHAT, &[&["branch"]], |parser, attrs| {
            parser.no_attributes(&attrs);
            let start = parser.keyword("branch")?.start();
            let name = parser.ident()?;
            let block = parser.block()?;
            branches.push(ParallelBranch {
                name,
                block,
                span: parser.span(start, parser.last_end()),
            });
            Ok(())
        })?;
        Ok(ParallelStep {
            name,
            branches: exact(&mut branches),
        })
    }

    /// `block = { "{" ~ (step | bad_step)* ~ "}" }`
    fn block(&mut self) -> PResult<Block> {
        const WHAT: &str = "a workflow step";
        let start = self.here();
        let mut steps = SmallVec::<[_; 8]>::new();
        self.body(WHAT, &[keywords::STEP_KEYWORDS], |parser, attrs| {
            steps.push(parser.step(attrs, STEP)?);
            Ok(())
        })?;
        Ok(Block {
            steps: exact(&mut steps),
            span: self.span(start, self.last_end()),
        })
    }

    /// `args = { "(" ~ (named_expr ~ ("," ~ named_expr)* ~ ","?)? ~ ")" }`.
    /// A broken argument is reported and skipped up to the next `,` or `)`.
    /// One left unfinished at the end of its line (`number:`), which took
    /// the next line's first word as its value, is held to its own line
    /// and reported there, and the next line is read as an argument.
    fn args(&mut self) -> PResult<ThinVec<NamedExpr>> {
        self.punct(TokenKind::LeftParen, "(")?;
        let mut args = SmallVec::<[_; 4]>::new();
        loop {
            if self.eat_punct(TokenKind::RightParen, ")").is_some() {
                return Ok(exact(&mut args));
            }
            let start = self.pos;
            match self.named_expr() {
                Ok(arg) => {
                    if self.unfinished_entry(start, TokenKind::RightParen, ARGUMENT) {
                        continue;
                    }
                    args.push(arg);
                }
                Err(Fail) if self.exhausted => return Err(Fail),
                Err(Fail) => {
                    // Only a line that goes on with `,` or `)` is an
                    // argument list worth saving; anything else fails the step.
                    let save = self.pos;
                    self.skip_to_any(&[TokenKind::Comma, TokenKind::RightParen]);
                    if !(self.at(TokenKind::Comma) || self.at(TokenKind::RightParen)) {
                        self.pos = save;
                        return Err(Fail);
                    }
                    self.report(ARGUMENT, start);
                    self.note_unparsed_entry(start);
                }
            }
            if self.eat_punct(TokenKind::Comma, ",").is_some() {
                continue;
            }
            self.punct(TokenKind::RightParen, ")")?;
            return Ok(exact(&mut args));
        }
    }

    /// `step_options?`, with `step_options = { "{" ~ (step_option | bad_step_option)* ~ "}" }`
    /// and `step_option = _{ timeout | retry | catch_option | on_timeout_option
    /// | idempotency_key_option | compensate_with_option }`.
    fn step_options(&mut self) -> PResult<ThinVec<StepOption>> {
        if !self.at(TokenKind::LeftBrace) {
            self.record(Expected::Punct("{"));
            return Ok(ThinVec::new());
        }
        let mut options = SmallVec::<[_; 4]>::new();
        self.body(STEP_OPTION, &[keywords::STEP_OPTIONS], |parser, attrs| {
            parser.no_attributes(&attrs);
            let start = parser.here();
            // Each keyword's arm steps over it (`retry` reads its own).
            let kind = match parser.word() {
                Some("timeout") => StepOptionKind::Timeout(parser.past_keyword().duration_value()?),
                Some("retry") => StepOptionKind::Retry(Box::new(parser.retry()?)),
                Some("catch") => {
                    // catch_option = { kw_catch ~ ident ~ block }
                    parser.pos += 1;
                    let error = parser.ident()?;
                    StepOptionKind::Catch(error, parser.block()?)
                }
                Some("on") => {
                    // on_timeout_option = { kw_on ~ kw_timeout ~ block }
                    parser.pos += 1;
                    parser.keyword("timeout")?;
                    StepOptionKind::OnTimeout(parser.block()?)
                }
                Some("idempotency_key") => {
                    StepOptionKind::IdempotencyKey(parser.past_keyword().expr()?)
                }
                Some("compensate") => {
                    // compensate_with_option = { kw_compensate ~ kw_with ~ path ~ args }
                    parser.pos += 1;
                    parser.keyword("with")?;
                    let operation = parser.path()?;
                    StepOptionKind::CompensateWith(operation, parser.args()?)
                }
                _ => return parser.fail_member(STEP_OPTION),
            };
            options.push(StepOption {
                kind,
                span: parser.span(start, parser.last_end()),
            });
            Ok(())
        })?;
        Ok(exact(&mut options))
    }

    /// `test_decl = { kw_test ~ ident ~ kw_for ~ path ~ "{" ~ (test_member | bad_test_member)* ~ "}" }`
    /// with `test_member = _{ test_trigger | mock | expect }`.
    pub(crate) fn test_decl(&mut self) -> PResult<TestDecl> {
        const WHAT: &str = "a test member (`trigger`, `mock` or `expect`)";
        self.keyword("test")?;
        let name = self.ident()?;
        self.keyword("for")?;
        let workflow = self.path()?;
        let mut members = SmallVec::<[_; 8]>::new();
        self.body(WHAT, &[keywords::TEST_MEMBERS], |parser, attrs| {
            parser.no_attributes(&attrs);
            let start = parser.here();
            let member = if parser.eat_keyword("trigger").is_some() {
                // test_trigger = { kw_trigger ~ expr }
                TestMember::Trigger(parser.expr()?)
            } else if parser.eat_keyword("mock").is_some() {
                // mock = { kw_mock ~ ident ~ (mock_returns | mock_fails | mock_times_out) }
                let step = parser.ident()?;
                let outcome = if parser.eat_keyword("returns").is_some() {
                    MockOutcome::Returns(parser.expr()?)
                } else if parser.eat_keyword("fails").is_some() {
                    // mock_fails = { kw_fails ~ ident ~ mock_attempts? }
                    // mock_attempts = { number ~ kw_times }
                    let error = parser.ident()?;
                    if parser.at(TokenKind::Number) {
                        let attempts = parser.number()?;
                        parser.keyword("times")?;
                        MockOutcome::FailsFirst(error, attempts)
                    } else {
                        MockOutcome::Fails(error)
                    }
                } else if parser.eat_keyword("times").is_some() {
                    parser.keyword("out")?;
                    MockOutcome::TimesOut
                } else {
                    return Err(Fail);
                };
                TestMember::Mock(Mock {
                    step,
                    outcome,
                    span: parser.span(start, parser.last_end()),
                })
            } else if parser.eat_keyword("expect").is_some() {
                // expect = { kw_expect ~ (expect_path | expect_emits | expect_succeeds | expect_fails | expect_compensates) }
                let kind = if parser.eat_keyword("path").is_some() {
                    ExpectationKind::Path(parser.step_names()?)
                } else if parser.eat_keyword("compensates").is_some() {
                    // expect_compensates = { kw_compensates ~ ident ~ ("," ~ ident)* }
                    ExpectationKind::Compensates(parser.step_names()?)
                } else if parser.eat_keyword("emits").is_some() {
                    // expect_emits = { kw_emits ~ path ~ version_ref ~ (kw_where ~ expr)? }
                    let event = parser.path()?;
                    let version = parser.version_ref()?;
                    let condition = if parser.eat_keyword("where").is_some() {
                        Some(parser.expr()?)
                    } else {
                        None
                    };
                    ExpectationKind::Emits(event, version, condition)
                } else if parser.eat_keyword("succeeds").is_some() {
                    ExpectationKind::Succeeds
                } else if parser.eat_keyword("fails").is_some() {
                    ExpectationKind::Fails(parser.string()?)
                } else {
                    return Err(Fail);
                };
                TestMember::Expect(Expectation {
                    kind,
                    span: parser.span(start, parser.last_end()),
                })
            } else {
                return parser.fail_member(WHAT);
            };
            members.push(member);
            Ok(())
        })?;
        Ok(TestDecl {
            name,
            workflow,
            members: exact(&mut members),
        })
    }

    /// `ident ~ ("," ~ ident)*`: the steps of `expect path` and `expect
    /// compensates`.
    fn step_names(&mut self) -> PResult<ThinVec<Ident>> {
        let mut steps: SmallVec<[_; 4]> = smallvec![self.ident()?];
        while self.at(TokenKind::Comma) {
            let save = self.pos;
            self.pos += 1;
            match self.ident() {
                Ok(step) => steps.push(step),
                Err(Fail) => {
                    self.pos = save;
                    break;
                }
            }
        }
        Ok(exact(&mut steps))
    }
}
