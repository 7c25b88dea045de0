use chrono::{DateTime, Utc};

use super::ValidParams;
use crate::model::{ConfigItem, Verb};
use crate::{Inventory, Link};

/// What a rule may read besides the item: the inventory (indexes and graph), the
/// evaluation time and its validated parameters. Rules never read the clock or files.
#[derive(Clone, Copy)]
pub struct RuleContext<'a> {
    pub inventory: &'a Inventory,
    now: DateTime<Utc>,
    params: &'a ValidParams,
    position: Option<u32>,
}

/// The account (and Region, for Region-level rules) an account-scope rule evaluates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccountScope<'a> {
    pub account: &'a str,
    /// `None` for account-wide rules (IAM).
    pub region: Option<&'a str>,
}

impl AccountScope<'_> {
    /// Whether an item belongs to this scope. Global (IAM) items belong to every Region.
    pub fn contains(&self, item: &ConfigItem) -> bool {
        &*item.key.account == self.account
            && self
                .region
                .is_none_or(|r| &*item.key.region == r || &*item.key.region == "global")
    }
}

impl<'a> RuleContext<'a> {
    pub fn new(inventory: &'a Inventory, now: DateTime<Utc>, params: &'a ValidParams) -> Self {
        Self {
            inventory,
            now,
            params,
            position: None,
        }
    }

    #[must_use]
    pub fn at_position(mut self, position: u32) -> Self {
        self.position = Some(position);
        self
    }

    /// The position of the evaluated item in the inventory (`Inventory::resource`),
    /// when the engine set one.
    pub fn position(&self) -> Option<u32> {
        self.position
    }

    pub fn params(&self) -> &'a ValidParams {
        self.params
    }

    /// The evaluation time: `--at`, or the case's `now`.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// Neighbours of the evaluated item through its outgoing edges (recorded or inverse).
    pub fn related(&self, verb: Option<Verb>, target_type: Option<&str>) -> Vec<Link<'a>> {
        self.position
            .map(|p| self.inventory.related_to(p, verb, target_type))
            .unwrap_or_default()
    }

    /// Current items of a type inside an account scope.
    pub fn items_in<'s>(
        &'s self,
        resource_type: &'s str,
        scope: &'s AccountScope<'s>,
    ) -> impl Iterator<Item = &'a ConfigItem> + 's {
        let regional = self
            .inventory
            .of_type_in(resource_type, scope.account, scope.region);
        // Global (IAM) items belong to every Region of their account.
        let global = scope
            .region
            .filter(|r| *r != "global")
            .into_iter()
            .flat_map(move |_| {
                self.inventory
                    .of_type_in(resource_type, scope.account, Some("global"))
            });
        regional.chain(global).filter(move |i| !i.is_deleted())
    }

    /// Current items of a type in the same account and Region as `item` (IAM: account).
    pub fn items_near<'s>(
        &'s self,
        resource_type: &'s str,
        item: &'s ConfigItem,
    ) -> impl Iterator<Item = &'a ConfigItem> + 's {
        let account = &*item.key.account;
        let region = &*item.key.region;
        let regional = self
            .inventory
            .of_type_in(resource_type, account, Some(region));
        let global = (region != "global")
            .then(|| {
                self.inventory
                    .of_type_in(resource_type, account, Some("global"))
            })
            .into_iter()
            .flatten();
        regional.chain(global).filter(|i| !i.is_deleted())
    }

    /// Every version of the evaluated item, oldest first.
    pub fn history(&self) -> Vec<&'a ConfigItem> {
        self.position
            .map(|p| self.inventory.history(p).collect())
            .unwrap_or_default()
    }
}
