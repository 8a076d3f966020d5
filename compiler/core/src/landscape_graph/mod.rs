//! The landscape as a dependency graph (petgraph): domains, systems,
//! entities, events, APIs and workflows are nodes; containment, ownership,
//! production, consumption, hosting and calls are edges. The dependency
//! checks (`checks::graph`) and `weft graph` read it; derived views project it
//! onto systems and domains (who calls whom synchronously) for cycle finding.
//!
//! Edges point the way data or control flows:
//!
//! | edge | from | to |
//! | --- | --- | --- |
//! | [`Edge::Contains`] | domain | system |
//! | [`Edge::Owns`] | system | entity |
//! | [`Edge::Produces`] | system | event |
//! | [`Edge::Consumes`] | event | system or workflow |
//! | [`Edge::About`] | event | entity |
//! | [`Edge::Hosts`] | system | API or workflow |
//! | [`Edge::Calls`] | workflow | API |
//!
//! Declarations of the standard library are left out: it declares no
//! landscape of its own.

mod draw;

pub use draw::{draw, DrawFormat};

use crate::model::{
    ApiId, DomainId, EntityId, EventId, Model, OperationRef, State, StateGraph, StateKind,
    SystemId, TriggerDef, Workflow, WorkflowId,
};
use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;
use std::collections::{BTreeMap, HashMap, VecDeque};
use weft_syntax::Span;

/// A node of the landscape graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Node {
    /// A domain.
    Domain(DomainId),
    /// A system.
    System(SystemId),
    /// An entity.
    Entity(EntityId),
    /// An event (all its versions).
    Event(EventId),
    /// An API.
    Api(ApiId),
    /// A workflow.
    Workflow(WorkflowId),
}

/// How an event is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadBy {
    /// A system's `consumes` clause.
    Clause,
    /// A workflow's `trigger event`.
    Trigger,
    /// A workflow's `wait` step (the state's name).
    Wait,
}

/// An edge of the landscape graph.
#[derive(Clone, Debug, PartialEq)]
pub enum Edge {
    /// The domain contains the system.
    Contains,
    /// The system is the entity's system of record.
    Owns,
    /// The system publishes the event.
    Produces,
    /// The event is read at `version` (by a system or a workflow).
    Consumes {
        /// The version read.
        version: u32,
        /// How it is read.
        by: ReadBy,
        /// The clause, trigger or step that reads it.
        span: Span,
    },
    /// The event is about the entity.
    About,
    /// The system serves the API or runs the workflow.
    Hosts,
    /// The workflow calls an operation of the API.
    Calls(CallSite),
}

/// One call of an operation in a workflow.
#[derive(Clone, Debug, PartialEq)]
pub struct CallSite {
    /// The calling workflow.
    pub workflow: WorkflowId,
    /// The `call` step's name.
    pub step: String,
    /// The operation called.
    pub operation: OperationRef,
    /// Whether this is the step's `compensate with` call.
    pub compensation: bool,
    /// The `call` step, or the `compensate with` clause.
    pub span: Span,
}

/// The landscape graph of one model.
#[derive(Debug, Default)]
pub struct Landscape {
    /// The graph.
    pub graph: DiGraph<Node, Edge>,
    nodes: HashMap<Node, NodeIndex>,
}

impl Landscape {
    /// Builds the graph of every project declaration in `model`.
    pub fn build(model: &Model) -> Landscape {
        let mut landscape = Landscape::default();
        for (index, domain) in model.domains.iter().enumerate() {
            if !domain.name.is_std() {
                landscape.add(Node::Domain(DomainId(index as u32)));
            }
        }
        for (index, system) in model.systems.iter().enumerate() {
            if system.name.is_std() {
                continue;
            }
            let id = Node::System(SystemId(index as u32));
            landscape.add(id);
            if let Some(domain) = system.domain {
                landscape.connect(Node::Domain(domain), id, Edge::Contains);
            }
        }
        for (index, entity) in model.entities.iter().enumerate() {
            if entity.name.is_std() {
                continue;
            }
            let id = Node::Entity(EntityId(index as u32));
            landscape.add(id);
            if let Some(owner) = entity.owner {
                landscape.connect(Node::System(owner), id, Edge::Owns);
            }
        }
        for (index, api) in model.apis.iter().enumerate() {
            if api.name.is_std() {
                continue;
            }
            let id = Node::Api(ApiId(index as u32));
            landscape.add(id);
            if let Some(host) = api.host {
                landscape.connect(Node::System(host), id, Edge::Hosts);
            }
        }
        for (index, event) in model.events.iter().enumerate() {
            if event.name.is_std() {
                continue;
            }
            let id = Node::Event(EventId(index as u32));
            landscape.add(id);
            if let Some(producer) = event.producer {
                landscape.connect(Node::System(producer), id, Edge::Produces);
            }
            if let Some(entity) = event.about {
                landscape.connect(id, Node::Entity(entity), Edge::About);
            }
        }
        for (index, system) in model.systems.iter().enumerate() {
            for consumption in &system.consumes {
                landscape.connect(
                    Node::Event(consumption.event),
                    Node::System(SystemId(index as u32)),
                    Edge::Consumes {
                        version: consumption.version,
                        by: ReadBy::Clause,
                        span: consumption.span,
                    },
                );
            }
        }
        for (index, workflow) in model.workflows.iter().enumerate() {
            if workflow.name.is_std() {
                continue;
            }
            let workflow_id = WorkflowId(index as u32);
            let id = Node::Workflow(workflow_id);
            landscape.add(id);
            if let Some(host) = workflow.host {
                landscape.connect(Node::System(host), id, Edge::Hosts);
            }
            if let Some(TriggerDef::Event { event, version }) = &workflow.trigger {
                landscape.connect(
                    Node::Event(*event),
                    id,
                    Edge::Consumes {
                        version: *version,
                        by: ReadBy::Trigger,
                        span: trigger_span(model, workflow_id),
                    },
                );
            }
            visit_steps(model, &workflow.graph, workflow_id, &mut |other, edge| {
                // A wait reads the event: that edge runs event → workflow.
                if matches!(edge, Edge::Consumes { .. }) {
                    landscape.connect(other, id, edge);
                } else {
                    landscape.connect(id, other, edge);
                }
            });
        }
        landscape
    }

    /// The index of a node, if it is in the graph.
    pub fn index(&self, node: Node) -> Option<NodeIndex> {
        self.nodes.get(&node).copied()
    }

    /// The edges leaving `node` (in the order they were added).
    pub fn outgoing(&self, node: Node) -> Vec<(Node, &Edge)> {
        self.edges(node, Direction::Outgoing)
    }

    /// The edges arriving at `node` (in the order they were added).
    pub fn incoming(&self, node: Node) -> Vec<(Node, &Edge)> {
        self.edges(node, Direction::Incoming)
    }

    fn edges(&self, node: Node, direction: Direction) -> Vec<(Node, &Edge)> {
        let Some(index) = self.index(node) else {
            return Vec::new();
        };
        let mut edges: Vec<_> = self
            .graph
            .edges_directed(index, direction)
            .map(|edge| {
                let other = match direction {
                    Direction::Outgoing => edge.target(),
                    Direction::Incoming => edge.source(),
                };
                (edge.id(), self.graph[other], edge.weight())
            })
            .collect();
        // petgraph lists a node's edges newest first; keep insertion order.
        edges.sort_by_key(|(id, _, _)| *id);
        edges
            .into_iter()
            .map(|(_, other, edge)| (other, edge))
            .collect()
    }

    fn add(&mut self, node: Node) -> NodeIndex {
        if let Some(index) = self.nodes.get(&node) {
            return *index;
        }
        let index = self.graph.add_node(node);
        self.nodes.insert(node, index);
        index
    }

    fn connect(&mut self, from: Node, to: Node, edge: Edge) {
        let from = self.add(from);
        let to = self.add(to);
        self.graph.add_edge(from, to, edge);
    }
}

/// Where a workflow's trigger clause is written (the workflow's name when it
/// has none).
pub fn trigger_span(model: &Model, workflow: WorkflowId) -> Span {
    model.workflow(workflow).trigger_span
}

/// The head of a step, `call name` or `wait name`: from the step's start to
/// the end of its name (where its result variable is bound). The whole step
/// when the variable is not found.
pub fn step_span(model: &Model, workflow: WorkflowId, state: &State) -> Span {
    model
        .workflow(workflow)
        .variables
        .iter()
        .find(|variable| {
            variable.name == state.name
                && variable.span.file == state.span.file
                && state.span.start <= variable.span.start
                && variable.span.end <= state.span.end
        })
        .map_or(state.span, |variable| Span {
            file: state.span.file,
            start: state.span.start,
            end: variable.span.end,
        })
}

/// Every synchronous call between systems: caller (the workflow's host)
/// to callee (the API's host), with the call sites, in model order. Read
/// from the model, without building the [`Landscape`]: its call edges are
/// the project workflows' calls in this order, so this is what its graph
/// holds (the dependency check needs nothing else of it).
pub fn system_calls(model: &Model) -> Dependencies<SystemId> {
    let mut dependencies = Dependencies::default();
    for (id, workflow) in model.workflows_with_ids() {
        add_system_calls(model, id, workflow, &mut dependencies);
    }
    dependencies
}

/// Adds the calls of one workflow to [`system_calls`]'s dependencies (the
/// checks add them workflow by workflow, `checks::run`).
pub fn add_system_calls(
    model: &Model,
    id: WorkflowId,
    workflow: &Workflow,
    dependencies: &mut Dependencies<SystemId>,
) {
    if workflow.name.is_std() {
        return;
    }
    let Some(caller) = workflow.host else {
        return;
    };
    visit_steps(model, &workflow.graph, id, &mut |_, edge| {
        if let Edge::Calls(site) = edge {
            if let Some(callee) = model.api(site.operation.api).host {
                dependencies.add(caller, callee, site);
            }
        }
    });
}

/// Hands the calls (with compensations) and waits of a state graph and its
/// nested graphs to `visit`, in order, each with the API or event at its
/// other end.
pub fn visit_steps(
    model: &Model,
    graph: &StateGraph,
    workflow: WorkflowId,
    visit: &mut dyn FnMut(Node, Edge),
) {
    graph.walk(&mut |state| match &state.kind {
        StateKind::Call {
            operation,
            compensation,
            ..
        } => {
            if let Some(operation) = operation {
                visit(
                    Node::Api(operation.api),
                    Edge::Calls(CallSite {
                        workflow,
                        step: state.name.to_string(),
                        operation: *operation,
                        compensation: false,
                        span: step_span(model, workflow, state),
                    }),
                );
            }
            if let Some(compensation) = compensation {
                if let Some(operation) = compensation.operation {
                    visit(
                        Node::Api(operation.api),
                        Edge::Calls(CallSite {
                            workflow,
                            step: state.name.to_string(),
                            operation,
                            compensation: true,
                            span: compensation.span,
                        }),
                    );
                }
            }
        }
        StateKind::Wait {
            event: Some(event),
            version,
            ..
        } => visit(
            Node::Event(*event),
            Edge::Consumes {
                version: *version,
                by: ReadBy::Wait,
                span: step_span(model, workflow, state),
            },
        ),
        _ => {}
    });
}

/// A dependency graph between nodes of one kind (systems or domains), each
/// edge with the call sites that make it.
#[derive(Debug)]
pub struct Dependencies<N> {
    /// The graph; edge weights hold the call sites.
    pub graph: DiGraph<N, Vec<CallSite>>,
    nodes: BTreeMap<N, NodeIndex>,
    edges: BTreeMap<(N, N), petgraph::graph::EdgeIndex>,
}

impl<N> Default for Dependencies<N> {
    fn default() -> Self {
        Dependencies {
            graph: DiGraph::new(),
            nodes: BTreeMap::new(),
            edges: BTreeMap::new(),
        }
    }
}

/// A cycle found in a dependency graph.
#[derive(Clone, Debug, PartialEq)]
pub struct Cycle<N> {
    /// The cycle as a path that starts and ends at the same (smallest) node:
    /// `[a, b, a]`.
    pub path: Vec<N>,
    /// The call sites of each step of the path (`path[i]` → `path[i + 1]`).
    pub steps: Vec<Vec<CallSite>>,
    /// Every node that lies on some cycle with these (the strongly connected
    /// component), sorted; more than the path when cycles overlap.
    pub members: Vec<N>,
}

impl Dependencies<SystemId> {
    /// Domain dependencies through these calls: the caller's domain
    /// depends on the callee's. Calls within one domain are left out.
    pub fn domains(&self, model: &Model) -> Dependencies<DomainId> {
        let mut dependencies = Dependencies::default();
        for (caller, callee, sites) in self.edges() {
            let (Some(from), Some(to)) = (model.system(caller).domain, model.system(callee).domain)
            else {
                continue;
            };
            if from != to {
                for site in sites {
                    dependencies.add(from, to, site.clone());
                }
            }
        }
        dependencies
    }
}

impl<N: Copy + Ord> Dependencies<N> {
    /// Records one call site of `from` → `to`.
    pub fn add(&mut self, from: N, to: N, site: CallSite) {
        let from_index = self.node(from);
        let to_index = self.node(to);
        let edge = *self
            .edges
            .entry((from, to))
            .or_insert_with(|| self.graph.add_edge(from_index, to_index, Vec::new()));
        self.graph[edge].push(site);
    }

    fn node(&mut self, node: N) -> NodeIndex {
        *self
            .nodes
            .entry(node)
            .or_insert_with(|| self.graph.add_node(node))
    }

    /// Every edge with its call sites, sorted by (from, to).
    pub fn edges(&self) -> Vec<(N, N, &[CallSite])> {
        self.edges
            .iter()
            .map(|((from, to), edge)| (*from, *to, self.graph[*edge].as_slice()))
            .collect()
    }

    /// One cycle per strongly connected component of two or more nodes
    /// (a node that depends on itself is not a cycle between nodes): the
    /// shortest cycle through the component's smallest node. Sorted by that
    /// node, so that each cycle is reported once and in a stable order.
    pub fn cycles(&self) -> Vec<Cycle<N>> {
        let mut cycles: Vec<Cycle<N>> = tarjan_scc(&self.graph)
            .into_iter()
            .filter(|component| component.len() > 1)
            .filter_map(|component| self.cycle_in(&component))
            .collect();
        cycles.sort_by(|a, b| a.path.cmp(&b.path));
        cycles
    }

    /// The shortest cycle through the smallest node of a component (breadth
    /// first, neighbours in node order, so the choice is deterministic).
    fn cycle_in(&self, component: &[NodeIndex]) -> Option<Cycle<N>> {
        let mut members: Vec<N> = component.iter().map(|index| self.graph[*index]).collect();
        members.sort();
        let start = *members.first()?;
        let start_index = *self.nodes.get(&start)?;
        let inside = |index: NodeIndex| component.contains(&index);
        let mut previous: HashMap<NodeIndex, NodeIndex> = HashMap::new();
        let mut queue = VecDeque::from([start_index]);
        let mut last = None;
        while let Some(current) = queue.pop_front() {
            let mut next: Vec<NodeIndex> = self
                .graph
                .neighbors_directed(current, Direction::Outgoing)
                // A self-call of the start is no cycle between nodes.
                .filter(|index| {
                    inside(*index) && !(current == start_index && *index == start_index)
                })
                .collect();
            next.sort_by_key(|index| self.graph[*index]);
            next.dedup();
            if next.contains(&start_index) {
                last = Some(current);
                break;
            }
            for neighbour in next {
                if neighbour != start_index && !previous.contains_key(&neighbour) {
                    previous.insert(neighbour, current);
                    queue.push_back(neighbour);
                }
            }
        }
        let mut reversed = vec![start_index, last?];
        while let Some(before) = reversed.last().and_then(|node| previous.get(node)) {
            reversed.push(*before);
        }
        if reversed.last() != Some(&start_index) {
            reversed.push(start_index);
        }
        reversed.reverse();
        let path: Vec<N> = reversed.iter().map(|index| self.graph[*index]).collect();
        let steps = path
            .windows(2)
            .map(|pair| {
                self.edges
                    .get(&(pair[0], pair[1]))
                    .map(|edge| self.graph[*edge].clone())
                    .unwrap_or_default()
            })
            .collect();
        Some(Cycle {
            path,
            steps,
            members,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(step: &str) -> CallSite {
        CallSite {
            workflow: WorkflowId(0),
            step: step.to_string(),
            operation: OperationRef {
                api: ApiId(0),
                index: 0,
            },
            compensation: false,
            span: Span::default(),
        }
    }

    fn graph(edges: &[(u32, u32)]) -> Dependencies<u32> {
        let mut dependencies = Dependencies::default();
        for (from, to) in edges {
            dependencies.add(*from, *to, site(&format!("{from}_{to}")));
        }
        dependencies
    }

    #[test]
    fn no_cycle_in_a_chain_or_a_self_call() {
        assert!(graph(&[(1, 2), (2, 3), (3, 3), (1, 3)]).cycles().is_empty());
    }

    #[test]
    fn a_cycle_starts_at_its_smallest_node_and_is_reported_once() {
        let cycles = graph(&[(3, 2), (2, 1), (1, 3), (5, 4), (4, 5)]).cycles();
        assert_eq!(cycles.len(), 2);
        assert_eq!(cycles[0].path, vec![1, 3, 2, 1]);
        assert_eq!(cycles[0].members, vec![1, 2, 3]);
        let steps: Vec<Vec<String>> = cycles[0]
            .steps
            .iter()
            .map(|sites| sites.iter().map(|site| site.step.clone()).collect())
            .collect();
        assert_eq!(steps, vec![vec!["1_3"], vec!["3_2"], vec!["2_1"]]);
        assert_eq!(cycles[1].path, vec![4, 5, 4]);
    }

    #[test]
    fn overlapping_cycles_give_the_shortest_through_the_smallest_node() {
        // 1 → 2 → 3 → 1 and 1 → 4 → 1, with a self-call of 1.
        let cycles = graph(&[(1, 1), (1, 2), (2, 3), (3, 1), (1, 4), (4, 1)]).cycles();
        assert_eq!(cycles.len(), 1);
        assert_eq!(cycles[0].path, vec![1, 4, 1]);
        assert_eq!(cycles[0].members, vec![1, 2, 3, 4]);
    }

    #[test]
    fn parallel_calls_share_one_edge() {
        let mut dependencies = graph(&[(1, 2), (2, 1)]);
        dependencies.add(1, 2, site("again"));
        let cycles = dependencies.cycles();
        assert_eq!(cycles[0].steps[0].len(), 2);
        assert_eq!(dependencies.edges().len(), 2);
    }
}
