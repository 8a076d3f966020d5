//! `pattern` constraints must mean the same in weft and in the documents it
//! generates. weft checks defaults and examples with Rust's `regex` crate;
//! the JSON Schemas carry the pattern to validators that run ECMA-262
//! regular expressions (Ajv compiles `new RegExp(pattern, "u")`, and so do
//! browsers and most OpenAPI tools). A pattern is accepted only when both
//! parse it, and when it does not use the one Rust construct that ECMA-262
//! also parses with another meaning (class set operations such as
//! `[a-z~~b]`, which ECMA-262 reads as the characters `~` and `~`).
//! ECMA-262 is parsed by `regress`, an ECMAScript regex engine.

use regex_syntax::ast::{self, Visitor};

/// Why a pattern is refused.
pub(crate) enum PatternError {
    /// Rust's `regex` rejects it (with the parser's message).
    Rust(String),
    /// ECMA-262 (with the `u` flag) rejects it.
    NotEcmaScript(String),
    /// Both accept it, with different meanings.
    DifferentMeaning(&'static str),
}

/// Compiles `pattern` with `regex`, after checking that ECMA-262 reads it
/// the same way.
pub(crate) fn compile(pattern: &str) -> Result<regex::Regex, PatternError> {
    let regex = regex::Regex::new(pattern).map_err(|error| {
        PatternError::Rust(
            error
                .to_string()
                .lines()
                .filter(|line| line.starts_with("error:"))
                .map(|line| line.trim_start_matches("error:").trim().to_string())
                .next()
                .unwrap_or_else(|| "it does not parse".to_string()),
        )
    })?;
    if let Err(error) = regress::Regex::with_flags(pattern, "u") {
        return Err(PatternError::NotEcmaScript(error.to_string()));
    }
    if let Ok(parsed) = ast::parse::Parser::new().parse(pattern) {
        if let Err(meaning) = ast::visit(&parsed, SetOperations) {
            return Err(PatternError::DifferentMeaning(meaning));
        }
    }
    Ok(regex)
}

/// Finds class set operations (`&&`, `--`, `~~`), which only Rust has.
struct SetOperations;

impl Visitor for SetOperations {
    type Output = ();
    type Err = &'static str;

    fn finish(self) -> Result<(), &'static str> {
        Ok(())
    }

    fn visit_class_set_binary_op_pre(
        &mut self,
        op: &ast::ClassSetBinaryOp,
    ) -> Result<(), Self::Err> {
        Err(match op.kind {
            ast::ClassSetBinaryOpKind::Intersection => "`&&` (intersection)",
            ast::ClassSetBinaryOpKind::Difference => "`--` (difference)",
            ast::ClassSetBinaryOpKind::SymmetricDifference => "`~~` (symmetric difference)",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_in_both() {
        for pattern in [
            "^[A-Z]{2}[0-9]{6}$",
            "^\\d{4}-\\d{2}-\\d{2}$",
            "^[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}$",
            "^\\p{L}+$",
            "^(?:ab|cd)*$",
            "^(?<year>\\d{4})$",
            "^\\w+\\s\\S*\\b$",
            "^[^\\n]{0,10}$",
            "^\\u0041$",
            "^a{1,3}?$",
        ] {
            assert!(compile(pattern).is_ok(), "{pattern}");
        }
    }

    #[test]
    fn rust_only() {
        for pattern in [
            "(?i)^abc$",
            "(?i:abc)x(?-i)y(?x) a",
            "\\Aabc\\z",
            "^\\pL+$",
            "^[[:alpha:]]+$",
            "^(?P<year>\\d{4})$",
            "^\\x{41}$",
            "^[a-z&&[^aeiou]]$",
            "^[a-z--b]$",
            "^[a~~b]$",
            "\\<word\\>",
            // Rust reads these as nested repetitions; ECMA-262 refuses them
            // (and PCRE would read them as possessive).
            "^a++$",
            "^a*+$",
        ] {
            assert!(
                matches!(
                    compile(pattern),
                    Err(PatternError::NotEcmaScript(_) | PatternError::DifferentMeaning(_))
                ),
                "{pattern}: {}",
                match compile(pattern) {
                    Ok(_) => "accepted".to_string(),
                    Err(PatternError::Rust(detail)) => format!("Rust: {detail}"),
                    Err(_) => "ECMA".to_string(),
                }
            );
        }
        // Parsed by both, but not the same set of characters.
        assert!(matches!(
            compile("[a~~b]"),
            Err(PatternError::DifferentMeaning(_))
        ));
    }

    #[test]
    fn ecmascript_only() {
        for pattern in ["^(?=a)a$", "^(?!b)a$", "(?<=a)b", "^(a)\\1$", "^\\cA$"] {
            assert!(
                matches!(compile(pattern), Err(PatternError::Rust(_))),
                "{pattern}"
            );
        }
    }
}
