//! Names derived from the model that several targets must agree on.

use weft_model::{EventId, Model};

/// `PurchaseOrderChanged` → `purchase_order_changed`.
pub fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    snake_case_into(name, &mut out);
    out
}

/// [`snake_case`], appended to `out` (which can be reused across names).
pub fn snake_case_into(name: &str, out: &mut String) {
    if name.is_ascii() {
        snake_case_ascii_into(name.as_bytes(), out);
        return;
    }
    let start = out.len();
    // The characters around the current one, without collecting them.
    let mut previous: Option<char> = None;
    let mut chars = name.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_uppercase() {
            if let Some(before) = previous {
                let previous_lower = before.is_lowercase() || before.is_ascii_digit();
                let next_lower = chars.peek().is_some_and(|next| next.is_lowercase());
                if (previous_lower || (before.is_uppercase() && next_lower))
                    && !out[start..].ends_with('_')
                {
                    out.push('_');
                }
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
        previous = Some(c);
    }
}

/// [`snake_case_into`] for an ASCII name, on its bytes (the character
/// classes and the lower case of ASCII are those of the bytes; the checks
/// make this for every name of a model).
fn snake_case_ascii_into(name: &[u8], out: &mut String) {
    out.reserve(name.len() + 4);
    for (index, &byte) in name.iter().enumerate() {
        if byte.is_ascii_uppercase() {
            if let Some(&before) = index.checked_sub(1).and_then(|at| name.get(at)) {
                let previous_lower = before.is_ascii_lowercase() || before.is_ascii_digit();
                let next_lower = name.get(index + 1).is_some_and(u8::is_ascii_lowercase);
                // Something was written for `before`, so the end of `out`
                // is this name's.
                if (previous_lower || (before.is_ascii_uppercase() && next_lower))
                    && !out.ends_with('_')
                {
                    out.push('_');
                }
            }
            out.push(char::from(byte.to_ascii_lowercase()));
        } else {
            out.push(char::from(byte));
        }
    }
}

/// `expedite_request` or `ExpediteRequest` → `expediteRequest`.
pub fn camel_case(name: &str) -> String {
    let mut snake = String::with_capacity(name.len() + 4);
    snake_case_into(name, &mut snake);
    if snake.is_ascii() {
        // Every operation's id is made from its name: on the bytes, in the
        // snake case's own buffer, without a second string.
        let mut bytes = snake.into_bytes();
        camel_case_ascii_in_place(&mut bytes);
        return String::from_utf8(bytes).unwrap_or_default();
    }
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = !out.is_empty();
        } else if upper {
            // An ASCII letter without `to_uppercase`'s look-up in Unicode's
            // tables.
            if c.is_ascii() {
                out.push(c.to_ascii_uppercase());
            } else {
                out.extend(c.to_uppercase());
            }
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// [`camel_case`]'s second step on an ASCII snake-case name: each `_`
/// dropped, and the byte after it upper-cased unless nothing was written
/// before it.
fn camel_case_ascii_in_place(bytes: &mut Vec<u8>) {
    let mut written = 0;
    let mut upper = false;
    for read in 0..bytes.len() {
        let byte = bytes[read];
        if byte == b'_' {
            upper = written > 0;
            continue;
        }
        bytes[written] = if upper {
            byte.to_ascii_uppercase()
        } else {
            byte
        };
        upper = false;
        written += 1;
    }
    bytes.truncate(written);
}

/// The HTTP header a `header` parameter travels in: `request_source` →
/// `Request-Source` (each word capitalised, joined with dashes).
pub fn http_header(name: &str) -> String {
    snake_case(name)
        .split(['_', '-'])
        .filter(|word| !word.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect::<String>(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// `PurchaseOrders` → `purchase-orders`: file names.
pub fn kebab_case(name: &str) -> String {
    let snake = snake_case(name);
    if snake.is_ascii() {
        // Snake case has lowered every ASCII letter already: only the `_`
        // change, in place.
        let mut bytes = snake.into_bytes();
        for byte in &mut bytes {
            if *byte == b'_' {
                *byte = b'-';
            }
        }
        return String::from_utf8(bytes).unwrap_or_default();
    }
    snake.replace('_', "-").to_lowercase()
}

/// The Kafka topic of an event version: `<domain>.<event>.v<version>`,
/// lowercase, the event's name in snake case (`production.schedule_changed.v2`).
/// The domain is the producer's; an event without one uses the package's
/// last segment.
pub fn topic(model: &Model, event: EventId, version: u32) -> String {
    topic_of_stem(&topic_stem(model, event), version)
}

/// What the topics of an event's versions share: [`topic`] up to the
/// version number (`production.schedule_changed.v`), made once for all of
/// them. Lowercased with the `.v`, so that the lowercasing sees the same
/// neighbours as in the whole name (a final `Σ` lowercases by what
/// follows it).
pub fn topic_stem(model: &Model, event: EventId) -> String {
    let decl = model.event(event);
    let domain = decl
        .producer
        .and_then(|producer| model.system(producer).domain)
        .map(|domain| model.domain(domain).name.name.as_str())
        .unwrap_or_else(|| decl.name.package.rsplit('.').next().unwrap_or_default());
    stem_of(domain, &decl.name.name)
}

fn stem_of(domain: &str, event: &str) -> String {
    // Written into one string; lowercased in place when it is ASCII (the
    // same as `to_lowercase` then), else by `to_lowercase`, which sees
    // each character's neighbours in the whole stem.
    let mut stem = String::with_capacity(domain.len() + event.len() + 8);
    snake_case_into(domain, &mut stem);
    stem.push('.');
    snake_case_into(event, &mut stem);
    stem.push_str(".v");
    if stem.is_ascii() {
        stem.make_ascii_lowercase();
        stem
    } else {
        stem.to_lowercase()
    }
}

/// The topic of `version` from its event's [`topic_stem`].
pub fn topic_of_stem(stem: &str, version: u32) -> String {
    use std::fmt::Write;
    let mut topic = String::with_capacity(stem.len() + 4);
    topic.push_str(stem);
    let _ = write!(topic, "{version}");
    topic
}

/// Refuses a model-provided name that becomes a mapping key in a document
/// (an OAuth scope in `flows.*.scopes`) when it starts with `$`: JSON
/// Reference and JSON Schema tools read `$ref`, `$id`, `$schema`,
/// `$defs`, `$anchor`… as keywords wherever they appear, so a scope named
/// `$ref` would turn its map into a reference. Names that are language
/// identifiers (records, fields, systems) cannot start with `$`; free-form
/// strings can, and are checked here rather than escaped, since a scope's
/// name is what tokens carry and must be written as is.
pub(crate) fn check_model_key(what: &str, name: &str) -> Result<(), String> {
    if name.starts_with('$') {
        return Err(format!(
            "{what} `{name}` starts with `$`: written as a key it would be read as a JSON Reference or JSON Schema keyword; rename it"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_starting_with_a_dollar_is_refused_with_its_name() {
        let refused = check_model_key("OAuth scope", "$ref").expect_err("refused");
        assert!(refused.contains("OAuth scope `$ref`"), "{refused}");
        assert!(check_model_key("OAuth scope", "orders.read").is_ok());
        assert!(check_model_key("OAuth scope", "a$b").is_ok());
    }

    /// `snake_case` as first written, over a vector of the characters.
    fn snake_case_by_index(name: &str) -> String {
        let mut out = String::new();
        let chars: Vec<char> = name.chars().collect();
        for (index, c) in chars.iter().enumerate() {
            if c.is_uppercase() {
                let previous_lower = index > 0
                    && (chars[index - 1].is_lowercase() || chars[index - 1].is_ascii_digit());
                let next_lower = chars.get(index + 1).is_some_and(|next| next.is_lowercase());
                let previous_upper = index > 0 && chars[index - 1].is_uppercase();
                if index > 0
                    && (previous_lower || (previous_upper && next_lower))
                    && !out.ends_with('_')
                {
                    out.push('_');
                }
                out.extend(c.to_lowercase());
            } else {
                out.push(*c);
            }
        }
        out
    }

    /// `camel_case` and `kebab_case` as first written, on characters.
    fn camel_case_by_chars(name: &str) -> String {
        let mut out = String::new();
        let mut upper = false;
        for c in snake_case(name).chars() {
            if c == '_' {
                upper = !out.is_empty();
            } else if upper {
                out.extend(c.to_uppercase());
                upper = false;
            } else {
                out.push(c);
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn camel_and_kebab_case_are_unchanged(name in "([ -~]|_|A|a|Σ|σ|İ|ß){0,16}") {
            proptest::prop_assert_eq!(camel_case(&name), camel_case_by_chars(&name));
            proptest::prop_assert_eq!(
                kebab_case(&name),
                snake_case(&name).replace('_', "-").to_lowercase()
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn snake_case_is_unchanged(name in "(A|a|B|b|_|1|Σ|σ|İ|ǅ|ß|\\.){0,12}") {
            proptest::prop_assert_eq!(snake_case(&name), snake_case_by_index(&name));
        }

        #[test]
        fn snake_case_of_ascii_is_unchanged(name in "[ -~]{0,16}") {
            let mut out = String::from("Prefix");
            snake_case_into(&name, &mut out);
            proptest::prop_assert_eq!(out, format!("Prefix{}", snake_case_by_index(&name)));
        }
    }

    proptest::proptest! {
        #[test]
        fn a_topic_from_its_stem_is_the_whole_name_lowercased(
            domain in "(A|a|_|Σ|ς|İ|\\.|'){0,6}",
            event in "(A|a|_|Σ|ς|İ|\\.|'){0,6}",
            version in 0u32..20,
        ) {
            let whole = format!("{}.{}.v{version}", snake_case(&domain), snake_case(&event))
                .to_lowercase();
            proptest::prop_assert_eq!(topic_of_stem(&stem_of(&domain, &event), version), whole);
        }
    }

    #[test]
    fn cases() {
        assert_eq!(snake_case("PurchaseOrderChanged"), "purchase_order_changed");
        assert_eq!(snake_case("HTTPServer"), "http_server");
        assert_eq!(snake_case("already_snake"), "already_snake");
        assert_eq!(camel_case("expedite_request"), "expediteRequest");
        assert_eq!(camel_case("ExpediteRequest"), "expediteRequest");
        assert_eq!(camel_case("_leading__double_"), "leadingDouble");
        assert_eq!(http_header("request_source"), "Request-Source");
        assert_eq!(http_header("X-Correlation-Id"), "X-Correlation-Id");
        assert_eq!(kebab_case("GeneralLedger"), "general-ledger");
    }
}
