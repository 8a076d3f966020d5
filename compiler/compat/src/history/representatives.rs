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
//! evaluators compare whole records there), and so is a version large
//! enough for a walk to run out of its budget (E250 depends on the whole
//! walk). Known gaps: a `Ref` to a record that another, unrelated field
//! defines under the same qualified name as an ancestor (which the
//! expander does not produce); and an old field holding a `Ref` to the old
//! root where the new one holds another record with exactly the old root's
//! fields (a rename, decided by the old root's other fields).

use crate::evaluators::removed_field::is_sentinel;
use crate::schema::{FieldSchema, Schema};
use crate::walk::same_type;
use crate::Mode;
use std::collections::{BTreeSet, HashMap, HashSet};

mod items;

use items::{may_exhaust_a_walk, reached, refers_outside, Changes, Groups, Items, Slot};

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
        if self.root_names.get(&Some(record.name.clone())).copied() != Some(self.pushed)
            || may_exhaust_a_walk(new)
        {
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
