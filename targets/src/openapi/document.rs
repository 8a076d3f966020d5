//! One API declaration as one OpenAPI 3.1 document.
//!
//! - `info`: the API's name as title, its semantic version, its doc comment,
//!   the owning team of the host system's domain as contact, and the license
//!   from the settings. `x-weft-api`, `x-weft-system`, `x-weft-domain`,
//!   `x-weft-owner` and `x-weft-policies` (the policies applied to the whole
//!   API) say where the API sits in the landscape.
//! - `servers`: one, at `<server><base>/v<major>` (the major version is not
//!   repeated when the base already ends in it). A base with a path
//!   parameter (`/plants/{plant}`) ends the server URL before that
//!   parameter's segment, and the rest starts every path.
//! - `tags`: the API's name and its domain's; every operation has both.
//! - `paths`: sorted by path; in a path, methods in the order of the
//!   OpenAPI specification.
//! - `components`: schemas (sorted by name), the `Idempotency-Key`
//!   parameter, and security schemes, each only when used.

use super::operation::{self, idempotency_key_parameter, Scope, IDEMPOTENCY_KEY};
use super::responses::{problem_schema, PROBLEM};
use super::schemas::{Components, SchemaTexts};
use super::security::{effective_auth, SecuritySchemes};
use super::settings::Settings;
use super::text;
use crate::naming::{camel_case, kebab_case};
use crate::yaml::Obj;
use crate::yaml_emit::{self, Unsupported};
use std::collections::BTreeMap;
use weft_model::{Api, Model};

/// The OpenAPI version the documents declare.
pub(crate) const OPENAPI_VERSION: &str = "3.1.1";

/// HTTP methods in the order the OpenAPI specification lists them.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// One API's document, its component schemas kept apart so that their
/// text can be shared between the documents of a build
/// ([`SchemaTexts`]).
pub(crate) struct Document<'m> {
    /// `openapi`, `info`, `servers`, `tags` and `paths`.
    head: Obj,
    /// The named types the document uses.
    components: Components<'m>,
    /// The schemas the target adds itself (`Problem`).
    extra: Vec<(String, Obj)>,
    /// `parameters` and `securitySchemes` of `components`.
    more: Obj,
}

impl Document<'_> {
    /// The YAML text of the document, descriptions cleaned
    /// ([`text::clean_descriptions`]).
    pub(crate) fn text(mut self, header: &str, cache: &mut SchemaTexts) -> Result<String, String> {
        // Cleaning works key by key, so cleaning the parts is cleaning the
        // whole; each component schema is cleaned where it is written.
        for part in [&mut self.head, &mut self.more] {
            let mut value = std::mem::take(part).into_value();
            text::clean_descriptions(&mut value);
            if let serde_yaml::Value::Mapping(mapping) = value {
                *part = Obj::from_mapping(mapping);
            }
        }
        let mut out = String::with_capacity(64 * 1024);
        out.push_str(header);
        match self.write(cache, &mut out) {
            Ok(()) => Ok(out),
            // A node the direct writer does not reproduce: the whole
            // document through the general path, as before.
            Err(Unsupported) => {
                out.truncate(header.len());
                out.push_str(&crate::yaml::to_text(&self.into_value())?);
                Ok(out)
            }
        }
    }

    /// The text written directly, the schemas from `cache`.
    fn write(&self, cache: &mut SchemaTexts, out: &mut String) -> Result<(), Unsupported> {
        yaml_emit::write_block_mapping(self.head.as_mapping(), 0, out)?;
        let has_schemas = !self.components.is_empty() || !self.extra.is_empty();
        if has_schemas || !self.more.is_empty() {
            out.push_str("components:\n");
            if has_schemas {
                self.components.write(&self.extra, cache, out)?;
            }
            yaml_emit::write_block_mapping(self.more.as_mapping(), 2, out)?;
        }
        Ok(())
    }

    /// The whole document as one value (`head` and `more` already cleaned).
    fn into_value(self) -> serde_yaml::Value {
        let schemas = self.components.render(self.extra);
        let mut components_object = Obj::new();
        if !schemas.is_empty() {
            let mut schemas = schemas.into_value();
            text::clean_descriptions(&mut schemas);
            components_object.insert("schemas", schemas);
        }
        if let serde_yaml::Value::Mapping(more) = self.more.into_value() {
            for (key, value) in more {
                if let serde_yaml::Value::String(key) = key {
                    components_object.insert(&key, value);
                }
            }
        }
        let mut document = self.head;
        if !components_object.is_empty() {
            document.insert("components", components_object);
        }
        document.into_value()
    }
}

/// The document of one API.
pub(crate) fn document<'m>(
    model: &'m Model,
    api: &Api,
    project: &str,
    settings: &Settings,
) -> Result<Document<'m>, Vec<String>> {
    let api_name = api.name.qualified();
    let system = api.host.map(|id| model.system(id));
    let domain = system
        .and_then(|system| system.domain)
        .map(|id| model.domain(id));

    let mut problems = Vec::new();
    let mut security = SecuritySchemes::default();
    for operation in &api.operations {
        let id = camel_case(&operation.name);
        if let Err(problem) = security.register(effective_auth(model, operation), &id) {
            problems.push(format!("API `{api_name}`, operation `{id}`: {problem}"));
        }
        let method = operation.method.as_str().to_ascii_lowercase();
        if !METHODS.contains(&method.as_str()) {
            problems.push(format!(
                "API `{api_name}`, operation `{id}`: OpenAPI has no method `{}`",
                operation.method
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }

    let roots = api.operations.iter().flat_map(|operation| {
        operation
            .params
            .iter()
            .map(|parameter| &parameter.field.ty)
            .chain(operation.body.iter())
            .chain(
                operation
                    .responses
                    .iter()
                    .filter_map(|response| response.body.as_ref()),
            )
    });
    let components = Components::collect(model, roots, &[PROBLEM]);

    let mut tags = vec![Obj::new().set("name", api.name.name.as_str()).set(
        "description",
        text::first_paragraph(&api.meta.doc)
            .unwrap_or_else(|| format!("The operations of the {} API.", api.name.name)),
    )];
    let mut tag_names = vec![api.name.name.to_string()];
    if let Some(domain) = domain {
        if domain.name.name != api.name.name {
            tags.push(
                Obj::new().set("name", domain.name.name.as_str()).set(
                    "description",
                    text::first_paragraph(&domain.meta.doc)
                        .unwrap_or_else(|| format!("The {} domain.", domain.name.name)),
                ),
            );
            tag_names.push(domain.name.name.to_string());
        }
    }

    let scope = Scope {
        model,
        tags: tag_names,
        components: &components,
        security: &security,
        problem_types: format!(
            "{}/{}",
            super::problem_types_base(settings, project),
            kebab_case(&api.name.name)
        ),
    };
    let (_, routes_start) = split_base(api);
    let mut paths: BTreeMap<String, Vec<(usize, String, Obj)>> = BTreeMap::new();
    let mut uses_idempotency_key = false;
    for operation in &api.operations {
        let method = operation.method.as_str().to_ascii_lowercase();
        let order = METHODS
            .iter()
            .position(|known| *known == method)
            .unwrap_or(METHODS.len());
        // Only operations that refer to it: a component nothing refers to
        // fails `no-unused-components`.
        uses_idempotency_key |= operation::refers_to_idempotency_key(model, operation);
        let path = match format!("{routes_start}{}", operation.path) {
            path if path.is_empty() => "/".to_string(),
            path => path,
        };
        paths.entry(path).or_default().push((
            order,
            method,
            operation::operation(&scope, operation),
        ));
    }
    let mut paths_object = Obj::new();
    for (path, mut operations) in paths {
        operations.sort_by_key(|(order, _, _)| *order);
        let mut item = Obj::new();
        for (_, method, operation) in operations {
            item.insert(&method, operation);
        }
        paths_object.insert(&path, item);
    }

    // Every operation has an error response; without operations the
    // problem schema would be an unused component.
    let extra = if api.operations.is_empty() {
        Vec::new()
    } else {
        vec![(PROBLEM.to_string(), problem_schema())]
    };
    let mut more = Obj::new();
    if uses_idempotency_key {
        more.insert(
            "parameters",
            Obj::new().set(IDEMPOTENCY_KEY, idempotency_key_parameter()),
        );
    }
    let schemes = security.render(settings, project);
    if !schemes.is_empty() {
        more.insert("securitySchemes", schemes);
    }

    let head = Obj::new()
        .set("openapi", OPENAPI_VERSION)
        .set("info", info(model, api, settings))
        .set(
            "servers",
            serde_yaml::Value::Sequence(vec![server(model, api, project, settings).into_value()]),
        )
        .set(
            "tags",
            serde_yaml::Value::Sequence(tags.into_iter().map(Obj::into_value).collect()),
        )
        .set("paths", paths_object);
    Ok(Document {
        head,
        components,
        extra,
        more,
    })
}

/// `info`, with the landscape extensions.
fn info(model: &Model, api: &Api, settings: &Settings) -> Obj {
    let (major, minor, patch) = api.version;
    let system = api.host.map(|id| model.system(id));
    let domain = system
        .and_then(|system| system.domain)
        .map(|id| model.domain(id));
    let mut description = text::description(&api.meta.doc);
    if let Some(reason) = &api.meta.deprecated {
        let note = match reason.trim() {
            "" => "Deprecated.".to_string(),
            reason => format!("Deprecated: {}", text::markdown(reason)),
        };
        description = Some(match description {
            Some(doc) => format!("{doc}\n\n{note}"),
            None => note,
        });
    }
    let mut info = Obj::new()
        .set("title", api.name.name.as_str())
        .set("version", format!("{major}.{minor}.{patch}"))
        .maybe("description", description);
    if let Some(contact) =
        domain.and_then(|domain| contact(domain.owner.as_deref(), domain.contact.as_deref()))
    {
        info.insert("contact", contact);
    }
    let license = match (&settings.license, &settings.license_url) {
        (Some(license), Some(url)) => Obj::new()
            .set("name", license.as_str())
            .set("url", url.as_str()),
        (Some(license), None) => Obj::new()
            .set("name", license.as_str())
            .set("identifier", license.as_str()),
        (None, Some(url)) => Obj::new().set("name", "License").set("url", url.as_str()),
        (None, None) => Obj::new()
            .set("name", "Proprietary")
            .set("identifier", "LicenseRef-Proprietary"),
    };
    info.insert("license", license);
    info.insert("x-weft-api", api.name.qualified());
    if let Some(system) = system {
        info.insert("x-weft-system", system.name.qualified());
    }
    if let Some(domain) = domain {
        info.insert("x-weft-domain", domain.name.qualified());
        if let Some(owner) = &domain.owner {
            info.insert("x-weft-owner", owner.as_str());
        }
    }
    if !api.policies.is_empty() {
        info.insert("x-weft-policies", policies_extension(model, &api.policies));
    }
    info
}

/// The contact object of the owning team: the team's name, and its contact
/// as `email` or `url` when it is one, else appended to the name.
fn contact(owner: Option<&str>, contact: Option<&str>) -> Option<Obj> {
    if owner.is_none() && contact.is_none() {
        return None;
    }
    let mut name = owner.map(str::to_string);
    let mut object = Obj::new();
    let mut extra = None;
    match contact.map(str::trim) {
        Some(url) if url.starts_with("https://") || url.starts_with("http://") => {
            extra = Some(("url", url.to_string()));
        }
        Some(email) if is_email(email) => {
            extra = Some(("email", email.trim_start_matches("mailto:").to_string()));
        }
        Some(other) if !other.is_empty() => {
            name = Some(match name {
                Some(name) => format!("{name} ({other})"),
                None => other.to_string(),
            });
        }
        _ => {}
    }
    if let Some(name) = name {
        object.insert("name", name);
    }
    if let Some((key, value)) = extra {
        object.insert(key, value);
    }
    Some(object)
}

/// A plain `local@domain.tld` address.
fn is_email(text: &str) -> bool {
    let text = text.trim_start_matches("mailto:");
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !text
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>')
        && !domain.contains('@')
}

/// Where an API's routes start, `<base>/v<major>` (the base as written
/// when it already ends with the version), split in two: the part the
/// server URL ends with and the part every path starts with. A server URL
/// cannot hold path parameters (only server variables, which an operation's
/// `path` parameters are not), so from the base's first segment with a
/// `{name}` on, the base goes into the paths: `base "/plants/{plant}"` gives
/// the server `…/plants` and the paths `/{plant}/v1/…`, the same URLs.
fn split_base(api: &Api) -> (String, String) {
    let base = api.base.trim_end_matches('/');
    let version = format!("/v{}", api.version.0);
    let full = if base.ends_with(&version) {
        base.to_string()
    } else {
        format!("{base}{version}")
    };
    match full.find('{') {
        Some(brace) => {
            let cut = full[..brace].rfind('/').unwrap_or(0);
            (full[..cut].to_string(), full[cut..].to_string())
        }
        None => (full, String::new()),
    }
}

/// The server: `<server><base>/v<major>` (up to the base's first
/// parameter, [`split_base`]), or a placeholder host.
fn server(model: &Model, api: &Api, project: &str, settings: &Settings) -> Obj {
    let (path, _) = split_base(api);
    match &settings.server {
        Some(server) => Obj::new().set("url", format!("{server}{path}")),
        None => {
            let system = api
                .host
                .map(|id| model.system(id).name.name.to_string())
                .unwrap_or_else(|| "api".to_string());
            let host = format!(
                "{}.{}.invalid",
                crate::naming::kebab_case(&system),
                crate::naming::kebab_case(project)
            );
            Obj::new()
                .set("url", format!("https://{{host}}{path}"))
                .set(
                    "description",
                    "A placeholder: set `server` in `[targets.openapi]` of weft.toml.",
                )
                .set(
                    "variables",
                    Obj::new().set(
                        "host",
                        Obj::new()
                            .set("default", host)
                            .set("description", "The host that serves this API."),
                    ),
                )
        }
    }
}

/// `x-weft-policies`: each applied policy with where it was applied.
pub(super) fn policies_extension(
    model: &weft_model::Model,
    policies: &[weft_model::AppliedPolicy],
) -> serde_yaml::Value {
    let policies = policies
        .iter()
        .map(|applied| {
            Obj::new()
                .set("policy", model.policy(applied.policy).name.qualified())
                .set("via", applied.via.as_str())
                .into_value()
        })
        .collect();
    serde_yaml::Value::Sequence(policies)
}
