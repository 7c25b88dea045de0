use crate::rules::prelude::*;
use crate::rules::support::{config_path, item_path, no_items};
use crate::rules::support::s3::{
    ACCOUNT_PUBLIC_ACCESS_BLOCK, BlockPublicAccess, account_block_public_access,
    account_bpa_mismatch, flag_parameter,
};

declare_managed_rule! {
    /// Whether the account-level S3 Block Public Access settings are the required ones
    /// (periodic).
    ///
    /// ## What it checks
    /// Once per account, whether the account's `AWS::S3::AccountPublicAccessBlock` item
    /// has `blockPublicAcls`, `ignorePublicAcls`, `blockPublicPolicy` and
    /// `restrictPublicBuckets` equal to the parameters (all `True` by default).
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: a flag differs from its parameter (a missing flag counts as
    ///   false). Evidence: the flag's path in the `AWS::S3::AccountPublicAccessBlock`
    ///   item and its value. Also NON_COMPLIANT when the input has no current
    ///   `AWS::S3::AccountPublicAccessBlock` item for the account (every flag off).
    /// - `COMPLIANT`: every flag equals its parameter.
    ///
    /// ## Differences from AWS
    /// AWS reads the live setting; offline we read the recorded item (the latest one of
    /// the account when several Regions recorded it). Config records the type only once
    /// Block Public Access has been configured for the account, so when the input holds
    /// none we report NON_COMPLIANT (what AWS reports for an account without the
    /// setting, as S3 then treats every flag as off). If your recorder does not record
    /// `AWS::S3::AccountPublicAccessBlock`, this verdict is a false positive. A parameter
    /// set to `False` requires the flag to be off, as AWS documents "does not match".
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/s3-account-level-public-access-blocks-periodic.html>
    pub S3AccountLevelPublicAccessBlocksPeriodic {
        identifier: "S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC",
        name: "s3-account-level-public-access-blocks-periodic",
        resource_types: &[],
        scope: Scope::Account,
        trigger: Trigger::Periodic,
        severity: Severity::High,
        fidelity: Fidelity::Approximate(
            "an account without a recorded AWS::S3::AccountPublicAccessBlock is NON_COMPLIANT",
        ),
        needs: &[Need::Relationships],
        parameters: &[
            ParamSpec::bool("IgnorePublicAcls").default("True").doc("Required value of IgnorePublicAcls."),
            ParamSpec::bool("BlockPublicPolicy").default("True").doc("Required value of BlockPublicPolicy."),
            ParamSpec::bool("BlockPublicAcls").default("True").doc("Required value of BlockPublicAcls."),
            ParamSpec::bool("RestrictPublicBuckets").default("True").doc("Required value of RestrictPublicBuckets."),
        ],
    }
}

impl Evaluate for S3AccountLevelPublicAccessBlocksPeriodic {
    fn evaluate_account(&self, scope: &AccountScope<'_>, cx: &RuleContext<'_>) -> Verdict {
        let Some(item) = cx
            .items_in(ACCOUNT_PUBLIC_ACCESS_BLOCK, scope)
            .max_by(|a, b| a.version_order(b))
        else {
            return Verdict::non_compliant(
                format!(
                    "account {} has no {ACCOUNT_PUBLIC_ACCESS_BLOCK} item: account-level Block Public Access is not configured (or the type is not recorded)",
                    scope.account
                ),
                no_items(ACCOUNT_PUBLIC_ACCESS_BLOCK, scope.account, None),
            );
        };
        let actual = account_block_public_access(item).unwrap_or_default();
        let required = |flag: &str| cx.params().bool(&flag_parameter(flag));
        match account_bpa_mismatch(&actual, required) {
            Some((flag, want, have)) => Verdict::non_compliant(
                format!(
                    "account-level {} is {have}, required {want} ({ACCOUNT_PUBLIC_ACCESS_BLOCK} recorded in {})",
                    flag_parameter(flag),
                    item.key.region
                ),
                Evidence::at(item_path(item, &config_path(flag)), have),
            ),
            None => Verdict::compliant(format!(
                "account-level Block Public Access matches the parameters ({} of 4 flags on)",
                BlockPublicAccess::FLAGS
                    .iter()
                    .filter(|f| actual.get(f) == Some(true))
                    .count()
            )),
        }
    }
}
