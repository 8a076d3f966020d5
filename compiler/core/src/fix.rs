//! Applying quick fixes (`weft check --fix`): the fixes the diagnostics
//! carry, put into the texts of project files. Pure: the CLI writes.

mod indent;

use crate::sources::{Origin, SourceMap};
use std::collections::BTreeMap;
use weft_base::{Diagnostic, Edit, FileId};

pub use indent::indent_fixes_like_sources;

/// One file's new text and how many fixes went into it.
#[derive(Debug, PartialEq, Eq)]
pub struct FixedFile {
    /// The file.
    pub file: FileId,
    /// Its text with the fixes applied.
    pub text: String,
    /// How many fixes were applied.
    pub fixes: usize,
}

/// Applies every fix of `diagnostics` to the project files of `sources`. A
/// fix whose edits overlap an edit already taken, or fall outside the
/// text, is skipped whole (running `--fix` again applies it if it still
/// applies); fixes touching the standard library are never applied.
pub fn apply_fixes(sources: &SourceMap, diagnostics: &[Diagnostic]) -> Vec<FixedFile> {
    let mut taken: BTreeMap<FileId, (Vec<Edit>, usize)> = BTreeMap::new();
    for fix in diagnostics
        .iter()
        .filter_map(|diagnostic| diagnostic.fix.as_ref())
    {
        let applicable = fix.edits.iter().all(|edit| {
            let Some(file) = sources.get(edit.span.file) else {
                return false;
            };
            let range = edit.span.range();
            file.origin == Origin::Project
                && file.text.get(range.clone()).is_some()
                && taken
                    .get(&edit.span.file)
                    .is_none_or(|(edits, _)| edits.iter().all(|other| !overlaps(other, edit)))
        });
        if !applicable || fix.edits.is_empty() {
            continue;
        }
        let mut files_touched: Vec<FileId> = Vec::new();
        for edit in &fix.edits {
            let entry = taken.entry(edit.span.file).or_default();
            entry.0.push(edit.clone());
            if !files_touched.contains(&edit.span.file) {
                files_touched.push(edit.span.file);
            }
        }
        for file in files_touched {
            if let Some(entry) = taken.get_mut(&file) {
                entry.1 += 1;
            }
        }
    }
    taken
        .into_iter()
        .filter_map(|(file, (mut edits, fixes))| {
            let mut text = sources.get(file)?.text.clone();
            // From the end, so earlier offsets stay valid; insertions at
            // one place keep the order the fixes came in.
            edits.sort_by_key(|edit| std::cmp::Reverse((edit.span.start, edit.span.end)));
            for edit in edits {
                text.replace_range(edit.span.range(), &edit.text);
            }
            Some(FixedFile { file, text, fixes })
        })
        .collect()
}

/// Whether two edits touch the same text (two insertions at one point do).
fn overlaps(a: &Edit, b: &Edit) -> bool {
    a.span.start < b.span.end && b.span.start < a.span.end || (a.span.start == b.span.start)
}

#[cfg(test)]
mod tests {
    use super::*;
    use weft_base::{codes, Fix, Span};

    fn with_fix(file: FileId, start: usize, end: usize, text: &str) -> Diagnostic {
        Diagnostic::error(codes::UNRESOLVED_NAME, "x", Span::new(file, start, end), "").with_fix(
            Fix {
                title: "fix".into(),
                edits: vec![Edit {
                    span: Span::new(file, start, end),
                    text: text.into(),
                }],
            },
        )
    }

    #[test]
    fn fixes_apply_from_the_end_and_overlaps_are_skipped() {
        let mut sources = SourceMap::with_stdlib();
        let file = sources.add("a.weft", "owner mse\nhost mse\n".into(), Origin::Project);
        let diagnostics = vec![
            with_fix(file, 6, 9, "mes"),
            with_fix(file, 15, 18, "mes"),
            with_fix(file, 7, 8, "zzz"),
        ];
        let fixed = apply_fixes(&sources, &diagnostics);
        assert_eq!(
            fixed,
            vec![FixedFile {
                file,
                text: "owner mes\nhost mes\n".into(),
                fixes: 2
            }]
        );
    }

    #[test]
    fn the_standard_library_is_never_edited() {
        let sources = SourceMap::with_stdlib();
        let diagnostics = vec![with_fix(FileId(0), 0, 0, "x")];
        assert_eq!(apply_fixes(&sources, &diagnostics), Vec::new());
    }
}
