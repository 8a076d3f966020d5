//! Declarations whose names differ only in case (E319). weft's names are
//! case-sensitive, but the targets make file and component names from them:
//! `openapi/purchase-orders.v1.yaml` from `PurchaseOrders` and from
//! `purchase_orders`, the event schemas' files from topics in snake case,
//! `asyncapi/Plant.yaml` from the domain `Plant` — and `Plant.yaml` and
//! `plant.yaml` are one file on case-insensitive file systems. The build
//! would fail, or one file would overwrite the other; the check finds it
//! first.

use crate::codes;
use crate::model::{Model, Name};
use weft_base::Diagnostic;
use weft_targets::naming::snake_case;

/// Runs this check.
pub fn check(model: &Model) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    // Where each type's full name is composed for the lookup below, instead
    // of a new string per type.
    let mut scratch = String::new();
    let mut declared = |name: &Name| {
        scratch.clear();
        if !name.package.is_empty() {
            scratch.push_str(&name.package);
            scratch.push('.');
        }
        scratch.push_str(&name.name);
        model.names.contains_key(scratch.as_str())
    };
    // Types and entities share the schema components; the other kinds each
    // name their own files or components.
    let families: [(&str, Vec<&Name>); 6] = [
        (
            "types",
            model
                .types
                .iter()
                .map(|decl| &decl.name)
                // The records of inline event versions (`ScheduleChangedV1`)
                // are named after their event, whose clash is reported.
                .filter(|name| declared(name))
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
    for (kind, names) in families {
        let names: Vec<&Name> = names.into_iter().filter(|name| !name.is_std()).collect();
        let mut earlier = Earlier::default();
        for (index, later) in names.iter().enumerate() {
            let lower = later.name.to_lowercase();
            let snake = snake_case(&later.name).to_lowercase();
            let keys = [
                (Key::Lower, later.package.as_str(), lower),
                (Key::Snake, later.package.as_str(), snake),
                // Domains name folders of their own, whatever the package.
                (Key::Domain, "", later.name.to_ascii_lowercase()),
            ];
            let keys = if kind == "domains" {
                &keys[..]
            } else {
                &keys[..2]
            };
            // The first earlier name that clashes: the smallest index over
            // the keys (what a scan of every earlier name would find).
            let clash = keys
                .iter()
                .filter_map(|key| earlier.first_other(key, &names, &later.name))
                .min()
                .and_then(|first| names.get(first));
            for key in keys {
                earlier.add(key.clone(), index, &names);
            }
            if let Some(earlier) = clash {
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

/// How two names can clash: lowercased or in snake case within a package,
/// or (domains) ignoring ASCII case anywhere.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Key {
    Lower,
    Snake,
    Domain,
}

/// The names seen so far, by what they become under each [`Key`]: per key
/// the first name, and the first name that differs from it. A later name
/// clashes with the first of them that is not the same name, so these two
/// are all a lookup needs: one hash probe per key instead of a scan of
/// every earlier name (which made the check quadratic).
#[derive(Default)]
struct Earlier<'n> {
    // FxHash: short keys of our own names; SipHash's DoS resistance buys
    // nothing here.
    seen: rustc_hash::FxHashMap<(Key, &'n str, String), (usize, Option<usize>)>,
}

impl<'n> Earlier<'n> {
    fn first_other(
        &self,
        key: &(Key, &'n str, String),
        names: &[&Name],
        name: &str,
    ) -> Option<usize> {
        let (first, other) = self.seen.get(key)?;
        if names.get(*first)?.name != name {
            Some(*first)
        } else {
            *other
        }
    }

    fn add(&mut self, key: (Key, &'n str, String), index: usize, names: &[&Name]) {
        let entry = self.seen.entry(key).or_insert((index, None));
        let differs = names
            .get(entry.0)
            .zip(names.get(index))
            .is_some_and(|(first, this)| first.name != this.name);
        if entry.1.is_none() && differs {
            entry.1 = Some(index);
        }
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
                    policies: Vec::new(),
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
                    policies: Vec::new(),
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

    proptest! {
        #[test]
        fn the_keyed_check_finds_what_a_scan_finds(
            raw in proptest::collection::vec(("[ab]", "(A|a|B|b|_|C){1,4}"), 0..12)
        ) {
            let names: Vec<Name> = raw
                .iter()
                .enumerate()
                .map(|(index, (package, name))| Name {
                    package: package.into(),
                    name: name.into(),
                    span: weft_base::Span::new(weft_base::FileId(0), index, index + 1),
                })
                .collect();
            let refs: Vec<&Name> = names.iter().collect();
            prop_assert_eq!(clashes_by_key("domains", &refs), clashes_by_scan("domains", &refs));
            prop_assert_eq!(clashes_by_key("systems", &refs), clashes_by_scan("systems", &refs));
        }
    }
}
