//! The items a version is summarised into, where they change, and the
//! groups of fields of the new version (see the parent module's docs).

use super::Index;
use crate::schema::Schema;
use std::collections::BTreeSet;

/// The value of a `Name` item: the field's index and text id.
pub(super) type Slot = Option<(usize, u32)>;

/// An item's values where they change, oldest first; before the first
/// change the item has its default value (`V::default()`).
#[derive(Default)]
pub(super) struct Changes<V> {
    pub(super) at: Vec<(usize, V)>,
}

impl<V: Clone + Default + PartialEq> Changes<V> {
    pub(super) fn record(&mut self, position: usize, value: V) {
        let current = self
            .at
            .last()
            .map(|(_, value)| value.clone())
            .unwrap_or_default();
        if current != value {
            self.at.push((position, value));
        }
    }

    pub(super) fn value(&self, position: usize) -> V {
        let after = self.at.partition_point(|(at, _)| *at <= position);
        match after {
            0 => V::default(),
            _ => self.at[after - 1].1.clone(),
        }
    }

    pub(super) fn positions(&self) -> impl Iterator<Item = usize> + '_ {
        self.at.iter().map(|(at, _)| *at)
    }
}

/// A set of items (see the module docs).
#[derive(Default)]
pub(super) struct Items {
    names: BTreeSet<String>,
    reserved: BTreeSet<String>,
    sigs: BTreeSet<usize>,
    length: bool,
    root: bool,
}

impl Items {
    pub(super) fn name(&mut self, name: &str) {
        self.names.insert(name.to_string());
    }

    pub(super) fn reserved(&mut self, name: &str) {
        self.reserved.insert(name.to_string());
    }

    pub(super) fn sig(&mut self, index: usize) {
        self.sigs.insert(index);
    }

    pub(super) fn length(&mut self) {
        self.length = true;
    }

    pub(super) fn root(&mut self) {
        self.root = true;
    }

    pub(super) fn extend(&mut self, other: Items) {
        self.names.extend(other.names);
        self.reserved.extend(other.reserved);
        self.sigs.extend(other.sigs);
        self.length |= other.length;
        self.root |= other.root;
    }

    /// Where any of the items changes.
    pub(super) fn positions<'i>(&'i self, index: &'i Index) -> impl Iterator<Item = usize> + 'i {
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
    pub(super) fn any_present(&self, index: &Index, position: usize) -> bool {
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
    pub(super) fn values(&self, index: &Index, position: usize) -> Vec<u64> {
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
pub(super) struct Groups {
    parent: Vec<usize>,
}

impl Groups {
    pub(super) fn new(size: usize) -> Groups {
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

    pub(super) fn join(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        self.parent[a.max(b)] = a.min(b);
    }

    pub(super) fn members(&mut self) -> Vec<Vec<usize>> {
        let mut by_root: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
        for index in 0..self.parent.len() {
            let root = self.find(index);
            by_root.entry(root).or_default().push(index);
        }
        by_root.into_values().collect()
    }
}

/// The qualified names of the records and enums a type reaches.
pub(super) fn reached(schema: &Schema, names: &mut BTreeSet<String>, depth: usize) {
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
pub(super) fn refers_outside(schema: &Schema) -> bool {
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

/// Whether walking `schema` against anything could compare more values
/// than a walk's budget ([`crate::walk::MAX_VALUES`]): a walk compares
/// each place of the new schema at most once, except below a `Ref` back to
/// a record met again with another old record (then once per old record),
/// so a schema with fewer places meets E250 (which depends on the whole
/// walk rather than on the items) only through such recursion.
pub(super) fn may_exhaust_a_walk(schema: &Schema) -> bool {
    fn count(schema: &Schema, left: &mut usize, depth: usize) -> bool {
        if *left == 0 || depth > 512 {
            return true;
        }
        *left -= 1;
        match schema {
            Schema::Record(record) => record
                .fields
                .iter()
                .any(|field| count(&field.schema, left, depth + 1)),
            Schema::List { items, .. } => count(items, left, depth + 1),
            Schema::Map { values, .. } => count(values, left, depth + 1),
            Schema::Optional { value } => count(value, left, depth + 1),
            _ => false,
        }
    }
    let mut left = crate::walk::MAX_VALUES;
    count(schema, &mut left, 0)
}
