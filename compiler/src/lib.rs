//! The weft compiler: everything between parsed files and the outside world.
//!
//! `language` turns one text into a syntax tree; this crate puts the texts of a
//! project and the standard library together ([`sources`]), reads the
//! manifest ([`manifest`]), runs the checks ([`check`]) and renders
//! diagnostics ([`render`]). Only the `weft` binary (`src/main.rs`, `src/cli/`)
//! touches the file system or the terminal.

pub mod check;
pub mod checks;
pub mod codes;
pub mod compat;
pub mod landscape_graph;
pub mod manifest;
pub use weft_model as model;
pub mod render;
pub mod resolve;
pub mod sources;

pub use check::{check, CheckResult};
pub use sources::{Origin, SourceFile, SourceMap};
