//! `expect emits Event vN where …`: the condition evaluated on an emitted
//! payload, and written back as text for a mismatch's "expected" line.

use super::eval::{eval, truthy, Bindings};
use crate::model::{Expr, ExprKind, Literal, Model, PayloadCondition, UnaryOp};
use serde_json::Value;

/// Whether `payload` satisfies the condition. A field the payload does
/// not carry reads as `null` (as on the state machine, where emitted
/// records carry every declared field); reading through a missing value
/// does not satisfy it.
pub(crate) fn holds(model: &Model, condition: &PayloadCondition, payload: &Value) -> bool {
    let bindings: Bindings = condition
        .fields
        .iter()
        .map(|field| {
            Some(
                payload
                    .get(field.name.as_str())
                    .cloned()
                    .unwrap_or(Value::Null),
            )
        })
        .collect();
    eval(model, &condition.expr, &bindings).is_ok_and(|value| truthy(&value))
}

/// The expression as source text (groups keep their parentheses).
pub(crate) fn text(expr: &Expr) -> String {
    match &expr.kind {
        ExprKind::Literal(literal) => match literal {
            Literal::String(text) => Value::String(text.clone()).to_string(),
            Literal::Number { text, .. } => text.clone(),
            Literal::Duration(millis) => format!("{millis}ms"),
            Literal::Bool(value) => value.to_string(),
            Literal::Null => "null".to_string(),
        },
        ExprKind::Path(path) => path.dotted(),
        ExprKind::Record(fields) => {
            let fields: Vec<String> = fields
                .iter()
                .map(|field| format!("{}: {}", field.name, text(&field.value)))
                .collect();
            format!("{{ {} }}", fields.join(", "))
        }
        ExprKind::List(items) => {
            let items: Vec<String> = items.iter().map(text).collect();
            format!("[{}]", items.join(", "))
        }
        ExprKind::Unary(UnaryOp::Not, inner) => format!("not {}", text(inner)),
        ExprKind::Unary(UnaryOp::Negate, inner) => format!("-{}", text(inner)),
        ExprKind::Binary(op, left, right) => {
            format!("{} {} {}", text(left), op.symbol(), text(right))
        }
        ExprKind::Group(inner) => format!("({})", text(inner)),
    }
}
