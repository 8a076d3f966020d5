//! Writes a build's [`Manifest`] into the output folder, touching nothing
//! that weft did not generate.
//!
//! - **The record.** `DIR/.weft-build.json` lists every file weft wrote
//!   (sorted, each with the hash of its bytes) and the folders it created.
//!   Format 2 names each hash's algorithm (`xxh3-128:…`, XXH3's 128-bit
//!   hash, which reads a build's output many times faster than SHA-256;
//!   the hash only tells weft's own bytes from edited ones, nobody
//!   attacks it). A format 1 record (SHA-256 in `sha256`, written by
//!   earlier versions) is read as it is: its files are compared by
//!   SHA-256 until they are written again. It is what
//!   makes a file "weft's": the only files weft overwrites or removes are
//!   the ones listed there.
//! - **Refusals first, writes after.** Every path is checked before anything
//!   is written; any refusal means nothing is written. Refused: a path that
//!   exists but is not in the record (a user's file), a recorded file that
//!   was edited since weft wrote it and is generated again (unless
//!   `--force`), a symbolic link (or a FIFO, a device) in
//!   place of a generated file, a file where a folder is needed, and a
//!   symbolic link that leads outside `DIR`. A file that is not recorded but
//!   already holds exactly the bytes weft would write is adopted (recorded,
//!   not touched), so that a lost record does not lock a folder.
//! - **Atomic, minimal writes.** A changed file is written with
//!   [`write_file`] (a temporary file in its own folder, created
//!   exclusively, renamed over the target); a file whose bytes are
//!   unchanged is not rewritten (its modification time stays).
//! - **Interrupted builds, concurrent builds.** The record is written first
//!   with the new hash of every file about to change next to the old one
//!   (`pending`), and again at the end without them: a file holding either
//!   hash is weft's, so a killed build leaves nothing "edited by hand". A
//!   build holds an exclusive lock (`flock`) on `DIR` itself throughout; a
//!   second build into the same folder is refused, not mixed in.
//! - **Stale files.** Files in the record that the build no longer produces
//!   are removed (except in the folders of targets that were not selected
//!   this time), and so are the folders weft created once they are empty.
//!   An edited stale file is left in place and forgotten, with a warning,
//!   even with `--force`: `--force` only lets weft replace an edited file
//!   with what it generates there now, and a stale file has no such
//!   replacement.
//!
//! - **Write-once files are the user's.** A file the manifest adds with
//!   `add_once` (a crate's `src/lib.rs`, its `Cargo.toml`) is created when
//!   nothing is at its path and left alone, byte for byte, whenever anything
//!   is: it is never recorded as weft's, so it is never replaced, refused or
//!   removed. The summary lists the ones left alone.
//!
//! Manifest paths are relative and free of `..` (checked when added), so
//! every path stays inside `DIR` unless a symbolic link leads out, and those
//! are refused.

use super::safe_write::{
    lock_folder, open_folder, sync_all_at, write_file_at, Durability, Existing,
    TEMPORARY_NAME_EXTRA,
};
use rustix::fd::{AsFd, BorrowedFd};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{self, ErrorKind};
use std::path::Path;
use weft_targets::manifest::is_safe_relative_path;
use weft_targets::Manifest;
use xxhash_rust::xxh3::xxh3_128;

/// The record of what weft wrote, in the output folder.
pub(crate) const RECORD_FILE: &str = ".weft-build.json";

/// The record's format version (written).
const RECORD_FORMAT: u32 = 2;

/// The format of records written before hashes named their algorithm: a
/// SHA-256 in `sha256` (read, never written).
const RECORD_FORMAT_SHA256: u32 = 1;

/// The algorithm of the hashes this version records.
const HASH_PREFIX: &str = "xxh3-128:";

/// The algorithm of format 1's hashes.
const SHA256_PREFIX: &str = "sha256:";

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Record {
    /// Always `weft`.
    generator: String,
    /// [`RECORD_FORMAT`].
    format: u32,
    /// The files weft wrote, sorted by path.
    files: Vec<RecordedFile>,
    /// The folders weft created, sorted.
    #[serde(default)]
    folders: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RecordedFile {
    path: String,
    /// Format 1: the SHA-256 of the bytes written (hex).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sha256: Option<String>,
    /// Format 2: the hash of the bytes written, `ALGORITHM:HEX`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    hash: Option<String>,
    /// The hash of the bytes a build was about to write there, recorded
    /// before it started writing: a build that was interrupted leaves the
    /// file with either hash, and both are weft's. (Format 1: hex SHA-256.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pending: Option<String>,
}

/// The hashes a recorded file may have, each `ALGORITHM:HEX`: the one
/// written, and the one a build that may have been interrupted was about
/// to write.
type Hashes = (String, Option<String>);

/// Whether `bytes` have one of a recorded file's hashes (each computed
/// with its own algorithm).
fn is_recorded(hashes: &Hashes, bytes: &[u8]) -> bool {
    std::iter::once(&hashes.0)
        .chain(&hashes.1)
        .any(|hash| match hash.strip_prefix(SHA256_PREFIX) {
            Some(hex) => sha256(bytes) == hex,
            None => *hash == content_hash(bytes),
        })
}

/// Whether a recorded hash names an algorithm this version knows.
fn is_known_hash(hash: &str) -> bool {
    hash.starts_with(HASH_PREFIX) || hash.starts_with(SHA256_PREFIX)
}

/// What a write did.
#[derive(Debug, Default)]
pub(crate) struct Summary {
    /// Files written (new or changed).
    pub(crate) written: usize,
    /// Files left as they were because their bytes did not change.
    pub(crate) unchanged: usize,
    /// Stale generated files removed.
    pub(crate) removed: usize,
    /// Things left in place, with why (edited stale files, ...).
    pub(crate) warnings: Vec<String>,
    /// Write-once files created because they were absent.
    pub(crate) created_once: usize,
    /// Write-once files that already existed and were left alone (shown
    /// paths).
    pub(crate) kept: Vec<String>,
}

/// Why nothing (or not everything) was written.
#[derive(Debug)]
pub(crate) enum Failure {
    /// Paths weft refuses to touch; nothing was written.
    Refused(Vec<String>),
    /// A file-system error while writing.
    Io(String),
}

enum Action {
    Write,
    Unchanged,
    /// A write-once file that is absent: created, not recorded.
    CreateOnce,
}

/// Writes `manifest` into `out`; see the module documentation. Recorded
/// files under the folders in `other_targets` (targets that were not run
/// this time) are kept as they are, not treated as stale.
pub(crate) fn write_manifest(
    out: &Path,
    manifest: &Manifest,
    force: bool,
    other_targets: &[&str],
) -> Result<Summary, Failure> {
    // Before anything exists, even the output folder: a name the file
    // system would reject must not fail the build half-way.
    let too_long = check_lengths(out, manifest);
    if !too_long.is_empty() {
        return Err(Failure::Refused(too_long));
    }
    match fs::metadata(out) {
        Ok(metadata) if metadata.is_dir() => {}
        Ok(_) => return Err(Failure::Io(format!("`{}` is not a folder", out.display()))),
        Err(error) if error.kind() == ErrorKind::NotFound => {
            fs::create_dir_all(out).map_err(|error| {
                Failure::Io(format!("cannot create `{}`: {error}", out.display()))
            })?;
        }
        Err(error) => {
            return Err(Failure::Io(format!(
                "cannot read `{}`: {error}",
                out.display()
            )))
        }
    }
    let root = fs::canonicalize(out)
        .map_err(|error| Failure::Io(format!("cannot read `{}`: {error}", out.display())))?;
    let shown = |relative: &str| out.join(relative).display().to_string();
    // Held until this function returns: from reading the record to writing
    // it, no other build reads or writes here.
    let lock = match lock_folder(&root) {
        Ok(Some(lock)) => lock,
        Ok(None) => {
            return Err(Failure::Refused(vec![format!(
                "another `weft build` is writing into `{}`; run this one when it has finished",
                out.display()
            )]))
        }
        Err(error) => {
            return Err(Failure::Io(format!(
                "cannot lock `{}`: {error}",
                out.display()
            )))
        }
    };

    let mut refusals = Vec::new();
    let record = read_record(&root, out, &mut refusals);
    let recorded = recorded_hashes(&record);

    // Plan: what to create, write, leave and remove.
    let mut missing_folders = BTreeSet::new();
    let mut plan = Vec::new();
    for (path, bytes) in manifest.files() {
        if path == RECORD_FILE {
            refusals.push(format!(
                "a target generates `{RECORD_FILE}`, weft's own record"
            ));
            continue;
        }
        if let Err(refusal) = check_parents(&root, out, path, &mut missing_folders) {
            refusals.push(refusal);
            continue;
        }
        let target = root.join(path);
        match fs::symlink_metadata(&target) {
            Err(error) if error.kind() == ErrorKind::NotFound => {
                plan.push((path, bytes, Action::Write))
            }
            Err(error) => {
                return Err(Failure::Io(format!(
                    "cannot read `{}`: {error}",
                    shown(path)
                )))
            }
            Ok(metadata) if metadata.file_type().is_symlink() => refusals.push(format!(
                "`{}` is a symbolic link; weft only replaces regular files it generated",
                shown(path)
            )),
            Ok(metadata) if metadata.is_dir() => refusals.push(format!(
                "`{}` is a folder, but weft generates a file there",
                shown(path)
            )),
            // A FIFO or a device: reading it to compare could block for ever.
            Ok(metadata) if !metadata.is_file() => refusals.push(format!(
                "`{}` is not a regular file; weft only replaces regular files it generated",
                shown(path)
            )),
            Ok(_) => {
                let existing = fs::read(&target).map_err(|error| {
                    Failure::Io(format!("cannot read `{}`: {error}", shown(path)))
                })?;
                if existing == bytes {
                    plan.push((path, bytes, Action::Unchanged));
                } else {
                    match recorded.get(path) {
                        None => refusals.push(format!(
                            "`{}` exists and weft did not generate it (it is not in `{RECORD_FILE}`); move it away or build into another folder",
                            shown(path)
                        )),
                        Some(hashes) if !is_recorded(hashes, &existing) && !force => refusals.push(format!(
                            "`{}` was edited since weft generated it; move it away (or delete it) to let weft regenerate it, or pass `--force` to overwrite the edits",
                            shown(path)
                        )),
                        Some(_) => plan.push((path, bytes, Action::Write)),
                    }
                }
            }
        }
    }

    let mut summary = Summary::default();
    let mut stale = Vec::new();
    let mut forget = Vec::new();
    for (path, bytes) in manifest.once_files() {
        if recorded.contains_key(path) {
            // Generated by an older weft, the user's from now on.
            forget.push(path.to_string());
        }
        if let Err(refusal) = check_parents(&root, out, path, &mut missing_folders) {
            refusals.push(refusal);
            continue;
        }
        match fs::symlink_metadata(root.join(path)) {
            Err(error) if error.kind() == ErrorKind::NotFound => {
                plan.push((path, bytes, Action::CreateOnce))
            }
            Err(error) => {
                return Err(Failure::Io(format!(
                    "cannot read `{}`: {error}",
                    shown(path)
                )))
            }
            // Anything there (even a link or a folder) is the user's.
            Ok(_) => summary.kept.push(shown(path)),
        }
    }
    for (path, hashes) in &recorded {
        let top = path.split('/').next().unwrap_or_default();
        if manifest.get(path).is_some()
            || manifest.get_once(path).is_some()
            || other_targets.contains(&top)
        {
            continue;
        }
        let mut ignored = BTreeSet::new();
        if let Err(refusal) = check_parents(&root, out, path, &mut ignored) {
            refusals.push(refusal);
            continue;
        }
        if !ignored.is_empty() {
            forget.push(path.clone()); // its folder is gone, so is the file
            continue;
        }
        match fs::symlink_metadata(root.join(path)) {
            Err(error) if error.kind() == ErrorKind::NotFound => forget.push(path.clone()),
            Err(error) => {
                return Err(Failure::Io(format!(
                    "cannot read `{}`: {error}",
                    shown(path)
                )))
            }
            Ok(metadata) if !metadata.is_file() => {
                forget.push(path.clone());
                summary.warnings.push(format!(
                    "left `{}` in place: it is no longer the file weft generated",
                    shown(path)
                ));
            }
            Ok(_) => {
                let existing = fs::read(root.join(path)).map_err(|error| {
                    Failure::Io(format!("cannot read `{}`: {error}", shown(path)))
                })?;
                // Not even with `--force`: it replaces edited files with
                // their regenerated version, and a stale file has none, so
                // removing it would only lose the user's edits.
                if is_recorded(hashes, &existing) {
                    stale.push(path.clone());
                } else {
                    forget.push(path.clone());
                    summary.warnings.push(format!(
                        "left `{}` in place: weft no longer generates it, but it was edited since weft wrote it",
                        shown(path)
                    ));
                }
            }
        }
    }
    if !refusals.is_empty() {
        return Err(Failure::Refused(refusals));
    }

    // Execute. `files` is the record as it will be written: it starts as
    // the old one and follows every change, so that after a failure half-way
    // it still lists what is on disk.
    let mut files = recorded;
    for path in &forget {
        files.remove(path);
    }
    let mut folders: BTreeSet<String> = record.folders.iter().cloned().collect();
    // The record first, as "pending": every file about to be written with
    // its new hash next to the old one, every folder about to be created.
    // Whatever point a build is interrupted at, each file on disk then has
    // a hash the record lists, and the next build takes it for weft's.
    let mut pending = files.clone();
    // Each file is hashed once: the pending record and the final one share it.
    let mut new_hashes: BTreeMap<&str, String> = BTreeMap::new();
    for (path, bytes, action) in &plan {
        if let Action::Write = action {
            let new = content_hash(bytes);
            new_hashes.insert(path, new.clone());
            pending
                .entry((*path).to_string())
                .and_modify(|hashes| {
                    if hashes.0 != new {
                        hashes.1 = Some(new.clone());
                    }
                })
                .or_insert_with(|| (new.clone(), None));
        }
    }
    let pending_folders: BTreeSet<String> = folders.union(&missing_folders).cloned().collect();
    let handle = lock.handle();
    // The pending record is on disk before any file changes (synced on its
    // own); the files and the final record are synced together at the end.
    write_record(
        handle,
        &root,
        out,
        &pending,
        &pending_folders,
        Durability::Synced,
    )?;
    let outcome = execute(
        handle,
        &root,
        out,
        &plan,
        &new_hashes,
        &stale,
        &missing_folders,
        &mut files,
        &mut folders,
        &mut summary,
    );
    let needed: BTreeSet<String> = manifest
        .files()
        .chain(manifest.once_files())
        .flat_map(|(path, _)| parents(path))
        .collect();
    remove_empty_folders(handle, &root, &mut folders, &needed);
    let record_outcome = write_record(handle, &root, out, &files, &folders, Durability::Deferred);
    // One flush for the whole build instead of one per file.
    let synced = sync_all_at(handle)
        .map_err(|error| Failure::Io(format!("cannot sync `{}`: {error}", out.display())));
    outcome?;
    record_outcome?;
    synced?;
    Ok(summary)
}

#[allow(clippy::too_many_arguments)]
fn execute(
    handle: BorrowedFd<'_>,
    root: &Path,
    out: &Path,
    plan: &[(&str, &[u8], Action)],
    new_hashes: &BTreeMap<&str, String>,
    stale: &[String],
    missing_folders: &BTreeSet<String>,
    files: &mut BTreeMap<String, Hashes>,
    folders: &mut BTreeSet<String>,
    summary: &mut Summary,
) -> Result<(), Failure> {
    let shown = |relative: &str| out.join(relative).display().to_string();
    // BTreeSet order puts a folder before the folders inside it.
    // Every folder is opened from the output folder's handle, one name at
    // a time, never through a symbolic link that leads out (see
    // `open_folder`): a folder swapped for a link after the checks above
    // cannot redirect a write.
    for folder in missing_folders {
        let mut created = Vec::new();
        let outcome = open_folder(handle, root, folder, true, &mut created);
        folders.extend(created);
        outcome
            .map_err(|error| Failure::Io(format!("cannot create `{}`: {error}", shown(folder))))?;
    }
    for (path, bytes, action) in plan {
        let existing = match action {
            Action::Write => Existing::Replace,
            // Refuse: a file that appeared since the plan is the user's.
            Action::CreateOnce => Existing::Refuse,
            Action::Unchanged => {
                summary.unchanged += 1;
                files.insert((*path).to_string(), (content_hash(bytes), None));
                continue;
            }
        };
        let (folder, name) = split(path);
        let mut created = Vec::new();
        let outcome = open_folder(handle, root, folder, true, &mut created).and_then(|folder| {
            write_file_at(folder.as_fd(), name, bytes, existing, Durability::Deferred)
        });
        folders.extend(created);
        outcome.map_err(|error| Failure::Io(format!("cannot write `{}`: {error}", shown(path))))?;
        if let Action::CreateOnce = action {
            summary.created_once += 1;
        } else {
            summary.written += 1;
            let hash = new_hashes
                .get(path)
                .cloned()
                .unwrap_or_else(|| content_hash(bytes));
            files.insert((*path).to_string(), (hash, None));
        }
    }
    for path in stale {
        let (folder, name) = split(path);
        let removed =
            open_folder(handle, root, folder, false, &mut Vec::new()).and_then(|folder| {
                rustix::fs::unlinkat(&folder, name, rustix::fs::AtFlags::empty())
                    .map_err(io::Error::from)
            });
        match removed {
            Ok(()) => {
                summary.removed += 1;
                files.remove(path);
            }
            Err(error) if error.kind() == ErrorKind::NotFound => {
                files.remove(path);
            }
            Err(error) => {
                return Err(Failure::Io(format!(
                    "cannot remove `{}`: {error}",
                    shown(path)
                )))
            }
        }
    }
    Ok(())
}

/// Reads the record; a record that is not one weft wrote is a refusal (weft
/// cannot tell which files are its own).
fn read_record(root: &Path, out: &Path, refusals: &mut Vec<String>) -> Record {
    let path = root.join(RECORD_FILE);
    let shown = out.join(RECORD_FILE).display().to_string();
    let text = match fs::symlink_metadata(&path) {
        Err(error) if error.kind() == ErrorKind::NotFound => return Record::default(),
        Ok(metadata) if !metadata.is_file() => {
            refusals.push(format!(
                "`{shown}` is not a regular file; weft keeps its build record there"
            ));
            return Record::default();
        }
        _ => match fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) => {
                refusals.push(format!("cannot read `{shown}`: {error}"));
                return Record::default();
            }
        },
    };
    match serde_json::from_str::<Record>(&text) {
        Ok(record) if record.generator == "weft" && hashes_match_format(&record) => {
            let unsafe_paths: Vec<&str> = record
                .files
                .iter()
                .map(|file| file.path.as_str())
                .chain(record.folders.iter().map(String::as_str))
                .filter(|path| !is_safe_relative_path(path) || *path == RECORD_FILE)
                .collect();
            if unsafe_paths.is_empty() {
                record
            } else {
                refusals.push(format!(
                    "`{shown}` lists paths outside the output folder ({}); it was not written by weft",
                    unsafe_paths.join(", ")
                ));
                Record::default()
            }
        }
        Ok(_) | Err(_) => {
            refusals.push(format!(
                "`{shown}` is not a build record this weft can read; delete it (and the files it lists) to build into this folder"
            ));
            Record::default()
        }
    }
}

/// The longest name of a file or folder, in bytes (`NAME_MAX` on Linux and
/// macOS, and the limit of NTFS in UTF-16 units, which are never more than
/// UTF-8 bytes).
const NAME_MAX: usize = 255;

/// The longest path the operating system accepts, in bytes, without the
/// final NUL (`PATH_MAX` is 4096 on Linux and 1024 on macOS; Windows'
/// long paths are longer, its classic limit shorter, so 260 there).
#[cfg(target_os = "linux")]
const PATH_MAX: usize = 4095;
#[cfg(all(unix, not(target_os = "linux")))]
const PATH_MAX: usize = 1023;
#[cfg(not(unix))]
const PATH_MAX: usize = 259;

/// Every generated path the file system could not take: a file or folder
/// name over [`NAME_MAX`] bytes (a file's temporary name included), or a
/// whole path, from the root, over [`PATH_MAX`].
fn check_lengths(out: &Path, manifest: &Manifest) -> Vec<String> {
    let base = std::path::absolute(out)
        .unwrap_or_else(|_| out.to_path_buf())
        .as_os_str()
        .len();
    let mut problems = Vec::new();
    for (path, _) in manifest.files().chain(manifest.once_files()) {
        let segments: Vec<&str> = path.split('/').collect();
        let last = segments.len().saturating_sub(1);
        for (index, segment) in segments.iter().enumerate() {
            let extra = if index == last {
                TEMPORARY_NAME_EXTRA
            } else {
                0
            };
            if segment.len() + extra > NAME_MAX {
                problems.push(format!(
                    "the generated name `{segment}` is too long ({} bytes; a file system takes at most {} here); shorten the name in the model it comes from",
                    segment.len(),
                    NAME_MAX - extra
                ));
            }
        }
        let total = base + 1 + path.len() + TEMPORARY_NAME_EXTRA;
        if total > PATH_MAX {
            problems.push(format!(
                "the generated path `{}` is too long ({total} bytes with its temporary name; the limit is {PATH_MAX}); build into a shorter folder or shorten the names in the model",
                out.join(path).display()
            ));
        }
    }
    problems.dedup();
    problems
}

/// Checks the folders above `path`: each is a folder inside the output
/// folder (a symbolic link to a folder inside is fine); the missing ones
/// are added to `missing`.
fn check_parents(
    root: &Path,
    out: &Path,
    path: &str,
    missing: &mut BTreeSet<String>,
) -> Result<(), String> {
    let mut absent = false;
    for parent in parents(path) {
        if absent {
            missing.insert(parent);
            continue;
        }
        let full = root.join(&parent);
        let shown = out.join(&parent).display().to_string();
        match fs::symlink_metadata(&full) {
            Err(error) if error.kind() == ErrorKind::NotFound => {
                absent = true;
                missing.insert(parent);
            }
            Err(error) => return Err(format!("cannot read `{shown}`: {error}")),
            Ok(metadata) if metadata.file_type().is_symlink() => match fs::canonicalize(&full) {
                Ok(resolved) if resolved.starts_with(root) && resolved.is_dir() => {}
                _ => {
                    return Err(format!(
                    "`{shown}` is a symbolic link that leads outside `{}`; weft does not follow it",
                    out.display()
                ))
                }
            },
            Ok(metadata) if metadata.is_dir() => {}
            Ok(_) => {
                return Err(format!(
                    "`{shown}` is a file, but weft needs a folder there for `{}`",
                    out.join(path).display()
                ))
            }
        }
    }
    Ok(())
}

/// A relative path's folder (empty for the top) and file name.
fn split(path: &str) -> (&str, &str) {
    path.rsplit_once('/').unwrap_or(("", path))
}

/// The folders above a relative path, outermost first: `a/b/c` → `a`, `a/b`.
fn parents(path: &str) -> Vec<String> {
    let segments: Vec<&str> = path.split('/').collect();
    (1..segments.len())
        .map(|count| segments[..count].join("/"))
        .collect()
}

/// Removes the folders weft created that no file needs any more, innermost
/// first, when they are empty; keeps the rest in the record.
fn remove_empty_folders(
    handle: BorrowedFd<'_>,
    root: &Path,
    folders: &mut BTreeSet<String>,
    needed: &BTreeSet<String>,
) {
    let candidates: Vec<String> = folders
        .iter()
        .rev()
        .filter(|folder| !needed.contains(*folder))
        .cloned()
        .collect();
    for folder in candidates {
        let full = root.join(&folder);
        // Only a real folder at that very place: no symbolic link on the way.
        let in_place = fs::canonicalize(&full).is_ok_and(|resolved| resolved == full);
        match fs::symlink_metadata(&full) {
            Ok(metadata) if metadata.is_dir() && in_place => {
                // Removed by name in its parent, opened without following
                // links: a parent swapped for a link meanwhile cannot make
                // weft remove a folder outside.
                let (parent, name) = split(&folder);
                let removed =
                    open_folder(handle, root, parent, false, &mut Vec::new()).is_ok_and(|parent| {
                        rustix::fs::unlinkat(&parent, name, rustix::fs::AtFlags::REMOVEDIR).is_ok()
                    });
                if removed {
                    folders.remove(&folder);
                }
            }
            // Gone, or replaced by something that is not weft's folder.
            _ => {
                folders.remove(&folder);
            }
        }
    }
}

fn write_record(
    handle: BorrowedFd<'_>,
    root: &Path,
    out: &Path,
    files: &BTreeMap<String, Hashes>,
    folders: &BTreeSet<String>,
    durability: Durability,
) -> Result<(), Failure> {
    let record = Record {
        generator: "weft".to_string(),
        format: RECORD_FORMAT,
        files: files
            .iter()
            .map(|(path, (hash, pending))| RecordedFile {
                path: path.clone(),
                sha256: None,
                hash: Some(hash.clone()),
                pending: pending.clone(),
            })
            .collect(),
        folders: folders.iter().cloned().collect(),
    };
    let mut text = serde_json::to_string_pretty(&record)
        .map_err(|error| Failure::Io(format!("cannot encode the build record: {error}")))?;
    text.push('\n');
    if fs::read(root.join(RECORD_FILE)).is_ok_and(|existing| existing == text.as_bytes()) {
        return Ok(());
    }
    write_file_at(
        handle,
        RECORD_FILE,
        text.as_bytes(),
        Existing::Replace,
        durability,
    )
    .map_err(|error| {
        Failure::Io(format!(
            "cannot write `{}`: {error}",
            out.join(RECORD_FILE).display()
        ))
    })
}

/// Whether every file of a record has its hash where its format puts it:
/// format 1 a hex SHA-256 in `sha256` (and `pending`), format 2 a named
/// hash in `hash` (and `pending`).
fn hashes_match_format(record: &Record) -> bool {
    let pending_known = |file: &RecordedFile| file.pending.as_deref().is_none_or(is_known_hash);
    match record.format {
        RECORD_FORMAT_SHA256 => record
            .files
            .iter()
            .all(|file| file.sha256.is_some() && file.hash.is_none()),
        RECORD_FORMAT => record.files.iter().all(|file| {
            file.sha256.is_none()
                && file.hash.as_deref().is_some_and(is_known_hash)
                && pending_known(file)
        }),
        _ => false,
    }
}

/// Every recorded file's hashes, named by algorithm (a format 1 record's
/// as SHA-256).
fn recorded_hashes(record: &Record) -> BTreeMap<String, Hashes> {
    let sha = |hex: &String| format!("{SHA256_PREFIX}{hex}");
    record
        .files
        .iter()
        .filter_map(|file| {
            let hashes = if record.format == RECORD_FORMAT_SHA256 {
                (
                    file.sha256.as_ref().map(sha)?,
                    file.pending.as_ref().map(sha),
                )
            } else {
                (file.hash.clone()?, file.pending.clone())
            };
            Some((file.path.clone(), hashes))
        })
        .collect()
}

/// The hash this version records: XXH3-128 of the bytes, named.
fn content_hash(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(HASH_PREFIX.len() + 32);
    out.push_str(HASH_PREFIX);
    push_hex(&xxh3_128(bytes).to_be_bytes(), &mut out);
    out
}

/// The hex SHA-256 of some bytes (format 1's hash).
fn sha256(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(64);
    push_hex(&Sha256::digest(bytes), &mut out);
    out
}

/// Bytes as lower-case hex.
fn push_hex(bytes: &[u8], out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for byte in bytes {
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0xf)]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents_of_paths() {
        assert_eq!(
            parents("a/b/c.json"),
            vec!["a".to_string(), "a/b".to_string()]
        );
        assert!(parents("c.json").is_empty());
    }
}
