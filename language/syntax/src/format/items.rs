//! Top-level declarations and the clauses of domains, systems, entities,
//! events, APIs and policies.

use super::api::flat_auth;
use super::expr::quote;
use super::printer::{Blank, Delimiters, Extent, Printer};
use super::types::flat_type;
use crate::syntax::{
    Apply, DomainClause, DomainDecl, EntityDecl, EntityMember, EventDecl, EventMember,
    EventVersion, Ident, Item, ItemKind, Path, PolicyDecl, PolicyRule, PolicyRuleKind, Retention,
    Retry, SystemClause, SystemDecl, UseDecl, UseName, VersionRef, VersionSchema,
};

const USE_NAMES: Delimiters = Delimiters {
    open: "{",
    close: "}",
    padded: false,
};

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

    /// Prints one top-level declaration as finished lines; `end` is where its
    /// last token ends in the source.
    pub(super) fn item(&mut self, item: &Item, end: u32) {
        if let ItemKind::Broken(_) = item.kind {
            // Only reached when the caller ignored the syntax errors: the
            // declaration is copied as it is, comments included.
            let text = self
                .source(weft_base::Span { end, ..item.span })
                .unwrap_or_default();
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
            let dot = self.next_token(decl.path.span().end, false);
            let open = self.next_token(dot.saturating_add(1), false);
            let last_end = decl
                .names
                .last()
                .map_or(open, |last| self.code_end(last.span.end));
            let close = self.next_token(last_end, true);
            let extent = |printer: &Self, name: &UseName| printer.extent(name.span);
            let print = |printer: &mut Self, name: &UseName, _suffix: usize| {
                printer.push(&flat_use_name(name))
            };
            self.delimited(
                &decl.names,
                USE_NAMES,
                open,
                close,
                0,
                flat_use_name,
                extent,
                print,
            );
        }
        self.end_line();
    }

    fn domain(&mut self, decl: &DomainDecl, close: u32) {
        self.push("domain ");
        self.push(&decl.name.text);
        let header_end = self.after_open_brace(decl.name.span.end);
        let extent = |printer: &Self, clause: &DomainClause| match clause {
            DomainClause::Owner(value) | DomainClause::Contact(value) => {
                printer.keyword_extent(value.span)
            }
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
            SystemClause::Domain(path) => printer.keyword_extent(path.span()),
            SystemClause::Kind(name)
            | SystemClause::Hosting(name)
            | SystemClause::Connectivity(name) => printer.keyword_extent(name.span),
            SystemClause::Apply(apply) => printer.extent(apply.span),
            SystemClause::Consumes(consumes) => printer.extent(consumes.span),
        };
        let print = |printer: &mut Self, clause: &SystemClause| {
            let line = match clause {
                SystemClause::Domain(path) => format!("domain {}", path.dotted()),
                SystemClause::Kind(kind) => format!("kind {}", kind.text),
                SystemClause::Hosting(hosting) => format!("hosting {}", hosting.text),
                SystemClause::Connectivity(connectivity) => {
                    format!("connectivity {}", connectivity.text)
                }
                SystemClause::Apply(apply) => flat_apply(apply),
                SystemClause::Consumes(consumes) => {
                    format!(
                        "consumes {} {}",
                        consumes.event.dotted(),
                        printer.version_ref(&consumes.version)
                    )
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
            EntityMember::Owner(path) | EntityMember::Record(path) => {
                printer.keyword_extent(path.span())
            }
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
                printer.keyword_extent(path.span())
            }
            EventMember::Compatibility(name) | EventMember::Delivery(name) => {
                printer.keyword_extent(name.span)
            }
            EventMember::Retention(Retention::For(duration)) => {
                printer.keyword_extent(duration.span)
            }
            EventMember::Retention(Retention::Forever(span)) => printer.keyword_extent(*span),
            EventMember::Compacted(span) | EventMember::DeadLetter(_, span) => {
                printer.extent(*span)
            }
            EventMember::Apply(apply) => printer.extent(apply.span),
            EventMember::Version(version) => Extent {
                blank: Blank::Always,
                ..printer.extent(version.span)
            },
        };
        let print = |printer: &mut Self, member: &EventMember| {
            let line = match member {
                EventMember::Producer(path) => format!("producer {}", path.dotted()),
                EventMember::About(path) => format!("about {}", path.dotted()),
                EventMember::Key(path) => format!("key {}", path.dotted()),
                EventMember::Compatibility(name) => format!("compatibility {}", name.text),
                EventMember::Delivery(name) => format!("delivery {}", name.text),
                EventMember::Retention(Retention::For(duration)) => {
                    format!("retention {}", duration.text)
                }
                EventMember::Retention(Retention::Forever(_)) => "retention forever".to_string(),
                EventMember::Compacted(_) => "compacted".to_string(),
                EventMember::DeadLetter(None, _) => "dead_letter".to_string(),
                EventMember::DeadLetter(Some(topic), _) => {
                    format!("dead_letter {}", quote(&topic.value))
                }
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
                self.body(
                    header_end,
                    close,
                    fields,
                    Printer::field_member_extent,
                    Printer::field_member,
                );
            }
            VersionSchema::Named(ty) => {
                self.push(" = ");
                self.push(&flat_type(ty));
            }
        }
        self.end_line();
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
                PolicyRuleKind::Sla(kind, duration) => {
                    format!("sla {} {}", kind.text, duration.text)
                }
                PolicyRuleKind::Pii(rule) => format!("pii {}", rule.text),
                PolicyRuleKind::Naming(kind, convention) => {
                    format!("naming {} {}", kind.text, convention.text)
                }
            };
            printer.push(&line);
            printer.end_line();
        };
        self.body(
            header_end,
            close,
            &decl.rules,
            |printer, rule| printer.extent(rule.span),
            print,
        );
        self.end_line();
    }
}

fn flat_use_name(name: &UseName) -> String {
    match &name.alias {
        Some(alias) => format!("{} as {}", name.name.text, alias.text),
        None => name.name.text.to_string(),
    }
}
