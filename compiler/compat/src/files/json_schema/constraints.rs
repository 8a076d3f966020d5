//! Constraints a reader may enforce more strictly than a writer, keyword by
//! keyword as Confluent compares them: `enum`/`const` values, string
//! `maxLength`/`minLength`/`pattern` (and `format`, a warning only), numeric
//! bounds and `multipleOf`, and array `items`, `minItems`, `maxItems` and
//! `uniqueItems`. A stricter reader is a tightened constraint under BACKWARD
//! and a relaxed one under FORWARD.

use super::compare::{accepts_anything, branches, Branch, Comparer};
use super::parse::{Document, Keywords, Node};
use crate::files::{Finding, FindingBuilder, Location};
use serde_json::Value;
use weft_base::codes::{self, Code};

/// A number as JSON Schema writes it: `5`, not `5.0`.
fn show(number: f64) -> String {
    if number.fract() == 0.0 && number.abs() < 1e15 {
        format!("{}", number as i64)
    } else {
        number.to_string()
    }
}

impl<'a> Comparer<'a> {
    /// A finding for a constraint the reader enforces more strictly than the
    /// writer: tightened in BACKWARD, relaxed in FORWARD.
    /// A reader's `max…`/`min…` size bound that the writer does not
    /// guarantee: (keyword, writer's bound, reader's bound) for each.
    pub(super) fn size_bounds(
        &self,
        (max_keyword, writer_max, reader_max): (&str, Option<u64>, Option<u64>),
        (min_keyword, writer_min, reader_min): (&str, Option<u64>, Option<u64>),
        location: &Location,
    ) -> Vec<Finding> {
        let codes = (codes::LIST_SIZE_TIGHTENED, codes::LIST_SIZE_RELAXED);
        let mut findings = Vec::new();
        if let Some(limit) = reader_max {
            if writer_max.is_none_or(|written| written > limit) {
                findings.push(self.stricter(
                    codes,
                    max_keyword,
                    writer_max.map(|v| v.to_string()),
                    Some(limit.to_string()),
                    location,
                ));
            }
        }
        if let Some(limit) = reader_min {
            if limit > 0 && writer_min.is_none_or(|written| written < limit) {
                findings.push(self.stricter(
                    codes,
                    min_keyword,
                    writer_min.map(|v| v.to_string()),
                    Some(limit.to_string()),
                    location,
                ));
            }
        }
        findings
    }

    pub(super) fn stricter(
        &self,
        codes: (Code, Code),
        keyword: &str,
        writer_value: Option<String>,
        reader_value: Option<String>,
        location: &Location,
    ) -> Finding {
        let (tightened, relaxed) = codes;
        let (old, new) = self.old_new(writer_value, reader_value);
        let show = |value: &Option<String>| value.clone().unwrap_or_else(|| "none".to_string());
        let at_path = location.token(keyword);
        let builder = if self.direction.reader_is_new {
            FindingBuilder::new(tightened, "constraint_tightened", &at_path)
                .message(format!(
                    "{} constraint tightened ({keyword} {}→{}): data from producers on {} may be \
                     rejected by consumers on {}.",
                    location.path,
                    show(&old),
                    show(&new),
                    self.sides.old,
                    self.sides.new
                ))
                .help(format!(
                    "keep the old {keyword}, or upgrade producers first (FORWARD)"
                ))
        } else {
            FindingBuilder::new(relaxed, "constraint_relaxed", &at_path)
                .message(format!(
                    "{} constraint relaxed ({keyword} {}→{}): consumers on {} still validate \
                     against the stricter {keyword} and may reject data from producers on {}.",
                    location.path,
                    show(&old),
                    show(&new),
                    self.sides.old,
                    self.sides.new
                ))
                .help(format!(
                    "upgrade consumers first (BACKWARD), or keep the old {keyword}"
                ))
        };
        builder.sides(show(&old), show(&new)).build()
    }

    pub(super) fn enumeration(
        &self,
        writer: &Keywords,
        reader: &Keywords,
        location: &Location,
    ) -> Vec<Finding> {
        let Some(allowed) = &reader.enumeration else {
            return Vec::new();
        };
        let render = |values: &[Value]| {
            values
                .iter()
                .map(Value::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        };
        let missing: Vec<Value> = match &writer.enumeration {
            Some(written) => written
                .iter()
                .filter(|value| !allowed.contains(value))
                .cloned()
                .collect(),
            None => Vec::new(),
        };
        let restricted = writer.enumeration.is_none();
        if missing.is_empty() && !restricted {
            return Vec::new();
        }
        let at = location.token("enum");
        let writer_values = writer
            .enumeration
            .as_deref()
            .map_or_else(|| "any value".to_string(), render);
        let (old, new) = self.old_new(writer_values, render(allowed));
        let what = if restricted {
            "values restricted to an enum".to_string()
        } else {
            render(&missing)
        };
        let builder = if self.direction.reader_is_new {
            FindingBuilder::new(codes::ENUM_SYMBOL_REMOVED, "enum_value_removed", &at).message(
                format!(
                    "{} lost enum values ({what}): data from producers on {} may contain them.",
                    location.path, self.sides.old
                ),
            )
        } else {
            FindingBuilder::new(codes::ENUM_SYMBOL_ADDED, "enum_value_added", &at).message(format!(
                "{} gained enum values ({what}): consumers on {} reject them.",
                location.path, self.sides.old
            ))
        };
        vec![builder
            .sides(old, new)
            .help("keep the enum values, or upgrade consumers first (BACKWARD) when adding")
            .build()]
    }

    pub(super) fn string(
        &self,
        writer: &Keywords,
        reader: &Keywords,
        location: &Location,
    ) -> Vec<Finding> {
        let codes = (
            codes::STRING_CONSTRAINT_TIGHTENED,
            codes::STRING_CONSTRAINT_RELAXED,
        );
        let mut findings = Vec::new();
        if let Some(limit) = reader.max_length {
            if writer.max_length.is_none_or(|written| written > limit) {
                findings.push(self.stricter(
                    codes,
                    "maxLength",
                    writer.max_length.map(|v| v.to_string()),
                    Some(limit.to_string()),
                    location,
                ));
            }
        }
        if let Some(limit) = reader.min_length {
            if limit > 0 && writer.min_length.is_none_or(|written| written < limit) {
                findings.push(self.stricter(
                    codes,
                    "minLength",
                    writer.min_length.map(|v| v.to_string()),
                    Some(limit.to_string()),
                    location,
                ));
            }
        }
        if let Some(pattern) = &reader.pattern {
            if writer.pattern.as_ref() != Some(pattern) {
                findings.push(self.stricter(
                    codes,
                    "pattern",
                    writer.pattern.clone(),
                    Some(pattern.clone()),
                    location,
                ));
            }
        }
        if let Some(format) = &reader.format {
            if writer.format.as_ref() != Some(format) {
                let (old, new) = self.old_new(writer.format.clone(), Some(format.clone()));
                let show = |value: Option<String>| value.unwrap_or_else(|| "none".to_string());
                let (old, new) = (show(old), show(new));
                findings.push(
                    FindingBuilder::new(codes::JSON_FORMAT_CHANGED, "format_changed", location)
                        .sides(old.clone(), new.clone())
                        .message(format!(
                            "the format of {} changed {old}→{new}: Confluent's checker ignores \
                             `format`, so this passes, but consumers that validate formats may \
                             reject data written under the other format.",
                            location.path
                        ))
                        .help("keep the format, or make sure consumers do not validate it")
                        .build(),
                );
            }
        }
        findings
    }

    pub(super) fn numeric(
        &self,
        writer: &Keywords,
        reader: &Keywords,
        location: &Location,
    ) -> Vec<Finding> {
        let codes = (codes::RANGE_NARROWED, codes::RANGE_WIDENED);
        let mut findings = Vec::new();
        let uppers = [
            ("maximum", writer.maximum, reader.maximum),
            (
                "exclusiveMaximum",
                writer.exclusive_maximum,
                reader.exclusive_maximum,
            ),
        ];
        for (keyword, written, read) in uppers {
            if let Some(limit) = read {
                if written.is_none_or(|value| value > limit) {
                    findings.push(self.stricter(
                        codes,
                        keyword,
                        written.map(show),
                        Some(show(limit)),
                        location,
                    ));
                }
            }
        }
        let lowers = [
            ("minimum", writer.minimum, reader.minimum),
            (
                "exclusiveMinimum",
                writer.exclusive_minimum,
                reader.exclusive_minimum,
            ),
        ];
        for (keyword, written, read) in lowers {
            if let Some(limit) = read {
                if written.is_none_or(|value| value < limit) {
                    findings.push(self.stricter(
                        codes,
                        keyword,
                        written.map(show),
                        Some(show(limit)),
                        location,
                    ));
                }
            }
        }
        if let Some(step) = reader.multiple_of {
            let divides = writer.multiple_of.is_some_and(|written| {
                let ratio = written / step;
                step != 0.0 && (ratio - ratio.round()).abs() < 1e-9
            });
            if !divides {
                findings.push(self.stricter(
                    codes,
                    "multipleOf",
                    writer.multiple_of.map(show),
                    Some(show(step)),
                    location,
                ));
            }
        }
        findings
    }

    pub(super) fn array(
        &mut self,
        writer: &'a Keywords,
        reader: &'a Keywords,
        location: &Location,
    ) -> Vec<Finding> {
        let mut findings = self.tuple(writer, reader, location);
        findings.extend(self.contains(writer, reader, location));
        if let Some(reader_items) = reader
            .items
            .filter(|_| writer.prefix_items.len() <= reader.prefix_items.len())
        {
            let elements = location.elements("items");
            match writer.items {
                Some(writer_items) => {
                    findings.extend(self.compare(writer_items, reader_items, &elements))
                }
                None if matches!(self.reader.node(reader_items), Node::Bool(false)) => {
                    findings.push(self.narrowed(
                        &elements,
                        "the schema of the other elements".to_string(),
                        "elements".to_string(),
                    ));
                }
                None if !accepts_anything(self.reader, reader_items) => {
                    let reader_branches = branches(self.reader, reader_items);
                    findings.extend(self.compare_sums(
                        &[Branch::Anything],
                        &reader_branches,
                        &elements,
                    ));
                }
                None => {}
            }
        }
        findings.extend(self.size_bounds(
            (
                "maxItems",
                writer.max_items.or(closed_length(self.writer, writer)),
                reader.max_items,
            ),
            ("minItems", writer.min_items, reader.min_items),
            location,
        ));
        if reader.unique_items && !writer.unique_items {
            findings.push(self.stricter(
                (codes::LIST_SIZE_TIGHTENED, codes::LIST_SIZE_RELAXED),
                "uniqueItems",
                Some("false".to_string()),
                Some("true".to_string()),
                location,
            ));
        }
        findings
    }

    /// Tuples (`prefixItems`, draft-07 `items` as an array): each position
    /// the writer may fill must read under the reader's schema for it (its
    /// own, or the reader's schema of the other elements).
    fn tuple(
        &mut self,
        writer: &'a Keywords,
        reader: &'a Keywords,
        location: &Location,
    ) -> Vec<Finding> {
        let mut findings = Vec::new();
        if writer.prefix_items.is_empty() && reader.prefix_items.is_empty() {
            return findings;
        }
        let writer_closed = closed_length(self.writer, writer);
        let positions = writer.prefix_items.len().max(reader.prefix_items.len());
        for index in 0..positions {
            if writer_closed.is_some_and(|length| index as u64 >= length) {
                break;
            }
            let at = location.elements(reader_or_writer_tuple(writer, reader));
            let at = Location {
                path: at.path.replace("[]", &format!("[{index}]")),
                tokens: {
                    let mut tokens = at.tokens.clone();
                    tokens.push(index.to_string());
                    tokens
                },
            };
            let written = writer.prefix_items.get(index).copied().or(writer.items);
            let read = reader.prefix_items.get(index).copied().or(reader.items);
            match (written, read) {
                (_, None) => {}
                (Some(written), Some(read)) => findings.extend(self.compare(written, read, &at)),
                (None, Some(read)) => {
                    if !accepts_anything(self.reader, read) {
                        findings.push(self.narrowed(
                            &at,
                            format!("tuple position {index}"),
                            "elements".to_string(),
                        ));
                    }
                }
            }
        }
        // Past both tuples: the writer's other elements against the reader's.
        if reader.prefix_items.len() < writer.prefix_items.len() {
            if let (Some(read), false) = (reader.items, writer_closed.is_some()) {
                let elements = location.elements("items");
                match writer.items {
                    Some(written) => findings.extend(self.compare(written, read, &elements)),
                    None if !accepts_anything(self.reader, read) => findings.push(self.narrowed(
                        &elements,
                        "the schema of the other elements".to_string(),
                        "elements".to_string(),
                    )),
                    None => {}
                }
            }
        }
        findings
    }

    /// `contains`, `minContains`, `maxContains`: the reader may only ask
    /// for what the writer guaranteed.
    fn contains(
        &mut self,
        writer: &'a Keywords,
        reader: &'a Keywords,
        location: &Location,
    ) -> Vec<Finding> {
        let Some(reader_contains) = reader.contains else {
            return Vec::new();
        };
        let at = location.token("contains");
        let same_kind = match writer.contains {
            Some(writer_contains) => !self
                .compare(writer_contains, reader_contains, &at)
                .iter()
                .any(|finding| finding.severity == weft_base::Severity::Error),
            None => false,
        };
        let reader_min = reader.min_contains.unwrap_or(1);
        let mut findings = Vec::new();
        if reader_min > 0 && (!same_kind || writer.min_contains.unwrap_or(1) < reader_min) {
            findings.push(self.narrowed(
                &at,
                "`contains`/`minContains`".to_string(),
                "arrays".to_string(),
            ));
        }
        if let Some(limit) = reader.max_contains {
            let guaranteed =
                same_kind && writer.max_contains.is_some_and(|written| written <= limit);
            if !guaranteed {
                findings.push(self.narrowed(
                    &location.token("maxContains"),
                    "`maxContains`".to_string(),
                    "arrays".to_string(),
                ));
            }
        }
        findings
    }
}

/// The keyword of the tuple the pointer goes through.
fn reader_or_writer_tuple(writer: &Keywords, reader: &Keywords) -> &'static str {
    if reader.prefix_items.is_empty() {
        writer.tuple_keyword
    } else {
        reader.tuple_keyword
    }
}

/// The most elements a tuple that closes its other elements holds.
fn closed_length(document: &Document, keywords: &Keywords) -> Option<u64> {
    match keywords.items {
        Some(rest) if !keywords.prefix_items.is_empty() => {
            matches!(document.node(rest), Node::Bool(false))
                .then_some(keywords.prefix_items.len() as u64)
        }
        _ => None,
    }
}
