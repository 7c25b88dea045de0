//! Builds the relationship graph of the current items.
//!
//! Measured on a million synthetic items (3.5 relationships each), the first version
//! spent most of its time allocating a `ResourceKey` (two `Arc`s) per relationship to
//! look it up, hashing with SipHash, allocating an `Arc<str>` name per edge and keeping
//! three global sets. Now: lookup tables hold one item reference per entry and are
//! queried by borrowed strings, hashed with FxHash; targets are resolved in parallel, a
//! chunk at a time; edges are inserted in the same order as before, so every output is
//! unchanged.

use std::borrow::Borrow;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::sync::{Arc, OnceLock};

use petgraph::graph::{EdgeIndex, NodeIndex};
use rayon::prelude::*;

use super::{EdgeData, NodeData, ResourceGraph, Unresolved};
use crate::model::{ConfigItem, Relationship, ResourceKey, Verb};

type Node = NodeIndex<u32>;

/// FxHash, the hasher of rustc: a multiply and a rotate per word. The keys here are
/// short strings from the input, not attacker-chosen in a way that matters (a crafted
/// file could only slow its own load).
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(FX_SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([
                c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
            ]));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

pub(crate) type FxBuild = BuildHasherDefault<FxHasher>;
type FxMap<K, V> = HashMap<K, V, FxBuild>;
type FxSet<K> = HashSet<K, FxBuild>;

/// `N` string fields identifying a lookup-table entry. Tables store an item reference
/// (8 bytes) and are queried with an array of borrowed strings, through
/// `Borrow<dyn Fields<N>>`, so a lookup neither allocates nor copies a key.
trait Fields<const N: usize> {
    fn fields(&self) -> [&str; N];
}

impl<const N: usize> Fields<N> for [&str; N] {
    fn fields(&self) -> [&str; N] {
        *self
    }
}

impl<const N: usize> Hash for dyn Fields<N> + '_ {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.fields().hash(state);
    }
}

impl<const N: usize> PartialEq for dyn Fields<N> + '_ {
    fn eq(&self, other: &Self) -> bool {
        self.fields() == other.fields()
    }
}

impl<const N: usize> Eq for dyn Fields<N> + '_ {}

/// Declares a table key: an item's key (and name) seen through some of their fields.
macro_rules! item_key {
    ($name:ident($($field:ty),+), $n:literal, |$key:pat_param| $fields:expr) => {
        struct $name<'a>($($field),+);

        impl Fields<$n> for $name<'_> {
            fn fields(&self) -> [&str; $n] {
                let $key = self;
                $fields
            }
        }

        impl Hash for $name<'_> {
            fn hash<H: Hasher>(&self, state: &mut H) {
                self.fields().hash(state);
            }
        }

        impl PartialEq for $name<'_> {
            fn eq(&self, other: &Self) -> bool {
                self.fields() == other.fields()
            }
        }

        impl Eq for $name<'_> {}

        impl<'a> Borrow<dyn Fields<$n> + 'a> for $name<'a> {
            fn borrow(&self) -> &(dyn Fields<$n> + 'a) {
                self
            }
        }
    };
}

item_key!(ByKey(&'a ResourceKey), 4, |ByKey(k)| [
    &k.account,
    &k.region,
    &k.resource_type,
    &k.resource_id
]);
item_key!(ByName(&'a ResourceKey, &'a str), 4, |ByName(k, name)| [
    &k.account,
    &k.region,
    &k.resource_type,
    name
]);

/// Lookup tables for relationship targets, built once.
///
/// One table per way of naming a target, keyed without the Region: ids and names are
/// nearly always unique in an account, so the Region-specific tables only hold the
/// entries that are not (an ARN table is built only if a lookup by id misses). The two
/// large tables hold the strings themselves rather than the item's key: a lookup then
/// reads the table and the id, not also the item (one cache miss less per relationship
/// at a million items, for 32 more bytes per entry while the graph is built).
#[allow(clippy::struct_field_names, reason = "each table is named for its key")]
struct Targets<'a> {
    items: &'a [&'a ConfigItem],
    /// (account, type, id): the first resource in key order, and whether there are others
    /// (in other Regions).
    by_account_id: FxMap<[&'a str; 3], (Node, bool)>,
    /// (account, Region, type, id) for the ids shared across Regions.
    by_key: FxMap<ByKey<'a>, Node>,
    /// (account, type, name), likewise; names shared across Regions are ambiguous
    /// outside their own Region.
    by_account_name: FxMap<[&'a str; 3], (Node, bool)>,
    /// (account, Region, type, name) for the names shared across Regions; IAM uses
    /// Region `global`.
    by_name: FxMap<ByName<'a>, Node>,
    by_arn: OnceLock<FxMap<&'a str, Node>>,
}

fn node(i: usize) -> Node {
    NodeIndex::new(i)
}

/// A node's index as stored (graph indices are 32-bit).
fn ix(n: Node) -> u32 {
    u32::try_from(n.index()).expect("graph indices are 32-bit")
}

/// Fills a table keyed without the Region, and the Region-specific table for the keys
/// that several resources share. `key` gives an item's key, if it has one.
fn tables<'a, K, R>(
    items: &'a [&'a ConfigItem],
    key: impl Fn(&'a ConfigItem) -> Option<(K, R)>,
) -> (FxMap<K, (Node, bool)>, FxMap<R, Node>)
where
    K: Hash + Eq,
    R: Hash + Eq,
{
    let mut first: FxMap<K, (Node, bool)> =
        FxMap::with_capacity_and_hasher(items.len(), FxBuild::default());
    let mut shared: Vec<usize> = Vec::new();
    for (i, &item) in items.iter().enumerate() {
        let Some((k, _)) = key(item) else { continue };
        match first.entry(k) {
            Entry::Vacant(v) => {
                v.insert((node(i), false));
            }
            Entry::Occupied(mut o) => {
                let (n, multi) = o.get_mut();
                if !*multi {
                    *multi = true;
                    shared.push(n.index());
                }
                shared.push(i);
            }
        }
    }
    let mut by_region: FxMap<R, Node> = FxMap::default();
    // In key order, so that each key keeps its first resource.
    shared.sort_unstable();
    for i in shared {
        if let Some((_, r)) = key(items[i]) {
            by_region.entry(r).or_insert(node(i));
        }
    }
    (first, by_region)
}

impl<'a> Targets<'a> {
    /// Items are sorted by key and their nodes are `0..items.len()`. Each table keeps
    /// the first item for a key, as before.
    fn new(items: &'a [&'a ConfigItem]) -> Self {
        let ((by_account_id, by_key), (by_account_name, by_name)) = rayon::join(
            || {
                tables(items, |item| {
                    let k = &item.key;
                    Some(([&*k.account, &*k.resource_type, &*k.resource_id], ByKey(k)))
                })
            },
            || {
                tables(items, |item| {
                    let name = item.name.as_deref()?;
                    let k = &item.key;
                    Some(([&*k.account, &*k.resource_type, name], ByName(k, name)))
                })
            },
        );
        Self {
            items,
            by_account_id,
            by_key,
            by_account_name,
            by_name,
            by_arn: OnceLock::new(),
        }
    }

    fn by_arn(&self) -> &FxMap<&'a str, Node> {
        self.by_arn.get_or_init(|| {
            let mut m = FxMap::default();
            for (i, &item) in self.items.iter().enumerate() {
                if let Some(arn) = item.arn.as_deref() {
                    m.entry(arn).or_insert(node(i));
                }
            }
            m
        })
    }

    fn resolve(&self, source: &ResourceKey, rel: &Relationship) -> Option<(Node, bool)> {
        let region: &str = if ResourceKey::is_global_type(&rel.resource_type) {
            "global"
        } else {
            &source.region
        };
        let account: &str = &source.account;
        let ty: &str = &rel.resource_type;
        if let Some(id) = rel.resource_id.as_deref() {
            // The same Region's resource first, then another Region's, then by ARN.
            return match self.by_account_id.get(&[account, ty, id]) {
                Some(&(n, false)) => Some(n),
                Some(&(n, true)) => Some(
                    self.by_key
                        .get(&[account, region, ty, id] as &dyn Fields<4>)
                        .copied()
                        .unwrap_or(n),
                ),
                None => self.by_arn().get(id).copied(),
            }
            .map(|n| (n, false));
        }
        let name = rel.resource_name.as_deref()?;
        match self.by_account_name.get(&[account, ty, name]) {
            Some(&(n, false)) => Some(n),
            // Shared by several resources: only the one in the same Region.
            Some(&(_, true)) => self
                .by_name
                .get(&[account, region, ty, name] as &dyn Fields<4>)
                .copied(),
            None => None,
        }
        .map(|n| (n, true))
    }
}

/// Items resolved in parallel per chunk (while the previous chunk's edges are inserted);
/// a chunk bounds the memory of the results.
const CHUNK: usize = 1 << 14;

/// Edges of one item above which duplicates are found with a set instead of a scan.
const SMALL_DEGREE: usize = 32;

/// What the insertion of recorded edges leaves for the inverse pass.
struct Recorded {
    /// For each resource node, the distinct resource nodes it records an edge to, sorted:
    /// `targets[start[n]..start[n + 1]]`.
    start: Vec<u32>,
    targets: Vec<u32>,
    /// For each recorded edge, in order: whether it is its source's first edge to its
    /// target (a second one, with another verb, never gets a second inverse).
    first_to_target: Vec<bool>,
}

impl Recorded {
    fn records(&self, from: usize, to: u32) -> bool {
        let (a, b) = (self.start[from] as usize, self.start[from + 1] as usize);
        self.targets[a..b].binary_search(&to).is_ok()
    }
}

/// Inserts the recorded edges of one chunk of items, in item order.
fn insert_chunk<'a>(
    g: &mut ResourceGraph,
    chunk: &[&'a ConfigItem],
    first_node: usize,
    resolved: Vec<Option<(Node, bool)>>,
    names: &mut FxMap<&'a str, Arc<str>>,
    recorded: &mut Recorded,
) {
    let resources = g.resource_nodes.len();
    let mut resolved = resolved.into_iter();
    let mut seen_small: Vec<(Node, Verb)> = Vec::with_capacity(SMALL_DEGREE);
    for (offset, item) in chunk.iter().enumerate() {
        let source = node(first_node + offset);
        let small = item.relationships.len() <= SMALL_DEGREE;
        seen_small.clear();
        let mut seen_large: FxSet<(Node, Verb)> = FxSet::default();
        let mut targets_large: FxSet<u32> = FxSet::default();
        let segment = recorded.targets.len();
        for rel in &item.relationships {
            let found = resolved.next().flatten();
            let target = if let Some((n, by_name)) = found {
                if by_name {
                    g.stats.resolved_by_name += 1;
                }
                n
            } else {
                unresolved_node(g, &item.key, rel)
            };
            let first = if small {
                !seen_small.contains(&(target, rel.verb)) && {
                    seen_small.push((target, rel.verb));
                    true
                }
            } else {
                seen_large.insert((target, rel.verb))
            };
            if !first {
                continue;
            }
            let name = names
                .entry(&rel.name)
                .or_insert_with(|| Arc::from(rel.name.trim_end()));
            g.graph.add_edge(
                source,
                target,
                EdgeData {
                    verb: rel.verb,
                    inferred: false,
                    name: Arc::clone(name),
                },
            );
            g.stats.recorded_edges += 1;
            let t = ix(target);
            let new_target = if small {
                !recorded.targets[segment..].contains(&t)
            } else {
                targets_large.insert(t)
            };
            recorded.first_to_target.push(new_target);
            if new_target && target.index() < resources {
                recorded.targets.push(t);
            }
        }
        recorded.targets[segment..].sort_unstable();
        recorded
            .start
            .push(u32::try_from(recorded.targets.len()).expect("fewer than 2^32 edges"));
    }
}

/// Builds the graph over `items`, which must be sorted by key.
pub(crate) fn build(items: &[&ConfigItem]) -> ResourceGraph {
    let mut g = ResourceGraph::default();
    let relationships: usize = items.iter().map(|i| i.relationships.len()).sum();
    g.graph.reserve_nodes(items.len());
    g.graph.reserve_edges(relationships + relationships / 4);
    g.resource_nodes.reserve_exact(items.len());
    for i in 0..items.len() {
        let index = u32::try_from(i).expect("fewer than 2^32 resources");
        g.resource_nodes
            .push(g.graph.add_node(NodeData::Resource(index)));
    }
    let targets = Targets::new(items);
    let resolve = |chunk: &[&ConfigItem]| -> Vec<Option<(Node, bool)>> {
        chunk
            .par_iter()
            .flat_map_iter(|item| {
                item.relationships
                    .iter()
                    .map(|rel| targets.resolve(&item.key, rel))
            })
            .collect()
    };
    // Relationship names repeat ("Is contained in Vpc"): one `Arc` per distinct name.
    let mut names: FxMap<&str, Arc<str>> = FxMap::default();
    let mut recorded = Recorded {
        start: Vec::with_capacity(items.len() + 1),
        targets: Vec::with_capacity(relationships),
        first_to_target: Vec::with_capacity(relationships),
    };
    recorded.start.push(0);
    let chunks: Vec<&[&ConfigItem]> = items.chunks(CHUNK).collect();
    let mut resolved = chunks.first().map(|c| resolve(c)).unwrap_or_default();
    for (n, chunk) in chunks.iter().enumerate() {
        let current = std::mem::take(&mut resolved);
        let (next, ()) = rayon::join(
            || chunks.get(n + 1).map(|c| resolve(c)),
            || insert_chunk(&mut g, chunk, n * CHUNK, current, &mut names, &mut recorded),
        );
        resolved = next.unwrap_or_default();
    }
    // Add the other end where the input recorded only one side. Any edge already going
    // the other way counts (Instance `Contains` ENI ↔ ENI `Is attached to` Instance).
    // Which edges need one is decided in parallel; they are added in recorded order.
    let resources = items.len();
    let needs_inverse: Vec<bool> = (0..g.stats.recorded_edges)
        .into_par_iter()
        .map(|e| {
            let Some((source, target)) = g.graph.edge_endpoints(EdgeIndex::new(e)) else {
                return false;
            };
            recorded.first_to_target[e]
                && target.index() < resources
                && !recorded.records(target.index(), ix(source))
        })
        .collect();
    drop(recorded);
    let inverse_names: FxMap<Verb, Arc<str>> = [
        Verb::Contains,
        Verb::IsContainedIn,
        Verb::IsAttachedTo,
        Verb::IsAssociatedWith,
        Verb::Other,
    ]
    .into_iter()
    .map(|v| (v, Arc::from(v.as_str())))
    .collect();
    for (e, _) in needs_inverse
        .iter()
        .enumerate()
        .filter(|(_, needed)| **needed)
    {
        let e = EdgeIndex::new(e);
        let Some((source, target)) = g.graph.edge_endpoints(e) else {
            continue;
        };
        let inverse = g.graph[e].verb.inverse();
        g.graph.add_edge(
            target,
            source,
            EdgeData {
                verb: inverse,
                inferred: true,
                name: Arc::clone(&inverse_names[&inverse]),
            },
        );
        g.stats.inferred_edges += 1;
    }
    g
}

/// The node of a target no item matches, shared by every relationship naming it.
fn unresolved_node(g: &mut ResourceGraph, source: &ResourceKey, rel: &Relationship) -> Node {
    let unresolved = Unresolved {
        account: Arc::clone(&source.account),
        region: if ResourceKey::is_global_type(&rel.resource_type) {
            Arc::from("global")
        } else {
            Arc::clone(&source.region)
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
        let n = g
            .graph
            .add_node(NodeData::Unresolved(Box::new(unresolved.clone())));
        g.unresolved_index.insert(unresolved, n);
        g.stats.unresolved_targets += 1;
        n
    }
}

#[cfg(test)]
mod tests {
    use crate::Inventory;
    use crate::load::load_bytes;

    fn item(ty: &str, id: &str, name: Option<&str>, region: &str, rels: &str) -> String {
        let name = name.map_or(String::new(), |n| format!(r#""resourceName":"{n}","#));
        format!(
            r#"{{"resourceType":"{ty}","resourceId":"{id}",{name}"ARN":"arn:aws:x:{region}:1:{id}-arn","awsAccountId":"1","awsRegion":"{region}","configuration":{{}},"relationships":[{rels}]}}"#
        )
    }

    /// (target region or "unresolved") of each relationship of the item with `id`.
    fn targets(inv: &Inventory, id: &str) -> Vec<String> {
        let pos = inv.find(id)[0];
        let mut out: Vec<String> = inv
            .related_to(pos, None, None)
            .iter()
            .filter(|l| !l.inferred)
            .map(|l| match l.node.item() {
                Some(i) => format!("{} {}", i.key.resource_id, i.key.region),
                None => format!("{} unresolved", l.node.label()),
            })
            .collect();
        out.sort();
        out
    }

    #[test]
    fn ids_and_names_shared_across_regions_resolve_in_the_source_region_first() {
        let sg = |region| item("AWS::EC2::SecurityGroup", "sg-1", None, region, "");
        let by_id = r#"{"resourceId":"sg-1","resourceType":"AWS::EC2::SecurityGroup","name":"Is associated with SecurityGroup"}"#;
        let by_name = r#"{"resourceName":"shared","resourceType":"AWS::RDS::DBSubnetGroup","name":"Is associated with "},{"resourceName":"only","resourceType":"AWS::RDS::DBSubnetGroup","name":"Is associated with "}"#;
        let by_arn = r#"{"resourceId":"arn:aws:x:us-east-1:1:g-9-arn","resourceType":"AWS::RDS::DBSubnetGroup","name":"Is associated with "}"#;
        let role = r#"{"resourceName":"role-a","resourceType":"AWS::IAM::Role","name":"Is associated with "}"#;
        let items = [
            sg("us-east-1"),
            sg("eu-west-1"),
            item(
                "AWS::RDS::DBSubnetGroup",
                "g-1",
                Some("shared"),
                "us-east-1",
                "",
            ),
            item(
                "AWS::RDS::DBSubnetGroup",
                "g-2",
                Some("shared"),
                "eu-west-1",
                "",
            ),
            item(
                "AWS::RDS::DBSubnetGroup",
                "g-3",
                Some("only"),
                "eu-west-1",
                "",
            ),
            item("AWS::RDS::DBSubnetGroup", "g-9", None, "us-east-1", ""),
            item("AWS::IAM::Role", "AROA1", Some("role-a"), "global", ""),
            item(
                "AWS::Lambda::Function",
                "fn-us",
                None,
                "us-east-1",
                &[by_id, by_name, by_arn, role].join(","),
            ),
            item(
                "AWS::Lambda::Function",
                "fn-ap",
                None,
                "ap-south-1",
                &[by_id, by_name].join(","),
            ),
        ];
        let doc = format!(r#"{{"configurationItems":[{}]}}"#, items.join(","));
        let inv = Inventory::build(load_bytes("x.json", doc.into_bytes()));
        assert!(inv.problems.is_empty(), "{:?}", inv.problems);
        assert_eq!(
            targets(&inv, "fn-us"),
            [
                "AROA1 global",
                "g-1 us-east-1",
                "g-3 eu-west-1",
                "g-9 us-east-1",
                "sg-1 us-east-1"
            ]
        );
        // No copy in ap-south-1: the id resolves to the first Region in key order; the
        // shared name is ambiguous there; the unique one resolves anywhere.
        assert_eq!(
            targets(&inv, "fn-ap"),
            ["g-3 eu-west-1", "sg-1 eu-west-1", "shared unresolved"]
        );
    }

    #[test]
    fn a_hub_gets_one_inverse_per_target_that_does_not_record_it() {
        // 41 relationships (above the small-degree scan): 20 targets twice, with two
        // verbs, and one missing target; every fifth target records the hub itself.
        let mut rels: Vec<String> = (0..40)
            .map(|i| {
                let verb = if i < 20 {
                    "Contains SecurityGroup"
                } else {
                    "Is associated with SecurityGroup"
                };
                format!(
                    r#"{{"resourceId":"sg-{:04}","resourceType":"AWS::EC2::SecurityGroup","name":"{verb}"}}"#,
                    i % 20
                )
            })
            .collect();
        rels.push(
            r#"{"resourceId":"sg-missing","resourceType":"AWS::EC2::SecurityGroup","name":"Contains "}"#
                .to_owned(),
        );
        let back = r#"{"resourceId":"vpc-hub","resourceType":"AWS::EC2::VPC","name":"Is contained in Vpc"}"#;
        let mut items = vec![item(
            "AWS::EC2::VPC",
            "vpc-hub",
            None,
            "us-east-1",
            &rels.join(","),
        )];
        items.extend((0..20).map(|i| {
            let rels = if i % 5 == 0 { back } else { "" };
            item(
                "AWS::EC2::SecurityGroup",
                &format!("sg-{i:04}"),
                None,
                "us-east-1",
                rels,
            )
        }));
        let doc = format!(r#"{{"configurationItems":[{}]}}"#, items.join(","));
        let inv = Inventory::build(load_bytes("hub.json", doc.into_bytes()));
        let stats = inv.graph_stats();
        assert_eq!(
            (
                stats.recorded_edges,
                stats.inferred_edges,
                stats.unresolved_targets
            ),
            (45, 16, 1)
        );
        // The inverse takes the verb of the first recorded edge.
        let sg = inv.find("sg-0001")[0];
        let links = inv.related_to(sg, None, Some("AWS::EC2::VPC"));
        assert_eq!(links.len(), 1);
        assert!(links[0].inferred);
        assert_eq!(links[0].verb, crate::model::Verb::IsContainedIn);
    }
}
