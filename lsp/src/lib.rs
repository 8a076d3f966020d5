//! The weft language server (`weft lsp`): diagnostics as you type, hover with
//! the landscape's graph facts, go to definition, references, rename,
//! completion, formatting, semantic tokens, quick fixes, code lenses and
//! inlay hints.
//!
//! It reads exactly what the compiler reads: `weft_compiler::check_with`
//! builds the [`weft_compiler::model::Model`], and navigation follows the
//! model's record of resolved references (`Model::references`). There is no
//! second parser or checker here; the one call into the parser sits in
//! [`front`] so that an incremental parser can replace it.
//!
//! The crate does no IO of its own: the `weft` binary hands it stdin and
//! stdout (framed into a connection by [`connect`]) and a [`Disk`] that
//! reads project files, so the tests drive the same server over an
//! in-memory connection and an in-memory disk.

mod analysis;
mod convert;
mod disk;
mod features;
mod front;
mod server;
mod transport;
mod worker;
mod world;

pub use disk::{Disk, MemoryDisk};
// Public so that `benches/reparse.rs` times what an edit costs the server.
pub use front::reparse;
pub use server::{run, Exit, ServerError};
pub use transport::{connect, Transport, MAX_BODY};
