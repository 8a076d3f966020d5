//! Builds the typed syntax tree from the grammar's pairs. The grammar
//! guarantees the shape of each pair, so a missing child can only mean a bug
//! in this file; instead of panicking, such a declaration turns into a
//! broken one (the `Option`s below).

use super::errors;
use super::Rule;
use crate::lexer::is_blank;
use crate::parser::cursor::unescape;
use crate::syntax::*;
use pest::iterators::Pair;
use weft_base::span::{FileId, Span};
use weft_base::Diagnostic;

pub(crate) type P<'i> = Pair<'i, Rule>;

/// Walks the pairs of one declaration, collecting diagnostics for the broken
/// members the grammar recovered from.
pub(crate) struct Builder<'t> {
    pub(crate) file: FileId,
    /// Offset of the declaration's text in the file.
    pub(crate) base: usize,
    /// The declaration's text, to trim trailing trivia off spans.
    text: &'t str,
    pub(crate) errors: Vec<Diagnostic>,
}

impl<'t> Builder<'t> {
    pub(crate) fn new(file: FileId, base: usize, text: &'t str) -> Builder<'t> {
        Builder {
            file,
            base,
            text,
            errors: Vec::new(),
        }
    }

    /// The pair's span, without the whitespace and comments pest's implicit
    /// skipping leaves at the end of rules that end in an optional part.
    pub(crate) fn span(&self, pair: &P) -> Span {
        let span = pair.as_span();
        let end = trim_trivia(self.text, span.start(), span.end());
        Span::new(self.file, self.base + span.start(), self.base + end)
    }

    pub(crate) fn ident(&self, pair: P) -> Ident {
        Ident {
            text: Name::new(pair.as_str()),
            span: self.span(&pair),
        }
    }

    pub(crate) fn path(&self, pair: P) -> Path {
        Path::new(
            pair.into_inner()
                .map(|segment| self.ident(segment))
                .collect(),
        )
    }

    pub(crate) fn number(&self, pair: P) -> NumberLit {
        NumberLit {
            text: Name::new(pair.as_str()),
            span: self.span(&pair),
        }
    }

    pub(crate) fn string(&self, pair: P) -> StringLit {
        let span = self.span(&pair);
        let raw = pair.into_inner().next().map_or("", |text| text.as_str());
        StringLit {
            value: unescape(raw),
            span,
        }
    }

    pub(crate) fn duration(&self, pair: P) -> DurationLit {
        DurationLit::new(pair.as_str(), self.span(&pair))
    }

    pub(crate) fn version_ref(&self, pair: P) -> VersionRef {
        let number = pair
            .as_str()
            .trim_start_matches('v')
            .parse()
            .unwrap_or(u32::MAX);
        VersionRef {
            number,
            span: self.span(&pair),
        }
    }

    /// Reports a member that the grammar swallowed with a `bad_*` rule.
    pub(crate) fn bad(&mut self, pair: P, only: Rule, what: &str) {
        let mut attributes = None;
        let mut bad_text = None;
        for inner in pair.into_inner() {
            match inner.as_rule() {
                Rule::bad_text => bad_text = Some(inner),
                Rule::attributes | Rule::stray_attributes if !inner.as_str().trim().is_empty() => {
                    attributes = Some(self.span(&inner))
                }
                _ => {}
            }
        }
        let diagnostic = match bad_text {
            Some(text) => {
                let offset = self.base + text.as_span().start();
                errors::bad_member(self.file, offset, text.as_str(), only, what, attributes)
            }
            None => match attributes {
                Some(span) => errors::stray_attributes(span),
                None => return,
            },
        };
        self.errors.push(diagnostic);
    }

    pub(crate) fn attributes(&mut self, pair: P) -> Attributes {
        let mut attributes = Attributes::default();
        for inner in pair.into_inner() {
            match inner.as_rule() {
                Rule::doc_line => {
                    let span = self.span(&inner);
                    // A doc comment documents what follows it, so it must
                    // start its line: `a: string /// x` documents nothing.
                    // (Scanning back to the line start keeps this linear; pest's
                    // `line_of` walks the whole input.)
                    let before = &self.text[..inner.as_span().start()];
                    let line_start = before.rfind('\n').map_or(0, |index| index + 1);
                    if !before[line_start..].chars().all(is_blank) {
                        self.errors.push(errors::stray_attributes(span));
                        continue;
                    }
                    let line = inner.as_str().trim_start_matches("///");
                    let line = line.strip_prefix(' ').unwrap_or(line).trim_end();
                    attributes.docs.lines.push(line);
                    attributes.docs.span =
                        Some(attributes.docs.span.map_or(span, |docs| docs.to(span)));
                }
                Rule::annotation => {
                    if let Some(annotation) = self.annotation(inner) {
                        attributes.annotations.push(annotation);
                    }
                }
                _ => {}
            }
        }
        attributes
    }

    fn annotation(&mut self, pair: P) -> Option<Annotation> {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let name = self.ident(inner.next()?.into_inner().next()?);
        let args = inner.filter_map(|arg| self.expr(arg)).collect();
        Some(Annotation { name, args, span })
    }

    /// Builds one declaration. `span` covers the whole chunk.
    pub(crate) fn item(&mut self, pair: P, span: Span) -> Option<Item> {
        let mut inner = pair.into_inner();
        let attributes = self.attributes(inner.next()?);
        let declaration = inner.next()?;
        let kind = match declaration.as_rule() {
            Rule::package_decl => ItemKind::Package(PackageDecl {
                path: self.path(nth(declaration, 1)?),
            }),
            Rule::use_decl => ItemKind::Use(Box::new(self.use_decl(declaration)?)),
            Rule::domain_decl => ItemKind::Domain(self.domain(declaration)?),
            Rule::system_decl => ItemKind::System(self.system(declaration)?),
            Rule::type_decl => ItemKind::TypeAlias(Box::new(self.type_alias(declaration)?)),
            Rule::enum_decl => ItemKind::Enum(self.enumeration(declaration)?),
            Rule::record_decl => ItemKind::Record(self.record(declaration)?),
            Rule::entity_decl => ItemKind::Entity(self.entity(declaration)?),
            Rule::event_decl => ItemKind::Event(self.event(declaration)?),
            Rule::api_decl => ItemKind::Api(self.api(declaration)?),
            Rule::policy_decl => ItemKind::Policy(self.policy(declaration)?),
            Rule::workflow_decl => ItemKind::Workflow(self.workflow(declaration)?),
            Rule::test_decl => ItemKind::Test(Box::new(self.test(declaration)?)),
            _ => return None,
        };
        Some(Item {
            attributes,
            kind,
            span,
        })
    }

    fn use_decl(&mut self, pair: P) -> Option<UseDecl> {
        let mut inner = pair.into_inner().skip(1);
        let path = self.path(inner.next()?);
        let mut decl = UseDecl {
            path,
            alias: None,
            names: ThinVec::new(),
        };
        for part in inner {
            match part.as_rule() {
                Rule::ident => decl.alias = Some(self.ident(part)),
                Rule::use_names => {
                    for name in part.into_inner() {
                        let span = self.span(&name);
                        let mut idents = name
                            .into_inner()
                            .filter(|pair| pair.as_rule() == Rule::ident);
                        let imported = self.ident(idents.next()?);
                        let alias = idents.next().map(|alias| self.ident(alias));
                        decl.names.push(UseName {
                            name: imported,
                            alias,
                            span,
                        });
                    }
                }
                _ => {}
            }
        }
        Some(decl)
    }

    pub(crate) fn apply(&self, pair: P) -> Apply {
        let span = self.span(&pair);
        let policies = pair
            .into_inner()
            .filter(|pair| pair.as_rule() == Rule::path)
            .map(|pair| self.path(pair))
            .collect();
        Apply { policies, span }
    }

    fn domain(&mut self, pair: P) -> Option<DomainDecl> {
        let mut inner = pair.into_inner().skip(1);
        let name = self.ident(inner.next()?);
        let mut clauses = ThinVec::new();
        for member in inner {
            match member.as_rule() {
                Rule::domain_owner => {
                    clauses.push(DomainClause::Owner(self.string(nth(member, 1)?)))
                }
                Rule::domain_contact => {
                    clauses.push(DomainClause::Contact(self.string(nth(member, 1)?)))
                }
                Rule::apply => clauses.push(DomainClause::Apply(self.apply(member))),
                Rule::bad_clause => self.bad(
                    member,
                    Rule::domain_member_only,
                    "a domain clause (`owner`, `contact` or `apply`)",
                ),
                _ => {}
            }
        }
        Some(DomainDecl { name, clauses })
    }

    fn system(&mut self, pair: P) -> Option<SystemDecl> {
        let mut inner = pair.into_inner().skip(1);
        let name = self.ident(inner.next()?);
        let mut clauses = ThinVec::new();
        for member in inner {
            let clause = match member.as_rule() {
                Rule::system_domain => SystemClause::Domain(self.path(nth(member, 1)?)),
                Rule::system_kind => SystemClause::Kind(self.ident(nth(member, 1)?)),
                Rule::system_hosting => SystemClause::Hosting(self.ident(nth(member, 1)?)),
                Rule::system_connectivity => {
                    SystemClause::Connectivity(self.ident(nth(member, 1)?))
                }
                Rule::apply => SystemClause::Apply(self.apply(member)),
                Rule::consumes => {
                    let span = self.span(&member);
                    let mut parts = member.into_inner().skip(1);
                    let event = self.path(parts.next()?);
                    let version = self.version_ref(parts.next()?);
                    SystemClause::Consumes(Consumes {
                        event,
                        version,
                        span,
                    })
                }
                Rule::bad_clause => {
                    self.bad(member, Rule::system_member_only, "a system clause (`domain`, `kind`, `hosting`, `connectivity`, `apply` or `consumes`)");
                    continue;
                }
                _ => continue,
            };
            clauses.push(clause);
        }
        Some(SystemDecl { name, clauses })
    }

    pub(crate) fn type_expr(&mut self, pair: P) -> Option<TypeExpr> {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let name = self.path(inner.next()?);
        let mut args = ThinVec::new();
        let mut params = ThinVec::new();
        let mut optional = false;
        for part in inner {
            match part.as_rule() {
                Rule::type_args => {
                    for arg in part.into_inner() {
                        args.push(match arg.as_rule() {
                            Rule::number => TypeArg::Number(self.number(arg)),
                            _ => TypeArg::Name(self.ident(arg)),
                        });
                    }
                }
                Rule::type_params => {
                    for param in part.into_inner() {
                        params.push(self.type_expr(param)?);
                    }
                }
                Rule::optional => optional = true,
                _ => {}
            }
        }
        Some(TypeExpr::new(name, args, params, optional, span))
    }

    fn constraint(&mut self, pair: P) -> Option<Constraint> {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        let value = nth(pair, 1)?;
        let kind = match rule {
            Rule::pattern_constraint => ConstraintKind::Pattern(self.string(value)),
            Rule::length_constraint => ConstraintKind::Length(self.bounds(value)),
            _ => ConstraintKind::Range(self.bounds(value)),
        };
        Some(Constraint { kind, span })
    }

    fn bounds(&self, pair: P) -> Bounds {
        let span = self.span(&pair);
        let mut bounds = Bounds {
            min: None,
            max: None,
            exact: false,
            span,
        };
        for part in pair.into_inner() {
            let rule = part.as_rule();
            let Some(value) = part.into_inner().next().map(|number| self.number(number)) else {
                continue;
            };
            match rule {
                Rule::bound_min => bounds.min = Some(value),
                Rule::bound_max => bounds.max = Some(value),
                _ => {
                    bounds.min = Some(value.clone());
                    bounds.max = Some(value);
                    bounds.exact = true;
                }
            }
        }
        bounds
    }

    fn type_alias(&mut self, pair: P) -> Option<TypeAliasDecl> {
        let mut inner = pair.into_inner().skip(1);
        let name = self.ident(inner.next()?);
        let ty = self.type_expr(inner.next()?)?;
        let constraints = inner
            .filter_map(|constraint| self.constraint(constraint))
            .collect();
        Some(TypeAliasDecl {
            name,
            ty,
            constraints,
        })
    }

    fn enumeration(&mut self, pair: P) -> Option<EnumDecl> {
        let mut inner = pair.into_inner().skip(1);
        let name = self.ident(inner.next()?);
        let mut members = ThinVec::new();
        for member in inner {
            match member.as_rule() {
                Rule::enum_member => {
                    let span = self.span(&member);
                    let mut parts = member.into_inner();
                    let attributes = self.attributes(parts.next()?);
                    let name = self.ident(parts.next()?);
                    members.push(EnumMember {
                        attributes,
                        name,
                        span,
                    });
                }
                Rule::bad_enum_member => self.bad(member, Rule::enum_member_only, "an enum symbol"),
                _ => {}
            }
        }
        Some(EnumDecl { name, members })
    }

    pub(crate) fn field(&mut self, pair: P) -> Option<Field> {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let attributes = self.attributes(inner.next()?);
        let name = self.ident(inner.next()?);
        let ty = self.type_expr(inner.next()?)?;
        let mut constraints = ThinVec::new();
        let mut default = None;
        for part in inner {
            match part.as_rule() {
                Rule::expr => default = Some(Box::new(self.expr(part)?)),
                _ => constraints.push(self.constraint(part)?),
            }
        }
        Some(Field::new(attributes, name, ty, constraints, default, span))
    }

    /// A field, a reserved list, or a broken field; `None` for other rules.
    pub(crate) fn field_member(&mut self, pair: P) -> Option<Option<FieldMember>> {
        match pair.as_rule() {
            Rule::field => Some(Some(FieldMember::Field(self.field(pair)?))),
            Rule::reserved => {
                let span = self.span(&pair);
                let names = pair
                    .into_inner()
                    .skip(1)
                    .map(|name| self.ident(name))
                    .collect();
                Some(Some(FieldMember::Reserved(Reserved { names, span })))
            }
            Rule::bad_field => {
                self.bad(pair, Rule::field_member_only, "a field");
                Some(None)
            }
            _ => None,
        }
    }

    fn record(&mut self, pair: P) -> Option<RecordDecl> {
        let mut inner = pair.into_inner().skip(1);
        let name = self.ident(inner.next()?);
        let members = self.field_members(inner)?;
        Some(RecordDecl { name, members })
    }

    pub(crate) fn field_members<'i>(
        &mut self,
        pairs: impl Iterator<Item = P<'i>>,
    ) -> Option<ThinVec<FieldMember>> {
        let mut members = ThinVec::new();
        for pair in pairs {
            if let Some(member) = self.field_member(pair)? {
                members.push(member);
            }
        }
        Some(members)
    }

    fn entity(&mut self, pair: P) -> Option<EntityDecl> {
        let mut inner = pair.into_inner().skip(1);
        let name = self.ident(inner.next()?);
        let mut members = ThinVec::new();
        for member in inner {
            let entity_member = match member.as_rule() {
                Rule::entity_owner => EntityMember::Owner(self.path(nth(member, 1)?)),
                Rule::entity_record => EntityMember::Record(self.path(nth(member, 1)?)),
                Rule::entity_key => {
                    let span = self.span(&member);
                    EntityMember::Key(
                        member
                            .into_inner()
                            .skip(1)
                            .map(|name| self.ident(name))
                            .collect(),
                        span,
                    )
                }
                Rule::apply => EntityMember::Apply(self.apply(member)),
                Rule::bad_field => {
                    self.bad(
                        member,
                        Rule::entity_member_only,
                        "a field or entity clause (`owner`, `key`, `record`, `apply`)",
                    );
                    continue;
                }
                _ => match self.field_member(member)? {
                    Some(field) => EntityMember::Field(field),
                    None => continue,
                },
            };
            members.push(entity_member);
        }
        Some(EntityDecl { name, members })
    }

    fn event(&mut self, pair: P) -> Option<EventDecl> {
        let mut inner = pair.into_inner().skip(1);
        let name = self.ident(inner.next()?);
        let mut members = ThinVec::new();
        for member in inner {
            let span = self.span(&member);
            let event_member = match member.as_rule() {
                Rule::event_producer => EventMember::Producer(self.path(nth(member, 1)?)),
                Rule::event_about => EventMember::About(self.path(nth(member, 1)?)),
                Rule::event_key => EventMember::Key(self.path(nth(member, 1)?)),
                Rule::event_compatibility => {
                    EventMember::Compatibility(self.ident(nth(member, 1)?))
                }
                Rule::event_delivery => EventMember::Delivery(self.ident(nth(member, 1)?)),
                Rule::event_retention => {
                    let value = nth(member, 1)?;
                    match value.as_rule() {
                        Rule::duration => {
                            EventMember::Retention(Retention::For(self.duration(value)))
                        }
                        _ => EventMember::Retention(Retention::Forever(self.span(&value))),
                    }
                }
                Rule::event_compacted => EventMember::Compacted(span),
                Rule::event_dead_letter => {
                    EventMember::DeadLetter(nth(member, 1).map(|topic| self.string(topic)), span)
                }
                Rule::apply => EventMember::Apply(self.apply(member)),
                Rule::event_version => EventMember::Version(Box::new(self.event_version(member)?)),
                Rule::bad_event_member => {
                    self.bad(
                        member,
                        Rule::event_member_only,
                        "an event clause or version",
                    );
                    continue;
                }
                _ => continue,
            };
            members.push(event_member);
        }
        Some(EventDecl { name, members })
    }

    fn event_version(&mut self, pair: P) -> Option<EventVersion> {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let attributes = self.attributes(inner.next()?);
        let number = self.number(inner.nth(1)?);
        let body = inner.next()?;
        let schema = match body.as_rule() {
            Rule::version_fields => VersionSchema::Inline(self.field_members(body.into_inner())?),
            _ => VersionSchema::Named(self.type_expr(body)?),
        };
        Some(EventVersion {
            attributes,
            number,
            schema,
            span,
        })
    }

    fn policy(&mut self, pair: P) -> Option<PolicyDecl> {
        let mut inner = pair.into_inner().skip(1);
        let name = self.ident(inner.next()?);
        let mut rules = ThinVec::new();
        for rule in inner {
            let span = self.span(&rule);
            let kind = match rule.as_rule() {
                Rule::policy_require => PolicyRuleKind::Require(self.ident(nth(rule, 1)?)),
                Rule::auth => PolicyRuleKind::Auth(self.auth(rule)?),
                Rule::retry => PolicyRuleKind::Retry(Box::new(self.retry(rule)?)),
                Rule::timeout => PolicyRuleKind::Timeout(self.duration(nth(rule, 1)?)),
                Rule::policy_sla => {
                    let mut parts = rule.into_inner().skip(1);
                    PolicyRuleKind::Sla(self.ident(parts.next()?), self.duration(parts.next()?))
                }
                Rule::policy_pii => PolicyRuleKind::Pii(self.ident(nth(rule, 1)?)),
                Rule::policy_naming => {
                    let mut parts = rule.into_inner().skip(1);
                    PolicyRuleKind::Naming(self.ident(parts.next()?), self.ident(parts.next()?))
                }
                Rule::bad_policy_rule => {
                    self.bad(rule, Rule::policy_rule_only, "a policy rule");
                    continue;
                }
                _ => continue,
            };
            rules.push(PolicyRule { kind, span });
        }
        Some(PolicyDecl { name, rules })
    }

    pub(crate) fn retry(&mut self, pair: P) -> Option<Retry> {
        let span = self.span(&pair);
        let mut inner = pair.into_inner().skip(1);
        let attempts = self.number(inner.next()?);
        let mut retry = Retry {
            attempts,
            every: None,
            backoff: None,
            max: None,
            span,
        };
        while let Some(keyword) = inner.next() {
            let value = inner.next()?;
            match keyword.as_rule() {
                Rule::kw_every => retry.every = Some(self.duration(value)),
                Rule::kw_backoff => retry.backoff = Some(self.number(value)),
                _ => retry.max = Some(self.duration(value)),
            }
        }
        Some(retry)
    }

    pub(crate) fn auth(&mut self, pair: P) -> Option<Auth> {
        let span = self.span(&pair);
        let scheme_pair = nth(pair, 1)?;
        let mut parts = scheme_pair.into_inner();
        let scheme = self.ident(parts.next()?);
        let mut auth = Auth {
            scheme,
            flow: None,
            scopes: ThinVec::new(),
            header: None,
            span,
        };
        for part in parts {
            match part.as_rule() {
                Rule::ident => auth.flow = Some(self.ident(part)),
                Rule::string if auth.flow.is_some() => auth.scopes.push(self.string(part)),
                Rule::string => auth.header = Some(self.string(part)),
                _ => {}
            }
        }
        Some(auth)
    }
}

/// Moves `end` back over trailing blanks ([`is_blank`]) and `//` comments.
fn trim_trivia(text: &str, start: usize, end: usize) -> usize {
    let mut end = end;
    loop {
        let trimmed = start + text[start..end].trim_end_matches(is_blank).len();
        let line_start = text[start..trimmed]
            .rfind('\n')
            .map_or(start, |index| start + index + 1);
        match comment_start(&text[line_start..trimmed]) {
            Some(offset) => end = line_start + offset,
            None => return trimmed,
        }
    }
}

/// Where a `//` comment starts on a line, outside strings.
fn comment_start(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut in_string = false;
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'\\' if in_string => index += 1,
            b'"' => in_string = !in_string,
            b'/' if !in_string && bytes.get(index + 1) == Some(&b'/') => {
                // `///` is a doc comment, part of the tree; `////` is a comment.
                let doc =
                    bytes.get(index + 2) == Some(&b'/') && bytes.get(index + 3) != Some(&b'/');
                if !doc {
                    return Some(index);
                }
                index += 2;
            }
            _ => {}
        }
        index += 1;
    }
    None
}

/// The `n`th child of a pair.
pub(crate) fn nth(pair: P, n: usize) -> Option<P> {
    pair.into_inner().nth(n)
}
