//! Evaluating lowered expressions on JSON values, with the rules the
//! statemachine target's Choice rules follow: a comparison that reads a
//! missing or `null` value, or values of different kinds, is false; strings
//! compare by their characters (ISO dates and timestamps of one form
//! compare in time order), numbers by value.

use crate::model::{BinaryOp, Expr, ExprKind, Literal, Model, PathRoot, TypeKind, UnaryOp};
use serde_json::{Map, Number, Value};
use std::cmp::Ordering;

/// The variables of a run: the value of each workflow variable, by index
/// into `Workflow::variables` (`None` while it is unbound).
pub(crate) type Bindings = Vec<Option<Value>>;

/// A path that reads a value that is not there: an unbound variable, a
/// field of something that is not a record, or a field a record lacks
/// (records get their declared fields, absent ones as `null`, when they are
/// bound). Amazon States Language fails such a run with `States.Runtime`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Missing(pub(crate) String);

/// The value of `expr`.
pub(crate) fn eval(model: &Model, expr: &Expr, bindings: &Bindings) -> Result<Value, Missing> {
    Ok(match &expr.kind {
        ExprKind::Literal(literal) => literal_value(literal),
        ExprKind::Path(path) => {
            let mut value = match path.root {
                PathRoot::Variable(index) => bindings.get(index).cloned().flatten(),
                PathRoot::Symbol {
                    enumeration,
                    symbol,
                } => match &model.type_def(enumeration).kind {
                    TypeKind::Enum { symbols, .. } => symbols
                        .get(symbol)
                        .map(|symbol| Value::String(symbol.name.to_string())),
                    _ => None,
                },
                PathRoot::Unresolved => None,
            };
            for segment in path.segments.iter().skip(1) {
                value = value.and_then(|value| value.get(segment.name.as_str()).cloned());
            }
            value.ok_or_else(|| Missing(path.dotted()))?
        }
        ExprKind::Record(fields) => {
            let mut object = Map::new();
            for field in fields {
                object.insert(field.name.to_string(), eval(model, &field.value, bindings)?);
            }
            Value::Object(object)
        }
        ExprKind::List(items) => Value::Array(
            items
                .iter()
                .map(|item| eval(model, item, bindings))
                .collect::<Result<_, _>>()?,
        ),
        ExprKind::Group(inner) => eval(model, inner, bindings)?,
        ExprKind::Unary(UnaryOp::Not, inner) => {
            Value::Bool(!truthy(&eval(model, inner, bindings)?))
        }
        ExprKind::Unary(UnaryOp::Negate, inner) => match eval(model, inner, bindings)?.as_f64() {
            Some(number) => number_value(-number),
            None => Value::Null,
        },
        ExprKind::Binary(op, left, right) => {
            let left_value = eval(model, left, bindings)?;
            match op {
                BinaryOp::And => {
                    Value::Bool(truthy(&left_value) && truthy(&eval(model, right, bindings)?))
                }
                BinaryOp::Or => {
                    Value::Bool(truthy(&left_value) || truthy(&eval(model, right, bindings)?))
                }
                // `x ?? d`: the default only where the value is absent.
                BinaryOp::Coalesce if left_value.is_null() => eval(model, right, bindings)?,
                BinaryOp::Coalesce => left_value,
                _ => binary(*op, &left_value, &eval(model, right, bindings)?),
            }
        }
    })
}

/// Whether a condition holds: only `true` does.
pub(crate) fn truthy(value: &Value) -> bool {
    value == &Value::Bool(true)
}

fn binary(op: BinaryOp, left: &Value, right: &Value) -> Value {
    let compared = compare(left, right);
    match op {
        BinaryOp::Eq => Value::Bool(compared == Some(Ordering::Equal)),
        BinaryOp::NotEq => Value::Bool(compared != Some(Ordering::Equal)),
        BinaryOp::Less => Value::Bool(compared == Some(Ordering::Less)),
        BinaryOp::LessEq => Value::Bool(matches!(compared, Some(Ordering::Less | Ordering::Equal))),
        BinaryOp::Greater => Value::Bool(compared == Some(Ordering::Greater)),
        BinaryOp::GreaterEq => Value::Bool(matches!(
            compared,
            Some(Ordering::Greater | Ordering::Equal)
        )),
        BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div => {
            match (left.as_f64(), right.as_f64()) {
                (Some(a), Some(b)) => {
                    let result = match op {
                        BinaryOp::Add => a + b,
                        BinaryOp::Sub => a - b,
                        BinaryOp::Mul => a * b,
                        _ if b == 0.0 => return Value::Null,
                        _ => a / b,
                    };
                    number_value(result)
                }
                _ => Value::Null,
            }
        }
        BinaryOp::And | BinaryOp::Or | BinaryOp::Coalesce => Value::Null,
    }
}

/// Orders two values of the same kind; `None` for `null`, a missing value
/// or different kinds (such comparisons are false).
fn compare(left: &Value, right: &Value) -> Option<Ordering> {
    match (left, right) {
        (Value::String(a), Value::String(b)) => Some(a.cmp(b)),
        (Value::Number(a), Value::Number(b)) => a.as_f64()?.partial_cmp(&b.as_f64()?),
        (Value::Bool(a), Value::Bool(b)) => Some(a.cmp(b)),
        _ => None,
    }
}

/// A literal's JSON value.
pub(crate) fn literal_value(literal: &Literal) -> Value {
    match literal {
        Literal::String(text) => Value::String(text.clone()),
        Literal::Number { text, integer } => {
            if *integer {
                if let Ok(number) = text.parse::<i64>() {
                    return Value::Number(number.into());
                }
            }
            text.parse::<f64>().map_or(Value::Null, number_value)
        }
        Literal::Duration(millis) => Value::Number((*millis).into()),
        Literal::Bool(value) => Value::Bool(*value),
        Literal::Null => Value::Null,
    }
}

/// A number as JSON: whole numbers without a fraction.
fn number_value(number: f64) -> Value {
    if number.fract() == 0.0 && number.abs() < 9.0e15 {
        Value::Number((number as i64).into())
    } else {
        Number::from_f64(number).map_or(Value::Null, Value::Number)
    }
}
