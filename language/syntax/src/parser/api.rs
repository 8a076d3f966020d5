//! APIs, their operations, and policies (which share `auth` and `retry`).

use super::items::Attrs;
use super::{exact, smallvec, Expected, Fail, PResult, Parser, SmallVec};
use crate::keywords::{self, OPERATION_MEMBERS};
use crate::lexer::TokenKind;
use crate::syntax::*;

impl Parser<'_> {
    /// `api_decl = { kw_api ~ ident ~ "{" ~ (api_member | bad_api_member)* ~ "}" }`
    /// with `api_member = _{ api_host | api_version | api_base | auth | apply | operation }`.
    pub(crate) fn api_decl(&mut self) -> PResult<ApiDecl> {
        const WHAT: &str = "an API clause or operation";
        self.keyword("api")?;
        let name = self.ident()?;
        let mut members = SmallVec::<[_; 8]>::new();
        self.body(WHAT, &[keywords::API_CLAUSES], |parser, attrs| {
            let word = parser.word();
            if word == Some("operation") {
                members.push(ApiMember::Operation(parser.operation(attrs)?));
                return Ok(());
            }
            parser.no_attributes(&attrs);
            // Each keyword's arm steps over it (`auth` and `apply` read
            // their own).
            let member = match word {
                Some("host") => ApiMember::Host(parser.past_keyword().path()?),
                Some("version") => ApiMember::Version(parser.past_keyword().semver()?),
                Some("base") => ApiMember::Base(parser.past_keyword().string()?),
                Some("auth") => ApiMember::Auth(parser.auth()?),
                Some("apply") => ApiMember::Apply(parser.apply()?),
                _ => return parser.fail_member(WHAT),
            };
            members.push(member);
            Ok(())
        })?;
        Ok(ApiDecl {
            name,
            members: exact(&mut members),
        })
    }

    /// `auth = { kw_auth ~ (auth_oauth2 | auth_api_key | auth_none) }` with
    /// `auth_oauth2 = { kw_oauth2 ~ ident ~ (kw_scopes ~ string ~ ("," ~ string)*)? }`,
    /// `auth_api_key = { kw_api_key ~ (kw_header ~ string)? }`,
    /// `auth_none = { kw_none }`.
    pub(crate) fn auth(&mut self) -> PResult<Auth> {
        let start = self.keyword("auth")?.start();
        let Some(token) = self.peek() else {
            self.record(Expected::Keyword("oauth2"));
            self.record(Expected::Keyword("api_key"));
            return self.fail(Expected::Keyword("none"));
        };
        let mut auth = Auth {
            scheme: self.ident_of(token),
            flow: None,
            scopes: ThinVec::new(),
            header: None,
            span: self.span(start, token.end()),
        };
        if self.eat_keyword("oauth2").is_some() {
            auth.flow = Some(self.ident()?);
            if self.at_word("scopes")
                && self
                    .peek_at(1)
                    .is_some_and(|next| next.kind == TokenKind::String)
            {
                self.pos += 1;
                let mut scopes: SmallVec<[_; 2]> = smallvec![self.string()?];
                while self.at(TokenKind::Comma) {
                    let save = self.pos;
                    self.pos += 1;
                    match self.string() {
                        Ok(scope) => scopes.push(scope),
                        Err(Fail) => {
                            self.pos = save;
                            break;
                        }
                    }
                }
                auth.scopes = exact(&mut scopes);
            } else {
                self.record(Expected::Keyword("scopes"));
            }
        } else if self.eat_keyword("api_key").is_some() {
            if self.at_word("header")
                && self
                    .peek_at(1)
                    .is_some_and(|next| next.kind == TokenKind::String)
            {
                self.pos += 1;
                auth.header = Some(self.string()?);
            } else {
                self.record(Expected::Keyword("header"));
            }
        } else if self.eat_keyword("none").is_none() {
            self.record(Expected::Keyword("oauth2"));
            self.record(Expected::Keyword("api_key"));
            return Err(Fail);
        }
        auth.span = self.span(start, self.last_end());
        Ok(auth)
    }

    /// `operation = { attributes ~ kw_operation ~ ident ~ http_method ~ string ~ "{" ~
    /// (operation_member | bad_operation_member)* ~ "}" }`
    fn operation(&mut self, attrs: Attrs) -> PResult<Operation> {
        const WHAT: &str = "an operation member";
        self.keyword("operation")?;
        let name = self.ident()?;
        let method = self.http_method()?;
        let path = self.string()?;
        let mut members = SmallVec::<[_; 8]>::new();
        self.body(WHAT, &[OPERATION_MEMBERS], |parser, attrs| {
            members.push(parser.operation_member(attrs, WHAT)?);
            Ok(())
        })?;
        let span = self.member_span(&attrs);
        Ok(Operation {
            attributes: attrs.attributes,
            name,
            method,
            path,
            members: exact(&mut members),
            span,
        })
    }

    /// `operation_member = _{ param | operation_body | response |
    /// operation_error | operation_reads | operation_writes | auth |
    /// operation_idempotent | operation_audited | operation_paginated | apply }`
    fn operation_member(&mut self, attrs: Attrs, what: &'static str) -> PResult<OperationMember> {
        let word = self.word();
        let location = match word {
            Some("path") => Some(ParamLocation::Path),
            Some("query") => Some(ParamLocation::Query),
            Some("header") => Some(ParamLocation::Header),
            _ => None,
        };
        if let Some(location) = location {
            return Ok(OperationMember::Param(self.param(attrs, location)?));
        }
        self.no_attributes(&attrs);
        let start = self.here();
        // Each arm steps over its keyword (`auth` and `apply` read their
        // own).
        let member = match word {
            Some("body") => OperationMember::Body(self.past_keyword().type_expr()?),
            Some("response") => {
                self.pos += 1;
                // response = { kw_response ~ status ~ (!operation_keyword ~ type_expr)? ~ string? }
                let status = self.status()?;
                let body = if self
                    .word()
                    .is_some_and(|word| !OPERATION_MEMBERS.contains(&word))
                {
                    Some(self.type_expr()?)
                } else {
                    self.record(Expected::Desc(super::expr::TYPE));
                    None
                };
                let description = self.optional_string()?;
                OperationMember::Response(Response::new(
                    status,
                    body,
                    description,
                    self.span(start, self.last_end()),
                ))
            }
            Some("error") => {
                // operation_error = { kw_error ~ status ~ ident ~ string? }
                self.pos += 1;
                let status = self.status()?;
                let name = self.ident()?;
                let description = self.optional_string()?;
                OperationMember::Error(OperationError {
                    status,
                    name,
                    description,
                    span: self.span(start, self.last_end()),
                })
            }
            Some("reads") => OperationMember::Reads(self.past_keyword().path()?),
            Some("writes") => OperationMember::Writes(self.past_keyword().path()?),
            Some("auth") => OperationMember::Auth(self.auth()?),
            Some("idempotent") => {
                self.pos += 1;
                OperationMember::Idempotent(self.span(start, self.last_end()))
            }
            Some("audited") => {
                self.pos += 1;
                OperationMember::Audited(self.span(start, self.last_end()))
            }
            Some("paginated") => OperationMember::Paginated(self.past_keyword().ident()?),
            Some("apply") => OperationMember::Apply(self.apply()?),
            _ => return self.fail_member(what),
        };
        Ok(member)
    }

    /// `string?`
    fn optional_string(&mut self) -> PResult<Option<StringLit>> {
        if self.at_string() {
            return Ok(Some(self.string()?));
        }
        self.record(Expected::Desc(super::cursor::STRING));
        Ok(None)
    }

    /// `param = { attributes ~ param_location ~ field }`: docs written above
    /// `query name: T` document the field.
    fn param(&mut self, attrs: Attrs, location: ParamLocation) -> PResult<Param> {
        let keyword = self.pos;
        self.pos += 1;
        let field_attrs = self.attributes()?;
        let mut field = self.field_of_member(field_attrs, keyword)?;
        field.attributes.prepend(attrs.attributes);
        Ok(Param {
            location,
            field,
            span: self.span(attrs.start, self.last_end()),
        })
    }

    /// `policy_decl = { kw_policy ~ ident ~ "{" ~ (policy_rule | bad_policy_rule)* ~ "}" }`
    /// with `policy_rule = _{ policy_require | auth | retry | timeout |
    /// policy_sla | policy_pii | policy_naming }`.
    pub(crate) fn policy_decl(&mut self) -> PResult<PolicyDecl> {
        const WHAT: &str = "a policy rule";
        self.keyword("policy")?;
        let name = self.ident()?;
        let mut rules = SmallVec::<[_; 4]>::new();
        self.body(WHAT, &[keywords::POLICY_RULES], |parser, attrs| {
            parser.no_attributes(&attrs);
            let start = parser.here();
            // Each keyword's arm steps over it (`auth` and `retry` read
            // their own).
            let kind = match parser.word() {
                Some("require") => PolicyRuleKind::Require(parser.past_keyword().ident()?),
                Some("auth") => PolicyRuleKind::Auth(parser.auth()?),
                Some("retry") => PolicyRuleKind::Retry(Box::new(parser.retry()?)),
                Some("timeout") => PolicyRuleKind::Timeout(parser.past_keyword().duration_value()?),
                Some("sla") => {
                    parser.pos += 1;
                    let metric = parser.ident()?;
                    PolicyRuleKind::Sla(metric, parser.duration_value()?)
                }
                Some("pii") => PolicyRuleKind::Pii(parser.past_keyword().ident()?),
                Some("naming") => {
                    parser.pos += 1;
                    let subject = parser.ident()?;
                    PolicyRuleKind::Naming(subject, parser.ident()?)
                }
                _ => return parser.fail_member(WHAT),
            };
            rules.push(PolicyRule {
                kind,
                span: parser.span(start, parser.last_end()),
            });
            Ok(())
        })?;
        Ok(PolicyDecl {
            name,
            rules: exact(&mut rules),
        })
    }

    /// `retry = { kw_retry ~ number ~ (kw_every ~ duration)? ~ (kw_backoff ~ number)? ~ (kw_max ~ duration)? }`
    pub(crate) fn retry(&mut self) -> PResult<Retry> {
        let start = self.keyword("retry")?.start();
        let attempts = self.number()?;
        let every = self.optional_after("every", |parser| parser.duration_value());
        let backoff = self.optional_after("backoff", |parser| parser.number());
        let max = self.optional_after("max", |parser| parser.duration_value());
        Ok(Retry {
            attempts,
            every,
            backoff,
            max,
            span: self.span(start, self.last_end()),
        })
    }

    /// `(kw_word ~ value)?`: both or neither.
    fn optional_after<T>(
        &mut self,
        word: &'static str,
        value: impl FnOnce(&mut Self) -> PResult<T>,
    ) -> Option<T> {
        let save = self.pos;
        self.eat_keyword(word)?;
        match value(self) {
            Ok(value) => Some(value),
            Err(Fail) => {
                self.pos = save;
                None
            }
        }
    }
}
