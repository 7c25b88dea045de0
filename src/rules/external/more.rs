//! Rules from the conformance-pack backlog that need data AWS Config does not record.

#[allow(
    unused_imports,
    reason = "used by the rule declarations as they are added"
)]
use super::super::{Fidelity, Need, ParamSpec, Scope, Severity, Trigger};

super::external_rules! {
    /// Whether Systems Manager documents owned by the account are not public.
    ///
    /// ## What it checks
    /// Whether each `AWS::SSM::Document` owned by the account (owner `Self`) is shared
    /// publicly.
    ///
    /// ## Compliance
    /// - `INSUFFICIENT_DATA`: always offline. The document item records the document's
    ///   name, type, format and versions, but not its sharing permissions. SSM
    ///   `DescribeDocumentPermission` (`PermissionType` `Share`) would decide the rule:
    ///   NON_COMPLIANT when `AccountIds` contains `all`, COMPLIANT otherwise.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/ssm-document-not-public.html>
    /// - <https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_DescribeDocumentPermission.html>
    SsmDocumentNotPublic {
        identifier: "SSM_DOCUMENT_NOT_PUBLIC",
        name: "ssm-document-not-public",
        resource_types: &["AWS::SSM::Document"],
        scope: Scope::Resource,
        trigger: Trigger::Periodic,
        severity: Severity::High,
        fidelity: Fidelity::Unsupported(
            "needs SSM DescribeDocumentPermission (AccountIds containing \"all\"), which the document item does not record",
        ),
        needs: &[Need::External("SSM DescribeDocumentPermission for each document owned by the account")],
        parameters: &[],
    }

    /// Whether EMR clusters have Kerberos enabled (optionally with given cross-realm
    /// trust settings).
    ///
    /// ## What it checks
    /// Whether each EMR cluster has a security configuration, and whether that security
    /// configuration's Kerberos settings match the given parameters.
    ///
    /// ## Compliance
    /// - `INSUFFICIENT_DATA`: always offline. The `AWS::EMR::Cluster` item does not
    ///   record its security configuration's settings, and the
    ///   `AWS::EMR::SecurityConfiguration` item records only its id and name. EMR
    ///   `DescribeCluster` (`SecurityConfiguration`) and `DescribeSecurityConfiguration`
    ///   (`AuthenticationConfiguration.KerberosConfiguration`: `TicketLifetimeInHours`,
    ///   `CrossRealmTrustConfiguration` `Realm`, `Domain`, `AdminServer`, `KdcServer`)
    ///   would decide it: NON_COMPLIANT without a security configuration or when a
    ///   given parameter differs.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/emr-kerberos-enabled.html>
    /// - <https://docs.aws.amazon.com/emr/latest/APIReference/API_DescribeSecurityConfiguration.html>
    EmrKerberosEnabled {
        identifier: "EMR_KERBEROS_ENABLED",
        name: "emr-kerberos-enabled",
        resource_types: &["AWS::EMR::Cluster"],
        scope: Scope::Resource,
        trigger: Trigger::Periodic,
        severity: Severity::Medium,
        fidelity: Fidelity::Unsupported(
            "needs EMR DescribeCluster and DescribeSecurityConfiguration (Kerberos settings), which Config items do not record",
        ),
        needs: &[Need::External("EMR DescribeCluster and DescribeSecurityConfiguration")],
        parameters: &[
            ParamSpec::int("TicketLifetimeInHours").doc("Period for which Kerberos ticket issued by cluster's KDC is valid."),
            ParamSpec::string("Realm").doc("Kerberos realm name of the other realm in the trust relationship."),
            ParamSpec::string("Domain").doc("Domain name of the other realm in the trust relationship."),
            ParamSpec::string("AdminServer").doc("Fully qualified domain of the admin server in the other realm of the trust relationship."),
            ParamSpec::string("KdcServer").doc("Fully qualified domain of the KDC server in the other realm of the trust relationship."),
        ],
    }

    /// Whether DynamoDB tables and global secondary indexes use on-demand capacity or
    /// provisioned capacity with auto scaling.
    ///
    /// ## What it checks
    /// For each table: on-demand (`PAY_PER_REQUEST`) capacity, or Application Auto
    /// Scaling targets and target-tracking policies for the read and write capacity of
    /// the table and of each global secondary index, compared with the optional
    /// minimum, maximum and target-utilization parameters.
    ///
    /// ## Compliance
    /// - `INSUFFICIENT_DATA`: always offline. The table item records its billing mode
    ///   and provisioned throughput, but auto scaling lives in Application Auto Scaling
    ///   (`DescribeScalableTargets` and `DescribeScalingPolicies` for the
    ///   `dynamodb:table:ReadCapacityUnits`/`WriteCapacityUnits` and index dimensions),
    ///   which AWS Config does not record. Those calls would decide the rule:
    ///   NON_COMPLIANT when a provisioned table or index has no scalable target or
    ///   when a target's limits or target utilization differ from the parameters.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/dynamodb-autoscaling-enabled.html>
    /// - <https://docs.aws.amazon.com/autoscaling/application/APIReference/API_DescribeScalableTargets.html>
    DynamodbAutoscalingEnabled {
        identifier: "DYNAMODB_AUTOSCALING_ENABLED",
        name: "dynamodb-autoscaling-enabled",
        resource_types: &["AWS::DynamoDB::Table"],
        scope: Scope::Resource,
        trigger: Trigger::Periodic,
        severity: Severity::Low,
        fidelity: Fidelity::Unsupported(
            "needs Application Auto Scaling DescribeScalableTargets and DescribeScalingPolicies for each table and index",
        ),
        needs: &[Need::External("Application Auto Scaling scalable targets and policies for DynamoDB")],
        parameters: &[
            ParamSpec::int("minProvisionedReadCapacity").doc("The minimum number of units that should be provisioned with read capacity in the Auto Scaling group."),
            ParamSpec::int("maxProvisionedReadCapacity").doc("The maximum number of units that should be provisioned with read capacity in the Auto Scaling group."),
            ParamSpec::string("targetReadUtilization").doc("The target utilization percentage for read capacity (a double)."),
            ParamSpec::int("minProvisionedWriteCapacity").doc("The minimum number of units that should be provisioned with write capacity in the Auto Scaling group."),
            ParamSpec::int("maxProvisionedWriteCapacity").doc("The maximum number of units that should be provisioned with write capacity in the Auto Scaling group."),
            ParamSpec::string("targetWriteUtilization").doc("The target utilization percentage for write capacity (a double)."),
        ],
    }

    /// Whether GuardDuty has non-archived findings older than the allowed number of days
    /// for their severity.
    ///
    /// ## What it checks
    /// Once per account and Region, the GuardDuty findings that are not archived, by
    /// severity and age, against `daysLowSev`, `daysMediumSev` and `daysHighSev`.
    ///
    /// ## Compliance
    /// - `INSUFFICIENT_DATA`: always offline. GuardDuty findings are not AWS Config
    ///   configuration items (the `AWS::GuardDuty::Detector` item records the detector,
    ///   not its findings). GuardDuty `ListFindings` with `service.archived` false and
    ///   `GetFindings` (`Severity`, `CreatedAt`/`UpdatedAt`) would decide it:
    ///   NON_COMPLIANT when a low (1–3.9), medium (4–6.9) or high (7+) severity finding
    ///   is older than its parameter.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/guardduty-non-archived-findings.html>
    /// - <https://docs.aws.amazon.com/guardduty/latest/APIReference/API_ListFindings.html>
    GuarddutyNonArchivedFindings {
        identifier: "GUARDDUTY_NON_ARCHIVED_FINDINGS",
        name: "guardduty-non-archived-findings",
        resource_types: &[],
        scope: Scope::AccountRegion,
        trigger: Trigger::Periodic,
        severity: Severity::Medium,
        fidelity: Fidelity::Unsupported("needs GuardDuty ListFindings and GetFindings (non-archived findings by severity and age)"),
        needs: &[Need::External("GuardDuty ListFindings and GetFindings per Region")],
        parameters: &[
            ParamSpec::int("daysLowSev").default("30").doc("The number of days Amazon GuardDuty low severity findings are allowed to stay non archived."),
            ParamSpec::int("daysMediumSev").default("7").doc("The number of days Amazon GuardDuty medium severity findings are allowed to stay non archived."),
            ParamSpec::int("daysHighSev").default("1").doc("The number of days Amazon GuardDuty high severity findings are allowed to stay non archived."),
        ],
    }

    /// Whether provisioned DynamoDB throughput is approaching the account's limits.
    ///
    /// ## What it checks
    /// Once per account and Region, the provisioned read and write capacity of all
    /// tables as a percentage of the account's DynamoDB capacity limits.
    ///
    /// ## Compliance
    /// - `INSUFFICIENT_DATA`: always offline. Table items record their own provisioned
    ///   throughput, but the account limits come from DynamoDB `DescribeLimits`
    ///   (`AccountMaxReadCapacityUnits`, `AccountMaxWriteCapacityUnits`), which AWS
    ///   Config does not record. With it the rule is NON_COMPLIANT when the provisioned
    ///   total reaches `accountRCUThresholdPercentage` or
    ///   `accountWCUThresholdPercentage` of the limit.
    ///
    /// ## References
    /// - <https://docs.aws.amazon.com/config/latest/developerguide/dynamodb-throughput-limit-check.html>
    /// - <https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeLimits.html>
    DynamodbThroughputLimitCheck {
        identifier: "DYNAMODB_THROUGHPUT_LIMIT_CHECK",
        name: "dynamodb-throughput-limit-check",
        resource_types: &[],
        scope: Scope::AccountRegion,
        trigger: Trigger::Periodic,
        severity: Severity::Low,
        fidelity: Fidelity::Unsupported("needs DynamoDB DescribeLimits (account capacity limits per Region)"),
        needs: &[Need::External("DynamoDB DescribeLimits per Region")],
        parameters: &[
            ParamSpec::int("accountRCUThresholdPercentage").default("80").doc("Percentage of provisioned read capacity units for your account. When this value is reached, the rule is marked as noncompliant."),
            ParamSpec::int("accountWCUThresholdPercentage").default("80").doc("Percentage of provisioned write capacity units for your account. When this value is reached, the rule is marked as noncompliant."),
        ],
    }
}
