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
                .filter(|name| model.names.contains_key(&name.qualified()))
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
        for (index, later) in names.iter().enumerate() {
            let clash = names[..index].iter().find(|earlier| {
                earlier.name != later.name
                    && (same_package_clash(earlier, later)
                        || (kind == "domains" && earlier.name.eq_ignore_ascii_case(&later.name)))
            });
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

/// Two names of one package that become the same once lowercased, or once
/// converted to snake case (`PurchaseOrders`, `purchase_orders`).
fn same_package_clash(earlier: &Name, later: &Name) -> bool {
    earlier.package == later.package
        && (earlier.name.to_lowercase() == later.name.to_lowercase()
            || snake_case(&earlier.name).to_lowercase() == snake_case(&later.name).to_lowercase())
}
