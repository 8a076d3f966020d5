//! Events: producer, subject, partition key, compatibility, delivery,
//! retention, dead-letter route and versions (written inline or naming a
//! record); the key must be a field of every version.

use super::{duplicate, meta, Resolver};
use crate::codes;
use crate::model::*;
use rustc_hash::FxHashMap;
use weft_syntax::syntax as ast;
use weft_syntax::{Diagnostic, FileId, Span};

impl Resolver {
    pub(crate) fn event(&mut self, file: FileId, id: EventId, decl: &ast::EventDecl) {
        let mut applied = Vec::new();
        // Clauses met so far: a handful, kept on the stack.
        let mut seen: super::Seen<'_> = super::Seen::new();
        let mut key_path: Option<&ast::Path> = None;
        let mut has_version = false;
        // Version number → span of the version that took it: a scan of the
        // versions resolved so far made long events quadratic.
        let mut numbers: FxHashMap<u32, Span> = FxHashMap::default();
        for member in &decl.members {
            let (label, span) = match member {
                ast::EventMember::Producer(path) => ("`producer`", path.span()),
                ast::EventMember::About(path) => ("`about`", path.span()),
                ast::EventMember::Key(path) => ("`key`", path.span()),
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
            let event = &mut self.model.events[id.index()];
            match member {
                ast::EventMember::Producer(path) => {
                    event.producer_span = path.span();
                    self.model.events[id.index()].producer = self.lookup_system(file, path);
                }
                ast::EventMember::About(path) => {
                    event.about_span = path.span();
                    self.model.events[id.index()].about = self.lookup_entity(file, path);
                }
                ast::EventMember::Key(path) => {
                    key_path = Some(path);
                    event.key = path
                        .segments
                        .iter()
                        .map(|segment| segment.text.to_smol_str())
                        .collect();
                }
                ast::EventMember::Compatibility(value) => {
                    if let Some(mode) = self.one_of("compatibility mode", value) {
                        self.model.events[id.index()].compatibility = mode;
                    }
                }
                ast::EventMember::Delivery(value) => {
                    self.model.events[id.index()].delivery = self.one_of("delivery class", value)
                }
                ast::EventMember::Retention(ast::Retention::For(duration)) => {
                    let millis = self.millis(duration);
                    self.model.events[id.index()].retention_ms = Some(millis)
                }
                ast::EventMember::Retention(ast::Retention::Forever(_)) => {
                    event.retention_ms = None
                }
                ast::EventMember::Compacted(_) => event.compacted = true,
                ast::EventMember::DeadLetter(topic, _) => {
                    event.dead_letter =
                        Some(topic.as_ref().map(|topic| topic.value.as_str().to_string()))
                }
                ast::EventMember::Apply(apply) => applied.extend(self.apply_clause(file, apply)),
                ast::EventMember::Version(version) => {
                    has_version = true;
                    self.event_version(file, id, decl, version, &mut numbers)
                }
            }
        }
        if !seen.iter().any(|(label, _)| *label == "`producer`") {
            // Written but not parsed: the producer is named there, as an
            // unknown one would be, so the event's readers are not told
            // that nothing produces it (E504, W503) on top of the syntax
            // error.
            if let Some(written) = self.unparsed_clause(DeclRef::Event(id), "producer") {
                self.model.events[id.index()].producer_span = written;
            }
            self.missing_clause(
                (DeclRef::Event(id), "producer"),
                &format!("event `{}`", decl.name.text),
                "producer (`producer`)",
                decl.name.span,
                "add `producer system`: every event has exactly one producer",
            );
        }
        if !has_version {
            self.missing_clause(
                (DeclRef::Event(id), "version"),
                &format!("event `{}`", decl.name.text),
                "version",
                decl.name.span,
                "add `version 1 { fields }`, or `version 1 = Record`",
            );
        }
        if let Some(path) = key_path {
            self.check_event_key(id, path);
        }
        self.record_applied(DeclRef::Event(id), applied);
    }

    fn event_version(
        &mut self,
        file: FileId,
        id: EventId,
        decl: &ast::EventDecl,
        version: &ast::EventVersion,
        numbers: &mut FxHashMap<u32, Span>,
    ) {
        let parsed = version.number.text.parse::<u32>();
        let digits = version
            .number
            .text
            .bytes()
            .all(|byte| byte.is_ascii_digit());
        if parsed.is_err() && digits {
            // Only too many digits: say so rather than "not a version".
            self.whole_u32(&version.number, "an event version");
            return;
        }
        let Some(number) = parsed.ok().filter(|number| *number >= 1) else {
            self.diagnostics.push(
                Diagnostic::error(
                    codes::INVALID_VALUE,
                    format!("`{}` is not a version number", version.number.text),
                    version.number.span,
                    "not a version number",
                )
                .with_help("number an event's versions 1, 2, 3, ..."),
            );
            return;
        };
        if let Some(&first) = numbers.get(&number) {
            let what = format!("version {number}");
            duplicate(&mut self.diagnostics, &what, version.number.span, first);
            return;
        }
        let payload = match &version.schema {
            ast::VersionSchema::Inline(members) => {
                let record = self.resolve_fields(file, members);
                let event = &self.model.event(id).name;
                let name = Name {
                    package: event.package,
                    name: version_record_name(&decl.name.text, number),
                    span: version.number.span,
                };
                // The payload is a record of the package by that name in
                // every schema (`PlacedV2`): a declared type of the same
                // name would be taken for it, or it for the type.
                if let Some((DeclRef::Type(_) | DeclRef::Entity(_), declared)) =
                    self.table.get_in(name.package.as_str(), name.name)
                {
                    self.diagnostics.push(
                        Diagnostic::error(
                            codes::DUPLICATE_DECLARATION,
                            format!(
                                "`{}` names both a declared type and the payload of version {number} of event `{}`",
                                name.name, decl.name.text
                            ),
                            declared,
                            "declared here",
                        )
                        .with_label(version.number.span, "this version's payload is the record of that name")
                        .with_help("rename the declared type: an inline payload is the record `<Event>V<version>` of the event's package in the schemas"),
                    );
                }
                let mut payload = TypeDef {
                    name,
                    meta: meta(&version.attributes, version.span),
                    kind: TypeKind::Record(record),
                };
                payload.shrink_to_fit();
                self.model.types.push(payload);
                TypeId(u32::try_from(self.model.types.len().saturating_sub(1)).unwrap_or(u32::MAX))
            }
            ast::VersionSchema::Named(ty) => {
                let resolved = self.resolve_type(file, ty);
                match self.underlying(&resolved) {
                    Type::Named(record)
                        if matches!(self.model.type_def(record).kind, TypeKind::Record(_))
                            && !ty.optional() =>
                    {
                        record
                    }
                    Type::Unknown => return,
                    _ => {
                        let name = self.type_name(&resolved);
                        self.diagnostics.push(
                            Diagnostic::error(
                                codes::INVALID_TYPE,
                                format!("an event's payload must be a record, not {name}"),
                                ty.span(),
                                "not a record",
                            )
                            .with_help("name a record or an entity, or write the fields in braces: `version 1 { field: Type }`"),
                        );
                        return;
                    }
                }
            }
        };
        let mut version_meta = meta(&version.attributes, version.span);
        version_meta.span = version.number.span;
        numbers.insert(number, version.number.span);
        self.model.events[id.index()].versions.push(EventVersion {
            number,
            payload,
            meta: version_meta,
        });
    }

    /// The partition key must be a field path of every version's payload.
    /// Each segment is recorded as a reference to the field of the latest
    /// version's payload (one definition per use site).
    fn check_event_key(&mut self, id: EventId, path: &ast::Path) {
        // What each version's check needs, copied out (not the versions
        // themselves) so that references can be recorded while walking.
        let versions: Vec<(u32, TypeId, Span)> = self
            .model
            .event(id)
            .versions
            .iter()
            .map(|version| (version.number, version.payload, version.meta.span))
            .collect();
        let latest = versions.iter().map(|version| version.0).max();
        let payloads: Vec<TypeId> = versions.iter().map(|version| version.1).collect();
        let compacted = self.model.event(id).compacted;
        // The first version whose key may be null, with the field that
        // makes it so: a compacted topic refuses a record without a key.
        let mut nullable: Option<(u32, &ast::Ident)> = None;
        for version in versions {
            let mut ty = Type::Named(version.1);
            for segment in &path.segments {
                let (record_id, record) = match self.model.underlying(&ty) {
                    Type::Named(record_id) => match &self.model.type_def(*record_id).kind {
                        TypeKind::Record(record) => (*record_id, record),
                        _ => {
                            self.key_not_found(path, segment, version, None, &payloads);
                            return;
                        }
                    },
                    _ => {
                        self.key_not_found(path, segment, version, None, &payloads);
                        return;
                    }
                };
                match record
                    .fields
                    .iter()
                    .position(|field| field.name == segment.text)
                {
                    Some(index) => {
                        ty = record.fields[index].ty.clone();
                        if ty.is_optional() && nullable.is_none() {
                            nullable = Some((version.0, segment));
                        }
                        if Some(version.0) == latest {
                            let to = Definition::Field {
                                record: record_id,
                                field: index,
                            };
                            self.refer(segment.span, to);
                        }
                    }
                    None => {
                        let names: Vec<String> = record
                            .fields
                            .iter()
                            .map(|field| field.name.to_string())
                            .collect();
                        self.key_not_found(path, segment, version, Some(names), &payloads);
                        return;
                    }
                }
            }
        }
        if let (true, Some((version, segment))) = (compacted, nullable) {
            self.diagnostics.push(
                Diagnostic::error(
                    codes::MISSING_KEY,
                    format!(
                        "the key `{}` of compacted event `{}` can be null: `{}` is optional in version {version}",
                        path.dotted(),
                        self.model.event(id).name.name,
                        segment.text
                    ),
                    segment.span,
                    "optional",
                )
                .with_help("Kafka refuses a record without a key on a compacted topic: key the event by a field every version always has, or make this one required"),
            );
        }
    }

    /// Whether the key `path`, one name that no version has (`key
    /// ponumber`), may be replaced by `meant`: every version's payload has
    /// that field. With one version missing a field the others have, the
    /// key may be right and the version wrong: then only the help suggests.
    fn key_misspelt(&self, path: &ast::Path, payloads: &[TypeId], meant: &str) -> bool {
        let [written] = path.segments.as_slice() else {
            return false;
        };
        let has = |payload: TypeId, name: &str| match &self.model.type_def(payload).kind {
            TypeKind::Record(record) => record.fields.iter().any(|field| field.name == name),
            _ => false,
        };
        payloads.iter().all(|&payload| has(payload, meant))
            && !payloads.iter().any(|&payload| has(payload, &written.text))
    }

    fn key_not_found(
        &mut self,
        path: &ast::Path,
        segment: &ast::Ident,
        (number, _, declared): (u32, TypeId, Span),
        fields: Option<Vec<String>>,
        payloads: &[TypeId],
    ) {
        let meant = fields.as_ref().and_then(|fields| {
            weft_base::suggest::suggest(&segment.text, fields.iter().map(String::as_str))
        });
        let help = match (&fields, meant) {
            (None, _) => format!("`{}` is not a record, so it has no fields; the partition key must be a field of every version's payload", path.dotted()),
            (Some(_), Some(field)) => format!("did you mean `{field}`? The partition key must be a field of every version's payload"),
            (Some(_), None) => "the partition key must be a field of every version's payload: add the field to this version, or key the event by another field".to_string(),
        };
        let fix = meant.filter(|meant| self.key_misspelt(path, payloads, meant));
        self.diagnostics.push(
            Diagnostic::error(
                codes::INVALID_KEY,
                format!(
                    "the key `{}` is not a field of version {}",
                    path.dotted(),
                    number
                ),
                segment.span,
                "no such field",
            )
            .with_label(declared, format!("version {number} is declared here"))
            .with_help(help)
            .with_replacement(segment.span, fix),
        );
    }
}

/// The name of the record an inline version's payload is (`PlacedV2`),
/// composed without the formatting machinery: every version of the
/// project's events has one.
fn version_record_name(event: &str, number: u32) -> weft_base::Name {
    let mut name = smol_str::SmolStrBuilder::new();
    name.push_str(event);
    name.push('V');
    name.push_str(itoa::Buffer::new().format(number));
    weft_base::Name::new(&name.finish())
}
