//! Secure by default (E610, W611): an API operation that nothing gives any
//! authentication (no `auth` of its own or its API's, no policy with an
//! `auth` rule) would be published with `security: []` as if that had been
//! decided. Operations that change data make it an error, read-only ones a
//! warning. Writing `auth none` is the decision, and silences both.
//!
//! Operations are reported per API, at the API's name, so that one missing
//! clause is one finding.

use crate::codes;
use crate::model::{Api, ApiId, Clause, DeclRef, Model, Operation};
use weft_base::Diagnostic;

/// Runs this check.
pub fn check(model: &Model) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for (index, api) in model.apis.iter().enumerate() {
        // An `auth` that did not parse is reported as a syntax error.
        let auth_unparsed = model.unparsed(DeclRef::Api(ApiId(index as u32)), Clause::Auth);
        if api.name.is_std() || auth_unparsed {
            continue;
        }
        let unauthenticated: Vec<&Operation> = api
            .operations
            .iter()
            .filter(|operation| model.declared_auth(operation).is_none())
            .collect();
        if unauthenticated.is_empty() {
            continue;
        }
        let writes: Vec<&Operation> = unauthenticated
            .iter()
            .copied()
            .filter(|operation| operation.is_write())
            .collect();
        diagnostics.push(if writes.is_empty() {
            read_only(api, &unauthenticated)
        } else {
            writing(api, &writes)
        });
    }
    diagnostics
}

/// E610: operations that change data without authentication.
fn writing(api: &Api, writes: &[&Operation]) -> Diagnostic {
    let names: Vec<String> = writes
        .iter()
        .map(|operation| format!("`{}`", operation.name))
        .collect();
    let mut diagnostic = Diagnostic::error(
        codes::WRITE_WITHOUT_AUTH,
        format!(
            "API `{}` declares no authentication, and {} change{} data",
            api.name.name,
            names.join(", "),
            if writes.len() == 1 { "s" } else { "" }
        ),
        api.name.span,
        "no `auth` here, on its operations or in a policy that applies",
    );
    for operation in writes {
        diagnostic = diagnostic.with_label(
            operation.meta.span,
            format!("`{}` changes data", operation.name),
        );
    }
    diagnostic.with_help(help(api))
}

/// W611: read-only operations without authentication.
fn read_only(api: &Api, operations: &[&Operation]) -> Diagnostic {
    let all = operations.len() == api.operations.len();
    let message = if all {
        format!("API `{}` declares no authentication", api.name.name)
    } else {
        let names: Vec<String> = operations
            .iter()
            .map(|operation| format!("`{}`", operation.name))
            .collect();
        format!(
            "API `{}` declares no authentication for {}",
            api.name.name,
            names.join(", ")
        )
    };
    Diagnostic::warning(
        codes::READ_WITHOUT_AUTH,
        message,
        api.name.span,
        "no `auth` here, on its operations or in a policy that applies",
    )
    .with_help(help(api))
}

fn help(api: &Api) -> String {
    format!(
        "add `auth oauth2 client_credentials scopes \"...\"` or `auth api_key` to `{}` (or apply a policy with an `auth` rule, such as `std.governed_api`); write `auth none` if it is meant to be public",
        api.name.name
    )
}
