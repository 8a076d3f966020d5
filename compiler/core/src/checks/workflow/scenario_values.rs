//! What `weft test` needs to run a scenario meaningfully, checked by
//! `weft check`:
//!
//! - E720: a record field the type does not have (in the trigger payload
//!   or a mocked result), with the close spelling;
//! - E721: a value of the wrong kind for its type (a string for a number,
//!   a symbol the enum does not have, a list for a record, a text the type
//!   does not take: bytes not in base64, a malformed UUID, a date off the
//!   calendar, a timestamp finer than its unit); fields may be left out
//!   (scenarios give partial data) and `null` is always allowed;
//! - E722: an `expect path` no run can take (a step that cannot follow the
//!   one before it in the state graph);
//! - E723: an `expect fails "CODE"` the workflow never fails with (no
//!   `fail` has the code, and no step can raise an error of that name).
//!
//! Scenarios of workflows that did not resolve are skipped, and so are the
//! E722 and E723 expectations on a workflow with a step that did not parse
//! (`Model::unparsed`).

use super::super::dataflow::{listing, suggest, text_problem, Unknown};
use crate::codes;
use crate::model::{
    Clause, DeclRef, ExpectationKind, Expr, ExprKind, Literal, MockOutcome, Model, Next, PathRoot,
    State, StateGraph, StateKind, Test, TestMember, TriggerDef, Type, TypeKind, UnaryOp, Workflow,
};
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use weft_base::Diagnostic;

/// E720–E723 for every test.
pub(super) fn check(model: &Model, diagnostics: &mut Vec<Diagnostic>) {
    for test in &model.tests {
        let Some(id) = test.workflow else { continue };
        let workflow = model.workflow(id);
        // A step that did not parse (a syntax error) may be one a path
        // names, or the `fail` expected.
        let steps_unparsed = model.unparsed(DeclRef::Workflow(id), Clause::Step);
        let checker = Values {
            model,
            test,
            workflow,
        };
        for member in &test.members {
            match member {
                TestMember::Trigger(payload) => {
                    if let Some(ty) = trigger_type(model, workflow) {
                        checker.value(payload, &ty, "the trigger payload", diagnostics);
                    }
                }
                TestMember::Mock(mock) => {
                    if let MockOutcome::Returns(value) = &mock.outcome {
                        let ty = workflow
                            .variables
                            .iter()
                            .find(|variable| variable.name == mock.step.name)
                            .map(|variable| variable.ty.clone());
                        if let Some(ty) = ty {
                            let what = format!("the result of `{}`", mock.step.name);
                            checker.value(value, &ty, &what, diagnostics);
                        }
                    }
                }
                TestMember::Expect(expectation) => match &expectation.kind {
                    ExpectationKind::Path(_) | ExpectationKind::Fails(_) if steps_unparsed => {}
                    ExpectationKind::Path(steps) => {
                        let names: Vec<&str> =
                            steps.iter().map(|step| step.name.as_str()).collect();
                        if let Some(problem) = impossible_step(workflow, &names) {
                            let step = &steps[problem];
                            let message = if problem == 0 {
                                format!(
                                    "test `{}`: no run of `{}` starts with `{}`",
                                    test.name.name, workflow.name.name, step.name
                                )
                            } else {
                                format!(
                                    "test `{}`: no run of `{}` reaches `{}` after `{}`",
                                    test.name.name,
                                    workflow.name.name,
                                    step.name,
                                    steps[problem - 1].name
                                )
                            };
                            diagnostics.push(
                                Diagnostic::error(codes::IMPOSSIBLE_PATH, message, step.span, "no run takes this path")
                                    .with_label(workflow.name.span, format!("workflow `{}` is declared here", workflow.name.name))
                                    .with_help("list the named steps in the order one run enters them; steps of different `choice` branches or `catch` blocks never run in one path"),
                            );
                        }
                    }
                    ExpectationKind::Fails(code) => {
                        let raised = raised_codes(model, workflow);
                        if !raised.contains(code.as_str()) {
                            diagnostics.push(
                                Diagnostic::error(
                                    codes::FAILURE_NEVER_RAISED,
                                    format!(
                                        "test `{}` expects `{}` to fail with \"{code}\", which it never does",
                                        test.name.name, workflow.name.name
                                    ),
                                    expectation.span,
                                    "no run fails with this code",
                                )
                                .with_help(format!(
                                    "{}`{}` fails with {}",
                                    suggest(code, raised.iter().map(String::as_str))
                                        .map(|best| format!("did you mean \"{best}\"? "))
                                        .unwrap_or_default(),
                                    workflow.name.name,
                                    listing(raised.iter().map(String::as_str))
                                )),
                            );
                        }
                    }
                    _ => {}
                },
            }
        }
    }
}

fn trigger_type(model: &Model, workflow: &Workflow) -> Option<Type> {
    match workflow.trigger.as_ref()? {
        TriggerDef::Event { event, version } => model
            .event(*event)
            .version(*version)
            .map(|found| Type::Named(found.payload)),
        TriggerDef::Api { operation } => model.operation(*operation).body.clone(),
        TriggerDef::Schedule(_) => None,
    }
}

struct Values<'m> {
    model: &'m Model,
    test: &'m Test,
    workflow: &'m Workflow,
}

impl Values<'_> {
    /// Checks `expr` against `ty`; `what` names the value for messages.
    fn value(&self, expr: &Expr, ty: &Type, what: &str, diagnostics: &mut Vec<Diagnostic>) {
        let model = self.model;
        if let ExprKind::Group(inner) = &expr.kind {
            return self.value(inner, ty, what, diagnostics);
        }
        if matches!(expr.kind, ExprKind::Literal(Literal::Null)) {
            return;
        }
        let ty = model.unaliased(ty);
        let ty = match ty {
            Type::Optional(inner) => model.unaliased(inner),
            other => other,
        };
        let underlying = model.underlying(ty);
        let fits = match underlying {
            Type::Unknown => true,
            Type::Named(id) => match &model.type_def(*id).kind {
                TypeKind::Record(record) => {
                    let ExprKind::Record(fields) = &expr.kind else {
                        return self.wrong(
                            expr,
                            &self.type_words(ty),
                            what,
                            value_words(expr),
                            diagnostics,
                        );
                    };
                    for field in fields {
                        match record.field(&field.name) {
                            Some(declared) => self.value(
                                &field.value,
                                &declared.ty,
                                &format!("field `{}`", field.name),
                                diagnostics,
                            ),
                            None => {
                                let names = record.fields.iter().map(|field| field.name.as_str());
                                let diagnostic = Diagnostic::error(
                                    codes::SCENARIO_UNKNOWN_FIELD,
                                    format!(
                                        "test `{}`: {what} has no field `{}` (`{}`)",
                                        self.test.name.name,
                                        field.name,
                                        model.type_def(*id).name.name
                                    ),
                                    field.name_span,
                                    "no such field",
                                );
                                diagnostics.push(
                                    Unknown::of(&field.name, names, "fields")
                                        .explain(diagnostic, field.name_span),
                                );
                            }
                        }
                    }
                    true
                }
                TypeKind::Enum { symbols, .. } => match &expr.kind {
                    ExprKind::Path(path) if path.segments.len() == 1 => match path.root {
                        PathRoot::Symbol { enumeration, .. } => enumeration == *id,
                        _ => {
                            let wanted = &path.segments[0].name;
                            let names = symbols.iter().map(|symbol| symbol.name.as_str());
                            let diagnostic = Diagnostic::error(
                                codes::SCENARIO_WRONG_VALUE,
                                format!(
                                    "test `{}`: `{wanted}` is not a symbol of `{}` ({what})",
                                    self.test.name.name,
                                    model.type_def(*id).name.name
                                ),
                                expr.span,
                                "no such symbol",
                            );
                            diagnostics.push(
                                Unknown::of(wanted, names, "symbols")
                                    .explain(diagnostic, path.segments[0].span),
                            );
                            return;
                        }
                    },
                    _ => false,
                },
                TypeKind::Alias { .. } => true,
            },
            Type::List(element) => match &expr.kind {
                ExprKind::List(items) => {
                    for item in items {
                        self.value(item, element, what, diagnostics);
                    }
                    true
                }
                _ => false,
            },
            Type::Map(..) => matches!(expr.kind, ExprKind::Record(_)),
            Type::Bool => matches!(expr.kind, ExprKind::Literal(Literal::Bool(_))),
            Type::Int32 | Type::Int64 => is_number(expr, true),
            Type::Float64 => is_number(expr, false),
            // Decimals travel as numbers or as strings (exact digits).
            Type::Decimal { .. } => {
                is_number(expr, false) || matches!(expr.kind, ExprKind::Literal(Literal::String(_)))
            }
            Type::Duration => {
                matches!(
                    expr.kind,
                    ExprKind::Literal(Literal::Duration(_) | Literal::String(_))
                )
            }
            Type::String => matches!(expr.kind, ExprKind::Literal(Literal::String(_))),
            // The text is checked as a default's is (E306 there): a scenario
            // runs on the state machine too, which would get it as written.
            Type::Uuid | Type::Bytes | Type::Date | Type::Timestamp(_) => matches!(
                &expr.kind,
                ExprKind::Literal(Literal::String(text)) if text_problem(underlying, text).is_none()
            ),
            _ => true,
        };
        if !fits {
            let found = match &expr.kind {
                ExprKind::Literal(Literal::String(text)) => {
                    text_problem(underlying, text).map(|why| format!("\"{text}\": {why}"))
                }
                _ => None,
            };
            let found = found.unwrap_or_else(|| value_words(expr).to_string());
            self.wrong(expr, &self.type_words(ty), what, &found, diagnostics);
        }
    }

    fn wrong(
        &self,
        expr: &Expr,
        expected: &str,
        what: &str,
        found: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        diagnostics.push(
            Diagnostic::error(
                codes::SCENARIO_WRONG_VALUE,
                format!(
                    "test `{}`: {what} must be {expected}, not {found}",
                    self.test.name.name,
                ),
                expr.span,
                "wrong kind of value",
            )
            .with_label(
                self.workflow.name.span,
                format!("for workflow `{}`", self.workflow.name.name),
            )
            .with_help(format!("write {expected}, or `null` for no value")),
        );
    }

    fn type_words(&self, ty: &Type) -> String {
        let model = self.model;
        match ty {
            Type::Named(id) => {
                let def = model.type_def(*id);
                match &def.kind {
                    TypeKind::Record(_) => {
                        format!("a record `{{ … }}` of type `{}`", def.name.name)
                    }
                    TypeKind::Enum { .. } => format!("a symbol of `{}`", def.name.name),
                    TypeKind::Alias { target, .. } => self.type_words(target),
                }
            }
            Type::List(_) => "a list `[ … ]`".to_string(),
            Type::Bool => "`true` or `false`".to_string(),
            Type::Int32 | Type::Int64 => "a whole number".to_string(),
            Type::Float64 | Type::Decimal { .. } => "a number".to_string(),
            Type::Bytes => "bytes in base64 in quotes (\"AAEC\")".to_string(),
            Type::Date => "a date in quotes (\"2025-03-01\")".to_string(),
            Type::Timestamp(_) => "a timestamp in quotes (\"2025-03-01T08:00:00Z\")".to_string(),
            Type::Uuid => "a UUID in quotes (\"f81d4fae-7dec-11d0-a765-00a0c91e6bf6\")".to_string(),
            _ => "a string in quotes".to_string(),
        }
    }
}

fn is_number(expr: &Expr, integer: bool) -> bool {
    match &expr.kind {
        ExprKind::Literal(Literal::Number { integer: whole, .. }) => *whole || !integer,
        ExprKind::Unary(UnaryOp::Negate, inner) | ExprKind::Group(inner) => {
            is_number(inner, integer)
        }
        _ => false,
    }
}

fn value_words(expr: &Expr) -> &'static str {
    match &expr.kind {
        ExprKind::Literal(Literal::String(_)) => "a string",
        ExprKind::Literal(Literal::Number { integer: true, .. }) => "a whole number",
        ExprKind::Literal(Literal::Number { .. }) => "a number",
        ExprKind::Literal(Literal::Bool(_)) => "a boolean",
        ExprKind::Literal(Literal::Duration(_)) => "a duration",
        ExprKind::Literal(Literal::Null) => "`null`",
        ExprKind::Record(_) => "a record",
        ExprKind::List(_) => "a list",
        ExprKind::Path(_) => "a name",
        _ => "an expression",
    }
}

/// Every code a run can fail with: `fail` codes, the declared errors of
/// called operations, timeouts, and the errors of the runtime.
fn raised_codes(model: &Model, workflow: &Workflow) -> BTreeSet<String> {
    let mut codes = BTreeSet::new();
    workflow.graph.walk(&mut |state| match &state.kind {
        StateKind::Fail { code, .. } => {
            codes.insert(code.clone());
        }
        StateKind::Call { operation, .. } => {
            if let Some(operation) = operation {
                for error in &model.operation(*operation).errors {
                    codes.insert(error.name.to_string());
                }
            }
            codes.insert(crate::simulate::TIMEOUT_ERROR.to_string());
        }
        StateKind::Wait { .. } => {
            codes.insert(crate::simulate::TIMEOUT_ERROR.to_string());
        }
        StateKind::Choice {
            otherwise: None, ..
        } => {
            codes.insert(crate::simulate::NO_CHOICE_ERROR.to_string());
        }
        _ => {}
    });
    codes.insert(crate::simulate::RUNTIME_ERROR.to_string());
    codes
}

/// A node of the flattened state graph: (graph id, state index).
type Node = (usize, usize);

/// Every graph of the workflow with where its end leads.
struct Flat<'w> {
    graphs: Vec<&'w StateGraph>,
    /// For each graph, the nodes its end leads to (and whether its end
    /// ends the run).
    exits: Vec<Vec<Node>>,
    /// For each graph, the nested graphs of each state.
    children: BTreeMap<Node, Vec<usize>>,
}

fn flatten(workflow: &Workflow) -> Flat<'_> {
    let mut flat = Flat {
        graphs: vec![&workflow.graph],
        exits: vec![Vec::new()],
        children: BTreeMap::new(),
    };
    let mut queue = VecDeque::from([0usize]);
    while let Some(graph_id) = queue.pop_front() {
        let graph = flat.graphs[graph_id];
        for (index, state) in graph.states.iter().enumerate() {
            let nested: Vec<&StateGraph> = match &state.kind {
                StateKind::Parallel { branches } => {
                    branches.iter().map(|(_, graph)| graph).collect()
                }
                StateKind::ForEach { body, .. } => vec![body],
                _ => Vec::new(),
            };
            if nested.is_empty() {
                continue;
            }
            let after: Vec<Node> = match state.next {
                Some(Next::State(next)) => vec![(graph_id, next)],
                _ => flat.exits[graph_id].clone(),
            };
            let mut ids = Vec::new();
            for child in nested {
                flat.graphs.push(child);
                flat.exits.push(after.clone());
                ids.push(flat.graphs.len() - 1);
                queue.push_back(flat.graphs.len() - 1);
            }
            // Branches interleave and iterations repeat: a nested graph's
            // end can lead to any sibling's start too.
            for id in &ids {
                let starts: Vec<Node> = ids
                    .iter()
                    .filter_map(|sibling| {
                        flat.graphs[*sibling].start.map(|start| (*sibling, start))
                    })
                    .collect();
                flat.exits[*id].extend(starts);
            }
            flat.children.insert((graph_id, index), ids);
        }
    }
    flat
}

impl Flat<'_> {
    fn state(&self, node: Node) -> Option<&State> {
        self.graphs.get(node.0)?.states.get(node.1)
    }

    fn successors(&self, node: Node) -> Vec<Node> {
        let Some(state) = self.state(node) else {
            return Vec::new();
        };
        let (graph_id, _) = node;
        let mut found = Vec::new();
        for target in state.successors() {
            match target {
                Next::State(index) => found.push((graph_id, index)),
                Next::End => found.extend(self.exits[graph_id].iter().copied()),
            }
        }
        if let Some(children) = self.children.get(&node) {
            for child in children {
                match self.graphs[*child].start {
                    Some(start) => found.push((*child, start)),
                    None => found.extend(self.exits[*child].iter().copied()),
                }
            }
        }
        found
    }

    fn nodes_named(&self, name: &str) -> Vec<Node> {
        let mut found = Vec::new();
        for (graph_id, graph) in self.graphs.iter().enumerate() {
            for (index, state) in graph.states.iter().enumerate() {
                if state.name == name {
                    found.push((graph_id, index));
                }
            }
        }
        found
    }

    /// Whether a named state in `targets` is reachable from `from` passing
    /// only through unnamed states (succeed, fail, compensate).
    fn reaches(&self, from: &[Node], targets: &[Node], first: bool) -> bool {
        let mut seen = BTreeSet::new();
        let mut queue: VecDeque<Node> = if first {
            from.iter().copied().collect()
        } else {
            from.iter()
                .flat_map(|node| self.successors(*node))
                .collect()
        };
        while let Some(node) = queue.pop_front() {
            if !seen.insert(node) {
                continue;
            }
            if targets.contains(&node) {
                return true;
            }
            let Some(state) = self.state(node) else {
                continue;
            };
            let named = !matches!(
                state.kind,
                StateKind::Succeed | StateKind::Fail { .. } | StateKind::Compensate
            );
            if named {
                continue;
            }
            queue.extend(self.successors(node));
        }
        false
    }
}

/// The index of the first step of `path` no run can enter there.
fn impossible_step(workflow: &Workflow, path: &[&str]) -> Option<usize> {
    let flat = flatten(workflow);
    let start: Vec<Node> = workflow
        .graph
        .start
        .map(|start| (0, start))
        .into_iter()
        .collect();
    let mut current = start;
    for (position, name) in path.iter().enumerate() {
        let targets = flat.nodes_named(name);
        if targets.is_empty() {
            return None; // E708 reports unknown steps.
        }
        if !flat.reaches(&current, &targets, position == 0) {
            return Some(position);
        }
        current = targets;
    }
    None
}
