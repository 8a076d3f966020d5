//! The one walk over an old and a new schema. It pairs up what corresponds
//! (the roots, fields by name or `@alias`, list elements, map values),
//! classifies how each pair of values relates ([`Relation`]), hands every
//! [`Site`] to every evaluator, and recurses where the two sides have the same
//! shape — into records of the same name, list elements and map values — so
//! that a change deep inside is reported with its full path.

use super::evaluators::{enum_fallback_changed, enum_symbols_changed, EVALUATORS};
use super::schema::{EnumSchema, FieldSchema, RecordSchema, Schema};
use super::{Changelog, Direction, Finding, Labels, Owner};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::Arc;
use weft_base::Code;

/// What the walk is looking at: where it is, in both schemas. The path,
/// the JSON pointers and the owner's path are not written as the walk
/// descends (most places have no finding): each place keeps its parent and
/// its own step, and the texts are made only for a finding.
#[derive(Clone, Debug)]
pub struct At<'p> {
    step: Step<'p>,
    /// The length of the DSL path (for the walk's limit on it).
    path_len: usize,
    /// What holds the value.
    pub position: Position,
    /// The `amount` of a money record (`{amount: decimal, currency}`).
    pub money_amount: bool,
    /// Whether the owner (the named declaration the walk is inside, the
    /// innermost named, not inline, record or enum) is the subject itself
    /// (the root): messages then name paths from the subject, as they
    /// always did.
    owner_is_root: bool,
}

/// How a place is reached from its parent.
#[derive(Clone, Debug)]
enum Step<'p> {
    /// The subject, called `name`: both pointers are empty, no owner.
    Root(&'p str),
    /// A place whose texts are written out (a trace's open place, or a
    /// trace's place rebased onto where it is replayed).
    Fixed(&'p Fixed),
    /// The same place, now inside the named declaration `name` of
    /// `namespace`: owner paths start at the declaration (its qualified
    /// name is written only for a finding).
    Inside {
        parent: &'p At<'p>,
        namespace: &'p str,
        name: &'p str,
    },
    /// A field, at its indices in the old and new record.
    Field {
        parent: &'p At<'p>,
        name: &'p str,
        old: Option<usize>,
        new: Option<usize>,
    },
    /// A suffix of the path (`[]`, `{}`, ``) and of both pointers.
    Then {
        parent: &'p At<'p>,
        path: &'static str,
        pointer: &'static str,
    },
}

/// A place with its texts written out: kept in traces, which outlive the
/// walk that recorded them.
#[derive(Clone, Debug)]
pub(crate) struct Fixed {
    /// The DSL path: `Order.lines[].quantity`.
    path: String,
    /// The JSON pointer in the old schema, if it exists there.
    old_pointer: Option<String>,
    /// The JSON pointer in the new schema, if it exists there.
    new_pointer: Option<String>,
    position: Position,
    money_amount: bool,
    /// The named declaration the place is inside, with the path from it;
    /// `None` in the subject's own inline payload.
    owner: Option<Owner>,
    owner_is_root: bool,
}

/// What holds a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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

/// Which schema a pointer is in.
#[derive(Clone, Copy)]
enum PointerSide {
    Old,
    New,
}

impl<'p> At<'p> {
    fn root(name: &'p str) -> At<'p> {
        At {
            step: Step::Root(name),
            path_len: name.len(),
            position: Position::Root,
            money_amount: false,
            owner_is_root: true,
        }
    }

    fn fixed(fixed: &'p Fixed) -> At<'p> {
        At {
            step: Step::Fixed(fixed),
            path_len: fixed.path.len(),
            position: fixed.position,
            money_amount: fixed.money_amount,
            owner_is_root: fixed.owner_is_root,
        }
    }

    /// The same place, now inside the named declaration `name` of
    /// `namespace`: paths in it start at the declaration.
    fn inside<'q>(&'q self, namespace: &'q str, name: &'q str) -> At<'q> {
        At {
            step: Step::Inside {
                parent: self,
                namespace,
                name,
            },
            path_len: self.path_len,
            position: self.position,
            money_amount: self.money_amount,
            owner_is_root: self.position == Position::Root,
        }
    }

    /// A field of the record here, at its indices in the old and new record.
    pub fn field<'q>(&'q self, name: &'q str, old: Option<usize>, new: Option<usize>) -> At<'q> {
        At {
            step: Step::Field {
                parent: self,
                name,
                old,
                new,
            },
            path_len: self.path_len + 1 + name.len(),
            position: Position::Field,
            money_amount: false,
            owner_is_root: self.owner_is_root,
        }
    }

    fn then(&self, path: &'static str, pointer: &'static str, position: Position) -> At<'_> {
        At {
            step: Step::Then {
                parent: self,
                path,
                pointer,
            },
            path_len: self.path_len + path.len(),
            position,
            money_amount: false,
            owner_is_root: self.owner_is_root,
        }
    }

    fn write_path(&self, out: &mut String) {
        match &self.step {
            Step::Root(name) => out.push_str(name),
            Step::Fixed(fixed) => out.push_str(&fixed.path),
            Step::Inside { parent, .. } => parent.write_path(out),
            Step::Field { parent, name, .. } => {
                parent.write_path(out);
                out.push('.');
                out.push_str(name);
            }
            Step::Then { parent, path, .. } => {
                parent.write_path(out);
                out.push_str(path);
            }
        }
    }

    /// The DSL path: `Order.lines[].quantity`.
    fn path(&self) -> String {
        let mut path = String::with_capacity(self.path_len);
        self.write_path(&mut path);
        path
    }

    /// Writes the JSON pointer in one schema, if the place exists there
    /// (else returns false, having written a prefix perhaps).
    fn write_pointer(&self, side: PointerSide, out: &mut String) -> bool {
        match &self.step {
            Step::Root(_) => true,
            Step::Fixed(fixed) => {
                let pointer = match side {
                    PointerSide::Old => &fixed.old_pointer,
                    PointerSide::New => &fixed.new_pointer,
                };
                pointer.as_ref().is_some_and(|pointer| {
                    out.push_str(pointer);
                    true
                })
            }
            Step::Inside { parent, .. } => parent.write_pointer(side, out),
            Step::Field {
                parent, old, new, ..
            } => {
                let index = match side {
                    PointerSide::Old => old,
                    PointerSide::New => new,
                };
                let Some(index) = index else {
                    return false;
                };
                if !parent.write_pointer(side, out) {
                    return false;
                }
                out.push_str("/fields/");
                out.push_str(&index.to_string());
                true
            }
            Step::Then {
                parent, pointer, ..
            } => {
                if !parent.write_pointer(side, out) {
                    return false;
                }
                out.push_str(pointer);
                true
            }
        }
    }

    fn pointer(&self, side: PointerSide) -> Option<String> {
        let mut pointer = String::new();
        self.write_pointer(side, &mut pointer).then_some(pointer)
    }

    /// Writes the path from the owner, if there is an owner (else returns
    /// false, having written nothing).
    fn write_owner_path(&self, out: &mut String) -> bool {
        match &self.step {
            Step::Root(_) => false,
            Step::Fixed(fixed) => fixed.owner.as_ref().is_some_and(|owner| {
                out.push_str(&owner.path);
                true
            }),
            Step::Inside { name, .. } => {
                out.push_str(name);
                true
            }
            Step::Field { parent, name, .. } => {
                if !parent.write_owner_path(out) {
                    return false;
                }
                out.push('.');
                out.push_str(name);
                true
            }
            Step::Then { parent, path, .. } => {
                if !parent.write_owner_path(out) {
                    return false;
                }
                out.push_str(path);
                true
            }
        }
    }

    fn owner_declaration(&self) -> Option<String> {
        match &self.step {
            Step::Root(_) => None,
            Step::Fixed(fixed) => fixed.owner.as_ref().map(|owner| owner.declaration.clone()),
            Step::Inside {
                namespace, name, ..
            } => Some(crate::schema::qualify(namespace, name)),
            Step::Field { parent, .. } | Step::Then { parent, .. } => parent.owner_declaration(),
        }
    }

    /// The named declaration the walk is inside, with the path from it;
    /// `None` in the subject's own inline payload.
    fn owner(&self) -> Option<Owner> {
        let declaration = self.owner_declaration()?;
        let mut path = String::new();
        self.write_owner_path(&mut path);
        Some(Owner { declaration, path })
    }

    /// This place with its texts written out.
    fn fix(&self) -> Fixed {
        Fixed {
            path: self.path(),
            old_pointer: self.pointer(PointerSide::Old),
            new_pointer: self.pointer(PointerSide::New),
            position: self.position,
            money_amount: self.money_amount,
            owner: self.owner(),
            owner_is_root: self.owner_is_root,
        }
    }

    /// The path for messages: without the subject's name (`lines[].sku`),
    /// or the subject's name for the subject itself; inside a named
    /// declaration other than the subject, the path from that declaration
    /// (`Address.zip`), since the change is that declaration's.
    pub fn name(&self) -> String {
        if !self.owner_is_root {
            let mut path = String::new();
            if self.write_owner_path(&mut path) {
                return path;
            }
        }
        message_name(&self.path()).to_string()
    }

    /// `field \`x\``, `elements of \`xs\``, `values of \`m\`` for messages.
    pub fn describe(&self) -> String {
        let name = self.name();
        match self.position {
            Position::Root => format!("`{name}`"),
            Position::Field => format!("field `{name}`"),
            Position::Item => format!(
                "the elements of `{}`",
                name.trim_end_matches("[]").trim_end_matches('.')
            ),
            Position::MapValue => format!(
                "the values of `{}`",
                name.trim_end_matches("{}").trim_end_matches('.')
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
    changelog: Changelog,
    /// Where an omitted changelog entry is written, so that `add` can
    /// still hand the evaluator a finding to fill; never reported.
    omitted: Finding,
}

impl Report<'_> {
    /// Whether changelog entries (info findings) are kept: when not, an
    /// evaluator skips building their messages.
    pub fn changelog(&self) -> bool {
        self.changelog == Changelog::Included
    }

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
        if severity == weft_base::Severity::Info && !self.changelog() {
            self.omitted = omitted_finding();
            return &mut self.omitted;
        }
        let pointer = match direction {
            Direction::Forward => at
                .pointer(PointerSide::Old)
                .or_else(|| at.pointer(PointerSide::New)),
            Direction::Backward | Direction::Both => at
                .pointer(PointerSide::New)
                .or_else(|| at.pointer(PointerSide::Old)),
        };
        self.findings.push(Finding {
            code,
            severity,
            direction,
            path: at.path(),
            pointer: pointer
                .filter(|pointer| !pointer.is_empty())
                .unwrap_or_else(|| "/".to_string()),
            change,
            old: None,
            new: None,
            message: message.into(),
            help: None,
            owner: at.owner(),
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

/// The placeholder [`Report::add`] fills for an omitted changelog entry:
/// empty strings, which do not allocate.
fn omitted_finding() -> Finding {
    Finding {
        code: weft_base::codes::DOCS_CHANGED,
        severity: weft_base::Severity::Info,
        direction: Direction::Both,
        path: String::new(),
        pointer: String::new(),
        change: "",
        old: None,
        new: None,
        message: String::new(),
        help: None,
        owner: None,
    }
}

/// Every finding of `new` against `old`, in both directions (the caller
/// selects by mode).
pub fn compare(old: &Schema, new: &Schema, labels: &Labels) -> Vec<Finding> {
    compare_with(old, new, labels, &mut Memo::default())
}

/// [`compare`], with or without the changelog entries (info findings).
/// Without them, the errors and warnings are exactly those of [`compare`]:
/// no evaluator's problem depends on a changelog entry.
pub fn compare_for(
    old: &Schema,
    new: &Schema,
    labels: &Labels,
    changelog: Changelog,
) -> Vec<Finding> {
    match changelog {
        Changelog::Included => compare(old, new, labels),
        Changelog::Omitted => walk(old, new, labels, None, changelog).unwrap_or_default(),
    }
}

/// [`compare`], reusing what `memo` learnt from earlier comparisons of the
/// same run: a shared record (the same expansion, see
/// [`crate::schema::Expander`]) reached again is not walked again, its
/// findings are replayed at the new place. The findings are exactly those of
/// [`compare`].
pub fn compare_with(old: &Schema, new: &Schema, labels: &Labels, memo: &mut Memo) -> Vec<Finding> {
    match walk(old, new, labels, Some(memo), Changelog::Included) {
        Some(findings) => findings,
        // A limit (values, depth, path length) was met inside a replayed
        // record, where it would have cut the walk elsewhere: walk afresh.
        None => walk(old, new, labels, None, Changelog::Included).unwrap_or_default(),
    }
}

/// What comparing shared records taught: for each pair of record
/// expansions (by identity) compared at a kind of place, what its own walk
/// found and which records it leads to. Lives for one run over one model
/// pair (one `weft compat`), so that a record reached from a thousand
/// contracts is compared once (issue 14, item 7).
#[derive(Default)]
pub struct Memo {
    /// Traces are recorded with open names (the version labels of
    /// messages are markers, replaced on replay), so that every comparison
    /// of the run shares them.
    traces: HashMap<TraceKey, Rc<Trace>>,
    /// Keeps the records of every key alive, so that their addresses stay
    /// theirs.
    keep: Vec<Arc<RecordSchema>>,
    /// For each trace: whether nothing at all is found inside it (at any
    /// depth), with a bound on the values its walk compares; `None` while
    /// being decided (a recursive record is not taken as clean). Kept when
    /// the names change, as are the records in `keep`.
    clean: HashMap<TraceKey, Option<usize>>,
    walked: usize,
}

impl Memo {
    /// How many pairs of records were walked field by field: with the
    /// memo, once per pair of declarations (tests hold it linear).
    pub fn records_walked(&self) -> usize {
        self.walked
    }
}

/// A pair of record expansions (by address) and the place that holds them.
type TraceKey = (usize, usize, Position, bool);

/// The walk of one pair of records, with its place left open: paths and
/// pointers start with the markers below, replaced by the place's own when
/// replayed.
struct Trace {
    items: Vec<Item>,
    /// The longest path (after the place's) at which a value was compared.
    longest: usize,
    /// Whether it can be replayed anywhere (no inline record inside).
    exact: bool,
}

enum Item {
    /// Values compared (against the walk's budget).
    Values(usize),
    Finding(Finding),
    /// The findings of an enum value site; the enum's own (symbols,
    /// fallback) are kept only where the enum is met first.
    Enum {
        /// The enum pair's [`pair_key`].
        key: String,
        findings: Vec<(Finding, bool)>,
    },
    /// A record pair inside, walked (or replayed) in its turn.
    Child {
        old: Arc<RecordSchema>,
        new: Arc<RecordSchema>,
        at: Fixed,
    },
}

const OPEN_PATH: &str = "\u{1}";
const OPEN_OLD: &str = "\u{2}";
const OPEN_NEW: &str = "\u{3}";

fn rebase(text: &str, marker: &str, base: &str) -> Option<String> {
    text.strip_prefix(marker)
        .map(|rest| format!("{base}{rest}"))
}

fn rebase_pointer(pointer: &str, at: &Fixed) -> String {
    let rebased = rebase(pointer, OPEN_OLD, at.old_pointer.as_deref().unwrap_or(""))
        .or_else(|| rebase(pointer, OPEN_NEW, at.new_pointer.as_deref().unwrap_or("")))
        .unwrap_or_else(|| pointer.to_string());
    if rebased.is_empty() {
        "/".to_string()
    } else {
        rebased
    }
}

/// The version names of a trace's messages, replaced on replay.
static OPEN_LABELS: std::sync::LazyLock<Labels> = std::sync::LazyLock::new(|| Labels {
    old: "\u{4}".to_string(),
    new: "\u{5}".to_string(),
});

fn rename(text: &mut String, labels: &Labels) {
    if text.contains(['\u{4}', '\u{5}']) {
        *text = text
            .replace('\u{4}', &labels.old)
            .replace('\u{5}', &labels.new);
    }
}

fn rebase_finding(finding: &Finding, at: &Fixed, labels: &Labels) -> Finding {
    let mut finding = finding.clone();
    rename(&mut finding.message, labels);
    for side in [&mut finding.help, &mut finding.old, &mut finding.new]
        .into_iter()
        .flatten()
    {
        rename(side, labels);
    }
    if let Some(path) = rebase(&finding.path, OPEN_PATH, &at.path) {
        finding.path = path;
    }
    finding.pointer = rebase_pointer(&finding.pointer, at);
    finding
}

fn rebase_at(relative: &Fixed, at: &Fixed) -> Fixed {
    let pointer = |relative: &Option<String>| {
        relative.as_ref().map(|pointer| {
            rebase(pointer, OPEN_OLD, at.old_pointer.as_deref().unwrap_or(""))
                .or_else(|| rebase(pointer, OPEN_NEW, at.new_pointer.as_deref().unwrap_or("")))
                .unwrap_or_else(|| pointer.clone())
        })
    };
    Fixed {
        path: rebase(&relative.path, OPEN_PATH, &at.path).unwrap_or_else(|| relative.path.clone()),
        old_pointer: pointer(&relative.old_pointer),
        new_pointer: pointer(&relative.new_pointer),
        ..relative.clone()
    }
}

/// One walk; `None` if a replay met a limit (then walk without the memo).
fn walk(
    old: &Schema,
    new: &Schema,
    labels: &Labels,
    memo: Option<&mut Memo>,
    changelog: Changelog,
) -> Option<Vec<Finding>> {
    let root = match new {
        Schema::Record(record) => record.name.clone(),
        Schema::Enum(enumeration) => enumeration.name.clone(),
        other => other.display(),
    };
    let mut walker = Walker {
        old_root: old,
        new_root: new,
        old_definitions: None,
        new_definitions: None,
        report: Report {
            labels,
            findings: Vec::new(),
            changelog,
            omitted: omitted_finding(),
        },
        active: Vec::new(),
        visited: HashSet::default(),
        key: String::new(),
        budget: MAX_VALUES,
        memo,
        replay_failed: false,
        skipped: 0,
    };
    let at = At::root(&root);
    walker.value(old, new, at.clone());
    // Skipped clean records compared at most `skipped` values: had they
    // been walked, the budget would still not have run out.
    if walker.replay_failed || (walker.skipped > 0 && walker.skipped >= walker.budget) {
        return None;
    }
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
    Some(walker.report.findings)
}

#[derive(Clone, Copy)]
enum Side {
    Old,
    New,
}

struct Walker<'a, 'm> {
    old_root: &'a Schema,
    new_root: &'a Schema,
    /// The named records and enums of each side, for resolving
    /// [`Schema::Ref`]s; gathered when the first one is met.
    old_definitions: Option<BTreeMap<String, &'a Schema>>,
    new_definitions: Option<BTreeMap<String, &'a Schema>>,
    report: Report<'a>,
    /// Pairs of records being compared (by qualified name, see
    /// [`pair_key`]), against loops.
    active: Vec<String>,
    /// Pairs of named records already compared: what changed inside one
    /// is a change of that record, reported once (with its [`Owner`]),
    /// however many paths reach it; so each pair is compared once. Records
    /// that each hold the previous one twice are reached along
    /// exponentially many paths (issue 15, item 9), and one record at the
    /// end of a long chain of references along thousands (issue 14, item 7).
    visited: HashSet<String>,
    /// A reused buffer for the [`pair_key`] looked up.
    key: String,
    /// Values still to compare; at 0 the walk stops and reports E250.
    budget: usize,
    /// What earlier comparisons learnt (none: walk everything).
    memo: Option<&'m mut Memo>,
    /// A replay met a limit the walk would have met elsewhere.
    replay_failed: bool,
    /// A bound on the values of the clean records skipped.
    skipped: usize,
}

/// The most nested values compared (beyond it, the walk stops quietly).
const MAX_DEPTH: usize = 256;

/// The longest path of a compared value (beyond it, the walk stops
/// quietly too): sixteen bytes per level of nesting.
const MAX_PATH_LEN: usize = 16 * MAX_DEPTH;

/// The most values one comparison looks at. A changed record is compared
/// again on every path that reaches it (each finding names its path), so a
/// record shared along exponentially many paths could keep the walk going
/// for hours; real schemas compare a few thousand values at most.
pub const MAX_VALUES: usize = 100_000;

impl<'a> Walker<'a, '_> {
    fn resolve<'b>(&mut self, side: Side, schema: &'b Schema) -> &'b Schema
    where
        'a: 'b,
    {
        let Schema::Ref { name } = schema else {
            return schema;
        };
        let (root, definitions) = match side {
            Side::Old => (self.old_root, &mut self.old_definitions),
            Side::New => (self.new_root, &mut self.new_definitions),
        };
        definitions
            .get_or_insert_with(|| root.definitions())
            .get(name)
            .copied()
            .unwrap_or(&Schema::Unknown)
    }

    /// Both sides resolved and without their optional markers, with the
    /// markers' presence.
    fn unwrap<'b>(
        &mut self,
        old: &'b Schema,
        new: &'b Schema,
    ) -> (&'b Schema, bool, &'b Schema, bool)
    where
        'a: 'b,
    {
        let old = self.resolve(Side::Old, old);
        let new = self.resolve(Side::New, new);
        let (old_optional, old) = match old {
            Schema::Optional { value } => (true, self.resolve(Side::Old, value)),
            other => (false, other),
        };
        let (new_optional, new) = match new {
            Schema::Optional { value } => (true, self.resolve(Side::New, value)),
            other => (false, other),
        };
        (old, old_optional, new, new_optional)
    }

    fn value<'b>(&mut self, old: &'b Schema, new: &'b Schema, at: At<'_>)
    where
        'a: 'b,
    {
        if self.active.len() > MAX_DEPTH || at.path_len > MAX_PATH_LEN || self.budget == 0 {
            return;
        }
        self.budget -= 1;
        let (old, old_optional, new, new_optional) = self.unwrap(old, new);
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
            self.enum_owner(old, new, before);
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
    fn enum_owner(&mut self, old: &EnumSchema, new: &EnumSchema, before: usize) {
        let mut key = std::mem::take(&mut self.key);
        pair_key(
            &mut key,
            (&old.namespace, &old.name),
            (&new.namespace, &new.name),
        );
        let visited = self.visited.contains(key.as_str());
        if !visited {
            self.visited.insert(key.clone());
        }
        self.key = key;
        if visited {
            let mut index = before;
            while index < self.report.findings.len() {
                if enum_owned(&self.report.findings[index]) {
                    self.report.findings.remove(index);
                } else {
                    index += 1;
                }
            }
            return;
        }
        // The owner is written only for a finding that has it.
        let mut owner = None;
        for finding in &mut self.report.findings[before..] {
            if enum_owned(finding) {
                finding.owner = Some(
                    owner
                        .get_or_insert_with(|| Owner {
                            declaration: new.qualified(),
                            path: new.name.clone(),
                        })
                        .clone(),
                );
            }
        }
    }

    fn record(&mut self, old: &Arc<RecordSchema>, new: &Arc<RecordSchema>, at: &At) {
        let mut scratch = std::mem::take(&mut self.key);
        pair_key(
            &mut scratch,
            (&old.namespace, &old.name),
            (&new.namespace, &new.name),
        );
        let seen = self.active.contains(&scratch) || self.visited.contains(scratch.as_str());
        let key = (!seen).then(|| scratch.clone());
        self.key = scratch;
        let Some(key) = key else {
            return;
        };
        self.visited.insert(key.clone());
        if self.memo.is_some() && at.position != Position::Root && !new.inline {
            self.replay(old, new, at, key);
            return;
        }
        if Arc::ptr_eq(old, new) && self.skip_identical(new, at) {
            return;
        }
        let inside;
        let at = if new.inline {
            at
        } else {
            inside = at.inside(&new.namespace, &new.name);
            &inside
        };
        self.active.push(key);
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

    /// The walk of a named record pair from the memo (recorded first if
    /// new), replayed at `at`.
    fn replay(&mut self, old: &Arc<RecordSchema>, new: &Arc<RecordSchema>, at: &At, key: String) {
        let trace_key = (
            Arc::as_ptr(old) as usize,
            Arc::as_ptr(new) as usize,
            at.position,
            at.money_amount,
        );
        if let Some(Some(bound)) = self
            .memo
            .as_ref()
            .and_then(|memo| memo.clean.get(&trace_key))
        {
            self.skipped = self.skipped.saturating_add(*bound);
            return;
        }
        let trace = self.trace_of(old, new, at.position, at.money_amount);
        // A pair where nothing at all is found (most of them, in a model
        // where few records changed) is not replayed: it would only mark
        // clean pairs visited and count values.
        if let Some(bound) = self.clean_bound(trace_key, &trace) {
            self.skipped = self.skipped.saturating_add(bound);
            return;
        }
        // The limits the walk checks at every value, checked for the
        // replay as a whole.
        if !trace.exact
            || self.active.len() + 1 > MAX_DEPTH
            || at.path_len + trace.longest > MAX_PATH_LEN
        {
            self.replay_failed = true;
            return;
        }
        let at = at.fix();
        self.active.push(key);
        for item in &trace.items {
            if self.replay_failed {
                break;
            }
            match item {
                Item::Values(count) => {
                    if self.budget < *count {
                        self.replay_failed = true;
                    }
                    self.budget = self.budget.saturating_sub(*count);
                }
                Item::Finding(finding) => {
                    self.report
                        .findings
                        .push(rebase_finding(finding, &at, self.report.labels))
                }
                Item::Enum { key, findings } => {
                    let first = self.visited.insert(key.clone());
                    for (finding, owned) in findings {
                        if first || !owned {
                            self.report.findings.push(rebase_finding(
                                finding,
                                &at,
                                self.report.labels,
                            ));
                        }
                    }
                }
                Item::Child {
                    old,
                    new,
                    at: relative,
                } => self.record(old, new, &At::fixed(&rebase_at(relative, &at))),
            }
        }
        self.active.pop();
    }

    /// The trace of a record pair at a kind of place, recorded if new.
    fn trace_of(
        &mut self,
        old: &Arc<RecordSchema>,
        new: &Arc<RecordSchema>,
        position: Position,
        money_amount: bool,
    ) -> Rc<Trace> {
        let trace_key = (
            Arc::as_ptr(old) as usize,
            Arc::as_ptr(new) as usize,
            position,
            money_amount,
        );
        if let Some(trace) = self
            .memo
            .as_ref()
            .and_then(|memo| memo.traces.get(&trace_key).cloned())
        {
            return trace;
        }
        let trace = Rc::new(self.trace(old, new, position, money_amount));
        if let Some(memo) = self.memo.as_mut() {
            memo.walked += 1;
            memo.keep.push(old.clone());
            memo.keep.push(new.clone());
            memo.traces.insert(trace_key, trace.clone());
        }
        trace
    }

    /// If nothing is found anywhere inside the trace (its records at every
    /// depth), a bound on the values walking it compares.
    fn clean_bound(&mut self, key: TraceKey, trace: &Trace) -> Option<usize> {
        if let Some(known) = self.memo.as_ref().and_then(|memo| memo.clean.get(&key)) {
            return *known;
        }
        self.memo.as_mut()?.clean.insert(key, None);
        let mut bound: usize = 0;
        let mut clean = trace.exact;
        for item in &trace.items {
            if !clean {
                break;
            }
            match item {
                Item::Values(count) => bound = bound.saturating_add(*count),
                Item::Finding(_) => clean = false,
                Item::Enum { findings, .. } => clean = findings.is_empty(),
                Item::Child { old, new, at } => {
                    let child = self.trace_of(old, new, at.position, at.money_amount);
                    let child_key = (
                        Arc::as_ptr(old) as usize,
                        Arc::as_ptr(new) as usize,
                        at.position,
                        at.money_amount,
                    );
                    match self.clean_bound(child_key, &child) {
                        Some(inner) => bound = bound.saturating_add(inner),
                        None => clean = false,
                    }
                }
            }
        }
        let result = clean.then_some(bound);
        if let Some(memo) = self.memo.as_mut() {
            memo.clean.insert(key, result);
        }
        result
    }

    /// Walks a record pair at an open place, without the walk's state
    /// (visited pairs, budget): what it finds and which records it leads to.
    fn trace(
        &mut self,
        old: &RecordSchema,
        new: &RecordSchema,
        position: Position,
        money_amount: bool,
    ) -> Trace {
        let open = Fixed {
            path: OPEN_PATH.to_string(),
            old_pointer: Some(OPEN_OLD.to_string()),
            new_pointer: Some(OPEN_NEW.to_string()),
            position,
            money_amount,
            owner: None,
            owner_is_root: false,
        };
        let mut trace = Trace {
            items: Vec::new(),
            longest: 0,
            exact: true,
        };
        let saved = std::mem::take(&mut self.report.findings);
        let labels = std::mem::replace(&mut self.report.labels, &OPEN_LABELS);
        let open = At::fixed(&open);
        let at = open.inside(&new.namespace, &new.name);
        let matching = Matching::of(old, new);
        self.evaluate(
            &Site::Record {
                old,
                new,
                matching: &matching,
            },
            &at,
        );
        self.drain(&mut trace);
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
            self.drain(&mut trace);
            let mut type_at = field_at.then("", "/type", Position::Field);
            type_at.money_amount = money && new_field.name == "amount";
            self.trace_value(&old_field.schema, &new_field.schema, type_at, &mut trace);
        }
        self.report.findings = saved;
        self.report.labels = labels;
        trace
    }

    fn drain(&mut self, trace: &mut Trace) {
        trace
            .items
            .extend(self.report.findings.drain(..).map(Item::Finding));
    }

    /// [`Walker::value`] at an open place.
    fn trace_value(&mut self, old: &Schema, new: &Schema, at: At<'_>, trace: &mut Trace) {
        match trace.items.last_mut() {
            Some(Item::Values(count)) => *count += 1,
            _ => trace.items.push(Item::Values(1)),
        }
        trace.longest = trace.longest.max(at.path_len - OPEN_PATH.len());
        let (old, old_optional, new, new_optional) = self.unwrap(old, new);
        let relation = classify(old, new);
        let site = Site::Value {
            old,
            new,
            old_optional,
            new_optional,
            relation,
        };
        self.evaluate(&site, &at);
        if let (Schema::Enum(old), Schema::Enum(new)) = (old, new) {
            let owner = Some(Owner {
                declaration: new.qualified(),
                path: new.name.clone(),
            });
            let findings = self
                .report
                .findings
                .drain(..)
                .map(|mut finding| {
                    let owned = enum_owned(&finding);
                    if owned {
                        finding.owner = owner.clone();
                    }
                    (finding, owned)
                })
                .collect();
            let mut key = String::new();
            pair_key(
                &mut key,
                (&old.namespace, &old.name),
                (&new.namespace, &new.name),
            );
            trace.items.push(Item::Enum { key, findings });
        } else {
            self.drain(trace);
        }
        if relation != Relation::Same {
            return;
        }
        match (old, new) {
            (Schema::Record(old), Schema::Record(new))
                if old.name == new.name || new.aliases.contains(&old.name) =>
            {
                if new.inline {
                    trace.exact = false;
                }
                trace.items.push(Item::Child {
                    old: old.clone(),
                    new: new.clone(),
                    at: at.fix(),
                });
            }
            (Schema::List { items: old, .. }, Schema::List { items: new, .. }) => {
                self.trace_value(old, new, at.then("[]", "/items", Position::Item), trace)
            }
            (Schema::Map { values: old, .. }, Schema::Map { values: new, .. }) => self.trace_value(
                old,
                new,
                at.then("{}", "/values", Position::MapValue),
                trace,
            ),
            _ => {}
        }
    }

    /// Whether walking `record` against itself (the same expansion on both
    /// sides) can be skipped, and if so takes from the budget what the walk
    /// would have. Every evaluator reports a difference, and there is none;
    /// so the walk would find nothing. Skipped only where it would have
    /// no other effect either: the record holds no named record or enum (whose
    /// pairs the walk would mark visited) and no limit (depth, path length,
    /// budget) could be met inside it.
    fn skip_identical(&mut self, record: &RecordSchema, at: &At) -> bool {
        if self.active.len() + 2 >= MAX_DEPTH {
            return false;
        }
        let mut values = 0usize;
        for field in &record.fields {
            let Some(count) = leaf_values(&field.schema, 0) else {
                return false;
            };
            // A field's path: the record's, `.name`, and `[]` or `{}` per
            // level of nesting (at most one level per value compared).
            if at.path_len + 1 + field.name.len() + 2 * count > MAX_PATH_LEN {
                return false;
            }
            values += count;
        }
        if values >= self.budget {
            return false;
        }
        self.budget -= values;
        true
    }

    fn evaluate(&mut self, site: &Site<'_>, at: &At) {
        for (_, evaluator) in EVALUATORS {
            evaluator(site, at, &mut self.report);
        }
    }
}

/// How many values walking `schema` against itself compares (each
/// [`Walker::value`] call), if it holds no record, enum or reference
/// (`None` otherwise, or when nested deeper than a walk would go).
fn leaf_values(schema: &Schema, depth: usize) -> Option<usize> {
    if depth > MAX_DEPTH {
        return None;
    }
    // `Walker::unwrap` takes off one optional marker.
    let schema = match schema {
        Schema::Optional { value } => value,
        other => other,
    };
    match schema {
        Schema::Record(_) | Schema::Enum(_) | Schema::Ref { .. } | Schema::Optional { .. } => None,
        // Lists and maps are compared, then their items or values.
        Schema::List { items, .. } => Some(1 + leaf_values(items, depth + 1)?),
        Schema::Map { values, .. } => Some(1 + leaf_values(values, depth + 1)?),
        _ => Some(1),
    }
}

/// Writes into `out` (cleared first) the key of a pair of named
/// declarations (`(namespace, name)` each): both qualified names, the first
/// preceded by its length, so that different pairs have different keys.
fn pair_key(out: &mut String, old: (&str, &str), new: (&str, &str)) {
    use std::fmt::Write;
    out.clear();
    let qualified_len = |(namespace, name): (&str, &str)| {
        if namespace.is_empty() {
            name.len()
        } else {
            namespace.len() + 1 + name.len()
        }
    };
    let write = |out: &mut String, (namespace, name): (&str, &str)| {
        if !namespace.is_empty() {
            out.push_str(namespace);
            out.push('.');
        }
        out.push_str(name);
    };
    let _ = write!(out, "{}:", qualified_len(old));
    write(out, old);
    write(out, new);
}

/// Whether a finding is about an enum's own symbols or fallback.
fn enum_owned(finding: &Finding) -> bool {
    matches!(
        finding.change,
        enum_symbols_changed::NAME | enum_fallback_changed::NAME
    )
}
