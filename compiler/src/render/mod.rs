//! Rendering diagnostics at the edge: for people (codespan-reporting) and
//! for machines (JSON). Diagnostics themselves stay plain data.

mod human;
mod json;

pub use human::render_human;
pub use json::{render_json, JsonDiagnostic};
