//! Constant values: defaults of fields and parameters, checked against the
//! field's type and constraints.

use super::Resolver;
use crate::codes;
use crate::model::*;
use weft_language::syntax::{Expr, ExprKind, UnaryOp};
use weft_language::Diagnostic;

impl Resolver {
    /// The default as a value, if it fits the type; otherwise reports E306.
    pub(crate) fn default_value(
        &mut self,
        ty: &Type,
        constraints: &Constraints,
        expr: &Expr,
    ) -> Option<Value> {
        match self.constant(ty, expr) {
            Ok(value) => {
                if let Err(problem) = self.satisfies(ty, constraints, &value) {
                    self.default_mismatch(expr, problem);
                    return None;
                }
                Some(value)
            }
            Err(problem) => {
                self.default_mismatch(expr, problem);
                None
            }
        }
    }

    fn default_mismatch(&mut self, expr: &Expr, problem: String) {
        self.diagnostics.push(
            Diagnostic::error(
                codes::DEFAULT_MISMATCH,
                format!("this default does not fit: {problem}"),
                expr.span,
                "default",
            )
            .with_help("give a constant of the field's type, or remove the default"),
        );
    }

    /// Evaluates a constant expression as a value of `ty`.
    fn constant(&self, ty: &Type, expr: &Expr) -> Result<Value, String> {
        if let ExprKind::Null = expr.kind {
            return if ty.is_optional() || *ty == Type::Unknown {
                Ok(Value::Null)
            } else {
                Err("`null` is only allowed for optional fields (`T?`)".into())
            };
        }
        let target = self.underlying(ty.required());
        let type_name = self.type_name(&target);
        match (&target, &expr.kind) {
            (Type::Unknown, _) => Ok(Value::Null),
            (_, ExprKind::Group(inner)) => self.constant(ty, inner),
            (Type::Bool, ExprKind::Bool(value)) => Ok(Value::Bool(*value)),
            (Type::String | Type::Uuid | Type::Bytes, ExprKind::String(text)) => {
                Ok(Value::String(text.value.clone()))
            }
            (Type::Date, ExprKind::String(text)) => {
                if is_date(&text.value) {
                    Ok(Value::String(text.value.clone()))
                } else {
                    Err(format!(
                        "`{}` is not a date such as \"2026-01-31\"",
                        text.value
                    ))
                }
            }
            (Type::Timestamp(_), ExprKind::String(text)) => {
                if text.value.len() >= 20
                    && is_date(&text.value[..10])
                    && text.value.as_bytes().get(10) == Some(&b'T')
                {
                    Ok(Value::String(text.value.clone()))
                } else {
                    Err(format!(
                        "`{}` is not a timestamp such as \"2026-01-31T08:00:00Z\"",
                        text.value
                    ))
                }
            }
            (Type::Duration, ExprKind::Duration(duration)) => Ok(Value::Duration(duration.millis)),
            (Type::Int32 | Type::Int64 | Type::Float64 | Type::Decimal { .. }, _) => {
                self.number(&target, expr).map(Value::Number)
            }
            (Type::List(element), ExprKind::List(items)) => items
                .iter()
                .map(|item| self.constant(element, item))
                .collect::<Result<_, _>>()
                .map(Value::List),
            (Type::Named(id), ExprKind::Path(path)) if path.segments.len() == 1 => {
                match &self.model.type_def(*id).kind {
                    TypeKind::Enum { symbols, .. } => {
                        let symbol = path.dotted();
                        if symbols.iter().any(|candidate| candidate.name == symbol) {
                            Ok(Value::Symbol(symbol))
                        } else {
                            let names: Vec<&str> = symbols
                                .iter()
                                .map(|candidate| candidate.name.as_str())
                                .collect();
                            Err(format!(
                                "`{symbol}` is not a symbol of `{}` ({})",
                                self.model.type_def(*id).name.name,
                                names.join(", ")
                            ))
                        }
                    }
                    _ => Err(format!("expected {type_name}")),
                }
            }
            (Type::Named(id), ExprKind::Record(entries)) => match &self.model.type_def(*id).kind {
                TypeKind::Record(record) => {
                    let mut values = Vec::new();
                    for entry in entries {
                        let field = record.field(&entry.name.text).ok_or_else(|| {
                            format!(
                                "`{}` has no field `{}`",
                                self.model.type_def(*id).name.name,
                                entry.name.text
                            )
                        })?;
                        values.push((
                            entry.name.text.clone(),
                            self.constant(&field.ty, &entry.value)?,
                        ));
                    }
                    Ok(Value::Record(values))
                }
                _ => Err(format!("expected {type_name}")),
            },
            _ => Err(format!("expected {type_name}")),
        }
    }

    fn number(&self, target: &Type, expr: &Expr) -> Result<String, String> {
        let (negative, literal) = match &expr.kind {
            ExprKind::Number(number) => (false, number),
            ExprKind::Unary(UnaryOp::Negate, inner) => match &inner.kind {
                ExprKind::Number(number) => (true, number),
                _ => return Err(format!("expected {}", self.type_name(target))),
            },
            _ => return Err(format!("expected {}", self.type_name(target))),
        };
        let text = if negative {
            format!("-{}", literal.text)
        } else {
            literal.text.clone()
        };
        match target {
            Type::Int32 => text
                .parse::<i32>()
                .map(|_| text.clone())
                .map_err(|_| format!("`{text}` is not an int32")),
            Type::Int64 => text
                .parse::<i64>()
                .map(|_| text.clone())
                .map_err(|_| format!("`{text}` is not an int64")),
            Type::Decimal { precision, scale } => {
                let digits = literal.text.replace('.', "");
                let fraction = literal
                    .text
                    .split_once('.')
                    .map_or(0, |(_, fraction)| fraction.len());
                let integer_digits = digits
                    .trim_start_matches('0')
                    .len()
                    .saturating_sub(fraction);
                if fraction as u32 > *scale || integer_digits as u32 > precision - scale {
                    Err(format!(
                        "`{text}` does not fit decimal({precision}, {scale})"
                    ))
                } else {
                    Ok(text)
                }
            }
            _ => Ok(text),
        }
    }

    /// Checks a constant against constraints.
    fn satisfies(&self, ty: &Type, own: &Constraints, value: &Value) -> Result<(), String> {
        let mut all = vec![own.clone()];
        let mut current = ty.required().clone();
        for _ in 0..64 {
            let Type::Named(id) = current else { break };
            let TypeKind::Alias {
                target,
                constraints,
            } = &self.model.type_def(id).kind
            else {
                break;
            };
            all.push(constraints.clone());
            current = target.required().clone();
        }
        for constraints in &all {
            match value {
                Value::String(text) => {
                    if let Some(pattern) = &constraints.pattern {
                        let matches = regex::Regex::new(pattern)
                            .map(|regex| regex.is_match(text))
                            .unwrap_or(true);
                        if !matches {
                            return Err(format!(
                                "\"{text}\" does not match the pattern `{pattern}`"
                            ));
                        }
                    }
                    let length = text.chars().count() as u64;
                    if constraints.min_length.is_some_and(|min| length < min)
                        || constraints.max_length.is_some_and(|max| length > max)
                    {
                        return Err(format!(
                            "\"{text}\" has {length} characters, outside the allowed length"
                        ));
                    }
                }
                Value::Number(text) => {
                    let number: f64 = text.parse().unwrap_or(0.0);
                    let below = constraints
                        .minimum
                        .as_ref()
                        .and_then(|min| min.parse::<f64>().ok())
                        .is_some_and(|min| number < min);
                    let above = constraints
                        .maximum
                        .as_ref()
                        .and_then(|max| max.parse::<f64>().ok())
                        .is_some_and(|max| number > max);
                    if below || above {
                        return Err(format!("{text} is outside the allowed range"));
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// A type's name for messages.
    pub(crate) fn type_name(&self, ty: &Type) -> String {
        match ty {
            Type::Named(id) => format!("`{}`", self.model.type_def(*id).name.name),
            Type::List(element) => format!("a list of {}", self.type_name(element)),
            Type::Map(_, value) => format!("a map of {}", self.type_name(value)),
            Type::Optional(inner) => format!("{} or null", self.type_name(inner)),
            Type::Unknown => "an unknown type".to_string(),
            other => format!("`{}`", other.primitive_name().unwrap_or_default()),
        }
    }
}

fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(index, byte)| {
            if index == 4 || index == 7 {
                *byte == b'-'
            } else {
                byte.is_ascii_digit()
            }
        })
}
