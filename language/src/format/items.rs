//! Top-level declarations and the clauses of domains, systems, entities,
//! events, APIs and policies.

use super::expr::quote;
use super::printer::{Blank, Delimiters, Extent, Printer};
use super::types::flat_type;
use crate::syntax::{
    ApiDecl, ApiMember, Apply, Auth, DomainClause, DomainDecl, EntityDecl, EntityMember, EventDecl, EventMember,
    EventVersion, Ident, Item, ItemKind, Operation, OperationMember, ParamLocation, Path, PolicyDecl, PolicyRule,
    PolicyRuleKind, Retention, Retry, SemVer, SystemClause, SystemDecl, UseDecl, UseName, VersionRef, VersionSchema,
};

const USE_NAMES: Delimiters = Delimiters { open: "{", close: "}", padded: false };

/// `apply a, b`.
pub(super) fn flat_apply(apply: &Apply) -> String {
    format!("apply {}", joined_paths(&apply.policies))
}

fn joined_paths(paths: &[Path]) -> String {
    let dotted: Vec<String> = paths.iter().map(Path::dotted).collect();
    dotted.join(", ")
}

/// Names separated by commas: `a, b, c`.
pub(super) fn joined_idents(idents: &[Ident]) -> String {
    let names: Vec<&str> = idents.iter().map(|ident| ident.text.as_str()).collect();
    names.join(", ")
}

/// `auth oauth2 flow scopes "a", "b"`, `auth api_key header "X"`, `auth none`.
pub(super) fn flat_auth(auth: &Auth) -> String {
    let mut text = format!("auth {}", auth.scheme.text);
    if let Some(flow) = &auth.flow {
        text.push(' ');
        text.push_str(&flow.text);
    }
    if !auth.scopes.is_empty() {
        let scopes: Vec<String> = auth.scopes.iter().map(|scope| quote(&scope.value)).collect();
        text.push_str(" scopes ");
        text.push_str(&scopes.join(", "));
    }
    if let Some(header) = &auth.header {
        text.push_str(" header ");
        text.push_str(&quote(&header.value));
    }
    text
}

/// `retry 5 every 2s backoff 2.0 max 1m`.
pub(super) fn flat_retry(retry: &Retry) -> String {
    let mut text = format!("retry {}", retry.attempts.text);
    if let Some(every) = &retry.every {
        text.push_str(" every ");
        text.push_str(&every.text);
    }
    if let Some(backoff) = &retry.backoff {
        text.push_str(" backoff ");
        text.push_str(&backoff.text);
    }
    if let Some(max) = &retry.max {
        text.push_str(" max ");
        text.push_str(&max.text);
    }
    text
}

impl Printer<'_> {
    /// `v2`, as written.
    pub(super) fn version_ref(&self, version: &VersionRef) -> String {
        match self.source(version.span) {
            Some(text) if text.starts_with('v') => text.to_string(),
            _ => format!("v{}", version.number),
        }
    }

    fn semver(&self, version: &SemVer) -> String {
        match self.source(version.span) {
            Some(text) if text.bytes().all(|byte| byte.is_ascii_digit() || byte == b'.') && !text.is_empty() => {
                text.to_string()
            }
            _ => format!("{}.{}.{}", version.major, version.minor, version.patch),
        }
    }

    /// Prints one top-level declaration as finished lines; `end` is where its
    /// last token ends in the source.
    pub(super) fn item(&mut self, item: &Item, end: u32) {
        if let ItemKind::Broken(_) = item.kind {
            // Only reached when the caller ignored the syntax errors: the
            // declaration is copied as it is, comments included.
            let text = self.source(crate::span::Span { end, ..item.span }).unwrap_or_default();
            for line in text.lines() {
                self.push(line);
                self.end_line();
            }
            self.skip_comments_before(end);
            return;
        }
        let keyword = self.after_attributes(&item.attributes, item.span.start);
        self.attributes(&item.attributes, keyword);
        let close = end.saturating_sub(1);
        match &item.kind {
            ItemKind::Package(package) => {
                self.push("package ");
                self.push(&package.path.dotted());
                self.end_line();
            }
            ItemKind::Use(decl) => self.use_decl(decl),
            ItemKind::Domain(decl) => self.domain(decl, close),
            ItemKind::System(decl) => self.system(decl, close),
            ItemKind::TypeAlias(decl) => self.type_alias(decl),
            ItemKind::Enum(decl) => self.enumeration(decl, close),
            ItemKind::Record(decl) => self.record(decl, close),
            ItemKind::Entity(decl) => self.entity(decl, close),
            ItemKind::Event(decl) => self.event(decl, close),
            ItemKind::Api(decl) => self.api(decl, close),
            ItemKind::Policy(decl) => self.policy(decl, close),
            ItemKind::Workflow(decl) => self.workflow(decl, close),
            ItemKind::Test(decl) => self.test(decl, close),
            ItemKind::Broken(_) => {}
        }
    }

    fn use_decl(&mut self, decl: &UseDecl) {
        self.push("use ");
        self.push(&decl.path.dotted());
        if let Some(alias) = &decl.alias {
            self.push(" as ");
            self.push(&alias.text);
        }
        if !decl.names.is_empty() {
            self.push(".");
            let dot = self.next_token(decl.path.span.end, false);
            let open = self.next_token(dot.saturating_add(1), false);
            let last_end = decl.names.last().map_or(open, |last| self.code_end(last.span.end));
            let close = self.next_token(last_end, true);
            let extent = |printer: &Self, name: &UseName| printer.extent(name.span);
            let print = |printer: &mut Self, name: &UseName, _suffix: usize| printer.push(&flat_use_name(name));
            self.delimited(&decl.names, USE_NAMES, open, close, 0, flat_use_name, extent, print);
        }
        self.end_line();
    }

    fn domain(&mut self, decl: &DomainDecl, close: u32) {
        self.push("domain ");
        self.push(&decl.name.text);
        let header_end = self.after_open_brace(decl.name.span.end);
        let extent = |printer: &Self, clause: &DomainClause| match clause {
            DomainClause::Owner(value) | DomainClause::Contact(value) => printer.keyword_extent(value.span),
            DomainClause::Apply(apply) => printer.extent(apply.span),
        };
        let print = |printer: &mut Self, clause: &DomainClause| {
            let line = match clause {
                DomainClause::Owner(owner) => format!("owner {}", quote(&owner.value)),
                DomainClause::Contact(contact) => format!("contact {}", quote(&contact.value)),
                DomainClause::Apply(apply) => flat_apply(apply),
            };
            printer.push(&line);
            printer.end_line();
        };
        self.body(header_end, close, &decl.clauses, extent, print);
        self.end_line();
    }

    fn system(&mut self, decl: &SystemDecl, close: u32) {
        self.push("system ");
        self.push(&decl.name.text);
        let header_end = self.after_open_brace(decl.name.span.end);
        let extent = |printer: &Self, clause: &SystemClause| match clause {
            SystemClause::Domain(path) => printer.keyword_extent(path.span),
            SystemClause::Kind(name) | SystemClause::Hosting(name) | SystemClause::Connectivity(name) => {
                printer.keyword_extent(name.span)
            }
            SystemClause::Apply(apply) => printer.extent(apply.span),
            SystemClause::Consumes(consumes) => printer.extent(consumes.span),
        };
        let print = |printer: &mut Self, clause: &SystemClause| {
            let line = match clause {
                SystemClause::Domain(path) => format!("domain {}", path.dotted()),
                SystemClause::Kind(kind) => format!("kind {}", kind.text),
                SystemClause::Hosting(hosting) => format!("hosting {}", hosting.text),
                SystemClause::Connectivity(connectivity) => format!("connectivity {}", connectivity.text),
                SystemClause::Apply(apply) => flat_apply(apply),
                SystemClause::Consumes(consumes) => {
                    format!("consumes {} {}", consumes.event.dotted(), printer.version_ref(&consumes.version))
                }
            };
            printer.push(&line);
            printer.end_line();
        };
        self.body(header_end, close, &decl.clauses, extent, print);
        self.end_line();
    }

    fn entity(&mut self, decl: &EntityDecl, close: u32) {
        self.push("entity ");
        self.push(&decl.name.text);
        let header_end = self.after_open_brace(decl.name.span.end);
        let extent = |printer: &Self, member: &EntityMember| match member {
            EntityMember::Owner(path) | EntityMember::Record(path) => printer.keyword_extent(path.span),
            EntityMember::Key(_, span) => printer.extent(*span),
            EntityMember::Apply(apply) => printer.extent(apply.span),
            EntityMember::Field(field) => printer.field_member_extent(field),
        };
        let print = |printer: &mut Self, member: &EntityMember| {
            let line = match member {
                EntityMember::Owner(path) => format!("owner {}", path.dotted()),
                EntityMember::Record(path) => format!("record {}", path.dotted()),
                EntityMember::Key(names, _) => format!("key {}", joined_idents(names)),
                EntityMember::Apply(apply) => flat_apply(apply),
                EntityMember::Field(field) => return printer.field_member(field),
            };
            printer.push(&line);
            printer.end_line();
        };
        self.body(header_end, close, &decl.members, extent, print);
        self.end_line();
    }

    fn event(&mut self, decl: &EventDecl, close: u32) {
        self.push("event ");
        self.push(&decl.name.text);
        let header_end = self.after_open_brace(decl.name.span.end);
        let extent = |printer: &Self, member: &EventMember| match member {
            EventMember::Producer(path) | EventMember::About(path) | EventMember::Key(path) => {
                printer.keyword_extent(path.span)
            }
            EventMember::Compatibility(name) | EventMember::Delivery(name) => printer.keyword_extent(name.span),
            EventMember::Retention(Retention::For(duration)) => printer.keyword_extent(duration.span),
            EventMember::Retention(Retention::Forever(span)) => printer.keyword_extent(*span),
            EventMember::Compacted(span) => printer.extent(*span),
            EventMember::Apply(apply) => printer.extent(apply.span),
            EventMember::Version(version) => Extent { blank: Blank::Always, ..printer.extent(version.span) },
        };
        let print = |printer: &mut Self, member: &EventMember| {
            let line = match member {
                EventMember::Producer(path) => format!("producer {}", path.dotted()),
                EventMember::About(path) => format!("about {}", path.dotted()),
                EventMember::Key(path) => format!("key {}", path.dotted()),
                EventMember::Compatibility(name) => format!("compatibility {}", name.text),
                EventMember::Delivery(name) => format!("delivery {}", name.text),
                EventMember::Retention(Retention::For(duration)) => format!("retention {}", duration.text),
                EventMember::Retention(Retention::Forever(_)) => "retention forever".to_string(),
                EventMember::Compacted(_) => "compacted".to_string(),
                EventMember::Apply(apply) => flat_apply(apply),
                EventMember::Version(version) => return printer.event_version(version),
            };
            printer.push(&line);
            printer.end_line();
        };
        self.body(header_end, close, &decl.members, extent, print);
        self.end_line();
    }

    fn event_version(&mut self, version: &EventVersion) {
        let keyword = self.after_attributes(&version.attributes, version.span.start);
        self.attributes(&version.attributes, keyword);
        self.push("version ");
        self.push(&version.number.text);
        match &version.schema {
            VersionSchema::Inline(fields) => {
                let header_end = self.after_open_brace(version.number.span.end);
                let close = self.closing_bracket(version.span.end);
                self.body(header_end, close, fields, Printer::field_member_extent, Printer::field_member);
            }
            VersionSchema::Named(ty) => {
                self.push(" = ");
                self.push(&flat_type(ty));
            }
        }
        self.end_line();
    }

    fn api(&mut self, decl: &ApiDecl, close: u32) {
        self.push("api ");
        self.push(&decl.name.text);
        let header_end = self.after_open_brace(decl.name.span.end);
        let extent = |printer: &Self, member: &ApiMember| match member {
            ApiMember::Host(path) => printer.keyword_extent(path.span),
            ApiMember::Version(version) => printer.keyword_extent(version.span),
            ApiMember::Base(base) => printer.keyword_extent(base.span),
            ApiMember::Auth(auth) => printer.extent(auth.span),
            ApiMember::Apply(apply) => printer.extent(apply.span),
            ApiMember::Operation(operation) => Extent { blank: Blank::Always, ..printer.extent(operation.span) },
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
            OperationMember::Body(ty) => printer.keyword_extent(ty.span),
            OperationMember::Response(response) => printer.extent(response.span),
            OperationMember::Error(error) => printer.extent(error.span),
            OperationMember::Reads(path) | OperationMember::Writes(path) => printer.keyword_extent(path.span),
            OperationMember::Auth(auth) => printer.extent(auth.span),
            OperationMember::Idempotent(span) => printer.extent(*span),
            OperationMember::Paginated(name) => printer.keyword_extent(name.span),
            OperationMember::Apply(apply) => printer.extent(apply.span),
        };
        self.body(header_end, close, &operation.members, extent, Printer::operation_member);
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
            OperationMember::Paginated(name) => format!("paginated {}", name.text),
            OperationMember::Apply(apply) => flat_apply(apply),
        };
        self.push(&line);
        self.end_line();
    }

    /// `query name: Type`. The grammar puts a parameter's docs and
    /// annotations after its location keyword, so they are printed there:
    /// annotations on the line, doc lines (which run to the end of the line)
    /// breaking it.
    fn param(&mut self, location: &str, field: &crate::syntax::Field) {
        self.push(location);
        let docs = &field.attributes.docs.lines;
        if docs.is_empty() {
            for annotation in &field.attributes.annotations {
                self.push(" ");
                self.push(&super::types::flat_annotation(annotation));
            }
            self.push(" ");
            self.field_body(field);
            self.end_line();
            return;
        }
        for (index, line) in docs.iter().enumerate() {
            if index == 0 {
                self.push(" ");
            }
            self.push(&super::types::doc_line(line));
            self.end_line();
            if index == 0 {
                self.indent();
            }
        }
        for annotation in &field.attributes.annotations {
            self.push(&super::types::flat_annotation(annotation));
            self.end_line();
        }
        self.field_body(field);
        self.end_line();
        self.dedent();
    }

    fn policy(&mut self, decl: &PolicyDecl, close: u32) {
        self.push("policy ");
        self.push(&decl.name.text);
        let header_end = self.after_open_brace(decl.name.span.end);
        let print = |printer: &mut Self, rule: &PolicyRule| {
            let line = match &rule.kind {
                PolicyRuleKind::Require(name) => format!("require {}", name.text),
                PolicyRuleKind::Auth(auth) => flat_auth(auth),
                PolicyRuleKind::Retry(retry) => flat_retry(retry),
                PolicyRuleKind::Timeout(duration) => format!("timeout {}", duration.text),
                PolicyRuleKind::Sla(kind, duration) => format!("sla {} {}", kind.text, duration.text),
                PolicyRuleKind::Pii(rule) => format!("pii {}", rule.text),
                PolicyRuleKind::Naming(kind, convention) => format!("naming {} {}", kind.text, convention.text),
            };
            printer.push(&line);
            printer.end_line();
        };
        self.body(header_end, close, &decl.rules, |printer, rule| printer.extent(rule.span), print);
        self.end_line();
    }
}

fn flat_use_name(name: &UseName) -> String {
    match &name.alias {
        Some(alias) => format!("{} as {}", name.name.text, alias.text),
        None => name.name.text.clone(),
    }
}
