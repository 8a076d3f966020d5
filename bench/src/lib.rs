//! Benchmarks for weft.
//!
//! [`generate`] writes synthetic projects of any size, deterministically and
//! in the canonical layout, meant to check clean under a strict checker.
//! [`alloc`] is a counting allocator that the `weft-bench` binary installs to
//! measure peak heap memory per phase. The binary (`src/main.rs`) times the
//! phases and prints a table; see `docs/performance.md`.

pub mod alloc;
pub mod generate;
pub mod shapes;
