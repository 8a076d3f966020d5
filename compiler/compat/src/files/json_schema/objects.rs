//! Objects under Confluent's content-model rules: a property only the
//! reader declares, only the writer declares, or that became required, and a
//! reader whose `additionalProperties` is more closed than the writer's.
//! Whether adding or removing a property is compatible depends on whether the
//! other side's model is open, closed or partially open (COMPAT.md §5.4).

use super::compare::{accepts_anything, Comparer};
use super::parse::{Additional, Document, Keywords, Node, SchemaId};
use crate::files::{Finding, FindingBuilder, Location};
use weft_base::codes;

/// True when a schema has a `default`.
fn has_default(document: &Document, id: SchemaId) -> bool {
    matches!(document.node(id), Node::Schema(keywords) if keywords.default.is_some())
}

impl<'a> Comparer<'a> {
    pub(super) fn object(
        &mut self,
        writer: &'a Keywords,
        reader: &'a Keywords,
        location: &Location,
    ) -> Vec<Finding> {
        let mut findings = Vec::new();
        for (name, writer_property) in &writer.properties {
            let at = location.member(name, &["properties", name]);
            match reader.properties.get(name) {
                Some(reader_property) => {
                    if reader.required.contains(name)
                        && !writer.required.contains(name)
                        && !has_default(self.reader, *reader_property)
                    {
                        findings.push(self.became_required(&at));
                    }
                    findings.extend(self.compare(*writer_property, *reader_property, &at));
                }
                None => match &reader.additional {
                    Additional::Open => {}
                    Additional::Schema(others) => {
                        findings.extend(self.compare(*writer_property, *others, &at));
                    }
                    Additional::Closed => {
                        if !matches!(self.writer.node(*writer_property), Node::Bool(false)) {
                            findings.push(self.not_in_closed_model(name, &at));
                        }
                    }
                },
            }
        }
        for (name, reader_property) in &reader.properties {
            if writer.properties.contains_key(name) {
                continue;
            }
            let at = location.member(name, &["properties", name]);
            match &writer.additional {
                Additional::Open => {
                    if !accepts_anything(self.reader, *reader_property) {
                        findings.push(self.added_to_open_model(name, &at));
                    }
                    continue;
                }
                Additional::Schema(others) => {
                    findings.extend(self.compare(*others, *reader_property, &at));
                }
                Additional::Closed => {}
            }
            if reader.required.contains(name) && !has_default(self.reader, *reader_property) {
                findings.push(self.required_missing(name, &at));
            }
        }
        // `required` names the reader does not declare as properties (as in
        // an `allOf` subschema that only lists them).
        for name in &reader.required {
            if !reader.properties.contains_key(name) && !writer.required.contains(name) {
                findings.push(self.became_required(&location.member(name, &["required"])));
            }
        }
        findings.extend(self.additional(writer, reader, location));
        findings.extend(self.object_keywords(writer, reader, location));
        findings.extend(self.size_bounds(
            (
                "maxProperties",
                writer.max_properties,
                reader.max_properties,
            ),
            (
                "minProperties",
                writer.min_properties,
                reader.min_properties,
            ),
            location,
        ));
        findings
    }

    /// Dependencies, pattern properties and property names: the reader
    /// may only ask for what the writer already guaranteed (E251).
    fn object_keywords(
        &mut self,
        writer: &'a Keywords,
        reader: &'a Keywords,
        location: &Location,
    ) -> Vec<Finding> {
        let mut findings = Vec::new();
        for (name, needed) in &reader.dependent_required {
            let guaranteed = |other: &String| {
                writer.required.contains(other)
                    || writer
                        .dependent_required
                        .get(name)
                        .is_some_and(|given| given.contains(other))
            };
            let missing: Vec<&String> = needed.iter().filter(|other| !guaranteed(other)).collect();
            if !missing.is_empty() {
                let names = missing
                    .iter()
                    .map(|other| format!("`{other}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                findings.push(self.narrowed(
                    &location.token("dependentRequired").token(name.clone()),
                    format!("the dependency of `{name}` on {names}"),
                    format!("objects with `{name}` but without {names}"),
                ));
            }
        }
        for (name, reader_schema) in &reader.dependent_schemas {
            let at = location.token("dependentSchemas").token(name.clone());
            let narrowed = match writer.dependent_schemas.get(name) {
                Some(writer_schema) => {
                    let found = self.compare(*writer_schema, *reader_schema, &at);
                    !found.is_empty()
                        && found
                            .iter()
                            .any(|finding| finding.severity == weft_base::Severity::Error)
                }
                None => !accepts_anything(self.reader, *reader_schema),
            };
            if narrowed {
                findings.push(self.narrowed(
                    &at,
                    format!("the dependent schema of `{name}`"),
                    format!("objects with `{name}`"),
                ));
            }
        }
        for (pattern, reader_schema) in &reader.pattern_properties {
            let at = location.token("patternProperties").token(pattern.clone());
            let narrowed = match writer.pattern_properties.get(pattern) {
                Some(writer_schema) => {
                    let found = self.compare(*writer_schema, *reader_schema, &at);
                    found
                        .iter()
                        .any(|finding| finding.severity == weft_base::Severity::Error)
                }
                None => match &writer.additional {
                    Additional::Closed => false,
                    Additional::Open => !accepts_anything(self.reader, *reader_schema),
                    Additional::Schema(others) => {
                        let found = self.compare(*others, *reader_schema, &at);
                        found
                            .iter()
                            .any(|finding| finding.severity == weft_base::Severity::Error)
                    }
                },
            };
            if narrowed {
                findings.push(self.narrowed(
                    &at,
                    format!("`patternProperties` `{pattern}`"),
                    "property values".to_string(),
                ));
            }
        }
        if reader.additional == Additional::Closed {
            for pattern in writer.pattern_properties.keys() {
                if !reader.pattern_properties.contains_key(pattern) {
                    findings.push(self.narrowed(
                        &location.token("patternProperties").token(pattern.clone()),
                        format!("the closed content model without `{pattern}`"),
                        format!("properties matching `{pattern}`"),
                    ));
                }
            }
        }
        if let Some(reader_names) = reader.property_names {
            let at = location.token("propertyNames");
            let narrowed = match writer.property_names {
                Some(writer_names) => self
                    .compare(writer_names, reader_names, &at)
                    .iter()
                    .any(|finding| finding.severity == weft_base::Severity::Error),
                None => !accepts_anything(self.reader, reader_names),
            };
            if narrowed {
                findings.push(self.narrowed(
                    &at,
                    "`propertyNames`".to_string(),
                    "property names".to_string(),
                ));
            }
        }
        findings
    }

    /// `additionalProperties`: the reader may not be more closed.
    fn additional(
        &mut self,
        writer: &'a Keywords,
        reader: &'a Keywords,
        location: &Location,
    ) -> Vec<Finding> {
        let describe = |additional: &Additional| match additional {
            Additional::Open => "open (any additional property)".to_string(),
            Additional::Closed => "closed (additionalProperties: false)".to_string(),
            Additional::Schema(_) => "partially open (an additionalProperties schema)".to_string(),
        };
        let restricted = match (&writer.additional, &reader.additional) {
            (Additional::Schema(written), Additional::Schema(read)) => {
                return self.compare(*written, *read, &location.values("additionalProperties"));
            }
            (Additional::Open | Additional::Schema(_), Additional::Closed)
            | (Additional::Open, Additional::Schema(_)) => true,
            _ => false,
        };
        if !restricted {
            return Vec::new();
        }
        let (old, new) = self.old_new(describe(&writer.additional), describe(&reader.additional));
        let at = location.token("additionalProperties");
        let message = if self.direction.reader_is_new {
            format!(
                "the content model of {} changed from {old} to {new}: data from producers on {} \
                 may carry additional properties that consumers on {} reject.",
                location.path, self.sides.old, self.sides.new
            )
        } else {
            format!(
                "the content model of {} changed from {old} to {new}: producers on {} may send \
                 additional properties that consumers on {} reject.",
                location.path, self.sides.new, self.sides.old
            )
        };
        vec![FindingBuilder::new(
            codes::JSON_ADDITIONAL_PROPERTIES_RESTRICTED,
            "additional_properties_restricted",
            &at,
        )
        .sides(old, new)
        .message(message)
        .help("keep the content model, or upgrade the other side first")
        .build()]
    }

    fn became_required(&self, at: &Location) -> Finding {
        if self.direction.reader_is_new {
            FindingBuilder::new(codes::FIELD_BECAME_REQUIRED, "became_required", at)
                .sides("optional", "required")
                .message(format!(
                    "{} became required without a default: data from producers on {} may lack it.",
                    at.path, self.sides.old
                ))
                .help("give it a `default`, or keep it optional")
                .build()
        } else {
            FindingBuilder::new(codes::FIELD_BECAME_OPTIONAL, "became_optional", at)
                .sides("required", "optional")
                .message(format!(
                    "{} became optional: consumers on {} require it, but producers on {} may omit \
                     it.",
                    at.path, self.sides.old, self.sides.new
                ))
                .help("upgrade consumers first (BACKWARD), or keep it required")
                .build()
        }
    }

    fn required_missing(&self, name: &str, at: &Location) -> Finding {
        if self.direction.reader_is_new {
            FindingBuilder::new(codes::FIELD_ADDED_WITHOUT_DEFAULT, "field_added", at)
                .new_side(name)
                .message(format!(
                    "required property {} was added without a default: data from producers on {} \
                     never carries it, so consumers on {} reject it.",
                    at.path, self.sides.old, self.sides.new
                ))
                .help("make it optional, or give it a `default`")
                .build()
        } else {
            FindingBuilder::new(codes::REQUIRED_FIELD_REMOVED, "field_removed", at)
                .old(name)
                .message(format!(
                    "property {} was removed, but consumers on {} require it: they reject data \
                     from producers on {}.",
                    at.path, self.sides.old, self.sides.new
                ))
                .help("keep producing it, or first release a version where it is optional")
                .build()
        }
    }

    fn not_in_closed_model(&self, name: &str, at: &Location) -> Finding {
        let (message, old, new) = if self.direction.reader_is_new {
            (
                format!(
                    "property {} was removed from a closed content model: data from producers on \
                     {} may carry it, and consumers on {} reject properties they do not declare.",
                    at.path, self.sides.old, self.sides.new
                ),
                Some(name.to_string()),
                None,
            )
        } else {
            (
                format!(
                    "property {} was added, but consumers on {} have a closed content model \
                     (additionalProperties: false) and reject properties they do not declare.",
                    at.path, self.sides.old
                ),
                None,
                Some(name.to_string()),
            )
        };
        let mut builder = FindingBuilder::new(
            codes::JSON_PROPERTY_NOT_IN_CLOSED_MODEL,
            "property_not_in_closed_model",
            at,
        )
        .message(message)
        .help("open the content model where the property is unknown, or upgrade that side first");
        if let Some(old) = old {
            builder = builder.old(old);
        }
        if let Some(new) = new {
            builder = builder.new_side(new);
        }
        builder.build()
    }

    fn added_to_open_model(&self, name: &str, at: &Location) -> Finding {
        let (message, help) = if self.direction.reader_is_new {
            (
                format!(
                    "property {} was added to an open content model: data from producers on {} may \
                     already carry {name} with any value, which consumers on {} validate against \
                     its new schema.",
                    at.path, self.sides.old, self.sides.new
                ),
                "close the old model (`additionalProperties: false`) before adding properties, or give the property an empty schema",
            )
        } else {
            (
                format!(
                    "property {} was removed from an open content model: producers on {} may send \
                     {name} with any value, which consumers on {} validate against its old schema.",
                    at.path, self.sides.new, self.sides.old
                ),
                "keep the property, or close the model so removed properties are rejected",
            )
        };
        FindingBuilder::new(
            codes::JSON_PROPERTY_ADDED_TO_OPEN_MODEL,
            "property_added_to_open_model",
            at,
        )
        .new_side(name)
        .message(message)
        .help(help)
        .build()
    }
}
