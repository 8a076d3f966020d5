//! Checking the newest version of a subject against its history.
//!
//! Non-transitive modes compare the newest version with the previous one;
//! transitive modes with every earlier one. A problem found against several
//! versions is reported once, against the oldest (Confluent Schema Registry
//! reports the first incompatible version the same way). Changelog entries
//! (info) describe the step from the previous version only.
//!
//! A transitive check does not walk every earlier version: it walks the
//! representatives [`representatives`] picks (the oldest producer of each
//! finding is one of them), which keeps long histories linear (issue 15,
//! item 11). [`Strategy::Pairwise`] walks every distinct earlier version,
//! as the check did before; tests hold both to the same findings.
//!
//! Two rules need the history rather than a pair:
//!
//! * F12: a default removed from a field is only a warning against the
//!   previous version (which carries the field), but an error (E109) against
//!   older versions that do not carry it, for new readers must fill it in.
//! * F13: a field added back under the name of a field an older version had
//!   with another type (E110): data from that version would be misread.
//!   Reported instead of the type change against those versions.

use super::schema::Schema;
use super::walk::{self, message_name, same_type};
use super::{select, Changelog, Direction, Finding, Labels, Mode, Severity};
use rustc_hash::FxHashMap as HashMap;
use std::collections::{BTreeMap, BTreeSet};
use weft_base::codes;

mod representatives;

/// How a transitive check picks the earlier versions it walks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Strategy {
    /// Every distinct earlier version: the reference the other strategy is
    /// tested against (n²/2 walks over a history of n versions).
    Pairwise,
    /// Only the oldest version of each class of versions that relate alike
    /// to the new one (see `representatives.rs`): the same findings, with
    /// work in proportion to what changes in the history.
    Representatives,
}

/// Findings of the newest of `versions` (by position: the last) against the
/// earlier ones under `mode`, each with the number of the version it was
/// checked against (the oldest failing one). Messages name versions
/// `Subject vN`, after the root record's name.
pub fn check_history(versions: &[(u32, Schema)], mode: Mode) -> Vec<(u32, Finding)> {
    let mut history = History::new(mode);
    let mut findings = Vec::new();
    for (number, schema) in versions {
        findings = history.push(*number, schema);
    }
    findings
}

/// The versions of one subject, checked one after the other: each version
/// pushed is checked against those pushed before it (as [`check_history`]
/// checks the last of a list), and indexed once for the versions after it
/// (issue 15, item 11: re-indexing every earlier version for each version
/// made long histories quadratic).
pub struct History<'s> {
    mode: Mode,
    changelog: Changelog,
    strategy: Strategy,
    versions: Vec<Indexed<'s>>,
    /// Where each field path occurs: runs of consecutive versions that have
    /// it with the same type, oldest first.
    occurrences: HashMap<String, Vec<Run<'s>>>,
    index: representatives::Index,
    /// The first position of each distinct schema: a version equal to an
    /// older one finds nothing the older one has not found.
    distinct: HashMap<String, usize>,
    compared: usize,
    /// How many versions (the oldest ones) have their paths' runs in
    /// `occurrences` (transitive modes only).
    in_occurrences: usize,
    /// How many versions (the oldest ones) are in `distinct` and `index`.
    indexed: usize,
    /// Whether each push keeps its walks in `walks` (see
    /// [`History::keep_walks`]).
    keep_walks: bool,
    /// The walks of the last push: the number of each version walked
    /// against and what the walk found, before the history's rules.
    walks: Vec<(u32, Vec<Finding>)>,
}

/// Consecutive versions (positions `first..=last`) that have a path with
/// equal schemas there: F12 and F13 read the versions having (or lacking)
/// a path from these runs, in proportion to their changes.
struct Run<'s> {
    first: usize,
    last: usize,
    schema: &'s Schema,
}

struct Indexed<'s> {
    number: u32,
    schema: &'s Schema,
    /// Its fields by path (transitive modes), made when a check first needs
    /// them: nothing reads them while the history has one or two versions.
    paths: Option<BTreeMap<String, (String, &'s Schema)>>,
    /// Whether an older version has the same schema.
    repeats: bool,
}

impl<'s> History<'s> {
    /// An empty history under `mode`.
    pub fn new(mode: Mode) -> History<'s> {
        History::with_changelog(mode, Changelog::Included)
    }

    /// An empty history under `mode` whose checks report errors and
    /// warnings only (the same ones as [`History::new`]'s), without building
    /// the changelog entries.
    pub fn with_changelog(mode: Mode, changelog: Changelog) -> History<'s> {
        History::with_strategy(mode, changelog, Strategy::Representatives)
    }

    /// An empty history that walks the versions `strategy` picks (the
    /// findings are the same; tests compare the two).
    pub fn with_strategy(mode: Mode, changelog: Changelog, strategy: Strategy) -> History<'s> {
        History {
            mode,
            changelog,
            strategy,
            versions: Vec::new(),
            occurrences: HashMap::default(),
            index: representatives::Index::default(),
            distinct: HashMap::default(),
            compared: 0,
            in_occurrences: 0,
            indexed: 0,
            keep_walks: false,
            walks: Vec::new(),
        }
    }

    /// This history, keeping the walks of each push for
    /// [`History::last_walk`].
    pub fn keep_walks(mut self) -> History<'s> {
        self.keep_walks = true;
        self
    }

    /// What walking the last version pushed against version `against`
    /// found, if that push walked it and the history keeps its walks:
    /// exactly [`walk::compare_for`] of the two schemas with the labels
    /// `{subject} vN` (the subject is the new root record's or enum's name;
    /// `vN` alone when it has none) and this history's changelog, before
    /// the history's own rules and the mode's selection. A caller comparing
    /// the same pair the same way can take these instead of walking again.
    pub fn last_walk(&self, against: u32) -> Option<&[Finding]> {
        self.walks
            .iter()
            .find(|(number, _)| *number == against)
            .map(|(_, findings)| findings.as_slice())
    }

    /// How many pairs of versions were compared (walked) so far.
    pub fn comparisons(&self) -> usize {
        self.compared
    }

    /// Checks version `number` against the versions pushed before (see
    /// [`check_history`]), then adds it to the history.
    pub fn push(&mut self, number: u32, schema: &'s Schema) -> Vec<(u32, Finding)> {
        let subject = subject_of(schema);
        let transitive = self.mode.transitive();
        // With one earlier version, the history rules (F12, F13) have no
        // older version to look at and the only version to walk is that
        // one: the earlier versions' paths, runs and index are made when a
        // third version needs them (for every version not made yet, in
        // order, so they are what indexing each version at the next push
        // made). Nothing reads them for the newest version.
        let earlier = self.versions.len();
        let paths = if transitive && earlier >= 2 {
            self.index_earlier();
            // Rooted at "" (`.lines[].sku`): versions may name their root
            // differently, paths are matched from the root down.
            Some(field_paths(schema, ""))
        } else {
            None
        };
        let findings = self.check(
            number,
            schema,
            &subject,
            paths.as_ref().unwrap_or(&BTreeMap::new()),
        );
        self.versions.push(Indexed {
            number,
            schema,
            paths,
            repeats: false,
        });
        if !transitive && self.versions.len() > 1 {
            // Only the previous version is needed.
            self.versions.remove(0);
        }
        findings
    }

    /// Makes what checking a version against the earlier ones reads of
    /// them (a transitive mode, at least two earlier versions): every
    /// earlier version's paths and their runs; with three or more, also
    /// whether each repeats an older one and its summary for the
    /// representatives (with two, both are walked whatever they hold: the
    /// oldest never repeats, and the previous is always walked).
    fn index_earlier(&mut self) {
        let History {
            versions,
            distinct,
            occurrences,
            index,
            strategy,
            in_occurrences,
            indexed,
            ..
        } = self;
        for position in *in_occurrences..versions.len() {
            let Some(version) = versions.get_mut(position) else {
                break;
            };
            let paths = version
                .paths
                .get_or_insert_with(|| field_paths(version.schema, ""));
            for (path, (_, schema)) in paths.iter() {
                let runs = occurrences.entry(path.clone()).or_default();
                match runs.last_mut() {
                    Some(run) if run.last + 1 == position && *run.schema == **schema => {
                        run.last = position;
                    }
                    _ => runs.push(Run {
                        first: position,
                        last: position,
                        schema,
                    }),
                }
            }
        }
        *in_occurrences = versions.len();
        if versions.len() < 3 {
            return;
        }
        for position in *indexed..versions.len() {
            let Some(version) = versions.get_mut(position) else {
                break;
            };
            let text = serde_json::to_string(version.schema).unwrap_or_default();
            version.repeats = match distinct.entry(text) {
                std::collections::hash_map::Entry::Occupied(_) => true,
                std::collections::hash_map::Entry::Vacant(entry) => {
                    entry.insert(position);
                    false
                }
            };
            if *strategy == Strategy::Representatives {
                index.push(position, version.schema);
            }
        }
        *indexed = versions.len();
    }

    fn check(
        &mut self,
        number: u32,
        new: &Schema,
        subject: &str,
        new_paths: &BTreeMap<String, (String, &'s Schema)>,
    ) -> Vec<(u32, Finding)> {
        let mode = self.mode;
        self.walks.clear();
        let Some(last) = self.versions.last() else {
            return Vec::new();
        };
        if mode == Mode::None {
            return Vec::new();
        }
        let (previous, previous_schema) = (last.number, last.schema);
        let label = |version: u32| {
            if subject.is_empty() {
                format!("v{version}")
            } else {
                format!("{subject} v{version}")
            }
        };
        let earlier = &self.versions;
        let older = earlier.len().saturating_sub(1);

        // F13: names reused with another type. The carriers (versions
        // before the previous one that have the path with another type) are
        // found from the path's runs, not by a scan of the history.
        let mut reuses: Vec<Reuse<'_>> = Vec::new();
        if mode.transitive() {
            let previous_paths = earlier[older].paths.as_ref();
            for (path, (pointer, schema)) in new_paths {
                if previous_paths.is_some_and(|paths| paths.contains_key(path)) {
                    continue;
                }
                let differing: Vec<&Run<'s>> = self
                    .occurrences
                    .get(path)
                    .map(Vec::as_slice)
                    .unwrap_or_default()
                    .iter()
                    .filter(|run| {
                        run.first < older && !same_type(run.schema.required(), schema.required())
                    })
                    .collect();
                let (Some(first), Some(last)) = (differing.first(), differing.last()) else {
                    continue;
                };
                let last_carrier = last.last.min(older - 1);
                reuses.push(Reuse {
                    path: format!("{subject}{path}"),
                    below: path.clone(),
                    pointer: pointer.clone(),
                    schema,
                    first: first.first,
                    removed_in: earlier[last_carrier + 1].number,
                    last_carrier: earlier[last_carrier].number,
                    old_type: first.schema.display(),
                    new_type: Some(schema.display()),
                });
            }
        }
        // Whether the version at `index` has the reused path with another
        // type.
        let carries = |reuse: &Reuse<'_>, index: usize| {
            index < older
                && earlier[index]
                    .paths
                    .as_ref()
                    .and_then(|paths| paths.get(&reuse.below))
                    .is_some_and(|(_, old)| !same_type(old.required(), reuse.schema.required()))
        };

        // F12: defaults removed while older versions lack the field. The
        // comparison with the previous version is kept for the main loop
        // below, which would otherwise walk the same pair again.
        let mut removed_defaults: Vec<RemovedDefault> = Vec::new();
        let mut previous_findings: Option<Vec<Finding>> = None;
        if mode.transitive() && mode.backward() {
            let labels = Labels {
                old: label(previous),
                new: label(number),
            };
            let findings = walk::compare_for(previous_schema, new, &labels, self.changelog);
            for finding in &findings {
                if finding.code != codes::DEFAULT_REMOVED {
                    continue;
                }
                let below = finding.path.strip_prefix(subject).unwrap_or(&finding.path);
                // The gaps between the path's runs: as many steps as there
                // are versions listed in the message.
                let runs = self
                    .occurrences
                    .get(below)
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                let mut lacking: Vec<usize> = Vec::new();
                let mut next = 0;
                for run in runs.iter().chain(std::iter::once(&Run {
                    first: older,
                    last: older,
                    schema: &Schema::Unknown,
                })) {
                    let gap_end = run.first.min(older);
                    lacking.extend(next..gap_end);
                    next = next.max(run.last + 1);
                    if next >= older {
                        break;
                    }
                }
                if !lacking.is_empty() {
                    removed_defaults.push(RemovedDefault {
                        path: finding.path.clone(),
                        below: below.to_string(),
                        pointer: finding.pointer.clone(),
                        default: finding.old.clone(),
                        lacking: lacking.iter().map(|index| earlier[*index].number).collect(),
                        first: lacking[0],
                    });
                }
            }
            previous_findings = Some(findings);
        }
        let lacks = |removed: &RemovedDefault, index: usize| {
            index < older
                && !earlier[index]
                    .paths
                    .as_ref()
                    .is_some_and(|paths| paths.contains_key(&removed.below))
        };

        let against: Vec<usize> = if !mode.transitive() {
            vec![older]
        } else if older < 2 {
            // Both strategies walk every earlier version here: the oldest
            // never repeats another, the previous is always walked (so
            // the index is not made yet, see `index_earlier`).
            (0..=older).collect()
        } else {
            let picked = match self.strategy {
                Strategy::Representatives => self.index.representatives(new, mode, older),
                Strategy::Pairwise => None,
            };
            match picked {
                Some(mut picked) => {
                    // The versions the history rules report against.
                    picked.extend(reuses.iter().map(|reuse| reuse.first));
                    picked.extend(removed_defaults.iter().map(|removed| removed.first));
                    picked
                        .into_iter()
                        .filter(|index| *index == older || !earlier[*index].repeats)
                        .collect()
                }
                // A version equal to an older one finds only what the older
                // one found (reported against the older); the previous
                // version is always compared, for the changelog entries.
                None => (0..=older)
                    .filter(|index| *index == older || !earlier[*index].repeats)
                    .collect(),
            }
        };
        let mut seen: BTreeSet<(weft_base::Code, String)> = BTreeSet::new();
        let mut out = Vec::new();
        for index in against {
            let indexed = &earlier[index];
            let (version, old) = (&indexed.number, indexed.schema);
            self.compared += 1;
            let labels = Labels {
                old: label(*version),
                new: label(number),
            };
            let walked = if index == older {
                previous_findings.take()
            } else {
                None
            };
            let mut findings =
                walked.unwrap_or_else(|| walk::compare_for(old, new, &labels, self.changelog));
            if self.keep_walks {
                self.walks.push((*version, findings.clone()));
            }
            if *version != previous {
                findings.retain(|finding| finding.severity != Severity::Info);
            }
            findings.retain(|finding| {
                !reuses
                    .iter()
                    .any(|reuse| carries(reuse, index) && under(&finding.path, &reuse.path))
            });
            findings.retain(|finding| {
                !removed_defaults.iter().any(|removed| {
                    finding.path == removed.path
                        && (finding.code == codes::DEFAULT_REMOVED
                            || (finding.code == codes::FIELD_ADDED_WITHOUT_DEFAULT
                                && lacks(removed, index)))
                })
            });
            for reuse in &reuses {
                if reuse.first == index {
                    findings.push(Finding {
                        code: codes::FIELD_NAME_REUSED,
                        severity: Severity::Error,
                        direction: Direction::Both,
                        path: reuse.path.clone(),
                        pointer: reuse.pointer.clone(),
                        change: "reused_field_name",
                        owner: None,
                        old: Some(reuse.old_type.clone()),
                        new: reuse.new_type.clone(),
                        message: format!(
                            "field `{}` reuses the name of a field removed in {} (type {}); data from {} would be misread",
                            message_name(&reuse.path),
                            label(reuse.removed_in),
                            reuse.old_type,
                            label(reuse.last_carrier)
                        ),
                        help: Some(format!(
                            "pick a new name; keep `reserved {}` in the record so that nobody reuses it",
                            reuse.path.rsplit('.').next().unwrap_or(&reuse.path)
                        )),
                    });
                }
            }
            for removed in &removed_defaults {
                if removed.first == index {
                    let list: Vec<String> = removed
                        .lacking
                        .iter()
                        .map(|number| format!("v{number}"))
                        .collect();
                    let list = match list.split_last() {
                        Some((last, [])) => last.clone(),
                        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
                        None => String::new(),
                    };
                    let carries = if removed.lacking.len() == 1 {
                        "does"
                    } else {
                        "do"
                    };
                    let name = message_name(&removed.path);
                    findings.push(Finding {
                        code: codes::DEFAULT_REMOVED_BREAKS_HISTORY,
                        severity: Severity::Error,
                        direction: Direction::Backward,
                        path: removed.path.clone(),
                        pointer: removed.pointer.clone(),
                        change: "default_changed",
                        owner: None,
                        old: removed.default.clone(),
                        new: None,
                        message: format!(
                            "default removed from field `{name}`: consumers on {} can no longer read data from {subject} {list}, which {carries} not carry it",
                            label(number),
                        ),
                        help: Some(format!(
                            "keep the default of `{name}` as long as data from {subject} {list} is retained or replayed"
                        )),
                    });
                }
            }
            for finding in select(findings, mode) {
                if seen.insert((finding.code, finding.path.clone())) {
                    out.push((*version, finding));
                }
            }
        }
        out
    }
}

fn subject_of(schema: &Schema) -> String {
    match schema {
        Schema::Record(record) => record.name.clone(),
        Schema::Enum(enumeration) => enumeration.name.clone(),
        _ => String::new(),
    }
}

struct Reuse<'a> {
    path: String,
    /// The path without the subject, as in `Indexed::paths`.
    below: String,
    pointer: String,
    /// The new type at the path.
    schema: &'a Schema,
    /// The position of the oldest carrier (version with the path with
    /// another type).
    first: usize,
    /// The version after the newest carrier.
    removed_in: u32,
    last_carrier: u32,
    old_type: String,
    new_type: Option<String>,
}

/// F12: a default the new version removed from a field older versions do
/// not carry.
struct RemovedDefault {
    path: String,
    below: String,
    pointer: String,
    default: Option<String>,
    /// The versions lacking the field, oldest first (listed in the message).
    lacking: Vec<u32>,
    /// The position of the oldest of them.
    first: usize,
}

/// Whether `path` is `prefix` or inside it.
fn under(path: &str, prefix: &str) -> bool {
    path.strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[', '{']))
}

/// Every field of a schema by DSL path (rooted at `root`), with its JSON
/// pointer and schema.
fn field_paths<'a>(schema: &'a Schema, root: &str) -> BTreeMap<String, (String, &'a Schema)> {
    let mut paths = BTreeMap::new();
    collect(
        schema,
        &mut root.to_string(),
        &mut String::new(),
        &mut paths,
        0,
    );
    paths
}

/// Adds the fields below `path` (at `pointer`); both are written in place
/// and restored, so that each path costs only its copy in the map.
fn collect<'a>(
    schema: &'a Schema,
    path: &mut String,
    pointer: &mut String,
    paths: &mut BTreeMap<String, (String, &'a Schema)>,
    depth: usize,
) {
    if depth > 64 {
        return;
    }
    let (path_len, pointer_len) = (path.len(), pointer.len());
    match schema {
        Schema::Optional { value } => collect(value, path, pointer, paths, depth + 1),
        Schema::Record(record) => {
            for (index, field) in record.fields.iter().enumerate() {
                path.push('.');
                path.push_str(&field.name);
                pointer.push_str("/fields/");
                pointer.push_str(&index.to_string());
                paths.insert(path.clone(), (pointer.clone(), &field.schema));
                pointer.push_str("/type");
                collect(&field.schema, path, pointer, paths, depth + 1);
                path.truncate(path_len);
                pointer.truncate(pointer_len);
            }
        }
        Schema::List { items, .. } => {
            path.push_str("[]");
            pointer.push_str("/items");
            collect(items, path, pointer, paths, depth + 1);
        }
        Schema::Map { values, .. } => {
            path.push_str("{}");
            pointer.push_str("/values");
            collect(values, path, pointer, paths, depth + 1);
        }
        _ => {}
    }
    path.truncate(path_len);
    pointer.truncate(pointer_len);
}
