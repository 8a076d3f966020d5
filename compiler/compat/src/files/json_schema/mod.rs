//! JSON Schema file mode: parse both documents ([`parse`]) and compare them
//! in each direction the mode asks for ([`compare`]), with Confluent Schema
//! Registry's rules under its default policy, for draft-07 and 2020-12.
//!
//! Compared: `type` (one or several; a schema without `type` accepts any
//! value, its keywords constraining only the types they apply to),
//! `properties`, `required`, `additionalProperties` (boolean or schema),
//! `patternProperties`, `propertyNames`, `minProperties`, `maxProperties`,
//! `dependencies` (draft-07, array or schema), `dependentRequired`,
//! `dependentSchemas`, `unevaluatedProperties` (as `additionalProperties`
//! where that is absent), `enum`, `const`, `minLength`, `maxLength`,
//! `pattern`, `format` (warning only), `minimum`, `maximum`,
//! `exclusiveMinimum`, `exclusiveMaximum` (numeric or draft-04 boolean),
//! `multipleOf`, `items` (one schema, or a draft-07 tuple), `prefixItems`,
//! `additionalItems`, `unevaluatedItems` (as the other elements where
//! `items` is absent), `contains`, `minContains`, `maxContains`,
//! `minItems`, `maxItems`, `uniqueItems`, `anyOf`/`oneOf` (compared as
//! sums), `allOf` (a product: the reader may only drop subschemas), `not`
//! (the reader may only exclude less), `default`, and `$ref` to anywhere in
//! the same document (`$defs`, `definitions`, `#`). Annotations (`title`,
//! `description`, `$id`, `examples`, …) never matter.
//!
//! Not compared: `if`/`then`/`else`, dynamic and recursive references,
//! `$vocabulary`, remote `$ref`. Each one used is reported once per file
//! as a warning (`W245`), so a "compatible" verdict never hides it, and the
//! warning never changes a verdict: two subschemas with the same text are
//! compatible whatever keywords they hold.

pub mod compare;
mod constraints;
mod objects;
pub mod parse;

use super::{Direction, Finding, FindingBuilder, Location, Sides};
use weft_base::codes;

/// Parses both files and returns the warnings about unsupported keywords,
/// then the findings of every direction in the order given.
pub fn compare(
    old: &str,
    new: &str,
    sides: Sides<'_>,
    directions: &[Direction],
) -> Result<Vec<Finding>, String> {
    let old_document = parse::parse(old).map_err(|error| format!("{}: {error}", sides.old))?;
    let new_document = parse::parse(new).map_err(|error| format!("{}: {error}", sides.new))?;
    if directions.is_empty() {
        return Ok(Vec::new());
    }
    let root = root_name(&new_document, sides.new);
    let mut findings = unsupported(
        [(&old_document, sides.old), (&new_document, sides.new)],
        &root,
    );
    for direction in directions {
        findings.extend(compare::check(
            &old_document,
            &new_document,
            *direction,
            sides,
            &root,
        ));
    }
    Ok(findings)
}

/// The path root: the new document's `title` when it is a plain name, else
/// the file name without its extension.
fn root_name(document: &parse::Document, file: &str) -> String {
    if let Some(title) = &document.title {
        if !title.is_empty()
            && title
                .chars()
                .all(|character| character.is_alphanumeric() || character == '_')
        {
            return title.clone();
        }
    }
    let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
    base.split('.').next().unwrap_or(base).to_string()
}

/// One warning per unsupported keyword, naming the files that use it and
/// where it is first used.
fn unsupported(documents: [(&parse::Document, &str); 2], root: &str) -> Vec<Finding> {
    let mut keywords: Vec<&str> = Vec::new();
    for (document, _) in &documents {
        for entry in &document.unsupported {
            if !keywords.contains(&entry.keyword.as_str()) {
                keywords.push(&entry.keyword);
            }
        }
    }
    let mut findings = Vec::new();
    for keyword in keywords {
        let mut uses = Vec::new();
        let mut first: Option<&str> = None;
        for (document, file) in &documents {
            let entries: Vec<&parse::Unsupported> = document
                .unsupported
                .iter()
                .filter(|entry| entry.keyword == keyword)
                .collect();
            if let Some(entry) = entries.first() {
                first.get_or_insert(entry.pointer.as_str());
                let times = if entries.len() == 1 {
                    "once".to_string()
                } else {
                    format!("{} times", entries.len())
                };
                uses.push(format!("{file} ({times})"));
            }
        }
        let pointer = first.unwrap_or("/");
        let location = Location {
            path: root.to_string(),
            tokens: pointer
                .split('/')
                .filter(|token| !token.is_empty())
                .map(|token| token.replace("~1", "/").replace("~0", "~"))
                .collect(),
        };
        let shown = if keyword.contains(' ') {
            keyword.to_string()
        } else {
            format!("`{keyword}`")
        };
        findings.push(
            FindingBuilder::new(
                codes::UNSUPPORTED_SCHEMA_KEYWORD,
                "unsupported_keyword",
                &location,
            )
            .new_side(keyword)
            .message(format!(
                "{shown} is used by {}, first at {pointer}; file mode does not compare it, so a \
                 change to it is not checked.",
                uses.join(" and ")
            ))
            .help("review changes to it by hand, or express the constraint with supported keywords")
            .build(),
        );
    }
    findings
}
