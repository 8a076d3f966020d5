//! HTTP paths of APIs and operations: each is checked against RFC 3986
//! (the characters a path may hold) and the template rules of OpenAPI
//! (balanced, named `{placeholders}`, each at most once), and no two
//! operations of an API may answer the same request, since an HTTP router
//! and an OpenAPI document keep only one of them.

use crate::codes;
use weft_syntax::syntax as ast;
use weft_syntax::{Diagnostic, Span};
use weft_targets::naming;

/// Checks a path template (`what` is `path` or `base`) and gives its
/// placeholders in order, with what is wrong with it.
pub(crate) fn check_path<'t>(
    text: &'t str,
    span: Span,
    what: &str,
) -> (Vec<&'t str>, Vec<Diagnostic>) {
    let mut placeholders: Vec<&str> = Vec::new();
    let mut problems = Vec::new();
    let mut report = |message: String, help: &str| {
        problems.push(
            Diagnostic::error(codes::INVALID_PATH, message, span, format!("this {what}"))
                .with_help(help.to_string()),
        );
    };
    // An empty base means "no base"; an operation path is never empty.
    if what == "base" && text.is_empty() {
        return (placeholders, problems);
    }
    if !text.starts_with('/') {
        report(
            format!("the {what} `{text}` does not start with `/`"),
            "write the path from the root, such as \"/orders\"",
        );
    }
    if let Some(position) = text.find(['?', '#']) {
        let (part, help) = if text[position..].starts_with('?') {
            (
                "a query (`?`)",
                "remove it: declare `query` parameters for the query string",
            )
        } else {
            (
                "a fragment (`#`)",
                "remove it: a fragment is never sent to the server",
            )
        };
        report(
            format!("the {what} `{text}` holds {part}, which is not part of a path"),
            help,
        );
        return (placeholders, problems);
    }
    // Where the placeholder being read starts (just after its `{`).
    let mut name: Option<usize> = None;
    for (index, c) in text.char_indices() {
        if let Some(start) = name {
            match c {
                '}' => {
                    let complete = &text[start..index];
                    name = None;
                    if !is_identifier(complete) {
                        report(
                            format!(
                                "`{{{complete}}}` in the {what} `{text}` is not a parameter name"
                            ),
                            "name the parameter with letters, digits and `_`, such as `{number}`",
                        );
                    } else if placeholders.contains(&complete) {
                        report(
                            format!("`{{{complete}}}` appears twice in the {what} `{text}`"),
                            "each path parameter appears once: rename one of them",
                        );
                    } else {
                        placeholders.push(complete);
                    }
                }
                '{' => {
                    report(
                        format!("the {what} `{text}` nests `{{` inside a placeholder"),
                        "close each `{name}` before opening the next",
                    );
                    return (placeholders, problems);
                }
                _ => {}
            }
            continue;
        }
        match c {
            '{' => name = Some(index + 1),
            '}' => {
                report(
                    format!("the {what} `{text}` closes a `}}` that was not opened"),
                    "write placeholders as `{name}`",
                );
                return (placeholders, problems);
            }
            '%' => {
                let hex = text
                    .get(index + 1..index + 3)
                    .is_some_and(|digits| digits.chars().all(|d| d.is_ascii_hexdigit()));
                if !hex {
                    report(
                        format!("`%` in the {what} `{text}` is not followed by two hex digits"),
                        "percent-encode characters as `%` and two hex digits, such as `%20`",
                    );
                    return (placeholders, problems);
                }
            }
            _ if is_path_char(c) => {}
            _ => {
                report(
                    format!(
                        "the {what} `{text}` holds {}, which a URL path cannot hold",
                        describe(c)
                    ),
                    "percent-encode it (a space is `%20`), or remove it",
                );
                return (placeholders, problems);
            }
        }
    }
    if name.is_some() {
        report(
            format!("the {what} `{text}` opens a `{{` that is not closed"),
            "write placeholders as `{name}`",
        );
    }
    (placeholders, problems)
}

/// RFC 3986 `pchar` and the `/` separator, less `%` (checked with its
/// digits): unreserved, sub-delims, `:` and `@`.
fn is_path_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/".contains(c)
}

fn describe(c: char) -> String {
    match c {
        ' ' => "a space".to_string(),
        _ if c.is_control() => format!("the control character U+{:04X}", u32::from(c)),
        _ => format!("`{c}`"),
    }
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The routes and operation ids of one API so far. Routes are compared
/// in place (method ignoring case, path without its placeholders' names),
/// so an operation adds no string for them.
#[derive(Default)]
pub(crate) struct Routes<'a> {
    /// The operations with a route of their own so far.
    routes: Vec<&'a ast::Operation>,
    /// Operation ids (names in camelCase), with the operation.
    ids: Vec<(String, &'a ast::Operation)>,
}

impl<'a> Routes<'a> {
    /// Adds an operation, reporting a route or an operation id that an
    /// earlier operation has.
    pub(crate) fn add(&mut self, operation: &'a ast::Operation) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let name = &operation.name.text;
        if let Some(first) = self.routes.iter().find(|seen| same_route(seen, operation)) {
            let (first, span) = (&first.name.text, first.path.span);
            problems.push(
                Diagnostic::error(
                    codes::DUPLICATE_ROUTE,
                    format!(
                        "operations `{first}` and `{name}` both answer `{} {}`",
                        operation.method.text, operation.path.value
                    ),
                    operation.path.span,
                    "the same method and path again",
                )
                .with_label(span, format!("`{first}` answers it"))
                .with_help("a request reaches one operation: give one of them another path or method, or remove it (paths that differ only in parameter names match the same requests)"),
            );
        } else {
            if let Some(first) = self
                .routes
                .iter()
                .find(|seen| spelt_otherwise(seen, operation))
            {
                // OpenAPI: templated paths of one shape with other parameter
                // names must not both exist, whatever their methods.
                let (first_name, span) = (&first.name.text, first.path.span);
                problems.push(
                    Diagnostic::error(
                        codes::DUPLICATE_ROUTE,
                        format!(
                            "operations `{first_name}` and `{name}` spell one path two ways: `{}` and `{}`",
                            first.path.value, operation.path.value
                        ),
                        operation.path.span,
                        "the same path with other parameter names",
                    )
                    .with_label(span, format!("`{first_name}` spells it so"))
                    .with_help(format!(
                        "name the parameters as `{first_name}` does: an OpenAPI document keeps one path per shape, and paths that differ only in parameter names are the same path"
                    )),
                );
            }
            self.routes.push(operation);
        }
        let id = naming::camel_case(name);
        if let Some((_, first)) = self.ids.iter().find(|(seen, _)| *seen == id) {
            let (first, span) = (&first.name.text, first.name.span);
            problems.push(
                Diagnostic::error(
                    codes::CONVERTED_NAME_COLLISION,
                    format!("operations `{first}` and `{name}` have the same operation id `{id}`"),
                    operation.name.span,
                    format!("also `{id}`"),
                )
                .with_label(span, "first declared here")
                .with_help("operation ids are the names in camelCase: rename one of them"),
            );
        } else {
            self.ids.push((id, operation));
        }
        problems
    }
}

/// Whether two operations answer the same requests: the same method (as
/// HTTP compares it, upper-cased) and the same path once each
/// placeholder's name is removed (`/a/{x}` and `/a/{y}`).
fn same_route(a: &ast::Operation, b: &ast::Operation) -> bool {
    a.method.text.eq_ignore_ascii_case(&b.method.text)
        && unnamed(&a.path.value).eq(unnamed(&b.path.value))
}

/// Whether two operations' paths have one shape but other parameter names
/// (`/a/{x}` and `/a/{y}`), whatever their methods.
fn spelt_otherwise(a: &ast::Operation, b: &ast::Operation) -> bool {
    a.path.value != b.path.value && unnamed(&a.path.value).eq(unnamed(&b.path.value))
}

/// The path's characters with each placeholder's name left out: `/a/{x}`
/// → `/a/{}`.
fn unnamed(path: &str) -> impl Iterator<Item = char> + '_ {
    let mut inside = false;
    path.chars().filter(move |c| match c {
        '{' => {
            inside = true;
            true
        }
        '}' => {
            inside = false;
            true
        }
        _ => !inside,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> usize {
        check_path(text, Span::default(), "path").1.len()
    }

    #[test]
    fn valid_paths() {
        for path in [
            "/",
            "/orders",
            "/orders/{number}/lines/{line}",
            "/a-b_c.d~e/%20/@x:y;z=1,2+3*'()!$&",
        ] {
            assert_eq!(problems(path), 0, "{path}");
        }
        assert_eq!(
            check_path("/a/{x}/b/{y_2}", Span::default(), "path").0,
            ["x", "y_2"]
        );
    }

    #[test]
    fn invalid_paths() {
        for path in [
            "orders",
            "/orders?status=open",
            "/orders#top",
            "/or ders",
            "/a\nb",
            "/a/{x",
            "/a/x}",
            "/a/{{x}}",
            "/a/{}",
            "/a/{1x}",
            "/a/{x}/{x}",
            "/a%2",
            "/a<b>",
            "/a\\b",
        ] {
            assert!(problems(path) > 0, "{path:?}");
        }
    }

    #[test]
    fn routes_ignore_parameter_names() {
        assert_eq!(unnamed("/a/{x}/b/{y}").collect::<String>(), "/a/{}/b/{}");
    }
}
