//! Rust spellings of model names, and the escaping every template uses:
//! identifiers that are keywords become raw identifiers (or get a suffix
//! where Rust has no raw form), names that would shadow what the generated
//! code uses are renamed, doc comments and string literals are escaped.

use crate::naming::snake_case;
use std::borrow::Cow;
use std::collections::BTreeSet;

/// Rust's keywords (strict and reserved, every edition): written as raw
/// identifiers (`r#type`).
const KEYWORDS: [&str; 40] = [
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where",
    "while", "abstract", "become", "box", "do", "final",
];

/// More reserved keywords (kept apart so that the list above stays short
/// enough to read).
const MORE_KEYWORDS: [&str; 7] = [
    "macro", "override", "priv", "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: [&str; 5] = ["self", "Self", "super", "crate", "try"];

/// Type names the generated code uses unqualified (the prelude, the
/// support module's types and the per-API and per-event types' suffixes do
/// not clash): a model type with one of these names is renamed `<Name>Model`.
pub const RESERVED_TYPES: [&str; 30] = [
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Self",
    "Send",
    "Sync",
    "Sized",
    "Clone",
    "Copy",
    "Default",
    "PartialEq",
    "Eq",
    "Debug",
    "Fn",
    "Iterator",
    "ToString",
    "Into",
    "From",
    "Problem",
    "Violation",
    "ValidationError",
    "Validate",
    "Base64Bytes",
    "Credential",
];

/// A field, method or module name: snake case, a raw identifier for a
/// keyword, `<name>_` where Rust has no raw form.
pub fn snake_ident(name: &str) -> String {
    let snake = clean(&snake_case(name)).to_lowercase();
    escape_keyword(&snake, "_")
}

/// A type or variant name: upper camel case (`PO_LINE` → `PoLine`), with
/// `suffix` appended where the name is reserved or cannot be written.
pub fn pascal_ident(name: &str, suffix: &str) -> String {
    let pascal = pascal_case(name);
    if NOT_RAW.contains(&pascal.as_str()) || RESERVED_TYPES.contains(&pascal.as_str()) {
        return format!("{pascal}{suffix}");
    }
    pascal
}

/// `purchase_order_line`, `PURCHASE_ORDER`, `purchaseOrder` → upper camel
/// case.
pub fn pascal_case(name: &str) -> String {
    let lowered = if name.chars().any(char::is_lowercase) {
        snake_case(name)
    } else {
        name.to_lowercase()
    };
    let mut out = String::new();
    for word in clean(&lowered).split('_').filter(|word| !word.is_empty()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.extend(chars.flat_map(char::to_lowercase));
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'N');
    }
    out
}

/// An identifier without its raw prefix (for derived names such as
/// `default_type`).
pub fn bare(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

fn escape_keyword(ident: &str, suffix: &str) -> String {
    if NOT_RAW.contains(&ident) {
        format!("{ident}{suffix}")
    } else if KEYWORDS.contains(&ident) || MORE_KEYWORDS.contains(&ident) {
        format!("r#{ident}")
    } else {
        ident.to_string()
    }
}

/// Only ASCII letters, digits and underscores; never empty, never starting
/// with a digit.
fn clean(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if out.trim_matches('_').is_empty() {
        out = "n".to_string();
    }
    // No leading or doubled underscores: rustc's naming lints refuse them.
    let mut collapsed = String::with_capacity(out.len() + 1);
    for c in out.trim_start_matches('_').chars() {
        if !(c == '_' && collapsed.ends_with('_')) {
            collapsed.push(c);
        }
    }
    // Checked once the underscores are gone: `_741` must not become `741`.
    if collapsed.starts_with(|c: char| c.is_ascii_digit()) {
        collapsed.insert(0, 'n');
    }
    collapsed.trim_end_matches('_').to_string()
}

/// Hands out identifiers unique within one scope: a name already taken
/// gets `2`, `3`, ... appended.
#[derive(Debug, Default)]
pub struct Unique {
    taken: BTreeSet<String>,
}

impl Unique {
    /// A scope where `reserved` names are already taken.
    pub fn with(reserved: &[&str]) -> Unique {
        Unique {
            taken: reserved.iter().map(|name| (*name).to_string()).collect(),
        }
    }

    /// `ident`, or `ident2`, `ident3`... when taken.
    pub fn claim(&mut self, ident: String) -> String {
        if self.taken.insert(bare(&ident).to_string()) {
            return ident;
        }
        let base = bare(&ident).to_string();
        let mut number = 2;
        loop {
            let candidate = format!("{base}{number}");
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
            number += 1;
        }
    }
}

/// A Rust string literal: printable ASCII as it is, everything else
/// escaped, so that no control or direction-changing character reaches the
/// source.
pub fn string_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            ' '..='~' => out.push(c),
            other => out.push_str(&format!("\\u{{{:x}}}", u32::from(other))),
        }
    }
    out.push('"');
    out
}

/// Doc-comment lines (`/// ...`) at `indent`, or nothing for empty text.
/// Lines are trimmed (an indented line would be a doc test), code fences
/// are broken, carriage returns, control and direction-changing
/// characters are dropped (rustc refuses them in comments).
pub fn doc_lines(text: &str, indent: usize) -> String {
    let keep = |c: char| c == '\n' || !(c.is_control() || is_direction_control(c));
    // Most docs need no cleaning and no escaping: they are read where they
    // are, and only a line with a character that could change is copied.
    let cleaned: Cow<str> = if text.chars().all(keep) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().filter(|c| keep(*c)).collect())
    };
    // Trimmed, the text starts with a line that is not blank, so a text
    // with any line has a line to write.
    let trimmed = cleaned.trim();
    if trimmed.is_empty() {
        return String::new();
    }
    let mut out = String::with_capacity(trimmed.len() + (indent + 5) * 2);
    for line in trimmed.lines() {
        let line = line.trim();
        out.extend(std::iter::repeat_n(' ', indent));
        if line.is_empty() {
            out.push_str("///\n");
            continue;
        }
        out.push_str("/// ");
        if line.contains(['&', '<', '`', '~', ':']) {
            // Copied only for what it holds: a fence to break, or a
            // character reference or link scheme to neutralise.
            let fenced: Cow<str> = if line.contains("```") || line.contains("~~~") {
                Cow::Owned(line.replace("```", "'''").replace("~~~", "---"))
            } else {
                Cow::Borrowed(line)
            };
            if fenced.contains(['&', '<', ':']) {
                out.push_str(&neutralised(&fenced));
            } else {
                out.push_str(&fenced);
            }
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

/// Doc text that rustdoc renders as text: no HTML (`&` and `<` as
/// character references, which rustdoc shows as written) and no
/// `javascript:` or `vbscript:` link.
fn neutralised(line: &str) -> String {
    let mut out = line.replace('&', "&amp;").replace('<', "&lt;");
    for scheme in ["javascript:", "vbscript:"] {
        let mut from = 0;
        while let Some(found) = out[from..].to_ascii_lowercase().find(scheme) {
            let colon = from + found + scheme.len() - 1;
            out.insert(colon, ' ');
            from = colon + 2;
        }
    }
    out
}

/// Unicode's bidirectional formatting characters, which rustc refuses in
/// comments and literals.
fn is_direction_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_become_raw_or_suffixed() {
        assert_eq!(snake_ident("type"), "r#type");
        assert_eq!(snake_ident("self"), "self_");
        assert_eq!(snake_ident("orderId"), "order_id");
        assert_eq!(snake_ident("__x__y"), "x_y");
        assert_eq!(pascal_ident("Self", "Model"), "SelfModel");
        assert_eq!(pascal_ident("String", "Model"), "StringModel");
        assert_eq!(
            pascal_ident("QUANTITY_CHANGED", "Symbol"),
            "QuantityChanged"
        );
        assert_eq!(pascal_ident("HTTPServer", "Model"), "HttpServer");
        assert_eq!(pascal_ident("9lives", "Model"), "N9lives");
        // A digit behind leading underscores still gets its letter.
        assert_eq!(snake_ident("_741"), "n741");
        assert_eq!(snake_ident("__9_lives"), "n9_lives");
        assert_eq!(pascal_ident("_741", "Model"), "N741");
    }

    #[test]
    fn doc_lines_match_the_plain_definition() {
        use proptest::strategy::{Strategy, ValueTree};
        use proptest::test_runner::TestRunner;
        // The definition, written without the fast paths.
        let plain = |text: &str, indent: usize| -> String {
            let pad = " ".repeat(indent);
            let cleaned: String = text
                .chars()
                .filter(|c| *c == '\n' || !(c.is_control() || is_direction_control(*c)))
                .collect();
            let lines: Vec<String> = cleaned
                .trim()
                .lines()
                .map(|line| neutralised(&line.trim().replace("```", "'''").replace("~~~", "---")))
                .collect();
            if lines.iter().all(String::is_empty) {
                return String::new();
            }
            lines
                .iter()
                .map(|line| match line.is_empty() {
                    true => format!("{pad}///\n"),
                    false => format!("{pad}/// {line}\n"),
                })
                .collect()
        };
        let mut runner = TestRunner::default();
        let strategy =
            "[ a-z\n\r\t&<`~:\u{202e}\u{7}]{0,40}|(javascript:|VBScript:|```|~~~|a| |\n)*";
        for _ in 0..3000 {
            let text = strategy.new_tree(&mut runner).expect("tree").current();
            for indent in [0, 4] {
                assert_eq!(doc_lines(&text, indent), plain(&text, indent), "{text:?}");
            }
        }
    }

    #[test]
    fn literals_and_docs_carry_nothing_dangerous() {
        assert_eq!(
            string_literal("a\"b\\c\n\u{202e}é"),
            "\"a\\\"b\\\\c\\n\\u{202e}\\u{e9}\""
        );
        let doc = doc_lines(
            "  first\r\n    indented ```rust\nfn x() {}```\u{202e} */",
            4,
        );
        assert_eq!(
            doc,
            "    /// first\n    /// indented '''rust\n    /// fn x() {}''' */\n"
        );
        assert_eq!(doc_lines(" \n ", 0), "");
        assert_eq!(
            doc_lines("<script>a & b</script> JavaScript:x", 0),
            "/// &lt;script>a &amp; b&lt;/script> JavaScript :x\n"
        );
    }

    #[test]
    fn unique_names() {
        let mut scope = Unique::with(&["Problem"]);
        assert_eq!(scope.claim("Line".into()), "Line");
        assert_eq!(scope.claim("Line".into()), "Line2");
        assert_eq!(scope.claim("Problem".into()), "Problem2");
    }
}
