//! `weft debug ast FILE`: the syntax tree, as the snapshot tests see it.

use super::{exit_for, Fatal};
use std::path::Path;
use std::process::ExitCode;
use weft_language::{parse_file, FileId};

pub(crate) fn ast(file: &Path) -> Result<ExitCode, Fatal> {
    let text = std::fs::read_to_string(file)
        .map_err(|error| miette::miette!("cannot read `{}`: {error}", file.display()))?;
    let parsed = parse_file(FileId(0), &text);
    println!("{:#?}", parsed.items);
    for error in &parsed.errors {
        println!("{} {:?}: {}", error.code, error.primary.span, error.message);
    }
    Ok(exit_for(!parsed.errors.is_empty()))
}
