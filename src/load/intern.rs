use std::collections::HashSet;
use std::sync::{Arc, PoisonError, RwLock};

use crate::graph::FxBuild;

/// Shares one allocation per distinct account, Region and type string: a million items
/// carry a few hundred distinct values, and sharing them keeps keys cheap to clone.
///
/// Items are read in parallel and nearly every lookup finds its string, so lookups take
/// a shared lock (a mutex serialised the readers) and hash with FxHash (SipHash was most
/// of the cost for these short strings).
#[derive(Debug, Default)]
pub(crate) struct Interner {
    strings: RwLock<HashSet<Arc<str>, FxBuild>>,
}

impl Interner {
    pub(crate) fn intern(&self, s: &str) -> Arc<str> {
        if let Some(existing) = self
            .strings
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(s)
        {
            return Arc::clone(existing);
        }
        let mut set = self.strings.write().unwrap_or_else(PoisonError::into_inner);
        if let Some(existing) = set.get(s) {
            return Arc::clone(existing);
        }
        let new: Arc<str> = Arc::from(s);
        set.insert(Arc::clone(&new));
        new
    }
}
