//! The `where` condition of `expect emits Event vN where …`, typed against
//! the version's payload with the data-flow check's typer:
//!
//! - E724: a name that is no field of the payload (or a field of a field
//!   that its record does not have), with the close spelling;
//! - E725: anything else the typer finds: a comparison of values of
//!   different types (`qty == "three"`), ordering on booleans, a condition
//!   that is not a `bool`.
//!
//! Expectations whose event or version did not resolve are skipped: that
//! was reported already.

use super::super::dataflow::{payload_condition, Unknown};
use crate::codes;
use crate::model::{
    ExpectationKind, ExpectedEvent, Expr, ExprKind, Model, PathRoot, Test, TestMember, Workflow,
};
use weft_base::{Diagnostic, Span};

/// E724 and E725 for every test.
pub(super) fn check(model: &Model, diagnostics: &mut Vec<Diagnostic>) {
    for test in &model.tests {
        let Some(id) = test.workflow else { continue };
        let workflow = model.workflow(id);
        for member in &test.members {
            if let TestMember::Expect(expectation) = member {
                if let ExpectationKind::Emits(expected) = &expectation.kind {
                    condition(model, test, workflow, expected, diagnostics);
                }
            }
        }
    }
}

fn condition(
    model: &Model,
    test: &Test,
    workflow: &Workflow,
    expected: &ExpectedEvent,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(condition) = &expected.condition else {
        return;
    };
    let Some(version) = expected
        .event
        .and_then(|event| model.event(event).version(expected.version))
    else {
        return;
    };
    let payload = &model.type_def(version.payload).name;
    let expectation = format!("expect emits {} v{}", expected.last, expected.version);
    let mut unknown_names = Vec::new();
    unresolved_names(&condition.expr, &mut unknown_names);
    for mut diagnostic in payload_condition(model, workflow, condition) {
        let unknown = unknown_names
            .iter()
            .find(|(_, span)| *span == diagnostic.primary.span);
        diagnostic = match unknown {
            // A first name that is no field: said in the payload's words.
            Some((name, span)) => Unknown::of(
                name,
                condition.fields.iter().map(|field| field.name.as_str()),
                &format!("fields of `{}`", payload.name),
            )
            .explain(
                Diagnostic::error(
                    codes::PAYLOAD_CONDITION_UNKNOWN_FIELD,
                    format!(
                        "test `{}`: `{expectation}` reads `{name}`, which is not a field of `{}`",
                        test.name.name, payload.name
                    ),
                    *span,
                    format!("not a field of `{}`", payload.name),
                )
                .with_label(payload.span, format!("`{}` is declared here", payload.name)),
                *span,
            ),
            None => {
                let code = if diagnostic.code == codes::UNKNOWN_MEMBER {
                    codes::PAYLOAD_CONDITION_UNKNOWN_FIELD
                } else {
                    codes::PAYLOAD_CONDITION_TYPE
                };
                diagnostic.code = code;
                diagnostic.message = format!(
                    "test `{}`: `{expectation}`: {}",
                    test.name.name, diagnostic.message
                );
                diagnostic
            }
        };
        diagnostics.push(diagnostic);
    }
}

/// The first names of paths that name nothing (no field, no symbol).
fn unresolved_names(expr: &Expr, out: &mut Vec<(String, Span)>) {
    match &expr.kind {
        ExprKind::Path(path) => {
            if path.root == PathRoot::Unresolved {
                if let Some(first) = path.segments.first() {
                    out.push((first.name.to_string(), first.span));
                }
            }
        }
        ExprKind::Record(fields) => {
            for field in fields {
                unresolved_names(&field.value, out);
            }
        }
        ExprKind::List(items) => {
            for item in items {
                unresolved_names(item, out);
            }
        }
        ExprKind::Unary(_, inner) | ExprKind::Group(inner) => unresolved_names(inner, out),
        ExprKind::Binary(_, left, right) => {
            unresolved_names(left, out);
            unresolved_names(right, out);
        }
        ExprKind::Literal(_) => {}
    }
}
