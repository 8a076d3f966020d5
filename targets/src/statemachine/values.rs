//! Workflow expressions as Amazon States Language (JSONPath) payload
//! templates and Choice rules. What JSONPath cannot compute (arithmetic
//! other than adding two values, `not` or comparisons used as values) is a
//! [`Refusal`], which the target reports as a build error.

use super::homes::{path, Frame, Home};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use weft_base::{calendar, Span};
use weft_model::{
    BinaryOp, Expr, ExprKind, Literal, Model, PathExpr, PathRoot, Type, TypeKind, UnaryOp,
};

/// Something the target cannot express faithfully.
#[derive(Clone, Debug)]
pub(crate) struct Refusal {
    /// Which kind (each has its own code).
    pub(crate) kind: RefusalKind,
    /// What, in words.
    pub(crate) message: String,
    /// Where.
    pub(crate) span: Span,
}

/// The kinds of refusal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RefusalKind {
    /// E850: a value JSONPath cannot compute.
    Value,
    /// E851: a condition Choice rules cannot express.
    Condition,
    /// E852: a structure the target cannot express (compensation across a
    /// loop, ambiguous error status codes, a variable out of reach).
    Structure,
    /// E858: a request header Step Functions does not allow in an HTTP
    /// Task; the refusal's span is the header parameter's declaration,
    /// `sent` the argument that sends it.
    Header { sent: Span },
}

/// Translates expressions at one place of the machine.
pub(crate) struct Values<'a> {
    pub(crate) model: &'a Model,
    pub(crate) homes: &'a BTreeMap<String, Home>,
    pub(crate) variables: &'a [String],
    pub(crate) frames: &'a [Frame],
}

/// A payload value: a constant, or a JSONPath / intrinsic function.
pub(crate) enum Payload {
    /// Written as it is.
    Constant(Value),
    /// Written as `"key.$": "path"`.
    Dynamic(String),
}

impl Values<'_> {
    /// The JSONPath of a path expression, or a refusal.
    pub(crate) fn path_of(&self, path_expr: &PathExpr, span: Span) -> Result<String, Refusal> {
        let PathRoot::Variable(index) = path_expr.root else {
            return Err(Refusal {
                kind: RefusalKind::Value,
                message: format!("`{}` is not a variable", path_expr.dotted()),
                span,
            });
        };
        let name = self.variables.get(index).map(String::as_str).unwrap_or("");
        let fields: Vec<&str> = path_expr
            .segments
            .iter()
            .skip(1)
            .map(|segment| segment.name.as_str())
            .collect();
        path(self.homes, name, &fields, self.frames).ok_or_else(|| Refusal {
            kind: RefusalKind::Structure,
            message: format!(
                "`{}` is bound inside a `for each` body and read outside it",
                path_expr.dotted()
            ),
            span,
        })
    }

    /// The payload value of `expr`.
    pub(crate) fn payload(&self, expr: &Expr) -> Result<Payload, Refusal> {
        match &expr.kind {
            ExprKind::Literal(literal) => Ok(Payload::Constant(literal_value(literal))),
            ExprKind::Group(inner) => self.payload(inner),
            ExprKind::Path(path_expr) => match path_expr.root {
                PathRoot::Symbol {
                    enumeration,
                    symbol,
                } => Ok(Payload::Constant(symbol_value(
                    self.model,
                    enumeration,
                    symbol,
                ))),
                _ => Ok(Payload::Dynamic(self.path_of(path_expr, expr.span)?)),
            },
            ExprKind::Record(fields) => {
                let mut object = Map::new();
                for field in fields {
                    self.insert(&mut object, &field.name, &field.value)?;
                }
                Ok(Payload::Constant(Value::Object(object)))
            }
            ExprKind::List(items) => {
                // Payload templates are evaluated inside arrays' records,
                // not for bare paths: a list holding a path is built with
                // `States.Array` (of paths and plain constants only).
                let mut payloads = Vec::new();
                for item in items {
                    payloads.push((self.payload(item)?, item.span));
                }
                if !payloads
                    .iter()
                    .any(|(payload, _)| matches!(payload, Payload::Dynamic(_)))
                {
                    return Ok(Payload::Constant(Value::Array(
                        payloads
                            .into_iter()
                            .map(|(payload, _)| match payload {
                                Payload::Constant(value) => value,
                                Payload::Dynamic(_) => Value::Null,
                            })
                            .collect(),
                    )));
                }
                let mut arguments = Vec::new();
                for (payload, span) in payloads {
                    match payload {
                        Payload::Dynamic(path) => arguments.push(path),
                        Payload::Constant(value) if !contains_template(&value) => {
                            arguments.push(intrinsic_literal(&value, span)?)
                        }
                        Payload::Constant(_) => {
                            return Err(Refusal {
                                kind: RefusalKind::Value,
                                message: "a list mixing records built from the workflow's data with plain values cannot be written in JSONPath payload templates".to_string(),
                                span,
                            })
                        }
                    }
                }
                Ok(Payload::Dynamic(format!(
                    "States.Array({})",
                    arguments.join(", ")
                )))
            }
            ExprKind::Binary(BinaryOp::Add, left, right) => {
                if !self.is_whole(left) || !self.is_whole(right) {
                    return Err(Refusal {
                        kind: RefusalKind::Value,
                        message: "`+` becomes `States.MathAdd`, which adds whole numbers only: Step Functions rounds any other number to an integer first, and fails on decimals, durations and timestamps, which travel as text".to_string(),
                        span: expr.span,
                    });
                }
                let left = self.operand(left)?;
                let right = self.operand(right)?;
                Ok(Payload::Dynamic(format!("States.MathAdd({left}, {right})")))
            }
            ExprKind::Unary(UnaryOp::Negate, inner) => match &inner.kind {
                ExprKind::Literal(Literal::Number { text, .. }) => {
                    Ok(Payload::Constant(literal_value(&Literal::Number {
                        text: format!("-{text}"),
                        integer: !text.contains('.'),
                    })))
                }
                _ => Err(self.not_computable(expr)),
            },
            _ => Err(self.not_computable(expr)),
        }
    }

    fn not_computable(&self, expr: &Expr) -> Refusal {
        Refusal {
            kind: RefusalKind::Value,
            message: "Amazon States Language (JSONPath) cannot compute this value: it has no multiplication, division, subtraction or boolean operators".to_string(),
            span: expr.span,
        }
    }

    /// An argument of an intrinsic function: a path or a number literal.
    fn operand(&self, expr: &Expr) -> Result<String, Refusal> {
        match self.payload(expr)? {
            Payload::Dynamic(path) => Ok(path),
            Payload::Constant(value @ Value::Number(_)) => Ok(value.to_string()),
            Payload::Constant(_) => Err(self.not_computable(expr)),
        }
    }

    /// `object[name] = expr`, as `name` or `name.$`.
    pub(crate) fn insert(
        &self,
        object: &mut Map<String, Value>,
        name: &str,
        expr: &Expr,
    ) -> Result<(), Refusal> {
        match self.payload(expr)? {
            Payload::Constant(value) => {
                object.insert(name.to_string(), value);
            }
            Payload::Dynamic(path) => {
                object.insert(format!("{name}.$"), Value::String(path));
            }
        }
        Ok(())
    }

    /// A Choice rule for a condition.
    pub(crate) fn rule(&self, condition: &Expr) -> Result<Value, Refusal> {
        match &condition.kind {
            ExprKind::Group(inner) => self.rule(inner),
            ExprKind::Binary(BinaryOp::And, left, right) => {
                Ok(json!({ "And": [self.rule(left)?, self.rule(right)?] }))
            }
            ExprKind::Binary(BinaryOp::Or, left, right) => {
                Ok(json!({ "Or": [self.rule(left)?, self.rule(right)?] }))
            }
            ExprKind::Unary(UnaryOp::Not, inner) => Ok(json!({ "Not": self.rule(inner)? })),
            ExprKind::Path(path_expr) if matches!(path_expr.root, PathRoot::Variable(_)) => {
                let variable = self.path_of(path_expr, condition.span)?;
                Ok(json!({ "Variable": variable, "BooleanEquals": true }))
            }
            ExprKind::Binary(op, left, right) if is_comparison(*op) => {
                self.comparison(*op, left, right, condition.span)
            }
            _ => Err(Refusal {
                kind: RefusalKind::Condition,
                message: "Choice rules cannot test this condition: write comparisons of a value with a constant or another value, joined by `and`, `or` and `not`".to_string(),
                span: condition.span,
            }),
        }
    }

    fn comparison(
        &self,
        op: BinaryOp,
        left: &Expr,
        right: &Expr,
        span: Span,
    ) -> Result<Value, Refusal> {
        let (left, right, op) = match (as_path(left), as_path(right)) {
            (Some(_), _) => (left, right, op),
            (None, Some(_)) => (right, left, flipped(op)),
            (None, None) => {
                return Err(Refusal {
                    kind: RefusalKind::Condition,
                    message: "a Choice rule compares a value of the workflow's data; this compares two constants".to_string(),
                    span,
                })
            }
        };
        let Some(path_expr) = as_path(left) else {
            return Err(Refusal {
                kind: RefusalKind::Condition,
                message: "a Choice rule compares a value of the workflow's data".to_string(),
                span,
            });
        };
        let variable = self.path_of(path_expr, left.span)?;
        let kind = self.kind_of(left).or_else(|| self.kind_of(right));
        let other = match self.payload(right)? {
            Payload::Constant(Value::Null) => {
                let rule = json!({ "Variable": variable, "IsNull": true });
                return match op {
                    BinaryOp::Eq => Ok(rule),
                    BinaryOp::NotEq => Ok(json!({ "Not": rule })),
                    _ => Err(Refusal {
                        kind: RefusalKind::Condition,
                        message: "only `==` and `!=` compare with `null`".to_string(),
                        span,
                    }),
                };
            }
            other => other,
        };
        if let Some(text) = self.sent_as_text(left).or_else(|| self.sent_as_text(right)) {
            return Err(Refusal {
                kind: RefusalKind::Condition,
                message: format!(
                    "{text} travels in the machine's data as text, which a Choice rule compares only letter by letter, not by value"
                ),
                span,
            });
        }
        let Some(kind) = kind else {
            return Err(Refusal {
                kind: RefusalKind::Condition,
                message: "the type of this comparison is not known, so no Choice rule fits it"
                    .to_string(),
                span,
            });
        };
        if let (Some("Timestamp"), Payload::Constant(Value::String(text))) = (Some(kind), &other) {
            if !is_asl_timestamp(text) {
                return Err(Refusal {
                    kind: RefusalKind::Condition,
                    message: format!(
                        "`\"{text}\"` is not a timestamp Choice rules compare with: write it in RFC 3339 with an upper-case `T` and a `Z` or an offset, such as `\"2025-01-01T00:00:00Z\"`"
                    ),
                    span,
                });
            }
        }
        let (operator, negate) = match op {
            BinaryOp::Eq => ("Equals", false),
            BinaryOp::NotEq => ("Equals", true),
            BinaryOp::Less => ("LessThan", false),
            BinaryOp::LessEq => ("LessThanEquals", false),
            BinaryOp::Greater => ("GreaterThan", false),
            _ => ("GreaterThanEquals", false),
        };
        if kind == "Boolean" && operator != "Equals" {
            return Err(Refusal {
                kind: RefusalKind::Condition,
                message: "booleans are compared only with `==` and `!=`".to_string(),
                span,
            });
        }
        let mut rule = Map::new();
        rule.insert("Variable".to_string(), Value::String(variable));
        match other {
            Payload::Constant(value) => {
                rule.insert(format!("{kind}{operator}"), value);
            }
            Payload::Dynamic(path) => {
                rule.insert(format!("{kind}{operator}Path"), Value::String(path));
            }
        }
        let rule = Value::Object(rule);
        Ok(if negate { json!({ "Not": rule }) } else { rule })
    }

    /// Whether `expr` is a whole number `States.MathAdd` adds exactly: an
    /// integer literal, an `int32` or `int64` value, or a sum of them.
    fn is_whole(&self, expr: &Expr) -> bool {
        match &expr.kind {
            ExprKind::Group(inner) | ExprKind::Unary(UnaryOp::Negate, inner) => {
                self.is_whole(inner)
            }
            ExprKind::Literal(Literal::Number { integer, .. }) => *integer,
            ExprKind::Binary(BinaryOp::Add, left, right) => {
                self.is_whole(left) && self.is_whole(right)
            }
            ExprKind::Path(path_expr) if matches!(path_expr.root, PathRoot::Variable(_)) => {
                let Some(field) = path_expr.segments.last().and_then(|segment| segment.field)
                else {
                    return false;
                };
                let TypeKind::Record(record) = &self.model.type_def(field.record).kind else {
                    return false;
                };
                record.fields.get(field.index()).is_some_and(|field| {
                    matches!(
                        self.model.underlying(field.ty.required()),
                        Type::Int32 | Type::Int64
                    )
                })
            }
            _ => false,
        }
    }

    /// What a compared value is when the machine's data carries it as text
    /// that does not compare as its value: a decimal (`"12.50"`, so that no
    /// digit is lost) or a duration (ISO 8601, `"PT1H"`), as the event and
    /// API schemas write them.
    fn sent_as_text(&self, expr: &Expr) -> Option<&'static str> {
        match &expr.kind {
            ExprKind::Group(inner) => self.sent_as_text(inner),
            ExprKind::Path(path_expr) if matches!(path_expr.root, PathRoot::Variable(_)) => {
                let field = path_expr.segments.last()?.field?;
                let TypeKind::Record(record) = &self.model.type_def(field.record).kind else {
                    return None;
                };
                match self.model.underlying(&record.fields.get(field.index())?.ty) {
                    Type::Decimal { .. } => Some("a decimal"),
                    Type::Duration => Some("a duration"),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// "String", "Numeric", "Boolean" or "Timestamp": how a value compares.
    fn kind_of(&self, expr: &Expr) -> Option<&'static str> {
        match &expr.kind {
            ExprKind::Group(inner) => self.kind_of(inner),
            ExprKind::Literal(Literal::String(_)) => Some("String"),
            ExprKind::Literal(Literal::Number { .. } | Literal::Duration(_)) => Some("Numeric"),
            ExprKind::Literal(Literal::Bool(_)) => Some("Boolean"),
            ExprKind::Unary(UnaryOp::Negate, _) => Some("Numeric"),
            ExprKind::Path(path_expr) => match path_expr.root {
                PathRoot::Symbol { .. } => Some("String"),
                PathRoot::Variable(_) => {
                    let field = path_expr.segments.last()?.field?;
                    let TypeKind::Record(record) = &self.model.type_def(field.record).kind else {
                        return None;
                    };
                    let ty = &record.fields.get(field.index())?.ty;
                    type_kind(self.model, ty)
                }
                PathRoot::Unresolved => None,
            },
            _ => None,
        }
    }
}

/// Whether `text` is a timestamp a Choice rule accepts: RFC 3339 with an
/// upper-case `T` between date and time and an upper-case `Z` or a numeric
/// offset (`2025-01-01T06:00:00Z`, `2025-01-01T06:00:00.250+01:00`). The
/// fields and their ranges are weft's reading (`calendar`); Step Functions
/// also refuses the lower-case `z` RFC 3339 and weft allow.
fn is_asl_timestamp(text: &str) -> bool {
    calendar::timestamp(text).is_ok() && !text.ends_with('z')
}

fn type_kind(model: &Model, ty: &Type) -> Option<&'static str> {
    match model.underlying(ty) {
        Type::Bool => Some("Boolean"),
        Type::Int32 | Type::Int64 | Type::Float64 | Type::Decimal { .. } | Type::Duration => {
            Some("Numeric")
        }
        Type::Timestamp(_) => Some("Timestamp"),
        Type::String | Type::Date | Type::Uuid => Some("String"),
        Type::Named(id) => match &model.type_def(*id).kind {
            TypeKind::Enum { .. } => Some("String"),
            _ => None,
        },
        _ => None,
    }
}

fn is_comparison(op: BinaryOp) -> bool {
    matches!(
        op,
        BinaryOp::Eq
            | BinaryOp::NotEq
            | BinaryOp::Less
            | BinaryOp::LessEq
            | BinaryOp::Greater
            | BinaryOp::GreaterEq
    )
}

fn flipped(op: BinaryOp) -> BinaryOp {
    match op {
        BinaryOp::Less => BinaryOp::Greater,
        BinaryOp::LessEq => BinaryOp::GreaterEq,
        BinaryOp::Greater => BinaryOp::Less,
        BinaryOp::GreaterEq => BinaryOp::LessEq,
        other => other,
    }
}

fn as_path(expr: &Expr) -> Option<&PathExpr> {
    match &expr.kind {
        ExprKind::Group(inner) => as_path(inner),
        ExprKind::Path(path_expr) if matches!(path_expr.root, PathRoot::Variable(_)) => {
            Some(path_expr)
        }
        _ => None,
    }
}

/// Whether a constant template holds `key.$` entries.
fn contains_template(value: &Value) -> bool {
    match value {
        Value::Object(object) => object
            .iter()
            .any(|(key, value)| key.ends_with(".$") || contains_template(value)),
        Value::Array(items) => items.iter().any(contains_template),
        _ => false,
    }
}

/// A constant as an intrinsic function's argument (numbers, strings,
/// booleans, null).
fn intrinsic_literal(value: &Value, span: Span) -> Result<String, Refusal> {
    match value {
        Value::String(text) => {
            let mut escaped = String::from("'");
            for c in text.chars() {
                if matches!(c, '\'' | '{' | '}' | '\\') {
                    escaped.push('\\');
                }
                escaped.push(c);
            }
            escaped.push('\'');
            Ok(escaped)
        }
        Value::Number(_) | Value::Bool(_) | Value::Null => Ok(value.to_string()),
        _ => Err(Refusal {
            kind: RefusalKind::Value,
            message: "a list mixing records and the workflow's data cannot be written in JSONPath payload templates".to_string(),
            span,
        }),
    }
}

/// A literal's JSON value (as the simulator computes it).
pub(crate) fn literal_value(literal: &Literal) -> Value {
    match literal {
        Literal::String(text) => Value::String(text.clone()),
        Literal::Number { text, integer } => {
            if *integer {
                if let Ok(number) = text.parse::<i64>() {
                    return Value::Number(number.into());
                }
            }
            text.parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
                .map_or(Value::Null, Value::Number)
        }
        Literal::Duration(millis) => Value::Number((*millis).into()),
        Literal::Bool(value) => Value::Bool(*value),
        Literal::Null => Value::Null,
    }
}

fn symbol_value(model: &Model, enumeration: weft_model::TypeId, symbol: usize) -> Value {
    match &model.type_def(enumeration).kind {
        TypeKind::Enum { symbols, .. } => symbols
            .get(symbol)
            .map_or(Value::Null, |symbol| Value::String(symbol.name.to_string())),
        _ => Value::Null,
    }
}

impl Values<'_> {
    /// The JSONPath of a whole variable (a step's stored result).
    pub(crate) fn path_of_name(&self, name: &str) -> Option<String> {
        path(self.homes, name, &[], self.frames)
    }
}

#[cfg(test)]
mod tests {
    use super::is_asl_timestamp;

    #[test]
    fn timestamps_choice_rules_accept() {
        for text in [
            "2025-01-01T00:00:00Z",
            "2025-01-01T06:30:00.250Z",
            "2025-01-01T06:30:00+01:00",
            "2025-01-01T06:30:00.5-05:30",
            "2024-02-29T23:59:59Z",
        ] {
            assert!(is_asl_timestamp(text), "{text}");
        }
        for text in [
            "2025-01-01",
            "yesterday",
            "2025-01-01t00:00:00Z",
            "2025-01-01T00:00:00z",
            "2025-01-01T00:00:00",
            "2025-01-01T00:00:00.Z",
            "2025-01-01T00:00:00+0100",
            "2025-01-01 00:00:00Z",
            "2025-02-29T00:00:00Z",
            "2025-13-01T00:00:00Z",
            "2025-01-01T24:00:00Z",
            "2025-01-01T23:59:60Z",
            "2025-01-01T00:00:00+24:00",
        ] {
            assert!(!is_asl_timestamp(text), "{text}");
        }
    }
}
