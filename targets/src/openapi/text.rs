//! Text taken from the model and written into descriptions and summaries.
//!
//! Doc comments are Markdown, and OpenAPI renderers show descriptions as
//! Markdown with HTML. A doc comment is the architect's text, not trusted
//! markup, so [`markdown`] neutralises what a renderer would execute:
//! `<script>` tags, HTML event handler attributes and `javascript:` links
//! (exactly what Redocly's `no-unsafe-markdown` rule looks for). Everything
//! else is kept as written; YAML quoting is `serde_yaml`'s job.

/// The text made safe to render as Markdown.
pub(crate) fn markdown(text: &str) -> String {
    let text = text.trim();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(index) = rest.find('<') {
        out.push_str(&rest[..index]);
        let tag = &rest[index..];
        if is_unsafe_tag(tag) {
            out.push_str("&lt;");
        } else {
            out.push('<');
        }
        rest = &tag[1..];
    }
    out.push_str(rest);
    neutralise_javascript_urls(&out)
}

/// Whether the text at a `<` opens a script element or an element with an
/// event handler attribute (`<img src=x onerror=...>`): Redocly's
/// `<[a-z][^>]*\bon[a-z]+\s*=` and `<script\b`, case-insensitively.
fn is_unsafe_tag(tag: &str) -> bool {
    let body = tag[1..]
        .split('>')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let bytes = body.as_bytes();
    if !bytes.first().is_some_and(u8::is_ascii_alphabetic) {
        return false;
    }
    if body.starts_with("script") {
        return true;
    }
    let is_word = |byte: u8| byte.is_ascii_alphanumeric() || byte == b'_';
    (1..bytes.len()).any(|start| {
        if !bytes[start..].starts_with(b"on") || is_word(bytes[start - 1]) {
            return false;
        }
        let mut index = start + 2;
        let letters = bytes[index..]
            .iter()
            .take_while(|byte| byte.is_ascii_alphabetic())
            .count();
        if letters == 0 {
            return false;
        }
        index += letters;
        while bytes.get(index).is_some_and(u8::is_ascii_whitespace) {
            index += 1;
        }
        bytes.get(index) == Some(&b'=')
    })
}

/// `javascript:` becomes `javascript :`, which no browser or Markdown
/// renderer reads as a URL scheme.
fn neutralise_javascript_urls(text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    if !lower.contains("javascript:") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 4);
    let mut last = 0;
    for (index, _) in lower.match_indices("javascript:") {
        let colon = index + "javascript".len();
        out.push_str(&text[last..colon]);
        out.push_str(" :");
        last = colon + 1;
    }
    out.push_str(&text[last..]);
    out
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
        assert_eq!(
            markdown("list<string> and <b>bold</b>"),
            "list<string> and <b>bold</b>"
        );
        assert_eq!(markdown("1 < 2 and 3 > 2"), "1 < 2 and 3 > 2");
        assert_eq!(
            markdown("<div\nclass=x\nONCLICK = go()>"),
            "&lt;div\nclass=x\nONCLICK = go()>"
        );
        assert_eq!(markdown("<a data-on=1 title=2>"), "<a data-on=1 title=2>");
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
