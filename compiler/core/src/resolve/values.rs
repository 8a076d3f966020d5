//! Constant values: defaults of fields and parameters, checked against the
//! field's type and against every constraint on the way (the field's own and
//! those of each alias behind its type).

use super::Resolver;
use crate::codes;
use crate::model::*;
use weft_base::calendar;
use weft_syntax::syntax::{self as ast, Expr, ExprKind, UnaryOp};
use weft_syntax::Diagnostic;

impl Resolver {
    /// The default of `field` as a value, if it fits; otherwise reports E306.
    pub(crate) fn default_value(
        &mut self,
        field: &ast::Field,
        ty: &Type,
        constraints: &Constraints,
        expr: &Expr,
    ) -> Option<Value> {
        if let ExprKind::Duration(duration) = &expr.kind {
            if duration.millis == u64::MAX {
                // Too long to count in milliseconds: E320, not a mismatch.
                self.millis(duration);
                return None;
            }
        }
        let problem = match self.constant(ty, expr) {
            Ok(value) => match self.satisfies(ty, constraints, &value) {
                Ok(()) => {
                    self.refer_in_constant(ty, expr);
                    return Some(value);
                }
                Err(problem) => problem,
            },
            Err(problem) => problem,
        };
        let type_name = self.type_name(ty);
        self.diagnostics.push(
            Diagnostic::error(
                codes::DEFAULT_MISMATCH,
                format!(
                    "the default of `{}` does not fit its type: {problem}",
                    field.name.text
                ),
                expr.span,
                "this default",
            )
            .with_label(
                field.ty.span(),
                format!("`{}` is {type_name}", field.name.text),
            )
            .with_help(format!(
                "give a value that fits {type_name} and its constraints, or remove the default"
            )),
        );
        None
    }

    /// Evaluates a constant expression as a value of `ty`.
    fn constant(&self, ty: &Type, expr: &Expr) -> Result<Value, String> {
        if let ExprKind::Group(inner) = &expr.kind {
            return self.constant(ty, inner);
        }
        if let ExprKind::Null = expr.kind {
            return if ty.is_optional() || *ty == Type::Unknown {
                Ok(Value::Null)
            } else {
                Err("`null` needs an optional type (`T?`)".into())
            };
        }
        let target = self.underlying(ty);
        let expected = || {
            format!(
                "expected {}, found {}",
                self.type_name(&target),
                describe(expr)
            )
        };
        match (&target, &expr.kind) {
            (Type::Unknown, _) => Ok(Value::Null),
            (Type::Bool, ExprKind::Bool(value)) => Ok(Value::Bool(*value)),
            (Type::String, ExprKind::String(text)) => {
                Ok(Value::String(text.value.as_str().to_string()))
            }
            (Type::Uuid, ExprKind::String(text)) => match uuid_problem(&text.value) {
                None => Ok(Value::String(text.value.as_str().to_string())),
                Some(why) => Err(format!("\"{}\" is {why}", text.value)),
            },
            // Checked here rather than by a target: bytes are base64 in every
            // artefact (JSON Schema's `contentEncoding`, the Rust connectors
            // decode the default), and the Avro target writes the decoded bytes.
            (Type::Bytes, ExprKind::String(text)) if is_base64(&text.value) => {
                Ok(Value::String(text.value.as_str().to_string()))
            }
            (Type::Bytes, ExprKind::String(text)) => Err(format!(
                "\"{}\" is not base64, the form bytes are written in (RFC 4648: `A`–`Z`, `a`–`z`, `0`–`9`, `+` and `/`, padded with `=` to a multiple of 4, no bits left over), such as \"AAEC\" for the bytes 00 01 02",
                text.value
            )),
            (Type::Date, ExprKind::String(text)) => match calendar::date(&text.value) {
                Ok(_) => Ok(Value::String(text.value.as_str().to_string())),
                Err(why) if why.is_layout() => Err(format!(
                    "\"{}\" is not a date such as \"2026-01-31\"",
                    text.value
                )),
                Err(why) => Err(format!("\"{}\" is not a date: {why}", text.value)),
            },
            (Type::Timestamp(unit), ExprKind::String(text)) => {
                match calendar::timestamp(&text.value) {
                    Ok(stamp) => match too_fine(stamp.fraction, *unit) {
                        Some(why) => Err(format!("\"{}\" has {why}", text.value)),
                        None => Ok(Value::String(text.value.as_str().to_string())),
                    },
                    Err(why) if why.is_layout() => Err(format!(
                        "\"{}\" is not a timestamp such as \"2026-01-31T08:00:00Z\"",
                        text.value
                    )),
                    Err(why) => Err(format!("\"{}\" is not a timestamp: {why}", text.value)),
                }
            }
            (Type::Duration, ExprKind::Duration(duration)) => Ok(Value::Duration(duration.millis)),
            (Type::Int32 | Type::Int64 | Type::Float64 | Type::Decimal { .. }, _) => {
                self.number(&target, expr).map(Value::Number)
            }
            (Type::List(element), ExprKind::List(items)) => items
                .iter()
                .map(|item| self.constant(element, item))
                .collect::<Result<_, _>>()
                .map(Value::List),
            (Type::Map(map), ExprKind::Record(entries)) => entries
                .iter()
                .map(|entry| {
                    Ok((
                        entry.name.text.as_str().to_string(),
                        self.constant(&map.1, &entry.value)?,
                    ))
                })
                .collect::<Result<_, String>>()
                .map(Value::Record),
            (Type::Named(id), ExprKind::Path(path)) if path.segments.len() == 1 => {
                let def = self.model.type_def(*id);
                let TypeKind::Enum { symbols, .. } = &def.kind else {
                    return Err(expected());
                };
                let symbol = path.dotted();
                if symbols.iter().any(|candidate| candidate.name == symbol) {
                    return Ok(Value::Symbol(symbol));
                }
                let names: Vec<String> = symbols
                    .iter()
                    .map(|candidate| format!("`{}`", candidate.name))
                    .collect();
                Err(format!(
                    "`{symbol}` is not a symbol of `{}`, which has {}",
                    def.name.name,
                    names.join(", ")
                ))
            }
            (Type::Named(id), ExprKind::Record(entries)) => {
                let def = self.model.type_def(*id);
                let TypeKind::Record(record) = &def.kind else {
                    return Err(expected());
                };
                let mut values = Vec::new();
                for entry in entries {
                    let field = record.field_named(entry.name.text).ok_or_else(|| {
                        format!("`{}` has no field `{}`", def.name.name, entry.name.text)
                    })?;
                    values.push((
                        entry.name.text.as_str().to_string(),
                        self.constant(&field.ty, &entry.value)?,
                    ));
                }
                Ok(Value::Record(values))
            }
            _ => Err(expected()),
        }
    }

    /// Records the enum symbols and record fields a constant names. Runs
    /// only on a constant that evaluated, so every name in it resolved.
    fn refer_in_constant(&mut self, ty: &Type, expr: &Expr) {
        let target = self.underlying(ty);
        match (&target, &expr.kind) {
            (_, ExprKind::Group(inner)) => self.refer_in_constant(ty, inner),
            (Type::List(element), ExprKind::List(items)) => {
                for item in items {
                    self.refer_in_constant(element, item);
                }
            }
            (Type::Map(map), ExprKind::Record(entries)) => {
                for entry in entries {
                    self.refer_in_constant(&map.1, &entry.value);
                }
            }
            (Type::Named(id), ExprKind::Path(path)) => {
                if let TypeKind::Enum { symbols, .. } = &self.model.type_def(*id).kind {
                    let written = path.joined();
                    if let Some(symbol) = symbols.iter().position(|s| s.name == written) {
                        let to = Definition::EnumSymbol {
                            enumeration: *id,
                            symbol,
                        };
                        self.refer(path.span(), to);
                    }
                }
            }
            (Type::Named(id), ExprKind::Record(entries)) => {
                let TypeKind::Record(record) = &self.model.type_def(*id).kind else {
                    return;
                };
                let fields: Vec<(usize, Type)> = entries
                    .iter()
                    .filter_map(|entry| {
                        let index = record
                            .fields
                            .iter()
                            .position(|field| field.name == entry.name.text)?;
                        Some((index, record.fields[index].ty.clone()))
                    })
                    .collect();
                for (entry, (field, field_ty)) in entries.iter().zip(fields) {
                    let to = Definition::Field { record: *id, field };
                    self.refer(entry.name.span, to);
                    self.refer_in_constant(&field_ty, &entry.value);
                }
            }
            _ => {}
        }
    }

    fn number(&self, target: &Type, expr: &Expr) -> Result<String, String> {
        let (negative, literal) = match &expr.kind {
            ExprKind::Number(number) => (false, number),
            ExprKind::Unary(UnaryOp::Negate, inner) => match &inner.kind {
                ExprKind::Number(number) => (true, number),
                _ => {
                    return Err(format!(
                        "expected {}, found {}",
                        self.type_name(target),
                        describe(expr)
                    ))
                }
            },
            _ => {
                return Err(format!(
                    "expected {}, found {}",
                    self.type_name(target),
                    describe(expr)
                ))
            }
        };
        let text = if negative {
            format!("-{}", literal.text)
        } else {
            literal.text.as_str().to_string()
        };
        match target {
            Type::Int32 => text
                .parse::<i32>()
                .map(|_| text.clone())
                .map_err(|_| format!("{text} is not a whole number that fits `int32`")),
            Type::Int64 => text
                .parse::<i64>()
                .map(|_| text.clone())
                .map_err(|_| format!("{text} is not a whole number that fits `int64`")),
            Type::Decimal { precision, scale } => {
                let (integer, fraction) =
                    literal.text.split_once('.').unwrap_or((&literal.text, ""));
                let integer_digits = integer.trim_start_matches('0').len();
                let fraction_digits = fraction.trim_end_matches('0').len();
                let integers = precision.saturating_sub(*scale);
                if u32::try_from(fraction_digits).map_or(true, |digits| digits > *scale) {
                    Err(format!("{text} has {fraction_digits} digits after the point, but `decimal({precision}, {scale})` keeps {scale}"))
                } else if u32::try_from(integer_digits).map_or(true, |digits| digits > integers) {
                    Err(format!("{text} has {integer_digits} digits before the point, but `decimal({precision}, {scale})` allows {integers}"))
                } else {
                    Ok(text)
                }
            }
            _ => Ok(text),
        }
    }
}

/// What an expression is, for "expected X, found Y".
fn describe(expr: &Expr) -> &'static str {
    match &expr.kind {
        ExprKind::String(_) => "a string",
        ExprKind::Number(_) | ExprKind::Unary(UnaryOp::Negate, _) => "a number",
        ExprKind::Duration(_) => "a duration",
        ExprKind::Bool(_) => "`true` or `false`",
        ExprKind::Null => "`null`",
        ExprKind::List(_) => "a list",
        ExprKind::Record(_) => "a record",
        ExprKind::Path(_) => "a name",
        _ => "an expression that is not a constant",
    }
}

// The rules for the text of a literal given for a typed value, which
// defaults (E306), workflow expressions (E310) and test scenarios (E721)
// share (re-exported by `resolve`). Each reason reads after the quoted text.

/// Why `text` is not a UUID as RFC 9562 (section 4) writes one: 8-4-4-4-12
/// hexadecimal digits with hyphens, either case. The other spellings
/// some readers take (braces, `urn:uuid:`, the 32 digits alone) are
/// refused: JSON Schema's `uuid` format and Avro's `uuid` logical type
/// take only this one.
pub(crate) fn uuid_problem(text: &str) -> Option<String> {
    if is_uuid(text) {
        return None;
    }
    let bare = text
        .strip_prefix('{')
        .and_then(|inner| inner.strip_suffix('}'))
        .or_else(|| {
            let prefix = text.get(..9)?;
            prefix.eq_ignore_ascii_case("urn:uuid:").then(|| &text[9..])
        })
        .unwrap_or(text);
    let hyphenated = if bare.len() == 32 && bare.bytes().all(|byte| byte.is_ascii_hexdigit()) {
        format!(
            "{}-{}-{}-{}-{}",
            &bare[..8],
            &bare[8..12],
            &bare[12..16],
            &bare[16..20],
            &bare[20..]
        )
    } else {
        bare.to_string()
    };
    Some(if is_uuid(&hyphenated) {
        format!("not a UUID in the one form JSON Schema and Avro take: write \"{hyphenated}\"")
    } else {
        format!(
            "not a UUID such as \"{UUID_EXAMPLE}\" (8-4-4-4-12 hexadecimal digits with hyphens)"
        )
    })
}

/// Why a timestamp whose digits after the second are `fraction` is
/// finer than `unit` keeps, if it is. A timestamp's unit is its precision
/// as a decimal's scale is: no reader of the declared unit (an Avro
/// `long` of it among them) holds a finer one, so it is checked here
/// rather than by a target.
pub(crate) fn too_fine(fraction: &str, unit: TimeUnit) -> Option<String> {
    let (kept, name) = match unit {
        TimeUnit::Millis => (3, "3 (milliseconds)"),
        TimeUnit::Micros => (6, "6 (microseconds)"),
        TimeUnit::Nanos => (9, "9 (nanoseconds)"),
    };
    let digits = fraction_digits(fraction);
    (digits > kept).then(|| {
        format!(
            "{digits} digits after the second, but `{}` keeps {name}",
            Type::Timestamp(unit).primitive_name().unwrap_or_default()
        )
    })
}

/// The UUID messages show: RFC 9562's own example (section 4).
const UUID_EXAMPLE: &str = "f81d4fae-7dec-11d0-a765-00a0c91e6bf6";

/// Whether `text` is 36 characters: hexadecimal digits, and hyphens at
/// 8, 13, 18 and 23 (nothing more is asked: the nil and max UUIDs and every
/// version and variant are valid).
fn is_uuid(text: &str) -> bool {
    text.len() == 36
        && text.bytes().enumerate().all(|(at, byte)| match at {
            8 | 13 | 18 | 23 => byte == b'-',
            _ => byte.is_ascii_hexdigit(),
        })
}

/// Digits of a fraction of a second, trailing zeros left out.
fn fraction_digits(fraction: &str) -> usize {
    fraction.trim_end_matches('0').len()
}

/// Whether `text` is base64 as RFC 4648 (section 4) writes it: the standard
/// alphabet, `=` padding to a multiple of 4 and the unused bits of the last
/// character zero, so that one text means one byte string.
pub(crate) fn is_base64(text: &str) -> bool {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .is_ok()
}

/// Integer literals that overflow their field. The parser keeps going on a
/// number too large for its field and stores the field's largest value
/// (`version 99999999999999999999.0.0` would become
/// `18446744073709551615.0.0`), so that value is reported here instead of
/// being used silently.
impl Resolver {
    /// Reports a number too large for what it counts.
    pub(crate) fn out_of_range(
        &mut self,
        subject: &str,
        span: weft_syntax::Span,
        what: &str,
        max: u64,
    ) {
        self.diagnostics.push(
            Diagnostic::error(
                codes::NUMBER_OUT_OF_RANGE,
                format!("{subject} is too large for {what}"),
                span,
                format!("at most {max}"),
            )
            .with_help(format!(
                "{what} is at most {max}: write the number that was meant"
            )),
        );
    }

    /// A duration in milliseconds; one longer than milliseconds can count
    /// (the parser saturates it) is reported.
    pub(crate) fn millis(&mut self, duration: &ast::DurationLit) -> u64 {
        if duration.millis == u64::MAX {
            self.out_of_range(
                &format!("`{}`", duration.text),
                duration.span,
                "a duration in milliseconds",
                u64::MAX - 1,
            );
        }
        duration.millis
    }

    /// An API version; a part too large for 64 bits (saturated by the
    /// parser) is reported.
    pub(crate) fn semver(&mut self, version: &ast::SemVer) -> (u64, u64, u64) {
        if [version.major, version.minor, version.patch].contains(&u64::MAX) {
            self.out_of_range(
                "a part of this version",
                version.span,
                "a version number (MAJOR.MINOR.PATCH)",
                u64::MAX - 1,
            );
        }
        (version.major, version.minor, version.patch)
    }

    /// Whether an event version reference fits; one too large for a
    /// version number (saturated by the parser) is reported, and names no
    /// version.
    pub(crate) fn check_version_ref(&mut self, version: &ast::VersionRef) -> bool {
        let fits = version.number != u32::MAX;
        if !fits {
            self.out_of_range(
                "this version",
                version.span,
                "an event version",
                u64::from(u32::MAX - 1),
            );
        }
        fits
    }

    /// A whole number that fits a `u32`: a too large one is reported with
    /// E320, anything else that is not a whole number with E313.
    pub(crate) fn whole_u32(&mut self, number: &ast::NumberLit, what: &str) -> Option<u32> {
        match number.text.parse::<u32>() {
            Ok(value) => Some(value),
            Err(_) if number.text.bytes().all(|byte| byte.is_ascii_digit()) => {
                let subject = format!("`{}`", number.text);
                self.out_of_range(&subject, number.span, what, u64::from(u32::MAX));
                None
            }
            Err(_) => {
                let whole = match number.text.split('.').next().unwrap_or_default() {
                    "" | "0" => "1",
                    whole => whole,
                };
                self.diagnostics.push(
                    Diagnostic::error(
                        codes::INVALID_VALUE,
                        format!("`{}` is not a whole number", number.text),
                        number.span,
                        format!("expected {what}"),
                    )
                    .with_help(format!("write a whole number here, such as `{whole}`")),
                );
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_is_canonical_rfc_4648() {
        for valid in ["", "AAEC", "AP8=", "/w==", "AAECAw==", "+/+/"] {
            assert!(is_base64(valid), "{valid}");
        }
        // Unpadded, bits left over, the URL alphabet, spaces, too much padding.
        for invalid in [
            "AP8", "AP9=", "/x==", "-_8=", "AA EC", "A===", "====", "hello",
        ] {
            assert!(!is_base64(invalid), "{invalid}");
        }
    }

    #[test]
    fn uuids_are_hyphenated_hexadecimal_of_36_characters() {
        for valid in [
            "f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
            "F81D4FAE-7DEC-11D0-A765-00A0C91E6BF6",
            "00000000-0000-0000-0000-000000000000",
            "ffffffff-ffff-ffff-ffff-ffffffffffff",
            "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF",
        ] {
            assert_eq!(uuid_problem(valid), None, "{valid}");
        }
        // Hyphens misplaced, a digit short or over, not hexadecimal, spaces,
        // non-ASCII text of 36 bytes.
        for invalid in [
            "",
            "hello",
            "f81d4fa-e7dec-11d0-a765-00a0c91e6bf6",
            "f81d4fae-7dec-11d0-a765-00a0c91e6bf",
            "f81d4fae-7dec-11d0-a765-00a0c91e6bf67",
            "g81d4fae-7dec-11d0-a765-00a0c91e6bf6",
            " f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
            "f81d4fae+7dec+11d0+a765+00a0c91e6bf6",
            "f81d4fae-7dec-11d0-a765-00a0c91e6bé",
        ] {
            let why = uuid_problem(invalid).unwrap_or_default();
            assert!(why.starts_with("not a UUID such as"), "{invalid}: {why}");
        }
    }

    #[test]
    fn other_uuid_spellings_are_refused_with_the_hyphenated_one() {
        let wanted = "not a UUID in the one form JSON Schema and Avro take: write \"f81d4fae-7dec-11d0-a765-00a0c91e6bf6\"";
        for other in [
            "{f81d4fae-7dec-11d0-a765-00a0c91e6bf6}",
            "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
            "URN:UUID:f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
            "f81d4fae7dec11d0a76500a0c91e6bf6",
            "{f81d4fae7dec11d0a76500a0c91e6bf6}",
        ] {
            assert_eq!(uuid_problem(other).as_deref(), Some(wanted), "{other}");
        }
    }

    #[test]
    fn timestamps_keep_the_digits_of_their_unit() {
        assert_eq!(too_fine("", TimeUnit::Millis), None);
        assert_eq!(too_fine("123000", TimeUnit::Millis), None);
        assert_eq!(
            too_fine("1234", TimeUnit::Millis).as_deref(),
            Some("4 digits after the second, but `timestamp` keeps 3 (milliseconds)")
        );
        assert_eq!(too_fine("123456", TimeUnit::Micros), None);
        assert_eq!(
            too_fine("1234567", TimeUnit::Micros).as_deref(),
            Some("7 digits after the second, but `timestamp(us)` keeps 6 (microseconds)")
        );
        assert_eq!(too_fine("123456789", TimeUnit::Nanos), None);
        assert!(too_fine("1234567891", TimeUnit::Nanos).is_some());
    }

    #[test]
    fn fraction_digits_leave_out_trailing_zeros() {
        assert_eq!(fraction_digits(""), 0);
        assert_eq!(fraction_digits("000"), 0);
        assert_eq!(fraction_digits("120"), 2);
        assert_eq!(fraction_digits("0001"), 4);
    }
}
