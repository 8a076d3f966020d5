//! Example payloads made from the model: one valid value per type, and
//! invalid variants of a record, for testing the generated schemas (and for
//! any target that wants an `examples` entry).
//!
//! Examples are deterministic: the same type always gives the same value.
//! Values respect the model's constraints: lengths, ranges, list sizes,
//! enum symbols (the first that is not deprecated), decimal precision and
//! scale, and patterns. A pattern is satisfied by a small generator that
//! understands the shapes identifiers are written in — literals, classes
//! (`[A-Z0-9._-]`, `[^...]`), `\d`, `\w`, `.` and the quantifiers `?`, `*`,
//! `+`, `{n}`, `{n,}`, `{n,m}`, anchored or not — and fills the length the
//! constraints ask for; the result is checked with the `regex` crate. A
//! pattern it cannot satisfy (groups, alternation, look-around, or a
//! pattern that contradicts the length) gives a placeholder string and a
//! note in [`Example::notes`], which says where and why.
//!
//! Every optional field is filled in (so that examples exercise the whole
//! schema), except where a record recurses into itself or below a nesting
//! depth of [`MAX_DEPTH`]: there only required fields are generated, lists
//! and maps are as small as their constraints allow. A record that requires
//! itself cannot end; its example stops with `null` and a note. A string,
//! byte string or list holds at most [`MAX_SIZE`] items: a larger minimum
//! length gives a shorter value and a note.

use crate::json_schema::{decimal_text, json_type};
use serde_json::{Map, Value};
use weft_model::{Constraints, Model, Record, Type, TypeId, TypeKind};

/// How deep records nest in an example before optional parts are left out.
pub const MAX_DEPTH: usize = 6;

/// How deep a value may nest at all (required recursion cannot end).
const HARD_DEPTH: usize = 64;

/// How many values one example may hold. Records that each hold the next
/// twice make an example exponential in the chain's length; past this size
/// the example stops with a note instead of growing without bound.
const MAX_VALUES: usize = 20_000;

/// The most characters, bytes or list items one example value holds. A
/// model may ask for more (`length 100000000..`): such a value stops at this
/// size with a note, instead of filling memory and time.
pub const MAX_SIZE: u64 = 4_096;

/// A valid example value, with notes on what could not be satisfied.
#[derive(Clone, Debug, PartialEq)]
pub struct Example {
    /// The value.
    pub value: Value,
    /// Where the value may not be valid, and why (empty when it is).
    pub notes: Vec<String>,
}

/// An invalid variant of a valid example.
#[derive(Clone, Debug, PartialEq)]
pub struct Invalid {
    /// The value.
    pub value: Value,
    /// What makes it invalid.
    pub reason: String,
}

/// A valid example of a type.
pub fn valid(model: &Model, ty: &Type) -> Example {
    let mut generator = Generator {
        model,
        notes: Vec::new(),
        stack: Vec::new(),
        recursive: 0,
        values: 0,
    };
    let value = generator.value(ty, Limits::default(), "$", 0);
    Example {
        value,
        notes: generator.notes,
    }
}

/// A valid example of a named record (an event payload).
pub fn record(model: &Model, id: TypeId) -> Example {
    valid(model, &Type::Named(id))
}

/// Invalid variants of a valid example of a record: without its first
/// required field, with a property the record does not declare (closed
/// schemas refuse it), and with a value of the wrong JSON type in its first
/// field.
pub fn invalid_variants(model: &Model, id: TypeId, valid: &Value) -> Vec<Invalid> {
    let Some(TypeKind::Record(record)) = model.types.get(id.index()).map(|decl| &decl.kind) else {
        return Vec::new();
    };
    let Value::Object(object) = valid else {
        return Vec::new();
    };
    let mut variants = Vec::new();
    if let Some(field) = record
        .fields
        .iter()
        .find(|field| crate::json_schema::is_required(field))
    {
        let mut missing = object.clone();
        missing.remove(field.name.as_str());
        variants.push(Invalid {
            value: Value::Object(missing),
            reason: format!("the required field `{}` is missing", field.name),
        });
    }
    let mut extra = object.clone();
    let mut name = "undeclared_field".to_string();
    while record.field(&name).is_some() {
        name.push('_');
    }
    extra.insert(name.clone(), Value::String("surprise".into()));
    variants.push(Invalid {
        value: Value::Object(extra),
        reason: format!("`{name}` is not a field of the record"),
    });
    if let Some(field) = record
        .fields
        .iter()
        .find(|field| json_type(model, field.ty.required()).is_some())
    {
        let wrong = if json_type(model, field.ty.required()) == Some("array") {
            Value::String("not a list".into())
        } else {
            Value::Array(vec![Value::String("wrong type".into())])
        };
        let mut changed = object.clone();
        changed.insert(field.name.to_string(), wrong);
        variants.push(Invalid {
            value: Value::Object(changed),
            reason: format!("`{}` has a value of the wrong type", field.name),
        });
    }
    variants
}

/// The value at a field path (`["order", "number"]`) of an example.
pub fn at_path<'a>(value: &'a Value, path: &[String]) -> Option<&'a Value> {
    path.iter()
        .try_fold(value, |value, segment| value.as_object()?.get(segment))
}

/// Constraints gathered along an alias chain and a field: all must hold.
#[derive(Clone, Debug, Default)]
struct Limits {
    patterns: Vec<String>,
    min_length: Option<u64>,
    max_length: Option<u64>,
    /// The tightest minimum, as a number and as written.
    minimum: Option<(f64, String)>,
    /// The tightest maximum, as a number and as written.
    maximum: Option<(f64, String)>,
}

impl Limits {
    fn merge(&mut self, constraints: &Constraints) {
        if let Some(pattern) = &constraints.pattern {
            self.patterns.push(pattern.clone());
        }
        if let Some(min) = constraints.min_length {
            self.min_length = Some(self.min_length.map_or(min, |old| old.max(min)));
        }
        if let Some(max) = constraints.max_length {
            self.max_length = Some(self.max_length.map_or(max, |old| old.min(max)));
        }
        if let Some(written) = &constraints.minimum {
            if let Some(min) = parse_number(written) {
                if self.minimum.as_ref().is_none_or(|(old, _)| min > *old) {
                    self.minimum = Some((min, written.clone()));
                }
            }
        }
        if let Some(written) = &constraints.maximum {
            if let Some(max) = parse_number(written) {
                if self.maximum.as_ref().is_none_or(|(old, _)| max < *old) {
                    self.maximum = Some((max, written.clone()));
                }
            }
        }
    }

    fn with(constraints: &Constraints) -> Limits {
        let mut limits = Limits::default();
        limits.merge(constraints);
        limits
    }

    /// A size (string length, list size) near `preferred` within the bounds.
    fn size(&self, preferred: u64) -> u64 {
        let mut size = preferred.max(self.min_length.unwrap_or(0));
        if let Some(max) = self.max_length {
            size = size.min(max);
        }
        size
    }
}

struct Generator<'a> {
    model: &'a Model,
    notes: Vec<String>,
    /// The records being expanded, outermost first.
    stack: Vec<TypeId>,
    /// How many of them are expanded a second time (recursion): while any
    /// is, only what is required is generated.
    recursive: usize,
    /// Values generated so far (see [`MAX_VALUES`]).
    values: usize,
}

impl Generator<'_> {
    fn value(&mut self, ty: &Type, mut limits: Limits, path: &str, depth: usize) -> Value {
        self.values += 1;
        if self.values > MAX_VALUES {
            if self.values == MAX_VALUES + 1 {
                self.note(
                    path,
                    "the example grows too large (records holding records many times over)",
                );
            }
            return Value::Null;
        }
        if depth > HARD_DEPTH {
            self.note(
                path,
                "the type nests too deeply (a required recursive field?)",
            );
            return Value::Null;
        }
        match ty {
            Type::Optional(inner) => self.value(inner, limits, path, depth),
            Type::Named(id) => {
                let Some(decl) = self.model.types.get(id.index()) else {
                    return Value::Null;
                };
                match &decl.kind {
                    TypeKind::Alias {
                        target,
                        constraints,
                    } => {
                        limits.merge(constraints);
                        self.value(target, limits, path, depth + 1)
                    }
                    TypeKind::Enum { symbols, .. } => symbols
                        .iter()
                        .find(|symbol| symbol.meta.deprecated.is_none())
                        .or_else(|| symbols.first())
                        .map_or(Value::Null, |symbol| Value::String(symbol.name.to_string())),
                    TypeKind::Record(record) => {
                        let recursive = self.stack.contains(id);
                        self.recursive += usize::from(recursive);
                        self.stack.push(*id);
                        let value = self.record(record, path, depth);
                        self.stack.pop();
                        self.recursive -= usize::from(recursive);
                        value
                    }
                }
            }
            Type::Bool => Value::Bool(true),
            Type::Int32 | Type::Int64 => {
                let low = limits.minimum.map(|(min, _)| min.ceil());
                let high = limits.maximum.map(|(max, _)| max.floor());
                let mut number = 1.0_f64;
                if let Some(low) = low {
                    number = number.max(low);
                }
                if let Some(high) = high {
                    number = number.min(high);
                }
                if low.is_some_and(|low| number < low) {
                    self.note(path, "no whole number fits the range");
                }
                Value::from(number as i64)
            }
            Type::Float64 => {
                let mut number = 1.5_f64;
                if let Some((min, _)) = &limits.minimum {
                    number = number.max(*min);
                }
                if let Some((max, _)) = &limits.maximum {
                    number = number.min(*max);
                }
                serde_json::Number::from_f64(number).map_or(Value::Null, Value::Number)
            }
            Type::Decimal { precision, scale } => {
                // 1 (or 0 when there are no integer digits), unless the range
                // excludes it: then the bound, as written.
                let preferred = if precision > scale { 1.0 } else { 0.0 };
                if let Some((min, written)) = &limits.minimum {
                    if *min > preferred {
                        return Value::String(decimal_text(written, *scale));
                    }
                }
                if let Some((max, written)) = &limits.maximum {
                    if *max < preferred {
                        return Value::String(decimal_text(written, *scale));
                    }
                }
                Value::String(decimal_text(
                    if preferred == 1.0 { "1" } else { "0" },
                    *scale,
                ))
            }
            Type::String => self.string(&limits, path),
            Type::Bytes => {
                let size = self.capped(limits.size(4), path);
                let bytes: Vec<u8> = (0..size).map(|index| (index % 256) as u8).collect();
                Value::String(base64(&bytes))
            }
            Type::Date => Value::String("2025-03-14".into()),
            Type::Timestamp(_) => Value::String("2025-03-14T09:30:00Z".into()),
            Type::Duration => Value::String("PT15M".into()),
            Type::Uuid => Value::String("3f2b8c1e-7d4a-4e5b-9c6d-1a2b3c4d5e6f".into()),
            Type::List(item) => {
                let count = if self.minimal(depth) {
                    limits.min_length.unwrap_or(0)
                } else {
                    limits.size(1)
                };
                let count = self.capped(count, path);
                let item_path = format!("{path}[]");
                Value::Array(
                    (0..count)
                        .map(|_| self.value(item, Limits::default(), &item_path, depth + 1))
                        .collect(),
                )
            }
            Type::Map(map) => {
                let (key, value) = &**map;
                let mut object = Map::new();
                if !self.minimal(depth) || limits.min_length.unwrap_or(0) > 0 {
                    let key = match self.value(
                        key,
                        Limits::default(),
                        &format!("{path}{{key}}"),
                        depth + 1,
                    ) {
                        Value::String(text) => text,
                        other => other.to_string(),
                    };
                    let value =
                        self.value(value, Limits::default(), &format!("{path}{{}}"), depth + 1);
                    object.insert(key, value);
                }
                Value::Object(object)
            }
            Type::Unknown => Value::Null,
        }
    }

    fn record(&mut self, record: &Record, path: &str, depth: usize) -> Value {
        let mut object = Map::new();
        for field in &record.fields {
            if self.minimal(depth) && (field.ty.is_optional() || field.default().is_some()) {
                continue;
            }
            let field_path = format!("{path}.{}", field.name);
            let value = self.value(
                &field.ty,
                Limits::with(field.constraints()),
                &field_path,
                depth + 1,
            );
            object.insert(field.name.to_string(), value);
        }
        Value::Object(object)
    }

    fn string(&mut self, limits: &Limits, path: &str) -> Value {
        if limits.patterns.is_empty() {
            let size = self.capped(limits.size(7), path) as usize;
            return Value::String("example".chars().cycle().take(size).collect());
        }
        if let Some(min) = limits.min_length.filter(|min| *min > MAX_SIZE) {
            // Noted here; no pattern text is made past the cap.
            self.capped(min, path);
            return Value::String("example".into());
        }
        for pattern in &limits.patterns {
            if let Some(text) = from_pattern(pattern, limits.min_length, limits.max_length) {
                if fits(&text, limits) {
                    return Value::String(text);
                }
            }
        }
        self.note(
            path,
            &format!(
                "no example satisfies the pattern{} {}",
                if limits.patterns.len() == 1 { "" } else { "s" },
                limits
                    .patterns
                    .iter()
                    .map(|pattern| format!("`{pattern}`"))
                    .collect::<Vec<_>>()
                    .join(" and ")
            ),
        );
        Value::String("example".into())
    }

    /// Whether only what is required is generated: inside a recursive
    /// record, or deeper than [`MAX_DEPTH`].
    fn minimal(&self, depth: usize) -> bool {
        self.recursive > 0 || depth >= MAX_DEPTH
    }

    /// `size`, or [`MAX_SIZE`] with a note when it is larger.
    fn capped(&mut self, size: u64, path: &str) -> u64 {
        if size <= MAX_SIZE {
            return size;
        }
        self.note(
            path,
            &format!("the length {size} is more than an example holds ({MAX_SIZE})"),
        );
        MAX_SIZE
    }

    fn note(&mut self, path: &str, message: &str) {
        self.notes.push(format!("{path}: {message}"));
    }
}

/// Whether a text meets every pattern and the length bounds.
fn fits(text: &str, limits: &Limits) -> bool {
    let length = text.chars().count() as u64;
    limits.min_length.is_none_or(|min| length >= min)
        && limits.max_length.is_none_or(|max| length <= max)
        && limits
            .patterns
            .iter()
            .all(|pattern| regex::Regex::new(pattern).is_ok_and(|regex| regex.is_match(text)))
}

/// One piece of a pattern: the characters it may be, and how often.
struct Atom {
    choices: Vec<char>,
    min: u64,
    max: Option<u64>,
}

/// A text matching a simple pattern with a length in the bounds, or `None`
/// when the pattern is beyond this generator.
pub fn from_pattern(
    pattern: &str,
    min_length: Option<u64>,
    max_length: Option<u64>,
) -> Option<String> {
    let atoms = parse(pattern)?;
    let mut counts: Vec<u64> = atoms.iter().map(|atom| atom.min).collect();
    let mut length: u64 = counts
        .iter()
        .fold(0, |sum, count| sum.saturating_add(*count));
    // `a{100000000}` or a minimum length past the cap: beyond an example.
    if length > MAX_SIZE || min_length.is_some_and(|min| min > MAX_SIZE) {
        return None;
    }
    // The shortest text, but not an empty one when a character fits:
    // `[A-Z]+` and `[^<>]*` give `A`.
    let mut wanted = min_length.unwrap_or(1).max(length);
    if let Some(max) = max_length {
        wanted = wanted.min(max.max(length));
    }
    for (index, atom) in atoms.iter().enumerate() {
        while length < wanted && atom.max.is_none_or(|max| counts[index] < max) {
            counts[index] += 1;
            length += 1;
        }
    }
    if length < wanted || max_length.is_some_and(|max| length > max) {
        return None;
    }
    let mut text = String::new();
    for (atom, count) in atoms.iter().zip(counts) {
        for position in 0..count {
            let choice = atom.choices[(position as usize) % atom.choices.len()];
            text.push(choice);
        }
    }
    Some(text)
}

/// The atoms of a pattern made of literals, classes and quantifiers.
fn parse(pattern: &str) -> Option<Vec<Atom>> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut index = 0;
    let mut atoms: Vec<Atom> = Vec::new();
    if chars.first() == Some(&'^') {
        index = 1;
    }
    let mut end = chars.len();
    if end > index && chars[end - 1] == '$' && (end < 2 || chars[end - 2] != '\\') {
        end -= 1;
    }
    while index < end {
        let c = chars[index];
        let choices = match c {
            '[' => {
                let (choices, next) = class(&chars, index + 1, end)?;
                index = next;
                choices
            }
            '\\' => {
                let escaped = *chars.get(index + 1)?;
                index += 2;
                escape(escaped)?
            }
            '.' => {
                index += 1;
                vec!['a']
            }
            '(' | ')' | '|' | '^' | '$' | '*' | '+' | '?' | '{' | '}' => return None,
            literal => {
                index += 1;
                vec![literal]
            }
        };
        let (min, max, next) = quantifier(&chars, index, end)?;
        index = next;
        if choices.is_empty() {
            return None;
        }
        atoms.push(Atom { choices, min, max });
    }
    Some(atoms)
}

/// `\d`, `\w`, `\s` and escaped literals.
fn escape(c: char) -> Option<Vec<char>> {
    Some(match c {
        'd' => ('0'..='9').collect(),
        'w' => ('A'..='Z')
            .chain('a'..='z')
            .chain('0'..='9')
            .chain(['_'])
            .collect(),
        's' => vec![' '],
        'D' | 'W' | 'S' | 'b' | 'B' | 'p' | 'P' | 'u' | 'x' => return None,
        literal if literal.is_ascii_alphanumeric() => return None,
        literal => vec![literal],
    })
}

/// A character class from after its `[` to its `]`: the characters it
/// allows (in the order written), and the index after it.
fn class(chars: &[char], start: usize, end: usize) -> Option<(Vec<char>, usize)> {
    let mut index = start;
    let negated = chars.get(index) == Some(&'^');
    if negated {
        index += 1;
    }
    let mut members: Vec<char> = Vec::new();
    let mut first = true;
    loop {
        let c = *chars.get(index).filter(|_| index < end)?;
        if c == ']' && !first {
            index += 1;
            break;
        }
        first = false;
        let single = if c == '\\' {
            let escaped = *chars.get(index + 1)?;
            index += 2;
            let set = escape(escaped)?;
            if set.len() > 1 {
                members.extend(set);
                continue;
            }
            set[0]
        } else {
            index += 1;
            c
        };
        if chars.get(index) == Some(&'-') && chars.get(index + 1).is_some_and(|next| *next != ']') {
            let high = *chars.get(index + 1)?;
            if high == '\\' || high < single {
                return None;
            }
            index += 2;
            members.extend(single..=high);
        } else {
            members.push(single);
        }
    }
    if negated {
        let allowed: Vec<char> = ('A'..='Z')
            .chain('a'..='z')
            .chain('0'..='9')
            .filter(|c| !members.contains(c))
            .collect();
        return Some((allowed, index));
    }
    let mut unique = Vec::new();
    for member in members {
        if !unique.contains(&member) {
            unique.push(member);
        }
    }
    Some((unique, index))
}

/// The quantifier at `index`, if any: `(min, max, index after it)`.
fn quantifier(chars: &[char], index: usize, end: usize) -> Option<(u64, Option<u64>, usize)> {
    let (min, max, mut next) = match chars.get(index).filter(|_| index < end) {
        Some('?') => (0, Some(1), index + 1),
        Some('*') => (0, None, index + 1),
        Some('+') => (1, None, index + 1),
        Some('{') => {
            let close = (index..end).find(|&position| chars[position] == '}')?;
            let inside: String = chars[index + 1..close].iter().collect();
            let (min, max) = match inside.split_once(',') {
                None => {
                    let exact = inside.trim().parse().ok()?;
                    (exact, Some(exact))
                }
                Some((low, "")) => (low.trim().parse().ok()?, None),
                Some((low, high)) => (low.trim().parse().ok()?, Some(high.trim().parse().ok()?)),
            };
            (min, max, close + 1)
        }
        _ => (1, Some(1), index),
    };
    // A lazy or possessive marker changes nothing for generation.
    if next < end && matches!(chars.get(next), Some('?') | Some('+')) && next > index {
        next += 1;
    }
    if max.is_some_and(|max| max < min) {
        return None;
    }
    Some((min, max, next))
}

fn parse_number(text: &str) -> Option<f64> {
    text.trim_start_matches('+').parse().ok()
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for position in 0..4 {
            if position <= chunk.len() {
                out.push(char::from(
                    ALPHABET[((n >> (18 - 6 * position)) & 63) as usize],
                ));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifier_patterns() {
        let cases = [
            ("^[A-Z]{3}$", None, None, "ABC"),
            ("^[A-Z0-9]{4}$", None, None, "ABCD"),
            ("^[A-Z0-9_-]+$", Some(1), Some(8), "A"),
            ("^[A-Z0-9][A-Z0-9._/-]*$", Some(1), Some(40), "A"),
            ("^[0-9]+$", Some(6), Some(10), "012345"),
            ("^45[0-9]{8}$", None, None, "4501234567"),
            ("^GR-[0-9]{4}-[0-9]{6}$", None, None, "GR-0123-012345"),
            ("^\\d{2}\\.x?$", None, None, "01."),
            ("[^0-9]{2}", None, None, "AB"),
        ];
        for (pattern, min, max, expected) in cases {
            assert_eq!(
                from_pattern(pattern, min, max).as_deref(),
                Some(expected),
                "{pattern}"
            );
        }
    }

    #[test]
    fn patterns_beyond_the_generator() {
        for pattern in ["^(a|b)$", "^a{3}$x", "^[z-a]$"] {
            assert_eq!(from_pattern(pattern, None, None), None, "{pattern}");
        }
        assert_eq!(from_pattern("^[A-Z]{4}$", None, Some(3)), None);
        // Past what an example holds: none, not a text of that length.
        assert_eq!(from_pattern("^a{100000000}$", None, None), None);
        assert_eq!(from_pattern("^[A-Z]+$", Some(1 << 40), None), None);
    }

    #[test]
    fn base64_pads() {
        assert_eq!(base64(&[0, 1, 2, 3]), "AAECAw==");
        assert_eq!(base64(&[0, 1, 2]), "AAEC");
        assert_eq!(base64(b"ab"), "YWI=");
    }
}
