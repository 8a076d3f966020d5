//! [`Meta`]: docs and the annotations weft understands, on every
//! declaration and member. Most members (record fields above all) have no
//! doc, no `@deprecated` and no `@alias`, so the text is a [`Rare`] part:
//! an empty `Meta` is its span and one pointer (24 bytes instead of 88).

use super::{Empty, Rare};
use smol_str::SmolStr;
use std::fmt;
use std::ops::{Deref, DerefMut};
use weft_base::Span;

/// Docs and the annotations weft understands, shared by declarations and
/// members. Reads as its [`MetaText`] (`meta.doc`, `meta.deprecated`,
/// `meta.aliases`); serialised and printed as the text alone, as before it
/// was boxed.
#[derive(Clone, Default, PartialEq)]
pub struct Meta {
    /// Docs and annotations, boxed only when there are any.
    text: Rare<MetaText>,
    /// The whole declaration's span.
    pub span: Span,
}

/// What a [`Meta`] says besides its span.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct MetaText {
    /// The doc comment text.
    pub doc: String,
    /// `@deprecated` (with its reason, possibly empty).
    pub deprecated: Option<String>,
    /// `@alias("Old")`: earlier names. Records and enums use it to survive a
    /// rename (schema compatibility matches named types by name or alias);
    /// fields have theirs in `Field::aliases` too.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<SmolStr>,
}

impl Empty for MetaText {
    const EMPTY: &'static MetaText = &MetaText {
        doc: String::new(),
        deprecated: None,
        aliases: Vec::new(),
    };
}

impl Meta {
    /// The meta of a declaration or member spanning `span` that has no
    /// doc and no annotation weft reads (most members): nothing to compare
    /// with the empty text, nothing to box.
    pub fn empty(span: Span) -> Meta {
        Meta {
            text: Rare::default(),
            span,
        }
    }

    /// The meta of a declaration or member spanning `span`.
    pub fn new(doc: String, deprecated: Option<String>, aliases: Vec<SmolStr>, span: Span) -> Meta {
        Meta {
            text: Rare::from(MetaText {
                doc,
                deprecated,
                aliases,
            }),
            span,
        }
    }
}

impl Meta {
    /// Drops the spare capacity of its aliases, without boxing an empty text.
    pub(crate) fn shrink(&mut self) {
        if let Some(text) = self.text.filled_mut() {
            text.aliases.shrink_to_fit();
        }
    }
}

impl Deref for Meta {
    type Target = MetaText;

    fn deref(&self) -> &MetaText {
        &self.text
    }
}

impl DerefMut for Meta {
    fn deref_mut(&mut self) -> &mut MetaText {
        &mut self.text
    }
}

impl fmt::Debug for Meta {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Meta")
            .field("doc", &self.doc)
            .field("deprecated", &self.deprecated)
            .field("aliases", &self.aliases)
            .field("span", &self.span)
            .finish()
    }
}

impl serde::Serialize for Meta {
    /// As the text: the span was never serialised.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.text.serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_meta_is_small_and_serialises_as_before() {
        assert!(std::mem::size_of::<Meta>() <= 24);
        let span = Span::default();
        let empty = Meta::new(String::new(), None, Vec::new(), span);
        assert_eq!(empty, Meta::default());
        assert_eq!(Meta::empty(span), empty);
        assert_eq!(
            serde_json::to_string(&empty).ok().as_deref(),
            Some(r#"{"doc":"","deprecated":null}"#)
        );
        let mut filled = Meta::new(
            "Docs.".into(),
            Some(String::new()),
            vec!["Old".into()],
            span,
        );
        assert_eq!(
            serde_json::to_string(&filled).ok().as_deref(),
            Some(r#"{"doc":"Docs.","deprecated":"","aliases":["Old"]}"#)
        );
        filled.doc.push_str(" More.");
        assert_eq!(filled.doc, "Docs. More.");
        assert_ne!(filled, empty);
    }
}
