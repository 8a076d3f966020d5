//! Whether data valid under a writer JSON Schema is valid under a reader
//! JSON Schema, as Confluent Schema Registry's JSON Schema checker decides it
//! (its `SchemaDiff`, with the writer as the original and the reader as the
//! update): keyword by keyword, with the content model of objects deciding
//! what adding and removing properties means.
//!
//! * Types: the same type, or `integer` read as `number`. A schema with
//!   several types, or `anyOf`/`oneOf`, is a sum: every writer branch must be
//!   matched to its own reader branch that reads it (Confluent's maximum
//!   matching). `true`/`{}` reads anything; `false` writes nothing.
//! * Objects: a property only the reader has is fine when the writer's model
//!   is closed (`additionalProperties: false`) and the property is optional
//!   or has a default, or when the writer's `additionalProperties` schema is
//!   readable by it; added to an open writer model it fails unless its schema
//!   accepts anything, as old data may carry it with any value. A property
//!   only the writer has is fine when the reader's model is open (or its
//!   `additionalProperties` schema reads it), and fails against a closed
//!   reader. A property becoming required needs a default. Closing or
//!   narrowing `additionalProperties` fails.
//! * Constraints fail when the reader's is stricter: `maxLength`, `minLength`,
//!   `pattern`, `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`,
//!   `multipleOf`, `minItems`, `maxItems`, `uniqueItems`, `minProperties`,
//!   `maxProperties`, and `enum`/`const` values. Each keyword is compared on
//!   its own, as Confluent does. `format` is a warning: Confluent ignores it.
//! * `items` recurses (path suffix `[]`), `additionalProperties` schemas
//!   recurse (suffix `{}`), local `$ref`s are followed, and a pair already
//!   being compared further up is assumed compatible.

use super::parse::{Additional, Document, JsonType, Keywords, Node, SchemaId};
use crate::files::{tag, Direction, Finding, FindingBuilder, Location, Sides};
use std::collections::HashSet;
use weft_base::codes;
use weft_base::Severity;

/// Checks that data valid under the writer is valid under the reader.
pub fn check(
    old: &Document,
    new: &Document,
    direction: Direction,
    sides: Sides<'_>,
    root: &str,
) -> Vec<Finding> {
    let (reader, writer) = if direction.reader_is_new {
        (new, old)
    } else {
        (old, new)
    };
    let mut comparer = Comparer {
        reader,
        writer,
        direction,
        sides,
        in_progress: HashSet::new(),
        compatible: HashSet::new(),
    };
    let findings = comparer.compare(writer.root, reader.root, &Location::root(root));
    tag(findings, direction)
}

/// One alternative of a schema: what a value of one type must satisfy.
#[derive(Clone, Copy, Debug)]
pub(super) enum Branch<'d> {
    /// Any value.
    Anything,
    /// No value.
    Nothing,
    /// A value of this type, under these keywords.
    Typed(JsonType, &'d Keywords),
    /// A value of any type (the schema has no `type`), under these
    /// keywords, each constraining only the type it applies to.
    Untyped(&'d Keywords),
}

/// The types an untyped schema is compared for, keyword by keyword.
const EVERY_TYPE: [JsonType; 6] = [
    JsonType::Object,
    JsonType::Array,
    JsonType::String,
    JsonType::Number,
    JsonType::Boolean,
    JsonType::Null,
];

impl Branch<'_> {
    fn describe(&self) -> String {
        match self {
            Branch::Anything | Branch::Untyped(_) => "any value".to_string(),
            Branch::Nothing => "no value".to_string(),
            Branch::Typed(kind, _) => kind.name().to_string(),
        }
    }

    fn json_type(&self) -> Option<JsonType> {
        match self {
            Branch::Typed(kind, _) => Some(*kind),
            _ => None,
        }
    }
}

/// The alternatives of a schema.
pub(super) fn branches(document: &Document, id: SchemaId) -> Vec<Branch<'_>> {
    let mut expanded = HashSet::new();
    let mut found = Vec::new();
    branches_into(document, id, 0, &mut expanded, &mut Vec::new(), &mut found);
    found
}

/// Appends the alternatives of a schema. Each `anyOf` is expanded once
/// (`open` holds those being expanded): one naming itself reads anything,
/// as when the expansion used to give up at depth 16, and one named twice
/// adds nothing the first time did not. Expanding them again doubled the
/// branches at every level (a 149-byte schema ran for minutes and 4 GB;
/// issue 15, item 9).
fn branches_into<'d>(
    document: &'d Document,
    id: SchemaId,
    depth: usize,
    expanded: &mut HashSet<SchemaId>,
    open: &mut Vec<SchemaId>,
    found: &mut Vec<Branch<'d>>,
) {
    match document.node(id) {
        Node::Bool(true) | Node::Ref(_) => found.push(Branch::Anything),
        Node::Bool(false) => found.push(Branch::Nothing),
        Node::Schema(keywords) => {
            if let Some(alternatives) = &keywords.any_of {
                if depth > 16 {
                    found.push(Branch::Anything);
                    return;
                }
                let resolved = document.resolve(id);
                if open.contains(&resolved) {
                    // A sum that contains itself: as before, where the
                    // expansion gave up, it reads anything.
                    found.push(Branch::Anything);
                    return;
                }
                if !expanded.insert(resolved) {
                    return;
                }
                open.push(resolved);
                for alternative in alternatives {
                    branches_into(document, *alternative, depth + 1, expanded, open, found);
                }
                open.pop();
                return;
            }
            // Without `type` a schema accepts every type (issue 14, item 6):
            // its keywords constrain only the types they apply to. Only
            // `enum`/`const` limit the types themselves.
            let types = match (&keywords.types, &keywords.enumeration) {
                (Some(types), _) => types.clone(),
                (None, Some(values)) => values.iter().map(JsonType::of).collect(),
                (None, None) if constrains_a_type(keywords) => {
                    found.push(Branch::Untyped(keywords.as_ref()));
                    return;
                }
                (None, None) => std::collections::BTreeSet::new(),
            };
            if types.is_empty() {
                found.push(Branch::Anything);
                return;
            }
            found.extend(
                types
                    .into_iter()
                    .map(|kind| Branch::Typed(kind, keywords.as_ref())),
            );
        }
    }
}

/// Whether a schema without `type` constrains any type's values.
fn constrains_a_type(keywords: &Keywords) -> bool {
    !keywords.properties.is_empty()
        || !keywords.required.is_empty()
        || keywords.additional != Additional::Open
        || keywords.min_properties.is_some()
        || keywords.max_properties.is_some()
        || !keywords.pattern_properties.is_empty()
        || keywords.property_names.is_some()
        || !keywords.dependent_required.is_empty()
        || !keywords.dependent_schemas.is_empty()
        || keywords.items.is_some()
        || !keywords.prefix_items.is_empty()
        || keywords.contains.is_some()
        || keywords.min_items.is_some()
        || keywords.max_items.is_some()
        || keywords.unique_items
        || keywords.min_length.is_some()
        || keywords.max_length.is_some()
        || keywords.pattern.is_some()
        || keywords.format.is_some()
        || keywords.minimum.is_some()
        || keywords.maximum.is_some()
        || keywords.exclusive_minimum.is_some()
        || keywords.exclusive_maximum.is_some()
        || keywords.multiple_of.is_some()
}

/// True when a schema accepts any value.
pub(super) fn accepts_anything(document: &Document, id: SchemaId) -> bool {
    branches(document, id)
        .iter()
        .any(|branch| matches!(branch, Branch::Anything))
}

/// True when no finding is an error.
fn compatible(findings: &[Finding]) -> bool {
    findings
        .iter()
        .all(|finding| finding.severity != Severity::Error)
}

/// The state of one direction's comparison.
pub(super) struct Comparer<'a> {
    pub(super) reader: &'a Document,
    pub(super) writer: &'a Document,
    pub(super) direction: Direction,
    pub(super) sides: Sides<'a>,
    pub(super) in_progress: HashSet<(SchemaId, SchemaId, bool)>,
    pub(super) compatible: HashSet<(SchemaId, SchemaId, bool)>,
}

impl<'a> Comparer<'a> {
    /// Puts a (writer, reader) pair in (old, new) order.
    pub(super) fn old_new<T>(&self, writer: T, reader: T) -> (T, T) {
        if self.direction.reader_is_new {
            (writer, reader)
        } else {
            (reader, writer)
        }
    }

    pub(super) fn compare(
        &mut self,
        writer: SchemaId,
        reader: SchemaId,
        location: &Location,
    ) -> Vec<Finding> {
        self.compare_parts(writer, reader, location, false)
    }

    /// Compares a writer schema with a reader schema; with `reader_base`,
    /// only the reader's own keywords, not its `allOf` subschemas.
    fn compare_parts(
        &mut self,
        writer: SchemaId,
        reader: SchemaId,
        location: &Location,
        reader_base: bool,
    ) -> Vec<Finding> {
        let (writer, reader) = (self.writer.resolve(writer), self.reader.resolve(reader));
        // The same text accepts the same values, whatever keywords it uses
        // (unless a `$ref` in it points at something that changed): a
        // keyword that is not compared never changes a verdict.
        if let (Some(written), Some(read)) =
            (self.writer.texts.get(writer), self.reader.texts.get(reader))
        {
            if written == read && !written.contains("\"$ref\"") {
                return Vec::new();
            }
        }
        let pair = (writer, reader, reader_base);
        if self.compatible.contains(&pair) || !self.in_progress.insert(pair) {
            return Vec::new();
        }
        let (writer_document, reader_document) = (self.writer, self.reader);
        let writer_branches = branches(writer_document, writer);
        let reader_branches = branches(reader_document, reader);
        let mut findings = self.compare_sums(&writer_branches, &reader_branches, location);
        findings.extend(self.not_keyword(writer, reader, location));
        // The writer's value matches every `allOf` subschema too: when one
        // of them alone reads as the reader's own keywords, so does the value.
        let writer_parts = self.all_of(self.writer, writer);
        if !compatible(&findings) && !writer_parts.is_empty() {
            for part in writer_parts {
                if compatible(&self.compare_parts(part, reader, location, true)) {
                    findings.clear();
                    break;
                }
            }
        }
        // Every `allOf` subschema of the reader must read the writer's value
        // (Confluent: a product type may only narrow).
        if !reader_base {
            for (index, part) in self.all_of(self.reader, reader).into_iter().enumerate() {
                let at = location.token("allOf").token(index.to_string());
                let part_findings = self.compare_parts(writer, part, &at, false);
                if !compatible(&part_findings) {
                    findings.push(self.narrowed(
                        &at,
                        format!("`allOf` subschema {index}"),
                        "values".to_string(),
                    ));
                    findings.extend(part_findings);
                }
            }
        }
        self.in_progress.remove(&pair);
        if compatible(&findings) {
            self.compatible.insert(pair);
        }
        findings
    }

    /// The `allOf` subschemas of a schema.
    fn all_of(&self, document: &'a Document, id: SchemaId) -> Vec<SchemaId> {
        match document.node(id) {
            Node::Schema(keywords) => keywords.all_of.clone(),
            _ => Vec::new(),
        }
    }

    /// `not`: the reader may only exclude what the writer excluded, so its
    /// `not` schema must read as the writer's (the check runs the other way
    /// round). Confluent: `NOT_TYPE_NARROWED` is compatible,
    /// `NOT_TYPE_EXTENDED` is not.
    fn not_keyword(
        &mut self,
        writer: SchemaId,
        reader: SchemaId,
        location: &Location,
    ) -> Vec<Finding> {
        let not_of = |document: &Document, id: SchemaId| match document.node(id) {
            Node::Schema(keywords) => keywords.not,
            _ => None,
        };
        let Some(reader_not) = not_of(self.reader, reader) else {
            return Vec::new();
        };
        if matches!(self.reader.node(reader_not), Node::Bool(false)) {
            return Vec::new();
        }
        let at = location.token("not");
        let excludes_more = match not_of(self.writer, writer) {
            None => true,
            Some(writer_not) => {
                let mut swapped = Comparer {
                    reader: self.writer,
                    writer: self.reader,
                    direction: Direction {
                        reader_is_new: !self.direction.reader_is_new,
                    },
                    sides: self.sides,
                    in_progress: HashSet::new(),
                    compatible: HashSet::new(),
                };
                !compatible(&swapped.compare(reader_not, writer_not, &at))
            }
        };
        if excludes_more {
            vec![self.narrowed(&at, "`not`".to_string(), "values".to_string())]
        } else {
            Vec::new()
        }
    }

    /// A reader keyword that rejects values the writer may send (E251):
    /// `what` names the keyword, `rejects` what it now rejects.
    pub(super) fn narrowed(&self, location: &Location, what: String, rejects: String) -> Finding {
        let (reader, writer) = (
            self.sides.reader(self.direction),
            self.sides.writer(self.direction),
        );
        FindingBuilder::new(
            codes::JSON_COMBINATOR_NARROWED,
            "keyword_narrowed",
            location,
        )
        .new_side(what.clone())
        .message(format!(
            "{}: {what} of {reader} rejects {rejects} that {writer} accepts: data from \
                 producers on {writer} may be rejected by consumers on {reader}.",
            location.path
        ))
        .help(format!(
            "keep {what} as permissive as in {writer}, or upgrade the side that accepts less last"
        ))
        .build()
    }

    /// Every writer alternative must be matched to its own reader alternative.
    pub(super) fn compare_sums(
        &mut self,
        writer: &[Branch<'a>],
        reader: &[Branch<'a>],
        location: &Location,
    ) -> Vec<Finding> {
        if reader
            .iter()
            .any(|branch| matches!(branch, Branch::Anything))
        {
            return Vec::new();
        }
        if let ([only_writer], [only_reader]) = (writer, reader) {
            return self.compare_branch(*only_writer, *only_reader, location);
        }
        let mut results: Vec<Vec<Vec<Finding>>> = Vec::new();
        for writer_branch in writer {
            let row = reader
                .iter()
                .map(|reader_branch| self.compare_branch(*writer_branch, *reader_branch, location))
                .collect();
            results.push(row);
        }
        let edges: Vec<Vec<bool>> = results
            .iter()
            .map(|row| row.iter().map(|findings| compatible(findings)).collect())
            .collect();
        let matched = maximum_matching(&edges, reader.len());
        let mut findings = Vec::new();
        for (index, writer_branch) in writer.iter().enumerate() {
            if matched.get(index).copied().flatten().is_some() {
                continue;
            }
            let same_type = reader.iter().position(|reader_branch| {
                match (writer_branch.json_type(), reader_branch.json_type()) {
                    (Some(w), Some(r)) => {
                        w == r || (w == JsonType::Integer && r == JsonType::Number)
                    }
                    _ => false,
                }
            });
            if let Some(row) = results.get_mut(index) {
                if let Some(candidate) = same_type.and_then(|position| row.get_mut(position)) {
                    if !compatible(candidate) {
                        findings.append(candidate);
                        continue;
                    }
                }
            }
            if writer_branch.json_type() == Some(JsonType::Null) {
                findings.push(self.optionality(location));
                continue;
            }
            findings.push(self.variant_missing(*writer_branch, reader, location));
        }
        findings
    }

    fn compare_branch(
        &mut self,
        writer: Branch<'a>,
        reader: Branch<'a>,
        location: &Location,
    ) -> Vec<Finding> {
        let (writer_type, writer_keywords, reader_type, reader_keywords) = match (writer, reader) {
            (_, Branch::Anything) | (Branch::Nothing, _) => return Vec::new(),
            (Branch::Typed(wt, wk), Branch::Typed(rt, rk)) => (wt, wk, rt, rk),
            // An untyped reader applies to the writer's type the keywords
            // that constrain it.
            (Branch::Typed(wt, wk), Branch::Untyped(rk)) => (wt, wk, wt, rk),
            (Branch::Untyped(wk), Branch::Untyped(rk)) => {
                let mut findings = Vec::new();
                for kind in EVERY_TYPE {
                    findings.extend(self.compare_branch(
                        Branch::Typed(kind, wk),
                        Branch::Typed(kind, rk),
                        location,
                    ));
                }
                return findings;
            }
            _ => return vec![self.type_changed(writer, reader, location)],
        };
        if writer_type != reader_type {
            if writer_type == JsonType::Null {
                return vec![self.optionality(location)];
            }
            if writer_type == JsonType::Number && reader_type == JsonType::Integer {
                return vec![self.integer_number(location)];
            }
            if !(writer_type == JsonType::Integer && reader_type == JsonType::Number) {
                return vec![self.type_changed(writer, reader, location)];
            }
        }
        let mut findings = self.enumeration(writer_keywords, reader_keywords, location);
        match reader_type {
            JsonType::String => {
                findings.extend(self.string(writer_keywords, reader_keywords, location))
            }
            JsonType::Number | JsonType::Integer => {
                findings.extend(self.numeric(writer_keywords, reader_keywords, location))
            }
            JsonType::Array => {
                findings.extend(self.array(writer_keywords, reader_keywords, location))
            }
            JsonType::Object => {
                findings.extend(self.object(writer_keywords, reader_keywords, location))
            }
            JsonType::Null | JsonType::Boolean => {}
        }
        findings
    }

    fn optionality(&self, location: &Location) -> Finding {
        let element = location.is_element();
        if self.direction.writer_is_old() {
            let code = if element {
                codes::ELEMENT_BECAME_REQUIRED
            } else {
                codes::FIELD_BECAME_REQUIRED
            };
            FindingBuilder::new(code, "became_required", location)
                .sides("nullable", "not nullable")
                .message(format!(
                    "{} no longer accepts null: data from producers on {} may contain null.",
                    location.path, self.sides.old
                ))
                .help("keep `null` among the types")
                .build()
        } else {
            let code = if element {
                codes::ELEMENT_BECAME_OPTIONAL
            } else {
                codes::FIELD_BECAME_OPTIONAL
            };
            FindingBuilder::new(code, "became_optional", location)
                .sides("not nullable", "nullable")
                .message(format!(
                    "{} now accepts null: consumers on {} reject null from producers on {}.",
                    location.path, self.sides.old, self.sides.new
                ))
                .help("upgrade consumers first (BACKWARD)")
                .build()
        }
    }

    fn integer_number(&self, location: &Location) -> Finding {
        if self.direction.writer_is_old() {
            FindingBuilder::new(codes::FLOAT_NARROWED, "type_narrowed", location)
                .sides("number", "integer")
                .message(format!(
                    "{} narrowed number→integer: data from producers on {} may hold fractions.",
                    location.path, self.sides.old
                ))
                .help("keep `number`")
                .build()
        } else {
            FindingBuilder::new(codes::WIDENED_TO_FLOAT, "type_widened", location)
                .sides("integer", "number")
                .message(format!(
                    "{} widened integer→number: consumers on {} reject fractions from producers \
                     on {}.",
                    location.path, self.sides.old, self.sides.new
                ))
                .help("upgrade consumers first (BACKWARD), or keep `integer`")
                .build()
        }
    }

    pub(super) fn type_changed(
        &self,
        writer: Branch<'_>,
        reader: Branch<'_>,
        location: &Location,
    ) -> Finding {
        let (old, new) = self.old_new(writer.describe(), reader.describe());
        let shaped = |branch: Branch<'_>| branch.json_type() == Some(JsonType::Array);
        let (code, change) = if shaped(writer) != shaped(reader)
            && writer.json_type().is_some()
            && reader.json_type().is_some()
        {
            (codes::SHAPE_CHANGED, "shape_changed")
        } else {
            (codes::TYPE_CHANGED, "type_changed")
        };
        FindingBuilder::new(code, change, location)
            .sides(old.clone(), new.clone())
            .message(format!(
                "{} changed type {old}→{new}: consumers on {} reject {} from producers on {}.",
                location.path,
                self.sides.reader(self.direction),
                writer.describe(),
                self.sides.writer(self.direction)
            ))
            .help(format!(
                "add a new property and deprecate {}",
                location.path
            ))
            .build()
    }

    fn variant_missing(
        &self,
        writer: Branch<'_>,
        reader: &[Branch<'_>],
        location: &Location,
    ) -> Finding {
        let offered = reader
            .iter()
            .map(Branch::describe)
            .collect::<Vec<_>>()
            .join(", ");
        let (code, change, message) = if self.direction.reader_is_new {
            (
                codes::UNION_VARIANT_REMOVED,
                "variant_removed",
                format!(
                    "{} lost the alternative {}: data from producers on {} may use it, and \
                     consumers on {} accept only {offered}.",
                    location.path,
                    writer.describe(),
                    self.sides.old,
                    self.sides.new
                ),
            )
        } else {
            (
                codes::UNION_VARIANT_ADDED,
                "variant_added",
                format!(
                    "{} gained the alternative {}: consumers on {} accept only {offered}.",
                    location.path,
                    writer.describe(),
                    self.sides.old
                ),
            )
        };
        let (old, new) = self.old_new(writer.describe(), offered);
        FindingBuilder::new(code, change, location)
            .sides(old, new)
            .message(message)
            .help("keep the alternative, or upgrade the reading side first")
            .build()
    }
}

/// A maximum bipartite matching of writer rows to reader columns over the
/// compatible `edges` (Kuhn's augmenting paths): for each writer row, its
/// reader column.
fn maximum_matching(edges: &[Vec<bool>], columns: usize) -> Vec<Option<usize>> {
    let mut column_owner: Vec<Option<usize>> = vec![None; columns];
    for row in 0..edges.len() {
        let mut visited = vec![false; columns];
        augment(row, edges, &mut column_owner, &mut visited);
    }
    let mut matched = vec![None; edges.len()];
    for (column, owner) in column_owner.iter().enumerate() {
        if let Some(row) = owner {
            if let Some(slot) = matched.get_mut(*row) {
                *slot = Some(column);
            }
        }
    }
    matched
}

fn augment(
    row: usize,
    edges: &[Vec<bool>],
    column_owner: &mut Vec<Option<usize>>,
    visited: &mut Vec<bool>,
) -> bool {
    let Some(row_edges) = edges.get(row) else {
        return false;
    };
    for (column, connected) in row_edges.iter().enumerate() {
        if !connected || visited.get(column).copied().unwrap_or(true) {
            continue;
        }
        if let Some(seen) = visited.get_mut(column) {
            *seen = true;
        }
        let owner = column_owner.get(column).copied().flatten();
        let free = match owner {
            None => true,
            Some(other) => augment(other, edges, column_owner, visited),
        };
        if free {
            if let Some(slot) = column_owner.get_mut(column) {
                *slot = Some(row);
            }
            return true;
        }
    }
    false
}
