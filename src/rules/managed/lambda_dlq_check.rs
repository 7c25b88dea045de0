use crate::rules::prelude::*;
use crate::rules::support::config_path;
use crate::rules::support::kms::non_blank;
use crate::rules::support::more::config_field;

declare_managed_rule! {
    /// Whether Lambda functions have a dead-letter queue (optionally one of a list).
    ///
    /// ## What it checks
    /// The function's `deadLetterConfig.targetArn` (an SQS queue or SNS topic), and, when
    /// `dlqArns` is given, whether it is listed.
    ///
    /// ## Compliance
    /// - `NON_COMPLIANT`: no dead-letter target; or `dlqArns` is given and the target is
    ///   not listed. Evidence: `$.configuration.deadLetterConfig.targetArn`.
    /// - `COMPLIANT`: the function has a (listed) dead-letter target.
    /// - `NOT_APPLICABLE`: the configuration item is deleted.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/lambda-dlq-check.html>
    pub LambdaDlqCheck {
        identifier: "LAMBDA_DLQ_CHECK",
        name: "lambda-dlq-check",
        resource_types: &["AWS::Lambda::Function"],
        scope: Scope::Resource,
        trigger: Trigger::ConfigurationChanges,
        severity: Severity::Low,
        fidelity: Fidelity::Exact,
        needs: &[],
        parameters: &[
            ParamSpec::csv("dlqArns").doc("Comma-separated list of Amazon SQS and Amazon SNS ARNs that must be configured as the Lambda function dead-letter queue target."),
        ],
    }
}

impl Evaluate for LambdaDlqCheck {
    fn evaluate(&self, item: &ConfigItem, cx: &RuleContext<'_>) -> Verdict {
        let (path, target) = config_field(item, &["deadLetterConfig.targetArn", "DeadLetterConfig.TargetArn"]);
        let Some(arn) = non_blank(target) else {
            return Verdict::non_compliant(
                "the function has no dead-letter queue",
                Evidence::at(config_path(path), target.clone()),
            );
        };
        let wanted = cx.params().list("dlqArns");
        if wanted.is_empty() || wanted.iter().any(|w| w.trim() == arn) {
            Verdict::compliant(format!("the function sends failed events to {arn}"))
        } else {
            Verdict::non_compliant(
                format!("the dead-letter target {arn} is not one of {}", wanted.join(", ")),
                Evidence::at(config_path(path), arn),
            )
        }
    }
}
