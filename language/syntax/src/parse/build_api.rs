//! Builds APIs and their operations.

use super::build::{nth, Builder, P};
use super::Rule;
use crate::syntax::*;

impl Builder<'_> {
    pub(crate) fn api(&mut self, pair: P) -> Option<ApiDecl> {
        let mut inner = pair.into_inner().skip(1);
        let name = self.ident(inner.next()?);
        let mut members = ThinVec::new();
        for member in inner {
            let api_member = match member.as_rule() {
                Rule::api_host => ApiMember::Host(self.path(nth(member, 1)?)),
                Rule::api_version => ApiMember::Version(self.semver(nth(member, 1)?)),
                Rule::api_base => ApiMember::Base(self.string(nth(member, 1)?)),
                Rule::auth => ApiMember::Auth(self.auth(member)?),
                Rule::apply => ApiMember::Apply(self.apply(member)),
                Rule::operation => ApiMember::Operation(self.operation(member)?),
                Rule::bad_api_member => {
                    self.bad(member, Rule::api_member_only, "an API clause or operation");
                    continue;
                }
                _ => continue,
            };
            members.push(api_member);
        }
        Some(ApiDecl { name, members })
    }

    fn semver(&self, pair: P) -> SemVer {
        let span = self.span(&pair);
        let mut parts = pair
            .as_str()
            .split('.')
            .map(|part| part.parse().unwrap_or(u64::MAX));
        let mut next = || parts.next().unwrap_or(0);
        SemVer {
            major: next(),
            minor: next(),
            patch: next(),
            span,
        }
    }

    fn operation(&mut self, pair: P) -> Option<Operation> {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let attributes = self.attributes(inner.next()?);
        let name = self.ident(inner.nth(1)?);
        let method = self.ident(inner.next()?);
        let path = self.string(inner.next()?);
        let mut members = ThinVec::new();
        for member in inner {
            let member_span = self.span(&member);
            let operation_member = match member.as_rule() {
                Rule::param => {
                    let mut parts = member.into_inner();
                    let attributes = self.attributes(parts.next()?);
                    let location = match parts.next()?.as_str() {
                        "path" => ParamLocation::Path,
                        "query" => ParamLocation::Query,
                        _ => ParamLocation::Header,
                    };
                    let mut field = self.field(parts.next()?)?;
                    // Docs written above `query name: T` document the field.
                    field.attributes.prepend(attributes);
                    OperationMember::Param(Param {
                        location,
                        field,
                        span: member_span,
                    })
                }
                Rule::operation_body => OperationMember::Body(self.type_expr(nth(member, 1)?)?),
                Rule::response => {
                    let mut parts = member.into_inner().skip(1);
                    let status = self.number(parts.next()?);
                    let mut body = None;
                    let mut description = None;
                    for part in parts {
                        match part.as_rule() {
                            Rule::type_expr => body = Some(self.type_expr(part)?),
                            _ => description = Some(self.string(part)),
                        }
                    }
                    OperationMember::Response(Response::new(status, body, description, member_span))
                }
                Rule::operation_error => {
                    let mut parts = member.into_inner().skip(1);
                    let status = self.number(parts.next()?);
                    let name = self.ident(parts.next()?);
                    let description = parts.next().map(|description| self.string(description));
                    OperationMember::Error(OperationError {
                        status,
                        name,
                        description,
                        span: member_span,
                    })
                }
                Rule::operation_reads => OperationMember::Reads(self.path(nth(member, 1)?)),
                Rule::operation_writes => OperationMember::Writes(self.path(nth(member, 1)?)),
                Rule::auth => OperationMember::Auth(self.auth(member)?),
                Rule::operation_idempotent => OperationMember::Idempotent(member_span),
                Rule::operation_audited => OperationMember::Audited(member_span),
                Rule::operation_paginated => {
                    OperationMember::Paginated(self.ident(nth(member, 1)?))
                }
                Rule::apply => OperationMember::Apply(self.apply(member)),
                Rule::bad_operation_member => {
                    self.bad(member, Rule::operation_member_only, "an operation member");
                    continue;
                }
                _ => continue,
            };
            members.push(operation_member);
        }
        Some(Operation {
            attributes,
            name,
            method,
            path,
            members,
            span,
        })
    }
}
