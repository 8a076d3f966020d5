//! Artefact targets. A target reads the checked, resolved model — never
//! syntax — and fills an in-memory [`Manifest`] (path → bytes); the CLI
//! writes the manifest to disk, tests snapshot it whole. No target runs while
//! the model has errors (the compiler's `build` refuses first). Settings are
//! typed ([`TargetSettings`]) and validated while checking, before any target
//! runs. Output is deterministic:
//! the same model gives byte-identical files (sorted keys or fixed order, no
//! timestamps).

pub mod asyncapi;
pub mod avro;
pub mod json_schema;
pub mod kafka;
pub mod manifest;
pub mod naming;
pub mod openapi;
pub mod rust;
pub mod schemas;
pub mod settings;
pub mod statemachine;
pub(crate) mod yaml;
pub(crate) mod yaml_emit;

pub use manifest::Manifest;
pub use settings::{TargetName, TargetSettings};
use weft_base::{codes, Diagnostic, Span};
use weft_model::Model;

/// What every target gets: the model and the project's settings.
pub struct BuildContext<'a> {
    /// The resolved, error-free model.
    pub model: &'a Model,
    /// Project name from `weft.toml`.
    pub project: &'a str,
    /// Project version from `weft.toml`.
    pub version: &'a str,
    /// `[targets]` from `weft.toml`, validated.
    pub settings: &'a TargetSettings,
    /// Where a problem without a place in the model points: `weft.toml`.
    pub manifest_span: Span,
}

impl BuildContext<'_> {
    /// A problem that makes generation impossible, at `span` (or at the
    /// manifest when the model has no better place).
    pub fn failure(&self, message: impl Into<String>, span: Option<Span>) -> Diagnostic {
        Diagnostic::error(
            codes::TARGET_FAILED,
            message,
            span.unwrap_or(self.manifest_span),
            "cannot be generated",
        )
        .with_help(
            "change what the message names in the model, or meanwhile build the other targets \
             (`weft build --target ...`); when nothing in the model is the cause, this is a bug \
             in weft: please report it with this message",
        )
    }
}

/// A target: one kind of artefact.
pub trait Target {
    /// Its name, as used with `--target` and in `[targets.NAME]`.
    fn name(&self) -> TargetName;
    /// Adds this target's files to the manifest, under a folder named after
    /// the target. Problems that make generation impossible are returned as
    /// diagnostics (code `E810`).
    fn generate(
        &self,
        context: &BuildContext,
        manifest: &mut Manifest,
    ) -> Result<(), Vec<Diagnostic>>;
}

/// The target with this name.
pub fn target(name: TargetName) -> Box<dyn Target> {
    match name {
        TargetName::Schemas => Box::new(schemas::Schemas),
        TargetName::AsyncApi => Box::new(asyncapi::AsyncApi),
        TargetName::OpenApi => Box::new(openapi::OpenApi),
        TargetName::Kafka => Box::new(kafka::Kafka),
        TargetName::Avro => Box::new(avro::Avro),
        TargetName::StateMachine => Box::new(statemachine::StateMachines),
        TargetName::Rust => Box::new(rust::Rust),
    }
}

/// Every target, in the order `weft build` runs them.
pub fn all() -> Vec<Box<dyn Target>> {
    TargetName::ALL.into_iter().map(target).collect()
}
