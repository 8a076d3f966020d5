//! An enum's symbols added, removed, renamed or reordered (rows E1–E6).
//!
//! * E1 added, the old enum has no `@fallback`: old readers cannot decode
//!   the new symbol (FORWARD E160). E2 with a fallback: they read it as the
//!   fallback (FORWARD W161).
//! * E3 removed, the new enum has no fallback: old data may carry it
//!   (BACKWARD E162). E4 with a fallback: it reads as the fallback
//!   (BACKWARD W163).
//! * E5 renamed (a symbol removed and another added at the same position):
//!   both directions break (E164).
//! * E6 reordered: symbols are matched by name (I165). weft has no explicit
//!   symbol numbers, so changing one (E166) cannot happen.

use crate::schema::Schema;
use crate::walk::{At, Relation, Report, Site};
use crate::Direction;
use weft_base::codes;

/// The evaluator's name.
pub const NAME: &str = "enum_symbols_changed";

/// Reports symbol changes.
pub fn evaluate(site: &Site<'_>, at: &At, report: &mut Report<'_>) {
    let Site::Value {
        old: Schema::Enum(old),
        new: Schema::Enum(new),
        relation: Relation::Same,
        ..
    } = site
    else {
        return;
    };
    if old.name != new.name && !new.aliases.contains(&old.name) {
        return;
    }
    // The same symbols in the same order (the same enum, most often):
    // nothing added, removed, renamed or reordered.
    if old.symbols == new.symbols {
        return;
    }
    let ty = &new.name;
    let mut added: Vec<(usize, &String)> = new
        .symbols
        .iter()
        .enumerate()
        .filter(|(_, symbol)| !old.symbols.contains(symbol))
        .collect();
    let mut removed: Vec<(usize, &String)> = old
        .symbols
        .iter()
        .enumerate()
        .filter(|(_, symbol)| !new.symbols.contains(symbol))
        .collect();
    let renamed: Vec<(&String, &String)> = removed
        .iter()
        .filter_map(|(index, gone)| {
            added
                .iter()
                .find(|(other, _)| other == index)
                .map(|(_, symbol)| (*gone, *symbol))
        })
        .collect();
    added.retain(|(_, symbol)| !renamed.iter().any(|(_, new)| new == symbol));
    removed.retain(|(_, symbol)| !renamed.iter().any(|(old, _)| old == symbol));
    for (a, b) in renamed {
        let message =
            format!("enum symbol `{a}` of `{ty}` renamed to `{b}`: treated as removal + addition");
        report
            .add(
                at,
                Direction::Both,
                codes::ENUM_SYMBOL_RENAMED,
                NAME,
                message,
            )
            .set_old(a.clone())
            .set_new(b.clone())
            .set_help(format!(
                "keep `{a}` (mark it `@deprecated(\"use {b}\")`) and add `{b}` as a new symbol"
            ));
    }
    for (_, symbol) in added {
        match &old.fallback {
            None => {
                let message = format!(
                    "enum `{ty}` gained `{symbol}`: consumers on {} cannot decode it (no fallback symbol)",
                    report.old_label()
                );
                report
                    .add(
                        at,
                        Direction::Forward,
                        codes::ENUM_SYMBOL_ADDED,
                        NAME,
                        message,
                    )
                    .set_new(symbol.clone())
                    .set_help(
                        "release `@fallback(UNKNOWN)` first, or upgrade consumers first (BACKWARD)",
                    );
            }
            Some(fallback) => {
                let message = format!(
                    "enum `{ty}` gained `{symbol}`: consumers on {} will see it as `{fallback}`",
                    report.old_label()
                );
                report
                    .add(at, Direction::Forward, codes::ENUM_SYMBOL_ADDED_WITH_FALLBACK, NAME, message)
                    .set_new(symbol.clone())
                    .set_help(format!(
                        "make sure consumers treat `{fallback}` as \"a symbol this version does not know\""
                    ));
            }
        }
    }
    for (_, symbol) in removed {
        match &new.fallback {
            None => {
                let message = format!(
                    "enum `{ty}` lost `{symbol}`: data from {} may contain it",
                    report.old_label()
                );
                report
                    .add(at, Direction::Backward, codes::ENUM_SYMBOL_REMOVED, NAME, message)
                    .set_old(symbol.clone())
                    .set_help(format!(
                        "keep `{symbol}` and mark it `@deprecated`, or declare `@fallback` on `{ty}`"
                    ));
            }
            Some(fallback) => {
                let message = format!(
                    "enum `{ty}` lost `{symbol}`: `{symbol}` in data from {} will read as `{fallback}`",
                    report.old_label()
                );
                report
                    .add(at, Direction::Backward, codes::ENUM_SYMBOL_REMOVED_WITH_FALLBACK, NAME, message)
                    .set_old(symbol.clone())
                    .set_help(format!(
                        "keep `{symbol}` and mark it `@deprecated` if old data must keep its meaning"
                    ));
            }
        }
    }
    let common_old: Vec<&String> = old
        .symbols
        .iter()
        .filter(|symbol| new.symbols.contains(symbol))
        .collect();
    let common_new: Vec<&String> = new
        .symbols
        .iter()
        .filter(|symbol| old.symbols.contains(symbol))
        .collect();
    if common_old != common_new {
        let message = format!("symbols of enum `{ty}` reordered (readers match symbols by name)");
        report.add(
            at,
            Direction::Both,
            codes::ENUM_SYMBOLS_REORDERED,
            NAME,
            message,
        );
    }
}
