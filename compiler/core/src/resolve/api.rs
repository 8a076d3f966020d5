//! APIs and their operations: host, version, base path, security,
//! parameters (each `{name}` in the path has a `path` parameter), bodies,
//! responses and errors with fitting HTTP statuses.

use super::paths;
use super::{duplicate, duplicate_with, meta, Resolver};
use crate::codes;
use crate::model::*;
use std::sync::Arc;
use weft_base::Fix;
use weft_syntax::syntax as ast;
use weft_syntax::{Diagnostic, FileId, Span};
use weft_targets::naming;

/// How many of each listed member an operation has.
#[derive(Default)]
struct MemberCounts {
    params: usize,
    responses: usize,
    errors: usize,
    reads: usize,
    writes: usize,
}

impl Resolver {
    pub(crate) fn api(&mut self, file: FileId, id: ApiId, decl: &ast::ApiDecl) {
        let mut applied = Vec::new();
        // Clauses met so far: a handful, kept on the stack.
        let mut seen: super::Seen<'_> = super::Seen::new();
        let mut operation_spans: Vec<Span> = Vec::new();
        // The base's placeholders are part of every operation's path, so
        // they are known before the operations, wherever `base` is written.
        let base = decl.members.iter().find_map(|member| match member {
            ast::ApiMember::Base(base) => Some(base),
            _ => None,
        });
        let base_placeholders = match base {
            Some(base) => {
                let (placeholders, problems) = paths::check_path(&base.value, base.span, "base");
                self.diagnostics.extend(problems);
                placeholders
            }
            None => Vec::new(),
        };
        let mut routes = paths::Routes::default();
        // Sized once: an operation is a large node, moved at each growth.
        let operations = decl
            .members
            .iter()
            .filter(|member| matches!(member, ast::ApiMember::Operation(_)))
            .count();
        self.model.apis[id.index()]
            .operations
            .reserve_exact(operations);
        for member in &decl.members {
            let (label, span) = match member {
                ast::ApiMember::Host(path) => ("`host`", path.span()),
                ast::ApiMember::Version(version) => ("`version`", version.span),
                ast::ApiMember::Base(base) => ("`base`", base.span),
                ast::ApiMember::Auth(auth) => ("`auth`", auth.span),
                ast::ApiMember::Apply(_) | ast::ApiMember::Operation(_) => ("", Span::default()),
            };
            if !label.is_empty() {
                if let Some((_, first)) = seen.iter().find(|(seen_label, _)| *seen_label == label) {
                    duplicate(&mut self.diagnostics, label, span, *first);
                    continue;
                }
                seen.push((label, span));
            }
            match member {
                ast::ApiMember::Host(path) => {
                    self.model.apis[id.index()].host_span = path.span();
                    self.model.apis[id.index()].host = self.lookup_system(file, path);
                }
                ast::ApiMember::Version(version) => {
                    self.model.apis[id.index()].version = self.semver(version)
                }
                ast::ApiMember::Base(base) => {
                    self.model.apis[id.index()].base = base.value.as_str().to_string()
                }
                ast::ApiMember::Auth(auth) => {
                    self.model.apis[id.index()].auth = self.auth(auth).map(Arc::new)
                }
                ast::ApiMember::Apply(apply) => applied.extend(self.apply_clause(file, apply)),
                ast::ApiMember::Operation(operation) => {
                    let existing = &self.model.api(id).operations;
                    if let Some(index) = existing
                        .iter()
                        .position(|op| op.name == operation.name.text)
                    {
                        let first = operation_spans
                            .get(index)
                            .copied()
                            .unwrap_or(operation.name.span);
                        let what = format!("operation `{}`", operation.name.text);
                        let help =
                            "workflows call operations by name: rename one of them, or remove it";
                        duplicate_with(
                            &mut self.diagnostics,
                            &what,
                            operation.name.span,
                            first,
                            help,
                        );
                        continue;
                    }
                    // Spans are u32 offsets: no file holds more operations.
                    let Some(reference) = OperationRef::new(id, existing.len()) else {
                        continue;
                    };
                    let resolved =
                        self.operation(file, reference, operation, (base, &base_placeholders));
                    let route = routes.add(operation);
                    self.diagnostics.extend(route);
                    self.model.apis[id.index()].operations.push(resolved);
                    operation_spans.push(operation.name.span);
                }
            }
        }
        if !seen.iter().any(|(label, _)| *label == "`host`") {
            self.missing_clause(
                (DeclRef::Api(id), "host"),
                &format!("API `{}`", decl.name.text),
                "hosting system (`host`)",
                decl.name.span,
                "add `host system`: every API is served by one system",
            );
        }
        if !seen.iter().any(|(label, _)| *label == "`version`") {
            self.missing_clause(
                (DeclRef::Api(id), "version"),
                &format!("API `{}`", decl.name.text),
                "version (`version`)",
                decl.name.span,
                "add `version 1.0.0` (semantic versioning: MAJOR.MINOR.PATCH)",
            );
        }
        let api_auth = self.model.api(id).auth.clone();
        for operation in &mut self.model.apis[id.index()].operations {
            if operation.auth.is_none() {
                operation.auth = api_auth.clone();
            }
        }
        self.record_applied(DeclRef::Api(id), applied);
    }

    fn operation(
        &mut self,
        file: FileId,
        reference: OperationRef,
        decl: &ast::Operation,
        base: (Option<&ast::StringLit>, &[&str]),
    ) -> Operation {
        // Each list sized once from the members: most hold one element,
        // which a list grown from empty would keep in room for four (and
        // `shrink_to_fit` would then move).
        let mut counts = MemberCounts::default();
        for member in &decl.members {
            match member {
                ast::OperationMember::Param(_) => counts.params += 1,
                ast::OperationMember::Response(_) => counts.responses += 1,
                ast::OperationMember::Error(_) => counts.errors += 1,
                ast::OperationMember::Reads(_) => counts.reads += 1,
                ast::OperationMember::Writes(_) => counts.writes += 1,
                _ => {}
            }
        }
        let mut operation = Operation {
            name: decl.name.text.to_smol_str(),
            meta: meta(&decl.attributes, decl.name.span),
            // The grammar admits only the methods of `HttpMethod`, so the
            // fallback is never taken.
            method: HttpMethod::parse(&decl.method.text).unwrap_or(HttpMethod::Get),
            path: decl.path.value.clone(),
            params: Vec::with_capacity(counts.params),
            body: None,
            responses: Vec::with_capacity(counts.responses),
            errors: Vec::with_capacity(counts.errors),
            reads: Vec::with_capacity(counts.reads),
            writes: Vec::with_capacity(counts.writes),
            auth: None,
            idempotent: false,
            audited: false,
            paginated: None,
            policies: AppliedPolicies::default(),
        };
        let mut applied = Vec::new();
        let mut statuses: Vec<(u16, Span)> = Vec::new();
        let mut headers: Vec<&ast::Ident> = Vec::new();
        let mut errors: Vec<&ast::Ident> = Vec::new();
        for member in &decl.members {
            match member {
                ast::OperationMember::Param(param) => {
                    let location = match param.location {
                        ast::ParamLocation::Path => ParamIn::Path,
                        ast::ParamLocation::Query => ParamIn::Query,
                        ast::ParamLocation::Header => ParamIn::Header,
                    };
                    if let Some(first) = operation
                        .params
                        .iter()
                        .find(|existing| existing.field.name == param.field.name.text)
                    {
                        let (first, what) = (
                            first.field.name_span,
                            format!("parameter `{}`", param.field.name.text),
                        );
                        let help = "callers pass parameters by name, whether in the path, the query or a header: rename one of them, or remove it";
                        duplicate_with(
                            &mut self.diagnostics,
                            &what,
                            param.field.name.span,
                            first,
                            help,
                        );
                        continue;
                    }
                    if location == ParamIn::Header {
                        // OpenAPI: a header parameter named Accept,
                        // Content-Type or Authorization "SHALL be ignored",
                        // so tools would drop it without a word.
                        let header = naming::http_header(&param.field.name.text);
                        if let Some(reserved) = OPENAPI_IGNORED_HEADERS
                            .iter()
                            .find(|reserved| header.eq_ignore_ascii_case(reserved))
                        {
                            self.diagnostics.push(
                                Diagnostic::error(
                                    codes::INVALID_VALUE,
                                    format!(
                                        "header parameter `{}` is the HTTP header `{reserved}`, which an OpenAPI document cannot declare as a parameter (tools ignore it)",
                                        param.field.name.text
                                    ),
                                    param.field.name.span,
                                    format!("`{reserved}` is not a parameter"),
                                )
                                .with_help("declare credentials with `auth` (`auth oauth2 client_credentials`, `auth api_key header \"X-Api-Key\"`); `Content-Type` follows from the operation's `body` and `Accept` from its responses"),
                            );
                            continue;
                        }
                        // Headers travel as `Request-Source` whatever the
                        // spelling, and HTTP compares them ignoring case.
                        // Most operations have one header at most: the
                        // names are converted only to compare two.
                        let folded = |name: &str| naming::http_header(name).to_ascii_lowercase();
                        let clash = if headers.is_empty() {
                            None
                        } else {
                            let this = folded(&param.field.name.text);
                            headers
                                .iter()
                                .find(|seen: &&&ast::Ident| folded(&seen.text) == this)
                                .copied()
                        };
                        if let Some(first) = clash {
                            let header = naming::http_header(&param.field.name.text);
                            self.diagnostics.push(
                                Diagnostic::error(
                                    codes::CONVERTED_NAME_COLLISION,
                                    format!(
                                        "header parameters `{}` and `{}` are both the HTTP header `{header}`",
                                        first.text, param.field.name.text
                                    ),
                                    param.field.name.span,
                                    format!("also `{header}`"),
                                )
                                .with_label(first.span, "first declared here")
                                .with_help("HTTP header names ignore case and weft writes them as capitalised words: keep one of them, or rename one"),
                            );
                            continue;
                        }
                        headers.push(&param.field.name);
                    }
                    let field = self.resolve_field(file, &param.field);
                    operation.params.push(Parameter { location, field });
                }
                ast::OperationMember::Body(ty) => {
                    self.request_body(&decl.method, operation.method, ty);
                    operation.body = Some(self.resolve_type(file, ty))
                }
                ast::OperationMember::Response(response) => {
                    let status = self.status(&response.status, 200..300, "a success `response` needs a 2xx status, such as 200, 201, 202 or 204; errors are declared with `error`");
                    if let Some((_, first)) = statuses.iter().find(|(seen, _)| *seen == status) {
                        let what = format!("`response {}`", response.status.text);
                        let help = "an operation has one response per status: keep one of them, or give this one another status";
                        duplicate_with(
                            &mut self.diagnostics,
                            &what,
                            response.status.span,
                            *first,
                            help,
                        );
                        continue;
                    }
                    statuses.push((status, response.status.span));
                    if let Some(body) = &response.body {
                        self.response_body(&decl.method, operation.method, status, body);
                    }
                    operation.responses.push(ResponseDef {
                        status,
                        body: response.body.as_ref().map(|ty| self.resolve_type(file, ty)),
                        description: response.description.as_ref().map(|text| text.value.clone()),
                    })
                }
                ast::OperationMember::Error(error) => {
                    let status = self.status(&error.status, 400..600, "an `error` needs a 4xx or 5xx status, such as 404 or 409; successes are declared with `response`");
                    if self.repeated_error(&errors, &error.name) {
                        continue;
                    }
                    errors.push(&error.name);
                    operation.errors.push(ErrorDef {
                        status,
                        name: error.name.text.to_smol_str(),
                        description: error.description.as_ref().map(|text| text.value.clone()),
                    })
                }
                ast::OperationMember::Reads(path) => {
                    operation.reads.extend(self.lookup_entity(file, path))
                }
                ast::OperationMember::Writes(path) => {
                    if let Some(entity) = self.lookup_entity(file, path) {
                        operation.writes.push((entity, path.span()));
                    }
                }
                ast::OperationMember::Auth(auth) => operation.auth = self.auth(auth).map(Arc::new),
                ast::OperationMember::Idempotent(_) => operation.idempotent = true,
                ast::OperationMember::Audited(_) => operation.audited = true,
                ast::OperationMember::Paginated(style) => {
                    operation.paginated = self.one_of("pagination style", style)
                }
                ast::OperationMember::Apply(apply) => {
                    applied.extend(self.apply_clause(file, apply))
                }
            }
        }
        let (placeholders, problems) = paths::check_path(&decl.path.value, decl.path.span, "path");
        self.diagnostics.extend(problems);
        let path_unparsed = self.note_unparsed_members(reference, decl.span);
        self.check_path_params(decl, &operation, base, &placeholders, path_unparsed);
        if !applied.is_empty() {
            // Most operations apply nothing: only those that do are kept.
            self.applied_to_operations.insert(reference, applied);
        }
        operation
    }

    /// The HTTP status, reported when it is outside `allowed`.
    fn status(
        &mut self,
        status: &ast::NumberLit,
        allowed: std::ops::Range<u16>,
        help: &str,
    ) -> u16 {
        let value = status.text.parse::<u16>().unwrap_or(0);
        if !allowed.contains(&value) {
            self.diagnostics.push(
                Diagnostic::error(
                    codes::INVALID_VALUE,
                    format!("HTTP status {} does not fit here", status.text),
                    status.span,
                    if allowed.start >= 400 {
                        "expected 4xx or 5xx".to_string()
                    } else {
                        "expected 2xx".to_string()
                    },
                )
                .with_help(help.to_string()),
            );
        }
        value
    }

    /// A request body where RFC 9110 gives it no meaning (§9.3.1, §9.3.2,
    /// §9.3.5). GET and HEAD are errors: browsers' `fetch` refuses to send
    /// such a body, and proxies and gateways drop it. DELETE only warns:
    /// clients can send it, and some APIs rely on it (batch deletes).
    fn request_body(&mut self, method: &ast::Ident, parsed: HttpMethod, body: &ast::TypeExpr) {
        let message = format!(
            "a {parsed} operation declares a request body, which {parsed} gives no meaning"
        );
        let (diagnostic, help) = match parsed {
            HttpMethod::Get | HttpMethod::Head => (
                Diagnostic::error(
                    codes::REQUEST_BODY_ON_GET,
                    message,
                    body.span(),
                    "request body",
                ),
                if parsed == HttpMethod::Get {
                    "send the input as `query` parameters, or make the operation a POST \
                     (a search that needs a body: `POST \"/orders/search\"`)"
                } else {
                    "send the input as `query` parameters or `header`s"
                },
            ),
            HttpMethod::Delete => (
                Diagnostic::warning(
                    codes::REQUEST_BODY_ON_DELETE,
                    message,
                    body.span(),
                    "request body",
                ),
                "name what to delete with the path and `query` parameters; a request that \
                 needs a body, such as a batch delete, fits a POST \
                 (`POST \"/orders/batch-delete\"`)",
            ),
            _ => return,
        };
        self.diagnostics.push(
            diagnostic
                .with_label(method.span, format!("a {parsed} operation"))
                .with_help(help),
        );
    }

    /// A response body HTTP never sends: a 204 or 205 response has no
    /// content (RFC 9110 §15.3.5, §15.3.6), nor has any response to HEAD
    /// (§9.3.2). 304 has none either, but a `response` is 2xx only. The
    /// body stays in the model, so calls that read it do not cascade; the
    /// error keeps it from every target.
    fn response_body(
        &mut self,
        method: &ast::Ident,
        parsed: HttpMethod,
        status: u16,
        body: &ast::TypeExpr,
    ) {
        let diagnostic = match (status, parsed) {
            (204 | 205, _) => {
                let phrase = if status == 204 {
                    "No Content"
                } else {
                    "Reset Content"
                };
                Diagnostic::error(
                    codes::BODY_NEVER_SENT,
                    format!(
                        "`response {status}` declares a body, but a {status} ({phrase}) \
                         response has no content"
                    ),
                    body.span(),
                    "never sent",
                )
                .with_help(format!(
                    "to send the body, use 200 (`response 200 Type`); otherwise drop the \
                     type (`response {status}`)"
                ))
            }
            // A status outside 2xx is already E313.
            (200..=299, HttpMethod::Head) => Diagnostic::error(
                codes::BODY_NEVER_SENT,
                format!(
                    "`response {status}` declares a body, but a response to HEAD has no content"
                ),
                body.span(),
                "never sent",
            )
            .with_label(method.span, "a HEAD operation")
            .with_help(format!(
                "a response to HEAD carries the headers a GET would, without the content: \
                 drop the type (`response {status}`), and declare the body on a GET operation"
            )),
            _ => return,
        };
        self.diagnostics.push(diagnostic);
    }

    /// Every `{name}` in the base and the path has a `path` parameter, and
    /// vice versa. A parameter that did not parse (`path` alone while it is
    /// typed) may be the one a placeholder needs: its syntax error says it.
    /// A parameter whose name misspells a placeholder that has none
    /// (`path nuber` for `{number}`) is one mistake, reported once at the
    /// parameter with the placeholder's name as its fix.
    fn check_path_params(
        &mut self,
        decl: &ast::Operation,
        operation: &Operation,
        (base, base_placeholders): (Option<&ast::StringLit>, &[&str]),
        placeholders: &[&str],
        path_unparsed: bool,
    ) {
        // One placeholder in the base and in the path again is one name for
        // two segments: a request fills both from one parameter, and
        // OpenAPI allows a template expression once per path.
        if let Some(again) = placeholders
            .iter()
            .find(|name| base_placeholders.contains(name))
        {
            let base = base.map_or("", |base| base.value.as_str());
            self.diagnostics.push(
                Diagnostic::error(
                    codes::INVALID_PATH,
                    format!(
                        "`{{{again}}}` is in the API's base `{base}` and in this path again"
                    ),
                    decl.path.span,
                    format!("`{{{again}}}` again"),
                )
                .with_help(format!(
                    "a placeholder names one segment of the whole path, base and path together: rename this one, such as `{{other_{again}}}`, with a `path` parameter of its own"
                )),
            );
        }
        let everywhere = || base_placeholders.iter().chain(placeholders);
        let mut stray: Vec<&Parameter> = operation
            .params
            .iter()
            .filter(|param| param.location == ParamIn::Path)
            .filter(|param| !everywhere().any(|name| *name == param.field.name))
            .collect();
        for placeholder in everywhere().filter(|_| !path_unparsed) {
            let declared = operation
                .params
                .iter()
                .any(|param| param.location == ParamIn::Path && param.field.name == *placeholder);
            if declared {
                continue;
            }
            let names = stray.iter().map(|param| param.field.name.as_str());
            if let Some(meant) = weft_base::suggest::suggest(placeholder, names) {
                if let Some(at) = stray.iter().position(|param| param.field.name == meant) {
                    let param = stray.remove(at);
                    self.misspelt_path_param(decl, param, placeholder);
                    continue;
                }
            }
            let in_base = !placeholders.contains(placeholder);
            let mut diagnostic = Diagnostic::error(
                codes::MISSING_ARGUMENT,
                format!("the path mentions `{{{placeholder}}}` but no `path {placeholder}` parameter is declared"),
                decl.path.span,
                "in this path",
            );
            if let (true, Some(base)) = (in_base, base) {
                diagnostic = diagnostic.with_label(
                    base.span,
                    format!("`{{{placeholder}}}` is in the API's base"),
                );
            }
            self.diagnostics.push(diagnostic.with_help(format!(
                "add `path {placeholder}: string` (or its real type) to the operation"
            )));
        }
        for param in stray {
            self.diagnostics.push(
                Diagnostic::error(
                    codes::UNKNOWN_MEMBER,
                    format!(
                        "path parameter `{}` does not appear in the path",
                        param.field.name
                    ),
                    param.field.name_span,
                    "not in the path",
                )
                .with_label(decl.path.span, "the path")
                .with_help(format!(
                    "add `{{{}}}` to the path, or make it a `query` parameter",
                    param.field.name
                )),
            );
        }
    }

    /// A `path` parameter named close to the path's `{placeholder}`, which
    /// has no parameter: the parameter is misspelt.
    fn misspelt_path_param(&mut self, decl: &ast::Operation, param: &Parameter, placeholder: &str) {
        let name = &param.field.name;
        self.diagnostics.push(
            Diagnostic::error(
                codes::UNKNOWN_MEMBER,
                format!("path parameter `{name}` does not appear in the path, which mentions `{{{placeholder}}}`"),
                param.field.name_span,
                "not in the path",
            )
            .with_label(decl.path.span, format!("`{{{placeholder}}}` has no parameter"))
            .with_help(format!("did you mean `{placeholder}`?"))
            .with_fix(Fix::replace(param.field.name_span, placeholder)),
        );
    }

    /// Security of an API, operation or policy.
    pub(crate) fn auth(&mut self, auth: &ast::Auth) -> Option<Auth> {
        for scope in &auth.scopes {
            self.scope_key(scope);
        }
        let scheme = self.one_of("authentication scheme", &auth.scheme)?;
        let flow = match &auth.flow {
            Some(flow) => Some(self.one_of("OAuth2 flow", flow)?),
            None => None,
        };
        Some(Auth {
            scheme,
            flow,
            scopes: auth
                .scopes
                .iter()
                .map(|scope| scope.value.as_str().to_string())
                .collect(),
            header: auth
                .header
                .as_ref()
                .map(|header| header.value.as_str().to_string()),
        })
    }

    /// An OAuth scope becomes a key of the OpenAPI documents' `scopes`
    /// maps, where one starting with `$` reads as a JSON Reference or JSON
    /// Schema keyword (`$ref`, `$id`…): refused here, where its string is,
    /// rather than only when `build` writes the documents.
    fn scope_key(&mut self, scope: &ast::StringLit) {
        if !scope.value.starts_with('$') {
            return;
        }
        self.diagnostics.push(
            Diagnostic::error(
                codes::INVALID_VALUE,
                format!("the OAuth scope `{}` starts with `$`", scope.value.escape_debug()),
                scope.span,
                "starts with `$`",
            )
            .with_help("rename the scope: in the OpenAPI documents it is a key of the flow's `scopes`, and tools read a key starting with `$` as a JSON Reference or JSON Schema keyword (`$ref`, `$id`…)"),
        );
    }

    /// Whether an operation's `error` repeats one declared before it, by
    /// name or by the problem type its name gives (`NotFound` and
    /// `not_found` are both `…/not-found`): reported, and the repeat is
    /// left out of the model.
    fn repeated_error(&mut self, earlier: &[&ast::Ident], name: &ast::Ident) -> bool {
        if let Some(first) = earlier.iter().find(|seen| seen.text == name.text) {
            let what = format!("error `{}`", name.text);
            let help =
                "an operation declares each of its errors once: remove one of them, or rename it";
            duplicate_with(&mut self.diagnostics, &what, name.span, first.span, help);
            return true;
        }
        let problem = naming::kebab_case(&name.text);
        let Some(first) = earlier
            .iter()
            .find(|seen| naming::kebab_case(&seen.text) == problem)
        else {
            return false;
        };
        self.diagnostics.push(
            Diagnostic::error(
                codes::CONVERTED_NAME_COLLISION,
                format!(
                    "errors `{}` and `{}` are both the problem type `…/{problem}`",
                    first.text, name.text
                ),
                name.span,
                format!("also `…/{problem}`"),
            )
            .with_label(first.span, "first declared here")
            .with_help(
                "each error is its own problem type, named after the error in kebab case: \
                 keep one of them, or rename one",
            ),
        );
        true
    }
}

/// The headers OpenAPI ignores as parameters ("SHALL be ignored": the
/// request's body, accepted types and credentials say them).
const OPENAPI_IGNORED_HEADERS: [&str; 3] = ["Accept", "Content-Type", "Authorization"];
