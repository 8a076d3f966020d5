//! `weft lsp`: the language server on stdin and stdout. The server itself
//! is the weft-lsp crate; this module hands it the connection and the disk
//! (project files read through `load.rs`, so only regular files are read).

use super::load::{read_text, weft_files};
use super::Fatal;
use miette::miette;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

/// Reads project files for the server.
struct FileDisk;

impl weft_lsp::Disk for FileDisk {
    fn read(&self, path: &Path) -> Option<String> {
        read_text(path).ok()
    }

    fn is_file(&self, path: &Path) -> bool {
        path.is_file()
    }

    fn weft_files(&self, root: &Path) -> Vec<PathBuf> {
        weft_files(root).unwrap_or_default()
    }
}

pub(crate) fn run() -> Result<ExitCode, Fatal> {
    // weft-lsp frames the messages itself: `lsp_server::Connection::stdio()`
    // ends the process on malformed input.
    let (input, output) = super::stdio::protocol_streams();
    let (connection, transport) = weft_lsp::connect(input, output)
        .map_err(|error| miette!("weft lsp: cannot start: {error}"))?;
    let outcome = weft_lsp::run(&connection, Arc::new(FileDisk));
    // Dropping the connection closes the writer, so its thread can end.
    drop(connection);
    // Input that could not be framed is why the server saw it end.
    transport
        .finish()
        .map_err(|error| miette!("weft lsp: {error}"))?;
    let exit = outcome.map_err(|error| miette!("weft lsp: {error}"))?;
    // 0 after `shutdown`, 1 for an `exit` without one, as LSP asks.
    Ok(ExitCode::from(exit.code()))
}
