//! Built-in rules: the AWS Config managed rules, by their AWS identifiers and
//! parameters, and Trusted Advisor style checks.
//!
//! A rule is one file in `managed/` holding its metadata (declared with
//! [`declare_managed_rule!`]), its docs and its logic (an [`Evaluate`] impl), registered
//! by one line in `managed/mod.rs`. Rules never print, read files or read the clock.
//! Logic shared by two or more rules lives in `support/`.

mod context;
pub mod custom;
pub mod external;
pub mod managed;
mod meta;
mod params;
pub mod support;
mod verdict;

use std::sync::LazyLock;

pub use context::{AccountScope, RuleContext};
pub use meta::{Fidelity, Need, ParamKind, ParamSpec, RuleMeta, Scope, Severity, Trigger};
pub use params::{ParamError, ParamValue, PortRange, ValidParams, port_list_text};
pub use verdict::{Compliance, Evidence, MAX_ANNOTATION, Verdict, truncate_annotation};

use crate::Inventory;
use crate::model::ConfigItem;

/// A rule's metadata; implemented by [`declare_managed_rule!`].
pub trait Described {
    fn meta(&self) -> &'static RuleMeta;
}

/// A rule's logic. Resource-scope rules implement `evaluate`; account-scope rules
/// implement `evaluate_account`. Rules whose fidelity is `Unsupported` implement neither:
/// the engine answers INSUFFICIENT_DATA for them.
pub trait Evaluate {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let _ = (item, cx);
        Verdict::error("this rule has no per-resource evaluation")
    }

    fn evaluate_account(&self, scope: &AccountScope<'_>, cx: &RuleContext<'_>) -> Verdict {
        let _ = (scope, cx);
        Verdict::error("this rule has no account-level evaluation")
    }

    /// Builds the facts the rule's joins derive from the whole inventory
    /// ([`Inventory::derived`]) before items are evaluated, so that their parallel work
    /// has every thread; built on first use instead, by one thread in the middle of the
    /// evaluation, they would keep the others waiting.
    fn prepare(&self, inventory: &Inventory) {
        let _ = inventory;
    }
}

/// A registered built-in rule.
pub trait ManagedRule: Described + Evaluate + Sync + Send {}
impl<T: Described + Evaluate + Sync + Send> ManagedRule for T {}

/// Every built-in rule, sorted by identifier.
pub fn registry() -> &'static [&'static dyn ManagedRule] {
    static ALL: LazyLock<Vec<&'static dyn ManagedRule>> = LazyLock::new(|| {
        let mut all: Vec<&'static dyn ManagedRule> = managed::ALL
            .iter()
            .copied()
            .chain(external::all())
            .collect();
        all.sort_by_key(|r| r.meta().identifier);
        all
    });
    &ALL
}

/// Finds a rule by AWS identifier (`INCOMING_SSH_DISABLED`) or rule name (`restricted-ssh`),
/// ignoring case.
pub fn find(id_or_name: &str) -> Option<&'static dyn ManagedRule> {
    registry().iter().copied().find(|r| {
        let m = r.meta();
        m.identifier.eq_ignore_ascii_case(id_or_name) || m.name.eq_ignore_ascii_case(id_or_name)
    })
}

/// What a rule file imports.
pub mod prelude {
    pub use super::support;
    pub use super::{
        AccountScope, Compliance, Described, Evaluate, Evidence, Fidelity, Need, ParamSpec,
        RuleContext, Scope, Severity, Trigger, Verdict,
    };
    pub use crate::Inventory;
    pub use crate::declare_managed_rule;
    pub use crate::model::{ConfigItem, Verb};
    pub use serde_json::{Value, json};
}
