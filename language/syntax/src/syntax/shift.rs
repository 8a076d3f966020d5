//! Moving a tree by a byte offset. The language server re-parses only the
//! declarations an edit touched and keeps the others; those after the edit
//! are the same text at a new place, so their spans move by the edit's
//! length change. [`Shift`] does that for every node that holds a span.
//!
//! The impls below name every field of every struct and every field of
//! every variant (the macros destructure without `..`), so a node type that
//! gains a field does not compile until the field is listed here.

use super::*;
use crate::parse::UnparsedClause;
use weft_base::codes::Code;
use weft_base::span::{FileId, Span};
use weft_base::{Diagnostic, Edit, Fix, Label, Severity};

/// Moves every [`Span`] inside a value by a signed number of bytes.
pub trait Shift {
    /// Adds `delta` to the start and end of every span (saturating at 0
    /// and `u32::MAX`); the file stays the same.
    fn shift(&mut self, delta: i64);
}

/// `offset` moved by `delta` bytes, saturating at 0 and `u32::MAX`: how the
/// ends of a span move, and the offsets a few nodes keep instead of one.
fn moved(offset: u32, delta: i64) -> u32 {
    let offset = i64::from(offset).saturating_add(delta).max(0);
    u32::try_from(offset).unwrap_or(u32::MAX)
}

impl Shift for Span {
    fn shift(&mut self, delta: i64) {
        self.start = moved(self.start, delta);
        self.end = moved(self.end, delta);
    }
}

impl<T: Shift> Shift for Vec<T> {
    fn shift(&mut self, delta: i64) {
        for element in self {
            element.shift(delta);
        }
    }
}

impl<T: Shift> Shift for ThinVec<T> {
    fn shift(&mut self, delta: i64) {
        for element in self {
            element.shift(delta);
        }
    }
}

/// Only a filled set is moved: an empty one stays unboxed.
impl Shift for Attributes {
    fn shift(&mut self, delta: i64) {
        if let Some(set) = &mut self.0 {
            set.shift(delta);
        }
    }
}

impl Shift for Segments {
    fn shift(&mut self, delta: i64) {
        for element in self {
            element.shift(delta);
        }
    }
}

impl<T: Shift> Shift for Option<T> {
    fn shift(&mut self, delta: i64) {
        if let Some(inner) = self {
            inner.shift(delta);
        }
    }
}

/// A field keeps its span as two offsets.
impl Shift for Field {
    fn shift(&mut self, delta: i64) {
        let Field {
            attributes,
            name,
            ty,
            constraints,
            default,
            start,
            end,
        } = self;
        attributes.shift(delta);
        name.shift(delta);
        ty.shift(delta);
        constraints.shift(delta);
        default.shift(delta);
        *start = moved(*start, delta);
        *end = moved(*end, delta);
    }
}

/// A response keeps its span as two offsets.
impl Shift for Response {
    fn shift(&mut self, delta: i64) {
        let Response {
            status,
            body,
            description,
            start,
            end,
        } = self;
        status.shift(delta);
        body.shift(delta);
        description.shift(delta);
        *start = moved(*start, delta);
        *end = moved(*end, delta);
    }
}

/// A type keeps its end only.
impl Shift for TypeRest {
    fn shift(&mut self, delta: i64) {
        let TypeRest {
            args,
            params,
            optional: _,
            end,
        } = self;
        args.shift(delta);
        params.shift(delta);
        *end = moved(*end, delta);
    }
}

impl<T: Shift> Shift for Box<T> {
    fn shift(&mut self, delta: i64) {
        (**self).shift(delta);
    }
}

/// Types without spans: listed so that the field lists below can name
/// every field.
macro_rules! no_spans {
    ($($ty:ty),* $(,)?) => {$(
        impl Shift for $ty {
            fn shift(&mut self, _delta: i64) {}
        }
    )*};
}

/// Structs: every field, by name.
macro_rules! shift_fields {
    ($($ty:ident { $($field:ident),* $(,)? })*) => {$(
        impl Shift for $ty {
            fn shift(&mut self, delta: i64) {
                let $ty { $($field),* } = self;
                $($field.shift(delta);)*
            }
        }
    )*};
}

/// Enums: every variant, with a binding for each of its fields.
macro_rules! shift_variants {
    ($($ty:ident {
        $($variant:ident $(( $($field:ident),* ))? $({ $($named:ident),* })?),* $(,)?
    })*) => {$(
        impl Shift for $ty {
            fn shift(&mut self, delta: i64) {
                match self {
                    $($ty::$variant $(( $($field),* ))? $({ $($named),* })? => {
                        $($($field.shift(delta);)*)?
                        $($($named.shift(delta);)*)?
                    })*
                }
            }
        }
    )*};
}

no_spans!(
    String,
    DocLines,
    SmolStr,
    Name,
    bool,
    crate::parse::UnparsedPlace,
    u32,
    u64,
    FileId,
    Code,
    Severity,
    DeclKind,
    ParamLocation,
    UnaryOp,
    BinaryOp,
);

// Diagnostics: parse errors carry spans in their labels and fixes.
shift_fields! {
    Label { span, message }
    Diagnostic { code, severity, message, primary, secondary, help, notes, fix }
    Fix { title, edits }
    Edit { span, text }
}

// mod.rs: names, literals, docs and annotations.
shift_fields! {
    Ident { text, span }
    Path { segments }
    StringLit { value, span }
    NumberLit { text, span }
    DurationLit { text, millis, span }
    Docs { lines, span }
    Annotation { name, args, span }
    AttributeSet { docs, annotations }
    Comment { text, span }
}

// The parse result's clauses that did not parse.
shift_fields! {
    UnparsedClause { keyword, span, place }
}

// items.rs
shift_fields! {
    Item { attributes, kind, span }
    BrokenDecl { kind, name }
    PackageDecl { path }
    UseDecl { path, alias, names }
    UseName { name, alias, span }
    Apply { policies, span }
    DomainDecl { name, clauses }
    SystemDecl { name, clauses }
    Consumes { event, version, span }
    VersionRef { number, span }
    EntityDecl { name, members }
    EventDecl { name, members }
    EventVersion { attributes, number, schema, span }
    ApiDecl { name, members }
    SemVer { major, minor, patch, span }
    Auth { scheme, flow, scopes, header, span }
    Operation { attributes, name, method, path, members, span }
    Param { location, field, span }
    OperationError { status, name, description, span }
    PolicyDecl { name, rules }
    PolicyRule { kind, span }
    Retry { attempts, every, backoff, max, span }
}

shift_variants! {
    ItemKind {
        Package(decl), Use(decl), Domain(decl), System(decl), TypeAlias(decl), Enum(decl),
        Record(decl), Entity(decl), Event(decl), Api(decl), Policy(decl), Workflow(decl),
        Test(decl), Broken(decl),
    }
    DomainClause { Owner(owner), Contact(contact), Apply(apply) }
    SystemClause {
        Domain(path), Kind(kind), Hosting(hosting), Connectivity(connectivity), Apply(apply),
        Consumes(consumes),
    }
    EntityMember { Owner(owner), Key(fields, span), Record(record), Apply(apply), Field(field) }
    EventMember {
        Producer(producer), About(about), Key(key), Compatibility(mode), Delivery(delivery),
        Retention(retention), Compacted(span), DeadLetter(topic, span), Apply(apply),
        Version(version),
    }
    Retention { For(duration), Forever(span) }
    VersionSchema { Inline(fields), Named(ty) }
    ApiMember {
        Host(host), Version(version), Base(base), Auth(auth), Apply(apply), Operation(operation),
    }
    OperationMember {
        Param(param), Body(body), Response(response), Error(error), Reads(reads),
        Writes(writes), Auth(auth), Idempotent(span), Audited(span), Paginated(paginated),
        Apply(apply),
    }
    PolicyRuleKind {
        Require(what), Auth(auth), Retry(retry), Timeout(timeout), Sla(kind, limit), Pii(pii),
        Naming(what, case),
    }
}

// types.rs
shift_fields! {
    TypeExpr { name, rest }
    Constraint { kind, span }
    Bounds { min, max, exact, span }
    Reserved { names, span }
    TypeAliasDecl { name, ty, constraints }
    EnumDecl { name, members }
    EnumMember { attributes, name, span }
    RecordDecl { name, members }
}

shift_variants! {
    TypeArg { Number(number), Name(name) }
    ConstraintKind { Pattern(pattern), Length(bounds), Range(bounds) }
    FieldMember { Field(field), Reserved(reserved) }
}

// expr.rs
shift_fields! {
    Expr { kind, span }
    NamedExpr { name, value }
}

shift_variants! {
    ExprKind {
        String(literal), Number(literal), Duration(literal), Bool(value), Null, Path(path),
        Record(fields), List(elements), Unary(op, operand), Binary(op, left, right),
        Group(inner),
    }
}

// workflow.rs
shift_fields! {
    WorkflowDecl { name, clauses, steps }
    Trigger { kind, span }
    Step { attributes, kind, span }
    CallStep { name, operation, args, options, options_written }
    EmitStep { name, event, version, fields, options }
    WaitStep { name, event, version, condition, options }
    ChoiceStep { name, branches, otherwise }
    WhenBranch { condition, block, span }
    ParallelStep { name, branches }
    ParallelBranch { name, block, span }
    ForEachStep { item, list, concurrency, block }
    FailStep { code, message }
    Block { steps, span }
    StepOption { kind, span }
    TestDecl { name, workflow, members }
    Mock { step, outcome, span }
    Expectation { kind, span }
}

shift_variants! {
    WorkflowClause { Host(host), Trigger(trigger), Apply(apply), Sla(sla), Timeout(timeout) }
    TriggerKind {
        Event { event, version, binding },
        Api { operation, binding },
        Schedule(cron),
    }
    StepKind {
        Call(step), Emit(step), Wait(step), Choice(step), Parallel(step), ForEach(step),
        Compensate, Fail(step), Succeed,
    }
    StepOptionKind {
        Timeout(timeout), Retry(retry), Catch(error, block), OnTimeout(block),
        IdempotencyKey(key), CompensateWith(operation, args),
    }
    TestMember { Trigger(payload), Mock(mock), Expect(expectation) }
    MockOutcome { Returns(value), Fails(error), FailsFirst(error, times), TimesOut }
    ExpectationKind {
        Path(steps), Emits(event, version, condition), Succeeds, Fails(code),
        Compensates(steps),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_span_moves_both_ways_and_saturates() {
        let mut span = Span::new(FileId(2), 10, 20);
        span.shift(5);
        assert_eq!(span, Span::new(FileId(2), 15, 25));
        span.shift(-12);
        assert_eq!(span, Span::new(FileId(2), 3, 13));
        span.shift(-100);
        assert_eq!(span, Span::new(FileId(2), 0, 0));
        let mut far = Span::new(FileId(2), 1, 2);
        far.shift(i64::MAX);
        assert_eq!((far.start, far.end), (u32::MAX, u32::MAX));
    }
}
