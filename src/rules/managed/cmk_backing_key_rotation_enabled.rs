use crate::rules::prelude::*;
use crate::rules::support::kms::non_blank;
use crate::rules::support::{as_bool, supplementary_path};

declare_managed_rule! {
    /// Whether automatic rotation is enabled for customer managed KMS keys.
    ///
    /// ## What it checks
    /// `supplementaryConfiguration.KeyRotationStatus` of each customer managed,
    /// symmetric encryption key whose material KMS generated.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: `KeyRotationStatus` is false. Evidence: its path and value.
    /// - `COMPLIANT`: `KeyRotationStatus` is true.
    /// - `INSUFFICIENT_DATA`: a rotatable key without `KeyRotationStatus`.
    /// - `NOT_APPLICABLE`: keys that cannot have automatic rotation: AWS managed keys
    ///   (`keyManager` `AWS`), asymmetric and HMAC keys (`keySpec` other than
    ///   `SYMMETRIC_DEFAULT`), keys with imported material or in a custom key store
    ///   (`origin` other than `AWS_KMS`, or `customKeyStoreId` set), keys pending
    ///   deletion; and deleted configuration items.
    ///
    /// ## Differences from AWS
    /// AWS documents only customer-created keys and rotation on/off. Treating keys that
    /// cannot rotate (and keys pending deletion) as NOT_APPLICABLE rather than
    /// NON_COMPLIANT is our choice. AWS's NON_COMPLIANT for a recorder role without
    /// `kms:DescribeKey` has no offline equivalent.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/cmk-backing-key-rotation-enabled.html>
    /// - <https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html>
    pub CmkBackingKeyRotationEnabled {
        identifier: "CMK_BACKING_KEY_ROTATION_ENABLED",
        name: "cmk-backing-key-rotation-enabled",
        resource_types: &["AWS::KMS::Key"],
        scope: Scope::Resource,
        trigger: Trigger::Periodic,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate("keys that cannot rotate and keys pending deletion are NOT_APPLICABLE"),
        needs: &[],
        parameters: &[],
    }
}

/// Why the key cannot have automatic rotation, if so.
fn not_rotatable(item: &ConfigItem) -> Option<String> {
    let text = |k: &str| item.config_at(k).as_str().unwrap_or("");
    if text("keyManager").eq_ignore_ascii_case("AWS") {
        return Some("an AWS managed key (rotated by AWS)".to_owned());
    }
    if matches!(text("keyState"), "PendingDeletion" | "PendingReplicaDeletion") {
        return Some(format!("a key pending deletion (keyState {})", text("keyState")));
    }
    let spec = non_blank(item.config_at("keySpec"))
        .or_else(|| non_blank(item.config_at("customerMasterKeySpec")))
        .unwrap_or("SYMMETRIC_DEFAULT");
    if spec != "SYMMETRIC_DEFAULT" {
        return Some(format!("a {spec} key (only symmetric encryption keys rotate)"));
    }
    let origin = non_blank(item.config_at("origin")).unwrap_or("AWS_KMS");
    if origin != "AWS_KMS" {
        return Some(format!("a key with origin {origin} (imported or custom key store material)"));
    }
    non_blank(item.config_at("customKeyStoreId"))
        .map(|store| format!("a key in custom key store {store}"))
}

impl Evaluate for CmkBackingKeyRotationEnabled {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        if let Some(why) = not_rotatable(item) {
            return Verdict::not_applicable(format!("automatic rotation does not apply to {why}"));
        }
        let status = item.supplementary_at("KeyRotationStatus");
        match as_bool(status) {
            Some(true) => Verdict::compliant("automatic key rotation is enabled"),
            Some(false) => Verdict::non_compliant(
                "automatic key rotation is not enabled (KeyRotationStatus: false)",
                Evidence::at(supplementary_path("KeyRotationStatus"), status.clone()),
            ),
            None => Verdict::insufficient_data("the key records no KeyRotationStatus"),
        }
    }
}
