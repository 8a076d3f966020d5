//! The handlebars templates (files under `targets/templates/rust/`,
//! compiled in) and the one registry that renders them. Nothing is
//! HTML-escaped: every value a template prints was made safe for Rust by
//! [`super::names`] (identifiers, string literals, doc lines) before it
//! reached the template, and the helpers below do the same for values
//! formatted inside a template.

use super::names::{doc_lines, snake_ident, string_literal};
use handlebars::{handlebars_helper, Context, Handlebars};
use serde_json::Value;

/// Every template, by name.
const TEMPLATES: [(&str, &str); 10] = [
    (
        "workspace",
        include_str!("../../templates/rust/workspace.Cargo.toml.hbs"),
    ),
    (
        "crate",
        include_str!("../../templates/rust/crate.Cargo.toml.hbs"),
    ),
    ("lib", include_str!("../../templates/rust/lib.rs.hbs")),
    (
        "generated",
        include_str!("../../templates/rust/generated.mod.rs.hbs"),
    ),
    (
        "support",
        include_str!("../../templates/rust/support.rs.hbs"),
    ),
    ("api", include_str!("../../templates/rust/api.rs.hbs")),
    ("events", include_str!("../../templates/rust/events.rs.hbs")),
    ("bus", include_str!("../../templates/rust/bus.rs.hbs")),
    (
        "workflows",
        include_str!("../../templates/rust/workflows.rs.hbs"),
    ),
    ("tests", include_str!("../../templates/rust/tests.rs.hbs")),
];

handlebars_helper!(rust_str: |text: str| string_literal(text));
handlebars_helper!(rust_doc: |text: str, indent: u64| doc_lines(text, usize::try_from(indent).unwrap_or(0)));
handlebars_helper!(rust_snake: |text: str| snake_ident(text));

/// The registry with every template and helper.
pub struct Templates {
    registry: Handlebars<'static>,
}

impl Templates {
    /// Compiles the templates (they are part of weft, so a broken one is a
    /// bug that the target's tests find).
    pub fn new() -> Result<Templates, String> {
        let mut registry = Handlebars::new();
        registry.register_escape_fn(handlebars::no_escape);
        registry.register_helper("rust_str", Box::new(rust_str));
        registry.register_helper("rust_doc", Box::new(rust_doc));
        registry.register_helper("rust_snake", Box::new(rust_snake));
        for (name, text) in TEMPLATES {
            registry
                .register_template_string(name, text)
                .map_err(|error| format!("template `{name}`: {error}"))?;
        }
        Ok(Templates { registry })
    }

    /// Renders one template. The data is moved into the context:
    /// `Handlebars::render` would serialise a copy of it first, which cost
    /// as much as the rendering itself.
    pub fn render(&self, name: &str, data: Value) -> Result<String, String> {
        self.render_shared(name, &Context::from(data))
    }

    /// Renders one template with data several templates share (made once
    /// with `Context::from`).
    pub fn render_shared(&self, name: &str, context: &Context) -> Result<String, String> {
        self.registry
            .render_with_context(name, context)
            .map_err(|error| format!("template `{name}`: {error}"))
    }
}
