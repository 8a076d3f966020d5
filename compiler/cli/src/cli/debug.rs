//! `weft debug ast FILE` and `weft debug model PATH`: the intermediate forms,
//! as the snapshot tests see them.

use super::{exit_for, Fatal};
use std::path::Path;
use std::process::ExitCode;
use weft_syntax::{parse_file, parse_file_with_oracle, FileId};

/// The syntax tree of one file, from the parser or (`oracle`) from the pest
/// grammar it is tested against: the two trees are the same for valid input.
pub(crate) fn ast(file: &Path, oracle: bool) -> Result<ExitCode, Fatal> {
    let text = super::load::read_text(file)?;
    let parsed = if oracle {
        parse_file_with_oracle(FileId(0), &text)
    } else {
        parse_file(FileId(0), &text)
    };
    outln!("{:#?}", parsed.items)?;
    for error in &parsed.errors {
        outln!("{} {:?}: {}", error.code, error.primary.span, error.message)?;
    }
    Ok(exit_for(!parsed.errors.is_empty()))
}

/// The resolved model as JSON. The standard library's declarations are left
/// out unless asked for, so that the output is about the project.
pub(crate) fn model(path: &Path, with_std: bool) -> Result<ExitCode, Fatal> {
    let loaded = super::load::load(path)?;
    let result = weft_compiler::check(&loaded.sources);
    let json = weft_compiler::model::to_json(&result.model, with_std);
    outln!("{json}")?;
    Ok(exit_for(result.has_errors()))
}

/// The standard library's reference (`docs/stdlib.md`), from its sources.
pub(crate) fn stdlib_doc() -> Result<ExitCode, Fatal> {
    let sources = weft_compiler::SourceMap::with_stdlib();
    let result = weft_compiler::check(&sources);
    let text = weft_compiler::stdlib_doc::render(&sources, &result.model);
    super::stdio::write(super::stdio::Stream::Out, &text)?;
    Ok(exit_for(result.has_errors()))
}
