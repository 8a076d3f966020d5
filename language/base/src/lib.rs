//! What every layer of weft shares: source positions ([`FileId`], [`Span`],
//! [`LineIndex`]), interned names ([`Name`]), the one finding type
//! ([`Diagnostic`]), the registry of diagnostic codes ([`codes`]) and the
//! one reader of dates and timestamps ([`calendar`]: the resolver checks
//! constants with it, the Avro target counts their epochs from it).
//!
//! It depends on nothing of weft's, so the parser, the model, the checks, the
//! targets and the language server can all speak the same currency without
//! depending on each other.

pub mod calendar;
pub mod codes;
pub mod diagnostic;
pub mod line_index;
pub mod name;
pub mod span;
pub mod suggest;

pub use codes::Code;
pub use diagnostic::{Diagnostic, Edit, Fix, Label, Severity};
pub use line_index::LineIndex;
pub use name::{Name, NameId};
pub use span::{FileId, Span};
