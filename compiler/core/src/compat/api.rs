//! APIs against the baseline, in the manner of oasdiff: what breaks a client
//! built against the published version.
//!
//! Within one major version an API may only grow. A request is read by the
//! new server from old clients, so its body and parameters are checked as
//! `can_read(writer = old request, reader = new request)`: a new required
//! field or parameter ([`E231`]) or a narrower type, enum or constraint
//! ([`E232`]) rejects requests that used to work. A response is read by old
//! clients from the new server, so it is checked as `can_read(writer = new
//! response, reader = old response)`: a removed or retyped field ([`E233`])
//! or a wider enum or constraint ([`E234`]) gives clients data they cannot
//! read. Removed operations ([`E230`]) and changed security ([`E235`]) break
//! every caller. When the major version went up, all of these are notes: a
//! new major version is allowed to break.
//!
//! The generic schema finding behind each API finding is kept as a note;
//! schema warnings keep their own code.
//!
//! [`E230`]: weft_base::codes::OPERATION_REMOVED
//! [`E231`]: weft_base::codes::REQUEST_REQUIREMENT_ADDED
//! [`E232`]: weft_base::codes::REQUEST_NARROWED
//! [`E233`]: weft_base::codes::RESPONSE_FIELD_CHANGED
//! [`E234`]: weft_base::codes::RESPONSE_WIDENED
//! [`E235`]: weft_base::codes::AUTH_CHANGED

use super::baseline::locate::{api_id, field_span, first_line, nearest, type_span};
use super::baseline::{place_key, short, Baseline, Project, Reported};
use super::lock::{Lock, LockedApi, LockedAuth, LockedOperation, LockedParam};
use crate::model::{ApiId, Operation};
use std::collections::BTreeMap;
use weft_base::codes::{self, Code};
use weft_base::{Severity, Span};
use weft_compat::schema::Schema;
use weft_compat::{check_pair_memo, check_pair_with, Labels, Mode};

/// Schema codes that mean "the request now needs something it did not".
const REQUIRES_MORE: &[Code] = &[
    codes::FIELD_ADDED_WITHOUT_DEFAULT,
    codes::FIELD_BECAME_REQUIRED,
    codes::DEFAULT_REMOVED_BREAKS_HISTORY,
];

/// Schema codes that mean "the response may carry values old readers do not
/// expect" (wider, not different).
const WIDENED: &[Code] = &[
    codes::RANGE_WIDENED,
    codes::STRING_CONSTRAINT_RELAXED,
    codes::ENUM_SYMBOL_ADDED,
    codes::LIST_SIZE_RELAXED,
    codes::UNION_VARIANT_ADDED,
];

pub(crate) fn compare(
    project: &Project<'_>,
    baseline: &Baseline,
    current: &Lock,
    found: &mut Vec<Reported>,
) {
    let old: BTreeMap<&str, &LockedApi> = baseline
        .lock
        .apis
        .iter()
        .map(|api| (api.name.as_str(), api))
        .collect();
    let new: BTreeMap<&str, &LockedApi> = current
        .apis
        .iter()
        .map(|api| (api.name.as_str(), api))
        .collect();
    // Shared by every API: which shared records compare clean does not
    // depend on the API.
    let memo = std::cell::RefCell::new(weft_compat::walk::Memo::default());
    for (name, published) in &old {
        match (new.get(name), api_id(project.model, name)) {
            (Some(now), Some(id)) => {
                let pair = Pair {
                    project,
                    baseline,
                    id,
                    old: published,
                    new: now,
                    memo: &memo,
                };
                pair.compare(found);
            }
            _ => removed_api(project, baseline, published, found),
        }
    }
    for (name, api) in &new {
        if old.contains_key(name) {
            continue;
        }
        let Some(id) = api_id(project.model, name) else {
            continue;
        };
        found.push(
            Reported::new(
                codes::CONTRACT_ADDED,
                Severity::Info,
                short(name),
                "api_added",
                format!("API `{}` {} is new", short(name), api.version),
                project.model.api(id).name.span,
                "not in the baseline",
            )
            .note(format!(
                "the baseline ({}) has no API `{}`",
                baseline.label,
                short(name)
            )),
        );
    }
}

fn removed_api(
    project: &Project<'_>,
    baseline: &Baseline,
    published: &LockedApi,
    found: &mut Vec<Reported>,
) {
    let name = short(&published.name);
    let key = place_key("api", &published.name, None);
    let span = nearest(project, baseline.places.get(&key));
    let reported = if published.deprecated {
        Reported::new(
            codes::REMOVED_WITHOUT_DEPRECATION,
            Severity::Info,
            name,
            "api_removed",
            format!("API `{name}` was removed; it was deprecated in the baseline"),
            span,
            format!("`{name}` was declared near here"),
        )
    } else {
        Reported::new(
            codes::REMOVED_WITHOUT_DEPRECATION,
            Severity::Error,
            name,
            "api_removed",
            format!("API `{name}` removed; deprecate it for at least one release first"),
            span,
            format!("`{name}` was declared near here"),
        )
        .note(format!(
            "every client of `{name}` {} breaks when it is gone",
            published.version
        ))
        .help(format!(
            "restore `{name}`, mark it `@deprecated(\"…\")` and remove it in a later release"
        ))
    };
    found.push(
        reported
            .sides(Some(published.version.clone()), None)
            .note(baseline.note(&key, &format!("`{name}` {}", published.version))),
    );
}

/// `1.2.0` as numbers (missing or bad parts are 0).
fn semver(text: &str) -> (u64, u64, u64) {
    let mut parts = text
        .split('.')
        .map(|part| part.trim().parse::<u64>().unwrap_or(0));
    (
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
    )
}

/// The part of a schema path below its root: `Posting.lines[].amount` →
/// `lines[].amount`.
fn below_root(path: &str) -> &str {
    match path.find(['.', '[', '{']) {
        Some(index) if path[index..].starts_with('.') => &path[index + 1..],
        Some(index) => &path[index..],
        None => "",
    }
}

fn join(prefix: &str, rest: &str) -> String {
    if rest.is_empty() {
        prefix.to_string()
    } else if rest.starts_with(['[', '{']) {
        format!("{prefix}{rest}")
    } else {
        format!("{prefix}.{rest}")
    }
}

/// One API in both the baseline and the new model.
struct Pair<'a> {
    project: &'a Project<'a>,
    baseline: &'a Baseline,
    id: ApiId,
    old: &'a LockedApi,
    new: &'a LockedApi,
    /// What comparing the APIs' schemas learnt so far: a record that many
    /// operations reach is walked once (issue 14, item 7).
    memo: &'a std::cell::RefCell<weft_compat::walk::Memo>,
}

/// Which side of an operation a schema finding is about.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Request,
    Response(u16),
}

impl Pair<'_> {
    fn name(&self) -> &str {
        short(&self.new.name)
    }

    fn api_span(&self) -> Span {
        self.project.model.api(self.id).name.span
    }

    fn operation(&self, name: &str) -> Option<&Operation> {
        self.project
            .model
            .api(self.id)
            .operations
            .iter()
            .find(|operation| operation.name == name)
    }

    fn operation_span(&self, name: &str) -> Span {
        self.operation(name).map_or(self.api_span(), |operation| {
            first_line(self.project.sources, operation.meta.span)
        })
    }

    /// Whether breaking changes are allowed: the major version went up.
    fn major_bumped(&self) -> bool {
        semver(&self.new.version).0 > semver(&self.old.version).0
    }

    /// Error within a major version, note across one.
    fn breaking(&self) -> Severity {
        if self.major_bumped() {
            Severity::Info
        } else {
            Severity::Error
        }
    }

    fn allowance(&self, reported: Reported) -> Reported {
        if self.major_bumped() {
            reported.note(format!(
                "allowed: the major version went from {} to {}",
                self.old.version, self.new.version
            ))
        } else {
            reported
        }
    }

    fn compare(&self, found: &mut Vec<Reported>) {
        let name = self.name().to_string();
        let (old_version, new_version) = (semver(&self.old.version), semver(&self.new.version));
        if new_version < old_version {
            found.push(
                Reported::new(
                    codes::CHANGED_IN_PLACE,
                    Severity::Error,
                    name.clone(),
                    "version_decreased",
                    format!(
                        "the version of API `{name}` went down from {} to {}",
                        self.old.version, self.new.version
                    ),
                    self.api_span(),
                    "lower than the published version",
                )
                .sides(
                    Some(self.old.version.clone()),
                    Some(self.new.version.clone()),
                )
                .help(format!(
                    "give `{name}` a version above {}: published versions only go up",
                    self.old.version
                )),
            );
        } else if new_version == old_version && self.new.fingerprint != self.old.fingerprint {
            found.push(
                Reported::new(
                    codes::CHANGED_IN_PLACE,
                    Severity::Error,
                    name.clone(),
                    "edited_in_place",
                    format!(
                        "API `{name}` changed but its version stayed {}",
                        self.old.version
                    ),
                    self.api_span(),
                    format!("published {} edited here", self.old.version),
                )
                .sides(
                    Some(self.old.fingerprint.clone()),
                    Some(self.new.fingerprint.clone()),
                )
                .note(self.baseline.note(
                    &place_key("api", &self.old.name, None),
                    &format!("`{name}` {}", self.old.version),
                ))
                .help(format!(
                    "bump the version of `{name}`: the minor version for additions, the major version for breaking changes"
                )),
            );
        }
        if self.new.base != self.old.base {
            found.push(self.allowance(
                Reported::new(
                    codes::OPERATION_REMOVED,
                    self.breaking(),
                    name.clone(),
                    "base_changed",
                    format!(
                        "the base path of API `{name}` moved from `{}` to `{}`: every operation moved with it",
                        self.old.base, self.new.base
                    ),
                    self.api_span(),
                    "base path changed",
                )
                .sides(Some(self.old.base.clone()), Some(self.new.base.clone()))
                .help("keep the base path, or publish the moved operations as a new major version"),
            ));
        }
        for old in &self.old.operations {
            match self.new.operations.iter().find(|new| new.name == old.name) {
                Some(new) => self.compare_operation(old, new, found),
                None => found.push(self.removed_operation(old)),
            }
        }
        for new in &self.new.operations {
            if self.old.operations.iter().any(|old| old.name == new.name) {
                continue;
            }
            found.push(Reported::new(
                codes::CONTRACT_ADDED,
                Severity::Info,
                format!("{name}.{}", new.name),
                "operation_added",
                format!(
                    "operation `{}` ({} {}) is new in `{name}` {}",
                    new.name, new.method, new.path, self.new.version
                ),
                self.operation_span(&new.name),
                "not in the baseline",
            ));
        }
    }

    fn removed_operation(&self, old: &LockedOperation) -> Reported {
        let name = self.name();
        let key = place_key("api", &self.old.name, Some(&old.name));
        let severity = if old.deprecated {
            Severity::Info
        } else {
            self.breaking()
        };
        let mut reported = Reported::new(
            codes::OPERATION_REMOVED,
            severity,
            format!("{name}.{}", old.name),
            "operation_removed",
            format!(
                "operation `{}` ({} {}) was removed from API `{name}`",
                old.name, old.method, old.path
            ),
            self.api_span(),
            format!("`{}` is gone", old.name),
        )
        .sides(Some(format!("{} {}", old.method, old.path)), None)
        .note(self.baseline.note(&key, &format!("`{name}.{}`", old.name)));
        if let Some(same) = self
            .new
            .operations
            .iter()
            .find(|new| new.method == old.method && new.path == old.path)
        {
            reported = reported.note(format!(
                "`{}` now serves {} {}; workflows and generated clients call operations by name",
                same.name, same.method, same.path
            ));
        }
        if old.deprecated {
            reported.note("it was deprecated in the baseline")
        } else {
            self.allowance(reported.help(format!(
                "keep `{}` (mark it `@deprecated` to retire it), or remove it in a new major version of `{name}`",
                old.name
            )))
        }
    }

    fn compare_operation(
        &self,
        old: &LockedOperation,
        new: &LockedOperation,
        found: &mut Vec<Reported>,
    ) {
        let name = self.name();
        let operation = format!("{name}.{}", new.name);
        let span = self.operation_span(&new.name);
        if old.method != new.method || old.path != new.path {
            found.push(self.allowance(
                Reported::new(
                    codes::OPERATION_REMOVED,
                    self.breaking(),
                    operation.clone(),
                    "operation_moved",
                    format!(
                        "operation `{}` moved from {} {} to {} {}: clients calling {} {} get an error",
                        new.name, old.method, old.path, new.method, new.path, old.method, old.path
                    ),
                    span,
                    "moved",
                )
                .sides(
                    Some(format!("{} {}", old.method, old.path)),
                    Some(format!("{} {}", new.method, new.path)),
                )
                .help("keep the method and path, or add the new one as another operation and deprecate this one"),
            ));
        }
        self.compare_params(old, new, found);
        match (&old.body, &new.body) {
            (None, Some(_)) => found.push(self.allowance(
                Reported::new(
                    codes::REQUEST_REQUIREMENT_ADDED,
                    self.breaking(),
                    format!("{operation}.request"),
                    "body_added",
                    format!(
                        "operation `{}` now requires a request body: clients built against {} send none",
                        new.name, self.old.version
                    ),
                    span,
                    "request body added",
                )
                .versions(Some(self.new.version.clone()), Some(self.old.version.clone()))
                .help("make the new data optional parameters, or add a new operation"),
            )),
            (Some(old_body), Some(new_body)) => {
                self.compare_schemas(new, Side::Request, old_body, new_body, found)
            }
            _ => {}
        }
        for response in &old.responses {
            match new.responses.iter().find(|now| now.status == response.status) {
                None => found.push(self.allowance(
                    Reported::new(
                        codes::RESPONSE_FIELD_CHANGED,
                        self.breaking(),
                        format!("{operation}.response.{}", response.status),
                        "response_removed",
                        format!(
                            "operation `{}` no longer responds {}: clients built against {} expect it",
                            new.name, response.status, self.old.version
                        ),
                        span,
                        format!("no response {}", response.status),
                    )
                    .sides(Some(response.status.to_string()), None)
                    .versions(Some(self.old.version.clone()), Some(self.new.version.clone()))
                    .help(format!("keep responding {}", response.status)),
                )),
                Some(now) => match (&response.body, &now.body) {
                    (Some(old_body), None) => found.push(self.allowance(
                        Reported::new(
                            codes::RESPONSE_FIELD_CHANGED,
                            self.breaking(),
                            format!("{operation}.response.{}", response.status),
                            "response_body_removed",
                            format!(
                                "response {} of `{}` lost its body ({}): clients built against {} read it",
                                response.status,
                                new.name,
                                old_body.display(),
                                self.old.version
                            ),
                            span,
                            "body removed",
                        )
                        .sides(Some(old_body.display()), None)
                        .versions(Some(self.old.version.clone()), Some(self.new.version.clone())),
                    )),
                    (Some(old_body), Some(new_body)) => self.compare_schemas(
                        new,
                        Side::Response(response.status),
                        old_body,
                        new_body,
                        found,
                    ),
                    _ => {}
                },
            }
        }
        if let Some(reported) = self.compare_auth(new, old.auth.as_ref(), new.auth.as_ref()) {
            found.push(reported);
        }
    }

    fn compare_params(
        &self,
        old: &LockedOperation,
        new: &LockedOperation,
        found: &mut Vec<Reported>,
    ) {
        let operation = format!("{}.{}", self.name(), new.name);
        for param in &new.params {
            let span = self
                .operation(&new.name)
                .and_then(|operation| {
                    operation
                        .params
                        .iter()
                        .find(|candidate| candidate.field.name == param.name)
                })
                .map_or_else(
                    || self.operation_span(&new.name),
                    |found| found.field.name_span,
                );
            let path = format!("{operation}.params.{}", param.name);
            let before = old.params.iter().find(|old| old.name == param.name);
            let newly_required = param.required && before.is_none_or(|before| !before.required);
            if newly_required {
                let what = if before.is_some() {
                    "became required"
                } else {
                    "is new and required"
                };
                found.push(self.allowance(
                    Reported::new(
                        codes::REQUEST_REQUIREMENT_ADDED,
                        self.breaking(),
                        path.clone(),
                        "parameter_required",
                        format!(
                            "{} parameter `{}` of `{}` {what}: clients built against {} do not send it",
                            param.location, param.name, new.name, self.old.version
                        ),
                        span,
                        "required parameter",
                    )
                    .sides(
                        before.map(|_| "optional".to_string()),
                        Some("required".to_string()),
                    )
                    .versions(Some(self.new.version.clone()), Some(self.old.version.clone()))
                    .help(format!(
                        "make `{}` optional (`{}: T?`) or give it a default",
                        param.name, param.name
                    )),
                ));
            }
            let Some(before) = before else {
                continue;
            };
            if before.location != param.location {
                found.push(self.allowance(
                    Reported::new(
                        codes::REQUEST_NARROWED,
                        self.breaking(),
                        path.clone(),
                        "parameter_moved",
                        format!(
                            "parameter `{}` of `{}` moved from the {} to the {}: clients built against {} send it where the server no longer looks",
                            param.name, new.name, before.location, param.location, self.old.version
                        ),
                        span,
                        format!("now a {} parameter", param.location),
                    )
                    .sides(Some(before.location.clone()), Some(param.location.clone()))
                    .versions(Some(self.new.version.clone()), Some(self.old.version.clone())),
                ));
            }
            self.compare_param_schema(new, before, param, span, found);
        }
    }

    fn compare_param_schema(
        &self,
        new: &LockedOperation,
        before: &LockedParam,
        param: &LockedParam,
        span: Span,
        found: &mut Vec<Reported>,
    ) {
        let labels = Labels {
            old: format!("clients of {} {}", self.name(), self.old.version),
            new: format!("{} {}", self.name(), self.new.version),
        };
        let old = param_record(before);
        let now = param_record(param);
        for finding in check_pair_with(&old, &now, Mode::Backward, &labels) {
            if finding.severity == Severity::Info || REQUIRES_MORE.contains(&finding.code) {
                continue;
            }
            let path = join(
                &format!("{}.{}.params", self.name(), new.name),
                below_root(&finding.path),
            );
            let reported = if finding.severity == Severity::Error {
                Reported::new(
                    codes::REQUEST_NARROWED,
                    self.breaking(),
                    path,
                    finding.change,
                    format!(
                        "{} parameter `{}` of `{}` accepts less than before: requests valid under {} may be rejected",
                        param.location, param.name, new.name, self.old.version
                    ),
                    span,
                    "narrowed",
                )
                .note(format!("schema check: {}", finding.message))
                .help(format!(
                    "keep accepting what {} accepted, or make the change in a new major version of `{}`",
                    self.old.version,
                    self.name()
                ))
            } else {
                Reported::new(
                    finding.code,
                    if self.major_bumped() {
                        Severity::Info
                    } else {
                        finding.severity
                    },
                    path,
                    finding.change,
                    format!(
                        "{} parameter `{}` of `{}`: {}",
                        param.location, param.name, new.name, finding.message
                    ),
                    span,
                    "changed",
                )
            };
            let reported = reported
                .pointer(&finding.pointer)
                .help_or(finding.help.clone());
            found.push(
                self.allowance(
                    reported
                        .sides(finding.old.clone(), finding.new.clone())
                        .versions(
                            Some(self.new.version.clone()),
                            Some(self.old.version.clone()),
                        ),
                ),
            );
        }
    }

    fn compare_schemas(
        &self,
        new: &LockedOperation,
        side: Side,
        old_schema: &Schema,
        new_schema: &Schema,
        found: &mut Vec<Reported>,
    ) {
        let name = self.name();
        let labels = Labels {
            old: format!("{name} {}", self.old.version),
            new: format!("{name} {}", self.new.version),
        };
        // Requests: the new server reads what old clients send (BACKWARD).
        // Responses: old clients read what the new server sends (FORWARD).
        let (mode, prefix, reader, writer) = match side {
            Side::Request => (
                Mode::Backward,
                format!("{name}.{}.request", new.name),
                &self.new.version,
                &self.old.version,
            ),
            Side::Response(status) => (
                Mode::Forward,
                format!("{name}.{}.response.{status}", new.name),
                &self.old.version,
                &self.new.version,
            ),
        };
        let root = self.operation(&new.name).and_then(|operation| match side {
            Side::Request => operation.body.clone(),
            Side::Response(status) => operation
                .responses
                .iter()
                .find(|response| response.status == status)
                .and_then(|response| response.body.clone()),
        });
        let findings = check_pair_memo(
            old_schema,
            new_schema,
            mode,
            &labels,
            &mut self.memo.borrow_mut(),
        );
        for finding in findings {
            if finding.severity == Severity::Info {
                continue;
            }
            // A change inside a declared type (the body's record, or one it
            // uses) is that type's: one finding for every operation of this
            // API it reaches, at the type (issue 14, item 7).
            let owner = finding.owner.clone();
            let rest = match &owner {
                Some(owner) => owner.path.as_str(),
                None => below_root(&finding.path),
            };
            let path = match &owner {
                Some(owner) => format!("{name}.{}", owner.path),
                None => join(&prefix, rest),
            };
            let what = if owner.is_some() && !rest.contains(['.', '[', '{']) {
                format!("`{rest}`")
            } else if owner.is_some() {
                format!("field `{rest}`")
            } else if rest.is_empty() {
                match side {
                    Side::Request => "the request body".to_string(),
                    Side::Response(_) => "the body".to_string(),
                }
            } else {
                format!("field `{rest}`")
            };
            let owned_span = owner
                .as_ref()
                .and_then(|owner| super::baseline::owner_span(self.project.model, owner));
            let span = owned_span
                .or_else(|| {
                    root.as_ref().and_then(|root| {
                        field_span(self.project.model, root, rest)
                            .or_else(|| type_span(self.project.model, root))
                    })
                })
                .unwrap_or_else(|| self.operation_span(&new.name));
            let request_of = if owner.is_some() {
                format!("requests to `{name}`")
            } else {
                format!("the request of `{}`", new.name)
            };
            let response_of = |status: u16| {
                if owner.is_some() {
                    format!("responses of `{name}`")
                } else {
                    format!("response {status} of `{}`", new.name)
                }
            };
            let reported = if finding.severity == Severity::Error {
                let (code, message, label) = match side {
                    Side::Request if REQUIRES_MORE.contains(&finding.code) => (
                        codes::REQUEST_REQUIREMENT_ADDED,
                        format!(
                            "{request_of} now require {what}: clients built against {} do not send it",
                            self.old.version
                        ),
                        "now required",
                    ),
                    Side::Request => (
                        codes::REQUEST_NARROWED,
                        format!(
                            "{request_of} accept less than before at {what}: requests valid under {} may be rejected",
                            self.old.version
                        ),
                        "narrowed",
                    ),
                    Side::Response(status) if WIDENED.contains(&finding.code) => (
                        codes::RESPONSE_WIDENED,
                        format!(
                            "{} may carry values in {what} that clients built against {} do not expect",
                            response_of(status),
                            self.old.version
                        ),
                        "widened",
                    ),
                    Side::Response(status) => (
                        codes::RESPONSE_FIELD_CHANGED,
                        format!(
                            "{what} of {} was removed or retyped: clients built against {} cannot read it",
                            response_of(status),
                            self.old.version
                        ),
                        "removed or retyped",
                    ),
                };
                let help = if code == codes::REQUEST_NARROWED {
                    Some(format!(
                        "keep accepting what {} accepted, or make the change in a new major version of `{name}`",
                        self.old.version
                    ))
                } else if code == codes::RESPONSE_FIELD_CHANGED {
                    Some(format!(
                        "keep sending {what} as {} did (add new fields instead of changing old ones), or make the change in a new major version of `{name}`",
                        self.old.version
                    ))
                } else if code == codes::RESPONSE_WIDENED {
                    Some(format!(
                        "send only values clients built against {} know (give the enum a `@fallback` in a release first), or make the change in a new major version of `{name}`",
                        self.old.version
                    ))
                } else {
                    finding.help.clone()
                };
                Reported::new(
                    code,
                    self.breaking(),
                    path,
                    finding.change,
                    message,
                    span,
                    label,
                )
                .note(format!("schema check: {}", finding.message))
                .help_or(help)
            } else {
                let side_name = match side {
                    Side::Request => request_of.clone(),
                    Side::Response(status) => response_of(status),
                };
                Reported::new(
                    finding.code,
                    if self.major_bumped() {
                        Severity::Info
                    } else {
                        finding.severity
                    },
                    path,
                    finding.change,
                    format!("{side_name}: {}", finding.message),
                    span,
                    "changed",
                )
                .help_or(finding.help.clone())
            };
            let mut reported = reported.pointer(&finding.pointer);
            if let Some(owner) = &owner {
                reported.facts.declaration = Some(owner.declaration.clone());
                let (side_key, affected) = match side {
                    Side::Request => (
                        "request",
                        format!("operation `{name}.{}` (request)", new.name),
                    ),
                    Side::Response(status) => (
                        "response",
                        format!("operation `{name}.{}` (response {status})", new.name),
                    ),
                };
                let key = format!(
                    "api|{}|{side_key}|{}|{}|{}",
                    self.new.name, reported.diagnostic.code, finding.change, owner.path
                );
                reported = reported.grouped(key, affected);
            }
            found.push(
                self.allowance(
                    reported
                        .sides(finding.old.clone(), finding.new.clone())
                        .versions(Some(reader.clone()), Some(writer.clone())),
                ),
            );
        }
    }

    fn compare_auth(
        &self,
        new: &LockedOperation,
        old: Option<&LockedAuth>,
        now: Option<&LockedAuth>,
    ) -> Option<Reported> {
        let none = |auth: Option<&LockedAuth>| auth.is_none_or(|auth| auth.scheme == "none");
        let show = |auth: Option<&LockedAuth>| match auth {
            None => "none".to_string(),
            Some(auth) => {
                let mut text = auth.scheme.clone();
                if let Some(flow) = &auth.flow {
                    text.push(' ');
                    text.push_str(flow);
                }
                if !auth.scopes.is_empty() {
                    text.push_str(&format!(" scopes {}", auth.scopes.join(", ")));
                }
                if let Some(header) = &auth.header {
                    text.push_str(&format!(" header {header}"));
                }
                text
            }
        };
        let reason = match (old, now) {
            _ if none(now) => return None,
            (_, None) => return None,
            (old, Some(_)) if none(old) => "now requires authentication".to_string(),
            (Some(old), Some(now)) => {
                if old.scheme != now.scheme {
                    format!(
                        "changed its security scheme from {} to {}",
                        old.scheme, now.scheme
                    )
                } else if old.flow != now.flow {
                    "changed its OAuth2 flow".to_string()
                } else if old.header != now.header {
                    "reads its API key from another header".to_string()
                } else {
                    let added: Vec<&str> = now
                        .scopes
                        .iter()
                        .filter(|scope| !old.scopes.contains(scope))
                        .map(String::as_str)
                        .collect();
                    if added.is_empty() {
                        return None;
                    }
                    let names = added
                        .iter()
                        .map(|scope| format!("`{scope}`"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    if added.len() == 1 {
                        format!("now requires the scope {names}")
                    } else {
                        format!("now requires the scopes {names}")
                    }
                }
            }
            (None, Some(_)) => return None,
        };
        Some(
            self.allowance(
                Reported::new(
                    codes::AUTH_CHANGED,
                    self.breaking(),
                    format!("{}.{}.auth", self.name(), new.name),
                    "auth_changed",
                    format!(
                        "operation `{}` {reason}: clients built against {} are refused",
                        new.name, self.old.version
                    ),
                    self.operation_span(&new.name),
                    "security changed",
                )
                .sides(Some(show(old)), Some(show(now)))
                .versions(Some(self.new.version.clone()), Some(self.old.version.clone()))
                .help("keep the security clients already use, or publish the change as a new major version"),
            ),
        )
    }
}

/// A parameter as a one-field record, so that optionality, defaults and
/// constraints are compared as for any field.
fn param_record(param: &LockedParam) -> Schema {
    Schema::Record(std::sync::Arc::new(super::schema::RecordSchema {
        name: "params".to_string(),
        namespace: String::new(),
        aliases: Vec::new(),
        doc: String::new(),
        deprecated: None,
        fields: vec![super::schema::FieldSchema {
            name: param.name.clone(),
            schema: param.schema.clone(),
            default: param.default.clone(),
            aliases: Vec::new(),
            doc: String::new(),
            deprecated: None,
            pii: false,
        }],
        reserved: Vec::new(),
        inline: true,
    }))
}
