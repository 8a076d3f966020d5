//! The template data of one API's module: request and error types per
//! operation, the server trait with its `axum` router (for the host), and
//! the `reqwest` client (for the systems that call it).

use super::layout::{assign, call, chain, if_equals, let_value, owned_literal, signature};
use super::models::doc_or;
use super::names::{bare, pascal_ident, snake_ident, string_literal, Unique};
use super::types::TypeNames;
use crate::naming::http_header;
use serde_json::Value;
use weft_model::{
    ApiId, AppliedPolicy, Auth, AuthScheme, HttpMethod, Model, ParamIn, RetryPolicy, RuleKind, Type,
};

/// The Rust module name of an API (`api_general_ledger`), before a crate
/// numbers the ones two APIs share.
pub fn module(model: &Model, api: ApiId) -> String {
    format!(
        "api_{}",
        snake_ident(&model.api(api).name.name).trim_start_matches("r#")
    )
}

/// The data of the API template: `hosted` adds the server, `called` the
/// client; `problem_types` is where its errors' problem `type` URIs start.
pub fn api_data(
    model: &Model,
    names: &TypeNames,
    api: ApiId,
    hosted: bool,
    called: bool,
    problem_types: &str,
) -> Value {
    let decl = model.api(api);
    let pascal = pascal_ident(&decl.name.name, "Api");
    let mut op_scope = Unique::with(&[
        "new",
        "with_timeout",
        "with_retry",
        "authorize",
        "authenticate",
    ]);
    let mut type_scope = Unique::with(&[]);
    let operations: Vec<Value> = decl
        .operations
        .iter()
        .map(|operation| {
            let ident = op_scope.claim(snake_ident(&operation.name));
            let op_pascal = type_scope.claim(pascal_ident(&operation.name, "Op"));
            let mut field_scope = Unique::with(&["body", "idempotency_key"]);
            let mut path_params = Vec::new();
            let mut query_params = Vec::new();
            let mut header_params = Vec::new();
            for parameter in &operation.params {
                let field = &parameter.field;
                let field_ident = field_scope.claim(snake_ident(&field.name));
                let rename = if bare(&field_ident) == field.name {
                    Value::Null
                } else {
                    Value::String(string_literal(&field.name))
                };
                let data = object!({
                    "ident": field_ident,
                    "ty": names.rust(model, &field.ty),
                    "rename": rename,
                    "optional": field.ty.is_optional(),
                    "doc": doc_or(&field.meta.doc, &format!("`{}`.", field.name), 4),
                    "header": string_literal(&http_header(&field.name).to_lowercase()),
                });
                match parameter.location {
                    ParamIn::Path => path_params.push(data),
                    ParamIn::Query => query_params.push(data),
                    ParamIn::Header => header_params.push(data),
                }
            }
            let route = format!("{}{}", decl.base.trim_end_matches('/'), operation.path);
            let url_pieces = url_pieces(&route, &path_params);
            let (has_path, has_query) = (!path_params.is_empty(), !query_params.is_empty());
            let response = operation.result_type().map(|ty| names.rust(model, ty));
            let status = operation
                .responses
                .iter()
                .map(|response| response.status)
                .min()
                .unwrap_or(200);
            let mut error_scope = Unique::with(&["Other"]);
            let mut function_scope = Unique::with(&["status", "problem", "from_problem"]);
            let mut statuses = std::collections::BTreeSet::new();
            let errors: Vec<Value> = operation
                .errors
                .iter()
                .map(|error| {
                    let variant_fn = function_scope.claim(snake_ident(&error.name));
                    let kind = string_literal(&crate::openapi::problem_type_uri(
                        problem_types,
                        &decl.name.name,
                        &error.name,
                    ));
                    let title =
                        string_literal(error.description.as_deref().unwrap_or(&error.name));
                    object!({
                        "ctor_head": signature(
                            4,
                            &format!("pub fn {variant_fn}"),
                            &["detail: impl Into<String>".to_string()],
                            &format!("{op_pascal}Error"),
                            " {",
                        ),
                        "first_with_status": statuses.insert(error.status),
                        "variant": error_scope.claim(pascal_ident(&error.name, "Error")),
                        "status": error.status,
                        "kind_field": owned_literal(12, "kind: ", &kind, ","),
                        "title_field": owned_literal(12, "title: ", &title, ","),
                        "kind_test": if_equals(8, "problem.kind", &kind),
                        "doc": doc_or(
                            error.description.as_deref().unwrap_or_default(),
                            &format!("`{}`.", error.name),
                            4,
                        ),
                        "name": &*error.name,
                    })
                })
                .collect();
            let auth = auth_data(operation.auth.as_deref());
            // Reads, and writes made safe by an idempotency key, are retried.
            let retried = !operation.method.is_write() || operation.idempotent;
            let body_ty = operation.body.as_ref().map(|ty| names.rust(model, ty));
            let body_validates = operation.body.as_ref().is_some_and(|ty| !matches!(ty, Type::Unknown));
            let handler = format!("handle_{}", bare(&ident));
            let result = format!(
                "{}, {op_pascal}Error",
                response.as_deref().unwrap_or("()")
            );
            let request = vec!["&self".to_string(), format!("request: {op_pascal}Request")];
            let scopes: Vec<String> = auth["scopes"]
                .as_array()
                .map(|scopes| scopes.iter().filter_map(|scope| scope.as_str().map(str::to_string)).collect())
                .unwrap_or_default();
            let url_lines: Vec<Value> = url_pieces
                .iter()
                .map(|piece| match (piece["text"].as_str(), piece["param"].as_str()) {
                    (Some(text), _) => object!({ "line": let_value(16, "url +=", text, ";") }),
                    (None, param) => object!({
                        "line": let_value(
                            16,
                            "url +=",
                            &format!("&encode_segment(&to_text(&request.{}))", param.unwrap_or_default()),
                            ";",
                        ),
                    }),
                })
                .collect();
            object!({
                "from_problem_head": signature(
                    4,
                    "pub fn from_problem",
                    &["status: u16".to_string(), "problem: Problem".to_string()],
                    &format!("{op_pascal}Error"),
                    " {",
                ),
                "trait_head": signature(
                    8,
                    &format!("fn {ident}"),
                    &request,
                    &format!("impl Future<Output = Result<{result}>> + Send"),
                    ";",
                ),
                "client_head": signature(
                    8,
                    &format!("pub async fn {ident}"),
                    &request,
                    &format!(
                        "Result<{}, CallError<{op_pascal}Error>>",
                        response.as_deref().unwrap_or("()")
                    ),
                    " {",
                ),
                "on_call": call(
                    16,
                    "axum::routing::on",
                    &[
                        format!("axum::routing::MethodFilter::{}", method(operation.method)),
                        format!("{handler}::<S>"),
                    ],
                    ",",
                ),
                "operation_line": let_value(8, "let operation =", &string_literal(&operation.name), ";"),
                "call_service": chain(
                    8,
                    "match ",
                    "service",
                    &[format!(".{ident}(request)"), ".await".to_string()],
                    " {",
                ),
                "body_decode": body_ty.as_ref().map(|body| {
                    assign(
                        8,
                        &format!("let body: Result<{body}, _>"),
                        "serde_json::from_slice",
                        &["&body".to_string()],
                        ";",
                    )
                }),
                "authorize": call(
                    20,
                    ".authorize",
                    &["builder".to_string(), format!("&[{}]", scopes.join(", "))],
                    "",
                ),
                "from_problem": assign(
                    16,
                    "let error",
                    &format!("{op_pascal}Error::from_problem"),
                    &["status".to_string(), "problem".to_string()],
                    ";",
                ),
                "handler": handler,
                "ident": ident,
                "pascal": op_pascal,
                "name": string_literal(&operation.name),
                "plain": &*operation.name,
                "doc_top": doc_or(&operation.meta.doc, &format!("`{}`.", operation.name), 0),
                "doc": doc_or(&operation.meta.doc, &format!("`{}`.", operation.name), 8),
                "method": method(operation.method),
                "route": string_literal(&route),
                "url_pieces": url_lines,
                "path_params": path_params,
                "query_params": query_params,
                "header_params": header_params,
                "has_path": has_path,
                "has_query": has_query,
                "body": body_ty,
                "body_validates": body_validates,
                "response": response,
                "status": status,
                "idempotent": operation.idempotent,
                "errors": errors,
                "auth": auth,
                "retried": retried,
                "retry": retry_data(&operation.policies, &decl.policies, model),
            })
        })
        .collect();
    let needs_auth = operations
        .iter()
        .any(|operation| operation["auth"]["kind"] != "none");
    object!({
        "name": &*decl.name.name,
        "qualified": decl.name.qualified(),
        "doc": inner(&doc_or(&decl.meta.doc, &format!("The `{}` API.", decl.name.name), 0)),
        "version": format!("{}.{}.{}", decl.version.0, decl.version.1, decl.version.2),
        "trait_name": format!("{pascal}Service"),
        "client_name": format!("{pascal}Client"),
        "hosted": hosted,
        "called": called,
        "needs_auth": needs_auth,
        "operations": operations,
    })
}

/// `POST`, `GET`, ...: the name of both `axum::routing::MethodFilter`'s
/// and `reqwest::Method`'s constant.
fn method(method: HttpMethod) -> &'static str {
    method.as_str()
}

fn auth_data(auth: Option<&Auth>) -> Value {
    match auth {
        Some(auth) if auth.scheme == AuthScheme::OAuth2 => object!({
            "kind": "oauth2",
            "scopes": auth.scopes.iter().map(|scope| string_literal(scope)).collect::<Vec<_>>(),
        }),
        Some(auth) if auth.scheme == AuthScheme::ApiKey => object!({
            "kind": "api_key",
            "header": string_literal(&auth.header.as_deref().unwrap_or("X-Api-Key").to_lowercase()),
        }),
        _ => object!({ "kind": "none" }),
    }
}

/// The retry policy that applies (the operation's own policies first):
/// the model's, else 3 attempts from 200 ms doubling up to 5 s.
fn retry_data(own: &[AppliedPolicy], api: &[AppliedPolicy], model: &Model) -> Value {
    let found = own.iter().chain(api).find_map(|applied| {
        model
            .policy(applied.policy)
            .rules
            .iter()
            .find_map(|rule| match &rule.kind {
                RuleKind::Retry(retry) => Some(retry.clone()),
                _ => None,
            })
    });
    let retry = found.unwrap_or(RetryPolicy {
        attempts: 3,
        interval_ms: Some(200),
        backoff: Some("2".into()),
        max_interval_ms: Some(5000),
    });
    let factor = retry
        .backoff
        .as_deref()
        .and_then(|text| text.parse::<f32>().ok())
        .filter(|factor| factor.is_finite() && *factor >= 1.0)
        .unwrap_or(2.0);
    let first = retry.interval_ms.unwrap_or(200);
    object!({
        "attempts": retry.attempts,
        "first_ms": first,
        "max_ms": retry.max_interval_ms.unwrap_or(first.max(5000)),
        "factor": format!("{factor:?}"),
    })
}

/// The statements that build a request URL: literal text and encoded path
/// parameters, in order.
fn url_pieces(route: &str, path_params: &[Value]) -> Vec<Value> {
    let mut pieces = Vec::new();
    let mut rest = route;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|close| open + close) else {
            break;
        };
        if open > 0 {
            pieces.push(object!({ "text": string_literal(&rest[..open]) }));
        }
        let name = &rest[open + 1..close];
        let ident = path_params
            .iter()
            .find(|param| {
                param["rename"].as_str().map(|text| text.trim_matches('"')) == Some(name)
                    || param["ident"].as_str().map(bare) == Some(name)
            })
            .map(|param| param["ident"].clone());
        match ident {
            Some(ident) => pieces.push(object!({ "param": ident })),
            None => pieces.push(object!({ "text": string_literal(&rest[open..=close]) })),
        }
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        pieces.push(object!({ "text": string_literal(rest) }));
    }
    pieces
}

/// Doc lines as inner doc lines (`//!`), for a module's own docs.
fn inner(lines: &str) -> String {
    lines
        .lines()
        .map(|line| format!("//!{}\n", line.strip_prefix("///").unwrap_or(line)))
        .collect()
}
