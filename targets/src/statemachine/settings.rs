//! `[targets.statemachine]`: no settings yet. Account-, region- and
//! endpoint-specific values are definition substitutions (`${Name}`) in the
//! documents, filled in at deployment.

use serde::Deserialize;

/// The keys `[targets.statemachine]` accepts.
pub const KEYS: [&str; 0] = [];

/// The statemachine target's settings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {}
