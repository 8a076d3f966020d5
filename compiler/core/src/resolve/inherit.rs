//! Entities that take their fields from a record (`record R`): the fields
//! are merged sources first, so chains of entities work in any order; a chain
//! that comes back to itself is reported once and broken. Inherited fields
//! get their constraints and defaults once those are known.

use super::Resolver;
use crate::codes;
use crate::model::*;
use weft_syntax::{Diagnostic, Span};

impl Resolver {
    /// Gives each entity the fields of the record it names, sources first.
    /// A chain of entities that comes back to itself is reported once.
    pub(crate) fn merge_entity_records(&mut self) {
        const TODO: u8 = 0;
        const ON_PATH: u8 = 1;
        const DONE: u8 = 2;
        let mut state = vec![TODO; self.model.entities.len()];
        for start in 0..self.model.entities.len() {
            let mut path: Vec<EntityId> = Vec::new();
            let mut current = EntityId(u32::try_from(start).unwrap_or(u32::MAX));
            loop {
                match state.get(current.index()).copied() {
                    Some(TODO) => {}
                    Some(ON_PATH) => {
                        let from = path.iter().position(|id| *id == current).unwrap_or(0);
                        self.report_entity_cycle(&path[from..]);
                        break;
                    }
                    _ => break,
                }
                state[current.index()] = ON_PATH;
                path.push(current);
                let next = self
                    .entity_sources
                    .get(&current)
                    .and_then(|(source, _)| self.record_entity(*source));
                match next {
                    Some(next) => current = next,
                    None => break,
                }
            }
            for id in path.into_iter().rev() {
                self.merge_entity_record(id);
                state[id.index()] = DONE;
            }
        }
    }

    /// The entity a record belongs to, if it is an entity's.
    fn record_entity(&self, record: TypeId) -> Option<EntityId> {
        match &self.model.types.get(record.index())?.kind {
            TypeKind::Record(record) => record.entity,
            _ => None,
        }
    }

    fn report_entity_cycle(&mut self, cycle: &[EntityId]) {
        let Some(first) = cycle.first().copied() else {
            return;
        };
        let span_of = |resolver: &Resolver, id: EntityId| {
            resolver
                .entity_sources
                .get(&id)
                .map_or(resolver.model.entity(id).name.span, |(_, span)| *span)
        };
        let first_name = self.model.entity(first).name.name;
        let message = if cycle.len() == 1 {
            format!("entity `{first_name}` takes its fields from itself")
        } else {
            let names: Vec<String> = cycle
                .iter()
                .chain(std::iter::once(&first))
                .map(|id| format!("`{}`", self.model.entity(*id).name.name))
                .collect();
            format!(
                "these entities take their fields from each other: {}",
                names.join(" → ")
            )
        };
        let mut diagnostic = Diagnostic::error(
            codes::INVALID_TYPE,
            message,
            span_of(self, first),
            "takes its fields from here",
        )
        .with_help(format!(
            "write the fields in `{first_name}` itself, or name a record that does not lead back to it"
        ));
        for id in cycle.iter().skip(1) {
            let name = self.model.entity(*id).name.name;
            diagnostic = diagnostic.with_label(
                span_of(self, *id),
                format!("`{name}` takes its fields from here"),
            );
        }
        self.diagnostics.push(diagnostic);
        for id in cycle {
            self.entity_sources.remove(id);
            self.incomplete_entities.insert(*id);
        }
    }

    /// Puts the source record's fields before the entity's own.
    fn merge_entity_record(&mut self, id: EntityId) {
        let Some((source, _)) = self.entity_sources.get(&id).copied() else {
            return;
        };
        let TypeKind::Record(inherited) = self.model.type_def(source).kind.clone() else {
            return;
        };
        let source_name = self.model.type_def(source).name.name;
        let record_id = self.model.entity(id).record;
        let TypeKind::Record(own) = &mut self.model.types[record_id.index()].kind else {
            return;
        };
        let own_fields = std::mem::take(&mut own.fields);
        let mut merged = inherited.fields.clone();
        let mut clashes = Vec::new();
        for field in own_fields {
            match inherited.field_named(field.name) {
                Some(first) => clashes.push((field.name, field.name_span, first.name_span)),
                None => merged.push(field),
            }
        }
        own.fields = merged;
        let reserved_clashes: Vec<(weft_base::Name, Span)> = own
            .fields
            .iter()
            .skip(inherited.fields.len())
            .filter(|field| inherited.reserved.iter().any(|name| *name == field.name))
            .map(|field| (field.name, field.name_span))
            .collect();
        // Through the check: extending would box an empty list.
        if !inherited.reserved.is_empty() {
            own.reserved.extend(inherited.reserved.iter().cloned());
        }
        for (name, span, first) in clashes {
            self.diagnostics.push(
                Diagnostic::error(
                    codes::DUPLICATE_MEMBER,
                    format!("field `{name}` is already in `{source_name}`"),
                    span,
                    "given again here",
                )
                .with_label(first, format!("`{source_name}` declares it here"))
                .with_help(format!("the entity takes every field of `{source_name}`: remove this one, or rename it")),
            );
        }
        for (name, span) in reserved_clashes {
            self.diagnostics.push(
                Diagnostic::error(
                    codes::DUPLICATE_MEMBER,
                    format!("field `{name}` reuses a name `{source_name}` reserves"),
                    span,
                    "reserved name",
                )
                .with_label(self.model.type_def(source).name.span, format!("`{source_name}` is declared here"))
                .with_help("a reserved name belonged to a removed field, and readers of old data would misread this one: pick another name"),
            );
        }
        self.entity_merges
            .push((id, source, inherited.fields.len()));
    }

    /// After constraints and defaults are known, copies them into the
    /// inherited fields (sources come first in `entity_merges`).
    pub(crate) fn refresh_entity_records(&mut self) {
        for (id, source, count) in self.entity_merges.clone() {
            let TypeKind::Record(inherited) = self.model.type_def(source).kind.clone() else {
                continue;
            };
            let record_id = self.model.entity(id).record;
            if let TypeKind::Record(record) = &mut self.model.types[record_id.index()].kind {
                if inherited.fields.len() == count && record.fields.len() >= count {
                    record.fields.splice(..count, inherited.fields);
                }
            }
        }
    }
}
