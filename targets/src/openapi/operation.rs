//! One weft operation as an OpenAPI operation object: identity and docs,
//! security, parameters, request body and responses.
//!
//! Parameters keep their declaration order; `path` parameters are always
//! required, `query` and `header` parameters are required unless optional or
//! defaulted. Header parameters travel in the header named by
//! [`crate::naming::http_header`] (`request_source` → `Request-Source`).
//! After them come the generated ones:
//!
//! - `cursor` (query, optional) on a `paginated cursor` operation, unless it
//!   declares one: the opaque position to continue from. The next page's
//!   address comes back in a `Link` header with `rel="next"` (RFC 8288) on
//!   the success responses, absent on the last page.
//! - `Idempotency-Key` (header, required) on an operation that is
//!   `idempotent`, or that writes under a policy with `require idempotency`,
//!   as in the IETF draft *The Idempotency-Key HTTP Header Field*
//!   (draft-ietf-httpapi-idempotency-key-header).
//!
//! Operations carry `x-weft-policies` (each applied policy and `via`, the
//! `apply` that brought it in), `x-weft-audited`, `x-weft-reads` and
//! `x-weft-writes` (entities by fully-qualified name).

use super::responses;
use super::schemas::Components;
use super::security::{effective_auth, explicitly_public, SecuritySchemes};
use super::text;
use crate::naming::{camel_case, http_header};
use crate::yaml::{strings, Obj};
use weft_model::{Model, Operation, ParamIn, RuleKind};

/// The component name of the `Idempotency-Key` parameter.
pub(crate) const IDEMPOTENCY_KEY: &str = "IdempotencyKey";

/// What the operation builders share.
pub(crate) struct Scope<'a> {
    /// The model.
    pub(crate) model: &'a Model,
    /// Tags every operation of the API carries.
    pub(crate) tags: Vec<String>,
    /// The document's schemas.
    pub(crate) components: &'a Components<'a>,
    /// The document's security schemes.
    pub(crate) security: &'a SecuritySchemes,
    /// The prefix of this API's problem type URIs: `<base>/<api>`.
    pub(crate) problem_types: String,
}

/// Whether the operation refers to the document's shared `Idempotency-Key`
/// parameter: callers must send one, and the operation does not declare
/// the header itself (its own declaration takes the header's place).
pub(crate) fn refers_to_idempotency_key(model: &Model, operation: &Operation) -> bool {
    needs_idempotency_key(model, operation)
        && !operation.params.iter().any(|parameter| {
            parameter.location == ParamIn::Header
                && http_header(&parameter.field.name).eq_ignore_ascii_case("Idempotency-Key")
        })
}

/// Whether callers must send an `Idempotency-Key`.
pub(crate) fn needs_idempotency_key(model: &Model, operation: &Operation) -> bool {
    operation.idempotent
        || (operation.is_write()
            && operation.policies.iter().any(|applied| {
                model
                    .policy(applied.policy)
                    .rules
                    .iter()
                    .any(|rule| rule.kind == RuleKind::RequireIdempotency)
            }))
}

/// The operation object.
pub(crate) fn operation(scope: &Scope, operation: &Operation) -> Obj {
    let model = scope.model;
    let operation_id = camel_case(&operation.name);
    let summary =
        text::summary(&operation.meta.doc).unwrap_or_else(|| text::humanize(&operation.name));
    let mut description = text::description(&operation.meta.doc);
    if let Some(reason) = &operation.meta.deprecated {
        let note = match reason.trim() {
            "" => "Deprecated.".to_string(),
            reason => format!("Deprecated: {}", text::markdown(reason)),
        };
        description = Some(match description {
            Some(doc) => format!("{doc}\n\n{note}"),
            None => note,
        });
    }
    let auth = effective_auth(model, operation);
    let public = explicitly_public(model, operation);
    if public {
        // `security: []` alone reads like an oversight; say it was decided.
        let note = "Public: no authentication (`auth none`).";
        description = Some(match description {
            Some(doc) => format!("{doc}\n\n{note}"),
            None => note.to_string(),
        });
    }
    let idempotency = needs_idempotency_key(model, operation);

    let mut out = Obj::new()
        .set("tags", strings(&scope.tags))
        .set("summary", summary)
        .maybe("description", description)
        .set("operationId", operation_id);
    if operation.meta.deprecated.is_some() {
        out.insert("deprecated", true);
    }
    out.insert("security", scope.security.requirement(auth));
    if public {
        out.insert("x-weft-auth", "none");
    }
    let parameters = parameters(
        scope,
        operation,
        refers_to_idempotency_key(scope.model, operation),
    );
    if !parameters.is_empty() {
        out.insert("parameters", serde_yaml::Value::Sequence(parameters));
    }
    if let Some(body) = &operation.body {
        let schema = scope.components.type_schema(body.required());
        let mut request = Obj::new();
        if let Some(doc) = scope.components.type_doc(body) {
            request.insert("description", doc);
        }
        request.insert("required", !body.is_optional());
        request.insert(
            "content",
            Obj::new().set("application/json", Obj::new().set("schema", schema)),
        );
        out.insert("requestBody", request);
    }
    out.insert(
        "responses",
        responses::responses(scope, operation, auth.is_some(), idempotency),
    );

    if !operation.policies.is_empty() {
        out.insert(
            "x-weft-policies",
            super::document::policies_extension(model, &operation.policies),
        );
    }
    if operation.audited {
        out.insert("x-weft-audited", true);
    }
    let entity_name = |id| model.entity(id).name.qualified();
    if !operation.reads.is_empty() {
        out.insert(
            "x-weft-reads",
            strings(operation.reads.iter().map(|id| entity_name(*id))),
        );
    }
    if !operation.writes.is_empty() {
        out.insert(
            "x-weft-writes",
            strings(operation.writes.iter().map(|(id, _)| entity_name(*id))),
        );
    }
    out
}

/// Declared parameters, then `cursor` and `Idempotency-Key`.
/// The operation's parameters, and a reference to the shared
/// `Idempotency-Key` parameter when `shared_key`.
fn parameters(scope: &Scope, operation: &Operation, shared_key: bool) -> Vec<serde_yaml::Value> {
    let components = scope.components;
    let mut out = Vec::new();
    for parameter in &operation.params {
        let field = &parameter.field;
        let (location, name, required) = match parameter.location {
            ParamIn::Path => ("path", field.name.to_string(), true),
            ParamIn::Query => ("query", field.name.to_string(), is_required(field)),
            ParamIn::Header => ("header", http_header(&field.name), is_required(field)),
        };
        let mut description =
            text::description(&field.meta.doc).or_else(|| components.type_doc(&field.ty));
        if let Some(reason) = &field.meta.deprecated {
            let note = match reason.trim() {
                "" => "Deprecated.".to_string(),
                reason => format!("Deprecated: {}", text::markdown(reason)),
            };
            description = Some(match description {
                Some(doc) => format!("{doc}\n\n{note}"),
                None => note,
            });
        }
        let mut object = Obj::new()
            .set("name", name)
            .set("in", location)
            .maybe("description", description)
            .set("required", required);
        if field.meta.deprecated.is_some() {
            object.insert("deprecated", true);
        }
        object.insert("schema", components.parameter_schema(field));
        if field.pii() {
            object.insert("x-weft-pii", true);
        }
        out.push(object.into_value());
    }
    let declares = |location: ParamIn, name: &str| {
        operation.params.iter().any(|parameter| {
            parameter.location == location
                && match location {
                    ParamIn::Header => {
                        http_header(&parameter.field.name).eq_ignore_ascii_case(name)
                    }
                    _ => parameter.field.name == name,
                }
        })
    };
    if operation.paginated.is_some() && !declares(ParamIn::Query, "cursor") {
        out.push(
            Obj::new()
                .set("name", "cursor")
                .set("in", "query")
                .set(
                    "description",
                    "Where to continue: the `cursor` of the previous response's `Link` \
                     header with `rel=\"next\"`. Leave it out for the first page.",
                )
                .set("required", false)
                .set(
                    "schema",
                    Obj::new().set("type", "string").set("minLength", 1),
                )
                .into_value(),
        );
    }
    if shared_key {
        out.push(
            Obj::new()
                .set("$ref", format!("#/components/parameters/{IDEMPOTENCY_KEY}"))
                .into_value(),
        );
    }
    out
}

/// Whether a query or header parameter must be sent.
fn is_required(field: &weft_model::Field) -> bool {
    !field.ty.is_optional() && field.default().is_none()
}

/// The shared `Idempotency-Key` header parameter.
pub(crate) fn idempotency_key_parameter() -> Obj {
    Obj::new()
        .set("name", "Idempotency-Key")
        .set("in", "header")
        .set(
            "description",
            "A unique key the client chooses for this request, such as a UUID \
             (draft-ietf-httpapi-idempotency-key-header). Sending the request again with \
             the same key and the same body has no further effect and returns the first \
             response; the same key with a different body is refused with 422, and while \
             the first request is still being processed a retry gets 409.",
        )
        .set("required", true)
        .set(
            "schema",
            Obj::new()
                .set("type", "string")
                .set("minLength", 1)
                .set("maxLength", 255),
        )
}
