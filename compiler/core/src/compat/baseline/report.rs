//! What a comparison hands out: a [`CompatReport`], diagnostics with their
//! compatibility facts, for a project against a baseline ([`super::compare`])
//! or for two schema files ([`compare_files`]); and accepted changes applied
//! to it. Rendering is the renderers' ([`crate::render`]).

use super::{Acceptance, Reported};
use crate::codes;
use crate::compat::{Direction, Facts, Mode};
use crate::sources::{Origin, SourceMap};
use weft_base::{Diagnostic, FileId, Severity, Span};

/// The findings of `weft compat`: one diagnostic per finding, in report
/// order, and beside each its [`Facts`] (the same index), which
/// `--format json` shows and accepted changes match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompatReport {
    /// How the baseline was named (file mode: the old file).
    pub baseline: String,
    /// Every finding as a diagnostic. An accepted finding is a note
    /// (severity info), whatever its own severity.
    pub diagnostics: Vec<Diagnostic>,
    /// The facts of `diagnostics[i]` at `facts[i]`.
    pub facts: Vec<Facts>,
}

impl CompatReport {
    pub(crate) fn new(baseline: String, found: Vec<Reported>) -> CompatReport {
        let (diagnostics, facts) = found
            .into_iter()
            .map(|reported| (reported.diagnostic, reported.facts))
            .unzip();
        CompatReport {
            baseline,
            diagnostics,
            facts,
        }
    }

    /// Whether anything fails a run at `fail_on` (accepted findings never
    /// do: they are notes).
    pub fn fails(&self, fail_on: Severity) -> bool {
        self.diagnostics
            .iter()
            .any(|diagnostic| diagnostic.severity >= fail_on)
    }

    /// How many findings an accepted-changes entry covers.
    pub fn accepted(&self) -> usize {
        self.facts.iter().filter(|facts| facts.accepted).count()
    }

    /// How many errors and warnings are open (not accepted).
    pub fn open(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.severity > Severity::Info)
            .count()
    }

    /// Marks every finding an entry accepts (it becomes a note, with the
    /// entry's reason as a note) and adds a warning ([`codes::STALE_ACCEPTANCE`])
    /// for every entry that accepts nothing. `file` is the accepted-changes
    /// file in the source map, `shown` its name for notes.
    pub fn accept(&mut self, entries: &[Acceptance], file: FileId, shown: &str) {
        let mut stale = Vec::new();
        for entry in entries {
            let mut used = false;
            for (diagnostic, facts) in self.diagnostics.iter_mut().zip(self.facts.iter_mut()) {
                if !entry.matches(diagnostic.code.as_str(), &facts.path) {
                    continue;
                }
                used = true;
                if !facts.accepted {
                    facts.accepted = true;
                    facts.accepted_reason = Some(entry.reason.clone());
                    diagnostic.severity = Severity::Info;
                    diagnostic
                        .notes
                        .push(format!("accepted in {shown}: {}", entry.reason));
                }
            }
            if !used {
                stale.push(
                    Reported::new(
                        codes::STALE_ACCEPTANCE,
                        Severity::Warning,
                        entry.path.clone(),
                        "stale_acceptance",
                        format!(
                            "accepted change {} at `{}` matches no finding",
                            entry.code, entry.path
                        ),
                        Span::new(file, entry.range.start, entry.range.end),
                        "accepts nothing",
                    )
                    .note("the change it accepted was fixed, or the code or path is misspelled")
                    .help(format!(
                        "remove this entry from {shown}, or correct its `code` and `path` (they must equal a finding's, as `--format json` shows them)"
                    )),
                );
            }
        }
        for reported in stale {
            self.diagnostics.push(reported.diagnostic);
            self.facts.push(reported.facts);
        }
    }
}

/// One of the two files of file mode: its name as shown and its text.
#[derive(Clone, Copy, Debug)]
pub struct SchemaFile<'a> {
    /// The name as shown to users (and in messages).
    pub name: &'a str,
    /// The schema's text.
    pub text: &'a str,
}

/// File mode (`weft compat OLD NEW --mode M`): compares two schema files
/// with [`crate::compat::files::compare_files`], adds both to `sources` and
/// reports every finding at the first line of the new file. `Err` when a
/// file is not a schema, the formats differ or the mode is unknown.
pub fn compare_files(
    sources: &mut SourceMap,
    old: SchemaFile<'_>,
    new: SchemaFile<'_>,
    mode: &str,
) -> Result<CompatReport, String> {
    let findings =
        crate::compat::files::compare_files(old.text, new.text, old.name, new.name, mode)?;
    sources.add(old.name.to_string(), old.text.to_string(), Origin::Project);
    let new_id = sources.add(new.name.to_string(), new.text.to_string(), Origin::Project);
    let first_line = new.text.lines().next().unwrap_or_default().trim_end().len();
    let mode_name = mode.trim().to_ascii_uppercase();
    // `compare_files` has rejected unknown modes; a mode that checks only
    // forward reports `Both` findings with the old schema as the reader.
    let forward_only =
        Mode::parse_loose(mode).is_some_and(|parsed| parsed.forward() && !parsed.backward());
    let mut found: Vec<Reported> = findings
        .iter()
        .map(|finding| {
            let backward = match finding.direction {
                Direction::Backward => true,
                Direction::Forward => false,
                Direction::Both => !forward_only,
            };
            let (reader, writer) = if backward {
                (new.name, old.name)
            } else {
                (old.name, new.name)
            };
            let mut reported = Reported::from_finding(
                finding,
                Span::new(new_id, 0, first_line),
                format!("at {}", finding.path),
            )
            .versions(Some(reader.to_string()), Some(writer.to_string()));
            reported.facts.mode = Some(mode_name.clone());
            if finding.severity != Severity::Info {
                reported = reported.note(format!(
                    "check: {} (reader = {reader}, writer = {writer})",
                    Mode::one_way(backward, false)
                ));
            }
            if !finding.pointer.is_empty() {
                reported = reported.note(format!("schema pointer: {}", finding.pointer));
            }
            reported
        })
        .collect();
    found.sort_by(|a, b| {
        b.severity()
            .cmp(&a.severity())
            .then(a.facts.path.cmp(&b.facts.path))
            .then(a.diagnostic.code.cmp(&b.diagnostic.code))
    });
    Ok(CompatReport::new(old.name.to_string(), found))
}
