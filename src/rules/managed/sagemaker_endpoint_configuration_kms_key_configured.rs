use crate::rules::prelude::*;
use crate::rules::support::more::{config_field, kms_key_verdict};

declare_managed_rule! {
    /// Whether SageMaker endpoint configurations name a KMS key (optionally one of a
    /// list).
    ///
    /// ## What it checks
    /// The endpoint configuration's `KmsKeyId` (the key SageMaker uses for the storage
    /// volumes of the hosting instances), and, when `kmsKeyArns` is given, whether it is
    /// one of those keys.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: `KmsKeyId` is not specified; or `kmsKeyArns` is given and the
    ///   key is none of them (ids, ARNs and aliases compared after resolving aliases
    ///   through the input's `AWS::KMS::Alias` items). Evidence:
    ///   `$.configuration.KmsKeyId`.
    /// - `COMPLIANT`: a (listed) key is configured.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// AWS types `kmsKeyArns` as a String holding a comma-separated list; it is read as
    /// such. The rule is periodic in AWS; offline it reads the recorded item.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/sagemaker-endpoint-configuration-kms-key-configured.html>
    pub SagemakerEndpointConfigurationKmsKeyConfigured {
        identifier: "SAGEMAKER_ENDPOINT_CONFIGURATION_KMS_KEY_CONFIGURED",
        name: "sagemaker-endpoint-configuration-kms-key-configured",
        resource_types: &["AWS::SageMaker::EndpointConfig"],
        scope: Scope::Resource,
        trigger: Trigger::Periodic,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate("aliases are resolved only through AWS::KMS::Alias items in the input"),
        needs: &[],
        parameters: &[
            ParamSpec::csv("kmsKeyArns").doc("Comma-separated list of specific AWS KMS key ARNs allowed for an Amazon SageMaker endpoint configuration."),
        ],
    }
}

impl Evaluate for SagemakerEndpointConfigurationKmsKeyConfigured {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let (path, key) = config_field(item, &["KmsKeyId", "kmsKeyId"]);
        kms_key_verdict(
            cx,
            item,
            path,
            key,
            cx.params().list("kmsKeyArns"),
            "the endpoint configuration",
        )
    }
}
