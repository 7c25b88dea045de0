use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};

/// Shares one allocation per distinct account, Region and type string: a million items
/// carry a few hundred distinct values, and sharing them keeps keys cheap to clone.
#[derive(Debug, Default)]
pub(crate) struct Interner {
    strings: Mutex<HashSet<Arc<str>>>,
}

impl Interner {
    pub(crate) fn intern(&self, s: &str) -> Arc<str> {
        let mut set = self.strings.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(existing) = set.get(s) {
            return Arc::clone(existing);
        }
        let new: Arc<str> = Arc::from(s);
        set.insert(Arc::clone(&new));
        new
    }
}
