//! AWS Config custom policy rules (`Owner: CUSTOM_POLICY`, `PolicyRuntime: guard-2.x.x`):
//! a CloudFormation Guard policy evaluated against each in-scope configuration item.
//!
//! **Unsupported.** The only Guard evaluator is the `cfn-guard` crate (3.2.1), and it
//! cannot be embedded cleanly:
//! - it enables serde_json's `preserve_order` feature, which Cargo unifies across the
//!   build, so every JSON map in cfgaudit (reports, normalized items, goldens) would
//!   change from sorted to insertion order;
//! - it is the Guard command line as a library: clap, clap_complete, colored, ripgrep's
//!   grep-* crates, wasm-bindgen, the rstest test framework (as a normal dependency),
//!   the deprecated serde_yaml with unsafe-libyaml, and second major versions of
//!   indexmap and thiserror: 58 crates cfgaudit does not otherwise build;
//! - its library entry point (`run_checks`) takes the data and the rules as text and
//!   returns a JSON report as text, so every item would be serialised, re-parsed as
//!   YAML-or-JSON and the report parsed back.
//!
//! So a Guard rule is reported as `unsupported` with [`UNSUPPORTED_REASON`], its policy
//! text preserved, rather than silently dropped or approximated. The semantics to
//! implement when this changes are in [`compile_policy`]'s docs.

use std::fmt;
use std::sync::Arc;

use crate::engine::Listed;
use crate::report::RuleStatus;

/// The runtime AWS accepts for custom policy rules (botocore pattern `guard\-2\.x\.x`).
pub const GUARD_RUNTIME: &str = "guard-2.x.x";

/// Why Guard policies are not evaluated, for reports.
pub const UNSUPPORTED_REASON: &str = "CloudFormation Guard policies are not evaluated: the cfn-guard crate \
     cannot be embedded cleanly (it switches serde_json to insertion-ordered maps for the whole build \
     and brings the Guard CLI's dependency tree); the policy text is preserved";

/// A custom policy rule as a conformance pack declares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuardPolicy {
    /// The pack's `ConfigRuleName`.
    pub config_rule_name: String,
    /// `Source.CustomPolicyDetails.PolicyRuntime`.
    pub runtime: String,
    /// `Source.CustomPolicyDetails.PolicyText`, verbatim.
    pub policy_text: String,
    /// `Scope.ComplianceResourceTypes`.
    pub resource_types: Vec<String>,
}

/// Why a policy cannot be run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported {
    pub config_rule_name: String,
    pub reason: String,
    /// The policy text, kept so the report can show what was not evaluated.
    pub policy_text: String,
}

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.config_rule_name, self.reason)
    }
}

impl std::error::Error for Unsupported {}

impl Unsupported {
    /// The report row for the rule (status `unsupported`, the reason as its note).
    pub fn listed(&self) -> Listed {
        Listed {
            identifier: Arc::from("CUSTOM_POLICY"),
            config_rule_name: Some(Arc::from(self.config_rule_name.as_str())),
            status: RuleStatus::Unsupported,
            note: self.reason.clone(),
        }
    }
}

/// Compiles a Guard policy into a rule the engine can run.
///
/// With an evaluator, the semantics would be AWS's: the policy is evaluated against each
/// in-scope item in snapshot naming (`resourceType`, `configuration`,
/// `supplementaryConfiguration`, `tags`, `relationships`); every Guard rule PASS →
/// COMPLIANT, any FAIL → NON_COMPLIANT (annotated with the failing rule's `<< … >>`
/// message), every rule SKIP → NOT_APPLICABLE. Today it always answers
/// [`Unsupported`] (see the module docs); a runtime other than `guard-2.x.x` is
/// unsupported whatever happens.
pub fn compile_policy(policy: &GuardPolicy) -> Result<crate::engine::RuleRef, Unsupported> {
    let reason = if policy.runtime.trim() == GUARD_RUNTIME {
        UNSUPPORTED_REASON.to_owned()
    } else {
        format!(
            "policy runtime `{}` is not `{GUARD_RUNTIME}`, the only runtime AWS Config accepts",
            policy.runtime
        )
    };
    Err(Unsupported {
        config_rule_name: policy.config_rule_name.clone(),
        reason,
        policy_text: policy.policy_text.clone(),
    })
}

/// The `<< … >>` custom messages of a policy, trimmed, in order: what an evaluator would
/// surface as annotations. Exposed so a report can show them for unsupported rules.
pub fn custom_messages(policy_text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = policy_text;
    while let Some(start) = rest.find("<<") {
        let after = &rest[start + 2..];
        let Some(end) = after.find(">>") else { break };
        let msg = after[..end]
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        out.push(msg);
        rest = &after[end + 2..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policies_are_reported_unsupported_with_text_kept() {
        let p = GuardPolicy {
            config_rule_name: "aiml-sagemaker-endpoint-network-isolation".into(),
            runtime: "guard-2.x.x".into(),
            policy_text: "rule check { configuration.EnableNetworkIsolation == true\n  <<\n    Violation: Network isolation must be enabled\n    Fix: Enable NetworkIsolation\n  >>\n}\n".into(),
            resource_types: vec!["AWS::SageMaker::EndpointConfig".into()],
        };
        let Err(e) = compile_policy(&p) else {
            panic!("guard is unsupported")
        };
        assert!(e.reason.contains("cfn-guard"));
        assert_eq!(e.policy_text, p.policy_text);
        let row = e.listed();
        assert_eq!(row.status, RuleStatus::Unsupported);
        assert_eq!(
            custom_messages(&p.policy_text),
            ["Violation: Network isolation must be enabled Fix: Enable NetworkIsolation"]
        );
        let other = GuardPolicy {
            runtime: "guard-1.0".into(),
            ..p
        };
        assert!(
            compile_policy(&other)
                .unwrap_err()
                .reason
                .contains("guard-1.0")
        );
    }
}
