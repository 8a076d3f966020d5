//! `weft explain CODE`.

use super::Fatal;
use std::process::ExitCode;
use weft_compiler::codes::{lookup, CODES};

pub(crate) fn run(code: &str) -> Result<ExitCode, Fatal> {
    let Some(info) = lookup(code) else {
        let known: Vec<&str> = CODES.iter().map(|info| info.code).collect();
        return Err(miette::miette!(
            help = format!("known codes: {}", known.join(", ")),
            "`{code}` is not a weft diagnostic code"
        ));
    };
    print!("{}", info.page);
    Ok(ExitCode::SUCCESS)
}
