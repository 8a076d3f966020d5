//! Pass 2 for the landscape: dispatch to each kind of declaration, and
//! domains, systems and policies with the vocabularies of their clauses.
//! Entities, events and APIs have modules of their own.

use super::{duplicate, invalid_value, Resolver};
use crate::codes;
use crate::model::*;
use weft_syntax::syntax::{self as ast, ItemKind};
use weft_syntax::Diagnostic;
use weft_syntax::{FileId, ParsedFile, Span};

impl Resolver {
    /// Domains, systems, entities' clauses, events, APIs and policies of a file.
    pub(crate) fn resolve_landscape(&mut self, file: &ParsedFile) {
        for (item, decl) in self.declared_items(file) {
            match (&item.kind, decl) {
                (ItemKind::Domain(domain), DeclRef::Domain(id)) => {
                    self.domain(file.file, id, domain);
                    self.model.domains[id.index()].shrink_to_fit();
                }
                (ItemKind::System(system), DeclRef::System(id)) => {
                    self.system(file.file, id, system);
                    self.model.systems[id.index()].shrink_to_fit();
                }
                (ItemKind::Entity(entity), DeclRef::Entity(id)) => {
                    self.entity(file.file, id, entity);
                    self.model.entities[id.index()].shrink_to_fit();
                }
                (ItemKind::Event(event), DeclRef::Event(id)) => {
                    self.event(file.file, id, event);
                    self.topic_overrides(id, &item.attributes);
                    self.model.events[id.index()].shrink_to_fit();
                }
                (ItemKind::Api(api), DeclRef::Api(id)) => {
                    self.api(file.file, id, api);
                    self.model.apis[id.index()].shrink_to_fit();
                }
                (ItemKind::Policy(policy), DeclRef::Policy(id)) => {
                    self.policy(id, policy);
                    self.model.policies[id.index()].shrink_to_fit();
                }
                _ => {}
            }
        }
    }

    fn domain(&mut self, file: FileId, id: DomainId, decl: &ast::DomainDecl) {
        let mut applied = Vec::new();
        let (mut owner, mut contact): (Option<Span>, Option<Span>) = (None, None);
        for clause in &decl.clauses {
            match clause {
                ast::DomainClause::Owner(text) => {
                    if let Some(first) = owner {
                        duplicate(&mut self.diagnostics, "`owner`", text.span, first);
                    }
                    owner = Some(text.span);
                    self.model.domains[id.index()].owner = Some(text.value.to_string());
                }
                ast::DomainClause::Contact(text) => {
                    if let Some(first) = contact {
                        duplicate(&mut self.diagnostics, "`contact`", text.span, first);
                    }
                    contact = Some(text.span);
                    self.model.domains[id.index()].contact = Some(contact_address(&text.value));
                }
                ast::DomainClause::Apply(apply) => applied.extend(self.apply_clause(file, apply)),
            }
        }
        if owner.is_none() {
            self.missing_clause(
                (DeclRef::Domain(id), "owner"),
                &format!("domain `{}`", decl.name.text),
                "owning team (`owner`)",
                decl.name.span,
                "add `owner \"Team name\"`: every domain has a team that answers for it",
            );
        }
        self.record_applied(DeclRef::Domain(id), applied);
    }

    fn system(&mut self, file: FileId, id: SystemId, decl: &ast::SystemDecl) {
        let mut applied = Vec::new();
        // Clauses met so far: a handful, kept on the stack.
        let mut seen: super::Seen<'_> = super::Seen::new();
        for clause in &decl.clauses {
            let (label, span) = match clause {
                ast::SystemClause::Domain(path) => ("`domain`", path.span()),
                ast::SystemClause::Kind(value) => ("`kind`", value.span),
                ast::SystemClause::Hosting(value) => ("`hosting`", value.span),
                ast::SystemClause::Connectivity(value) => ("`connectivity`", value.span),
                ast::SystemClause::Apply(_) | ast::SystemClause::Consumes(_) => {
                    ("", Span::default())
                }
            };
            if !label.is_empty() {
                if let Some((_, first)) = seen.iter().find(|(seen_label, _)| *seen_label == label) {
                    duplicate(&mut self.diagnostics, label, span, *first);
                    continue;
                }
                seen.push((label, span));
            }
            match clause {
                ast::SystemClause::Domain(path) => {
                    if let Some(DeclRef::Domain(domain)) =
                        self.lookup(file, path, super::Expect::Domain)
                    {
                        self.model.systems[id.index()].domain = Some(domain);
                    }
                }
                ast::SystemClause::Kind(value) => {
                    self.model.systems[id.index()].kind = self.one_of("system kind", value)
                }
                ast::SystemClause::Hosting(value) => {
                    self.model.systems[id.index()].hosting = self.one_of("hosting", value)
                }
                ast::SystemClause::Connectivity(value) => {
                    self.model.systems[id.index()].connectivity = self.one_of("connectivity", value)
                }
                ast::SystemClause::Apply(apply) => applied.extend(self.apply_clause(file, apply)),
                ast::SystemClause::Consumes(consumes) => {
                    if let Some(event) = self.lookup_event(file, &consumes.event) {
                        if !self.check_version_ref(&consumes.version) {
                            // Reported; it names no version to consume.
                            continue;
                        }
                        self.record_event_version(event, &consumes.version);
                        let consumption = Consumption {
                            event,
                            version: consumes.version.number,
                            span: consumes.span,
                        };
                        let system = &mut self.model.systems[id.index()];
                        if let Some(first) = system
                            .consumes
                            .iter()
                            .find(|existing| existing.event == event)
                        {
                            let first = first.span;
                            let what = format!("`consumes {}`", consumes.event.dotted());
                            duplicate(&mut self.diagnostics, &what, consumes.span, first);
                        } else {
                            system.consumes.push(consumption);
                        }
                    }
                }
            }
        }
        if self.model.systems[id.index()].domain.is_none()
            && !seen.iter().any(|(label, _)| *label == "`domain`")
        {
            self.missing_clause(
                (DeclRef::System(id), "domain"),
                &format!("system `{}`", decl.name.text),
                "domain (`domain`)",
                decl.name.span,
                "add `domain name`: every system belongs to one business domain",
            );
        }
        self.record_applied(DeclRef::System(id), applied);
    }

    /// The value of a closed vocabulary, validated here once for every
    /// check and target; an unknown spelling is reported and gives `None`.
    pub(crate) fn one_of<T: Vocabulary>(&mut self, what: &str, value: &ast::Ident) -> Option<T> {
        let parsed = T::parse(&value.text);
        if parsed.is_none() {
            invalid_value(&mut self.diagnostics, what, value, T::SPELLINGS);
        }
        parsed
    }

    fn policy(&mut self, id: PolicyId, decl: &ast::PolicyDecl) {
        let mut rules = Vec::new();
        let mut seen: Vec<(String, Span)> = Vec::new();
        for rule in &decl.rules {
            let label = match &rule.kind {
                ast::PolicyRuleKind::Require(what) => format!("`require {}`", what.text),
                ast::PolicyRuleKind::Auth(_) => "`auth`".to_string(),
                ast::PolicyRuleKind::Retry(_) => "`retry`".to_string(),
                ast::PolicyRuleKind::Timeout(_) => "`timeout`".to_string(),
                ast::PolicyRuleKind::Sla(metric, _) => format!("`sla {}`", metric.text),
                ast::PolicyRuleKind::Pii(_) => "`pii`".to_string(),
                ast::PolicyRuleKind::Naming(subject, _) => format!("`naming {}`", subject.text),
            };
            if let Some((_, first)) = seen.iter().find(|(seen, _)| *seen == label) {
                duplicate(&mut self.diagnostics, &label, rule.span, *first);
                continue;
            }
            seen.push((label, rule.span));
            let kind = match &rule.kind {
                ast::PolicyRuleKind::Require(what) => match self.one_of("requirement", what) {
                    Some(Requirement::Idempotency) => RuleKind::RequireIdempotency,
                    Some(Requirement::Audit) => RuleKind::RequireAudit,
                    Some(Requirement::DeadLetter) => RuleKind::RequireDeadLetter,
                    Some(Requirement::Timeout) => RuleKind::RequireTimeout,
                    Some(Requirement::Key) => RuleKind::RequireKey,
                    None => continue,
                },
                ast::PolicyRuleKind::Auth(auth) => match self.auth(auth) {
                    Some(auth) => RuleKind::Auth(auth),
                    None => continue,
                },
                ast::PolicyRuleKind::Retry(retry) => RuleKind::Retry(self.retry_policy(retry)),
                ast::PolicyRuleKind::Timeout(duration) => RuleKind::Timeout(self.millis(duration)),
                ast::PolicyRuleKind::Sla(metric, duration) => {
                    match self.one_of("SLA metric", metric) {
                        Some(SlaMetric::Latency) => RuleKind::SlaLatency(self.millis(duration)),
                        Some(SlaMetric::Freshness) => RuleKind::SlaFreshness(self.millis(duration)),
                        None => continue,
                    }
                }
                ast::PolicyRuleKind::Pii(mode) => match self.one_of("PII rule", mode) {
                    Some(PiiMode::WithinDomain) => RuleKind::PiiWithinDomain,
                    Some(PiiMode::Allowed) => RuleKind::PiiAllowed,
                    None => {
                        // Reported (E313); it may be the `allowed` the
                        // checks would miss.
                        self.model.unparsed.push(Unparsed {
                            decl: DeclRef::Policy(id),
                            clause: Clause::Pii,
                            span: mode.span,
                            operation: None,
                        });
                        continue;
                    }
                },
                ast::PolicyRuleKind::Naming(subject, style) => {
                    let subject = self.one_of("naming subject", subject);
                    let style = self.one_of("naming style", style);
                    match (subject, style) {
                        (Some(subject), Some(style)) => RuleKind::Naming { subject, style },
                        _ => continue,
                    }
                }
            };
            rules.push(Rule {
                kind,
                span: rule.span,
            });
        }
        self.model.policies[id.index()].rules = rules;
    }
}

impl Resolver {
    /// A retry clause as settings; numbers that overflow are reported, and
    /// so is a backoff factor below 1, which would shorten the wait after
    /// each failure (and which Step Functions refuses).
    pub(crate) fn retry_policy(&mut self, retry: &ast::Retry) -> RetryPolicy {
        if let Some(backoff) = &retry.backoff {
            if backoff.text.parse::<f64>().is_ok_and(|factor| factor < 1.0) {
                self.diagnostics.push(
                    Diagnostic::error(
                        codes::INVALID_VALUE,
                        format!("`backoff {}` would wait less after each failure", backoff.text),
                        backoff.span,
                        "a factor below 1",
                    )
                    .with_help("the backoff multiplies the wait after each failed attempt: write at least `1.0` (`1.0` waits the same each time)"),
                );
            }
        }
        RetryPolicy {
            attempts: self
                .whole_u32(&retry.attempts, "a number of attempts")
                .unwrap_or(0),
            interval_ms: retry.every.as_ref().map(|every| self.millis(every)),
            backoff: retry
                .backoff
                .as_ref()
                .map(|backoff| backoff.text.as_str().to_string()),
            max_interval_ms: retry.max.as_ref().map(|max| self.millis(max)),
        }
    }
}

/// A domain's contact as the model keeps it: an e-mail address written as a
/// `mailto:` URI is kept as the bare address, since the targets write it
/// where an address is expected (OpenAPI's and AsyncAPI's `contact.email`),
/// and `mailto:` is only the URI form of the same address.
fn contact_address(text: &str) -> String {
    let trimmed = text.trim();
    match trimmed.get(..7) {
        Some(scheme) if scheme.eq_ignore_ascii_case("mailto:") => trimmed[7..].to_string(),
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use crate::sources::{Origin, SourceMap};

    #[test]
    fn a_mailto_contact_is_kept_as_the_address() {
        let mut sources = SourceMap::with_stdlib();
        let text = "package demo\n\n/// Production.\ndomain production {\n  owner \"Team\"\n  contact \"mailto:team@acme.example\"\n}\n\n/// Quality.\ndomain quality {\n  owner \"Team\"\n  contact \"https://acme.example/quality\"\n}\n";
        sources.add(
            "contact.weft".to_string(),
            text.to_string(),
            Origin::Project,
        );
        let result = crate::check(&sources);
        assert!(result.diagnostics.is_empty(), "{:?}", result.diagnostics);
        let contacts: Vec<Option<&str>> = result
            .model
            .domains
            .iter()
            .filter(|domain| !domain.name.is_std())
            .map(|domain| domain.contact.as_deref())
            .collect();
        assert_eq!(
            contacts,
            [
                Some("team@acme.example"),
                Some("https://acme.example/quality")
            ]
        );
    }
}
