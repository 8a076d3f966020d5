//! What "the parser agrees with the oracle" means, shared by the
//! differential tests.

use weft_syntax::{parse_file, parse_file_with_oracle, FileId};

/// `Ok` when the hand-written parser agrees with the pest oracle on `text`:
/// the same tree and comments when the oracle accepts it, at least one
/// error when the oracle rejects it.
pub fn agree(text: &str) -> Result<(), String> {
    let oracle = parse_file_with_oracle(FileId(0), text);
    let parsed = parse_file(FileId(0), text);
    if !oracle.is_clean() {
        if parsed.is_clean() {
            return Err(format!(
                "the oracle rejects the text but the parser reports nothing; oracle: {:?}",
                oracle
                    .errors
                    .iter()
                    .map(|error| &error.message)
                    .collect::<Vec<_>>()
            ));
        }
        return Ok(());
    }
    if !parsed.is_clean() {
        return Err(format!(
            "the oracle accepts the text but the parser reports {:?}",
            parsed
                .errors
                .iter()
                .map(|error| format!("{:?} {}", error.primary.span, error.message))
                .collect::<Vec<_>>()
        ));
    }
    if parsed.items != oracle.items {
        let ours = format!("{:#?}", parsed.items);
        let theirs = format!("{:#?}", oracle.items);
        let line = ours
            .lines()
            .zip(theirs.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        let context = |text: &str| {
            text.lines()
                .skip(line.saturating_sub(8))
                .take(12)
                .collect::<Vec<_>>()
                .join("\n")
        };
        return Err(format!(
            "trees differ at line {line} of the debug form\n--- parser\n{}\n--- oracle\n{}",
            context(&ours),
            context(&theirs)
        ));
    }
    if parsed.comments != oracle.comments {
        return Err("comments differ".to_string());
    }
    Ok(())
}
pub mod files;
pub mod generate;
pub mod mutate;
