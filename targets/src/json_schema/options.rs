//! What the targets that write JSON Schema do differently, as the options
//! of the one mapper. [`Options::json_schema`] is the `schemas` target's
//! (and AsyncAPI's) representation, [`Options::openapi`] OpenAPI's; every
//! field is a closed choice, so each difference is named where it applies.

use crate::openapi::text;
use weft_model::{Meta, Model, Type};

/// How weft types are written as JSON Schema for one kind of document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// The start of every `$ref` to a named type: `#/$defs/` in a JSON
    /// Schema file, `#/components/schemas/` in OpenAPI and AsyncAPI.
    pub prefix: &'static str,
    /// Whether records refuse properties they do not declare.
    pub records: Records,
    /// Whether enums with a fallback accept symbols they do not list.
    pub enums: Enums,
    /// Which `format` values are written.
    pub formats: Formats,
    /// Whether `int32` carries its bounds as `minimum`/`maximum`.
    pub int32_bounds: Int32Bounds,
    /// Where a `range` on a decimal (a string, so no `minimum` applies) goes.
    pub decimal_ranges: DecimalRanges,
    /// Where a `length` on bytes goes.
    pub byte_lengths: ByteLengths,
    /// What a `$ref` with constraints next to it gets.
    pub ref_siblings: RefSiblings,
    /// Whether the alias lookup also looks through optional markers.
    pub aliases: Aliases,
    /// How doc comments become descriptions.
    pub text: Text,
    /// Whether a named type's definition has a `title`.
    pub titles: Titles,
    /// Whether PII fields are marked.
    pub pii: Pii,
}

impl Options {
    /// JSON Schema as Schema Registry and Ajv read it: closed records, only
    /// the formats JSON Schema defines, what it cannot check said in
    /// `$comment`, doc comments as written.
    pub fn json_schema(prefix: &'static str) -> Options {
        Options {
            prefix,
            records: Records::Closed,
            enums: Enums::Closed,
            formats: Formats::JsonSchema,
            int32_bounds: Int32Bounds::Keywords,
            decimal_ranges: DecimalRanges::Comment,
            byte_lengths: ByteLengths::Comment,
            ref_siblings: RefSiblings::RepeatType,
            aliases: Aliases::KeepOptional,
            text: Text::AsWritten,
            titles: Titles::TypeName,
            pii: Pii::Omitted,
        }
    }

    /// OpenAPI 3.1 schemas: open records (a response may gain fields), the
    /// formats OpenAPI tools read, weft's own `x-weft-` extensions where
    /// JSON Schema has no keyword, descriptions made safe for Markdown
    /// renderers.
    pub fn openapi() -> Options {
        Options {
            prefix: "#/components/schemas/",
            records: Records::Open,
            enums: Enums::Closed,
            formats: Formats::OpenApi,
            int32_bounds: Int32Bounds::Omitted,
            decimal_ranges: DecimalRanges::Extension,
            byte_lengths: ByteLengths::Keywords,
            ref_siblings: RefSiblings::AsIs,
            aliases: Aliases::StripOptional,
            text: Text::SafeMarkdown,
            titles: Titles::Omitted,
            pii: Pii::Extension,
        }
    }
}

/// Whether records are closed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Records {
    /// `additionalProperties: false`: producer schemas (COMPAT.md §5.4), so
    /// that Schema Registry's JSON Schema rules accept added optional fields.
    Closed,
    /// No `additionalProperties`: reader schemas and API documents, which
    /// must accept fields added later.
    Open,
}

/// How an enum with a `@fallback` symbol is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Enums {
    /// `enum` with its symbols: producer schemas and API documents, which
    /// only ever write the symbols they know.
    Closed,
    /// Any string, with the known symbols as `examples`: reader schemas.
    /// A reader maps a symbol it does not know to the fallback (the
    /// compatibility rules let a producer add symbols to such an enum,
    /// W161), so its schema must not refuse the value.
    OpenWithFallback,
}

/// Which `format` values are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Formats {
    /// Only JSON Schema's own (`date`, `date-time`, `duration`, `uuid`); a
    /// decimal says what it is in `$comment`.
    JsonSchema,
    /// Also `int32`, `int64`, `double` and `decimal`, from the OpenAPI
    /// format registry.
    OpenApi,
}

/// Whether `int32` is bounded in the schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Int32Bounds {
    /// `minimum`/`maximum` of the 32-bit range, which validators check.
    Keywords,
    /// None: `format: int32` says it.
    Omitted,
}

/// Where a `range` on a decimal goes: JSON Schema's `minimum` only
/// constrains numbers, and decimals are strings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecimalRanges {
    /// A `$comment` naming the range.
    Comment,
    /// `x-weft-minimum` / `x-weft-maximum`, with the bounds as written.
    Extension,
}

/// Where a `length` on bytes goes: the schema sees base64 text, not bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ByteLengths {
    /// A `$comment` naming the length before encoding.
    Comment,
    /// `minLength` / `maxLength`, as written.
    Keywords,
}

/// What a `$ref` with constraints next to it gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefSiblings {
    /// The constraint's JSON `type` is repeated, as Ajv's strict mode wants.
    RepeatType,
    /// Nothing more.
    AsIs,
}

/// How the type behind aliases is looked up (for constraints, defaults and
/// map keys).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Aliases {
    /// An optional marker stops the lookup (`T?` is not looked through).
    KeepOptional,
    /// Optional markers are looked through, on the way and at the start.
    StripOptional,
}

impl Aliases {
    /// The type behind a chain of aliases (the model's one alias walk).
    pub fn underlying<'a>(self, model: &'a Model, ty: &'a Type) -> &'a Type {
        match self {
            Aliases::KeepOptional => model.unaliased(ty),
            Aliases::StripOptional => model.underlying(ty),
        }
    }

    /// The type itself, or without its optional marker.
    pub fn strip(self, ty: &Type) -> &Type {
        match self {
            Aliases::KeepOptional => ty,
            Aliases::StripOptional => ty.required(),
        }
    }
}

/// How doc comments become descriptions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Text {
    /// As written (trimmed); a deprecation reason follows as `Deprecated:
    /// reason`, and nothing is added for a deprecation without a reason.
    AsWritten,
    /// Made safe for Markdown renderers (as OpenAPI descriptions are); a deprecation
    /// without a reason still says `Deprecated.`.
    SafeMarkdown,
}

impl Text {
    /// A doc comment followed by its deprecation note; `None` when both are
    /// empty.
    pub fn described(self, doc: &str, deprecated: Option<&str>) -> Option<String> {
        let doc = doc.trim();
        let (doc, note) = match self {
            Text::AsWritten => (
                (!doc.is_empty()).then(|| doc.to_string()),
                deprecated
                    .map(str::trim)
                    .filter(|reason| !reason.is_empty())
                    .map(|reason| format!("Deprecated: {reason}")),
            ),
            Text::SafeMarkdown => (
                text::description(doc),
                deprecated.map(|reason| match reason.trim() {
                    "" => "Deprecated.".to_string(),
                    reason => format!("Deprecated: {}", text::markdown(reason)),
                }),
            ),
        };
        match (doc, note) {
            (Some(doc), Some(note)) => Some(format!("{doc}\n\n{note}")),
            (doc, note) => doc.or(note),
        }
    }

    /// The line of an enum's description about one symbol, on one line;
    /// `None` for a symbol without docs or deprecation.
    pub fn symbol_note(self, meta: &Meta) -> Option<String> {
        let one_line = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
        match self {
            Text::AsWritten => {
                let mut parts = Vec::new();
                let doc = one_line(&meta.doc);
                if !doc.is_empty() {
                    parts.push(doc);
                }
                if let Some(reason) = &meta.deprecated {
                    parts.push(match reason.trim() {
                        "" => "deprecated".to_string(),
                        reason => format!("deprecated: {reason}"),
                    });
                }
                (!parts.is_empty()).then(|| parts.join("; "))
            }
            Text::SafeMarkdown => {
                if meta.doc.trim().is_empty() && meta.deprecated.is_none() {
                    return None;
                }
                let text = self
                    .described(&meta.doc, meta.deprecated.as_deref())
                    .unwrap_or_default();
                Some(one_line(&text))
            }
        }
    }

    /// The sentence of an enum's description about symbols readers do not
    /// know.
    pub fn fallback_note(self, fallback: &str) -> String {
        match self {
            Text::AsWritten => format!("Readers map symbols they do not know to `{fallback}`."),
            Text::SafeMarkdown => format!(
                "More symbols may be added; readers treat symbols they do not know as \
                 `{fallback}`."
            ),
        }
    }
}

/// Whether PII fields are marked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pii {
    /// Not at all.
    Omitted,
    /// `x-weft-pii: true`.
    Extension,
}

/// Whether a named type's definition carries its name as `title`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Titles {
    /// `title: Name`.
    TypeName,
    /// No title.
    Omitted,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_per_text_option() {
        let doc = "Shipped.\n<script>x</script>";
        assert_eq!(
            Text::AsWritten.described(doc, Some("")),
            Some(doc.to_string())
        );
        assert_eq!(
            Text::SafeMarkdown.described(doc, Some("")),
            Some("Shipped.\n&lt;script>x</script>\n\nDeprecated.".to_string())
        );
        let meta = Meta::new(
            "Gone\nfor good.".to_string(),
            Some("use CLOSED".to_string()),
            Vec::new(),
            weft_base::Span::default(),
        );
        assert_eq!(
            Text::AsWritten.symbol_note(&meta),
            Some("Gone for good.; deprecated: use CLOSED".to_string())
        );
        assert_eq!(
            Text::SafeMarkdown.symbol_note(&meta),
            Some("Gone for good. Deprecated: use CLOSED".to_string())
        );
    }
}
