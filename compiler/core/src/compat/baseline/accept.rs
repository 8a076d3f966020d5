//! The accepted-changes file, `weft-accepted.toml`: incompatible changes a
//! team decided to ship anyway, each with the reason.
//!
//! ```toml
//! [[accept]]
//! code = "E101"
//! path = "OrderPlaced.customerId"
//! reason = "no consumer reads OrderPlaced v2 yet"
//! ```
//!
//! An entry matches a finding with the same code (case-insensitive) and the
//! same path; a path ending in `*` matches every path that starts with what
//! comes before the star. Accepted findings are still reported, as notes,
//! and never fail a run. An entry that matches nothing is stale and is
//! reported as a warning, so that the file does not silently grow old.

use crate::codes;
use serde::Deserialize;
use std::ops::Range;
use weft_syntax::{Diagnostic, FileId, Span};

/// The default file name, looked for next to `weft.toml`.
pub const ACCEPT_FILE: &str = "weft-accepted.toml";

/// One `[[accept]]` entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Acceptance {
    /// The code it accepts, such as `E101`.
    pub code: String,
    /// The finding path it accepts (a trailing `*` matches any rest).
    pub path: String,
    /// Why the change is acceptable.
    pub reason: String,
    /// Where the entry is written, as a byte range of the file.
    pub range: Range<usize>,
}

impl Acceptance {
    /// Whether this entry accepts a finding with `code` at `path`.
    pub fn matches(&self, code: &str, path: &str) -> bool {
        if !self.code.eq_ignore_ascii_case(code) {
            return false;
        }
        match self.path.strip_suffix('*') {
            Some(prefix) => path.starts_with(prefix),
            None => self.path == path,
        }
    }
}

/// A file that cannot be used, as a diagnostic ([`codes::ACCEPTED_CHANGES_INVALID`])
/// at the offending place of `file`.
fn invalid(
    file: FileId,
    range: Range<usize>,
    message: String,
    label: &str,
    help: &str,
) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::error(
            codes::ACCEPTED_CHANGES_INVALID,
            message,
            Span::new(file, range.start, range.end),
            label,
        )
        .with_help(help),
    )
}

/// The place TOML blames, without trailing blanks; where that leaves
/// nothing (an error at the end of a line), the whole offending line.
fn offending(text: &str, range: Range<usize>) -> Range<usize> {
    let start = range.start.min(text.len());
    let end = range.end.clamp(start, text.len());
    let written = text.get(start..end).unwrap_or_default().trim_end();
    if !written.is_empty() {
        return start..start + written.len();
    }
    let line_start = text
        .get(..start)
        .and_then(|before| before.rfind('\n'))
        .map_or(0, |newline| newline + 1);
    let line_end = text
        .get(start..)
        .and_then(|after| after.find('\n'))
        .map_or(text.len(), |newline| start + newline);
    let line = text
        .get(line_start..line_end)
        .unwrap_or_default()
        .trim_end();
    line_start..line_start + line.len()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    accept: Vec<toml::Spanned<RawEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    code: String,
    path: String,
    reason: Option<String>,
}

const SHAPE: &str = "write each entry as `[[accept]]` with `code = \"E101\"`, `path = \"Event.field\"` and `reason = \"why this change is safe\"`";

/// Parses the text of the accepted-changes file, which is `file` in the
/// source map (so that the diagnostic of a file that cannot be used points
/// into it). Every entry needs a code, a path and a non-empty reason.
pub fn parse_accepted(text: &str, file: FileId) -> Result<Vec<Acceptance>, Box<Diagnostic>> {
    let raw: RawFile = toml::from_str(text).map_err(|error| {
        let range = error.span().unwrap_or(0..0);
        invalid(
            file,
            offending(text, range),
            // TOML's messages run over several lines; a diagnostic's is one.
            error.message().trim().replace('\n', "; "),
            "not a valid accepted-changes entry",
            SHAPE,
        )
    })?;
    let mut entries = Vec::new();
    for (index, entry) in raw.accept.into_iter().enumerate() {
        let mut range = entry.span();
        let written = text.get(range.clone()).unwrap_or_default();
        range.end = range.start + written.trim_end().len();
        let entry = entry.into_inner();
        let reason = entry.reason.map(|reason| reason.trim().to_string());
        let Some(reason) = reason.filter(|reason| !reason.is_empty()) else {
            return Err(invalid(
                file,
                range,
                format!(
                    "accepted change {} ({} at `{}`) has no reason",
                    index + 1,
                    entry.code,
                    entry.path
                ),
                "this entry",
                "add `reason = \"…\"`: say why the change is safe, for the next reader",
            ));
        };
        if entry.code.trim().is_empty() || entry.path.trim().is_empty() {
            return Err(invalid(
                file,
                range,
                format!("accepted change {} has an empty code or path", index + 1),
                "this entry",
                SHAPE,
            ));
        }
        entries.push(Acceptance {
            code: entry.code.trim().to_string(),
            path: entry.path.trim().to_string(),
            reason,
            range,
        });
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_parse_with_their_ranges() {
        let text = "[[accept]]\ncode = \"E101\"\npath = \"A.b\"\nreason = \"ok\"\n\n[[accept]]\ncode = \"e230\"\npath = \"Api.*\"\nreason = \"v2\"\n";
        let entries = parse_accepted(text, FileId(0)).expect("valid");
        assert_eq!(entries.len(), 2);
        assert!(entries[0].matches("E101", "A.b"));
        assert!(!entries[0].matches("E101", "A.c"));
        assert!(entries[1].matches("E230", "Api.getOrder"));
        assert!(text[entries[1].range.clone()].contains("e230"));
    }

    #[test]
    fn a_missing_reason_is_refused() {
        let error = parse_accepted("[[accept]]\ncode = \"E101\"\npath = \"A.b\"\n", FileId(0))
            .expect_err("no reason");
        assert!(error.message.contains("no reason"), "{}", error.message);
        let error = parse_accepted(
            "[[accept]]\ncode = \"E101\"\npath = \"A.b\"\nreason = \"  \"\n",
            FileId(0),
        )
        .expect_err("empty reason");
        assert!(error.message.contains("no reason"));
        assert_eq!(error.code, "E226");
    }

    #[test]
    fn a_syntax_error_points_at_its_line() {
        let text = "[[accept]]\ncode = \"E101\"\npath = \n";
        let error = parse_accepted(text, FileId(0)).expect_err("no value");
        assert_eq!(error.code, "E226");
        assert!(!error.message.contains('\n'), "{}", error.message);
        let span = error.primary.span;
        assert_eq!(&text[span.start as usize..span.end as usize], "path =");
    }

    #[test]
    fn unknown_keys_are_refused() {
        assert!(parse_accepted(
            "[[accept]]\ncode = \"E1\"\npath = \"a\"\nreason = \"r\"\nwhy = 1\n",
            FileId(0)
        )
        .is_err());
    }
}
