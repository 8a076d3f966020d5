//! Standard output and standard error, for every command. Nothing in the
//! CLI uses `print!`/`eprintln!`: those panic (exit 101) when the stream
//! cannot be written, which is an ordinary event for a command line.
//!
//! - **A closed pipe** (`weft check … | head -1`) is not an error: the
//!   reader has what it wanted. The first `EPIPE` marks the stream closed,
//!   later writes to it are skipped, and the command runs on and exits with
//!   its normal code (so `set -o pipefail` still sees a failed check).
//! - **Any other write error** (a full disk, `/dev/full`, an I/O error) is
//!   fatal: the command stops with a message on stderr (when stderr can
//!   still be written) and exit code 2, since its output is incomplete.

use super::Fatal;
use std::io::{self, ErrorKind, Write};
use std::sync::atomic::{AtomicBool, Ordering};

/// Set once a write to stdout met a closed pipe.
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);
/// Set once a write to stderr met a closed pipe.
static STDERR_CLOSED: AtomicBool = AtomicBool::new(false);

/// One of the two output streams.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stream {
    /// Standard output: the command's result (JSON, a graph, a page).
    Out,
    /// Standard error: diagnostics, summaries, warnings.
    Err,
}

impl Stream {
    fn closed(self) -> &'static AtomicBool {
        match self {
            Stream::Out => &STDOUT_CLOSED,
            Stream::Err => &STDERR_CLOSED,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Stream::Out => "standard output",
            Stream::Err => "standard error",
        }
    }
}

/// Writes `text` to `stream` and flushes it; a closed pipe is ignored (see
/// the module documentation), any other error is fatal.
pub(crate) fn write(stream: Stream, text: &str) -> Result<(), Fatal> {
    write_bytes(stream, text.as_bytes())
}

/// [`write`] for bytes (diagnostics rendered with colour codes).
pub(crate) fn write_bytes(stream: Stream, bytes: &[u8]) -> Result<(), Fatal> {
    match raw_write(stream, bytes) {
        Ok(()) => Ok(()),
        Err(error) => Err(miette::miette!(
            "cannot write to {}: {error}",
            stream.name()
        )),
    }
}

/// Writes and flushes, ignoring a closed pipe; the error otherwise.
fn raw_write(stream: Stream, bytes: &[u8]) -> io::Result<()> {
    if stream.closed().load(Ordering::Relaxed) {
        return Ok(());
    }
    // Flushed at once: stdout is buffered, and an error left in the buffer
    // would surface (or be lost) at exit instead of here.
    let result = match stream {
        Stream::Out => {
            let mut out = io::stdout().lock();
            out.write_all(bytes).and_then(|()| out.flush())
        }
        Stream::Err => {
            let mut err = io::stderr().lock();
            err.write_all(bytes).and_then(|()| err.flush())
        }
    };
    match result {
        Err(error) if error.kind() == ErrorKind::BrokenPipe => {
            stream.closed().store(true, Ordering::Relaxed);
            Ok(())
        }
        other => other,
    }
}

/// The raw standard streams, for a command whose protocol owns them and
/// frames every byte itself (`weft lsp`: JSON-RPC, where a closed pipe
/// means the client has gone and ends the server).
pub(crate) fn protocol_streams() -> (std::io::Stdin, std::io::Stdout) {
    (std::io::stdin(), std::io::stdout())
}

/// Reports a fatal error on stderr as a last resort: if stderr itself
/// cannot be written there is nobody left to tell, and the exit code (2)
/// says it.
pub(crate) fn report_fatal(text: &str) {
    let _ = raw_write(Stream::Err, text.as_bytes());
}

/// `println!` that returns an error instead of panicking: `outln!(…)?`.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::cli::stdio::write(
            $crate::cli::stdio::Stream::Out,
            &format!("{}\n", format_args!($($arg)*)),
        )
    };
}

/// `eprintln!` that returns an error instead of panicking: `errln!(…)?`.
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::cli::stdio::write(
            $crate::cli::stdio::Stream::Err,
            &format!("{}\n", format_args!($($arg)*)),
        )
    };
}
