//! Comparing a project with a baseline: what `weft compat PATH --against
//! BASELINE` reports.
//!
//! A baseline is what was published before: another checkout of the
//! project, the project at a git revision, or a lock file. The command line
//! reads it (this module does no IO) and hands it over as a [`Baseline`]:
//! the [`Lock`] of its model (or the lock file itself), plus where each of
//! its declarations was written, for notes. The project being checked is a
//! [`Project`]: its resolved model and sources, so that every finding points
//! into the new sources.
//!
//! The rules (see `docs/diagnostics/` for each code):
//! - an event version published in the baseline and edited in place (same
//!   number, different fingerprint) is always an error ([`E222`]); so is an
//!   API whose contract changed while its version stayed, or whose version
//!   went down;
//! - a version new since the baseline is checked with its event's mode
//!   against the baseline's versions: the previous one, or every earlier one
//!   for the transitive modes (the schema findings of [`super::check_pair`]);
//!   one with the same schema as the version before it is noted ([`I223`]);
//! - a version the baseline had that is gone while a consumer of the new
//!   model still reads it is an error ([`E224`]); an event, version or API
//!   removed without having been `@deprecated` in the baseline is an error,
//!   and a note if it was ([`E221`]);
//! - APIs are compared operation by operation ([`super::api`]);
//! - new events, APIs and operations are changelog notes ([`I220`]).
//!
//! Every finding leaves as a [`Diagnostic`] with its [`Facts`] in a
//! [`CompatReport`] ([`report`]), where accepted changes ([`accept`]) apply.
//!
//! [`E221`]: crate::codes::REMOVED_WITHOUT_DEPRECATION
//! [`E222`]: crate::codes::CHANGED_IN_PLACE
//! [`I223`]: crate::codes::VERSION_WITHOUT_CHANGE
//! [`E224`]: crate::codes::VERSION_STILL_READ
//! [`I220`]: crate::codes::CONTRACT_ADDED

pub mod accept;
mod events;
pub mod locate;
pub mod report;

pub use accept::{parse_accepted, Acceptance, ACCEPT_FILE};
pub use report::{compare_files, CompatReport, SchemaFile};

use super::lock::{lock_of, Lock};
use crate::compat::{Facts, Finding, Mode};
use crate::model::Model;
use crate::sources::{Origin, SourceMap};
use std::collections::BTreeMap;
use weft_syntax::{Diagnostic, Severity, Span};

/// What was published: the lock of the baseline and where its declarations
/// were written.
#[derive(Clone, Debug)]
pub struct Baseline {
    /// How the user named it: `git:HEAD~1`, `../main`, `weft.lock`.
    pub label: String,
    /// Every published event version and API.
    pub lock: Lock,
    /// Where each declaration was written (empty for a lock file), by
    /// [`place_key`].
    pub places: BTreeMap<String, Place>,
}

/// Where a baseline declaration was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// Its file, relative to the baseline project's folder.
    pub file: String,
    /// Its 1-based line.
    pub line: usize,
    /// `file:line` as shown to users.
    pub shown: String,
}

/// The key of a place: `event:acme.OrderPlaced`, `event:acme.OrderPlaced:v2`,
/// `api:acme.Ledger`, `api:acme.Ledger:postEntry`.
pub fn place_key(kind: &str, name: &str, member: Option<&str>) -> String {
    match member {
        Some(member) => format!("{kind}:{name}:{member}"),
        None => format!("{kind}:{name}"),
    }
}

impl Baseline {
    /// A baseline read from a lock file: no places.
    pub fn from_lock(label: impl Into<String>, lock: Lock) -> Baseline {
        Baseline {
            label: label.into(),
            lock,
            places: BTreeMap::new(),
        }
    }

    /// A baseline from a resolved model (another checkout, or a git
    /// revision). `root` is the prefix of its source names that is the
    /// project's folder.
    pub fn from_model(
        label: impl Into<String>,
        model: &Model,
        sources: &SourceMap,
        root: &str,
    ) -> Baseline {
        let mut places = BTreeMap::new();
        let mut put = |key: String, span: Span| {
            if let Some(place) = place_of(sources, root, span) {
                places.insert(key, place);
            }
        };
        for event in model.events.iter().filter(|event| !event.name.is_std()) {
            let name = event.name.qualified();
            put(place_key("event", &name, None), event.name.span);
            for version in &event.versions {
                let member = format!("v{}", version.number);
                put(place_key("event", &name, Some(&member)), version.meta.span);
            }
        }
        for api in model.apis.iter().filter(|api| !api.name.is_std()) {
            let name = api.name.qualified();
            put(place_key("api", &name, None), api.name.span);
            for operation in &api.operations {
                put(
                    place_key("api", &name, Some(&operation.name)),
                    operation.meta.span,
                );
            }
        }
        Baseline {
            label: label.into(),
            lock: lock_of(model),
            places,
        }
    }

    /// A note naming where the baseline declared something, if known.
    pub(crate) fn note(&self, key: &str, what: &str) -> String {
        match self.places.get(key) {
            Some(place) => format!(
                "in the baseline ({}), {what} is declared at {}",
                self.label, place.shown
            ),
            None => format!("{what} is published in the baseline ({})", self.label),
        }
    }
}

/// The path of a source relative to the project folder `root`.
pub fn relative_name(name: &str, root: &str) -> String {
    let root = root.trim_end_matches(['/', '\\']);
    if root.is_empty() || root == "." {
        return name.trim_start_matches("./").to_string();
    }
    match name.strip_prefix(root) {
        Some("") => name.rsplit(['/', '\\']).next().unwrap_or(name).to_string(),
        Some(rest) if rest.starts_with(['/', '\\']) => rest[1..].to_string(),
        _ => name.to_string(),
    }
}

fn place_of(sources: &SourceMap, root: &str, span: Span) -> Option<Place> {
    let file = sources.get(span.file)?;
    if file.origin != Origin::Project {
        return None;
    }
    let (line, _) = file.line_column(span.start as usize);
    Some(Place {
        file: relative_name(&file.name, root),
        line,
        shown: format!("{}:{line}", file.name),
    })
}

/// The project being checked against the baseline.
#[derive(Clone, Copy)]
pub struct Project<'a> {
    /// Its resolved model.
    pub model: &'a Model,
    /// Its sources (findings point into them).
    pub sources: &'a SourceMap,
    /// The prefix of its source names that is the project's folder.
    pub root: &'a str,
}

/// One finding of a baseline comparison while it is being built: its
/// diagnostic (pointing into the new sources) and its compatibility facts.
/// Internal: the comparison hands out a [`CompatReport`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Reported {
    /// The finding as every renderer shows it.
    pub(crate) diagnostic: Diagnostic,
    /// What tools read besides (path, pointer, change, sides, versions).
    pub(crate) facts: Facts,
    /// Findings with the same key are one change (of a shared
    /// declaration): the first is reported, the others add what they
    /// affect to it.
    pub(crate) group: Option<String>,
    /// The contracts the change affects: `event \`OrderPlaced\` v2`,
    /// `operation \`Orders.getOrder\` (response 200)`.
    pub(crate) affects: Vec<String>,
}

impl Reported {
    /// A finding with no mode, versions, pointer, sides, help or notes.
    pub(crate) fn new(
        code: weft_base::Code,
        severity: Severity,
        path: impl Into<String>,
        change: &str,
        message: impl Into<String>,
        span: Span,
        label: impl Into<String>,
    ) -> Reported {
        Reported {
            diagnostic: Diagnostic::new(severity, code, message, span, label),
            facts: Facts {
                path: path.into(),
                change: change.to_string(),
                ..Facts::default()
            },
            group: None,
            affects: Vec::new(),
        }
    }

    /// A schema finding of [`super::check_pair`], through the one conversion
    /// of findings into diagnostics.
    pub(crate) fn from_finding(
        finding: &Finding,
        span: Span,
        label: impl Into<String>,
    ) -> Reported {
        Reported {
            diagnostic: finding.to_diagnostic(span, label),
            facts: finding.facts(),
            group: None,
            affects: Vec::new(),
        }
    }

    /// Makes this finding one of the group `key` (one change of a shared
    /// declaration), affecting `affects`.
    pub(crate) fn grouped(mut self, key: String, affects: String) -> Reported {
        self.group = Some(key);
        self.affects.push(affects);
        self
    }

    pub(crate) fn help(mut self, help: impl Into<String>) -> Reported {
        self.diagnostic.help = Some(help.into());
        self
    }

    /// Sets the help unless there is one already.
    pub(crate) fn help_or(mut self, help: Option<String>) -> Reported {
        if self.diagnostic.help.is_none() {
            self.diagnostic.help = help;
        }
        self
    }

    pub(crate) fn note(mut self, note: impl Into<String>) -> Reported {
        self.diagnostic.notes.push(note.into());
        self
    }

    pub(crate) fn labels(mut self, labels: &[(Span, String)]) -> Reported {
        for (span, message) in labels {
            self.diagnostic = self.diagnostic.with_label(*span, message.clone());
        }
        self
    }

    pub(crate) fn sides(mut self, old: Option<String>, new: Option<String>) -> Reported {
        self.facts.old = old;
        self.facts.new = new;
        self
    }

    pub(crate) fn versions(mut self, reader: Option<String>, writer: Option<String>) -> Reported {
        self.facts.reader_version = reader;
        self.facts.writer_version = writer;
        self
    }

    pub(crate) fn mode(mut self, mode: Mode) -> Reported {
        self.facts.mode = Some(mode.as_str().to_string());
        self
    }

    pub(crate) fn pointer(mut self, pointer: &str) -> Reported {
        self.facts.pointer = pointer.to_string();
        self
    }

    pub(crate) fn severity(&self) -> Severity {
        self.diagnostic.severity
    }
}

/// Every finding of `project` against `baseline`, in source order, as
/// diagnostics with their facts.
pub fn compare(project: &Project<'_>, baseline: &Baseline) -> CompatReport {
    let current = lock_of(project.model);
    let mut found: Vec<Reported> = Vec::new();
    events::compare(project, baseline, &current, &mut found);
    super::api::compare(project, baseline, &current, &mut found);
    let mut found = merge_groups(found);
    found.sort_by(|a, b| {
        let (x, y) = (&a.diagnostic, &b.diagnostic);
        x.primary
            .span
            .cmp(&y.primary.span)
            .then(y.severity.cmp(&x.severity))
            .then(x.code.cmp(&y.code))
            .then(a.facts.path.cmp(&b.facts.path))
            .then(x.message.cmp(&y.message))
    });
    found.dedup_by(|a, b| {
        a.diagnostic.code == b.diagnostic.code
            && a.facts.path == b.facts.path
            && a.diagnostic.message == b.diagnostic.message
    });
    CompatReport::new(baseline.label.clone(), found)
}

/// How many affected contracts a note lists (`--format json` lists all).
const MAX_AFFECTED_NOTES: usize = 10;

/// One report per group: the first finding of each group stays, the later
/// ones only add what they affect to it (issue 14, item 7: a change to a
/// record that thousands of contracts reach is one finding, at the record).
/// Linear in the number of findings.
fn merge_groups(found: Vec<Reported>) -> Vec<Reported> {
    let mut first_of: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut merged: Vec<Reported> = Vec::with_capacity(found.len());
    let mut seen: std::collections::HashSet<(usize, String)> = std::collections::HashSet::new();
    for reported in found {
        let Some(key) = reported.group.clone() else {
            merged.push(reported);
            continue;
        };
        match first_of.get(&key) {
            Some(&index) => {
                for affected in reported.affects {
                    if seen.insert((index, affected.clone())) {
                        merged[index].affects.push(affected);
                    }
                }
            }
            None => {
                let index = merged.len();
                first_of.insert(key, index);
                for affected in &reported.affects {
                    seen.insert((index, affected.clone()));
                }
                merged.push(reported);
            }
        }
    }
    for reported in &mut merged {
        if reported.affects.is_empty() {
            continue;
        }
        reported.affects.sort();
        let count = reported.affects.len();
        let shown: Vec<&str> = reported
            .affects
            .iter()
            .take(MAX_AFFECTED_NOTES)
            .map(String::as_str)
            .collect();
        let more = match count.saturating_sub(MAX_AFFECTED_NOTES) {
            0 => String::new(),
            rest => format!(" and {rest} more"),
        };
        let note = if count == 1 {
            format!("affects {}", shown.join(""))
        } else {
            format!(
                "reported once for the {count} contracts it affects: {}{more}",
                shown.join("; ")
            )
        };
        reported.diagnostic.notes.push(note);
        reported.facts.affects = std::mem::take(&mut reported.affects);
    }
    merged
}

/// The span of what a finding owned by a shared declaration is about: the
/// field at the owner's path (`Address.zip` → `zip` in `record Address`),
/// or the declaration's name. `None` if the declaration is not in the
/// model.
pub(crate) fn owner_span(model: &Model, owner: &crate::compat::Owner) -> Option<Span> {
    let Some(crate::model::DeclRef::Type(id)) = model.lookup(&owner.declaration) else {
        return None;
    };
    let root = crate::model::Type::Named(id);
    let rest = crate::compat::walk::message_name(&owner.path);
    let inner = if rest == owner.path { "" } else { rest };
    locate::field_span(model, &root, inner).or_else(|| locate::type_span(model, &root))
}

/// The declared name of a qualified name: `acme.sales.OrderPlaced` →
/// `OrderPlaced`.
pub(crate) fn short(qualified: &str) -> &str {
    qualified.rsplit('.').next().unwrap_or(qualified)
}
