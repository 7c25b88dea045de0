//! Data rules that need data AWS Config does not record.

#[allow(
    unused_imports,
    reason = "used by the rule declarations as they are added"
)]
use super::super::{Fidelity, Need, ParamSpec, Scope, Severity, Trigger};

super::external_rules! {}
