//! The template data of `models.rs`: a struct per record, an enum per
//! enum, a type alias per alias, with serde attributes that match the
//! schemas target's JSON Schemas exactly and a `validate()` per record.

use super::layout::{array, assign, call, chain, signature};
use super::names::{bare, doc_lines, pascal_ident, snake_ident, string_literal, Unique};
use super::types::{contains_directly, TypeNames};
use crate::json_schema::{default_value, is_required, Options};
use serde_json::Value;
use weft_model::{Constraints, Field, Model, Record, Type, TypeId, TypeKind};

/// The data of the models template.
pub fn models(model: &Model, names: &TypeNames) -> Value {
    let mut records = Vec::new();
    let mut enums = Vec::new();
    let mut aliases = Vec::new();
    for id in names.ids() {
        let decl = model.type_def(id);
        let name = names.name(id);
        let doc = doc_or(&decl.meta.doc, &format!("`{}`.", decl.name.qualified()), 0);
        match &decl.kind {
            TypeKind::Record(record) => {
                records.push(record_data(model, names, id, record, &name, &doc))
            }
            TypeKind::Enum { symbols, fallback } => {
                let mut scope = Unique::with(&[]);
                let variants: Vec<Value> = symbols
                    .iter()
                    .map(|symbol| {
                        let ident = scope.claim(pascal_ident(&symbol.name, "Symbol"));
                        object!({
                            "ident": ident,
                            "text": string_literal(&symbol.name),
                            "doc": doc_or(&symbol.meta.doc, &format!("`{}`.", symbol.name), 4),
                            "fallback": fallback.as_deref() == Some(symbol.name.as_str()),
                        })
                    })
                    .collect();
                let fallback = variants
                    .iter()
                    .find(|variant| variant["fallback"] == true)
                    .map(|variant| variant["ident"].clone());
                let all: Vec<String> = variants
                    .iter()
                    .map(|variant| format!("{name}::{}", variant["ident"].as_str().unwrap_or("")))
                    .collect();
                enums.push(object!({
                    "all": array(4, &format!("pub const ALL: &'static [{name}] ="), &all, ";"),
                    "read_symbol": call(
                        8,
                        "read_symbol",
                        &["deserializer".to_string(), string_literal(&name), format!("{name}::from_wire")],
                        "",
                    ),
                    "name": name,
                    "doc": doc,
                    "variants": variants,
                    "fallback": fallback,
                }));
            }
            TypeKind::Alias { target, .. } => aliases.push(object!({
                "name": name,
                "doc": doc,
                "target": names.rust(model, target),
            })),
        }
    }
    object!({ "records": records, "enums": enums, "aliases": aliases })
}

/// The variant identifiers of an enum, in symbol order (as [`models`]
/// names them).
pub fn variant_idents(model: &Model, id: TypeId) -> Vec<(String, String)> {
    let mut scope = Unique::with(&[]);
    match &model.type_def(id).kind {
        TypeKind::Enum { symbols, .. } => symbols
            .iter()
            .map(|symbol| {
                (
                    symbol.name.to_string(),
                    scope.claim(pascal_ident(&symbol.name, "Symbol")),
                )
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Doc lines, or `fallback` when the model has no doc comment (every
/// public item is documented).
pub fn doc_or(doc: &str, fallback: &str, indent: usize) -> String {
    let lines = doc_lines(doc, indent);
    if lines.is_empty() {
        doc_lines(fallback, indent)
    } else {
        lines
    }
}

fn record_data(
    model: &Model,
    names: &TypeNames,
    id: TypeId,
    record: &Record,
    name: &str,
    doc: &str,
) -> Value {
    let mut scope = Unique::with(&[]);
    // The field lines are written here, not by the template: they are the
    // bulk of every models.rs (nine of them per record on the benchmark's
    // models), and a handlebars loop over them cost more than the rest of
    // the file.
    let mut fields = String::new();
    let mut defaults = Vec::new();
    let mut checks = Vec::new();
    for field in &record.fields {
        let ident = scope.claim(snake_ident(&field.name));
        let ty = field_type(model, names, &field.ty, id);
        let mut attrs = Vec::new();
        if bare(&ident) != field.name {
            attrs.push(format!("rename = {}", string_literal(&field.name)));
        }
        if !field.aliases.is_empty() {
            for alias in &field.aliases {
                attrs.push(format!("alias = {}", string_literal(alias)));
            }
        }
        if let Some(default) = &*field.default {
            let function = format!("default_{}", bare(&ident));
            attrs.push(format!("default = \"{name}::{function}\""));
            let value = default_value(model, &field.ty, default, &Options::json_schema("#/$defs/"));
            let text = serde_json::to_string(&crate::yaml::to_json(&value)).unwrap_or_default();
            defaults.push(object!({
                "head": signature(4, &format!("fn {function}"), &[], &ty, " {"),
                "body": call(8, "model_default", &[string_literal(&text)], ""),
                "field": string_literal(&field.name),
            }));
        } else if field.ty.is_optional() {
            attrs.push("default".to_string());
        }
        if field.ty.is_optional() {
            attrs.push("skip_serializing_if = \"Option::is_none\"".to_string());
        }
        let mut field_doc = doc_lines(&field.meta.doc, 4);
        if field_doc.is_empty() {
            field_doc = doc_lines(
                &format!(
                    "`{}`{}.",
                    field.name,
                    if is_required(field) {
                        ""
                    } else {
                        " (may be absent)"
                    }
                ),
                4,
            );
        }
        if field.pii {
            field_doc.push_str("    ///\n    /// Personal data (`@pii`).\n");
        }
        checks.push(field_checks(model, field, &ident));
        push_field(&mut fields, &field_doc, &attrs, &ident, &ty);
    }
    // The template ends the last line.
    fields.pop();
    object!({
        "name": name,
        "doc": doc,
        "fields": fields,
        "has_defaults": !defaults.is_empty(),
        "defaults": defaults,
        "checks": checks.join("\n"),
    })
}

/// One field of a record's struct: its doc lines, its serde attribute if
/// it has one, and `pub ident: Type,`, each line ended.
fn push_field(out: &mut String, doc: &str, attrs: &[String], ident: &str, ty: &str) {
    out.push_str(doc);
    if !attrs.is_empty() {
        out.push_str("    #[serde(");
        out.push_str(&attrs.join(", "));
        out.push_str(")]\n");
    }
    out.push_str("    pub ");
    out.push_str(ident);
    out.push_str(": ");
    out.push_str(ty);
    out.push_str(",\n");
}

/// A field's Rust type; boxed where the record contains itself.
fn field_type(model: &Model, names: &TypeNames, ty: &Type, record: TypeId) -> String {
    if contains_directly(model, ty, record) {
        match ty {
            Type::Optional(inner) => format!("Option<Box<{}>>", names.rust(model, inner)),
            other => format!("Box<{}>", names.rust(model, other)),
        }
    } else {
        names.rust(model, ty)
    }
}

/// The statements that check one field inside `validate_into` (`path` is
/// the record's JSON pointer, `out` the violations): the field's own value
/// (records inside it check themselves), then the constraints of the field
/// and of the aliases its type goes through, and a decimal's precision.
fn field_checks(model: &Model, field: &Field, ident: &str) -> String {
    let mut constraints = vec![field.constraints.clone()];
    let mut ty = field.ty.required();
    while let Type::Named(id) = ty {
        match &model.type_def(*id).kind {
            TypeKind::Alias {
                target,
                constraints: own,
            } => {
                constraints.push(own.clone());
                ty = target.required();
            }
            _ => break,
        }
    }
    let mut lines = Vec::new();
    for constraint in &constraints {
        lines.extend(constraint_checks(ty, constraint));
    }
    if let Type::Decimal { precision, scale } = ty {
        lines.push(check(
            "check_decimal",
            "value",
            &[
                precision.to_string(),
                scale.to_string(),
                "None".to_string(),
                "None".to_string(),
            ],
        ));
    }
    let json = string_literal(&field.name);
    let mut out = vec![
        assign(8, "let at", "pointer", &["path".to_string(), json], ";"),
        chain(
            8,
            "",
            "self",
            &[format!(".{ident}"), ".validate_into(&at, out)".to_string()],
            ";",
        ),
    ];
    if lines.is_empty() {
        return out.join("\n");
    }
    let body: Vec<String> = lines
        .iter()
        .map(|(head, args)| call(12, head, args, ";"))
        .collect();
    let body = body.join("\n");
    if field.ty.is_optional() {
        out.push(format!(
            "        if let Some(value) = &self.{ident} {{\n{body}\n        }}"
        ));
    } else {
        out.push(format!(
            "        {{\n            let value = &self.{ident};\n{body}\n        }}"
        ));
    }
    out.join("\n")
}

/// A check: the function and its arguments.
type Check = (&'static str, Vec<String>);

/// Calls `name(out, &at, value, more...)`.
fn check(name: &'static str, value: &str, more: &[String]) -> Check {
    let mut args = vec!["out".to_string(), "&at".to_string(), value.to_string()];
    args.extend_from_slice(more);
    (name, args)
}

fn constraint_checks(ty: &Type, constraints: &Constraints) -> Vec<Check> {
    let mut lines = Vec::new();
    let bound = |value: Option<u64>| match value {
        Some(value) => format!("Some({value})"),
        None => "None".to_string(),
    };
    let has_length = constraints.min_length.is_some() || constraints.max_length.is_some();
    let lengths = [bound(constraints.min_length), bound(constraints.max_length)];
    match ty {
        Type::String => {
            if let Some(pattern) = &constraints.pattern {
                lines.push(check("check_pattern", "value", &[string_literal(pattern)]));
            }
            if has_length {
                lines.push(check("check_length", "value.chars().count()", &lengths));
            }
        }
        Type::Bytes if has_length => {
            lines.push(check("check_length", "value.0.len()", &lengths));
        }
        Type::List(_) | Type::Map(..) if has_length => {
            lines.push(check("check_length", "value.len()", &lengths));
        }
        Type::Int32 | Type::Int64 => {
            let int = |text: &Option<String>| match text.as_deref().map(str::parse::<i64>) {
                Some(Ok(value)) => format!("Some({value})"),
                _ => "None".to_string(),
            };
            if constraints.minimum.is_some() || constraints.maximum.is_some() {
                let value = if matches!(ty, Type::Int32) {
                    "i64::from(*value)"
                } else {
                    "*value"
                };
                lines.push(check(
                    "check_range_i64",
                    value,
                    &[int(&constraints.minimum), int(&constraints.maximum)],
                ));
            }
        }
        Type::Float64 => {
            let float = |text: &Option<String>| match text.as_deref().map(str::parse::<f64>) {
                Some(Ok(value)) if value.is_finite() => format!("Some({value:?})"),
                _ => "None".to_string(),
            };
            if constraints.minimum.is_some() || constraints.maximum.is_some() {
                lines.push(check(
                    "check_range_f64",
                    "*value",
                    &[float(&constraints.minimum), float(&constraints.maximum)],
                ));
            }
        }
        Type::Decimal { precision, scale } => {
            let text = |text: &Option<String>| match text {
                Some(value) => format!("Some({})", string_literal(value)),
                None => "None".to_string(),
            };
            if constraints.minimum.is_some() || constraints.maximum.is_some() {
                lines.push(check(
                    "check_decimal",
                    "value",
                    &[
                        precision.to_string(),
                        scale.to_string(),
                        text(&constraints.minimum),
                        text(&constraints.maximum),
                    ],
                ));
            }
        }
        _ => {}
    }
    lines
}
