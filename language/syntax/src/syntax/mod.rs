//! The typed syntax tree. One struct per construct of the language, each with
//! its [`Span`]. The tree mirrors what the user wrote, in source order (the
//! formatter relies on that); meaning is given to it by the compiler's
//! resolution phase, never here.

mod expr;
mod items;
mod shift;
mod types;
mod workflow;

pub use expr::*;
pub use items::*;
pub use shift::Shift;
pub use types::*;
pub use workflow::*;

pub use smol_str::SmolStr;
use std::fmt;
use weft_base::span::Span;

/// A name as written, with its span.
///
/// The text is a [`SmolStr`]: names of up to 23 bytes (nearly all of them)
/// live inline, without a heap allocation, and a clone into the model is a
/// copy (or a reference count for longer ones).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Ident {
    /// The text of the name.
    pub text: SmolStr,
    /// Where it is.
    pub span: Span,
}

impl fmt::Debug for Ident {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} @{:?}", self.text, self.span)
    }
}

/// The segments of a [`Path`]: one inline (most paths have one segment, and
/// need no allocation then), more on the heap.
pub type Segments = smallvec::SmallVec<[Ident; 1]>;

/// A dotted name such as `std.Money` or `PurchaseOrders.expedite`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Path {
    /// The segments, at least one.
    pub segments: Segments,
    /// The whole path.
    pub span: Span,
}

impl Path {
    /// The segments joined by dots.
    pub fn dotted(&self) -> String {
        let names: Vec<&str> = self
            .segments
            .iter()
            .map(|segment| segment.text.as_str())
            .collect();
        names.join(".")
    }

    /// The segments joined by dots, as [`Path::dotted`], but without a heap
    /// allocation for one segment (its text is shared) or a short result.
    pub fn joined(&self) -> SmolStr {
        match self.segments.as_slice() {
            [one] => one.text.clone(),
            segments => {
                let mut joined = smol_str::SmolStrBuilder::new();
                for (index, segment) in segments.iter().enumerate() {
                    if index > 0 {
                        joined.push('.');
                    }
                    joined.push_str(&segment.text);
                }
                joined.finish()
            }
        }
    }

    /// The last segment, which names the thing itself.
    pub fn last(&self) -> Option<&Ident> {
        self.segments.last()
    }
}

impl fmt::Debug for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} @{:?}", self.dotted(), self.span)
    }
}

/// A string literal: its decoded value and its span (quotes included).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct StringLit {
    /// The value with escapes decoded.
    pub value: SmolStr,
    /// Where the literal is.
    pub span: Span,
}

impl fmt::Debug for StringLit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} @{:?}", self.value, self.span)
    }
}

/// A number as written (`3`, `-2.50`): kept as text so decimals stay exact.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct NumberLit {
    /// The literal's text (inline: numbers are short).
    pub text: SmolStr,
    /// Where it is.
    pub span: Span,
}

impl NumberLit {
    /// Whether the literal has no fraction part.
    pub fn is_integer(&self) -> bool {
        !self.text.contains('.')
    }

    /// The value as an integer, if it is one that fits.
    pub fn as_i64(&self) -> Option<i64> {
        self.text.parse().ok()
    }
}

impl fmt::Debug for NumberLit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} @{:?}", self.text, self.span)
    }
}

/// A duration such as `30s` or `7d`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct DurationLit {
    /// The literal's text (inline: durations are short).
    pub text: SmolStr,
    /// The duration in milliseconds (saturating).
    pub millis: u64,
    /// Where it is.
    pub span: Span,
}

impl DurationLit {
    /// The literal `text` (digits and a unit the lexer accepted: `ms`, `s`,
    /// `m`, `h`, `d` or `w`) at `span`; both parsers build it here.
    pub fn new(text: &str, span: Span) -> DurationLit {
        let split = text
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len());
        let amount: u64 = text[..split].parse().unwrap_or(u64::MAX);
        let unit_millis: u64 = match &text[split..] {
            "ms" => 1,
            "s" => 1_000,
            "m" => 60_000,
            "h" => 3_600_000,
            "d" => 86_400_000,
            _ => 604_800_000,
        };
        DurationLit {
            text: SmolStr::new(text),
            millis: amount.saturating_mul(unit_millis),
            span,
        }
    }
}

impl fmt::Debug for DurationLit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} @{:?}", self.text, self.span)
    }
}

/// `///` lines before a declaration or member, without the slashes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Docs {
    /// One entry per line, with the single space after `///` removed.
    pub lines: Vec<String>,
    /// Where the comment block is, if there is one.
    pub span: Option<Span>,
}

impl Docs {
    /// The doc text as one string, lines joined by newlines.
    pub fn text(&self) -> String {
        self.lines.join("\n")
    }

    /// Whether there is no doc comment.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
}

/// `@name` or `@name(args)` before a declaration or member.
#[derive(Clone, Debug, PartialEq)]
pub struct Annotation {
    /// The annotation's name, such as `deprecated`.
    pub name: Ident,
    /// Its arguments, if any.
    pub args: Vec<Expr>,
    /// The whole annotation.
    pub span: Span,
}

/// What precedes every declaration and most members: docs and annotations.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Attributes {
    /// The doc comment.
    pub docs: Docs,
    /// The annotations, in source order.
    pub annotations: Vec<Annotation>,
}

impl Attributes {
    /// The annotation with this name, if present.
    pub fn annotation(&self, name: &str) -> Option<&Annotation> {
        self.annotations
            .iter()
            .find(|annotation| annotation.name.text == name)
    }
}

/// An ordinary `//` comment, kept so that the formatter can put it back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// The comment text including the slashes, without the newline.
    pub text: String,
    /// Where it is.
    pub span: Span,
}
