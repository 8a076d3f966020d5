//! The weft compiler: everything between parsed files and the outside world.
//!
//! `language` turns one text into a syntax tree; this crate puts the texts of a
//! project and the standard library together ([`sources`]), reads the
//! manifest ([`manifest`]), runs the checks ([`check`]) and renders
//! diagnostics ([`render`]). It does no IO: the `weft` binary (crate
//! `weft-cli`) is the only code that touches the file system or the terminal.

pub mod build;
pub mod check;
pub mod checks;
/// The registry of diagnostic codes (declared in `weft-base`).
pub use weft_base::codes;
pub mod compat;
pub mod fix;
pub mod landscape_graph;
pub mod manifest;
pub use weft_model as model;
pub mod render;
pub mod resolve;
pub mod settings;
pub mod simulate;
pub mod sources;
pub mod stdlib_doc;

pub use build::{build, BuildError};
pub use check::{available_threads, check, check_with, check_with_threads, CheckResult};
pub use sources::{Origin, SourceFile, SourceMap};
