//! An event's Kafka topic annotations: `@partitions(N)`, `@replicas(N)` and
//! `@topic_config("key", value)` on the event declaration. Here only their
//! shape is read (a whole number, a key and a value); whether the values
//! suit Kafka is decided with the whole topic plan (`weft_targets::kafka`),
//! which knows the defaults and the settings they override.

use super::Resolver;
use crate::codes;
use crate::model::*;
use weft_syntax::syntax as ast;
use weft_syntax::{Diagnostic, Span};

impl Resolver {
    /// Reads the topic annotations of event `id`.
    pub(crate) fn topic_overrides(&mut self, id: EventId, attributes: &ast::Attributes) {
        let mut overrides = TopicOverrides::default();
        for annotation in &attributes.annotations {
            let name = annotation.name.text.as_str();
            match name {
                "partitions" | "replicas" => {
                    let slot = if name == "partitions" {
                        &mut overrides.partitions
                    } else {
                        &mut overrides.replicas
                    };
                    if let Some(first) = slot {
                        let first = first.span;
                        self.diagnostics.push(twice(annotation, first));
                        continue;
                    }
                    match one_whole_number(annotation) {
                        Ok(value) => {
                            *slot = Some(AnnotatedNumber {
                                value,
                                span: annotation.span,
                            })
                        }
                        Err(diagnostic) => self.diagnostics.push(*diagnostic),
                    }
                }
                "topic_config" => match key_and_value(annotation) {
                    Ok((key, value)) => {
                        if let Some(first) = overrides.configs.iter().find(|c| c.key == key) {
                            let first = first.span;
                            self.diagnostics.push(twice(annotation, first));
                            continue;
                        }
                        overrides.configs.push(AnnotatedConfig {
                            key,
                            value,
                            span: annotation.span,
                        });
                    }
                    Err(diagnostic) => self.diagnostics.push(*diagnostic),
                },
                _ => {}
            }
        }
        self.model.events[id.index()].topic = overrides.into();
    }
}

fn twice(annotation: &ast::Annotation, first: Span) -> Diagnostic {
    Diagnostic::error(
        codes::INVALID_TOPIC_ANNOTATION,
        format!("`@{}` is given twice", annotation.name.text),
        annotation.span,
        "given again",
    )
    .with_label(first, "first given here")
    .with_help("keep one; an event's topics have one value per setting")
}

fn malformed(annotation: &ast::Annotation, message: String, help: &str) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::error(
            codes::INVALID_TOPIC_ANNOTATION,
            message,
            annotation.span,
            "invalid arguments",
        )
        .with_help(help),
    )
}

/// `@partitions(12)`: exactly one whole number.
fn one_whole_number(annotation: &ast::Annotation) -> Result<i64, Box<Diagnostic>> {
    let name = &annotation.name.text;
    let help = format!("write one whole number, such as `@{name}(12)`");
    match annotation.args.as_slice() {
        [arg] => whole_number(arg)
            .ok_or_else(|| malformed(annotation, format!("`@{name}` takes a whole number"), &help)),
        _ => Err(malformed(
            annotation,
            format!(
                "`@{name}` takes one argument, not {}",
                annotation.args.len()
            ),
            &help,
        )),
    }
}

/// `@topic_config("max.message.bytes", 2097152)`: a key and its value, a
/// string, a whole number, a boolean or a duration (written as milliseconds,
/// Kafka's unit for every `*.ms` key).
fn key_and_value(annotation: &ast::Annotation) -> Result<(String, String), Box<Diagnostic>> {
    let help = "write the configuration key as a string and its value, such as \
                `@topic_config(\"max.message.bytes\", 2097152)` or \
                `@topic_config(\"segment.ms\", 1h)`";
    let [key, value] = annotation.args.as_slice() else {
        return Err(malformed(
            annotation,
            format!(
                "`@topic_config` takes two arguments (a key and a value), not {}",
                annotation.args.len()
            ),
            help,
        ));
    };
    let ast::ExprKind::String(key) = &key.kind else {
        return Err(malformed(
            annotation,
            "the key of `@topic_config` must be a string".into(),
            help,
        ));
    };
    let value = match &value.kind {
        ast::ExprKind::String(text) => Some(text.value.as_str().to_string()),
        ast::ExprKind::Bool(flag) => Some(flag.to_string()),
        ast::ExprKind::Duration(duration) if duration.millis != u64::MAX => {
            Some(duration.millis.to_string())
        }
        _ => whole_number(value).map(|number| number.to_string()),
    };
    match value {
        Some(value) => Ok((key.value.as_str().to_string(), value)),
        None => Err(malformed(
            annotation,
            format!(
                "the value of `@topic_config(\"{}\", …)` must be a string, a whole number, \
                 `true`, `false` or a duration",
                key.value
            ),
            help,
        )),
    }
}

/// A whole number literal, possibly negative (`-1` for "for ever").
fn whole_number(expr: &ast::Expr) -> Option<i64> {
    match &expr.kind {
        ast::ExprKind::Number(number) => number.text.replace('_', "").parse().ok(),
        ast::ExprKind::Unary(ast::UnaryOp::Negate, inner) => match &inner.kind {
            ast::ExprKind::Number(number) => {
                number.text.replace('_', "").parse::<i64>().ok().map(|n| -n)
            }
            _ => None,
        },
        _ => None,
    }
}
