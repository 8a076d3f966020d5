//! Types of workflow expressions. A [`Typer`] works in the scope of one state
//! and either infers an expression's type ([`Typer::infer`]) or checks it
//! against the type of the place it flows into ([`Typer::check`]), reporting
//! unknown variables and fields (E311), missing record fields (E312) and
//! values of the wrong type (E310) as it goes.
//!
//! Expressions are the model's, lowered by the resolver: a path's first name
//! is already resolved to the variable readable in the state's scope (the
//! typer follows the fields after it itself, through aliases, optional
//! markers and maps, to report what is wrong). A bare name that is no
//! variable is an enum symbol when it meets an enum-typed value; anywhere
//! else it is an unknown name. Literals are lenient: a string literal stands
//! for any string-like value (dates, timestamps, UUIDs and patterned aliases
//! included) and a number literal for any number; only the text of one that
//! stands for bytes, a UUID, a date or a timestamp is read (base64, the UUID
//! form, the calendar and the timestamp's unit).

use super::fit::{
    assignable, base, comparable, describe, enumeration, is_numeric, is_optional, record,
    takes_string_literal, text_problem, type_name, wider,
};
use super::names::{listing, Unknown};
use crate::codes;
use crate::model::{
    Argument, BinaryOp, Expr, ExprKind, Literal, Model, PathExpr, PathRoot, PathSegment, Record,
    Scope, Type, TypeId, UnaryOp, Workflow,
};
use weft_base::{calendar, Diagnostic, Span};

/// The type of an expression, as far as it can be told.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Ty {
    /// A value of a model type.
    Type(Type),
    /// `null`.
    Null,
    /// A string literal.
    Str,
    /// A number literal.
    Num {
        /// Whether it has no fraction part.
        integer: bool,
    },
    /// A bare name that is no variable: an enum symbol if an enum meets it.
    Symbol(String, Span),
    /// Not known (a record literal without a target, or an error already reported).
    Unknown,
}

impl Ty {
    fn known(ty: Type) -> Ty {
        if ty == Type::Unknown {
            Ty::Unknown
        } else {
            Ty::Type(ty)
        }
    }
}

/// The place a value flows into, for messages.
#[derive(Clone, Copy)]
pub(crate) struct Target<'w> {
    /// "argument `number` of `PurchaseOrders.expedite`", ...: made only for
    /// a finding (most values fit, and the text would be thrown away).
    pub(crate) what: &'w dyn Fn() -> String,
    /// Where the parameter or field is declared.
    pub(crate) declared: Option<Span>,
}

/// The segments of `path` up to `last` (by index), joined with `.`.
fn joined(path: &PathExpr, last: usize) -> String {
    let mut out = String::new();
    for (index, segment) in path.segments.iter().take(last + 1).enumerate() {
        if index > 0 {
            out.push('.');
        }
        out.push_str(&segment.name);
    }
    out
}

/// Types expressions in the scope of one state.
pub(crate) struct Typer<'a> {
    pub(crate) model: &'a Model,
    pub(crate) workflow: &'a Workflow,
    /// Variables readable here (indices into the workflow's variables).
    pub(crate) scope: Scope,
    /// Paths known not to be `null` here (see `State::not_null`), plus
    /// those the left side of an enclosing `and` proves.
    pub(crate) not_null: Vec<String>,
    /// What was found.
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Whether the workflow's `trigger` or one of its steps is written but
    /// did not parse: a name no step sets may be the variable it binds, so
    /// it is not reported unknown (the syntax error is).
    pub(crate) binding_unparsed: bool,
    /// Whether an argument or a record literal's entry of the current
    /// step did not parse (it was dropped): the required argument or field
    /// it may have given is not reported missing (the syntax error is).
    pub(crate) entry_unparsed: bool,
}

impl<'a> Typer<'a> {
    /// A typer for `workflow` with an empty scope.
    pub(crate) fn new(model: &'a Model, workflow: &'a Workflow) -> Typer<'a> {
        Typer {
            model,
            workflow,
            scope: Scope::new(),
            not_null: Vec::new(),
            diagnostics: Vec::new(),
            binding_unparsed: false,
            entry_unparsed: false,
        }
    }

    fn describe_ty(&self, ty: &Ty) -> String {
        match ty {
            Ty::Type(ty) => describe(self.model, ty),
            Ty::Null => "`null`".into(),
            Ty::Str => "a string".into(),
            Ty::Num { integer: true } => "a whole number".into(),
            Ty::Num { integer: false } => "a decimal number".into(),
            Ty::Symbol(name, _) => format!("`{name}`"),
            Ty::Unknown => "unknown".into(),
        }
    }

    // ----- inference -------------------------------------------------------

    /// The type of `expr`; reports what is wrong inside it.
    pub(crate) fn infer(&mut self, expr: &Expr) -> Ty {
        match &expr.kind {
            ExprKind::Literal(Literal::String(_)) => Ty::Str,
            ExprKind::Literal(Literal::Number { integer, .. }) => Ty::Num { integer: *integer },
            ExprKind::Literal(Literal::Duration(_)) => Ty::Type(Type::Duration),
            ExprKind::Literal(Literal::Bool(_)) => Ty::Type(Type::Bool),
            ExprKind::Literal(Literal::Null) => Ty::Null,
            ExprKind::Path(path) => self.path(path),
            ExprKind::Record(entries) => {
                for entry in entries {
                    self.infer_lenient(&entry.value);
                }
                Ty::Unknown
            }
            ExprKind::List(items) => {
                let mut element = None;
                for item in items {
                    if let Ty::Type(ty) = self.infer_lenient(item) {
                        element.get_or_insert(ty);
                    }
                }
                element.map_or(Ty::Unknown, |ty| Ty::Type(Type::List(Box::new(ty))))
            }
            ExprKind::Unary(UnaryOp::Not, operand) => {
                let ty = self.infer_settled(operand);
                self.require_bool(&ty, operand, "`not`");
                Ty::Type(Type::Bool)
            }
            ExprKind::Unary(UnaryOp::Negate, operand) => {
                let ty = self.infer_settled(operand);
                match &ty {
                    Ty::Num { .. } | Ty::Unknown => ty,
                    Ty::Type(inner) => {
                        let inner = base(self.model, inner);
                        if is_numeric(inner) || *inner == Type::Duration || *inner == Type::Unknown
                        {
                            Ty::known(inner.clone())
                        } else {
                            self.operand_mismatch(operand, &ty, "`-`", "a number or a duration");
                            Ty::Unknown
                        }
                    }
                    _ => {
                        self.operand_mismatch(operand, &ty, "`-`", "a number or a duration");
                        Ty::Unknown
                    }
                }
            }
            ExprKind::Binary(op, left, right) => self.binary(*op, left, right, expr.span),
            ExprKind::Group(inner) => self.infer(inner),
        }
    }

    /// Infers and reports a bare name that is no variable as unknown.
    pub(crate) fn infer_settled(&mut self, expr: &Expr) -> Ty {
        let ty = self.infer(expr);
        self.settle(ty)
    }

    /// Infers where the expected type is not known: a bare name may be a
    /// symbol of an enum nobody can tell, so it is not reported.
    pub(crate) fn infer_lenient(&mut self, expr: &Expr) -> Ty {
        match self.infer(expr) {
            Ty::Symbol(..) => Ty::Unknown,
            ty => ty,
        }
    }

    /// A bare name met no enum: it is an unknown variable.
    fn settle(&mut self, ty: Ty) -> Ty {
        if let Ty::Symbol(name, span) = &ty {
            self.unknown_variable(name, *span);
            return Ty::Unknown;
        }
        ty
    }

    /// The type of a path: a variable and the fields after it.
    fn path(&mut self, path: &PathExpr) -> Ty {
        let Some((first, rest)) = path.segments.split_first() else {
            return Ty::Unknown;
        };
        let variable = match path.root {
            PathRoot::Variable(index) => self.workflow.variables.get(index),
            PathRoot::Symbol { .. } | PathRoot::Unresolved => None,
        };
        match variable {
            Some(variable) => self.fields(&variable.ty, path, rest),
            None if rest.is_empty() => Ty::Symbol(first.name.as_str().to_string(), first.span),
            None => {
                self.unknown_variable(&first.name, first.span);
                Ty::Unknown
            }
        }
    }

    /// Follows `rest` through record fields from a value of type `start`.
    fn fields(&mut self, start: &Type, path: &PathExpr, rest: &[PathSegment]) -> Ty {
        let mut current = start.clone();
        let mut optional = is_optional(self.model, &current);
        // The path up to the segment before `segment` (`a.b`), extended by
        // one segment per step instead of joined again each time; written
        // only while some path is known not null (the lookup's only use
        // until a finding, which writes it itself).
        let mut prefix = String::new();
        let narrowed = !self.not_null.is_empty();
        for (index, segment) in rest.iter().enumerate() {
            if narrowed {
                if let Some(last) = path.segments.get(index) {
                    if index > 0 {
                        prefix.push('.');
                    }
                    prefix.push_str(&last.name);
                }
            }
            if narrowed && self.not_null.contains(&prefix) {
                optional = false;
                current = self.model.unaliased(&current).required().clone();
            }
            let underlying = base(self.model, &current);
            if *underlying == Type::Unknown {
                return Ty::Unknown;
            }
            if let Some((id, fields)) = record(self.model, &current) {
                match fields.field(&segment.name) {
                    Some(field) => {
                        optional |= is_optional(self.model, &field.ty);
                        current = field.ty.clone();
                    }
                    None => {
                        let prefix = joined(path, index);
                        self.no_such_field(&prefix, &current, id, fields, segment);
                        return Ty::Unknown;
                    }
                }
                continue;
            }
            if let Type::Map(map) = underlying {
                optional = true;
                current = map.1.clone();
                continue;
            }
            let prefix = joined(path, index);
            let mut diagnostic = Diagnostic::error(
                codes::UNKNOWN_MEMBER,
                format!(
                    "`{prefix}` is {} and has no field `{}`",
                    describe(self.model, &current),
                    segment.name
                ),
                segment.span,
                "no such field",
            );
            diagnostic = if let Type::List(_) = underlying {
                diagnostic.with_help(format!(
                    "`{prefix}` is a list: go through its elements with `for each item in {prefix} {{ ... }}` and read `item.{}`",
                    segment.name
                ))
            } else {
                diagnostic.with_help(format!("only records have fields; use `{prefix}` itself"))
            };
            self.diagnostics.push(diagnostic);
            return Ty::Unknown;
        }
        if !self.not_null.is_empty() && self.not_null.iter().any(|known| *known == path.dotted()) {
            return Ty::known(self.model.unaliased(&current).required().clone());
        }
        if optional && !current.is_optional() {
            current = Type::Optional(Box::new(current));
        }
        Ty::known(current)
    }

    fn no_such_field(
        &mut self,
        prefix: &str,
        ty: &Type,
        id: TypeId,
        fields: &Record,
        segment: &PathSegment,
    ) {
        let decl = &self.model.type_def(id).name;
        let record_name = type_name(self.model, id);
        let names = fields.fields.iter().map(|field| field.name.as_str());
        let unknown = Unknown::of(&segment.name, names, &format!("fields of `{record_name}`"));
        let diagnostic = Diagnostic::error(
            codes::UNKNOWN_MEMBER,
            format!(
                "`{prefix}` is {} and has no field `{}`",
                describe(self.model, ty),
                segment.name
            ),
            segment.span,
            format!("not a field of `{record_name}`"),
        )
        .with_label(decl.span, format!("`{record_name}` is declared here"));
        self.diagnostics
            .push(unknown.explain(diagnostic, segment.span));
    }

    /// Reports a name that is no variable readable here.
    pub(crate) fn unknown_variable(&mut self, name: &str, span: Span) {
        let elsewhere = self
            .workflow
            .variables
            .iter()
            .find(|variable| variable.name == name);
        if elsewhere.is_none() && self.binding_unparsed {
            return;
        }
        let diagnostic = match elsewhere {
            Some(variable) if variable.span.file == span.file && variable.span.start > span.start => {
                Diagnostic::error(
                    codes::UNKNOWN_MEMBER,
                    format!("`{name}` is read before it is set"),
                    span,
                    "not set yet here",
                )
                .with_label(variable.span, format!("`{name}` is set by this later step"))
                .with_help(format!("move this step after the step `{name}`, or read a value that is already known"))
            }
            Some(variable) => Diagnostic::error(
                codes::UNKNOWN_MEMBER,
                format!("`{name}` is not readable here"),
                span,
                "out of scope here",
            )
            .with_label(variable.span, format!("`{name}` is set here"))
            .with_help(
                "a step's result is readable in the steps after it in the same block and in the blocks nested there; results set inside `choice` branches, `catch` and `on timeout` handlers and `for each` bodies stay inside them",
            ),
            None => {
                let names: Vec<&str> = self
                    .scope
                    .to_vec()
                    .into_iter()
                    .filter_map(|index| self.workflow.variables.get(index))
                    .map(|variable| variable.name.as_str())
                    .collect();
                let diagnostic = Diagnostic::error(
                    codes::UNKNOWN_MEMBER,
                    format!("unknown name `{name}`"),
                    span,
                    "no variable of this name",
                );
                Unknown::of(name, names, "variables readable here").explain(diagnostic, span)
            }
        };
        self.diagnostics.push(diagnostic);
    }

    /// Checks a bare name against the symbols of the enum `id`.
    fn symbol(&mut self, name: &str, span: Span, id: TypeId) {
        let decl = self.model.type_def(id);
        let crate::model::TypeKind::Enum { symbols, .. } = &decl.kind else {
            return;
        };
        if symbols.iter().any(|symbol| symbol.name == name) {
            return;
        }
        if self
            .workflow
            .variables
            .iter()
            .any(|variable| variable.name == name)
        {
            self.unknown_variable(name, span);
            return;
        }
        let names = symbols.iter().map(|symbol| symbol.name.as_str());
        let unknown = Unknown::of(name, names, &format!("symbols of `{}`", decl.name.name));
        let diagnostic = Diagnostic::error(
            codes::UNKNOWN_MEMBER,
            format!(
                "`{name}` is neither a variable nor a symbol of `{}`",
                decl.name.name
            ),
            span,
            format!("not a symbol of `{}`", decl.name.name),
        )
        .with_label(
            decl.name.span,
            format!("`{}` is declared here", decl.name.name),
        );
        self.diagnostics.push(unknown.explain(diagnostic, span));
    }

    // ----- operators -------------------------------------------------------

    fn binary(&mut self, op: BinaryOp, left: &Expr, right: &Expr, span: Span) -> Ty {
        match op {
            BinaryOp::And => {
                // `x != null and x.size > 3`: the right side runs only when the left holds.
                let a = self.infer_settled(left);
                let outer = self.not_null.len();
                self.not_null.extend(left.proves_not_null());
                let b = self.infer_settled(right);
                self.not_null.truncate(outer);
                self.require_bool(&a, left, "`and`");
                self.require_bool(&b, right, "`and`");
                Ty::Type(Type::Bool)
            }
            BinaryOp::Coalesce => self.coalesce(left, right),
            BinaryOp::Or => {
                let (a, b) = (self.infer_settled(left), self.infer_settled(right));
                self.require_bool(&a, left, "`or`");
                self.require_bool(&b, right, "`or`");
                Ty::Type(Type::Bool)
            }
            BinaryOp::Eq | BinaryOp::NotEq => {
                let (a, b) = (self.infer(left), self.infer(right));
                self.equality(op, (a, left), (b, right));
                Ty::Type(Type::Bool)
            }
            BinaryOp::Less | BinaryOp::LessEq | BinaryOp::Greater | BinaryOp::GreaterEq => {
                let (a, b) = (self.infer_settled(left), self.infer_settled(right));
                self.ordering(op, (&a, left), (&b, right), span);
                Ty::Type(Type::Bool)
            }
            BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div => {
                let (a, b) = (self.infer_settled(left), self.infer_settled(right));
                self.arithmetic(op, (&a, left), (&b, right))
            }
        }
    }

    /// `value ?? default`: the value's type without its `?` when the
    /// default is never `null`; the default must fit that type.
    fn coalesce(&mut self, left: &Expr, right: &Expr) -> Ty {
        let value = self.infer_settled(left);
        let Ty::Type(ty) = &value else {
            self.infer_lenient(right);
            return value;
        };
        if !is_optional(self.model, ty) {
            self.diagnostics.push(
                Diagnostic::warning(
                    codes::DEFAULT_NEVER_USED,
                    match &left.kind {
                        ExprKind::Path(path) => format!(
                            "`{}` is never `null` here, so the default after `??` is never used",
                            path.dotted()
                        ),
                        _ => "this value is never `null`, so the default after `??` is never used"
                            .to_string(),
                    },
                    left.span,
                    format!("always {}", describe(self.model, ty)),
                )
                .with_help("remove `?? ...`, or check that this is the value you meant"),
            );
        }
        let inner = self.model.unaliased(ty).required().clone();
        // A type that did not resolve (reported, E301): any default may fit
        // it, and a bare name may be one of its symbols.
        if inner == Type::Unknown {
            self.infer_lenient(right);
            return Ty::Unknown;
        }
        let target = Target {
            what: &|| "the default after `??`".to_string(),
            declared: None,
        };
        let default = self.infer(right);
        let may_be_null = match &default {
            Ty::Null => true,
            Ty::Type(default) => is_optional(self.model, default),
            _ => false,
        };
        // A default that may itself be `null` is allowed; the result then keeps its `?`.
        let result = if may_be_null {
            Type::Optional(Box::new(inner))
        } else {
            inner
        };
        self.fits(&default, right, &result, &target);
        Ty::known(result)
    }

    fn equality(&mut self, op: BinaryOp, left: (Ty, &Expr), right: (Ty, &Expr)) {
        let (a, b) = (left.0.clone(), right.0.clone());
        match (&a, &b) {
            (Ty::Symbol(name, at), Ty::Type(ty)) | (Ty::Type(ty), Ty::Symbol(name, at)) => {
                match enumeration(self.model, ty) {
                    Some((id, _)) => self.symbol(name, *at, id),
                    None => self.unknown_variable(name, *at),
                }
                return;
            }
            (Ty::Symbol(..), Ty::Unknown) | (Ty::Unknown, Ty::Symbol(..)) => return,
            (Ty::Symbol(..), _) | (_, Ty::Symbol(..)) => {
                self.settle(a);
                self.settle(b);
                return;
            }
            _ => {}
        }
        let fits = match (&a, &b) {
            (Ty::Unknown, _) | (_, Ty::Unknown) | (Ty::Null, _) | (_, Ty::Null) => true,
            (Ty::Str, Ty::Str) | (Ty::Num { .. }, Ty::Num { .. }) => true,
            (Ty::Str, Ty::Type(ty)) | (Ty::Type(ty), Ty::Str) => {
                takes_string_literal(base(self.model, ty))
            }
            (Ty::Num { .. }, Ty::Type(ty)) | (Ty::Type(ty), Ty::Num { .. }) => {
                let ty = base(self.model, ty);
                is_numeric(ty) || *ty == Type::Unknown
            }
            (Ty::Type(x), Ty::Type(y)) => comparable(self.model, x, y),
            _ => false,
        };
        if fits {
            match (&a, &b) {
                (Ty::Str, Ty::Type(ty)) => self.compared_text(op, left.1, (ty, right.1)),
                (Ty::Type(ty), Ty::Str) => self.compared_text(op, right.1, (ty, left.1)),
                _ => {}
            }
            return;
        }
        let mut diagnostic = Diagnostic::error(
            codes::TYPE_MISMATCH,
            format!(
                "`{}` compares values of different types: {} and {}",
                op.symbol(),
                self.describe_ty(&a),
                self.describe_ty(&b)
            ),
            right.1.span,
            format!("this is {}", self.describe_ty(&b)),
        )
        .with_label(left.1.span, format!("this is {}", self.describe_ty(&a)));
        let enum_side = [&a, &b].into_iter().find_map(|ty| match ty {
            Ty::Type(ty) => enumeration(self.model, ty),
            _ => None,
        });
        diagnostic = match (enum_side, matches!(a, Ty::Str) || matches!(b, Ty::Str)) {
            (Some((_, symbols)), true) => diagnostic.with_help(format!(
                "enum symbols are written without quotes: {}",
                listing(symbols.iter().map(|symbol| symbol.name.as_str()))
            )),
            _ => diagnostic.with_help("compare values of the same type"),
        };
        self.diagnostics.push(diagnostic);
    }

    /// What `<` can compare: numbers, durations, dates, timestamps.
    fn order_kind(&self, ty: &Ty) -> Option<&'static str> {
        match ty {
            Ty::Num { .. } => Some("number"),
            Ty::Str => Some("text"),
            Ty::Unknown => Some("unknown"),
            Ty::Type(ty) => match base(self.model, ty) {
                Type::Duration => Some("duration"),
                Type::Date => Some("date"),
                Type::Timestamp(_) => Some("timestamp"),
                Type::Unknown => Some("unknown"),
                other if is_numeric(other) => Some("number"),
                _ => None,
            },
            _ => None,
        }
    }

    fn ordering(&mut self, op: BinaryOp, left: (&Ty, &Expr), right: (&Ty, &Expr), span: Span) {
        let operator = format!("`{}`", op.symbol());
        let expected = "a number, a duration, a date or a timestamp";
        let (a, b) = (self.order_kind(left.0), self.order_kind(right.0));
        // A string literal stands for a date or timestamp here.
        let text_ok = |kind: Option<&str>| matches!(kind, Some("date" | "timestamp" | "unknown"));
        match (a, b) {
            (None, _) | (Some("text"), Some("text")) => {
                self.operand_mismatch(left.1, left.0, &operator, expected)
            }
            (_, None) => self.operand_mismatch(right.1, right.0, &operator, expected),
            (Some("text"), other) if !text_ok(other) => {
                self.operand_mismatch(left.1, left.0, &operator, expected)
            }
            (other, Some("text")) if !text_ok(other) => {
                self.operand_mismatch(right.1, right.0, &operator, expected)
            }
            (Some(x), Some(y))
                if x != y
                    && !["unknown", "text"].contains(&x)
                    && !["unknown", "text"].contains(&y) =>
            {
                self.diagnostics.push(
                    Diagnostic::error(
                        codes::TYPE_MISMATCH,
                        format!(
                            "`{}` compares {} with {}",
                            op.symbol(),
                            self.describe_ty(left.0),
                            self.describe_ty(right.0)
                        ),
                        span,
                        "these cannot be ordered",
                    )
                    .with_label(left.1.span, format!("a {x}"))
                    .with_label(right.1.span, format!("a {y}"))
                    .with_help("compare two numbers, two durations, two dates or two timestamps"),
                )
            }
            (Some("text"), Some("date" | "timestamp")) => {
                if let Ty::Type(ty) = right.0 {
                    self.compared_text(op, left.1, (ty, right.1));
                }
            }
            (Some("date" | "timestamp"), Some("text")) => {
                if let Ty::Type(ty) = left.0 {
                    self.compared_text(op, right.1, (ty, left.1));
                }
            }
            _ => {}
        }
    }

    /// A string literal compared with a value of type `other.0` whose text
    /// cannot be one (`when x.at > "2026-13-01T00:00:00Z"`).
    fn compared_text(&mut self, op: BinaryOp, literal: &Expr, other: (&Type, &Expr)) {
        let ty = base(self.model, other.0);
        let Some((text, why)) = impossible_text(literal, ty) else {
            return;
        };
        let found = describe(self.model, other.0);
        self.diagnostics.push(
            Diagnostic::error(
                codes::TYPE_MISMATCH,
                format!("`{}` compares {found} with \"{text}\": {why}", op.symbol()),
                literal.span,
                text_label(ty, text),
            )
            .with_label(other.1.span, format!("this is {found}"))
            .with_help(text_help(ty, text)),
        );
    }

    fn arithmetic(&mut self, op: BinaryOp, left: (&Ty, &Expr), right: (&Ty, &Expr)) -> Ty {
        let operator = format!("`{}`", op.symbol());
        let class = |typer: &Typer<'_>, ty: &Ty| -> Option<Type> {
            match ty {
                Ty::Num { integer: true } => Some(Type::Int32),
                Ty::Num { integer: false } => Some(Type::Decimal {
                    precision: 38,
                    scale: 18,
                }),
                Ty::Unknown => Some(Type::Unknown),
                Ty::Type(ty) => Some(base(typer.model, ty).clone()),
                _ => None,
            }
        };
        let (Some(a), Some(b)) = (class(self, left.0), class(self, right.0)) else {
            let (ty, expr) = if class(self, left.0).is_none() {
                left
            } else {
                right
            };
            self.operand_mismatch(expr, ty, &operator, "a number");
            return Ty::Unknown;
        };
        let timeish = |ty: &Type| matches!(ty, Type::Date | Type::Timestamp(_));
        let additive = matches!(op, BinaryOp::Add | BinaryOp::Sub);
        let result = match (&a, &b) {
            (Type::Unknown, _) | (_, Type::Unknown) => Some(Ty::Unknown),
            (x, y) if is_numeric(x) && is_numeric(y) => {
                if let (Ty::Num { .. }, Ty::Num { .. }) = (left.0, right.0) {
                    Some(left.0.clone())
                } else if let Ty::Num { .. } = left.0 {
                    Some(Ty::Type(b.clone()))
                } else if let Ty::Num { .. } = right.0 {
                    Some(Ty::Type(a.clone()))
                } else {
                    Some(Ty::Type(wider(x, y)))
                }
            }
            (Type::Duration, Type::Duration) if additive => Some(Ty::Type(Type::Duration)),
            (x, Type::Duration) if additive && timeish(x) => Some(Ty::Type(x.clone())),
            (Type::Duration, y) if !additive && is_numeric(y) => Some(Ty::Type(Type::Duration)),
            _ => None,
        };
        match result {
            Some(ty) => ty,
            None => {
                let (ty, expr) = if is_numeric(&a) || a == Type::Duration {
                    right
                } else {
                    left
                };
                self.operand_mismatch(expr, ty, &operator, "a number");
                Ty::Unknown
            }
        }
    }

    fn require_bool(&mut self, ty: &Ty, expr: &Expr, what: &str) {
        let fits = match ty {
            Ty::Unknown => true,
            Ty::Type(ty) => matches!(base(self.model, ty), Type::Bool | Type::Unknown),
            _ => false,
        };
        if !fits {
            self.operand_mismatch(expr, ty, what, "`bool` (true or false)");
        }
    }

    /// "`what` needs `expected`, but this is ...".
    fn operand_mismatch(&mut self, expr: &Expr, ty: &Ty, what: &str, expected: &str) {
        let found = self.describe_ty(ty);
        self.diagnostics.push(
            Diagnostic::error(
                codes::TYPE_MISMATCH,
                format!("{what} needs {expected}, but this is {found}"),
                expr.span,
                format!("this is {found}"),
            )
            .with_help(format!("use {expected} here")),
        );
    }

    /// Checks that a condition is a `bool`.
    pub(crate) fn condition(&mut self, expr: &Expr, what: &str) {
        let ty = self.infer_settled(expr);
        self.require_bool(&ty, expr, what);
    }

    // ----- checking against an expected type ------------------------------

    /// Checks that `expr` fits `expected`, the type of `target`.
    pub(crate) fn check(&mut self, expr: &Expr, expected: &Type, target: &Target) {
        if *base(self.model, expected) == Type::Unknown {
            self.infer_lenient(expr);
            return;
        }
        match &expr.kind {
            ExprKind::Group(inner) => self.check(inner, expected, target),
            ExprKind::Record(entries) => {
                if let Some((id, fields)) = record(self.model, expected) {
                    self.record_literal(id, fields, entries, expr.span, target);
                } else if let Type::Map(map) = base(self.model, expected) {
                    for entry in entries {
                        let what = || format!("entry `{}` of {}", entry.name, (target.what)());
                        let element = Target {
                            what: &what,
                            declared: target.declared,
                        };
                        self.check(&entry.value, &map.1, &element);
                    }
                } else {
                    for entry in entries {
                        self.infer_lenient(&entry.value);
                    }
                    self.mismatch(expr, &Ty::Unknown, "a record", expected, target);
                }
            }
            ExprKind::List(items) => {
                if let Type::List(element) = base(self.model, expected) {
                    let what = || format!("an element of {}", (target.what)());
                    let element_target = Target {
                        what: &what,
                        declared: target.declared,
                    };
                    for item in items {
                        self.check(item, element, &element_target);
                    }
                } else {
                    for item in items {
                        self.infer_lenient(item);
                    }
                    self.mismatch(expr, &Ty::Unknown, "a list", expected, target);
                }
            }
            _ => {
                let ty = self.infer(expr);
                self.fits(&ty, expr, expected, target);
            }
        }
    }

    /// Checks an inferred type against the expected one.
    fn fits(&mut self, ty: &Ty, expr: &Expr, expected: &Type, target: &Target) {
        let underlying = base(self.model, expected);
        let fits = match ty {
            Ty::Unknown => true,
            Ty::Symbol(name, span) => {
                match enumeration(self.model, expected) {
                    Some((id, _)) => self.symbol(name, *span, id),
                    None => self.unknown_variable(name, *span),
                }
                true
            }
            Ty::Null => {
                if !is_optional(self.model, expected) {
                    self.diagnostics.push(
                        Diagnostic::error(
                            codes::TYPE_MISMATCH,
                            format!("{} is required, but this is `null`", (target.what)()),
                            expr.span,
                            "no value",
                        )
                        .with_help(format!(
                            "give a value of {}; only optional (`T?`) fields and parameters take `null`",
                            describe(self.model, expected)
                        )),
                    );
                }
                true
            }
            Ty::Str => {
                let takes = takes_string_literal(underlying);
                if takes {
                    self.literal_text(expr, underlying, target, expected);
                }
                takes
            }
            Ty::Num { integer } => {
                is_numeric(underlying)
                    && (*integer || !matches!(underlying, Type::Int32 | Type::Int64))
            }
            Ty::Type(ty) => {
                if !assignable(self.model, ty, expected) {
                    false
                } else {
                    if is_optional(self.model, ty) && !is_optional(self.model, expected) {
                        self.may_be_absent(expr, ty, expected, target);
                    }
                    true
                }
            }
        };
        if !fits {
            let found = self.describe_ty(ty);
            self.mismatch(expr, ty, &found, expected, target);
        }
    }

    fn mismatch(&mut self, expr: &Expr, ty: &Ty, found: &str, expected: &Type, target: &Target) {
        let wanted = describe(self.model, expected);
        let mut diagnostic = Diagnostic::error(
            codes::TYPE_MISMATCH,
            format!("{} expects {wanted}, but this is {found}", (target.what)()),
            expr.span,
            format!("this is {found}"),
        );
        if let Some(declared) = target.declared {
            diagnostic = diagnostic.with_label(declared, format!("declared as {wanted} here"));
        }
        let help = match (ty, enumeration(self.model, expected)) {
            (Ty::Str, Some((_, symbols))) => format!(
                "enum symbols are written without quotes: {}",
                listing(symbols.iter().map(|symbol| symbol.name.as_str()))
            ),
            (Ty::Num { integer: false }, None) if is_numeric(base(self.model, expected)) => {
                "this place takes whole numbers only".to_string()
            }
            _ => format!("pass a value of {wanted}"),
        };
        self.diagnostics.push(diagnostic.with_help(help));
    }

    /// A string literal for a place of base type `ty` whose text cannot be
    /// a value of it (bytes, UUIDs, dates and timestamps; other texts are taken).
    fn literal_text(&mut self, expr: &Expr, ty: &Type, target: &Target, expected: &Type) {
        let Some((text, why)) = impossible_text(expr, ty) else {
            return;
        };
        let wanted = describe(self.model, expected);
        let mut diagnostic = Diagnostic::error(
            codes::TYPE_MISMATCH,
            format!(
                "{} expects {wanted}, but this is \"{text}\": {why}",
                (target.what)()
            ),
            expr.span,
            text_label(ty, text),
        );
        if let Some(declared) = target.declared {
            diagnostic = diagnostic.with_label(declared, format!("declared as {wanted} here"));
        }
        self.diagnostics
            .push(diagnostic.with_help(text_help(ty, text)));
    }

    fn may_be_absent(&mut self, expr: &Expr, ty: &Type, expected: &Type, target: &Target) {
        let mut diagnostic = Diagnostic::error(
            codes::TYPE_MISMATCH,
            format!(
                "{} is required, but this value may be absent ({})",
                (target.what)(),
                describe(self.model, ty)
            ),
            expr.span,
            "may be absent",
        );
        if let Some(declared) = target.declared {
            diagnostic = diagnostic.with_label(
                declared,
                format!("required: {}", describe(self.model, expected)),
            );
        }
        self.diagnostics.push(diagnostic.with_help(
            "pass a value that is always there, or make the field or parameter optional (`T?`)",
        ));
    }

    /// `{ name: value, ... }` against a record: unknown fields (E311), missing
    /// required fields (E312), and each value against its field.
    fn record_literal(
        &mut self,
        id: TypeId,
        fields: &Record,
        entries: &[Argument],
        span: Span,
        target: &Target,
    ) {
        let decl = &self.model.type_def(id).name;
        // Written into messages only (most literals have no finding).
        let record_name = TypeName(self.model, id);
        // The fields that unknown ones misspell: not also missing.
        let mut meant: Vec<&str> = Vec::new();
        for entry in entries {
            match fields.field(&entry.name) {
                Some(field) => {
                    let what = || format!("field `{}` of `{}`", field.name, record_name);
                    let inner = Target {
                        what: &what,
                        declared: Some(field.name_span),
                    };
                    self.check(&entry.value, &field.ty, &inner);
                }
                None => {
                    self.infer_lenient(&entry.value);
                    let names = fields.fields.iter().map(|field| field.name.as_str());
                    let unknown =
                        Unknown::of(&entry.name, names, &format!("fields of `{record_name}`"));
                    meant.extend(unknown.meant);
                    let diagnostic = Diagnostic::error(
                        codes::UNKNOWN_MEMBER,
                        format!("`{record_name}` has no field `{}`", entry.name),
                        entry.name_span,
                        format!("not a field of `{record_name}`"),
                    )
                    .with_label(decl.span, format!("`{record_name}` is declared here"));
                    self.diagnostics
                        .push(unknown.explain(diagnostic, entry.name_span));
                }
            }
        }
        let missing: Vec<_> = fields
            .fields
            .iter()
            .filter(|field| {
                // A field of unknown type (already reported) may be optional.
                !is_optional(self.model, &field.ty)
                    && field.ty != Type::Unknown
                    && field.default().is_none()
                    && !entries.iter().any(|entry| entry.name == field.name)
                    && !meant.contains(&field.name.as_str())
            })
            .collect();
        if missing.is_empty() || self.entry_unparsed {
            return;
        }
        let names = listing(missing.iter().map(|field| field.name.as_str()));
        let opening = Span {
            end: span.start.saturating_add(1).min(span.end),
            ..span
        };
        let mut diagnostic = Diagnostic::error(
            codes::MISSING_ARGUMENT,
            format!(
                "{} misses required {} {names} of `{}`",
                (target.what)(),
                if missing.len() == 1 {
                    "field"
                } else {
                    "fields"
                },
                record_name
            ),
            opening,
            format!("this `{record_name}` has no {names}"),
        );
        for field in &missing {
            diagnostic =
                diagnostic.with_label(field.name_span, format!("`{}` is required", field.name));
        }
        self.diagnostics.push(diagnostic.with_help(format!(
            "add {} to the record",
            missing
                .iter()
                .map(|field| format!("`{}: ...`", field.name))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
}

/// The text of a string literal (in parentheses or not) and why it cannot
/// be a value of the base type `ty`, if it cannot.
fn impossible_text<'e>(expr: &'e Expr, ty: &Type) -> Option<(&'e str, String)> {
    match &expr.kind {
        ExprKind::Group(inner) => impossible_text(inner, ty),
        ExprKind::Literal(Literal::String(text)) => {
            text_problem(ty, text).map(|why| (text.as_str(), why))
        }
        _ => None,
    }
}

/// Whether a text [`text_problem`] refuses for a timestamp is one, only
/// finer than the unit.
fn only_too_fine(ty: &Type, text: &str) -> bool {
    matches!(ty, Type::Timestamp(_)) && calendar::timestamp(text).is_ok()
}

/// The label under a text [`text_problem`] refuses.
fn text_label(ty: &Type, text: &str) -> &'static str {
    match ty {
        Type::Bytes => "not base64",
        Type::Uuid => "not a UUID",
        Type::Date => "not a date",
        _ if only_too_fine(ty, text) => "finer than the unit",
        _ => "not a timestamp",
    }
}

/// How to write a value of `ty` (bytes, a UUID, a date or a timestamp) as
/// text.
fn text_help(ty: &Type, text: &str) -> &'static str {
    match ty {
        Type::Bytes => "write bytes in base64 (RFC 4648, padded with `=`), such as \"AAEC\" for the bytes 00 01 02",
        Type::Uuid => "write a UUID as 8-4-4-4-12 hexadecimal digits with hyphens and nothing around them (RFC 9562): \"f81d4fae-7dec-11d0-a765-00a0c91e6bf6\"",
        Type::Date => "write a day the calendar has, as `YYYY-MM-DD`: \"2026-01-31\"",
        _ if only_too_fine(ty, text) => "leave out the digits the unit does not keep, or declare the timestamp with a finer unit (`timestamp(us)` keeps 6, `timestamp(ns)` 9)",
        _ => "write a moment the calendar and the clock have, as `YYYY-MM-DDTHH:MM:SS` and `Z` or an offset: \"2026-01-31T08:00:00Z\"",
    }
}

/// The type of a path in a scope, without reporting anything (`None` when it
/// does not type).
pub(crate) fn path_type(
    model: &Model,
    workflow: &Workflow,
    scope: &Scope,
    path: &PathExpr,
) -> Option<Type> {
    let mut typer = Typer::new(model, workflow);
    typer.scope = scope.clone();
    match typer.path(path) {
        Ty::Type(ty) => Some(ty),
        _ => None,
    }
}

/// [`type_name`] as it is written into a message, made only then.
#[derive(Clone, Copy)]
struct TypeName<'m>(&'m Model, TypeId);

impl std::fmt::Display for TypeName<'_> {
    fn fmt(&self, out: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        out.write_str(&type_name(self.0, self.1))
    }
}
