//! Typed data flow through workflows (E310, E311, E312). Every expression of
//! every state is typed in the state's scope: the trigger's binding and the
//! results of the steps before it. Call arguments must be parameters of the
//! operation (or `body`) and fit their types, and every required parameter
//! and body must be passed; emitted fields must be fields of the event
//! version's payload and fit them, and every required payload field must be
//! given; `when` and `where` conditions are `bool`; `for each` goes over a
//! list; idempotency keys are strings or UUIDs. Record literals are checked
//! field by field against the record they stand for.
//!
//! Types that did not resolve are `Unknown` and accepted everywhere, so one
//! mistake is reported once.

mod fit;
mod names;
mod typing;

pub(crate) use fit::{base, describe, enumeration, text_problem};
pub(crate) use names::{did_you_mean, listing, Unknown};
pub(crate) use typing::path_type;
pub(crate) use weft_base::suggest::suggest;

use crate::codes;
use crate::model::{
    Argument, ArgumentTarget, Clause, DeclRef, Expr, Model, Operation, OperationRef, ParamIn,
    State, StateKind, Type, Variable, Workflow, WorkflowId,
};
use rustc_hash::FxHashMap;
use typing::{Target, Ty, Typer};
use weft_base::{Diagnostic, Span};

/// The findings of typing the `where` condition of an `expect emits`
/// against the payload it reads, in the data-flow check's words (codes
/// E310/E311; the caller gives them the scenario's codes). The condition's
/// variables are the payload's fields (see `PayloadCondition`), so it is
/// typed in a copy of `workflow` whose variables are those fields.
pub(crate) fn payload_condition(
    model: &Model,
    workflow: &Workflow,
    condition: &crate::model::PayloadCondition,
) -> Vec<Diagnostic> {
    let mut payload = workflow.clone();
    payload.variables = condition.fields.clone();
    let mut typer = Typer::new(model, &payload);
    for index in 0..payload.variables.len() {
        typer.scope.push(index);
    }
    typer.condition(&condition.expr, "the expected event's `where` condition");
    typer.diagnostics
}

/// Runs this check.
pub fn check(model: &Model) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for (id, workflow) in model.workflows_with_ids() {
        check_workflow(model, id, workflow, &mut diagnostics);
    }
    diagnostics
}

/// This check on one workflow (all of it: it reads nothing else).
pub(super) fn check_workflow(
    model: &Model,
    id: WorkflowId,
    workflow: &Workflow,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut typer = Typer::new(model, workflow);
    let id = DeclRef::Workflow(id);
    typer.binding_unparsed =
        model.unparsed(id, Clause::Trigger) || model.unparsed(id, Clause::Step);
    // Few variables (the rule) are scanned; many are indexed.
    let by_name =
        (workflow.variables.len() > INDEXED_VARIABLES).then(|| variables_by_name(workflow));
    workflow.graph.walk(&mut |state| {
        typer.entry_unparsed = model.unparsed_within(id, Clause::Argument, state.span);
        typer.state(state, by_name.as_ref());
    });
    diagnostics.append(&mut typer.diagnostics);
}

/// The variable a call, emit, wait or `for each` state binds.
pub(crate) fn own_variable<'w>(workflow: &'w Workflow, state: &State) -> Option<&'w Variable> {
    let index = own_variable_index(workflow, state, None)?;
    workflow.variables.get(index)
}

/// Whether `state` is a kind of step that binds a variable of its name.
fn binds_variable(state: &State) -> bool {
    matches!(
        state.kind,
        StateKind::Call { .. }
            | StateKind::Emit { .. }
            | StateKind::Wait { .. }
            | StateKind::ForEach { .. }
    )
}

/// Whether `variable` is declared inside `state`'s span (so bound by it).
fn bound_by(variable: &Variable, state: &State) -> bool {
    variable.span.file == state.span.file
        && state.span.start <= variable.span.start
        && variable.span.end <= state.span.end
}

/// From how many variables a workflow's states find their own variable
/// through [`variables_by_name`] rather than by a scan (a map is not worth
/// building for a handful).
const INDEXED_VARIABLES: usize = 16;

/// The workflow's variables by name, each list in variable order: a
/// state's own variable is then found among the few of its name instead of
/// by a scan of all of them (which made long workflows quadratic).
fn variables_by_name(workflow: &Workflow) -> FxHashMap<&str, Vec<usize>> {
    let mut by_name: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for (index, variable) in workflow.variables.iter().enumerate() {
        by_name
            .entry(variable.name.as_str())
            .or_default()
            .push(index);
    }
    by_name
}

/// The index of [`own_variable`]: the first variable of the state's name
/// whose span lies in the state's, found through `by_name` (from
/// [`variables_by_name`]) when there is one, else by a scan.
fn own_variable_index(
    workflow: &Workflow,
    state: &State,
    by_name: Option<&FxHashMap<&str, Vec<usize>>>,
) -> Option<usize> {
    if !binds_variable(state) {
        return None;
    }
    let Some(by_name) = by_name else {
        return workflow
            .variables
            .iter()
            .position(|variable| variable.name == state.name && bound_by(variable, state));
    };
    by_name
        .get(state.name.as_str())?
        .iter()
        .copied()
        .find(|index| {
            workflow
                .variables
                .get(*index)
                .is_some_and(|variable| bound_by(variable, state))
        })
}

/// A short span for a state: the name of the step where it has one.
pub(crate) fn head_span(workflow: &Workflow, state: &State) -> Span {
    own_variable(workflow, state).map_or(state.span, |variable| variable.span)
}

/// `Api.operation` as it is written into a message, made only then.
struct OperationName<'m>(&'m Model, OperationRef);

impl std::fmt::Display for OperationName<'_> {
    fn fmt(&self, out: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let OperationName(model, reference) = *self;
        write!(
            out,
            "{}.{}",
            model.api(reference.api).name.name,
            model.operation(reference).name
        )
    }
}

/// `Event vN` as it is written into a message, made only then.
struct VersionName<'m>(&'m str, u32);

impl std::fmt::Display for VersionName<'_> {
    fn fmt(&self, out: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(out, "{} v{}", self.0, self.1)
    }
}

/// `Api.operation`, for messages.
pub(crate) fn operation_name(model: &Model, reference: OperationRef) -> String {
    format!(
        "{}.{}",
        model.api(reference.api).name.name,
        model.operation(reference).name
    )
}

impl Typer<'_> {
    /// Checks the expressions of one state.
    fn state(&mut self, state: &State, by_name: Option<&FxHashMap<&str, Vec<usize>>>) {
        self.scope = state.scope.clone();
        let own = own_variable_index(self.workflow, state, by_name);
        let head = own
            .and_then(|index| self.workflow.variables.get(index))
            .map_or(state.span, |variable| variable.span);
        self.not_null.clear();
        self.not_null.extend_from_slice(&state.not_null);
        match &state.kind {
            StateKind::Call {
                operation,
                args,
                idempotency_key,
                compensation,
                ..
            } => {
                self.arguments(*operation, args, head, "this call");
                if let Some(key) = idempotency_key {
                    self.idempotency_key(key);
                }
                if let Some(compensation) = compensation {
                    // A compensation runs after the step completed: its result is readable.
                    if let Some(index) = own {
                        self.scope.push(index);
                    }
                    self.arguments(
                        compensation.operation,
                        &compensation.args,
                        compensation.span,
                        "this compensation",
                    );
                }
            }
            StateKind::Emit {
                event,
                version,
                fields,
            } => self.emit(*event, *version, fields, head),
            StateKind::Wait { condition, .. } => {
                self.condition(condition, "the `where` condition of a wait")
            }
            StateKind::Choice { branches, .. } => {
                for (condition, _) in branches {
                    self.condition(condition, "a `when` condition");
                }
            }
            StateKind::ForEach { list, .. } => self.list(list),
            StateKind::Parallel { .. }
            | StateKind::Compensate
            | StateKind::Fail { .. }
            | StateKind::Succeed => {}
        }
    }

    /// Arguments of a call (or a compensation) against the operation; the
    /// resolver already matched each to its parameter or the body.
    fn arguments(
        &mut self,
        operation: Option<OperationRef>,
        args: &[Argument],
        head: Span,
        what: &str,
    ) {
        let Some(reference) = operation else {
            for arg in args {
                self.infer_lenient(&arg.value);
            }
            return;
        };
        let model = self.model;
        let decl: &Operation = model.operation(reference);
        // Written into messages only.
        let name = OperationName(model, reference);
        // A parameter or body that did not parse (a syntax error) may be
        // the one an argument passes.
        let unparsed = |clause| model.unparsed_in_operation(reference, clause);
        // The parameters that unknown arguments misspell: not also missing.
        let mut meant: Vec<&str> = Vec::new();
        for Argument {
            name: arg,
            name_span,
            value,
            target,
        } in args
        {
            if arg == "body" {
                match (&decl.body, target) {
                    (Some(body), ArgumentTarget::Body(_)) => self.check(
                        value,
                        body,
                        &Target {
                            what: &|| format!("the `body` of `{name}`"),
                            declared: None,
                        },
                    ),
                    _ if unparsed(Clause::Body) => {
                        self.infer_lenient(value);
                    }
                    _ => {
                        self.infer_lenient(value);
                        self.diagnostics.push(
                            Diagnostic::error(
                                codes::UNKNOWN_MEMBER,
                                format!("`{name}` takes no request body"),
                                value.span,
                                "`body` is not accepted here",
                            )
                            .with_help(format!(
                                "remove `body:`, or declare `body Type` in `{name}`"
                            )),
                        );
                    }
                }
                continue;
            }
            let param = match target {
                ArgumentTarget::Parameter { parameter, .. } => decl.params.get(*parameter),
                _ => None,
            };
            match param {
                Some(param) => self.check(
                    value,
                    &param.field.ty,
                    &Target {
                        what: &|| format!("argument `{arg}` of `{name}`"),
                        declared: Some(param.field.name_span),
                    },
                ),
                None if unparsed(Clause::Parameter) => {
                    self.infer_lenient(value);
                }
                // The path names it but no parameter does (reported at the
                // operation, whose parameter may be misspelt): the call is
                // right as written.
                None if placeholder_of(model, reference, arg) => {
                    self.infer_lenient(value);
                }
                None => {
                    self.infer_lenient(value);
                    let mut names: Vec<&str> = decl
                        .params
                        .iter()
                        .map(|param| param.field.name.as_str())
                        .collect();
                    if decl.body.is_some() {
                        names.push("body");
                    }
                    let unknown = Unknown::of(arg, names, &format!("arguments of `{name}`"));
                    meant.extend(unknown.meant);
                    let diagnostic = Diagnostic::error(
                        codes::UNKNOWN_MEMBER,
                        format!("`{name}` has no parameter `{arg}`"),
                        value.span,
                        format!("the value of unknown argument `{arg}`"),
                    );
                    self.diagnostics
                        .push(unknown.explain(diagnostic, *name_span));
                }
            }
        }
        if self.entry_unparsed {
            return;
        }
        let passed =
            |wanted: &str| args.iter().any(|arg| arg.name == wanted) || meant.contains(&wanted);
        for param in &decl.params {
            let field = &param.field;
            // A parameter of unknown type (already reported) may be optional.
            // A path parameter the path does not mention (reported at the
            // operation, likely misspelt there) asks nothing of calls.
            if field.ty.is_optional()
                || field.ty == Type::Unknown
                || field.default().is_some()
                || passed(&field.name)
                || (param.location == ParamIn::Path
                    && !placeholder_of(model, reference, &field.name))
            {
                continue;
            }
            self.diagnostics.push(
                Diagnostic::error(
                    codes::MISSING_ARGUMENT,
                    format!(
                        "{what} does not pass the required argument `{}` of `{name}`",
                        field.name
                    ),
                    head,
                    format!("`{}` is missing", field.name),
                )
                .with_label(
                    field.name_span,
                    format!("`{}` is declared here", field.name),
                )
                .with_help(format!(
                    "add `{}: ...` ({}) to the arguments",
                    field.name,
                    describe(model, &field.ty)
                )),
            );
        }
        if let Some(body) = &decl.body {
            if !body.is_optional() && !passed("body") {
                self.diagnostics.push(
                    Diagnostic::error(
                        codes::MISSING_ARGUMENT,
                        format!("{what} does not pass the request body `{name}` requires"),
                        head,
                        "`body` is missing",
                    )
                    .with_help(format!(
                        "add `body: {{ ... }}` with a value of {}",
                        describe(model, body)
                    )),
                );
            }
        }
    }

    /// The fields of an emitted event against its version's payload.
    fn emit(
        &mut self,
        event: Option<crate::model::EventId>,
        version: u32,
        fields: &[Argument],
        head: Span,
    ) {
        let model = self.model;
        let payload = event.and_then(|id| {
            let decl = model.event(id);
            decl.version(version).map(|found| (decl, found.payload))
        });
        let Some((decl, payload)) = payload else {
            for field in fields {
                self.infer_lenient(&field.value);
            }
            return;
        };
        // Written into messages only.
        let event_name = VersionName(&decl.name.name, version);
        let crate::model::TypeKind::Record(record) = &model.type_def(payload).kind else {
            for field in fields {
                self.infer_lenient(&field.value);
            }
            return;
        };
        // The fields that unknown ones misspell: not also missing.
        let mut meant: Vec<&str> = Vec::new();
        for Argument {
            name,
            name_span,
            value,
            target,
        } in fields
        {
            let field = match target {
                ArgumentTarget::Field(field) if field.record == payload => {
                    record.fields.get(field.index())
                }
                _ => None,
            };
            match field {
                Some(field) => self.check(
                    value,
                    &field.ty,
                    &Target {
                        what: &|| format!("field `{name}` of `{event_name}`"),
                        declared: Some(field.name_span),
                    },
                ),
                None => {
                    self.infer_lenient(value);
                    let names = record.fields.iter().map(|field| field.name.as_str());
                    let unknown = Unknown::of(name, names, &format!("fields of `{event_name}`"));
                    meant.extend(unknown.meant);
                    let diagnostic = Diagnostic::error(
                        codes::UNKNOWN_MEMBER,
                        format!("`{event_name}` has no field `{name}`"),
                        value.span,
                        format!("the value of unknown field `{name}`"),
                    )
                    .with_label(
                        decl.name.span,
                        format!("`{}` is declared here", decl.name.name),
                    );
                    self.diagnostics
                        .push(unknown.explain(diagnostic, *name_span));
                }
            }
        }
        for field in &record.fields {
            if field.ty.is_optional()
                || field.ty == Type::Unknown
                || field.default().is_some()
                || fields.iter().any(|given| given.name == field.name)
                || meant.contains(&field.name.as_str())
                || self.entry_unparsed
            {
                continue;
            }
            self.diagnostics.push(
                Diagnostic::error(
                    codes::MISSING_ARGUMENT,
                    format!(
                        "this emit does not set the required field `{}` of `{event_name}`",
                        field.name
                    ),
                    head,
                    format!("`{}` is missing", field.name),
                )
                .with_label(
                    field.name_span,
                    format!("`{}` is declared here", field.name),
                )
                .with_help(format!(
                    "add `{}: ...` ({}) to the fields, or give the field a default",
                    field.name,
                    describe(model, &field.ty)
                )),
            );
        }
    }

    /// An idempotency key is a string or a UUID.
    fn idempotency_key(&mut self, key: &Expr) {
        let ty = self.infer_settled(key);
        let fits = match &ty {
            Ty::Unknown | Ty::Str => true,
            Ty::Type(ty) => matches!(
                base(self.model, ty),
                Type::String | Type::Uuid | Type::Unknown
            ),
            _ => false,
        };
        if !fits {
            self.expected(key, &ty, "an idempotency key", "a string or a `uuid`");
        }
    }

    /// `for each` goes over a list.
    fn list(&mut self, list: &Expr) {
        let ty = self.infer_settled(list);
        let fits = match &ty {
            Ty::Unknown => true,
            Ty::Type(ty) => matches!(base(self.model, ty), Type::List(_) | Type::Unknown),
            _ => false,
        };
        if !fits {
            self.expected(list, &ty, "`for each`", "a list");
        }
    }

    fn expected(&mut self, expr: &Expr, ty: &Ty, what: &str, expected: &str) {
        let found = match ty {
            Ty::Type(ty) => describe(self.model, ty),
            Ty::Str => "a string".into(),
            Ty::Num { .. } => "a number".into(),
            Ty::Null => "`null`".into(),
            Ty::Symbol(name, _) => format!("`{name}`"),
            Ty::Unknown => "unknown".into(),
        };
        self.diagnostics.push(
            Diagnostic::error(
                codes::TYPE_MISMATCH,
                format!("{what} needs {expected}, but this is {found}"),
                expr.span,
                format!("this is {found}"),
            )
            .with_help(format!("use {expected} here")),
        );
    }
}

/// Whether `{name}` is written in the operation's path or its API's base.
fn placeholder_of(model: &Model, reference: OperationRef, name: &str) -> bool {
    let operation = model.operation(reference);
    let base = &model.api(reference.api).base;
    [operation.path.as_str(), base.as_str()]
        .iter()
        .any(|template| {
            template.split('{').skip(1).any(|rest| {
                rest.split_once('}')
                    .is_some_and(|(placeholder, _)| placeholder == name)
            })
        })
}

#[cfg(test)]
mod tests {
    use crate::sources::{Origin, SourceMap};

    const LANDSCAPE: &str = r#"package demo

domain ops {
  owner "Ops"
}

system erp {
  domain ops
  kind erp
  hosting cloud
  connectivity reliable
}

system hub {
  domain ops
  kind integration
  hosting cloud
  connectivity reliable
  consumes Placed v1
}

record Order {
  number: string
  due: date
  note: string?
}

record OrderCopy {
  number: string
  due: date
  extra: int32 = 0
}

event Placed {
  producer erp
  key number
  version 1 = Order
}

api Orders {
  host erp
  version 1.0.0
  auth none

  operation store PUT "/orders/{number}" {
    path number: string
    body OrderCopy
    response 200 Order
  }

  operation note PUT "/orders/{number}/note" {
    path number: string
    query text: string
  }
}
"#;

    /// The codes `check` reports for the landscape plus `workflow`.
    fn codes(workflow: &str) -> Vec<&'static str> {
        let mut sources = SourceMap::with_stdlib();
        sources.add(
            "test.weft".to_string(),
            format!("{LANDSCAPE}\n{workflow}"),
            Origin::Project,
        );
        crate::check(&sources)
            .diagnostics
            .iter()
            .map(|diagnostic| diagnostic.code.as_str())
            .filter(|code| code.starts_with("E31"))
            .collect()
    }

    fn workflow(steps: &str) -> String {
        format!("workflow Flow {{\n  host hub\n  trigger event Placed v1 as placed\n\n{steps}\n  succeed\n}}\n")
    }

    #[test]
    fn records_of_another_name_fit_by_their_fields() {
        let steps = r#"  call stored = Orders.store(number: placed.number, body: placed) {
    timeout 5s
  }"#;
        assert_eq!(codes(&workflow(steps)), Vec::<&str>::new());
    }

    #[test]
    fn an_optional_value_does_not_fill_a_required_place() {
        let steps = r#"  call noted = Orders.note(number: placed.number, text: placed.note) {
    timeout 5s
  }"#;
        assert_eq!(codes(&workflow(steps)), vec!["E310"]);
    }

    #[test]
    fn string_literals_stand_for_dates() {
        let steps = r#"  choice late {
    when placed.due < "2025-01-01" {
      succeed
    }
    otherwise {
      succeed
    }
  }"#;
        assert_eq!(codes(&workflow(steps)), Vec::<&str>::new());
    }

    #[test]
    fn a_string_literal_must_be_on_the_calendar() {
        let compared = r#"  choice late {
    when placed.due == ("2025-02-29") or "2025-02-28" > placed.due {
      succeed
    }
    otherwise {
      succeed
    }
  }"#;
        assert_eq!(codes(&workflow(compared)), vec!["E310"]);
        let in_a_record = r#"  call stored = Orders.store(number: placed.number, body: { number: placed.number, due: "2025-1-31" }) {
    timeout 5s
  }"#;
        assert_eq!(codes(&workflow(in_a_record)), vec!["E310"]);
    }

    #[test]
    fn a_mistake_is_reported_once() {
        let steps = r#"  choice late {
    when placed.stauts == OPEN {
      succeed
    }
    otherwise {
      succeed
    }
  }"#;
        assert_eq!(codes(&workflow(steps)), vec!["E311"]);
    }
}
