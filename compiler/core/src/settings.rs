//! `[targets]` in `weft.toml`, read and validated while checking: each
//! target declares its settings as a typed struct
//! ([`weft_targets::TargetSettings`]); every problem becomes a diagnostic
//! with an `E8xx` code that points at the offending key or value in
//! `weft.toml`. Checking them here rather than when a target runs means a
//! misspelt setting fails `weft check` (and an editor shows it), not only
//! `weft build`.

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;
use std::ops::Range;
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
        // Spans are looked up only when something is wrong: a second,
        // span-keeping pass over the text.
        let tree = toml::from_str::<Tree>(text).unwrap_or_default();
        let targets = tree.entry("targets");
        problems
            .into_iter()
            .map(|problem| diagnostic(file, targets, problem))
            .collect()
    })
}

fn diagnostic(file: FileId, targets: Option<&Entry>, problem: SettingProblem) -> Diagnostic {
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
fn locate(targets: Option<&Entry>, path: &[String], on_key: bool) -> Range<usize> {
    let Some(mut entry) = targets else {
        return 0..0;
    };
    let mut found = false;
    for segment in path {
        match entry.value.entry(segment) {
            Some(next) => {
                entry = next;
                found = true;
            }
            None => break,
        }
    }
    if !found {
        return entry.key.clone();
    }
    if on_key {
        entry.key.clone()
    } else {
        entry.span.clone()
    }
}

/// A TOML document with the byte ranges of its keys and values: tables
/// become entries, every other value a leaf.
#[derive(Debug, Default)]
struct Tree(Vec<Entry>);

#[derive(Debug)]
struct Entry {
    name: String,
    /// The key's range, or the value's when the key's is not known.
    key: Range<usize>,
    /// The value's range (empty for a table made implicitly by a header
    /// such as `[targets.openapi]`, which has no text of its own).
    span: Range<usize>,
    value: Tree,
}

impl Tree {
    fn entry(&self, name: &str) -> Option<&Entry> {
        self.0.iter().find(|entry| entry.name == name)
    }
}

impl<'de> Deserialize<'de> for Tree {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Tree, D::Error> {
        deserializer
            .deserialize_any(NodeVisitor)
            .map(|node| node.tree)
    }
}

// `toml::Spanned` fails on values that have no span (a table made by a
// header such as `[targets.openapi]`), so spans are asked for the way
// `Spanned` asks (these are `serde_spanned`'s names), and a value without
// one is read as it is.
const SPANNED: &str = "$__serde_spanned_private_Spanned";
const START: &str = "$__serde_spanned_private_start";
const END: &str = "$__serde_spanned_private_end";
const VALUE: &str = "$__serde_spanned_private_value";
const FIELDS: &[&str] = &[START, END, VALUE];

/// A value with its range, if the deserializer knows it.
#[derive(Debug, Default)]
struct Node {
    span: Option<Range<usize>>,
    tree: Tree,
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_struct(SPANNED, FIELDS, NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any TOML value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Node, E> {
        Ok(Node::default())
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Node, E> {
        Ok(Node::default())
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Node, E> {
        Ok(Node::default())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Node, E> {
        Ok(Node::default())
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Node, E> {
        Ok(Node::default())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Node::default())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let Some(first) = map.next_key::<Key>()? else {
            return Ok(Node::default());
        };
        if first.name == START {
            let start: usize = map.next_value()?;
            let mut end = start;
            let mut tree = Tree::default();
            while let Some(key) = map.next_key::<Key>()? {
                if key.name == END {
                    end = map.next_value()?;
                } else {
                    tree = map.next_value::<Tree>()?;
                }
            }
            return Ok(Node {
                span: Some(start..end),
                tree,
            });
        }
        let mut entries = Vec::new();
        let mut key = Some(first);
        while let Some(Key {
            name,
            span: key_span,
        }) = key
        {
            let value = map.next_value::<Node>()?;
            let span = value.span.unwrap_or(0..0);
            entries.push(Entry {
                name,
                key: key_span.unwrap_or_else(|| span.clone()),
                span,
                value: value.tree,
            });
            key = map.next_key::<Key>()?;
        }
        Ok(Node {
            span: None,
            tree: Tree(entries),
        })
    }
}

/// A key with its range, if the deserializer knows it.
struct Key {
    name: String,
    span: Option<Range<usize>>,
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_struct(SPANNED, FIELDS, KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a TOML key")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Key, E> {
        Ok(Key {
            name: name.to_string(),
            span: None,
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Key, A::Error> {
        let mut start = 0;
        let mut end = 0;
        let mut name = String::new();
        while let Some(field) = map.next_key::<String>()? {
            match field.as_str() {
                START => start = map.next_value()?,
                END => end = map.next_value()?,
                _ => name = map.next_value()?,
            }
        }
        Ok(Key {
            name,
            span: Some(start..end),
        })
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
