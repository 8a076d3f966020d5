//! A lossless lexer: every byte of a file belongs to exactly one token, so
//! the tokens' texts concatenated give the file back, whatever it holds.
//!
//! The splitter works on these tokens, so strings, comments and brackets are
//! recognised once, in one place. No token of weft spans lines (strings and
//! comments end at the end of their line at the latest), which is what makes
//! "column 0" a property of a token: the first token after a newline.
//!
//! The lexer never fails and never panics: a character it does not know
//! becomes an [`TokenKind::Unknown`] token and a string without its closing
//! quote an [`TokenKind::UnterminatedString`]. It runs in linear time: every
//! step consumes at least one character and never looks back.

use crate::keywords::is_keyword_at;

/// What a token is. A closed set: the splitter matches on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// A run of spaces, tabs, lone carriage returns and byte-order marks not
    /// at the start of the file (the grammar treats all of them as blanks).
    Whitespace,
    /// A byte-order mark at offset 0, which is not part of the first line.
    ByteOrderMark,
    /// One line end: `\n` or `\r\n`.
    Newline,
    /// An ordinary comment, `//` or `////…`, up to the end of its line
    /// (without the line end and the carriage returns before it).
    Comment,
    /// A doc comment, `///` not followed by another `/`, up to the end of its
    /// line.
    DocComment,
    /// A name that is not a keyword.
    Ident,
    /// A keyword of the grammar ([`crate::keywords::KEYWORDS`]).
    Keyword,
    /// Digits, with dotted digit groups: `42`, `1.5`, `1.2.0`.
    Number,
    /// Digits with a time unit: `10ms`, `2s`, `5m`, `1h`, `7d`, `2w`.
    Duration,
    /// A string with its closing quote.
    String,
    /// A string whose closing quote is missing: it ends at the end of its
    /// line.
    UnterminatedString,
    /// `{`.
    LeftBrace,
    /// `}`.
    RightBrace,
    /// `(`.
    LeftParen,
    /// `)`.
    RightParen,
    /// `[`.
    LeftBracket,
    /// `]`.
    RightBracket,
    /// `<`: a comparison or the start of type parameters (the splitter tells
    /// them apart).
    Less,
    /// `>`.
    Greater,
    /// `<=`.
    LessEqual,
    /// `>=`.
    GreaterEqual,
    /// `==`.
    EqualEqual,
    /// `!=`.
    NotEqual,
    /// `=`.
    Equal,
    /// `:`.
    Colon,
    /// `,`.
    Comma,
    /// `.`.
    Dot,
    /// `..`.
    DotDot,
    /// `?`.
    Question,
    /// `@`.
    At,
    /// `+`.
    Plus,
    /// `-`.
    Minus,
    /// `*`.
    Star,
    /// `/` that does not start a comment.
    Slash,
    /// One character weft has no use for.
    Unknown,
}

impl TokenKind {
    /// Whether the token is trivia: blanks, line ends and comments of any
    /// kind.
    pub fn is_trivia(self) -> bool {
        matches!(
            self,
            TokenKind::Whitespace
                | TokenKind::ByteOrderMark
                | TokenKind::Newline
                | TokenKind::Comment
                | TokenKind::DocComment
        )
    }
}

/// One token: its kind and its byte range `start..end` in the text.
///
/// Offsets are `u32` (texts are capped far below 4 GiB by their callers,
/// as for [`weft_base::Span`]): a token is 12 bytes instead of 24, and a
/// file has about one token per three bytes, so the token list of a file
/// is four times its size instead of eight.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// What the token is.
    pub kind: TokenKind,
    /// Byte offset of its first byte.
    pub start: u32,
    /// Byte offset one past its last byte.
    pub end: u32,
}

impl Token {
    /// The token's text in `source` (the text it was lexed from).
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        source.get(self.range()).unwrap_or("")
    }

    /// The token's byte range, for slicing the text.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// An offset as a token holds it (saturating, as spans do).
#[cfg(test)]
fn offset(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// `text` cut to what token offsets can hold (`u32`), on a character
/// boundary, so that the lexer converts offsets without checking each
/// (the checked conversions were a twelfth of lexing). Callers cap
/// texts far below this; beyond it a text would yield no tokens anyway.
fn addressable(text: &str) -> &str {
    let mut end = text.len().min(u32::MAX as usize);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or_default()
}

/// Whether both parsers take `c` as blank where a span ends or a line
/// starts: Unicode white space, and the byte-order mark, which the
/// grammar's `WHITESPACE` and this lexer count as a blank though Unicode
/// does not (`str::trim_end` keeps it).
pub(crate) fn is_blank(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// Cuts `text` into tokens that cover it without gaps or overlaps.
pub fn tokenize(text: &str) -> Vec<Token> {
    // Weft has about one token per three bytes (blanks included); reserving
    // that up front saves the copies of a growing vector.
    let mut tokens = Vec::with_capacity(text.len() / 3 + 16);
    tokens.extend(Lexer::new(text));
    tokens
}

/// Iterates over the tokens of a text; see [`tokenize`].
#[derive(Clone, Debug)]
pub struct Lexer<'a> {
    text: &'a str,
    offset: usize,
}

impl<'a> Lexer<'a> {
    /// A lexer at the start of `text`.
    pub fn new(text: &'a str) -> Self {
        Lexer {
            text: addressable(text),
            offset: 0,
        }
    }

    /// A lexer at `offset` in `text`, which must be where a token of
    /// [`tokenize`]`(text)` starts: it yields the same tokens from there on
    /// (a token depends only on the text from its first byte), so a caller
    /// can look ahead without keeping the tokens.
    pub fn starting_at(text: &'a str, offset: usize) -> Self {
        Lexer {
            text: addressable(text),
            offset,
        }
    }
}

impl Iterator for Lexer<'_> {
    type Item = Token;

    // Inlined into the splitter's first loop (`lex_significant`): a call
    // per token, returning the token through memory, was half of the
    // lexer's time.
    #[inline(always)]
    fn next(&mut self) -> Option<Token> {
        let start = self.offset;
        let bytes = self.text.as_bytes();
        let &byte = bytes.get(start)?;
        // The most frequent tokens by their first byte, on bytes: slicing the
        // text as a `str` checks a character boundary each time. `lex_one`
        // has the whole set (and agrees on these). Each length here is at
        // least 1 and ends on a character boundary (ASCII bytes only).
        let (kind, len) = match byte {
            b' ' | b'\t' => (TokenKind::Whitespace, blank_run(self.text, start)),
            b'\n' => (TokenKind::Newline, 1),
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                let rest = bytes.get(start..).unwrap_or_default();
                let len = word_len(rest);
                let kind = if is_keyword_at(rest, len) {
                    TokenKind::Keyword
                } else {
                    TokenKind::Ident
                };
                (kind, len)
            }
            b'{' => (TokenKind::LeftBrace, 1),
            b'}' => (TokenKind::RightBrace, 1),
            b'(' => (TokenKind::LeftParen, 1),
            b')' => (TokenKind::RightParen, 1),
            b':' => (TokenKind::Colon, 1),
            b',' => (TokenKind::Comma, 1),
            // The rest of the ASCII punctuation, numbers and strings, without
            // `lex_one`'s character decoding and the guards before its
            // match: a ninth of the tokens, 6% of the splitter's
            // instructions when they went through `lex_one`.
            b'.' | b'=' | b'<' | b'>' | b'?' | b'@' | b'[' | b']' | b'!' | b'+' | b'-' | b'*' => {
                punctuation(char::from(byte), bytes.get(start + 1).copied())
            }
            b'0'..=b'9' => number(bytes.get(start..).unwrap_or_default()),
            b'"' => string(self.text.get(start..).unwrap_or_default()),
            _ => {
                let rest = self.text.get(start..)?;
                let first = if byte.is_ascii() {
                    char::from(byte)
                } else {
                    rest.chars().next()?
                };
                let (kind, len) = lex_one(rest, first, start == 0);
                // Every token consumes at least its first character, so the
                // lexer always advances (and `len` always ends on a
                // character boundary).
                (kind, len.max(first.len_utf8()))
            }
        };
        self.offset = start + len;
        // Exact: the text ends at or before `u32::MAX` (`addressable`).
        Some(Token {
            kind,
            start: start as u32,
            end: self.offset as u32,
        })
    }
}

/// The kind and byte length of the token at the start of `rest`, whose first
/// character is `first`.
fn lex_one(rest: &str, first: char, at_file_start: bool) -> (TokenKind, usize) {
    let bytes = rest.as_bytes();
    let second = bytes.get(1).copied();
    match first {
        '\u{feff}' if at_file_start => (TokenKind::ByteOrderMark, first.len_utf8()),
        '\n' => (TokenKind::Newline, 1),
        '\r' if second == Some(b'\n') => (TokenKind::Newline, 2),
        ' ' | '\t' | '\r' | '\u{feff}' => (TokenKind::Whitespace, whitespace_len(rest, 0)),
        '/' if second == Some(b'/') => comment(rest),
        '"' => string(rest),
        c if c.is_ascii_digit() => number(bytes),
        c if c.is_ascii_alphabetic() || c == '_' => {
            let len = word_len(bytes);
            let kind = if is_keyword_at(bytes, len) {
                TokenKind::Keyword
            } else {
                TokenKind::Ident
            };
            (kind, len)
        }
        _ => punctuation(first, second),
    }
}

/// The length of the run of blanks at `start` in `text`, whose first byte
/// is a space or a tab: the spaces and tabs counted here, where the lexer's
/// loop inlines them (a call per blank run was a tenth of lexing), and the
/// rarer blanks after them by [`whitespace_len`].
#[inline(always)]
fn blank_run(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = start + 1;
    while let Some(b' ' | b'\t') = bytes.get(end) {
        end += 1;
    }
    match bytes.get(end) {
        Some(b'\r' | 0xEF) => whitespace_len(text, start),
        _ => end - start,
    }
}

/// The length of the run of blanks at `start` in `text`, character by
/// character: for the rare runs with a carriage return or a byte-order
/// mark ([`blank_run`] counts the usual ones).
fn whitespace_len(text: &str, start: usize) -> usize {
    let rest = text.get(start..).unwrap_or_default();
    let mut len = 0;
    for (index, c) in rest.char_indices() {
        let blank = match c {
            ' ' | '\t' | '\u{feff}' => true,
            // A carriage return before a line feed belongs to the newline.
            '\r' => rest.as_bytes().get(index + 1) != Some(&b'\n'),
            _ => false,
        };
        if !blank {
            break;
        }
        len = index + c.len_utf8();
    }
    len
}

/// Which bytes continue a name: one table lookup per byte.
const WORD_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] = b.is_ascii_alphanumeric() || b == b'_';
        byte += 1;
    }
    table
};

fn is_word_byte(byte: u8) -> bool {
    WORD_BYTES[usize::from(byte)]
}

/// The length of the name at the start of `bytes`: eight bytes at a
/// time ([`non_word_bytes`]), then byte by byte for the last few. A loop
/// per byte mispredicted its exit at the end of almost every name (a sixth
/// of the splitter's samples); most names end within the first eight.
#[inline]
fn word_len(bytes: &[u8]) -> usize {
    let mut len = 0;
    while let Some(chunk) = bytes.get(len..).and_then(<[u8]>::first_chunk::<8>) {
        let stops = non_word_bytes(u64::from_le_bytes(*chunk));
        if stops != 0 {
            return len + (stops.trailing_zeros() / 8) as usize;
        }
        len += 8;
    }
    let tail = bytes.get(len..).unwrap_or_default();
    len + tail
        .iter()
        .position(|&byte| !is_word_byte(byte))
        .unwrap_or(tail.len())
}

/// The high bit of each byte of `word` (eight bytes of text) that cannot
/// continue a name, the others clear: the byte ranges of
/// [`WORD_BYTES`] compared in all eight bytes at once. Each step keeps
/// every byte's high bit set before subtracting at most `0x7b`, so no
/// byte borrows from its neighbour.
const fn non_word_bytes(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    /// High bit set where the low seven bits of the byte are at least `n`.
    const fn at_least(set: u64, n: u8) -> u64 {
        set - ONES * n as u64
    }
    let set = word | HIGH;
    let digits = at_least(set, b'0') & !at_least(set, b'9' + 1);
    // `| 0x20` folds the capitals onto the small letters and nothing else
    // onto them (`@` and `[` become `` ` `` and `{`).
    let folded = set | (ONES * 0x20);
    let letters = at_least(folded, b'a') & !at_least(folded, b'z' + 1);
    let not_underscore = {
        let other = word ^ (ONES * b'_' as u64);
        ((other & !HIGH) + !HIGH) | other
    };
    // Bytes from 0x80 up (parts of other characters) end a name.
    let name_bytes = (digits | letters | !not_underscore) & !word & HIGH;
    !name_bytes & HIGH
}

/// A comment runs to the end of its line, without the carriage returns
/// that end the line (they are blanks, as in the grammar).
fn comment(rest: &str) -> (TokenKind, usize) {
    let bytes = rest.as_bytes();
    let line_len = memchr::memchr(b'\n', bytes).unwrap_or(bytes.len());
    let mut len = line_len;
    while len > 2 && bytes[len - 1] == b'\r' {
        len -= 1;
    }
    let doc = bytes.get(2) == Some(&b'/') && bytes.get(3) != Some(&b'/');
    let doc = doc && len >= 3;
    let kind = if doc {
        TokenKind::DocComment
    } else {
        TokenKind::Comment
    };
    (kind, len)
}

/// A string ends at its closing quote, or before the end of its line if the
/// quote is missing. A backslash escapes the next character, but never a
/// line end.
fn string(rest: &str) -> (TokenKind, usize) {
    let bytes = rest.as_bytes();
    let mut index = 1;
    loop {
        // Straight to the next byte that can end the string or escape.
        let Some(skip) = bytes
            .get(index..)
            .and_then(|tail| memchr::memchr3(b'"', b'\\', b'\n', tail))
        else {
            index = bytes.len();
            break;
        };
        index += skip;
        let Some(&byte) = bytes.get(index) else { break };
        match byte {
            b'"' => return (TokenKind::String, index + 1),
            b'\n' => {
                // A carriage return before the line feed ends the line too.
                if index > 1 && bytes.get(index - 1) == Some(&b'\r') {
                    index -= 1;
                }
                break;
            }
            b'\\' => match bytes.get(index + 1) {
                Some(b'\n') | None => index += 1,
                Some(b'\r') if bytes.get(index + 2) == Some(&b'\n') => index += 1,
                Some(_) => index += 2,
            },
            _ => index += 1,
        }
    }
    // The escape skipped a byte; step back onto a character boundary (the
    // skipped byte may have started a multi-byte character).
    let mut end = index.min(bytes.len());
    while !rest.is_char_boundary(end) {
        end += 1;
    }
    (TokenKind::UnterminatedString, end)
}

/// Digits with dotted digit groups (`1.2.0`), or digits with a time unit
/// that is not followed by more of a name (`10ms`, but `10sec` is a number
/// and a name).
fn number(bytes: &[u8]) -> (TokenKind, usize) {
    let digits = |from: usize| {
        bytes[from..]
            .iter()
            .position(|byte| !byte.is_ascii_digit())
            .map_or(bytes.len(), |len| from + len)
    };
    let integer_end = digits(0);
    for unit in [&b"ms"[..], b"s", b"m", b"h", b"d", b"w"] {
        let end = integer_end + unit.len();
        if bytes.get(integer_end..end) == Some(unit)
            && !bytes.get(end).copied().is_some_and(is_word_byte)
        {
            return (TokenKind::Duration, end);
        }
    }
    let mut end = integer_end;
    while bytes.get(end) == Some(&b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
        end = digits(end + 1);
    }
    (TokenKind::Number, end)
}

fn punctuation(first: char, second: Option<u8>) -> (TokenKind, usize) {
    let two = |kind| (kind, 2);
    let one = |kind| (kind, 1);
    match (first, second) {
        ('<', Some(b'=')) => two(TokenKind::LessEqual),
        ('>', Some(b'=')) => two(TokenKind::GreaterEqual),
        ('=', Some(b'=')) => two(TokenKind::EqualEqual),
        ('!', Some(b'=')) => two(TokenKind::NotEqual),
        ('.', Some(b'.')) => two(TokenKind::DotDot),
        ('{', _) => one(TokenKind::LeftBrace),
        ('}', _) => one(TokenKind::RightBrace),
        ('(', _) => one(TokenKind::LeftParen),
        (')', _) => one(TokenKind::RightParen),
        ('[', _) => one(TokenKind::LeftBracket),
        (']', _) => one(TokenKind::RightBracket),
        ('<', _) => one(TokenKind::Less),
        ('>', _) => one(TokenKind::Greater),
        ('=', _) => one(TokenKind::Equal),
        (':', _) => one(TokenKind::Colon),
        (',', _) => one(TokenKind::Comma),
        ('.', _) => one(TokenKind::Dot),
        ('?', _) => one(TokenKind::Question),
        ('@', _) => one(TokenKind::At),
        ('+', _) => one(TokenKind::Plus),
        ('-', _) => one(TokenKind::Minus),
        ('*', _) => one(TokenKind::Star),
        ('/', _) => one(TokenKind::Slash),
        (other, _) => (TokenKind::Unknown, other.len_utf8()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn kinds(text: &str) -> Vec<(TokenKind, &str)> {
        tokenize(text)
            .into_iter()
            .map(|token| (token.kind, token.text(text)))
            .collect()
    }

    fn significant(text: &str) -> Vec<(TokenKind, &str)> {
        kinds(text)
            .into_iter()
            .filter(|(kind, _)| !kind.is_trivia())
            .collect()
    }

    fn rebuilt(text: &str) -> String {
        tokenize(text)
            .iter()
            .map(|token| token.text(text))
            .collect()
    }

    #[test]
    fn keywords_names_and_punctuation() {
        use TokenKind::*;
        assert_eq!(
            significant("record keyed { a: list<string>? = x.y }"),
            vec![
                (Keyword, "record"),
                (Ident, "keyed"),
                (LeftBrace, "{"),
                (Ident, "a"),
                (Colon, ":"),
                (Ident, "list"),
                (Less, "<"),
                (Ident, "string"),
                (Greater, ">"),
                (Question, "?"),
                (Equal, "="),
                (Ident, "x"),
                (Dot, "."),
                (Ident, "y"),
                (RightBrace, "}"),
            ]
        );
        assert_eq!(
            significant("a<=b>=c==d!=e..f<g>h@i+j-k*l/m[n](o)"),
            vec![
                (Ident, "a"),
                (LessEqual, "<="),
                (Ident, "b"),
                (GreaterEqual, ">="),
                (Ident, "c"),
                (EqualEqual, "=="),
                (Ident, "d"),
                (NotEqual, "!="),
                (Ident, "e"),
                (DotDot, ".."),
                (Ident, "f"),
                (Less, "<"),
                (Ident, "g"),
                (Greater, ">"),
                (Ident, "h"),
                (At, "@"),
                (Ident, "i"),
                (Plus, "+"),
                (Ident, "j"),
                (Minus, "-"),
                (Ident, "k"),
                (Star, "*"),
                (Ident, "l"),
                (Slash, "/"),
                (Ident, "m"),
                (LeftBracket, "["),
                (Ident, "n"),
                (RightBracket, "]"),
                (LeftParen, "("),
                (Ident, "o"),
                (RightParen, ")"),
            ]
        );
    }

    #[test]
    fn numbers_durations_and_ranges() {
        use TokenKind::*;
        assert_eq!(
            significant("42 1.5 1.2.0 10ms 2s 5m 10sec 1..5 200 v1"),
            vec![
                (Number, "42"),
                (Number, "1.5"),
                (Number, "1.2.0"),
                (Duration, "10ms"),
                (Duration, "2s"),
                (Duration, "5m"),
                (Number, "10"),
                (Ident, "sec"),
                (Number, "1"),
                (DotDot, ".."),
                (Number, "5"),
                (Number, "200"),
                (Ident, "v1"),
            ]
        );
    }

    #[test]
    fn strings_with_escapes_and_unterminated_strings() {
        use TokenKind::*;
        assert_eq!(
            significant(r#""a \"b\" // c" x"#),
            vec![(String, r#""a \"b\" // c""#), (Ident, "x")]
        );
        assert_eq!(
            kinds("\"open { (\nnext"),
            vec![
                (UnterminatedString, "\"open { ("),
                (Newline, "\n"),
                (Ident, "next")
            ]
        );
        // A backslash at the end of a line does not swallow the line end.
        assert_eq!(
            kinds("\"a\\\r\nb"),
            vec![
                (UnterminatedString, "\"a\\"),
                (Newline, "\r\n"),
                (Ident, "b")
            ]
        );
    }

    #[test]
    fn comments_doc_comments_and_line_ends() {
        use TokenKind::*;
        assert_eq!(
            kinds("/// doc\r\n// plain\n//// four\n"),
            vec![
                (DocComment, "/// doc"),
                (Newline, "\r\n"),
                (Comment, "// plain"),
                (Newline, "\n"),
                (Comment, "//// four"),
                (Newline, "\n"),
            ]
        );
        assert_eq!(
            kinds("\u{feff}a\u{feff}b\r c"),
            vec![
                (ByteOrderMark, "\u{feff}"),
                (Ident, "a"),
                (Whitespace, "\u{feff}"),
                (Ident, "b"),
                (Whitespace, "\r "),
                (Ident, "c"),
            ]
        );
        assert_eq!(kinds("a ! é"), {
            vec![
                (Ident, "a"),
                (Whitespace, " "),
                (Unknown, "!"),
                (Whitespace, " "),
                (Unknown, "é"),
            ]
        });
    }

    /// The tokens as `lex_one` alone makes them, without the lexer's fast
    /// paths for frequent first bytes.
    fn reference_tokens(text: &str) -> Vec<Token> {
        let mut tokens = Vec::new();
        let mut start = 0;
        while let Some(first) = text[start..].chars().next() {
            let (kind, len) = lex_one(&text[start..], first, start == 0);
            let len = len.max(first.len_utf8());
            tokens.push(Token {
                kind,
                start: offset(start),
                end: offset(start + len),
            });
            start += len;
        }
        tokens
    }

    #[test]
    fn eight_bytes_at_a_time_agree_with_the_byte_table() {
        for byte in 0..=u8::MAX {
            for position in 0..8 {
                // The byte among name bytes (`a`) and among stops (` `).
                for filler in [b'a', b' '] {
                    let mut chunk = [filler; 8];
                    chunk[position] = byte;
                    let stops = non_word_bytes(u64::from_le_bytes(chunk));
                    for (index, &each) in chunk.iter().enumerate() {
                        let stop = stops >> (8 * index + 7) & 1 == 1;
                        assert_eq!(stop, !is_word_byte(each), "byte {each:#x} at {index}");
                    }
                }
            }
        }
        assert_eq!(word_len(b"abcdefgh"), 8);
        assert_eq!(word_len(b"abcdefgh_1 x"), 10);
        assert_eq!(word_len(b"ab\xc3\xa9"), 2);
    }

    #[test]
    fn a_long_input_is_lexed_in_linear_time() {
        let text = "\"\\".repeat(200_000) + &"list<".repeat(200_000) + &"/".repeat(200_000);
        assert_eq!(rebuilt(&text), text);
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 500, .. ProptestConfig::default() })]

        #[test]
        fn tokens_cover_arbitrary_text(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let text = String::from_utf8_lossy(&bytes);
            let tokens = tokenize(&text);
            let mut offset = 0;
            for token in &tokens {
                prop_assert_eq!(token.start as usize, offset);
                prop_assert!(token.end > token.start);
                offset = token.end as usize;
            }
            prop_assert_eq!(offset, text.len());
            prop_assert_eq!(rebuilt(&text), text.to_string());
        }

        #[test]
        fn tokens_cover_weft_like_text(text in "[a-z0-9 {}()<>=!./\"\\\\@?:,\n\r\t-]{0,200}") {
            prop_assert_eq!(rebuilt(&text), text);
        }

        #[test]
        fn the_fast_paths_agree_with_lex_one(text in "[a-zA-Z0-9_ {}()<>=!./\"\\\\@?:,\n\r\t\\[\\]+*é\u{feff}-]{0,200}") {
            prop_assert_eq!(tokenize(&text), reference_tokens(&text));
        }
    }
}
