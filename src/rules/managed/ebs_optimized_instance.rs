use crate::rules::prelude::*;
use crate::rules::support::more::config_field;
use crate::rules::support::{as_bool, config_path};

declare_managed_rule! {
    /// Whether EBS optimization is enabled on EC2 instances that can be EBS-optimized.
    ///
    /// ## What it checks
    /// The instance's `ebsOptimized` flag and `instanceType`. Instance types that are
    /// EBS-optimized by default are always COMPLIANT (as AWS notes); types for which
    /// EBS optimization is optional must have it enabled.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: `ebsOptimized` is false and the type supports optional EBS
    ///   optimization (previous-generation `c1.xlarge`, `c3.xlarge`–`c3.4xlarge`,
    ///   `g2.2xlarge`, `i2.xlarge`–`i2.4xlarge`, `m1.large`, `m1.xlarge`, `m2.2xlarge`,
    ///   `m2.4xlarge`, `m3.xlarge`, `m3.2xlarge`, `r3.xlarge`–`r3.4xlarge`). Evidence:
    ///   `$.configuration.ebsOptimized`.
    /// - `COMPLIANT`: `ebsOptimized` is true, or the type is EBS-optimized by default
    ///   (current-generation types).
    /// - `NOT_APPLICABLE`: previous-generation types that cannot be EBS-optimized (`t1`,
    ///   `t2` and the other sizes of the families above); a deleted item.
    ///
    /// ## Differences from AWS
    /// AWS looks the instance type up (EC2 `DescribeInstanceTypes`,
    /// `EbsOptimizedSupport`); offline a built-in table of the previous-generation types
    /// with optional EBS optimization (from the EC2 User Guide) decides, and every type
    /// of a family not in it counts as EBS-optimized by default.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/ebs-optimized-instance.html>
    /// - <https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ebs-optimized.html>
    pub EbsOptimizedInstance {
        identifier: "EBS_OPTIMIZED_INSTANCE",
        name: "ebs-optimized-instance",
        resource_types: &["AWS::EC2::Instance"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Low,
        fidelity: Fidelity::Approximate("instance-type support comes from a built-in table of previous-generation types"),
        needs: &[],
        parameters: &[],
    }
}

/// Previous-generation types on which EBS optimization is optional.
const OPTIONAL: [&str; 17] = [
    "c1.xlarge", "c3.xlarge", "c3.2xlarge", "c3.4xlarge", "g2.2xlarge", "i2.xlarge",
    "i2.2xlarge", "i2.4xlarge", "m1.large", "m1.xlarge", "m2.2xlarge", "m2.4xlarge",
    "m3.xlarge", "m3.2xlarge", "r3.xlarge", "r3.2xlarge", "r3.4xlarge",
];

/// Previous-generation families whose other sizes cannot be EBS-optimized.
const PREVIOUS_FAMILIES: [&str; 15] = [
    "t1", "t2", "c1", "c3", "g2", "i2", "m1", "m2", "m3", "r3", "cc1", "cc2", "cg1", "cr1",
    "hi1",
];

impl Evaluate for EbsOptimizedInstance {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        let (path, optimized) = config_field(item, &["ebsOptimized", "EbsOptimized"]);
        let kind = item.config_at("instanceType").as_str().unwrap_or("").trim().to_ascii_lowercase();
        if as_bool(optimized) == Some(true) {
            return Verdict::compliant(format!("the {kind} instance is EBS-optimized"));
        }
        if kind.is_empty() {
            return Verdict::insufficient_data("the item records no instanceType");
        }
        if OPTIONAL.contains(&kind.as_str()) {
            return Verdict::non_compliant(
                format!("EBS optimization is not enabled on the {kind} instance, which supports it"),
                Evidence::at(config_path(path), optimized.clone()),
            );
        }
        let family = kind.split('.').next().unwrap_or("");
        if PREVIOUS_FAMILIES.contains(&family) {
            return Verdict::not_applicable(format!("{kind} instances cannot be EBS-optimized"));
        }
        Verdict::compliant(format!("{kind} instances are EBS-optimized by default"))
    }
}
