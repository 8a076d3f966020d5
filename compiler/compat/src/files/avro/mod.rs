//! Avro file mode: parse both `.avsc` files ([`parse`]) and resolve them in
//! each direction the mode asks for ([`resolve`]); `changes` turns what fails
//! into findings.

mod changes;
pub mod parse;
pub mod resolve;

use super::{Direction, FileOptions, Finding, Sides};

/// Parses both files and returns the findings of every direction, in the
/// order given (BACKWARD before FORWARD for FULL).
pub fn compare(
    old: &str,
    new: &str,
    sides: Sides<'_>,
    directions: &[Direction],
    options: &FileOptions,
) -> Result<Vec<Finding>, String> {
    let old_schema = parse::parse(old).map_err(|error| format!("{}: {error}", sides.old))?;
    let new_schema = parse::parse(new).map_err(|error| format!("{}: {error}", sides.new))?;
    Ok(directions
        .iter()
        .flat_map(|direction| resolve::check(&old_schema, &new_schema, *direction, sides, options))
        .collect())
}
