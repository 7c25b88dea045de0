use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use petgraph::graph::NodeIndex;

use super::{EdgeData, NodeData, ResourceGraph, Unresolved};
use crate::model::{ConfigItem, Relationship, ResourceKey};

type Node = NodeIndex<u32>;

/// Lookup tables for relationship targets, built once.
#[allow(clippy::struct_field_names, reason = "each table is named for its key")]
struct Targets<'a> {
    by_key: HashMap<&'a ResourceKey, Node>,
    /// (account, type, id) for targets recorded in another Region.
    by_account_id: HashMap<(&'a str, &'a str, &'a str), Node>,
    by_arn: HashMap<&'a str, Node>,
    /// (account, region, type, name); IAM uses Region `global`.
    by_name: HashMap<(&'a str, &'a str, &'a str, &'a str), Node>,
    by_account_name: HashMap<(&'a str, &'a str, &'a str), Option<Node>>,
}

impl<'a> Targets<'a> {
    fn new(items: &'a [&'a ConfigItem], nodes: &[Node]) -> Self {
        let mut t = Self {
            by_key: HashMap::with_capacity(items.len()),
            by_account_id: HashMap::with_capacity(items.len()),
            by_arn: HashMap::new(),
            by_name: HashMap::new(),
            by_account_name: HashMap::new(),
        };
        for (item, &node) in items.iter().zip(nodes) {
            let k = &item.key;
            t.by_key.insert(k, node);
            t.by_account_id
                .entry((&k.account, &k.resource_type, &k.resource_id))
                .or_insert(node);
            if let Some(arn) = item.arn.as_deref() {
                t.by_arn.entry(arn).or_insert(node);
            }
            if let Some(name) = item.name.as_deref() {
                t.by_name
                    .entry((&k.account, &k.region, &k.resource_type, name))
                    .or_insert(node);
                // A name shared by two resources of a type in one account is ambiguous
                // across Regions: such a name only resolves within its own Region.
                t.by_account_name
                    .entry((&k.account, &k.resource_type, name))
                    .and_modify(|n| {
                        if *n != Some(node) {
                            *n = None;
                        }
                    })
                    .or_insert(Some(node));
            }
        }
        t
    }

    fn resolve(&self, source: &ResourceKey, rel: &Relationship) -> Option<(Node, bool)> {
        let region: &str = if ResourceKey::is_global_type(&rel.resource_type) {
            "global"
        } else {
            &source.region
        };
        if let Some(id) = rel.resource_id.as_deref() {
            let key = ResourceKey {
                account: Arc::clone(&source.account),
                region: Arc::from(region),
                resource_type: Arc::clone(&rel.resource_type),
                resource_id: Arc::from(id),
            };
            return self
                .by_key
                .get(&key)
                .or_else(|| {
                    self.by_account_id
                        .get(&(&*source.account, &*rel.resource_type, id))
                })
                .or_else(|| self.by_arn.get(id))
                .map(|&n| (n, false));
        }
        let name = rel.resource_name.as_deref()?;
        self.by_name
            .get(&(&*source.account, region, &*rel.resource_type, name))
            .copied()
            .or_else(|| {
                self.by_account_name
                    .get(&(&*source.account, &*rel.resource_type, name))
                    .copied()
                    .flatten()
            })
            .map(|n| (n, true))
    }
}

/// Builds the graph over `items`, which must be sorted by key.
pub(crate) fn build(items: &[&ConfigItem]) -> ResourceGraph {
    let mut g = ResourceGraph::default();
    g.graph.reserve_nodes(items.len());
    for i in 0..items.len() {
        let index = u32::try_from(i).expect("fewer than 2^32 resources");
        g.resource_nodes
            .push(g.graph.add_node(NodeData::Resource(index)));
    }
    let nodes = g.resource_nodes.clone();
    let targets = Targets::new(items, &nodes);
    let mut seen: HashSet<(Node, Node, crate::model::Verb)> = HashSet::new();
    let mut pairs: HashSet<(Node, Node)> = HashSet::new();
    let mut recorded: Vec<(Node, Node, crate::model::Verb, Arc<str>)> = Vec::new();

    for (item, &source) in items.iter().zip(&nodes) {
        for rel in &item.relationships {
            let target = if let Some((node, by_name)) = targets.resolve(&item.key, rel) {
                if by_name {
                    g.stats.resolved_by_name += 1;
                }
                node
            } else {
                let unresolved = Unresolved {
                    account: Arc::clone(&item.key.account),
                    region: if ResourceKey::is_global_type(&rel.resource_type) {
                        Arc::from("global")
                    } else {
                        Arc::clone(&item.key.region)
                    },
                    resource_type: Arc::clone(&rel.resource_type),
                    resource_id: rel.resource_id.as_deref().map(Arc::from),
                    resource_name: if rel.resource_id.is_some() {
                        None
                    } else {
                        rel.resource_name.as_deref().map(Arc::from)
                    },
                };
                if let Some(&n) = g.unresolved_index.get(&unresolved) {
                    n
                } else {
                    let n = g.graph.add_node(NodeData::Unresolved(unresolved.clone()));
                    g.unresolved_index.insert(unresolved, n);
                    g.stats.unresolved_targets += 1;
                    n
                }
            };
            if seen.insert((source, target, rel.verb)) {
                let name: Arc<str> = Arc::from(rel.name.trim_end());
                g.graph.add_edge(
                    source,
                    target,
                    EdgeData {
                        verb: rel.verb,
                        inferred: false,
                        name: Arc::clone(&name),
                    },
                );
                pairs.insert((source, target));
                recorded.push((source, target, rel.verb, name));
                g.stats.recorded_edges += 1;
            }
        }
    }
    // Add the other end where the input recorded only one side. Any edge already going
    // the other way counts (Instance `Contains` ENI ↔ ENI `Is attached to` Instance).
    for (source, target, verb, _) in recorded {
        let target_is_resource = matches!(g.graph[target], NodeData::Resource(_));
        if target_is_resource && !pairs.contains(&(target, source)) {
            let inverse = verb.inverse();
            g.graph.add_edge(
                target,
                source,
                EdgeData {
                    verb: inverse,
                    inferred: true,
                    name: Arc::from(inverse.as_str()),
                },
            );
            pairs.insert((target, source));
            g.stats.inferred_edges += 1;
        }
    }
    g
}
