//! `weft explain CODE`.

use super::Fatal;
use std::process::ExitCode;
use weft_base::codes::{self, Code};

pub(crate) fn run(code: &str) -> Result<ExitCode, Fatal> {
    let Some(code) = Code::lookup(code) else {
        let known: Vec<&str> = codes::ALL.iter().map(|code| code.as_str()).collect();
        return Err(miette::miette!(
            help = format!("known codes: {}", known.join(", ")),
            "`{code}` is not a weft diagnostic code"
        ));
    };
    super::stdio::write(super::stdio::Stream::Out, code.page())?;
    Ok(ExitCode::SUCCESS)
}
