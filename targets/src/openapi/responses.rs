//! An operation's responses: its declared success responses, then every
//! error as an RFC 9457 problem (`application/problem+json` with the shared
//! `Problem` schema).
//!
//! Besides the declared errors, each operation gets the errors every HTTP
//! API can answer and that clients must handle:
//!
//! - `400` when the operation takes input (parameters, a body or an
//!   idempotency key), or when it would otherwise declare no client error at
//!   all: the request does not match this document;
//! - `401` and `403` when it requires authentication;
//! - with an `Idempotency-Key`: `400` (key missing), `409` (a request with
//!   the same key is still being processed) and `422` (the key was used with
//!   a different body), as the IETF draft specifies.
//!
//! Several reasons with one status share one response; its description
//! lists them, and `x-weft-errors` names the declared errors (the names
//! workflows catch).
//!
//! Declared errors are told apart on the wire by their problem `type`: each
//! has its own URI, `<problem_types>/<api>/<error>` (see the settings). The
//! response's schema narrows `type` to the URIs of its reasons
//! (`about:blank` for the generated ones), its description names each URI,
//! and one example per declared error shows the body a client receives.

use super::operation::Scope;
use super::text;
use crate::naming::kebab_case;
use crate::yaml::{strings, Obj};
use std::collections::BTreeMap;
use weft_model::Operation;

/// The component name of the problem schema.
pub(crate) const PROBLEM: &str = "Problem";

/// One reason for an error status.
struct Reason {
    text: String,
    /// The declared error's name; `None` for the generated ones.
    name: Option<String>,
}

/// The problem `type` URI of a declared error.
fn problem_type(scope: &Scope, error: &str) -> String {
    format!("{}/{}", scope.problem_types, kebab_case(error))
}

/// The `responses` object, by status.
pub(crate) fn responses(
    scope: &Scope,
    operation: &Operation,
    authenticated: bool,
    idempotency: bool,
) -> Obj {
    let mut out = Obj::new();
    let mut successes: Vec<_> = operation.responses.iter().collect();
    successes.sort_by_key(|response| response.status);
    for response in successes {
        let description = response
            .description
            .as_deref()
            .and_then(text::description)
            .unwrap_or_else(|| text::reason_phrase(response.status).to_string());
        let mut object = Obj::new().set("description", description);
        if operation.paginated.is_some() && (200..300).contains(&response.status) {
            object.insert(
                "headers",
                Obj::new().set(
                    "Link",
                    Obj::new()
                        .set(
                            "description",
                            "The next page, as `<URL>; rel=\"next\"` (RFC 8288); absent on \
                             the last page.",
                        )
                        .set("schema", Obj::new().set("type", "string")),
                ),
            );
        }
        // A checked model has no body where HTTP sends none (E323: 204,
        // 205, responses to HEAD), so every declared body is written.
        if let Some(body) = &response.body {
            let schema = scope.components.type_schema(body.required());
            object.insert(
                "content",
                Obj::new().set("application/json", Obj::new().set("schema", schema)),
            );
        }
        out.insert(&response.status.to_string(), object);
    }
    if operation.responses.is_empty() {
        out.insert(
            "204",
            Obj::new().set("description", text::reason_phrase(204)),
        );
    }

    let mut errors: BTreeMap<u16, Vec<Reason>> = BTreeMap::new();
    for error in &operation.errors {
        let text = error
            .description
            .as_deref()
            .and_then(text::description)
            .unwrap_or_else(|| text::humanize(&error.name));
        errors.entry(error.status).or_default().push(Reason {
            text,
            name: Some(error.name.to_string()),
        });
    }
    let add = |errors: &mut BTreeMap<u16, Vec<Reason>>, status: u16, text: &str| {
        errors.entry(status).or_default().push(Reason {
            text: text.to_string(),
            name: None,
        });
    };
    let takes_input = !operation.params.is_empty()
        || operation.body.is_some()
        || operation.paginated.is_some()
        || idempotency;
    if idempotency {
        add(&mut errors, 400, "The `Idempotency-Key` header is missing.");
        add(
            &mut errors,
            409,
            "A request with the same `Idempotency-Key` is still being processed; retry later.",
        );
        add(
            &mut errors,
            422,
            "The `Idempotency-Key` was already used for a request with a different body.",
        );
    }
    if takes_input {
        add(&mut errors, 400, "The request does not match this description: a parameter or the body is missing or invalid.");
    }
    if authenticated {
        add(&mut errors, 401, "The request lacks valid credentials.");
        add(
            &mut errors,
            403,
            "The credentials do not allow this operation.",
        );
    }
    if !errors.keys().any(|status| (400..500).contains(status)) {
        add(
            &mut errors,
            400,
            "The request does not match this description.",
        );
    }
    for (status, reasons) in errors {
        let names: Vec<&str> = reasons
            .iter()
            .filter_map(|reason| reason.name.as_deref())
            .collect();
        let with_type = |reason: &Reason| match &reason.name {
            Some(name) => format!(
                "{} (`type`: `{}`)",
                one_line(&reason.text),
                problem_type(scope, name)
            ),
            None => one_line(&reason.text),
        };
        let description = match reasons.as_slice() {
            [reason] if reason.name.is_none() => reason.text.clone(),
            [reason] => with_type(reason),
            _ => reasons
                .iter()
                .map(|reason| format!("- {}", with_type(reason)))
                .collect::<Vec<_>>()
                .join("\n"),
        };
        let reference = Obj::new().set("$ref", format!("#/components/schemas/{PROBLEM}"));
        let mut media = Obj::new();
        if names.is_empty() {
            media.insert("schema", reference);
        } else {
            let mut types: Vec<String> =
                names.iter().map(|name| problem_type(scope, name)).collect();
            if reasons.iter().any(|reason| reason.name.is_none()) {
                types.push("about:blank".to_string());
            }
            media.insert(
                "schema",
                Obj::new().set(
                    "allOf",
                    serde_yaml::Value::Sequence(vec![
                        reference.into_value(),
                        Obj::new()
                            .set(
                                "properties",
                                Obj::new().set("type", Obj::new().set("enum", strings(types))),
                            )
                            .into_value(),
                    ]),
                ),
            );
            let mut examples = Obj::new();
            for reason in &reasons {
                let Some(name) = &reason.name else {
                    continue;
                };
                examples.insert(
                    name,
                    Obj::new().set("summary", one_line(&reason.text)).set(
                        "value",
                        Obj::new()
                            .set("type", problem_type(scope, name))
                            .set("title", text::humanize(name))
                            .set("status", u64::from(status)),
                    ),
                );
            }
            media.insert("examples", examples);
        }
        let mut object = Obj::new()
            .set("description", description)
            .set("content", Obj::new().set("application/problem+json", media));
        if !names.is_empty() {
            object.insert("x-weft-errors", strings(names));
        }
        out.insert(&status.to_string(), object);
    }
    out
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The RFC 9457 problem details schema every error response uses.
pub(crate) fn problem_schema() -> Obj {
    let string = |description: &str| {
        Obj::new()
            .set("type", "string")
            .set("description", description)
    };
    Obj::new()
        .set("type", "object")
        .set(
            "description",
            "Problem details (RFC 9457): what went wrong, for people and programs. \
             Members not listed here may be added.",
        )
        .set(
            "properties",
            Obj::new()
                .set(
                    "type",
                    string(
                        "A URI reference that identifies the problem type; `about:blank` \
                         when the status says everything.",
                    )
                    .set("format", "uri-reference")
                    .set("default", "about:blank"),
                )
                .set(
                    "title",
                    string("A short, human-readable summary of the problem type."),
                )
                .set(
                    "status",
                    Obj::new()
                        .set("type", "integer")
                        .set("format", "int32")
                        .set("description", "The HTTP status code of this occurrence.")
                        .set("minimum", 100)
                        .set("maximum", 599),
                )
                .set(
                    "detail",
                    string("A human-readable explanation of this occurrence."),
                )
                .set(
                    "instance",
                    string("A URI reference that identifies this occurrence.")
                        .set("format", "uri-reference"),
                ),
        )
}
