//! Managed rules that need data AWS Config does not record (the catalogue's EXT flag).
//!
//! They are registered so a conformance pack can name them, and they always answer
//! INSUFFICIENT_DATA with the reason, never a silent pass. They have no logic, so each
//! theme shares one table file instead of a file per rule.

pub mod data;
pub mod iam;
pub mod logging;
pub mod more;
pub mod network;

use super::ManagedRule;

/// Declares metadata-only rules and their theme's `ALL` list.
macro_rules! external_rules {
    ($( $(#[doc = $doc:literal])+ $rule:ident { $($body:tt)* } )*) => {
        $(
            $crate::declare_managed_rule! { $(#[doc = $doc])+ pub $rule { $($body)* } }
            impl $crate::rules::Evaluate for $rule {}
        )*

        /// Every external-data rule of this theme.
        pub static ALL: &[&dyn $crate::rules::ManagedRule] = &[$( &$rule ),*];
    };
}
use external_rules;

/// Every external-data rule.
pub fn all() -> impl Iterator<Item = &'static dyn ManagedRule> {
    [data::ALL, iam::ALL, logging::ALL, more::ALL, network::ALL]
        .into_iter()
        .flatten()
        .copied()
}
