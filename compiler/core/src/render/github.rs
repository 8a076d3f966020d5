//! `--format github`: GitHub Actions workflow commands, one line per
//! diagnostic, which the runner turns into annotations on the changed
//! files of a pull request:
//!
//! ```text
//! ::error file=models/orders.weft,line=4,col=12,endLine=4,endColumn=19,title=E001 syntax error::message%0Ahelp: …
//! ```
//!
//! - errors are `::error`, warnings `::warning`, info `::notice`;
//! - `file` is the path as shown, with forward slashes and without a leading
//!   `./` (GitHub resolves it against the checkout root);
//! - `line`, `col`, `endLine`, `endColumn` are 1-based; columns count
//!   characters and `endColumn` is the column of the region's last character
//!   (inclusive). GitHub rejects columns on an annotation that spans several
//!   lines, so `col` and `endColumn` are only given when `line == endLine`;
//! - `title` is the code and its registered title;
//! - the message carries the notes and the help, one per line.
//!
//! Standard library files exist in no checkout, so a diagnostic there gets
//! no `file` or position properties; its position leads the message instead
//! (`<std>/money.weft:3:5: …`).
//!
//! Escaping follows the runner: in the message `%`, `\r` and `\n` become
//! `%25`, `%0D` and `%0A`; in property values `:` and `,` also become `%3A`
//! and `%2C`.

use super::full_message;
use crate::sources::{Origin, SourceFile, SourceMap};
use weft_syntax::{Diagnostic, Severity};

/// One workflow command per diagnostic, each ending in a newline.
pub fn render_github(sources: &SourceMap, diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|diagnostic| command(sources, diagnostic) + "\n")
        .collect()
}

fn command(sources: &SourceMap, diagnostic: &Diagnostic) -> String {
    let name = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let mut properties: Vec<(&str, String)> = Vec::new();
    let mut message = full_message(diagnostic);
    let span = diagnostic.primary.span;
    if let Some(file) = sources.get(span.file) {
        let (line, column) = file.line_column(span.start as usize);
        let (end_line, end_column) = last_character(file, span.start, span.end);
        if file.origin == Origin::Stdlib {
            message = format!("{}:{line}:{column}: {message}", file.name);
        } else {
            properties.push(("file", shown_path(&file.name)));
            properties.push(("line", line.to_string()));
            if line == end_line {
                properties.push(("col", column.to_string()));
            }
            properties.push(("endLine", end_line.to_string()));
            if line == end_line {
                properties.push(("endColumn", end_column.to_string()));
            }
        }
    }
    let title = format!("{} {}", diagnostic.code, diagnostic.code.title());
    properties.push(("title", title));
    let properties: Vec<String> = properties
        .iter()
        .map(|(key, value)| format!("{key}={}", escape_property(value)))
        .collect();
    format!(
        "::{name} {}::{}",
        properties.join(","),
        escape_data(&message)
    )
}

/// Line and column of the last character of `start..end`; of `start` for
/// an empty range.
fn last_character(file: &SourceFile, start: u32, end: u32) -> (usize, usize) {
    if end <= start {
        return file.line_column(start as usize);
    }
    let mut offset = (end as usize - 1).min(file.text.len());
    while offset > 0 && !file.text.is_char_boundary(offset) {
        offset -= 1;
    }
    file.line_column(offset.max(start as usize))
}

/// The path with forward slashes and without a leading `./`.
fn shown_path(name: &str) -> String {
    let mut path = name.replace('\\', "/");
    while let Some(rest) = path.strip_prefix("./") {
        path = rest.to_string();
    }
    path
}

/// Escapes a command's message.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::{escape_data, escape_property, shown_path};

    #[test]
    fn escaping_follows_the_runner() {
        assert_eq!(escape_data("50% a:b,c\r\nd"), "50%25 a:b,c%0D%0Ad");
        assert_eq!(escape_property("50% a:b,c\nd"), "50%25 a%3Ab%2Cc%0Ad");
    }

    #[test]
    fn paths_use_forward_slashes() {
        assert_eq!(shown_path(".\\models\\a.weft"), "models/a.weft");
        assert_eq!(shown_path("./a.weft"), "a.weft");
    }
}
