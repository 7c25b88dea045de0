//! Everything loaded, indexed once: every version of every resource, the current state
//! of each, indexes by type, and the relationship graph.

use std::any::{Any, TypeId};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use rayon::prelude::*;

use crate::graph::{self, FxBuild, Neighbor, NodeRef, ResourceGraph, Unresolved};
use crate::load::{FileReport, Loaded, Problem};
use crate::model::{ConfigItem, ResourceKey, SharedText, Verb};

/// A node seen from a query: a loaded resource, or a target no input describes.
#[derive(Debug, Clone, Copy)]
pub enum Related<'a> {
    Resource(&'a ConfigItem),
    Unresolved(&'a Unresolved),
}

impl<'a> Related<'a> {
    pub fn resource_type(&self) -> &'a str {
        match self {
            Self::Resource(i) => &i.key.resource_type,
            Self::Unresolved(u) => &u.resource_type,
        }
    }

    pub fn label(&self) -> &'a str {
        match self {
            Self::Resource(i) => &i.key.resource_id,
            Self::Unresolved(u) => u.label(),
        }
    }

    pub fn item(&self) -> Option<&'a ConfigItem> {
        match self {
            Self::Resource(i) => Some(i),
            Self::Unresolved(_) => None,
        }
    }
}

/// A related node with the edge that leads to it.
#[derive(Debug, Clone, Copy)]
pub struct Link<'a> {
    pub node: Related<'a>,
    pub verb: Verb,
    pub inferred: bool,
    pub name: &'a str,
}

#[derive(Debug, Default)]
pub struct Inventory {
    /// Every version of every resource, in load order.
    versions: Vec<ConfigItem>,
    /// Indexes into `versions` of the current state of each resource, sorted by key.
    current: Vec<u32>,
    /// Every version, grouped by resource in key order, oldest first: the versions of
    /// current resource `p` are `history[history_start[p]..history_start[p + 1]]`.
    /// (Flat: a list per resource would be a million small allocations.)
    history: Vec<u32>,
    history_start: Vec<u32>,
    by_type: BTreeMap<Arc<str>, Vec<u32>>,
    graph: ResourceGraph,
    pub files: Vec<FileReport>,
    pub problems: Vec<Problem>,
    pub cloudtrail: Vec<(Arc<str>, SharedText)>,
    derived: DerivedFacts,
}

/// Facts a rule derives from many items at once (which security groups the network
/// interfaces of an account use, the state of every instance), built on first use and
/// kept for the inventory's life: a join then costs one lookup instead of decoding the
/// joined items again for every resource evaluated, which matters because the engine
/// drops decoded configurations between rounds.
pub trait Derived: Any + Send + Sync {
    fn derive(inventory: &Inventory) -> Self;
}

type DerivedCell = Arc<OnceLock<Arc<dyn Any + Send + Sync>>>;

#[derive(Default)]
struct DerivedFacts(Mutex<HashMap<TypeId, DerivedCell>>);

impl std::fmt::Debug for DerivedFacts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.0.lock().map_or(0, |m| m.len());
        write!(f, "DerivedFacts({n})")
    }
}

impl Inventory {
    /// Indexes what was loaded. The current state of a resource is its latest version
    /// by `configurationStateId`, then capture time, then input order (a later file's
    /// rendering of the same state wins).
    pub fn build(loaded: Loaded) -> Self {
        let Loaded {
            items: versions,
            files,
            problems,
            cloudtrail,
        } = loaded;
        let keys = sort_keys(&versions);
        let order: Vec<u32> = keys.iter().map(|k| k.index).collect();
        let mut current: Vec<u32> = Vec::with_capacity(order.len());
        let mut history_start: Vec<u32> = Vec::with_capacity(order.len() + 1);
        // Positions of the current resources of each type, by type rank: read from the
        // compact keys, not from the items (which are in load order, not key order).
        let mut by_type_rank: Vec<(Option<u32>, Vec<u32>)> = Vec::new();
        for (n, k) in keys.iter().enumerate() {
            let same = n > 0 && {
                let p = &keys[n - 1];
                (p.account, p.region, p.resource_type, p.id_prefix)
                    == (k.account, k.region, k.resource_type, k.id_prefix)
                    && versions[p.index as usize].key.resource_id
                        == versions[k.index as usize].key.resource_id
            };
            if same {
                *current.last_mut().expect("checked non-empty") = k.index;
            } else {
                let rank = k.resource_type as usize;
                if by_type_rank.len() <= rank {
                    by_type_rank.resize_with(rank + 1, Default::default);
                }
                let (example, list) = &mut by_type_rank[rank];
                example.get_or_insert(k.index);
                list.push(u32::try_from(current.len()).expect("fewer than 2^32 resources"));
                current.push(k.index);
                history_start.push(u32::try_from(n).expect("fewer than 2^32 items"));
            }
        }
        drop(keys);
        history_start.push(u32::try_from(order.len()).expect("fewer than 2^32 items"));
        let history = order;
        let by_type: BTreeMap<Arc<str>, Vec<u32>> = by_type_rank
            .into_iter()
            .filter_map(|(example, list)| {
                let ty = &versions[example? as usize].key.resource_type;
                Some((Arc::clone(ty), list))
            })
            .collect();
        let current_items: Vec<&ConfigItem> =
            current.iter().map(|&i| &versions[i as usize]).collect();
        let graph = graph::build(&current_items);
        Self {
            versions,
            current,
            history,
            history_start,
            by_type,
            graph,
            files,
            problems,
            cloudtrail,
            derived: DerivedFacts::default(),
        }
    }

    /// The facts `T` derives from this inventory, built on first use by one thread
    /// (others needing them wait) and kept.
    pub fn derived<T: Derived>(&self) -> Arc<T> {
        let cell = Arc::clone(
            self.derived
                .0
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .entry(TypeId::of::<T>())
                .or_default(),
        );
        let value = cell.get_or_init(|| Arc::new(T::derive(self)));
        Arc::clone(value)
            .downcast::<T>()
            .unwrap_or_else(|_| unreachable!("stored under its own TypeId"))
    }

    /// How many kinds of derived facts have been built so far: rules build theirs in
    /// [`Evaluate::prepare`](crate::rules::Evaluate::prepare), and a test checks that
    /// evaluating builds no more.
    pub fn derived_facts(&self) -> usize {
        self.derived
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .values()
            .filter(|cell| cell.get().is_some())
            .count()
    }

    /// Drops every item's decoded values (see [`ConfigItem::forget_decoded`]).
    pub fn forget_decoded(&mut self) {
        self.versions
            .par_iter_mut()
            .with_min_len(4096)
            .for_each(ConfigItem::forget_decoded);
    }

    /// Drops the decoded values of the current resources at `positions` (see
    /// [`ConfigItem::take_decoded`]), freeing them on every thread of the pool. Returns
    /// how many bytes of JSON text they had been decoded from.
    pub fn forget_decoded_at(&mut self, positions: impl Iterator<Item = u32>) -> usize {
        let mut indices: Vec<usize> = positions
            .filter_map(|pos| self.current.get(pos as usize).map(|&i| i as usize))
            .collect();
        indices.sort_unstable();
        indices.dedup();
        // The items, borrowed apart in index order, so that threads can take from them.
        let mut items: Vec<&mut ConfigItem> = Vec::with_capacity(indices.len());
        let mut rest: &mut [ConfigItem] = &mut self.versions;
        let mut rest_start = 0;
        for i in indices {
            let Some((item, tail)) = std::mem::take(&mut rest)
                .split_at_mut_checked(i - rest_start)
                .and_then(|(_, from_item)| from_item.split_first_mut())
            else {
                break;
            };
            items.push(item);
            rest = tail;
            rest_start = i + 1;
        }
        items
            .into_par_iter()
            .with_min_len(64)
            .map(|item| item.take_decoded().text_bytes())
            .sum()
    }

    /// Current resources, sorted by key.
    pub fn resources(&self) -> impl ExactSizeIterator<Item = &ConfigItem> + '_ {
        self.current.iter().map(|&i| &self.versions[i as usize])
    }

    pub fn len(&self) -> usize {
        self.current.len()
    }

    pub fn is_empty(&self) -> bool {
        self.current.is_empty()
    }

    /// The current resource at position `pos` of [`Self::resources`].
    pub fn resource(&self, pos: u32) -> Option<&ConfigItem> {
        self.current
            .get(pos as usize)
            .map(|&i| &self.versions[i as usize])
    }

    /// Every version loaded, current or not.
    pub fn all_versions(&self) -> &[ConfigItem] {
        &self.versions
    }

    /// Current resources of one type, sorted by key.
    pub fn of_type<'a>(&'a self, resource_type: &str) -> impl Iterator<Item = &'a ConfigItem> + 'a {
        self.by_type
            .get(resource_type)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter_map(|&p| self.resource(p))
    }

    /// Positions (for [`Self::resource`]) of the current resources of one type.
    pub fn positions_of_type(&self, resource_type: &str) -> &[u32] {
        self.by_type
            .get(resource_type)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// Current resources of one type in one account (and Region), found by binary search:
    /// a type's positions are sorted by key, so one account's (and Region's) resources
    /// are contiguous. Joins use this instead of scanning every account.
    pub fn of_type_in<'a>(
        &'a self,
        resource_type: &str,
        account: &str,
        region: Option<&str>,
    ) -> impl Iterator<Item = &'a ConfigItem> + 'a {
        let list = self.positions_of_type(resource_type);
        let key = |p: u32| {
            let k = &self.versions[self.current[p as usize] as usize].key;
            (&*k.account, &*k.region)
        };
        let (lo, hi) = match region {
            Some(r) => (
                list.partition_point(|&p| key(p) < (account, r)),
                list.partition_point(|&p| key(p) <= (account, r)),
            ),
            None => (
                list.partition_point(|&p| key(p).0 < account),
                list.partition_point(|&p| key(p).0 <= account),
            ),
        };
        list[lo..hi].iter().filter_map(|&p| self.resource(p))
    }

    /// Resource types present, sorted, with their counts.
    pub fn types(&self) -> impl Iterator<Item = (&str, usize)> + '_ {
        self.by_type.iter().map(|(t, v)| (&**t, v.len()))
    }

    /// The position of a resource by key.
    pub fn position(&self, key: &ResourceKey) -> Option<u32> {
        self.current
            .binary_search_by(|&i| self.versions[i as usize].key.cmp(key))
            .ok()
            .and_then(|p| u32::try_from(p).ok())
    }

    /// Finds resources by `type/id`, ARN, id or name (in that order of preference).
    pub fn find(&self, query: &str) -> Vec<u32> {
        let matches = |f: &dyn Fn(&ConfigItem) -> bool| -> Vec<u32> {
            self.resources()
                .enumerate()
                .filter(|(_, item)| f(item))
                .filter_map(|(p, _)| u32::try_from(p).ok())
                .collect()
        };
        if let Some((ty, id)) = query.split_once('/').filter(|(ty, _)| ty.contains("::")) {
            let found = matches(&|i| &*i.key.resource_type == ty && &*i.key.resource_id == id);
            if !found.is_empty() {
                return found;
            }
        }
        for f in [
            &(|i: &ConfigItem| i.arn.as_deref() == Some(query)) as &dyn Fn(&ConfigItem) -> bool,
            &|i: &ConfigItem| &*i.key.resource_id == query,
            &|i: &ConfigItem| i.name.as_deref() == Some(query),
        ] {
            let found = matches(f);
            if !found.is_empty() {
                return found;
            }
        }
        Vec::new()
    }

    /// Every version of the resource at `pos`, oldest first.
    pub fn history(&self, pos: u32) -> impl Iterator<Item = &ConfigItem> + '_ {
        let pos = pos as usize;
        let range = match (self.history_start.get(pos), self.history_start.get(pos + 1)) {
            (Some(&a), Some(&b)) => a as usize..b as usize,
            _ => 0..0,
        };
        self.history[range]
            .iter()
            .map(|&i| &self.versions[i as usize])
    }

    fn link<'a>(&'a self, n: Neighbor<'a>) -> Link<'a> {
        Link {
            node: self.related(n.node),
            verb: n.edge.verb,
            inferred: n.edge.inferred,
            name: &n.edge.name,
        }
    }

    fn related<'a>(&'a self, n: NodeRef<'a>) -> Related<'a> {
        match n {
            NodeRef::Resource(p) => self.resource(p).map_or_else(
                || unreachable!("graph nodes index current resources"),
                Related::Resource,
            ),
            NodeRef::Unresolved(u) => Related::Unresolved(u),
        }
    }

    /// Neighbours of a resource through its outgoing edges, optionally only those with a
    /// verb and a target type, sorted by type and id.
    pub fn related_to(
        &self,
        pos: u32,
        verb: Option<Verb>,
        target_type: Option<&str>,
    ) -> Vec<Link<'_>> {
        let mut links: Vec<Link<'_>> = self
            .graph
            .outgoing(pos)
            .map(|n| self.link(n))
            .filter(|l| verb.is_none_or(|v| v == l.verb))
            .filter(|l| target_type.is_none_or(|t| t == l.node.resource_type()))
            .collect();
        sort_links(&mut links);
        links
    }

    /// Edges pointing at a resource, sorted by source type and id.
    pub fn incoming(&self, pos: u32) -> Vec<Link<'_>> {
        let mut links: Vec<Link<'_>> = self.graph.incoming(pos).map(|n| self.link(n)).collect();
        sort_links(&mut links);
        links
    }

    /// Simple paths between two resources, at most `max_hops` edges, shortest first.
    pub fn paths(&self, from: u32, to: u32, max_hops: usize) -> Vec<Vec<Related<'_>>> {
        self.graph
            .paths(from, to, max_hops)
            .into_iter()
            .map(|p| p.into_iter().map(|n| self.related(n)).collect())
            .collect()
    }

    pub fn graph_stats(&self) -> graph::GraphStats {
        self.graph.stats()
    }

    pub fn unresolved(&self) -> Vec<&Unresolved> {
        self.graph.unresolved()
    }

    /// Every edge, for export.
    pub fn edges(&self) -> Vec<(Related<'_>, Related<'_>, &graph::EdgeData)> {
        self.graph
            .all_edges()
            .into_iter()
            .map(|(a, b, e)| (self.related(a), self.related(b), e))
            .collect()
    }
}

/// What the versions are sorted by: the key, with its interned parts replaced by their
/// rank among the distinct values and the id's first eight bytes as a number, so that
/// nearly every comparison is of integers in a compact array. The order is exactly that
/// of (key, version order, input order).
struct SortKey {
    account: u32,
    region: u32,
    resource_type: u32,
    id_prefix: u64,
    index: u32,
}

/// The rank of each distinct value, in string order.
fn ranks<'a>(values: impl Iterator<Item = &'a str>) -> HashMap<&'a str, u32, FxBuild> {
    let mut distinct: Vec<&str> = values
        .collect::<HashSet<&str, FxBuild>>()
        .into_iter()
        .collect();
    distinct.sort_unstable();
    distinct.into_iter().zip(0..).collect()
}

/// The first eight bytes of `s`, big-endian, zero-padded: ordered like `s` itself up to
/// ties.
fn prefix(s: &str) -> u64 {
    let mut word = [0u8; 8];
    let n = s.len().min(8);
    word[..n].copy_from_slice(&s.as_bytes()[..n]);
    u64::from_be_bytes(word)
}

fn sort_keys(versions: &[ConfigItem]) -> Vec<SortKey> {
    let accounts = ranks(versions.iter().map(|v| &*v.key.account));
    let regions = ranks(versions.iter().map(|v| &*v.key.region));
    let types = ranks(versions.iter().map(|v| &*v.key.resource_type));
    let mut keys: Vec<SortKey> = versions
        .par_iter()
        .enumerate()
        .map(|(i, v)| SortKey {
            account: accounts[&*v.key.account],
            region: regions[&*v.key.region],
            resource_type: types[&*v.key.resource_type],
            id_prefix: prefix(&v.key.resource_id),
            index: u32::try_from(i).expect("fewer than 2^32 items"),
        })
        .collect();
    keys.par_sort_unstable_by(|a, b| {
        (a.account, a.region, a.resource_type, a.id_prefix)
            .cmp(&(b.account, b.region, b.resource_type, b.id_prefix))
            .then_with(|| {
                let (x, y) = (&versions[a.index as usize], &versions[b.index as usize]);
                x.key
                    .resource_id
                    .cmp(&y.key.resource_id)
                    .then_with(|| x.version_order(y))
            })
            .then(a.index.cmp(&b.index))
    });
    keys
}

fn sort_links(links: &mut [Link<'_>]) {
    links.sort_by(|a, b| {
        (a.node.resource_type(), a.node.label(), a.verb).cmp(&(
            b.node.resource_type(),
            b.node.label(),
            b.verb,
        ))
    });
}
