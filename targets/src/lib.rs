//! Artefact targets. A target reads the checked, resolved model — never
//! syntax — and fills an in-memory [`Manifest`] (path → bytes); the CLI
//! writes the manifest to disk, tests snapshot it whole. No target runs while
//! the model has errors (the CLI refuses first). Output is deterministic:
//! the same model gives byte-identical files (sorted keys or fixed order, no
//! timestamps).

pub mod asyncapi;
pub mod manifest;
pub mod naming;
pub mod openapi;
pub mod schemas;
pub(crate) mod yaml;

pub use manifest::Manifest;
use weft_model::Model;

/// What every target gets: the model and the project's settings.
pub struct BuildContext<'a> {
    /// The resolved, error-free model.
    pub model: &'a Model,
    /// Project name from `weft.toml`.
    pub project: &'a str,
    /// Project version from `weft.toml`.
    pub version: &'a str,
    /// `[targets]` from `weft.toml`: each target reads its own table
    /// (`[targets.openapi]`, `[targets.asyncapi]`, ...).
    pub settings: &'a toml::Table,
}

/// A target: one kind of artefact.
pub trait Target {
    /// The name used with `--target` (`openapi`, `asyncapi`, `schemas`).
    fn name(&self) -> &'static str;
    /// Adds this target's files to the manifest, under a folder named after
    /// the target. Problems that make generation impossible (for example a
    /// setting with a wrong type) are returned as messages.
    fn generate(&self, context: &BuildContext, manifest: &mut Manifest) -> Result<(), Vec<String>>;
}

/// Every target, in the order `weft build` runs them.
pub fn all() -> Vec<Box<dyn Target>> {
    vec![
        Box::new(schemas::Schemas),
        Box::new(asyncapi::AsyncApi),
        Box::new(openapi::OpenApi),
    ]
}
