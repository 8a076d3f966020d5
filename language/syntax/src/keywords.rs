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
            // Every keyword starts with a lower-case letter and is 2 to 15
            // bytes long (a test holds the list to that): most names of a
            // file (`PurchaseOrder`, `x`) are told apart without comparing.
            let plausible = (2..=15).contains(&word.len())
                && word.as_bytes().first().is_some_and(u8::is_ascii_lowercase);
            plausible && matches!(word, $($word)|+)
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

/// The keywords that start an operation's members (the grammar's
/// `operation_keyword`): after `response 200` they start the next member
/// instead of naming the response's type, and completion offers them
/// inside an operation.
pub const OPERATION_MEMBERS: &[&str] = &[
    "path",
    "query",
    "header",
    "body",
    "response",
    "error",
    "reads",
    "writes",
    "auth",
    "idempotent",
    "audited",
    "paginated",
    "apply",
];

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
        // `is_keyword` rules out words by their length and first letter
        // before comparing: every keyword must pass that filter.
        for word in KEYWORDS {
            assert!(is_keyword(word), "`{word}` fails is_keyword's filter");
        }
        assert!(!is_keyword("Record") && !is_keyword("r") && !is_keyword("recorded"));
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

    /// The words a grammar rule's body names: its `kw_` rules and its
    /// quoted words, through `param_location`.
    fn rule_words(name: &str) -> Vec<String> {
        let grammar = include_str!("grammar.pest");
        let start = grammar
            .find(&format!("\n{name} "))
            .unwrap_or_else(|| panic!("rule {name}"));
        let rule = &grammar[start..];
        let body = &rule[rule.find('{').unwrap_or(0)..rule.find('}').unwrap_or(rule.len())];
        let mut words: Vec<String> = body
            .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '"'))
            .filter_map(|word| {
                word.strip_prefix("kw_").map(str::to_string).or_else(|| {
                    word.strip_prefix('"')?
                        .strip_suffix('"')
                        .map(str::to_string)
                })
            })
            .collect();
        if body.contains("param_location") {
            words.extend(rule_words("param_location"));
        }
        words
    }

    #[test]
    fn operation_members_are_the_grammars_operation_keywords() {
        let mut grammar = rule_words("operation_keyword");
        grammar.sort();
        let mut listed: Vec<String> = OPERATION_MEMBERS.iter().map(|w| w.to_string()).collect();
        listed.sort();
        assert_eq!(listed, grammar);
    }
}
