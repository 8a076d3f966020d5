//! Declarations whose names differ only in case (E319). weft's names are
//! case-sensitive, but the targets make file and component names from them:
//! `openapi/purchase-orders.v1.yaml` from `PurchaseOrders` and from
//! `purchase_orders`, the event schemas' files from topics in snake case,
//! `asyncapi/Plant.yaml` from the domain `Plant` — and `Plant.yaml` and
//! `plant.yaml` are one file on case-insensitive file systems. The build
//! would fail, or one file would overwrite the other; the check finds it
//! first.

use crate::codes;
use crate::model::{DeclRef, Model, Name};
use rustc_hash::FxHashMap;
use weft_base::Diagnostic;
#[cfg(test)]
use weft_targets::naming::snake_case;
use weft_targets::naming::snake_case_into;

/// Runs this check.
pub fn check(model: &Model) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let named = named_types(model);
    // Types and entities share the schema components; the other kinds each
    // name their own files or components.
    let families: [(&str, Vec<&Name>); 6] = [
        (
            "types",
            model
                .types
                .iter()
                .enumerate()
                // The records of inline event versions (`ScheduleChangedV1`)
                // are named after their event, whose clash is reported. (The
                // standard library's names are left out below anyway.)
                .filter(|(index, decl)| {
                    !decl.name.is_std() && named.get(*index).copied().unwrap_or(false)
                })
                .map(|(_, decl)| &decl.name)
                .chain(model.entities.iter().map(|decl| &decl.name))
                .collect(),
        ),
        (
            "events",
            model.events.iter().map(|decl| &decl.name).collect(),
        ),
        ("APIs", model.apis.iter().map(|decl| &decl.name).collect()),
        (
            "domains",
            model.domains.iter().map(|decl| &decl.name).collect(),
        ),
        (
            "systems",
            model.systems.iter().map(|decl| &decl.name).collect(),
        ),
        (
            "workflows",
            model.workflows.iter().map(|decl| &decl.name).collect(),
        ),
    ];
    // The key texts of the name being checked, made in one buffer.
    let mut text = String::new();
    for (kind, names) in families {
        let names: Vec<&Name> = names.into_iter().filter(|name| !name.is_std()).collect();
        let keys: &[Key] = if kind == "domains" {
            &[Key::Lower, Key::Snake, Key::Domain]
        } else {
            &[Key::Lower, Key::Snake]
        };
        let candidates = may_clash(&names, kind == "domains");
        let mut earlier = Earlier::with_capacity(candidates.len() * keys.len());
        for index in candidates {
            let Some(later) = names.get(index) else {
                continue;
            };
            // The first earlier name that clashes: the smallest index over
            // the keys (what a scan of every earlier name would find).
            let mut clash: Option<usize> = None;
            for key in keys {
                // Domains name folders of their own, whatever the package.
                let package = match key {
                    Key::Domain => "",
                    Key::Lower | Key::Snake => later.package.as_str(),
                };
                key.text(&later.name, &mut text);
                let slot = earlier.slot(*key, package, &text, index);
                if let Some(first) = earlier.first_other(slot, &names, index) {
                    clash = Some(clash.map_or(first, |clash| clash.min(first)));
                }
            }
            if let Some(earlier) = clash.and_then(|first| names.get(first)) {
                diagnostics.push(
                    Diagnostic::error(
                        codes::CASE_COLLISION,
                        format!(
                            "{kind} `{}` and `{}` differ only in case or word separators",
                            earlier.qualified(),
                            later.qualified()
                        ),
                        later.span,
                        "differs only in case or word separators",
                    )
                    .with_label(earlier.span, "from this name")
                    .with_help(
                        "generated file and component names are made from these names, and \
                         would collide (on case-insensitive file systems too): rename one of them",
                    ),
                );
            }
        }
    }
    diagnostics
}

/// Which types have a full name that `model.names` lists, their own or
/// another declaration's: the types of the "types" family (the others are
/// the records of inline event versions, named after their event, whose
/// clash is reported). Standard-library types are left out.
fn named_types(model: &Model) -> Vec<bool> {
    // The types listed under their own full name, found in one pass over
    // `model.names`.
    let mut named = vec![false; model.types.len()];
    for (key, declaration) in &model.names {
        if let DeclRef::Type(id) = declaration {
            if let (Some(slot), Some(def)) =
                (named.get_mut(id.index()), model.types.get(id.index()))
            {
                *slot |= is_qualified(key, &def.name);
            }
        }
    }
    // The full names of the others, written one after the other into one
    // text and found by hash from a second pass over `model.names`: a
    // search of `model.names` per type compared a dozen strings each (two
    // thirds of this check at 10,000 declarations).
    let mut text = String::new();
    let mut unlisted: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
    for (index, def) in model.types.iter().enumerate() {
        if named.get(index).copied().unwrap_or(true) || def.name.is_std() {
            continue;
        }
        let start = text.len();
        if !def.name.package.is_empty() {
            text.push_str(&def.name.package);
            text.push('.');
        }
        text.push_str(&def.name.name);
        unlisted.push((index, start..text.len()));
    }
    if unlisted.is_empty() {
        return named;
    }
    // Whether each of those full names is a key of `model.names` (types
    // may share one: the map holds it once).
    let mut listed: FxHashMap<&str, bool> = FxHashMap::default();
    listed.reserve(unlisted.len());
    for (_, range) in &unlisted {
        listed.insert(text.get(range.clone()).unwrap_or_default(), false);
    }
    for key in model.names.keys() {
        if let Some(found) = listed.get_mut(key.as_str()) {
            *found = true;
        }
    }
    for (index, range) in &unlisted {
        let full = text.get(range.clone()).unwrap_or_default();
        if let (Some(slot), Some(true)) = (named.get_mut(*index), listed.get(full)) {
            *slot = true;
        }
    }
    named
}

/// The positions in `names` of the names that can clash with another, in
/// order. Two ASCII names that clash under any [`Key`] are equal once
/// lowercased and stripped of `_` (within their package; across packages
/// for domains), so with ASCII names only those sharing that form are
/// keyed one by one: most names share it with no other, and cost one hash
/// instead of their keys (making the snake-case key was most of the
/// check). Other characters lower-case in ways this form does not follow
/// (the Kelvin sign, U+212A, becomes `k`; a final `Σ` becomes `ς`): a family
/// with any of them is keyed whole.
fn may_clash(names: &[&Name], across_packages: bool) -> Vec<usize> {
    use std::hash::{Hash, Hasher};
    if !names.iter().all(|name| name.name.is_ascii()) {
        return (0..names.len()).collect();
    }
    let folded_hash = |name: &Name| {
        let mut hasher = rustc_hash::FxHasher::default();
        if !across_packages {
            name.package.as_str().hash(&mut hasher);
        }
        for byte in name.name.bytes().filter(|byte| *byte != b'_') {
            hasher.write_u8(byte.to_ascii_lowercase());
        }
        hasher.finish()
    };
    let hashes: Vec<u64> = names.iter().map(|name| folded_hash(name)).collect();
    let mut counts: rustc_hash::FxHashMap<u64, u32> = rustc_hash::FxHashMap::default();
    counts.reserve(hashes.len());
    for hash in &hashes {
        *counts.entry(*hash).or_insert(0) += 1;
    }
    // Equal hashes of different forms only add names to key.
    hashes
        .iter()
        .enumerate()
        .filter(|(_, hash)| counts.get(*hash).is_some_and(|count| *count > 1))
        .map(|(index, _)| index)
        .collect()
}

/// Whether `key` is `name`'s full name (`package.name`, or the name alone
/// without a package), as the lookup in [`check`] composes it.
fn is_qualified(key: &str, name: &Name) -> bool {
    if name.package.is_empty() {
        return key == name.name.as_str();
    }
    key.len() == name.package.len() + 1 + name.name.len()
        && key.starts_with(name.package.as_str())
        && key.ends_with(name.name.as_str())
        && key.as_bytes().get(name.package.len()) == Some(&b'.')
}

/// How two names can clash: lowercased or in snake case within a package,
/// or (domains) ignoring ASCII case anywhere.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Key {
    Lower,
    Snake,
    Domain,
}

impl Key {
    /// What `name` becomes under this key, written to `out`.
    fn text(self, name: &str, out: &mut String) {
        out.clear();
        match self {
            Key::Lower if name.is_ascii() => {
                out.push_str(name);
                out.make_ascii_lowercase();
            }
            Key::Lower => out.push_str(&name.to_lowercase()),
            Key::Snake => {
                snake_case_into(name, out);
                if out.is_ascii() {
                    out.make_ascii_lowercase();
                } else {
                    *out = out.to_lowercase();
                }
            }
            Key::Domain => {
                out.push_str(name);
                out.make_ascii_lowercase();
            }
        }
    }
}

/// The names seen so far, by what they become under each [`Key`]: per key
/// the first name, and the first name that differs from it. A later name
/// clashes with the first of them that is not the same name, so these two
/// are all a lookup needs: one hash probe per key instead of a scan of
/// every earlier name (which made the check quadratic).
///
/// The key texts are kept one after the other in one string, and found by
/// their hash (slots of one hash chained), so that a name costs no
/// allocation of its own: the owned key per name and key it cost before
/// was most of the check's time, and its allocations grew it faster than
/// the model.
struct Earlier<'n> {
    texts: String,
    slots: Vec<Slot<'n>>,
    /// The newest slot of each hash; the others of that hash are chained
    /// from it.
    by_hash: rustc_hash::FxHashMap<u64, usize>,
}

struct Slot<'n> {
    key: Key,
    package: &'n str,
    text: std::ops::Range<usize>,
    /// The first name with this key, and the first that differs from it.
    first: usize,
    other: Option<usize>,
    /// The previous slot of the same hash.
    next: Option<usize>,
}

impl<'n> Earlier<'n> {
    fn with_capacity(keys: usize) -> Earlier<'n> {
        let mut by_hash = rustc_hash::FxHashMap::default();
        by_hash.reserve(keys);
        Earlier {
            texts: String::new(),
            slots: Vec::with_capacity(keys),
            by_hash,
        }
    }

    /// The slot of a key, added with name `index` first if there is none
    /// yet; a later name of the key is noted if it is the first that
    /// differs from the first name.
    fn slot(&mut self, key: Key, package: &'n str, text: &str, index: usize) -> usize {
        use std::hash::{Hash, Hasher};
        let mut hasher = rustc_hash::FxHasher::default();
        key.hash(&mut hasher);
        package.hash(&mut hasher);
        text.hash(&mut hasher);
        let hash = hasher.finish();
        let newest = self.by_hash.get(&hash).copied();
        let mut at = newest;
        while let Some(found) = at {
            let Some(slot) = self.slots.get_mut(found) else {
                break;
            };
            if slot.key == key
                && slot.package == package
                && self.texts.get(slot.text.clone()) == Some(text)
            {
                return found;
            }
            at = slot.next;
        }
        let start = self.texts.len();
        self.texts.push_str(text);
        self.slots.push(Slot {
            key,
            package,
            text: start..self.texts.len(),
            first: index,
            other: None,
            next: newest,
        });
        self.by_hash.insert(hash, self.slots.len() - 1);
        self.slots.len() - 1
    }

    /// The earlier name that name `index` (whose key is `slot`) clashes
    /// with, if any; then notes the name in the slot.
    fn first_other(&mut self, slot: usize, names: &[&Name], index: usize) -> Option<usize> {
        let slot = self.slots.get_mut(slot)?;
        let name = names.get(index).map(|name| name.name.as_str());
        let first = names.get(slot.first).map(|first| first.name.as_str());
        let clash = if first != name {
            Some(slot.first)
        } else {
            slot.other
        };
        if slot.other.is_none() && first != name {
            slot.other = Some(index);
        }
        clash
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The definition, as the check was first written: every later name
    /// against every earlier one.
    fn clashes_by_scan(kind: &str, names: &[&Name]) -> Vec<Option<usize>> {
        let same_package_clash = |earlier: &Name, later: &Name| {
            earlier.package == later.package
                && (earlier.name.to_lowercase() == later.name.to_lowercase()
                    || snake_case(&earlier.name).to_lowercase()
                        == snake_case(&later.name).to_lowercase())
        };
        (0..names.len())
            .map(|index| {
                let later = names[index];
                names[..index].iter().position(|earlier| {
                    earlier.name != later.name
                        && (same_package_clash(earlier, later)
                            || (kind == "domains"
                                && earlier.name.eq_ignore_ascii_case(&later.name)))
                })
            })
            .collect()
    }

    fn clashes_by_key(kind: &str, names: &[&Name]) -> Vec<Option<usize>> {
        let mut model = Model::default();
        for name in names {
            if kind == "domains" {
                model.domains.push(crate::model::Domain {
                    name: (*name).clone(),
                    meta: Default::default(),
                    owner: None,
                    contact: None,
                    policies: Default::default(),
                });
            } else {
                model.systems.push(crate::model::System {
                    name: (*name).clone(),
                    meta: Default::default(),
                    domain: None,
                    kind: None,
                    hosting: None,
                    connectivity: None,
                    consumes: Vec::new(),
                    policies: Default::default(),
                });
            }
        }
        let reported = check(&model);
        names
            .iter()
            .map(|later| {
                reported
                    .iter()
                    .find(|diagnostic| diagnostic.primary.span == later.span)
                    .and_then(|diagnostic| diagnostic.secondary.first())
                    .and_then(|label| names.iter().position(|name| name.span == label.span))
            })
            .collect()
    }

    /// Names from (package, name) pairs, each at its own span.
    fn named(raw: &[(String, String)]) -> Vec<Name> {
        raw.iter()
            .enumerate()
            .map(|(index, (package, name))| Name {
                package: weft_base::Name::new(package),
                name: weft_base::Name::new(name),
                span: weft_base::Span::new(weft_base::FileId(0), index, index + 1),
            })
            .collect()
    }

    /// A model whose types are named `raw` (package, name) and whose
    /// `names` lists each type whose flag is set under its full name, and
    /// declares the full names in `declared` (as other declarations).
    fn model_with(raw: &[(String, String, bool)], declared: &[String]) -> Model {
        let names = named(
            &raw.iter()
                .map(|(package, name, _)| (package.clone(), name.clone()))
                .collect::<Vec<_>>(),
        );
        let mut model = Model::default();
        for (index, (name, (_, _, listed))) in names.into_iter().zip(raw).enumerate() {
            if *listed {
                model.names.insert(
                    name.qualified().into(),
                    DeclRef::Type(crate::model::TypeId(index as u32)),
                );
            }
            model.types.push(crate::model::TypeDef {
                name,
                meta: Default::default(),
                kind: crate::model::TypeKind::Record(Default::default()),
            });
        }
        for full in declared {
            model
                .names
                .entry(full.as_str().into())
                .or_insert(DeclRef::Domain(crate::model::DomainId(0)));
        }
        model
    }

    proptest! {
        /// `named_types` is the lookup of each type's full name in
        /// `model.names` that it replaces.
        #[test]
        fn named_types_are_those_whose_full_name_is_listed(
            raw in proptest::collection::vec(("(std|a|a.b|)", "(A|B|AV1)", any::<bool>()), 0..10),
            declared in proptest::collection::vec("(a|a.b|std)\\.(A|B|AV1|C)", 0..4),
        ) {
            let model = model_with(&raw, &declared);
            let expected: Vec<bool> = model
                .types
                .iter()
                .map(|def| {
                    !def.name.is_std()
                        && model.names.contains_key(
                            if def.name.package.is_empty() {
                                def.name.name.to_string()
                            } else {
                                def.name.qualified()
                            }
                            .as_str(),
                        )
                })
                .collect();
            let named: Vec<bool> = named_types(&model)
                .into_iter()
                .zip(&model.types)
                .map(|(named, def)| named && !def.name.is_std())
                .collect();
            prop_assert_eq!(named, expected);
        }

        #[test]
        fn the_keyed_check_finds_what_a_scan_finds(
            raw in proptest::collection::vec(("[ab]", "(A|a|B|b|_|C|Σ|σ|ς|İ){1,4}"), 0..12)
        ) {
            let names = named(&raw);
            let refs: Vec<&Name> = names.iter().collect();
            prop_assert_eq!(clashes_by_key("domains", &refs), clashes_by_scan("domains", &refs));
            prop_assert_eq!(clashes_by_key("systems", &refs), clashes_by_scan("systems", &refs));
        }

        #[test]
        fn ascii_names_are_keyed_only_where_they_can_clash(
            raw in proptest::collection::vec(("[ab]", "(A|a|B|b|_|1|HT|Ht){1,4}"), 0..16)
        ) {
            let names = named(&raw);
            let refs: Vec<&Name> = names.iter().collect();
            prop_assert_eq!(clashes_by_key("domains", &refs), clashes_by_scan("domains", &refs));
            prop_assert_eq!(clashes_by_key("systems", &refs), clashes_by_scan("systems", &refs));
        }
    }
}
