//! Compatibility against baselines: the comparison rules live in the
//! `weft-compat` crate (re-exported here); this module adds what needs the
//! compiler — loading a baseline project (a folder, a git revision or a lock
//! file) and the lock file format.

pub mod api;
pub mod baseline;
pub mod lock;

pub use weft_compat::*;
