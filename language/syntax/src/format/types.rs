//! Docs, annotations, types, constraints and fields: the pieces that records,
//! entities, event versions and operation parameters share.

use super::expr::{flat_expr, quote};
use super::printer::{Extent, Printer};
use crate::syntax::{
    Annotation, Attributes, Bounds, Constraint, ConstraintKind, EnumDecl, EnumMember, Field,
    FieldMember, RecordDecl, TypeAliasDecl, TypeArg, TypeExpr,
};

/// A doc line as written back: `/// text`, or `///` for an empty line.
pub(super) fn doc_line(line: &str) -> String {
    if line.is_empty() {
        "///".to_string()
    } else {
        format!("/// {line}")
    }
}

/// `@name` or `@name(arguments)`.
pub(super) fn flat_annotation(annotation: &Annotation) -> String {
    let mut text = format!("@{}", annotation.name.text);
    if !annotation.args.is_empty() {
        let args: Vec<String> = annotation.args.iter().map(flat_expr).collect();
        text.push('(');
        text.push_str(&args.join(", "));
        text.push(')');
    }
    text
}

/// A type on one line: `decimal(18, 4)`, `map<string, Money>?`.
pub(super) fn flat_type(ty: &TypeExpr) -> String {
    let mut text = ty.name.dotted();
    if !ty.args().is_empty() {
        let args: Vec<&str> = ty
            .args()
            .iter()
            .map(|arg| match arg {
                TypeArg::Number(number) => number.text.as_str(),
                TypeArg::Name(name) => name.text.as_str(),
            })
            .collect();
        text.push('(');
        text.push_str(&args.join(", "));
        text.push(')');
    }
    if !ty.params().is_empty() {
        let params: Vec<String> = ty.params().iter().map(flat_type).collect();
        text.push('<');
        text.push_str(&params.join(", "));
        text.push('>');
    }
    if ty.optional() {
        text.push('?');
    }
    text
}

fn flat_bounds(bounds: &Bounds) -> String {
    let min = bounds.min.as_ref().map_or("", |min| min.text.as_str());
    let max = bounds.max.as_ref().map_or("", |max| max.text.as_str());
    if bounds.exact {
        min.to_string()
    } else {
        format!("{min}..{max}")
    }
}

/// `pattern "..."`, `length 1..35`, `range 0..`.
pub(super) fn flat_constraint(constraint: &Constraint) -> String {
    match &constraint.kind {
        ConstraintKind::Pattern(pattern) => format!("pattern {}", quote(&pattern.value)),
        ConstraintKind::Length(bounds) => format!("length {}", flat_bounds(bounds)),
        ConstraintKind::Range(bounds) => format!("range {}", flat_bounds(bounds)),
    }
}

/// A type followed by its constraints.
fn flat_constrained(ty: &TypeExpr, constraints: &[Constraint]) -> String {
    let mut text = flat_type(ty);
    for constraint in constraints {
        text.push(' ');
        text.push_str(&flat_constraint(constraint));
    }
    text
}

/// Where the docs and annotations end in the source, if there are any.
fn attributes_end(attributes: &Attributes) -> Option<u32> {
    let docs = attributes.docs.span.map(|span| span.end);
    let annotations = attributes
        .annotations
        .iter()
        .map(|annotation| annotation.span.end)
        .max();
    docs.max(annotations)
}

impl Printer<'_> {
    /// Where the keyword (or name) after a run of attributes starts; with
    /// no attributes, the first token from `start`: a declaration's text
    /// may begin with ordinary comments (`////` lines directly above it),
    /// which are printed before its keyword, not inside its body.
    pub(super) fn after_attributes(&self, attributes: &Attributes, start: u32) -> u32 {
        match attributes_end(attributes) {
            Some(end) => self.next_token(self.code_end(end), false),
            None => self.next_token(start, false),
        }
    }

    /// Doc lines, then annotations, each on its own line; `keyword` is where
    /// the annotated thing starts in the source. Comments among them stay
    /// among them (top-level declarations can have none there, as the
    /// splitter would not attach the attributes across a comment line).
    pub(super) fn attributes(&mut self, attributes: &Attributes, keyword: u32) {
        for line in &attributes.docs.lines {
            self.push(&doc_line(line));
            self.end_line();
        }
        for (index, annotation) in attributes.annotations.iter().enumerate() {
            self.comments_before(annotation.span.start);
            self.push(&flat_annotation(annotation));
            self.end_line();
            let limit = attributes
                .annotations
                .get(index + 1)
                .map_or(keyword, |next| next.span.start);
            self.trailing(self.code_end(annotation.span.end), limit);
        }
        self.comments_before(keyword);
    }

    /// `name: Type constraints = default` on the line being built.
    pub(super) fn field_body(&mut self, field: &Field) {
        self.push(&field.name.text);
        self.push(": ");
        self.push(&flat_constrained(&field.ty, &field.constraints));
        if let Some(default) = &field.default {
            self.push(" = ");
            self.expr(default, 0);
        }
    }

    /// A field with its docs and annotations, as finished lines.
    pub(super) fn field(&mut self, field: &Field) {
        self.attributes(&field.attributes, field.name.span.start);
        self.field_body(field);
        self.end_line();
    }

    /// A field or a `reserved` list, as finished lines.
    pub(super) fn field_member(&mut self, member: &FieldMember) {
        match member {
            FieldMember::Field(field) => self.field(field),
            FieldMember::Reserved(reserved) => {
                let names: Vec<&str> = reserved
                    .names
                    .iter()
                    .map(|name| name.text.as_str())
                    .collect();
                self.push("reserved ");
                self.push(&names.join(", "));
                self.end_line();
            }
        }
    }

    /// The extent of a field or `reserved` list.
    pub(super) fn field_member_extent(&self, member: &FieldMember) -> Extent {
        self.extent(member.span())
    }

    /// `type Name = Type constraints`.
    pub(super) fn type_alias(&mut self, alias: &TypeAliasDecl) {
        self.push("type ");
        self.push(&alias.name.text);
        self.push(" = ");
        self.push(&flat_constrained(&alias.ty, &alias.constraints));
        self.end_line();
    }

    /// `enum Name { SYMBOLS }`, one symbol per line.
    pub(super) fn enumeration(&mut self, decl: &EnumDecl, close: u32) {
        self.push("enum ");
        self.push(&decl.name.text);
        let header_end = self.after_open_brace(decl.name.span.end);
        self.body(
            header_end,
            close,
            &decl.members,
            |printer, member| printer.extent(member.span),
            Printer::enum_member,
        );
        self.end_line();
    }

    fn enum_member(&mut self, member: &EnumMember) {
        self.attributes(&member.attributes, member.name.span.start);
        self.push(&member.name.text);
        self.end_line();
    }

    /// `record Name { fields }`.
    pub(super) fn record(&mut self, decl: &RecordDecl, close: u32) {
        self.push("record ");
        self.push(&decl.name.text);
        let header_end = self.after_open_brace(decl.name.span.end);
        self.body(
            header_end,
            close,
            &decl.members,
            Printer::field_member_extent,
            Printer::field_member,
        );
        self.end_line();
    }
}
