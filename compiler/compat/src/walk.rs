//! The one walk over an old and a new schema. It pairs up what corresponds
//! (the roots, fields by name or `@alias`, list elements, map values),
//! classifies how each pair of values relates ([`Relation`]), hands every
//! [`Site`] to every evaluator, and recurses where the two sides have the same
//! shape — into records of the same name, list elements and map values — so
//! that a change deep inside is reported with its full path.

use super::evaluators::{enum_fallback_changed, enum_symbols_changed, EVALUATORS};
use super::schema::{EnumSchema, FieldSchema, RecordSchema, Schema};
use super::{Direction, Finding, Labels, Owner};
use std::collections::BTreeMap;
use weft_base::Code;

/// What the walk is looking at: where it is, in both schemas.
#[derive(Clone, Debug)]
pub struct At {
    /// The DSL path: `Order.lines[].quantity`.
    pub path: String,
    /// The JSON pointer in the old schema, if it exists there.
    pub old_pointer: Option<String>,
    /// The JSON pointer in the new schema, if it exists there.
    pub new_pointer: Option<String>,
    /// What holds the value.
    pub position: Position,
    /// The `amount` of a money record (`{amount: decimal, currency}`).
    pub money_amount: bool,
    /// The named declaration the walk is inside (the innermost named,
    /// not inline, record or enum), with the path from it; `None` in the
    /// subject's own inline payload.
    pub owner: Option<Owner>,
    /// Whether `owner` is the subject itself (the root): messages then
    /// name paths from the subject, as they always did.
    owner_is_root: bool,
}

/// What holds a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Position {
    /// The subject itself.
    Root,
    /// A record field.
    Field,
    /// A list element.
    Item,
    /// A map value.
    MapValue,
}

impl At {
    fn root(name: &str) -> At {
        At {
            path: name.to_string(),
            old_pointer: Some(String::new()),
            new_pointer: Some(String::new()),
            position: Position::Root,
            money_amount: false,
            owner: None,
            owner_is_root: true,
        }
    }

    /// The same place, now inside the named declaration `qualified`
    /// (called `name`): paths in it start at the declaration.
    fn inside(&self, qualified: String, name: &str) -> At {
        At {
            owner: Some(Owner {
                declaration: qualified,
                path: name.to_string(),
            }),
            owner_is_root: self.position == Position::Root,
            ..self.clone()
        }
    }

    fn owner_then(&self, suffix: &str) -> Option<Owner> {
        self.owner.as_ref().map(|owner| Owner {
            declaration: owner.declaration.clone(),
            path: format!("{}{suffix}", owner.path),
        })
    }

    /// A field of the record here, at its indices in the old and new record.
    pub fn field(&self, name: &str, old: Option<usize>, new: Option<usize>) -> At {
        At {
            path: format!("{}.{name}", self.path),
            old_pointer: pointer(&self.old_pointer, old),
            new_pointer: pointer(&self.new_pointer, new),
            position: Position::Field,
            money_amount: false,
            owner: self.owner_then(&format!(".{name}")),
            owner_is_root: self.owner_is_root,
        }
    }

    fn then(&self, path: &str, pointer: &str, position: Position) -> At {
        At {
            path: format!("{}{path}", self.path),
            old_pointer: self.old_pointer.as_ref().map(|at| format!("{at}{pointer}")),
            new_pointer: self.new_pointer.as_ref().map(|at| format!("{at}{pointer}")),
            position,
            money_amount: false,
            owner: self.owner_then(path),
            owner_is_root: self.owner_is_root,
        }
    }

    /// The path for messages: without the subject's name (`lines[].sku`),
    /// or the subject's name for the subject itself; inside a named
    /// declaration other than the subject, the path from that declaration
    /// (`Address.zip`), since the change is that declaration's.
    pub fn name(&self) -> &str {
        match &self.owner {
            Some(owner) if !self.owner_is_root => &owner.path,
            _ => message_name(&self.path),
        }
    }

    /// `field \`x\``, `elements of \`xs\``, `values of \`m\`` for messages.
    pub fn describe(&self) -> String {
        match self.position {
            Position::Root => format!("`{}`", self.name()),
            Position::Field => format!("field `{}`", self.name()),
            Position::Item => format!(
                "the elements of `{}`",
                self.name().trim_end_matches("[]").trim_end_matches('.')
            ),
            Position::MapValue => format!(
                "the values of `{}`",
                self.name().trim_end_matches("{}").trim_end_matches('.')
            ),
        }
    }
}

/// A DSL path for messages: without the subject's name (`lines[].sku`), or
/// the subject's name for the subject itself.
pub fn message_name(path: &str) -> &str {
    match path.find(['.', '[', '{']) {
        Some(index) if path[index..].starts_with('.') => &path[index + 1..],
        Some(index) => &path[index..],
        None => path,
    }
}

fn pointer(parent: &Option<String>, index: Option<usize>) -> Option<String> {
    match (parent, index) {
        (Some(parent), Some(index)) => Some(format!("{parent}/fields/{index}")),
        _ => None,
    }
}

/// How two values relate, before their details are compared. Exactly one
/// evaluator reports a relation other than [`Relation::Same`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relation {
    /// The same kind of value (both records, both `int32`, both lists...).
    Same,
    /// Two different kinds of number (`int32`, `int64`, `float64`, `decimal`).
    Numeric,
    /// `string` and `bytes`.
    StringBytes,
    /// A temporal type and another temporal type, an integer or a string.
    Temporal,
    /// A money record and a number.
    Money,
    /// A list or map and its element, or a list and a map.
    Shape,
    /// Anything else: no conversion exists.
    Unrelated,
    /// One side did not resolve: accepted silently.
    Unknown,
}

/// One thing both schemas have, handed to every evaluator.
#[derive(Clone, Copy, Debug)]
pub enum Site<'a> {
    /// Two records the walk matched (same name, or renamed with `@alias`).
    Record {
        /// The old record.
        old: &'a RecordSchema,
        /// The new record.
        new: &'a RecordSchema,
        /// How their fields correspond.
        matching: &'a Matching,
    },
    /// A field both records have.
    Field {
        /// The old field.
        old: &'a FieldSchema,
        /// The new field.
        new: &'a FieldSchema,
        /// Matched through the new field's `@alias`.
        by_alias: bool,
    },
    /// The values of something both have (the subject, a field, list
    /// elements, map values), without their optional markers.
    Value {
        /// The old value's schema.
        old: &'a Schema,
        /// The new value's schema.
        new: &'a Schema,
        /// The old value may be absent.
        old_optional: bool,
        /// The new value may be absent.
        new_optional: bool,
        /// How they relate.
        relation: Relation,
    },
}

/// How the fields of two records correspond.
#[derive(Clone, Debug, Default)]
pub struct Matching {
    /// `(old index, new index, through an alias)`.
    pub pairs: Vec<(usize, usize, bool)>,
    /// Old fields with no counterpart (indices into the old record).
    pub removed: Vec<usize>,
    /// New fields with no counterpart (indices into the new record).
    pub added: Vec<usize>,
    /// A removed and an added field of the same type at the same position
    /// that look like one field renamed without `@alias`, where that breaks
    /// a direction.
    pub renamed: Vec<(usize, usize)>,
    /// New fields taking a name the old record reserved.
    pub reused: Vec<usize>,
}

impl Matching {
    /// Matches fields by name, then by the new field's `@alias`.
    pub fn of(old: &RecordSchema, new: &RecordSchema) -> Matching {
        let mut matching = Matching::default();
        let mut unmatched = Vec::new();
        for (new_index, field) in new.fields.iter().enumerate() {
            let by_name = old
                .fields
                .iter()
                .position(|candidate| candidate.name == field.name);
            let by_alias = || {
                old.fields.iter().position(|candidate| {
                    field.aliases.contains(&candidate.name) && new.field(&candidate.name).is_none()
                })
            };
            match (by_name, by_name.is_none().then(by_alias).flatten()) {
                (Some(old_index), _) => matching.pairs.push((old_index, new_index, false)),
                (None, Some(old_index)) => matching.pairs.push((old_index, new_index, true)),
                (None, None) if old.reserved.contains(&field.name) => {
                    matching.reused.push(new_index)
                }
                (None, None) => unmatched.push(new_index),
            }
        }
        let removed: Vec<usize> = (0..old.fields.len())
            .filter(|index| {
                !matching
                    .pairs
                    .iter()
                    .any(|(old_index, _, _)| old_index == index)
            })
            .collect();
        let candidates = |old_index: usize| -> Vec<usize> {
            let gone = &old.fields[old_index];
            unmatched
                .iter()
                .copied()
                .filter(|new_index| {
                    let added = &new.fields[*new_index];
                    *new_index == old_index
                        && same_type(&gone.schema, &added.schema)
                        && (gone.effective_default().is_none()
                            || added.effective_default().is_none())
                        && !new.reserved.contains(&gone.name)
                })
                .collect()
        };
        for old_index in &removed {
            if let [new_index] = candidates(*old_index).as_slice() {
                let rivals = removed
                    .iter()
                    .filter(|other| candidates(**other).contains(new_index))
                    .count();
                if rivals == 1 {
                    matching.renamed.push((*old_index, *new_index));
                }
            }
        }
        matching.removed = removed
            .into_iter()
            .filter(|index| {
                !matching
                    .renamed
                    .iter()
                    .any(|(old_index, _)| old_index == index)
            })
            .collect();
        matching.added = unmatched
            .into_iter()
            .filter(|index| {
                !matching
                    .renamed
                    .iter()
                    .any(|(_, new_index)| new_index == index)
            })
            .collect();
        matching
    }
}

/// Whether two schemas describe the same values, ignoring names of the
/// subject, docs, defaults and constraints (for spotting renames and shape
/// changes).
pub fn same_type(a: &Schema, b: &Schema) -> bool {
    match (a, b) {
        (Schema::Optional { value: a }, Schema::Optional { value: b }) => same_type(a, b),
        (
            Schema::Decimal {
                precision: p,
                scale: s,
                ..
            },
            Schema::Decimal {
                precision: q,
                scale: t,
                ..
            },
        ) => p == q && s == t,
        (Schema::String { format: a, .. }, Schema::String { format: b, .. }) => a == b,
        (Schema::Timestamp { unit: a, local: l }, Schema::Timestamp { unit: b, local: m }) => {
            a == b && l == m
        }
        (Schema::Record(a), Schema::Record(b)) => same_record(a, b),
        (Schema::Enum(a), Schema::Enum(b)) => a.symbols == b.symbols && a.fallback == b.fallback,
        (Schema::List { items: a, .. }, Schema::List { items: b, .. }) => same_type(a, b),
        (Schema::Map { keys: a, values: v }, Schema::Map { keys: b, values: w }) => {
            same_type(a, b) && same_type(v, w)
        }
        (Schema::Ref { name: a }, Schema::Ref { name: b }) => a == b,
        (Schema::Ref { name }, Schema::Record(record))
        | (Schema::Record(record), Schema::Ref { name }) => *name == record.qualified(),
        (Schema::Ref { name }, Schema::Enum(enumeration))
        | (Schema::Enum(enumeration), Schema::Ref { name }) => *name == enumeration.qualified(),
        (a, b) => kind(a).is_some() && kind(a) == kind(b),
    }
}

/// Whether two records have the same fields (by name, with the same types
/// and optionality), whatever they are called.
pub fn same_record(a: &RecordSchema, b: &RecordSchema) -> bool {
    a.fields.len() == b.fields.len()
        && a.fields.iter().all(|field| {
            b.field(&field.name)
                .is_some_and(|other| same_type(&field.schema, &other.schema))
        })
}

/// The kinds of value, for classifying pairs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `bool`.
    Bool,
    /// `int32`.
    Int32,
    /// `int64`.
    Int64,
    /// `float64`.
    Float64,
    /// `decimal`.
    Decimal,
    /// `string` (and `uuid`).
    String,
    /// `bytes`.
    Bytes,
    /// `date`.
    Date,
    /// `timestamp`.
    Timestamp,
    /// `duration`.
    Duration,
    /// A record.
    Record,
    /// An enum.
    Enum,
    /// A list.
    List,
    /// A map.
    Map,
}

/// The kind of a schema (`None` for unresolved ones).
pub fn kind(schema: &Schema) -> Option<Kind> {
    Some(match schema {
        Schema::Bool => Kind::Bool,
        Schema::Int32 { .. } => Kind::Int32,
        Schema::Int64 { .. } => Kind::Int64,
        Schema::Float64 { .. } => Kind::Float64,
        Schema::Decimal { .. } => Kind::Decimal,
        Schema::String { .. } => Kind::String,
        Schema::Bytes { .. } => Kind::Bytes,
        Schema::Date => Kind::Date,
        Schema::Timestamp { .. } => Kind::Timestamp,
        Schema::Duration => Kind::Duration,
        Schema::Record(_) => Kind::Record,
        Schema::Enum(_) => Kind::Enum,
        Schema::List { .. } => Kind::List,
        Schema::Map { .. } => Kind::Map,
        Schema::Optional { value } => return kind(value),
        Schema::Ref { .. } | Schema::Unknown => return None,
    })
}

/// Whether a record is money: `{amount: decimal, currency: string}`, like
/// `std.Money`.
pub fn is_money(record: &RecordSchema) -> bool {
    let amount = record
        .field("amount")
        .is_some_and(|field| matches!(field.schema, Schema::Decimal { .. }));
    let currency = record
        .field("currency")
        .is_some_and(|field| matches!(field.schema.required(), Schema::String { .. }));
    amount && currency && (record.name == "Money" || record.fields.len() == 2)
}

fn is_number(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Int32 | Kind::Int64 | Kind::Float64 | Kind::Decimal
    )
}

fn is_temporal(kind: Kind) -> bool {
    matches!(kind, Kind::Date | Kind::Timestamp | Kind::Duration)
}

/// How two values (without optional markers, references resolved) relate.
pub fn classify(old: &Schema, new: &Schema) -> Relation {
    let (Some(a), Some(b)) = (kind(old), kind(new)) else {
        return Relation::Unknown;
    };
    if a == b {
        return Relation::Same;
    }
    let money = |schema: &Schema| matches!(schema, Schema::Record(record) if is_money(record));
    if (money(old) && is_number(b)) || (is_number(a) && money(new)) {
        return Relation::Money;
    }
    let temporal_pair = |x: Kind, y: Kind| {
        is_temporal(x)
            && (matches!(y, Kind::Int32 | Kind::Int64 | Kind::String)
                || (x != Kind::Duration && matches!(y, Kind::Date | Kind::Timestamp)))
    };
    if temporal_pair(a, b) || temporal_pair(b, a) {
        return Relation::Temporal;
    }
    let holds = |container: &Schema, other: &Schema| match container {
        Schema::List { items, .. } => same_type(items.required(), other),
        Schema::Map { values, .. } => same_type(values.required(), other),
        _ => false,
    };
    if matches!((a, b), (Kind::List, Kind::Map) | (Kind::Map, Kind::List))
        || holds(old, new)
        || holds(new, old)
    {
        return Relation::Shape;
    }
    if is_number(a) && is_number(b) {
        return Relation::Numeric;
    }
    if matches!(
        (a, b),
        (Kind::String, Kind::Bytes) | (Kind::Bytes, Kind::String)
    ) {
        return Relation::StringBytes;
    }
    Relation::Unrelated
}

/// Collects findings; evaluators add to it.
pub struct Report<'a> {
    /// How the two schemas are called in messages.
    pub labels: &'a Labels,
    findings: Vec<Finding>,
}

impl Report<'_> {
    /// Adds a finding of `code` (its severity follows the code's letter) for
    /// the given direction, at `at`, and returns it for the optional parts.
    pub fn add(
        &mut self,
        at: &At,
        direction: Direction,
        code: Code,
        change: &'static str,
        message: impl Into<String>,
    ) -> &mut Finding {
        let severity = code.severity();
        let pointer = match direction {
            Direction::Forward => at.old_pointer.clone().or_else(|| at.new_pointer.clone()),
            Direction::Backward | Direction::Both => {
                at.new_pointer.clone().or_else(|| at.old_pointer.clone())
            }
        };
        self.findings.push(Finding {
            code,
            severity,
            direction,
            path: at.path.clone(),
            pointer: pointer
                .filter(|pointer| !pointer.is_empty())
                .unwrap_or_else(|| "/".to_string()),
            change,
            old: None,
            new: None,
            message: message.into(),
            help: None,
            owner: at.owner.clone(),
        });
        let last = self.findings.len() - 1;
        &mut self.findings[last]
    }

    /// The old schema's name in messages.
    pub fn old_label(&self) -> &str {
        &self.labels.old
    }

    /// The new schema's name in messages.
    pub fn new_label(&self) -> &str {
        &self.labels.new
    }
}

impl Finding {
    /// Sets the old side.
    pub fn set_old(&mut self, old: impl Into<String>) -> &mut Finding {
        self.old = Some(old.into());
        self
    }

    /// Sets the new side.
    pub fn set_new(&mut self, new: impl Into<String>) -> &mut Finding {
        self.new = Some(new.into());
        self
    }

    /// Sets the help.
    pub fn set_help(&mut self, help: impl Into<String>) -> &mut Finding {
        self.help = Some(help.into());
        self
    }
}

/// Every finding of `new` against `old`, in both directions (the caller
/// selects by mode).
pub fn compare(old: &Schema, new: &Schema, labels: &Labels) -> Vec<Finding> {
    let root = match new {
        Schema::Record(record) => record.name.clone(),
        Schema::Enum(enumeration) => enumeration.name.clone(),
        other => other.display(),
    };
    let mut walker = Walker {
        old_definitions: old.definitions(),
        new_definitions: new.definitions(),
        report: Report {
            labels,
            findings: Vec::new(),
        },
        active: Vec::new(),
        visited: std::collections::HashSet::new(),
        budget: MAX_VALUES,
    };
    let at = At::root(&root);
    walker.value(old, new, at.clone());
    if walker.budget == 0 {
        walker
            .report
            .add(
                &at,
                Direction::Both,
                weft_base::codes::COMPARISON_TOO_LARGE,
                "comparison_too_large",
                format!(
                    "the schemas are too large to compare: stopped after {MAX_VALUES} compared values"
                ),
            )
            .set_help(
                "nest the records less, or split the type",
            );
    }
    walker.report.findings
}

struct Walker<'a> {
    old_definitions: BTreeMap<String, &'a Schema>,
    new_definitions: BTreeMap<String, &'a Schema>,
    report: Report<'a>,
    /// Pairs of records being compared (by qualified name), against loops.
    active: Vec<(String, String)>,
    /// Pairs of named records already compared: what changed inside one
    /// is a change of that record, reported once (with its [`Owner`]),
    /// however many paths reach it; so each pair is compared once. Records
    /// that each hold the previous one twice are reached along
    /// exponentially many paths (issue 15, item 9), and one record at the
    /// end of a long chain of references along thousands (issue 14, item 7).
    visited: std::collections::HashSet<(String, String)>,
    /// Values still to compare; at 0 the walk stops and reports E250.
    budget: usize,
}

/// The most nested values compared (beyond it, the walk stops quietly).
const MAX_DEPTH: usize = 256;

/// The most values one comparison looks at. A changed record is compared
/// again on every path that reaches it (each finding names its path), so a
/// record shared along exponentially many paths could keep the walk going
/// for hours; real schemas compare a few thousand values at most.
pub const MAX_VALUES: usize = 100_000;

impl<'a> Walker<'a> {
    fn resolve(definitions: &BTreeMap<String, &'a Schema>, schema: &'a Schema) -> &'a Schema {
        match schema {
            Schema::Ref { name } => definitions.get(name).copied().unwrap_or(&Schema::Unknown),
            other => other,
        }
    }

    fn value(&mut self, old: &'a Schema, new: &'a Schema, at: At) {
        if self.active.len() > MAX_DEPTH || at.path.len() > 16 * MAX_DEPTH || self.budget == 0 {
            return;
        }
        self.budget -= 1;
        let old = Self::resolve(&self.old_definitions, old);
        let new = Self::resolve(&self.new_definitions, new);
        let (old_optional, old) = match old {
            Schema::Optional { value } => (true, Self::resolve(&self.old_definitions, value)),
            other => (false, other),
        };
        let (new_optional, new) = match new {
            Schema::Optional { value } => (true, Self::resolve(&self.new_definitions, value)),
            other => (false, other),
        };
        let relation = classify(old, new);
        let site = Site::Value {
            old,
            new,
            old_optional,
            new_optional,
            relation,
        };
        let before = self.report.findings.len();
        self.evaluate(&site, &at);
        if let (Schema::Enum(old), Schema::Enum(new)) = (old, new) {
            self.enum_owner(old, new, &at, before);
        }
        if relation != Relation::Same {
            return;
        }
        match (old, new) {
            (Schema::Record(old), Schema::Record(new))
                if old.name == new.name || new.aliases.contains(&old.name) =>
            {
                self.record(old, new, &at)
            }
            (Schema::List { items: old, .. }, Schema::List { items: new, .. }) => {
                self.value(old, new, at.then("[]", "/items", Position::Item))
            }
            (Schema::Map { values: old, .. }, Schema::Map { values: new, .. }) => {
                self.value(old, new, at.then("{}", "/values", Position::MapValue))
            }
            _ => {}
        }
    }

    /// Symbols and fallbacks are the enum's own: a change to them is one
    /// change of the enum, wherever it is used. Its findings from the value
    /// site at `findings[before..]` name the enum as their owner, and the
    /// enum is compared once.
    fn enum_owner(&mut self, old: &EnumSchema, new: &EnumSchema, at: &At, before: usize) {
        let key = (old.qualified(), new.qualified());
        let owned = |finding: &Finding| {
            matches!(
                finding.change,
                enum_symbols_changed::NAME | enum_fallback_changed::NAME
            )
        };
        if self.visited.contains(&key) {
            let mut index = before;
            while index < self.report.findings.len() {
                if owned(&self.report.findings[index]) {
                    self.report.findings.remove(index);
                } else {
                    index += 1;
                }
            }
            return;
        }
        self.visited.insert(key);
        let owner = at.inside(new.qualified(), &new.name).owner;
        for finding in &mut self.report.findings[before..] {
            if owned(finding) {
                finding.owner = owner.clone();
            }
        }
    }

    fn record(&mut self, old: &'a RecordSchema, new: &'a RecordSchema, at: &At) {
        let key = (old.qualified(), new.qualified());
        if self.active.contains(&key) || self.visited.contains(&key) {
            return;
        }
        self.visited.insert(key.clone());
        let inside;
        let at = if new.inline {
            at
        } else {
            inside = at.inside(new.qualified(), &new.name);
            &inside
        };
        self.active.push(key.clone());
        let matching = Matching::of(old, new);
        self.evaluate(
            &Site::Record {
                old,
                new,
                matching: &matching,
            },
            at,
        );
        let money = is_money(old) && is_money(new);
        for &(old_index, new_index, by_alias) in &matching.pairs {
            let (old_field, new_field) = (&old.fields[old_index], &new.fields[new_index]);
            let field_at = at.field(&new_field.name, Some(old_index), Some(new_index));
            self.evaluate(
                &Site::Field {
                    old: old_field,
                    new: new_field,
                    by_alias,
                },
                &field_at,
            );
            let mut type_at = field_at.then("", "/type", Position::Field);
            type_at.money_amount = money && new_field.name == "amount";
            self.value(&old_field.schema, &new_field.schema, type_at);
        }
        self.active.pop();
    }

    fn evaluate(&mut self, site: &Site<'_>, at: &At) {
        for (_, evaluator) in EVALUATORS {
            evaluator(site, at, &mut self.report);
        }
    }
}
