//! The keywords of weft, in one place: the parser's error messages name
//! them, the splitter and the formatter know the declaration keywords among
//! them ([`DeclKind::keyword`]), and a test holds the list to the grammar's
//! `kw_` rules so that a keyword added to the grammar cannot be forgotten
//! here.

use crate::syntax::DeclKind;

/// Declares the list once, with its backquoted forms for messages built at
/// compile time (pest reports rules; messages need `&'static str`).
macro_rules! keywords {
    ($($word:literal,)+) => {
        /// Every keyword of the grammar (its `kw_` rules).
        pub const KEYWORDS: &[&str] = &[$($word,)+];

        /// The keywords as messages quote them: `` `domain` ``.
        const QUOTED: &[&str] = &[$(concat!("`", $word, "`"),)+];

        /// Whether `word` is a keyword. A `match` on the words (which the
        /// compiler turns into a branch on the length and byte compares):
        /// the lexer asks this of every word of a file.
        pub fn is_keyword(word: &str) -> bool {
            matches!(word, $($word)|+)
        }
    };
}

keywords! {
    "package",
    "use",
    "as",
    "domain",
    "system",
    "type",
    "enum",
    "record",
    "entity",
    "event",
    "api",
    "policy",
    "workflow",
    "test",
    "owner",
    "contact",
    "apply",
    "kind",
    "hosting",
    "connectivity",
    "consumes",
    "pattern",
    "length",
    "range",
    "reserved",
    "key",
    "producer",
    "about",
    "compatibility",
    "delivery",
    "retention",
    "forever",
    "compacted",
    "version",
    "host",
    "base",
    "auth",
    "oauth2",
    "scopes",
    "api_key",
    "header",
    "none",
    "operation",
    "body",
    "response",
    "error",
    "reads",
    "writes",
    "idempotent",
    "paginated",
    "require",
    "retry",
    "every",
    "backoff",
    "max",
    "timeout",
    "sla",
    "pii",
    "naming",
    "trigger",
    "schedule",
    "call",
    "emit",
    "wait",
    "where",
    "choice",
    "when",
    "otherwise",
    "parallel",
    "branch",
    "for",
    "each",
    "in",
    "concurrency",
    "compensate",
    "with",
    "fail",
    "succeed",
    "catch",
    "on",
    "idempotency_key",
    "audited",
    "dead_letter",
    "mock",
    "returns",
    "fails",
    "times",
    "out",
    "expect",
    "path",
    "emits",
    "succeeds",
    "compensates",
}

/// A keyword quoted for a message (`` `domain` ``); `None` for other words.
pub fn quoted(word: &str) -> Option<&'static str> {
    let index = KEYWORDS.iter().position(|keyword| *keyword == word)?;
    QUOTED.get(index).copied()
}

/// The declaration keywords, which start a declaration at column 0.
pub fn declaration_keywords() -> impl Iterator<Item = &'static str> {
    DeclKind::ALL.into_iter().map(DeclKind::keyword)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `kw_` rules of the grammar, with the word each one matches.
    fn grammar_keywords() -> Vec<(String, String)> {
        include_str!("grammar.pest")
            .lines()
            .filter_map(|line| {
                let rule = line.strip_prefix("kw_")?;
                let (name, rest) = rule.split_once('=')?;
                let word = rest.split('"').nth(1)?;
                Some((name.trim().to_string(), word.to_string()))
            })
            .collect()
    }

    #[test]
    fn the_list_is_the_grammars() {
        let grammar = grammar_keywords();
        for (rule, word) in &grammar {
            assert_eq!(rule, word, "kw_{rule} matches `{word}`");
            assert!(
                is_keyword(word),
                "`{word}` is in the grammar but not in KEYWORDS"
            );
        }
        assert_eq!(grammar.len(), KEYWORDS.len());
    }

    #[test]
    fn declaration_keywords_are_keywords() {
        for word in declaration_keywords() {
            assert!(is_keyword(word), "{word}");
        }
    }

    #[test]
    fn quoted_forms_follow_the_list() {
        assert_eq!(quoted("domain"), Some("`domain`"));
        assert_eq!(quoted("succeeds"), Some("`succeeds`"));
        assert_eq!(quoted("Domain"), None);
        assert_eq!(QUOTED.len(), KEYWORDS.len());
    }
}
