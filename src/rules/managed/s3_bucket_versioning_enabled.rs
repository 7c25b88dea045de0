use crate::rules::prelude::*;
use crate::rules::support::{as_bool, supplementary_path};

declare_managed_rule! {
    /// Whether versioning is enabled for S3 buckets (optionally with MFA delete).
    ///
    /// ## What it checks
    /// Whether `BucketVersioningConfiguration.status` is `Enabled`, and, when
    /// `isMfaDeleteEnabled` is true, whether MFA delete is enabled too.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: the status is `Off` (never enabled) or `Suspended`; or
    ///   `isMfaDeleteEnabled` is true and the bucket's `isMfaDeleteEnabled` is not true.
    ///   Evidence: the status or `isMfaDeleteEnabled`.
    /// - `COMPLIANT`: versioning is enabled (with MFA delete when required).
    /// - `INSUFFICIENT_DATA`: the item has no `BucketVersioningConfiguration`.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// AWS types `isMfaDeleteEnabled` as a string; CIS v1.4 passes `"true"`. We read it
    /// as a boolean in any case (`true`, `True`, `TRUE`); `false` means MFA delete is
    /// not checked (rather than required to be off).
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-versioning-enabled.html>
    pub S3BucketVersioningEnabled {
        identifier: "S3_BUCKET_VERSIONING_ENABLED",
        name: "s3-bucket-versioning-enabled",
        resource_types: &["AWS::S3::Bucket"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate("isMfaDeleteEnabled false does not require MFA delete to be off"),
        needs: &[],
        parameters: &[
            ParamSpec::bool("isMfaDeleteEnabled").doc("Whether MFA delete must also be enabled."),
        ],
    }
}

impl Evaluate for S3BucketVersioningEnabled {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let versioning = item.supplementary_at("BucketVersioningConfiguration");
        if !versioning.is_object() {
            return Verdict::insufficient_data(
                "the item has no BucketVersioningConfiguration",
            );
        }
        let status = versioning.get("status").unwrap_or(&Value::Null);
        if status.as_str() != Some("Enabled") {
            return Verdict::non_compliant(
                format!("versioning is not enabled (status: {status})"),
                Evidence::at(
                    supplementary_path("BucketVersioningConfiguration.status"),
                    status.clone(),
                ),
            );
        }
        if cx.params().bool("isMfaDeleteEnabled") == Some(true) {
            let mfa = versioning.get("isMfaDeleteEnabled").unwrap_or(&Value::Null);
            let on = as_bool(mfa) == Some(true) || mfa.as_str() == Some("Enabled");
            if !on {
                return Verdict::non_compliant(
                    format!("versioning is enabled but MFA delete is not (isMfaDeleteEnabled: {mfa})"),
                    Evidence::at(
                        supplementary_path("BucketVersioningConfiguration.isMfaDeleteEnabled"),
                        mfa.clone(),
                    ),
                );
            }
            return Verdict::compliant("versioning and MFA delete are enabled");
        }
        Verdict::compliant("versioning is enabled")
    }
}
