//! Avro's reader/writer resolution, as the specification's "Schema
//! Resolution" section states it and as Java's `SchemaCompatibility` (what
//! Confluent Schema Registry runs) decides it:
//!
//! * named types match by unqualified name, or when a reader alias equals the
//!   writer's full name; fixed types also need equal sizes;
//! * `int` promotes to `long`, `float` and `double`, `long` to `float` and
//!   `double`, `float` to `double`, and `string` and `bytes` to each other;
//! * record fields match by name or reader alias; a reader field the writer
//!   lacks needs a default; writer fields the reader lacks are skipped;
//! * a writer enum symbol the reader lacks needs the reader's enum default;
//! * arrays and maps recurse into items and values;
//! * a writer union resolves when every branch does; a writer type resolves
//!   against a reader union when some branch accepts it. Java tries the
//!   branches in order and takes the first that resolves fully; the
//!   specification takes the first that matches by kind and name. The two
//!   differ only when an earlier shallow match fails deeper down, which a
//!   valid union allows only for named types of the same name in different
//!   namespaces; file mode follows Java, as the registry does;
//! * logical types are ignored, as Java does. A changed logical type is a
//!   warning (`W244`); a changed decimal is a warning (`W243`) unless
//!   [`FileOptions::avro_decimal_rule`] applies the specification's rule that
//!   decimals only match with equal precision and scale.
//!
//! A pair of types already being checked further up is assumed compatible,
//! which is how Java ends the recursion of recursive schemas. Unlike Java,
//! which stops at "reader union lacking writer type", a failing union reports
//! what fails inside the branch that matches by kind or name, so nested
//! incompatibilities keep their full path.

use super::parse::{Field, Node, Primitive, Record, Schema, TypeId};
use crate::files::{tag, Direction, FileOptions, Finding, FindingBuilder, Location, Sides};
use std::collections::HashSet;
use weft_base::codes;
use weft_base::Severity;

/// Checks, in one direction, that data written with the writer file can be
/// read with the reader file, and returns every finding from the root down.
pub fn check(
    old: &Schema,
    new: &Schema,
    direction: Direction,
    sides: Sides<'_>,
    options: &FileOptions,
) -> Vec<Finding> {
    let (reader, writer) = if direction.reader_is_new {
        (new, old)
    } else {
        (old, new)
    };
    let mut resolver = Resolver {
        reader,
        writer,
        old,
        new,
        direction,
        sides,
        options: *options,
        in_progress: HashSet::new(),
        compatible: HashSet::new(),
        budget: MAX_PAIR_CHECKS,
        exhausted: false,
    };
    let root = Location::root(&root_name(new, sides.new));
    let mut findings = resolver.check(reader.root, writer.root, &root);
    if resolver.exhausted {
        findings.push(too_large(&root));
    }
    tag(findings, direction)
}

/// The finding for a comparison that ran out of its budget: what was
/// compared is reported, the rest is not known to be compatible.
pub(crate) fn too_large(root: &Location) -> Finding {
    FindingBuilder::new(codes::COMPARISON_TOO_LARGE, "comparison_too_large", root)
        .message(format!(
            "the schemas are too large to compare: stopped after {MAX_PAIR_CHECKS} comparisons of nested types"
        ))
        .help("shared nested types are compared once per path that reaches them; flatten or split the schema")
        .build()
}

/// The path root: the unqualified name of the top-level named type, else the
/// file name without its extension.
fn root_name(schema: &Schema, file: &str) -> String {
    if let Some(name) = schema.name_of(schema.root) {
        return name.simple.clone();
    }
    let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
    base.split('.').next().unwrap_or(base).to_string()
}

/// True when no finding is an error.
fn compatible(findings: &[Finding]) -> bool {
    findings
        .iter()
        .all(|finding| finding.severity != Severity::Error)
}

/// Whether Avro promotes a writer primitive to a different reader primitive.
fn promotes(writer: Primitive, reader: Primitive) -> bool {
    use Primitive::{Bytes, Double, Float, Int, Long, String};
    matches!(
        (writer, reader),
        (Int, Long | Float | Double)
            | (Long, Float | Double)
            | (Float, Double)
            | (String, Bytes)
            | (Bytes, String)
    )
}

/// A short description of a type: `long`, `record Order`, `array<int>`,
/// `["null", "string"]`.
pub fn describe(schema: &Schema, id: TypeId) -> String {
    describe_depth(schema, id, 0)
}

fn describe_depth(schema: &Schema, id: TypeId, depth: usize) -> String {
    if depth > 3 {
        return "…".to_string();
    }
    match schema.node(id) {
        Node::Primitive(primitive, None) => primitive.name().to_string(),
        Node::Primitive(primitive, Some(logical)) => {
            format!("{} ({})", primitive.name(), logical.describe())
        }
        Node::Record(record) => format!("record {}", record.name.full()),
        Node::Enum(enumeration) => format!("enum {}", enumeration.name.full()),
        Node::Fixed(fixed) => format!("fixed {} ({} bytes)", fixed.name.full(), fixed.size),
        Node::Array(items) => format!("array<{}>", describe_depth(schema, *items, depth + 1)),
        Node::Map(values) => format!("map<{}>", describe_depth(schema, *values, depth + 1)),
        Node::Union(branches) => format!(
            "[{}]",
            branches
                .iter()
                .map(|branch| describe_depth(schema, *branch, depth + 1))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// The state of one direction's check.
pub(super) struct Resolver<'a> {
    pub(super) reader: &'a Schema,
    pub(super) writer: &'a Schema,
    pub(super) old: &'a Schema,
    pub(super) new: &'a Schema,
    pub(super) direction: Direction,
    pub(super) sides: Sides<'a>,
    pub(super) options: FileOptions,
    /// Pairs (reader, writer) being checked further up the stack.
    pub(super) in_progress: HashSet<(TypeId, TypeId)>,
    /// Pairs already proven compatible.
    pub(super) compatible: HashSet<(TypeId, TypeId)>,
    /// Pair comparisons still allowed (see [`MAX_PAIR_CHECKS`]).
    pub(super) budget: usize,
    /// Whether the budget ran out (reported once, at the root).
    pub(super) exhausted: bool,
}

/// The most (reader, writer) pair comparisons one direction makes.
/// Incompatible pairs are compared again on every path that reaches them
/// (their findings carry the path), so records that each hold the previous
/// one twice double the work per level (16 levels of 1.6 KB took 26 s;
/// issue 15, item 9). Real schemas stay far below this.
pub const MAX_PAIR_CHECKS: usize = 50_000;

impl<'a> Resolver<'a> {
    /// The file consumers read with, for messages.
    pub(super) fn reader_file(&self) -> &'a str {
        self.sides.reader(self.direction)
    }

    /// The file producers wrote with, for messages.
    pub(super) fn writer_file(&self) -> &'a str {
        self.sides.writer(self.direction)
    }

    /// Puts a (reader, writer) pair in (old, new) order.
    pub(super) fn old_new<T>(&self, reader: T, writer: T) -> (T, T) {
        if self.direction.reader_is_new {
            (writer, reader)
        } else {
            (reader, writer)
        }
    }

    /// Descriptions of the reader and writer types in (old, new) order.
    pub(super) fn old_new_types(&self, reader: TypeId, writer: TypeId) -> (String, String) {
        let reader = describe(self.reader, reader);
        let writer = describe(self.writer, writer);
        self.old_new(reader, writer)
    }

    pub(super) fn check(
        &mut self,
        reader: TypeId,
        writer: TypeId,
        location: &Location,
    ) -> Vec<Finding> {
        let pair = (reader, writer);
        if self.compatible.contains(&pair) || self.in_progress.contains(&pair) {
            return Vec::new();
        }
        if self.budget == 0 {
            self.exhausted = true;
            return Vec::new();
        }
        self.budget -= 1;
        self.in_progress.insert(pair);
        let findings = self.calculate(reader, writer, location);
        self.in_progress.remove(&pair);
        if compatible(&findings) {
            self.compatible.insert(pair);
        }
        findings
    }

    fn calculate(&mut self, reader: TypeId, writer: TypeId, location: &Location) -> Vec<Finding> {
        let (reader_schema, writer_schema) = (self.reader, self.writer);
        match (reader_schema.node(reader), writer_schema.node(writer)) {
            (Node::Union(reader_branches), Node::Union(writer_branches)) => {
                let mut findings = Vec::new();
                for (index, branch) in writer_branches.iter().enumerate() {
                    let at = location.token(index.to_string());
                    let fallback = non_null(self.writer, writer_branches).len() == 1;
                    findings.extend(self.through_union(
                        (reader, reader_branches),
                        (*branch, writer),
                        &at,
                        fallback,
                    ));
                }
                findings
            }
            (_, Node::Union(writer_branches)) => {
                let mut findings = Vec::new();
                for branch in writer_branches {
                    let branch_is_null = matches!(
                        writer_schema.node(*branch),
                        Node::Primitive(Primitive::Null, _)
                    );
                    if branch_is_null
                        && !matches!(
                            reader_schema.node(reader),
                            Node::Primitive(Primitive::Null, _)
                        )
                    {
                        findings.push(self.optionality(reader, writer, location));
                    } else {
                        findings.extend(self.check(reader, *branch, location));
                    }
                }
                findings
            }
            (Node::Union(reader_branches), _) => {
                self.through_union((reader, reader_branches), (writer, writer), location, true)
            }
            (
                Node::Primitive(reader_primitive, reader_logical),
                Node::Primitive(writer_primitive, writer_logical),
            ) => {
                if reader_primitive == writer_primitive
                    || promotes(*writer_primitive, *reader_primitive)
                {
                    self.logical(
                        reader_logical.as_ref(),
                        writer_logical.as_ref(),
                        reader,
                        writer,
                        location,
                    )
                } else {
                    vec![self.mismatch(reader, writer, location)]
                }
            }
            (Node::Record(reader_record), Node::Record(writer_record)) => {
                let mut findings = self.names(reader, writer, location);
                findings.extend(self.fields(reader_record, writer_record, location));
                findings
            }
            (Node::Enum(reader_enum), Node::Enum(writer_enum)) => {
                let mut findings = self.names(reader, writer, location);
                findings.extend(self.symbols(reader_enum, writer_enum, location));
                findings
            }
            (Node::Fixed(reader_fixed), Node::Fixed(writer_fixed)) => {
                let mut findings = self.names(reader, writer, location);
                findings.extend(self.size(reader_fixed, writer_fixed, location));
                findings.extend(self.logical(
                    reader_fixed.logical.as_ref(),
                    writer_fixed.logical.as_ref(),
                    reader,
                    writer,
                    location,
                ));
                findings
            }
            (Node::Array(reader_items), Node::Array(writer_items)) => {
                self.check(*reader_items, *writer_items, &location.elements("items"))
            }
            (Node::Map(reader_values), Node::Map(writer_values)) => {
                self.check(*reader_values, *writer_values, &location.values("values"))
            }
            _ => vec![self.mismatch(reader, writer, location)],
        }
    }

    /// A writer type read through a reader union: the first branch that
    /// resolves wins. When none does, the findings of the branch that matches
    /// by kind or name explain why; without such a branch the writer type is
    /// simply missing from the union. With `fallback`, an optional reader
    /// (`null` and one other branch) explains through its one other branch,
    /// so that `long` read as `["null", "int"]` reports the narrowing.
    /// `writer` is the writer type and the writer union it is a branch of
    /// (or the type again), for messages.
    fn through_union(
        &mut self,
        (union, branches): (TypeId, &[TypeId]),
        (writer, writer_whole): (TypeId, TypeId),
        location: &Location,
        fallback: bool,
    ) -> Vec<Finding> {
        let mut attempts = Vec::new();
        for branch in branches {
            let findings = self.check(*branch, writer, location);
            if compatible(&findings) {
                return findings;
            }
            attempts.push((*branch, findings));
        }
        if matches!(
            self.writer.node(writer),
            Node::Primitive(Primitive::Null, _)
        ) {
            return vec![self.optionality(union, writer_whole, location)];
        }
        let candidate = branches
            .iter()
            .position(|branch| self.matches_shallowly(*branch, writer))
            .or_else(|| match non_null(self.reader, branches).as_slice() {
                [only] if fallback => Some(*only),
                _ => None,
            });
        if let Some((_, findings)) = candidate.and_then(|index| attempts.into_iter().nth(index)) {
            return findings;
        }
        let (old, new) = self.old_new_types(union, writer);
        let writer_type = describe(self.writer, writer);
        vec![FindingBuilder::new(
            codes::AVRO_UNION_BRANCH_UNMATCHED,
            "union_branch_unmatched",
            location,
        )
        .sides(old, new)
        .message(format!(
            "{} can hold {writer_type} in data from producers on {}, but no branch of the union \
             {} on {} accepts it: Avro finds no branch to read it into.",
            location.path,
            self.writer_file(),
            describe(self.reader, union),
            self.reader_file(),
        ))
        .help(format!(
            "add a branch for {writer_type} to the union, or upgrade consumers before producers \
             send it"
        ))
        .build()]
    }

    /// The specification's shallow "match": same kind and name, or a
    /// promotion, without looking inside.
    fn matches_shallowly(&self, reader: TypeId, writer: TypeId) -> bool {
        match (self.reader.node(reader), self.writer.node(writer)) {
            (Node::Primitive(reader, _), Node::Primitive(writer, _)) => {
                reader == writer || promotes(*writer, *reader)
            }
            (Node::Array(_), Node::Array(_)) | (Node::Map(_), Node::Map(_)) => true,
            (Node::Record(_), Node::Record(_))
            | (Node::Enum(_), Node::Enum(_))
            | (Node::Fixed(_), Node::Fixed(_)) => self.names_match(reader, writer),
            _ => false,
        }
    }

    /// Unqualified names equal, or a reader alias equal to the writer's full
    /// name.
    pub(super) fn names_match(&self, reader: TypeId, writer: TypeId) -> bool {
        let (Some(reader_name), Some(writer_name)) =
            (self.reader.name_of(reader), self.writer.name_of(writer))
        else {
            return false;
        };
        reader_name.simple == writer_name.simple
            || aliases(self.reader.node(reader)).contains(&writer_name.full())
    }

    /// Record fields: every reader field must be filled, from the writer
    /// field of the same name or alias, or from its default.
    fn fields(&mut self, reader: &Record, writer: &Record, location: &Location) -> Vec<Finding> {
        let mut findings = Vec::new();
        for (index, field) in reader.fields.iter().enumerate() {
            let position = index.to_string();
            let at = location.member(&field.name, &["fields", &position]);
            let sources: Vec<&Field> = writer
                .fields
                .iter()
                .filter(|candidate| {
                    candidate.name == field.name || field.aliases.contains(&candidate.name)
                })
                .collect();
            match sources.as_slice() {
                [] if field.default.is_none() => {
                    findings.push(self.missing_field(field, reader, writer, &at));
                }
                [] => {}
                [source] => {
                    findings.extend(self.check(field.ty, source.ty, &at.token("type")));
                }
                several => {
                    let names: Vec<&str> =
                        several.iter().map(|source| source.name.as_str()).collect();
                    let (old, new) = self.old_new(field.name.clone(), names.join(", "));
                    findings.push(
                        FindingBuilder::new(
                            codes::AVRO_AMBIGUOUS_FIELD_ALIAS,
                            "field_alias_ambiguous",
                            &at,
                        )
                        .sides(old, new)
                        .message(format!(
                            "field {} on {} matches {} fields of data from producers on {} \
                             through its name and aliases ({}); Avro refuses to choose.",
                            at.path,
                            self.reader_file(),
                            several.len(),
                            self.writer_file(),
                            names.join(", ")
                        ))
                        .help("remove the alias that names a field that still exists")
                        .build(),
                    );
                }
            }
        }
        findings
    }

    /// A reader field without a default that the writer does not have.
    fn missing_field(
        &self,
        field: &Field,
        reader: &Record,
        writer: &Record,
        at: &Location,
    ) -> Finding {
        let field_type = describe(self.reader, field.ty);
        if let Some(renamed) = writer
            .fields
            .iter()
            .find(|candidate| candidate.aliases.contains(&field.name))
        {
            return FindingBuilder::new(codes::FIELD_RENAMED_WITH_ALIAS, "field_renamed_with_alias", at)
                .sides(field.name.clone(), renamed.name.clone())
                .message(format!(
                    "field {} (alias of {}) is unknown to consumers on {}; they still expect {} \
                     and it has no default.",
                    renamed.name, field.name, self.reader_file(), field.name
                ))
                .help("upgrade consumers first (BACKWARD), give the old field a default first, or keep the old name")
                .build();
        }
        if let Some(renamed) = self.renamed_from(field, reader, writer) {
            let (old, new) = self.old_new(field.name.clone(), renamed.name.clone());
            return FindingBuilder::new(codes::FIELD_RENAMED_WITHOUT_ALIAS, "field_renamed", at)
                .sides(old.clone(), new.clone())
                .message(format!(
                    "field {old} renamed to {new} without an alias: Avro treats it as a removal \
                     plus an addition without a default, so consumers on {} cannot read data from \
                     producers on {}.",
                    self.reader_file(),
                    self.writer_file()
                ))
                .help(format!("add `\"aliases\": [\"{old}\"]` to field {new}"))
                .build();
        }
        if self.direction.reader_is_new {
            FindingBuilder::new(codes::FIELD_ADDED_WITHOUT_DEFAULT, "field_added", at)
                .new_side(field_type.clone())
                .message(format!(
                    "field {} ({field_type}) was added without a default: consumers on {} cannot \
                     decode data from producers on {}, which never set it.",
                    at.path, self.sides.new, self.sides.old
                ))
                .help(
                    "give it a default (`\"default\": …`), or make it optional: a union with \
                     \"null\" first and `\"default\": null`",
                )
                .build()
        } else {
            FindingBuilder::new(codes::REQUIRED_FIELD_REMOVED, "field_removed", at)
                .old(field_type)
                .message(format!(
                    "field {} was removed, but consumers on {} require it (no default): they \
                     cannot decode data from producers on {}.",
                    at.path, self.sides.old, self.sides.new
                ))
                .help(format!(
                    "first release a version that gives {} a default, or keep producing it, or \
                     use BACKWARD and upgrade consumers first",
                    at.path
                ))
                .build()
        }
    }

    /// The writer field a reader field was probably renamed from (or to):
    /// the only writer field no reader field takes, of the same type, when
    /// this is the only reader field left without a source.
    fn renamed_from<'r>(
        &self,
        field: &Field,
        reader: &Record,
        writer: &'r Record,
    ) -> Option<&'r Field> {
        let taken = |candidate: &Field| {
            reader.fields.iter().any(|reader_field| {
                reader_field.name == candidate.name
                    || reader_field.aliases.contains(&candidate.name)
            })
        };
        let unclaimed: Vec<&Field> = writer
            .fields
            .iter()
            .filter(|candidate| !taken(candidate))
            .collect();
        let unfilled = reader
            .fields
            .iter()
            .filter(|reader_field| {
                reader_field.default.is_none()
                    && !writer.fields.iter().any(|candidate| {
                        candidate.name == reader_field.name
                            || reader_field.aliases.contains(&candidate.name)
                    })
            })
            .count();
        match unclaimed.as_slice() {
            [only] if unfilled == 1 && same_type(self.reader, field.ty, self.writer, only.ty) => {
                Some(only)
            }
            _ => None,
        }
    }
}

/// The positions of the branches of a union that are not `null`.
fn non_null(schema: &Schema, branches: &[TypeId]) -> Vec<usize> {
    branches
        .iter()
        .enumerate()
        .filter(|(_, branch)| !matches!(schema.node(**branch), Node::Primitive(Primitive::Null, _)))
        .map(|(index, _)| index)
        .collect()
}

/// The aliases of a named type.
pub(super) fn aliases(node: &Node) -> &[String] {
    match node {
        Node::Record(record) => &record.aliases,
        Node::Enum(enumeration) => &enumeration.aliases,
        Node::Fixed(fixed) => &fixed.aliases,
        _ => &[],
    }
}

/// Structural equality of two types in different schemas; named types are
/// equal when their full names are.
fn same_type(left: &Schema, left_id: TypeId, right: &Schema, right_id: TypeId) -> bool {
    match (left.node(left_id), right.node(right_id)) {
        (Node::Primitive(a, _), Node::Primitive(b, _)) => a == b,
        (Node::Array(a), Node::Array(b)) | (Node::Map(a), Node::Map(b)) => {
            same_type(left, *a, right, *b)
        }
        (Node::Union(a), Node::Union(b)) => {
            a.len() == b.len()
                && a.iter()
                    .zip(b.iter())
                    .all(|(a, b)| same_type(left, *a, right, *b))
        }
        (Node::Record(_), Node::Record(_))
        | (Node::Enum(_), Node::Enum(_))
        | (Node::Fixed(_), Node::Fixed(_)) => {
            left.name_of(left_id).map(|name| name.full())
                == right.name_of(right_id).map(|name| name.full())
        }
        _ => false,
    }
}
