//! Schema compatibility inside the model (`shared/COMPAT.md`):
//!
//! * **Version history.** Each version of an event is checked against the
//!   earlier ones under the event's compatibility mode — against the
//!   previous version, or against every earlier one in the transitive modes
//!   (reporting the oldest it breaks). A problem introduced by one version
//!   is reported at that version only, not again at every later one.
//! * **Consumers.** A system or workflow that reads an older version than
//!   the producer's newest must be able to read the newest:
//!   `can_read(writer = newest, reader = the consumer's version)`. The
//!   diagnostic names the consumer and the version it reads.
//! * **Enum defaults (lint W169).** A field of an event payload whose type is
//!   an enum without `@fallback` and that has a default: the default fills
//!   in a missing field, it does not stand in for a symbol the reader does
//!   not know.
//!
//! Only errors and warnings become diagnostics; the changelog entries
//! (info) of the compatibility rules are for `weft compat`, so they are
//! not even built here ([`Changelog::Omitted`]).

mod appends;

use crate::codes;
use crate::compat::schema::{Docs, Expander, Schema};
use crate::compat::{
    check_pair_problems, pair_problems_of_walk, Changelog, Direction, Finding, History, Labels,
    Mode, Severity,
};
use crate::model::*;
use std::collections::hash_map::Entry;
use std::collections::BTreeSet;
use weft_base::{Diagnostic, Span};

/// Checks every project event's versions and consumers, and enum defaults.
pub fn check(model: &Model) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    // One expander for every event: a record reached from several events
    // or versions is expanded once (the schemas are the same as expanding
    // each version on its own). Without docs and deprecation notes: only
    // changelog entries (doc_changed) read them, and `check` builds none.
    let mut expander = Expander::new(model, Docs::Drop);
    for (index, event) in model.events.iter().enumerate() {
        // A single version has no earlier one to be checked against, and no
        // consumer can read a version older than it: nothing to build.
        if event.name.is_std() || event.versions.len() < 2 {
            continue;
        }
        // Versions that only append fields with defaults to the one before
        // compare clean in every mode, for the history and every consumer:
        // nothing to expand or walk.
        if appends::only_appends(model, event) {
            continue;
        }
        compare_versions(
            model,
            &mut expander,
            EventId(index as u32),
            &mut diagnostics,
        );
    }
    enum_defaults(model, &mut diagnostics);
    diagnostics
}

/// The history and consumer comparisons of one event (its versions
/// expanded by `expander`).
fn compare_versions(
    model: &Model,
    expander: &mut Expander<'_>,
    id: EventId,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let event = model.event(id);
    let mut numbers: Vec<u32> = event
        .versions
        .iter()
        .map(|version| version.number)
        .collect();
    numbers.sort_unstable();
    let schemas: Vec<(u32, Schema)> = numbers
        .iter()
        .filter_map(|number| {
            expander
                .event_version(id, *number)
                .map(|schema| (*number, schema))
        })
        .collect();
    let versions = history(event, &schemas, diagnostics);
    consumers(model, id, event, &schemas, versions.as_ref(), diagnostics);
}

fn span_of(event: &Event, number: u32) -> Span {
    event
        .version(number)
        .map_or(event.name.span, |version| version.meta.span)
}

fn where_note(finding: &Finding) -> String {
    format!(
        "at `{}` (schema pointer `{}`)",
        finding.path, finding.pointer
    )
}

fn diagnostic(finding: &Finding, span: Span, label: String) -> Option<Diagnostic> {
    // Changelog entries (info) are for `weft compat`, not `weft check`.
    (finding.severity != Severity::Info).then(|| finding.to_diagnostic(span, label))
}

/// Successive versions against the event's mode. Returns the history
/// (`None` in mode `NONE`): the newest version's walks are the consumers'
/// comparisons too.
fn history<'s>(
    event: &Event,
    schemas: &'s [(u32, Schema)],
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<History<'s>> {
    let mode = event.compatibility;
    if mode == Mode::None {
        return None;
    }
    let name = &event.name.name;
    let mut reported: BTreeSet<(u32, weft_base::Code, String)> = BTreeSet::new();
    // Each version is checked against those before it, and indexed once.
    let mut versions = History::with_changelog(mode, Changelog::Omitted).keep_walks();
    for (new, schema) in schemas {
        let new = *new;
        for (against, finding) in versions.push(new, schema) {
            if finding.severity == Severity::Info
                || !reported.insert((against, finding.code, finding.path.clone()))
            {
                continue;
            }
            let backward = match finding.direction {
                Direction::Backward => true,
                Direction::Forward => false,
                Direction::Both => mode.backward(),
            };
            let check = Mode::one_way(backward, mode.transitive()).as_str();
            let (reader, writer) = if backward {
                (new, against)
            } else {
                (against, new)
            };
            let label = format!("v{new}, checked {mode} against v{against}");
            let Some(diagnostic) = diagnostic(&finding, span_of(event, new), label) else {
                continue;
            };
            diagnostics.push(
                diagnostic
                    .with_label(span_of(event, against), format!("v{against}"))
                    .with_note(format!(
                        "check: {check} (reader = {name} v{reader}, writer = {name} v{writer})"
                    ))
                    .with_note(where_note(&finding)),
            );
        }
    }
    Some(versions)
}

/// Who reads an event (`consumer`) and where that is written: a
/// description for messages, the span to report at and, for a system's
/// `consumes` clause, the clause (for the fix that moves it to a newer
/// version). Only asked for a consumer with a finding.
fn reader(model: &Model, id: EventId, consumer: &Consumer) -> (String, Span, Option<Span>) {
    match consumer {
        Consumer::System { system, version } => {
            let decl = model.system(*system);
            let clause = decl
                .consumes
                .iter()
                .find(|consumption| consumption.event == id && consumption.version == *version)
                .map(|consumption| consumption.span);
            let span = clause.unwrap_or(decl.name.span);
            (format!("system `{}`", decl.name.name), span, clause)
        }
        Consumer::Workflow { workflow, version } => {
            let decl = model.workflow(*workflow);
            let mut span = decl.name.span;
            decl.graph.walk(&mut |state| {
                if let StateKind::Wait {
                    event: Some(waited),
                    version: waited_version,
                    ..
                } = &state.kind
                {
                    if *waited == id && waited_version == version {
                        span = state.span;
                    }
                }
            });
            (format!("workflow `{}`", decl.name.name), span, None)
        }
    }
}

/// The version a consumer reads.
fn read_version(consumer: &Consumer) -> u32 {
    match consumer {
        Consumer::System { version, .. } | Consumer::Workflow { version, .. } => *version,
    }
}

/// Each consumer's version against the producer's newest.
fn consumers(
    model: &Model,
    id: EventId,
    event: &Event,
    schemas: &[(u32, Schema)],
    history: Option<&History<'_>>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some((newest, new)) = schemas.last() else {
        return;
    };
    let name = &event.name.name;
    // The history's walks of the newest version are this comparison when
    // their labels are (`{name} vN`: the root record is named after the
    // event) and it walked the consumer's version.
    let walked = |version: u32| {
        history
            .filter(|_| matches!(new, Schema::Record(record) if record.name == name.as_str()))
            .and_then(|history| history.last_walk(version))
    };
    // Consumers of one version share the comparison with the newest: each
    // older version is compared once.
    let mut compared: rustc_hash::FxHashMap<u32, Vec<Finding>> = Default::default();
    for consumer in &event.consumers {
        let version = read_version(consumer);
        if version >= *newest {
            continue;
        }
        let findings = match compared.entry(version) {
            Entry::Occupied(entry) => entry.into_mut(),
            Entry::Vacant(entry) => {
                // `schemas` is sorted by version number: the first of them.
                let first = schemas.partition_point(|(number, _)| *number < version);
                let Some((_, old)) = schemas.get(first).filter(|(number, _)| *number == version)
                else {
                    continue;
                };
                if let Some(walk) = walked(version) {
                    entry.insert(pair_problems_of_walk(walk.to_vec(), Mode::Forward))
                } else {
                    let labels = Labels {
                        old: format!("{name} v{version}"),
                        new: format!("{name} v{newest}"),
                    };
                    entry.insert(check_pair_problems(old, new, Mode::Forward, &labels))
                }
            }
        };
        if findings.is_empty() {
            continue;
        }
        let (reader, span, clause) = reader(model, id, consumer);
        let producer = event.producer.map_or_else(
            || "its producer".to_string(),
            |system| format!("`{}`", model.system(system).name.name),
        );
        for finding in findings {
            let mut finding = finding.clone();
            finding.message = format!(
                "{reader} reads {name} v{version}, but {producer} publishes v{newest}: {}",
                finding.message
            );
            let upgrade = format!("or move {reader} to v{newest}");
            finding.help = Some(match finding.help.take() {
                Some(help) => format!("{help}; {upgrade}"),
                None => upgrade,
            });
            let label = format!("{reader} reads v{version}");
            let Some(mut diagnostic) = diagnostic(&finding, span, label) else {
                continue;
            };
            diagnostic.fix =
                clause.map(|clause| super::fixes::bump_version(clause, version, *newest));
            diagnostics.push(
                diagnostic
                    .with_label(
                        span_of(event, *newest),
                        format!("v{newest}, the producer's newest version"),
                    )
                    .with_note(format!(
                        "check: consumer (reader = {name} v{version}, writer = {name} v{newest})"
                    ))
                    .with_note(where_note(&finding)),
            );
        }
    }
}

/// Lint W169: enum fields with a default in event payloads, where the enum
/// has no `@fallback`.
fn enum_defaults(model: &Model, diagnostics: &mut Vec<Diagnostic>) {
    // By type index: a set of a model's every type costs a tree node each.
    let mut seen = vec![false; model.types.len()];
    let mut pending: Vec<TypeId> = model
        .events
        .iter()
        .filter(|event| !event.name.is_std())
        .flat_map(|event| event.versions.iter().map(|version| version.payload))
        .collect();
    while let Some(id) = pending.pop() {
        match seen.get_mut(id.index()) {
            Some(seen) if !*seen => *seen = true,
            _ => continue,
        }
        let Some(def) = model.types.get(id.index()) else {
            continue;
        };
        let TypeKind::Record(record) = &def.kind else {
            continue;
        };
        if def.name.is_std() {
            continue;
        }
        for field in &record.fields {
            // The enum behind the type only for a field with a default.
            if let Some((enum_id, None)) = field
                .default()
                .and_then(|_| top_level_enum(model, &field.ty))
            {
                let enum_def = model.type_def(enum_id);
                let enum_name = &enum_def.name.name;
                diagnostics.push(
                    Diagnostic::warning(
                        codes::ENUM_DEFAULT_IS_NOT_FALLBACK,
                        format!(
                            "the default of `{}` does not cover unknown symbols of `{enum_name}`: a reader that meets a symbol it does not know fails before any default applies",
                            field.name
                        ),
                        field.name_span,
                        "enum field with a default",
                    )
                    .with_label(enum_def.name.span, format!("`{enum_name}` has no `@fallback`"))
                    .with_help(format!(
                        "declare `@fallback(SYMBOL)` on `{enum_name}` so that readers map symbols they do not know to it"
                    )),
                );
            }
            collect_named(&field.ty, &mut pending);
        }
    }
}

/// The named types inside a type (through lists, maps and optionals).
fn collect_named(ty: &Type, named: &mut Vec<TypeId>) {
    match ty {
        Type::Named(id) => named.push(*id),
        Type::List(inner) | Type::Optional(inner) => collect_named(inner, named),
        Type::Map(map) => {
            collect_named(&map.0, named);
            collect_named(&map.1, named);
        }
        _ => {}
    }
}

/// The enum behind a field's type (through aliases, and a `?` on the field
/// itself but not one inside an alias) with its fallback, if the field's
/// value itself is an enum.
fn top_level_enum(model: &Model, ty: &Type) -> Option<(TypeId, Option<String>)> {
    let Type::Named(id) = model.unaliased(ty.required()) else {
        return None;
    };
    match &model.types.get(id.index())?.kind {
        TypeKind::Enum { fallback, .. } => Some((*id, fallback.as_ref().map(ToString::to_string))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{check_with_threads, Origin, SourceMap};
    use std::path::Path;

    /// The shortcut for histories that only append fields finds what the
    /// comparison finds: nothing. Every event of the append fixtures (cases
    /// that append in every mode, and near misses that change, remove,
    /// reorder, alias or constrain a field) is compared in full; those the
    /// shortcut takes must compare clean, and the near misses must not be
    /// taken.
    #[test]
    fn histories_that_only_append_compare_clean() {
        let folder =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/compat_appends");
        let mut files: Vec<_> = std::fs::read_dir(&folder)
            .expect("append fixtures")
            .map(|entry| entry.expect("readable").path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "weft"))
            .collect();
        files.sort();
        let (mut taken, mut not_taken) = (0, 0);
        for file in files {
            // Each file holds one event with a history: a fixture that lost
            // it (a typo, an unresolved name) would test nothing.
            let mut compared = 0;
            let mut sources = SourceMap::with_stdlib();
            let text = std::fs::read_to_string(&file).expect("readable");
            sources.add(file.display().to_string(), text, Origin::Project);
            let model = check_with_threads(&sources, 1).model;
            let mut expander = Expander::new(&model, Docs::Drop);
            for (index, event) in model.events.iter().enumerate() {
                if event.name.is_std() || event.versions.len() < 2 {
                    continue;
                }
                compared += 1;
                let mut found = Vec::new();
                compare_versions(&model, &mut expander, EventId(index as u32), &mut found);
                let name = file
                    .file_name()
                    .map(|name| name.to_string_lossy().into_owned());
                let near_miss = name
                    .as_deref()
                    .is_some_and(|name| name.starts_with("near_"));
                if appends::only_appends(&model, event) {
                    assert!(found.is_empty(), "{}: {found:#?}", file.display());
                    assert!(!near_miss, "{}: taken", file.display());
                    taken += 1;
                } else {
                    assert!(near_miss, "{}: not taken", file.display());
                    not_taken += 1;
                }
            }
            assert_eq!(compared, 1, "{}: one event with versions", file.display());
        }
        assert!(
            taken >= 10 && not_taken >= 10,
            "{taken} taken, {not_taken} not"
        );
    }
}
