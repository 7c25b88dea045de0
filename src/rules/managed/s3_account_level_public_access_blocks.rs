use crate::rules::prelude::*;
use crate::rules::support::config_path;
use crate::rules::support::s3::{BlockPublicAccess, account_bpa_mismatch, flag_parameter};

declare_managed_rule! {
    /// Whether the account-level S3 Block Public Access settings are the required ones
    /// (change-triggered, per `AWS::S3::AccountPublicAccessBlock` item).
    ///
    /// ## What it checks
    /// Whether the `AWS::S3::AccountPublicAccessBlock` item has `blockPublicAcls`,
    /// `ignorePublicAcls`, `blockPublicPolicy` and `restrictPublicBuckets` equal to the
    /// parameters (all `True` by default).
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: a flag differs from its parameter (a missing flag counts as
    ///   false). Evidence: the flag's path and value.
    /// - `COMPLIANT`: every flag equals its parameter.
    /// - `INSUFFICIENT_DATA`: the item records none of the four flags (Block Public Access
    ///   is not enabled for the account).
    /// - `NOT_APPLICABLE`: the item is deleted (the account's settings were removed).
    ///
    /// ## Differences from AWS
    /// AWS returns INSUFFICIENT_DATA when Block Public Access is not enabled because the
    /// rule is never invoked: there is no item to evaluate. Offline, an input without an
    /// `AWS::S3::AccountPublicAccessBlock` item likewise yields no evaluation for this
    /// rule; use `s3-account-level-public-access-blocks-periodic`, which reports the
    /// missing setting on the account. A parameter set to `False` requires the flag to
    /// be off, as AWS documents "do not match".
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/s3-account-level-public-access-blocks.html>
    pub S3AccountLevelPublicAccessBlocks {
        identifier: "S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS",
        name: "s3-account-level-public-access-blocks",
        resource_types: &["AWS::S3::AccountPublicAccessBlock"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::High,
        fidelity: Fidelity::Exact,
        needs: &[],
        parameters: &[
            ParamSpec::bool("IgnorePublicAcls").default("True").doc("Required value of IgnorePublicAcls."),
            ParamSpec::bool("BlockPublicPolicy").default("True").doc("Required value of BlockPublicPolicy."),
            ParamSpec::bool("BlockPublicAcls").default("True").doc("Required value of BlockPublicAcls."),
            ParamSpec::bool("RestrictPublicBuckets").default("True").doc("Required value of RestrictPublicBuckets."),
        ],
    }
}

impl Evaluate for S3AccountLevelPublicAccessBlocks {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let Some(actual) = BlockPublicAccess::from_value(item.configuration()) else {
            return Verdict::insufficient_data(
                "the item records no Block Public Access flag: S3 Block Public Access is not enabled for the account",
            );
        };
        let required = |flag: &str| cx.params().bool(&flag_parameter(flag));
        match account_bpa_mismatch(&actual, required) {
            Some((flag, want, have)) => Verdict::non_compliant(
                format!("account-level {} is {have}, required {want}", flag_parameter(flag)),
                Evidence::at(config_path(flag), have),
            ),
            None => Verdict::compliant("account-level Block Public Access matches the parameters"),
        }
    }
}
