//! Text taken from the model and written into descriptions and summaries.
//!
//! Doc comments are Markdown, and renderers of OpenAPI, AsyncAPI and JSON
//! Schema documents show descriptions as Markdown with HTML. A doc comment
//! is the architect's text, not trusted markup, so [`markdown`] neutralises
//! what a renderer could execute, and leaves ordinary text as written:
//!
//! - each HTML start tag is judged by `ammonia` (html5ever's parser and an
//!   allow-list of tags, attributes and URL schemes): a tag ammonia keeps
//!   unchanged is kept as written; any other (`<script>`, `<iframe
//!   srcdoc>`, an event handler, `<img alt=">" … onerror=…>`, an entity-encoded
//!   `javascript:` URL, or text that only looks like a tag, `Map<K>`) has
//!   its `<` written as `&lt;`, so it shows as text;
//! - inline code and code blocks (backtick runs) are copied as they are;
//! - `javascript:` and `vbscript:` in Markdown links (after decoding the
//!   character references that spell letters, `&#x61;`, and with tabs and
//!   line breaks inside, which browsers ignore) become `javascript :`.
//!
//! YAML quoting is the YAML writer's job.

use regex::Regex;
use std::sync::OnceLock;

/// The text made safe to render as Markdown.
pub(crate) fn markdown(text: &str) -> String {
    if !may_change(text) {
        return text.trim().to_string();
    }
    let text = decode_letter_references(text.trim());
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(index) = rest.find(['<', '`']) {
        out.push_str(&rest[..index]);
        let tail = &rest[index..];
        if tail.starts_with('`') {
            let code = code_span(tail);
            out.push_str(code);
            rest = &tail[code.len()..];
            continue;
        }
        if is_unsafe_tag(tail) {
            out.push_str("&lt;");
        } else {
            out.push('<');
        }
        rest = &tail[1..];
    }
    out.push_str(rest);
    neutralise_script_urls(&out)
}

/// Whether [`markdown`] could do more than trim: without `<` there is no
/// tag, without `&` no character reference, without `:` no URL scheme. Most
/// texts have none of them and skip the passes and their copies.
fn may_change(text: &str) -> bool {
    text.contains(['<', '&', ':'])
}

/// The inline code or code block a backtick run opens (up to the closing
/// run of the same length), or the run alone when it is not closed.
fn code_span(text: &str) -> &str {
    let run = text.len() - text.trim_start_matches('`').len();
    let fence = &text[..run];
    let mut from = run;
    while let Some(found) = text[from..].find(fence) {
        let start = from + found;
        let end = start + text[start..].len() - text[start..].trim_start_matches('`').len();
        if end - start == run {
            return &text[..end];
        }
        from = end;
    }
    fence
}

/// The start tag at a `<`, up to its `>` (quotes respected), or `None` when
/// the `<` opens no start tag.
fn start_tag(text: &str) -> Option<Option<&str>> {
    let mut chars = text.char_indices().skip(1);
    if !chars.next().is_some_and(|(_, c)| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut quote = None;
    for (index, c) in chars {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(open), _) if c == open => quote = None,
            (None, '>') => return Some(Some(&text[..=index])),
            _ => {}
        }
    }
    // No end: a renderer may still read a tag up to the end of the text.
    Some(None)
}

/// Whether the text at a `<` opens a start tag that ammonia would not keep
/// exactly as written.
fn is_unsafe_tag(text: &str) -> bool {
    match start_tag(text) {
        None => false,
        Some(None) => true,
        Some(Some(tag)) => {
            let cleaned = ammonia::Builder::default()
                .link_rel(None)
                .clean(tag)
                .to_string();
            let name: String = tag[1..]
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect();
            // The parser closes an element it opened; only the start tag is
            // compared.
            let kept = cleaned
                .strip_suffix(&format!("</{name}>"))
                .unwrap_or(&cleaned);
            kept != tag
        }
    }
}

/// Character references that spell ASCII letters, digits, `:`, tab or line
/// feed, decoded: there is no reason to write those as references but to
/// hide a URL scheme (`jav&#x61;script:`) from a filter.
fn decode_letter_references(text: &str) -> String {
    static REFERENCE: OnceLock<Option<Regex>> = OnceLock::new();
    let Some(reference) = REFERENCE.get_or_init(|| {
        Regex::new(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?|&(colon|Tab|NewLine);").ok()
    }) else {
        return text.to_string();
    };
    if !text.contains('&') {
        return text.to_string();
    }
    reference
        .replace_all(text, |captures: &regex::Captures| {
            let whole = captures.get(0).map_or("", |m| m.as_str());
            let decoded = if let Some(hex) = captures.get(1) {
                u32::from_str_radix(hex.as_str(), 16)
                    .ok()
                    .and_then(char::from_u32)
            } else if let Some(decimal) = captures.get(2) {
                decimal
                    .as_str()
                    .parse::<u32>()
                    .ok()
                    .and_then(char::from_u32)
            } else {
                match captures.get(3).map(|m| m.as_str()) {
                    Some("colon") => Some(':'),
                    Some("Tab") => Some('\t'),
                    Some("NewLine") => Some('\n'),
                    _ => None,
                }
            };
            match decoded {
                Some(c) if c.is_ascii_alphanumeric() || matches!(c, ':' | '\t' | '\n') => {
                    c.to_string()
                }
                _ => whole.to_string(),
            }
        })
        .into_owned()
}

/// `javascript:` (also with tabs or line breaks inside, and `vbscript:`)
/// becomes `javascript :`, which no browser or Markdown renderer reads as a
/// URL scheme.
fn neutralise_script_urls(text: &str) -> String {
    static SCHEME: OnceLock<Option<Regex>> = OnceLock::new();
    let Some(scheme) = SCHEME.get_or_init(|| {
        let letters = |word: &str| {
            word.chars()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join(r"[\t\r\n]*")
        };
        Regex::new(&format!(
            r"(?i)(?:{}|{})[\t\r\n]*:",
            letters("javascript"),
            letters("vbscript")
        ))
        .ok()
    }) else {
        return text.to_string();
    };
    scheme
        .replace_all(text, |captures: &regex::Captures| {
            let whole = captures.get(0).map_or("", |m| m.as_str());
            let name = whole.trim_end_matches(':');
            format!("{name} :")
        })
        .into_owned()
}

/// Every `description`, `summary` and `title` string in a document made
/// safe (see [`markdown`]), except inside example data (`example`,
/// `examples`, `default`, `const`, `enum`): the one place every target's
/// text passes, whatever built it.
pub(crate) fn clean_descriptions(value: &mut serde_yaml::Value) {
    match value {
        serde_yaml::Value::Mapping(mapping) => {
            for (key, item) in mapping.iter_mut() {
                match key.as_str() {
                    Some("example" | "examples" | "default" | "const" | "enum") => {}
                    Some("description" | "summary" | "title") if item.is_string() => {
                        if let serde_yaml::Value::String(text) = item {
                            clean_in_place(text);
                        }
                    }
                    _ => clean_descriptions(item),
                }
            }
        }
        serde_yaml::Value::Sequence(items) => items.iter_mut().for_each(clean_descriptions),
        serde_yaml::Value::Tagged(tagged) => clean_descriptions(&mut tagged.value),
        _ => {}
    }
}

/// [`clean_descriptions`] for a JSON document.
pub(crate) fn clean_json_descriptions(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                match key.as_str() {
                    "example" | "examples" | "default" | "const" | "enum" => {}
                    "description" | "summary" | "title" if item.is_string() => {
                        if let serde_json::Value::String(text) = item {
                            clean_in_place(text);
                        }
                    }
                    _ => clean_json_descriptions(item),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(clean_json_descriptions),
        _ => {}
    }
}

/// A text replaced by its safe form when that differs in more than the
/// trimming: texts written as they are keep their bytes.
fn clean_in_place(text: &mut String) {
    if !may_change(text) {
        return;
    }
    let cleaned = markdown(text);
    if cleaned != text.trim() {
        *text = cleaned;
    }
}

/// The first sentence of the first paragraph of a doc comment, on one line
/// and without its final full stop: an operation's `summary`.
pub(crate) fn summary(doc: &str) -> Option<String> {
    let paragraph = doc
        .trim()
        .split("\n\n")
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if paragraph.is_empty() {
        return None;
    }
    let sentence = match paragraph.find(". ") {
        Some(end) => &paragraph[..end],
        None => paragraph.as_str(),
    };
    let sentence = sentence.strip_suffix('.').unwrap_or(sentence);
    Some(markdown(sentence))
}

/// The first paragraph of a doc comment, made safe (for tag descriptions).
pub(crate) fn first_paragraph(doc: &str) -> Option<String> {
    let paragraph = doc.trim().split("\n\n").next().unwrap_or_default().trim();
    (!paragraph.is_empty()).then(|| markdown(paragraph))
}

/// A doc comment made safe, or `None` when it is empty.
pub(crate) fn description(doc: &str) -> Option<String> {
    let doc = doc.trim();
    (!doc.is_empty()).then(|| markdown(doc))
}

/// `listPurchaseOrders` → `List purchase orders`: a summary for an
/// operation without docs.
pub(crate) fn humanize(name: &str) -> String {
    let words = crate::naming::snake_case(name).replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The standard reason phrase of an HTTP status, for responses declared
/// without a description.
pub(crate) fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        203 => "Non-Authoritative Information",
        204 => "No Content",
        205 => "Reset Content",
        206 => "Partial Content",
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        423 => "Locked",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Response",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_markup_is_neutralised() {
        assert_eq!(markdown("a <script>x</script>"), "a &lt;script>x</script>");
        assert_eq!(
            markdown("<img src=x onerror=alert(1)>"),
            "&lt;img src=x onerror=alert(1)>"
        );
        assert_eq!(
            markdown("[x](javascript:alert(1))"),
            "[x](javascript :alert(1))"
        );
        assert_eq!(markdown("JavaScript:"), "JavaScript :");
        // Text that only looks like a tag would be swallowed by a renderer
        // as an unknown element: shown as text. In code it stays.
        assert_eq!(
            markdown("list<string> and <b>bold</b>"),
            "list&lt;string> and <b>bold</b>"
        );
        assert_eq!(
            markdown("`list<string>` and ```\n<x>\n```"),
            "`list<string>` and ```\n<x>\n```"
        );
        assert_eq!(markdown("1 < 2 and 3 > 2"), "1 < 2 and 3 > 2");
        assert_eq!(
            markdown("<div\nclass=x\nONCLICK = go()>"),
            "&lt;div\nclass=x\nONCLICK = go()>"
        );
        // Attributes ammonia would drop or rewrite: shown as text.
        assert_eq!(
            markdown("<a data-on=1 title=2>"),
            "&lt;a data-on=1 title=2>"
        );
    }

    /// Issue 15 item 5: the bypasses of the hand-rolled filter.
    #[test]
    fn known_bypasses_are_neutralised() {
        assert_eq!(
            markdown("<img alt=\">\" src=x onerror=alert(1)>"),
            "&lt;img alt=\">\" src=x onerror=alert(1)>"
        );
        assert_eq!(
            markdown("[x](jav&#x61;script&#58;alert(1))"),
            "[x](javascript :alert(1))"
        );
        assert_eq!(
            markdown("[x](java&#9;script:alert(1))"),
            "[x](java\tscript :alert(1))"
        );
        assert_eq!(
            markdown("<a href=\"jav&#x61;script:alert(1)\">x</a>"),
            "&lt;a href=\"javascript :alert(1)\">x</a>"
        );
        assert_eq!(
            markdown("<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>"),
            "&lt;iframe srcdoc=\"&lt;script>alert(1)</script>\"></iframe>"
        );
        assert_eq!(
            markdown("<a href=\"https://acme.test\" title=\"t\">x</a>"),
            "<a href=\"https://acme.test\" title=\"t\">x</a>"
        );
    }

    #[test]
    fn any_text_is_handled() {
        for text in [
            "<",
            "<é onload=x>",
            "ü<script",
            "<a\u{0} onx=",
            "javascript:",
            "jAvAsCrIpT:x",
            "<<>>",
            "Größe <b onmouseover=\"x\">",
        ] {
            let safe = markdown(text);
            assert_eq!(markdown(&safe), safe, "{text:?} is not stable");
            assert!(!safe.to_ascii_lowercase().contains("<script"), "{text:?}");
            assert!(
                !safe.to_ascii_lowercase().contains("javascript:"),
                "{text:?}"
            );
        }
    }

    #[test]
    fn summaries() {
        assert_eq!(
            summary("Post a balanced journal entry.").as_deref(),
            Some("Post a balanced journal entry")
        );
        assert_eq!(
            summary("Find orders. Then more\nthings.\n\nSecond paragraph.").as_deref(),
            Some("Find orders")
        );
        assert_eq!(
            summary("A summary that\nwraps lines").as_deref(),
            Some("A summary that wraps lines")
        );
        assert_eq!(summary("  "), None);
        assert_eq!(humanize("listPurchaseOrders"), "List purchase orders");
    }
}
