//! Drawing the landscape for `weft graph`: Mermaid flowcharts and Graphviz
//! DOT, from the same list of clusters, nodes and edges.
//!
//! - Each domain is a cluster (Mermaid `subgraph`, DOT `subgraph cluster_…`)
//!   labelled with its name and owning team. It holds the domain's systems,
//!   the entities they own and the events they publish, so that data sits
//!   next to its system of record. Whatever has no domain is drawn outside.
//! - Events are nodes of their own: a `publishes` edge runs from the producer
//!   to the event, labelled with the versions it publishes, and a `reads` edge
//!   from the event to each system that reads it (through `consumes`, or a
//!   workflow it hosts that is triggered by or waits for the event), labelled
//!   with the versions read. One event node keeps a fan-out to many consumers
//!   readable, where an edge per producer and consumer would not be.
//! - A `calls` edge runs from a workflow's host to the host of each API it
//!   calls (compensations included), labelled with the operations.
//! - An `owns` edge runs from a system to each entity it owns.
//!
//! Node ids are generated (`system_3`), never taken from the model; every
//! label is escaped for its format. The order is fixed (by name), so the
//! same model always gives the same text.

use super::{system_calls, Edge, Landscape, Node};
use crate::model::{Model, SystemId};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// The output format of `weft graph`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DrawFormat {
    /// A Mermaid flowchart.
    Mermaid,
    /// A Graphviz DOT digraph.
    Dot,
}

/// The shape of a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    System,
    Entity,
    Event,
}

/// The kind of an edge, which sets its style.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Style {
    Owns,
    Publishes,
    Reads,
    Calls,
}

/// One node: a generated id, label lines and a shape.
struct DrawNode {
    id: String,
    lines: Vec<String>,
    shape: Shape,
}

/// One edge between generated ids, with label lines.
struct DrawEdge {
    from: String,
    to: String,
    style: Style,
    lines: Vec<String>,
}

/// A cluster (a domain) with its nodes.
struct Cluster {
    id: String,
    lines: Vec<String>,
    nodes: Vec<DrawNode>,
}

/// What is drawn, in order.
#[derive(Default)]
struct Drawing {
    clusters: Vec<Cluster>,
    loose: Vec<DrawNode>,
    edges: Vec<DrawEdge>,
}

/// Draws the landscape of `model` in `format`.
pub fn draw(model: &Model, format: DrawFormat) -> String {
    let drawing = layout(model);
    match format {
        DrawFormat::Mermaid => mermaid(&drawing),
        DrawFormat::Dot => dot(&drawing),
    }
}

fn node_id(node: Node) -> String {
    match node {
        Node::Domain(id) => format!("domain_{}", id.0),
        Node::System(id) => format!("system_{}", id.0),
        Node::Entity(id) => format!("entity_{}", id.0),
        Node::Event(id) => format!("event_{}", id.0),
        Node::Api(id) => format!("api_{}", id.0),
        Node::Workflow(id) => format!("workflow_{}", id.0),
    }
}

/// Short names, qualified where two declarations of one kind share a name.
struct Names<'a> {
    model: &'a Model,
    ambiguous: BTreeSet<(u8, String)>,
}

impl<'a> Names<'a> {
    fn new(model: &'a Model, landscape: &Landscape) -> Names<'a> {
        let mut seen: BTreeMap<(u8, String), usize> = BTreeMap::new();
        for node in landscape.graph.node_weights() {
            *seen.entry(Names::key(model, *node)).or_default() += 1;
        }
        Names {
            model,
            ambiguous: seen
                .into_iter()
                .filter(|(_, count)| *count > 1)
                .map(|(key, _)| key)
                .collect(),
        }
    }

    fn key(model: &Model, node: Node) -> (u8, String) {
        let (kind, name) = match node {
            Node::Domain(id) => (0, &model.domain(id).name),
            Node::System(id) => (1, &model.system(id).name),
            Node::Entity(id) => (2, &model.entity(id).name),
            Node::Event(id) => (3, &model.event(id).name),
            Node::Api(id) => (4, &model.api(id).name),
            Node::Workflow(id) => (5, &model.workflow(id).name),
        };
        (kind, name.name.to_string())
    }

    fn of(&self, node: Node) -> String {
        let name = match node {
            Node::Domain(id) => &self.model.domain(id).name,
            Node::System(id) => &self.model.system(id).name,
            Node::Entity(id) => &self.model.entity(id).name,
            Node::Event(id) => &self.model.event(id).name,
            Node::Api(id) => &self.model.api(id).name,
            Node::Workflow(id) => &self.model.workflow(id).name,
        };
        if self.ambiguous.contains(&Names::key(self.model, node)) {
            name.qualified()
        } else {
            name.name.to_string()
        }
    }
}

fn versions(numbers: &BTreeSet<u32>) -> String {
    numbers
        .iter()
        .map(|number| format!("v{number}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Decides what goes where.
fn layout(model: &Model) -> Drawing {
    let landscape = Landscape::build(model);
    let names = Names::new(model, &landscape);
    let sorted = |mut nodes: Vec<Node>| {
        nodes.sort_by_key(|node| (names.of(*node), *node));
        nodes
    };
    let all: Vec<Node> = landscape.graph.node_weights().copied().collect();
    let of_kind = |keep: fn(&Node) -> bool| sorted(all.iter().copied().filter(keep).collect());
    let domains = of_kind(|node| matches!(node, Node::Domain(_)));
    // Systems, then entities, then events, each by name.
    let members: Vec<Node> = [
        of_kind(|node| matches!(node, Node::System(_))),
        of_kind(|node| matches!(node, Node::Entity(_))),
        of_kind(|node| matches!(node, Node::Event(_))),
    ]
    .concat();
    // Where each drawn node goes: its domain, or none.
    let home = |node: Node| match node {
        Node::System(id) => model.system(id).domain.map(Node::Domain),
        Node::Entity(id) => model
            .entity(id)
            .owner
            .and_then(|owner| model.system(owner).domain)
            .map(Node::Domain),
        Node::Event(id) => model
            .event(id)
            .producer
            .and_then(|producer| model.system(producer).domain)
            .map(Node::Domain),
        _ => None,
    };
    let draw_node = |node: Node| -> DrawNode {
        let name = names.of(node);
        let (lines, shape) = match node {
            Node::System(id) => {
                let system = model.system(id);
                let details: Vec<&str> = [
                    system.kind.map(|kind| kind.as_str()),
                    system.hosting.map(|hosting| hosting.as_str()),
                    system
                        .connectivity
                        .map(|connectivity| connectivity.as_str()),
                ]
                .into_iter()
                .flatten()
                .collect();
                let mut lines = vec![name];
                if !details.is_empty() {
                    lines.push(details.join(", "));
                }
                (lines, Shape::System)
            }
            Node::Entity(_) => (vec![name, "entity".to_string()], Shape::Entity),
            Node::Event(id) => {
                let numbers = model
                    .event(id)
                    .versions
                    .iter()
                    .map(|version| version.number)
                    .collect();
                let kind = match versions(&numbers) {
                    numbers if numbers.is_empty() => "event".to_string(),
                    numbers => format!("event {numbers}"),
                };
                (vec![name, kind], Shape::Event)
            }
            _ => (vec![name], Shape::System),
        };
        DrawNode {
            id: node_id(node),
            lines,
            shape,
        }
    };
    let mut drawing = Drawing::default();
    for domain in &domains {
        let Node::Domain(id) = domain else { continue };
        let mut lines = vec![names.of(*domain)];
        if let Some(owner) = &model.domain(*id).owner {
            lines.push(owner.clone());
        }
        drawing.clusters.push(Cluster {
            id: node_id(*domain),
            lines,
            nodes: members
                .iter()
                .filter(|node| home(**node) == Some(*domain))
                .map(|node| draw_node(*node))
                .collect(),
        });
    }
    drawing.loose = members
        .iter()
        .filter(|node| match home(**node) {
            Some(domain) => !domains.contains(&domain),
            None => true,
        })
        .map(|node| draw_node(*node))
        .collect();

    // Edges, keyed by their ends so that parallel edges merge.
    let mut owns: BTreeSet<(Node, Node)> = BTreeSet::new();
    let mut publishes: BTreeSet<(Node, Node)> = BTreeSet::new();
    let mut reads: BTreeMap<(Node, Node), BTreeSet<u32>> = BTreeMap::new();
    for node in &members {
        match node {
            Node::Entity(_) => {
                for (owner, edge) in landscape.incoming(*node) {
                    if *edge == Edge::Owns {
                        owns.insert((owner, *node));
                    }
                }
            }
            Node::Event(id) => {
                let event = model.event(*id);
                if let Some(producer) = event.producer {
                    publishes.insert((Node::System(producer), *node));
                }
                for (reader, edge) in landscape.outgoing(*node) {
                    let Edge::Consumes { version, .. } = edge else {
                        continue;
                    };
                    let system = match reader {
                        Node::System(system) => Some(system),
                        Node::Workflow(workflow) => model.workflow(workflow).host,
                        _ => None,
                    };
                    if let Some(system) = system {
                        reads
                            .entry((*node, Node::System(system)))
                            .or_default()
                            .insert(*version);
                    }
                }
            }
            _ => {}
        }
    }
    let mut calls: BTreeMap<(SystemId, SystemId), BTreeSet<String>> = BTreeMap::new();
    for (caller, callee, sites) in system_calls(model).edges() {
        let operations = calls.entry((caller, callee)).or_default();
        for site in sites {
            let operation = model.operation(site.operation);
            operations.insert(format!(
                "{}.{}",
                names.of(Node::Api(site.operation.api)),
                operation.name
            ));
        }
    }
    let mut edges: Vec<(Style, String, String, DrawEdge)> = Vec::new();
    let mut push = |style: Style, from: Node, to: Node, lines: Vec<String>| {
        edges.push((
            style,
            names.of(from),
            names.of(to),
            DrawEdge {
                from: node_id(from),
                to: node_id(to),
                style,
                lines,
            },
        ));
    };
    for (owner, entity) in owns {
        push(Style::Owns, owner, entity, vec!["owns".to_string()]);
    }
    for (producer, event) in publishes {
        push(
            Style::Publishes,
            producer,
            event,
            vec!["publishes".to_string()],
        );
    }
    for ((event, reader), numbers) in reads {
        push(
            Style::Reads,
            event,
            reader,
            vec![format!("reads {}", versions(&numbers))],
        );
    }
    for ((caller, callee), operations) in calls {
        push(
            Style::Calls,
            Node::System(caller),
            Node::System(callee),
            operations.into_iter().collect(),
        );
    }
    edges.sort_by(|a, b| (a.0, &a.1, &a.2).cmp(&(b.0, &b.1, &b.2)));
    drawing.edges = edges.into_iter().map(|(_, _, _, edge)| edge).collect();
    drawing
}

/// Escapes a label line for Mermaid: everything but letters, digits and a
/// few harmless marks becomes an entity code (`#34;`), which Mermaid decodes.
fn mermaid_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.chars() {
        if character.is_ascii_alphanumeric() || " _-.,:/()".contains(character) {
            out.push(character);
        } else if character.is_control() {
            out.push(' ');
        } else {
            let _ = write!(out, "#{};", u32::from(character));
        }
    }
    out
}

fn mermaid_label(lines: &[String]) -> String {
    let lines: Vec<String> = lines.iter().map(|line| mermaid_text(line)).collect();
    format!("\"{}\"", lines.join("<br/>"))
}

fn mermaid_node(out: &mut String, indent: &str, node: &DrawNode) {
    let label = mermaid_label(&node.lines);
    let _ = match node.shape {
        Shape::System => writeln!(out, "{indent}{}[{label}]", node.id),
        Shape::Entity => writeln!(out, "{indent}{}[({label})]", node.id),
        Shape::Event => writeln!(out, "{indent}{}{{{{{label}}}}}", node.id),
    };
}

fn mermaid(drawing: &Drawing) -> String {
    let mut out = String::from("flowchart LR\n");
    for cluster in &drawing.clusters {
        let _ = writeln!(
            out,
            "  subgraph {}[{}]",
            cluster.id,
            mermaid_label(&cluster.lines)
        );
        for node in &cluster.nodes {
            mermaid_node(&mut out, "    ", node);
        }
        out.push_str("  end\n");
    }
    for node in &drawing.loose {
        mermaid_node(&mut out, "  ", node);
    }
    for edge in &drawing.edges {
        let arrow = match edge.style {
            Style::Owns => "-.->",
            Style::Publishes | Style::Reads => "-->",
            Style::Calls => "==>",
        };
        let _ = writeln!(
            out,
            "  {} {arrow}|{}| {}",
            edge.from,
            mermaid_label(&edge.lines),
            edge.to
        );
    }
    out
}

/// Escapes a label line for a DOT double-quoted string.
fn dot_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            character if character.is_control() => out.push(' '),
            character => out.push(character),
        }
    }
    out
}

fn dot_label(lines: &[String]) -> String {
    let lines: Vec<String> = lines.iter().map(|line| dot_text(line)).collect();
    format!("\"{}\"", lines.join("\\n"))
}

fn dot_node(out: &mut String, indent: &str, node: &DrawNode) {
    let shape = match node.shape {
        Shape::System => "shape=box, style=rounded",
        Shape::Entity => "shape=cylinder",
        Shape::Event => "shape=hexagon",
    };
    let _ = writeln!(
        out,
        "{indent}{} [label={}, {shape}];",
        node.id,
        dot_label(&node.lines)
    );
}

fn dot(drawing: &Drawing) -> String {
    let mut out = String::from(
        "digraph landscape {\n  rankdir=LR;\n  graph [fontname=\"Helvetica\"];\n  node [fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];\n",
    );
    for cluster in &drawing.clusters {
        let _ = writeln!(out, "  subgraph cluster_{} {{", cluster.id);
        let _ = writeln!(out, "    label={};", dot_label(&cluster.lines));
        out.push_str("    style=rounded;\n");
        for node in &cluster.nodes {
            dot_node(&mut out, "    ", node);
        }
        out.push_str("  }\n");
    }
    for node in &drawing.loose {
        dot_node(&mut out, "  ", node);
    }
    for edge in &drawing.edges {
        let style = match edge.style {
            Style::Owns => ", style=dashed, arrowhead=none",
            Style::Publishes | Style::Reads => "",
            Style::Calls => ", style=bold",
        };
        let _ = writeln!(
            out,
            "  {} -> {} [label={}{style}];",
            edge.from,
            edge.to,
            dot_label(&edge.lines)
        );
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mermaid_labels_cannot_break_out() {
        let text = mermaid_text("a\"b]|c#d<e>\n`f`;%%");
        assert!(!text.contains(['"', ']', '|', '<', '>', '\n', '`', '%']));
        assert_eq!(mermaid_text("Plant Team (DE01)"), "Plant Team (DE01)");
    }

    #[test]
    fn dot_labels_cannot_break_out() {
        assert_eq!(dot_text("say \"hi\" \\n"), "say \\\"hi\\\" \\\\n");
        assert_eq!(dot_text("two\nlines"), "two lines");
    }
}
