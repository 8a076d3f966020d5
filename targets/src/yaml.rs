//! A small builder for YAML documents whose keys keep the order they are
//! inserted in, shared by the document targets, and the conversion of JSON
//! values. Readers expect a conventional key order (AsyncAPI lists its fields
//! top-down; OpenAPI has `openapi`, `info`, `servers`, `paths`, `components`;
//! `name`, `in`, `required`, `schema`), and `serde_yaml::Mapping` keeps the
//! order keys are added in, so the documents are built with this builder
//! instead of maps that sort their keys.

use regex::Regex;
use serde_yaml::{Mapping, Value};
use std::sync::OnceLock;

/// An ordered YAML mapping under construction.
#[derive(Clone, Debug, Default)]
pub(crate) struct Obj(Mapping);

impl Obj {
    /// An empty mapping.
    pub(crate) fn new() -> Obj {
        Obj(Mapping::new())
    }

    /// Wraps an existing mapping.
    pub(crate) fn from_mapping(mapping: Mapping) -> Obj {
        Obj(mapping)
    }

    /// Adds (or replaces) a key and returns the mapping, for chaining.
    pub(crate) fn set(mut self, key: &str, value: impl Into<Value>) -> Obj {
        self.insert(key, value);
        self
    }

    /// Adds a key when the value is present.
    pub(crate) fn maybe(mut self, key: &str, value: Option<impl Into<Value>>) -> Obj {
        if let Some(value) = value {
            self.insert(key, value);
        }
        self
    }

    /// Adds a text when it is not blank.
    pub(crate) fn text(self, key: &str, text: &str) -> Obj {
        let text = text.trim();
        self.maybe(key, (!text.is_empty()).then(|| text.to_string()))
    }

    /// Adds (or replaces) a key in place.
    pub(crate) fn insert(&mut self, key: &str, value: impl Into<Value>) {
        self.0.insert(Value::String(key.to_string()), value.into());
    }

    /// Whether the key is present.
    pub(crate) fn contains(&self, key: &str) -> bool {
        self.0.contains_key(key)
    }

    /// The value of a key.
    pub(crate) fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key)
    }

    /// The mapping built so far.
    pub(crate) fn as_mapping(&self) -> &Mapping {
        &self.0
    }

    /// Whether nothing was added.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The finished mapping.
    pub(crate) fn into_value(self) -> Value {
        Value::Mapping(self.0)
    }
}

impl From<Obj> for Value {
    fn from(obj: Obj) -> Value {
        obj.into_value()
    }
}

/// `{$ref: pointer}`.
pub(crate) fn reference(pointer: &str) -> Value {
    Obj::new().set("$ref", pointer).into()
}

/// A YAML sequence of strings.
pub(crate) fn strings<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> Value {
    Value::Sequence(
        items
            .into_iter()
            .map(|item| Value::String(item.as_ref().to_string()))
            .collect(),
    )
}

/// A JSON value as YAML, keeping its keys' order.
pub(crate) fn from_json(value: &serde_json::Value) -> Value {
    match value {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(flag) => Value::Bool(*flag),
        serde_json::Value::Number(number) => {
            if let Some(n) = number.as_u64() {
                Value::Number(n.into())
            } else if let Some(n) = number.as_i64() {
                Value::Number(n.into())
            } else {
                Value::Number(number.as_f64().unwrap_or_default().into())
            }
        }
        serde_json::Value::String(text) => Value::String(text.clone()),
        serde_json::Value::Array(items) => Value::Sequence(items.iter().map(from_json).collect()),
        serde_json::Value::Object(map) => {
            let mut out = Mapping::new();
            for (key, item) in map {
                out.insert(Value::String(key.clone()), from_json(item));
            }
            Value::Mapping(out)
        }
    }
}

/// A YAML value as JSON, keeping its keys' order as far as `serde_json`'s
/// map does (it sorts them). Keys that are not strings are written as YAML.
pub(crate) fn to_json(value: &Value) -> serde_json::Value {
    match value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(flag) => serde_json::Value::Bool(*flag),
        Value::Number(number) => {
            if let Some(n) = number.as_u64() {
                n.into()
            } else if let Some(n) = number.as_i64() {
                n.into()
            } else {
                number
                    .as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map_or(serde_json::Value::Null, serde_json::Value::Number)
            }
        }
        Value::String(text) => serde_json::Value::String(text.clone()),
        Value::Sequence(items) => serde_json::Value::Array(items.iter().map(to_json).collect()),
        Value::Mapping(mapping) => serde_json::Value::Object(
            mapping
                .iter()
                .map(|(key, item)| {
                    let key = match key {
                        Value::String(text) => text.clone(),
                        other => serde_yaml::to_string(other)
                            .unwrap_or_default()
                            .trim()
                            .to_string(),
                    };
                    (key, to_json(item))
                })
                .collect(),
        ),
        Value::Tagged(tagged) => to_json(&tagged.value),
    }
}

/// A JSON Pointer segment: `~` → `~0`, `/` → `~1`.
pub(crate) fn pointer_segment(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// The YAML text of a document, after a comment header.
pub(crate) fn render(header: &str, mut document: Value) -> Result<String, String> {
    crate::openapi::text::clean_descriptions(&mut document);
    let body = to_text(&document)?;
    let mut out = String::with_capacity(body.len() + header.len() + 8);
    for line in header.lines() {
        out.push_str("# ");
        out.push_str(line);
        out.push('\n');
    }
    out.push_str(&body);
    Ok(out)
}

/// The YAML text of a value, every string (keys too) written so that YAML
/// 1.1 and 1.2 readers alike read it back as the same string.
///
/// `serde_yaml`'s emitter quotes the strings a YAML 1.2 core-schema reader
/// would take for something else (`true`, `null`, `1.5`), but not what YAML
/// 1.1 readers (PyYAML, Go's yaml.v2, SnakeYAML) resolve: `on`, `yes`, `y`,
/// `~`-less nulls aside, dates, `<<`, `=`, `0x1F`, `1_000`, `1:20`, `.inf`;
/// and it writes U+2028, U+2029 and U+0085 raw, which YAML 1.1 reads as line
/// breaks. Those strings are swapped for placeholders the emitter writes
/// plain, and each placeholder is then replaced by the string in double
/// quotes with those characters escaped.
pub(crate) fn to_text(value: &Value) -> Result<String, String> {
    match crate::yaml_emit::write(value) {
        Ok(text) => Ok(text),
        Err(crate::yaml_emit::Unsupported) => to_text_by_placeholders(value),
    }
}

/// [`to_text`] for any value: placeholders for the strings to quote,
/// `serde_yaml`'s emitter, then the placeholders replaced. The direct
/// writer (`yaml_emit`) must agree with it byte for byte.
pub(crate) fn to_text_by_placeholders(value: &Value) -> Result<String, String> {
    let mut quoted = Vec::new();
    let prefix = placeholder_prefix(value);
    let value = swap_ambiguous(value, &prefix, &mut quoted);
    let text = serde_yaml::to_string(&value).map_err(|error| error.to_string())?;
    if quoted.is_empty() {
        return Ok(text);
    }
    // One pass over the text: placeholders have a fixed width, so none is
    // a prefix of another, and the prefix occurs in no string. A long key's
    // padding ([`key_placeholder`]) goes with it; nothing else follows a
    // placeholder with `_`, as it is a whole scalar.
    let pattern = Regex::new(&format!(
        "{}([0-9]{{9}})(?:_{{{}}})?",
        regex::escape(&prefix),
        crate::yaml_emit::SIMPLE_KEY_LIMIT
    ))
    .map_err(|error| error.to_string())?;
    Ok(pattern
        .replace_all(&text, |captures: &regex::Captures| {
            captures
                .get(1)
                .and_then(|index| index.as_str().parse::<usize>().ok())
                .and_then(|index| quoted.get(index))
                .map_or_else(String::new, |string| double_quoted(string))
        })
        .into_owned())
}

/// A placeholder prefix that occurs in no string of the value.
fn placeholder_prefix(value: &Value) -> String {
    let mut strings = Vec::new();
    collect_strings(value, &mut strings);
    (0u32..)
        .map(|n| format!("weftq{n}z"))
        .find(|prefix| {
            !strings
                .iter()
                .any(|string| string.contains(prefix.as_str()))
        })
        .unwrap_or_default()
}

fn collect_strings<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
    match value {
        Value::String(text) => out.push(text),
        Value::Sequence(items) => items.iter().for_each(|item| collect_strings(item, out)),
        Value::Mapping(mapping) => {
            for (key, item) in mapping {
                collect_strings(key, out);
                collect_strings(item, out);
            }
        }
        Value::Tagged(tagged) => collect_strings(&tagged.value, out),
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

fn placeholder(prefix: &str, index: usize) -> String {
    format!("{prefix}{index:09}")
}

/// The placeholder of a long mapping key, padded past libyaml's simple
/// keys' length so that libyaml writes it as a complex key (`? key`), as it
/// would the key itself. Swapped back in as an implicit key, a long quoted
/// key could break YAML's limit of 1,024 characters.
fn key_placeholder(prefix: &str, index: usize) -> String {
    let mut key = placeholder(prefix, index);
    key.extend(std::iter::repeat_n('_', crate::yaml_emit::SIMPLE_KEY_LIMIT));
    key
}

/// The value with every ambiguous string replaced by a placeholder, the
/// strings collected in `quoted` in placeholder order.
fn swap_ambiguous(value: &Value, prefix: &str, quoted: &mut Vec<String>) -> Value {
    match value {
        Value::String(text) if needs_quotes(text) => {
            let index = quoted.len();
            quoted.push(text.clone());
            Value::String(placeholder(prefix, index))
        }
        Value::Sequence(items) => Value::Sequence(
            items
                .iter()
                .map(|item| swap_ambiguous(item, prefix, quoted))
                .collect(),
        ),
        Value::Mapping(mapping) => Value::Mapping(
            mapping
                .iter()
                .map(|(key, item)| {
                    let key = match key {
                        Value::String(text)
                            if needs_quotes(text)
                                && text.len() > crate::yaml_emit::SIMPLE_KEY_LIMIT =>
                        {
                            quoted.push(text.clone());
                            Value::String(key_placeholder(prefix, quoted.len() - 1))
                        }
                        key => swap_ambiguous(key, prefix, quoted),
                    };
                    (key, swap_ambiguous(item, prefix, quoted))
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Whether the emitter's own choice for this string could be read as
/// something else by some YAML 1.1 or 1.2 reader.
pub(crate) fn needs_quotes(text: &str) -> bool {
    if !text.is_ascii() && text.contains(['\u{2028}', '\u{2029}', '\u{85}', '\u{feff}']) {
        return true;
    }
    if !may_be_yaml_1_1_ambiguous(text) {
        return false;
    }
    // Digits only (`200`, the response codes): libyaml single-quotes them
    // itself (`yaml_emit::shape` relies on the same), which the check at
    // the end would find by asking it.
    if text.bytes().all(|byte| byte.is_ascii_digit()) && !text.is_empty() {
        return false;
    }
    let ambiguous = if text.as_bytes().first().is_some_and(u8::is_ascii_alphabetic) {
        is_yaml_1_1_word(text)
    } else {
        yaml_1_1_ambiguous(text)
    };
    if !ambiguous {
        return false;
    }
    // Strings the emitter quotes already keep their quotes (and the
    // documents their bytes).
    let alone = serde_yaml::to_string(&Value::String(text.to_string())).unwrap_or_default();
    !(alone.starts_with('\'') || alone.starts_with('"'))
}

/// A cheap test that rules out most strings before the patterns of
/// [`yaml_1_1_ambiguous`] run: every string they match is empty or starts
/// with one of these characters (`_1` is an integer to Go's yaml.v2), and
/// one that starts with a letter is one of the words of at most eight
/// letters (`infinity`).
fn may_be_yaml_1_1_ambiguous(text: &str) -> bool {
    match text.as_bytes().first() {
        None => true,
        Some(b'~' | b'<' | b'=' | b'-' | b'+' | b'.' | b'_' | b'0'..=b'9') => true,
        Some(b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'i' | b'I') => {
            text.len() <= 8
        }
        Some(_) => false,
    }
}

/// [`yaml_1_1_ambiguous`] for a string that starts with a letter: only
/// three of its patterns match such a string (the bool and null words,
/// `inf`/`infinity`/`nan` in any case), and short keys and values of this
/// shape (`type`, `format`, `items`, `integer`) are most of a document's
/// strings, so they are compared with the words instead of running every
/// pattern.
fn is_yaml_1_1_word(text: &str) -> bool {
    const WORDS: [&str; 27] = [
        "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
        "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N", "null", "Null", "NULL", "", "~",
    ];
    WORDS.contains(&text)
        || ["inf", "infinity", "nan"]
            .iter()
            .any(|word| text.eq_ignore_ascii_case(word))
}

/// Whether a plain scalar with this text resolves to something other than
/// a string in YAML 1.1: PyYAML's implicit resolvers (bool, int, float,
/// null, timestamp, merge, value), the spec's `y`/`n`, and what Go's
/// yaml.v2 hands to `strconv` (`_` removed, base prefixes, `inf`, `nan`).
fn yaml_1_1_ambiguous(text: &str) -> bool {
    static PATTERNS: OnceLock<Vec<Regex>> = OnceLock::new();
    let patterns = PATTERNS.get_or_init(|| {
        [
            r"^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|y|Y|n|N)$",
            r"^(?:~|null|Null|NULL|)$",
            r"^(?:<<|=)$",
            r"^[-+]?(?:0b[0-1_]+|0[0-7_]+|(?:0|[1-9][0-9_]*)|0x[0-9a-fA-F_]+|[1-9][0-9_]*(?::[0-5]?[0-9])+)$",
            r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
            r"^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$",
            r"^[-+]?(?:0[xXoObB][0-9a-fA-F_]+|[0-9_]*\.?[0-9_]+(?:[eE][-+]?[0-9_]+)?|[0-9_]+\.(?:[eE][-+]?[0-9_]+)?|0[xX][0-9a-fA-F_]*\.?[0-9a-fA-F_]*[pP][-+]?[0-9]+)$",
            r"^(?i:[-+]?\.?(?:inf|infinity|nan))$",
        ]
        .iter()
        .filter_map(|pattern| Regex::new(pattern).ok())
        .collect()
    });
    patterns.iter().any(|pattern| pattern.is_match(text))
}

/// A YAML double-quoted scalar: JSON's escapes, plus the characters YAML
/// 1.1 reads as line breaks or that are not printable.
fn double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    push_double_quoted(text, &mut out);
    out
}

/// [`double_quoted`], appended to `out`.
pub(crate) fn push_double_quoted(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if c.is_control() || c == '\u{feff}' || ('\u{fffe}'..='\u{ffff}').contains(&c) => {
                if u32::from(c) <= 0xff {
                    out.push_str(&format!("\\x{:02x}", u32::from(c)));
                } else {
                    out.push_str(&format!("\\u{:04x}", u32::from(c)));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_insertion_order() {
        let value: Value = Obj::new().set("b", 1).set("a", "x").into();
        assert_eq!(
            serde_yaml::to_string(&value).unwrap_or_default(),
            "b: 1\na: x\n"
        );
        let json = serde_json::json!({"n": -1, "f": 1.5, "l": [true, null]});
        let text = serde_yaml::to_string(&from_json(&json)).unwrap_or_default();
        assert!(text.contains("n: -1") && text.contains("f: 1.5"), "{text}");
        assert_eq!(
            render("a\nb", Obj::new().set("k", "v").into()),
            Ok("# a\n# b\nk: v\n".to_string())
        );
    }

    /// Strings YAML 1.1 or 1.2 readers resolve to something else when plain.
    const TRICKY: &[&str] = &[
        "on",
        "On",
        "OFF",
        "yes",
        "NO",
        "y",
        "N",
        "~",
        "null",
        "",
        "true",
        "2025-01-01",
        "2001-12-14t21:59:43.10-05:00",
        "<<",
        "=",
        "0x1F",
        "0o17",
        "0b101",
        "017",
        "1_000",
        ".inf",
        "-.INF",
        ".NaN",
        "+inf",
        "nan",
        "1:20",
        "190:20:30.15",
        "1e3",
        "1.5",
        "-0",
        "6.8523015e+5",
        "a\u{2028}b",
        "\u{2029}",
        "x\u{85}y",
        "\u{feff}bom",
        "#x",
        "- a",
        "a: b",
        "'q'",
        "\"d\"",
        " lead",
        "trail ",
        "multi\nline\n",
        "tab\there",
        "@x",
        "`x",
        "%x",
        "!x",
        "&x",
        "*x",
        "?",
        ":",
        "-",
        "[x]",
        "{x}",
        "|",
        ">",
        "a #b",
        "\\",
        "Note: the body",
        "ends with:",
        "ends with ",
        "#x: y",
        "a: b #c",
        "It's: quoted",
        "_x #",
    ];

    fn tricky_string() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop_oneof![
            4 => proptest::sample::select(TRICKY).prop_map(str::to_string),
            4 => "[-+._:0-9a-fA-FxXoObBeEnNyY~<=#' \"\\\\\t\n\u{2028}\u{2029}\u{85}]{0,10}",
            4 => any::<String>(),
            // Long, past the simple keys' 128 bytes, and quoted with
            // escapes past the implicit keys' 1,024 characters.
            1 => ("[a-z#:\"\u{85}\u{2028}]{1,4}", 40..400usize)
                .prop_map(|(part, times)| part.repeat(times)),
        ]
    }

    /// A document with every string as a key, as a value and in a list.
    fn document(strings: &[String]) -> Value {
        let mut obj = Obj::new();
        for (index, string) in strings.iter().enumerate() {
            obj.insert(string, Value::from(index as u64));
            obj.insert(&format!("v{index}"), string.as_str());
        }
        obj.set("list", super::strings(strings)).into()
    }

    /// The word test agrees with the patterns on strings that start with a
    /// letter: every case variant of the words and their neighbours, and
    /// random short strings.
    #[test]
    fn words_agree_with_the_patterns() {
        use proptest::strategy::{Strategy, ValueTree};
        use proptest::test_runner::TestRunner;
        let mut texts: Vec<String> = Vec::new();
        for word in [
            "yes", "no", "true", "false", "on", "off", "y", "n", "null", "inf", "infinity", "nan",
        ] {
            let chars: Vec<char> = word.chars().collect();
            // Every upper/lower mix of the word, and the word with a suffix.
            for mask in 0u32..(1 << chars.len()) {
                let mixed: String = chars
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        if mask & (1 << i) == 0 {
                            *c
                        } else {
                            c.to_ascii_uppercase()
                        }
                    })
                    .collect();
                texts.push(format!("{mixed}s"));
                texts.push(mixed);
            }
        }
        let mut runner = TestRunner::default();
        let strategy = "[a-zA-Z][a-zA-Z0-9._:-]{0,8}";
        for _ in 0..5000 {
            texts.push(strategy.new_tree(&mut runner).expect("tree").current());
        }
        for text in &texts {
            assert_eq!(is_yaml_1_1_word(text), yaml_1_1_ambiguous(text), "{text}");
        }
    }

    #[test]
    fn ambiguous_strings_are_quoted() {
        for text in [
            "on",
            "yes",
            "NO",
            "y",
            "off",
            "2025-01-01",
            "<<",
            "=",
            "0x1F",
            "1_000",
            ".inf",
            "1:20",
        ] {
            let out = to_text(&Obj::new().set(text, text).into()).unwrap_or_default();
            let quoted = |q: char| out == format!("{q}{text}{q}: {q}{text}{q}\n");
            assert!(quoted('"') || quoted('\''), "{out}");
        }
        let out = to_text(&Obj::new().set("k", "a\u{2028}b").into()).unwrap_or_default();
        assert_eq!(out, "k: \"a\\Lb\"\n");
        // Ordinary strings keep the emitter's style.
        let out = to_text(&Obj::new().set("version", "1.0.0").set("t", "true").into());
        assert_eq!(out.as_deref(), Ok("version: 1.0.0\nt: 'true'\n"));
    }

    /// A long key that must be quoted is written as a complex key (`? `):
    /// as an implicit key its escapes took it past YAML's 1,024 characters,
    /// which readers refuse (an OAuth scope written with `\u0085`s).
    #[test]
    fn a_long_quoted_key_is_a_complex_key() {
        let long = "order\u{85}# c".repeat(120);
        let mut inner = Obj::new().set("a", "b");
        inner.insert(&long, "c");
        let mut value = Obj::new();
        value.insert(&long, "v");
        value.insert(&format!("{long}2"), inner.clone());
        value.insert("list", Value::Sequence(vec![inner.into()]));
        let value: Value = value.into();
        let text = to_text(&value).unwrap_or_default();
        assert!(text.starts_with("? \"order\\N# c"), "{text}");
        let back: Value = serde_yaml::from_str(&text).unwrap_or(Value::Null);
        assert_eq!(back, value, "{text}");
    }

    /// Random strings, tricky ones first, read back equal by a YAML 1.2
    /// reader (serde_yaml) and, in one batch, by a YAML 1.1 reader (PyYAML).
    #[test]
    fn strings_read_back_equal_in_yaml_1_1_and_1_2() {
        use proptest::strategy::{Strategy, ValueTree};
        use proptest::test_runner::{Config, TestRunner};
        let mut runner = TestRunner::new(Config {
            cases: 64,
            ..Config::default()
        });
        let strategy = proptest::collection::vec(tricky_string(), 1..12);
        let mut cases: Vec<Vec<String>> = vec![TRICKY.iter().map(|s| s.to_string()).collect()];
        for _ in 0..64 {
            let Ok(tree) = strategy.new_tree(&mut runner) else {
                continue;
            };
            let mut strings = tree.current();
            strings.sort();
            strings.dedup();
            cases.push(strings);
        }
        let mut texts = Vec::new();
        for strings in &cases {
            let value = document(strings);
            let text = to_text(&value).unwrap_or_default();
            let back: Value = serde_yaml::from_str(&text).unwrap_or(Value::Null);
            assert_eq!(back, value, "YAML 1.2 reads otherwise:\n{text}");
            texts.push(text);
        }
        let read = read_with_pyyaml(&texts);
        for ((strings, text), back) in cases.iter().zip(&texts).zip(read) {
            assert_eq!(
                back,
                to_json(&document(strings)),
                "PyYAML reads otherwise:\n{text}"
            );
        }
    }

    /// A random document: nested mappings and sequences (empty ones too) of
    /// tricky, ordinary, multi-line and long strings, numbers, booleans and
    /// nulls, with tricky and ordinary keys.
    fn random_document() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        let text = prop_oneof![
            3 => tricky_string(),
            3 => "[a-zA-Z_/$#][a-zA-Z0-9 _./{}#:'-]{0,20}",
            2 => "[a-z :#|>-]{0,8}(\n[ a-z:#]{0,8}){1,4}\n{0,3}",
            1 => "[a-z ]{120,140}",
        ];
        let leaf = prop_oneof![
            6 => text.clone().prop_map(Value::String),
            1 => any::<i64>().prop_map(|n| Value::Number(n.into())),
            1 => any::<u64>().prop_map(|n| Value::Number(n.into())),
            1 => any::<f64>().prop_map(|n| Value::Number(n.into())),
            1 => any::<bool>().prop_map(Value::Bool),
            1 => Just(Value::Null),
        ];
        let key = prop_oneof![
            1 => tricky_string(),
            3 => "[a-zA-Z_/$#'][a-zA-Z0-9 _./{}#:'-]{0,20}",
        ];
        let mapping = move |inner: BoxedStrategy<Value>, size| {
            proptest::collection::vec((key.clone(), inner), size).prop_map(|entries| {
                let mut mapping = Mapping::new();
                for (key, item) in entries {
                    mapping.insert(Value::String(key), item);
                }
                Value::Mapping(mapping)
            })
        };
        let inner_mapping = mapping.clone();
        let tree = leaf.prop_recursive(4, 48, 6, move |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..5).prop_map(Value::Sequence),
                inner_mapping(inner, 0..6),
            ]
        });
        prop_oneof![
            4 => mapping(tree.clone().boxed(), 1..6),
            1 => proptest::collection::vec(tree, 1..5).prop_map(Value::Sequence),
        ]
    }

    /// The direct writer writes what the general path writes, byte for byte,
    /// for every document it accepts, and it accepts most of them.
    #[test]
    fn direct_writer_matches_the_general_path() {
        use proptest::strategy::{Strategy, ValueTree};
        use proptest::test_runner::{Config, TestRunner};
        let mut runner = TestRunner::new(Config {
            cases: 2000,
            ..Config::default()
        });
        let strategy = random_document();
        let (mut written, mut handed_back) = (0, 0);
        for _ in 0..2000 {
            let Ok(tree) = strategy.new_tree(&mut runner) else {
                continue;
            };
            let document = tree.current();
            let general = to_text_by_placeholders(&document);
            match crate::yaml_emit::write(&document) {
                Ok(text) => {
                    written += 1;
                    assert_eq!(Ok(text), general, "{document:?}");
                }
                Err(_) => handed_back += 1,
            }
        }
        assert!(
            written > 2 * handed_back,
            "{written} written, {handed_back} handed back"
        );
    }

    /// A document shaped like the targets' output is written directly.
    #[test]
    fn target_documents_are_written_directly() {
        let schema = Obj::new()
            .set("type", "object")
            .set("required", strings(["id", "on"]))
            .set(
                "properties",
                Obj::new()
                    .set("id", reference("#/components/schemas/OrderId"))
                    .set(
                        "on",
                        Obj::new().set("type", "boolean").set("default", false),
                    )
                    .set(
                        "note",
                        Obj::new().set("description", "First line.\n\nSecond: more.\n"),
                    ),
            );
        let document: Value = Obj::new()
            .set("openapi", "3.1.0")
            .set(
                "info",
                Obj::new()
                    .set("title", "Orders API")
                    .set("version", "1.0.0"),
            )
            .set(
                "paths",
                Obj::new().set(
                    "/orders/{id}",
                    Obj::new().set(
                        "responses",
                        Obj::new().set("200", Obj::new().set("description", "OK")),
                    ),
                ),
            )
            .set(
                "components",
                Obj::new().set("schemas", Obj::new().set("Order", schema)),
            )
            .into();
        let direct = crate::yaml_emit::write(&document);
        assert!(direct.is_ok(), "{direct:?}");
        assert_eq!(
            direct,
            Ok(to_text_by_placeholders(&document).unwrap_or_default())
        );
    }

    /// The documents as PyYAML's `safe_load` reads them, in one process.
    fn read_with_pyyaml(texts: &[String]) -> Vec<serde_json::Value> {
        use std::io::Write;
        use std::process::{Command, Stdio};
        let script = "import sys, json, yaml\n\
            docs = json.load(sys.stdin)\n\
            json.dump([yaml.safe_load(d) for d in docs], sys.stdout, ensure_ascii=True)\n";
        let child = Command::new("python3")
            .args(["-c", script])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn();
        let Ok(mut child) = child else {
            panic!("python3 with PyYAML is needed (`.ci/run` installs it)");
        };
        let input = serde_json::to_vec(texts).unwrap_or_default();
        if let Some(mut stdin) = child.stdin.take() {
            stdin.write_all(&input).unwrap_or_default();
        }
        let output = child.wait_with_output().expect("python3 runs");
        assert!(output.status.success(), "PyYAML failed");
        serde_json::from_slice(&output.stdout).expect("PyYAML's JSON")
    }
}
