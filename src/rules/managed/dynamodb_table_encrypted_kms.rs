use crate::rules::prelude::*;
use crate::rules::support::config_path;
use crate::rules::support::more::{config_field, kms_key_verdict};

declare_managed_rule! {
    /// Whether DynamoDB tables are encrypted with AWS KMS (optionally with a listed key).
    ///
    /// ## What it checks
    /// The table's server-side encryption description (`ssedescription`, also
    /// `sSEDescription`/`SSEDescription`): `ssetype` `KMS` with status `ENABLED`, and,
    /// when `kmsKeyArns` is given, `kmsmasterKeyArn` among them.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: no SSE description (the table uses the AWS owned key), an SSE
    ///   type other than `KMS`, a status other than `ENABLED`, or a key not in
    ///   `kmsKeyArns`. Evidence: the field's path and value.
    /// - `COMPLIANT`: the table is encrypted with a (listed) KMS key.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// A status of `UPDATING` counts as not enabled.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/dynamodb-table-encrypted-kms.html>
    pub DynamodbTableEncryptedKms {
        identifier: "DYNAMODB_TABLE_ENCRYPTED_KMS",
        name: "dynamodb-table-encrypted-kms",
        resource_types: &["AWS::DynamoDB::Table"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate("an SSE status other than ENABLED counts as not encrypted"),
        needs: &[],
        parameters: &[
            ParamSpec::csv("kmsKeyArns").doc("Comma separated list of AWS KMS key ARNs allowed for encrypting Amazon DynamoDB Tables."),
        ],
    }
}

const SSE: [&str; 3] = ["ssedescription", "sSEDescription", "SSEDescription"];

impl Evaluate for DynamodbTableEncryptedKms {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let (field, sse) = config_field(item, &SSE);
        if !sse.is_object() {
            return Verdict::non_compliant(
                "the table is encrypted with the AWS owned key, not AWS KMS (no SSE description)",
                Evidence::at(config_path(field), sse.clone()),
            );
        }
        let get = |names: &[&'static str]| names.iter().find_map(|n| sse.get(*n).filter(|v| !v.is_null()).map(|v| (*n, v)));
        let (kind_key, kind) = get(&["ssetype", "sSEType", "SSEType"]).unwrap_or(("ssetype", &Value::Null));
        if !kind.as_str().is_some_and(|k| k.eq_ignore_ascii_case("KMS")) {
            return Verdict::non_compliant(
                format!("the table's SSE type is {kind}, not KMS"),
                Evidence::at(config_path(&format!("{field}.{kind_key}")), kind.clone()),
            );
        }
        let (status_key, status) = get(&["status", "Status"]).unwrap_or(("status", &Value::Null));
        if !status.as_str().is_some_and(|s| s.eq_ignore_ascii_case("ENABLED")) {
            return Verdict::non_compliant(
                format!("the table's KMS encryption status is {status}"),
                Evidence::at(config_path(&format!("{field}.{status_key}")), status.clone()),
            );
        }
        let (key_key, key) = get(&["kmsmasterKeyArn", "kMSMasterKeyArn", "KMSMasterKeyArn"])
            .unwrap_or(("kmsmasterKeyArn", &Value::Null));
        kms_key_verdict(
            cx,
            item,
            &format!("{field}.{key_key}"),
            key,
            cx.params().list("kmsKeyArns"),
            "the table",
        )
    }
}
