//! Benchmarks for weft.
//!
//! [`generate`] writes synthetic projects of any size, deterministically and
//! in the canonical layout, meant to check clean under a strict checker.
//! [`alloc`] is a counting allocator that the `weft-bench` binary installs to
//! measure peak heap memory per phase. [`host`] probes what the host gives
//! a process at the moment (the cost of a fresh page, the latency of a
//! load from memory). The binary (`src/main.rs`) times the
//! phases and prints a table; see `docs/performance.md`.

pub mod alloc;
pub mod generate;
pub mod host;
pub mod shapes;
