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

// The keywords that start each body's members (and, below, an operation's):
// the parser names the one a failed member's first word misspells, and
// completion offers them. A test holds each list to the grammar.

/// The keywords that start a domain's clauses.
pub const DOMAIN_CLAUSES: &[&str] = &["owner", "contact", "apply"];

/// The keywords that start a system's clauses.
pub const SYSTEM_CLAUSES: &[&str] = &[
    "domain",
    "kind",
    "hosting",
    "connectivity",
    "consumes",
    "apply",
];

/// The keywords that start an entity's clauses (its other members are
/// fields and `reserved` lines).
pub const ENTITY_CLAUSES: &[&str] = &["owner", "key", "record", "apply"];

/// The keywords that start an event's clauses and versions.
pub const EVENT_CLAUSES: &[&str] = &[
    "producer",
    "about",
    "key",
    "compatibility",
    "delivery",
    "retention",
    "compacted",
    "dead_letter",
    "apply",
    "version",
];

/// The keywords that start an API's clauses and operations.
pub const API_CLAUSES: &[&str] = &["host", "version", "base", "auth", "apply", "operation"];

/// The keywords that start a policy's rules.
pub const POLICY_RULES: &[&str] = &[
    "require", "auth", "retry", "timeout", "sla", "pii", "naming",
];

/// The keywords that start a workflow's own clauses (its other members
/// are steps, [`STEP_KEYWORDS`]).
pub const WORKFLOW_CLAUSES: &[&str] = &["host", "trigger", "apply", "sla", "timeout"];

/// The keywords that start a workflow step.
pub const STEP_KEYWORDS: &[&str] = &[
    "call",
    "emit",
    "wait",
    "choice",
    "parallel",
    "for",
    "fail",
    "succeed",
    "compensate",
];

/// The keywords that start a step's options.
pub const STEP_OPTIONS: &[&str] = &[
    "timeout",
    "retry",
    "catch",
    "on",
    "idempotency_key",
    "compensate",
];

/// The keywords that start a test's members.
pub const TEST_MEMBERS: &[&str] = &["trigger", "mock", "expect"];

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

/// Keyword lengths are below this (checked when the table is built).
const BUCKET_LENGTHS: usize = 16;
/// An empty place in a bucket of [`BY_FIRST_AND_LENGTH`].
const NO_KEYWORD: u8 = u8::MAX;
/// The most keywords that share a first letter and a length (`e`, 5:
/// `event`, `error`, `every`, `emits`).
const BUCKET_SIZE: usize = 4;

/// The indexes in [`KEYWORDS`] of the keywords of each first letter and
/// length, bucket `(letter - 'a') * 16 + length`. Built at compile time: a
/// keyword that does not fit (not lower-case, 16 bytes or longer, a fifth
/// of its bucket) stops the build.
const BY_FIRST_AND_LENGTH: [[u8; BUCKET_SIZE]; 26 * BUCKET_LENGTHS] = {
    assert!(KEYWORDS.len() < NO_KEYWORD as usize);
    let mut table = [[NO_KEYWORD; BUCKET_SIZE]; 26 * BUCKET_LENGTHS];
    let mut index = 0;
    while index < KEYWORDS.len() {
        let word = KEYWORDS[index].as_bytes();
        assert!(word[0].is_ascii_lowercase() && word.len() < BUCKET_LENGTHS);
        let bucket = (word[0] - b'a') as usize * BUCKET_LENGTHS + word.len();
        let mut slot = 0;
        while table[bucket][slot] != NO_KEYWORD {
            slot += 1;
        }
        table[bucket][slot] = index as u8;
        index += 1;
    }
    table
};

/// The keywords as little-endian integers (byte `i` of the word in bits
/// `8 * i ..`, zeros after it), compared with a word in one instruction.
const KEYWORD_BITS: [u128; KEYWORDS.len()] = {
    let mut bits = [0; KEYWORDS.len()];
    let mut index = 0;
    while index < KEYWORDS.len() {
        let word = KEYWORDS[index].as_bytes();
        let mut byte = 0;
        while byte < word.len() {
            bits[index] |= (word[byte] as u128) << (8 * byte);
            byte += 1;
        }
        index += 1;
    }
    bits
};

/// Whether `word` is a keyword. The lexer asks this of every word of a
/// file, so it compares `word` with at most the few keywords of its first
/// letter and length (a `match` on the words tried them one after the
/// other: lower-case names such as `status` were compared with every
/// keyword).
pub fn is_keyword(word: &str) -> bool {
    let bytes = word.as_bytes();
    bucket(bytes.first().copied(), bytes.len()).is_some_and(|bucket| in_bucket(bucket, bytes))
}

/// Whether the word of `len` bytes at the start of `rest` is a keyword:
/// [`is_keyword`] for the lexer, which has the text after the word too.
/// With 16 bytes at hand the word is compared as one masked integer
/// instead of by a `memcmp` call per candidate.
#[inline]
pub(crate) fn is_keyword_at(rest: &[u8], len: usize) -> bool {
    let Some(bucket) = bucket(rest.first().copied(), len) else {
        return false;
    };
    let Some(word) = rest.first_chunk::<16>() else {
        return rest.get(..len).is_some_and(|word| in_bucket(bucket, word));
    };
    // Lengths are under 16 (`bucket`), so the shift cannot overflow.
    let word = u128::from_le_bytes(*word) & ((1u128 << (8 * len)) - 1);
    candidates(bucket).any(|index| KEYWORD_BITS.get(index) == Some(&word))
}

/// The bucket of [`BY_FIRST_AND_LENGTH`] that holds the keywords starting
/// with `first` and `len` bytes long; `None` when no keyword can (every
/// keyword starts with a lower-case letter and is 2 to 15 bytes long).
#[inline]
fn bucket(first: Option<u8>, len: usize) -> Option<usize> {
    let first = first.filter(u8::is_ascii_lowercase)?;
    (2..BUCKET_LENGTHS)
        .contains(&len)
        .then(|| usize::from(first - b'a') * BUCKET_LENGTHS + len)
}

/// Whether `word` is one of the keywords in `bucket`.
fn in_bucket(bucket: usize, word: &[u8]) -> bool {
    candidates(bucket).any(|index| {
        KEYWORDS
            .get(index)
            .is_some_and(|keyword| keyword.as_bytes() == word)
    })
}

/// The indexes in [`KEYWORDS`] of the keywords in `bucket` of
/// [`BY_FIRST_AND_LENGTH`].
#[inline]
fn candidates(bucket: usize) -> impl Iterator<Item = usize> {
    BY_FIRST_AND_LENGTH
        .get(bucket)
        .into_iter()
        .flatten()
        .take_while(|index| **index != NO_KEYWORD)
        .map(|index| usize::from(*index))
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

    /// The body of the grammar rule `name` (between its braces).
    fn rule_body(name: &str) -> &'static str {
        let grammar = include_str!("grammar.pest");
        let start = grammar
            .find(&format!("\n{name} "))
            .unwrap_or_else(|| panic!("rule {name}"));
        let rule = &grammar[start..];
        &rule[rule.find('{').map_or(0, |at| at + 1)..rule.find('}').unwrap_or(rule.len())]
    }

    /// The words a grammar rule's body names: its `kw_` rules and its
    /// quoted words, through `param_location`.
    fn rule_words(name: &str) -> Vec<String> {
        let body = rule_body(name);
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

    /// The keywords the members of a grammar rule of alternatives start
    /// with: each alternative's first word (past its `attributes`), a
    /// `kw_` rule, or a rule of alternatives again; an alternative that
    /// starts with a name (a field) has none.
    fn first_keywords(name: &str) -> Vec<String> {
        let words = |body: &'static str| {
            body.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .filter(|word| !word.is_empty() && *word != "attributes")
                .collect::<Vec<_>>()
        };
        let mut keywords = Vec::new();
        for alternative in rule_body(name).split('|') {
            let Some(rule) = words(alternative).first().copied() else {
                continue;
            };
            match words(rule_body(rule)).first() {
                Some(first) if first.starts_with("kw_") => {
                    keywords.push(first.trim_start_matches("kw_").to_string());
                }
                Some(_) if rule_body(rule).contains('|') && !rule_body(rule).contains('~') => {
                    keywords.extend(first_keywords(rule));
                }
                _ => {}
            }
        }
        keywords.sort();
        keywords.dedup();
        keywords
    }

    fn sorted(list: &[&str]) -> Vec<String> {
        let mut words: Vec<String> = list.iter().map(|word| word.to_string()).collect();
        words.sort();
        words
    }

    /// Each body's list of member keywords is what its grammar rule starts
    /// its members with (an entity's `reserved` line belongs to its fields).
    #[test]
    fn the_member_lists_are_the_grammars() {
        for (list, rule) in [
            (DOMAIN_CLAUSES, "domain_member"),
            (SYSTEM_CLAUSES, "system_member"),
            (EVENT_CLAUSES, "event_member"),
            (API_CLAUSES, "api_member"),
            (POLICY_RULES, "policy_rule"),
            (WORKFLOW_CLAUSES, "workflow_clause"),
            (STEP_KEYWORDS, "step"),
            (STEP_OPTIONS, "step_option"),
            (TEST_MEMBERS, "test_member"),
        ] {
            assert_eq!(sorted(list), first_keywords(rule), "{rule}");
        }
        let mut entity = sorted(ENTITY_CLAUSES);
        entity.push("reserved".to_string());
        entity.sort();
        assert_eq!(entity, first_keywords("entity_member"));
    }

    #[test]
    fn the_lexers_check_agrees_with_is_keyword() {
        let mut words: Vec<String> = KEYWORDS.iter().map(|word| word.to_string()).collect();
        for keyword in KEYWORDS {
            // Near misses: a byte changed at either end, one more or less.
            words.push(format!("{keyword}s"));
            words.push(keyword[..keyword.len() - 1].to_string());
            words.push(format!("{}x", &keyword[..keyword.len() - 1]));
            words.push(format!("x{}", &keyword[1..]));
        }
        words.extend(
            [
                "status",
                "plant",
                "id",
                "a",
                "x_y",
                "workflows",
                "eventeventevent",
            ]
            .map(String::from),
        );
        for word in &words {
            // Both lookups read the same table: the list itself decides.
            let expected = KEYWORDS.contains(&word.as_str());
            assert_eq!(is_keyword(word), expected, "{word:?}");
            // Alone (fewer than 16 bytes after it) and followed by text.
            for after in ["", " ", "_not_part_of_it_but_long", "\n}"] {
                let rest = format!("{word}{after}");
                assert_eq!(
                    is_keyword_at(rest.as_bytes(), word.len()),
                    expected,
                    "{word:?} then {after:?}"
                );
            }
        }
    }
}
