//! Expressions, string literals and argument lists.
//!
//! An expression is printed on one line with single spaces around binary
//! operators. Record literals, list literals and argument lists stay on the
//! line when the whole line fits in [`MAX_WIDTH`](super::printer::MAX_WIDTH)
//! columns and they hold no comment; otherwise they put one entry per line
//! with a trailing comma, and each entry gets the same choice in turn.
//! Parentheses the user wrote are kept (the tree keeps them as groups) and no
//! others are added, so the printed text parses back to the same tree.

use super::printer::{Delimiters, Extent, Printer};
use crate::syntax::{Expr, ExprKind, NamedExpr, UnaryOp};

const RECORD: Delimiters = Delimiters {
    open: "{",
    close: "}",
    padded: true,
};
const LIST: Delimiters = Delimiters {
    open: "[",
    close: "]",
    padded: false,
};
const ARGUMENTS: Delimiters = Delimiters {
    open: "(",
    close: ")",
    padded: false,
};

/// A string literal with the canonical escapes: `\"`, `\\`, `\n`, `\t`, `\r`,
/// and `\u{..}` for any other control character.
pub(super) fn quote(value: &str) -> String {
    let mut quoted = String::with_capacity(value.len() + 2);
    quoted.push('"');
    for c in value.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\t' => quoted.push_str("\\t"),
            '\r' => quoted.push_str("\\r"),
            c if c.is_control() => quoted.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// An expression on one line.
pub(super) fn flat_expr(expr: &Expr) -> String {
    let mut text = String::new();
    write_flat(expr, &mut text);
    text
}

/// `name: value` on one line.
pub(super) fn flat_named(named: &NamedExpr) -> String {
    let mut text = format!("{}: ", named.name.text);
    write_flat(&named.value, &mut text);
    text
}

fn unary_symbol(op: UnaryOp) -> &'static str {
    match op {
        UnaryOp::Not => "not ",
        UnaryOp::Negate => "-",
    }
}

fn write_flat(expr: &Expr, text: &mut String) {
    match &expr.kind {
        ExprKind::String(string) => text.push_str(&quote(&string.value)),
        ExprKind::Number(number) => text.push_str(&number.text),
        ExprKind::Duration(duration) => text.push_str(&duration.text),
        ExprKind::Bool(value) => text.push_str(if *value { "true" } else { "false" }),
        ExprKind::Null => text.push_str("null"),
        ExprKind::Path(path) => text.push_str(&path.dotted()),
        ExprKind::Record(entries) if entries.is_empty() => text.push_str("{}"),
        ExprKind::Record(entries) => {
            text.push_str("{ ");
            for (index, entry) in entries.iter().enumerate() {
                if index > 0 {
                    text.push_str(", ");
                }
                text.push_str(&entry.name.text);
                text.push_str(": ");
                write_flat(&entry.value, text);
            }
            text.push_str(" }");
        }
        ExprKind::List(items) => {
            text.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    text.push_str(", ");
                }
                write_flat(item, text);
            }
            text.push(']');
        }
        ExprKind::Unary(op, operand) => {
            text.push_str(unary_symbol(*op));
            write_flat(operand, text);
        }
        ExprKind::Binary(op, left, right) => {
            write_flat(left, text);
            text.push(' ');
            text.push_str(op.symbol());
            text.push(' ');
            write_flat(right, text);
        }
        ExprKind::Group(inner) => {
            text.push('(');
            write_flat(inner, text);
            text.push(')');
        }
    }
}

impl Printer<'_> {
    /// Prints an expression on the line being built; `suffix_width` columns
    /// follow it on the same line. Only literals (and the right-hand operand
    /// of an operator, which may be one) are ever broken over lines.
    pub(super) fn expr(&mut self, expr: &Expr, suffix_width: usize) {
        match &expr.kind {
            ExprKind::Record(entries) => {
                let close = self.closing_bracket(expr.span.end);
                self.delimited(
                    entries,
                    RECORD,
                    expr.span.start,
                    close,
                    suffix_width,
                    flat_named,
                    named_extent,
                    named_entry,
                );
            }
            ExprKind::List(items) => {
                let close = self.closing_bracket(expr.span.end);
                self.delimited(
                    items,
                    LIST,
                    expr.span.start,
                    close,
                    suffix_width,
                    flat_expr,
                    expr_extent,
                    list_entry,
                );
            }
            ExprKind::Group(inner) => {
                self.push("(");
                self.expr(inner, suffix_width + 1);
                self.push(")");
            }
            ExprKind::Unary(op, operand) => {
                self.push(unary_symbol(*op));
                self.expr(operand, suffix_width);
            }
            ExprKind::Binary(op, left, right) => {
                self.push(&flat_expr(left));
                self.push(" ");
                self.push(op.symbol());
                self.push(" ");
                self.expr(right, suffix_width);
            }
            _ => self.push(&flat_expr(expr)),
        }
    }

    /// Prints `(name: value, ...)` after a callee that ends at `callee_end`
    /// in the source. Returns the source position just after the `)`.
    pub(super) fn arguments(
        &mut self,
        arguments: &[NamedExpr],
        callee_end: u32,
        suffix_width: usize,
    ) -> u32 {
        let open = self.next_token(callee_end, false);
        let close = match arguments.last() {
            Some(last) => self.next_token(self.code_end(last.span().end), true),
            None => self.next_token(open.saturating_add(1), false),
        };
        self.delimited(
            arguments,
            ARGUMENTS,
            open,
            close,
            suffix_width,
            flat_named,
            named_extent,
            named_entry,
        );
        close.saturating_add(1)
    }
}

fn named_extent(printer: &Printer, named: &NamedExpr) -> Extent {
    printer.extent(named.span())
}

fn expr_extent(printer: &Printer, expr: &Expr) -> Extent {
    printer.extent(expr.span)
}

fn named_entry(printer: &mut Printer, named: &NamedExpr, suffix_width: usize) {
    printer.push(&named.name.text);
    printer.push(": ");
    printer.expr(&named.value, suffix_width);
}

fn list_entry(printer: &mut Printer, expr: &Expr, suffix_width: usize) {
    printer.expr(expr, suffix_width);
}
