//! Quick fixes in the file's own indentation. The producers (the checks
//! and the resolver) see spans, not text, so they write the lines they
//! insert in `weft fmt`'s layout: two spaces per nesting level (the nesting
//! is fixed by the language: declarations start at column 0). Here, with
//! the text at hand, every inserted line is re-indented with the unit of
//! the block it goes into: a tab, or however many spaces that block uses.

use crate::sources::SourceMap;
use weft_base::{Diagnostic, Edit};

/// How the producers write one level of indentation.
const PRODUCER_UNIT: &str = "  ";

/// Re-indents the inserted lines of every fix like the block each edit
/// goes into.
pub fn indent_fixes_like_sources(sources: &SourceMap, diagnostics: &mut [Diagnostic]) {
    for diagnostic in diagnostics {
        let Some(fix) = diagnostic.fix.as_mut() else {
            continue;
        };
        for edit in &mut fix.edits {
            if let Some(file) = sources.get(edit.span.file) {
                reindent_edit(&file.text, edit);
            }
        }
    }
}

fn reindent_edit(text: &str, edit: &mut Edit) {
    let at = edit.span.start as usize;
    if !writes_indentation(&edit.text) || !text.is_char_boundary(at.min(text.len())) {
        return;
    }
    let line_start = text[..at.min(text.len())]
        .rfind('\n')
        .map_or(0, |end| end + 1);
    // Text inserted where a line's indentation ends continues that line's
    // indentation: its own leading spaces are levels too.
    let before = &text[line_start..at.min(text.len())];
    let first_is_indented = before.chars().all(|c| c == ' ' || c == '\t');
    let unit = block_unit(text, at.min(text.len()));
    if !first_is_indented {
        if let Some(written_for) = anchor_depth(&edit.text) {
            // A block opened after code on a line (`call r = A.op()` → ` {
            // … }`) closes at that line's indentation; the producer wrote it
            // for a line at `written_for` levels, and the step may be
            // nested deeper or shallower.
            let anchor = indentation(&text[line_start..]);
            reanchor(edit, written_for, anchor, &unit);
            return;
        }
    }
    if unit != PRODUCER_UNIT {
        relevel(edit, &unit, first_is_indented);
    }
    // Such text that ends on a line of indentation only (a member added
    // before a closing brace) gives what follows it, that brace, the
    // indentation the line had: the producer wrote it for a block at a
    // fixed depth, and a step's options block may be nested deeper.
    if first_is_indented {
        if let Some(last_break) = edit.text.rfind('\n') {
            if edit.text[last_break + 1..]
                .chars()
                .all(|c| c == ' ' || c == '\t')
            {
                edit.text.truncate(last_break + 1);
                edit.text.push_str(before);
            }
        }
    }
}

/// Writes the edit's leading two-space levels with `unit` instead.
fn relevel(edit: &mut Edit, unit: &str, first_is_indented: bool) {
    let mut out = String::with_capacity(edit.text.len());
    for (index, line) in edit.text.split('\n').enumerate() {
        if index > 0 {
            out.push('\n');
        }
        if index == 0 && !first_is_indented {
            out.push_str(line);
            continue;
        }
        let spaces = line.len() - line.trim_start_matches(' ').len();
        out.push_str(&unit.repeat(spaces / PRODUCER_UNIT.len()));
        out.push_str(&" ".repeat(spaces % PRODUCER_UNIT.len()));
        out.push_str(&line[spaces..]);
    }
    edit.text = out;
}

/// The depth (in producer levels) of the line an edit's text opens a
/// block on, when the text continues a line and ends by closing that
/// block: the closing brace's own indentation.
fn anchor_depth(inserted: &str) -> Option<usize> {
    let (_, last) = inserted.rsplit_once('\n')?;
    let spaces = last.len() - last.trim_start_matches(' ').len();
    (last[spaces..] == *"}").then_some(spaces / PRODUCER_UNIT.len())
}

/// Writes the edit's lines after its first one at the anchor line's
/// indentation plus their depth below the depth they were written for,
/// each level one `unit` (empty lines stay empty).
fn reanchor(edit: &mut Edit, written_for: usize, anchor: &str, unit: &str) {
    let mut out = String::with_capacity(edit.text.len() + anchor.len() * 4);
    for (index, line) in edit.text.split('\n').enumerate() {
        if index > 0 {
            out.push('\n');
            if line.is_empty() {
                continue;
            }
            let spaces = line.len() - line.trim_start_matches(' ').len();
            let levels = (spaces / PRODUCER_UNIT.len()).saturating_sub(written_for);
            out.push_str(anchor);
            out.push_str(&unit.repeat(levels));
            out.push_str(&" ".repeat(spaces % PRODUCER_UNIT.len()));
            out.push_str(&line[spaces..]);
        } else {
            out.push_str(line);
        }
    }
    edit.text = out;
}

/// Whether an edit's text has indentation to adapt.
fn writes_indentation(inserted: &str) -> bool {
    inserted.starts_with(' ') || inserted.contains("\n ")
}

/// The indentation unit of the block around `at`: the step from a line
/// that opens a block (ends with `{`) to the first non-blank line inside
/// it, found from `at` backwards, else forwards; two spaces when the text
/// has no nested line at all.
pub(crate) fn block_unit(text: &str, at: usize) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let at_line = text[..at].matches('\n').count();
    let unit_after = |index: usize| -> Option<String> {
        let opener = lines.get(index)?;
        if !code_of(opener).ends_with('{') {
            return None;
        }
        let inner = lines
            .iter()
            .skip(index + 1)
            .find(|line| !line.trim().is_empty())?;
        let outer = indentation(opener);
        let inner = indentation(inner);
        let step = inner.strip_prefix(outer)?;
        (!step.is_empty()).then(|| step.to_string())
    };
    (0..=at_line.min(lines.len().saturating_sub(1)))
        .rev()
        .chain(at_line + 1..lines.len())
        .find_map(unit_after)
        .unwrap_or_else(|| PRODUCER_UNIT.to_string())
}

/// A line without its trailing `//` comment and spaces.
fn code_of(line: &str) -> &str {
    let code = line.find("//").map_or(line, |at| &line[..at]);
    code.trim_end()
}

/// A line's leading tabs and spaces.
fn indentation(line: &str) -> &str {
    let code = line.trim_start_matches([' ', '\t']);
    &line[..line.len() - code.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use weft_base::{FileId, Span};

    fn edited(text: &str, at: usize, inserted: &str) -> String {
        let mut edit = Edit {
            span: Span::new(FileId(0), at, at),
            text: inserted.into(),
        };
        reindent_edit(text, &mut edit);
        let mut out = text.to_string();
        out.insert_str(at, &edit.text);
        out
    }

    #[test]
    fn the_unit_is_that_of_the_surrounding_block() {
        let text = "event E {\n    producer m\n}\n\nrecord R {\n\ta: string\n}\n";
        assert_eq!(block_unit(text, text.find("producer").unwrap_or(0)), "    ");
        assert_eq!(block_unit(text, text.find("a: string").unwrap_or(0)), "\t");
        assert_eq!(block_unit("package p\n", 3), "  ");
        // Before any block: the first block below tells.
        let tabs = "package p // {\n\nrecord R {\n\ta: string\n}\n";
        assert_eq!(block_unit(tabs, 2), "\t");
    }

    #[test]
    fn a_member_before_a_closing_brace_takes_the_blocks_indentation() {
        let four = "event E {\n    producer m\n    version 1 {\n        a: string\n    }\n}\n";
        let at = four.rfind('}').unwrap_or(0);
        assert_eq!(
            edited(four, at, "  dead_letter\n"),
            "event E {\n    producer m\n    version 1 {\n        a: string\n    }\n    dead_letter\n}\n"
        );
        let tabs = "workflow W {\n\tstep s = call A.b()\n}\n";
        let at = tabs.find(")\n").unwrap_or(0) + 1;
        assert_eq!(
            edited(tabs, at, " {\n    timeout 30s\n  }"),
            "workflow W {\n\tstep s = call A.b() {\n\t\ttimeout 30s\n\t}\n}\n"
        );
    }

    #[test]
    fn a_brace_after_an_inserted_member_keeps_its_indentation() {
        // An option added before the `}` of a step nested in a branch: the
        // producer writes the brace at the depth of a step at the top.
        let nested = "  when c {\n    call r = A.op() {\n    }\n  }\n";
        let at = nested.find("    }").unwrap_or(0) + 4;
        assert_eq!(
            edited(nested, at, "  timeout 30s\n  "),
            "  when c {\n    call r = A.op() {\n      timeout 30s\n    }\n  }\n"
        );
    }

    #[test]
    fn a_block_opened_after_a_nested_step_closes_at_its_indentation() {
        // The producer writes the block for a step at the top of a
        // workflow; this one is in a branch, with four-space levels.
        let nested = "workflow W {\n    when c {\n        call r = A.op()\n    }\n}\n";
        let at = nested.find(")\n").unwrap_or(0) + 1;
        assert_eq!(
            edited(nested, at, " {\n    timeout 30s\n  }"),
            "workflow W {\n    when c {\n        call r = A.op() {\n            timeout 30s\n        }\n    }\n}\n"
        );
        // At the top, in the producer's own layout, nothing changes.
        let top = "workflow W {\n  call r = A.op()\n}\n";
        let at = top.find(")\n").unwrap_or(0) + 1;
        assert_eq!(
            edited(top, at, " {\n    timeout 30s\n  }"),
            "workflow W {\n  call r = A.op() {\n    timeout 30s\n  }\n}\n"
        );
    }

    #[test]
    fn two_space_files_and_edits_without_indentation_are_left_alone() {
        let two = "event E {\n  producer m\n}\n";
        let at = two.rfind('}').unwrap_or(0);
        assert_eq!(
            edited(two, at, "  dead_letter\n"),
            "event E {\n  producer m\n  dead_letter\n}\n"
        );
        let tabs = "package p\n\nrecord R {\n\ta: string\n}\n";
        assert_eq!(
            edited(tabs, 9, "\nuse a.B"),
            "package p\nuse a.B\n\nrecord R {\n\ta: string\n}\n"
        );
    }
}
