//! The registry of built-in rules with logic: one line per rule, sorted by file name.
//! A test checks the order, uniqueness and that each file is named after its rule.

use super::ManagedRule;

macro_rules! managed_rules {
    ($($module:ident :: $rule:ident),* $(,)?) => {
        $( pub mod $module; )*

        /// Every rule with logic, in file-name order.
        pub static ALL: &[&dyn ManagedRule] = &[$( &$module::$rule ),*];
    };
}

managed_rules! {
    restricted_ssh::RestrictedSsh,
}
