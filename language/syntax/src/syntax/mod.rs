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
pub use weft_base::{Name, NameId};
pub use workflow::*;

pub use smol_str::SmolStr;
use std::fmt;
pub use thin_vec::{thin_vec, ThinVec};
use weft_base::span::Span;

/// A name as written, with its span.
///
/// The text is an interned [`Name`] (4 bytes; an `Ident` is 16), read as
/// a `&str`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Ident {
    /// The text of the name.
    pub text: Name,
    /// Where it is.
    pub span: Span,
}

impl fmt::Debug for Ident {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} @{:?}", self.text, self.span)
    }
}

/// The segments of a [`Path`]: one inline (most paths have one segment, and
/// need no allocation then), more in a boxed slice of exactly their number
/// (no length header on the heap: a third of the paths in workflows have
/// two segments, such as `change.id`).
///
/// 24 bytes, one [`Ident`] and the tag (a `SmallVec<[Ident; 1]>` needs
/// room for its capacity too, and a spilled one keeps its unused inline
/// slot). Reads as a slice of segments.
#[derive(Clone, Default)]
pub struct Segments(SegmentList);

/// How [`Segments`] holds its segments: `Many` holds none or two and more.
#[derive(Clone)]
enum SegmentList {
    One(Ident),
    Many(Box<[Ident]>),
}

impl Default for SegmentList {
    fn default() -> SegmentList {
        SegmentList::Many(Box::default())
    }
}

impl Segments {
    /// No segments yet.
    pub fn new() -> Segments {
        Segments::default()
    }

    /// One segment, inline.
    pub fn one(segment: Ident) -> Segments {
        Segments(SegmentList::One(segment))
    }

    /// The segments of `list`, in order: one is kept inline, more are moved
    /// into a boxed slice of exactly their number.
    pub fn from_vec(mut list: Vec<Ident>) -> Segments {
        if list.len() == 1 {
            if let Some(only) = list.pop() {
                return Segments(SegmentList::One(only));
            }
        }
        Segments(SegmentList::Many(list.into_boxed_slice()))
    }

    /// The segments.
    pub fn as_slice(&self) -> &[Ident] {
        match &self.0 {
            SegmentList::One(one) => std::slice::from_ref(one),
            SegmentList::Many(list) => list,
        }
    }

    /// The segments, to change in place.
    pub fn as_mut_slice(&mut self) -> &mut [Ident] {
        match &mut self.0 {
            SegmentList::One(one) => std::slice::from_mut(one),
            SegmentList::Many(list) => list,
        }
    }
}

impl std::ops::Deref for Segments {
    type Target = [Ident];

    fn deref(&self) -> &[Ident] {
        self.as_slice()
    }
}

impl std::ops::DerefMut for Segments {
    fn deref_mut(&mut self) -> &mut [Ident] {
        self.as_mut_slice()
    }
}

impl FromIterator<Ident> for Segments {
    fn from_iter<I: IntoIterator<Item = Ident>>(segments: I) -> Segments {
        // Collected first: growing the boxed slice one segment at a time
        // would copy a long path once per segment.
        Segments::from_vec(segments.into_iter().collect())
    }
}

impl<'a> IntoIterator for &'a Segments {
    type Item = &'a Ident;
    type IntoIter = std::slice::Iter<'a, Ident>;

    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

impl<'a> IntoIterator for &'a mut Segments {
    type Item = &'a mut Ident;
    type IntoIter = std::slice::IterMut<'a, Ident>;

    fn into_iter(self) -> Self::IntoIter {
        self.as_mut_slice().iter_mut()
    }
}

impl PartialEq for Segments {
    fn eq(&self, other: &Segments) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for Segments {}

impl std::hash::Hash for Segments {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_slice().hash(state);
    }
}

impl fmt::Debug for Segments {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.as_slice()).finish()
    }
}

/// A dotted name such as `std.Money` or `PurchaseOrders.expedite`.
///
/// The path's span is not stored: a path has no blanks inside (`path =
/// ${ ... }` in the grammar), so it runs from its first segment's start to
/// its last one's end, and [`Path::span`] computes it. That keeps the 16
/// bytes of a span out of every path (every type, reference and name
/// expression holds one).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Path {
    /// The segments, at least one.
    pub segments: Segments,
}

impl Path {
    /// The path of these segments.
    pub fn new(segments: Segments) -> Path {
        Path { segments }
    }

    /// The whole path: from the first segment to the last (the default span
    /// for a path without segments, which no parser builds).
    pub fn span(&self) -> Span {
        match (self.segments.first(), self.segments.last()) {
            (Some(first), Some(last)) => first.span.to(last.span),
            _ => Span::default(),
        }
    }

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
            [one] => one.text.into(),
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
        write!(f, "{} @{:?}", self.dotted(), self.span())
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
    /// The literal's text, interned (a few distinct numbers recur: `200`,
    /// `0`, `1`).
    pub text: Name,
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
    /// The literal's text, interned (a few distinct durations recur).
    pub text: Name,
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
            text: Name::new(text),
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
    pub lines: DocLines,
    /// Where the comment block is, if there is one.
    pub span: Option<Span>,
}

impl Docs {
    /// The doc text as one string, lines joined by newlines.
    pub fn text(&self) -> String {
        self.lines.joined().to_string()
    }

    /// Whether there is no doc comment.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
}

/// The lines of a doc comment, kept in one string (each line ended by a
/// newline) instead of a string per line in a list: one allocation per
/// comment instead of one per line plus the list's. Iterates, compares and
/// prints as a list of lines.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct DocLines {
    text: String,
}

impl DocLines {
    /// No lines.
    pub const fn new() -> DocLines {
        DocLines {
            text: String::new(),
        }
    }

    /// Appends a line (which holds no line end: doc comments are lines).
    pub fn push(&mut self, line: &str) {
        // Exactly: most comments are one line, which then takes one
        // allocation of its length.
        self.text.reserve_exact(line.len() + 1);
        self.text.push_str(line);
        self.text.push('\n');
    }

    /// Puts `lines` before these ones.
    pub fn prepend(&mut self, mut lines: DocLines) {
        lines.text.push_str(&self.text);
        *self = lines;
    }

    /// The lines, in order.
    pub fn iter(&self) -> std::str::SplitTerminator<'_, char> {
        self.text.split_terminator('\n')
    }

    /// How many lines there are.
    pub fn len(&self) -> usize {
        self.text.bytes().filter(|byte| *byte == b'\n').count()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The lines joined by newlines.
    pub fn joined(&self) -> &str {
        self.text.strip_suffix('\n').unwrap_or(&self.text)
    }

    /// Frees the spare capacity once complete.
    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
    }
}

impl<'a> IntoIterator for &'a DocLines {
    type Item = &'a str;
    type IntoIter = std::str::SplitTerminator<'a, char>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<const N: usize> PartialEq<[&str; N]> for DocLines {
    fn eq(&self, other: &[&str; N]) -> bool {
        self.iter().eq(other.iter().copied())
    }
}

impl fmt::Debug for DocLines {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// `@name` or `@name(args)` before a declaration or member.
#[derive(Clone, Debug, PartialEq)]
pub struct Annotation {
    /// The annotation's name, such as `deprecated`.
    pub name: Ident,
    /// Its arguments, if any.
    pub args: ThinVec<Expr>,
    /// The whole annotation.
    pub span: Span,
}

/// What precedes every declaration and most members: docs and annotations.
///
/// Most members have neither, so the pair is boxed only when one is
/// written: an empty `Attributes` is one null pointer (8 bytes instead of
/// 64 in every field, step and member). It reads as an [`AttributeSet`]
/// (`attributes.docs`, `attributes.annotations`, `attributes.annotation(…)`;
/// the shared empty set when none), writes through `DerefMut` box it, and
/// it compares and prints exactly as the set it stands for.
#[derive(Clone, Default)]
pub struct Attributes(Option<Box<AttributeSet>>);

/// The docs and annotations an [`Attributes`] holds.
#[derive(Clone, Default, PartialEq)]
pub struct AttributeSet {
    /// The doc comment.
    pub docs: Docs,
    /// The annotations, in source order (a thin list: most sets hold a doc
    /// comment only, and an empty one is then 8 bytes instead of 24).
    pub annotations: ThinVec<Annotation>,
}

/// The set every member without docs or annotations reads.
static NO_ATTRIBUTES: AttributeSet = AttributeSet {
    docs: Docs {
        lines: DocLines::new(),
        span: None,
    },
    annotations: ThinVec::new(),
};

impl AttributeSet {
    /// The annotation with this name, if present.
    pub fn annotation(&self, name: &str) -> Option<&Annotation> {
        self.annotations
            .iter()
            .find(|annotation| annotation.name.text == name)
    }

    /// Whether there are neither docs nor annotations.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty() && self.docs.span.is_none() && self.annotations.is_empty()
    }
}

impl Attributes {
    /// Frees the spare capacity of the docs' text, once it is complete (an
    /// empty set stays unboxed; the annotations are made exact by the
    /// parser).
    pub fn shrink_to_fit(&mut self) {
        if let Some(set) = &mut self.0 {
            set.docs.lines.shrink_to_fit();
        }
    }

    /// Puts `outer`'s docs and annotations before these ones: docs written
    /// above `query name: T` document the parameter's field.
    pub fn prepend(&mut self, outer: Attributes) {
        let Some(outer) = outer.0 else {
            return;
        };
        let AttributeSet { docs, annotations } = *outer;
        let inner = &mut **self;
        inner.docs.lines.prepend(docs.lines);
        inner.docs.span = docs.span.or(inner.docs.span);
        inner.annotations.splice(0..0, annotations);
    }
}

impl From<AttributeSet> for Attributes {
    fn from(set: AttributeSet) -> Attributes {
        if set.is_empty() {
            Attributes(None)
        } else {
            Attributes(Some(Box::new(set)))
        }
    }
}

impl std::ops::Deref for Attributes {
    type Target = AttributeSet;

    fn deref(&self) -> &AttributeSet {
        self.0.as_deref().unwrap_or(&NO_ATTRIBUTES)
    }
}

impl std::ops::DerefMut for Attributes {
    fn deref_mut(&mut self) -> &mut AttributeSet {
        self.0.get_or_insert_with(Box::default)
    }
}

impl PartialEq for Attributes {
    fn eq(&self, other: &Attributes) -> bool {
        **self == **other
    }
}

impl fmt::Debug for Attributes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(f)
    }
}

impl fmt::Debug for AttributeSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Printed under the name the tree had before the set was boxed, so
        // that the tree's snapshots read the same.
        f.debug_struct("Attributes")
            .field("docs", &self.docs)
            .field("annotations", &self.annotations)
            .finish()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_file;
    use weft_base::FileId;

    fn fields(text: &str) -> Vec<Field> {
        let parsed = parse_file(FileId(0), text);
        assert!(parsed.is_clean(), "{:?}", parsed.errors);
        parsed
            .items
            .into_iter()
            .flat_map(|item| match item.kind {
                ItemKind::Record(record) => record.members.into_iter().collect::<Vec<_>>(),
                _ => Vec::new(),
            })
            .filter_map(|member| match member {
                FieldMember::Field(field) => Some(field),
                FieldMember::Reserved(_) => None,
            })
            .collect()
    }

    #[test]
    fn attributes_are_boxed_only_when_written() {
        let fields =
            fields("record A {\n  plain: string\n  /// Documented.\n  @pii\n  rich: string\n}\n");
        let [plain, rich] = fields.as_slice() else {
            panic!("two fields expected, got {fields:?}");
        };
        assert!(plain.attributes.0.is_none());
        assert!(plain.attributes.is_empty());
        assert_eq!(plain.attributes, Attributes::default());
        assert!(rich.attributes.0.is_some());
        assert_eq!(rich.attributes.docs.lines, ["Documented."]);
        assert!(rich.attributes.annotation("pii").is_some());
        // An empty set converts to the unboxed form, so both parsers' trees
        // compare equal whichever way they built it.
        assert!(Attributes::from(AttributeSet::default()).0.is_none());
    }

    #[test]
    fn prepending_keeps_the_outer_attributes_first() {
        let mut inner = Attributes::default();
        inner.docs.lines.push("inner");
        let mut outer = Attributes::default();
        outer.docs.lines.push("outer");
        inner.prepend(outer);
        assert_eq!(inner.docs.lines, ["outer", "inner"]);
        let mut untouched = Attributes::default();
        untouched.prepend(Attributes::default());
        assert!(untouched.0.is_none());
    }

    #[test]
    fn doc_lines_keep_every_line_empty_ones_included() {
        let mut lines = DocLines::new();
        assert!(lines.is_empty());
        assert_eq!(lines, []);
        lines.push("");
        assert!(!lines.is_empty());
        assert_eq!(lines, [""]);
        lines.push("b");
        lines.push("");
        assert_eq!(lines, ["", "b", ""]);
        assert_eq!(lines.len(), 3);
        assert_eq!(format!("{lines:?}"), r#"["", "b", ""]"#);
        let mut front = DocLines::new();
        front.push("a");
        lines.prepend(front);
        assert_eq!(lines, ["a", "", "b", ""]);
        assert_eq!(lines.joined(), "a\n\nb\n");
        let parsed = parse_file(
            FileId(0),
            "/// One.\n///\n/// Three.\nrecord A {\n  a: string\n}\n",
        );
        assert_eq!(parsed.items[0].attributes.docs.text(), "One.\n\nThree.");
    }

    #[test]
    fn segments_hold_one_inline_and_more_in_an_exact_list() {
        let ident = |text: &str, start: usize| Ident {
            text: Name::new(text),
            span: Span::new(FileId(0), start, start + text.len()),
        };
        let segments = Segments::new();
        assert!(segments.is_empty());
        let segments = Segments::from_vec(vec![ident("a", 0)]);
        assert!(matches!(segments.0, SegmentList::One(_)));
        let segments = Segments::from_vec(vec![ident("a", 0), ident("b", 2)]);
        assert!(matches!(&segments.0, SegmentList::Many(list) if list.len() == 2));
        let segments: Segments = [ident("a", 0), ident("b", 2), ident("c", 4)]
            .into_iter()
            .collect();
        assert!(matches!(&segments.0, SegmentList::Many(list) if list.len() == 3));
        let texts: Vec<&str> = segments.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["a", "b", "c"]);
        let path = Path::new(segments);
        assert_eq!(path.joined(), "a.b.c");
        assert_eq!(path.span(), Span::new(FileId(0), 0, 5));
        // One segment compares equal however it was built.
        let one: Segments = [ident("a", 0)].into_iter().collect();
        let also_one = Segments(SegmentList::Many(Box::new([ident("a", 0)])));
        assert_eq!(one, also_one);
        assert_eq!(Path::new(Segments::new()).span(), Span::default());
    }

    #[test]
    fn a_type_boxes_only_what_it_writes_after_its_name() {
        let text = "record A {\n  a: string\n  b: Money?\n  c: map<string, int32>\n}\n";
        let fields = fields(text);
        let [plain, optional, map] = fields.as_slice() else {
            panic!("three fields expected, got {fields:?}");
        };
        assert!(plain.ty.rest.is_none());
        assert!(!plain.ty.optional());
        assert_eq!(&text[plain.ty.span().range()], "string");
        assert!(optional.ty.optional());
        assert!(optional.ty.args().is_empty());
        assert_eq!(&text[optional.ty.span().range()], "Money?");
        assert_eq!(map.ty.params().len(), 2);
        assert_eq!(&text[map.ty.span().range()], "map<string, int32>");
        let mut moved = map.ty.clone();
        moved.shift(3);
        assert_eq!(
            moved.span().range(),
            map.ty.span().start as usize + 3..map.ty.span().end as usize + 3
        );
        assert_eq!(
            moved.params()[1].span().start,
            map.ty.params()[1].span().start + 3
        );
    }

    #[test]
    fn lists_keep_no_spare_capacity() {
        let fields = fields("record A {\n  a: decimal(18, 4) length 1..2 range 0..9\n}\n");
        let [field] = fields.as_slice() else {
            panic!("one field expected, got {fields:?}");
        };
        let rest = field.ty.rest.as_deref().expect("the arguments are boxed");
        assert_eq!(rest.args.capacity(), 2);
        assert_eq!(field.constraints.capacity(), 2);
        assert_eq!(rest.params.capacity(), 0);
        let plain = &super::tests::fields("record B {\n  b: string\n}\n")[0];
        assert!(
            plain.ty.rest.is_none(),
            "a type without arguments boxes nothing"
        );
    }
}
