//! What the language server's benchmarks share.

/// The `--lines N` option (10,000 when absent).
pub fn lines_option() -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|arg| arg == "--lines")
        .and_then(|at| args.get(at + 1))
        .and_then(|value| value.parse().ok())
        .unwrap_or(10_000)
}
