use crate::rules::prelude::*;
use crate::rules::support::as_bool;
use crate::rules::support::policy::{Principal, Statement};
use crate::rules::support::s3::{
    POLICY_PATH, bucket_name, bucket_policy, policy_statements,
};

declare_managed_rule! {
    /// Whether S3 bucket policies deny requests that do not use HTTPS.
    ///
    /// ## What it checks
    /// Whether the bucket policy has a statement that explicitly denies HTTP requests:
    /// `Effect: Deny`, condition `Bool` (or `BoolIfExists`) `aws:SecureTransport` =
    /// `false`, a principal that covers everyone (`*` or `{"AWS": "*"}`), actions that
    /// include `s3:GetObject` (`s3:*`, `*`, `s3:Get*`…), and resources that cover the
    /// bucket's objects (`arn:aws:s3:::<bucket>/*` or `*`).
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: the bucket has no policy, or no statement of that form.
    ///   Evidence: the `BucketPolicy` value or the policy's statements.
    /// - `COMPLIANT`: such a statement exists. Evidence: the statement.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## Differences from AWS
    /// AWS does not document how much the deny statement must cover. We accept the
    /// statement CIS v1.4 prescribes (`s3:GetObject` on `<bucket>/*`) as well as AWS's own
    /// example (`s3:*` on the bucket and its objects); a deny limited to other actions
    /// or other principals does not count.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-ssl-requests-only.html>
    /// - <https://repost.aws/knowledge-center/s3-bucket-policy-for-config-rule>
    pub S3BucketSslRequestsOnly {
        identifier: "S3_BUCKET_SSL_REQUESTS_ONLY",
        name: "s3-bucket-ssl-requests-only",
        resource_types: &["AWS::S3::Bucket"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Medium,
        fidelity: Fidelity::Approximate(
            "a public Deny on s3:GetObject for the bucket's objects with aws:SecureTransport false is enough",
        ),
        needs: &[],
        parameters: &[],
    }
}

fn denies_http(s: &Statement<'_>, objects_arn: &str) -> bool {
    s.is_deny()
        && s.principals().iter().any(Principal::is_anyone)
        && s.allows_action("s3:GetObject")
        && s.covers_resource(objects_arn)
        && s.conditions().iter().any(|c| {
            c.base_operator() == "Bool"
                && c.key_is("aws:SecureTransport")
                && !c.values.is_empty()
                && c.values.iter().all(|v| as_bool(v) == Some(false))
        })
}

impl Evaluate for S3BucketSslRequestsOnly {
    fn evaluate(&self, item: &ConfigItem, _cx: &RuleContext<'_>) -> Verdict {
        let Some(policy) = bucket_policy(item) else {
            return Verdict::non_compliant(
                "the bucket has no bucket policy, so HTTP requests are not denied",
                Evidence::at(
                    "$.supplementaryConfiguration.BucketPolicy",
                    item.supplementary_at("BucketPolicy").clone(),
                ),
            );
        };
        let objects = format!("arn:aws:s3:::{}/object-key", bucket_name(item));
        let statements = policy_statements(item);
        match statements.iter().find(|s| denies_http(s, &objects)) {
            Some(s) => Verdict::compliant(format!(
                "bucket policy statement {} denies requests with aws:SecureTransport false",
                s.sid().map_or_else(|| s.path.clone(), |sid| format!("{sid:?}"))
            ))
            .with_evidence(Evidence::at(s.path.clone(), s.raw.clone())),
            None => Verdict::non_compliant(
                format!(
                    "none of the {} bucket policy statements denies HTTP requests (Deny with aws:SecureTransport false for everyone on the objects)",
                    statements.len()
                ),
                Evidence::at(
                    format!("{POLICY_PATH}.Statement"),
                    policy.get("Statement").cloned().unwrap_or(Value::Null),
                ),
            ),
        }
    }
}
