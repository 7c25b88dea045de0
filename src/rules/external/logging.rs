//! Logging rules that need data AWS Config does not record.

#[allow(
    unused_imports,
    reason = "used by the rule declarations as they are added"
)]
use super::super::{Fidelity, Need, ParamSpec, Scope, Severity, Trigger};

super::external_rules! {
    /// Whether a CloudTrail trail records S3 data events for all (or the listed) buckets.
    ///
    /// ## What it checks
    /// Whether at least one trail of the account logs S3 object-level (data) events for
    /// all buckets, or for every bucket in `S3BucketNames`.
    ///
    /// ## Compliance
    /// - `INSUFFICIENT_DATA`: always offline. Data events are configured by a trail's event
    ///   selectors or advanced event selectors (`DataResources` of type
    ///   `AWS::S3::Object`), which the `AWS::CloudTrail::Trail` item does not contain (it
    ///   only says `hasCustomEventSelectors`). CloudTrail GetEventSelectors for each trail
    ///   would decide it.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/cloudtrail-s3-dataevents-enabled.html>
    CloudtrailS3DataeventsEnabled {
        identifier: "CLOUDTRAIL_S3_DATAEVENTS_ENABLED",
        name: "cloudtrail-s3-dataevents-enabled",
        resource_types: &[],
        scope: Scope::Account,
        trigger: Trigger::Periodic,
        severity: Severity::Medium,
        fidelity: Fidelity::Unsupported("needs CloudTrail event selectors (GetEventSelectors: DataResources of type AWS::S3::Object)"),
        needs: &[Need::External("CloudTrail GetEventSelectors for each trail")],
        parameters: &[
            ParamSpec::csv("S3BucketNames")
                .doc("Comma-separated list of S3 bucket names whose data events must be logged; all buckets when absent."),
        ],
    }

    /// Whether AWS Security Hub is enabled in each account and Region.
    ///
    /// ## What it checks
    /// Whether Security Hub is enabled for the account in the Region.
    ///
    /// ## Compliance
    /// - `INSUFFICIENT_DATA`: always offline. There is no Security Hub hub resource type
    ///   in AWS Config; Security Hub DescribeHub in each Region would decide it.
    ///
    /// ## Differences from AWS
    /// `AWS::SecurityHub::Standard` items could hint that Security Hub is on, but whether
    /// AWS Config records them for every enabled hub is unverified, so they are not used.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/securityhub-enabled.html>
    SecurityhubEnabled {
        identifier: "SECURITYHUB_ENABLED",
        name: "securityhub-enabled",
        resource_types: &[],
        scope: Scope::AccountRegion,
        trigger: Trigger::Periodic,
        severity: Severity::Medium,
        fidelity: Fidelity::Unsupported("needs Security Hub DescribeHub (no hub resource type in AWS Config)"),
        needs: &[Need::External("Security Hub DescribeHub for each Region")],
        parameters: &[],
    }

    /// Whether AWS WAFv2 web ACLs have logging enabled.
    ///
    /// ## What it checks
    /// Whether each regional and global WAFv2 web ACL has a logging configuration and,
    /// with `KinesisFirehoseDeliveryStreamArns`, whether it logs to one of those
    /// delivery streams.
    ///
    /// ## Compliance
    /// - `INSUFFICIENT_DATA`: always offline. The logging configuration comes from WAFv2
    ///   GetLoggingConfiguration; real `AWS::WAFv2::WebACL` items do not carry it.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/wafv2-logging-enabled.html>
    Wafv2LoggingEnabled {
        identifier: "WAFV2_LOGGING_ENABLED",
        name: "wafv2-logging-enabled",
        resource_types: &["AWS::WAFv2::WebACL"],
        scope: Scope::Resource,
        trigger: Trigger::Periodic,
        severity: Severity::Low,
        fidelity: Fidelity::Unsupported("needs WAFv2 GetLoggingConfiguration for each web ACL"),
        needs: &[Need::External("WAFv2 GetLoggingConfiguration for each web ACL")],
        parameters: &[
            ParamSpec::csv("KinesisFirehoseDeliveryStreamArns")
                .doc("Comma-separated list of Kinesis Data Firehose delivery stream ARNs the web ACLs must log to."),
        ],
    }

    /// Whether CloudWatch Logs log groups keep their events long enough.
    ///
    /// ## What it checks
    /// Whether the retention of each log group (or of the listed `LogGroupNames`) is at
    /// least `MinRetentionTime` days; "never expire" passes.
    ///
    /// ## Compliance
    /// - `INSUFFICIENT_DATA`: always offline. `AWS::Logs::LogGroup` is not an AWS Config
    ///   resource type; CloudWatch Logs DescribeLogGroups (`retentionInDays`) would decide
    ///   it.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/cw-loggroup-retention-period-check.html>
    CwLoggroupRetentionPeriodCheck {
        identifier: "CW_LOGGROUP_RETENTION_PERIOD_CHECK",
        name: "cw-loggroup-retention-period-check",
        resource_types: &[],
        scope: Scope::AccountRegion,
        trigger: Trigger::Periodic,
        severity: Severity::Low,
        fidelity: Fidelity::Unsupported("needs CloudWatch Logs DescribeLogGroups (retentionInDays); log groups are not recorded by AWS Config"),
        needs: &[Need::External("CloudWatch Logs DescribeLogGroups")],
        parameters: &[
            ParamSpec::csv("LogGroupNames")
                .doc("Comma-separated list of log group names to check; all log groups when absent."),
            ParamSpec::int("MinRetentionTime")
                .range(1, 3653)
                .default("365")
                .doc("Minimum retention in days."),
        ],
    }

    /// Whether CloudWatch Logs log groups are encrypted with a KMS key.
    ///
    /// ## What it checks
    /// Whether each log group is encrypted with a KMS key and, with `KmsKeyId`, with that
    /// key.
    ///
    /// ## Compliance
    /// - `INSUFFICIENT_DATA`: always offline. `AWS::Logs::LogGroup` is not an AWS Config
    ///   resource type; CloudWatch Logs DescribeLogGroups (`kmsKeyId`) would decide it.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/cloudwatch-log-group-encrypted.html>
    CloudwatchLogGroupEncrypted {
        identifier: "CLOUDWATCH_LOG_GROUP_ENCRYPTED",
        name: "cloudwatch-log-group-encrypted",
        resource_types: &[],
        scope: Scope::AccountRegion,
        trigger: Trigger::Periodic,
        severity: Severity::Medium,
        fidelity: Fidelity::Unsupported("needs CloudWatch Logs DescribeLogGroups (kmsKeyId); log groups are not recorded by AWS Config"),
        needs: &[Need::External("CloudWatch Logs DescribeLogGroups")],
        parameters: &[
            ParamSpec::string("KmsKeyId")
                .doc("ARN of the KMS key the log groups must be encrypted with."),
        ],
    }
}
