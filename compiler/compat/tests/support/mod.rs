//! Schema builders the history tests share.

use std::sync::Arc;
use weft_compat::schema::{FieldSchema, RecordSchema, Schema};

/// A string without constraints or format.
pub fn string() -> Schema {
    Schema::String {
        min_length: None,
        max_length: None,
        patterns: Vec::new(),
        format: None,
    }
}

/// A record of package `demo` with nothing but its name and fields.
pub fn record(name: &str, fields: Vec<FieldSchema>, inline: bool) -> Arc<RecordSchema> {
    Arc::new(RecordSchema {
        name: name.into(),
        namespace: "demo".into(),
        aliases: Vec::new(),
        doc: String::new(),
        deprecated: None,
        fields,
        reserved: Vec::new(),
        inline,
    })
}
