use crate::rules::prelude::*;
use crate::rules::support::kms::non_blank;
use crate::rules::support::more::{config_field, kms_key_verdict};
use crate::rules::support::{as_bool, config_path};

declare_managed_rule! {
    /// Whether Redshift clusters are encrypted with an AWS KMS key (optionally one of a
    /// list).
    ///
    /// ## What it checks
    /// The cluster's `encrypted` flag and `kmsKeyId`, and, when `kmsKeyArns` is given,
    /// whether the key is one of them.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: `encrypted` is not true; the cluster is encrypted with an AWS
    ///   owned key (`kmsKeyId` `AWS_OWNED_KMS_KEY` or missing), not a KMS key of the
    ///   account; or `kmsKeyArns` is given and the key is not listed. Evidence: the
    ///   field's path and value.
    /// - `COMPLIANT`: the cluster is encrypted with a (listed) KMS key.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// AWS does not say how it treats clusters encrypted with the AWS owned key (the
    /// default for new clusters since 2025, recorded as `kmsKeyId`
    /// `AWS_OWNED_KMS_KEY`); we report them NON_COMPLIANT, as they do not use an AWS
    /// KMS key of the account.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/redshift-cluster-kms-enabled.html>
    pub RedshiftClusterKmsEnabled {
        identifier: "REDSHIFT_CLUSTER_KMS_ENABLED",
        name: "redshift-cluster-kms-enabled",
        resource_types: &["AWS::Redshift::Cluster"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate("clusters encrypted with the AWS owned key are NON_COMPLIANT"),
        needs: &[],
        parameters: &[
            ParamSpec::csv("kmsKeyArns").doc("Comma-separated list of AWS KMS key Amazon Resource Names (ARNs) used in Amazon Redshift clusters for encryption."),
        ],
    }
}

impl Evaluate for RedshiftClusterKmsEnabled {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let (path, encrypted) = config_field(item, &["encrypted", "Encrypted"]);
        if as_bool(encrypted) != Some(true) {
            return Verdict::non_compliant(
                format!("the cluster is not encrypted ({path}: {encrypted})"),
                Evidence::at(config_path(path), encrypted.clone()),
            );
        }
        let (path, key) = config_field(item, &["kmsKeyId", "KmsKeyId"]);
        if let Some(k) = non_blank(key)
            && k.eq_ignore_ascii_case("AWS_OWNED_KMS_KEY")
        {
            return Verdict::non_compliant(
                "the cluster is encrypted with the AWS owned key, not an AWS KMS key of the account",
                Evidence::at(config_path(path), k),
            );
        }
        kms_key_verdict(cx, item, path, key, cx.params().list("kmsKeyArns"), "the cluster")
    }
}
