//! Pass 3 for tests, once every workflow is resolved: a test's workflow,
//! and its members lowered to the model. The trigger payload is typed by
//! the workflow's trigger and a mocked result by the mocked step's result,
//! so that their record fields and enum symbols resolve; expected events
//! resolve (and count as uses of their imports).

use super::expr::Env;
use super::Resolver;
use crate::codes;
use crate::model::*;
use weft_syntax::syntax::{self as ast, ItemKind};
use weft_syntax::{FileId, ParsedFile};

impl Resolver {
    pub(crate) fn resolve_tests(&mut self, file: &ParsedFile) {
        for (item, found) in self.declared_items(file) {
            if let (ItemKind::Test(decl), DeclRef::Test(id)) = (&item.kind, found) {
                self.test(file.file, id, decl)
            }
        }
    }

    fn test(&mut self, file: FileId, id: TestId, decl: &ast::TestDecl) {
        let workflow = match self.lookup(file, &decl.workflow, super::Expect::Workflow) {
            Some(DeclRef::Workflow(workflow)) => Some(workflow),
            _ => None,
        };
        self.model.tests[id.index()].workflow = workflow;
        let members = decl
            .members
            .iter()
            .map(|member| self.test_member(file, workflow, member))
            .collect();
        self.model.tests[id.index()].members = members;
    }

    fn test_member(
        &mut self,
        file: FileId,
        workflow: Option<WorkflowId>,
        member: &ast::TestMember,
    ) -> TestMember {
        match member {
            ast::TestMember::Trigger(payload) => {
                let ty = workflow.and_then(|id| self.trigger_payload(id));
                TestMember::Trigger(self.lower_expr(payload, ty.as_ref(), Env::empty()))
            }
            ast::TestMember::Mock(mock) => {
                let outcome = match &mock.outcome {
                    ast::MockOutcome::Returns(value) => {
                        let ty = workflow.and_then(|id| self.step_result(id, &mock.step.text));
                        MockOutcome::Returns(self.lower_expr(value, ty.as_ref(), Env::empty()))
                    }
                    ast::MockOutcome::Fails(error) => MockOutcome::Fails {
                        error: error.text.to_string(),
                        first: None,
                        span: error.span,
                    },
                    ast::MockOutcome::FailsFirst(error, times) => MockOutcome::Fails {
                        error: error.text.to_string(),
                        first: Some(times.text.parse().unwrap_or(u32::MAX)),
                        span: error.span,
                    },
                    ast::MockOutcome::TimesOut => MockOutcome::TimesOut,
                };
                TestMember::Mock(Mock {
                    step: step_name(&mock.step),
                    outcome,
                    span: mock.span,
                })
            }
            ast::TestMember::Expect(expectation) => {
                let kind = match &expectation.kind {
                    ast::ExpectationKind::Path(steps) => {
                        ExpectationKind::Path(steps.iter().map(step_name).collect())
                    }
                    ast::ExpectationKind::Emits(event, version, condition) => {
                        let resolved = self.lookup_event(file, event);
                        let payload = resolved.and_then(|resolved| {
                            self.version_payload(resolved, version, codes::UNRESOLVED_NAME)
                        });
                        let condition = condition
                            .as_ref()
                            .map(|condition| self.payload_condition(condition, payload));
                        let dotted = event.dotted();
                        ExpectationKind::Emits(ExpectedEvent {
                            last: event
                                .last()
                                .map_or_else(|| dotted.clone(), |last| last.text.to_string()),
                            dotted,
                            span: event.span(),
                            event: resolved,
                            version: version.number,
                            version_span: version.span,
                            condition,
                        })
                    }
                    ast::ExpectationKind::Succeeds => ExpectationKind::Succeeds,
                    ast::ExpectationKind::Fails(code) => {
                        ExpectationKind::Fails(code.value.to_string())
                    }
                    ast::ExpectationKind::Compensates(steps) => {
                        ExpectationKind::Compensates(steps.iter().map(step_name).collect())
                    }
                };
                TestMember::Expect(Expectation {
                    kind,
                    span: expectation.span,
                })
            }
        }
    }

    /// `where condition` of an expected event: lowered with the payload's
    /// fields as the only variables, so that its names are those fields.
    fn payload_condition(
        &mut self,
        condition: &ast::Expr,
        payload: Option<TypeId>,
    ) -> PayloadCondition {
        let fields: Vec<Variable> = payload
            .and_then(|payload| match &self.model.type_def(payload).kind {
                TypeKind::Record(record) => Some(
                    record
                        .fields
                        .iter()
                        .map(|field| Variable {
                            name: field.name.to_smol_str(),
                            ty: field.ty.clone(),
                            span: field.name_span,
                        })
                        .collect(),
                ),
                _ => None,
            })
            .unwrap_or_default();
        let mut scope = Scope::new();
        for index in 0..fields.len() {
            scope.push(index);
        }
        let env = Env {
            variables: &fields,
            scope: &scope,
            workflow: None,
        };
        let expr = self.lower_expr(condition, Some(&Type::Bool), env);
        if let Some(record) = payload {
            self.refer_payload_fields(&expr, record);
        }
        PayloadCondition { expr, fields }
    }

    /// Records the first names of the condition's paths as uses of the
    /// payload's fields (later segments were recorded while lowering).
    fn refer_payload_fields(&mut self, expr: &Expr, record: TypeId) {
        match &expr.kind {
            ExprKind::Path(path) => {
                if let (PathRoot::Variable(field), Some(first)) = (path.root, path.segments.first())
                {
                    self.refer(first.span, Definition::Field { record, field });
                }
            }
            ExprKind::Record(fields) => {
                for field in fields {
                    self.refer_payload_fields(&field.value, record);
                }
            }
            ExprKind::List(items) => {
                for item in items {
                    self.refer_payload_fields(item, record);
                }
            }
            ExprKind::Unary(_, inner) | ExprKind::Group(inner) => {
                self.refer_payload_fields(inner, record)
            }
            ExprKind::Binary(_, left, right) => {
                self.refer_payload_fields(left, record);
                self.refer_payload_fields(right, record);
            }
            ExprKind::Literal(_) => {}
        }
    }

    /// What the workflow's trigger carries: an event version's payload or
    /// an operation's request body.
    fn trigger_payload(&self, workflow: WorkflowId) -> Option<Type> {
        match self.model.workflow(workflow).trigger.as_ref()? {
            TriggerDef::Event { event, version } => self
                .model
                .event(*event)
                .version(*version)
                .map(|found| Type::Named(found.payload)),
            TriggerDef::Api { operation } => self.model.operation(*operation).body.clone(),
            TriggerDef::Schedule(_) => None,
        }
    }

    /// The result type of the call or wait named `step` in the workflow.
    fn step_result(&self, workflow: WorkflowId, step: &str) -> Option<Type> {
        let workflow = self.model.workflow(workflow);
        let mut bound = false;
        workflow.graph.walk(&mut |state| {
            bound |= state.name == step
                && matches!(state.kind, StateKind::Call { .. } | StateKind::Wait { .. });
        });
        if !bound {
            return None;
        }
        workflow
            .variables
            .iter()
            .find(|variable| variable.name == step)
            .map(|variable| variable.ty.clone())
    }
}

fn step_name(ident: &ast::Ident) -> StepName {
    StepName {
        name: ident.text.to_string(),
        span: ident.span,
    }
}
