//! The steps that contain blocks: `choice` (branches in the same graph),
//! `parallel` and `for each` (graphs of their own, as in Amazon States
//! Language), and a step's options with their `catch` and `on timeout`
//! handlers.

use super::expr::Env;
use super::lower::{graph_for, Lowering};
use super::{duplicate, duplicate_with, Resolver};
use crate::codes;
use crate::model::*;
use weft_syntax::syntax::{self as ast, Expr, ExprKind};
use weft_syntax::{Diagnostic, Span};

impl Resolver {
    pub(crate) fn choice(
        &mut self,
        choice: &ast::ChoiceStep,
        next: Next,
        graph: &mut StateGraph,
        scope: &Scope,
        lowering: &mut Lowering,
    ) -> StateKind {
        let mut branches = Vec::new();
        for branch in &choice.branches {
            let env = Env {
                variables: &lowering.variables,
                scope,
                workflow: Some(lowering.workflow),
            };
            let condition = self.lower_expr(&branch.condition, None, env);
            let mut branch_scope = scope.clone();
            // Inside the branch, what its condition proves is not `null` reads without `?`.
            let outer = lowering.not_null.len();
            lowering.not_null.extend(condition.proves_not_null());
            let entry = self.block(
                &branch.block.steps,
                next,
                graph,
                &mut branch_scope,
                lowering,
            );
            lowering.not_null.truncate(outer);
            branches.push((condition, entry.map_or(next, Next::State)));
        }
        let otherwise = choice.otherwise.as_ref().map(|block| {
            let mut branch_scope = scope.clone();
            let entry = self.block(&block.steps, next, graph, &mut branch_scope, lowering);
            entry.map_or(next, Next::State)
        });
        StateKind::Choice {
            branches,
            otherwise,
        }
    }

    pub(crate) fn parallel(
        &mut self,
        parallel: &ast::ParallelStep,
        scope: &mut Scope,
        lowering: &mut Lowering,
    ) -> StateKind {
        let mut branches: Vec<(String, StateGraph)> = Vec::new();
        let mut seen: Vec<(&str, Span)> = Vec::new();
        let mut produced = Vec::new();
        for branch in &parallel.branches {
            if let Some((_, first)) = seen.iter().find(|(name, _)| *name == branch.name.text) {
                let what = format!("branch `{}`", branch.name.text);
                let help = "each branch of a `parallel` step has a name of its own (it names the branch in state machines and diagrams): rename one of them";
                duplicate_with(&mut self.diagnostics, &what, branch.name.span, *first, help);
            }
            seen.push((&branch.name.text, branch.name.span));
            let mut branch_graph = graph_for(&branch.block.steps);
            let mut branch_scope = scope.clone();
            branch_graph.start = self.block(
                &branch.block.steps,
                Next::End,
                &mut branch_graph,
                &mut branch_scope,
                lowering,
            );
            // A branch only adds to the scope it starts from.
            produced.extend(branch_scope.added_since(scope));
            branches.push((branch.name.text.to_string(), branch_graph));
        }
        // Results of every branch are readable once all have finished.
        for variable in produced {
            scope.push(variable);
        }
        StateKind::Parallel { branches }
    }

    pub(crate) fn for_each(
        &mut self,
        each: &ast::ForEachStep,
        scope: &Scope,
        lowering: &mut Lowering,
    ) -> StateKind {
        let item_type = self.element_type(&each.list, &lowering.variables, scope);
        let env = Env {
            variables: &lowering.variables,
            scope,
            workflow: Some(lowering.workflow),
        };
        let list = self.lower_expr(&each.list, None, env);
        lowering.variables.push(Variable {
            name: each.item.text.to_smol_str(),
            ty: item_type,
            span: each.item.span,
        });
        let item = lowering.variables.len() - 1;
        let mut body_scope = scope.with(item);
        let mut body = graph_for(&each.block.steps);
        body.start = self.block(
            &each.block.steps,
            Next::End,
            &mut body,
            &mut body_scope,
            lowering,
        );
        let concurrency = each.concurrency.as_ref().and_then(|number| {
            let value = number.text.parse::<u32>().ok().filter(|value| *value >= 1);
            if value.is_none() {
                self.diagnostics.push(
                    Diagnostic::error(
                        codes::INVALID_VALUE,
                        format!("`concurrency {}` is not a number of iterations", number.text),
                        number.span,
                        "expected a whole number from 1",
                    )
                    .with_help("write how many iterations may run at once, such as `concurrency 5`; leave it out to run them one by one"),
                );
            }
            value
        });
        StateKind::ForEach {
            list: Box::new(list),
            item,
            concurrency,
            body: Box::new(body),
        }
    }

    /// Timeout, retry and the handlers of a `call`, `emit` or `wait`.
    pub(crate) fn step_options(
        &mut self,
        step: &ast::Step,
        index: StateIndex,
        next: Next,
        graph: &mut StateGraph,
        scope: &Scope,
        lowering: &mut Lowering,
    ) {
        let options = step.kind.options();
        let mut seen: Vec<(String, Span)> = Vec::new();
        for option in options {
            let label = match &option.kind {
                ast::StepOptionKind::Timeout(_) => "`timeout`".to_string(),
                ast::StepOptionKind::Retry(_) => "`retry`".to_string(),
                ast::StepOptionKind::Catch(error, _) => format!("`catch {}`", error.text),
                ast::StepOptionKind::OnTimeout(_) => "`on timeout`".to_string(),
                ast::StepOptionKind::IdempotencyKey(_) => "`idempotency_key`".to_string(),
                ast::StepOptionKind::CompensateWith(..) => "`compensate with`".to_string(),
            };
            if let Some((_, first)) = seen.iter().find(|(seen, _)| *seen == label) {
                duplicate(&mut self.diagnostics, &label, option.span, *first);
                continue;
            }
            seen.push((label, option.span));
            match &option.kind {
                ast::StepOptionKind::Timeout(duration) => {
                    if let Some(state) = graph.states.get_mut(index) {
                        state.timeout_ms = Some(self.millis(duration));
                    }
                }
                ast::StepOptionKind::Retry(retry) => {
                    let policy = self.retry_policy(retry);
                    if let Some(state) = graph.states.get_mut(index) {
                        state.retry = Some(Box::new(policy));
                    }
                }
                ast::StepOptionKind::Catch(error, block) => {
                    // A handler runs instead of the step: the step's result is not readable.
                    let mut handler_scope = scope.clone();
                    let entry = self.block(&block.steps, next, graph, &mut handler_scope, lowering);
                    if let Some(state) = graph.states.get_mut(index) {
                        state.catches.push(Catch {
                            error: error.text.to_smol_str(),
                            next: entry.map_or(next, Next::State),
                            span: error.span,
                        });
                    }
                }
                ast::StepOptionKind::OnTimeout(block) => {
                    let mut handler_scope = scope.clone();
                    let entry = self.block(&block.steps, next, graph, &mut handler_scope, lowering);
                    if let Some(state) = graph.states.get_mut(index) {
                        state.on_timeout = Some(entry.map_or(next, Next::State));
                    }
                }
                ast::StepOptionKind::IdempotencyKey(_)
                | ast::StepOptionKind::CompensateWith(..) => {}
            }
        }
    }

    /// The element type of a list expression (`bom.components`), when it is a
    /// path through variables and record fields.
    fn element_type(&self, expr: &Expr, variables: &[Variable], scope: &Scope) -> Type {
        let ExprKind::Path(path) = &expr.kind else {
            return Type::Unknown;
        };
        let Some((first, rest)) = path.segments.split_first() else {
            return Type::Unknown;
        };
        let Some(variable) = scope
            .innermost_first()
            .filter_map(|index| variables.get(index))
            .find(|variable| variable.name == first.text)
        else {
            return Type::Unknown;
        };
        let mut ty = variable.ty.clone();
        for segment in rest {
            let field = match self.underlying(&ty) {
                Type::Named(id) => match &self.model.type_def(id).kind {
                    TypeKind::Record(record) => record
                        .field_named(segment.text)
                        .map(|field| field.ty.clone()),
                    _ => None,
                },
                _ => None,
            };
            match field {
                Some(field) => ty = field,
                None => return Type::Unknown,
            }
        }
        match self.underlying(&ty) {
            Type::List(element) => *element,
            _ => Type::Unknown,
        }
    }
}
