//! Constraints (`pattern`, `length`, `range`) checked against the type they
//! restrict: a valid regular expression, bounds that leave some values, and a
//! kind of constraint that fits the type.

use super::patterns::PatternError;
use super::{duplicate, Resolver};
use crate::codes;
use crate::model::*;
use weft_syntax::syntax::{Bounds, Constraint, ConstraintKind, NumberLit};
use weft_syntax::{Diagnostic, Span};

impl Resolver {
    /// Checks constraints against the type they restrict.
    pub(crate) fn constraints(&mut self, ty: &Type, written: &[Constraint]) -> Constraints {
        let mut constraints = Constraints::default();
        // Most fields have none: skip the type's description below.
        if written.is_empty() {
            return constraints;
        }
        let underlying = self.model.underlying(ty).clone();
        let is_text = matches!(underlying, Type::String | Type::Unknown);
        let is_sized = is_text || matches!(underlying, Type::Bytes | Type::List(_) | Type::Map(..));
        let is_number = matches!(
            underlying,
            Type::Int32 | Type::Int64 | Type::Float64 | Type::Decimal { .. } | Type::Unknown
        );
        // The type's description is for the messages only: made for one.
        let type_name = |resolver: &Self| resolver.type_name(ty.required());
        // Clauses met so far: a handful, kept on the stack.
        let mut seen: super::Seen<'_> = super::Seen::new();
        for constraint in written {
            let keyword = match constraint.kind {
                ConstraintKind::Pattern(_) => "pattern",
                ConstraintKind::Length(_) => "length",
                ConstraintKind::Range(_) => "range",
            };
            if let Some((_, first)) = seen.iter().find(|(seen, _)| *seen == keyword) {
                duplicate(
                    &mut self.diagnostics,
                    &format!("the `{keyword}` constraint"),
                    constraint.span,
                    *first,
                );
                continue;
            }
            seen.push((keyword, constraint.span));
            match &constraint.kind {
                ConstraintKind::Pattern(pattern) => {
                    if !is_text {
                        let help = if is_number {
                            "a number is checked with `range min..max`; remove the pattern"
                        } else {
                            "remove the pattern, or make the type a string"
                        };
                        let type_name = type_name(self);
                        self.invalid_constraint(
                            constraint.span,
                            format!("`pattern` applies only to strings, not to {type_name}"),
                            help,
                        );
                    } else if self.regexes.contains_key(pattern.value.as_str()) {
                        constraints.pattern = Some(pattern.value.as_str().to_string());
                    } else if let Err(error) = self.compile(&pattern.value) {
                        let (message, help) = match error {
                            PatternError::Rust(detail) => (
                                format!("this pattern is not a valid regular expression: {detail}"),
                                "fix the regular expression; weft uses the syntax of Rust's `regex` crate, without look-around or back-references",
                            ),
                            PatternError::NotEcmaScript(detail) => (
                                format!("this pattern is not a valid ECMA-262 regular expression ({detail}), so JSON Schema validators cannot use it"),
                                "write it in the syntax both Rust and JavaScript read: no inline flags such as `(?i)`, no `\\A`/`\\z` (use `^`/`$`), `\\p{L}` rather than `\\pL`, no `[[:alpha:]]` classes (use `[a-zA-Z]`), `(?<name>…)` rather than `(?P<name>…)`, `\\u{41}` rather than `\\x{41}`",
                            ),
                            PatternError::DifferentMeaning(what) => (
                                format!("this pattern uses the class set operation {what}, which JSON Schema validators read as plain characters"),
                                "list the characters of the class instead, such as `[b-df-hj-np-tv-z]` for `[a-z&&[^aeiou]]`",
                            ),
                        };
                        self.invalid_constraint(pattern.span, message, help);
                    } else {
                        constraints.pattern = Some(pattern.value.as_str().to_string());
                    }
                }
                ConstraintKind::Length(bounds) => {
                    if !is_sized {
                        let help = if is_number {
                            "bound a number with `range min..max` instead"
                        } else {
                            "remove the `length` constraint"
                        };
                        let type_name = type_name(self);
                        self.invalid_constraint(
                            constraint.span,
                            format!("`length` applies only to strings, bytes, lists and maps, not to {type_name}"),
                            help,
                        );
                    } else if let Some((min, max)) = self.length_bounds(bounds) {
                        constraints.min_length = min;
                        constraints.max_length = max;
                    }
                }
                ConstraintKind::Range(bounds) => {
                    if !is_number {
                        let help = if is_sized {
                            "bound the size of text or a list with `length min..max` instead"
                        } else {
                            "remove the `range` constraint"
                        };
                        let type_name = type_name(self);
                        self.invalid_constraint(
                            constraint.span,
                            format!("`range` applies only to numbers, not to {type_name}"),
                            help,
                        );
                    } else if self.range_bounds(bounds, &underlying) {
                        constraints.minimum = bounds
                            .min
                            .as_ref()
                            .map(|number| number.text.as_str().to_string());
                        constraints.maximum = bounds
                            .max
                            .as_ref()
                            .map(|number| number.text.as_str().to_string());
                    }
                }
            }
        }
        constraints
    }

    /// Whole, ordered length bounds; `None` (reported) otherwise.
    fn length_bounds(&mut self, bounds: &Bounds) -> Option<(Option<u64>, Option<u64>)> {
        let parse = |number: &Option<NumberLit>| match number {
            Some(number) => number
                .text
                .parse::<u64>()
                .map(Some)
                .map_err(|_| number.span),
            None => Ok(None),
        };
        let overflow = [&bounds.min, &bounds.max]
            .into_iter()
            .flatten()
            .find(|number| {
                number.text.bytes().all(|byte| byte.is_ascii_digit())
                    && number.text.parse::<u64>().is_err()
            });
        if let Some(number) = overflow {
            let subject = format!("`{}`", number.text);
            self.out_of_range(&subject, number.span, "a length", u64::MAX);
            return None;
        }
        match (parse(&bounds.min), parse(&bounds.max)) {
            (Err(span), _) | (_, Err(span)) => {
                self.invalid_constraint(
                    span,
                    "a length is a whole number from 0".to_string(),
                    "write whole numbers, such as `length 1..35`",
                );
                None
            }
            (Ok(Some(low)), Ok(Some(high))) if low > high => {
                self.invalid_constraint(
                    bounds.span,
                    format!("this length range is empty: {low} is more than {high}"),
                    "put the smaller bound first, such as `length 2..10`",
                );
                None
            }
            (Ok(None), Ok(None)) => {
                self.invalid_constraint(
                    bounds.span,
                    "this length has no bounds".to_string(),
                    "give at least one bound, such as `length 1..` or `length ..500`",
                );
                None
            }
            (Ok(min), Ok(max)) => Some((min, max)),
        }
    }

    /// Whether numeric bounds are usable: ordered, at least one given, and
    /// whole numbers for integer types.
    fn range_bounds(&mut self, bounds: &Bounds, underlying: &Type) -> bool {
        if bounds.min.is_none() && bounds.max.is_none() {
            self.invalid_constraint(
                bounds.span,
                "this range has no bounds".to_string(),
                "give at least one bound, such as `range 0..` or `range ..100`",
            );
            return false;
        }
        if matches!(underlying, Type::Int32 | Type::Int64) {
            if let Some(fraction) = [&bounds.min, &bounds.max]
                .into_iter()
                .flatten()
                .find(|number| !number.is_integer())
            {
                self.invalid_constraint(
                    fraction.span,
                    format!(
                        "`{}` is not a whole number, but the type is an integer",
                        fraction.text
                    ),
                    "write whole numbers, or make the type `decimal(p, s)` or `float64`",
                );
                return false;
            }
            if let Some((number, name, low, high)) = [&bounds.min, &bounds.max]
                .into_iter()
                .flatten()
                .find_map(|number| integer_overflow(number, underlying))
            {
                self.diagnostics.push(
                    Diagnostic::error(
                        codes::NUMBER_OUT_OF_RANGE,
                        format!("`{}` does not fit `{name}`", number.text),
                        number.span,
                        format!("`{name}` holds {low} to {high}"),
                    )
                    .with_help(format!(
                        "bound the range within {low}..{high}, or make the type `int64` or `decimal(p, 0)`"
                    )),
                );
                return false;
            }
        }
        let value = |number: &Option<NumberLit>| {
            number
                .as_ref()
                .and_then(|number| number.text.parse::<f64>().ok())
        };
        if let (Some(low), Some(high)) = (value(&bounds.min), value(&bounds.max)) {
            if low > high {
                self.invalid_constraint(
                    bounds.span,
                    format!("this range is empty: {low} is more than {high}"),
                    "put the smaller bound first, such as `range 0..100`",
                );
                return false;
            }
        }
        true
    }

    /// Notes a pattern as valid, if it means the same in Rust and in
    /// ECMA-262 (compiled to tell, and compiled again when a value needs
    /// it: see `Resolver::regexes`).
    fn compile(&mut self, pattern: &str) -> Result<(), PatternError> {
        super::patterns::compile(pattern)?;
        self.regexes
            .insert(pattern.to_string(), std::cell::OnceCell::new());
        Ok(())
    }

    fn invalid_constraint(&mut self, span: Span, message: String, help: &str) {
        self.diagnostics.push(
            Diagnostic::error(
                codes::INVALID_CONSTRAINT,
                message,
                span,
                "invalid constraint",
            )
            .with_help(help.to_string()),
        );
    }

    /// Checks a constant against the field's constraints and its aliases'.
    pub(crate) fn satisfies(
        &self,
        ty: &Type,
        own: &Constraints,
        value: &Value,
    ) -> Result<(), String> {
        // Read in place: a default is checked against each alias's
        // constraints without copying them (their texts allocated each).
        let mut all: Vec<(&Constraints, Option<&str>)> = vec![(own, None)];
        let mut current = ty.required();
        for _ in 0..256 {
            let Type::Named(id) = *current else { break };
            let def = self.model.type_def(id);
            let TypeKind::Alias {
                target,
                constraints,
            } = &def.kind
            else {
                break;
            };
            all.push((constraints, Some(def.name.name.as_str())));
            current = target.required();
        }
        for (constraints, alias) in &all {
            let from = alias
                .as_ref()
                .map(|name| format!(" (from `{name}`)"))
                .unwrap_or_default();
            let size = match value {
                // A `bytes` value is written in base64 (checked before this):
                // its length is that of the bytes, as the targets count it.
                Value::String(text) if matches!(current, Type::Bytes) => {
                    Some((base64_length(text), "bytes"))
                }
                Value::String(text) => Some((text.chars().count(), "characters")),
                Value::List(items) => Some((items.len(), "elements")),
                _ => None,
            };
            if let (Value::String(text), Some(pattern)) = (value, &constraints.pattern) {
                let matches = self.regexes.get(pattern).is_none_or(|compiled| {
                    compiled
                        .get_or_init(|| regex::Regex::new(pattern).ok())
                        .as_ref()
                        .is_none_or(|regex| regex.is_match(text))
                });
                if !matches {
                    return Err(format!(
                        "\"{text}\" does not match the pattern \"{pattern}\"{from}"
                    ));
                }
            }
            if let Some((length, unit)) = size {
                let length = length as u64;
                if let Some(min) = constraints.min_length.filter(|min| length < *min) {
                    return Err(format!(
                        "it has {length} {unit}, fewer than the minimum length {min}{from}"
                    ));
                }
                if let Some(max) = constraints.max_length.filter(|max| length > *max) {
                    return Err(format!(
                        "it has {length} {unit}, more than the maximum length {max}{from}"
                    ));
                }
            }
            if let Value::Number(text) = value {
                let number: f64 = text.parse().unwrap_or(0.0);
                let bound = |bound: &Option<String>| {
                    bound.as_ref().and_then(|text| text.parse::<f64>().ok())
                };
                if let Some(min) = &constraints.minimum {
                    if bound(&constraints.minimum).is_some_and(|low| number < low) {
                        return Err(format!("{text} is below the minimum {min}{from}"));
                    }
                }
                if let Some(max) = &constraints.maximum {
                    if bound(&constraints.maximum).is_some_and(|high| number > high) {
                        return Err(format!("{text} is above the maximum {max}{from}"));
                    }
                }
            }
        }
        Ok(())
    }
}

/// A whole-number bound outside what an integer type holds: the number,
/// the type's name and its bounds (JSON Schema would carry the bound, and
/// generated code could not hold it).
fn integer_overflow<'n>(
    number: &'n NumberLit,
    ty: &Type,
) -> Option<(&'n NumberLit, &'static str, i128, i128)> {
    let (low, high, name) = match ty {
        Type::Int32 => (i128::from(i32::MIN), i128::from(i32::MAX), "int32"),
        Type::Int64 => (i128::from(i64::MIN), i128::from(i64::MAX), "int64"),
        _ => return None,
    };
    let fits = number
        .text
        .parse::<i128>()
        .is_ok_and(|value| (low..=high).contains(&value));
    (!fits).then_some((number, name, low, high))
}

/// The number of bytes a canonical base64 text holds.
fn base64_length(text: &str) -> usize {
    let padding = text.bytes().rev().take_while(|byte| *byte == b'=').count();
    (text.len() / 4 * 3).saturating_sub(padding)
}
