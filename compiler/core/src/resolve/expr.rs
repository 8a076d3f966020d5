//! Lowering of workflow and test expressions to the model's [`Expr`]. Names
//! resolve in the scope of the state that holds the expression: a path's
//! first name to the innermost readable variable, its later segments to
//! record fields, a bare name that is no variable to a symbol of the enum
//! the place expects, and the names of argument lists and record literals
//! to parameters and fields. Every resolved name is recorded as a
//! [`Reference`]. Nothing is reported here: what does not resolve stays in
//! the tree unresolved and the data-flow check reports it, in the same words
//! as before lowering existed.

use super::Resolver;
use crate::model::*;
use weft_syntax::syntax as ast;

/// What an expression can read where it is written.
#[derive(Clone, Copy)]
pub(crate) struct Env<'a> {
    /// Every variable of the workflow bound so far.
    pub(crate) variables: &'a [Variable],
    /// The readable ones (indices into `variables`), innermost last.
    pub(crate) scope: &'a Scope,
    /// The workflow, for references to its variables (`None` in tests).
    pub(crate) workflow: Option<WorkflowId>,
}

impl Env<'_> {
    /// An environment with no variables (test payloads).
    pub(crate) fn empty() -> Env<'static> {
        static EMPTY: std::sync::OnceLock<Scope> = std::sync::OnceLock::new();
        Env {
            variables: &[],
            scope: EMPTY.get_or_init(Scope::new),
            workflow: None,
        }
    }
}

impl Resolver {
    /// Records that `span` names `to`.
    pub(crate) fn refer(&mut self, span: weft_base::Span, to: Definition) {
        if self.record_references {
            self.model.references.push(Reference { span, to });
        }
    }

    /// Lowers `expr`; `expected` is the type of the place it flows into,
    /// when known (it decides what bare names and record fields mean).
    pub(crate) fn lower_expr(
        &mut self,
        expr: &ast::Expr,
        expected: Option<&Type>,
        env: Env<'_>,
    ) -> Expr {
        self.lower_typed(expr, expected, env).0
    }

    /// Lowers `expr` and returns the type of a path that resolved all the way.
    fn lower_typed(
        &mut self,
        expr: &ast::Expr,
        expected: Option<&Type>,
        env: Env<'_>,
    ) -> (Expr, Option<Type>) {
        let mut ty = None;
        let kind = match &expr.kind {
            ast::ExprKind::String(text) => {
                ExprKind::Literal(Literal::String(text.value.as_str().to_string()))
            }
            ast::ExprKind::Number(number) => ExprKind::Literal(Literal::Number {
                text: number.text.as_str().to_string(),
                integer: number.is_integer(),
            }),
            ast::ExprKind::Duration(duration) => {
                ExprKind::Literal(Literal::Duration(self.millis(duration)))
            }
            ast::ExprKind::Bool(value) => ExprKind::Literal(Literal::Bool(*value)),
            ast::ExprKind::Null => ExprKind::Literal(Literal::Null),
            ast::ExprKind::Path(path) => {
                let (lowered, path_ty) = self.lower_path(path, expected, env);
                ty = path_ty;
                ExprKind::Path(lowered)
            }
            ast::ExprKind::Record(entries) => {
                ExprKind::Record(self.record_literal(entries, expected, env))
            }
            ast::ExprKind::List(items) => {
                let element = expected.and_then(|expected| match self.underlying(expected) {
                    Type::List(element) => Some(*element),
                    _ => None,
                });
                ExprKind::List(
                    items
                        .iter()
                        .map(|item| self.lower_expr(item, element.as_ref(), env))
                        .collect(),
                )
            }
            ast::ExprKind::Unary(op, operand) => {
                let op = match op {
                    ast::UnaryOp::Not => UnaryOp::Not,
                    ast::UnaryOp::Negate => UnaryOp::Negate,
                };
                ExprKind::Unary(op, Box::new(self.lower_expr(operand, None, env)))
            }
            ast::ExprKind::Binary(op, left, right) => self.binary(*op, left, right, env),
            ast::ExprKind::Group(inner) => {
                let (inner, inner_ty) = self.lower_typed(inner, expected, env);
                ty = inner_ty;
                ExprKind::Group(Box::new(inner))
            }
        };
        (
            Expr {
                kind,
                span: expr.span,
            },
            ty,
        )
    }

    /// `a op b`. A bare name compared with an enum-typed value is a symbol
    /// of that enum (`order.status == OPEN`).
    fn binary(
        &mut self,
        op: ast::BinaryOp,
        left: &ast::Expr,
        right: &ast::Expr,
        env: Env<'_>,
    ) -> ExprKind {
        let (mut left, left_ty) = self.lower_typed(left, None, env);
        let (mut right, right_ty) = self.lower_typed(right, None, env);
        if matches!(op, ast::BinaryOp::Coalesce) {
            // `change.urgency ?? LOW`: the default is a symbol of the value's enum.
            if let Some(ty) = &left_ty {
                self.symbol_of(&mut right, ty);
            }
        }
        if matches!(op, ast::BinaryOp::Eq | ast::BinaryOp::NotEq) {
            if let Some(ty) = &left_ty {
                self.symbol_of(&mut right, ty);
            }
            if let Some(ty) = &right_ty {
                self.symbol_of(&mut left, ty);
            }
        }
        let op = match op {
            ast::BinaryOp::Or => BinaryOp::Or,
            ast::BinaryOp::And => BinaryOp::And,
            ast::BinaryOp::Eq => BinaryOp::Eq,
            ast::BinaryOp::NotEq => BinaryOp::NotEq,
            ast::BinaryOp::Less => BinaryOp::Less,
            ast::BinaryOp::LessEq => BinaryOp::LessEq,
            ast::BinaryOp::Greater => BinaryOp::Greater,
            ast::BinaryOp::GreaterEq => BinaryOp::GreaterEq,
            ast::BinaryOp::Coalesce => BinaryOp::Coalesce,
            ast::BinaryOp::Add => BinaryOp::Add,
            ast::BinaryOp::Sub => BinaryOp::Sub,
            ast::BinaryOp::Mul => BinaryOp::Mul,
            ast::BinaryOp::Div => BinaryOp::Div,
        };
        ExprKind::Binary(op, Box::new(left), Box::new(right))
    }

    /// Makes a bare unresolved name (possibly in parentheses) a symbol of
    /// the enum `ty` is, when it names one.
    fn symbol_of(&mut self, expr: &mut Expr, ty: &Type) {
        match &mut expr.kind {
            ExprKind::Group(inner) => self.symbol_of(inner, ty),
            ExprKind::Path(path) => {
                if path.root != PathRoot::Unresolved {
                    return;
                }
                let [segment] = path.segments.as_slice() else {
                    return;
                };
                if let Some(root) = self.enum_symbol(ty, &segment.name) {
                    let span = segment.span;
                    path.root = root;
                    if let PathRoot::Symbol {
                        enumeration,
                        symbol,
                    } = root
                    {
                        self.refer(
                            span,
                            Definition::EnumSymbol {
                                enumeration,
                                symbol,
                            },
                        );
                    }
                }
            }
            _ => {}
        }
    }

    /// The symbol `name` of the enum `ty` is (under aliases and `?`).
    fn enum_symbol(&self, ty: &Type, name: &str) -> Option<PathRoot> {
        let Type::Named(id) = self.underlying(ty) else {
            return None;
        };
        let TypeKind::Enum { symbols, .. } = &self.model.type_def(id).kind else {
            return None;
        };
        let symbol = symbols.iter().position(|symbol| symbol.name == name)?;
        Some(PathRoot::Symbol {
            enumeration: id,
            symbol,
        })
    }

    /// A path: a variable and the fields read through it, or a bare name
    /// that is a symbol of the expected enum. Returns the path's type when
    /// every segment resolved.
    fn lower_path(
        &mut self,
        path: &ast::Path,
        expected: Option<&Type>,
        env: Env<'_>,
    ) -> (PathExpr, Option<Type>) {
        let mut segments: Vec<PathSegment> = path
            .segments
            .iter()
            .map(|segment| PathSegment {
                name: segment.text.to_smol_str(),
                span: segment.span,
                field: None,
            })
            .collect();
        let Some(first) = segments.first() else {
            return (
                PathExpr {
                    root: PathRoot::Unresolved,
                    segments,
                },
                None,
            );
        };
        // The innermost binding wins, as in the data-flow check.
        let variable = env.scope.innermost_first().find(|index| {
            env.variables
                .get(*index)
                .is_some_and(|variable| variable.name == first.name)
        });
        let Some((index, variable)) =
            variable.and_then(|index| env.variables.get(index).map(|variable| (index, variable)))
        else {
            let root = match (segments.as_slice(), expected) {
                ([only], Some(expected)) => self.enum_symbol(expected, &only.name),
                _ => None,
            };
            if let Some(PathRoot::Symbol {
                enumeration,
                symbol,
            }) = root
            {
                let span = first.span;
                self.refer(
                    span,
                    Definition::EnumSymbol {
                        enumeration,
                        symbol,
                    },
                );
            }
            let root = root.unwrap_or(PathRoot::Unresolved);
            return (PathExpr { root, segments }, None);
        };
        if let Some(workflow) = env.workflow {
            self.refer(
                first.span,
                Definition::Variable {
                    workflow,
                    variable: index,
                },
            );
        }
        let mut current = Some(variable.ty.clone());
        for segment in segments.iter_mut().skip(1) {
            let Some(ty) = current.take() else {
                break;
            };
            match self.underlying(&ty) {
                Type::Named(id) => {
                    if let TypeKind::Record(record) = &self.model.type_def(id).kind {
                        if let Some((field, found)) = record
                            .fields
                            .iter()
                            .enumerate()
                            .find(|(_, field)| field.name == segment.name)
                        {
                            current = Some(found.ty.clone());
                            segment.field = FieldRef::new(id, field);
                        }
                    }
                }
                // Keys of a map are data, not fields: the path reads a value.
                Type::Map(map) => current = Some(map.1),
                _ => {}
            }
            if let Some(field) = segment.field {
                self.refer(
                    segment.span,
                    Definition::Field {
                        record: field.record,
                        field: field.index(),
                    },
                );
            }
        }
        let ty = current.filter(|ty| *ty != Type::Unknown);
        (
            PathExpr {
                root: PathRoot::Variable(index),
                segments,
            },
            ty,
        )
    }

    /// `{ name: value, ... }`: against a record, each name is its field and
    /// each value flows into it; against a map, each value into its values.
    fn record_literal(
        &mut self,
        entries: &[ast::NamedExpr],
        expected: Option<&Type>,
        env: Env<'_>,
    ) -> Vec<Argument> {
        let underlying = expected.map(|expected| self.underlying(expected));
        let record = match &underlying {
            Some(Type::Named(id)) => match &self.model.type_def(*id).kind {
                TypeKind::Record(_) => Some(*id),
                _ => None,
            },
            _ => None,
        };
        let map_value = match &underlying {
            Some(Type::Map(map)) => Some(map.1.clone()),
            _ => None,
        };
        entries
            .iter()
            .map(|entry| match record {
                Some(id) => self.field_argument(entry, id, env),
                None => Argument {
                    name: entry.name.text.to_smol_str(),
                    name_span: entry.name.span,
                    value: self.lower_expr(&entry.value, map_value.as_ref(), env),
                    target: ArgumentTarget::Unresolved,
                },
            })
            .collect()
    }

    /// `name: value` where `name` is a field of the record `id`.
    pub(crate) fn field_argument(
        &mut self,
        entry: &ast::NamedExpr,
        id: TypeId,
        env: Env<'_>,
    ) -> Argument {
        let found = match &self.model.type_def(id).kind {
            TypeKind::Record(record) => record
                .fields
                .iter()
                .enumerate()
                .find(|(_, field)| field.name == entry.name.text)
                .map(|(index, field)| (index, field.ty.clone())),
            _ => None,
        };
        let (target, ty) = match found {
            Some((field, ty)) => {
                self.refer(entry.name.span, Definition::Field { record: id, field });
                (
                    FieldRef::new(id, field)
                        .map_or(ArgumentTarget::Unresolved, ArgumentTarget::Field),
                    Some(ty),
                )
            }
            None => (ArgumentTarget::Unresolved, None),
        };
        Argument {
            name: entry.name.text.to_smol_str(),
            name_span: entry.name.span,
            value: self.lower_expr(&entry.value, ty.as_ref(), env),
            target,
        }
    }

    /// The arguments of a call or compensation, against the operation's
    /// parameters and body.
    pub(crate) fn lower_arguments(
        &mut self,
        args: &[ast::NamedExpr],
        operation: Option<OperationRef>,
        env: Env<'_>,
    ) -> Vec<Argument> {
        args.iter()
            .map(|arg| {
                let (target, ty) = match operation {
                    Some(reference) => {
                        let decl = self.model.operation(reference);
                        // `body` always names the request body, never a parameter.
                        if arg.name.text == "body" {
                            match &decl.body {
                                Some(body) => (ArgumentTarget::Body(reference), Some(body.clone())),
                                None => (ArgumentTarget::Unresolved, None),
                            }
                        } else {
                            match decl
                                .params
                                .iter()
                                .position(|param| param.field.name == arg.name.text)
                            {
                                Some(parameter) => {
                                    let ty = decl.params[parameter].field.ty.clone();
                                    self.refer(
                                        arg.name.span,
                                        Definition::Parameter {
                                            operation: reference,
                                            parameter,
                                        },
                                    );
                                    (
                                        ArgumentTarget::Parameter {
                                            operation: reference,
                                            parameter,
                                        },
                                        Some(ty),
                                    )
                                }
                                None => (ArgumentTarget::Unresolved, None),
                            }
                        }
                    }
                    None => (ArgumentTarget::Unresolved, None),
                };
                Argument {
                    name: arg.name.text.to_smol_str(),
                    name_span: arg.name.span,
                    value: self.lower_expr(&arg.value, ty.as_ref(), env),
                    target,
                }
            })
            .collect()
    }

    /// The fields of an emitted payload (or a test's trigger payload),
    /// against the record `payload`.
    pub(crate) fn lower_fields(
        &mut self,
        fields: &[ast::NamedExpr],
        payload: Option<TypeId>,
        env: Env<'_>,
    ) -> Vec<Argument> {
        fields
            .iter()
            .map(|field| match payload {
                Some(id) => self.field_argument(field, id, env),
                None => Argument {
                    name: field.name.text.to_smol_str(),
                    name_span: field.name.span,
                    value: self.lower_expr(&field.value, None, env),
                    target: ArgumentTarget::Unresolved,
                },
            })
            .collect()
    }
}

#[cfg(test)]
#[path = "expr_tests.rs"]
mod tests;
