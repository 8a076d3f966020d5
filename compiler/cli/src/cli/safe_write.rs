//! The one function through which weft writes a file (`weft build`,
//! `weft lock`, `weft fmt`, `weft init`), so that every writer has the same
//! guarantees:
//!
//! - **Atomic.** The bytes go to a temporary file in the destination's own
//!   folder, which is then renamed over the destination: readers see the
//!   old bytes or the new ones, never half a file, and a crash leaves the
//!   destination as it was.
//! - **Never through a symbolic link.** The temporary file has an
//!   unpredictable name and is created exclusively (`create_new`, which
//!   fails on any existing name, a symbolic link included, instead of
//!   following it), so a link planted next to the destination cannot
//!   redirect the write. A destination that is itself a symbolic link is
//!   refused: renaming over it would replace the link by a copy, and
//!   writing through it would change a file somewhere else.
//! - **One folder, checked and written.** [`write_file_at`] names the file
//!   relative to an open folder handle, and `weft build` opens every folder
//!   from its output folder's handle one name at a time without following
//!   symbolic links ([`open_folder`]): a folder swapped for a link between
//!   the checks and the write cannot redirect it outside `--out`.
//! - **Permissions kept.** A replaced file's permission bits are given to
//!   the replacement before any byte is written (a mode-0600 file stays
//!   0600); a new file gets the default ones (umask).
//! - **No leftovers.** The temporary file is removed when anything fails.
//! - **Durable once.** A single file (`weft fmt`, `weft lock`, `weft init`)
//!   is synced to disk before the rename ([`Durability::Synced`]). `weft
//!   build` writes thousands of files: syncing each was most of its time
//!   (`docs/build.md`), so its artefacts are written [`Durability::Deferred`]
//!   and the whole file system is synced once at the end ([`sync_all_at`]),
//!   as compilers that sync at all do.

use rustix::fd::{AsFd, BorrowedFd, OwnedFd};
use rustix::fs::{
    mkdirat, open, openat, renameat, statat, unlinkat, AtFlags, FileType, Mode, OFlags,
};
use rustix::io::Errno;
use std::collections::hash_map::RandomState;
use std::fs;
use std::hash::{BuildHasher, Hasher};
use std::io::{self, ErrorKind, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// When the bytes of a written file reach the disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Durability {
    /// Before the rename (`fsync` of the temporary file).
    Synced,
    /// Whenever the system flushes, or when the caller calls
    /// [`sync_all_at`] once for many files.
    Deferred,
}

/// Flushes everything written to the file system that holds `folder`
/// (`syncfs`): one call that makes a whole build's files durable.
pub(crate) fn sync_all_at(folder: BorrowedFd<'_>) -> io::Result<()> {
    rustix::fs::syncfs(folder).map_err(io::Error::from)
}

/// What may be at the destination already.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Existing {
    /// A regular file there is replaced (its permissions are kept).
    Replace,
    /// Anything there, even a dangling symbolic link, is refused
    /// (`weft init` never overwrites).
    Refuse,
}

/// Writes `bytes` to `target` as described in the module documentation.
/// A refusal is an error of kind `AlreadyExists` or `InvalidInput` whose
/// message says why; callers add the path. The folder is opened as it is
/// named (links on the way followed, as the user wrote them); the file
/// itself is written by [`write_file_at`].
pub(crate) fn write_file(target: &Path, bytes: &[u8], existing: Existing) -> io::Result<()> {
    let folder = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let name = target
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .ok_or_else(|| io::Error::new(ErrorKind::InvalidInput, "it names no file"))?;
    let handle = open(
        folder,
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
        Mode::empty(),
    )?;
    write_file_at(handle.as_fd(), &name, bytes, existing, Durability::Synced)
}

/// Writes `bytes` to the file `name` in the open folder `folder`: the one
/// function that writes a file. Every step names the file relative to the
/// folder handle, so the folder checked is the folder written to, even if
/// its path is swapped for a symbolic link meanwhile.
pub(crate) fn write_file_at(
    folder: BorrowedFd<'_>,
    name: &str,
    bytes: &[u8],
    existing: Existing,
    durability: Durability,
) -> io::Result<()> {
    if name.is_empty() || name.contains('/') || name == "." || name == ".." {
        return Err(io::Error::new(ErrorKind::InvalidInput, "it names no file"));
    }
    let permissions = match statat(folder, name, AtFlags::SYMLINK_NOFOLLOW) {
        Err(Errno::NOENT) => None,
        Err(error) => return Err(error.into()),
        Ok(stat) => match FileType::from_raw_mode(stat.st_mode) {
            FileType::Symlink => {
                return Err(io::Error::new(
                    ErrorKind::InvalidInput,
                    "it is a symbolic link; weft does not write through symbolic links (replace the link with the file itself)",
                ))
            }
            _ if existing == Existing::Refuse => {
                return Err(io::Error::new(ErrorKind::AlreadyExists, "it already exists"))
            }
            FileType::RegularFile => Some(fs::Permissions::from_mode(stat.st_mode & 0o7777)),
            _ => {
                return Err(io::Error::new(
                    ErrorKind::InvalidInput,
                    "it is not a regular file",
                ))
            }
        },
    };
    // A clash with an existing name is astronomically unlikely with 64
    // random bits, but a planted file must not make weft fail for ever.
    for _ in 0..16 {
        let temporary = temporary_name(name, unpredictable());
        let file = match openat(
            folder,
            temporary.as_str(),
            OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC,
            Mode::from_raw_mode(0o666),
        ) {
            Ok(file) => fs::File::from(file),
            Err(Errno::EXIST) => continue,
            Err(error) => return Err(error.into()),
        };
        let result = fill(file, bytes, permissions.clone(), durability).and_then(|()| {
            renameat(folder, temporary.as_str(), folder, name).map_err(io::Error::from)
        });
        if result.is_err() {
            let _ = unlinkat(folder, temporary.as_str(), AtFlags::empty());
        }
        return result;
    }
    Err(io::Error::new(
        ErrorKind::AlreadyExists,
        "no free name for a temporary file",
    ))
}

/// Opens the folder `relative` (`a/b`, empty for the root itself) under the
/// open folder `root`, which is at `root_path`, one name at a time without
/// following a symbolic link: what is opened is inside `root`, whatever
/// happens to the paths meanwhile. A symbolic link on the way that leads to
/// a folder inside `root` is allowed: its target, resolved, is walked the
/// same way (a link swapped again meanwhile is met again, so after a few
/// rounds weft gives up). With `create`, missing folders are created; each
/// one created is added to `created` (relative path).
pub(crate) fn open_folder(
    root: BorrowedFd<'_>,
    root_path: &Path,
    relative: &str,
    create: bool,
    created: &mut Vec<String>,
) -> io::Result<OwnedFd> {
    let mut relative = relative.to_string();
    for _ in 0..8 {
        match walk(root, &relative, create, created)? {
            Walked::Open(handle) => return Ok(handle),
            Walked::Link(prefix) => {
                let resolved = fs::canonicalize(root_path.join(&prefix))?;
                let inside = resolved.strip_prefix(root_path).map_err(|_| {
                    io::Error::new(
                        ErrorKind::InvalidInput,
                        format!("`{prefix}` is a symbolic link that leads outside the output folder; weft does not follow it"),
                    )
                })?;
                let rest = relative.strip_prefix(&prefix).unwrap_or_default();
                let inside: Vec<String> = inside
                    .components()
                    .map(|part| part.as_os_str().to_string_lossy().into_owned())
                    .collect();
                relative = format!("{}{rest}", inside.join("/"))
                    .trim_start_matches('/')
                    .to_string();
            }
        }
    }
    Err(io::Error::new(
        ErrorKind::InvalidInput,
        "symbolic links on the way keep changing; weft does not follow them",
    ))
}

/// What walking a relative folder path met.
enum Walked {
    /// The folder, open.
    Open(OwnedFd),
    /// A symbolic link: the path up to and including it.
    Link(String),
}

fn walk(
    root: BorrowedFd<'_>,
    relative: &str,
    create: bool,
    created: &mut Vec<String>,
) -> io::Result<Walked> {
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    let mut current = openat(root, ".", flags, Mode::empty())?;
    let mut so_far = String::new();
    for segment in relative.split('/').filter(|segment| !segment.is_empty()) {
        if segment == "." || segment == ".." {
            return Err(io::Error::new(ErrorKind::InvalidInput, "`..` in a path"));
        }
        if !so_far.is_empty() {
            so_far.push('/');
        }
        so_far.push_str(segment);
        let next = match openat(&current, segment, flags, Mode::empty()) {
            Ok(next) => next,
            Err(Errno::NOENT) if create => {
                match mkdirat(&current, segment, Mode::from_raw_mode(0o777)) {
                    Ok(()) => created.push(so_far.clone()),
                    Err(Errno::EXIST) => {}
                    Err(error) => return Err(error.into()),
                }
                openat(&current, segment, flags, Mode::empty())?
            }
            Err(error @ (Errno::LOOP | Errno::NOTDIR)) => {
                let is_link = statat(&current, segment, AtFlags::SYMLINK_NOFOLLOW)
                    .is_ok_and(|stat| FileType::from_raw_mode(stat.st_mode) == FileType::Symlink);
                if is_link {
                    return Ok(Walked::Link(so_far));
                }
                return Err(error.into());
            }
            Err(error) => return Err(error.into()),
        };
        current = next;
    }
    Ok(Walked::Open(current))
}

/// An exclusive lock on a folder (an advisory `flock` on the folder
/// itself), held until this value is dropped, or the process dies.
pub(crate) struct FolderLock {
    /// The folder, open; closing it releases the lock.
    folder: OwnedFd,
}

impl FolderLock {
    /// The locked folder's handle.
    pub(crate) fn handle(&self) -> BorrowedFd<'_> {
        self.folder.as_fd()
    }
}

/// Takes the exclusive lock of `folder` (not through a symbolic link).
/// The folder itself is locked, not a file in it: a lock file would be one
/// more file in the output that nobody asked for. `None` when another
/// process holds it: weft does not wait, the caller says so.
pub(crate) fn lock_folder(folder: &Path) -> io::Result<Option<FolderLock>> {
    use rustix::fs::{flock, FlockOperation};
    let handle = open(
        folder,
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC,
        Mode::empty(),
    )
    .map_err(io::Error::from)?;
    match flock(&handle, FlockOperation::NonBlockingLockExclusive) {
        Ok(()) => Ok(Some(FolderLock { folder: handle })),
        Err(error) if error == rustix::io::Errno::WOULDBLOCK => Ok(None),
        Err(error) => Err(io::Error::from(error)),
    }
}

/// The temporary file's name for a destination called `name`.
fn temporary_name(name: &str, random: u64) -> String {
    format!(".{name}.{random:016x}.weft-tmp")
}

/// How many bytes longer than its destination's name the temporary file's
/// name is: what a name may use of the file system's limit is that much
/// less, or the write would fail half-way through a build.
pub(crate) const TEMPORARY_NAME_EXTRA: usize = ".".len() + ".".len() + 16 + ".weft-tmp".len();

/// Sets the permissions (first, so the bytes are never readable by more
/// people than the original allowed), writes and, if asked, syncs.
fn fill(
    mut file: fs::File,
    bytes: &[u8],
    permissions: Option<fs::Permissions>,
    durability: Durability,
) -> io::Result<()> {
    if let Some(permissions) = permissions {
        file.set_permissions(permissions)?;
    }
    file.write_all(bytes)?;
    match durability {
        Durability::Synced => file.sync_all(),
        Durability::Deferred => Ok(()),
    }
}

/// 64 bits nobody can guess in advance: the standard library seeds each
/// `RandomState` from the operating system's random source; the counter and
/// the clock make two calls differ even with the same seed.
fn unpredictable() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    hasher.write_u32(std::process::id());
    if let Ok(elapsed) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        hasher.write_u128(elapsed.as_nanos());
    }
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names_differ() {
        assert_ne!(unpredictable(), unpredictable());
    }

    #[test]
    fn the_temporary_name_extra_is_exact() {
        assert_eq!(
            temporary_name("a.json", u64::MAX).len(),
            "a.json".len() + TEMPORARY_NAME_EXTRA
        );
    }
}
