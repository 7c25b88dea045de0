//! Applies a diff to a value. Used to prove the differ: `apply(a, diff(a, b)) == b` up to
//! empty values and the order of identity-matched lists.

use serde_json::{Map, Value};

use super::{Change, ChangeKind, Segment, identity};

fn child<'v>(v: &'v mut Value, seg: &Segment, create: bool) -> Option<&'v mut Value> {
    match seg {
        Segment::Key(k) => {
            if create && !v.is_object() {
                *v = Value::Object(Map::new());
            }
            let map = v.as_object_mut()?;
            if create {
                Some(map.entry(k.clone()).or_insert(Value::Null))
            } else {
                map.get_mut(k)
            }
        }
        Segment::Index(i) => {
            if create && !v.is_array() {
                *v = Value::Array(Vec::new());
            }
            let list = v.as_array_mut()?;
            if create && list.len() <= *i {
                list.resize(*i + 1, Value::Null);
            }
            list.get_mut(*i)
        }
        Segment::Id(id) => {
            if create && !v.is_array() {
                *v = Value::Array(Vec::new());
            }
            let list = v.as_array_mut()?;
            let pos = list.iter().position(|e| identity(e).as_deref() == Some(id));
            match (pos, create) {
                (Some(p), _) => list.get_mut(p),
                (None, true) => {
                    list.push(Value::Null);
                    list.last_mut()
                }
                (None, false) => None,
            }
        }
    }
}

/// Walks to the parent of a change, creating what is missing.
fn descend<'v>(mut cur: &'v mut Value, parents: &[Segment]) -> Option<&'v mut Value> {
    for seg in parents {
        cur = child(cur, seg, true)?;
    }
    Some(cur)
}

/// Applies `changes` (as produced by [`super::diff_values`] with the same root) to `root`.
pub fn apply(root: &mut Value, changes: &[Change]) {
    for c in changes {
        let Some((last, parents)) = c.segments.split_last() else {
            *root = c.new.clone().unwrap_or(Value::Null);
            continue;
        };
        let Some(cur) = descend(root, parents) else {
            continue;
        };
        match c.kind {
            ChangeKind::Added | ChangeKind::Changed => {
                if let Some(slot) = child(cur, last, true) {
                    *slot = c.new.clone().unwrap_or(Value::Null);
                }
            }
            ChangeKind::Removed => match (cur, last) {
                (Value::Object(map), Segment::Key(k)) => {
                    map.remove(k);
                }
                (Value::Array(list), Segment::Id(id)) => {
                    list.retain(|e| identity(e).as_deref() != Some(id));
                }
                (Value::Array(list), Segment::Index(i)) => {
                    if let Some(slot) = list.get_mut(*i) {
                        *slot = Value::Null;
                    }
                }
                _ => {}
            },
        }
    }
    trim_trailing_nulls(root);
}

/// Positional removals leave `null`s at the end of lists; drop them.
fn trim_trailing_nulls(v: &mut Value) {
    match v {
        Value::Array(list) => {
            while list.last().is_some_and(Value::is_null) {
                list.pop();
            }
            list.iter_mut().for_each(trim_trailing_nulls);
        }
        Value::Object(map) => map.values_mut().for_each(trim_trailing_nulls),
        _ => {}
    }
}
