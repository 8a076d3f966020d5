//! `[targets]` in `weft.toml`, read and validated while checking: each
//! target declares its settings as a typed struct
//! ([`weft_targets::TargetSettings`]); every problem becomes a diagnostic
//! with an `E8xx` code that points at the offending key or value in
//! `weft.toml`. Checking them here rather than when a target runs means a
//! misspelt setting fails `weft check` (and an editor shows it), not only
//! `weft build`.

use std::ops::Range;
use toml_edit::{ImDocument, Item};
use weft_base::{codes, Diagnostic, FileId, Span};
use weft_targets::settings::{ProblemKind, SettingProblem};
use weft_targets::TargetSettings;

/// Reads `[targets]` (already parsed from the manifest `text` of `file`):
/// the validated settings, or the diagnostics of every problem.
pub fn read_settings(
    file: FileId,
    text: &str,
    targets: &toml::Table,
) -> Result<TargetSettings, Vec<Diagnostic>> {
    TargetSettings::read(targets).map_err(|problems| {
        // Spans are looked up only when something is wrong: toml_edit keeps
        // the byte range of every key and value of the text.
        let document = ImDocument::parse(text).ok();
        let targets = document
            .as_ref()
            .and_then(|document| document.as_table().get("targets"))
            .and_then(Item::as_table_like);
        problems
            .into_iter()
            .map(|problem| diagnostic(file, targets, problem))
            .collect()
    })
}

fn diagnostic(
    file: FileId,
    targets: Option<&dyn toml_edit::TableLike>,
    problem: SettingProblem,
) -> Diagnostic {
    let (code, label) = match problem.kind {
        ProblemKind::UnknownTarget => (codes::UNKNOWN_TARGET, "unknown target"),
        ProblemKind::UnknownKey => (codes::UNKNOWN_TARGET_SETTING, "unknown setting"),
        ProblemKind::WrongType => (codes::TARGET_SETTING_TYPE, "wrong type"),
        ProblemKind::InvalidValue => (codes::INVALID_TARGET_SETTING, "invalid value"),
    };
    let on_key = matches!(
        problem.kind,
        ProblemKind::UnknownTarget | ProblemKind::UnknownKey
    );
    let range = locate(targets, &problem.path, on_key);
    let diagnostic = Diagnostic::error(
        code,
        problem.message,
        Span::new(file, range.start, range.end),
        label,
    );
    match problem.help {
        Some(help) => diagnostic.with_help(help),
        None => diagnostic,
    }
}

/// The byte range of the key (or value) at `path` under `[targets]`; the
/// deepest part of the path that is found when the rest is not (so a
/// problem still points somewhere near), or the file's start.
fn locate(
    targets: Option<&dyn toml_edit::TableLike>,
    path: &[String],
    on_key: bool,
) -> Range<usize> {
    let Some(mut table) = targets else {
        return 0..0;
    };
    let mut found: Option<(Range<usize>, Option<Range<usize>>)> = None;
    for segment in path {
        let Some((key, item)) = table.get_key_value(segment) else {
            break;
        };
        let key_span = key.span().unwrap_or(0..0);
        found = Some((key_span.clone(), item_span(item)));
        match item.as_table_like() {
            Some(inner) => table = inner,
            None => break,
        }
    }
    match found {
        None => 0..0,
        // A key always has text; the value's range stands in only if not.
        Some((key, _)) if on_key && !key.is_empty() => key,
        Some((key, value)) => value.unwrap_or(key),
    }
}

/// The text of a value; a table made by a header (`[targets.openapi]`) has
/// none of its own.
fn item_span(item: &Item) -> Option<Range<usize>> {
    match item {
        Item::Value(value) => value.span(),
        Item::Table(table) if !table.is_implicit() => table.span(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<(String, String)> {
        let table: toml::Table = toml::from_str(text).expect("valid TOML");
        let targets = table
            .get("targets")
            .and_then(toml::Value::as_table)
            .cloned()
            .unwrap_or_default();
        read_settings(FileId(0), text, &targets)
            .expect_err("invalid settings")
            .into_iter()
            .map(|diagnostic| {
                (
                    diagnostic.code.to_string(),
                    text[diagnostic.primary.span.range()].to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn problems_point_at_keys_and_values() {
        let text = "[project]\nname = \"a\"\n\n[targets.openapi]\nservr = \"https://x.test\"\nlicense = 3\ntoken_url = \"x\"\n\n[targets.cobol]\n\n[targets.asyncapi]\nservers = { prod = \"kafka://x\" }\n";
        let mut found = problems(text);
        found.sort();
        assert_eq!(
            found,
            [
                ("E800".to_string(), "cobol".to_string()),
                ("E801".to_string(), "servr".to_string()),
                ("E802".to_string(), "3".to_string()),
                ("E803".to_string(), "\"kafka://x\"".to_string()),
                ("E803".to_string(), "\"x\"".to_string()),
            ]
        );
    }

    #[test]
    fn a_target_that_is_not_a_table() {
        assert_eq!(
            problems("[targets]\nschemas = 1\n"),
            [("E802".to_string(), "1".to_string())]
        );
    }
}
