//! APIs: their clauses, operations, parameters, responses and errors.

use super::expr::quote;
use super::items::flat_apply;
use super::printer::{Blank, Extent, Printer};
use super::types::flat_type;
use crate::syntax::{
    ApiDecl, ApiMember, Auth, Field, Operation, OperationMember, ParamLocation, SemVer,
};

/// `auth oauth2 flow scopes "a", "b"`, `auth api_key header "X"`, `auth none`.
pub(super) fn flat_auth(auth: &Auth) -> String {
    let mut text = format!("auth {}", auth.scheme.text);
    if let Some(flow) = &auth.flow {
        text.push(' ');
        text.push_str(&flow.text);
    }
    if !auth.scopes.is_empty() {
        let scopes: Vec<String> = auth
            .scopes
            .iter()
            .map(|scope| quote(&scope.value))
            .collect();
        text.push_str(" scopes ");
        text.push_str(&scopes.join(", "));
    }
    if let Some(header) = &auth.header {
        text.push_str(" header ");
        text.push_str(&quote(&header.value));
    }
    text
}

impl Printer<'_> {
    fn semver(&self, version: &SemVer) -> String {
        match self.source(version.span) {
            Some(text)
                if text
                    .bytes()
                    .all(|byte| byte.is_ascii_digit() || byte == b'.')
                    && !text.is_empty() =>
            {
                text.to_string()
            }
            _ => format!("{}.{}.{}", version.major, version.minor, version.patch),
        }
    }

    /// `api Name { clauses operations }`.
    pub(super) fn api(&mut self, decl: &ApiDecl, close: u32) {
        self.push("api ");
        self.push(&decl.name.text);
        let header_end = self.after_open_brace(decl.name.span.end);
        let extent = |printer: &Self, member: &ApiMember| match member {
            ApiMember::Host(path) => printer.keyword_extent(path.span()),
            ApiMember::Version(version) => printer.keyword_extent(version.span),
            ApiMember::Base(base) => printer.keyword_extent(base.span),
            ApiMember::Auth(auth) => printer.extent(auth.span),
            ApiMember::Apply(apply) => printer.extent(apply.span),
            ApiMember::Operation(operation) => Extent {
                blank: Blank::Always,
                ..printer.extent(operation.span)
            },
        };
        let print = |printer: &mut Self, member: &ApiMember| {
            let line = match member {
                ApiMember::Host(path) => format!("host {}", path.dotted()),
                ApiMember::Version(version) => format!("version {}", printer.semver(version)),
                ApiMember::Base(base) => format!("base {}", quote(&base.value)),
                ApiMember::Auth(auth) => flat_auth(auth),
                ApiMember::Apply(apply) => flat_apply(apply),
                ApiMember::Operation(operation) => return printer.operation(operation),
            };
            printer.push(&line);
            printer.end_line();
        };
        self.body(header_end, close, &decl.members, extent, print);
        self.end_line();
    }

    fn operation(&mut self, operation: &Operation) {
        let keyword = self.after_attributes(&operation.attributes, operation.span.start);
        self.attributes(&operation.attributes, keyword);
        self.push("operation ");
        self.push(&operation.name.text);
        self.push(" ");
        self.push(&operation.method.text);
        self.push(" ");
        self.push(&quote(&operation.path.value));
        let header_end = self.after_open_brace(operation.path.span.end);
        let close = self.closing_bracket(operation.span.end);
        let extent = |printer: &Self, member: &OperationMember| match member {
            OperationMember::Param(param) => printer.extent(param.span),
            OperationMember::Body(ty) => printer.keyword_extent(ty.span()),
            OperationMember::Response(response) => printer.extent(response.span()),
            OperationMember::Error(error) => printer.extent(error.span),
            OperationMember::Reads(path) | OperationMember::Writes(path) => {
                printer.keyword_extent(path.span())
            }
            OperationMember::Auth(auth) => printer.extent(auth.span),
            OperationMember::Idempotent(span) | OperationMember::Audited(span) => {
                printer.extent(*span)
            }
            OperationMember::Paginated(name) => printer.keyword_extent(name.span),
            OperationMember::Apply(apply) => printer.extent(apply.span),
        };
        self.body(
            header_end,
            close,
            &operation.members,
            extent,
            Printer::operation_member,
        );
        self.end_line();
    }

    fn operation_member(&mut self, member: &OperationMember) {
        let line = match member {
            OperationMember::Param(param) => {
                let location = match param.location {
                    ParamLocation::Path => "path",
                    ParamLocation::Query => "query",
                    ParamLocation::Header => "header",
                };
                return self.param(location, &param.field);
            }
            OperationMember::Body(ty) => format!("body {}", flat_type(ty)),
            OperationMember::Response(response) => {
                let mut line = format!("response {}", response.status.text);
                if let Some(body) = &response.body {
                    line.push(' ');
                    line.push_str(&flat_type(body));
                }
                if let Some(description) = &response.description {
                    line.push(' ');
                    line.push_str(&quote(&description.value));
                }
                line
            }
            OperationMember::Error(error) => {
                let mut line = format!("error {} {}", error.status.text, error.name.text);
                if let Some(description) = &error.description {
                    line.push(' ');
                    line.push_str(&quote(&description.value));
                }
                line
            }
            OperationMember::Reads(path) => format!("reads {}", path.dotted()),
            OperationMember::Writes(path) => format!("writes {}", path.dotted()),
            OperationMember::Auth(auth) => flat_auth(auth),
            OperationMember::Idempotent(_) => "idempotent".to_string(),
            OperationMember::Audited(_) => "audited".to_string(),
            OperationMember::Paginated(name) => format!("paginated {}", name.text),
            OperationMember::Apply(apply) => flat_apply(apply),
        };
        self.push(&line);
        self.end_line();
    }

    /// `query name: Type`, with the parameter's docs and annotations above
    /// it, like a field's.
    fn param(&mut self, location: &str, field: &Field) {
        self.attributes(&field.attributes, field.name.span.start);
        self.push(location);
        self.push(" ");
        self.field_body(field);
        self.end_line();
    }
}
