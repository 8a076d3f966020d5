//! The record of resolved references: every place in the source that names
//! something, and what it names. Go to definition, find references and
//! rename read exactly this, so the resolver records a reference wherever it
//! resolves a name (declarations, fields, enum symbols, event versions,
//! operations and their parameters, workflow variables and the fields
//! reached through them).

use super::{DeclRef, EventId, OperationRef, TypeId, WorkflowId};
use weft_base::Span;

/// What a name written in the source resolved to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Definition {
    /// A top-level declaration.
    Decl(DeclRef),
    /// Field `field` (index into `Record::fields`) of the record type
    /// `record` (entities' fields live in their record type too).
    Field {
        /// The record.
        record: TypeId,
        /// Index of the field.
        field: usize,
    },
    /// Symbol `symbol` (index into the enum's symbols) of enum `enumeration`.
    EnumSymbol {
        /// The enum.
        enumeration: TypeId,
        /// Index of the symbol.
        symbol: usize,
    },
    /// A version of an event (`OrderPlaced v2`).
    EventVersion {
        /// The event.
        event: EventId,
        /// The version number.
        version: u32,
    },
    /// An operation of an API (`Orders.create`).
    Operation(OperationRef),
    /// Parameter `parameter` (index into `Operation::params`) of an
    /// operation, named by a call's or a compensation's argument.
    Parameter {
        /// The operation.
        operation: OperationRef,
        /// Index of the parameter.
        parameter: usize,
    },
    /// A workflow variable (the trigger's binding or a step's result), by
    /// index into `Workflow::variables`.
    Variable {
        /// The workflow.
        workflow: WorkflowId,
        /// Index of the variable.
        variable: usize,
    },
}

/// One use site and what it resolved to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Reference {
    /// The name as written (for a dotted path, the segment that names `to`).
    pub span: Span,
    /// What it names.
    pub to: Definition,
}
