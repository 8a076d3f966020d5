//! (Being written.)

use crate::model::Model;
use weft_language::Diagnostic;

/// Runs this check.
pub fn check(_model: &Model) -> Vec<Diagnostic> {
    Vec::new()
}
