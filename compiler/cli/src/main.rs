//! The `weft` command line. This binary is the only part of weft that reads
//! and writes files or talks to the terminal; everything it calls is pure.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
