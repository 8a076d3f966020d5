//! The `weft` command line. This binary is the only part of weft that reads
//! and writes files or talks to the terminal; everything it calls is pure.

mod cli;

/// mimalloc instead of the system allocator: `weft build` allocates and
/// frees millions of small strings, nodes and template values, and glibc's
/// `malloc`/`free` (with its consolidation passes) were about a third of its
/// CPU time on a 10,000-record model (docs/performance-history.md).
#[global_allocator]
static ALLOCATOR: weft_alloc::Allocator = weft_alloc::Allocator;

fn main() -> std::process::ExitCode {
    cli::run()
}
