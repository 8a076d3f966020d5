//! Line layout as `rustfmt` (default settings, edition 2021) lays out the
//! few constructs whose width depends on the model: calls, arrays and the
//! heads of functions. The templates keep every other line in rustfmt's
//! shape by hand, so a generated file passes `cargo fmt --check` without
//! rustfmt being installed where weft runs, and the output stays the same
//! on every machine.
//!
//! The rules, from rustfmt's defaults: a line holds at most
//! [`MAX_WIDTH`] characters; a call's arguments stay on one line when they
//! take at most 60 characters (`fn_call_width`) and the line fits, an
//! array's elements at most 60 (`array_width`), else one item per line
//! with a trailing comma. Arguments here are simple (names, paths,
//! literals, short calls), never closures or blocks, which rustfmt would
//! let overflow instead.

/// rustfmt's `max_width`.
pub const MAX_WIDTH: usize = 100;
/// rustfmt's `fn_call_width` (and `attr_fn_like_width` is larger).
const FN_CALL_WIDTH: usize = 60;
/// rustfmt's `array_width`.
const ARRAY_WIDTH: usize = 60;
/// One level of indentation.
const INDENT: usize = 4;

/// How wide rustfmt counts a text (characters; the generated code's
/// identifiers and literals are ASCII, doc text aside).
pub fn width(text: &str) -> usize {
    text.chars().count()
}

/// `head(args)tail` starting at column `indent`, as rustfmt lays it out:
/// on one line, or one argument per line. Every line is indented; the last
/// has no newline.
pub fn call(indent: usize, head: &str, args: &[String], tail: &str) -> String {
    items(indent, head, "(", args, ")", tail, FN_CALL_WIDTH)
}

/// `head[elements]tail` (an array expression), as rustfmt lays it out.
pub fn array(indent: usize, head: &str, elements: &[String], tail: &str) -> String {
    items(indent, head, "[", elements, "]", tail, ARRAY_WIDTH)
}

fn items(
    indent: usize,
    head: &str,
    open: &str,
    items: &[String],
    close: &str,
    tail: &str,
    limit: usize,
) -> String {
    let pad = " ".repeat(indent);
    let joined = items.join(", ");
    let one_line = format!("{pad}{head}{open}{joined}{close}{tail}");
    if items.is_empty() || (width(&joined) <= limit && width(&one_line) <= MAX_WIDTH) {
        return one_line;
    }
    let inner = " ".repeat(indent + INDENT);
    let mut text = format!("{pad}{head}{open}\n");
    for item in items {
        text.push_str(&format!("{inner}{item},\n"));
    }
    text.push_str(&format!("{pad}{close}{tail}"));
    text
}

/// `lhs = head(args)tail` (a `let` or an assignment whose value is a
/// call): on one line; else, when the call fits on the next line, broken
/// after the `=`; else with one argument per line.
pub fn assign(indent: usize, lhs: &str, head: &str, args: &[String], tail: &str) -> String {
    let joined = args.join(", ");
    let pad = " ".repeat(indent);
    let one_line = format!("{pad}{lhs} = {head}({joined}){tail}");
    if width(&joined) <= FN_CALL_WIDTH && width(&one_line) <= MAX_WIDTH {
        return one_line;
    }
    let next = format!("{pad}{}{head}({joined}){tail}", " ".repeat(INDENT));
    if width(&joined) <= FN_CALL_WIDTH && width(&next) <= MAX_WIDTH {
        return format!("{pad}{lhs} =\n{next}");
    }
    call(indent, &format!("{lhs} = {head}"), args, tail)
}

/// `lhs value` followed by `tail` (`lhs` ends with `=` or `+=`), where
/// `value` cannot be broken (a literal): on one line, else on the next line when it fits there.
pub fn let_value(indent: usize, lhs: &str, value: &str, tail: &str) -> String {
    let pad = " ".repeat(indent);
    let one_line = format!("{pad}{lhs} {value}{tail}");
    let next = format!("{pad}{}{value}{tail}", " ".repeat(INDENT));
    if width(&one_line) <= MAX_WIDTH || width(&next) > MAX_WIDTH {
        return one_line;
    }
    format!("{pad}{lhs}\n{next}")
}

/// A match arm `pattern => body,` at `indent`; a body that does not fit
/// on the line (a literal, which cannot break) goes into a block, as
/// rustfmt does.
pub fn arm(indent: usize, pattern: &str, body: &str) -> String {
    let pad = " ".repeat(indent);
    let one_line = format!("{pad}{pattern} => {body},");
    if width(&one_line) <= MAX_WIDTH {
        return one_line;
    }
    let inner = " ".repeat(indent + INDENT);
    format!("{pad}{pattern} => {{\n{inner}{body}\n{pad}}}")
}

/// rustfmt's `chain_width`.
const CHAIN_WIDTH: usize = 60;

/// `prefix root.child.child…suffix` (a method chain) at `indent`: on one
/// line when the chain takes at most 60 characters and the line fits;
/// else one child per line, indented once more. As rustfmt does, a root
/// of at most four characters at the start of a line (`self`) keeps its
/// first child. A block opener in `suffix` (`" {"`) goes on its own line
/// after a broken chain.
pub fn chain(indent: usize, prefix: &str, root: &str, children: &[String], suffix: &str) -> String {
    let pad = " ".repeat(indent);
    let whole = format!("{root}{}", children.concat());
    let one_line = format!("{pad}{prefix}{whole}{suffix}");
    if width(&whole) <= CHAIN_WIDTH && width(&one_line) <= MAX_WIDTH {
        return one_line;
    }
    let mut first = root.to_string();
    let mut rest = children;
    if prefix.is_empty() && width(root) <= INDENT {
        if let Some((child, others)) = children.split_first() {
            first.push_str(child);
            rest = others;
        }
    }
    let inner = " ".repeat(indent + INDENT);
    let mut text = format!("{pad}{prefix}{first}");
    for child in rest {
        text.push_str(&format!("\n{inner}{child}"));
    }
    match suffix.strip_prefix(' ') {
        Some(opener) if !rest.is_empty() => text.push_str(&format!("\n{pad}{opener}")),
        _ => text.push_str(suffix),
    }
    text
}

/// A function head `prefix(params) -> result {` (or `;` for `end`) at
/// `indent`: on one line when it fits, else one parameter per line.
pub fn signature(
    indent: usize,
    prefix: &str,
    params: &[String],
    result: &str,
    end: &str,
) -> String {
    let pad = " ".repeat(indent);
    let returns = if result.is_empty() {
        String::new()
    } else {
        format!(" -> {result}")
    };
    let one_line = format!("{pad}{prefix}({}){returns}{end}", params.join(", "));
    if width(&one_line) <= MAX_WIDTH {
        return one_line;
    }
    let inner = " ".repeat(indent + INDENT);
    let mut text = format!("{pad}{prefix}(\n");
    for param in params {
        text.push_str(&format!("{inner}{param},\n"));
    }
    text.push_str(&format!("{pad}){returns}{end}"));
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_calls_stay_on_one_line() {
        assert_eq!(
            call(8, "check", &["out".into(), "&at".into()], ";"),
            "        check(out, &at);"
        );
    }

    #[test]
    fn long_arguments_go_one_per_line() {
        let args = vec!["a".repeat(30), "b".repeat(31)];
        assert_eq!(
            call(4, "f", &args, ";"),
            format!("    f(\n        {},\n        {},\n    );", args[0], args[1])
        );
    }

    #[test]
    fn a_line_over_the_width_breaks_even_with_short_arguments() {
        let head = format!("let x = {}", "y".repeat(80));
        let text = call(8, &head, &["one".into(), "two".into()], ";");
        assert!(
            text.ends_with("(\n            one,\n            two,\n        );"),
            "{text}"
        );
    }

    #[test]
    fn assignments_break_after_the_equals_sign_first() {
        let args = vec!["path".to_string(), format!("\"{}\"", "f".repeat(70))];
        assert_eq!(
            assign(8, "let at", "pointer", &args, ";"),
            format!(
                "        let at =\n            pointer({});",
                args.join(", ")
            )
        );
        let args = vec!["path".to_string(), format!("\"{}\"", "f".repeat(90))];
        assert!(assign(8, "let at", "pointer", &args, ";").starts_with("        let at = pointer("));
    }

    #[test]
    fn long_chains_go_one_child_per_line() {
        let children = vec![
            ".authenticate(\"reverseGoodsReceipt\", &credential)".to_string(),
            ".await".to_string(),
        ];
        assert_eq!(
            chain(8, "if !", "service", &children, " {"),
            "        if !service\n            .authenticate(\"reverseGoodsReceipt\", &credential)\n            .await\n        {"
        );
        let short = vec![
            ".authenticate(\"post\", &credential)".to_string(),
            ".await".to_string(),
        ];
        assert_eq!(
            chain(8, "if !", "service", &short, " {"),
            "        if !service.authenticate(\"post\", &credential).await {"
        );
        let children = vec![
            format!(".dead_letter(message, {})", "d".repeat(50)),
            ".await".to_string(),
        ];
        assert_eq!(
            chain(16, "", "self", &children, ""),
            format!(
                "                self{}\n                    .await",
                children[0]
            )
        );
    }

    #[test]
    fn arrays_follow_the_same_rule() {
        assert_eq!(
            array(4, "const A: &[u8] = &", &["1".into(), "2".into()], ";"),
            "    const A: &[u8] = &[1, 2];"
        );
        assert_eq!(array(0, "&", &[], ""), "&[]");
    }

    #[test]
    fn function_heads_break_per_parameter() {
        assert_eq!(
            signature(4, "fn f", &["&self".into()], "u8", " {"),
            "    fn f(&self) -> u8 {"
        );
        let long = vec!["&self".into(), format!("request: {}", "R".repeat(90))];
        assert_eq!(
            signature(4, "fn f", &long, "u8", ";"),
            format!(
                "    fn f(\n        &self,\n        request: {},\n    ) -> u8;",
                "R".repeat(90)
            )
        );
    }
}
