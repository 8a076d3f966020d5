//! Pass 3: what follows from the whole model — who consumes each event, and
//! which policies apply to each declaration (and where each came from).

use super::Resolver;
use crate::model::*;

impl Resolver {
    pub(crate) fn derive(&mut self) {
        self.derive_consumers();
        self.derive_policies();
    }

    fn derive_consumers(&mut self) {
        let mut consumers: Vec<(EventId, Consumer)> = Vec::new();
        for (index, system) in self.model.systems.iter().enumerate() {
            for consumption in &system.consumes {
                consumers.push((
                    consumption.event,
                    Consumer::System {
                        system: SystemId(index as u32),
                        version: consumption.version,
                    },
                ));
            }
        }
        for (index, workflow) in self.model.workflows.iter().enumerate() {
            let id = WorkflowId(index as u32);
            if let Some(TriggerDef::Event { event, version }) = &workflow.trigger {
                consumers.push((
                    *event,
                    Consumer::Workflow {
                        workflow: id,
                        version: *version,
                    },
                ));
            }
            workflow.graph.walk(&mut |state| {
                if let StateKind::Wait {
                    event: Some(event),
                    version,
                    ..
                } = &state.kind
                {
                    consumers.push((
                        *event,
                        Consumer::Workflow {
                            workflow: id,
                            version: *version,
                        },
                    ));
                }
            });
        }
        for (event, consumer) in consumers {
            let list = &mut self.model.events[event.index()].consumers;
            if !list.contains(&consumer) {
                list.push(consumer);
            }
        }
    }

    /// The policies applied to `decl` itself; `via` describes it (made
    /// only when something is applied: most declarations apply nothing).
    fn own(&self, decl: DeclRef, via: impl Fn() -> String) -> Vec<AppliedPolicy> {
        let Some(applied) = self.applied.get(&decl).filter(|list| !list.is_empty()) else {
            return Vec::new();
        };
        let via = via();
        applied
            .iter()
            .map(|(policy, span)| AppliedPolicy {
                policy: *policy,
                applied_at: *span,
                via: SmolStr::from(&via),
            })
            .collect()
    }

    /// Policies reach down: domain → system → what the system hosts, owns or
    /// produces → operations. A node that applies nothing itself shares its
    /// parent's list (see [`AppliedPolicies`]).
    fn derive_policies(&mut self) {
        for index in 0..self.model.domains.len() {
            let id = DomainId(index as u32);
            let via = || format!("domain {}", self.model.domain(id).name.name);
            self.model.domains[index].policies = self.own(DeclRef::Domain(id), via).into();
        }
        for index in 0..self.model.systems.len() {
            let id = SystemId(index as u32);
            let system = self.model.system(id);
            let inherited = system
                .domain
                .map(|domain| self.model.domain(domain).policies.clone())
                .unwrap_or_default();
            let own = self.own(DeclRef::System(id), || {
                format!("system {}", system.name.name)
            });
            // A domain's own list may name a policy twice (`apply A, A`):
            // a system's list never does.
            self.model.systems[index].policies = extended(free_of_repeats(inherited), own);
        }
        let system_policies = |model: &Model, system: Option<SystemId>| {
            system
                .map(|system| model.system(system).policies.clone())
                .unwrap_or_default()
        };
        for index in 0..self.model.entities.len() {
            let id = EntityId(index as u32);
            let inherited = system_policies(&self.model, self.model.entity(id).owner);
            let own = self.own(DeclRef::Entity(id), || {
                format!("entity {}", self.model.entity(id).name.name)
            });
            self.model.entities[index].policies = extended(inherited, own);
        }
        for index in 0..self.model.events.len() {
            let id = EventId(index as u32);
            let inherited = system_policies(&self.model, self.model.event(id).producer);
            let own = self.own(DeclRef::Event(id), || {
                format!("event {}", self.model.event(id).name.name)
            });
            self.model.events[index].policies = extended(inherited, own);
        }
        for index in 0..self.model.apis.len() {
            let id = ApiId(index as u32);
            let inherited = system_policies(&self.model, self.model.api(id).host);
            let own = self.own(DeclRef::Api(id), || {
                format!("api {}", self.model.api(id).name.name)
            });
            let policies = extended(inherited, own);
            for operation_index in 0..self.model.apis[index].operations.len() {
                let Some(reference) = OperationRef::new(id, operation_index) else {
                    continue;
                };
                let name = self.model.operation(reference).name.clone();
                let own: Vec<AppliedPolicy> = self
                    .applied_to_operations
                    .get(&reference)
                    .into_iter()
                    .flatten()
                    .map(|(policy, span)| AppliedPolicy {
                        policy: *policy,
                        applied_at: *span,
                        via: SmolStr::from(format!("operation {name}")),
                    })
                    .collect();
                self.model.apis[index].operations[operation_index].policies =
                    extended(policies.clone(), own);
            }
            self.model.apis[index].policies = policies;
        }
        for index in 0..self.model.workflows.len() {
            let id = WorkflowId(index as u32);
            let inherited = system_policies(&self.model, self.model.workflow(id).host);
            let own = self.own(DeclRef::Workflow(id), || {
                format!("workflow {}", self.model.workflow(id).name.name)
            });
            let policies = extended(inherited, own);
            if self.model.workflows[index].sla_ms.is_none() {
                self.model.workflows[index].sla_ms = policies.iter().find_map(|applied| {
                    self.model
                        .policy(applied.policy)
                        .rules
                        .iter()
                        .find_map(|rule| match rule.kind {
                            RuleKind::SlaLatency(ms) => Some(ms),
                            _ => None,
                        })
                });
            }
            self.model.workflows[index].policies = policies;
        }
    }
}

/// A parent's list followed by a node's own applications, each policy
/// once. The parent's list is already free of repeats, so a node that
/// applies nothing shares it as it is.
fn extended(inherited: AppliedPolicies, own: Vec<AppliedPolicy>) -> AppliedPolicies {
    if own.is_empty() {
        return inherited;
    }
    let mut policies = Vec::with_capacity(inherited.len() + own.len());
    policies.extend_from_slice(&inherited);
    policies.extend(own);
    dedup(policies).into()
}

/// The list itself when no policy is in it twice, else a copy keeping the
/// first application of each.
fn free_of_repeats(list: AppliedPolicies) -> AppliedPolicies {
    let repeats = list.iter().enumerate().any(|(index, applied)| {
        list[..index]
            .iter()
            .any(|earlier| earlier.policy == applied.policy)
    });
    if repeats {
        dedup(list.to_vec()).into()
    } else {
        list
    }
}

/// Keeps the first application of each policy (the outermost).
fn dedup(mut policies: Vec<AppliedPolicy>) -> Vec<AppliedPolicy> {
    // A handful of policies: the kept ones are their own list of seen ids.
    let mut kept = 0;
    for index in 0..policies.len() {
        let policy = policies[index].policy;
        if !policies[..kept]
            .iter()
            .any(|applied| applied.policy == policy)
        {
            policies.swap(kept, index);
            kept += 1;
        }
    }
    policies.truncate(kept);
    policies
}

#[cfg(test)]
#[path = "derive_tests.rs"]
mod tests;
