//! The relationship graph: resources are nodes, relationships are edges.
//!
//! petgraph stays private behind typed queries. Nodes are inserted in resource-key order
//! and results are sorted, so every output is deterministic. A relationship whose target
//! is not in the input becomes an explicit [`Unresolved`] node, never a dropped edge.

mod build;

use std::collections::HashMap;
use std::sync::Arc;

use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex};
use serde::Serialize;

use crate::model::Verb;

/// A relationship target that no item in the input matches.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Unresolved {
    pub account: Arc<str>,
    pub region: Arc<str>,
    pub resource_type: Arc<str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_id: Option<Arc<str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_name: Option<Arc<str>>,
}

impl Unresolved {
    pub fn label(&self) -> &str {
        self.resource_id
            .as_deref()
            .or(self.resource_name.as_deref())
            .unwrap_or("?")
    }
}

#[derive(Debug, Clone)]
enum NodeData {
    /// Index into the inventory's current items.
    Resource(u32),
    /// Boxed: nodes are mostly resources, and an inline `Unresolved` would make every
    /// node five times larger.
    Unresolved(Box<Unresolved>),
}

/// An edge: its verb, whether the input recorded it or we added it as the inverse of a
/// recorded one, and the relationship name as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EdgeData {
    pub verb: Verb,
    pub inferred: bool,
    pub name: Arc<str>,
}

/// One end of an edge, as seen from a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeRef<'g> {
    /// Index into the inventory's current items.
    Resource(u32),
    Unresolved(&'g Unresolved),
}

/// A neighbour reached through one edge.
#[derive(Debug, Clone, Copy)]
pub struct Neighbor<'g> {
    pub node: NodeRef<'g>,
    pub edge: &'g EdgeData,
}

/// Counts for `inspect`.
#[derive(Debug, Clone, Copy, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GraphStats {
    pub recorded_edges: usize,
    pub inferred_edges: usize,
    pub unresolved_targets: usize,
    pub resolved_by_name: usize,
}

#[derive(Debug, Default)]
pub struct ResourceGraph {
    graph: DiGraph<NodeData, EdgeData, u32>,
    /// Resource node of each current item, by item index.
    resource_nodes: Vec<NodeIndex<u32>>,
    stats: GraphStats,
    unresolved_index: HashMap<Unresolved, NodeIndex<u32>>,
}

impl ResourceGraph {
    fn node_ref(&self, n: NodeIndex<u32>) -> NodeRef<'_> {
        match &self.graph[n] {
            NodeData::Resource(i) => NodeRef::Resource(*i),
            NodeData::Unresolved(u) => NodeRef::Unresolved(u),
        }
    }

    pub fn stats(&self) -> GraphStats {
        self.stats
    }

    /// Every unresolved target, sorted.
    pub fn unresolved(&self) -> Vec<&Unresolved> {
        let mut all: Vec<&Unresolved> = self.unresolved_index.keys().collect();
        all.sort();
        all
    }

    fn edges(&self, item: u32, direction: Direction) -> impl Iterator<Item = Neighbor<'_>> {
        let node = self.resource_nodes.get(item as usize).copied();
        node.into_iter().flat_map(move |n| {
            self.graph.edges_directed(n, direction).map(move |e| {
                use petgraph::visit::EdgeRef;
                let other = if direction == Direction::Outgoing {
                    e.target()
                } else {
                    e.source()
                };
                Neighbor {
                    node: self.node_ref(other),
                    edge: e.weight(),
                }
            })
        })
    }

    /// Outgoing edges of an item (recorded and inferred), in insertion order.
    pub fn outgoing(&self, item: u32) -> impl Iterator<Item = Neighbor<'_>> {
        self.edges(item, Direction::Outgoing)
    }

    /// Edges that point at an item.
    pub fn incoming(&self, item: u32) -> impl Iterator<Item = Neighbor<'_>> {
        self.edges(item, Direction::Incoming)
    }

    /// Simple paths from one item to another with at most `max_hops` edges, shortest
    /// first, each as the list of nodes along it.
    pub fn paths(&self, from: u32, to: u32, max_hops: usize) -> Vec<Vec<NodeRef<'_>>> {
        let (Some(&a), Some(&b)) = (
            self.resource_nodes.get(from as usize),
            self.resource_nodes.get(to as usize),
        ) else {
            return Vec::new();
        };
        if max_hops == 0 {
            return Vec::new();
        }
        let mut paths: Vec<Vec<NodeIndex<u32>>> =
            petgraph::algo::all_simple_paths::<Vec<_>, _, std::hash::RandomState>(
                &self.graph,
                a,
                b,
                0,
                Some(max_hops.saturating_sub(1)),
            )
            .collect();
        paths.sort_by(|x, y| x.len().cmp(&y.len()).then_with(|| x.cmp(y)));
        paths
            .into_iter()
            .map(|p| p.into_iter().map(|n| self.node_ref(n)).collect())
            .collect()
    }

    /// Every edge as (source, target, data), in node order: for `graph` output.
    pub fn all_edges(&self) -> Vec<(NodeRef<'_>, NodeRef<'_>, &EdgeData)> {
        use petgraph::visit::EdgeRef;
        self.graph
            .edge_references()
            .map(|e| {
                (
                    self.node_ref(e.source()),
                    self.node_ref(e.target()),
                    e.weight(),
                )
            })
            .collect()
    }
}

pub(crate) use build::{FxBuild, build};
