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

/// `lhs &[elements]tail` (a `let` or `const` whose value is a borrowed
/// array; `lhs` ends with `=`), as rustfmt lays it out: on one line; else,
/// when the array fits on the next line, broken after the `=`; else one
/// element per line.
pub fn array(indent: usize, lhs: &str, elements: &[String], tail: &str) -> String {
    let pad = " ".repeat(indent);
    let joined = elements.join(", ");
    let value = format!("&[{joined}]{tail}");
    let one_line = format!("{pad}{lhs} {value}");
    if elements.is_empty() || (width(&joined) <= ARRAY_WIDTH && width(&one_line) <= MAX_WIDTH) {
        return one_line;
    }
    let next = format!("{pad}{}{value}", " ".repeat(INDENT));
    if width(&joined) <= ARRAY_WIDTH && width(&next) <= MAX_WIDTH {
        return format!("{pad}{lhs}\n{next}");
    }
    items(
        indent,
        &format!("{lhs} &"),
        "[",
        elements,
        "]",
        tail,
        ARRAY_WIDTH,
    )
}

/// The width of `items.join(", ")`, without joining them.
fn joined_width(items: &[String]) -> usize {
    items.iter().map(|item| width(item)).sum::<usize>() + 2 * items.len().saturating_sub(1)
}

/// The texts written one after the other, as one line.
fn line(indent: usize, parts: &[&str]) -> String {
    let mut out =
        String::with_capacity(indent + parts.iter().map(|part| part.len()).sum::<usize>());
    out.extend(std::iter::repeat_n(' ', indent));
    for part in parts {
        out.push_str(part);
    }
    out
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
    // The widths are added up first, so the usual one-line case is
    // written once, without the texts it is made of.
    let joined = joined_width(items);
    let one_line = indent + width(head) + width(open) + joined + width(close) + width(tail);
    if items.is_empty() || (joined <= limit && one_line <= MAX_WIDTH) {
        return line(indent, &[head, open, &items.join(", "), close, tail]);
    }
    let pad = " ".repeat(indent);
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
    let call_width = width(head) + 2 + joined_width(args) + width(tail);
    if joined_width(args) <= FN_CALL_WIDTH && indent + width(lhs) + 3 + call_width <= MAX_WIDTH {
        return line(
            indent,
            &[lhs, " = ", head, "(", &args.join(", "), ")", tail],
        );
    }
    let joined = args.join(", ");
    let pad = " ".repeat(indent);
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

/// `prefix literal.to_string()tail` at `indent` (a struct field's value),
/// as rustfmt lays it out: on one line when it fits, else `.to_string()`
/// on the next line, indented once more. (rustfmt keeps a literal with one
/// method call on one line past its chain width, as long as it fits.)
pub fn owned_literal(indent: usize, prefix: &str, literal: &str, tail: &str) -> String {
    let pad = " ".repeat(indent);
    let one_line = format!("{pad}{prefix}{literal}.to_string(){tail}");
    if width(&one_line) <= MAX_WIDTH {
        return one_line;
    }
    let inner = " ".repeat(indent + INDENT);
    format!("{pad}{prefix}{literal}\n{inner}.to_string(){tail}")
}

/// `if left == right {` at `indent`, where `right` cannot be broken (a
/// literal), as rustfmt lays it out: on one line; else the brace on a line
/// of its own when the condition fits; else the `==` and `right` on a line
/// indented once more, then the brace.
pub fn if_equals(indent: usize, left: &str, right: &str) -> String {
    let pad = " ".repeat(indent);
    let condition = format!("{pad}if {left} == {right}");
    if width(&condition) + 2 <= MAX_WIDTH {
        return format!("{condition} {{");
    }
    if width(&condition) <= MAX_WIDTH {
        return format!("{condition}\n{pad}{{");
    }
    let inner = " ".repeat(indent + INDENT);
    format!("{pad}if {left}\n{inner}== {right}\n{pad}{{")
}

/// rustfmt's `chain_width`.
const CHAIN_WIDTH: usize = 60;

/// `prefix root.child.child…suffix` (a method chain) at `indent`: on one
/// line when the chain takes at most 60 characters and the line fits;
/// else one child per line, indented once more. As rustfmt does, a root
/// of at most four characters at the start of a line (`self`) keeps its
/// first child. A block opener in `suffix` (`" {"`) goes on its own line
/// after a broken chain. The children's arguments are short and fixed
/// (a child whose arguments rustfmt would break is not laid out here).
pub fn chain(indent: usize, prefix: &str, root: &str, children: &[String], suffix: &str) -> String {
    let whole = width(root) + children.iter().map(|child| width(child)).sum::<usize>();
    if whole <= CHAIN_WIDTH && indent + width(prefix) + whole + width(suffix) <= MAX_WIDTH {
        let mut parts = vec![prefix, root];
        parts.extend(children.iter().map(String::as_str));
        parts.push(suffix);
        return line(indent, &parts);
    }
    let pad = " ".repeat(indent);
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
    let head = format!("{pad}{prefix}({}){returns}", params.join(", "));
    // rustfmt keeps two characters for the ` {` or `;` after the head, and
    // a head one character too wide for `;` moves only its result type.
    if width(&head) + 2 <= MAX_WIDTH {
        return format!("{head}{end}");
    }
    if end == ";" && width(&head) + 1 == MAX_WIDTH && !result.is_empty() {
        return format!(
            "{pad}{prefix}({})\n{pad}{}-> {result};",
            params.join(", "),
            " ".repeat(INDENT)
        );
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

    /// The three layouts of `if left == "literal" {` and the two of a
    /// field's `"literal".to_string()`, as `rustfmt` writes them (each
    /// boundary checked with `rustfmt --check` on the same lines).
    #[test]
    fn long_literals_break_where_rustfmt_breaks_them() {
        let literal = |length: usize| format!("\"{}\"", "x".repeat(length - 2));
        // `        if problem.kind == ` is 27 characters.
        let fits = literal(100 - 27 - 2);
        assert_eq!(
            if_equals(8, "problem.kind", &fits),
            format!("        if problem.kind == {fits} {{")
        );
        let brace_alone = literal(100 - 27);
        assert_eq!(
            if_equals(8, "problem.kind", &brace_alone),
            format!("        if problem.kind == {brace_alone}\n        {{")
        );
        let long = literal(100 - 26);
        assert_eq!(
            if_equals(8, "problem.kind", &long),
            format!("        if problem.kind\n            == {long}\n        {{")
        );
        // `            kind: ` and `.to_string(),` are 18 and 13 characters.
        let field = literal(100 - 18 - 13);
        assert_eq!(
            owned_literal(12, "kind: ", &field, ","),
            format!("            kind: {field}.to_string(),")
        );
        let longer = literal(100 - 18 - 12);
        assert_eq!(
            owned_literal(12, "kind: ", &longer, ","),
            format!("            kind: {longer}\n                .to_string(),")
        );
    }

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
        // Checked against rustfmt: the call fits on the next line only.
        let lhs = "let at_some_really_long_name_here_for_testing_purposes";
        let args = vec!["path".to_string(), format!("\"{}\"", "f".repeat(48))];
        assert_eq!(
            assign(8, lhs, "pointer", &args, ";"),
            format!("        {lhs} =\n            pointer({});", args.join(", "))
        );
        // Arguments wider than 60 characters go one per line.
        let args = vec!["path".to_string(), format!("\"{}\"", "f".repeat(56))];
        assert_eq!(
            assign(8, "let at", "pointer", &args, ";"),
            format!(
                "        let at = pointer(\n            path,\n            {},\n        );",
                args[1]
            )
        );
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
            array(4, "const A: &[u8] =", &["1".into(), "2".into()], ";"),
            "    const A: &[u8] = &[1, 2];"
        );
        assert_eq!(array(0, "let a =", &[], ";"), "let a = &[];");
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

    /// Every layout, for names from 1 to 48 characters, is what rustfmt
    /// makes of it (rustfmt comes with the toolchain that builds weft).
    #[test]
    fn rustfmt_agrees_for_names_of_every_length() {
        let mut file = String::new();
        for length in 1..=48 {
            let name = "n".repeat(length);
            let ty = format!("T{name}");
            let literal = format!("\"{name}\"");
            let body = [
                call(
                    8,
                    &format!("check_{name}"),
                    &["out".into(), "&at".into(), literal.clone()],
                    ";",
                ),
                assign(
                    8,
                    &format!("let {name}"),
                    "pointer",
                    &["path".into(), literal.clone()],
                    ";",
                ),
                let_value(8, &format!("let {name} ="), &literal, ";"),
                chain(
                    8,
                    "",
                    "self",
                    &[format!(".{name}"), ".validate_into(&at, out)".into()],
                    ";",
                ),
                chain(
                    8,
                    "if !",
                    "service",
                    &[
                        format!(".authenticate_{name}(operation, &credential)"),
                        ".await".into(),
                    ],
                    " {",
                ),
                "            refuse();".to_string(),
                "        }".to_string(),
                chain(
                    8,
                    "match ",
                    "self",
                    &[
                        ".handler".into(),
                        format!(".on_{name}(event)"),
                        ".await".into(),
                    ],
                    " {",
                ),
                "            _ => refuse(),".to_string(),
                "        }".to_string(),
                array(
                    8,
                    &format!("let all: &[{ty}] ="),
                    &[format!("{ty}::A"), format!("{ty}::B")],
                    ";",
                ),
                "        match x {".to_string(),
                arm(12, &format!("W::{ty}"), &literal),
                "        }".to_string(),
            ];
            file.push_str(&format!(
                "impl X {{\n    fn f() {{\n{}\n    }}\n\n",
                body.join("\n")
            ));
            file.push_str(&signature(
                4,
                &format!("fn {name}"),
                &["&self".into(), format!("request: {ty}")],
                &format!("Result<{ty}, E>"),
                ";",
            ));
            file.push_str("\n}\n\n");
        }
        let file = format!("{}\n", file.trim_end());
        let mut rustfmt = std::process::Command::new("rustfmt")
            .args(["--edition", "2021", "--emit", "stdout"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("rustfmt runs");
        use std::io::Write;
        rustfmt
            .stdin
            .take()
            .expect("stdin")
            .write_all(file.as_bytes())
            .expect("written");
        let output = rustfmt.wait_with_output().expect("rustfmt ends");
        assert!(output.status.success());
        let formatted = String::from_utf8(output.stdout).expect("UTF-8");
        let differing: Vec<(usize, (&str, &str))> = file
            .lines()
            .zip(formatted.lines())
            .enumerate()
            .filter(|(_, (mine, theirs))| mine != theirs)
            .take(5)
            .collect();
        assert!(differing.is_empty() && file == formatted, "{differing:#?}");
    }
}
