//! cfgaudit: an offline compliance checker for AWS Config data.
//!
//! Inputs in every AWS Config delivery format load into one normalized
//! [`model::ConfigItem`] ([`load`]), are indexed with their relationship graph
//! ([`Inventory`]), and are evaluated by rules.

pub mod graph;
pub mod inventory;
pub mod load;
pub mod model;

pub use inventory::{Derived, Inventory, Link, Related};
pub mod cases;
pub mod catalogue;
pub mod cli;
pub mod cloudtrail;
pub mod diff;
pub mod engine;
pub mod output;
pub mod pack;
pub mod report;
pub mod rules;
pub mod store;
pub mod synth;
pub mod timeline;
