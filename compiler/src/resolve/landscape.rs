//! Pass 2 for domains, systems, data declarations, entities, events, APIs and
//! policies.

use super::{duplicate, invalid_value, meta, missing, Resolver};
use crate::codes;
use crate::model::*;
use weft_language::syntax::{self as ast, ItemKind};
use weft_language::{Diagnostic, FileId, ParsedFile, Span};

const SYSTEM_KINDS: &[&str] = &[
    "mes",
    "erp",
    "wms",
    "qms",
    "plm",
    "scada",
    "supplier_portal",
    "ledger",
    "integration",
    "other",
];
const HOSTING: &[&str] = &["on_prem", "cloud", "saas"];
const CONNECTIVITY: &[&str] = &["reliable", "intermittent"];
const DELIVERY: &[&str] = &["real_time", "near_real_time", "batch"];
const MODES: &[&str] = &[
    "NONE",
    "BACKWARD",
    "BACKWARD_TRANSITIVE",
    "FORWARD",
    "FORWARD_TRANSITIVE",
    "FULL",
    "FULL_TRANSITIVE",
];
const REQUIREMENTS: &[&str] = &["idempotency", "audit", "dead_letter", "timeout", "key"];
const SLA_METRICS: &[&str] = &["latency", "freshness"];
const PII_MODES: &[&str] = &["within_domain", "allowed"];
const NAMING_SUBJECTS: &[&str] = &[
    "events",
    "apis",
    "operations",
    "fields",
    "types",
    "systems",
    "workflows",
];
const NAMING_STYLES: &[&str] = &["PascalCase", "camelCase", "snake_case", "UPPER_SNAKE"];
const AUTH_SCHEMES: &[&str] = &["oauth2", "api_key", "none"];
const OAUTH_FLOWS: &[&str] = &["client_credentials"];
const PAGINATION: &[&str] = &["cursor", "offset", "page"];

impl Resolver {
    /// The id given to this item in pass 1, unless it was a duplicate.
    pub(crate) fn decl_of(&self, file: FileId, item: &ast::Item) -> Option<DeclRef> {
        let name = item.kind.name()?;
        let package = self.packages.get(&file)?;
        let (decl, span) = self.table.names.get(&format!("{package}.{}", name.text))?;
        (*span == name.span).then_some(*decl)
    }

    pub(crate) fn resolve_landscape(&mut self, file: &ParsedFile) {
        for item in &file.items {
            let Some(decl) = self.decl_of(file.file, item) else {
                continue;
            };
            match (&item.kind, decl) {
                (ItemKind::Domain(domain), DeclRef::Domain(id)) => {
                    self.domain(file.file, id, domain)
                }
                (ItemKind::System(system), DeclRef::System(id)) => {
                    self.system(file.file, id, system)
                }
                (
                    ItemKind::TypeAlias(_) | ItemKind::Enum(_) | ItemKind::Record(_),
                    DeclRef::Type(id),
                ) => self.resolve_type_decl(file.file, id, item),
                (ItemKind::Entity(entity), DeclRef::Entity(id)) => {
                    self.entity(file.file, id, entity)
                }
                (ItemKind::Event(event), DeclRef::Event(id)) => self.event(file.file, id, event),
                (ItemKind::Api(api), DeclRef::Api(id)) => self.api(file.file, id, api),
                (ItemKind::Policy(policy), DeclRef::Policy(id)) => self.policy(id, policy),
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
                    self.model.domains[id.index()].owner = Some(text.value.clone());
                }
                ast::DomainClause::Contact(text) => {
                    if let Some(first) = contact {
                        duplicate(&mut self.diagnostics, "`contact`", text.span, first);
                    }
                    contact = Some(text.span);
                    self.model.domains[id.index()].contact = Some(text.value.clone());
                }
                ast::DomainClause::Apply(apply) => applied.extend(self.apply_clause(file, apply)),
            }
        }
        if owner.is_none() {
            missing(
                &mut self.diagnostics,
                "the owning team (`owner`)",
                decl.name.span,
                "add `owner \"Team name\"`: every domain has a team that answers for it",
            );
        }
        self.applied.insert(DeclRef::Domain(id), applied);
    }

    fn system(&mut self, file: FileId, id: SystemId, decl: &ast::SystemDecl) {
        let mut applied = Vec::new();
        let mut seen: Vec<(&str, Span)> = Vec::new();
        for clause in &decl.clauses {
            let (label, span) = match clause {
                ast::SystemClause::Domain(path) => ("`domain`", path.span),
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
                    self.model.systems[id.index()].kind =
                        self.one_of("system kind", value, SYSTEM_KINDS)
                }
                ast::SystemClause::Hosting(value) => {
                    self.model.systems[id.index()].hosting = self.one_of("hosting", value, HOSTING)
                }
                ast::SystemClause::Connectivity(value) => {
                    self.model.systems[id.index()].connectivity =
                        self.one_of("connectivity", value, CONNECTIVITY)
                }
                ast::SystemClause::Apply(apply) => applied.extend(self.apply_clause(file, apply)),
                ast::SystemClause::Consumes(consumes) => {
                    if let Some(event) = self.lookup_event(file, &consumes.event) {
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
                            duplicate(
                                &mut self.diagnostics,
                                "`consumes` of this event",
                                consumes.span,
                                first,
                            );
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
            missing(
                &mut self.diagnostics,
                "the system's domain (`domain`)",
                decl.name.span,
                "add `domain name`: every system belongs to one business domain",
            );
        }
        self.applied.insert(DeclRef::System(id), applied);
    }

    fn one_of(&mut self, what: &str, value: &ast::Ident, allowed: &[&str]) -> Option<String> {
        if allowed.contains(&value.text.as_str()) {
            Some(value.text.clone())
        } else {
            invalid_value(&mut self.diagnostics, what, value, allowed);
            None
        }
    }

    fn entity(&mut self, file: FileId, id: EntityId, decl: &ast::EntityDecl) {
        let mut applied = Vec::new();
        let mut fields = Vec::new();
        let mut record_from: Option<(TypeId, Span)> = None;
        let mut owner: Option<Span> = None;
        let mut key: Option<(Vec<ast::Ident>, Span)> = None;
        for member in &decl.members {
            match member {
                ast::EntityMember::Owner(path) => {
                    if let Some(first) = owner {
                        self.diagnostics.push(
                            Diagnostic::error(codes::DUPLICATE_MEMBER, format!("entity `{}` names two owners", decl.name.text), path.span, "second owner")
                                .with_label(first, "first owner")
                                .with_help("an entity has exactly one system of record; other systems read it through events or APIs"),
                        );
                        continue;
                    }
                    owner = Some(path.span);
                    self.model.entities[id.index()].owner = self.lookup_system(file, path);
                    self.model.entities[id.index()].owner_span = path.span;
                }
                ast::EntityMember::Key(names, span) => {
                    if let Some((_, first)) = &key {
                        duplicate(&mut self.diagnostics, "`key`", *span, *first);
                        continue;
                    }
                    key = Some((names.clone(), *span));
                }
                ast::EntityMember::Record(path) => {
                    match self.lookup(file, path, super::Expect::Type) {
                        Some(DeclRef::Type(record))
                            if matches!(self.model.type_def(record).kind, TypeKind::Record(_)) =>
                        {
                            record_from = Some((record, path.span))
                        }
                        Some(_) => self.diagnostics.push(
                            Diagnostic::error(
                                codes::WRONG_KIND,
                                format!("`{}` is not a record", path.dotted()),
                                path.span,
                                "expected a record",
                            )
                            .with_help("`record` names the record whose fields the entity has"),
                        ),
                        None => {}
                    }
                }
                ast::EntityMember::Apply(apply) => applied.extend(self.apply_clause(file, apply)),
                ast::EntityMember::Field(field) => fields.push(field.clone()),
            }
        }
        let mut record = self.resolve_fields(file, &fields);
        if let Some((source, _)) = record_from {
            if let TypeKind::Record(source) = &self.model.type_def(source).kind {
                let mut inherited = source.fields.clone();
                inherited.extend(record.fields);
                record.fields = inherited;
                record.reserved.extend(source.reserved.clone());
            }
        }
        let record_id = self.model.entity(id).record;
        record.entity = Some(id);
        if owner.is_none() {
            missing(
                &mut self.diagnostics,
                "the system of record (`owner`)",
                decl.name.span,
                "add `owner system`: exactly one system owns an entity's data",
            );
        }
        match key {
            None => missing(
                &mut self.diagnostics,
                "the entity's key (`key`)",
                decl.name.span,
                "add `key field` naming the field(s) that identify it",
            ),
            Some((names, _)) => {
                for name in &names {
                    if record.field(&name.text).is_none() {
                        self.diagnostics.push(
                            Diagnostic::error(
                                codes::INVALID_KEY,
                                format!(
                                    "the key `{}` is not a field of `{}`",
                                    name.text, decl.name.text
                                ),
                                name.span,
                                "no such field",
                            )
                            .with_help("name a field of the entity in `key`"),
                        );
                    }
                }
                self.model.entities[id.index()].key =
                    names.iter().map(|name| name.text.clone()).collect();
            }
        }
        self.model.types[record_id.index()].kind = TypeKind::Record(record);
        self.applied.insert(DeclRef::Entity(id), applied);
    }

    fn event(&mut self, file: FileId, id: EventId, decl: &ast::EventDecl) {
        let mut applied = Vec::new();
        let mut seen: Vec<(&str, Span)> = Vec::new();
        let mut key_path: Option<&ast::Path> = None;
        for member in &decl.members {
            let (label, span) = match member {
                ast::EventMember::Producer(path) => ("`producer`", path.span),
                ast::EventMember::About(path) => ("`about`", path.span),
                ast::EventMember::Key(path) => ("`key`", path.span),
                ast::EventMember::Compatibility(value) => ("`compatibility`", value.span),
                ast::EventMember::Delivery(value) => ("`delivery`", value.span),
                ast::EventMember::Retention(ast::Retention::For(duration)) => {
                    ("`retention`", duration.span)
                }
                ast::EventMember::Retention(ast::Retention::Forever(span)) => {
                    ("`retention`", *span)
                }
                ast::EventMember::Compacted(span) => ("`compacted`", *span),
                ast::EventMember::DeadLetter(_, span) => ("`dead_letter`", *span),
                ast::EventMember::Apply(_) | ast::EventMember::Version(_) => ("", Span::default()),
            };
            if !label.is_empty() {
                if let Some((_, first)) = seen.iter().find(|(seen_label, _)| *seen_label == label) {
                    duplicate(&mut self.diagnostics, label, span, *first);
                    continue;
                }
                seen.push((label, span));
            }
            match member {
                ast::EventMember::Producer(path) => {
                    self.model.events[id.index()].producer = self.lookup_system(file, path);
                    self.model.events[id.index()].producer_span = path.span;
                }
                ast::EventMember::About(path) => {
                    self.model.events[id.index()].about = self.lookup_entity(file, path);
                    self.model.events[id.index()].about_span = path.span;
                }
                ast::EventMember::Key(path) => {
                    key_path = Some(path);
                    self.model.events[id.index()].key = path
                        .segments
                        .iter()
                        .map(|segment| segment.text.clone())
                        .collect();
                }
                ast::EventMember::Compatibility(value) => {
                    if let Some(mode) = self
                        .one_of("compatibility mode", value, MODES)
                        .and_then(|mode| CompatibilityMode::parse(&mode))
                    {
                        self.model.events[id.index()].compatibility = mode;
                    }
                }
                ast::EventMember::Delivery(value) => {
                    self.model.events[id.index()].delivery =
                        self.one_of("delivery class", value, DELIVERY)
                }
                ast::EventMember::Retention(ast::Retention::For(duration)) => {
                    self.model.events[id.index()].retention_ms = Some(duration.millis)
                }
                ast::EventMember::Retention(ast::Retention::Forever(_)) => {
                    self.model.events[id.index()].retention_ms = None
                }
                ast::EventMember::Compacted(_) => self.model.events[id.index()].compacted = true,
                ast::EventMember::DeadLetter(topic, _) => {
                    self.model.events[id.index()].dead_letter =
                        Some(topic.as_ref().map(|topic| topic.value.clone()))
                }
                ast::EventMember::Apply(apply) => applied.extend(self.apply_clause(file, apply)),
                ast::EventMember::Version(version) => self.event_version(file, id, decl, version),
            }
        }
        if !seen.iter().any(|(label, _)| *label == "`producer`") {
            missing(
                &mut self.diagnostics,
                "the producing system (`producer`)",
                decl.name.span,
                "add `producer system`: every event has exactly one producer",
            );
        }
        if self.model.event(id).versions.is_empty() {
            missing(
                &mut self.diagnostics,
                "a version",
                decl.name.span,
                "add `version 1 { fields }`",
            );
        }
        if let Some(path) = key_path {
            self.check_event_key(id, path);
        }
        self.applied.insert(DeclRef::Event(id), applied);
    }

    fn event_version(
        &mut self,
        file: FileId,
        id: EventId,
        decl: &ast::EventDecl,
        version: &ast::EventVersion,
    ) {
        let Some(number) = version
            .number
            .text
            .parse::<u32>()
            .ok()
            .filter(|number| *number >= 1)
        else {
            self.diagnostics.push(
                Diagnostic::error(
                    codes::INVALID_VALUE,
                    "event versions are numbered from 1",
                    version.number.span,
                    "not a version number",
                )
                .with_help("number versions 1, 2, 3, ..."),
            );
            return;
        };
        if let Some(first) = self
            .model
            .event(id)
            .versions
            .iter()
            .find(|existing| existing.number == number)
        {
            let first = first.meta.span;
            duplicate(
                &mut self.diagnostics,
                &format!("version {number}"),
                version.number.span,
                first,
            );
            return;
        }
        let payload = match &version.schema {
            ast::VersionSchema::Inline(members) => {
                let record = self.resolve_fields(file, members);
                let event = &self.model.event(id).name;
                let name = Name {
                    package: event.package.clone(),
                    name: format!("{}V{number}", decl.name.text),
                    span: version.number.span,
                };
                self.model.types.push(TypeDef {
                    name,
                    meta: meta(&version.attributes, version.span),
                    kind: TypeKind::Record(record),
                });
                TypeId(u32::try_from(self.model.types.len() - 1).unwrap_or(u32::MAX))
            }
            ast::VersionSchema::Named(ty) => match self.resolve_type(file, ty) {
                Type::Named(record)
                    if matches!(self.model.type_def(record).kind, TypeKind::Record(_)) =>
                {
                    record
                }
                Type::Unknown => return,
                _ => {
                    self.diagnostics.push(
                        Diagnostic::error(
                            codes::INVALID_TYPE,
                            "an event's payload must be a record",
                            ty.span,
                            "not a record",
                        )
                        .with_help("name a record or entity, or write the fields in braces"),
                    );
                    return;
                }
            },
        };
        let mut version_meta = meta(&version.attributes, version.span);
        version_meta.span = version.number.span;
        self.model.events[id.index()].versions.push(EventVersion {
            number,
            payload,
            meta: version_meta,
        });
    }

    /// The partition key must be a field path of every version's payload.
    fn check_event_key(&mut self, id: EventId, path: &ast::Path) {
        for version in self.model.event(id).versions.clone() {
            let mut ty = Type::Named(version.payload);
            for segment in &path.segments {
                let record = match self.underlying(ty.required()) {
                    Type::Named(record_id) => match &self.model.type_def(record_id).kind {
                        TypeKind::Record(record) => Some(record.clone()),
                        _ => None,
                    },
                    _ => None,
                };
                match record.and_then(|record| record.field(&segment.text).cloned()) {
                    Some(field) => ty = field.ty,
                    None => {
                        self.diagnostics.push(
                            Diagnostic::error(
                                codes::INVALID_KEY,
                                format!(
                                    "the key `{}` is not a field of version {}",
                                    path.dotted(),
                                    version.number
                                ),
                                segment.span,
                                "no such field",
                            )
                            .with_label(version.meta.span, "this version")
                            .with_help(
                                "the partition key must be a field of every version's payload",
                            ),
                        );
                        return;
                    }
                }
            }
        }
    }

    fn api(&mut self, file: FileId, id: ApiId, decl: &ast::ApiDecl) {
        let mut applied = Vec::new();
        let mut seen: Vec<(&str, Span)> = Vec::new();
        for member in &decl.members {
            let (label, span) = match member {
                ast::ApiMember::Host(path) => ("`host`", path.span),
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
                    self.model.apis[id.index()].host = self.lookup_system(file, path);
                    self.model.apis[id.index()].host_span = path.span;
                }
                ast::ApiMember::Version(version) => {
                    self.model.apis[id.index()].version =
                        (version.major, version.minor, version.patch)
                }
                ast::ApiMember::Base(base) => self.model.apis[id.index()].base = base.value.clone(),
                ast::ApiMember::Auth(auth) => self.model.apis[id.index()].auth = self.auth(auth),
                ast::ApiMember::Apply(apply) => applied.extend(self.apply_clause(file, apply)),
                ast::ApiMember::Operation(operation) => {
                    if let Some(first) = self
                        .model
                        .api(id)
                        .operations
                        .iter()
                        .find(|existing| existing.name == operation.name.text)
                    {
                        let first = first.meta.span;
                        duplicate(
                            &mut self.diagnostics,
                            &format!("operation `{}`", operation.name.text),
                            operation.name.span,
                            first,
                        );
                        continue;
                    }
                    let index = self.model.api(id).operations.len();
                    let resolved = self.operation(file, OperationRef { api: id, index }, operation);
                    self.model.apis[id.index()].operations.push(resolved);
                }
            }
        }
        if !seen.iter().any(|(label, _)| *label == "`host`") {
            missing(
                &mut self.diagnostics,
                "the hosting system (`host`)",
                decl.name.span,
                "add `host system`: every API is served by one system",
            );
        }
        if !seen.iter().any(|(label, _)| *label == "`version`") {
            missing(
                &mut self.diagnostics,
                "the API's version (`version`)",
                decl.name.span,
                "add `version 1.0.0`",
            );
        }
        let api_auth = self.model.api(id).auth.clone();
        for operation in &mut self.model.apis[id.index()].operations {
            if operation.auth.is_none() {
                operation.auth = api_auth.clone();
            }
        }
        self.applied.insert(DeclRef::Api(id), applied);
    }

    fn operation(
        &mut self,
        file: FileId,
        reference: OperationRef,
        decl: &ast::Operation,
    ) -> Operation {
        let mut operation = Operation {
            name: decl.name.text.clone(),
            meta: {
                let mut meta = meta(&decl.attributes, decl.span);
                meta.span = decl.name.span;
                meta
            },
            method: decl.method.text.clone(),
            path: decl.path.value.clone(),
            params: Vec::new(),
            body: None,
            responses: Vec::new(),
            errors: Vec::new(),
            reads: Vec::new(),
            writes: Vec::new(),
            auth: None,
            idempotent: false,
            audited: false,
            paginated: None,
            policies: Vec::new(),
        };
        let mut applied = Vec::new();
        for member in &decl.members {
            match member {
                ast::OperationMember::Param(param) => {
                    let location = match param.location {
                        ast::ParamLocation::Path => ParamIn::Path,
                        ast::ParamLocation::Query => ParamIn::Query,
                        ast::ParamLocation::Header => ParamIn::Header,
                    };
                    if operation
                        .params
                        .iter()
                        .any(|existing| existing.field.name == param.field.name.text)
                    {
                        duplicate(
                            &mut self.diagnostics,
                            &format!("parameter `{}`", param.field.name.text),
                            param.field.name.span,
                            param.field.name.span,
                        );
                        continue;
                    }
                    let field = self.resolve_field(file, &param.field);
                    operation.params.push(Parameter { location, field });
                }
                ast::OperationMember::Body(ty) => {
                    operation.body = Some(self.resolve_type(file, ty))
                }
                ast::OperationMember::Response(response) => operation.responses.push(ResponseDef {
                    status: response.status.text.parse().unwrap_or(0),
                    body: response.body.as_ref().map(|ty| self.resolve_type(file, ty)),
                    description: response.description.as_ref().map(|text| text.value.clone()),
                }),
                ast::OperationMember::Error(error) => operation.errors.push(ErrorDef {
                    status: error.status.text.parse().unwrap_or(0),
                    name: error.name.text.clone(),
                    description: error.description.as_ref().map(|text| text.value.clone()),
                }),
                ast::OperationMember::Reads(path) => {
                    operation.reads.extend(self.lookup_entity(file, path))
                }
                ast::OperationMember::Writes(path) => {
                    if let Some(entity) = self.lookup_entity(file, path) {
                        operation.writes.push((entity, path.span));
                    }
                }
                ast::OperationMember::Auth(auth) => operation.auth = self.auth(auth),
                ast::OperationMember::Idempotent(_) => operation.idempotent = true,
                ast::OperationMember::Audited(_) => operation.audited = true,
                ast::OperationMember::Paginated(style) => {
                    operation.paginated = self.one_of("pagination style", style, PAGINATION)
                }
                ast::OperationMember::Apply(apply) => {
                    applied.extend(self.apply_clause(file, apply))
                }
            }
        }
        self.check_path_params(decl, &operation);
        for response in &operation.responses {
            if !(200..300).contains(&response.status) {
                self.status_out_of_range(
                    decl,
                    response.status,
                    "a success response needs a 2xx status",
                );
            }
        }
        for error in &operation.errors {
            if !(400..600).contains(&error.status) {
                self.status_out_of_range(decl, error.status, "an error needs a 4xx or 5xx status");
            }
        }
        self.applied_to_operations.insert(reference, applied);
        operation
    }

    fn status_out_of_range(&mut self, decl: &ast::Operation, status: u16, help: &str) {
        self.diagnostics.push(
            Diagnostic::error(
                codes::INVALID_VALUE,
                format!("HTTP status {status} does not fit here"),
                decl.name.span,
                "in this operation",
            )
            .with_help(help.to_string()),
        );
    }

    /// Every `{name}` in the path has a `path` parameter, and vice versa.
    fn check_path_params(&mut self, decl: &ast::Operation, operation: &Operation) {
        let placeholders: Vec<&str> = operation
            .path
            .split('{')
            .skip(1)
            .filter_map(|part| part.split_once('}').map(|(name, _)| name))
            .collect();
        for placeholder in &placeholders {
            let declared = operation
                .params
                .iter()
                .any(|param| param.location == ParamIn::Path && param.field.name == *placeholder);
            if !declared {
                self.diagnostics.push(
                    Diagnostic::error(codes::MISSING_ARGUMENT, format!("the path mentions `{{{placeholder}}}` but no `path {placeholder}` parameter is declared"), decl.path.span, "in this path")
                        .with_help(format!("add `path {placeholder}: string` (or its real type) to the operation")),
                );
            }
        }
        for param in operation
            .params
            .iter()
            .filter(|param| param.location == ParamIn::Path)
        {
            if !placeholders.contains(&param.field.name.as_str()) {
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
                    .with_help(format!(
                        "add `{{{}}}` to the path, or make it a `query` parameter",
                        param.field.name
                    )),
                );
            }
        }
    }

    pub(crate) fn auth(&mut self, auth: &ast::Auth) -> Option<Auth> {
        let scheme = self.one_of("authentication scheme", &auth.scheme, AUTH_SCHEMES)?;
        let flow = match &auth.flow {
            Some(flow) => Some(self.one_of("OAuth2 flow", flow, OAUTH_FLOWS)?),
            None => None,
        };
        Some(Auth {
            scheme,
            flow,
            scopes: auth
                .scopes
                .iter()
                .map(|scope| scope.value.clone())
                .collect(),
            header: auth.header.as_ref().map(|header| header.value.clone()),
        })
    }

    fn policy(&mut self, id: PolicyId, decl: &ast::PolicyDecl) {
        let mut rules = Vec::new();
        for rule in &decl.rules {
            let kind = match &rule.kind {
                ast::PolicyRuleKind::Require(what) => {
                    match self.one_of("requirement", what, REQUIREMENTS).as_deref() {
                        Some("idempotency") => RuleKind::RequireIdempotency,
                        Some("audit") => RuleKind::RequireAudit,
                        Some("dead_letter") => RuleKind::RequireDeadLetter,
                        Some("timeout") => RuleKind::RequireTimeout,
                        Some(_) => RuleKind::RequireKey,
                        None => continue,
                    }
                }
                ast::PolicyRuleKind::Auth(auth) => match self.auth(auth) {
                    Some(auth) => RuleKind::Auth(auth),
                    None => continue,
                },
                ast::PolicyRuleKind::Retry(retry) => RuleKind::Retry(retry_policy(retry)),
                ast::PolicyRuleKind::Timeout(duration) => RuleKind::Timeout(duration.millis),
                ast::PolicyRuleKind::Sla(metric, duration) => {
                    match self.one_of("SLA metric", metric, SLA_METRICS).as_deref() {
                        Some("latency") => RuleKind::SlaLatency(duration.millis),
                        Some(_) => RuleKind::SlaFreshness(duration.millis),
                        None => continue,
                    }
                }
                ast::PolicyRuleKind::Pii(mode) => {
                    match self.one_of("PII rule", mode, PII_MODES).as_deref() {
                        Some("within_domain") => RuleKind::PiiWithinDomain,
                        Some(_) => RuleKind::PiiAllowed,
                        None => continue,
                    }
                }
                ast::PolicyRuleKind::Naming(subject, style) => {
                    let subject = self.one_of("naming subject", subject, NAMING_SUBJECTS);
                    let style = self.one_of("naming style", style, NAMING_STYLES);
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

/// A retry clause as settings.
pub(crate) fn retry_policy(retry: &ast::Retry) -> RetryPolicy {
    RetryPolicy {
        attempts: retry.attempts.text.parse().unwrap_or(0),
        interval_ms: retry.every.as_ref().map(|every| every.millis),
        backoff: retry.backoff.as_ref().map(|backoff| backoff.text.clone()),
        max_interval_ms: retry.max.as_ref().map(|max| max.millis),
    }
}
