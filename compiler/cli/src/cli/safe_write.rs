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
//! - **Permissions kept.** A replaced file's permission bits are given to
//!   the replacement before any byte is written (a mode-0600 file stays
//!   0600); a new file gets the default ones (umask).
//! - **No leftovers.** The temporary file is removed when anything fails.

use std::collections::hash_map::RandomState;
use std::fs;
use std::hash::{BuildHasher, Hasher};
use std::io::{self, ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

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
/// message says why; callers add the path.
pub(crate) fn write_file(target: &Path, bytes: &[u8], existing: Existing) -> io::Result<()> {
    let permissions = match fs::symlink_metadata(target) {
        Err(error) if error.kind() == ErrorKind::NotFound => None,
        Err(error) => return Err(error),
        Ok(metadata) if metadata.file_type().is_symlink() => {
            return Err(io::Error::new(
                ErrorKind::InvalidInput,
                "it is a symbolic link; weft does not write through symbolic links (replace the link with the file itself)",
            ))
        }
        Ok(_) if existing == Existing::Refuse => {
            return Err(io::Error::new(ErrorKind::AlreadyExists, "it already exists"))
        }
        Ok(metadata) if !metadata.is_file() => {
            return Err(io::Error::new(
                ErrorKind::InvalidInput,
                "it is not a regular file",
            ))
        }
        Ok(metadata) => Some(metadata.permissions()),
    };
    let folder = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let name = target
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .ok_or_else(|| io::Error::new(ErrorKind::InvalidInput, "it names no file"))?;
    // A clash with an existing name is astronomically unlikely with 64
    // random bits, but a planted file must not make weft fail for ever.
    for _ in 0..16 {
        let temporary: PathBuf = folder.join(temporary_name(&name, unpredictable()));
        let file = match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)
        {
            Ok(file) => file,
            Err(error) if error.kind() == ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(error),
        };
        let result =
            fill(file, bytes, permissions.clone()).and_then(|()| fs::rename(&temporary, target));
        if result.is_err() {
            let _ = fs::remove_file(&temporary);
        }
        return result;
    }
    Err(io::Error::new(
        ErrorKind::AlreadyExists,
        "no free name for a temporary file",
    ))
}

/// An exclusive lock on a folder (an advisory `flock` on the folder
/// itself), held until this value is dropped, or the process dies.
pub(crate) struct FolderLock {
    /// Held only for its lock, which closing it releases.
    _folder: rustix::fd::OwnedFd,
}

/// Takes the exclusive lock of `folder` (not through a symbolic link).
/// The folder itself is locked, not a file in it: a lock file would be one
/// more file in the output that nobody asked for. `None` when another
/// process holds it: weft does not wait, the caller says so.
pub(crate) fn lock_folder(folder: &Path) -> io::Result<Option<FolderLock>> {
    use rustix::fs::{flock, open, FlockOperation, Mode, OFlags};
    let handle = open(
        folder,
        OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC,
        Mode::empty(),
    )
    .map_err(io::Error::from)?;
    match flock(&handle, FlockOperation::NonBlockingLockExclusive) {
        Ok(()) => Ok(Some(FolderLock { _folder: handle })),
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
/// people than the original allowed), writes and syncs.
fn fill(mut file: fs::File, bytes: &[u8], permissions: Option<fs::Permissions>) -> io::Result<()> {
    if let Some(permissions) = permissions {
        file.set_permissions(permissions)?;
    }
    file.write_all(bytes)?;
    file.sync_all()
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
