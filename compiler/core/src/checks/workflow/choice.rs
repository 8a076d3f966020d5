//! E703: a `choice` without `otherwise` must provably take a branch. That
//! holds only when its conditions are all of the form `path == SYMBOL`
//! (possibly several joined with `or`) over one enum-typed path, and they
//! name every symbol of the enum. Anything else could match nothing, and a
//! state machine whose choice matches nothing fails at run time.

use super::super::dataflow::{enumeration, listing, path_type};
use crate::codes;
use crate::model::{
    BinaryOp, Expr, ExprKind, Model, PathExpr, PathRoot, State, StateKind, Type, TypeId, Workflow,
};
use std::collections::BTreeSet;
use weft_base::Diagnostic;

/// `path == SYMBOL` comparisons of one condition, or `None` if the
/// condition has another form.
fn comparisons<'e>(expr: &'e Expr, out: &mut Vec<(&'e PathExpr, &'e PathExpr)>) -> bool {
    match &expr.kind {
        ExprKind::Group(inner) => comparisons(inner, out),
        ExprKind::Binary(BinaryOp::Or, left, right) => {
            comparisons(left, out) && comparisons(right, out)
        }
        ExprKind::Binary(BinaryOp::Eq, left, right) => match (&left.kind, &right.kind) {
            (ExprKind::Path(a), ExprKind::Path(b)) => {
                out.push((a, b));
                true
            }
            _ => false,
        },
        _ => false,
    }
}

/// The enum a choice decides on: the path's text, its enum and the symbols named.
fn decided_enum(
    model: &Model,
    workflow: &Workflow,
    state: &State,
    conditions: &[&Expr],
) -> Option<(String, TypeId, BTreeSet<String>)> {
    let mut pairs = Vec::new();
    for condition in conditions {
        if !comparisons(condition, &mut pairs) {
            return None;
        }
    }
    // The resolver bound each path's first name in the choice's scope.
    let is_variable = |path: &PathExpr| matches!(path.root, PathRoot::Variable(_));
    let mut decided: Option<(String, TypeId)> = None;
    let mut covered = BTreeSet::new();
    for (left, right) in pairs {
        // One side is the enum-typed path, the other a bare symbol.
        let (subject, symbol) = if is_variable(left) && !is_variable(right) {
            (left, right)
        } else if is_variable(right) && !is_variable(left) {
            (right, left)
        } else {
            return None;
        };
        let [symbol] = symbol.segments.as_slice() else {
            return None;
        };
        let ty = path_type(model, workflow, &state.scope, subject)?;
        let (id, _) = enumeration(model, &ty)?;
        let text = subject.dotted();
        match &decided {
            Some((seen, seen_id)) if *seen != text || *seen_id != id => return None,
            Some(_) => {}
            None => decided = Some((text, id)),
        }
        covered.insert(symbol.name.as_str().to_string());
    }
    let (text, id) = decided?;
    Some((text, id, covered))
}

/// Whether the conditions are all `path == SYMBOL` comparisons and one of
/// their paths has no known type (a name or a type that did not resolve,
/// or a field typed halfway: already reported): then whether they cover
/// an enum cannot be told.
fn tests_an_unknown_type(
    model: &Model,
    workflow: &Workflow,
    state: &State,
    conditions: &[&Expr],
) -> bool {
    let mut pairs = Vec::new();
    if !conditions
        .iter()
        .all(|condition| comparisons(condition, &mut pairs))
    {
        return false;
    }
    pairs
        .iter()
        .flat_map(|&(left, right)| [left, right])
        .any(|path| {
            matches!(path.root, PathRoot::Variable(_))
                && path_type(model, workflow, &state.scope, path)
                    .is_none_or(|ty| ty == Type::Unknown)
        })
}

/// Whether a choice always takes one of its branches: it has `otherwise`,
/// or its branches name every symbol of the enum it decides on.
pub(super) fn always_takes_a_branch(model: &Model, workflow: &Workflow, state: &State) -> bool {
    let StateKind::Choice {
        branches,
        otherwise,
    } = &state.kind
    else {
        return false;
    };
    if otherwise.is_some() {
        return true;
    }
    let conditions: Vec<&Expr> = branches.iter().map(|(condition, _)| condition).collect();
    if conditions.is_empty() {
        return false;
    }
    decided_enum(model, workflow, state, &conditions).is_some_and(|(_, id, covered)| {
        match &model.type_def(id).kind {
            crate::model::TypeKind::Enum { symbols, .. } => symbols
                .iter()
                .all(|symbol| covered.contains(symbol.name.as_str())),
            _ => false,
        }
    })
}

/// E703 for one state.
pub(super) fn exhaustive(
    model: &Model,
    workflow: &Workflow,
    state: &State,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let StateKind::Choice {
        branches,
        otherwise: None,
    } = &state.kind
    else {
        return;
    };
    let conditions: Vec<&Expr> = branches.iter().map(|(condition, _)| condition).collect();
    let Some(first) = conditions.first() else {
        diagnostics.push(
            Diagnostic::error(
                codes::NON_EXHAUSTIVE_CHOICE,
                format!(
                    "choice `{}` has neither a `when` branch nor `otherwise`",
                    state.name
                ),
                state.span,
                "this choice can take no branch",
            )
            .with_help("add `when condition { ... }` branches and an `otherwise { ... }` block"),
        );
        return;
    };
    let last = conditions.last().copied().unwrap_or(first);
    match decided_enum(model, workflow, state, &conditions) {
        Some((subject, id, covered)) => {
            let decl = model.type_def(id);
            let crate::model::TypeKind::Enum { symbols, .. } = &decl.kind else {
                return;
            };
            let missing: Vec<&str> = symbols
                .iter()
                .map(|symbol| symbol.name.as_str())
                .filter(|symbol| !covered.contains(*symbol))
                .collect();
            if missing.is_empty() {
                return;
            }
            let first_line = Diagnostic::error(
                codes::NON_EXHAUSTIVE_CHOICE,
                format!(
                    "choice `{}` has no `otherwise` and does not cover {} of `{}`",
                    state.name,
                    listing(missing.iter().copied()),
                    decl.name.name
                ),
                last.span,
                format!(
                    "`{subject}` may also be {}",
                    listing(missing.iter().copied())
                ),
            );
            diagnostics.push(
                first_line
                    .with_label(decl.name.span, format!("`{}` is declared here", decl.name.name))
                    .with_help(format!(
                        "add `when {subject} == {} {{ ... }}` for the missing symbols, or an `otherwise {{ ... }}` block",
                        missing.first().copied().unwrap_or_default()
                    )),
            );
        }
        None if tests_an_unknown_type(model, workflow, state, &conditions) => {}
        None => {
            diagnostics.push(
                Diagnostic::error(
                    codes::NON_EXHAUSTIVE_CHOICE,
                    format!(
                        "choice `{}` has no `otherwise`, and its conditions may all be false",
                        state.name
                    ),
                    last.span,
                    "no `otherwise` after this branch",
                )
                .with_help(
                    "add an `otherwise { ... }` block; only `when x == SYMBOL` branches that name every symbol of an enum can do without one",
                ),
            );
        }
    }
}
