//! Rules on API operations: `require idempotency` (E601) and `require audit`
//! (E602) on operations that change data, and `auth` (E608) on every
//! operation a policy reaches.

use super::{rules_where, AppliedRule};
use crate::codes;
use crate::model::{
    Api, ApiId, Auth, AuthScheme, Clause, DeclRef, Model, Operation, OperationRef, RuleKind,
};
use weft_base::Diagnostic;

/// Checks every operation of every project API.
pub(super) fn check(model: &Model, diagnostics: &mut Vec<Diagnostic>) {
    for (index, api) in model.apis.iter().enumerate() {
        if api.name.is_std() {
            continue;
        }
        for (at, operation) in api.operations.iter().enumerate() {
            if !operation.is_write() {
                continue;
            }
            // A flag typed halfway (or misspelt) is not reported missing
            // too: its syntax error says what is wrong.
            let reference = OperationRef {
                api: ApiId(index as u32),
                index: at as u32,
            };
            let unparsed = |clause| model.unparsed_in_operation(reference, clause);
            if !unparsed(Clause::Idempotent) {
                idempotency(model, api, operation, diagnostics);
            }
            if !unparsed(Clause::Audited) {
                audit(model, api, operation, diagnostics);
            }
        }
        let auth_unparsed = model.unparsed(DeclRef::Api(ApiId(index as u32)), Clause::Auth);
        auth(model, api, auth_unparsed, diagnostics);
    }
}

/// Why the operation counts as a write, for messages.
fn why_write(model: &Model, operation: &Operation) -> String {
    match operation
        .writes
        .first()
        .and_then(|(entity, _)| model.entities.get(entity.index()))
    {
        Some(entity) => format!("writes `{}`", entity.name.name),
        None => format!("changes data (`{}`)", operation.method),
    }
}

/// E601: a write under `require idempotency` that is not `idempotent`.
fn idempotency(model: &Model, api: &Api, operation: &Operation, out: &mut Vec<Diagnostic>) {
    if operation.idempotent {
        return;
    }
    let rules = rules_where(model, &operation.policies, |kind| {
        matches!(kind, RuleKind::RequireIdempotency)
    });
    let Some(first) = rules.first() else {
        return;
    };
    let mut diagnostic = Diagnostic::error(
        codes::NOT_IDEMPOTENT,
        format!(
            "`{}.{}` {} but is not idempotent, and `{}` requires idempotency",
            api.name.name,
            operation.name,
            why_write(model, operation),
            first.policy_name()
        ),
        operation.meta.span,
        "not idempotent",
    );
    for rule in &rules {
        diagnostic = rule.explain(diagnostic, "requires write operations to be idempotent");
    }
    diagnostic.fix = crate::checks::fixes::add_operation_flag(operation, "idempotent");
    out.push(diagnostic.with_help(format!(
        "add `idempotent` to `{}`, and have {} treat a repeated request with the same \
         idempotency key as a no-op",
        operation.name,
        host_name(model, api)
    )));
}

/// E602: a write under `require audit` that is not `audited`.
fn audit(model: &Model, api: &Api, operation: &Operation, out: &mut Vec<Diagnostic>) {
    if operation.audited {
        return;
    }
    let rules = rules_where(model, &operation.policies, |kind| {
        matches!(kind, RuleKind::RequireAudit)
    });
    let Some(first) = rules.first() else {
        return;
    };
    let mut diagnostic = Diagnostic::error(
        codes::NOT_AUDITED,
        format!(
            "`{}.{}` {} but is not audited, and `{}` requires an audit trail",
            api.name.name,
            operation.name,
            why_write(model, operation),
            first.policy_name()
        ),
        operation.meta.span,
        "not audited",
    );
    for rule in &rules {
        diagnostic = rule.explain(diagnostic, "requires changes to leave an audit trail");
    }
    diagnostic.fix = crate::checks::fixes::add_operation_flag(operation, "audited");
    out.push(diagnostic.with_help(format!(
        "add `audited` to `{}`, and have {} record who changed what and when",
        operation.name,
        host_name(model, api)
    )));
}

/// "the system `ledger`" or "the host".
fn host_name(model: &Model, api: &Api) -> String {
    api.host
        .and_then(|host| model.systems.get(host.index()))
        .map_or_else(
            || "the host".to_string(),
            |system| format!("`{}`", system.name.name),
        )
}

/// E608: an `auth` rule the effective security of an operation does not
/// meet. Operations that inherit the API's security and fall short of the
/// same rule in the same way are reported once, at the API. When the
/// API's own `auth` did not parse (`auth_unparsed`, a syntax error), the
/// operations that inherit it are not judged.
fn auth(model: &Model, api: &Api, auth_unparsed: bool, out: &mut Vec<Diagnostic>) {
    // (rule, problem, operations) in order of first appearance.
    let mut groups: Vec<(AppliedRule<'_>, String, Vec<&Operation>)> = Vec::new();
    for operation in &api.operations {
        let rules = rules_where(model, &operation.policies, |kind| {
            matches!(kind, RuleKind::Auth(_))
        });
        for rule in rules {
            let RuleKind::Auth(required) = &rule.rule.kind else {
                continue;
            };
            let Some(problem) = mismatch(required, operation.auth.as_deref()) else {
                continue;
            };
            let inherited = operation.auth == api.auth;
            if inherited && auth_unparsed {
                continue;
            }
            let group = groups
                .iter_mut()
                .find(|(other, other_problem, operations)| {
                    inherited
                        && other.rule.span == rule.rule.span
                        && other.policy.name == rule.policy.name
                        && *other_problem == problem
                        && operations
                            .first()
                            .is_some_and(|first| first.auth == api.auth)
                });
            match group {
                Some((_, _, operations)) => operations.push(operation),
                None => groups.push((rule, problem, vec![operation])),
            }
        }
    }
    for (rule, problem, operations) in groups {
        let RuleKind::Auth(required) = &rule.rule.kind else {
            continue;
        };
        out.push(match operations.as_slice() {
            [operation] => auth_diagnostic(api, operation, required, &rule, &problem),
            _ => api_auth_diagnostic(api, &operations, required, &rule, &problem),
        });
    }
}

/// How `actual` falls short of `required`, if it does.
fn mismatch(required: &Auth, actual: Option<&Auth>) -> Option<String> {
    let Some(actual) = actual else {
        return (required.scheme != AuthScheme::None)
            .then(|| "declares no authentication".to_string());
    };
    if actual.scheme != required.scheme {
        return Some(format!("authenticates with {}", describe(actual)));
    }
    if let Some(flow) = &required.flow {
        if actual.flow.as_ref() != Some(flow) {
            return Some(format!("authenticates with {}", describe(actual)));
        }
    }
    if let Some(header) = &required.header {
        let same = actual
            .header
            .as_ref()
            .is_some_and(|actual| actual.eq_ignore_ascii_case(header));
        if !same {
            return Some(match &actual.header {
                Some(actual) => format!("takes its API key in header \"{actual}\""),
                None => "names no API key header".to_string(),
            });
        }
    }
    let missing: Vec<String> = required
        .scopes
        .iter()
        .filter(|scope| !actual.scopes.contains(scope))
        .map(|scope| format!("\"{scope}\""))
        .collect();
    if !missing.is_empty() {
        let noun = if missing.len() == 1 {
            "scope"
        } else {
            "scopes"
        };
        return Some(format!("lacks the {noun} {}", missing.join(", ")));
    }
    None
}

/// `oauth2 client_credentials scopes "a"`, as the source writes it.
fn describe(auth: &Auth) -> String {
    let mut text = auth.scheme.as_str().to_string();
    if let Some(flow) = auth.flow {
        text.push(' ');
        text.push_str(flow.as_str());
    }
    if let Some(header) = &auth.header {
        text.push_str(&format!(" header \"{header}\""));
    }
    if !auth.scopes.is_empty() {
        let scopes: Vec<String> = auth
            .scopes
            .iter()
            .map(|scope| format!("\"{scope}\""))
            .collect();
        text.push_str(&format!(" scopes {}", scopes.join(", ")));
    }
    text
}

fn auth_diagnostic(
    api: &Api,
    operation: &Operation,
    required: &Auth,
    rule: &AppliedRule<'_>,
    problem: &str,
) -> Diagnostic {
    let diagnostic = Diagnostic::error(
        codes::AUTH_MISMATCH,
        format!(
            "`{}.{}` {problem}, but `{}` requires `auth {}`",
            api.name.name,
            operation.name,
            rule.policy_name(),
            describe(required)
        ),
        operation.meta.span,
        problem.to_string(),
    );
    let whose = if operation.auth.is_some() && operation.auth == api.auth {
        format!("on the API `{}` (or on the operation)", api.name.name)
    } else {
        "on the operation".to_string()
    };
    rule.explain(diagnostic, "the security it requires")
        .with_help(format!(
            "write `auth {}` {whose}, or stop applying `{}` here",
            suggestion(required, operation.auth.as_deref()),
            rule.policy_name()
        ))
}

/// E608 for several operations that inherit the API's security.
fn api_auth_diagnostic(
    api: &Api,
    operations: &[&Operation],
    required: &Auth,
    rule: &AppliedRule<'_>,
    problem: &str,
) -> Diagnostic {
    let mut diagnostic = Diagnostic::error(
        codes::AUTH_MISMATCH,
        format!(
            "API `{}` {problem}, but `{}` requires `auth {}` for its operations",
            api.name.name,
            rule.policy_name(),
            describe(required)
        ),
        api.name.span,
        problem.to_string(),
    );
    for operation in operations {
        diagnostic = diagnostic.with_label(
            operation.meta.span,
            format!("`{}` inherits this security", operation.name),
        );
    }
    rule.explain(diagnostic, "the security it requires")
        .with_help(format!(
            "write `auth {}` on the API `{}`, or stop applying `{}` here",
            suggestion(required, api.auth.as_deref()),
            api.name.name,
            rule.policy_name()
        ))
}

/// The `auth` clause that meets `required`, keeping the operation's extra scopes.
fn suggestion(required: &Auth, actual: Option<&Auth>) -> String {
    let mut wanted = required.clone();
    if let Some(actual) = actual.filter(|actual| actual.scheme == required.scheme) {
        for scope in &actual.scopes {
            if !wanted.scopes.contains(scope) {
                wanted.scopes.push(scope.clone());
            }
        }
        if wanted.header.is_none() {
            wanted.header = actual.header.clone();
        }
    }
    describe(&wanted)
}

#[cfg(test)]
mod tests {
    use super::{mismatch, Auth, AuthScheme};
    use crate::model::OAuthFlow;

    fn oauth(flow: &str, scopes: &[&str]) -> Auth {
        Auth {
            scheme: AuthScheme::OAuth2,
            flow: OAuthFlow::parse(flow),
            scopes: scopes.iter().map(|scope| scope.to_string()).collect(),
            header: None,
        }
    }

    #[test]
    fn extra_scopes_are_fine_missing_ones_are_not() {
        let required = oauth("client_credentials", &["ledger.post"]);
        assert_eq!(
            mismatch(
                &required,
                Some(&oauth("client_credentials", &["ledger.post", "x"]))
            ),
            None
        );
        assert_eq!(
            mismatch(&required, Some(&oauth("client_credentials", &["x"]))).as_deref(),
            Some("lacks the scope \"ledger.post\"")
        );
    }

    #[test]
    fn no_auth_only_meets_auth_none() {
        let none = Auth {
            scheme: AuthScheme::None,
            flow: None,
            scopes: Vec::new(),
            header: None,
        };
        assert_eq!(mismatch(&none, None), None);
        assert!(mismatch(&oauth("client_credentials", &[]), None).is_some());
    }
}
