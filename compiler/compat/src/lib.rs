//! Schema compatibility: can data written with one schema be read with
//! another, and what changed between two versions of a type.
//!
//! The rules are those of `shared/COMPAT.md` (Avro's reader/writer
//! resolution, as Confluent Schema Registry runs it, plus semantic guards for
//! temporal, decimal and money types where Avro's checker is too lax).
//!
//! * [`schema`] turns a resolved type into a canonical [`Schema`]
//!   ([`schema::from_model`], [`schema::event_version_schema`]).
//! * [`check_pair`] compares an old and a new schema under a [`Mode`]:
//!   BACKWARD is `can_read(writer = old, reader = new)`, FORWARD is
//!   `can_read(writer = new, reader = old)`, FULL is both, NONE nothing.
//! * [`can_read`] answers the reader/writer question directly.
//! * [`check_history`] checks the newest of several versions against the
//!   earlier ones, as the transitive modes require, reporting each problem
//!   against the oldest version it breaks.
//!
//! Every function reports *all* findings, not the first. A finding carries a
//! stable code (`E101`, `W108`, `I100`, ...; severity by its letter), the
//! DSL path of what changed (`PurchaseOrder.lines[].quantity`: `[]` for list
//! elements, `{}` for map values), a JSON pointer into the reader schema in
//! the style of Avro's Java checker (`/fields/3/type/items`), the name of the
//! evaluator that found it, and a message with help.
//!
//! The comparison is one walk over both schemas ([`walk`]) that visits every
//! pair of matching records, fields and values and hands each to every
//! evaluator of [`evaluators::EVALUATORS`]: one evaluator per kind of
//! change, each in its own file, each deciding the verdict of its change for
//! both directions at once.
//!
//! Not covered, because weft cannot express them: unions (rows U1–U3 —
//! weft has optional values but no `oneof`), fixed-currency money
//! (M1–M3 — weft's `Money` is a record with a free `currency`), explicit
//! enum symbol numbers (E166) and positional target formats (E112).

pub mod canonical;
pub mod evaluators;
pub mod files;
mod history;
pub mod schema;
pub mod walk;

pub use history::{check_history, History, Strategy};
pub use schema::Schema;
pub use weft_base::Severity;

use weft_base::{Code, Diagnostic, Span};

/// A compatibility mode, with Confluent Schema Registry's meaning: the
/// model's type, so that one spelling table serves every reader and writer.
pub use weft_model::CompatibilityMode as Mode;

/// Whether a comparison builds the changelog entries (info findings) as
/// well as the errors and warnings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Changelog {
    /// Every finding (`weft compat`, baselines, file mode).
    Included,
    /// Errors and warnings only, the same ones as with the changelog; info
    /// findings are neither built nor formatted (`weft check`, which shows
    /// no changelog).
    Omitted,
}

/// Which reader/writer check a finding breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Reader = new, writer = old: consumers upgraded first cannot read old data.
    Backward,
    /// Reader = old, writer = new: consumers not yet upgraded cannot read new data.
    Forward,
    /// Either way (breaks both, or is a changelog entry that holds for both).
    Both,
}

impl Direction {
    /// Whether a mode that checks `backward`/`forward` reports it.
    pub fn applies(self, backward: bool, forward: bool) -> bool {
        match self {
            Direction::Backward => backward,
            Direction::Forward => forward,
            Direction::Both => backward || forward,
        }
    }
}

/// One compatibility finding.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    /// The stable code, such as `E101`.
    pub code: Code,
    /// Error (the mode is violated), warning (accepted but risky) or info
    /// (changelog).
    pub severity: Severity,
    /// Which reader/writer check it breaks.
    pub direction: Direction,
    /// The DSL path: `PurchaseOrder.lines[].quantity`.
    pub path: String,
    /// A JSON pointer into the reader schema, as Avro's Java checker writes
    /// them: `/fields/3/type/items`.
    pub pointer: String,
    /// The evaluator that found it (the kind of change): `added_field`.
    pub change: &'static str,
    /// The old side (a type, a default, a symbol), if there is one.
    pub old: Option<String>,
    /// The new side, if there is one.
    pub new: Option<String>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// The named record or enum declaration that holds the change, when it
    /// is not the compared subject's own inline payload: a change inside a
    /// shared record is one change of that record, however many subjects
    /// and paths reach it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<Owner>,
}

/// Where a change was made: a named declaration and the path inside it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Owner {
    /// The declaration's qualified name: `acme.Address`.
    pub declaration: String,
    /// The path from the declaration: `Address.zip`, `Address.lines[].sku`,
    /// `OrderStatus` for the declaration itself.
    pub path: String,
}

impl Finding {
    /// The finding as a [`Diagnostic`] pointing at `span` with `label`: its
    /// code, severity, message and help. This is the one conversion of
    /// findings into diagnostics (model checks, baselines and file mode all
    /// use it); each caller adds the notes its context calls for, and keeps
    /// the facts a diagnostic has no field for as [`Finding::facts`].
    pub fn to_diagnostic(&self, span: Span, label: impl Into<String>) -> Diagnostic {
        let diagnostic =
            Diagnostic::new(self.severity, self.code, self.message.clone(), span, label);
        match &self.help {
            Some(help) => diagnostic.with_help(help.clone()),
            None => diagnostic,
        }
    }

    /// The facts of the finding beyond its diagnostic (path, pointer, kind
    /// of change, the two sides); mode and versions are left for the caller,
    /// who knows which versions were compared.
    pub fn facts(&self) -> Facts {
        Facts {
            path: self.path.clone(),
            pointer: self.pointer.clone(),
            change: self.change.to_string(),
            old: self.old.clone(),
            new: self.new.clone(),
            ..Facts::default()
        }
    }
}

/// What a compatibility finding says beyond its [`Diagnostic`]: the
/// structured facts tools read from `weft compat --format json` (each field
/// appears there next to the diagnostic's own). A finding of `weft compat`
/// travels as a diagnostic and its facts, side by side.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Facts {
    /// The compatibility mode that decided it, if one did (`BACKWARD`).
    pub mode: Option<String>,
    /// The version (or file) that reads in the failing check (`v3`, `1.2.0`).
    pub reader_version: Option<String>,
    /// The version (or file) that wrote in the failing check.
    pub writer_version: Option<String>,
    /// The DSL path: `OrderPlaced.customerId`, `Ledger.postEntry.request.amount`;
    /// what an accepted-changes entry matches.
    pub path: String,
    /// A JSON pointer into the schema, where there is one (else empty).
    pub pointer: String,
    /// The kind of change: `added_field`, `edited_in_place`, ...
    pub change: String,
    /// The old side, if there is one to show.
    pub old: Option<String>,
    /// The new side, if there is one to show.
    pub new: Option<String>,
    /// Whether an accepted-changes entry covers it (its diagnostic is then
    /// a note, whatever the finding's own severity).
    pub accepted: bool,
    /// The accepting entry's reason.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accepted_reason: Option<String>,
    /// The declaration that changed, when it is a shared one (a record or
    /// enum other than the subject's own payload): `acme.Address`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub declaration: Option<String>,
    /// Every contract (event version, operation) the change affects, when
    /// it is reported once for all of them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub affects: Vec<String>,
}

/// How the two schemas of a comparison are called in messages: `consumers
/// on OrderPlaced v3 cannot decode data from producers on OrderPlaced v2`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Labels {
    /// The old schema: `OrderPlaced v2`.
    pub old: String,
    /// The new schema: `OrderPlaced v3`.
    pub new: String,
}

impl Default for Labels {
    fn default() -> Labels {
        Labels {
            old: "the old schema".into(),
            new: "the new schema".into(),
        }
    }
}

/// Everything `reader` cannot read correctly (errors and warnings) from data
/// written with `writer`. The reader is taken to be the newer schema (the
/// BACKWARD view: codes and messages speak of fields *added* to the reader).
/// To ask whether an older reader reads newer data, use
/// `check_pair(reader, writer, Mode::Forward)`.
pub fn can_read(writer: &Schema, reader: &Schema) -> Vec<Finding> {
    check_pair_problems(writer, reader, Mode::Backward, &Labels::default())
}

/// Every finding of `new` against `old` under `mode` (the transitive modes
/// behave as their pairwise ones: there is only one old version here), with
/// changelog entries (info) included. `Mode::None` finds nothing.
pub fn check_pair(old: &Schema, new: &Schema, mode: Mode) -> Vec<Finding> {
    check_pair_with(old, new, mode, &Labels::default())
}

/// [`check_pair`] with the names of the two versions for the messages.
pub fn check_pair_with(old: &Schema, new: &Schema, mode: Mode, labels: &Labels) -> Vec<Finding> {
    if mode == Mode::None {
        return Vec::new();
    }
    select(walk::compare(old, new, labels), mode)
}

/// The errors and warnings of [`check_pair_with`], without building the
/// changelog entries (info).
pub fn check_pair_problems(
    old: &Schema,
    new: &Schema,
    mode: Mode,
    labels: &Labels,
) -> Vec<Finding> {
    if mode == Mode::None {
        return Vec::new();
    }
    select(
        walk::compare_for(old, new, labels, Changelog::Omitted),
        mode,
    )
}

/// What [`check_pair_problems`] reports from `walk`, the findings of
/// [`walk::compare_for`] of the same pair with the same labels (for
/// instance [`History::last_walk`]'s) without the changelog.
pub fn pair_problems_of_walk(walk: Vec<Finding>, mode: Mode) -> Vec<Finding> {
    if mode == Mode::None {
        return Vec::new();
    }
    select(walk, mode)
}

/// [`check_pair_with`], reusing (and adding to) what `memo` learnt from
/// earlier comparisons of the same run: each shared record is walked once
/// however many comparisons reach it. The findings are those of
/// [`check_pair_with`].
pub fn check_pair_memo(
    old: &Schema,
    new: &Schema,
    mode: Mode,
    labels: &Labels,
    memo: &mut walk::Memo,
) -> Vec<Finding> {
    if mode == Mode::None {
        return Vec::new();
    }
    select(walk::compare_with(old, new, labels, memo), mode)
}

/// The findings a mode reports, without duplicates (FULL reports a change
/// that breaks both directions once).
pub(crate) fn select(findings: Vec<Finding>, mode: Mode) -> Vec<Finding> {
    let (backward, forward) = (mode.backward(), mode.forward());
    let mut seen: std::collections::HashSet<(&'static str, String, String)> =
        std::collections::HashSet::new();
    findings
        .into_iter()
        .filter(|finding| finding.direction.applies(backward, forward))
        .filter(|finding| {
            seen.insert((
                finding.code.as_str(),
                finding.path.clone(),
                finding.message.clone(),
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::schema::{FieldSchema, RecordSchema, TimeUnit};
    use super::*;

    fn field(name: &str, schema: Schema) -> FieldSchema {
        FieldSchema::new(name, schema)
    }

    fn record(fields: Vec<FieldSchema>) -> Schema {
        Schema::Record(std::sync::Arc::new(RecordSchema {
            name: "Order".into(),
            namespace: "demo".into(),
            aliases: Vec::new(),
            doc: String::new(),
            deprecated: None,
            fields,
            reserved: Vec::new(),
            inline: false,
        }))
    }

    fn timestamp(local: bool) -> Schema {
        Schema::Timestamp {
            unit: TimeUnit::Millis,
            local,
        }
    }

    fn codes(findings: &[Finding]) -> Vec<&'static str> {
        findings
            .iter()
            .map(|finding| finding.code.as_str())
            .collect()
    }

    /// D3 cannot be written in weft (its timestamps are instants), but
    /// schemas converted from Avro can carry local timestamps.
    #[test]
    fn instant_to_local_timestamp_breaks_both_ways() {
        let old = record(vec![field("placed_at", timestamp(false))]);
        let new = record(vec![field("placed_at", timestamp(true))]);
        for mode in [Mode::Backward, Mode::Forward] {
            assert_eq!(codes(&check_pair(&old, &new, mode)), ["E202"], "{mode}");
        }
    }

    #[test]
    fn recursive_references_do_not_loop() {
        let node = |extra: bool| {
            let mut fields = vec![field(
                "children",
                Schema::List {
                    items: Box::new(Schema::Ref {
                        name: "demo.Order".into(),
                    }),
                    min_items: None,
                    max_items: None,
                },
            )];
            if extra {
                fields.push(field("code", timestamp(false)));
            }
            record(fields)
        };
        let findings = check_pair(&node(false), &node(true), Mode::Full);
        assert_eq!(codes(&findings), ["E101"]);
        assert_eq!(findings[0].path, "Order.code");
    }

    #[test]
    fn can_read_reports_problems_only_and_none_reports_nothing() {
        let old = record(vec![field("id", timestamp(false))]);
        let mut new_fields = vec![field("id", timestamp(false))];
        new_fields.push(field(
            "note",
            Schema::Optional {
                value: Box::new(timestamp(false)),
            },
        ));
        let new = record(new_fields);
        assert_eq!(codes(&check_pair(&old, &new, Mode::Backward)), ["I100"]);
        assert!(can_read(&old, &new).is_empty());
        let labels = Labels::default();
        assert!(check_pair_problems(&old, &new, Mode::Backward, &labels).is_empty());
        assert!(check_pair(&old, &new, Mode::None).is_empty());
    }

    /// Without the changelog, a comparison and a history find exactly the
    /// errors and warnings they find with it.
    #[test]
    fn omitting_the_changelog_keeps_every_problem() {
        let with_default = |name: &str| FieldSchema {
            default: Some(serde_json::json!(0)),
            ..field(name, timestamp(false))
        };
        let documented = |name: &str| FieldSchema {
            doc: "changed".into(),
            ..field(name, timestamp(false))
        };
        let optional = |name: &str| {
            field(
                name,
                Schema::Optional {
                    value: Box::new(timestamp(false)),
                },
            )
        };
        // v1 → v2: a default added (I107), a doc changed (I113), an optional
        // field (I100) and a required one (E101) added, a field with a
        // default removed (I102); v3 removes the default again (W/E of F12
        // in the transitive backward modes) and a field reused with
        // another type in v4 (F13).
        let v1 = record(vec![field("id", timestamp(false)), with_default("gone")]);
        let v2 = record(vec![
            with_default("id"),
            documented("at"),
            optional("note"),
            field("code", timestamp(true)),
            with_default("late"),
        ]);
        let v3 = record(vec![
            field("id", timestamp(false)),
            field("at", timestamp(false)),
            field("late", timestamp(false)),
        ]);
        let v4 = record(vec![
            field("id", timestamp(false)),
            field(
                "gone",
                Schema::List {
                    items: Box::new(timestamp(false)),
                    min_items: None,
                    max_items: None,
                },
            ),
            field("note", timestamp(true)),
        ]);
        let problems = |findings: Vec<Finding>| -> Vec<Finding> {
            findings
                .into_iter()
                .filter(|finding| finding.severity != Severity::Info)
                .collect()
        };
        let labels = Labels::default();
        let mut found = 0;
        for &mode in Mode::ALL {
            for (old, new) in [(&v1, &v2), (&v2, &v3), (&v1, &v3), (&v3, &v4)] {
                let all = check_pair_with(old, new, mode, &labels);
                let omitted = check_pair_problems(old, new, mode, &labels);
                assert_eq!(problems(all), omitted, "{mode}");
            }
            let versions = [(1, &v1), (2, &v2), (3, &v3), (4, &v4), (5, &v1)];
            let mut full = History::new(mode);
            let mut lean = History::with_changelog(mode, Changelog::Omitted);
            for (number, schema) in versions {
                let all: Vec<(u32, Finding)> = full
                    .push(number, schema)
                    .into_iter()
                    .filter(|(_, finding)| finding.severity != Severity::Info)
                    .collect();
                found += all.len();
                assert_eq!(all, lean.push(number, schema), "{mode} v{number}");
            }
        }
        assert!(found > 0, "the versions break nothing");
    }

    #[test]
    fn unknown_types_are_accepted() {
        let old = record(vec![field("id", Schema::Unknown)]);
        let new = record(vec![field("id", timestamp(false))]);
        assert!(check_pair(&old, &new, Mode::Full).is_empty());
    }

    #[test]
    fn history_of_one_version_finds_nothing() {
        let only = record(vec![field("id", timestamp(false))]);
        assert!(check_history(&[(1, only)], Mode::FullTransitive).is_empty());
        assert!(check_history(&[], Mode::FullTransitive).is_empty());
    }
}
