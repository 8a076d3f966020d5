//! Which earlier versions a transitive check must walk (issue 15, item 11).
//!
//! The pairwise check walks the new version vN against every distinct
//! earlier version and keeps, for each (code, path), the finding of the
//! oldest version that produces it (problems only: changelog entries come
//! from the previous version, which is always walked). Most of those walks
//! find nothing new. This index picks a set `W` of versions such that the
//! oldest producer of every (code, path) is in `W`; walking `W` in order,
//! with the same filters and the same deduplication, then gives exactly the
//! pairwise result (a walked version finds what it found pairwise; a version
//! left out produces nothing that an older walked one does not).
//!
//! # Items and classes
//!
//! Every version is summarised, once when it is pushed, as *items* whose
//! values are recorded only where they change (`changes`):
//!
//! * `Name(n)`: the field named `n` (its index and canonical text), or none;
//! * `Reserved(n)`: whether the root reserves `n`;
//! * `Sig(j)`: the field at index `j` without its name (type, default,
//!   optionality: what decides a rename by position), or none;
//! * the root without its fields (name, namespace, aliases, reserved names,
//!   inline), and the number of fields (for money records).
//!
//! For vN, the findings under a root field `f` of vN depend only on a few
//! items (`f`'s *local items*): `Name(f)`, `Reserved(f)`, `Name(a)` for
//! `f`'s `@alias` names that vN does not use, `Sig(j)` at `f`'s index `j`,
//! `Name(s)` for the names vN mentions (fields, aliases, reserved) that ever
//! sat at index `j` (a field matched by name or alias, or reserved by vN,
//! is never renamed into `f`), the field count for `amount`, and the root
//! when `f`'s type refers to a record outside itself. Proof sketch: the
//! walk matches `f` by name, else by the first alias name in old order,
//! else as a reused reserved name, else it is renamed from the removed
//! same-type field at its index or added; each case reads only those
//! items, and what is below `f` then depends on the two fields' texts.
//! Fields whose types share a named record or enum are walked in one
//! `visited` set (the record is reported at the first path reaching it):
//! such fields form one *group* whose items are the union of theirs.
//!
//! Two versions with equal values of a group's items produce the same
//! problems under the group's fields, so the oldest producer of each is the
//! oldest version of its *class* (tuple of item values). The values only
//! change at the items' change points, so the classes are found by visiting
//! those positions (and the first): cost in proportion to the changes of
//! the items vN touches, not to the history. A version whose fields of a
//! group all equal vN's (and refer to nothing outside themselves) finds
//! nothing under them: those classes are not walked. So a field kept
//! unchanged costs nothing, however long the history; fields sharing a
//! named type are classed together (a history that adds one such field
//! per version walks every version).
//!
//! Removed fields (vi has `g`, vN does not) only matter in the forward
//! direction, and only when they are required or have a sentinel default
//! (E102, W103). Those with a name vN mentions are groups like the above
//! (their items: `Name(g)`, the fields aliasing `g`, and the fields of vN at
//! the indices `g` had). The others are indexed once, when first removed,
//! by (index, field without name): for each such class, `g` is reported
//! unless vN's field at that index takes it as a rename, which happens in
//! every version unless that field is matched there (by name, alias or
//! reserved name); the first version of the class where it is matched (or
//! the first of the class, when no rename can happen) is walked.
//!
//! Root-level findings depend on the root item; a subject whose root record
//! changed its name (or is not a record) is checked pairwise (the rename
//! evaluators compare whole records there). Known gap: a `Ref` to a record
//! that another, unrelated field defines under the same qualified name as
//! an ancestor (which the expander does not produce).

use crate::evaluators::removed_field::is_sentinel;
use crate::schema::{FieldSchema, Schema};
use crate::walk::same_type;
use crate::Mode;
use std::collections::{BTreeSet, HashMap, HashSet};

/// The value of a `Name` item: the field's index and text id.
type Slot = Option<(usize, u32)>;

/// An item's values where they change, oldest first; before the first
/// change the item has its default value (`V::default()`).
#[derive(Default)]
struct Changes<V> {
    at: Vec<(usize, V)>,
}

impl<V: Clone + Default + PartialEq> Changes<V> {
    fn record(&mut self, position: usize, value: V) {
        let current = self
            .at
            .last()
            .map(|(_, value)| value.clone())
            .unwrap_or_default();
        if current != value {
            self.at.push((position, value));
        }
    }

    fn value(&self, position: usize) -> V {
        let after = self.at.partition_point(|(at, _)| *at <= position);
        match after {
            0 => V::default(),
            _ => self.at[after - 1].1.clone(),
        }
    }

    fn positions(&self) -> impl Iterator<Item = usize> + '_ {
        self.at.iter().map(|(at, _)| *at)
    }
}

/// What a version's push records, kept for the next version.
#[derive(Default)]
struct Summary {
    fields: HashMap<String, (usize, u32)>,
    length: usize,
    reserved: HashSet<String>,
}

/// A removed field's class: its index and its text without its name.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Class {
    index: usize,
    sig: u32,
}

/// The index of one subject's history.
#[derive(Default)]
pub(super) struct Index {
    texts: HashMap<String, u32>,
    /// For each field text id, the id of its text without the name.
    sig_of: HashMap<u32, u32>,
    names: HashMap<String, Changes<Slot>>,
    reserved: HashMap<String, Changes<bool>>,
    sigs: Vec<Changes<Option<u32>>>,
    roots: Changes<u32>,
    lengths: Changes<usize>,
    /// Versions per root record name (`None`: not a record).
    root_names: HashMap<Option<String>, usize>,
    pushed: usize,
    previous: Summary,
    /// The dangerous classes (required or sentinel default) each name had.
    dangerous: HashMap<String, Vec<(Class, FieldSchema)>>,
    /// Names some version removed.
    gone: HashSet<String>,
    /// Their dangerous classes, with one field of the class and the names.
    gone_classes: HashMap<Class, (FieldSchema, Vec<String>)>,
}

fn is_dangerous(field: &FieldSchema) -> bool {
    field
        .effective_default()
        .is_none_or(|value| is_sentinel(&value))
}

/// A field's text without its name.
fn nameless(field: &FieldSchema) -> String {
    let FieldSchema {
        name: _,
        schema,
        default,
        aliases,
        doc,
        deprecated,
        pii,
    } = field;
    serde_json::to_string(&(schema, default, aliases, doc, deprecated, pii)).unwrap_or_default()
}

impl Index {
    fn intern(&mut self, text: String) -> u32 {
        let next = self.texts.len() as u32 + 1;
        *self.texts.entry(text).or_insert(next)
    }

    /// Records version `schema` at `position` (the next one).
    pub(super) fn push(&mut self, position: usize, schema: &Schema) {
        self.pushed += 1;
        let root_name = match schema {
            Schema::Record(record) => Some(record.name.clone()),
            _ => None,
        };
        *self.root_names.entry(root_name).or_default() += 1;
        let mut summary = Summary::default();
        let mut sigs: Vec<u32> = Vec::new();
        let root = match schema {
            Schema::Record(record) => {
                let crate::schema::RecordSchema {
                    name,
                    namespace,
                    aliases,
                    doc: _,
                    deprecated: _,
                    fields,
                    reserved,
                    inline,
                } = &**record;
                for (index, field) in fields.iter().enumerate() {
                    let text = self.intern(serde_json::to_string(field).unwrap_or_default());
                    let sig = self.intern(nameless(field));
                    self.sig_of.insert(text, sig);
                    sigs.push(sig);
                    summary.fields.insert(field.name.clone(), (index, text));
                    if is_dangerous(field) {
                        let class = Class { index, sig };
                        let known = self.dangerous.entry(field.name.clone()).or_default();
                        if !known.iter().any(|(seen, _)| *seen == class) {
                            known.push((class, field.clone()));
                            if self.gone.contains(&field.name) {
                                self.gone_classes
                                    .entry(class)
                                    .or_insert_with(|| (field.clone(), Vec::new()))
                                    .1
                                    .push(field.name.clone());
                            }
                        }
                    }
                }
                summary.reserved = reserved.iter().cloned().collect();
                serde_json::to_string(&(name, namespace, aliases, reserved, inline))
                    .unwrap_or_default()
            }
            other => format!("other {}", serde_json::to_string(other).unwrap_or_default()),
        };
        let root = self.intern(root);
        self.roots.record(position, root);
        self.lengths.record(position, sigs.len());
        let previous = std::mem::take(&mut self.previous);
        for (name, slot) in &summary.fields {
            if previous.fields.get(name) != Some(slot) {
                self.names
                    .entry(name.clone())
                    .or_default()
                    .record(position, Some(*slot));
            }
        }
        for name in previous.fields.keys() {
            if !summary.fields.contains_key(name) {
                self.names
                    .entry(name.clone())
                    .or_default()
                    .record(position, None);
                self.forget(name);
            }
        }
        for name in summary.reserved.symmetric_difference(&previous.reserved) {
            let now = summary.reserved.contains(name);
            self.reserved
                .entry(name.clone())
                .or_default()
                .record(position, now);
        }
        let width = sigs.len().max(self.sigs.len());
        self.sigs.resize_with(width, Changes::default);
        // Only the indices either version has can change.
        summary.length = sigs.len();
        let touched = sigs.len().max(previous.length);
        for index in 0..touched {
            self.sigs[index].record(position, sigs.get(index).copied());
        }
        self.previous = summary;
    }

    /// `name` was removed: its dangerous classes now count as removed ones.
    fn forget(&mut self, name: &str) {
        if !self.gone.insert(name.to_string()) {
            return;
        }
        for (class, field) in self.dangerous.get(name).into_iter().flatten() {
            self.gone_classes
                .entry(*class)
                .or_insert_with(|| (field.clone(), Vec::new()))
                .1
                .push(name.to_string());
        }
    }

    /// The versions (positions up to `older`, the previous one) to walk
    /// against `new`, or `None` when `new` must be checked pairwise.
    pub(super) fn representatives(
        &self,
        new: &Schema,
        mode: Mode,
        older: usize,
    ) -> Option<BTreeSet<usize>> {
        let Schema::Record(record) = new else {
            return None;
        };
        if self.root_names.get(&Some(record.name.clone())).copied() != Some(self.pushed) {
            return None;
        }
        let fields = &record.fields;
        let own: HashSet<&str> = fields.iter().map(|field| field.name.as_str()).collect();
        let aliases_of = |field: &'_ FieldSchema| -> Vec<String> {
            field
                .aliases
                .iter()
                .filter(|alias| !own.contains(alias.as_str()))
                .cloned()
                .collect()
        };
        let mut special: HashSet<&str> = own.clone();
        for field in fields {
            special.extend(field.aliases.iter().map(String::as_str));
        }
        special.extend(record.reserved.iter().map(String::as_str));
        // The special names that ever sat at each index of `new`.
        let mut sat: Vec<BTreeSet<&str>> = vec![BTreeSet::new(); fields.len()];
        for name in &special {
            for (_, slot) in self
                .names
                .get(*name)
                .map(|c| c.at.as_slice())
                .unwrap_or_default()
            {
                if let Some((index, _)) = slot {
                    if let Some(names) = sat.get_mut(*index) {
                        names.insert(name);
                    }
                }
            }
        }

        let mut walk = BTreeSet::from([0, older]);
        // The root: one class per value.
        let mut roots = HashSet::new();
        for (position, value) in &self.roots.at {
            if roots.insert(*value) {
                walk.insert(*position);
            }
        }

        let mut groups = Groups::new(fields.len());
        let mut reaches: HashMap<String, usize> = HashMap::new();
        for (index, field) in fields.iter().enumerate() {
            let mut names = BTreeSet::new();
            reached(&field.schema, &mut names, 0);
            names.remove(&record.qualified());
            for name in names {
                match reaches.get(&name) {
                    Some(first) => groups.join(*first, index),
                    None => {
                        reaches.insert(name, index);
                    }
                }
            }
        }
        for members in groups.members() {
            let mut items = Items::default();
            // Versions whose fields of the group all equal vN's (and refer
            // to nothing outside themselves) find nothing under them.
            let mut skip = Some(Vec::new());
            for &index in &members {
                let field = &fields[index];
                let outside = refers_outside(&field.schema);
                items.name(&field.name);
                items.reserved(&field.name);
                for alias in aliases_of(field) {
                    items.name(&alias);
                }
                items.sig(index);
                for name in &sat[index] {
                    items.name(name);
                    // A name at `f`'s index that another field of vN
                    // aliases is removed (a rename source) or not as that
                    // field is matched.
                    for owner in fields
                        .iter()
                        .filter(|owner| owner.aliases.iter().any(|a| a == name))
                    {
                        items.name(&owner.name);
                        for alias in aliases_of(owner) {
                            items.name(&alias);
                        }
                    }
                }
                if field.name == "amount" {
                    items.length();
                }
                if outside {
                    items.root();
                }
                let text = serde_json::to_string(field).unwrap_or_default();
                let known = self.texts.get(&text).filter(|_| !outside);
                skip = match (skip, known) {
                    (Some(mut same), Some(text)) => {
                        same.push((field.name.clone(), *text));
                        Some(same)
                    }
                    _ => None,
                };
            }
            self.classes(&items, skip.as_deref(), None, &mut walk);
        }

        if mode.forward() {
            self.removed(record, fields, &own, &special, &aliases_of, &mut walk);
        }
        Some(walk)
    }

    /// The removed fields' representatives (forward modes).
    fn removed(
        &self,
        record: &crate::schema::RecordSchema,
        fields: &[FieldSchema],
        own: &HashSet<&str>,
        special: &HashSet<&str>,
        aliases_of: &dyn Fn(&FieldSchema) -> Vec<String>,
        walk: &mut BTreeSet<usize>,
    ) {
        // What decides whether vN's field at `index` is matched in a version.
        let matched_items = |index: usize| -> Items {
            let mut items = Items::default();
            if let Some(field) = fields.get(index) {
                items.name(&field.name);
                items.reserved(&field.name);
                for alias in aliases_of(field) {
                    items.name(&alias);
                }
            }
            items
        };
        // Names vN mentions but does not have: a group each.
        for name in special.iter().filter(|name| !own.contains(**name)) {
            let Some(changes) = self.names.get(*name) else {
                continue;
            };
            let mut items = Items::default();
            items.name(name);
            for field in fields
                .iter()
                .filter(|field| field.aliases.iter().any(|a| a == name))
            {
                items.name(&field.name);
                for alias in aliases_of(field) {
                    items.name(&alias);
                }
            }
            let indices: BTreeSet<usize> = changes
                .at
                .iter()
                .filter_map(|(_, slot)| slot.map(|(index, _)| index))
                .collect();
            for index in indices {
                items.extend(matched_items(index));
            }
            self.classes(&items, None, Some(name), walk);
        }
        // Other removed names, by class.
        let mut classes: HashMap<Class, (FieldSchema, Vec<String>)> = HashMap::new();
        // Names of the previous version that vN removes now.
        for name in self.previous.fields.keys() {
            if own.contains(name.as_str()) || self.gone.contains(name) {
                continue;
            }
            for (class, field) in self.dangerous.get(name).into_iter().flatten() {
                classes
                    .entry(*class)
                    .or_insert_with(|| (field.clone(), Vec::new()))
                    .1
                    .push(name.clone());
            }
        }
        let visit =
            |class: &Class, sample: &FieldSchema, names: &[String], walk: &mut BTreeSet<usize>| {
                let renamed = fields.get(class.index).is_some_and(|field| {
                    same_type(&sample.schema, &field.schema)
                        && (sample.effective_default().is_none()
                            || field.effective_default().is_none())
                });
                let matched = matched_items(class.index);
                if renamed && matched.positions(self).next().is_none() {
                    // vN's field is matched in no version: every one renames.
                    return;
                }
                for name in names {
                    if special.contains(name.as_str()) || record.reserved.contains(name) {
                        continue;
                    }
                    let Some(changes) = self.names.get(name) else {
                        continue;
                    };
                    let mut positions: BTreeSet<usize> = changes.positions().collect();
                    if renamed {
                        positions.extend(matched.positions(self));
                    }
                    for position in positions {
                        let here = changes.value(position).is_some_and(|(index, text)| {
                            index == class.index && self.sig_of.get(&text) == Some(&class.sig)
                        });
                        if here && (!renamed || matched.any_present(self, position)) {
                            walk.insert(position);
                            break;
                        }
                    }
                }
            };
        for (class, (sample, names)) in self.gone_classes.iter().chain(classes.iter()) {
            visit(class, sample, names, walk);
        }
    }

    /// Walks the classes of `items` (visiting their change points): the
    /// first version of each class joins `walk`, except those whose fields
    /// named in `skip` all have the texts given there, and those lacking
    /// `present`.
    fn classes(
        &self,
        items: &Items,
        skip: Option<&[(String, u32)]>,
        present: Option<&str>,
        walk: &mut BTreeSet<usize>,
    ) {
        let mut positions: BTreeSet<usize> = items.positions(self).collect();
        positions.insert(0);
        let mut seen: HashSet<Vec<u64>> = HashSet::new();
        for position in positions {
            if let Some(same) = skip {
                let all = same.iter().all(|(name, text)| {
                    self.names
                        .get(name)
                        .and_then(|changes| changes.value(position))
                        .is_some_and(|(_, here)| here == *text)
                });
                if all {
                    continue;
                }
            }
            if let Some(name) = present {
                let there = self
                    .names
                    .get(name)
                    .is_some_and(|changes| changes.value(position).is_some());
                if !there {
                    continue;
                }
            }
            if seen.insert(items.values(self, position)) {
                walk.insert(position);
            }
        }
    }
}

/// A set of items (see the module docs).
#[derive(Default)]
struct Items {
    names: BTreeSet<String>,
    reserved: BTreeSet<String>,
    sigs: BTreeSet<usize>,
    length: bool,
    root: bool,
}

impl Items {
    fn name(&mut self, name: &str) {
        self.names.insert(name.to_string());
    }

    fn reserved(&mut self, name: &str) {
        self.reserved.insert(name.to_string());
    }

    fn sig(&mut self, index: usize) {
        self.sigs.insert(index);
    }

    fn length(&mut self) {
        self.length = true;
    }

    fn root(&mut self) {
        self.root = true;
    }

    fn extend(&mut self, other: Items) {
        self.names.extend(other.names);
        self.reserved.extend(other.reserved);
        self.sigs.extend(other.sigs);
        self.length |= other.length;
        self.root |= other.root;
    }

    /// Where any of the items changes.
    fn positions<'i>(&'i self, index: &'i Index) -> impl Iterator<Item = usize> + 'i {
        let names = self
            .names
            .iter()
            .filter_map(|name| index.names.get(name))
            .flat_map(Changes::positions);
        let reserved = self
            .reserved
            .iter()
            .filter_map(|name| index.reserved.get(name))
            .flat_map(Changes::positions);
        let sigs = self
            .sigs
            .iter()
            .filter_map(|at| index.sigs.get(*at))
            .flat_map(Changes::positions);
        let length = self
            .length
            .then(|| index.lengths.positions())
            .into_iter()
            .flatten();
        let root = self
            .root
            .then(|| index.roots.positions())
            .into_iter()
            .flatten();
        names.chain(reserved).chain(sigs).chain(length).chain(root)
    }

    /// Whether the version at `position` has one of the named fields or
    /// reserves one of the reserved names.
    fn any_present(&self, index: &Index, position: usize) -> bool {
        self.names.iter().any(|name| {
            index
                .names
                .get(name)
                .is_some_and(|changes| changes.value(position).is_some())
        }) || self.reserved.iter().any(|name| {
            index
                .reserved
                .get(name)
                .is_some_and(|changes| changes.value(position))
        })
    }

    /// The items' values at `position`, as one key.
    fn values(&self, index: &Index, position: usize) -> Vec<u64> {
        let slot = |slot: Slot| {
            slot.map_or(0, |(at, text)| {
                ((at as u64) << 32) | u64::from(text) | 1 << 63
            })
        };
        let mut key = Vec::new();
        for name in &self.names {
            key.push(slot(index.names.get(name).and_then(|c| c.value(position))));
        }
        for name in &self.reserved {
            key.push(u64::from(
                index.reserved.get(name).is_some_and(|c| c.value(position)),
            ));
        }
        for at in &self.sigs {
            key.push(
                index
                    .sigs
                    .get(*at)
                    .and_then(|c| c.value(position))
                    .map_or(0, |sig| u64::from(sig) + 1),
            );
        }
        if self.length {
            key.push(index.lengths.value(position) as u64);
        }
        if self.root {
            key.push(u64::from(index.roots.value(position)));
        }
        key
    }
}

/// Fields joined into groups (union-find).
struct Groups {
    parent: Vec<usize>,
}

impl Groups {
    fn new(size: usize) -> Groups {
        Groups {
            parent: (0..size).collect(),
        }
    }

    fn find(&mut self, mut at: usize) -> usize {
        while self.parent[at] != at {
            self.parent[at] = self.parent[self.parent[at]];
            at = self.parent[at];
        }
        at
    }

    fn join(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        self.parent[a.max(b)] = a.min(b);
    }

    fn members(&mut self) -> Vec<Vec<usize>> {
        let mut by_root: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
        for index in 0..self.parent.len() {
            let root = self.find(index);
            by_root.entry(root).or_default().push(index);
        }
        by_root.into_values().collect()
    }
}

/// The qualified names of the records and enums a type reaches.
fn reached(schema: &Schema, names: &mut BTreeSet<String>, depth: usize) {
    if depth > 256 {
        return;
    }
    match schema {
        Schema::Record(record) if names.insert(record.qualified()) => {
            for field in &record.fields {
                reached(&field.schema, names, depth + 1);
            }
        }
        Schema::Enum(enumeration) => {
            names.insert(enumeration.qualified());
        }
        Schema::Ref { name } => {
            names.insert(name.clone());
        }
        Schema::List { items, .. } => reached(items, names, depth + 1),
        Schema::Map { keys, values } => {
            reached(keys, names, depth + 1);
            reached(values, names, depth + 1);
        }
        Schema::Optional { value } => reached(value, names, depth + 1),
        _ => {}
    }
}

/// Whether a type holds a `Ref` to a record it does not define itself.
fn refers_outside(schema: &Schema) -> bool {
    fn visit(schema: &Schema, open: &mut Vec<String>, depth: usize) -> bool {
        if depth > 256 {
            return true;
        }
        match schema {
            Schema::Record(record) => {
                open.push(record.qualified());
                let outside = record
                    .fields
                    .iter()
                    .any(|field| visit(&field.schema, open, depth + 1));
                open.pop();
                outside
            }
            Schema::Ref { name } => !open.contains(name),
            Schema::List { items, .. } => visit(items, open, depth + 1),
            Schema::Map { keys, values } => {
                visit(keys, open, depth + 1) || visit(values, open, depth + 1)
            }
            Schema::Optional { value } => visit(value, open, depth + 1),
            _ => false,
        }
    }
    visit(schema, &mut Vec::new(), 0)
}
