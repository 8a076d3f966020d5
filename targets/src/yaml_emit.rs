//! The YAML text of a document written directly, in one pass over the
//! value, with each string's quoting decided as it is written.
//!
//! It writes exactly what [`crate::yaml::to_text`]'s general path writes
//! (`serde_yaml`'s emitter, libyaml, plus the YAML 1.1-safe quoting), for
//! the documents the targets build: block mappings and sequences, strings,
//! integers, booleans and nulls. Any node it cannot match byte for byte
//! (a non-string key, a tag, a key libyaml writes as a complex `? ` key, a
//! literal block that ends the document open) makes it hand the whole
//! document back ([`Unsupported`]) to the general path; strings outside the
//! common shapes are written by libyaml one at a time. The general path
//! builds a swapped copy of the document, serialises it and rewrites it by a
//! regex (four copies of each document), which was a third of `weft build`.

use serde_yaml::{Mapping, Value};

/// The document has a node this writer does not reproduce exactly.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Unsupported;

/// libyaml writes a key longer than this (in bytes) as a complex key.
pub(crate) const SIMPLE_KEY_LIMIT: usize = 128;

/// The YAML text of a non-empty mapping or sequence document.
pub(crate) fn write(value: &Value) -> Result<String, Unsupported> {
    let mut out = String::with_capacity(16 * 1024);
    write_into(value, &mut out)?;
    Ok(out)
}

/// [`write`], appending to `out`.
pub(crate) fn write_into(value: &Value, out: &mut String) -> Result<(), Unsupported> {
    match value {
        Value::Mapping(mapping) if !mapping.is_empty() => write_mapping(mapping, 0, false, out),
        Value::Sequence(items) if !items.is_empty() => write_sequence(items, 0, false, out),
        _ => Err(Unsupported),
    }
}

/// Indents a line to `column`.
pub(crate) fn indent(column: usize, out: &mut String) {
    out.extend(std::iter::repeat_n(' ', column));
}

/// A block mapping with its keys at `column`; `inline` when the first key
/// follows a sequence's `- ` on the same line.
fn write_mapping(
    mapping: &Mapping,
    column: usize,
    inline: bool,
    out: &mut String,
) -> Result<(), Unsupported> {
    for (index, (key, item)) in mapping.iter().enumerate() {
        if index > 0 || !inline {
            indent(column, out);
        }
        let Value::String(key) = key else {
            return Err(Unsupported);
        };
        write_key(key, out)?;
        write_entry_value(item, column, out)?;
    }
    Ok(())
}

/// A block mapping with its keys at `column`, each line indented (what
/// `write` writes for a mapping nested that deep; nothing when empty).
pub(crate) fn write_block_mapping(
    mapping: &Mapping,
    column: usize,
    out: &mut String,
) -> Result<(), Unsupported> {
    write_mapping(mapping, column, false, out)
}

/// What follows a mapping key at `column` and its `:` (the `:` included):
/// the value on the same line, or a nested block on the lines after it.
/// The text depends on the value and the column only, so a value written
/// once can be copied under another key at the same column.
pub(crate) fn write_entry_value(
    item: &Value,
    column: usize,
    out: &mut String,
) -> Result<(), Unsupported> {
    out.push(':');
    match item {
        Value::Mapping(inner) if !inner.is_empty() => {
            out.push('\n');
            write_mapping(inner, column + 2, false, out)
        }
        // libyaml writes a sequence inside a mapping without indenting it.
        Value::Sequence(items) if !items.is_empty() => {
            out.push('\n');
            write_sequence(items, column, false, out)
        }
        scalar => {
            out.push(' ');
            write_scalar(scalar, column, out)
        }
    }
}

/// A block sequence with its dashes at `column`; `inline` when the first
/// item follows an outer `- ` on the same line.
fn write_sequence(
    items: &[Value],
    column: usize,
    inline: bool,
    out: &mut String,
) -> Result<(), Unsupported> {
    for (index, item) in items.iter().enumerate() {
        if index > 0 || !inline {
            indent(column, out);
        }
        out.push_str("- ");
        match item {
            Value::Mapping(inner) if !inner.is_empty() => {
                write_mapping(inner, column + 2, true, out)?;
            }
            Value::Sequence(inner) if !inner.is_empty() => {
                write_sequence(inner, column + 2, true, out)?;
            }
            scalar => write_scalar(scalar, column, out)?,
        }
    }
    Ok(())
}

/// A scalar (or empty collection) and its line end; `column` is where its
/// key or dash starts, so a literal block's lines go two further in.
fn write_scalar(value: &Value, column: usize, out: &mut String) -> Result<(), Unsupported> {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(number) => {
            if let Some(n) = number.as_u64() {
                out.push_str(&n.to_string());
            } else if let Some(n) = number.as_i64() {
                out.push_str(&n.to_string());
            } else {
                out.push_str(&one_line_by_libyaml(value)?);
            }
        }
        Value::String(text) => write_string_value(text, column, out)?,
        Value::Mapping(_) => out.push_str("{}"),
        Value::Sequence(_) => out.push_str("[]"),
        Value::Tagged(_) => return Err(Unsupported),
    }
    out.push('\n');
    Ok(())
}

/// A mapping key: always a simple key (one line, at most 128 bytes) here.
/// A longer one, quoted or not, is left to the general path, which writes
/// it as a complex key (`? key`): YAML allows an implicit key of at most
/// 1,024 characters, and a quoted one grows with its escapes.
pub(crate) fn write_key(text: &str, out: &mut String) -> Result<(), Unsupported> {
    if text.len() > SIMPLE_KEY_LIMIT {
        return Err(Unsupported);
    }
    if crate::yaml::needs_quotes(text) {
        crate::yaml::push_double_quoted(text, out);
        return Ok(());
    }
    if text.contains(['\n', '\r']) {
        return Err(Unsupported);
    }
    write_one_line(text, out)
}

/// A string value; multi-line strings become literal blocks as libyaml
/// writes them, indented under their key or dash.
fn write_string_value(text: &str, column: usize, out: &mut String) -> Result<(), Unsupported> {
    if crate::yaml::needs_quotes(text) {
        crate::yaml::push_double_quoted(text, out);
        return Ok(());
    }
    if !text.contains('\n') {
        return write_one_line(text, out);
    }
    // libyaml's own choice, under a key at column 0 (body at column 2),
    // then moved to this key's column.
    let mut entry = Mapping::new();
    entry.insert(
        Value::String("k".to_string()),
        Value::String(text.to_string()),
    );
    let alone = serde_yaml::to_string(&Value::Mapping(entry)).map_err(|_| Unsupported)?;
    let rest = alone.strip_prefix("k: ").ok_or(Unsupported)?;
    let rest = rest.strip_suffix('\n').ok_or(Unsupported)?;
    for (index, line) in rest.split('\n').enumerate() {
        // An open-ended block (`|+`) at the end of a document gets a `...`
        // line from libyaml; that depends on what follows, so it is left to
        // the general path.
        if line == "..." || line.starts_with("---") {
            return Err(Unsupported);
        }
        if index > 0 {
            out.push('\n');
            if !line.is_empty() {
                indent(column, out);
            }
        }
        out.push_str(line);
    }
    Ok(())
}

/// A string without line feeds, as libyaml writes it (plain, single- or
/// double-quoted), the YAML 1.1 cases already handled.
fn write_one_line(text: &str, out: &mut String) -> Result<(), Unsupported> {
    match shape(text) {
        Shape::Plain => out.push_str(text),
        Shape::SingleQuoted => {
            out.push('\'');
            for c in text.chars() {
                if c == '\'' {
                    out.push('\'');
                }
                out.push(c);
            }
            out.push('\'');
        }
        Shape::Other => out.push_str(&one_line_by_libyaml(&Value::String(text.to_string()))?),
    }
    Ok(())
}

/// A scalar written by libyaml alone, when that is one line.
fn one_line_by_libyaml(value: &Value) -> Result<String, Unsupported> {
    let text = serde_yaml::to_string(value).map_err(|_| Unsupported)?;
    let line = text.strip_suffix('\n').ok_or(Unsupported)?;
    if line.contains('\n') {
        return Err(Unsupported);
    }
    Ok(line.to_string())
}

/// How libyaml writes a one-line string, for the shapes decided here.
#[derive(Debug, PartialEq, Eq)]
enum Shape {
    /// As it is.
    Plain,
    /// In single quotes: it starts with an indicator and the rest is plain,
    /// or it is all digits.
    SingleQuoted,
    /// Anything else: asked of libyaml.
    Other,
}

/// The shape of a string that `needs_quotes` has already let through.
///
/// Single-quoted when it is all digits (see below).
///
/// Plain when libyaml's scalar analysis finds no reason against it: no
/// indicator first (`-?:,[]{}#&*!|>'"%@` and backtick), none of `: ` or
/// ` #` inside, no `:` or space at the end, no space first, only printable
/// characters (libyaml's test, Unicode on: tab, C1 controls, U+FEFF, U+FFFE,
/// U+FFFF and characters beyond U+FFFF are not), no line breaks; and not a
/// word `serde_yaml` reads as null or a boolean, nor a number: the string
/// starts with a letter, `_`, `/` or `$`, and a short one is none of the
/// YAML 1.1 words (which are checked here too, so that the rule is local).
fn shape(text: &str) -> Shape {
    let Some(first) = text.chars().next() else {
        return Shape::Other;
    };
    // Digits only (`200`, `0042`): every YAML 1.1 reader takes them for an
    // integer, so `needs_quotes` let one through only because `serde_yaml`
    // asks libyaml for single quotes, which it then uses.
    if text.bytes().all(|byte| byte.is_ascii_digit()) {
        return Shape::SingleQuoted;
    }
    let single = matches!(
        first,
        '#' | ','
            | '['
            | ']'
            | '{'
            | '}'
            | '&'
            | '*'
            | '!'
            | '|'
            | '>'
            | '\''
            | '"'
            | '%'
            | '@'
            | '`'
    );
    let plain_first = first.is_ascii_alphabetic() || matches!(first, '_' | '/' | '$');
    if !single && !plain_first {
        return Shape::Other;
    }
    if plain_first && text.len() <= 8 && is_reserved_word(text) {
        return Shape::Other;
    }
    if !text.chars().all(is_printable_not_break) {
        return Shape::Other;
    }
    // An indicator inside (`: `, ` #`) or a space or `:` at the end rules
    // out plain; a one-line printable string is then always allowed single
    // quotes (libyaml refuses them only for line breaks and special
    // characters), and such a text can read as no number, boolean or null.
    if single || text.ends_with([' ', ':']) || text.contains(": ") || text.contains(" #") {
        Shape::SingleQuoted
    } else {
        Shape::Plain
    }
}

/// Words some YAML reader takes for null, a boolean or a special float.
fn is_reserved_word(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "y", "n", "yes", "no", "true", "false", "on", "off", "null", "inf", "infinity", "nan",
    ];
    WORDS.iter().any(|word| word.eq_ignore_ascii_case(text))
}

/// libyaml's `IS_PRINTABLE` (with Unicode output) minus its line breaks.
fn is_printable_not_break(c: char) -> bool {
    matches!(c, ' '..='~')
        || (matches!(c, '\u{a0}'..='\u{d7ff}') && !matches!(c, '\u{2028}' | '\u{2029}'))
        || (matches!(c, '\u{e000}'..='\u{fffd}') && c != '\u{feff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert_eq!(shape("orders"), Shape::Plain);
        assert_eq!(shape("/orders/{id}"), Shape::Plain);
        assert_eq!(shape("#/components/schemas/X"), Shape::SingleQuoted);
        assert_eq!(shape("Note: x"), Shape::SingleQuoted);
        assert_eq!(shape("ends with:"), Shape::SingleQuoted);
        assert_eq!(shape("a #b"), Shape::SingleQuoted);
        assert_eq!(shape("yes"), Shape::Other);
        assert_eq!(shape("1.0.0"), Shape::Other);
        assert_eq!(shape("200"), Shape::SingleQuoted);
        assert_eq!(shape("a\tb"), Shape::Other);
        assert_eq!(shape(""), Shape::Other);
    }
}
